"""The dashboard, driven with Streamlit's AppTest on a database made by a real demo run.

One demo run per module (a real Prefect flow over the demo's feeds and NHS website pages served
on 127.0.0.1, plus a forum feed with hostile posts and a source that answers 404); every test
works on its own copy of the resulting folder, so acknowledging in one test does not leak into
another.
"""

from __future__ import annotations

import getpass
import hashlib
import itertools
import json
import re
import shutil
import subprocess
import sys
import textwrap
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest
from typer.testing import CliRunner

from dashboards import actions
from dashboards.data import CACHE, SnapshotCache, config_path
from dashboards.health import ConfiguredSource, assess_sources, runs_stopped
from dashboards.text import md_escape, md_link, safe_url
from gpwatch.config import load_config
from gpwatch.demo import DEMO_URL_ENV, DemoServer
from tests.conftest import DEMO

pytestmark = pytest.mark.slow

APP = Path(__file__).resolve().parent.parent / "dashboards" / "app.py"
HOSTILE = "<img src=x onerror=alert(1)>"
MARKDOWN_TRAP = (
    "**bold** [click me](javascript:alert(2)) :red[red] $x^2$ ![x](http://192.0.2.1/x.png)"
)
FORUM_AUTHOR = "@angry_patient_99"
UK = ZoneInfo("Europe/London")

# Atom with type="text" bodies: declared plain text, so the RSS connector keeps "<img ...>" as
# the literal characters a person typed, exactly as a social platform's JSON would carry them.
FORUM_FEED = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Sheffield patients forum</title><id>urn:forum:sheffield</id>
  <updated>2026-11-24T10:00:00Z</updated>
  <entry><id>urn:forum:post:1</id>
    <title type="text">Elm Tree Surgery receptionist Jade Wilson is a useless idiot</title>
    <link href="https://forum.example/t/1"/>
    <author><name>{FORUM_AUTHOR}</name></author>
    <published>2026-11-24T10:00:00Z</published><updated>2026-11-24T10:00:00Z</updated>
    <content type="text">&lt;img src=x onerror=alert(1)&gt;</content></entry>
  <entry><id>urn:forum:post:2</id>
    <title type="text">Elm Tree Surgery: Jade Wilson on reception is a stupid cow</title>
    <link href="javascript:alert(3)"/>
    <author><name>{FORUM_AUTHOR}</name></author>
    <published>2026-11-20T09:30:00Z</published><updated>2026-11-20T09:30:00Z</updated>
    <content type="text">{MARKDOWN_TRAP.replace("&", "&amp;")}</content></entry>
</feed>
"""

EXTRA_SOURCES = """
[[sources]]
name = "patient-forum"
kind = "rss"
url = "feeds/patient-forum.xml"

[[sources]]
name = "broken-feed"
kind = "rss"
url = "${GPWATCH_DEMO_URL:-http://127.0.0.1:8765}/feeds/moved-away.xml"
"""


def make_demo_database(folder: Path) -> Path:
    """Copy the demo into `folder`, add the forum feed and a broken source, and run a real
    monitoring run over it (Prefect flow, DemoServer on 127.0.0.1). Returns the config path."""
    from flows.monitor import monitor

    shutil.copytree(DEMO, folder, ignore=shutil.ignore_patterns("data", "outbox"))
    (folder / "feeds" / "patient-forum.xml").write_text(FORUM_FEED, encoding="utf-8")
    cfg = folder / "gpwatch.toml"
    cfg.write_text(cfg.read_text(encoding="utf-8") + EXTRA_SOURCES, encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp, DemoServer(folder) as server:
        mp.setenv(DEMO_URL_ENV, server.url)
        summary = monitor(str(cfg))
    by_name = {s["source"]: s for s in summary["sources"]}
    assert by_name["patient-forum"]["new"] == 2, summary
    assert by_name["broken-feed"]["status"] == "failed", summary
    return cfg


@pytest.fixture(scope="module")
def golden(prefect_api, tmp_path_factory) -> Path:
    """The demo folder after one real run (made once per module; never modified)."""
    return make_demo_database(tmp_path_factory.mktemp("dashboard") / "demo").parent


@pytest.fixture
def demo(golden, tmp_path, monkeypatch) -> Path:
    """A private copy of the golden folder, database included; the dashboard's config is it."""
    target = tmp_path / "demo"
    shutil.copytree(golden, target)
    cfg = target / "gpwatch.toml"
    monkeypatch.setenv("GPWATCH_CONFIG", str(cfg))
    return cfg


