"""The dashboard end to end: `gpwatch dashboard` in a subprocess, opened in headless Chromium.

Chromium is Debian's package (/usr/bin/chromium), started here with its DevTools port and a
fresh profile, and driven through that port with playwright's Python package (which never
downloads a browser of its own). The tests skip, saying why, where either is missing.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from gpwatch.config import load_config
from gpwatch.demo import DEMO_URL_ENV, DemoServer
from storage.dashboard_queries import open_alerts
from tests.test_dashboard import HOSTILE, MARKDOWN_TRAP, make_demo_database

# GPWATCH_CHROMIUM: another Chromium build (or a missing path, to see the skip)
CHROMIUM = Path(
    os.environ.get("GPWATCH_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
)
GPWATCH = Path(sys.executable).with_name("gpwatch")
TABLE = '[data-testid="stDataFrame"]'
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-extensions",
    "--disable-dev-shm-usage",
    "--mute-audio",
]


def _missing() -> str | None:
    if not CHROMIUM.exists():
        return (
            f"{CHROMIUM} is absent: install Debian's chromium (apt-get install -y chromium) "
            "to run the browser tests"
        )
    if importlib.util.find_spec("playwright") is None:
        return "the playwright Python package is not installed (pip install -e '.[dev]')"
    return None


# decided at collection, so a machine without a browser does not start Prefect for nothing
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(_missing() is not None, reason=_missing() or ""),
]


def query(cfg: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(load_config(cfg).database_path), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


class Output:
    """Drains a subprocess's output into memory, so a full pipe never stalls it."""

    def __init__(self, proc: subprocess.Popen) -> None:
        self.lines: list[str] = []
        self._thread = threading.Thread(target=self._read, args=(proc,), daemon=True)
        self._thread.start()

    def _read(self, proc: subprocess.Popen) -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, prefix: str, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.lines:
                if line.startswith(prefix):
                    return line
            time.sleep(0.05)
        raise AssertionError(f"no line starting {prefix!r} in {self.lines}")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def site(prefect_api, tmp_path_factory) -> Iterator[tuple[Path, str]]:
    """A demo database made by a real run, and the demo's web server (for later runs)."""
    cfg = make_demo_database(tmp_path_factory.mktemp("browser") / "demo")
    with DemoServer(cfg.parent) as server:
        yield cfg, server.url


@pytest.fixture(scope="module")
def dashboard(site) -> Iterator[str]:
    """`gpwatch dashboard --config ...` with no --port: it picks a free one and prints it."""
    cfg, demo_url = site
    proc = subprocess.Popen(
        [str(GPWATCH), "dashboard", "--config", str(cfg)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, DEMO_URL_ENV: demo_url},
    )
    out = Output(proc)
    try:
        line = out.wait_for("gpwatch dashboard: http://127.0.0.1:", timeout=30)
        url = line.split()[2]
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.read() == b"ok":
                        break
            except OSError:
                pass
            assert proc.poll() is None, out.lines
            assert time.monotonic() < deadline, out.lines
            time.sleep(0.2)
        yield url
    finally:
        stop(proc)


