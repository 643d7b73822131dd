"""Sub-commands that live in their own modules, one per area, registered on `gpwatch.cli.app`.

Each module here imports `app` (and helpers such as `fail`, `ConfigOption`, `load_cli_config`)
from `gpwatch.cli` and declares its commands with `@app.command()`. `gpwatch.cli` imports the
modules named in COMMAND_MODULES once its own commands are defined.
"""

from __future__ import annotations

import importlib

# one entry per module in this folder; add yours when you add a module
COMMAND_MODULES: tuple[str, ...] = ("evidence", "digest", "dashboard", "doctor", "evaluation")


def load_all() -> None:
    """Import every command module so that its commands are registered."""
    for name in COMMAND_MODULES:
        importlib.import_module(f"gpwatch.commands.{name}")
