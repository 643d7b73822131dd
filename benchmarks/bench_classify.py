"""Classification speed against plain VADER, on the same texts, in the same process, one core.

Prints `vader_only: N items/s (…)` (plain VADER's polarity_scores, nothing else) and
`classify: N items/s (…)` (the whole classification: practice matching at national scale,
domain sentiment with the shipped model, flags, alert rules), then the parts on their own and
the ratio. The target is classify >= half of vader_only. Times are this process's CPU time,
pinned to one core, so other work on the machine does not skew the ratio. It measures; it does
not pass or fail.

`classify.verdict` is sentiment + flags called exactly as classify calls them (the practice's
staff, domain sentiment only for items that mention a practice), `classify.alerts` the alert
rules over the mentions, `classify.rest` what classify costs beyond match, verdict and alerts
(building results). A second workload, `tweets.*`, runs the same comparison over VADER's
human-rated tweets (real short posts, read in place from ../shared/data/eval), a practice name
put into one in four; it is skipped with a note when that file is absent. `--repeat N` runs
every stage N times, VADER alone included, and counts the fastest run of each.

    .venv/bin/python benchmarks/bench_classify.py [--items 20000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_pipeline import DEFAULT_ODS, line, registry, synthetic_items  # noqa: E402

from alerts.guidance import load_guidance  # noqa: E402
from alerts.rules import decide  # noqa: E402
from classifiers.eval_data import DatasetMissing, vader_tweets  # noqa: E402
from classifiers.flags import detect_flags  # noqa: E402
from classifiers.matching import PracticeMatcher, RegistryEntry  # noqa: E402
from classifiers.model import load  # noqa: E402
from classifiers.pipeline import Classifier  # noqa: E402
from classifiers.sentiment import plain_analyser, score_sentiment  # noqa: E402
from gpwatch.models import Payload, RawItem  # noqa: E402


def _timed(stage: str, n: int, fn: Callable[[], object], note: str = "", repeat: int = 1) -> float:
    # CPU time of this process: other work on a shared machine does not count against a stage;
    # with repeat > 1 the fastest run counts
    seconds = float("inf")
    for _ in range(max(1, repeat)):
        start = time.process_time()
        fn()
        seconds = min(seconds, time.process_time() - start)
    line(stage + note, n, seconds)
    return n / seconds if seconds > 0 else float("inf")


def tweet_items(entries: list[RegistryEntry]) -> list[RawItem] | str:
    """VADER's rated tweets as X posts, one in four naming a practice; or why they are absent."""
    try:
        tweets = vader_tweets()
    except DatasetMissing as exc:
        return str(exc)
    rng = random.Random(20261201)
    payload = Payload(b"tweets", "text/plain", "bench://tweets", datetime.now(UTC))
    forms = ("{name}: {text}", "{text} @ {name}", "{text} (at {name} in {town})")
    out = []
    for i, t in enumerate(tweets):
        text = t.text
        if i % 4 == 0:
            p = rng.choice(entries)
            text = rng.choice(forms).format(name=p.name, town=p.town or "town", text=text)
        out.append(RawItem("x", f"tweet-{t.key}", f"https://x.test/t/{i}", text, payload))
    return out


def per_item(stage: str, rate: float) -> str:
    return f"{stage} {1e6 / rate:.1f}" if rate > 0 else f"{stage} ?"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--items", type=int, default=20_000)
    ap.add_argument("--ods", type=Path, default=DEFAULT_ODS)
    ap.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="run each stage N times and count its fastest run (steadier on a busy machine)",
    )
    args = ap.parse_args()
    timed = partial(_timed, repeat=args.repeat)
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
    match = timed("classify.match", n, lambda: [matcher.match(it) for it in items])
    timed("classify.sentiment", n, lambda: [score_sentiment(t, domain=True) for t in texts])
    timed("classify.flags", n, lambda: [detect_flags(t) for t in texts])
    # the inputs classify gives the verdict and the alert rules, worked out before the clock
    results = classifier.classify_batch(items)
    staff = [matcher.staff_of([m.practice_id for m in r.mentions]) for r in results]
    names = [matcher.names_of([m.practice_id for m in r.mentions]) for r in results]
    verdict = timed(
        "classify.verdict",
        n,
        lambda: [
            classifier.verdict(it, s, mentioned=bool(r.mentions), practice_names=p)
            for it, s, p, r in zip(items, staff, names, results, strict=True)
        ],
        " (sentiment + flags as classify calls them)",
    )
    pairs = [(m, r.verdict, r.item) for r in results for m in r.mentions]
    guidance = classifier.guidance
    alerts = timed(
        "classify.alerts",
        n,
        lambda: [decide(m, v, it.source, guidance, extras=it.extras) for m, v, it in pairs],
        f" ({len(pairs):,} mentions)",
    )
    rest = 1e6 / whole - sum(1e6 / r for r in (match, verdict, alerts) if r > 0)
    print(
        f"classify per item (µs): {per_item('match', match)} + {per_item('verdict', verdict)}"
        f" + {per_item('alerts', alerts)} + rest {rest:.1f} = {1e6 / whole:.1f}"
        f" (vader_only {1e6 / vader:.1f})",
        flush=True,
    )
    print(f"classify / vader_only: {whole / vader:.2f} (target >= 0.50)", flush=True)

    tweets = tweet_items(entries)
    if isinstance(tweets, str):
        print(f"note: tweets workload skipped: {tweets}", flush=True)
        return
    tweet_texts = [it.text for it in tweets]
    t_vader = timed(
        "tweets.vader_only",
        len(tweets),
        lambda: [plain.polarity_scores(t) for t in tweet_texts],
        " (plain VADER, rated tweets)",
    )
    t_whole = timed(
        "tweets.classify",
        len(tweets),
        lambda: classifier.classify_batch(tweets),
        " (one in four names a practice)",
    )
    timed("tweets.match", len(tweets), lambda: [matcher.match(it) for it in tweets])
    print(f"tweets classify / vader_only: {t_whole / t_vader:.2f} (target >= 0.50)", flush=True)


if __name__ == "__main__":
    main()
