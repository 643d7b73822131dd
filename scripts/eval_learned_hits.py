"""Leave-one-file-out figures for a learned scorer (threat, abuse or safeguarding):
`.venv/bin/python scripts/eval_learned_hits.py --label threat`.

For each labelled file rich in that label, a model is trained (as `scripts/train_model.py`
trains the shipped one) on every other file of the scorer's file list, and the left-out file is
scored three ways: the rules alone, the model alone (probability >= threshold) and the
combination as gpwatch runs it (the rules plus the model's hit, with its discounts, through the
whole classifier). The threshold grid below the table is what the shipped threshold is chosen
on (`choose_threshold`): the highest pooled recall of the combination such that
  - pooled precision >= PRECISION_FLOOR (0.87 threats, 0.90 abuse, 0.85 safeguarding);
  - every left-out file's precision >= FILE_FLOOR (0.75), or >= the rules' own precision on it
    where that is lower (a file whose rules alone are under the floor cannot be repaired by any
    threshold; the model must only not make it worse);
  - the whole flag fires on at most COMMENT_CEILING of held-out real NHS patient comments the
    model never saw;
  - the model adds false alarms to at most CROSS_FILE_CEILING (1%) of the posts without the label
    in the scorer's other training files, each scored by a model trained without it (two folds
    by file): the probes written for the other labels are where a new false alarm shows first.
The rates are printed for each threshold first. The shipped threshold must also keep the tests'
hand-written hard negatives clean (printed as a reminder; the tests check it).
Needs scikit-learn (the `eval` extra). The frozen split is never read.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from train_model import (  # noqa: E402
    DATA,
    LEARNED,
    LearnedSpec,
    _scorer,
    fit_learned,
    label_rows,
    patient_comments,
)

from classifiers import eval_data  # noqa: E402
from classifiers.evaluate import LabelScore, evaluate_domain, score_label  # noqa: E402
from classifiers.flags import (  # noqa: E402
    abuse_rule_view,
    detect_flags,
    safeguarding_rule_view,
    threat_rule_view,
)
from classifiers.model import LinearModel  # noqa: E402
from flows.steps import build_classifier  # noqa: E402
from gpwatch.config import load_config  # noqa: E402

LEFT_OUT = {
    # the files rich in threats: every threat probe, the dev files and days, and the personal
    # data probe written along the line between doxxing and a threat (stop 16)
    "threat": tuple(
        n
        for n in LEARNED["threat"].files
        if n.startswith(("threat_probe", "domain_"))
        # the doxxing-or-threat line (stop 16); long distress posts read as menace (stop 20)
        or n in ("pii_probe_3.jsonl", "safeguarding_probe_6.jsonl")
    ),
    "abuse": (
        "abuse_probe.jsonl",
        "abuse_probe_2.jsonl",
        "abuse_probe_3.jsonl",
        "threat_probe_8.jsonl",
        "threat_probe_12.jsonl",
        "threat_probe_13.jsonl",
        "domain_examples.jsonl",
        # the days of posts as they arrive (stop 16)
        "domain_day_1.jsonl",
        "domain_day_2.jsonl",
        "domain_day_3.jsonl",
        "domain_day_4.jsonl",
        "domain_day_5.jsonl",
        # short replies, 40 of them abusive (stop 17)
        "threat_probe_23.jsonl",
        # long complaints, 32 of them abusive (stop 19)
        "threat_probe_27.jsonl",
        # the eighteenth round: two more days and long posts (stop 20)
        "domain_day_6.jsonl",
        "domain_day_7.jsonl",
        "threat_probe_28.jsonl",
        "safeguarding_probe_6.jsonl",
    ),
    # the safeguarding probes (all of probe 3: a file left out is never trained on) and the dev
    # split
    "safeguarding": (
        "safeguarding_probe.jsonl",
        "safeguarding_probe_2.jsonl",
        "safeguarding_probe_3.jsonl",
        "safeguarding_probe_4.jsonl",
        "domain_examples.jsonl",
        "domain_day_1.jsonl",
        "domain_day_2.jsonl",
        "domain_day_3.jsonl",
        "domain_day_4.jsonl",
        "domain_day_5.jsonl",
        # long posts with self-harm disclosures among rants (stop 17)
        "threat_probe_22.jsonl",
        # distress against disclosure (stop 17)
        "safeguarding_probe_5.jsonl",
        # the eighteenth round: two more days, long rants, long distress posts (stop 20)
        "domain_day_6.jsonl",
        "domain_day_7.jsonl",
        "threat_probe_28.jsonl",
        "safeguarding_probe_6.jsonl",
        # the nineteenth round: oblique disclosures, menace against distress (stop 20)
        "safeguarding_probe_8.jsonl",
        "threat_probe_30.jsonl",
    ),
}
GRID = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
# pooled over the left-out files. Threats: the 0.85 target plus a margin. Abuse: its target is
# an F1, which is flat across the grid, and a false abuse alert costs more than a missed insult
PRECISION_FLOOR = {"threat": 0.87, "abuse": 0.90, "safeguarding": 0.85}
# every left-out file: the threat probes pair each threat with near-twin hard negatives written
# to fool a reader, so a file floor at the target itself would pick a threshold that misses them.
# Settled at stop 11 (it was 0.80 with six files): the files written since are built of twins on
# purpose (probes 8 and 13: every insult or rant beside the same words with menace), so their
# precision is the floor of the hardest case, not a measure of a flood of false alarms. What
# real traffic would see is measured on real patient comments (COMMENT_CEILING), and a missed
# threat costs more than a false one (issue 4).
FILE_FLOOR = 0.75
# the most the model may add false alarms to the scorer's other files (see the docstring). Set at
# stop 12 before it was first measured for threats and abuse; for safeguarding a helper had
# measured about 1.4% at 0.30 and 0.3% at 0.80 by hand
CROSS_FILE_CEILING = 0.01
# the most the flag may fire on held-out real patient comments (benign, labelled by nobody)
COMMENT_CEILING = {"threat": 0.0025, "abuse": 0.0025, "safeguarding": 0.005}
# safeguarding's is higher: real patient comments include genuine disclosures ("I have no will to
# live", "I was suicidal and got left to deal with it alone"), which the rules alone flag on
# 0.35% of them; the ceiling leaves the model room for another 0.15%, read before trusting it


def _with_threshold(model: LinearModel, t: float) -> LinearModel:
    return LinearModel(
        model.name, model.classes, model.bias, model.weights, {**model.meta, "threshold": t}
    )


def _pool(label: str, scores: Sequence[LabelScore]) -> LabelScore:
    return LabelScore(
        label,
        sum(s.tp for s in scores),
        sum(s.fp for s in scores),
        sum(s.fn for s in scores),
        sum(s.tn for s in scores),
    )


def _fmt(s: LabelScore) -> str:
    return f"P {s.precision:.3f} R {s.recall:.3f} F1 {s.f1:.3f} (tp {s.tp} fp {s.fp} fn {s.fn})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--label", choices=sorted(LEARNED), default="threat")
    ap.add_argument("--c", type=float, default=None, help="regularisation (default: shipped)")
    ap.add_argument("--threshold", type=float, default=None, help="for the table")
    ap.add_argument(
        "--hatecheck",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="train on HateCheck's cases too (default: as the shipped model is)",
    )
    ap.add_argument("--misses", action="store_true", help="print what the combination misses")
    args = ap.parse_args()
    spec = LEARNED[args.label]
    label, scorer = spec.label, _scorer(spec.label)
    view = {"threat": threat_rule_view, "safeguarding": safeguarding_rule_view}.get(
        label, abuse_rule_view
    )
    c = spec.c if args.c is None else args.c
    t = spec.threshold if args.threshold is None else args.threshold
    files = [n for n in LEFT_OUT[label] if (DATA / n).is_file()]
    classifier = build_classifier(load_config(ROOT / "demo" / "gpwatch.toml"))
    rules: dict[str, LabelScore] = {}
    alone: dict[tuple[str, float], LabelScore] = {}
    combo: dict[tuple[str, float], LabelScore] = {}
    staff: dict[tuple[str, float], LabelScore] = {}
    misses: list[tuple[str, str, str]] = []
    try:
        for name in files:
            examples = eval_data.load_jsonl(DATA / name)
            rows = label_rows(spec, exclude=frozenset({name}), hatecheck=args.hatecheck)
            model = fit_learned(spec, rows, c=c)
            scorer.use(None)
            rules[name] = evaluate_domain(classifier, examples).label(label)
            probs = [scorer.probability(model, *view(ex["text"])) for ex in examples]
            truth = [bool(ex.get(label)) for ex in examples]
            for g in sorted({*GRID, t}):
                alone[name, g] = score_label(
                    label, zip(truth, [p >= g for p in probs], strict=True)
                )
                scorer.use(_with_threshold(model, g))
                report = evaluate_domain(classifier, examples)
                combo[name, g] = report.label(label)
                staff[name, g] = report.label("staff_targeted")
                if args.misses and g == t:
                    misses += [(name, m[1], m[2]) for m in report.misses if m[1].startswith(label)]
    finally:
        scorer.reset()
    print(f"Leave-one-file-out {label} figures (C={c}, threshold {t}):")
    for name in files:
        print(f"\n{name}")
        print(f"  rules alone   {_fmt(rules[name])}")
        print(f"  model alone   {_fmt(alone[name, t])}")
        print(f"  rules + model {_fmt(combo[name, t])}")
        print(f"  staff_targeted with rules + model: {_fmt(staff[name, t])}")
    print("\npooled over the left-out files")
    print(f"  rules alone   {_fmt(_pool(label, list(rules.values())))}")
    print(f"  model alone   {_fmt(_pool(label, [alone[n, t] for n in files]))}")
    print(f"  rules + model {_fmt(_pool(label, [combo[n, t] for n in files]))}")
    grid = sorted({*GRID, t})
    rates = _false_alarms_on_patient_comments(spec, c, args.hatecheck, t)
    added = _cross_file_false_alarms(
        spec, c, args.hatecheck, grid, classifier, files, show_at=t if args.misses else None
    )
    print(
        f"\nthreshold grid (pick: highest pooled recall at pooled precision >= "
        f"{PRECISION_FLOOR[label]}, every left-out file's >= {FILE_FLOOR} or its rules' own, at"
        f" most {COMMENT_CEILING[label]:.2%} of held-out real patient comments flagged and at most"
        f" {CROSS_FILE_CEILING:.2%} added false alarms on the other files)"
    )
    rows = []
    for g in grid:
        pa = _pool(label, [alone[n, g] for n in files])
        row = GridRow(
            g,
            _pool(label, [combo[n, g] for n in files]),
            {n: combo[n, g] for n in files},
            rates[g],
            added[g],
        )
        rows.append(row)
        short = [n for n in files if row.per_file[n].precision < _file_floor(rules[n])]
        print(
            f"  {g:.2f}  model {_fmt(pa)} | rules+model {_fmt(row.pooled)}"
            f" | files under their floor: {', '.join(short) or 'none'}"
            f" | patient comments {row.comment_rate:.2%} | other files +{row.added_rate:.2%}"
        )
    best = choose_threshold(label, rows, rules)
    print(f"best threshold by that rule: {best if best is not None else 'none reaches the floor'}")
    print(
        "(the shipped threshold must also keep the hand-written hard negatives of the tests clean:"
        " tests/test_abuse_probe.py, tests/test_classifiers.py)"
    )
    for name, what, text in misses:
        print(f"  {name}: {what}: {text[:160]}")


@dataclass(frozen=True)
class GridRow:
    """One threshold's figures: the combination pooled and per left-out file, the share of
    held-out patient comments flagged, and the share of other files' negatives the model adds."""

    threshold: float
    pooled: LabelScore
    per_file: dict[str, LabelScore]
    comment_rate: float
    added_rate: float


