"""A run killed with SIGKILL mid-way loses nothing and duplicates nothing when run again.

Real subprocesses of `gpwatch run`, talking to the session's Prefect test server, writing a real
DuckDB file, fetching over real HTTP from 127.0.0.1.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gpwatch.config import load_config
from gpwatch.demo import DEMO_URL_ENV, DemoServer
from storage.store import Store

pytestmark = pytest.mark.slow

TABLES = ("raw_items", "payloads", "mentions", "verdicts", "alerts")


def snapshot(cfg: Path) -> dict[str, list]:
    """Every natural key in the database, so 'nothing lost, nothing twice' can be compared."""
    store = Store(load_config(cfg).database_path)
    out = {}
    with store.db.read() as con:
        out["raw_items"] = sorted(
            con.execute("SELECT source, external_id FROM raw_items").fetchall()
        )
        out["mentions"] = sorted(
            con.execute("SELECT source, external_id, practice_id FROM mentions").fetchall()
        )
        out["alerts"] = sorted(
            con.execute("SELECT source, external_id, practice_id, severity FROM alerts").fetchall()
        )
        out["verdicts"] = sorted(con.execute("SELECT source, external_id FROM verdicts").fetchall())
    return out


def gpwatch_run(cfg: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "gpwatch.cli", "run", "--config", str(cfg)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


@pytest.fixture
def env(prefect_api: str) -> dict[str, str]:
    e = dict(os.environ)
    e["PREFECT_API_URL"] = prefect_api
    return e


def test_reference_and_killed_runs_end_identical(env, demo_copy, tmp_path):
    reference_dir = tmp_path / "reference"
    shutil.copytree(demo_copy.parent, reference_dir)
    reference = reference_dir / "gpwatch.toml"
    with DemoServer(demo_copy.parent) as server:
        env[DEMO_URL_ENV] = server.url
        done = gpwatch_run(reference, env)
        out, _ = done.communicate(timeout=240)
        assert done.returncode == 0, out
        expected = snapshot(reference)
        assert expected["alerts"], out

        # kill at several points of the run: before, during and after the fetches
        kills = 0
        for delay in (1.5, 3.0, 4.5, 6.0):
            proc = gpwatch_run(demo_copy, env)
            time.sleep(delay)
            if proc.poll() is None:
                os.kill(proc.pid, signal.SIGKILL)
                kills += 1
            proc.wait(timeout=60)
        assert kills >= 1, "every run finished before it could be killed; raise the delays"

        final = gpwatch_run(demo_copy, env)
        out, _ = final.communicate(timeout=240)
        assert final.returncode == 0, out
        assert "Traceback" not in out
    assert snapshot(demo_copy) == expected
