"""The dashboard's questions to the database, as plain functions returning DataFrames.

Every function takes `db`: a path to the DuckDB file (a short read-only connection is opened
and closed around the query) or an open connection (so `read_snapshot` can answer them all in
one brief visit). Nothing here keeps a connection: DuckDB lets one process write at a time and
a reader's open file keeps the writer out, so a dashboard that held a connection would stop the
scheduled runs (see DESIGN.md, "DuckDB file locks").

Times come back in Europe/London, the time the people reading the dashboard live in.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from gpwatch.models import utcnow
from storage.db import _write_lock, connect_with_backoff

Db = Path | str | duckdb.DuckDBPyConnection
UK_TZ = "Europe/London"
FLAGS = ("threat", "abuse", "staff_targeted", "personal_data", "safeguarding")
SEVERITY_RANK_SQL = (
    "CASE {col} WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END"
)


@contextmanager
def read_only(path: Path | str, wait_seconds: float = 1.0) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection held only for the `with` block.

    Waits at most `wait_seconds` (with backoff) while a writer holds the file, then raises
    storage.db.DatabaseLocked. Inside this process it takes the same lock as the store's
    writers, because DuckDB refuses a read-only and a read-write connection to one file in the
    same process at the same time.
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no database yet; run `gpwatch run` first")
    with _write_lock(path):
        con = connect_with_backoff(path, read_only=True, timeout=wait_seconds)
        try:
            con.execute(f"SET TimeZone = '{UK_TZ}'")
            yield con
        finally:
            con.close()


@contextmanager
def _connection(db: Db) -> Iterator[duckdb.DuckDBPyConnection]:
    if isinstance(db, duckdb.DuckDBPyConnection):
        yield db
    else:
        with read_only(db) as con:
            yield con


def _df(db: Db, sql: str, params: list[Any] | None = None) -> pd.DataFrame:
    with _connection(db) as con:
        return con.execute(sql, params or []).df()


def _loads(value: Any, default: Any) -> Any:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return default
    if isinstance(value, (dict, list)):
        return value
    try:
        return json.loads(value)
    except (TypeError, ValueError):
        return default


# ---- alerts -----------------------------------------------------------------------------------


def open_alerts(db: Db, limit: int = 5000) -> pd.DataFrame:
    """Alerts not yet resolved, critical first then newest, with why each was raised.

    One row per alert: the v_open_alerts columns plus `day` (the post's UK date, or the alert's
    when the post has none), who last changed the status and when, the item's latest verdict
    (`spans`, `scores`, sentiment, staff named) and the match (`matched_terms`,
    `match_reasons`). `next_steps`, `spans` and `scores` are parsed from JSON.
    """
    df = _df(
        db,
        f"""
        SELECT o.alert_id, o.practice_id, coalesce(o.practice_name, o.practice_id) AS practice_name,
               o.severity, o.category, o.action, o.status, o.source, r.source_name, o.url,
               coalesce(o.author, '') AS author, coalesce(o.title, '') AS title,
               coalesce(o.text, '') AS text, o.published_at, o.created_at,
               CAST(timezone('{UK_TZ}', coalesce(o.published_at, o.created_at)) AS DATE) AS day,
               o.reasons, o.next_steps, a.status_changed_by, a.status_changed_at,
               v.spans, v.scores, v.compound, v.sentiment_label, v.staff_names,
               m.terms AS matched_terms, m.reasons AS match_reasons, m.confidence
        FROM v_open_alerts o
        JOIN alerts a ON a.alert_id = o.alert_id
        JOIN raw_items r ON r.source = a.source AND r.external_id = a.external_id
        LEFT JOIN v_latest_verdicts v ON v.source = a.source AND v.external_id = a.external_id
        LEFT JOIN mentions m ON m.source = a.source AND m.external_id = a.external_id
                            AND m.practice_id = a.practice_id
        ORDER BY {SEVERITY_RANK_SQL.format(col="o.severity")},
                 coalesce(o.published_at, o.created_at) DESC, o.alert_id DESC
        LIMIT ?
        """,
        [limit],
    )
    df["next_steps"] = [_loads(v, []) for v in df["next_steps"]]
    df["spans"] = [_loads(v, {}) for v in df["spans"]]
    df["scores"] = [_loads(v, {}) for v in df["scores"]]
    for col in ("reasons", "matched_terms", "match_reasons", "staff_names"):
        df[col] = [list(v) if v is not None and not isinstance(v, float) else [] for v in df[col]]
    return df


def alert_events(db: Db, alert_ids: list[int] | None = None, limit: int = 200) -> pd.DataFrame:
    """Status changes (who, when, note), newest first: of the given alerts, or of all alerts.

    Each row carries the alert's practice, severity and category so a list of recent changes
    reads on its own.
    """
    where, params = "", []
    if alert_ids is not None:
        if not alert_ids:
            where = "WHERE false"
        else:
            where = f"WHERE e.alert_id IN ({', '.join('?' * len(alert_ids))})"
            params = [int(i) for i in alert_ids]
    return _df(
        db,
        f"""
        SELECT e.alert_id, e.status, e.changed_by, e.changed_at, coalesce(e.note, '') AS note,
               a.practice_id, a.severity, a.category
        FROM alert_events e LEFT JOIN alerts a ON a.alert_id = e.alert_id
        {where}
        ORDER BY e.changed_at DESC, e.alert_id DESC
        LIMIT ?
        """,
        [*params, limit],
    )


# ---- trends -----------------------------------------------------------------------------------


def daily_sentiment(db: Db, since: date | None = None) -> pd.DataFrame:
    """v_daily_sentiment rows (practice × UK day × source: mentions, mean compound) since a day."""
    since = since or (utcnow().date() - timedelta(days=365))
    return _df(
        db,
        "SELECT practice_id, practice_name, day, source, mentions, mean_compound, negative, "
        "positive FROM v_daily_sentiment WHERE day >= ? ORDER BY practice_id, day, source",
        [since],
    )


def weekly_alerts(db: Db, since: date | None = None) -> pd.DataFrame:
    """Alerts (open or not) per practice, UK week (its Monday) and severity, by the post's date."""
    since = since or (utcnow().date() - timedelta(days=365))
    return _df(
        db,
        f"""
        WITH dated AS (
            SELECT a.practice_id, a.severity,
                   CAST(timezone('{UK_TZ}', coalesce(r.published_at, a.created_at)) AS DATE) AS day
            FROM alerts a
            JOIN raw_items r ON r.source = a.source AND r.external_id = a.external_id
        )
        SELECT practice_id, CAST(date_trunc('week', day) AS DATE) AS week, severity,
               count(*) AS alerts
        FROM dated WHERE day >= ?
        GROUP BY practice_id, week, severity
        ORDER BY practice_id, week, {SEVERITY_RANK_SQL.format(col="severity")}
        """,
        [since],
    )


