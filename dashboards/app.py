"""The gpwatch dashboard (Streamlit): work the open alerts, see the trends, check the runs.

Started by `gpwatch dashboard --config PATH` (which runs `streamlit run` on this file, bound to
127.0.0.1). Reads go through dashboards.data (one short read-only visit per refresh, the last
good snapshot while a run holds the file); the only writes are status changes and evidence
exports (dashboards.actions). Text from posts is shown with st.text, never as Markdown or HTML.
"""

from __future__ import annotations

import getpass
import os
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st

from dashboards import actions, health
from dashboards.data import CACHE, config_path
from dashboards.filters import (
    SEVERITIES,
    AlertFilter,
    filter_alerts,
    ordered_unique,
    severity_counts,
)
from dashboards.text import md_escape, md_link, preview, safe_url
from gpwatch.config import Config, ConfigError, load_config
from storage.dashboard_queries import FLAGS, UK_TZ, Snapshot

UK = ZoneInfo(UK_TZ)
# Streamlit badge colours; words rather than emoji, which many office PCs lack a font for
SEVERITY_COLOUR = {"critical": "red", "high": "orange", "medium": "blue", "low": "gray"}
SEVERITY_HEX = {"critical": "#d62728", "high": "#ff7f0e", "medium": "#1f77b4", "low": "#9e9e9e"}
FLAG_LABEL = {
    "threat": "threat",
    "abuse": "abuse",
    "staff_targeted": "aimed at staff",
    "personal_data": "personal data",
    "safeguarding": "safeguarding",
}


def _fmt_time(value: Any) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return pd.Timestamp(value).strftime("%d %b %Y %H:%M")


def _default_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


# ---- page parts -------------------------------------------------------------------------------


def sidebar(cfg: Config, snap: Snapshot | None) -> None:
    """The name recorded with changes, the refresh button and where the data comes from."""
    with st.sidebar:
        st.header("gpwatch")
        if "who" not in st.session_state:
            st.session_state["who"] = _default_user()
        st.text_input(
            "Your name",
            key="who",
            help="Recorded with every acknowledge, resolve and export you make here.",
        )
        st.button("Refresh", key="refresh", help="Read the database again now.")
        st.caption(f"Database: {md_escape(cfg.database_path)}")
        if snap is not None:
            st.caption(f"Read at {md_escape(snap.read_at.astimezone(UK).strftime('%H:%M:%S'))}")


def flash_messages() -> None:
    """Show (once) what the last action did; kept across the rerun that follows it."""
    for kind, message in st.session_state.pop("flash", []):
        getattr(st, kind)(message)


def _flash(kind: str, message: str) -> None:
    st.session_state.setdefault("flash", []).append((kind, message))


def practice_label(cfg: Config, practice_id: str, names: dict[str, str] | None = None) -> str:
    try:
        p = cfg.practice(practice_id)
        return f"{p.name} ({p.ods}){', ' + p.town if p.town else ''}"
    except KeyError:
        return f"{(names or {}).get(practice_id, practice_id)} ({practice_id})"


# ---- alerts -----------------------------------------------------------------------------------


def alert_filters(cfg: Config, alerts: pd.DataFrame) -> AlertFilter:
    names = dict(zip(alerts["practice_id"], alerts["practice_name"], strict=False))
    practice_ids = ordered_unique([p.ods for p in cfg.practices] + list(alerts["practice_id"]))
    source_kinds = ordered_unique([s.kind for s in cfg.sources] + sorted(alerts["source"]))
    # a choice whose last alert has gone (resolved elsewhere) must not break the widget
    for key, options in (("f_practice", practice_ids), ("f_source", source_kinds)):
        if key in st.session_state:
            st.session_state[key] = [v for v in st.session_state[key] if v in options]
    cols = st.columns([3, 2, 2, 1.3, 1.3])
    practices = cols[0].multiselect(
        "Practice",
        practice_ids,
        key="f_practice",
        placeholder="All practices",
        format_func=lambda p: practice_label(cfg, p, names),
    )
    severities = cols[1].multiselect(
        "Severity", list(SEVERITIES), key="f_severity", placeholder="All severities"
    )
    sources = cols[2].multiselect(
        "Source",
        source_kinds,
        key="f_source",
        placeholder="All sources",
    )
    since = cols[3].date_input("Posted from", value=None, key="f_since", format="DD/MM/YYYY")
    until = cols[4].date_input("Posted to", value=None, key="f_until", format="DD/MM/YYYY")
    return AlertFilter(
        practices=tuple(practices),
        severities=tuple(severities),
        sources=tuple(sources),
        since=since if isinstance(since, date) else None,
        until=until if isinstance(until, date) else None,
    )


