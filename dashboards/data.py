"""Reading for the dashboard without getting in the writer's way.

A monitoring run holds the DuckDB file while it writes, and an open reader would keep the run
out. So the dashboard reads everything it shows in one short read-only visit
(`storage.dashboard_queries.read_snapshot`), keeps that snapshot in memory for a few seconds,
and when a run holds the file it shows the last snapshot it read, with a notice, instead of an
error page. Filtering and paging then work on the snapshot, so they never touch the file.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb

from gpwatch.config import CONFIG_ENV
from storage.dashboard_queries import UK_TZ, Snapshot, read_snapshot
from storage.db import DatabaseLocked

# Re-reading at most this often keeps clicks snappy and visits to the file rare.
MAX_AGE_SECONDS = 5.0
# How long a page waits for a busy file before it shows the last snapshot instead.
READ_WAIT_SECONDS = 1.0


@dataclass(frozen=True, slots=True)
class Reading:
    """What the page can show: a snapshot (possibly an older one) and what to tell the reader.

    `stale` is true when the file could not be read just now and `snapshot` is the last one
    that could; `notice` says why in one sentence (or is None when all is well).
    """

    snapshot: Snapshot | None
    stale: bool = False
    notice: str | None = None


class SnapshotCache:
    """The last good snapshot per database file, shared by every browser session."""

    def __init__(
        self,
        reader: Callable[[Path, float], Snapshot] = read_snapshot,
        max_age_seconds: float = MAX_AGE_SECONDS,
        wait_seconds: float = READ_WAIT_SECONDS,
    ) -> None:
        self._reader = reader
        self.max_age_seconds = max_age_seconds
        self.wait_seconds = wait_seconds
        self._lock = threading.Lock()
        self._last: dict[str, tuple[float, Snapshot]] = {}

    def get(self, path: Path, *, force: bool = False) -> Reading:
        """A snapshot of `path`: a fresh read if the cached one is older than max_age (or
        `force`), else the cached one; the last good one with a notice if the file is busy."""
        key = str(Path(path).resolve())
        with self._lock:
            cached = self._last.get(key)
            if cached and not force and time.monotonic() - cached[0] < self.max_age_seconds:
                return Reading(cached[1])
            try:
                snapshot = self._reader(Path(key), self.wait_seconds)
            except DatabaseLocked as exc:
                return self._busy(cached, exc)
            except FileNotFoundError:
                return Reading(
                    None,
                    notice=f"There is no database at {key} yet: run "
                    "`gpwatch run` (or wait for the first scheduled run).",
                )
            except duckdb.CatalogException as exc:
                first = str(exc).strip().splitlines()[0]
                return Reading(
                    cached[1] if cached else None,
                    stale=cached is not None,
                    notice=f"The database at {key} is missing part of its schema "
                    f"({first}); one `gpwatch run` brings it up to date.",
                )
            self._last[key] = (time.monotonic(), snapshot)
            return Reading(snapshot)

    def invalidate(self, path: Path) -> None:
        """Forget the cached snapshot so the next `get` reads the file (after our own write)."""
        with self._lock:
            self._last.pop(str(Path(path).resolve()), None)

    @staticmethod
    def _busy(cached: tuple[float, Snapshot] | None, exc: DatabaseLocked) -> Reading:
        holder = str(exc).split(" is held by ", 1)[-1].split(" (", 1)[0]
        if cached is None:
            return Reading(
                None,
                stale=True,
                notice=(
                    f"The database is busy ({holder} is writing to it, probably a monitoring run). "
                    "This page will show the data as soon as the run lets go: press Refresh in a "
                    "moment."
                ),
            )
        when = cached[1].read_at.astimezone(ZoneInfo(UK_TZ)).strftime("%H:%M:%S")
        return Reading(
            cached[1],
            stale=True,
            notice=(
                f"A monitoring run is writing to the database ({holder}), so this page shows the "
                f"data as read at {when}. It reads again when the run lets go (press Refresh)."
            ),
        )


# One cache per dashboard process; Streamlit re-runs the page script but keeps modules loaded.
CACHE = SnapshotCache()


def config_path(argv: Sequence[str], environ: dict[str, str] | os._Environ[str]) -> Path:
    """The config file: `--config PATH` among the script's arguments (what `gpwatch dashboard`
    passes), else $GPWATCH_CONFIG, else ./gpwatch.toml."""
    args = list(argv)
    for i, arg in enumerate(args):
        # exact matches only: the test runner's own arguments (`--co`, `-c`) must not count
        if arg == "--config" and i + 1 < len(args):
            return Path(args[i + 1])
        if arg.startswith("--config="):
            return Path(arg.split("=", 1)[1])
    return Path(environ.get(CONFIG_ENV, "gpwatch.toml"))
