"""Prefect settings the project needs before `import prefect`.

Offline machines: no telemetry, and a generous start-up time for the temporary local API server
(with both cores busy it can take longer than Prefect's 20 s default).
"""

from __future__ import annotations

import os

DEFAULTS = {
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    "PREFECT_UI_ENABLED": "false",
}


def apply_defaults() -> None:
    """Set the defaults unless the user has set them (their choice wins)."""
    for key, value in DEFAULTS.items():
        os.environ.setdefault(key, value)


apply_defaults()
