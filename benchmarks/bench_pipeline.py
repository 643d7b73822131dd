"""National-scale benchmark: every active practice of the ODS list, 50,000 synthetic items.

Prints one line per stage, `<stage>: <N> items/s (<items> items in <seconds> s)`, and the peak
memory. It measures; it does not pass or fail. Usage:

    .venv/bin/python benchmarks/bench_pipeline.py [--items 50000] [--ods PATH]
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from alerts.guidance import load_guidance  # noqa: E402
from classifiers.flags import detect_flags  # noqa: E402
from classifiers.matching import PracticeMatcher, RegistryEntry  # noqa: E402
from classifiers.pipeline import Classifier  # noqa: E402
from classifiers.sentiment import analyser, score_sentiment  # noqa: E402
from flows.steps import classify_pending  # noqa: E402
from gpwatch.models import Batch, Payload, RawItem  # noqa: E402
from gpwatch.ods import active_practices  # noqa: E402
from storage.store import Store  # noqa: E402

DEFAULT_ODS = ROOT.parent / "shared" / "data" / "reference" / "ods-gp-practices" / "epraccur.csv"

TEMPLATES = [
    "{name} in {town}: waited 3 weeks for an appointment, no one answers at 8am",
    "Huge thanks to everyone at {name}, the nurse was brilliant and so kind",
    "{name} have lost my repeat prescription again. Absolute shambles.",
    "Rang {name} at 8am, 27th in the queue, then no appointments left",
    "The receptionist at {name} is a useless cow, f*cking disgrace",
    "I know where you live, receptionist at {name}. Watch your back.",
    "Flu clinic at {name} this Saturday, book online",
    "Lovely afternoon in {town}, went to the market",
    "This queue is killing me, 40 minutes and counting",
    "Anyone know if the surgery in {town} is taking new patients?",
    "Her NHS number is 943 476 5919 and she lives at 14 Acacia Avenue",
    "Council tax up again, roads a mess, nothing to do with doctors",
]


def line(stage: str, n: int, seconds: float) -> None:
    rate = n / seconds if seconds > 0 else float("inf")
    print(f"{stage}: {rate:,.0f} items/s ({n:,} items in {seconds:.2f} s)", flush=True)


def registry(ods: Path) -> list[RegistryEntry]:
    if ods.exists():
        rows = active_practices(ods)
        return [RegistryEntry(p.code, p.display_name, p.town, p.postcode) for p in rows]
    print(f"note: {ods} is absent; using 6,651 synthetic practices", flush=True)
    return [
        RegistryEntry(f"Z{i:05d}", f"Practice {i} Surgery", f"Town{i % 900}", "")
        for i in range(6651)
    ]


def synthetic_items(entries: list[RegistryEntry], n: int) -> list[RawItem]:
    rng = random.Random(20261125)
    payload = Payload(b"synthetic", "text/plain", "bench://", datetime.now(UTC))
    t0 = datetime(2026, 11, 1, tzinfo=UTC)
    out = []
    for i in range(n):
        p = rng.choice(entries)
        text = rng.choice(TEMPLATES).format(name=p.name, town=p.town or "town")
        out.append(
            RawItem(
                "x",
                f"bench-{i}",
                f"https://x.test/{i}",
                text,
                payload,
                source_name="bench",
                published_at=t0 + timedelta(seconds=i),
            )
        )
    return out


def timed(stage: str, n: int, fn) -> float:
    start = time.perf_counter()
    fn()
    seconds = time.perf_counter() - start
    line(stage, n, seconds)
    return seconds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--items", type=int, default=50_000)
    ap.add_argument("--ods", type=Path, default=DEFAULT_ODS)
    args = ap.parse_args()

    start = time.perf_counter()
    entries = registry(args.ods)
    matcher = PracticeMatcher(entries)
    print(
        f"registry: {len(entries):,} practices, automaton built in "
        f"{time.perf_counter() - start:.2f} s",
        flush=True,
    )
    items = synthetic_items(entries, args.items)
    texts = [it.text for it in items]
    n = len(items)

    sia = analyser()
    timed("vader_only", n, lambda: [sia.polarity_scores(t) for t in texts])
    timed("match", n, lambda: [matcher.match(it) for it in items])
    timed("sentiment", n, lambda: [score_sentiment(t) for t in texts])
    timed("flags", n, lambda: [detect_flags(t) for t in texts])
    classifier = Classifier(matcher, load_guidance())
    timed("classify", n, lambda: classifier.classify_batch(items))

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.duckdb")
        size = 5000

        def store_all() -> None:
            for i in range(0, n, size):
                store.save_batch(Batch(items[i : i + size], {"i": i}), "bench", "x")

        stored_in = timed("store", n, store_all)
        classified_in = timed(
            "classify_and_store_results",
            n,
            lambda: classify_pending(store, classifier, "bench", 5000),
        )
        # fetch is excluded (it is network-bound); end_to_end = store raw + classify + store results
        line("end_to_end", n, stored_in + classified_in)
        print(
            f"stored: {store.count('mentions'):,} mentions, {store.count('alerts'):,} alerts",
            flush=True,
        )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak_mb:,.0f} MB", flush=True)


if __name__ == "__main__":
    main()
