"""Classification speed against plain VADER, on the same texts, in the same process, one core.

Prints `vader_only: N items/s (…)` (plain VADER's polarity_scores, nothing else) and
`classify: N items/s (…)` (the whole classification: practice matching at national scale,
domain sentiment with the shipped model, flags, alert rules), then the parts on their own and
the ratio. The target is classify >= half of vader_only. Times are this process's CPU time,
pinned to one core, so other work on the machine does not skew the ratio. It measures; it does
not pass or fail.

    .venv/bin/python benchmarks/bench_classify.py [--items 20000]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_pipeline import DEFAULT_ODS, line, registry, synthetic_items  # noqa: E402

from alerts.guidance import load_guidance  # noqa: E402
from classifiers.flags import detect_flags  # noqa: E402
from classifiers.matching import PracticeMatcher  # noqa: E402
from classifiers.model import load  # noqa: E402
from classifiers.pipeline import Classifier  # noqa: E402
from classifiers.sentiment import plain_analyser, score_sentiment  # noqa: E402


def timed(stage: str, n: int, fn: Callable[[], object], note: str = "") -> float:
    # CPU time of this process: other work on a shared machine does not count against a stage
    start = time.process_time()
    fn()
    seconds = time.process_time() - start
    line(stage + note, n, seconds)
    return n / seconds if seconds > 0 else float("inf")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--items", type=int, default=20_000)
    ap.add_argument("--ods", type=Path, default=DEFAULT_ODS)
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the target says
    entries = registry(args.ods)
    matcher = PracticeMatcher(entries)
    items = synthetic_items(entries, args.items)
    texts = [it.text for it in items]
    n = len(items)
    classifier = Classifier(matcher, load_guidance())
    # build everything lazily loaded before any clock starts
    plain = plain_analyser()
    load("sentiment")
    classifier.classify(items[0])

    vader = timed(
        "vader_only", n, lambda: [plain.polarity_scores(t) for t in texts], " (plain VADER)"
    )
    whole = timed(
        "classify",
        n,
        lambda: classifier.classify_batch(items),
        " (matching + sentiment + flags + alert rules)",
    )
    timed("classify.match", n, lambda: [matcher.match(it) for it in items])
    timed("classify.sentiment", n, lambda: [score_sentiment(t, domain=True) for t in texts])
    timed("classify.flags", n, lambda: [detect_flags(t) for t in texts])
    print(f"classify / vader_only: {whole / vader:.2f} (target >= 0.50)", flush=True)


if __name__ == "__main__":
    main()
