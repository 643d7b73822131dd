"""Personal data on `tests/data/pii_probe_2.jsonl`, plus the forms of it the detector reads.

The probe (j001-j160: 80 posts with personal data, 80 hard negatives, in pairs of one kind so odd
and even lines each hold half of every kind) was written by someone who never ran the
classifier. Odd lines were developed against; even lines are held out. The floors sit a little
under what the rules reach on each half, so a regression fails here.
"""

from __future__ import annotations

import pytest

from classifiers import eval_data
from classifiers.evaluate import evaluate_domain
from classifiers.flags import detect_flags
from classifiers.personal_data import find_personal_data, mentions_health, score_personal_data

PROBE = eval_data.DEV_SPLIT.parent / "pii_probe_2.jsonl"
STAFF = ["Dr Amira Patel", "Karen Holt", "Jade Wilson", "Nurse Sian Roberts"]

# (label, half, precision floor, recall floor). Reached: held-out personal_data P 0.897 R 0.875,
# staff_targeted P 0.750 R 0.875; dev half 1.000 / 1.000 for personal_data and P 0.897 R 1.000
# for staff_targeted (patients' data beside a staff role still links: see the CHANGELOG note).
FLOORS = [
    ("personal_data", "held-out", 0.86, 0.85),
    ("staff_targeted", "held-out", 0.72, 0.83),
    ("personal_data", "dev", 0.97, 0.95),
    ("staff_targeted", "dev", 0.86, 0.95),
]


def _half(rows: list[dict], half: str) -> list[dict]:
    return rows[1::2] if half == "held-out" else rows[0::2]


@pytest.mark.parametrize(("label", "half", "p_floor", "r_floor"), FLOORS)
def test_probe_floors(classifier, label, half, p_floor, r_floor):
    report = evaluate_domain(classifier, _half(eval_data.load_jsonl(PROBE), half))
    score = report.label(label)
    detail = f"{PROBE.name} {half} {label}: P {score.precision:.3f} R {score.recall:.3f}"
    assert score.precision >= p_floor and score.recall >= r_floor, detail


def test_probe_is_balanced_between_halves():
    rows = eval_data.load_jsonl(PROBE)
    assert [r["id"] for r in rows] == [f"j{i:03d}" for i in range(1, len(rows) + 1)]
    odd, even = rows[0::2], rows[1::2]
    assert sum(r["personal_data"] for r in odd) == sum(r["personal_data"] for r in even) == 40


def pd(text: str, names: list[str] | None = None) -> bool:
    return detect_flags(text, STAFF if names is None else names).flags["personal_data"]


def kinds(text: str, names: list[str] | None = None) -> set[str]:
    return {k for *_, k in find_personal_data(text, STAFF if names is None else names)}


# ---- NHS numbers in any layout (9434765919 passes the check; 9434765910 does not) -------------


@pytest.mark.parametrize(
    "text",
    [
        "my NHS no. is 943.476.5919, still no callback",
        "nhs#9434765919 for anyone at the surgery who cares",
        "her nhs number starts 943 476 and the last bit is 5919",
        "NHS number 9 4 3 4 7 6 5 9 1 9",
        "NHS: 94347 65919",
        # the cue is a sentence clause away, and "in case" is not a case number
        "his NHS number was wrong so here is the right one in case anyone can fix it: 9434765919",
    ],
)
def test_nhs_numbers_in_other_layouts(text):
    assert "nhs_number" in kinds(text, []), text


@pytest.mark.parametrize(
    "text",
    [
        "NHS number 943 476 5910 is what they wrote, which is wrong",
        "her nhs number starts 943 476 and the last bit is 5910",
        "prescription token 3775 9012 55 expired",
        "order ref 943 476 5919 never arrived",
        "nhs 111 said ring 0114 496 0000 after 6",
    ],
)
def test_nhs_decoys(text):
    assert "nhs_number" not in kinds(text, []), text


# ---- phones -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Karen Holt's mobile +44 7700 900 354",
        "Karen Holt's mobile +447700900354, go on",
        "Jade Wilson's home number is (0114) 496 0587",
        "ring Jade Wilson on 07 700 900 354 she's off today",
        "Jade Wilson: 0 7 7 0 0 9 0 0 3 5 4",
        "Jade Wilson's mob is 07700.900.354",
        "Karen Holt's landline is 0114 496 0587, she's in the phone book",
    ],
)
def test_staff_phones_in_any_spacing(text):
    flags = detect_flags(text, STAFF)
    assert flags.flags["personal_data"] and flags.flags["staff_targeted"], text


