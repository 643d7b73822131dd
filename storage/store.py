"""The store: every write the pipeline makes, each in one short transaction.

- `save_batch` stores a connector's items and its cursor together, so a cursor never moves past
  data that is not stored, and is idempotent on (source, external_id).
- `save_results` stores mentions, verdicts and alerts, idempotent on their natural keys.
- When the file stays locked, `save_batch_or_spool` keeps the batch on disk for the next run.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from gpwatch.models import Alert, Batch, Mention, RawItem, Verdict, utcnow
from storage import spool
from storage.db import Database, DatabaseLocked

TS = pa.timestamp("us", tz="UTC")
STR_LIST = pa.list_(pa.string())


@dataclass(slots=True)
class SaveResult:
    """What a save_batch did: how many items were new, how many already stored."""

    new: int = 0
    seen: int = 0
    spooled: Path | None = None
    new_keys: list[tuple[str, str]] = field(default_factory=list)


@dataclass(slots=True)
class StoredItem:
    """An item read back from raw_items for classification (no payload bytes)."""

    source: str
    external_id: str
    source_name: str
    url: str
    title: str
    text: str
    author_handle: str
    published_at: datetime | None
    practice_hint: str | None
    extras: dict[str, Any]

    @property
    def key(self) -> tuple[str, str]:
        return (self.source, self.external_id)

    @classmethod
    def from_row(cls, r: Sequence[Any]) -> StoredItem:
        """A raw_items row selected as (source, external_id, source_name, url, title, text,
        author_handle, published_at, practice_hint, extras)."""
        return cls(
            source=r[0],
            external_id=r[1],
            source_name=r[2],
            url=r[3] or "",
            title=r[4] or "",
            text=r[5] or "",
            author_handle=r[6] or "",
            published_at=r[7],
            practice_hint=r[8],
            extras=json.loads(r[9]) if r[9] else {},
        )


@dataclass(slots=True)
class ResultCounts:
    mentions: int = 0
    verdicts: int = 0
    alerts: int = 0
    alerts_by_severity: Counter[str] = field(default_factory=Counter)
    new_alert_ids: list[int] = field(default_factory=list)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


class Store:
    """All reads and writes of the pipeline's data. One per run (or per process)."""

    def __init__(self, path: Path, *, lock_timeout: float = 30.0, spool_dir: Path | None = None):
        self.db = Database(Path(path), lock_timeout=lock_timeout)
        self.spool_dir = spool_dir or Path(path).parent / "spool"

    @property
    def path(self) -> Path:
        return self.db.path

    # ---- raw items and cursors -------------------------------------------------------------

    def save_batch(
        self, batch: Batch, source_name: str, kind: str, run_id: str | None = None
    ) -> SaveResult:
        """Store items and the source's cursor in ONE transaction. Idempotent per item."""
        with self.db.write() as con:
            result = self._insert_items(con, batch.items, run_id)
            con.execute(
                "INSERT INTO cursors VALUES (?, ?, ?, ?) ON CONFLICT (source_name) DO UPDATE SET "
                "cursor = excluded.cursor, updated_at = excluded.updated_at, "
                "run_id = excluded.run_id",
                [source_name, _json(batch.next_cursor), utcnow(), run_id],
            )
        return result

    def save_batch_or_spool(
        self, batch: Batch, source_name: str, kind: str, run_id: str | None = None
    ) -> SaveResult:
        """save_batch; if the database stays locked, write the batch to the spool instead."""
        try:
            return self.save_batch(batch, source_name, kind, run_id)
        except DatabaseLocked:
            path = spool.write_spool(self.spool_dir, batch, source_name, kind)
            return SaveResult(new=0, seen=0, spooled=path)

    def load_spool(self, run_id: str | None = None) -> list[tuple[Path, SaveResult]]:
        """Store every spooled batch (oldest first) and delete its file once committed."""
        loaded = []
        for path in spool.spooled_files(self.spool_dir):
            source_name, kind, batch = spool.read_spool(path)
            result = self.save_batch(batch, source_name, kind, run_id)
            path.unlink()
            loaded.append((path, result))
        return loaded

    def _insert_items(
        self, con: duckdb.DuckDBPyConnection, items: Sequence[RawItem], run_id: str | None
    ) -> SaveResult:
        if not items:
            return SaveResult()
        unique: dict[tuple[str, str], RawItem] = {}
        for it in items:
            unique.setdefault(it.key, it)
        rows = list(unique.values())
        table = pa.table(
            {
                "source": pa.array([r.source for r in rows], pa.string()),
                "external_id": pa.array([r.external_id for r in rows], pa.string()),
                "source_name": pa.array([r.source_name for r in rows], pa.string()),
                "url": pa.array([r.url for r in rows], pa.string()),
                "author_handle": pa.array([r.author_handle for r in rows], pa.string()),
                "author_id": pa.array([r.author_id for r in rows], pa.string()),
                "title": pa.array([r.title for r in rows], pa.string()),
                "text": pa.array([r.text for r in rows], pa.string()),
                "published_at": pa.array([r.published_at for r in rows], TS),
                "fetched_at": pa.array([r.fetched_at for r in rows], TS),
                "payload_sha256": pa.array([r.payload.sha256 for r in rows], pa.string()),
                "practice_hint": pa.array([r.practice_hint for r in rows], pa.string()),
                "extras": pa.array([_json(r.extras) for r in rows], pa.string()),
                "run_id": pa.array([run_id] * len(rows), pa.string()),
            }
        )
        con.register("_staged_items", table)
        try:
            inserted = con.execute(
                "INSERT INTO raw_items SELECT * REPLACE (CAST(extras AS JSON) AS extras) "
                "FROM _staged_items ON CONFLICT DO NOTHING RETURNING source, external_id"
            ).fetchall()
        finally:
            con.unregister("_staged_items")
        new_keys = [(s, e) for s, e in inserted]
        # payloads only for new items: a re-fetched, unchanged feed adds nothing
        new_set = set(new_keys)
        payloads: dict[str, Any] = {}
        for r in rows:
            if r.key in new_set:
                payloads.setdefault(r.payload.sha256, r.payload)
        if payloads:
            p = list(payloads.values())
            ptable = pa.table(
                {
                    "sha256": pa.array(list(payloads.keys()), pa.string()),
                    "content_type": pa.array([x.content_type for x in p], pa.string()),
                    "url": pa.array([x.url for x in p], pa.string()),
                    "fetched_at": pa.array([x.fetched_at for x in p], TS),
                    "size_bytes": pa.array([len(x.data) for x in p], pa.int64()),
                    "data": pa.array([x.data for x in p], pa.binary()),
                }
            )
            con.register("_staged_payloads", ptable)
            try:
                con.execute(
                    "INSERT INTO payloads SELECT * FROM _staged_payloads ON CONFLICT DO NOTHING"
                )
            finally:
                con.unregister("_staged_payloads")
        return SaveResult(new=len(new_keys), seen=len(items) - len(new_keys), new_keys=new_keys)

    def get_cursor(self, source_name: str) -> dict[str, Any]:
        """The source's cursor: the newest spooled one if the spool has one, else the stored one."""
        spooled = spool.newest_spooled_cursor(self.spool_dir, source_name)
        if spooled is not None:
            return spooled
        with self.db.read() as con:
            row = con.execute(
                "SELECT cursor FROM cursors WHERE source_name = ?", [source_name]
            ).fetchone()
        return json.loads(row[0]) if row else {}

    def payload_bytes(self, sha256: str) -> bytes | None:
        """The exact bytes of a stored payload."""
        with self.db.read() as con:
            row = con.execute("SELECT data FROM payloads WHERE sha256 = ?", [sha256]).fetchone()
        return bytes(row[0]) if row else None

    # ---- classification ---------------------------------------------------------------------

    def pending_items(self, limit: int = 5000) -> list[StoredItem]:
        """Items stored but not yet classified by any classifier version (oldest first)."""
        with self.db.read() as con:
            rows = con.execute(
                "SELECT r.source, r.external_id, r.source_name, r.url, r.title, r.text, "
                "r.author_handle, r.published_at, r.practice_hint, r.extras FROM raw_items r "
                "WHERE NOT EXISTS (SELECT 1 FROM verdicts v "
                "  WHERE v.source = r.source AND v.external_id = r.external_id) "
                "ORDER BY r.fetched_at, r.source, r.external_id LIMIT ?",
                [limit],
            ).fetchall()
        return [StoredItem.from_row(r) for r in rows]

    def save_results(
        self,
        mentions: Iterable[Mention],
        verdicts: Iterable[Verdict],
        alerts: Iterable[Alert],
        run_id: str | None = None,
    ) -> ResultCounts:
        """Store mentions, verdicts and alerts in one transaction; reruns add nothing twice."""
        mentions, verdicts, alerts = list(mentions), list(verdicts), list(alerts)
        now = utcnow()
        counts = ResultCounts()
        with self.db.write() as con:
            if mentions:
                t = pa.table(
                    {
                        "source": [m.source for m in mentions],
                        "external_id": [m.external_id for m in mentions],
                        "practice_id": [m.practice_id for m in mentions],
                        "terms": pa.array([m.terms for m in mentions], STR_LIST),
                        "reasons": pa.array([m.reasons for m in mentions], STR_LIST),
                        "confidence": pa.array([m.confidence for m in mentions], pa.float64()),
                        "matched_at": pa.array([now] * len(mentions), TS),
                    }
                )
                counts.mentions = self._insert(con, "mentions", t)
            if verdicts:
                t = pa.table(
                    {
                        "source": [v.source for v in verdicts],
                        "external_id": [v.external_id for v in verdicts],
                        "classifier_version": [v.classifier_version for v in verdicts],
                        "compound": pa.array([v.compound for v in verdicts], pa.float64()),
                        "sentiment_label": [v.sentiment_label for v in verdicts],
                        **{
                            flag: pa.array([v.flags.get(flag, False) for v in verdicts], pa.bool_())
                            for flag in (
                                "abuse",
                                "threat",
                                "staff_targeted",
                                "personal_data",
                                "safeguarding",
                            )
                        },
                        "scores": [_json(v.scores) for v in verdicts],
                        "spans": [_json(v.spans) for v in verdicts],
                        "staff_names": pa.array([v.staff_names for v in verdicts], STR_LIST),
                        "classified_at": pa.array([now] * len(verdicts), TS),
                    }
                )
                counts.verdicts = self._insert(con, "verdicts", t)
            if alerts:
                t = pa.table(
                    {
                        "source": [a.source for a in alerts],
                        "external_id": [a.external_id for a in alerts],
                        "practice_id": [a.practice_id for a in alerts],
                        "severity": [a.severity for a in alerts],
                        "category": [a.category for a in alerts],
                        "action": [a.action for a in alerts],
                        "reasons": pa.array([a.reasons for a in alerts], STR_LIST),
                        "guidance_ids": pa.array(
                            [[g.id for g in a.next_steps] for a in alerts], STR_LIST
                        ),
                        "next_steps": [_json([asdict(g) for g in a.next_steps]) for a in alerts],
                        "classifier_version": [a.classifier_version for a in alerts],
                        "status_changed_at": pa.array([now] * len(alerts), TS),
                        "created_at": pa.array([now] * len(alerts), TS),
                        "run_id": pa.array([run_id] * len(alerts), pa.string()),
                    }
                )
                con.register("_staged_alerts", t)
                try:
                    rows = con.execute(
                        "INSERT INTO alerts (source, external_id, practice_id, severity, category,"
                        " action, reasons, guidance_ids, next_steps, classifier_version,"
                        " status_changed_at, created_at, run_id) "
                        "SELECT * FROM _staged_alerts ON CONFLICT DO NOTHING "
                        "RETURNING alert_id, severity"
                    ).fetchall()
                finally:
                    con.unregister("_staged_alerts")
                counts.alerts = len(rows)
                counts.new_alert_ids = [r[0] for r in rows]
                counts.alerts_by_severity = Counter(r[1] for r in rows)
                if rows:
                    con.executemany(
                        "INSERT INTO alert_events VALUES (?, 'open', 'gpwatch', ?, 'raised')",
                        [[r[0], now] for r in rows],
                    )
        return counts

    @staticmethod
    def _insert(con: duckdb.DuckDBPyConnection, table: str, data: pa.Table) -> int:
        con.register("_staged", data)
        try:
            cols = ", ".join(data.column_names)
            rows = con.execute(
                f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _staged "
                "ON CONFLICT DO NOTHING RETURNING 1"
            ).fetchall()
        finally:
            con.unregister("_staged")
        return len(rows)

    # ---- alerts -------------------------------------------------------------------------------

    def set_alert_status(self, alert_id: int, status: str, by: str, note: str = "") -> None:
        """Acknowledge or resolve an alert, keeping the history of who changed it and when."""
        if status not in ("open", "acknowledged", "resolved"):
            raise ValueError(f"status must be open, acknowledged or resolved, not {status!r}")
        now = utcnow()
        with self.db.write() as con:
            found = con.execute(
                "UPDATE alerts SET status = ?, status_changed_by = ?, status_changed_at = ? "
                "WHERE alert_id = ? RETURNING alert_id",
                [status, by, now, alert_id],
            ).fetchall()
            if not found:
                raise KeyError(f"no alert with id {alert_id}")
            con.execute(
                "INSERT INTO alert_events VALUES (?, ?, ?, ?, ?)", [alert_id, status, by, now, note]
            )

    # ---- practices and runs ------------------------------------------------------------------

    def sync_practices(self, practices: Iterable[Any]) -> None:
        """Mirror the configured practices into the database so views can show their names."""
        now = utcnow()
        with self.db.write() as con:
            for p in practices:
                con.execute(
                    "INSERT INTO practices VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (practice_id) "
                    "DO UPDATE SET name = excluded.name, town = excluded.town, "
                    "postcode = excluded.postcode, nhs_url = excluded.nhs_url, "
                    "updated_at = excluded.updated_at",
                    [p.ods, p.name, p.town, p.postcode, p.nhs_url, now],
                )

    def start_run(self, run_id: str) -> None:
        with self.db.write() as con:
            con.execute(
                "INSERT INTO runs VALUES (?, ?, NULL, 'running', NULL) ON CONFLICT DO NOTHING",
                [run_id, utcnow()],
            )

    def record_source_run(
        self,
        run_id: str,
        source_name: str,
        kind: str,
        status: str,
        *,
        fetched: int = 0,
        new: int = 0,
        seen: int = 0,
        error: str | None = None,
        duration_s: float = 0.0,
    ) -> None:
        with self.db.write() as con:
            con.execute(
                "INSERT INTO run_sources VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (run_id, source_name) DO UPDATE SET status = excluded.status, "
                "items_fetched = excluded.items_fetched, items_new = excluded.items_new, "
                "items_seen = excluded.items_seen, error = excluded.error, "
                "duration_s = excluded.duration_s, finished_at = excluded.finished_at",
                [
                    run_id,
                    source_name,
                    kind,
                    status,
                    fetched,
                    new,
                    seen,
                    error,
                    duration_s,
                    utcnow(),
                ],
            )

    def finish_run(self, run_id: str, status: str, summary: dict[str, Any]) -> None:
        with self.db.write() as con:
            con.execute(
                "UPDATE runs SET finished_at = ?, status = ?, summary = ? WHERE run_id = ?",
                [utcnow(), status, _json(summary), run_id],
            )

    def count(self, table: str) -> int:
        """Row count of a table or view (for summaries and tests)."""
        if not table.replace("_", "").isalnum():
            raise ValueError(table)
        with self.db.read() as con:
            row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
        return int(row[0]) if row else 0
