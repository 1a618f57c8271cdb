"""Saved state behind `ozmock serve --state-file PATH`: an SQLite store of snapshots and a log of calls.

`database` is the file, `replay` what goes in and how it comes back, `saved` the run-time hooks
(log a write before it runs, snapshot on control writes), `command` start-up, migration of JSON state
files and `ozmock state export|import|compact`. Why a log of calls and not rows per area:
docs/architecture.md, "Saved state".
"""
from .command import add_state_command, open_saved_world, run_state_command
from .database import Store, StoreError
from .saved import SavedWorld

__all__ = ["SavedWorld", "Store", "StoreError", "add_state_command", "open_saved_world", "run_state_command"]
