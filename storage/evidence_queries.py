"""The SQL of evidence packs, legal holds, the chain of custody and retention purges.

Every function takes an open DuckDB connection (from `storage.db.Database.read()`/`write()`);
transactions are the caller's. Item selections go into a temporary table `_evidence_sel`
(seq, source, external_id) so the export can read them back in small, ordered chunks.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import duckdb

SELECTION_TABLE = "_evidence_sel"

# Oldest first: the order of a timeline. Ties broken by the natural key so the order, and so
# the file names in a pack, never depend on how DuckDB happened to scan.
_SELECT_INTO = (
    f"CREATE OR REPLACE TEMP TABLE {SELECTION_TABLE} AS "
    "SELECT row_number() OVER (ORDER BY coalesce(r.published_at, r.fetched_at), r.source, "
    "r.external_id) AS seq, r.source, r.external_id FROM raw_items r WHERE "
)


def select_alert(con: duckdb.DuckDBPyConnection, alert_id: int) -> int:
    """Select the item of one alert. Returns the number of items selected (0 or 1)."""
    con.execute(
        _SELECT_INTO + "(r.source, r.external_id) IN "
        "(SELECT source, external_id FROM alerts WHERE alert_id = ?)",
        [alert_id],
    )
    return selection_size(con)


def select_author(con: duckdb.DuckDBPyConnection, source: str, handle: str) -> int:
    """Select everything one author posted on one platform (handle with or without @, or id)."""
    bare = handle.strip().lstrip("@").lower()
    con.execute(
        _SELECT_INTO + "r.source = ? AND (lower(ltrim(coalesce(r.author_handle, ''), '@')) = ? "
        "OR coalesce(r.author_id, '') = ?)",
        [source, bare, handle.strip()],
    )
    return selection_size(con)


def select_practice(
    con: duckdb.DuckDBPyConnection, practice_id: str, since: datetime, until: datetime
) -> int:
    """Select every item that mentions a practice, published (or captured) in [since, until)."""
    con.execute(
        _SELECT_INTO + "(r.source, r.external_id) IN "
        "(SELECT source, external_id FROM mentions WHERE practice_id = ?) "
        "AND coalesce(r.published_at, r.fetched_at) >= ? "
        "AND coalesce(r.published_at, r.fetched_at) < ?",
        [practice_id, since, until],
    )
    return selection_size(con)


def selection_size(con: duckdb.DuckDBPyConnection) -> int:
    row = con.execute(f"SELECT count(*) FROM {SELECTION_TABLE}").fetchone()
    return int(row[0]) if row else 0


def alert_exists(con: duckdb.DuckDBPyConnection, alert_id: int) -> bool:
    row = con.execute("SELECT count(*) FROM alerts WHERE alert_id = ?", [alert_id]).fetchone()
    return bool(row and row[0])


def selected_items(con: duckdb.DuckDBPyConnection, first: int, last: int) -> list[tuple[Any, ...]]:
    """Items seq first..last with their payload's metadata (not its bytes), in seq order.

    Columns: seq, source, external_id, source_name, url, author_handle, author_id, title, text,
    published_at, fetched_at, payload_sha256, practice_hint, extras, content_type, payload_url,
    size_bytes.
    """
    return con.execute(
        "SELECT s.seq, r.source, r.external_id, r.source_name, r.url, r.author_handle, "
        "r.author_id, r.title, r.text, r.published_at, r.fetched_at, r.payload_sha256, "
        "r.practice_hint, CAST(r.extras AS VARCHAR), p.content_type, p.url, p.size_bytes "
        f"FROM {SELECTION_TABLE} s JOIN raw_items r USING (source, external_id) "
        "LEFT JOIN payloads p ON p.sha256 = r.payload_sha256 "
        "WHERE s.seq BETWEEN ? AND ? ORDER BY s.seq",
        [first, last],
    ).fetchall()


def selected_mentions(
    con: duckdb.DuckDBPyConnection, first: int, last: int
) -> list[tuple[Any, ...]]:
    """(seq, practice_id, practice name, terms, reasons, confidence) for items first..last."""
    return con.execute(
        "SELECT s.seq, m.practice_id, p.name, m.terms, m.reasons, m.confidence "
        f"FROM {SELECTION_TABLE} s JOIN mentions m USING (source, external_id) "
        "LEFT JOIN practices p ON p.practice_id = m.practice_id "
        "WHERE s.seq BETWEEN ? AND ? ORDER BY s.seq, m.practice_id",
        [first, last],
    ).fetchall()


def selected_verdicts(
    con: duckdb.DuckDBPyConnection, first: int, last: int
) -> list[tuple[Any, ...]]:
    """The latest verdict of items first..last.

    Columns: seq, classifier_version, compound, sentiment_label, abuse, threat, staff_targeted,
    personal_data, safeguarding, scores (JSON text), spans (JSON text), staff_names,
    classified_at.
    """
    return con.execute(
        "SELECT s.seq, v.classifier_version, v.compound, v.sentiment_label, v.abuse, v.threat, "
        "v.staff_targeted, v.personal_data, v.safeguarding, CAST(v.scores AS VARCHAR), "
        "CAST(v.spans AS VARCHAR), v.staff_names, v.classified_at "
        f"FROM {SELECTION_TABLE} s JOIN v_latest_verdicts v USING (source, external_id) "
        "WHERE s.seq BETWEEN ? AND ? ORDER BY s.seq",
        [first, last],
    ).fetchall()


def selected_alerts(con: duckdb.DuckDBPyConnection, first: int, last: int) -> list[tuple[Any, ...]]:
    """Alerts of items first..last, with their status history as a list of structs.

    Columns: seq, alert_id, practice_id, severity, category, action, status, status_changed_by,
    status_changed_at, created_at, reasons, next_steps (JSON text), classifier_version,
    history (list of {status, changed_by, changed_at, note}).
    """
    return con.execute(
        "SELECT s.seq, a.alert_id, a.practice_id, a.severity, a.category, a.action, a.status, "
        "a.status_changed_by, a.status_changed_at, a.created_at, a.reasons, "
        "CAST(a.next_steps AS VARCHAR), a.classifier_version, "
        "(SELECT list({'status': e.status, 'changed_by': e.changed_by, "
        "  'changed_at': e.changed_at, 'note': e.note} ORDER BY e.changed_at) "
        "  FROM alert_events e WHERE e.alert_id = a.alert_id) AS history "
        f"FROM {SELECTION_TABLE} s JOIN alerts a USING (source, external_id) "
        "WHERE s.seq BETWEEN ? AND ? ORDER BY s.seq, a.alert_id",
        [first, last],
    ).fetchall()


def payload_data(con: duckdb.DuckDBPyConnection, shas: Sequence[str]) -> dict[str, bytes]:
    """The exact bytes of the payloads with these hashes (the caller bounds how many)."""
    rows = con.execute(
        "SELECT sha256, data FROM payloads WHERE sha256 IN (SELECT unnest(?::VARCHAR[]))",
        [list(shas)],
    ).fetchall()
    return {sha: bytes(data) for sha, data in rows}


def practice_name(con: duckdb.DuckDBPyConnection, practice_id: str) -> str | None:
    row = con.execute("SELECT name FROM practices WHERE practice_id = ?", [practice_id]).fetchone()
    return str(row[0]) if row else None


# ---- chain of custody ---------------------------------------------------------------------


def record_custody(
    con: duckdb.DuckDBPyConnection,
    *,
    at: datetime,
    who: str,
    action: str,
    what: str,
    outcome: str,
    pack_path: str | None = None,
    pack_sha256: str | None = None,
    items: int | None = None,
    detail: dict[str, Any] | None = None,
) -> int:
    """Append one custody event; returns its event_id."""
    row = con.execute(
        "INSERT INTO custody_events (event_at, who, action, what, pack_path, pack_sha256, items, "
        "outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING event_id",
        [
            at,
            who,
            action,
            what,
            pack_path,
            pack_sha256,
            items,
            outcome,
            json.dumps(detail or {}, ensure_ascii=False, default=str),
        ],
    ).fetchone()
    assert row is not None
    return int(row[0])


def exports_with_hash(con: duckdb.DuckDBPyConnection, pack_sha256: str) -> list[tuple[Any, ...]]:
    """Recorded exports of a pack with this manifest hash: (event_id, at, who, what, path)."""
    return con.execute(
        "SELECT event_id, event_at, who, what, pack_path FROM custody_events "
        "WHERE action = 'export' AND pack_sha256 = ? ORDER BY event_at",
        [pack_sha256],
    ).fetchall()


# ---- legal holds --------------------------------------------------------------------------


def hold_selection(
    con: duckdb.DuckDBPyConnection,
    *,
    held_by: str,
    held_at: datetime,
    reason: str,
    pack_sha256: str | None = None,
    alert_id: int | None = None,
) -> int:
    """Put every selected item on hold (one row per item). Returns the rows added."""
    rows = con.execute(
        "INSERT INTO legal_holds (source, external_id, alert_id, held_by, held_at, reason, "
        "pack_sha256) "
        f"SELECT source, external_id, ?, ?, ?, ?, ? FROM {SELECTION_TABLE} RETURNING 1",
        [alert_id, held_by, held_at, reason, pack_sha256],
    ).fetchall()
    return len(rows)


def release_alert_holds(
    con: duckdb.DuckDBPyConnection, alert_id: int, *, by: str, at: datetime, reason: str
) -> int:
    """Release every active hold on the item of an alert. Returns how many were released."""
    rows = con.execute(
        "UPDATE legal_holds SET released_by = ?, released_at = ?, release_reason = ? "
        "WHERE released_at IS NULL AND (source, external_id) IN "
        "(SELECT source, external_id FROM alerts WHERE alert_id = ?) RETURNING 1",
        [by, at, reason, alert_id],
    ).fetchall()
    return len(rows)


def active_holds(con: duckdb.DuckDBPyConnection) -> list[tuple[Any, ...]]:
    """(source, external_id, alert_ids, reasons, held_since, first_held_by) per held item."""
    return con.execute(
        "SELECT source, external_id, alert_ids, reasons, held_since, first_held_by "
        "FROM v_legal_holds ORDER BY held_since, source, external_id"
    ).fetchall()


# ---- retention ----------------------------------------------------------------------------

PURGE_TABLE = "_purge_items"


def plan_purge(con: duckdb.DuckDBPyConnection, cutoff: datetime) -> dict[str, int]:
    """Work out what a purge of items captured before `cutoff` would delete and keep.

    Leaves the items to delete in the temp table `_purge_items`. Items on legal hold are kept,
    and so are items whose alert nobody has resolved yet (deleting them would pull evidence
    out from under a person still dealing with it). Returns the counts.
    """
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {PURGE_TABLE} AS "
        "SELECT r.source, r.external_id, r.payload_sha256 FROM raw_items r "
        "WHERE r.fetched_at < ? "
        "AND (r.source, r.external_id) NOT IN (SELECT source, external_id FROM v_legal_holds) "
        "AND (r.source, r.external_id) NOT IN "
        "  (SELECT source, external_id FROM alerts WHERE status <> 'resolved')",
        [cutoff],
    )
    row = con.execute(
        "SELECT "
        " count(*) FILTER (WHERE r.fetched_at < $1), "
        " count(*) FILTER (WHERE r.fetched_at < $1 AND h.source IS NOT NULL), "
        " count(*) FILTER (WHERE r.fetched_at < $1 AND h.source IS NULL AND o.source IS NOT NULL), "
        " count(*) FILTER (WHERE r.fetched_at >= $1), "
        " count(*) "
        "FROM raw_items r "
        "LEFT JOIN v_legal_holds h USING (source, external_id) "
        "LEFT JOIN (SELECT DISTINCT source, external_id FROM alerts WHERE status <> 'resolved') o "
        "  USING (source, external_id)",
        [cutoff],
    ).fetchone()
    assert row is not None
    old, held, open_alert, recent, total = (int(x) for x in row)
    keys = f"(SELECT source, external_id FROM {PURGE_TABLE})"
    # payloads of purged items that no remaining item still needs
    freed = (
        f"SELECT sha256, size_bytes FROM payloads WHERE sha256 IN "
        f"(SELECT payload_sha256 FROM {PURGE_TABLE}) AND sha256 NOT IN "
        f"(SELECT r.payload_sha256 FROM raw_items r WHERE (r.source, r.external_id) NOT IN {keys})"
    )
    counts = con.execute(
        f"SELECT (SELECT count(*) FROM {PURGE_TABLE}), "
        f"(SELECT count(*) FROM mentions WHERE (source, external_id) IN {keys}), "
        f"(SELECT count(*) FROM verdicts WHERE (source, external_id) IN {keys}), "
        f"(SELECT count(*) FROM alerts WHERE (source, external_id) IN {keys}), "
        f"(SELECT count(*) FROM ({freed})), "
        f"(SELECT coalesce(sum(size_bytes), 0) FROM ({freed}))"
    ).fetchone()
    assert counts is not None
    items, mentions, verdicts, alerts, payloads, payload_bytes = (int(x) for x in counts)
    # sent emails quote the posts: past the retention period their bytes go, the record stays
    # (it is what stops a digest period or an urgent alert being sent twice)
    mail = con.execute(
        "SELECT count(*) FROM digest_sends WHERE status = 'sent' AND created_at < ? "
        "AND octet_length(message) > 0",
        [cutoff],
    ).fetchone()
    emails = int(mail[0]) if mail else 0
    return {
        "clear_email_copies": emails,
        "items_total": total,
        "items_older": old,
        "items_recent": recent,
        "delete_items": items,
        "delete_mentions": mentions,
        "delete_verdicts": verdicts,
        "delete_alerts": alerts,
        "delete_payloads": payloads,
        "delete_payload_bytes": payload_bytes,
        "keep_held": held,
        "keep_open_alert": open_alert,
    }


def execute_purge(con: duckdb.DuckDBPyConnection, cutoff: datetime) -> None:
    """Delete what `plan_purge` left in `_purge_items` (inside the caller's transaction), and
    clear the copies of emails sent before `cutoff`."""
    keys = f"(SELECT source, external_id FROM {PURGE_TABLE})"
    purged_alerts = f"(SELECT alert_id FROM alerts WHERE (source, external_id) IN {keys})"
    con.execute(f"DELETE FROM alert_events WHERE alert_id IN {purged_alerts}")
    con.execute(f"DELETE FROM digest_items WHERE alert_id IN {purged_alerts}")
    con.execute(
        "UPDATE digest_sends SET message = ''::BLOB WHERE status = 'sent' AND created_at < ?",
        [cutoff],
    )
    con.execute(f"DELETE FROM alerts WHERE (source, external_id) IN {keys}")
    con.execute(f"DELETE FROM verdicts WHERE (source, external_id) IN {keys}")
    con.execute(f"DELETE FROM mentions WHERE (source, external_id) IN {keys}")
    con.execute(f"DELETE FROM raw_items WHERE (source, external_id) IN {keys}")
    # a payload shared with an item that stays (a feed document, a review page) stays too
    con.execute(
        f"DELETE FROM payloads WHERE sha256 IN (SELECT payload_sha256 FROM {PURGE_TABLE}) "
        "AND sha256 NOT IN (SELECT payload_sha256 FROM raw_items)"
    )
