"""Train the shipped models reproducibly: `.venv/bin/python scripts/train_model.py`.

Needs scikit-learn (the `eval` extra: `uv pip install -e '.[eval]'`) and the shared data in
../shared/data/eval (read there, never copied). Writes classifiers/models/<name>.json.gz and
prints held-out metrics for classifiers/MODEL_CARD.md. Same data, same code: same bytes.

- `offensive`: Davidson et al. tweets, hate speech or offensive vs neither; the fold that
  `eval_data.in_test_split` picks (one row in five, by a hash of the row id) is held out.
- `sentiment`: NHS patient-experience comments (positive / neutral / negative), same held-out
  rule; the London GP Friends and Family answers are a second, untouched test set. The domain
  posts it also learns from are the dev split and the odd lines (the development half) of
  tests/data/sentiment_probe.jsonl; the probe's even lines, domain_dev_extra.jsonl and the
  frozen split are never trained on. Practice, place and staff names are left out of its
  features: a name is who a post is about, not how the writer feels.
- `threat`: every labelled domain file in `THREAT_FILES` (the dev split, domain_dev_extra.jsonl
  and the probes; never the frozen split), label `threat`, plus HateCheck's non-threat cases as
  hard negatives (read in place), on the normalised text and rule hits
  that classifiers/flags.py gives the scorer (classifiers/threat_model.py). Its threshold was
  chosen on the leave-one-file-out figures of scripts/eval_learned_hits.py (THREAT_THRESHOLD).
- `safeguarding`: the same files (ABUSE_FILES), label `safeguarding`, but only the odd lines of
  safeguarding_probe_3.jsonl (its even lines are the held-out half), read by
  classifiers/safeguarding_model.py.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from scipy.sparse import csr_matrix  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import accuracy_score, f1_score  # noqa: E402

from classifiers import eval_data  # noqa: E402
from classifiers.learned_hits import KEPT_NAME_WORDS, HitScorer  # noqa: E402
from classifiers.model import (  # noqa: E402
    N_FEATURES,
    LinearModel,
    feature_id,
    features,
    load,
    save,
    tokens,
)
from gpwatch.config import load_config  # noqa: E402

OUT = ROOT / "classifiers" / "models"
KEEP = 40_000  # strongest features kept per model: small file, no measurable loss
DEV_WEIGHT = 10.0  # ~300 domain posts beside 13,000 hospital comments: each counts ten times
SENTIMENT_PROBE = ROOT / "tests" / "data" / "sentiment_probe.jsonl"
# words of the practices' names that are also ordinary vocabulary: they keep their features
_GENERIC = KEPT_NAME_WORDS  # name words that are wording too (classifiers/learned_hits.py)


def name_words() -> frozenset[str]:
    """Words of the demo practices' names, aliases, handles, towns and staff names.

    The domain posts name the five demo practices again and again, mostly in complaints; left
    in, "elm" and "@castlehillgp" would learn to mean "negative" and every neutral question
    about those practices would read as a complaint."""
    cfg = load_config(ROOT / "demo" / "gpwatch.toml")
    out: set[str] = set()
    for p in cfg.practices:
        parts = [p.name, p.town, *p.aliases, *p.handles, *(s.name for s in p.staff)]
        for part in parts:
            out.update(tokens(part))
    return frozenset(w for w in out if " " not in w and w not in _GENERIC)


def matrix(texts: Sequence[str], drop: frozenset[str] = frozenset()) -> csr_matrix:
    rows, cols, vals = [], [], []
    for i, t in enumerate(texts):
        if drop:
            fids = [
                feature_id(tok) for tok in tokens(t) if not any(w in drop for w in tok.split(" "))
            ]
        else:
            fids = features(t)
        for f in fids:
            rows.append(i)
            cols.append(f)
            vals.append(1.0)
    m = csr_matrix((vals, (rows, cols)), shape=(len(texts), N_FEATURES), dtype=np.float64)
    m.sum_duplicates()
    m.data = np.minimum(m.data, 3.0)  # a word said five times is not five times the evidence
    return m


def fit(
    name: str,
    rows: list[eval_data.Labelled],
    classes: list[str],
    c: float,
    extra: Sequence[eval_data.Labelled] = (),
    extra_weight: float = 1.0,
    drop: frozenset[str] = frozenset(),
) -> LinearModel:
    """Fit on `rows` outside the held-out fold plus `extra` (weighted), test on the fold."""
    train = [r for r in rows if not eval_data.in_test_split(r.key)]
    test = [r for r in rows if eval_data.in_test_split(r.key)]
    x = matrix([r.text for r in [*train, *extra]], drop)
    y = [classes.index(r.label) for r in [*train, *extra]]
    weight = [1.0] * len(train) + [extra_weight] * len(extra)
    clf = LogisticRegression(C=c, max_iter=2000, class_weight="balanced", random_state=0)
    clf.fit(x, y, sample_weight=weight)
    coef = clf.coef_  # (1, n) binary or (k, n)
    strength = np.abs(coef).max(axis=0)
    keep = np.argsort(-strength)[:KEEP]
    keep = keep[strength[keep] > 1e-6]
    weights = {int(f): tuple(round(float(v), 5) for v in coef[:, f]) for f in sorted(keep)}
    model = LinearModel(
        name=name,
        classes=tuple(classes),
        bias=tuple(round(float(b), 5) for b in clf.intercept_),
        weights=weights,
        meta={},
    )
    pred = [int(np.argmax(_scores(model, r.text))) for r in test]
    truth = [classes.index(r.label) for r in test]
    metrics: dict[str, object] = {
        "train_rows": len(train),
        "test_rows": len(test),
        "test_accuracy": round(accuracy_score(truth, pred), 4),
        "test_macro_f1": round(f1_score(truth, pred, average="macro"), 4),
        "features_kept": len(weights),
        "C": c,
    }
    if len(classes) == 2:
        metrics["test_f1_" + classes[1]] = round(f1_score(truth, pred, pos_label=1), 4)
    return LinearModel(model.name, model.classes, model.bias, model.weights, {"metrics": metrics})


DATA = ROOT / "tests" / "data"
# every labelled domain file the learned scorers may learn from; the frozen split is never one
THREAT_FILES = (
    "domain_examples.jsonl",
    "domain_dev_extra.jsonl",
    "threat_probe.jsonl",
    "threat_probe_2.jsonl",
    "threat_probe_3.jsonl",
    "threat_probe_4.jsonl",
    "safeguarding_probe.jsonl",
    "safeguarding_probe_2.jsonl",
    "abuse_probe.jsonl",
    "pii_probe.jsonl",
    "sentiment_probe.jsonl",
    "threat_probe_5.jsonl",
    "threat_probe_6.jsonl",
    # the fourth round: measured on the shipped models before they trained on it (README)
    "threat_probe_7.jsonl",
    "threat_probe_8.jsonl",
    "threat_probe_9.jsonl",
    "threat_probe_10.jsonl",
    "threat_probe_11.jsonl",
    "threat_probe_12.jsonl",
    "pii_probe_2.jsonl",
    "sentiment_probe_2.jsonl",
    # the sixth round (stop 11), measured on the shipped models before they trained on it
    "threat_probe_13.jsonl",
    "sentiment_probe_3.jsonl",
    "safeguarding_probe_3.jsonl",
    # the seventh round (stop 11), measured on the shipped models before they trained on it
    "threat_probe_14.jsonl",
    "threat_probe_15.jsonl",
    "safeguarding_probe_4.jsonl",
    # the eighth round (stop 13), measured on the shipped models before they trained on it
    "threat_probe_16.jsonl",
    "threat_probe_17.jsonl",
    "sentiment_probe_4.jsonl",
    "sentiment_probe_5.jsonl",
    "threat_probe_18.jsonl",
    "threat_probe_19.jsonl",
    # the ninth round (stop 14), measured on the models of the moment before they trained on it
    "threat_probe_20.jsonl",
    "sentiment_probe_6.jsonl",
    "threat_probe_21.jsonl",
    "sentiment_probe_7.jsonl",
    # the tenth round (stop 15), measured on the models of the moment before they trained on it
    "sentiment_probe_8.jsonl",
    "domain_day_1.jsonl",
    "domain_day_2.jsonl",
    # the eleventh round (stop 16), measured on the models of the moment before they trained on it
    "pii_probe_3.jsonl",
    "domain_day_3.jsonl",
    # the twelfth round (stop 17), measured on the models of the moment before they trained on it
    "sentiment_probe_9.jsonl",
    "threat_probe_22.jsonl",
    # the thirteenth round (stop 17), measured on the models of the moment before they trained on it
    "threat_probe_23.jsonl",
    "sentiment_probe_10.jsonl",
    "safeguarding_probe_5.jsonl",
    # the fourteenth round (stop 17), measured on the models of the moment before they trained on it
    "threat_probe_24.jsonl",
    # the fifteenth round (stop 18), measured on the models of the moment before they trained on
    # it, and the fourth mixed day, kept out of training at stop 17 as a fresh measure (README)
    "domain_day_4.jsonl",
    "threat_probe_25.jsonl",
    "sentiment_probe_11.jsonl",
    # the sixteenth round (stop 19), measured on the models of the moment before they trained on
    # it, and the fifth mixed day, kept out of training at stop 18 as a fresh measure (README)
    "domain_day_5.jsonl",
    "threat_probe_26.jsonl",
    "sentiment_probe_12.jsonl",
    # the seventeenth round (stop 19): long posts with the threat buried in a complaint, first
    # measured on stop 18's release at threat R 0.586 (README)
    "threat_probe_27.jsonl",
    # the eighteenth round (stop 20): kept out of training at stop 19 as fresh measures of its
    # release and first measured there (tests/data/README.md)
    "domain_day_6.jsonl",
    "domain_day_7.jsonl",
    "sentiment_probe_13.jsonl",
    "sentiment_probe_14.jsonl",
    "threat_probe_28.jsonl",
    "safeguarding_probe_6.jsonl",
)
# The nineteenth round (stop 20): menace against distress, oblique disclosures against posts
# that share their words, reply or none; first measured on stop 20's rules-22 (README). The
# abuse, safeguarding and reply scorers learn from it; the threat scorer does not: left out one
# file at a time, with it the threat scorer caught 1,787 of the 2,076 threats of stop 19's 35
# files for 260 false alarms, without it 1,793 for 256 (patient comments 0.30% against 0.27%)
ROUND_19 = ("threat_probe_30.jsonl", "safeguarding_probe_8.jsonl", "sentiment_probe_16.jsonl")
ABUSE_FILES = (*THREAT_FILES, "abuse_probe_2.jsonl", "abuse_probe_3.jsonl", *ROUND_19)
THREAT_C = 2.0  # left-out at 0.50: C=1 P 0.872 R 0.801, C=2 P 0.883 R 0.800, C=4 P 0.888 R 0.795
# from scripts/eval_learned_hits.py: the highest pooled left-out recall at pooled precision
# >= 0.87 (the 0.85 target plus a margin) with every left-out file at >= 0.75 and at most 0.25%
# of held-out real patient comments flagged (the rule as settled at stop 11)
THREAT_THRESHOLD = 0.50
THREAT_HATECHECK = True  # its hate-without-threat cases: +1.4 points of left-out recall
PATIENT_COMMENTS = 3000  # real patient comments as negatives (see patient_comments)


@dataclass(frozen=True, slots=True)
class LearnedSpec:
    """What one learned scorer is trained on, and how (see classifiers/learned_hits.py)."""

    label: str  # the labelled field, and the model file's name
    files: tuple[str, ...]
    c: float
    threshold: float
    hatecheck: bool  # HateCheck cases too, read in place (see label_rows)
    patients: int = PATIENT_COMMENTS
    odd_lines: frozenset[str] = frozenset()  # files whose even lines are held out: never read


LEARNED = {
    "threat": LearnedSpec("threat", THREAT_FILES, THREAT_C, THREAT_THRESHOLD, THREAT_HATECHECK),
    # abuse threshold: highest pooled left-out recall at pooled precision >= 0.90, each file
    # >= 0.75, the patient-comment ceiling, and the tests' hand-written hard negatives clean
    # (scripts/eval_learned_hits.py --label abuse: the grid alone would take 0.30). Stop 14:
    # trained on the ninth round, 0.40 flagged a hard negative ("this triage form is thick as
    # mince", p 0.405); 0.42 keeps it clean for 2 of 438 left-out abusive posts (R 0.824 -> 0.820).
    # Stop 17: trained on the thirteenth and fourteenth rounds, 0.42 flagged it again (p 0.425);
    # 0.45 keeps it clean, left out 489 of 579 abusive posts for 30 false alarms (0.42: 490, 33)
    # Stop 19: the learned hit on a sentence that speaks only of a thing is discounted as a rule
    # hit is (flags._aimed_at_thing), so the hard negative stays clean down to 0.30, which the
    # grid picks (left out 586 of 665 for 38 false alarms; 0.45: 574 for 35), but on the three
    # held-out probes 0.30 adds 3 false alarms and no insult found: 0.45 stays
    "abuse": LearnedSpec("abuse", ABUSE_FILES, 1.0, 0.45, False),
    # safeguarding threshold: scripts/eval_learned_hits.py --label safeguarding's grid (with the
    # added-false-alarm ceiling on the other files since stop 12) picks 0.50 (pooled P 0.928
    # R 0.726 over five files, +0.94% false alarms on the other files; 0.80: P 0.953 R 0.700,
    # +0.44%), but 0.50 flags a hand-written hard negative of the tests ("thinking about jumping
    # off the diet wagon"), which the rule forbids, and 0.60 (the next by recall, R 0.709) fails
    # a held-out probe's precision floor for no recall there: 0.80 stays (MODEL_CARD.md)
    "safeguarding": LearnedSpec(
        "safeguarding",
        ABUSE_FILES,
        0.3,
        0.80,
        False,
        patients=6000,  # twice the others': mental-health service feedback is its false alarm
        odd_lines=frozenset({"safeguarding_probe_3.jsonl"}),
    ),
}


@dataclass(frozen=True, slots=True)
class LabelRow:
    file: str
    key: str
    text: str
    positive: bool


def patient_comments(half: int) -> list[LabelRow]:
    """Real NHS patient comments (NHS patient feedback and GP Friends and Family, read in place)
    in one fixed half by id (0: training, 1: held out), as rows with no threat or abuse. Without
    them the threat model, which had seen few long benign posts, read long comments as threats."""
    rows = [*eval_data.nhs_feedback(), *eval_data.gp_friends_and_family()]
    return [
        LabelRow("patient_comments", f"pc:{r.key}", r.text, False)
        for r in rows
        if zlib.crc32(r.key.encode()) % 2 == half
    ]


def label_rows(
    spec: LearnedSpec,
    exclude: frozenset[str] = frozenset(),
    hatecheck: bool | None = None,
    patients: int | None = None,
) -> list[LabelRow]:
    """A learned scorer's training rows: `spec.files` less `exclude`, in a fixed order; with
    `hatecheck`, HateCheck's cases too (for threats: its non-threat cases as hard negatives), read
    in place; then up to `patients` real patient comments from the training half as negatives."""
    hatecheck = spec.hatecheck if hatecheck is None else hatecheck
    patients = spec.patients if patients is None else patients
    frozen = eval_data.FROZEN_SPLIT.name
    out = []
    if patients:
        comments = patient_comments(0)
        random.Random(0).shuffle(comments)
        out += comments[:patients]
    if hatecheck:
        path = eval_data.shared_eval_dir() / "hatecheck" / "test_suite_cases.csv"
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                key = f"hc:{row['case_id']}"
                if spec.label == "threat":
                    # its templated group threats ("I will kill all ...") are the rules' easy
                    # case and, measured leave-one-file-out, cost recall on veiled domain
                    # threats (0.805 vs 0.838 pooled); its other cases are hate without a threat
                    if row["functionality"] not in ("threat_dir_h", "threat_norm_h"):
                        out.append(LabelRow("hatecheck", key, row["test_case"], False))
                else:
                    hateful = row["label_gold"] == "hateful"
                    out.append(LabelRow("hatecheck", key, row["test_case"], hateful))
    for name in spec.files:
        if name in exclude:
            continue
        if name == frozen:  # a guard for whoever edits the list: the frozen split is held out
            raise ValueError(f"{frozen} is the held-out test split; never train on it")
        path = DATA / name
        if not path.is_file():
            continue
        examples = eval_data.load_jsonl(path)
        for ex in examples[0::2] if name in spec.odd_lines else examples:
            key = f"{name}:{ex['id']}"
            out.append(LabelRow(name, key, ex["text"], bool(ex.get(spec.label))))
    return out


def _rule_view(label: str) -> Callable[[str], tuple[str, list[Any]]]:
    from classifiers import flags

    views = {"threat": flags.threat_rule_view, "safeguarding": flags.safeguarding_rule_view}
    return views.get(label, flags.abuse_rule_view)


def _scorer(label: str) -> HitScorer:
    if label == "threat":
        from classifiers.threat_model import SCORER
    elif label == "safeguarding":
        from classifiers.safeguarding_model import SCORER
    else:
        from classifiers.abuse_model import SCORER
    return SCORER


def fit_learned(
    spec: LearnedSpec,
    rows: Sequence[LabelRow],
    c: float | None = None,
    threshold: float | None = None,
    drop: frozenset[str] | None = None,
) -> LinearModel:
    """A logistic model over a learned scorer's tokens of `rows` (see learned_hits.py)."""
    view, scorer = _rule_view(spec.label), _scorer(spec.label)
    c = spec.c if c is None else c
    threshold = spec.threshold if threshold is None else threshold
    drop = name_words() if drop is None else drop
    cols_of = []
    for r in rows:
        s, hits = view(r.text)
        cols_of.append([feature_id(t) for t in scorer.train_tokens(s, hits, drop)])
    y = [int(r.positive) for r in rows]
    files = sorted({r.file for r in rows})
    return _binary_model((spec.label, ("no", spec.label)), cols_of, y, c, threshold, files)


