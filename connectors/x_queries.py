"""The X recent-search query planner: every practice's names, aliases and handles in as few
queries as the query-length limit allows.

X charges and rate-limits per request, and a basic-tier query holds at most 512 characters, so
the terms of many practices are packed into each query:

    ("Elm Tree Surgery" OR @ElmTreeSurgery OR ("The Surgery" Whitby)) -is:retweet lang:en

- a term of more than one word (or with punctuation) is an exact phrase in double quotes;
- a name that would match far too much on its own (one shared by several practices, such as
  "The Surgery", a name made only of generic words, or an alias with no medical word) is
  searched together with the practice's town: `("The Surgery" Whitby)`;
- the extra operators (`-is:retweet lang:en` by default) apply to the whole OR group;
- no query is longer than the limit; a term too long for any query is reported in
  `QueryPlan.problems`, never silently dropped.

Pure functions: no network, no config loading. The connector (connectors/x.py) runs the plan.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from classifiers.matching import GENERIC_WORDS, MEDICAL_WORDS, normalise

X_HANDLE = re.compile(r"^[A-Za-z0-9_]{1,15}$")
_PLAIN_WORD = re.compile(r"^\w+$")
_SPACES = re.compile(r"\s+")
# Words X reads as operators when they stand alone, not as terms to search for.
_OPERATOR_WORDS = frozenset({"or", "and", "not"})
OR = " OR "


class PracticeTerms(Protocol):
    """What the planner reads of a practice (a config `Practice` satisfies it)."""

    @property
    def ods(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def aliases(self) -> Sequence[str]: ...
    @property
    def handles(self) -> Sequence[str]: ...
    @property
    def town(self) -> str: ...


@dataclass(frozen=True, slots=True)
class SearchTerm:
    """One thing to search for on behalf of one practice, and its query expression."""

    practice_id: str
    kind: str  # name | alias | handle
    text: str  # as configured
    expression: str  # as written into a query: Whitby, "Elm Tree Surgery", ("The Surgery" Whitby)


@dataclass(frozen=True, slots=True)
class PlanProblem:
    """A term that is not searched, and why (shown to the person running gpwatch)."""

    practice_id: str
    term: str
    reason: str


@dataclass(frozen=True, slots=True)
class PlannedQuery:
    """One recent-search query and the practices whose terms it carries."""

    text: str
    expressions: tuple[str, ...]
    practice_ids: tuple[str, ...]

    @property
    def key(self) -> str:
        """A stable id for the query (its cursor key): the same text gives the same key."""
        return query_key(self.text)


@dataclass(slots=True)
class QueryPlan:
    """The queries of one run, what could not be searched, and the limit they were planned for."""

    queries: list[PlannedQuery]
    problems: list[PlanProblem] = field(default_factory=list)
    max_length: int = 512
    practice_ids: tuple[str, ...] = ()  # every practice the plan was made for

    @property
    def longest(self) -> int:
        return max((len(q.text) for q in self.queries), default=0)

    def covered(self) -> set[str]:
        """Practices with at least one term in some query."""
        return {pid for q in self.queries for pid in q.practice_ids}

    def uncovered(self) -> list[str]:
        """Practices none of whose terms is in any query (each has an entry in `problems`)."""
        covered = self.covered()
        return [pid for pid in self.practice_ids if pid not in covered]


def query_key(text: str) -> str:
    """The cursor key of a query: the first 16 hex digits of the SHA-256 of its text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def clean_term(text: str) -> str:
    """A term as X can take it: one line, single spaces, no double quotes (they delimit phrases
    and X has no way to escape them inside one)."""
    return _SPACES.sub(" ", text.replace('"', " ")).strip()


def quote(text: str) -> str:
    """`Whitby` stays a bare word; anything else (`Elm Tree Surgery`, `St. John's`) becomes an
    exact phrase. A bare `OR` would be read as the operator, so it is quoted too."""
    term = clean_term(text)
    if _PLAIN_WORD.match(term) and term.lower() not in _OPERATOR_WORDS:
        return term
    return f'"{term}"'


def x_handle(handle: str) -> str | None:
    """`@ElmTreeSurgery` or `ElmTreeSurgery` -> `@ElmTreeSurgery`; None if it cannot be an X
    handle (a Bluesky `@name.bsky.social`, a Reddit `u/name`, spaces)."""
    name = handle.strip().removeprefix("@")
    return f"@{name}" if X_HANDLE.match(name) else None


def is_generic(text: str) -> bool:
    """Made only of words any practice could be called by ("The Surgery", "Medical Centre")."""
    words = normalise(text).split()
    return not words or all(w in GENERIC_WORDS for w in words)


def _has_medical_word(text: str) -> bool:
    return any(w in MEDICAL_WORDS for w in normalise(text).split())


