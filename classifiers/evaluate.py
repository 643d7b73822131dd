"""Scoring the classifiers against labelled examples: precision, recall, F1 per label.

Used by the domain test suite now and by `gpwatch eval` later; plain functions, no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class LabelScore:
    label: str
    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def support(self) -> int:
        return self.tp + self.fn


def score_label(label: str, pairs: Iterable[tuple[bool, bool]]) -> LabelScore:
    """(expected, predicted) pairs for one binary label -> counts and metrics."""
    tp = fp = fn = tn = 0
    for expected, predicted in pairs:
        if expected and predicted:
            tp += 1
        elif predicted:
            fp += 1
        elif expected:
            fn += 1
        else:
            tn += 1
    return LabelScore(label, tp, fp, fn, tn)


def accuracy(pairs: Sequence[tuple[object, object]]) -> float:
    """Share of (expected, predicted) pairs that agree."""
    return sum(1 for e, p in pairs if e == p) / len(pairs) if pairs else 1.0


def format_scores(scores: Iterable[LabelScore]) -> str:
    """A fixed-width table of the scores, for terminals and test failure messages."""
    lines = [f"{'label':<16}{'precision':>10}{'recall':>8}{'f1':>7}{'support':>9}"]
    for s in scores:
        lines.append(
            f"{s.label:<16}{s.precision:>10.3f}{s.recall:>8.3f}{s.f1:>7.3f}{s.support:>9d}"
        )
    return "\n".join(lines)


FLAG_LABELS = ("abuse", "threat", "staff_targeted", "personal_data", "safeguarding")


@dataclass(slots=True)
class DomainReport:
    """How the classifiers did on labelled domain examples."""

    labels: list[LabelScore]
    practice_accuracy: float
    action_accuracy: float
    sentiment_accuracy: float
    misses: list[tuple[str, str, str]]  # (example id, what went wrong, text)

    def label(self, name: str) -> LabelScore:
        return next(s for s in self.labels if s.label == name)

    def format(self) -> str:
        return (
            format_scores(self.labels)
            + f"\npractice attribution accuracy {self.practice_accuracy:.3f}"
            + f"\nexpected-action accuracy      {self.action_accuracy:.3f}"
            + f"\nsentiment label accuracy      {self.sentiment_accuracy:.3f}"
        )


def evaluate_domain(classifier: object, examples: Sequence[dict]) -> DomainReport:
    """Run `classifier.classify` over labelled examples (see tests/data/README.md)."""
    from storage.store import StoredItem

    flag_pairs: dict[str, list[tuple[bool, bool]]] = {k: [] for k in FLAG_LABELS}
    practice_pairs, action_pairs, sentiment_pairs = [], [], []
    misses: list[tuple[str, str, str]] = []
    for ex in examples:
        # a review comes from the practice's own page, so the source says which practice it is
        hint = ex.get("practice") if ex["source"] == "nhs_reviews" else None
        item = StoredItem(
            source=ex["source"], external_id=ex["id"], source_name="eval", url="", title="",
            text=ex["text"], author_handle="", published_at=None, practice_hint=hint,
            extras={"rating": ex["rating"]} if ex.get("rating") else {},
        )
        result = classifier.classify(item)  # type: ignore[attr-defined]
        flags = result.verdict.flags
        for k in FLAG_LABELS:
            expected, got = bool(ex.get(k)), bool(flags.get(k))
            flag_pairs[k].append((expected, got))
            if expected != got:
                misses.append((ex["id"], f"{k}: expected {expected}, got {got}", ex["text"]))
        practices = sorted(m.practice_id for m in result.mentions)
        expected_practice = [ex["practice"]] if ex.get("practice") else []
        practice_pairs.append((expected_practice, practices))
        if expected_practice != practices:
            misses.append((ex["id"], f"practice: expected {expected_practice}, got {practices}",
                           ex["text"]))
        action_pairs.append((ex["action"], result.action))
        if ex["action"] != result.action:
            misses.append((ex["id"], f"action: expected {ex['action']}, got {result.action}",
                           ex["text"]))
        sentiment_pairs.append((ex["sentiment"], result.verdict.sentiment_label))
    return DomainReport(
        labels=[score_label(k, v) for k, v in flag_pairs.items()],
        practice_accuracy=accuracy(practice_pairs),
        action_accuracy=accuracy(action_pairs),
        sentiment_accuracy=accuracy(sentiment_pairs),
        misses=misses,
    )