def _binary_model(
    name_classes: tuple[str, tuple[str, str]],
    cols_of: Sequence[Sequence[int]],
    y: Sequence[int],
    c: float,
    threshold: float,
    files: list[str],
) -> LinearModel:
    """A balanced logistic regression over rows of feature ids, as a model file stores it
    (weights rounded, zeros dropped) with what it was trained on."""
    name, classes = name_classes
    clf = LogisticRegression(C=c, max_iter=5000, class_weight="balanced", random_state=0)
    clf.fit(_id_matrix(cols_of), y)
    coef = clf.coef_[0]
    coef[N_FEATURES:] *= GRAM_VALUE  # a gram's weight as scoring sums it (see _id_matrix)
    keep = np.flatnonzero(np.abs(coef) > 1e-6)
    weights = {int(f): (round(float(coef[f]), 5),) for f in sorted(keep)}
    meta: dict[str, object] = {
        "threshold": threshold,
        "C": c,
        "train_rows": len(y),
        f"train_{classes[1]}": sum(y),
        "files": files,
        "features_kept": len(weights),
    }
    bias = (round(float(clf.intercept_[0]), 5),)
    return LinearModel(name, classes, bias, weights, meta)


# A character n-gram counts for this much of a word in training (its stored weight is scaled to
# match, so scoring still sums one weight per token): a word has several n-grams, and at full
# value they outvoted the words ("sort the paperwork out" read as "sort them out").
# Measured leave-one-file-out at stop 14 (rules + model, threshold 0.50): value 1.0 caught 31
# more left-out threats than no n-grams for 11 more false alarms and flagged 0.30% of held-out
# patient comments; 0.5, 27 more for 7 more at 0.25%; 0.3, 11 more for 3 more.
GRAM_VALUE = 0.5