@pytest.mark.parametrize(
    "text",
    [
        "Jade Wilson gave me the direct line for the blood room, 0114 496 0012",
        "Karen Holt said she'll call me back on 0114 496 0000",
        "the Elm Tree Surgery fax number (0114 496 0919) is on their website",
        "Dr Amira Patel's secretary is on 0114 496 0321",
        "ring Elm Tree Surgery on 0114 496 0000 at 8am",
    ],
)
def test_practice_lines_beside_a_staff_name(text):
    assert not pd(text), text


# ---- addresses ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "14a Storrs Bank Road, S10 5GQ. that's Karen Holt, the one who signed my letter",
        "No. 9 Bath Lane is where your Dr Amira Patel lives",
        "Karen Holt, Flat 3, 22 Kenwood Road, S11",
        "Karen Holt is in Flat 3 Kenwood Court",
        "the end terrace at 41 Walkley Road is the practice manager's",
        "Jade Wilson lives opposite the Co-op at 7 Unthank Lane",
        "Elm Tree Surgery: you're at 58 Crookes Rise, Jade Wilson. nice car",
        "Karen Holt from Elm Tree Surgery is at 9 Butts Road if you want a word",
        "they posted my nan's prescription to number 18 Carrow Hill instead",
        # a person, her practice, then an address (pii_probe_3: the practice's address at stop 15)
        "Nurse Sian Roberts from Elm Tree Surgery, 61 Brindle Street. Tell her yourself.",
        "Karen Holt, Elm Tree Medical Practice, 14 Larchmere Close S10. Letters go there now.",
        "Lisa Grant - Riverside Medical Centre - 48 Ringwood Grove. Everyone go round.",
    ],
)
def test_home_addresses(text):
    assert "address" in kinds(text), text


@pytest.mark.parametrize(
    "text",
    [
        "Elm Tree Surgery, 14 Glossop Road, Sheffield S10 2AB",
        "Elm Tree Surgery is at 14 Glossop Road",
        "Our new branch, Elm Tree Surgery, 14 Glossop Road, opens on Monday",
        "Patients of Castle Hill Practice, 14 Castle Meadow, can book flu jabs online",
        "the practice moved to 3 Brook Hill last year",
        "a clinic at Over Haddon village hall, 2 Main Road, from April",
        "you sent my letter to 22 Elland Road, that's the football ground not my house",
        "the number 52 bus from Crookes Road takes ages",
        "I live on Crookes Road and it takes 40 mins to walk",
        "Karen Holt lives on Westbourne Road somewhere",  # a street with no house number
    ],
)
def test_not_home_addresses(text):
    assert not pd(text), text


# ---- emails -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Karen Holt's personal email is karen.h1975@gmail.com",
        "Dr Amira Patel uses amira.p.whitby@outlook.com for the walking group",
        "Jade Wilson's private address, jadewilson_93@hotmail.co.uk",
    ],
)
def test_private_emails(text):
    flags = detect_flags(text, STAFF)
    assert flags.flags["personal_data"] and flags.flags["staff_targeted"], text


@pytest.mark.parametrize(
    "text",
    [
        "the practice inbox is elmtree.sheffield@nhs.net",
        "Castle Hill Practice told me to email castlehill.norwich@nhs.net with photos",
        "email reception.elmtree@nhs.net for repeat prescriptions",
        "the ICB's complaints inbox is syicb.enquiries@nhs.net",
        "write to the council at adult.social.care@sheffield.gov.uk",
        "their gmail is elmtreesurgery.s10@gmail.com apparently",
        "Karen Holt's email is karen.holt@nhs.net for complaints",  # a work address
    ],
)
def test_organisation_and_work_inboxes(text):
    assert not pd(text), text


