"""Filtering the open alerts of a snapshot (in memory, so it works while a run holds the file)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import pandas as pd

SEVERITIES = ("critical", "high", "medium", "low")


@dataclass(frozen=True, slots=True)
class AlertFilter:
    """What the person asked to see. Empty selections mean "all"; dates are inclusive UK days."""

    practices: tuple[str, ...] = ()
    severities: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None
    statuses: tuple[str, ...] = ()


def _days(column: pd.Series) -> pd.Series:
    return pd.to_datetime(column).dt.date


def filter_alerts(alerts: pd.DataFrame, f: AlertFilter) -> pd.DataFrame:
    """The rows of `alerts` (open_alerts' columns) that match `f`, in their original order."""
    keep = pd.Series(True, index=alerts.index)
    if f.practices:
        keep &= alerts["practice_id"].isin(f.practices)
    if f.severities:
        keep &= alerts["severity"].isin(f.severities)
    if f.sources:
        keep &= alerts["source"].isin(f.sources)
    if f.statuses:
        keep &= alerts["status"].isin(f.statuses)
    if f.since is not None or f.until is not None:
        days = _days(alerts["day"])
        if f.since is not None:
            keep &= days >= f.since
        if f.until is not None:
            keep &= days <= f.until
    return alerts[keep]


def severity_counts(alerts: pd.DataFrame) -> dict[str, int]:
    """Open alerts per severity, every severity present (zero when none)."""
    counts = alerts["severity"].value_counts().to_dict() if len(alerts) else {}
    return {s: int(counts.get(s, 0)) for s in SEVERITIES}


def ordered_unique(values: Iterable[str]) -> list[str]:
    """Distinct values in first-seen order (for filter options)."""
    return list(dict.fromkeys(v for v in values if v))
