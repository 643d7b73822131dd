"""The monitor flow end to end: a real Prefect run, real DuckDB, real HTTP over 127.0.0.1."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from gpwatch.config import load_config
from gpwatch.demo import DEMO_URL_ENV, DemoServer
from storage.store import Store
from tests.support.loopback import Route

pytestmark = pytest.mark.slow


def counts(cfg_path: Path) -> dict[str, int]:
    cfg = load_config(cfg_path)
    store = Store(cfg.database_path)
    return {t: store.count(t) for t in ("raw_items", "payloads", "mentions", "verdicts", "alerts")}


def run_demo(cfg_path: Path, monkeypatch) -> dict:
    from flows.monitor import monitor

    with DemoServer(cfg_path.parent) as server:
        monkeypatch.setenv(DEMO_URL_ENV, server.url)
        return monitor(str(cfg_path))


def test_demo_run_finds_mentions_and_alerts_of_every_severity(prefect_api, demo_copy, monkeypatch):
    summary = run_demo(demo_copy, monkeypatch)
    assert summary["status"] == "ok", summary
    assert all(s["error"] is None for s in summary["sources"])
    assert summary["mentions"] > 10
    for severity in ("critical", "high", "medium", "low"):
        assert summary["alerts"].get(severity, 0) >= 1, summary["alerts"]
    store = Store(load_config(demo_copy).database_path)
    with store.db.read() as con:
        practices = {
            r[0] for r in con.execute("SELECT DISTINCT practice_id FROM mentions").fetchall()
        }
        run = con.execute("SELECT status, summary FROM runs").fetchall()
        per_source = con.execute("SELECT count(*) FROM run_sources").fetchone()[0]
    assert practices == {"X99001", "X99002", "X99003", "X99004", "X99005"}
    assert run[0][0] == "ok" and per_source == len(summary["sources"])


def test_rerun_adds_no_duplicates(prefect_api, demo_copy, monkeypatch, capsys):
    from gpwatch.cli import print_summary

    first_summary = run_demo(demo_copy, monkeypatch)
    first = counts(demo_copy)
    summary = run_demo(demo_copy, monkeypatch)
    assert counts(demo_copy) == first
    assert sum(s["new"] for s in summary["sources"]) == 0
    assert summary["alerts"] == {}
    # the rerun says why it found nothing; the first run does not
    capsys.readouterr()
    print_summary(first_summary)
    assert "Nothing new" not in capsys.readouterr().out
    print_summary(summary)
    out = " ".join(capsys.readouterr().out.split())
    seen = sum(s["seen"] for s in summary["sources"])
    assert seen > 0 and f"Nothing new: the {seen} items the sources returned are already" in out


def test_run_summary_is_saved_as_a_prefect_artifact(prefect_api, demo_copy, monkeypatch):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    summary = run_demo(demo_copy, monkeypatch)
    with get_client(sync_client=True) as client:
        arts = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["gpwatch-monitor-summary"]))
        )
    assert any(summary["run_id"] in (a.data or "") for a in arts)


def failing_sources_config(tmp_path: Path, base: str, good_feed: Path) -> Path:
    text = textwrap.dedent(
        f"""
        [database]
        path = "db/gpwatch.duckdb"
        [http]
        timeout_seconds = 0.5
        retries = 1
        backoff_seconds = 0.01
        max_retry_after_seconds = 5
        [[practices]]
        ods = "X99001"
        name = "Elm Tree Surgery"
        town = "Sheffield"
        [[sources]]
        name = "good"
        kind = "rss"
        url = "{good_feed.as_uri()}"
        [[sources]]
        name = "slow"
        kind = "rss"
        url = "{base}/slow"
        [[sources]]
        name = "limited"
        kind = "rss"
        url = "{base}/limited"
        [[sources]]
        name = "broken"
        kind = "rss"
        url = "{base}/broken"
        [[sources]]
        name = "garbage"
        kind = "rss"
        url = "{base}/garbage"
        """
    )
    p = tmp_path / "gpwatch.toml"
    p.write_text(text)
    return p


GOOD_FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>
<item><guid>n1</guid><title>Elm Tree Surgery staff praised</title>
<description>Patients thank Elm Tree Surgery for a brilliant flu clinic.</description></item>
<item><guid>n2</guid><title>Elm Tree Surgery phones</title>
<description>Waited 3 weeks, on hold for an hour at 8am. Elm Tree Surgery is a joke.</description>
</item></channel></rss>"""


def test_failing_sources_fail_alone_with_one_line_each(prefect_api, tmp_path, loopback):
    from flows.monitor import monitor

    good = tmp_path / "good.xml"
    good.write_bytes(GOOD_FEED)
    loopback.routes["/slow"] = Route(GOOD_FEED, delay=2.0)
    loopback.routes["/limited"] = Route(b"slow down", status=429, headers={"Retry-After": "3600"})
    loopback.routes["/broken"] = Route(b"oops", status=500)
    loopback.routes["/garbage"] = Route(
        b"\x00\x01 this is not a feed \xff",
        status=200,
        headers={"Content-Type": "application/octet-stream"},
    )
    cfg = failing_sources_config(tmp_path, loopback.url(""), good)
    summary = monitor(str(cfg))
    by_name = {s["source"]: s for s in summary["sources"]}
    assert summary["status"] == "partial"
    assert by_name["good"]["status"] == "ok" and by_name["good"]["new"] == 2
    assert by_name["good"]["mentions"] == 2
    reasons = {"slow": "timed out", "limited": "429", "broken": "500", "garbage": "RSS or Atom"}
    for name, words in reasons.items():
        s = by_name[name]
        assert s["status"] == "failed", s
        assert words in s["error"], s["error"]
        assert "\n" not in s["error"] and "Traceback" not in s["error"]
    with Store(tmp_path / "db" / "gpwatch.duckdb").db.read() as con:
        health = dict(
            con.execute("SELECT source_name, last_status FROM v_source_health").fetchall()
        )
    assert health == {
        "good": "ok",
        "slow": "failed",
        "limited": "failed",
        "broken": "failed",
        "garbage": "failed",
    }