def flagged_authors(db: Db, per_practice: int = 10) -> pd.DataFrame:
    """The most active authors of flagged posts, per practice.

    A post counts as flagged when an alert was raised for it or its latest verdict has any flag
    (threat, abuse, staff targeted, personal data, safeguarding). Authors are per platform: the
    same handle on two sources is two people. Posts without an author are left out.
    """
    any_flag = " OR ".join(f"coalesce(m.{f}, false)" for f in FLAGS)
    return _df(
        db,
        f"""
        WITH flagged AS (
            SELECT m.practice_id, m.source, m.author, m.external_id, m.published_at,
                   a.alert_id, a.severity
            FROM v_mentions m
            LEFT JOIN alerts a ON a.source = m.source AND a.external_id = m.external_id
                              AND a.practice_id = m.practice_id
            WHERE coalesce(m.author, '') <> '' AND (a.alert_id IS NOT NULL OR {any_flag})
        )
        SELECT practice_id, source, author, count(*) AS flagged_posts,
               count(alert_id) AS alerts,
               count(*) FILTER (WHERE severity IN ('critical', 'high')) AS critical_or_high,
               max(published_at) AS last_post_at
        FROM flagged
        GROUP BY practice_id, source, author
        QUALIFY row_number() OVER (PARTITION BY practice_id
                                   ORDER BY count(*) DESC, max(published_at) DESC, author) <= ?
        ORDER BY practice_id, flagged_posts DESC, last_post_at DESC, author
        """,
        [per_practice],
    )


