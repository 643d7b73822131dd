"""The steps of a monitoring run as plain functions (Prefect wraps them in flows/monitor.py).

collect_source: fetch one connector from its cursor and store the batch with the new cursor in
one transaction (or spool it if the database stays locked). classify_pending: classify what is
stored and not yet classified, in batches, storing mentions, verdicts and alerts.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from alerts.guidance import load_guidance
from classifiers.matching import PracticeMatcher
from classifiers.pipeline import Classifier
from connectors.base import Connector, PartialFetch, SourceError
from gpwatch.config import Config
from storage.db import DatabaseLocked
from storage.store import Store

log = logging.getLogger("gpwatch.run")


@dataclass(slots=True)
class SourceOutcome:
    """How one source did in a run."""

    source_name: str
    kind: str
    status: str  # ok | partial | failed | spooled
    fetched: int = 0
    new: int = 0
    seen: int = 0
    error: str | None = None
    duration_s: float = 0.0
    mentions: int = 0
    alerts: Counter[str] = field(default_factory=Counter)

    @property
    def failed(self) -> bool:
        return self.status in ("failed", "partial")


@dataclass(slots=True)
class ClassifyOutcome:
    items: int = 0
    mentions: int = 0
    alerts: Counter[str] = field(default_factory=Counter)
    by_source: dict[str, tuple[int, Counter[str]]] = field(default_factory=dict)


def collect_source(connector: Connector, store: Store, run_id: str) -> SourceOutcome:
    """Fetch one source and store what it found. Never raises for a source's own failure."""
    started = time.monotonic()
    outcome = SourceOutcome(connector.name, connector.kind, "ok")
    try:
        cursor = store.get_cursor(connector.name)
    except DatabaseLocked:
        cursor = {}  # the database is busy: fetch from scratch; storing dedups
    batch = None
    try:
        batch = connector.fetch(cursor)
    except PartialFetch as exc:
        batch = exc.batch  # carries the OLD cursor: nothing after the gap is claimed as stored
        outcome.status, outcome.error = "partial", str(exc)
    except SourceError as exc:
        outcome.status, outcome.error = "failed", str(exc)
    except Exception as exc:  # a connector bug must not stop the other sources
        log.exception("source %s crashed", connector.name)
        outcome.status = "failed"
        outcome.error = f"unexpected {type(exc).__name__}: {exc} (a bug: please report it)"
    if batch is not None:
        outcome.fetched = len(batch.items)
        saved = store.save_batch_or_spool(batch, connector.name, connector.kind, run_id)
        if saved.spooled is not None:
            outcome.status = "spooled" if outcome.status == "ok" else outcome.status
            outcome.error = outcome.error or (
                f"database busy: {outcome.fetched} items kept in {saved.spooled.name}, "
                "loaded next run"
            )
        outcome.new, outcome.seen = saved.new, saved.seen
    outcome.duration_s = round(time.monotonic() - started, 3)
    # a busy database only loses this row of run_sources: the run summary still reports it
    with contextlib.suppress(DatabaseLocked):
        store.record_source_run(
            run_id,
            connector.name,
            connector.kind,
            outcome.status,
            fetched=outcome.fetched,
            new=outcome.new,
            seen=outcome.seen,
            error=outcome.error,
            duration_s=outcome.duration_s,
        )
    return outcome


def build_classifier(config: Config) -> Classifier:
    """The classifier for this config (matcher over its practices, its guidance)."""
    matcher = PracticeMatcher.from_config(config.practices, config.alerts.min_confidence)
    return Classifier(
        matcher,
        load_guidance(
            str(config.resolve(config.alerts.guidance_file)) if config.alerts.guidance_file else ""
        ),
        negative_threshold=config.alerts.negative_threshold,
    )


def classify_pending(
    store: Store, classifier: Classifier, run_id: str, batch_size: int = 2000
) -> ClassifyOutcome:
    """Classify every stored, unclassified item in batches; each batch commits on its own."""
    outcome = ClassifyOutcome()
    while True:
        items = store.pending_items(limit=batch_size)
        if not items:
            return outcome
        results = classifier.classify_batch(items)
        counts = store.save_results(
            [m for r in results for m in r.mentions],
            [r.verdict for r in results],
            [a for r in results for a in r.alerts],
            run_id,
        )
        outcome.items += len(items)
        outcome.mentions += counts.mentions
        outcome.alerts.update(counts.alerts_by_severity)
        for r in results:
            name = getattr(r.item, "source_name", r.item.source)
            mentions, alerts = outcome.by_source.get(name, (0, Counter()))
            alerts = alerts.copy()
            alerts.update(a.severity for a in r.alerts)
            outcome.by_source[name] = (mentions + len(r.mentions), alerts)
        if len(items) < batch_size:
            return outcome


def run_status(outcomes: list[SourceOutcome]) -> str:
    """ok when every source worked, failed when none did, partial otherwise."""
    if not outcomes:
        return "ok"
    failed = sum(1 for o in outcomes if o.status == "failed")
    if failed == len(outcomes):
        return "failed"
    if failed or any(o.status in ("partial", "spooled") for o in outcomes):
        return "partial"
    return "ok"


def summary_dict(
    run_id: str,
    outcomes: list[SourceOutcome],
    classified: ClassifyOutcome,
    status: str,
    spool_loaded: int,
) -> dict[str, Any]:
    """The run summary stored in `runs.summary` and shown at the end of `gpwatch run`."""
    return {
        "run_id": run_id,
        "status": status,
        "spool_batches_loaded": spool_loaded,
        "sources": [
            {
                "source": o.source_name,
                "kind": o.kind,
                "status": o.status,
                "fetched": o.fetched,
                "new": o.new,
                "seen": o.seen,
                "mentions": classified.by_source.get(o.source_name, (0, Counter()))[0],
                "alerts": dict(classified.by_source.get(o.source_name, (0, Counter()))[1]),
                "error": o.error,
                "duration_s": o.duration_s,
            }
            for o in outcomes
        ],
        "classified": classified.items,
        "mentions": classified.mentions,
        "alerts": dict(classified.alerts),
    }


def summary_markdown(summary: dict[str, Any]) -> str:
    """The summary as a markdown table (the Prefect artifact)."""
    sev = ("critical", "high", "medium", "low")
    lines = [
        f"# gpwatch monitoring run `{summary['run_id']}`: {summary['status']}",
        "",
        "| source | status | fetched | new | seen | mentions | " + " | ".join(sev) + " | problem |",
        "|---|---|---|---|---|---|" + "---|" * len(sev) + "---|",
    ]
    for s in summary["sources"]:
        problem = (s["error"] or "").replace("|", "\\|")
        lines.append(
            f"| {s['source']} | {s['status']} | {s['fetched']} | {s['new']} | {s['seen']} | "
            f"{s['mentions']} | "
            + " | ".join(str(s["alerts"].get(x, 0)) for x in sev)
            + f" | {problem} |"
        )
    alerts = summary["alerts"]
    lines += [
        "",
        f"Classified {summary['classified']} items: {summary['mentions']} mentions, alerts "
        + ", ".join(f"{alerts.get(x, 0)} {x}" for x in sev)
        + ".",
    ]
    return "\n".join(lines)
