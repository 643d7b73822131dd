"""Shared fixtures: paths to ../shared, a loopback HTTP server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.loopback import LoopbackServer

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("GPWATCH_SHARED", ROOT.parent / "shared"))
SHARED_DATA = SHARED / "data"


def shared_path(*parts: str) -> Path:
    """A path under ../shared/data, or skip the test with the reason when it is absent."""
    p = SHARED_DATA.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"{p} is absent: the shared data folder is not beside this checkout")
    return p


@pytest.fixture
def loopback() -> Iterator[LoopbackServer]:
    with LoopbackServer() as srv:
        yield srv