def _id_matrix(cols_of: Sequence[Sequence[int]]) -> csr_matrix:
    rows, cols = [], []
    for i, fids in enumerate(cols_of):
        rows += [i] * len(fids)
        cols += fids
    m = csr_matrix(
        ([1.0] * len(cols), (rows, cols)), shape=(len(cols_of), 2 * N_FEATURES), dtype=np.float64
    )
    m.sum_duplicates()
    m.data = np.minimum(m.data, 3.0)
    m.data[m.indices >= N_FEATURES] *= GRAM_VALUE
    return m


# The reply model (classifiers/reply_model.py) learns from the action labels of every labelled
# file the other scorers learn from, except the halves that tests hold out (the even lines of
# sentiment_probe.jsonl and safeguarding_probe_3.jsonl) and domain_dev_extra.jsonl, which the
# sentiment model's tests keep out; never the frozen split or the held-out probes.
# threat_probe_24.jsonl (ordinary posts near the words of menace) stays out too: left out one
# file at a time, with it the 3,962 rows of the other files read 0.875, without it 0.876 (stop 17)
REPLY_FILES = tuple(
    n for n in ABUSE_FILES if n not in ("domain_dev_extra.jsonl", "threat_probe_24.jsonl")
)
REPLY_ODD_LINES = frozenset({"sentiment_probe.jsonl", "safeguarding_probe_3.jsonl"})
# left out one file at a time at stop 19 (4,771 rows in 52 files): C=0.5 0.882, 1 0.884, 2 0.886,
# 3 0.887, 4 0.886 (at stop 16, 3,387 rows, C=2 had given 0.870 against 0.869: not taken then)
REPLY_C = 3.0
REPLY_THRESHOLD = 0.5  # balanced classes; alerts/rules.py reads scores["reply"] >= 0.5
_FLAG_LABELS = ("abuse", "threat", "personal_data", "safeguarding")


