"""Which practice is an item about? One Aho-Corasick pass over the text, then disambiguation.

Terms of every practice (names, aliases, handles, staff names, ODS codes) and the corroborating
terms (towns, postcodes) go into one automaton. A scan finds every hit at once; the decision is
then made per candidate practice:

- strong evidence matches alone: an ODS code, a handle, the practice's own source (its review
  page or feed), a distinctive name that no other practice in the registry shares, a staff
  member's full name that is unique in the registry;
- weak evidence needs corroboration (the practice's town or postcode, or a second kind of
  evidence): a name shared by several practices ("The Surgery"), a generic name, an alias with
  no medical word in it, "Dr <surname>";
- "<name> in <another town>" is a same-named practice elsewhere, not this one.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Protocol

import ahocorasick

from gpwatch.models import Mention

_NON_WORD = re.compile(r"[^\w@]+")
GENERIC_WORDS = frozenset(
    "the surgery surgeries medical centre center practice practices health group clinic gp "
    "doctors doctor family partnership primary care and of at".split()
)
MEDICAL_WORDS = frozenset(
    "surgery medical practice gp doctors doctor health clinic centre nhs".split()
)
CONFIDENCE = {
    "review_page": 1.0,
    "ods_code": 0.99,
    "handle": 0.95,
    "own_feed": 0.9,
    "name": 0.85,
    "staff_name": 0.75,
    "alias": 0.75,
}


def normalise(text: str) -> str:
    """Lower case, punctuation to single spaces, padded, so patterns match whole words."""
    return f" {_NON_WORD.sub(' ', text.lower()).strip()} "


@lru_cache(maxsize=65536)
def _key(original: str) -> str:
    """normalise() of a registry term, without its padding; terms repeat, so it is cached."""
    return normalise(original).strip()


class PracticeLike(Protocol):
    # read-only members, so a pydantic Practice (list[StaffMember]) satisfies the protocol
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
    @property
    def postcode(self) -> str: ...
    @property
    def staff(self) -> Sequence[Any]: ...


@dataclass(slots=True)
class RegistryEntry:
    """A practice as the matcher sees it."""

    practice_id: str
    name: str
    town: str = ""
    postcode: str = ""
    aliases: list[str] = field(default_factory=list)
    handles: list[str] = field(default_factory=list)
    staff: list[str] = field(default_factory=list)
    staff_roles: dict[str, str] = field(default_factory=dict)


class Matchable(Protocol):
    source: str
    external_id: str
    title: str
    text: str
    practice_hint: str | None


@dataclass(frozen=True, slots=True)
class _Term:
    practice_id: str
    kind: str  # name | alias | handle | staff_name | staff_surname | ods_code | town | postcode
    original: str


@lru_cache(maxsize=1)
def _known_places() -> frozenset[str]:
    text = resources.files("classifiers").joinpath("lexicons/uk_places.txt").read_text("utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def _is_generic(norm_name: str) -> bool:
    return all(w in GENERIC_WORDS for w in norm_name.split())


def _has_medical_word(norm: str) -> bool:
    return any(w in MEDICAL_WORDS for w in norm.split())


_TITLES = ("dr", "doctor", "nurse", "mr", "mrs", "ms", "miss", "prof", "professor")


def _staff_forms(full_name: str) -> tuple[str, list[str]]:
    """(full name without title, ['dr surname', ...]) in normalised form."""
    words = normalise(full_name).split()
    title = words[0] if words and words[0] in _TITLES else None
    core = words[1:] if title else words
    surname_forms = []
    if len(core) >= 2:
        surname = core[-1]
        for t in {title or "dr", "dr", "doctor"} if title in (None, "dr", "doctor") else {title}:
            surname_forms.append(f"{t} {surname}")
    return " ".join(core), surname_forms


class PracticeMatcher:
    """Finds the practices an item is about. Build once per run; `match` is thread-safe."""

    def __init__(self, practices: Iterable[RegistryEntry], min_confidence: float = 0.6) -> None:
        self.min_confidence = min_confidence
        self.entries: dict[str, RegistryEntry] = {}
        terms: dict[str, list[_Term]] = defaultdict(list)
        name_owners: dict[str, set[str]] = defaultdict(set)
        staff_owners: dict[str, set[str]] = defaultdict(set)
        for p in practices:
            self.entries[p.practice_id] = p
            name_owners[normalise(p.name).strip()].add(p.practice_id)
            for alias in p.aliases:
                name_owners[normalise(alias).strip()].add(p.practice_id)
            for s in p.staff:
                staff_owners[_staff_forms(s)[0]].add(p.practice_id)

        def add(pattern: str, term: _Term) -> None:
            key = normalise(pattern) if term.kind != "handle" else f" {pattern.lower()} "
            if key.strip():
                terms[key].append(term)

        self._ambiguous_names = {n for n, owners in name_owners.items() if len(owners) > 1}
        self._shared_staff = {n for n, owners in staff_owners.items() if len(owners) > 1}
        for p in self.entries.values():
            pid = p.practice_id
            add(p.name, _Term(pid, "name", p.name))
            for alias in p.aliases:
                add(alias, _Term(pid, "alias", alias))
            for handle in p.handles:
                add(handle, _Term(pid, "handle", handle))
            add(pid, _Term(pid, "ods_code", pid))
            for s in p.staff:
                core, surname_forms = _staff_forms(s)
                if len(core.split()) >= 2:
                    add(core, _Term(pid, "staff_name", s))
                for form in surname_forms:
                    add(form, _Term(pid, "staff_surname", s))
            if p.town:
                add(p.town, _Term(pid, "town", p.town))
            if p.postcode:
                add(p.postcode, _Term(pid, "postcode", p.postcode))
        self._places = _known_places() | {normalise(p.town).strip() for p in self.entries.values()}
        self._automaton = ahocorasick.Automaton()
        for key, term_list in terms.items():
            self._automaton.add_word(key, (key, tuple(term_list)))
        if len(terms):
            self._automaton.make_automaton()
        self._empty = not len(terms)

    @classmethod
    def from_config(cls, practices: Iterable[PracticeLike], min_confidence: float = 0.6):
        """Build from the config's [[practices]]."""
        return cls(
            (
                RegistryEntry(
                    practice_id=p.ods,
                    name=p.name,
                    town=p.town,
                    postcode=p.postcode,
                    aliases=list(p.aliases),
                    handles=list(p.handles),
                    staff=[s.name for s in p.staff],
                    staff_roles={s.name: s.role for s in p.staff},
                )
                for p in practices
            ),
            min_confidence=min_confidence,
        )

    def staff_of(self, practice_ids: Iterable[str]) -> list[str]:
        """Configured staff names of these practices (for staff-targeting detection)."""
        out: list[str] = []
        for pid in practice_ids:
            entry = self.entries.get(pid)
            if entry:
                out.extend(entry.staff)
        return out

    def match(self, item: Matchable) -> list[Mention]:
        """Mentions of configured practices in one item, each with its terms and reasons."""
        text = f"{item.title}\n{item.text}" if item.title else item.text
        norm = normalise(text)
        evidence: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
        corroborated: set[str] = set()
        if not self._empty:
            for end, (key, term_list) in self._automaton.iter(norm):
                start = end - len(key) + 1
                for term in term_list:
                    if term.kind in ("town", "postcode"):
                        corroborated.add(term.practice_id)
                    else:
                        evidence[term.practice_id].append((term.kind, term.original, start))
        hint = item.practice_hint
        if hint and hint in self.entries:
            kind = "review_page" if item.source == "nhs_reviews" else "own_feed"
            evidence[hint].append((kind, self.entries[hint].name, -1))
        mentions = []
        for pid, hits in evidence.items():
            decided = self._decide(pid, hits, pid in corroborated, norm)
            if decided is None:
                continue
            confidence, reasons, terms = decided
            if confidence >= self.min_confidence:
                mentions.append(
                    Mention(item.source, item.external_id, pid, terms, reasons, confidence)
                )
        return mentions

    def _decide(
        self, pid: str, hits: list[tuple[str, str, int]], has_place: bool, norm: str
    ) -> tuple[float, list[str], list[str]] | None:
        entry = self.entries[pid]
        strong: list[tuple[str, str]] = []
        weak: list[tuple[str, str]] = []
        elsewhere = False
        for kind, original, start in hits:
            key = _key(original)
            if kind in ("review_page", "own_feed", "ods_code", "handle"):
                strong.append((kind, original))
            elif kind in ("name", "alias"):
                if self._names_elsewhere(norm, key, start, entry):
                    elsewhere = True
                    continue
                distinctive = key not in self._ambiguous_names and not _is_generic(key)
                if kind == "alias" and not _has_medical_word(key):
                    distinctive = False
                (strong if distinctive else weak).append((kind, original))
            elif kind == "staff_name":
                core = _staff_forms(original)[0]
                (weak if core in self._shared_staff else strong).append((kind, original))
            else:  # staff_surname: "Dr Patel" alone is never enough
                weak.append(("staff_name", original))
        kinds = {k for k, _ in strong} | {k for k, _ in weak}
        # weak evidence counts with the town/postcode, or with two different kinds of it
        if not strong and (not weak or not (has_place or len(kinds) >= 2)):
            return None
        if elsewhere and not {k for k, _ in strong} & {
            "review_page",
            "own_feed",
            "handle",
            "ods_code",
        }:
            return None
        confidence = max(CONFIDENCE.get(k, 0.7) for k in kinds)
        if has_place:
            confidence = max(confidence, 0.9 if strong else 0.8)
        if len(kinds) >= 2:
            confidence = min(0.99, confidence + 0.05)
        reasons = sorted(kinds)
        if has_place:
            reasons.append("town/postcode")
        terms = sorted({o for _, o in strong + weak})
        return round(confidence, 3), reasons, terms

    def _names_elsewhere(self, norm: str, key: str, start: int, entry: RegistryEntry) -> bool:
        """'Riverside Medical Centre in Bristol' when our Riverside is in Leeds."""
        after = norm[start + len(key) + 1 : start + len(key) + 40].split()
        if len(after) >= 2 and after[0] in ("in", "at", "near"):
            own = _key(entry.town)
            for n in (2, 1):
                place = " ".join(after[1 : 1 + n])
                if place in self._places and place != own:
                    return True
        return False
