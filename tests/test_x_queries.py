"""The X query planner: quoting, towns for common names, packing under the length limit, and
every practice in some query (also for the 6,651 active practices of the ODS list)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import pytest

from connectors.x_queries import (
    OR,
    PlannedQuery,
    SearchTerm,
    pack,
    plan_queries,
    practice_terms,
    query_key,
    quote,
    x_handle,
)
from gpwatch.config import Practice
from gpwatch.ods import active_practices
from tests.conftest import shared_path

EXTRA = "-is:retweet lang:en"


@dataclass
class P:
    ods: str
    name: str
    town: str = ""
    aliases: list[str] = field(default_factory=list)
    handles: list[str] = field(default_factory=list)


def well_formed(query: str) -> bool:
    """Balanced parentheses outside phrases, and every phrase closed."""
    if query.count('"') % 2:
        return False
    depth = 0
    for part in re.split(r'"[^"]*"', query):
        for ch in part:
            depth += {"(": 1, ")": -1}.get(ch, 0)
            if depth < 0:
                return False
    return depth == 0


def test_quote_makes_phrases_of_anything_but_a_plain_word() -> None:
    assert quote("Whitby") == "Whitby"
    assert quote("Elm Tree Surgery") == '"Elm Tree Surgery"'
    assert quote("St. John's") == '"St. John\'s"'
    assert quote('The "Best" Surgery') == '"The Best Surgery"'  # no way to escape a quote
    assert quote("  Elm   Tree\n Surgery ") == '"Elm Tree Surgery"'
    assert quote("OR") == '"OR"'  # not the operator
    assert quote("-is:retweet") == '"-is:retweet"'  # a name, not an operator


def test_x_handles_are_checked() -> None:
    assert x_handle("@ElmTreeSurgery") == "@ElmTreeSurgery"
    assert x_handle("ElmTree_GP") == "@ElmTree_GP"
    assert x_handle("@elmtree.bsky.social") is None
    assert x_handle("@" + "a" * 16) is None


def test_a_common_name_is_searched_with_the_town() -> None:
    practices = [
        P("X00001", "The Surgery", "Whitby"),
        P("X00002", "The Surgery", "Milton Keynes"),
        P("X00003", "Riverside Medical Centre", "Leeds"),
        P("X00004", "Riverside Medical Centre", "Bristol"),
        P("X00005", "Elm Tree Surgery", "Whitby", aliases=["Elm Tree"], handles=["@ElmTreeGP"]),
        P("X00006", "Medical Centre", "Whitby Surgery"),
    ]
    terms, problems = practice_terms(practices)
    got = {(t.practice_id, t.expression) for t in terms}
    assert ("X00001", '("The Surgery" Whitby)') in got
    assert ("X00002", '("The Surgery" "Milton Keynes")') in got
    assert ("X00003", '("Riverside Medical Centre" Leeds)') in got
    assert ("X00004", '("Riverside Medical Centre" Bristol)') in got
    # distinctive: alone; an alias without a medical word needs the town
    assert ("X00005", '"Elm Tree Surgery"') in got
    assert ("X00005", '("Elm Tree" Whitby)') in got
    assert ("X00005", "@ElmTreeGP") in got
    assert ("X00006", '("Medical Centre" "Whitby Surgery")') in got
    assert problems == []


def test_a_common_name_without_a_town_is_reported_not_searched_alone() -> None:
    plan = plan_queries([P("X00001", "The Surgery", handles=["@x.bsky.social"])], 512, EXTRA)
    assert plan.queries == []
    assert plan.uncovered() == ["X00001"]
    reasons = {p.term: p.reason for p in plan.problems}
    assert "town" in reasons["The Surgery"]
    assert "not an X handle" in reasons["@x.bsky.social"]


def test_a_practice_is_covered_by_its_handle_even_when_its_name_cannot_be_searched() -> None:
    plan = plan_queries([P("X00001", "The Surgery", handles=["@TheSurgeryGP"])], 512, EXTRA)
    assert plan.uncovered() == []
    assert plan.queries[0].text == f"(@TheSurgeryGP) {EXTRA}"


def test_queries_or_the_terms_in_parentheses_with_the_operators_after() -> None:
    plan = plan_queries(
        [
            P("X00001", "Elm Tree Surgery", "Whitby", handles=["@ElmTreeSurgery"]),
            P("X00002", "The Surgery", "Whitby"),
        ],
        512,
        EXTRA,
    )
    (query,) = plan.queries
    assert query.text == (
        '("Elm Tree Surgery" OR ("The Surgery" Whitby) OR @ElmTreeSurgery) -is:retweet lang:en'
    )
    assert set(query.practice_ids) == {"X00001", "X00002"}


def test_an_oversized_term_is_reported_never_silently_dropped() -> None:
    long_name = "The " + " ".join(["Extraordinarily Long Named"] * 5) + " Health Centre"
    practices = [
        P("X00001", long_name, "Leeds", handles=["@ShortOne"]),
        P("X00002", long_name, "York"),
    ]
    plan = plan_queries(practices, 100, EXTRA)
    assert all(len(q.text) <= 100 for q in plan.queries)
    too_long = [p for p in plan.problems if "too long" in p.reason]
    assert {p.practice_id for p in too_long} == {"X00001", "X00002"}
    assert plan.uncovered() == ["X00002"]  # X00001 is still found through its handle
    assert "@ShortOne" in plan.queries[0].text


def test_identical_expressions_share_one_place_in_a_query() -> None:
    practices = [
        P("X00001", "High Street Surgery", "Leeds"),
        P("X00002", "High Street Surgery", "Leeds"),
    ]
    plan = plan_queries(practices, 512, EXTRA)
    (query,) = plan.queries
    assert query.expressions == ('("High Street Surgery" Leeds)',)
    assert query.practice_ids == ("X00001", "X00002")


def synthetic(n: int) -> list[P]:
    """Practices with names of realistic and varied length, some sharing names."""
    words = [
        "Elm",
        "Oak",
        "Beacon",
        "Riverside",
        "Park",
        "Abbey",
        "Castle",
        "Meadow",
        "Bridge",
        "Church",
        "Victoria",
        "Albert",
        "Station",
        "Mill",
        "Green",
        "North",
        "South",
    ]
    kinds = ["Surgery", "Medical Centre", "Medical Practice", "Health Centre", "Family Practice"]
    out = []
    for i in range(n):
        a, b = words[i % len(words)], words[(i * 7 + 3) % len(words)]
        name = f"{a} {b} {kinds[i % len(kinds)]}" if i % 3 else f"{a} {kinds[i % len(kinds)]}"
        out.append(P(f"Y{i:05d}", name, f"Town{i % 97}", handles=[f"@gp{i}"] if i % 4 == 0 else []))
    return out


@pytest.mark.parametrize("limit", [64, 128, 512, 1024])
def test_packing_respects_the_limit_covers_everyone_and_wastes_little(limit: int) -> None:
    practices = synthetic(800)
    plan = plan_queries(practices, limit, EXTRA)
    terms, _ = practice_terms(practices)
    too_long = {p.term for p in plan.problems if "too long" in p.reason}
    assert all(len(q.text) <= limit for q in plan.queries)
    assert all(q.text.endswith(") " + EXTRA) and well_formed(q.text) for q in plan.queries)
    # every expression that fits is in exactly one query; the others are reported
    placed = [e for q in plan.queries for e in q.expressions]
    assert sorted(placed) == sorted({t.expression for t in terms} - too_long)
    assert all(len(e) > limit - len(f"() {EXTRA}") for e in too_long)
    uncovered = set(plan.uncovered())
    assert uncovered <= {p.practice_id for p in plan.problems}
    if limit >= 128:
        assert uncovered == set() and too_long == set()
    # no plan can beat this bound: every expression and its " OR " must fit somewhere
    capacity = limit - len(f"() {EXTRA}") + len(OR)
    bound = math.ceil(sum(len(e) + len(OR) for e in set(placed)) / capacity)
    slack = 1.05 if limit >= 512 else 11 / 9  # first-fit decreasing's worst case
    assert len(plan.queries) <= math.ceil(bound * slack) + 1


def test_the_plan_is_the_same_every_run() -> None:
    a = plan_queries(synthetic(300), 512, EXTRA)
    b = plan_queries(list(reversed(synthetic(300))), 512, EXTRA)
    assert [q.text for q in a.queries] == [q.text for q in b.queries]
    assert [q.key for q in a.queries] == [query_key(q.text) for q in b.queries]
    assert len({q.key for q in a.queries}) == len(a.queries)


def test_pack_without_operators() -> None:
    terms = [SearchTerm("X1", "name", "a", "alpha"), SearchTerm("X2", "name", "b", "beta")]
    queries, problems = pack(terms, 20)
    assert queries == [PlannedQuery("(alpha OR beta)", ("alpha", "beta"), ("X1", "X2"))]
    assert problems == []


def test_config_practices_plan_directly() -> None:
    practice = Practice(
        ods="X99001", name="Elm Tree Surgery", town="Whitby", handles=["ElmTreeSurgery"]
    )
    plan = plan_queries([practice], 512, EXTRA)
    assert plan.queries[0].text == f'("Elm Tree Surgery" OR @ElmTreeSurgery) {EXTRA}'


@pytest.mark.parametrize("limit", [512, 1024])
def test_every_active_practice_of_the_ods_list_is_in_a_query_within_the_limit(
    limit: int,
) -> None:
    ods = active_practices(shared_path("reference", "ods-gp-practices", "epraccur.csv"))
    assert len(ods) == 6651
    practices = [P(p.code, p.display_name, p.town) for p in ods]
    plan = plan_queries(practices, limit, EXTRA)
    assert plan.uncovered() == []
    assert max(len(q.text) for q in plan.queries) <= limit
    assert all(well_formed(q.text) for q in plan.queries)
    # the 13 practices called "The Surgery" are each tied to their own town
    the_surgery = [e for q in plan.queries for e in q.expressions if e.startswith('("The Surgery"')]
    assert len(the_surgery) >= 10
    # many practices share each query: far fewer queries than practices
    assert len(plan.queries) < len(practices) / 10
