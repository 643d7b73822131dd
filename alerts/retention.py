"""Retention and legal hold.

`purge` deletes items captured more than `[retention] days` ago, with their mentions, verdicts,
alerts and any payload no remaining item needs. It never deletes an item on legal hold, nor
one whose alert is not resolved yet, and says how much it deleted, how much it kept and why.
Holds are placed by exporting a pack (every exported item) or with `hold_alert`; releasing a
hold keeps its row, so who held and released what stays on record. Every hold, release and
purge is a custody event.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from gpwatch.config import Config
from gpwatch.models import utcnow
from storage import evidence_queries as q
from storage.db import Database


class RetentionError(Exception):
    """A hold or purge cannot be done; the message says why and what to do."""


def _db(config: Config) -> Database:
    if not config.database_path.exists():
        raise RetentionError(f"{config.database_path}: no database yet; run `gpwatch run` first")
    return Database(config.database_path, lock_timeout=config.database.lock_timeout_seconds)


@dataclass(slots=True)
class PurgeReport:
    """What a purge deleted (or, for a dry run, would delete) and what it kept."""

    days: int
    cutoff: datetime
    dry_run: bool
    counts: dict[str, int] = field(default_factory=dict)
    custody_event_id: int | None = None

    @property
    def deleted_items(self) -> int:
        return self.counts.get("delete_items", 0)

    @property
    def kept_held(self) -> int:
        return self.counts.get("keep_held", 0)

    @property
    def kept_open_alert(self) -> int:
        return self.counts.get("keep_open_alert", 0)

    def lines(self) -> list[str]:
        """The summary a person reads: deleted, kept and why."""
        c = self.counts
        verb = "Would delete" if self.dry_run else "Deleted"
        mb = c.get("delete_payload_bytes", 0) / 1_000_000
        return [
            f"Retention: {self.days} days; items captured before "
            f"{self.cutoff:%Y-%m-%d %H:%M} UTC are due for deletion "
            f"({c.get('items_older', 0)} of {c.get('items_total', 0)} stored items).",
            f"{verb} {c.get('delete_items', 0)} items, {c.get('delete_mentions', 0)} mentions, "
            f"{c.get('delete_verdicts', 0)} verdicts, {c.get('delete_alerts', 0)} alerts and "
            f"{c.get('delete_payloads', 0)} stored documents ({mb:.2f} MB).",
            f"{'Would clear' if self.dry_run else 'Cleared'} the stored copies of "
            f"{c.get('clear_email_copies', 0)} emails sent before then (the record that they "
            "were sent stays, so nothing is sent twice).",
            f"Kept {c.get('keep_held', 0)} old items on legal hold (exported as evidence or put "
            "on hold; release with `gpwatch hold --release`).",
            f"Kept {c.get('keep_open_alert', 0)} old items whose alert is not resolved yet.",
            f"Kept {c.get('items_recent', 0)} items newer than {self.days} days.",
        ]


def purge(
    config: Config, *, by: str, dry_run: bool = False, now: datetime | None = None
) -> PurgeReport:
    """Delete what is older than the retention period, keeping held evidence.

    The plan and the deletions happen in one transaction, so a hold placed at the same moment
    is either seen (and kept) or waits for the purge to finish.
    """
    days = config.retention.days
    cutoff = (now or utcnow()) - timedelta(days=days)
    report = PurgeReport(days=days, cutoff=cutoff, dry_run=dry_run)
    with _db(config).write() as con:
        report.counts = q.plan_purge(con, cutoff)
        if not dry_run:
            q.execute_purge(con, cutoff)
            report.custody_event_id = q.record_custody(
                con,
                at=utcnow(),
                who=by,
                action="purge",
                what=f"items captured before {cutoff:%Y-%m-%d} ({days} days)",
                outcome="ok",
                items=report.deleted_items,
                detail=report.counts,
            )
    return report


@dataclass(slots=True)
class HoldResult:
    alert_id: int
    items: int
    custody_event_id: int


def hold_alert(config: Config, alert_id: int, *, by: str, reason: str) -> HoldResult:
    """Put the item of an alert on legal hold, so purges keep it."""
    if not reason.strip():
        raise RetentionError("say why the item is held (--reason), e.g. 'police report 14/1234'")
    now = utcnow()
    with _db(config).write() as con:
        if not q.alert_exists(con, alert_id):
            raise RetentionError(f"there is no alert {alert_id}")
        q.select_alert(con, alert_id)
        held = q.hold_selection(con, held_by=by, held_at=now, reason=reason, alert_id=alert_id)
        event_id = q.record_custody(
            con,
            at=now,
            who=by,
            action="hold",
            what=f"alert {alert_id}",
            outcome="ok",
            items=held,
            detail={"reason": reason},
        )
    return HoldResult(alert_id=alert_id, items=held, custody_event_id=event_id)


def release_alert(config: Config, alert_id: int, *, by: str, reason: str) -> HoldResult:
    """Release every hold on the item of an alert (the hold rows stay, marked released)."""
    if not reason.strip():
        raise RetentionError("say why the hold is released (--reason)")
    now = utcnow()
    with _db(config).write() as con:
        if not q.alert_exists(con, alert_id):
            raise RetentionError(f"there is no alert {alert_id}")
        released = q.release_alert_holds(con, alert_id, by=by, at=now, reason=reason)
        if released == 0:
            raise RetentionError(f"alert {alert_id} is not on hold")
        event_id = q.record_custody(
            con,
            at=now,
            who=by,
            action="release",
            what=f"alert {alert_id}",
            outcome="ok",
            items=released,
            detail={"reason": reason},
        )
    return HoldResult(alert_id=alert_id, items=released, custody_event_id=event_id)


def list_holds(config: Config) -> list[tuple[Any, ...]]:
    """Every item on hold now: (source, external_id, alert_ids, reasons, held_since, by)."""
    with _db(config).read() as con:
        return q.active_holds(con)
