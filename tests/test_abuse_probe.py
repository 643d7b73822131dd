"""Abuse and staff targeting beyond the dev wording (tests/data/abuse_probe.jsonl): demeaning
predicates with no insult word, British insults, creature nouns said of people, look-alike
letters, reclaimed and clinical uses of slurs, the people who run a practice, pronouns and
vocatives that point back at staff, and abuse of patients that is not staff-targeted."""

from __future__ import annotations

import pytest

from classifiers import eval_data
from classifiers.evaluate import DomainReport, evaluate_domain
from classifiers.flags import detect_flags

PROBE = eval_data.DEV_SPLIT.parent / "abuse_probe.jsonl"
STAFF = ["Dr Amira Patel", "Karen Holt", "Jade Wilson", "Nurse Sian Roberts"]


@pytest.fixture(scope="module")
def probe() -> list[dict]:
    return eval_data.load_jsonl(PROBE)


def _detail(report: DomainReport) -> str:
    return report.format() + "\n" + "\n".join(f"{m[0]} {m[1]}" for m in report.misses[:25])


def test_probe_file_is_balanced_and_follows_the_label_rules(probe):
    assert [ex["id"] for ex in probe] == [f"a{i:03d}" for i in range(1, 201)]
    for half in (probe[0::2], probe[1::2]):
        assert sum(ex["abuse"] for ex in half) == 50
    for ex in probe:
        if ex["practice"] is None:
            assert ex["action"] == "none", ex["id"]
        elif ex["abuse"]:
            want = "report_to_moderator" if ex["source"] == "nhs_reviews" else "report_to_platform"
            assert ex["action"] == want, ex["id"]
        assert ("rating" in ex) == (ex["source"] == "nhs_reviews"), ex["id"]
        assert not ex["staff_targeted"] or ex["abuse"], ex["id"]


def test_held_out_half_floors(classifier, probe):
    """The even lines were never developed against: what the rules reached, minus a margin."""
    report = evaluate_domain(classifier, probe[1::2])
    abuse, staff = report.label("abuse"), report.label("staff_targeted")
    assert abuse.recall >= 0.80 and abuse.precision >= 0.90, _detail(report)
    assert staff.recall >= 0.78 and staff.precision >= 0.95, _detail(report)


def test_development_half_floors(classifier, probe):
    report = evaluate_domain(classifier, probe[0::2])
    abuse, staff = report.label("abuse"), report.label("staff_targeted")
    assert abuse.recall >= 0.96 and abuse.precision >= 0.96, _detail(report)
    assert staff.recall >= 0.95 and staff.precision >= 0.95, _detail(report)


@pytest.mark.parametrize(
    "text",
    [
        "the receptionist has the brains of a goldfish",
        "Karen Holt is so thick she couldn't find her own desk",
        "the doctors there are gormless, the lot of them",
        "@ElmTreeSurgery you lot are thick",
        "the nurse is a spineless worm",
        "Dr Patel is a right plank",
        "the receptionist is a gormless wazzock",
        "the locum was a waste of a white coat",
        "Jade Wilson should be in the kitchen making her husband's tea, not on a phone",
        "the receptionist is a \uff54\uff57\uff41\uff54",  # fullwidth letters
        "the manager is a \U0001d41c\U0001d42e\U0001d427\U0001d42d",  # mathematical bold letters
        "Dr Patel can go back to Mumbai",
    ],
)
def test_demeaning_language_at_staff_is_abuse_and_staff_targeted(text):
    r = detect_flags(text, STAFF)
    assert r.flags["abuse"] and r.flags["staff_targeted"], (text, r.scores)


@pytest.mark.parametrize(
    "text",
    [
        "this triage form is thick as mince",
        "the new phone menu is brain dead",
        "I'm thick as mince when it comes to forms, Jade helped me",
        "as a fat, slightly thick bloke I was nervous, Dr Patel was lovely",
        "Going to be a right numpty and ask: do you do flu jabs?",
        "my husband is a complete muppet, he booked for 3am",
        "Karen Holt is a beast at getting things done",
        "not saying the receptionist is stupid, just that the rules are",
        "As a queer woman I loved my smear here. Dyke-approved GP",
        "the spastic diplegia clinic has moved to Tuesdays",
        "the GP was thick-skinned about my complaint, fair play",
        "I feel like a waste of space, Dr Patel was kind about it",
    ],
)
def test_the_same_words_aimed_at_oneself_a_friend_or_a_thing_are_not_abuse(text):
    r = detect_flags(text, STAFF)
    assert not r.flags["abuse"], (text, r.scores)


def test_the_people_who_run_a_practice_are_staff():
    r = detect_flags("the c*nts who run Castle Hill Practice should be ashamed", [])
    assert r.flags["abuse"] and r.flags["staff_targeted"]


def test_a_practice_name_ending_in_gp_is_not_a_doctor():
    r = detect_flags("the old biddies clogging up castle hill gp every morning are scum", [])
    assert r.flags["abuse"] and not r.flags["staff_targeted"]
    r = detect_flags("riverside mc leeds gp is an ignorant f*ckwit", [])
    assert r.flags["abuse"] and r.flags["staff_targeted"]


def test_abuse_of_whoever_acted_on_the_staff_is_not_staff_targeted():
    r = detect_flags("The other patients are animals. One gobshite screamed at the nurse.", [])
    assert r.flags["abuse"] and not r.flags["staff_targeted"]


def test_a_pronoun_far_from_the_role_still_points_back_at_staff():
    text = (
        "Went in about my knee after three weeks of trying to get an appointment, and the doctor "
        "barely looked up from his screen, asked two questions, typed for ages and then laughed "
        "when I asked about a scan. Long story short he is a sneering arrogant pig."
    )
    r = detect_flags(text, [])
    assert r.flags["abuse"] and r.flags["staff_targeted"]


def test_you_at_a_practice_handle_is_its_staff_but_you_alone_is_not_enough():
    r = detect_flags("@CastleHillGP you are an absolute numpty", [])
    assert r.flags["abuse"] and r.flags["staff_targeted"]
    r = detect_flags("Castle Hill Practice, you are an absolute numpty", [])
    assert r.flags["abuse"] and r.flags["staff_targeted"]
    r = detect_flags("you are an absolute numpty", [])
    assert r.flags["abuse"] and not r.flags["staff_targeted"]
