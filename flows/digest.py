"""The `digest` flow: each recipient's morning digest, sent once, with a summary artifact.

Orchestration only: building, rendering and idempotent sending are alerts/dispatch.py.
"""

from __future__ import annotations

# isort: off
import gpwatch.prefect_env  # noqa: F401  (must run before prefect is imported)

# isort: on
import logging
from typing import Any

from prefect import flow
from prefect.artifacts import create_markdown_artifact

from alerts import dispatch
from flows.monitor import open_store
from gpwatch.config import load_config

log = logging.getLogger("gpwatch.digest")


@flow(name="digest", log_prints=True)
def digest(config_path: str, to: str | None = None) -> dict[str, Any]:
    """Send today's digest to every recipient of the config (or only `to`: a name or email)."""
    config = load_config(config_path)
    store = open_store(config)
    report = dispatch.send_digests(config, store, only=to)
    for outcome in report.outcomes:
        (log.info if outcome.ok else log.warning)("%s", outcome.line())
    create_markdown_artifact(
        markdown=dispatch.report_markdown(report, "gpwatch morning digest"),
        key="gpwatch-digest-summary",
        description="gpwatch digest: what was sent to whom",
    )
    return report.as_dict()
