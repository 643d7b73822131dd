"""SQL for the digest and urgent emails: what to tell a recipient, and what was already sent.

Reads take a short read connection; every write is one transaction (see storage/db.py). The
send records (table `digest_sends`, migration 003) are what make delivery idempotent: see
alerts/dispatch.py for the states a record goes through.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from gpwatch.models import utcnow
from storage.store import Store

_SEVERITY_RANK = (
    "CASE a.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END"
)


@dataclass(slots=True)
class AlertRow:
    """One alert with its post, as the digest shows it."""

    alert_id: int
    practice_id: str
    practice_name: str
    severity: str
    category: str
    action: str
    status: str
    source: str
    source_name: str
    url: str
    author: str
    title: str
    text: str
    published_at: datetime | None
    fetched_at: datetime
    created_at: datetime
    reasons: list[str]
    next_steps: list[dict[str, Any]]
    spans: dict[str, list[list[Any]]]
    extras: dict[str, Any]


@dataclass(slots=True)
class ReviewRow:
    """An NHS website review with no reply from the practice yet."""

    external_id: str
    practice_id: str
    practice_name: str
    title: str
    text: str
    url: str
    published_at: datetime | None
    fetched_at: datetime
    rating: int | None
    severity: str | None  # of its open alert, if it raised one


@dataclass(slots=True)
class SentimentRow:
    practice_id: str
    this_week: int
    this_mean: float | None
    this_negative: int
    last_week: int
    last_mean: float | None
    last_negative: int


@dataclass(slots=True)
class SourceFailureRow:
    source_name: str
    kind: str
    failures: int
    last_failed_at: datetime
    last_error: str
    last_status: str  # the source's most recent status, failed or not


@dataclass(slots=True)
class SendRecord:
    """A row of digest_sends."""

    send_id: int
    kind: str
    recipient_email: str
    period_key: str
    window_start: datetime | None
    window_end: datetime | None
    message_id: str
    subject: str
    message: bytes
    transport: str
    status: str
    attempts: int
    interrupted: int
    error: str | None
    delivered_to: str | None
    sent_at: datetime | None


_SEND_COLS = (
    "send_id, kind, recipient_email, period_key, window_start, window_end, message_id, subject,"
    " message, transport, status, attempts, interrupted, error, delivered_to, sent_at"
)


def _send(row: Sequence[Any] | None) -> SendRecord | None:
    if row is None:
        return None
    values = list(row)
    values[8] = bytes(values[8])
    return SendRecord(*values)


def _practice_filter(column: str, practice_ids: Sequence[str] | None) -> tuple[str, list[Any]]:
    """A WHERE fragment limiting `column` to the practices (None or empty: every practice)."""
    if not practice_ids:
        return "TRUE", []
    return f"list_contains(?::VARCHAR[], {column})", [list(practice_ids)]


def _loads(value: Any, default: Any) -> Any:
    if value is None:
        return default
    if isinstance(value, (dict, list)):
        return value
    try:
        return json.loads(value)
    except (TypeError, ValueError):
        return default


# ---- what a digest says ----------------------------------------------------------------------


def alerts_for_digest(
    store: Store, recipient_email: str, practice_ids: Sequence[str] | None, since: datetime
) -> list[AlertRow]:
    """Unresolved alerts raised after `since` that no digest already sent to this recipient
    carried, worst first, oldest first within a severity."""
    where, params = _practice_filter("a.practice_id", practice_ids)
    return _alert_rows(
        store,
        f"a.created_at > ? AND a.status <> 'resolved' AND {where} AND a.alert_id NOT IN ("
        "  SELECT i.alert_id FROM digest_items i JOIN digest_sends s USING (send_id)"
        "  WHERE s.kind = 'digest' AND s.recipient_email = ? AND s.status = 'sent')",
        [since, *params, recipient_email],
    )


def alerts_by_id(store: Store, alert_ids: Sequence[int]) -> list[AlertRow]:
    """The given alerts (for an urgent email), worst first."""
    if not alert_ids:
        return []
    return _alert_rows(store, "list_contains(?::BIGINT[], a.alert_id)", [list(alert_ids)])


def _alert_rows(store: Store, where: str, params: list[Any]) -> list[AlertRow]:
    with store.db.read() as con:
        rows = con.execute(
            "SELECT a.alert_id, a.practice_id, coalesce(p.name, a.practice_id), a.severity,"
            " a.category, a.action, a.status, a.source, r.source_name, coalesce(r.url, ''),"
            " coalesce(r.author_handle, ''), coalesce(r.title, ''), coalesce(r.text, ''),"
            " r.published_at, r.fetched_at, a.created_at, a.reasons, a.next_steps, v.spans,"
            " r.extras "
            "FROM alerts a JOIN raw_items r USING (source, external_id) "
            "LEFT JOIN practices p ON p.practice_id = a.practice_id "
            "LEFT JOIN verdicts v ON v.source = a.source AND v.external_id = a.external_id"
            "  AND v.classifier_version = a.classifier_version "
            f"WHERE {where} "
            f"ORDER BY {_SEVERITY_RANK}, a.created_at, a.alert_id",
            params,
        ).fetchall()
    return [
        AlertRow(
            *[
                *r[:16],
                list(r[16] or []),
                _loads(r[17], []),
                _loads(r[18], {}),
                _loads(r[19], {}),
            ]
        )
        for r in rows
    ]


def reviews_waiting(
    store: Store, practice_ids: Sequence[str] | None, *, max_rating: int = 3, limit: int = 25
) -> tuple[list[ReviewRow], int]:
    """NHS website reviews with no reply that need one (rated `max_rating` or lower, or that
    raised an unresolved alert), longest-waiting first; and how many have no reply at all."""
    where, params = _practice_filter("coalesce(r.practice_hint, m.practice_id)", practice_ids)
    base = (
        "FROM raw_items r "
        "LEFT JOIN (SELECT source, external_id, min(practice_id) AS practice_id FROM mentions"
        "  GROUP BY ALL) m USING (source, external_id) "
        "LEFT JOIN practices p ON p.practice_id = coalesce(r.practice_hint, m.practice_id) "
        "LEFT JOIN (SELECT source, external_id, min(severity) AS severity FROM alerts"
        "  WHERE status <> 'resolved' GROUP BY ALL) a USING (source, external_id) "
        "WHERE r.source = 'nhs_reviews' AND (r.extras->>'reply') IS NULL"
        f" AND coalesce(r.practice_hint, m.practice_id) IS NOT NULL AND {where}"
    )
    with store.db.read() as con:
        total_row = con.execute(f"SELECT count(*) {base}", params).fetchone()
        rows = con.execute(
            "SELECT r.external_id, coalesce(r.practice_hint, m.practice_id),"
            " coalesce(p.name, coalesce(r.practice_hint, m.practice_id)), coalesce(r.title, ''),"
            " coalesce(r.text, ''), coalesce(r.url, ''), r.published_at, r.fetched_at,"
            " TRY_CAST(r.extras->>'rating' AS INTEGER) AS rating, a.severity "
            f"{base} AND (a.severity IS NOT NULL OR TRY_CAST(r.extras->>'rating' AS INTEGER) <= ?)"
            " ORDER BY coalesce(r.published_at, r.fetched_at), r.external_id LIMIT ?",
            [*params, max_rating, limit],
        ).fetchall()
    return [ReviewRow(*r) for r in rows], int(total_row[0]) if total_row else 0


def sentiment_weeks(
    store: Store, practice_ids: Sequence[str] | None, now: datetime
) -> list[SentimentRow]:
    """Mentions and mean sentiment per practice: the 7 days to `now` and the 7 days before."""
    where, params = _practice_filter("practice_id", practice_ids)
    with store.db.read() as con:
        rows = con.execute(
            "WITH m AS (SELECT practice_id, compound, sentiment_label,"
            "  coalesce(published_at, fetched_at) AS t FROM v_mentions"
            f"  WHERE {where}), "
            "w AS (SELECT *, t > ?::TIMESTAMPTZ - INTERVAL 7 DAY AS this FROM m"
            "  WHERE t <= ?::TIMESTAMPTZ AND t > ?::TIMESTAMPTZ - INTERVAL 14 DAY) "
            "SELECT practice_id,"
            " count(*) FILTER (WHERE this), avg(compound) FILTER (WHERE this),"
            " count(*) FILTER (WHERE this AND sentiment_label = 'negative'),"
            " count(*) FILTER (WHERE NOT this), avg(compound) FILTER (WHERE NOT this),"
            " count(*) FILTER (WHERE NOT this AND sentiment_label = 'negative') "
            "FROM w GROUP BY practice_id ORDER BY practice_id",
            [*params, now, now, now],
        ).fetchall()
    return [SentimentRow(*r) for r in rows]


def failed_sources(store: Store, since: datetime) -> list[SourceFailureRow]:
    """One row per source that failed (or only partly worked) in a run finished after `since`."""
    with store.db.read() as con:
        rows = con.execute(
            "SELECT f.source_name, any_value(f.kind), count(*), max(f.finished_at),"
            " coalesce(arg_max(f.error, f.finished_at), ''), any_value(h.last_status) "
            "FROM run_sources f JOIN v_source_health h USING (source_name) "
            "WHERE f.status IN ('failed', 'partial', 'spooled') AND f.finished_at > ? "
            "GROUP BY f.source_name ORDER BY f.source_name",
            [since],
        ).fetchall()
    return [SourceFailureRow(*r) for r in rows]


def urgent_pending(
    store: Store, recipient_email: str, practice_ids: Sequence[str] | None, since: datetime
) -> list[int]:
    """Open critical alerts raised after `since` that this recipient has not been emailed
    about (no urgent record, or one that failed or was interrupted)."""
    where, params = _practice_filter("a.practice_id", practice_ids)
    with store.db.read() as con:
        rows = con.execute(
            "SELECT a.alert_id FROM alerts a "
            "LEFT JOIN digest_sends s ON s.kind = 'urgent' AND s.recipient_email = ?"
            "  AND s.period_key = CAST(a.alert_id AS VARCHAR) "
            f"WHERE a.severity = 'critical' AND a.status = 'open' AND a.created_at > ? AND {where}"
            " AND (s.status IS NULL OR s.status IN ('failed', 'sending')) "
            "ORDER BY a.created_at, a.alert_id",
            [recipient_email, since, *params],
        ).fetchall()
    return [int(r[0]) for r in rows]


# ---- send records ----------------------------------------------------------------------------


def get_send(store: Store, kind: str, recipient_email: str, period_key: str) -> SendRecord | None:
    """The record of this message, if any attempt was ever made."""
    with store.db.read() as con:
        row = con.execute(
            f"SELECT {_SEND_COLS} FROM digest_sends "
            "WHERE kind = ? AND recipient_email = ? AND period_key = ?",
            [kind, recipient_email, period_key],
        ).fetchone()
    return _send(row)


def last_sent_digest(store: Store, recipient_email: str) -> SendRecord | None:
    """The recipient's most recent digest that was delivered."""
    with store.db.read() as con:
        row = con.execute(
            f"SELECT {_SEND_COLS} FROM digest_sends WHERE kind = 'digest' AND status = 'sent'"
            " AND recipient_email = ? ORDER BY window_end DESC NULLS LAST, send_id DESC LIMIT 1",
            [recipient_email],
        ).fetchone()
    return _send(row)


