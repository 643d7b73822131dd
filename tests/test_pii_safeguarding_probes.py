"""Personal data and safeguarding on their probe files, plus the mechanisms behind the figures.

`tests/data/pii_probe.jsonl` (q001-q160) and `tests/data/safeguarding_probe_2.jsonl` (g001-g120)
were written before the rules were reworked. Odd lines were developed against; even lines are
held out, and the floors below sit a little under what the rules reach on each half, so a
regression fails here.
"""

from __future__ import annotations

import re

import pytest

from classifiers import eval_data
from classifiers.evaluate import evaluate_domain
from classifiers.flags import detect_flags
from classifiers.personal_data import find_personal_data, is_valid_nhs_number

DATA = eval_data.DEV_SPLIT.parent
PII_PROBE = DATA / "pii_probe.jsonl"
SG_PROBE = DATA / "safeguarding_probe_2.jsonl"
STAFF = ["Dr Amira Patel", "Karen Holt", "Jade Wilson", "Nurse Sian Roberts"]

# (file, label, half, precision floor, recall floor); reached: pii even P 0.97 R 0.88, odd 1.0/1.0;
# safeguarding even P 0.91 R 0.67, odd P 1.0 R 0.93
FLOORS = [
    (PII_PROBE, "personal_data", "held-out", 0.93, 0.83),
    (PII_PROBE, "personal_data", "dev", 0.97, 0.95),
    (SG_PROBE, "safeguarding", "held-out", 0.85, 0.60),
    (SG_PROBE, "safeguarding", "dev", 0.95, 0.90),
]


def _half(rows: list[dict], half: str) -> list[dict]:
    return rows[1::2] if half == "held-out" else rows[0::2]


@pytest.mark.parametrize(("path", "label", "half", "p_floor", "r_floor"), FLOORS)
def test_probe_floors(classifier, path, label, half, p_floor, r_floor):
    report = evaluate_domain(classifier, _half(eval_data.load_jsonl(path), half))
    score = report.label(label)
    detail = f"{path.name} {half} {label}: P {score.precision:.3f} R {score.recall:.3f}"
    assert score.precision >= p_floor and score.recall >= r_floor, detail


@pytest.mark.parametrize(
    ("path", "prefix", "label"),
    [(PII_PROBE, "q", "personal_data"), (SG_PROBE, "g", "safeguarding")],
)
def test_probe_files_are_balanced_between_halves(path, prefix, label):
    rows = eval_data.load_jsonl(path)
    assert [r["id"] for r in rows] == [f"{prefix}{i:03d}" for i in range(1, len(rows) + 1)]
    odd, even = rows[0::2], rows[1::2]
    assert sum(r[label] for r in odd) == sum(r[label] for r in even) == len(rows) // 4


_TEN_DIGITS = re.compile(r"(?<![\d+])\d{3}[ -]?\d{3}[ -]?\d{4}(?!\d)")


def test_pii_probe_nhs_numbers_follow_the_label_rules():
    """Every 10-digit number that is not a phone number passes mod 11 exactly when it is data."""
    checked = 0
    for row in eval_data.load_jsonl(PII_PROBE):
        for m in _TEN_DIGITS.finditer(row["text"]):
            digits = re.sub(r"\D", "", m.group())
            if digits.startswith(("01", "07")):
                continue
            assert is_valid_nhs_number(digits) == row["personal_data"], (row["id"], m.group())
            checked += 1
    assert checked >= 20


# ---- personal data mechanisms -------------------------------------------------------------


def _kinds(text: str, names: list[str] | None = None) -> set[str]:
    return {k for *_, k in find_personal_data(text, STAFF if names is None else names)}


def test_house_number_before_the_street_and_streets_without_a_suffix():
    assert "address" in _kinds("Karen Holt lives at number 14 on Westbourne Road")
    assert "address" in _kinds("the doc Fiona Grant lives at 5 Bagdale, Whitby", [])
    assert not _kinds("the number 14 bus to Castle Hill Practice is never on time", [])


def test_staff_health_and_named_patients_count_but_topics_and_own_health_do_not():
    assert "health_detail" in _kinds("Karen Holt the manager's been off sick with stress")
    assert "health_detail" in _kinds("my neighbour Barry Holt's dementia diagnosis", [])
    assert "health_detail" in _kinds("told Joan Pickles, she's got Parkinson's, by text", [])
    assert not _kinds("Dr Amira Patel told me I have depression")
    assert not _kinds("Dr Amira Patel has a special interest in diabetes and dementia care")
    assert not _kinds("Jade Wilson ran the 10k for the cancer charity")
    assert not _kinds(
        "an award for her work with diabetic patients, Riverside Medical Centre, has", []
    )


def test_a_listed_person_phone_and_a_practice_text_number():
    assert "phone" in _kinds("clinic list: 'M. Ahmed, 0114 496 0832, asthma review'", [])
    assert not _kinds("appointment reminders come from 07700 900 001, save it", [])
    assert "phone" in _kinds("her mobile is 07700 900 001", [])


# ---- safeguarding mechanisms --------------------------------------------------------------


def sg(text: str) -> bool:
    return detect_flags(text, []).flags["safeguarding"]


@pytest.mark.parametrize(
    "text",
    [
        "everyone would be better off if I just stopped being a problem",
        "won't be around to complain about the queue much longer",
        "no point carrying on tbh",
        "my son told his teacher he wants to die",
        "I've got two months of co-codamol tucked away from my repeat prescriptions",
        "wouldn't mind if I didn't wake up tomorrow",
        "she's been hiding her morphine under the mattress",
        "goodbye everyone. I love you all",
        "thank you all for everything. I'm sorry. goodbye",
        "my brother tried to take his life last month",
    ],
)
def test_indirect_safeguarding_wording(text):
    assert sg(text), text


@pytest.mark.parametrize(
    "text",
    [
        "planning to end it with Elm Tree Surgery and register closer to work",
        "if I have to fill in one more eConsult I'll end it all lol",
        "the nurse showed me how to take all my tablets in the right order",
        "my sister's cat scratched her arms to bits",
        "Nurse Sian Roberts gave a talk about spotting self-harm in teens",
        "my mum says she wants to die her hair purple",
        "I'm thinking about jumping off the diet wagon this weekend",
        "I won't be around to complain next month, moving to Spain!",
        "no point carrying on ringing at 8am, I'll walk in",
        "my dad keeps saying he wants to die at home, not in hospital",
    ],
)
def test_safeguarding_hard_negatives(text):
    assert not sg(text), text


def test_weak_signs_count_together_or_with_despair_but_not_alone():
    assert not sg("I can't do this anymore, the website logs me out every 2 minutes")
    assert sg("I can't do this anymore. everything feels pointless")
    assert not sg("sorted my will at the solicitor's today")
    assert sg("sorted my will, rehomed the cat, deleted my socials after this")
