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
# ASCII text (most posts) is normalised with str.translate, three times faster than the regex:
# every ASCII character that `[^\w@]` matches becomes a space, and split/join then collapses the
# runs of spaces exactly as the regex does (tests/test_classify_equivalence.py checks this).
_ASCII_KEEP = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_@")
_ASCII_TABLE = str.maketrans(
    {chr(i): chr(i).lower() if chr(i) in _ASCII_KEEP else " " for i in range(128)}
)
GENERIC_WORDS = frozenset(
    "the surgery surgeries medical centre center practice practices health group clinic gp "
    "doctors doctor family partnership primary care and of at".split()
)
# "mc" and "hc": the medical centre and health centre of an alias such as "Riverside MC"
MEDICAL_WORDS = frozenset(
    "surgery medical practice gp doctors doctor health clinic centre nhs mc hc".split()
)
CONFIDENCE = {
    "review_page": 1.0,
    "ods_code": 0.99,
    "handle": 0.95,
    "own_feed": 0.9,
    "name": 0.85,
    "name+town": 0.9,
    "staff_name": 0.75,
    "alias": 0.75,
}


def normalise(text: str) -> str:
    """Lower case, punctuation to single spaces, padded, so patterns match whole words."""
    if text.isascii():
        return f" {' '.join(text.translate(_ASCII_TABLE).split())} "
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
    # name | name_town | alias | handle | staff_name | staff_surname | ods_code | town | postcode
    kind: str
    original: str


# A term as evidence for its practice, classified when the matcher is built:
#   (practice_id,
#    reason: the kind of evidence a Mention reports (a surname reports as staff_name),
#    original: the registry's spelling,
#    strong: enough on its own; otherwise it needs corroboration,
#    check_len: for names and aliases, the name's length, to look for "<name> in <town>",
#    own_town: the practice's normalised town, for that check)
# Plain tuples of strings and numbers, not objects: the garbage collector stops tracking such
# tuples, and a national registry holds tens of thousands of them, which every full
# collection would otherwise walk.
_Hit = tuple[str, str, str, bool, int, str]
# automaton value of a key: its length, the practices it corroborates (a town or postcode;
# a tuple, or a frozenset when there are many), and the evidence it is for other practices
_KeyValue = tuple[int, tuple[str, ...] | frozenset[str] | None, tuple[_Hit, ...]]
_DECISIVE = frozenset({"review_page", "own_feed", "handle", "ods_code"})
_PLACE_WORDS = (" in ", " at ", " near ")


