"""Capture, or compare against, the whole classification of every text we have: the guard for
speed work, which must not change a single output.

    .venv/bin/python scripts/classify_golden.py --write /tmp/golden_before.jsonl
    .venv/bin/python scripts/classify_golden.py --compare /tmp/golden_before.jsonl

Each line is one item: its key, the `gpwatch classify` object (`result_as_json`) and the raw
floats behind it (`repr` of the compound and of every score, before `result_as_json` rounds
them; each alert's severity, category, action and reasons), so `--compare` checks the floats
bit for bit. The items are the labelled files (tests/data/*.jsonl and tests/data/pending/, read
as `gpwatch eval` reads them, and again as a Reddit post with a title), the shared sets
(VADER's tweets, Davidson, HateCheck; absent ones are skipped), each read plain and with a demo
practice's name put in, all classified as `gpwatch eval` classifies them (the demo practices);
then the synthetic posts of benchmarks/bench_classify.py against the national registry. The
golden file is written outside the repository: the shared sets' texts are never copied in.
The held-out split (domain_frozen.jsonl) is never read.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from classifiers import eval_data  # noqa: E402
from classifiers.pipeline import Classifier, ItemResult, result_as_json  # noqa: E402
from gpwatch.config import load_config  # noqa: E402
from storage.store import StoredItem  # noqa: E402

DATA = ROOT / "tests" / "data"
FROZEN = "domain_frozen.jsonl"


def _item(source: str, key: str, text: str, **kw: Any) -> StoredItem:
    return StoredItem(
        source=source,
        external_id=key,
        source_name="golden",
        url="",
        title=kw.get("title", ""),
        text=text,
        author_handle="",
        published_at=None,
        practice_hint=kw.get("hint"),
        extras=kw.get("extras", {}),
    )


def labelled_items() -> Iterator[StoredItem]:
    """Every labelled row as `gpwatch eval` reads it, and again as a titled Reddit post."""
    paths = sorted(DATA.glob("*.jsonl")) + sorted((DATA / "pending").glob("*.jsonl"))
    for path in paths:
        if path.name == FROZEN:
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
            if not line.strip():
                continue
            ex = json.loads(line)
            key = f"{path.parent.name}/{path.stem}:{n}"
            hint = ex.get("practice") if ex["source"] == "nhs_reviews" else None
            extras = {"rating": ex["rating"]} if ex.get("rating") else {}
            yield _item(ex["source"], key, ex["text"], hint=hint, extras=extras)
            yield _item("reddit", key + ":t", ex["text"], title="Re: " + ex["text"][:30])


def shared_items(names: list[str]) -> Iterator[StoredItem]:
    """The shared sets' texts as X posts, plain and with a demo practice's name put in."""
    readers = {
        "vader": lambda: [(t.key, t.text) for t in eval_data.vader_tweets()],
        "davidson": lambda: [(r.key, r.text) for r in eval_data.davidson()],
        "hatecheck": lambda: [(str(i), c.text) for i, c in enumerate(eval_data.hatecheck())],
    }
    for set_name, read in readers.items():
        try:
            rows = read()
        except eval_data.DatasetMissing as exc:
            print(f"skipped {set_name}: {exc}", file=sys.stderr)
            continue
        for i, (key, text) in enumerate(rows):
            yield _item("x", f"{set_name}:{key}", text)
            named = f"{names[i % len(names)]}: {text}" if i % 2 else f"{text} @ {names[i % 3]}"
            yield _item("x", f"{set_name}:{key}:named", named)


def record(key: str, result: ItemResult) -> dict[str, Any]:
    """One item's output and the raw floats behind it."""
    v = result.verdict
    return {
        "key": key,
        "out": result_as_json(result, key),
        "raw": {
            "compound": repr(v.compound),
            "scores": {k: repr(s) for k, s in v.scores.items()},
            "flags": {k: repr(f) for k, f in v.flags.items()},
            "alerts": [[a.severity, a.category, a.action, a.reasons] for a in result.alerts],
        },
    }


def capture() -> Iterator[dict[str, Any]]:
    """Every record, in a fixed order."""
    from flows.steps import build_classifier

    cfg = load_config(ROOT / "demo" / "gpwatch.toml")
    classifier = build_classifier(cfg)
    names = [p.name for p in cfg.practices]
    for items in (list(labelled_items()), list(shared_items(names))):
        for item, result in zip(items, classifier.classify_batch(items), strict=True):
            yield record(item.external_id, result)
    from bench_pipeline import DEFAULT_ODS, registry, synthetic_items

    from alerts.guidance import load_guidance
    from classifiers.matching import PracticeMatcher

    entries = registry(DEFAULT_ODS)
    national = Classifier(PracticeMatcher(entries), load_guidance())
    bench = synthetic_items(entries, 5000)
    for item, result in zip(bench, national.classify_batch(bench), strict=True):
        yield record(item.external_id, result)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = ap.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", type=Path, help="write the golden file here")
    group.add_argument("--compare", type=Path, help="compare with this golden file")
    args = ap.parse_args()
    if args.write:
        with args.write.open("w", encoding="utf-8") as fh:
            n = 0
            for rec in capture():
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
                n += 1
        print(f"wrote {n} records to {args.write}")
        return
    golden = args.compare.read_text(encoding="utf-8").splitlines()
    got = [json.dumps(rec, ensure_ascii=False) for rec in capture()]
    diffs = [(a, b) for a, b in zip(golden, got, strict=False) if a != b]
    print(f"compared {min(len(golden), len(got))} records ({len(golden)} golden, {len(got)} now)")
    for a, b in diffs[:10]:
        print(f"- {a[:400]}\n+ {b[:400]}")
    if diffs or len(golden) != len(got):
        print(f"DIFFERENT: {len(diffs)} records differ")
        sys.exit(1)
    print("identical")


if __name__ == "__main__":
    main()
