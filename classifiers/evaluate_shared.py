"""Scoring gpwatch and the off-the-shelf baselines on the shared labelled sets, side by side.

Each evaluator takes rows from classifiers/eval_data.py, runs every system over the same rows in
the same process, and returns a report whose `format()` is what `gpwatch eval --dataset ...`
prints. Systems: gpwatch's own classifiers, plain VADER, and the alt-profanity-check linear
model (an optional dependency: the `eval` extra), which is skipped with a note when absent.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from classifiers import eval_data, model
from classifiers.evaluate import LabelScore, pearson, score_label, sign, timed
from classifiers.flags import detect_flags
from classifiers.sentiment import plain_analyser, score_sentiment

Predict = Callable[[Sequence[str]], list[bool]]


def profanity_baseline() -> Callable[[Sequence[str]], list[float]] | None:
    """alt-profanity-check's probability of profanity per text, or None if not installed."""
    try:
        from profanity_check import predict_prob
    except ImportError:
        return None

    def run(texts: Sequence[str]) -> list[float]:
        return [float(p) for p in predict_prob(list(texts))]

    return run


MISSING_BASELINE = (
    "alt-profanity-check: not installed (`make` installs it; or "
    "`.venv/bin/uv pip install -e '.[eval]'`)"
)


def gpwatch_offensive(texts: Sequence[str]) -> list[bool]:
    """The shipped offensive-language model (trained on Davidson's other folds)."""
    m = model.load("offensive")
    if m is None:
        raise eval_data.DatasetMissing(
            "the offensive model is not shipped: run scripts/train_model.py"
        )
    return [m.proba(t)["offensive"] >= 0.5 for t in texts]


def gpwatch_flags(texts: Sequence[str]) -> list[bool]:
    """gpwatch's abuse-or-threat flags (rules, no practice context)."""
    out = []
    for t in texts:
        f = detect_flags(t).flags
        out.append(f["abuse"] or f["threat"])
    return out


@dataclass(slots=True)
class SystemScore:
    system: str
    score: LabelScore
    items_per_second: float


def _run_binary(
    name: str, fn: Predict, texts: Sequence[str], truth: Sequence[bool], label: str
) -> SystemScore:
    preds, rate = _timed_batch(fn, texts)
    return SystemScore(name, score_label(label, zip(truth, preds, strict=True)), rate)


def _timed_batch(fn: Predict, texts: Sequence[str]) -> tuple[list[bool], float]:
    fn(texts[:1])  # load models outside the timing
    start = time.perf_counter()
    out = fn(texts)
    elapsed = time.perf_counter() - start
    return list(out), (len(texts) / elapsed if elapsed > 0 else float("inf"))


def _baseline_predict(threshold: float = 0.5) -> Predict | None:
    base = profanity_baseline()
    if base is None:
        return None
    return lambda texts: [p >= threshold for p in base(texts)]


def _systems_table(title: str, rows: list[SystemScore], notes: list[str]) -> str:
    lines = [title, f"{'system':<34}{'precision':>10}{'recall':>8}{'f1':>7}{'items/s':>10}"]
    for r in rows:
        s = r.score
        lines.append(
            f"{r.system:<34}{s.precision:>10.3f}{s.recall:>8.3f}{s.f1:>7.3f}"
            f"{r.items_per_second:>10.0f}"
        )
    return "\n".join(lines + notes)


@dataclass(slots=True)
class DavidsonReport:
    rows: int
    systems: list[SystemScore]
    notes: list[str]

    def format(self) -> str:
        title = (
            f"Davidson et al. offensive language: offensive or hate vs neither, held-out fold "
            f"({self.rows} tweets; the model was trained on the other folds)"
        )
        return _systems_table(title, self.systems, self.notes)

    def system(self, name: str) -> SystemScore:
        return next(s for s in self.systems if s.system.startswith(name))


def evaluate_davidson(rows: Sequence[eval_data.Labelled] | None = None) -> DavidsonReport:
    """gpwatch's model and flags vs alt-profanity-check on Davidson's held-out fold."""
    data = [
        r
        for r in (rows if rows is not None else eval_data.davidson())
        if eval_data.in_test_split(r.key)
    ]
    texts = [r.text for r in data]
    truth = [r.label == "offensive" for r in data]
    systems = [
        _run_binary("gpwatch offensive model", gpwatch_offensive, texts, truth, "offensive"),
        _run_binary("gpwatch abuse/threat flags", gpwatch_flags, texts, truth, "offensive"),
    ]
    notes = []
    base = _baseline_predict()
    if base is None:
        notes.append(MISSING_BASELINE)
    else:
        systems.append(
            _run_binary("alt-profanity-check (baseline)", base, texts, truth, "offensive")
        )
    return DavidsonReport(len(data), systems, notes)


