"""Re-run the current classifiers over everything stored, without fetching, and say what changed.

New verdicts are stored under the current classifier version beside the old ones; alerts that
did not exist are inserted (idempotent, so a second run adds nothing); an existing alert whose
item the new version finds worse is escalated. The report counts flags and severities before and
after, and lists the items whose flags changed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from classifiers.pipeline import Classifier
from gpwatch.models import SEVERITY_ORDER, Alert
from storage import reclassify_queries as q
from storage.store import Store


@dataclass(slots=True)
class Change:
    source: str
    external_id: str
    before: dict[str, bool] | None  # None: never classified before
    after: dict[str, bool]
    text: str


@dataclass(slots=True)
class ReclassifyReport:
    version: str
    items: int = 0
    flags_before: Counter[str] = field(default_factory=Counter)
    flags_after: Counter[str] = field(default_factory=Counter)
    severity_before: Counter[str] = field(default_factory=Counter)
    severity_after: Counter[str] = field(default_factory=Counter)
    new_alerts: Counter[str] = field(default_factory=Counter)
    escalated: int = 0
    verdicts_stored: int = 0
    changes: list[Change] = field(default_factory=list)
    versions_before: Counter[str] = field(default_factory=Counter)


def reclassify(store: Store, classifier: Classifier, batch_size: int = 2000) -> ReclassifyReport:
    """Classify every stored item with `classifier`; store and compare (see module docstring)."""
    report = ReclassifyReport(version=classifier.version)
    prior = q.latest_verdicts(store, exclude_version=classifier.version)
    existing = q.alert_severities(store)
    report.severity_before.update(sev for _, sev in existing.values())
    by_item: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for (source, ext, practice), (_, sev) in existing.items():
        by_item.setdefault((source, ext), []).append((practice, sev))
    for p in prior.values():
        report.versions_before[p.version] += 1
        report.flags_before.update(k for k, v in p.flags.items() if v)
    for items in q.iter_items(store, batch_size):
        results = classifier.classify_batch(items)
        fresh: list[Alert] = []
        escalate: list[tuple[int, Alert]] = []
        for r in results:
            report.items += 1
            after = {k: bool(r.verdict.flags.get(k)) for k in q.FLAGS}
            report.flags_after.update(k for k, v in after.items() if v)
            before = prior.get(r.item.key)  # type: ignore[attr-defined]
            if before is not None and before.flags != after:
                report.changes.append(
                    Change(r.item.source, r.item.external_id, before.flags, after, r.item.text)
                )
            for a in r.alerts:
                report.severity_after[a.severity] += 1
                old = existing.get((a.source, a.external_id, a.practice_id))
                if old is None:
                    fresh.append(a)
                elif q.worse(a.severity, old[1]):
                    escalate.append((old[0], a))
            # an alert the new version no longer raises stays as it was: people may be on it
            raised = {a.practice_id for a in r.alerts}
            for practice, sev in by_item.get(r.item.key, ()):  # type: ignore[attr-defined]
                if practice not in raised:
                    report.severity_after[sev] += 1
        counts = store.save_results(
            [m for r in results for m in r.mentions],
            [r.verdict for r in results],
            fresh,
        )
        report.verdicts_stored += counts.verdicts
        report.new_alerts.update(counts.alerts_by_severity)
        report.escalated += q.escalate(store, escalate, classifier.version)
    report.changes.sort(key=lambda c: _worst(c.after))
    return report


_RANK = {"threat": 0, "safeguarding": 1, "abuse": 2, "personal_data": 3, "staff_targeted": 4}


def _worst(flags: dict[str, bool]) -> int:
    return min((_RANK[k] for k, v in flags.items() if v), default=len(_RANK))


SEVERITIES = tuple(sorted(SEVERITY_ORDER, key=SEVERITY_ORDER.__getitem__))