def nhs_reviews(db: Db) -> pd.DataFrame:
    """Every stored NHS website review: practice, date, star rating, whether it has a reply.

    The practice is the review page's (practice_hint); `rating` is NULL when the page showed
    none. `replied` is true when the practice's reply was on the page when it was fetched.
    """
    return _df(
        db,
        f"""
        SELECT coalesce(r.practice_hint, m.practice_id) AS practice_id, r.external_id,
               r.published_at,
               CAST(timezone('{UK_TZ}', coalesce(r.published_at, r.fetched_at)) AS DATE) AS day,
               TRY_CAST(json_extract_string(r.extras, '$.rating') AS INTEGER) AS rating,
               coalesce(r.title, '') AS title, coalesce(r.text, '') AS text, r.url,
               coalesce(json_type(r.extras, '$.reply'), 'NULL') <> 'NULL' AS replied,
               r.fetched_at
        FROM raw_items r
        LEFT JOIN (SELECT source, external_id, min(practice_id) AS practice_id
                   FROM mentions GROUP BY ALL) m
               ON m.source = r.source AND m.external_id = r.external_id
        WHERE r.source = 'nhs_reviews'
        ORDER BY practice_id, day DESC, r.external_id
        """,
    )


# ---- runs -------------------------------------------------------------------------------------


def recent_runs(db: Db, limit: int = 20) -> pd.DataFrame:
    """The last monitoring runs, newest first, with their counts and how many sources failed."""
    return _df(
        db,
        """
        SELECT r.run_id, r.started_at, r.finished_at, r.status,
               TRY_CAST(json_extract_string(r.summary, '$.classified') AS INTEGER) AS classified,
               TRY_CAST(json_extract_string(r.summary, '$.mentions') AS INTEGER) AS mentions,
               coalesce(s.sources, 0) AS sources, coalesce(s.failed, 0) AS failed_sources,
               coalesce(s.new_items, 0) AS new_items,
               (SELECT count(*) FROM alerts a WHERE a.run_id = r.run_id) AS new_alerts
        FROM runs r
        LEFT JOIN (SELECT run_id, count(*) AS sources,
                          count(*) FILTER (WHERE status <> 'ok') AS failed,
                          CAST(sum(items_new) AS BIGINT) AS new_items
                   FROM run_sources GROUP BY run_id) s ON s.run_id = r.run_id
        ORDER BY r.started_at DESC
        LIMIT ?
        """,
        [limit],
    )


def source_health(db: Db) -> pd.DataFrame:
    """v_source_health plus what a silently broken source looks like.

    Adds, per source: items fetched in its last run, its runs that did not succeed since its
    last success, and when it last brought a new item (raw_items.fetched_at).
    """
    return _df(
        db,
        """
        SELECT h.source_name, h.kind, h.last_status, h.last_run_at, h.last_success_at,
               h.last_error,
               (SELECT arg_max(items_fetched, finished_at) FROM run_sources s
                 WHERE s.source_name = h.source_name) AS last_fetched,
               (SELECT count(*) FROM run_sources s WHERE s.source_name = h.source_name
                   AND s.status <> 'ok'
                   AND (h.last_success_at IS NULL OR s.finished_at > h.last_success_at))
                   AS failures_since_success,
               (SELECT max(fetched_at) FROM raw_items i WHERE i.source_name = h.source_name)
                   AS last_new_item_at
        FROM v_source_health h
        ORDER BY h.source_name
        """,
    )


# ---- everything at once -----------------------------------------------------------------------


@dataclass(slots=True)
class Snapshot:
    """What the dashboard shows, read in one visit to the database."""

    read_at: datetime
    alerts: pd.DataFrame
    events: pd.DataFrame
    daily: pd.DataFrame
    weekly: pd.DataFrame
    authors: pd.DataFrame
    reviews: pd.DataFrame
    runs: pd.DataFrame
    health: pd.DataFrame
    recent_changes: pd.DataFrame


def read_snapshot(path: Path | str, wait_seconds: float = 1.0) -> Snapshot:
    """Answer every dashboard question through one short read-only connection.

    Raises FileNotFoundError when there is no database yet and storage.db.DatabaseLocked when a
    writer held the file for longer than `wait_seconds`.
    """
    with read_only(path, wait_seconds) as con:
        alerts = open_alerts(con)
        return Snapshot(
            read_at=utcnow(),
            alerts=alerts,
            events=alert_events(con, [int(i) for i in alerts["alert_id"]], limit=5000),
            daily=daily_sentiment(con),
            weekly=weekly_alerts(con),
            authors=flagged_authors(con),
            reviews=nhs_reviews(con),
            runs=recent_runs(con),
            health=source_health(con),
            recent_changes=alert_events(con, None, limit=50),
        )
