"""Practice matching: one automaton pass, disambiguation of same-named practices, reasons."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import pytest

from classifiers.matching import PracticeMatcher, RegistryEntry
from gpwatch.config import load_config
from gpwatch.ods import active_practices
from tests.conftest import DEMO, shared_path


@dataclass
class Item:
    text: str
    source: str = "x"
    external_id: str = "1"
    title: str = ""
    practice_hint: str | None = None


@pytest.fixture(scope="module")
def demo_matcher() -> PracticeMatcher:
    return PracticeMatcher.from_config(load_config(DEMO / "gpwatch.toml").practices)


def ids(matcher: PracticeMatcher, text: str, **kw) -> list[str]:
    return sorted(m.practice_id for m in matcher.match(Item(text, **kw)))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Elm Tree Surgery have lost my prescription AGAIN", ["X99001"]),
        ("elm-tree surgery... never again", ["X99001"]),
        ("@ElmTreeSurgery answer your phones", ["X99001"]),
        ("Code X99004 on the letter", ["X99004"]),
        ("Amira Patel is the best GP in the city", ["X99001"]),
        ("The Surgery in Whitby has a new flu clinic", ["X99003"]),
        ("the surgery, Bakewell: 40 mins on hold", ["X99002"]),
        ("The surgery DE45 1AB is closed today", ["X99002"]),
        ("Riverside Medical Centre in Leeds is hiring", ["X99004"]),
        ("Castle Hill GP have been brilliant", ["X99005"]),
        # an alias abbreviating "medical centre" names the practice on its own, as a name does
        ("RIVERSIDE MC RANG ME BACK IN 12 MINUTES", ["X99004"]),
        ("Riverside MC's patient survey closes on the 30th", ["X99004"]),
        # no practice: generic, ambiguous without a town, a decoy
        ("The Surgery never answers the phone", []),
        ("Quiz night at The Elm Tree pub, Sheffield", []),
        ("Riverside Medical Centre in Bristol to close", []),
        ("my knee surgery went well", []),
        ("Dr Patel was lovely", []),  # a surname alone is not enough
        ("Castle Hill is a nice walk", []),
        ("Elm Tree Surgery and @CastleHillGP both closed", ["X99001", "X99005"]),
    ],
)
def test_demo_matches(demo_matcher, text, expected):
    assert ids(demo_matcher, text) == expected


def test_each_mention_records_why_it_matched(demo_matcher):
    [m] = demo_matcher.match(Item("Terrible at the surgery in Whitby"))
    assert m.practice_id == "X99003"
    assert "name" in m.reasons and "town/postcode" in m.reasons
    assert m.terms == ["The Surgery"]
    [h] = demo_matcher.match(Item("hey @riversidemc_leeds"))
    assert h.reasons == ["handle"] and h.confidence >= 0.9


def test_own_review_page_decides_even_without_the_name(demo_matcher):
    [m] = demo_matcher.match(
        Item("Never get an appointment.", source="nhs_reviews", practice_hint="X99003")
    )
    assert m.practice_id == "X99003" and m.reasons == ["review_page"] and m.confidence == 1.0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "The Surgery" named by its town without the "The" (written so by four probe writers)
        ("surgery in bakewell cancelled my bloods AGAIN", ["X99002"]),
        ("Put me repeat in wi' t'Surgery in Whitby this mornin", ["X99003"]),
        ("the bus to the Whitby surgery takes forever", ["X99003"]),
        ("Bakewell surgery's dispensary errors 'unacceptable', report finds", ["X99002"]),
        # an operation, an MP's or a vet's surgery, or some other surgery in the town
        ("my knee surgery in Whitby went fine", []),
        ("had surgery in Whitby hospital last year", []),
        ("the MP's surgery in Bakewell is on Friday", []),
        ("the vets surgery in Bakewell", []),
        ("is there another surgery in Bakewell taking patients?", []),
        # a practice with a name of its own gets no such forms
        ("the Sheffield surgery near me", []),
    ],
)
def test_the_surgery_named_by_its_town_without_the_article(demo_matcher, text, expected):
    assert ids(demo_matcher, text) == expected


def test_surgery_in_town_forms_are_weak_where_two_practices_share_them():
    entries = [
        RegistryEntry(practice_id=pid, name="The Surgery", town="Bakewell")
        for pid in ("A00001", "A00002")
    ]
    matcher = PracticeMatcher(entries)
    # two practices called "The Surgery" in one town: the form names both, as the name does
    assert ids(matcher, "surgery in bakewell lost my bloods") == ["A00001", "A00002"]
    assert ids(matcher, "The Surgery, Bakewell lost my bloods") == ["A00001", "A00002"]


def test_a_longer_name_ending_in_the_generic_words_keeps_its_own_practice():
    # found by the national benchmark: "The Medical Centre, London" must not claim "Stroud
    # Green Medical Centre in London" or "West London Medical Centre"
    entries = [
        RegistryEntry(practice_id="G1", name="The Medical Centre", town="London"),
        RegistryEntry(practice_id="S1", name="Stroud Green Medical Centre", town="London"),
        RegistryEntry(practice_id="W1", name="West London Medical Centre", town="London"),
        RegistryEntry(practice_id="B1", name="The Surgery", town="Sheffield"),
        RegistryEntry(practice_id="E1", name="Elm Tree Surgery", town="Sheffield"),
    ]
    matcher = PracticeMatcher(entries)
    assert ids(matcher, "Stroud Green Medical Centre in London: 3 weeks") == ["S1"]
    assert ids(matcher, "West London Medical Centre lost my prescription") == ["W1"]
    assert ids(matcher, "Elm Tree Surgery in Sheffield never answers") == ["E1"]
    assert ids(matcher, "medical centre in london never answers") == ["G1"]
    assert ids(matcher, "rang t'surgery in sheffield again") == ["B1"]


def test_staff_surname_with_the_town_is_enough(demo_matcher):
    assert ids(demo_matcher, "Dr Grant in Whitby sorted me out") == ["X99003"]


@pytest.fixture(scope="module")
def national() -> tuple[PracticeMatcher, list]:
    path = shared_path("reference", "ods-gp-practices", "epraccur.csv")
    rows = active_practices(path)
    entries = [RegistryEntry(p.code, p.display_name, p.town, p.postcode) for p in rows]
    return PracticeMatcher(entries), rows


def test_national_registry_has_every_active_practice(national):
    matcher, rows = national
    assert len(rows) == 6651
    assert Counter(p.name for p in rows)["THE SURGERY"] == 13
    assert len(matcher.entries) == 6651


def test_national_same_named_practices_are_told_apart_by_town(national):
    matcher, rows = national
    same = [p for p in rows if p.name == "THE SURGERY"]
    towns = Counter(p.town for p in same)
    unique_town = [p for p in same if towns[p.town] == 1 and p.town]
    assert len(unique_town) >= 5
    for p in unique_town:
        got = ids(matcher, f"Rang the surgery in {p.town} at 8am, 30th in the queue")
        assert got == [p.code], (p.town, got)
    assert ids(matcher, "The Surgery never picks up") == []


def test_national_distinctive_name_matches_alone(national):
    matcher, rows = national
    names = Counter(p.name for p in rows)
    distinctive = [p for p in rows if names[p.name] == 1 and "DENSHAM" in p.name]
    [p] = distinctive
    assert ids(matcher, f"{p.display_name} were brilliant today") == [p.code]
