"""Print the domain scores: `.venv/bin/python -m tests.domain_eval` (a quick look while developing;
`gpwatch eval` is the full report)."""

from __future__ import annotations

import json
from pathlib import Path

from classifiers.evaluate import evaluate_domain
from flows.steps import build_classifier
from gpwatch.config import load_config

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "tests" / "data" / "domain_examples.jsonl"


def load_examples() -> list[dict]:
    return [json.loads(x) for x in EXAMPLES.read_text(encoding="utf-8").splitlines() if x.strip()]


def main() -> None:
    classifier = build_classifier(load_config(ROOT / "demo" / "gpwatch.toml"))
    report = evaluate_domain(classifier, load_examples())
    print(report.format())
    for ex_id, what, text in report.misses:
        print(f"- {ex_id} {what}: {text[:150]!r}")


if __name__ == "__main__":
    main()