def _file_floor(rules_alone: LabelScore) -> float:
    # a file the rules alone already fall below the floor on: the model must only not make it
    # worse (no threshold can lift it above the rules' own false alarms)
    if rules_alone.tp + rules_alone.fp == 0:
        return FILE_FLOOR
    return min(FILE_FLOOR, rules_alone.precision)


def choose_threshold(
    label: str, rows: Sequence[GridRow], rules: dict[str, LabelScore]
) -> float | None:
    """The rule (module docstring): the threshold of `rows` with the highest pooled recall that
    meets every floor and ceiling, the lower threshold on a tie; None when none does."""
    best: GridRow | None = None
    for row in sorted(rows, key=lambda r: r.threshold):
        good = (
            row.pooled.precision >= PRECISION_FLOOR[label]
            and all(row.per_file[n].precision >= _file_floor(rules[n]) for n in row.per_file)
            and row.comment_rate <= COMMENT_CEILING[label]
            and row.added_rate <= CROSS_FILE_CEILING
        )
        if good and (best is None or row.pooled.recall > best.pooled.recall):
            best = row
    return None if best is None else best.threshold


def _cross_file_false_alarms(
    spec: LearnedSpec,
    c: float,
    hatecheck: bool | None,
    grid: Sequence[float],
    classifier: object,
    left_out: Sequence[str],
    show_at: float | None = None,
) -> dict[float, float]:
    """threshold -> the share of posts without the label, in the scorer's training files that
    are not left out in turn, that the model newly flags: two folds by file, each scored by a
    model trained without its files, through the whole classifier."""
    others = [n for n in spec.files if n not in left_out and (DATA / n).is_file()]
    folds = [others[0::2], others[1::2]]
    scorer = _scorer(spec.label)
    added = dict.fromkeys(grid, 0)
    negatives = 0
    shown: Counter[str] = Counter()
    try:
        for fold in folds:
            if not fold:
                continue
            examples = [ex for n in fold for ex in eval_data.load_jsonl(DATA / n)]
            negatives += sum(not ex.get(spec.label) for ex in examples)
            model = fit_learned(
                spec, label_rows(spec, exclude=frozenset(fold), hatecheck=hatecheck), c=c
            )
            scorer.use(None)
            # the model only adds hits, so what it adds is the false alarms beyond the rules'
            base_report = evaluate_domain(classifier, examples)
            base = base_report.label(spec.label).fp
            for g in grid:
                scorer.use(_with_threshold(model, g))
                report = evaluate_domain(classifier, examples)
                added[g] += report.label(spec.label).fp - base
                if g == show_at:
                    shown += _false_alarm_texts(report, spec.label) - _false_alarm_texts(
                        base_report, spec.label
                    )
    finally:
        scorer.reset()
    rates = {g: (added[g] / negatives if negatives else 0.0) for g in grid}
    print(
        f"\nfalse alarms the {spec.label} model adds on {negatives:,} posts without the label in"
        f" {len(others)} other files (two folds by file)"
    )
    for g in grid:
        print(f"  threshold {g:.2f}: +{added[g]} ({rates[g]:.2%})")
    for text in sorted(shown):
        print(f"    added at {show_at:.2f}: {text[:160]}")
    return rates


