"""Is each source working? Turns v_source_health rows and the config into one line per source.

A source that fails loudly is easy to see; the dangerous ones fail quietly: a source that was
configured but never ran, one that has not succeeded for several runs, one whose batches went to
the spool, one that "succeeds" but has brought nothing new for weeks, or monitoring that stopped
altogether. Each gets a state and a sentence a practice manager can act on.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pandas as pd

# A source that succeeds but has added nothing for this long is worth a look.
QUIET_AFTER = timedelta(days=14)
# No monitoring run for this long means the schedule has probably stopped.
STALE_RUNS_AFTER = timedelta(hours=26)

PROBLEM_STATES = ("failing", "never_ran", "spooled", "quiet")


@dataclass(frozen=True, slots=True)
class ConfiguredSource:
    name: str
    kind: str
    enabled: bool = True


@dataclass(frozen=True, slots=True)
class SourceState:
    """One source's health. state: ok | failing | spooled | quiet | never_ran | disabled |
    not_configured."""

    name: str
    kind: str
    state: str
    message: str

    @property
    def problem(self) -> bool:
        return self.state in PROBLEM_STATES


def _when(value: Any) -> str:
    if value is None or pd.isna(value):
        return "never"
    ts = pd.Timestamp(value)
    return ts.strftime("%d %b %Y %H:%M")


def _belongs(row_name: str, source: ConfiguredSource) -> bool:
    # one [[sources]] entry can run as several connectors, e.g. nhs-reviews.X99001
    return row_name == source.name or row_name.startswith(source.name + ".")


def assess_sources(
    configured: Iterable[ConfiguredSource], health: pd.DataFrame, now: datetime
) -> list[SourceState]:
    """One SourceState per connector that has run, plus one per configured source that has not.

    `health` has source_health's columns; `now` is timezone-aware.
    """
    configured = list(configured)
    rows = health.to_dict("records")
    out: list[SourceState] = []
    for src in configured:
        mine = [r for r in rows if _belongs(r["source_name"], src)]
        if not src.enabled:
            out.append(
                SourceState(
                    src.name,
                    src.kind,
                    "disabled",
                    f"{src.name} is turned off in the config (enabled = false).",
                )
            )
            continue
        if not mine:
            out.append(
                SourceState(
                    src.name,
                    src.kind,
                    "never_ran",
                    f"{src.name} is in the config but has not run yet: it will "
                    "run with the next monitoring run.",
                )
            )
        out.extend(_assess_row(r, now) for r in mine)
    for r in rows:
        if not any(_belongs(r["source_name"], s) for s in configured):
            out.append(
                SourceState(
                    r["source_name"],
                    r["kind"] or "",
                    "not_configured",
                    f"{r['source_name']} is no longer in the config (last ran "
                    f"{_when(r['last_run_at'])}).",
                )
            )
    return out


def _assess_row(r: dict[str, Any], now: datetime) -> SourceState:
    name, kind, status = r["source_name"], r["kind"] or "", r["last_status"]
    failures = int(r.get("failures_since_success") or 0)
    if status in ("failed", "partial"):
        since = f"; last worked {_when(r['last_success_at'])}" if failures > 1 else ""
        verb = "failed" if status == "failed" else "partly failed"
        error = " ".join(str(r.get("last_error") or "no reason recorded").split())
        runs = f" ({failures} runs in a row)" if failures > 1 else ""
        return SourceState(
            name,
            kind,
            "failing",
            f"{name} {verb} in its last run at {_when(r['last_run_at'])}{runs}: {error}{since}",
        )
    if status == "spooled":
        return SourceState(
            name,
            kind,
            "spooled",
            f"{name}: the database was busy in its last run; its items are kept "
            "in the spool and are stored by the next run.",
        )
    last_item = r.get("last_new_item_at")
    if last_item is None or pd.isna(last_item):
        return SourceState(
            name,
            kind,
            "quiet",
            f"{name} runs without errors but has never brought an item: check "
            "its address or search terms.",
        )
    if now - pd.Timestamp(last_item).to_pydatetime() > QUIET_AFTER:
        return SourceState(
            name,
            kind,
            "quiet",
            f"{name} runs without errors but has brought nothing new since "
            f"{_when(last_item)}: check that it still finds posts.",
        )
    return SourceState(name, kind, "ok", f"{name} worked at {_when(r['last_run_at'])}.")


def runs_stopped(runs: pd.DataFrame, now: datetime) -> str | None:
    """A warning when there has been no monitoring run recently (or ever), else None."""
    if runs.empty:
        return (
            "No monitoring run has been recorded yet: run `gpwatch run` or start `gpwatch serve`."
        )
    last = pd.Timestamp(runs["started_at"].max()).to_pydatetime()
    if now - last > STALE_RUNS_AFTER:
        return (
            f"The last monitoring run started {_when(last)}: nothing has been checked since. "
            "Is `gpwatch serve` (the schedule) still running?"
        )
    return None
