"""The store file: SQLite (standard library) in WAL mode, held by one process at a time.

Three tables. `meta`: the format and the ozmock version that created the file. `snapshots`: the
whole world, pickled, as of log entry `upto` (only the newest is kept). `log`: the domain calls
applied since, in order, each committed before it runs, so an acknowledged write is in the file
before its answer leaves, at the cost of one small row. How far "in the file" goes is `sync`:
`normal` (the default) hands the committed row to the operating system, which keeps it when ozmock
dies (SIGKILL, OOM, a crash) but not when the machine does; `full` also fsyncs each commit, which
keeps it through a power cut at whatever an fsync costs on the disk (SQLite's WAL stays consistent
either way).

A file is inspected before SQLite may write to it: one that is not an ozmock store is refused and
left byte for byte as it was. Every failure is a `StoreError` whose message is one line.
"""
from __future__ import annotations

import os
import sqlite3
import threading
import time
from pathlib import Path
from typing import Iterator
from urllib.parse import quote

from .. import __version__

STORE_FORMAT = "ozmock-store/1"
SQLITE_HEADER = b"SQLite format 3\x00"
WAL_SIZE_LIMIT = 64 * 1024 * 1024      # bytes the WAL file is cut back to after a checkpoint
SYNC_MODES = ("normal", "full")

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS snapshots (id INTEGER PRIMARY KEY, upto INTEGER NOT NULL, wall REAL NOT NULL,
                                      world BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS log (seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, wall REAL NOT NULL,
                                record BLOB NOT NULL);
"""


class StoreError(Exception):
    """Saved state that cannot be opened, read or written; the message is one line for people."""


def sqlite_header(path: Path) -> bytes:
    with open(path, "rb") as handle:
        return handle.read(len(SQLITE_HEADER))


def check_existing(path: Path) -> None:
    """Refuse a file that is not an ozmock store, opening it read-only so it stays untouched."""
    header = sqlite_header(path)
    if not header:
        return                                      # an empty file: a new store
    if header != SQLITE_HEADER:
        raise StoreError(f"state file {path} is not an ozmock store (not SQLite, not an ozmock JSON state); "
                         "refusing to start, the file is left as it is")
    try:
        probe = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True)
        try:
            found = probe.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
            probe.execute("SELECT count(*) FROM snapshots").fetchone()
        finally:
            probe.close()
    except sqlite3.OperationalError as error:
        if "locked" in str(error):
            raise StoreError(f"state file {path} is in use by another process (a running ozmock serve?)") from None
        raise StoreError(f"state file {path} is not a valid ozmock store ({error}); refusing to start, "
                         "the file is left as it is") from None
    except sqlite3.Error as error:
        raise StoreError(f"state file {path} is not a valid ozmock store ({error}); refusing to start, "
                         "the file is left as it is") from None
    if found is None or found[0] != STORE_FORMAT:
        raise StoreError(f"state file {path} is a store of format {found[0] if found else None!r}, expected "
                         f"{STORE_FORMAT!r}; refusing to start, the file is left as it is")


def fsync_directory(folder: Path) -> None:
    """Make a new or renamed file's directory entry durable."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


class Store:
    """One store file. Methods are safe across threads (one connection behind a lock)."""

    def __init__(self, path: str | os.PathLike, sync: str = "normal"):
        if sync not in SYNC_MODES:
            raise StoreError(f"state sync must be one of {', '.join(SYNC_MODES)}, not {sync!r}")
        self.path = Path(path)
        self.sync = sync
        self._lock = threading.Lock()
        self.appended = 0                   # log rows written by this process (tests count file writes)
        if self.path.is_dir():
            raise StoreError(f"state file {self.path} is a directory")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(f"cannot create the folder of state file {self.path}: {error.strerror}") from None
        existed = self.path.exists()
        if existed:
            check_existing(self.path)
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=1)
            self._setup()
            if not existed:
                fsync_directory(self.path.parent)
        except sqlite3.Error as error:
            raise StoreError(f"cannot use state file {self.path}: {error}") from None
        except OSError as error:
            raise StoreError(f"cannot use state file {self.path}: {error.strerror}") from None

    def _setup(self) -> None:
        db = self._db
        # One process owns the store: a second server on the same file would interleave two logs.
        db.execute("PRAGMA locking_mode = EXCLUSIVE")
        if db.execute("PRAGMA journal_mode = WAL").fetchone()[0] != "wal":
            raise sqlite3.OperationalError("the file system does not support SQLite's write-ahead log")
        db.execute(f"PRAGMA synchronous = {self.sync.upper()}")
        db.execute(f"PRAGMA journal_size_limit = {WAL_SIZE_LIMIT}")
        with self._transaction():
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    db.execute(statement)
            db.execute("INSERT OR IGNORE INTO meta VALUES ('format', ?)", (STORE_FORMAT,))
            db.execute("INSERT OR IGNORE INTO meta VALUES ('created_by', ?)", (f"ozmock {__version__}",))

    def _transaction(self):
        return _Transaction(self._db)

    # --- writing ----------------------------------------------------------------------------------
    def append(self, kind: str, record: bytes, wall: float | None = None) -> int:
        """Log one entry, committed when this returns (and fsynced with sync=full); its sequence number."""
        with self._lock, self._transaction():
            cursor = self._db.execute("INSERT INTO log (kind, wall, record) VALUES (?, ?, ?)",
                                      (kind, time.time() if wall is None else wall, record))
            self.appended += 1
            return cursor.lastrowid

    def write_snapshot(self, world: bytes, wall: float | None = None) -> None:
        """The whole world as of the newest log entry; older snapshots and the entries it covers go."""
        with self._lock, self._transaction():
            db = self._db
            upto = db.execute("SELECT coalesce(max(seq), 0) FROM log").fetchone()[0]
            db.execute("INSERT INTO snapshots (upto, wall, world) VALUES (?, ?, ?)",
                       (upto, time.time() if wall is None else wall, world))
            db.execute("DELETE FROM snapshots WHERE id < (SELECT max(id) FROM snapshots)")
            db.execute("DELETE FROM log WHERE seq <= ?", (upto,))

    def vacuum(self) -> None:
        """Give the space of deleted rows back to the file system and cut the WAL file."""
        with self._lock:
            self._db.execute("VACUUM")
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    # --- reading ----------------------------------------------------------------------------------
    def latest_snapshot(self) -> tuple[int, float, bytes] | None:
        with self._lock:
            return self._db.execute("SELECT upto, wall, world FROM snapshots ORDER BY id DESC LIMIT 1").fetchone()

    def entries_after(self, seq: int) -> Iterator[tuple[int, str, float, bytes]]:
        with self._lock:
            rows = self._db.execute("SELECT seq, kind, wall, record FROM log WHERE seq > ? ORDER BY seq",
                                    (seq,)).fetchall()
        yield from rows

    def entries_since_snapshot(self) -> int:
        with self._lock:
            return self._db.execute(
                "SELECT count(*) FROM log WHERE seq > (SELECT coalesce(max(upto), 0) FROM snapshots)").fetchone()[0]

    def size(self) -> int:
        """Bytes on disk: the database and its write-ahead log."""
        wal = self.path.with_name(self.path.name + "-wal")
        return self.path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)

    def close(self) -> None:
        with self._lock:
            self._db.close()


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any error so the connection stays usable."""

    def __init__(self, db: sqlite3.Connection):
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind, error, trace) -> None:
        if kind is None:
            try:
                self._db.execute("COMMIT")
                return
            except sqlite3.Error:
                self._rollback()
                raise
        self._rollback()

    def _rollback(self) -> None:
        if self._db.in_transaction:
            self._db.execute("ROLLBACK")