def begin_send(
    store: Store,
    *,
    kind: str,
    recipient_email: str,
    recipient_name: str,
    period_key: str,
    window_start: datetime | None,
    window_end: datetime | None,
    message_id: str,
    subject: str,
    message: bytes,
    transport: str,
    alert_ids: Sequence[int],
) -> int:
    """Record a freshly built message as 'sending' (one attempt more) BEFORE it is handed over,
    with the alerts it carries. Returns the send id."""
    now = utcnow()
    with store.db.write() as con:
        row = con.execute(
            "INSERT INTO digest_sends (kind, recipient_email, recipient_name, period_key,"
            " window_start, window_end, message_id, subject, message, transport, status,"
            " attempts, interrupted, error, delivered_to, created_at, updated_at, sent_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'sending', 1, 0, NULL, NULL, ?, ?, NULL) "
            "ON CONFLICT (kind, recipient_email, period_key) DO UPDATE SET"
            " recipient_name = excluded.recipient_name, window_start = excluded.window_start,"
            " window_end = excluded.window_end, message_id = excluded.message_id,"
            " subject = excluded.subject, message = excluded.message,"
            " transport = excluded.transport, status = 'sending',"
            " attempts = digest_sends.attempts + 1, error = NULL,"
            " updated_at = excluded.updated_at "
            "RETURNING send_id",
            [
                kind,
                recipient_email,
                recipient_name,
                period_key,
                window_start,
                window_end,
                message_id,
                subject,
                message,
                transport,
                now,
                now,
            ],
        ).fetchall()
        send_id = int(row[0][0])
        con.execute("DELETE FROM digest_items WHERE send_id = ?", [send_id])
        if alert_ids:
            con.executemany(
                "INSERT INTO digest_items VALUES (?, ?) ON CONFLICT DO NOTHING",
                [[send_id, a] for a in sorted(set(alert_ids))],
            )
    return send_id