@dataclass(frozen=True)
class ReplyRow:
    file: str
    key: str
    text: str
    compound: float  # the shipped domain sentiment's, as the classifier gives the model
    reply: bool
    local: float | None = None  # that of the sentences naming the practice (reply_model.py)


def reply_rows(files: Sequence[str] = REPLY_FILES, classifier: Any = None) -> list[ReplyRow]:
    """The reply model's rows: posts labelled `reply` or `none` that raise no flag and that the
    classifier attributes to a practice (the only posts it is asked about), in a fixed order."""
    from classifiers.evaluate import _as_item
    from classifiers.pipeline import item_text
    from classifiers.reply_model import practice_compound
    from flows.steps import build_classifier

    if classifier is None:
        classifier = build_classifier(load_config(ROOT / "demo" / "gpwatch.toml"))
    out = []
    for name in files:
        path = DATA / name
        if not path.is_file():
            continue
        examples = eval_data.load_jsonl(path)
        if name in REPLY_ODD_LINES:
            examples = examples[0::2]
        for ex in examples:
            if ex["action"] not in ("reply", "none") or any(ex.get(k) for k in _FLAG_LABELS):
                continue
            item = _as_item(ex)
            result = classifier.classify(item)
            if not result.mentions:
                continue
            ids = [m.practice_id for m in result.mentions]
            local = practice_compound(
                item_text(item), classifier.matcher.names_of(ids), classifier.matcher.staff_of(ids)
            )
            out.append(
                ReplyRow(
                    name,
                    f"{name}:{ex['id']}",
                    ex["text"],
                    result.verdict.compound,
                    ex["action"] == "reply",
                    local,
                )
            )
    return out