def _alert_option(row: pd.Series) -> str:
    day = pd.Timestamp(row["day"]).strftime("%d %b") if not pd.isna(row["day"]) else ""
    return (
        f"#{row['alert_id']} · {row['severity'].upper()} · {row['practice_name']} · "
        f"{row['category'].replace('_', ' ')} · {day}"
    )


def _pick_from_table() -> None:
    # a row clicked in the table becomes the alert being worked on
    rows = st.session_state.get("alerts_table", {}).get("selection", {}).get("rows", [])
    ids = st.session_state.get("_table_ids", [])
    if rows and rows[0] < len(ids):
        st.session_state["alert_pick"] = ids[rows[0]]


def alerts_table(shown: pd.DataFrame) -> None:
    st.session_state["_table_ids"] = [int(i) for i in shown["alert_id"]]
    table = pd.DataFrame(
        {
            "alert": shown["alert_id"],
            "severity": [s.upper() for s in shown["severity"]],
            "status": shown["status"],
            "practice": shown["practice_name"],
            "category": [c.replace("_", " ") for c in shown["category"]],
            "source": shown["source_name"],
            "posted": [_fmt_time(t) for t in shown["published_at"]],
            "author": shown["author"],
            "post": [
                preview(f"{t} — {x}" if t and t not in x else x)
                for t, x in zip(shown["title"], shown["text"], strict=True)
            ],
        }
    )
    # st.dataframe draws cells as text on a canvas: no cell is ever parsed as HTML
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        key="alerts_table",
        on_select=_pick_from_table,
        selection_mode="single-row",
        column_config={"alert": st.column_config.NumberColumn("alert", format="%d")},
    )


def why_flagged(row: pd.Series) -> None:
    st.markdown("**Why it was flagged**")
    for reason in row["reasons"]:
        st.markdown(f"- {md_escape(reason)}")
    spans = row["spans"] or {}
    scores = row["scores"] or {}
    found = [
        {
            "flag": FLAG_LABEL.get(flag, flag),
            "words": span[2] if len(span) > 2 else "",
            "score": scores.get(flag),
        }
        for flag in FLAGS
        for span in spans.get(flag, []) or []
    ]
    if found:
        st.dataframe(pd.DataFrame(found), hide_index=True, key=f"spans_{row['alert_id']}")
    facts = []
    if not pd.isna(row["confidence"]):
        facts.append(
            f"matched to {row['practice_name']} by "
            f"{', '.join(row['match_reasons']) or 'n/a'} "
            f"({', '.join(row['matched_terms'])}), confidence {row['confidence']:.2f}"
        )
    if not pd.isna(row["compound"]):
        facts.append(f"sentiment {row['sentiment_label']} ({row['compound']:+.2f})")
    if facts:
        st.caption(md_escape("; ".join(facts)))


def next_steps(row: pd.Series) -> None:
    st.markdown("**Next steps**")
    for entry in row["next_steps"] or []:
        if not isinstance(entry, dict):
            continue
        title = entry.get("title") or entry.get("id") or "Guidance"
        st.markdown(f"**{md_link(title, entry.get('url'))}**")
        steps = [s for s in entry.get("steps") or [] if s]
        if steps:
            st.markdown("\n".join(f"1. {md_escape(s)}" for s in steps))