def begin_resend(store: Store, send_id: int, transport: str) -> None:
    """Record one more attempt of the stored message (status 'sending') before handing it over."""
    with store.db.write() as con:
        con.execute(
            "UPDATE digest_sends SET status = 'sending', attempts = attempts + 1, error = NULL,"
            " transport = ?, updated_at = ? WHERE send_id = ?",
            [transport, utcnow(), send_id],
        )


def record_interrupted(store: Store, send_id: int, *, give_up: bool, note: str) -> None:
    """An attempt ended with no recorded outcome (the process died, or the connection dropped
    after the message was sent): count it; `give_up` marks the record 'unconfirmed'."""
    with store.db.write() as con:
        con.execute(
            "UPDATE digest_sends SET interrupted = interrupted + 1, status = ?, error = ?,"
            " updated_at = ? WHERE send_id = ?",
            ["unconfirmed" if give_up else "failed", note, utcnow(), send_id],
        )


def mark_sent(store: Store, send_id: int, delivered_to: str) -> None:
    """The server (or the outbox) accepted the message."""
    now = utcnow()
    with store.db.write() as con:
        con.execute(
            "UPDATE digest_sends SET status = 'sent', delivered_to = ?, error = NULL,"
            " sent_at = ?, updated_at = ? WHERE send_id = ?",
            [delivered_to, now, now, send_id],
        )


def mark_failed(store: Store, send_id: int, error: str, *, ambiguous: bool = False) -> None:
    """The attempt failed; `ambiguous` when the message may have reached the server anyway."""
    with store.db.write() as con:
        con.execute(
            "UPDATE digest_sends SET status = 'failed', error = ?,"
            " interrupted = interrupted + ?, updated_at = ? WHERE send_id = ?",
            [error, 1 if ambiguous else 0, utcnow(), send_id],
        )


def supersede_unsent_digests(store: Store, recipient_email: str, before_period: str) -> int:
    """Older digests that never went out are covered by the new one: mark them 'superseded'."""
    with store.db.write() as con:
        rows = con.execute(
            "UPDATE digest_sends SET status = 'superseded', updated_at = ? "
            "WHERE kind = 'digest' AND recipient_email = ? AND period_key < ?"
            " AND status IN ('sending', 'failed') RETURNING send_id",
            [utcnow(), recipient_email, before_period],
        ).fetchall()
    return len(rows)