def fit_reply(rows: Sequence[ReplyRow], c: float = REPLY_C) -> LinearModel:
    """A logistic model over the reply model's tokens of `rows` (names left out)."""
    from classifiers.reply_model import NAME, reply_tokens

    drop = name_words()
    cols_of = [
        [
            feature_id(t)
            for t in reply_tokens(r.text, r.compound, r.local)
            if not any(w in drop for w in t.split(" "))
        ]
        for r in rows
    ]
    y = [int(r.reply) for r in rows]
    files = sorted({r.file for r in rows})
    return _binary_model((NAME, ("none", "reply")), cols_of, y, c, REPLY_THRESHOLD, files)


def _scores(model: LinearModel, text: str) -> list[float]:
    z = model.decision(text)
    return [-z[0], z[0]] if len(z) == 1 else z


def main() -> None:
    ap = argparse.ArgumentParser(description="Train gpwatch's shipped models reproducibly.")
    ap.add_argument(
        "--only",
        choices=["offensive", "sentiment", "reply", *LEARNED],
        help="train one model only",
    )
    only = ap.parse_args().only
    OUT.mkdir(exist_ok=True)
    for label, spec in LEARNED.items():
        if only in (None, label):
            learned = fit_learned(spec, label_rows(spec))
            save(learned, str(OUT / f"{label}.json.gz"))
            print(label, learned.meta)
    if only in LEARNED:
        return
    if only == "reply":
        _train_reply()
        return
    if only != "sentiment":
        offensive = fit("offensive", eval_data.davidson(), ["neither", "offensive"], c=4.0)
        save(offensive, str(OUT / "offensive.json.gz"))
        print("offensive", offensive.meta["metrics"])
    if only == "offensive":
        return
    # the domain dev split (never the frozen one) teaches the GP-post register: complaints about
    # phones and prescriptions, news, sarcasm; domain_dev_extra.jsonl stays out to check it
    dev = [
        eval_data.Labelled(f"dev-{ex['id']}", ex["text"], ex["sentiment"])
        for ex in eval_data.load_jsonl(eval_data.DEV_SPLIT)
    ]
    # the probe's odd lines (1st, 3rd, ...) only: its even lines are the held-out half
    probe = eval_data.load_jsonl(SENTIMENT_PROBE)[0::2]
    dev += [eval_data.Labelled(f"probe-{ex['id']}", ex["text"], ex["sentiment"]) for ex in probe]
    sentiment = fit(
        "sentiment",
        list(eval_data.nhs_feedback()),
        ["negative", "neutral", "positive"],
        c=2.0,
        extra=dev,
        extra_weight=DEV_WEIGHT,
        drop=name_words(),
    )
    fft = eval_data.gp_friends_and_family()
    hits = sum(
        1 for r in fft if sentiment.classes[int(np.argmax(_scores(sentiment, r.text)))] == r.label
    )
    meta = dict(sentiment.meta)
    meta["gp_fft_accuracy"] = round(hits / len(fft), 4) if fft else None
    meta["gp_fft_rows"] = len(fft)
    sentiment = LinearModel(
        sentiment.name, sentiment.classes, sentiment.bias, sentiment.weights, meta
    )
    save(sentiment, str(OUT / "sentiment.json.gz"))
    print("sentiment", sentiment.meta)
    if only is None:
        _train_reply()


def _train_reply() -> None:
    # last: its rows' compound comes from the classifier with every other model as saved
    load.cache_clear()
    reply = fit_reply(reply_rows())
    save(reply, str(OUT / "reply.json.gz"))
    print("reply", reply.meta)


if __name__ == "__main__":
    main()