def alert_actions(cfg: Config, row: pd.Series) -> None:
    alert_id = int(row["alert_id"])
    if st.session_state.pop("_clear_note", None) == alert_id:
        st.session_state[f"note_{alert_id}"] = ""
    note = st.text_area(
        "Note",
        key=f"note_{alert_id}",
        max_chars=actions.MAX_NOTE,
        placeholder="What was done: reported to the platform, police reference, reply sent …",
    )
    cols = st.columns(3)
    who = st.session_state.get("who", "")
    if cols[0].button(
        "Acknowledge",
        key=f"ack_{alert_id}",
        disabled=row["status"] == "acknowledged",
        help="Someone is on it. The alert stays on this list.",
    ):
        _do_status(cfg, alert_id, "acknowledged", who, note)
    if cols[1].button(
        "Resolve",
        key=f"resolve_{alert_id}",
        type="primary",
        help="Done. Needs a note; the alert leaves this list.",
    ):
        _do_status(cfg, alert_id, "resolved", who, note)
    if actions.evidence_available():
        if cols[2].button(
            "Export evidence",
            key=f"export_{alert_id}",
            help="A ZIP of the post as fetched, with hashes and a manifest.",
        ):
            _do_export(cfg, alert_id, who)
        done = st.session_state.get(f"exported_{alert_id}")
        if done is not None:
            path = Path(done["path"])
            st.caption(
                md_escape(
                    f"Evidence pack: {path} (manifest SHA-256 "
                    f"{done['manifest_sha256']}, {done['items']} items)"
                )
            )
            if path.exists():
                st.download_button(
                    "Download the evidence pack",
                    path.read_bytes(),
                    file_name=path.name,
                    mime="application/zip",
                    key=f"download_{alert_id}",
                )
    else:
        cols[2].button(
            "Export evidence",
            key=f"export_{alert_id}",
            disabled=True,
            help="Not available in this installation.",
        )
        cols[2].caption(
            "Evidence export is not installed here (alerts/evidence.py); use "
            "`gpwatch export` when it is."
        )


def _do_status(cfg: Config, alert_id: int, status: str, who: str, note: str) -> None:
    try:
        actions.change_status(cfg, alert_id, status, who, note)
    except actions.ActionRefused as exc:
        st.warning(str(exc))
        return
    CACHE.invalidate(cfg.database_path)
    st.session_state["_clear_note"] = alert_id
    _flash("success", md_escape(f"Alert {alert_id} {status} by {actions.clean_name(who)}."))
    st.rerun()


def _do_export(cfg: Config, alert_id: int, who: str) -> None:
    try:
        with st.spinner("Writing the evidence pack …"):
            done = actions.export_evidence(cfg, alert_id, who)
    except actions.ActionRefused as exc:
        st.warning(str(exc))
        return
    CACHE.invalidate(cfg.database_path)
    st.session_state[f"exported_{alert_id}"] = {
        "path": str(done.path),
        "manifest_sha256": done.manifest_sha256,
        "items": done.items,
    }
    _flash("success", md_escape(f"Evidence pack for alert {alert_id} written to {done.path}."))
    st.rerun()


def alert_detail(cfg: Config, snap: Snapshot, row: pd.Series) -> None:
    alert_id = int(row["alert_id"])
    colour = SEVERITY_COLOUR.get(row["severity"], "gray")
    st.subheader(
        f":{colour}-badge[{md_escape(str(row['severity']).upper())}] Alert {alert_id}: "
        f"{md_escape(str(row['category']).replace('_', ' '))}"
    )
    st.caption(
        md_escape(
            f"{row['practice_name']} · {row['source_name']} ({row['source']}) · "
            f"by {row['author'] or 'unknown author'} · posted {_fmt_time(row['published_at'])} · "
            f"status {row['status']} ({row['status_changed_by']}, "
            f"{_fmt_time(row['status_changed_at'])})"
        )
    )
    left, right = st.columns([3, 2])
    with left:
        with st.container(border=True):
            # st.text: the post exactly as stored, never parsed as Markdown or HTML
            if row["title"] and row["title"] not in row["text"]:
                st.text(row["title"])
            st.text(row["text"])
        url = safe_url(row["url"])
        if url:
            st.link_button("Open the post", url)
        why_flagged(row)
    with right:
        next_steps(row)
    st.markdown("**Act on it**")
    alert_actions(cfg, row)
    history = snap.events[snap.events["alert_id"] == alert_id]
    if not history.empty:
        st.markdown("**History**")
        st.dataframe(
            pd.DataFrame(
                {
                    "when": [_fmt_time(t) for t in history["changed_at"]],
                    "status": history["status"],
                    "by": history["changed_by"],
                    "note": history["note"],
                }
            ),
            hide_index=True,
            width="stretch",
            key=f"history_{alert_id}",
        )


