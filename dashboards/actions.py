"""What the dashboard writes: alert status changes (who, when, a note) and evidence exports.

Status changes go through the store's `set_alert_status`, which updates the alert and appends
to alert_events in one transaction. The write waits briefly, with backoff, while a monitoring
run holds the file; if the file stays busy the change is refused with a sentence saying so,
and nothing is half-written.
"""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from gpwatch.config import Config
from storage.db import DatabaseLocked
from storage.store import Store

# Long enough to outlast one batch of a run, short enough that a click gets an answer.
WRITE_WAIT_SECONDS = 15.0
MAX_NAME = 80
MAX_NOTE = 2000
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class ActionRefused(Exception):
    """The action was not done; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class ExportDone:
    path: Path
    manifest_sha256: str
    items: int


def clean_name(name: str) -> str:
    """The person's name as recorded: one line, no control characters, at most 80 characters."""
    name = " ".join(_CONTROL.sub(" ", name or "").split())
    if not name:
        raise ActionRefused("Enter your name in the sidebar first: it is recorded with the change.")
    return name[:MAX_NAME]


def clean_note(note: str) -> str:
    """A note as recorded: control characters removed (newlines kept), at most 2000 characters."""
    return _CONTROL.sub(" ", (note or "").replace("\r\n", "\n")).strip()[:MAX_NOTE]


def change_status(
    config: Config,
    alert_id: int,
    status: str,
    by: str,
    note: str = "",
    *,
    wait_seconds: float = WRITE_WAIT_SECONDS,
) -> None:
    """Acknowledge (status "acknowledged") or resolve ("resolved", a note required) an alert."""
    who, text = clean_name(by), clean_note(note)
    if status == "resolved" and not text:
        raise ActionRefused("Write a note saying how it was resolved, then press Resolve again.")
    store = Store(config.database_path, lock_timeout=wait_seconds)
    try:
        store.set_alert_status(int(alert_id), status, who, text)
    except DatabaseLocked:
        raise ActionRefused(
            f"Not saved: the database stayed busy for {store.db.lock_timeout:g} s (a monitoring "
            "run is writing). Your note is still here: press the button again in a moment."
        ) from None
    except KeyError:
        raise ActionRefused(f"Alert {alert_id} is no longer in the database.") from None


def evidence_available() -> bool:
    """True when this installation has the evidence export (alerts/evidence.py)."""
    try:
        return importlib.util.find_spec("alerts.evidence") is not None
    except (ImportError, ValueError):
        return False


def export_path(config: Config, alert_id: int, now: datetime | None = None) -> Path:
    """Where an export from the dashboard goes: an `exports` folder beside the database."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    return config.database_path.parent / "exports" / f"alert-{int(alert_id)}-{stamp}.zip"


def export_evidence(config: Config, alert_id: int, by: str) -> ExportDone:
    """Write the evidence pack of one alert with alerts.evidence.export_alert."""
    who = clean_name(by)
    try:
        from alerts import evidence
    except ImportError as exc:
        raise ActionRefused(f"The evidence export is not available here ({exc}).") from None
    out = export_path(config, alert_id)
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        result: Any = evidence.export_alert(config, int(alert_id), out, who)
    except DatabaseLocked:
        raise ActionRefused(
            "Not exported: the database stayed busy (a monitoring run is "
            "writing). Press the button again in a moment."
        ) from None
    except (getattr(evidence, "EvidenceError", ValueError), KeyError, ValueError, OSError) as exc:
        raise ActionRefused(f"Not exported: {exc}") from None
    return ExportDone(Path(result.path), str(result.manifest_sha256), int(result.items))
