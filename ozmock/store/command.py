"""`--state-file` at start-up and `ozmock state export|import|compact`.

A state file named at start-up may be missing (a new store, its folder created), a store (loaded),
or a JSON state document as ozmock wrote before the store existed (migrated: the store takes its
name, the JSON is kept beside it as `<name>.pre-store`). Anything else is refused with one line.
"""
from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Callable

import orjson

from ..world import World
from .database import SQLITE_HEADER, Store, StoreError, fsync_directory, sqlite_header
from .saved import SavedWorld

JSON_BACKUP_SUFFIX = ".pre-store"


def open_saved_world(path: str | os.PathLike, fresh: Callable[[], World], sync: str = "normal"
                     ) -> tuple[World, SavedWorld]:
    """The world to serve and its saved state; StoreError (one line) when the file cannot be used."""
    path = Path(path)
    if is_json_state(path):
        migrate(path)
    saved = SavedWorld(Store(path, sync))
    try:
        world = saved.load()
        if world is None:
            world = fresh()
            saved.save_world(world)
        elif saved.pending >= saved.snapshot_every:      # a long log: replay it once, not at every start
            saved.save_world(world)
    except BaseException:
        saved.store.close()
        raise
    return world, saved


def is_json_state(path: Path) -> bool:
    """A JSON document where a store is expected (a state file of ozmock before the store)."""
    if not path.is_file():
        return False
    header = sqlite_header(path)
    return bool(header) and header != SQLITE_HEADER and header.lstrip()[:1] in (b"{", b"[", b'"')


def read_document(path: Path) -> World:
    try:
        data = orjson.loads(path.read_bytes())
    except orjson.JSONDecodeError as error:
        raise StoreError(f"state file {path} is corrupt or truncated JSON ({error}); refusing to start, "
                         "the file is left as it is") from None
    except OSError as error:
        raise StoreError(f"cannot read {path}: {error.strerror}") from None
    try:
        return World.from_json(data)
    except ValueError as error:
        raise StoreError(f"state file {path} cannot be used: {error}") from None


def migrate(path: Path) -> None:
    """Turn a JSON state file into a store under the same name; the JSON stays as `<name>.pre-store`."""
    world = read_document(path)
    building = path.with_name(path.name + ".migrating")
    building.unlink(missing_ok=True)
    store = Store(building)
    try:
        SavedWorld(store).save_world(world)
    finally:
        store.close()
    os.replace(path, path.with_name(path.name + JSON_BACKUP_SUFFIX))
    os.replace(building, path)
    fsync_directory(path.parent)


def write_document(world: World, target: Path) -> None:
    """The world as JSON at `target`, replaced whole (temporary file, fsync, rename, directory fsync)."""
    temporary = target.with_name(target.name + ".tmp")
    with world.lock:
        payload = orjson.dumps(world.to_json(), option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS)
    with open(temporary, "wb") as handle:
        handle.write(payload)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, target)
    fsync_directory(target.parent.resolve())


# --- `ozmock state ...` ---------------------------------------------------------------------------
def add_state_command(commands: argparse._SubParsersAction) -> None:
    state = commands.add_parser("state", help="export, import or compact a --state-file store")
    state.add_argument("--state-file", default=os.environ.get("OZMOCK_STATE_FILE"),
                       help="the store (default: $OZMOCK_STATE_FILE)")
    actions = state.add_subparsers(dest="action", required=True)
    actions.add_parser("export", help="write the saved world as JSON").add_argument("json", type=Path)
    actions.add_parser("import", help="replace the saved world with a JSON document").add_argument("json", type=Path)
    actions.add_parser("compact", help="fold the log into one snapshot and give free space back")


def run_state_command(args: argparse.Namespace) -> int:
    if not args.state_file:
        raise StoreError("ozmock state needs --state-file PATH (or OZMOCK_STATE_FILE)")
    path = Path(args.state_file)
    if args.action == "import":
        world = read_document(args.json)
    elif not path.exists():
        raise StoreError(f"state file {path} does not exist")
    if is_json_state(path):
        migrate(path)
        print(f"migrated the JSON state file {path} to a store (the JSON is kept as {path.name}{JSON_BACKUP_SUFFIX})")
    saved = SavedWorld(Store(path))
    try:
        if args.action == "import":
            saved.save_world(world)
            saved.store.vacuum()
            print(f"imported {args.json} into {path}")
            return 0
        world = saved.load()
        if world is None:
            raise StoreError(f"state file {path} holds no world yet")
        if args.action == "export":
            write_document(world, args.json)
            print(f"exported {path} to {args.json}")
            return 0
        before = saved.store.size()
        saved.save_world(world)
        saved.store.vacuum()
        print(f"compacted {path}: {before:,} -> {saved.store.size():,} bytes")
        return 0
    finally:
        saved.store.close()