@pytest.fixture(scope="module")
def browser(tmp_path_factory) -> Iterator[object]:
    """Debian's Chromium, headless with a new profile, driven over its DevTools port."""
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    proc = subprocess.Popen(
        [
            str(CHROMIUM),
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=0",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not (port_file.exists() and len(port_file.read_text().split()) >= 2):
            assert proc.poll() is None, "chromium exited at start"
            assert time.monotonic() < deadline, "chromium did not open its DevTools port"
            time.sleep(0.05)
        port = port_file.read_text().split()[0]
        with sync_playwright() as pw:
            chromium = pw.chromium.connect_over_cdp(f"http://127.0.0.1:{port}")
            yield chromium
            chromium.close()
    finally:
        stop(proc)


@pytest.fixture
def page(browser):
    context = browser.contexts[0] if browser.contexts else browser.new_context()
    page = context.new_page()
    page.set_viewport_size({"width": 1400, "height": 2600})
    page.dialogs = []  # every alert()/confirm() the page tries to open
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    yield page
    page.close()


def open_dashboard(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(TABLE, timeout=60_000)
    page.get_by_text("Alert to work on").wait_for(timeout=30_000)
    assert page.locator('[data-testid="stException"]').count() == 0


def test_alerts_table_opens_in_chromium_and_is_screenshotted(
    dashboard, page, site, tmp_path_factory
):
    cfg, _ = site
    open_dashboard(page, dashboard)
    worst = query(cfg, "SELECT alert_id, severity FROM v_open_alerts LIMIT 1")[0]
    assert worst[1] == "critical"
    page.get_by_text(f"Alert {worst[0]}:").wait_for()
    page.get_by_role("button", name="Acknowledge").wait_for()
    page.wait_for_timeout(500)  # let the table's canvas paint
    shot = screenshot_dir(tmp_path_factory) / "dashboard-alerts.png"
    page.screenshot(path=str(shot), full_page=True)
    print(f"screenshot: {shot}")
    assert shot.stat().st_size > 20_000
    assert page.dialogs == []
    # clicking a row of the table opens that alert (rows are drawn on a canvas: click by place)
    third = int(open_alerts(load_config(cfg).database_path)["alert_id"].iloc[2])
    box = page.locator(TABLE).first.bounding_box()
    header = row = 35  # Streamlit's default row height, header included
    page.mouse.click(box["x"] + 15, box["y"] + header + 2 * row + row / 2)
    page.get_by_text(f"Alert {third}:").wait_for(timeout=30_000)


def screenshot_dir(tmp_path_factory) -> Path:
    shots = Path(os.environ.get("GPWATCH_SCREENSHOTS", tmp_path_factory.getbasetemp()))
    shots.mkdir(parents=True, exist_ok=True)
    return shots


def test_hostile_post_shows_as_text_and_opens_no_dialog(dashboard, page, site, tmp_path_factory):
    cfg, _ = site
    for n, raw in enumerate((HOSTILE, MARKDOWN_TRAP)):
        alert_id = query(cfg, "SELECT alert_id FROM v_open_alerts WHERE text = ?", [raw])[0][0]
        page.goto(f"{dashboard}/?alert={alert_id}")
        page.get_by_text(raw, exact=True).wait_for(timeout=60_000)
        assert page.get_by_text(raw, exact=True).is_visible()
        page.wait_for_timeout(1000)  # an onerror handler would have fired by now
        assert page.dialogs == []
        assert page.locator('img[src="x"]').count() == 0
        assert page.locator('a[href^="javascript"]').count() == 0
        assert page.locator("strong", has_text="bold").count() == 0
        assert page.locator('img[src*="192.0.2.1"]').count() == 0
        page.screenshot(path=str(screenshot_dir(tmp_path_factory) / f"dashboard-hostile-{n}.png"))


def test_dashboard_keeps_answering_while_runs_write_in_a_loop(dashboard, page, site, prefect_api):
    cfg, demo_url = site
    runs_before = query(cfg, "SELECT count(*) FROM runs")[0][0]
    loop = subprocess.Popen(
        [
            "bash",
            "-c",
            'for i in 1 2; do "$0" run --config "$1" || exit 1; done',
            str(GPWATCH),
            str(cfg),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, DEMO_URL_ENV: demo_url, "PREFECT_API_URL": prefect_api},
    )
    out = Output(loop)
    loads, slowest, acknowledged = 0, 0.0, False
    try:
        while loop.poll() is None or loads < 2:
            started = time.monotonic()
            open_dashboard(page, dashboard)
            slowest = max(slowest, time.monotonic() - started)
            loads += 1
            if not acknowledged:
                # a write from the dashboard while runs are writing: it waits its turn
                page.get_by_role("button", name="Acknowledge").click()
                page.get_by_text("acknowledged by").wait_for(timeout=60_000)
                acknowledged = True
    finally:
        stop(loop)
    assert loop.returncode == 0, out.lines
    assert loads >= 2
    runs = query(cfg, "SELECT status FROM runs ORDER BY started_at")
    assert len(runs) == runs_before + 2
    # no run had to give up on the database and spool its batches because of the dashboard
    assert query(cfg, "SELECT count(*) FROM run_sources WHERE status = 'spooled'") == [(0,)]
    assert query(cfg, "SELECT count(*) FROM alert_events WHERE status = 'acknowledged'") == [(1,)]
    assert page.dialogs == []
    print(f"{loads} page loads during {len(runs) - runs_before} runs; slowest {slowest:.1f} s")