def _false_alarm_texts(report: object, label: str) -> Counter[str]:
    # the texts of a report's false alarms for `label` (evaluate_domain lists them in misses)
    misses = getattr(report, "misses", [])
    return Counter(t for _, what, t in misses if what.startswith(f"{label}: expected False"))


def _false_alarms_on_patient_comments(
    spec: LearnedSpec, c: float, hatecheck: bool | None, t: float
) -> dict[float, float]:
    """threshold -> the share of held-out real patient comments the whole flag fires on."""
    # Most real traffic is benign: how often the whole flag fires on real patient comments the
    # model never saw (the held-out half), with a model trained on every file as shipped.
    comments = patient_comments(1)[:4000]
    rates: dict[float, float] = {}
    scorer = _scorer(spec.label)
    model = fit_learned(spec, label_rows(spec, hatecheck=hatecheck), c=c)
    print(
        f"\n{spec.label} flag on {len(comments):,} held-out real patient comments "
        "(labelled by nobody: read the examples before calling them false)"
    )
    try:
        for g in sorted({*GRID, t}):
            scorer.use(_with_threshold(model, g))
            fired = [x.text for x in comments if detect_flags(x.text).flags[spec.label]]
            rates[g] = len(fired) / len(comments) if comments else 0.0
            print(f"  threshold {g:.2f}: {len(fired)} flagged ({rates[g]:.2%})")
            if g == t:
                for text in fired[:5]:
                    print(f"    e.g. {text[:140]!r}")
    finally:
        scorer.reset()
    return rates


if __name__ == "__main__":
    main()