# ---- health details of identifiable people ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "staff"),
    [
        ("Dr Amira Patel has been signed off with anxiety since Easter", True),
        ("Dr Amira Patel seemed distracted and told me she was on tramadol for her back", True),
        ("Nurse Sian Roberts is on methadone you know", True),
        ("Jade Wilson's having chemo, that's why the desk is short", True),
        ("the GP I saw, Dr Nadia Ferris, told me she's doing IVF", True),
        (
            "asked my mother-in-law, Mrs Pamela Ruddock, whether her water infection was better",
            False,
        ),
        (
            "a voicemail for Mr Dennis Lowe at no. 12 on MY phone. His biopsy came back positive",
            False,
        ),
        ("my neighbour Gordon Fairbrother's blood results came to MY house", False),
        ("the man who runs the fish stall, Terry, has terminal cancer", False),
    ],
)
def test_health_details(text, staff):
    found = [h for h in score_personal_data(text, name_spans=_spans(text)) if h.score >= 0.5]
    assert any(h.kind == "health_detail" for h in found), text
    owners = {h.owner for h in found}
    assert ("staff" in owners) == staff, (text, owners)


def _spans(text: str) -> list[tuple[int, int]]:
    low = text.lower()
    out = []
    for name in ("amira patel", "jade wilson", "sian roberts", "karen holt"):
        at = low.find(name)
        if at >= 0:
            out.append((at, at + len(name)))
    return out


@pytest.mark.parametrize(
    "text",
    [
        "I'm on tramadol and Dr Amira Patel won't up the dose",
        "Dr Amira Patel put me on sertraline last year",
        "Dr Amira Patel reviewed his insulin and he's much better",
        "my dad has dementia and Dr Amira Patel was lovely",
        "Dr Amira Patel told my dad he has diabetes, took 2 mins",
        "Dr Amira Patel thinks it's arthritis in my knee",
        "Dr Amira Patel has signed off my fit note finally",
        "Dr Amira Patel is brilliant with HRT, ask for her",
        "Nurse Sian Roberts is the asthma lead at Elm Tree Surgery",
        "Dr Amira Patel gave a talk about long covid",
        "Karen Holt told me I have anxiety, cheers",
        "it took 10 minutes of confusion to find my records",
        # a pronoun of the other gender in between: "He" is the dad, not Dr Patel
        "My dad has had a cough since August. They got him in with Dr Amira Patel, who told him "
        "it was his age. She is hopeless. He has since been diagnosed with pneumonia.",
    ],
)
def test_not_health_details_of_anyone_identifiable(text):
    assert not pd(text), text


def test_health_words_beyond_the_lexicon_reach_the_flag():
    """flags.py skips the personal-data scan for posts with no digit, no '@', no lexicon health
    term and no address word: the extra medicines and conditions must get past that gate."""
    text = "Dr Amira Patel seemed distracted and told me she was on tramadol for her back"
    assert mentions_health(" dr amira patel  on tramadol for her back ")
    assert not mentions_health(" huge thanks to everyone at elm tree surgery ")
    flags = detect_flags(text, STAFF)
    assert flags.flags["personal_data"] and flags.flags["staff_targeted"]


# ---- dates of birth -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "@ElmTreeSurgery Mrs Irene Staniforth, DOB 02/07/1941, has waited 5 weeks",
        "happy birthday to Karen Holt at Elm Tree Surgery! born 14th March 1975, same as me",
        "printed my prescription with someone else on it, 'Jean Cockerill dob 30.01.52'",
        "date of birth 12.04.1962 for Mr Dennis Lowe, please call him",
    ],
)
def test_named_dates_of_birth(text):
    assert "date_of_birth" in kinds(text), text


@pytest.mark.parametrize(
    "text",
    [
        "they asked my date of birth three times in one call",
        "my DOB is 01/02/1980 and they still couldn't find me",
        "my son was born 14/03/2019 at the Jessop",
        "booked for 12/05/2025, moved to 19/05/2025, seen 26/05/2025",
        "Dad's 90 on Sunday and Elm Tree Surgery sent a card",
        "Elm Tree Surgery was born out of a merger in 1995",
    ],
)
def test_not_named_dates_of_birth(text):
    assert not pd(text), text


def test_whose_data_it_is():
    """An NHS number is a patient's, unless a member of staff is named right before it."""
    (nhs,) = score_personal_data("my mum's NHS number is 943 476 5919")
    assert nhs.owner == "other"
    text = "Karen Holt's NHS number is 943 476 5919"
    (own,) = score_personal_data(text, name_spans=_spans(text))
    assert own.owner == "staff"
