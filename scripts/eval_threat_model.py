"""Leave-one-file-out figures for the learned threat scorer: `.venv/bin/python
scripts/eval_threat_model.py`.

For each threat-heavy labelled file, a threat model is trained (as `scripts/train_model.py`
trains the shipped one) on every other file of `THREAT_FILES`, and the left-out file is scored
three ways: the rules alone, the model alone (probability >= threshold) and the combination as
gpwatch runs it (the rules plus the model's hit, with its discounts, through the whole
classifier). The threshold grid below the table is what the shipped threshold was chosen on:
the highest pooled recall at pooled precision >= 0.85. Needs scikit-learn (the `eval` extra).
The frozen split is never read.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from train_model import (  # noqa: E402
    DATA,
    THREAT_C,
    THREAT_HATECHECK,
    THREAT_THRESHOLD,
    fit_threat,
    patient_comments,
    threat_rows,
)

from classifiers import eval_data, threat_model  # noqa: E402
from classifiers.evaluate import LabelScore, evaluate_domain, score_label  # noqa: E402
from classifiers.flags import detect_flags, threat_rule_view  # noqa: E402
from classifiers.model import LinearModel  # noqa: E402
from flows.steps import build_classifier  # noqa: E402
from gpwatch.config import load_config  # noqa: E402

LEFT_OUT = (
    "threat_probe.jsonl",
    "threat_probe_2.jsonl",
    "threat_probe_3.jsonl",
    "threat_probe_4.jsonl",
    "threat_probe_5.jsonl",
    "threat_probe_6.jsonl",
    "domain_dev_extra.jsonl",
    "domain_examples.jsonl",
)
GRID = (0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9)
# the 0.85 target plus a margin, pooled over the left-out files
PRECISION_FLOOR = 0.87
# every left-out file: threat_probe_3/4 pair each threat with near-twin hard negatives written to
# fool a reader, so a file floor at the target itself would pick a threshold that misses threats
FILE_FLOOR = 0.80


def _with_threshold(model: LinearModel, t: float) -> LinearModel:
    return LinearModel(
        model.name, model.classes, model.bias, model.weights, {**model.meta, "threshold": t}
    )


def _pool(scores: Sequence[LabelScore]) -> LabelScore:
    return LabelScore(
        "threat",
        sum(s.tp for s in scores),
        sum(s.fp for s in scores),
        sum(s.fn for s in scores),
        sum(s.tn for s in scores),
    )


def _fmt(s: LabelScore) -> str:
    return f"P {s.precision:.3f} R {s.recall:.3f} F1 {s.f1:.3f} (tp {s.tp} fp {s.fp} fn {s.fn})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--c", type=float, default=THREAT_C, help="regularisation strength")
    ap.add_argument("--threshold", type=float, default=THREAT_THRESHOLD, help="for the table")
    ap.add_argument(
        "--hatecheck",
        action=argparse.BooleanOptionalAction,
        default=THREAT_HATECHECK,
        help="train on HateCheck's cases too (as the shipped model is)",
    )
    ap.add_argument("--misses", action="store_true", help="print what the combination misses")
    args = ap.parse_args()
    classifier = build_classifier(load_config(ROOT / "demo" / "gpwatch.toml"))
    rules: dict[str, LabelScore] = {}
    alone: dict[tuple[str, float], LabelScore] = {}
    combo: dict[tuple[str, float], LabelScore] = {}
    staff: dict[tuple[str, float], LabelScore] = {}
    misses: list[tuple[str, str, str]] = []
    try:
        for name in LEFT_OUT:
            examples = eval_data.load_jsonl(DATA / name)
            model = fit_threat(
                threat_rows(exclude=frozenset({name}), hatecheck=args.hatecheck), c=args.c
            )
            threat_model.use(None)
            rules[name] = evaluate_domain(classifier, examples).label("threat")
            probs = [
                threat_model.probability(model, *threat_rule_view(ex["text"])) for ex in examples
            ]
            for t in sorted({*GRID, args.threshold}):
                truth = [bool(ex.get("threat")) for ex in examples]
                alone[name, t] = score_label(
                    "threat", zip(truth, [p >= t for p in probs], strict=True)
                )
                threat_model.use(_with_threshold(model, t))
                report = evaluate_domain(classifier, examples)
                combo[name, t] = report.label("threat")
                staff[name, t] = report.label("staff_targeted")
                if args.misses and t == args.threshold:
                    misses += [
                        (name, m[1], m[2]) for m in report.misses if m[1].startswith("threat")
                    ]
    finally:
        threat_model.reset()
    t = args.threshold
    print(f"Leave-one-file-out threat figures (C={args.c}, threshold {t}):")
    for name in LEFT_OUT:
        print(f"\n{name}")
        print(f"  rules alone   {_fmt(rules[name])}")
        print(f"  model alone   {_fmt(alone[name, t])}")
        print(f"  rules + model {_fmt(combo[name, t])}")
        print(f"  staff_targeted with rules + model: {_fmt(staff[name, t])}")
    print("\npooled over the left-out files")
    print(f"  rules alone   {_fmt(_pool(list(rules.values())))}")
    print(f"  model alone   {_fmt(_pool([alone[n, t] for n in LEFT_OUT]))}")
    print(f"  rules + model {_fmt(_pool([combo[n, t] for n in LEFT_OUT]))}")
    print(
        f"\nthreshold grid (pick: highest pooled recall at pooled precision >= {PRECISION_FLOOR}"
        f" and every left-out file's >= {FILE_FLOOR})"
    )
    best = None
    for g in sorted({*GRID, t}):
        pa, pc = _pool([alone[n, g] for n in LEFT_OUT]), _pool([combo[n, g] for n in LEFT_OUT])
        worst = min(combo[n, g].precision for n in LEFT_OUT)
        print(f"  {g:.2f}  model {_fmt(pa)} | rules+model {_fmt(pc)} | worst-file P {worst:.3f}")
        good = pc.precision >= PRECISION_FLOOR and worst >= FILE_FLOOR
        if good and (best is None or pc.recall > best[1]):
            best = (g, pc.recall)
    print(f"best threshold by that rule: {best[0] if best else 'none reaches the floor'}")
    _false_alarms_on_patient_comments(args)
    for name, what, text in misses:
        print(f"  {name}: {what}: {text[:160]}")


def _false_alarms_on_patient_comments(args: argparse.Namespace) -> None:
    # Most real traffic is benign: how often the whole threat flag fires on real patient comments
    # the model never saw (the held-out half), with a model trained on every file as shipped.
    comments = patient_comments(1)[:4000]
    model = fit_threat(threat_rows(hatecheck=args.hatecheck), c=args.c)
    print(f"\nthreat flag on {len(comments):,} held-out real patient comments (none is a threat):")
    try:
        for t in sorted({0.3, 0.45, 0.6, args.threshold}):
            threat_model.use(_with_threshold(model, t))
            fired = sum(1 for c in comments if detect_flags(c.text).flags["threat"])
            print(f"  threshold {t:.2f}: {fired} flagged ({fired / len(comments):.2%})")
    finally:
        threat_model.reset()


if __name__ == "__main__":
    main()
