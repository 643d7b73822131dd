"""Veiled threats that name no harm (tests/data/threat_probe_2.jsonl) and the mechanisms in
classifiers/menace.py that find them: private-life reach with a hint of harm, ultimatums,
incitement, ominous closers, and the discounts that keep hard negatives out."""

from __future__ import annotations

import pytest

from classifiers import eval_data, menace
from classifiers.evaluate import DomainReport, evaluate_domain
from classifiers.flags import detect_flags

PROBE_2 = eval_data.DEV_SPLIT.parent / "threat_probe_2.jsonl"
PROBE_1 = eval_data.DEV_SPLIT.parent / "threat_probe.jsonl"
DEV_EXTRA = eval_data.DEV_SPLIT.parent / "domain_dev_extra.jsonl"
STAFF = ["Dr Amira Patel", "Karen Holt", "Jade Wilson", "Nurse Sian Roberts", "Mandy Cole"]


@pytest.fixture(scope="module")
def probe() -> list[dict]:
    return eval_data.load_jsonl(PROBE_2)


def _detail(report: DomainReport) -> str:
    return report.format() + "\n" + "\n".join(f"{m[0]} {m[1]}" for m in report.misses[:25])


def test_probe_file_is_balanced_and_follows_the_label_rules(probe):
    assert [ex["id"] for ex in probe] == [f"t{i:03d}" for i in range(1, 201)]
    for half in (probe[0::2], probe[1::2]):
        assert sum(ex["threat"] for ex in half) == 50
    for ex in probe:
        if ex["practice"] is None:
            assert ex["action"] == "none", ex["id"]
        elif ex["threat"]:
            assert ex["action"] == "police", ex["id"]
        assert ("rating" in ex) == (ex["source"] == "nhs_reviews"), ex["id"]
        assert not ex["staff_targeted"] or ex["threat"], ex["id"]


def test_held_out_half_floors(classifier, probe):
    """The even lines were never developed against: what the rules reached, minus a margin."""
    report = evaluate_domain(classifier, probe[1::2])
    threat, staff = report.label("threat"), report.label("staff_targeted")
    # reached 0.38 recall at 0.864 precision (staff_targeted 0.36 at 0.85); before: 0.04 at 0.5
    assert threat.recall >= 0.34 and threat.precision >= 0.80, _detail(report)
    assert staff.recall >= 0.32 and staff.precision >= 0.78, _detail(report)


def test_development_half_floors(classifier, probe):
    report = evaluate_domain(classifier, probe[0::2])
    threat, staff = report.label("threat"), report.label("staff_targeted")
    # reached 0.88 recall at 1.0 precision (staff_targeted 0.905 at 1.0); before: 0.28 at 0.82
    assert threat.recall >= 0.84 and threat.precision >= 0.95, _detail(report)
    assert staff.recall >= 0.85 and staff.precision >= 0.95, _detail(report)


def test_dev_files_do_not_regress(classifier):
    """The dev split, the extra dev file and the first threat probe keep their threat scores."""
    dev = evaluate_domain(classifier, eval_data.load_jsonl(eval_data.DEV_SPLIT))
    assert dev.label("threat").f1 == 1.0 and dev.label("staff_targeted").f1 == 1.0, _detail(dev)
    extra = evaluate_domain(classifier, eval_data.load_jsonl(DEV_EXTRA))
    assert extra.label("threat").f1 == 1.0, _detail(extra)
    first = evaluate_domain(classifier, eval_data.load_jsonl(PROBE_1))
    threat = first.label("threat")
    assert threat.recall >= 0.80 and threat.precision == 1.0, _detail(first)
    assert first.label("staff_targeted").recall >= 0.80, _detail(first)


@pytest.mark.parametrize(
    "text",
    [
        # ultimatum whose consequence lands on a person
        "If Jade Wilson puts the phone down on me again she'll wish she'd never taken the job.",
        # incitement with the means to act
        "someone ought to give that receptionist Mandy Cole a visit at home. "
        "her address is on 192.com",
        # no witnesses
        "Karen Holt, people disappear off those moors every year. Nobody asks questions.",
        # transience and ease of harm after private-life reach
        "Karen Holt, your son's bike is always chained up outside the house. Easy to take. "
        "Easy to take other things too.",
        # author knowledge claim with a small-town closer
        "Mandy Cole i know ur sister. small town. think on",
        # a dare to call the police is not a news report
        "Call the police if you like. Your windows will still be in pieces by Monday.",
    ],
)
def test_veiled_threats_without_a_harm_word(text):
    assert detect_flags(text, STAFF).flags["threat"], text


@pytest.mark.parametrize(
    "text",
    [
        # what follows takes the menace back
        "Mandy Cole, I know where you live, next door! Thanks for dropping my prescription in",
        "Karen Holt deserves what's coming to her: a big fat pay rise and a long holiday.",
        "I wouldn't want anything to happen to this surgery, it's the best in Sheffield.",
        # the poster's own family, not the target's
        "Accidents happen, and Jade Wilson was so kind when my son fell off his bike.",
        # facts about someone's family with no part for the author in them
        "Mandy Cole's daughter is in my son's class, we did the school run together.",
        # formal escalation and the practice's own failings
        "The polite version of my complaint went to the manager, the impolite version is going "
        "to my MP.",
        "one more week of this and i'll be moving to another practice. you'll regret it when "
        "the patient survey comes out",
        "Shame to see the surgery go downhill, it used to be brilliant.",
        "Someone should sort out the phone system, 45 minutes on hold again.",
    ],
)
def test_hard_negatives_sharing_the_vocabulary(text):
    assert not detect_flags(text, STAFF).flags["threat"], text


def test_reach_alone_needs_the_author_in_it():
    descriptive = [(0, "r_family", 0.35), (40, "r_school", 0.35)]
    assert menace.compose(descriptive, [], person=True) == 0.0
    watched = [(0, "r_family", 0.35), (40, "r_watch", 0.35)]
    assert menace.compose(watched, [], person=True) >= 0.5


def test_two_hints_of_harm_pair_without_reach():
    harm = [(0, "h_hint", "awful to find", 0.5, 0.3), (50, "h_scene", "on fire", 0.35, 0.15)]
    assert menace.compose([], harm) >= 0.5
    same_kind = [(0, "h_scene", "after dark", 0.35, 0.15), (50, "h_scene", "no lights", 0.35, 0.15)]
    assert menace.compose([], same_kind) < 0.5


def test_benign_words_count_only_after_the_menace():
    s = "thanks for that. now i know who to look for"
    assert not menace.benign_after(s, s.index("look for") + 8)
    s = "i know where you live, next door! thanks"
    assert menace.benign_after(s, s.index("live") + 4)