def alerts_page(cfg: Config, snap: Snapshot, problems: list[health.SourceState]) -> None:
    alerts = snap.alerts
    counts = severity_counts(alerts)
    cols = st.columns(4)
    for col, sev in zip(cols, SEVERITIES, strict=True):
        col.metric(sev.capitalize(), counts[sev])
    if problems:
        st.warning(
            md_escape(
                f"{len(problems)} source(s) need a look: "
                + "; ".join(p.name for p in problems)
                + ". See Runs."
            )
        )
    shown = filter_alerts(alerts, alert_filters(cfg, alerts))
    st.caption(f"{len(shown)} of {len(alerts)} open alerts, critical first.")
    if shown.empty:
        st.info("No open alerts match." if len(alerts) else "No open alerts: nothing needs you.")
        return
    alerts_table(shown)
    ids = [int(i) for i in shown["alert_id"]]
    if not st.session_state.get("_link_followed"):
        # a link such as http://127.0.0.1:PORT/?alert=12 (from a digest) opens that alert
        st.session_state["_link_followed"] = True
        wanted = str(st.query_params.get("alert", ""))
        if wanted.isdigit() and int(wanted) in ids:
            st.session_state["alert_pick"] = int(wanted)
    if st.session_state.get("alert_pick") not in ids:
        st.session_state["alert_pick"] = ids[0]
    options = {int(r["alert_id"]): _alert_option(r) for _, r in shown.iterrows()}
    picked = st.selectbox(
        "Alert to work on", ids, key="alert_pick", format_func=lambda i: options.get(i, f"#{i}")
    )
    alert_detail(cfg, snap, shown[shown["alert_id"] == picked].iloc[0])
    with st.expander("Recent status changes (all alerts)"):
        changes = snap.recent_changes
        st.dataframe(
            pd.DataFrame(
                {
                    "when": [_fmt_time(t) for t in changes["changed_at"]],
                    "alert": changes["alert_id"],
                    "status": changes["status"],
                    "by": changes["changed_by"],
                    "note": changes["note"],
                    "practice": changes["practice_id"],
                    "severity": changes["severity"],
                }
            ),
            hide_index=True,
            width="stretch",
            key="recent_changes",
        )


# ---- trends -----------------------------------------------------------------------------------


def trends_page(cfg: Config, snap: Snapshot) -> None:
    ids = [p.ods for p in cfg.practices]
    practice = st.selectbox(
        "Practice", ids, key="trend_practice", format_func=lambda p: practice_label(cfg, p)
    )
    daily = snap.daily[snap.daily["practice_id"] == practice]
    st.subheader("Mentions and sentiment per day")
    if daily.empty:
        st.info("No mentions of this practice yet.")
    else:
        mentions = daily.pivot_table(
            index="day", columns="source", values="mentions", aggfunc="sum", fill_value=0
        )
        st.bar_chart(mentions, y_label="mentions")
        sentiment = daily.pivot_table(
            index="day", columns="source", values="mean_compound", aggfunc="mean"
        )
        st.line_chart(sentiment, y_label="mean sentiment (-1 to +1)")
        with st.expander("The numbers"):
            st.dataframe(
                daily[["day", "source", "mentions", "mean_compound", "negative", "positive"]],
                hide_index=True,
                key="daily_table",
            )
    st.subheader("Alerts per week by severity")
    weekly = snap.weekly[snap.weekly["practice_id"] == practice]
    if weekly.empty:
        st.info("No alerts for this practice.")
    else:
        per_week = weekly.pivot_table(
            index="week", columns="severity", values="alerts", aggfunc="sum", fill_value=0
        ).reindex(columns=list(SEVERITIES), fill_value=0)
        st.bar_chart(
            per_week, color=[SEVERITY_HEX[s] for s in SEVERITIES], stack=True, y_label="alerts"
        )
        with st.expander("The numbers"):
            st.dataframe(
                weekly[["week", "severity", "alerts"]], hide_index=True, key="weekly_table"
            )
    st.subheader("Most active authors in flagged posts")
    authors = snap.authors[snap.authors["practice_id"] == practice]
    if authors.empty:
        st.info("No flagged post of this practice has a named author.")
    else:
        st.dataframe(
            authors[
                ["author", "source", "flagged_posts", "alerts", "critical_or_high", "last_post_at"]
            ],
            hide_index=True,
            width="stretch",
            key="authors_table",
        )
    reviews_section(snap, practice)