@lru_cache(maxsize=1)
def _known_places() -> frozenset[str]:
    text = resources.files("classifiers").joinpath("lexicons/uk_places.txt").read_text("utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def _generic_name_forms(name: str, town: str) -> list[str]:
    """How people name a practice called "The Surgery" by its town without the "The":
    "surgery in Whitby", "t'surgery in Whitby" (the same words once normalised), "the Whitby
    surgery", "Bakewell surgery's". Only for a generic name of the form "The <generic words>"."""
    words = _key(name).split()
    if len(words) < 2 or words[0] != "the" or not _is_generic(" ".join(words)):
        return []
    rest = " ".join(words[1:])
    return [f"{rest} in {town}", f"{town} {rest}"]


# the word before "surgery in <town>" that makes it an operation or someone else's surgery
_NOT_THE_PRACTICE = frozenset(
    "my his her their your our had having have has after before for post pre knee hip eye back "
    "heart dental minor major keyhole laser cosmetic emergency day weight cataract shoulder foot "
    "hand wrist spinal open plastic hernia bowel cancer brain mp mps s constituency advice vet "
    "vets dentist dentists tree a an any another every one".split()
)


def _not_this_form(norm: str, start: int) -> bool:
    """Whether a "surgery in <town>" form at `start` (the space before it in `norm`) is an
    operation or someone else's surgery, by the word before it."""
    before = norm[max(0, start - 20) : start].split()
    return bool(before) and before[-1] in _NOT_THE_PRACTICE


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
        form_owners: dict[str, set[str]] = defaultdict(set)
        for p in self.entries.values():
            for form in _generic_name_forms(p.name, p.town) if p.town else ():
                form_owners[_key(form)].add(p.practice_id)
        # two practices called "The Surgery" in one town: "surgery in <town>" is either
        self._shared_forms = {f for f, owners in form_owners.items() if len(owners) > 1}
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
                for form in _generic_name_forms(p.name, p.town):
                    add(form, _Term(pid, "name_town", form))
            if p.postcode:
                add(p.postcode, _Term(pid, "postcode", p.postcode))
        self._places = _known_places() | {normalise(p.town).strip() for p in self.entries.values()}
        self._automaton = ahocorasick.Automaton()
        for key, term_list in terms.items():
            self._automaton.add_word(key, self._key_value(key, term_list))
        if len(terms):
            self._automaton.make_automaton()
        self._empty = not len(terms)

    def _key_value(self, key: str, term_list: list[_Term]) -> _KeyValue:
        """What a hit on `key` means, worked out once here rather than per item in `match`.

        A town or postcode key names the practices it corroborates; every other term is
        classified strong or weak now, since that depends on the registry, not on the text.
        """
        place_ids = tuple(
            dict.fromkeys(t.practice_id for t in term_list if t.kind in ("town", "postcode"))
        )
        places = frozenset(place_ids) if len(place_ids) > 8 else place_ids
        hits: list[_Hit] = []
        for t in term_list:
            if t.kind in ("town", "postcode"):
                continue
            norm_key = _key(t.original)
            check_len, own_town = 0, ""
            if t.kind in ("ods_code", "handle"):
                reason, strong = t.kind, True
            elif t.kind in ("name", "alias"):
                reason = t.kind
                strong = norm_key not in self._ambiguous_names and not _is_generic(norm_key)
                if t.kind == "alias" and not _has_medical_word(norm_key):
                    strong = False
                # "<name> in <another town>" is looked for after the name (see _names_elsewhere)
                check_len, own_town = len(norm_key), _key(self.entries[t.practice_id].town)
            elif t.kind == "name_town":  # "surgery in Whitby", "the Bakewell surgery"
                reason = "name+town"
                strong = _key(t.original) not in self._shared_forms
            elif t.kind == "staff_name":
                reason = "staff_name"
                strong = _staff_forms(t.original)[0] not in self._shared_staff
            else:  # staff_surname: "Dr Patel" alone is never enough
                reason, strong = "staff_name", False
            hits.append((t.practice_id, reason, t.original, strong, check_len, own_town))
        return len(key), places or None, tuple(hits)

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

    def names_of(self, practice_ids: Iterable[str]) -> list[str]:
        """The names these practices go by (name, town, aliases, handles): the words a learned
        scorer reads as names, not as wording (classifiers/learned_hits.py)."""
        out: list[str] = []
        for pid in practice_ids:
            entry = self.entries.get(pid)
            if entry:
                out += [entry.name, entry.town, *entry.aliases, *entry.handles]
        return out

    def match(self, item: Matchable) -> list[Mention]:
        """Mentions of configured practices in one item, each with its terms and reasons."""
        text = f"{item.title}\n{item.text}" if item.title else item.text
        norm = normalise(text)
        evidence: dict[str, list[tuple[_Hit, int]]] = {}
        places: list[tuple[str, ...] | frozenset[str]] = []
        forms = False
        if not self._empty:
            for end, (key_len, place_ids, hits) in self._automaton.iter(norm):
                if place_ids is not None:
                    places.append(place_ids)
                if hits:
                    start = end - key_len + 1
                    for hit in hits:
                        if hit[1] == "name+town":
                            forms = True
                        found = evidence.get(hit[0])
                        if found is None:
                            evidence[hit[0]] = [(hit, start)]
                        else:
                            found.append((hit, start))
        if forms:
            self._drop_forms_inside_names(norm, evidence)
        hint = item.practice_hint
        if hint and hint in self.entries:
            kind = "review_page" if item.source == "nhs_reviews" else "own_feed"
            own: tuple[_Hit, int] = ((hint, kind, self.entries[hint].name, True, 0, ""), -1)
            evidence.setdefault(hint, []).append(own)
        mentions = []
        for pid, found in evidence.items():
            has_place = False
            for ids in places:
                if pid in ids:
                    has_place = True
                    break
            decided = (
                self._decide_one(found[0], has_place, norm)
                if len(found) == 1
                else self._decide(found, has_place, norm)
            )
            if decided is None:
                continue
            confidence, reasons, terms = decided
            if confidence >= self.min_confidence:
                mentions.append(
                    Mention(item.source, item.external_id, pid, terms, reasons, confidence)
                )
        return mentions

    def _drop_forms_inside_names(
        self, norm: str, evidence: dict[str, list[tuple[_Hit, int]]]
    ) -> None:
        """Drop "surgery in <town>" forms that are the tail of a longer name ("Elm Tree Surgery
        in Sheffield", "Stroud Green Medical Centre in London", "West London Medical Centre"):
        they name that practice, not one called "The Surgery". Rare, so the text is scanned a
        second time only when a form was found."""
        spans = [
            (end - key_len + 1, end)
            for end, (key_len, _, hits) in self._automaton.iter(norm)
            if any(h[1] in ("name", "alias") for h in hits)
        ]
        for pid in list(evidence):
            kept = [
                (hit, start)
                for hit, start in evidence[pid]
                if hit[1] != "name+town" or not any(a < start < b for a, b in spans)
            ]
            if kept:
                evidence[pid] = kept
            else:
                del evidence[pid]

    def _decide_one(
        self, found: tuple[_Hit, int], has_place: bool, norm: str
    ) -> tuple[float, list[str], list[str]] | None:
        """_decide for a practice with a single piece of evidence (the common case), cheaper."""
        (_, reason, original, strong, check_len, own_town), start = found
        if reason == "name+town" and _not_this_form(norm, start):
            return None  # "my knee surgery in Whitby", "the MP's surgery in Bakewell"
        if not strong and not has_place:
            return None  # weak evidence counts only with the town/postcode
        if check_len and self._names_elsewhere(norm, check_len, start, own_town):
            return None  # the only evidence was discarded
        if strong:
            confidence = CONFIDENCE.get(reason, 0.7)
            if has_place:
                confidence = max(confidence, 0.9)
        else:
            confidence = max(CONFIDENCE.get(reason, 0.7), 0.8)
        reasons = [reason, "town/postcode"] if has_place else [reason]
        return round(confidence, 3), reasons, [original]

    def _decide(
        self, found: list[tuple[_Hit, int]], has_place: bool, norm: str
    ) -> tuple[float, list[str], list[str]] | None:
        strong: set[str] = set()
        weak: set[str] = set()
        originals: set[str] = set()
        elsewhere = False
        for (_, reason, original, is_strong, check_len, own_town), start in found:
            if check_len and self._names_elsewhere(norm, check_len, start, own_town):
                elsewhere = True
                continue
            if reason == "name+town" and _not_this_form(norm, start):
                continue
            (strong if is_strong else weak).add(reason)
            originals.add(original)
        # weak evidence counts with the town/postcode, or with two different kinds of it
        kinds = strong | weak
        if not strong and (not weak or not (has_place or len(kinds) >= 2)):
            return None
        if elsewhere and strong.isdisjoint(_DECISIVE):
            return None
        confidence = max(CONFIDENCE.get(k, 0.7) for k in kinds)
        if has_place:
            confidence = max(confidence, 0.9 if strong else 0.8)
        if len(kinds) >= 2:
            confidence = min(0.99, confidence + 0.05)
        reasons = sorted(kinds)
        if has_place:
            reasons.append("town/postcode")
        return round(confidence, 3), reasons, sorted(originals)

    def _names_elsewhere(self, norm: str, name_len: int, start: int, own_town: str) -> bool:
        """'Riverside Medical Centre in Bristol' when our Riverside is in Leeds.

        `start` is the space before the name in `norm`, `name_len` the name's length.
        """
        gap = start + name_len + 1  # the space after the name
        # norm has single spaces only, so this is `after[0] in ("in", "at", "near")`, cheaply
        if not norm.startswith(_PLACE_WORDS, gap):
            return False
        after = norm[gap : start + name_len + 40].split()
        if len(after) >= 2:
            for n in (2, 1):
                place = " ".join(after[1 : 1 + n])
                if place in self._places and place != own_town:
                    return True
        return False
