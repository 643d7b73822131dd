"""The rule that picks a learned scorer's threshold (scripts/eval_learned_hits.py): each floor and
ceiling rules a threshold out on its own, and a file the rules alone fall short on is not held
to a floor no threshold can reach."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from classifiers.evaluate import LabelScore

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "eval_learned_hits.py"


@pytest.fixture(scope="module")
def rule() -> ModuleType:
    pytest.importorskip("sklearn")  # the script imports the training script, which needs it
    sys.path.insert(0, str(SCRIPT.parent))
    spec = importlib.util.spec_from_file_location("eval_learned_hits", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses in the script look their module up
    spec.loader.exec_module(module)
    return module


def score(tp: int, fp: int, fn: int = 0) -> LabelScore:
    return LabelScore("threat", tp, fp, fn, 100)


def row(rule, t, per_file, comments=0.0, added=0.0):
    pooled = score(
        sum(s.tp for s in per_file.values()),
        sum(s.fp for s in per_file.values()),
        sum(s.fn for s in per_file.values()),
    )
    return rule.GridRow(t, pooled, per_file, comments, added)


RULES = {"a": score(30, 1, 70), "b": score(30, 2, 70)}  # rules alone: precise, low recall


def test_highest_recall_that_meets_every_floor(rule) -> None:
    rows = [
        row(rule, 0.3, {"a": score(95, 20, 5), "b": score(95, 20, 5)}),  # pooled P 0.83
        row(rule, 0.5, {"a": score(90, 8, 10), "b": score(88, 9, 12)}),
        row(rule, 0.8, {"a": score(70, 2, 30), "b": score(70, 2, 30)}),
    ]
    assert rule.choose_threshold("threat", rows, RULES) == 0.5


def test_a_tie_in_recall_takes_the_lower_threshold(rule) -> None:
    same = {"a": score(90, 5, 10), "b": score(90, 5, 10)}
    rows = [row(rule, 0.6, same), row(rule, 0.4, same)]
    assert rule.choose_threshold("threat", rows, RULES) == 0.4


@pytest.mark.parametrize(
    ("comments", "added", "ok"),
    [(0.0, 0.0, True), (0.01, 0.0, False), (0.0, 0.02, False), (0.002, 0.009, True)],
)
def test_each_false_alarm_ceiling_rules_a_threshold_out(rule, comments, added, ok) -> None:
    rows = [row(rule, 0.5, {"a": score(90, 5, 10)}, comments, added)]
    assert rule.choose_threshold("threat", rows, {"a": RULES["a"]}) == (0.5 if ok else None)


def test_a_file_under_its_floor_rules_a_threshold_out(rule) -> None:
    # pooled precision is fine, but file b is at 0.70 where its rules alone stand at 0.94
    rows = [row(rule, 0.5, {"a": score(190, 5, 10), "b": score(70, 30, 30)})]
    assert rule.choose_threshold("threat", rows, RULES) is None


def test_a_file_the_rules_already_fall_short_on_is_held_to_the_rules_own_precision(rule) -> None:
    hard = score(30, 12, 30)  # rules alone P 0.714, under the 0.75 file floor
    rules = {"a": RULES["a"], "hard": hard}
    not_worse = {"a": score(190, 5, 10), "hard": score(50, 19, 10)}  # P 0.725 >= 0.714
    worse = {"a": score(190, 5, 10), "hard": score(50, 25, 10)}  # P 0.667 < 0.714
    assert rule.choose_threshold("threat", [row(rule, 0.5, not_worse)], rules) == 0.5
    assert rule.choose_threshold("threat", [row(rule, 0.5, worse)], rules) is None


def test_pooled_precision_floor_is_per_label(rule) -> None:
    per_file = {"a": score(88, 12, 12)}  # pooled P 0.88: enough for threats, not for abuse
    rows = [row(rule, 0.5, per_file)]
    assert rule.choose_threshold("threat", rows, {"a": score(30, 1)}) == 0.5
    assert rule.choose_threshold("abuse", rows, {"a": score(30, 1)}) is None