def reviews_section(snap: Snapshot, practice: str) -> None:
    st.subheader("NHS website reviews")
    reviews = snap.reviews[snap.reviews["practice_id"] == practice]
    if reviews.empty:
        st.info("No NHS website reviews stored for this practice.")
        return
    rated = reviews.dropna(subset=["rating"])
    waiting = reviews[~reviews["replied"]]
    cols = st.columns(3)
    cols[0].metric("Reviews", len(reviews))
    cols[1].metric("Average stars", f"{rated['rating'].mean():.1f}" if len(rated) else "–")
    cols[2].metric("Awaiting a reply", len(waiting))
    if len(rated):
        monthly = (
            rated.assign(month=pd.to_datetime(rated["day"]).dt.to_period("M").dt.to_timestamp())
            .groupby("month", as_index=False)
            .agg(mean_stars=("rating", "mean"), reviews=("rating", "size"))
        )
        # one dot per review: a month with a single review is not mistaken for a trend
        st.scatter_chart(rated, x="day", y="rating", y_label="stars (1-5)", x_label="posted")
        with st.expander("Stars per month"):
            st.dataframe(monthly, hide_index=True, key="ratings_table")
    st.markdown("**Reviews awaiting a reply**")
    if waiting.empty:
        st.success("Every stored review has a reply.")
        return
    st.dataframe(
        pd.DataFrame(
            {
                "posted": [_fmt_time(t) for t in waiting["published_at"]],
                "stars": waiting["rating"],
                "title": waiting["title"],
                "review": [preview(t, 200) for t in waiting["text"]],
                "link": [safe_url(u) or "" for u in waiting["url"]],
            }
        ),
        hide_index=True,
        width="stretch",
        key="awaiting_table",
        column_config={"link": st.column_config.LinkColumn("link", display_text="open")},
    )


# ---- runs -------------------------------------------------------------------------------------


def runs_page(snap: Snapshot, states: list[health.SourceState]) -> None:
    stopped = health.runs_stopped(snap.runs, datetime.now(UTC))
    if stopped:
        st.error(md_escape(stopped))
    st.subheader("Sources")
    for s in states:
        if s.state == "failing":
            st.error(md_escape(s.message))
        elif s.problem:
            st.warning(md_escape(s.message))
    st.dataframe(
        pd.DataFrame(
            {
                "source": [s.name for s in states],
                "kind": [s.kind for s in states],
                "state": [s.state.replace("_", " ") for s in states],
                "detail": [s.message for s in states],
            }
        ),
        hide_index=True,
        width="stretch",
        key="health_table",
    )
    h = snap.health
    if not h.empty:
        with st.expander("Per-source details"):
            st.dataframe(h, hide_index=True, width="stretch", key="health_details")
    st.subheader("Last monitoring runs")
    if snap.runs.empty:
        st.info("No runs recorded yet.")
    else:
        st.dataframe(snap.runs, hide_index=True, width="stretch", key="runs_table")


# ---- the page ---------------------------------------------------------------------------------


def load_cfg() -> Config:
    path = config_path(sys.argv[1:], os.environ)
    try:
        return load_config(path)
    except ConfigError as exc:
        st.error(md_escape(str(exc)))
        st.stop()


def main() -> None:
    st.set_page_config(page_title="gpwatch dashboard", layout="wide")
    cfg = load_cfg()
    # a button's value is True during the run its click causes
    reading = CACHE.get(cfg.database_path, force=bool(st.session_state.get("refresh")))
    sidebar(cfg, reading.snapshot)
    flash_messages()
    if reading.notice:
        (st.warning if reading.stale else st.info)(md_escape(reading.notice))
    snap = reading.snapshot
    if snap is None:
        return
    configured = [health.ConfiguredSource(s.name, s.kind, s.enabled) for s in cfg.sources]
    states = health.assess_sources(configured, snap.health, datetime.now(UTC))
    problems = [s for s in states if s.problem]
    # lazy tabs: only the open one runs; the address carries it (?view=Trends) for links
    tab_alerts, tab_trends, tab_runs = st.tabs(
        ["Alerts", "Trends", "Runs"], key="view", on_change="rerun", bind="query-params"
    )
    if tab_alerts.open:
        with tab_alerts:
            alerts_page(cfg, snap, problems)
    if tab_trends.open:
        with tab_trends:
            trends_page(cfg, snap)
    if tab_runs.open:
        with tab_runs:
            runs_page(snap, states)


main()
