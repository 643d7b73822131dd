"""Queries for `gpwatch reclassify`: stored items, the verdicts and alerts they had, escalation.

Re-running a newer classifier never fetches again: it reads raw_items, stores verdicts under
the new classifier version beside the old ones (verdicts are keyed by version), inserts alerts
that did not exist (idempotent on the alert's natural key) and escalates an existing alert when
the new version finds something worse, recording that in alert_events.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass

from gpwatch.models import SEVERITY_ORDER, Alert, utcnow
from storage.store import Store, StoredItem

FLAGS = ("abuse", "threat", "staff_targeted", "personal_data", "safeguarding")


def iter_items(store: Store, batch_size: int = 2000) -> Iterator[list[StoredItem]]:
    """Every stored item, oldest first, in batches (each batch one short read)."""
    offset = 0
    while True:
        with store.db.read() as con:
            rows = con.execute(
                "SELECT source, external_id, source_name, url, title, text, author_handle, "
                "published_at, practice_hint, extras FROM raw_items "
                "ORDER BY fetched_at, source, external_id LIMIT ? OFFSET ?",
                [batch_size, offset],
            ).fetchall()
        if not rows:
            return
        yield [StoredItem.from_row(r) for r in rows]
        offset += len(rows)


@dataclass(frozen=True, slots=True)
class PriorVerdict:
    version: str
    flags: dict[str, bool]


def latest_verdicts(store: Store, exclude_version: str) -> dict[tuple[str, str], PriorVerdict]:
    """Each item's most recent verdict from any classifier version other than `exclude_version`."""
    with store.db.read() as con:
        rows = con.execute(
            "SELECT source, external_id, classifier_version, "
            + ", ".join(FLAGS)
            + " FROM verdicts WHERE classifier_version <> ? "
            "QUALIFY row_number() OVER (PARTITION BY source, external_id "
            "ORDER BY classified_at DESC, classifier_version DESC) = 1",
            [exclude_version],
        ).fetchall()
    return {
        (r[0], r[1]): PriorVerdict(r[2], dict(zip(FLAGS, map(bool, r[3:]), strict=True)))
        for r in rows
    }


def alert_severities(store: Store) -> dict[tuple[str, str, str], tuple[int, str]]:
    """(source, external_id, practice_id) -> (alert_id, severity) for every stored alert."""
    with store.db.read() as con:
        rows = con.execute(
            "SELECT source, external_id, practice_id, alert_id, severity FROM alerts"
        ).fetchall()
    return {(r[0], r[1], r[2]): (r[3], r[4]) for r in rows}


def escalate(store: Store, alerts: Sequence[tuple[int, Alert]], version: str) -> int:
    """Raise existing alerts to the new, worse severity; each change noted in alert_events."""
    if not alerts:
        return 0
    now = utcnow()
    with store.db.write() as con:
        for alert_id, a in alerts:
            con.execute(
                "UPDATE alerts SET severity = ?, category = ?, action = ?, reasons = ?, "
                "guidance_ids = ?, next_steps = ?, classifier_version = ? WHERE alert_id = ?",
                [
                    a.severity,
                    a.category,
                    a.action,
                    a.reasons,
                    [g.id for g in a.next_steps],
                    json.dumps([asdict(g) for g in a.next_steps]),
                    a.classifier_version,
                    alert_id,
                ],
            )
            status = con.execute(
                "SELECT status FROM alerts WHERE alert_id = ?", [alert_id]
            ).fetchone()
            con.execute(
                "INSERT INTO alert_events VALUES (?, ?, 'gpwatch', ?, ?)",
                [
                    alert_id,
                    status[0] if status else "open",
                    now,
                    f"escalated to {a.severity} ({a.category}) by reclassify with {version}",
                ],
            )
    return len(alerts)


def worse(new: str, old: str) -> bool:
    """True when severity `new` outranks `old` (critical > high > medium > low)."""
    return SEVERITY_ORDER[new] < SEVERITY_ORDER[old]
