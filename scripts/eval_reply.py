"""Leave-one-file-out figures for the reply model: `.venv/bin/python scripts/eval_reply.py`.

For each labelled file of the reply model's list (scripts/train_model.py REPLY_FILES) with at
least 30 rows, a model is trained on every other file's rows and scored on the left-out file's:
posts labelled `reply` or `none` that raise no flag and name a practice. Beside it, the rule
gpwatch used before the model (reply when the domain sentiment reads negative) on the same rows.
Needs scikit-learn (the `eval` extra). The frozen split and the held-out probes are never read.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from train_model import REPLY_C, ReplyRow, fit_reply, reply_rows  # noqa: E402

from alerts.rules import NEGATIVE_THRESHOLD  # noqa: E402
from classifiers.reply_model import reply_probability, threshold  # noqa: E402
from classifiers.sentiment import label_for  # noqa: E402

MIN_ROWS = 30


def sentiment_rule(row: ReplyRow) -> bool:
    """The rule before the reply model: a post that reads negative needs a reply."""
    return row.compound <= NEGATIVE_THRESHOLD or label_for(row.compound) == "negative"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--c", type=float, default=REPLY_C, help="regularisation")
    args = ap.parse_args()
    rows = reply_rows()
    files = sorted({r.file for r in rows})
    total = rule_right = model_right = 0
    print(f"Leave-one-file-out reply-or-none accuracy (C={args.c}):")
    print(f"  {'left out':30s} {'rows':>5s} {'reply':>6s} {'sentiment rule':>15s} {'model':>7s}")
    for name in files:
        test = [r for r in rows if r.file == name]
        if len(test) < MIN_ROWS:
            continue
        model = fit_reply([r for r in rows if r.file != name], c=args.c)
        t = threshold(model)
        by_model = [
            (reply_probability(r.text, r.compound, model, r.local) or 0.0) >= t for r in test
        ]
        m = sum(p == r.reply for p, r in zip(by_model, test, strict=True))
        s = sum(sentiment_rule(r) == r.reply for r in test)
        total, rule_right, model_right = total + len(test), rule_right + s, model_right + m
        print(
            f"  {name:30s} {len(test):5d} {sum(r.reply for r in test):6d}"
            f" {s / len(test):15.3f} {m / len(test):7.3f}"
        )
    print(
        f"  {'pooled':30s} {total:5d} {'':6s} {rule_right / total:15.3f} {model_right / total:7.3f}"
    )


if __name__ == "__main__":
    main()
