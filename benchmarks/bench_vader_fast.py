"""FastVader against plain VADER on the same texts, in the same process, on one core.

Prints `vader_plain: N items/s (…)` (vaderSentiment's polarity_scores) and `vader_fast: N
items/s (…)` (classifiers.vader_fast) over the short synthetic posts that
benchmarks/bench_classify.py uses, then the same pair over VADER's own human-rated tweets when
../shared is present (real short posts: emoji, capitals, slang), and the speed-up of each. Times
are this process's CPU time, pinned to one core, so other work on the machine does not skew
them; plain and fast take turns, each keeping its best of `--repeat` rounds. After timing it
checks that both gave identical dicts. It measures; it does not pass or fail
(tests/test_vader_fast.py proves the equivalence).

    .venv/bin/python benchmarks/bench_vader_fast.py [--items 20000] [--repeat 5]
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
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer  # noqa: E402

from classifiers.vader_fast import FastVader  # noqa: E402

TWEETS = ROOT.parent / "shared" / "data" / "eval" / "vader-ground-truth" / "tweets_GroundTruth.txt"


def cpu_seconds(texts: list[str], fn: Callable[[str], object]) -> float:
    # CPU time of this process: other work on a shared machine does not count against it
    start = time.process_time()
    for t in texts:
        fn(t)
    return time.process_time() - start


def compare(
    label: str,
    texts: list[str],
    plain: SentimentIntensityAnalyzer,
    fast: FastVader,
    repeat: int,
) -> None:
    # Rounds alternate plain and fast, and each side keeps its best round: a busy spell on
    # the machine then slows both sides, not one of them.
    slow = quick = float("inf")
    for _ in range(repeat):
        slow = min(slow, cpu_seconds(texts, plain.polarity_scores))
        quick = min(quick, cpu_seconds(texts, fast.polarity_scores))
    suffix = f".{label}" if label else ""
    line(f"vader_plain{suffix}", len(texts), slow)
    line(f"vader_fast{suffix}", len(texts), quick)
    differ = sum(plain.polarity_scores(t) != fast.polarity_scores(t) for t in texts)
    print(
        f"vader_fast{suffix} / vader_plain{suffix}: {slow / quick:.2f}x "
        f"({len(texts):,} texts, {differ} results differ)",
        flush=True,
    )


def tweets() -> list[str]:
    if not TWEETS.exists():
        print(f"note: {TWEETS} is absent; skipping the tweets set", flush=True)
        return []
    rows = TWEETS.read_text(encoding="utf-8", errors="replace").splitlines()
    return [parts[2] for parts in (r.split("\t", 2) for r in rows) if len(parts) == 3]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--items", type=int, default=20_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--ods", type=Path, default=DEFAULT_ODS)
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as issue 4 says
    texts = [it.text for it in synthetic_items(registry(args.ods), args.items)]
    plain = SentimentIntensityAnalyzer()
    fast = FastVader(plain)
    compare("", texts, plain, fast, args.repeat)
    real = tweets()
    if real:
        compare("tweets", real, plain, fast, args.repeat)


if __name__ == "__main__":
    main()
