"""Shared fixtures: paths to ../shared, a loopback HTTP server, one Prefect test harness."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

# Prefect reads its settings at import: keep its files out of ~ and never phone home.
_PREFECT_HOME = tempfile.mkdtemp(prefix="gpwatch-prefect-")
os.environ.setdefault("PREFECT_HOME", _PREFECT_HOME)
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

import pytest  # noqa: E402

from tests.support.loopback import LoopbackServer  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("GPWATCH_SHARED", ROOT.parent / "shared"))
SHARED_DATA = SHARED / "data"
DEMO = ROOT / "demo"
ODS_CSV = SHARED_DATA / "reference" / "ods-gp-practices" / "epraccur.csv"


def shared_path(*parts: str) -> Path:
    """A path under ../shared/data, or skip the test with the reason when it is absent."""
    p = SHARED_DATA.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"{p} is absent: the shared data folder is not beside this checkout")
    return p


@pytest.fixture(scope="session")
def classifier():
    """The classifier of the demo config (the practices the labelled files name), built once:
    the probe and evaluation tests all score through it."""
    from flows.steps import build_classifier
    from gpwatch.config import load_config

    return build_classifier(load_config(DEMO / "gpwatch.toml"))


@pytest.fixture
def threat_rules_only() -> Iterator[None]:
    """The threat flag read by its rules alone: the learned threat scorer switched off."""
    from classifiers import threat_model

    threat_model.use(None)
    yield
    threat_model.reset()


@pytest.fixture
def loopback() -> Iterator[LoopbackServer]:
    with LoopbackServer() as srv:
        yield srv


@pytest.fixture(scope="session")
def prefect_api() -> Iterator[str]:
    """One Prefect test harness for the whole session (it takes ~12 s to start).

    Yields its API URL so subprocess tests can point PREFECT_API_URL at it instead of each
    starting a temporary server of their own.
    """
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield str(PREFECT_API_URL.value())


@pytest.fixture
def demo_copy(tmp_path: Path) -> Path:
    """A private copy of the demo folder (config, feeds, site) with its own database."""
    target = tmp_path / "demo"
    shutil.copytree(DEMO, target, ignore=shutil.ignore_patterns("data", "outbox"))
    return target / "gpwatch.toml"