@dataclass(slots=True)
class SentimentSystem:
    system: str
    sign_agreement: float
    pearson: float
    items_per_second: float


@dataclass(slots=True)
class VaderReport:
    rows: int
    systems: list[SentimentSystem]

    def format(self) -> str:
        lines = [
            f"VADER ground truth, tweets ({self.rows}): sign agreement with the human mean "
            "valence, and Pearson r",
            f"{'system':<34}{'sign agree':>11}{'pearson r':>11}{'items/s':>10}",
        ]
        for s in self.systems:
            lines.append(
                f"{s.system:<34}{s.sign_agreement:>11.4f}{s.pearson:>11.4f}"
                f"{s.items_per_second:>10.0f}"
            )
        return "\n".join(lines)

    def system(self, name: str) -> SentimentSystem:
        return next(s for s in self.systems if s.system.startswith(name))


def evaluate_vader(rows: Sequence[eval_data.Rated] | None = None) -> VaderReport:
    """gpwatch's sentiment vs plain VADER on VADER's own human-rated tweets."""
    data = list(rows if rows is not None else eval_data.vader_tweets())
    texts = [r.text for r in data]
    truth = [r.valence for r in data]
    plain = plain_analyser()
    systems = []
    for name, fn in (
        ("gpwatch sentiment", lambda t: score_sentiment(t)[0]),
        ("plain VADER (baseline)", lambda t: plain.polarity_scores(t)["compound"]),
    ):
        fn(texts[0]) if texts else None  # build lazily-loaded parts outside the timing
        scores, rate = timed(fn, texts)
        values = [float(s) for s in scores]  # type: ignore[arg-type]
        agree = sum(1 for v, h in zip(values, truth, strict=True) if sign(v) == sign(h))
        systems.append(
            SentimentSystem(name, agree / len(data) if data else 0.0, pearson(values, truth), rate)
        )
    return VaderReport(len(data), systems)


@dataclass(slots=True)
class HateCheckReport:
    functionalities: list[str]
    accuracy: dict[str, dict[str, float]]  # system -> functionality -> accuracy
    counts: dict[str, int]
    overall: dict[str, float]
    notes: list[str]

    def format(self) -> str:
        systems = list(self.accuracy)
        short = {s: s.split(" (")[0][:16] for s in systems}
        lines = [
            "HateCheck functional tests: accuracy per functionality (_h hateful, _nh not)",
            f"{'functionality':<22}{'cases':>6}" + "".join(f"{short[s]:>18}" for s in systems),
        ]
        for f in self.functionalities:
            lines.append(
                f"{f:<22}{self.counts[f]:>6}"
                + "".join(f"{self.accuracy[s][f]:>18.3f}" for s in systems)
            )
        lines.append(
            f"{'overall':<22}{sum(self.counts.values()):>6}"
            + "".join(f"{self.overall[s]:>18.3f}" for s in systems)
        )
        return "\n".join(lines + self.notes)


def evaluate_hatecheck(rows: Sequence[eval_data.Case] | None = None) -> HateCheckReport:
    """Per-functionality accuracy of gpwatch's flags, its model and the profanity baseline."""
    data = list(rows if rows is not None else eval_data.hatecheck())
    texts = [r.text for r in data]
    systems: dict[str, Predict] = {
        "gpwatch flags": gpwatch_flags,
        "gpwatch offensive model": gpwatch_offensive,
    }
    notes = []
    base = _baseline_predict()
    if base is None:
        notes.append(MISSING_BASELINE)
    else:
        systems["alt-profanity-check (baseline)"] = base
    funcs = sorted({r.functionality for r in data})
    counts = {f: sum(1 for r in data if r.functionality == f) for f in funcs}
    accuracy: dict[str, dict[str, float]] = {}
    overall: dict[str, float] = {}
    for name, fn in systems.items():
        preds = fn(texts)
        right: dict[str, int] = defaultdict(int)
        for r, p in zip(data, preds, strict=True):
            right[r.functionality] += int(p == r.hateful)
        accuracy[name] = {f: right[f] / counts[f] for f in funcs}
        overall[name] = sum(right.values()) / len(data) if data else 0.0
    return HateCheckReport(funcs, accuracy, counts, overall, notes)