def db_path(cfg: Path) -> Path:
    return load_config(cfg).database_path


def query(cfg: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(db_path(cfg)), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def start_app(view: str | None = None) -> AppTest:
    """The dashboard after its first run, on the tab `view` (Alerts by default)."""
    at = AppTest.from_file(str(APP), default_timeout=60)
    if view:
        at.query_params["view"] = view
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def table(at: AppTest, *columns: str) -> pd.DataFrame:
    """The first dataframe on the page that has all of `columns`."""
    for df in at.dataframe:
        if set(columns) <= set(df.value.columns):
            return df.value
    raise AssertionError(f"no table with columns {columns}")


def table_or_none(at: AppTest, *columns: str) -> pd.DataFrame | None:
    try:
        return table(at, *columns)
    except AssertionError:
        return None


def alert_ids(at: AppTest) -> list[int]:
    return [int(i) for i in table(at, "alert", "severity", "post")["alert"]]


def alert_id_of(cfg: Path, text: str) -> int:
    rows = query(cfg, "SELECT alert_id FROM v_open_alerts WHERE text = ?", [text])
    assert len(rows) == 1, rows
    return int(rows[0][0])


@contextmanager
def writer_holding(path: Path, seconds: float | None = None) -> Iterator[subprocess.Popen]:
    """Another process holding the database open for writing, as a monitoring run does:
    until the block ends, or for `seconds`."""
    code = textwrap.dedent(
        """
        import sys, time, duckdb
        con = duckdb.connect(sys.argv[1])
        print("held", flush=True)
        if float(sys.argv[2]) < 0:
            sys.stdin.readline()
        else:
            time.sleep(float(sys.argv[2]))
        con.close()
        """
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(path), str(-1 if seconds is None else seconds)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
        yield proc
    finally:
        if proc.stdin:
            proc.stdin.close()
        proc.wait(timeout=30)


# ---- alerts triage ----------------------------------------------------------------------------


def test_alerts_page_lists_every_open_alert_critical_first(demo):
    at = start_app()
    expected = query(demo, "SELECT alert_id, severity FROM v_open_alerts")
    shown = table(at, "alert", "severity", "post")
    assert sorted(alert_ids(at)) == sorted(r[0] for r in expected)
    rank = {"CRITICAL": 0, "HIGH": 1, "MEDIUM": 2, "LOW": 3}
    ranks = [rank[s] for s in shown["severity"]]
    assert ranks == sorted(ranks) and ranks[0] == 0
    metrics = {m.label.lower(): m.value for m in at.metric}
    for severity in ("critical", "high", "medium", "low"):
        assert int(metrics[severity]) == sum(1 for r in expected if r[1] == severity)
    # the worst alert is open for work, with its guidance links
    assert at.selectbox(key="alert_pick").value == alert_ids(at)[0]
    guidance = json.loads(
        query(demo, "SELECT next_steps FROM alerts WHERE alert_id = ?", [alert_ids(at)[0]])[0][0]
    )
    page_md = "\n".join(m.value for m in at.markdown)
    for entry in guidance:
        assert f"]({entry['url']})" in page_md
    assert at.text_input(key="who").value == getpass.getuser()


def test_filters_by_practice_severity_source_and_date(demo):
    at = start_app()
    rows = query(
        demo,
        "SELECT alert_id, practice_id, severity, source, published_at, created_at "
        "FROM v_open_alerts",
    )

    def uk_day(r) -> date:
        return (r[4] or r[5]).astimezone(UK).date()

    at.multiselect(key="f_practice").set_value(["X99001"]).run()
    assert sorted(alert_ids(at)) == sorted(r[0] for r in rows if r[1] == "X99001")
    at.multiselect(key="f_severity").set_value(["high"]).run()
    want = sorted(r[0] for r in rows if r[1] == "X99001" and r[2] == "high")
    assert want and sorted(alert_ids(at)) == want
    at.multiselect(key="f_practice").set_value([]).run()
    at.multiselect(key="f_severity").set_value([]).run()
    at.multiselect(key="f_source").set_value(["nhs_reviews"]).run()
    assert sorted(alert_ids(at)) == sorted(r[0] for r in rows if r[3] == "nhs_reviews")
    at.multiselect(key="f_source").set_value([]).run()
    since, until = date(2026, 11, 20), date(2026, 11, 23)
    at.date_input(key="f_since").set_value(since).run()
    at.date_input(key="f_until").set_value(until).run()
    want = sorted(r[0] for r in rows if since <= uk_day(r) <= until)
    assert want and len(want) < len(rows)
    assert sorted(alert_ids(at)) == want
    # a filter that matches nothing says so instead of showing an empty table
    at.date_input(key="f_since").set_value(date(2020, 1, 1)).run()
    at.date_input(key="f_until").set_value(date(2020, 1, 2)).run()
    assert any("No open alerts match" in i.value for i in at.info)
    assert not at.exception


def test_hostile_post_is_shown_as_plain_text_never_as_markup(demo):
    hostile_id = alert_id_of(demo, HOSTILE)
    trap_id = alert_id_of(demo, MARKDOWN_TRAP)
    at = start_app()
    for alert_id, raw in ((hostile_id, HOSTILE), (trap_id, MARKDOWN_TRAP)):
        at.selectbox(key="alert_pick").set_value(alert_id).run()
        assert not at.exception
        assert raw in [t.value for t in at.text]  # st.text: shown exactly as typed
        for md in [*at.markdown, *at.caption, *at.subheader, *at.warning, *at.success]:
            assert "<img" not in md.value and "](javascript:" not in md.value, md.value
            assert "**bold**" not in md.value and ":red[" not in md.value
        assert FORUM_AUTHOR.replace("_", "\\_") in "\n".join(c.value for c in at.caption)
        links = [b.proto.url for b in at.get("link_button")]
        # the post's own link is offered only when it is an http(s) address
        assert links == (["https://forum.example/t/1"] if alert_id == hostile_id else [])


def test_link_with_alert_id_opens_that_alert(demo):
    hostile_id = alert_id_of(demo, HOSTILE)
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["alert"] = str(hostile_id)
    at.run()
    assert at.selectbox(key="alert_pick").value == hostile_id
    assert HOSTILE in [t.value for t in at.text]


def test_acknowledge_records_who_and_when_visible_in_gpwatch_sql(demo):
    from gpwatch.cli import app as cli

    at = start_app()
    alert_id = alert_ids(at)[0]
    before = datetime.now(UK) - timedelta(seconds=1)
    at.text_input(key="who").set_value("Karen Holt (practice manager)").run()
    at.text_area(key=f"note_{alert_id}").set_value("Police called, ref 2611-77").run()
    at.button(key=f"ack_{alert_id}").click().run()
    assert not at.exception
    assert any(f"Alert {alert_id} acknowledged" in s.value.replace("\\", "") for s in at.success)
    status, by, changed_at = query(
        demo,
        "SELECT status, status_changed_by, status_changed_at FROM alerts WHERE alert_id = ?",
        [alert_id],
    )[0]
    assert (status, by) == ("acknowledged", "Karen Holt (practice manager)")
    assert before <= changed_at <= datetime.now(UK) + timedelta(seconds=1)
    # still on the list (acknowledged is not resolved), shown as such, button now disabled
    shown = table(at, "alert", "status")
    assert shown.loc[shown["alert"] == alert_id, "status"].item() == "acknowledged"
    assert at.button(key=f"ack_{alert_id}").disabled
    assert at.text_area(key=f"note_{alert_id}").value == ""
    history = table(at, "when", "status", "by", "note")
    assert "Police called, ref 2611-77" in list(history["note"])
    result = CliRunner().invoke(
        cli,
        [
            "sql",
            "--config",
            str(demo),
            "--format",
            "json",
            "SELECT * FROM alert_events WHERE status = 'acknowledged'",
        ],
    )
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.output.splitlines() if line.strip()]
    assert [(e["alert_id"], e["changed_by"], e["note"]) for e in events] == [
        (alert_id, "Karen Holt (practice manager)", "Police called, ref 2611-77")
    ]


def test_resolve_needs_a_note_then_the_alert_leaves_the_list(demo):
    at = start_app()
    alert_id = alert_ids(at)[1]
    at.selectbox(key="alert_pick").set_value(alert_id).run()
    at.button(key=f"resolve_{alert_id}").click().run()
    assert any("Write a note" in w.value for w in at.warning)
    assert query(demo, "SELECT status FROM alerts WHERE alert_id = ?", [alert_id]) == [("open",)]
    at.text_area(key=f"note_{alert_id}").set_value("Reported to the platform; post removed.")
    at.button(key=f"resolve_{alert_id}").click().run()
    assert not at.exception
    assert alert_id not in alert_ids(at)
    events = query(
        demo,
        "SELECT status, changed_by, note FROM alert_events WHERE alert_id = ? ORDER BY changed_at",
        [alert_id],
    )
    assert events[-1] == ("resolved", getpass.getuser(), "Reported to the platform; post removed.")
    severities = [m for m in at.metric if m.label.lower() in ("critical", "high", "medium", "low")]
    assert sum(int(m.value) for m in severities) == len(query(demo, "SELECT 1 FROM v_open_alerts"))


def test_a_status_change_without_a_name_is_refused(demo):
    at = start_app()
    alert_id = alert_ids(at)[0]
    at.text_input(key="who").set_value("   ").run()
    at.button(key=f"ack_{alert_id}").click().run()
    assert any("Enter your name" in w.value for w in at.warning)
    assert query(demo, "SELECT status FROM alerts WHERE alert_id = ?", [alert_id]) == [("open",)]


def test_export_evidence_writes_a_pack_and_records_it(demo):
    if not actions.evidence_available():
        pytest.skip("alerts/evidence.py (the evidence export) is not in this checkout")
    at = start_app()
    alert_id = alert_id_of(demo, HOSTILE)
    at.selectbox(key="alert_pick").set_value(alert_id).run()
    at.text_input(key="who").set_value("Dr Amira Patel").run()
    at.button(key=f"export_{alert_id}").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert not [w.value for w in at.warning if "Not exported" in w.value]
    exports = sorted((db_path(demo).parent / "exports").glob(f"alert-{alert_id}-*.zip"))
    assert len(exports) == 1
    with zipfile.ZipFile(exports[0]) as z:
        manifest = z.read("manifest.json")
        assert any(HOSTILE.encode() in z.read(n) for n in z.namelist() if n != "manifest.json")
    digest = hashlib.sha256(manifest).hexdigest()
    assert digest in "\n".join(c.value for c in at.caption)
    assert at.get("download_button"), "the pack can be downloaded from the page"
    custody = query(demo, "SELECT who, action, pack_sha256 FROM custody_events")
    assert ("Dr Amira Patel", "export", digest) in custody


def test_export_button_is_disabled_with_a_note_when_evidence_is_not_installed(demo, monkeypatch):
    monkeypatch.setattr(actions, "evidence_available", lambda: False)
    at = start_app()
    alert_id = alert_ids(at)[0]
    assert at.button(key=f"export_{alert_id}").disabled
    assert any("not installed" in c.value for c in at.caption)


# ---- trends -----------------------------------------------------------------------------------


def test_trends_for_a_practice_match_the_database(demo):
    at = start_app("Trends")
    at.selectbox(key="trend_practice").set_value("X99001").run()
    assert not at.exception
    daily = table(at, "day", "source", "mentions", "mean_compound")
    mentions = query(
        demo, "SELECT source, count(*) FROM v_mentions WHERE practice_id = 'X99001' GROUP BY source"
    )
    for source, count in mentions:
        assert daily.loc[daily["source"] == source, "mentions"].sum() == count
    compounds = query(demo, "SELECT compound FROM v_mentions WHERE practice_id = 'X99001'")
    weighted = (daily["mean_compound"] * daily["mentions"]).sum() / daily["mentions"].sum()
    assert weighted == pytest.approx(sum(c[0] for c in compounds) / len(compounds), abs=0.01)
    weekly = table(at, "week", "severity", "alerts")
    by_severity = dict(
        query(
            demo,
            "SELECT severity, count(*) FROM alerts WHERE practice_id = 'X99001' GROUP BY severity",
        )
    )
    assert weekly.groupby("severity")["alerts"].sum().to_dict() == by_severity
    authors = table(at, "author", "flagged_posts")
    top = authors.iloc[0]
    assert (top["author"], top["flagged_posts"]) == (FORUM_AUTHOR, 2)


def test_star_ratings_and_reviews_awaiting_a_reply(demo):
    at = start_app("Trends")
    at.selectbox(key="trend_practice").set_value("X99001").run()
    reviews = query(
        demo,
        "SELECT extras, published_at FROM raw_items "
        "WHERE source = 'nhs_reviews' AND practice_hint = 'X99001'",
    )
    extras = [json.loads(e) for e, _ in reviews]
    waiting = [x for x in extras if not x.get("reply")]
    assert 0 < len(waiting) < len(extras)
    metrics = {m.label: m.value for m in at.metric}
    assert int(metrics["Awaiting a reply"]) == len(waiting)
    assert int(metrics["Reviews"]) == len(extras)
    stars = [x["rating"] for x in extras if x.get("rating") is not None]
    assert float(metrics["Average stars"]) == pytest.approx(sum(stars) / len(stars), abs=0.05)
    awaiting = table(at, "posted", "stars", "review")
    assert sorted(awaiting["stars"].tolist()) == sorted(x["rating"] for x in waiting)
    monthly = table(at, "month", "mean_stars")
    assert monthly["reviews"].sum() == len(stars)


# ---- runs -------------------------------------------------------------------------------------


def test_runs_page_shows_the_broken_source_and_the_last_runs(demo):
    at = start_app()
    # the Alerts tab points at it
    assert any("broken-feed" in w.value.replace("\\", "") for w in at.warning)
    at.session_state["view"] = "Runs"
    at.run()
    assert not table_or_none(at, "alert", "severity", "post")
    errors = [e.value.replace("\\", "") for e in at.error]
    assert any("broken-feed failed" in e and "404" in e for e in errors), errors
    health = table(at, "source", "state", "detail")
    states = dict(zip(health["source"], health["state"], strict=True))
    assert states["broken-feed"] == "failing"
    assert states["patient-forum"] == "ok"
    runs = table(at, "run_id", "status", "failed_sources")
    assert runs[["run_id", "status"]].values.tolist() == [
        list(r) for r in query(demo, "SELECT run_id, status FROM runs")
    ]
    assert runs["failed_sources"].tolist() == [1]


def test_source_health_catches_quiet_failures():
    now = datetime(2026, 12, 1, 12, tzinfo=UK)
    ok_run = now - timedelta(hours=1)
    health = pd.DataFrame(
        [
            {
                "source_name": "feed-a",
                "kind": "rss",
                "last_status": "ok",
                "last_run_at": ok_run,
                "last_success_at": ok_run,
                "last_error": None,
                "last_fetched": 0,
                "failures_since_success": 0,
                "last_new_item_at": now - timedelta(days=30),
            },
            {
                "source_name": "nhs.X1",
                "kind": "nhs_reviews",
                "last_status": "failed",
                "last_run_at": ok_run,
                "last_success_at": now - timedelta(days=3),
                "last_error": "page structure changed",
                "last_fetched": 0,
                "failures_since_success": 5,
                "last_new_item_at": now - timedelta(days=3),
            },
            {
                "source_name": "spooly",
                "kind": "rss",
                "last_status": "spooled",
                "last_run_at": ok_run,
                "last_success_at": None,
                "last_error": "database busy",
                "last_fetched": 3,
                "failures_since_success": 1,
                "last_new_item_at": None,
            },
            {
                "source_name": "old",
                "kind": "rss",
                "last_status": "ok",
                "last_run_at": ok_run,
                "last_success_at": ok_run,
                "last_error": None,
                "last_fetched": 1,
                "failures_since_success": 0,
                "last_new_item_at": ok_run,
            },
        ]
    )
    configured = [
        ConfiguredSource("feed-a", "rss"),
        ConfiguredSource("nhs", "nhs_reviews"),
        ConfiguredSource("spooly", "rss"),
        ConfiguredSource("new-one", "rss"),
        ConfiguredSource("off", "rss", enabled=False),
    ]
    states = {s.name: s for s in assess_sources(configured, health, now)}
    assert states["feed-a"].state == "quiet" and "nothing new since" in states["feed-a"].message
    assert states["nhs.X1"].state == "failing"
    assert "5 runs in a row" in states["nhs.X1"].message
    assert "page structure changed" in states["nhs.X1"].message
    assert states["spooly"].state == "spooled"
    assert states["new-one"].state == "never_ran"
    assert states["off"].state == "disabled" and not states["off"].problem
    assert states["old"].state == "not_configured" and not states["old"].problem
    runs = pd.DataFrame({"started_at": [now - timedelta(days=2)]})
    assert "Is `gpwatch serve`" in runs_stopped(runs, now)
    assert runs_stopped(pd.DataFrame({"started_at": [ok_run]}), now) is None


# ---- living with the writer -------------------------------------------------------------------


def test_while_a_run_holds_the_database_the_last_data_is_shown_with_a_notice(demo):
    at = start_app()
    before = alert_ids(at)
    with writer_holding(db_path(demo)):
        at.button(key="refresh").click().run()
        assert not at.exception
        notices = [w.value for w in at.warning if "writing to the database" in w.value]
        assert len(notices) == 1, [w.value for w in at.warning]
        assert alert_ids(at) == before
        # the filters still work, on the data already read
        at.multiselect(key="f_severity").set_value(["critical"]).run()
        assert alert_ids(at) and len(alert_ids(at)) < len(before)
    at.multiselect(key="f_severity").set_value([]).run()
    at.button(key="refresh").click().run()
    assert not [w.value for w in at.warning if "writing to the database" in w.value]
    assert alert_ids(at) == before


def test_first_visit_while_busy_says_so_instead_of_failing(demo):
    CACHE.invalidate(db_path(demo))
    with writer_holding(db_path(demo)):
        at = AppTest.from_file(str(APP), default_timeout=60).run()
        assert not at.exception
        assert any("database is busy" in w.value for w in at.warning)
        assert not at.dataframe
    at.run()
    assert alert_ids(at)


def test_no_database_yet_is_a_notice(demo):
    cfg = load_config(demo)
    shutil.rmtree(cfg.database_path.parent)
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception
    assert any("no database" in i.value.lower() for i in at.info)


def test_status_change_waits_for_a_short_run_to_finish(demo):
    cfg = load_config(demo)
    alert_id = query(demo, "SELECT min(alert_id) FROM v_open_alerts")[0][0]
    with writer_holding(cfg.database_path, seconds=1.5):
        started = time.monotonic()
        actions.change_status(cfg, alert_id, "acknowledged", "Jade Wilson", "seen")
        waited = time.monotonic() - started
    assert waited >= 1.0
    assert query(
        demo,
        "SELECT changed_by, note FROM alert_events WHERE alert_id = ? AND status = 'acknowledged'",
        [alert_id],
    ) == [("Jade Wilson", "seen")]


def test_status_change_gives_up_with_a_sentence_when_the_file_stays_busy(demo):
    cfg = load_config(demo)
    alert_id = query(demo, "SELECT min(alert_id) FROM v_open_alerts")[0][0]
    busy = "Not saved: the database stayed busy"
    with writer_holding(cfg.database_path), pytest.raises(actions.ActionRefused, match=busy):
        actions.change_status(cfg, alert_id, "acknowledged", "Jade", wait_seconds=0.3)
    assert query(demo, "SELECT status FROM alerts WHERE alert_id = ?", [alert_id]) == [("open",)]


def test_the_dashboard_holds_no_connection_between_reads(demo):
    # a writer can open the file right after a page has been shown
    start_app()
    con = duckdb.connect(str(db_path(demo)))
    con.close()
    cache = SnapshotCache(max_age_seconds=60)
    first = cache.get(db_path(demo))
    assert first.snapshot is not None and not first.stale
    with writer_holding(db_path(demo)):
        assert cache.get(db_path(demo)).snapshot is first.snapshot  # young enough: no read
        busy = cache.get(db_path(demo), force=True)
    assert busy.stale and busy.snapshot is first.snapshot and "writing" in busy.notice


# ---- small parts ------------------------------------------------------------------------------


def test_markdown_escaping_and_safe_links():
    for raw in (HOSTILE, MARKDOWN_TRAP, "# heading", "1. list", "a_b_c", ":material/home:"):
        escaped = md_escape(raw)
        assert escaped.replace("\\", "") == raw
        # every markup character is backslash-escaped, so none of it can take effect
        assert not re.search(r"(?<!\\)[<>\[\]()*_:`$#]", escaped), escaped
    assert safe_url("javascript:alert(1)") is None
    assert safe_url("data:text/html,<b>x</b>") is None
    assert safe_url("/relative") is None
    assert safe_url("https://example.org/a b)") == "https://example.org/a%20b%29"
    assert md_link("x](javascript:alert(1))", "javascript:alert(1)") == md_escape(
        "x](javascript:alert(1))"
    )


def test_config_path_comes_from_the_script_arguments_or_the_environment():
    env = {"GPWATCH_CONFIG": "/etc/gpwatch.toml"}
    assert config_path(["--config", "/srv/a.toml"], env) == Path("/srv/a.toml")
    assert config_path(["--config=/srv/b.toml"], env) == Path("/srv/b.toml")
    assert config_path(["-q", "--co", "tests"], env) == Path("/etc/gpwatch.toml")
    assert config_path([], {}) == Path("gpwatch.toml")


# ---- the command ------------------------------------------------------------------------------


def test_dashboard_command_line(demo):
    import socket

    from gpwatch.cli import app as cli
    from gpwatch.commands.dashboard import streamlit_argv

    argv = streamlit_argv(APP, demo, 8599)
    pairs = dict(itertools.pairwise(argv))
    assert pairs["--server.address"] == "127.0.0.1" and pairs["--server.port"] == "8599"
    assert pairs["--server.headless"] == "true"
    assert pairs["--browser.gatherUsageStats"] == "false"
    assert argv[-2:] == ["--config", str(demo)]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        busy = s.getsockname()[1]
        result = CliRunner().invoke(cli, ["dashboard", "--config", str(demo), "--port", str(busy)])
    assert result.exit_code == 2
    assert f"port {busy} on 127.0.0.1 is in use" in result.output
    result = CliRunner().invoke(cli, ["dashboard", "--config", str(demo.parent / "nope.toml")])
    assert result.exit_code == 2 and "no such config file" in result.output
