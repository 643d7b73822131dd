"""Scoring the classifiers against labelled examples: precision, recall, F1 per label.

Used by `gpwatch eval`, the regression test over the dev split and `tests/domain_eval.py`;
plain functions, no I/O beyond what the classifiers read.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field


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


def format_scores(scores: Iterable[LabelScore], width: int = 16) -> str:
    """A fixed-width table of the scores and their counts, for terminals and test failures."""
    lines = [
        f"{'label':<{width}}{'precision':>10}{'recall':>8}{'f1':>7}{'support':>9}"
        f"{'tp':>6}{'fp':>6}{'fn':>6}{'tn':>6}"
    ]
    for s in scores:
        lines.append(
            f"{s.label:<{width}}{s.precision:>10.3f}{s.recall:>8.3f}{s.f1:>7.3f}{s.support:>9d}"
            f"{s.tp:>6d}{s.fp:>6d}{s.fn:>6d}{s.tn:>6d}"
        )
    return "\n".join(lines)


def confusion(
    pairs: Sequence[tuple[str, str]], labels: Sequence[str], short: Sequence[str] | None = None
) -> str:
    """A confusion table: one row per expected label, one column per predicted label
    (headed by `short` names when given, so wide label sets fit a terminal)."""
    counts = Counter(pairs)
    heads = list(short or labels)
    first = max(len(x) for x in [*labels, "expected / got"]) + 2
    width = max(len(h) for h in heads) + 2
    rows = [f"{'expected / got':<{first}}" + "".join(f"{h:>{width}}" for h in heads)]
    for e in labels:
        rows.append(f"{e:<{first}}" + "".join(f"{counts[(e, p)]:>{width}d}" for p in labels))
    return "\n".join(rows)


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Pearson's correlation of two equally long sequences (0 when either is constant)."""
    n = len(xs)
    if n < 2:
        return 0.0
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    return sxy / math.sqrt(sxx * syy) if sxx and syy else 0.0


def sign(x: float) -> int:
    return (x > 0) - (x < 0)


def timed(fn: Callable[[str], object], texts: Sequence[str]) -> tuple[list[object], float]:
    """fn over every text, and the rate in items a second."""
    start = time.perf_counter()
    out = [fn(t) for t in texts]
    elapsed = time.perf_counter() - start
    return out, (len(texts) / elapsed if elapsed > 0 else float("inf"))


FLAG_LABELS = ("abuse", "threat", "staff_targeted", "personal_data", "safeguarding")


@dataclass(slots=True)
class DomainReport:
    """How the classifiers did on labelled domain examples."""

    labels: list[LabelScore]
    practice_accuracy: float
    action_accuracy: float
    sentiment_accuracy: float
    misses: list[tuple[str, str, str]]  # (example id, what went wrong, text), worst first
    action_pairs: list[tuple[str, str]] = field(default_factory=list)
    sentiment_pairs: list[tuple[str, str]] = field(default_factory=list)
    items_per_second: float = 0.0

    def label(self, name: str) -> LabelScore:
        return next(s for s in self.labels if s.label == name)

    def format(self) -> str:
        return (
            format_scores(self.labels)
            + f"\npractice attribution accuracy {self.practice_accuracy:.3f}"
            + f"\nexpected-action accuracy      {self.action_accuracy:.3f}"
            + f"\nsentiment label accuracy      {self.sentiment_accuracy:.3f}"
        )


def _as_item(ex: dict) -> object:
    from storage.store import StoredItem

    # a review comes from the practice's own page, so the source says which practice it is
    hint = ex.get("practice") if ex["source"] == "nhs_reviews" else None
    return StoredItem(
        source=ex["source"],
        external_id=ex["id"],
        source_name="eval",
        url="",
        title="",
        text=ex["text"],
        author_handle="",
        published_at=None,
        practice_hint=hint,
        extras={"rating": ex["rating"]} if ex.get("rating") else {},
    )


def evaluate_domain(classifier: object, examples: Sequence[dict]) -> DomainReport:
    """Run `classifier.classify` over labelled examples (see tests/data/README.md)."""

    flag_pairs: dict[str, list[tuple[bool, bool]]] = {k: [] for k in FLAG_LABELS}
    practice_pairs, action_pairs, sentiment_pairs = [], [], []
    misses: list[tuple[str, str, str]] = []
    elapsed = 0.0
    items = [_as_item(ex) for ex in examples]
    if items:
        classifier.classify(items[0])  # type: ignore[attr-defined]  # lazy loads, untimed
    for ex, item in zip(examples, items, strict=True):
        started = time.perf_counter()
        result = classifier.classify(item)  # type: ignore[attr-defined]
        elapsed += time.perf_counter() - started
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
            misses.append(
                (ex["id"], f"practice: expected {expected_practice}, got {practices}", ex["text"])
            )
        action_pairs.append((ex["action"], result.action))
        if ex["action"] != result.action:
            misses.append(
                (ex["id"], f"action: expected {ex['action']}, got {result.action}", ex["text"])
            )
        sentiment_pairs.append((ex["sentiment"], result.verdict.sentiment_label))
    return DomainReport(
        labels=[score_label(k, v) for k, v in flag_pairs.items()],
        practice_accuracy=accuracy(practice_pairs),
        action_accuracy=accuracy(action_pairs),
        sentiment_accuracy=accuracy(sentiment_pairs),
        misses=sorted(misses, key=miss_rank),
        action_pairs=action_pairs,
        sentiment_pairs=sentiment_pairs,
        items_per_second=len(examples) / elapsed if elapsed > 0 else 0.0,
    )


# Worst first: a missed threat, then missed abuse, exposed data, safeguarding, a wrong police
# call; false alarms after misses; sentiment-only mistakes do not show.
_MISS_ORDER = (
    "threat: expected True",
    "action: expected police",
    "safeguarding: expected True",
    "abuse: expected True",
    "personal_data: expected True",
    "staff_targeted: expected True",
    "threat: expected False",
    "action:",
    "abuse: expected False",
    "personal_data: expected False",
    "safeguarding",
    "staff_targeted",
    "practice:",
)


def miss_rank(miss: tuple[str, str, str]) -> tuple[int, str]:
    """Sort key putting the most harmful misses first."""
    what = miss[1]
    rank = next((i for i, p in enumerate(_MISS_ORDER) if what.startswith(p)), len(_MISS_ORDER))
    return rank, miss[0]