def practice_terms(
    practices: Iterable[PracticeTerms],
) -> tuple[list[SearchTerm], list[PlanProblem]]:
    """Every practice's search terms, with names that are too common alone tied to the town.

    The same rules as the matcher (classifiers/matching.py) decide what is too common: a name
    or alias shared by several practices, a generic name, an alias with no medical word.
    """
    practices = list(practices)
    owners: dict[str, set[str]] = {}
    for p in practices:
        for text in (p.name, *p.aliases):
            owners.setdefault(normalise(text).strip(), set()).add(p.ods)
    terms: list[SearchTerm] = []
    problems: list[PlanProblem] = []
    for p in practices:
        seen: set[str] = set()
        named = [("name", p.name)] + [("alias", a) for a in p.aliases]
        for kind, text in named:
            if not clean_term(text):
                continue
            key = normalise(text).strip()
            weak = (
                len(owners.get(key, ())) > 1
                or is_generic(text)
                or (kind == "alias" and not _has_medical_word(text))
            )
            if not weak:
                expression = quote(text)
            elif p.town.strip() and normalise(p.town) not in normalise(text):
                expression = f"({quote(text)} {quote(p.town)})"
            elif p.town.strip():
                expression = quote(text)  # the town is already in the name: "Whitby Surgery"
            else:
                problems.append(
                    PlanProblem(
                        p.ods,
                        text,
                        "too common to search for alone and the practice has no town to "
                        "narrow it: set the practice's town in gpwatch.toml",
                    )
                )
                continue
            if expression not in seen:
                seen.add(expression)
                terms.append(SearchTerm(p.ods, kind, text, expression))
        for handle in p.handles:
            expression_or_none = x_handle(handle)
            if expression_or_none is None:
                problems.append(
                    PlanProblem(p.ods, handle, "not an X handle (letters, digits, _; 15 at most)")
                )
            elif expression_or_none not in seen:
                seen.add(expression_or_none)
                terms.append(SearchTerm(p.ods, "handle", handle, expression_or_none))
    return terms, problems


def _query_text(expressions: Sequence[str], extra_operators: str) -> str:
    group = "(" + OR.join(expressions) + ")"
    return f"{group} {extra_operators}" if extra_operators else group


def pack(
    terms: Sequence[SearchTerm], max_length: int, extra_operators: str = ""
) -> tuple[list[PlannedQuery], list[PlanProblem]]:
    """Pack the terms into as few queries of at most `max_length` characters as it can.

    First-fit decreasing: the longest expressions are placed first, each into the first query
    with room. Identical expressions (two practices of the same name in the same town) share
    one place. The result depends only on the terms, so the same config plans the same queries
    run after run (and keeps their cursors).
    """
    extra = clean_term(extra_operators)
    overhead = len(_query_text([], extra))  # "()" and the operators
    capacity = max_length - overhead
    owners: dict[str, list[str]] = {}
    for term in terms:
        ids = owners.setdefault(term.expression, [])
        if term.practice_id not in ids:
            ids.append(term.practice_id)
    problems: list[PlanProblem] = []
    fitting: list[str] = []
    for expression, ids in owners.items():
        if len(expression) > capacity:
            for pid in ids:
                problems.append(
                    PlanProblem(
                        pid,
                        expression,
                        f"{len(expression)} characters: too long for a {max_length}-character "
                        f"query with {extra or 'no operators'!r}; add a shorter alias",
                    )
                )
        else:
            fitting.append(expression)
    fitting.sort(key=lambda e: (-len(e), e))
    bins: list[list[str]] = []
    used: list[int] = []  # characters of each bin's expressions with their " OR "s
    smallest = len(fitting[-1]) if fitting else 0
    first_open = 0  # bins before this one have no room even for the shortest expression
    for expression in fitting:
        size = len(expression)
        for i in range(first_open, len(bins)):
            if used[i] + len(OR) + size <= capacity:
                bins[i].append(expression)
                used[i] += len(OR) + size
                break
        else:
            bins.append([expression])
            used.append(size)
        while first_open < len(bins) and used[first_open] + len(OR) + smallest > capacity:
            first_open += 1
    queries = []
    for expressions in bins:
        ordered = sorted(expressions)  # a stable, readable order inside the query
        pids = tuple(dict.fromkeys(pid for e in ordered for pid in owners[e]))
        queries.append(PlannedQuery(_query_text(ordered, extra), tuple(ordered), pids))
    return queries, problems


def plan_queries(
    practices: Iterable[PracticeTerms], max_length: int = 512, extra_operators: str = ""
) -> QueryPlan:
    """The recent-search queries for these practices (see the module docstring)."""
    practices = list(practices)
    terms, problems = practice_terms(practices)
    queries, too_long = pack(terms, max_length, extra_operators)
    return QueryPlan(
        queries=queries,
        problems=problems + too_long,
        max_length=max_length,
        practice_ids=tuple(p.ods for p in practices),
    )
