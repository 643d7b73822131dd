"""The held-out probes measure the released classifier on wording nobody tuned on.

`tests/data/holdout_probe_1.jsonl` (r001-r120) and `holdout_probe_2.jsonl` (o001-o120) were
written after classifier `gpwatch-rules-7+lin-2+threat-5+abuse-3` was built, and
`holdout_probe_3.jsonl` (hc001-hc120) after it was measured again at stop 11, each by people who
never ran it, as a mixed day of posts (threats, abuse, personal data, complaints, safeguarding,
tricky attribution) with near-twin hard negatives. They are never training data. The floors sit a
little under what the classifier reached, so a regression fails here; raising them is the
measure of progress.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from classifiers import eval_data
from classifiers.evaluate import evaluate_domain
from flows.steps import build_classifier
from gpwatch.config import load_config
from tests.conftest import DEMO
from tests.support.train_script import train_module

ROOT = Path(__file__).resolve().parent.parent
DATA = eval_data.DEV_SPLIT.parent
HOLDOUT = ("holdout_probe_1.jsonl", "holdout_probe_2.jsonl", "holdout_probe_3.jsonl")

# (file, label, precision floor, recall floor); reached by gpwatch-rules-8+lin-2+threat-7+
# abuse-5+sg-2 (at stop 10, by -rules-7+lin-2+threat-5+abuse-3, in brackets): probe 1 threat
# P 0.760 R 0.950 (0.731 / 0.950), abuse P 0.941 R 1.000, personal_data 1.000 / 1.000; probe 2
# threat P 0.760 R 0.950 (0.655 / 0.950), abuse P 1.000 R 0.929, personal_data P 1.000 R 0.900,
# safeguarding P 0.800 R 1.000; probe 3 (first measured on -rules-7: threat P 0.739 R 0.850,
# abuse 0.905 / 0.950, personal_data 0.929 / 0.812, safeguarding 1.000 / 0.500) threat P 0.750
# R 0.900, abuse P 0.905 R 0.950, personal_data P 0.929 R 0.812, safeguarding P 0.857 R 1.000
# gpwatch-rules-10+lin-2+threat-8+abuse-6+sg-3+reply-2 (stop 13) traded precision for recall
# on them: threat P / R 0.741 / 1.000, 0.704 / 0.950 and 0.760 / 0.950 (58 of 60 threats, 21
# false alarms; -rules-9: 56 and 18), so probe 2's threat floor went from 0.72 to 0.70; the
# release, -rules-11+lin-2+threat-10+abuse-7+sg-4+reply-3: 0.741 / 1.000, 0.760 / 0.950 and
# 0.731 / 0.950 (58 threats, 20 false alarms), action 0.842, 0.825 and 0.833. The changes were
# chosen on the leave-one-file-out figures, not on these files.
FLOORS = [
    ("holdout_probe_1.jsonl", "threat", 0.70, 0.90),
    ("holdout_probe_1.jsonl", "abuse", 0.88, 0.93),
    ("holdout_probe_1.jsonl", "personal_data", 0.95, 0.95),
    ("holdout_probe_2.jsonl", "threat", 0.70, 0.90),
    ("holdout_probe_2.jsonl", "abuse", 0.90, 0.85),
    ("holdout_probe_2.jsonl", "personal_data", 0.95, 0.85),
    ("holdout_probe_3.jsonl", "threat", 0.70, 0.85),
    ("holdout_probe_3.jsonl", "abuse", 0.85, 0.90),
    ("holdout_probe_3.jsonl", "personal_data", 0.88, 0.75),
    ("holdout_probe_3.jsonl", "safeguarding", 0.80, 0.95),
]
# expected action accuracy reached: 0.800, 0.825 and 0.783 (stop 10: 0.792, 0.783; probe 3
# first 0.750); practice attribution 0.975, 0.967 and 1.000
ACTION_FLOOR = 0.76
PRACTICE_FLOOR = 0.93


@pytest.fixture(scope="module")
def reports():
    classifier = build_classifier(load_config(DEMO / "gpwatch.toml"))
    return {n: evaluate_domain(classifier, eval_data.load_jsonl(DATA / n)) for n in HOLDOUT}


@pytest.mark.parametrize(("name", "label", "p_floor", "r_floor"), FLOORS)
def test_holdout_flag_floors(reports, name, label, p_floor, r_floor):
    score = reports[name].label(label)
    detail = f"{name} {label}: P {score.precision:.3f} R {score.recall:.3f}"
    assert score.precision >= p_floor and score.recall >= r_floor, detail


@pytest.mark.parametrize("name", HOLDOUT)
def test_holdout_action_and_attribution_floors(reports, name):
    report = reports[name]
    assert report.action_accuracy >= ACTION_FLOOR, report.format()
    assert report.practice_accuracy >= PRACTICE_FLOOR, report.format()


def test_the_holdout_probes_are_never_training_data():
    train = train_module()
    for learned in train.LEARNED.values():
        assert not set(HOLDOUT) & set(learned.files)
    # the sentiment model's domain extras are named in its training code, not a file list
    assert "holdout_probe" not in (ROOT / "scripts" / "train_model.py").read_text()
