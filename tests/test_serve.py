"""`gpwatch serve`: the deployments built from the config carry the right schedules, and the
digest's next runs land on 07:00 UK time on both sides of the clocks changing (computed by
Prefect's own server-side schedule code, which is what the scheduler will use)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from typer.testing import CliRunner

from flows.serve import DIGEST_DEPLOYMENT, MONITOR_DEPLOYMENT, build_deployments, next_runs
from gpwatch.cli import app
from gpwatch.config import load_config
from tests.conftest import DEMO

LONDON = ZoneInfo("Europe/London")


def config_with(tmp_path: Path, schedule: str = "") -> Path:
    cfg = tmp_path / "gpwatch.toml"
    cfg.write_text('[[practices]]\nods = "X99001"\nname = "Elm Tree Surgery"\n' + schedule)
    return cfg


def test_default_schedule_monitor_every_30_minutes_digest_at_7_london(tmp_path):
    path = config_with(tmp_path)
    monitor, digest = build_deployments(load_config(path), path)
    assert (monitor.name, digest.name) == (MONITOR_DEPLOYMENT, DIGEST_DEPLOYMENT)
    assert monitor.entrypoint == "flows.monitor.monitor"
    assert digest.entrypoint == "flows.digest.digest"
    for d in (monitor, digest):
        assert d.parameters == {"config_path": str(path.resolve())}
        assert d.concurrency_limit == 1
        assert len(d.schedules) == 1
    interval = monitor.schedules[0].schedule
    assert interval.interval == timedelta(minutes=30)
    cron = digest.schedules[0].schedule
    assert (cron.cron, cron.timezone) == ("0 7 * * *", "Europe/London")


def test_schedule_comes_from_the_config(tmp_path):
    path = config_with(
        tmp_path,
        '[schedule]\nmonitor_every_minutes = 15\ndigest_time = "6:45"\n'
        'timezone = "Europe/Dublin"\n',
    )
    monitor, digest = build_deployments(load_config(path), path)
    assert monitor.schedules[0].schedule.interval == timedelta(minutes=15)
    cron = digest.schedules[0].schedule
    assert (cron.cron, cron.timezone) == ("45 6 * * *", "Europe/Dublin")


@pytest.mark.parametrize(
    ("start", "change"),
    [
        # the clocks go forward at 01:00 UTC on the last Sunday of March 2027 (28 March)
        (datetime(2027, 3, 25, 12, tzinfo=UTC), datetime(2027, 3, 28, 1, tzinfo=UTC)),
        # and back at 01:00 UTC on the last Sunday of October 2026 (25 October)
        (datetime(2026, 10, 22, 12, tzinfo=UTC), datetime(2026, 10, 25, 1, tzinfo=UTC)),
    ],
)
def test_digest_stays_at_7_local_across_the_clock_change(tmp_path, start, change):
    path = config_with(tmp_path)
    _, digest = build_deployments(load_config(path), path)
    runs = next_runs(digest, 6, start)
    assert len(runs) == 6
    local = [r.astimezone(LONDON) for r in runs]
    assert all((t.hour, t.minute) == (7, 0) for t in local), local
    assert [t.date() for t in local] == [(start + timedelta(days=i + 1)).date() for i in range(6)]
    before = [r for r in runs if r < change]
    after = [r for r in runs if r > change]
    assert before and after
    utc_hours = {r.astimezone(UTC).hour for r in before}, {r.astimezone(UTC).hour for r in after}
    # 07:00 BST is 06:00 UTC, 07:00 GMT is 07:00 UTC
    assert utc_hours == (({7}, {6}) if change.month == 3 else ({6}, {7}))


def test_monitor_runs_on_the_half_hour(tmp_path):
    path = config_with(tmp_path)
    monitor, _ = build_deployments(load_config(path), path)
    runs = next_runs(monitor, 4, datetime(2026, 12, 1, 9, 10, tzinfo=UTC))
    assert [r.astimezone(LONDON).strftime("%H:%M") for r in runs] == [
        "09:30",
        "10:00",
        "10:30",
        "11:00",
    ]


def test_serve_without_a_prefect_server_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    result = CliRunner().invoke(app, ["serve", "-c", str(config_with(tmp_path))])
    assert result.exit_code == 2
    assert "prefect server start" in result.output and "PREFECT_API_URL" in result.output


def test_serve_show_prints_the_next_runs(tmp_path):
    result = CliRunner().invoke(app, ["serve", "-c", str(config_with(tmp_path)), "--show"])
    assert result.exit_code == 0, result.output
    assert "gpwatch-digest next:" in result.output and "07:00" in result.output
    assert "every 30 minutes" in result.output


@pytest.mark.slow
def test_serve_registers_both_deployments_with_the_prefect_server(prefect_api, tmp_path):
    """A real `gpwatch serve` against the session's Prefect server: the deployments and their
    schedules appear there (what the UI shows); then SIGTERM stops it."""
    from prefect.client.orchestration import get_client

    cfg = tmp_path / "gpwatch.toml"
    cfg.write_text((DEMO / "gpwatch.toml").read_text())
    gpwatch = Path(sys.executable).parent / "gpwatch"
    proc = subprocess.Popen(
        [str(gpwatch), "serve", "-c", str(cfg)],
        env=dict(os.environ, PREFECT_API_URL=prefect_api),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        found: dict[str, object] = {}
        deadline = time.monotonic() + 120
        with get_client(sync_client=True) as client:
            while time.monotonic() < deadline and len(found) < 2 and proc.poll() is None:
                for name, flow in ((MONITOR_DEPLOYMENT, "monitor"), (DIGEST_DEPLOYMENT, "digest")):
                    with contextlib.suppress(Exception):
                        found[name] = client.read_deployment_by_name(f"{flow}/{name}")
                time.sleep(0.5)
        assert len(found) == 2, proc.stdout.read() if proc.poll() is not None else "timeout"
        digest = found[DIGEST_DEPLOYMENT]
        schedule = digest.schedules[0].schedule
        assert (schedule.cron, schedule.timezone) == ("0 7 * * *", "Europe/London")
        assert digest.parameters == {"config_path": str(cfg.resolve())}
        monitor = found[MONITOR_DEPLOYMENT]
        assert monitor.schedules[0].schedule.interval == timedelta(minutes=30)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_work_pool_registration_for_the_distributed_path(prefect_api, tmp_path, monkeypatch):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import WorkPoolCreate

    monkeypatch.setenv("PREFECT_API_URL", prefect_api)
    path = config_with(tmp_path)
    missing = CliRunner().invoke(app, ["serve", "-c", str(path), "--work-pool", "no-such-pool"])
    assert missing.exit_code == 2 and "work pool 'no-such-pool'" in missing.output
    with get_client(sync_client=True) as client:
        client.create_work_pool(WorkPoolCreate(name="gpwatch-test", type="process"))
    result = CliRunner().invoke(app, ["serve", "-c", str(path), "--work-pool", "gpwatch-test"])
    assert result.exit_code == 0, result.output
    assert "prefect worker start --pool gpwatch-test" in result.output
    with get_client(sync_client=True) as client:
        digest = client.read_deployment_by_name(f"digest/{DIGEST_DEPLOYMENT}")
    assert digest.work_pool_name == "gpwatch-test"
    assert digest.entrypoint == "flows.digest.digest"
    assert (digest.schedules[0].schedule.cron, digest.schedules[0].schedule.timezone) == (
        "0 7 * * *",
        "Europe/London",
    )
