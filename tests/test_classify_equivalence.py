"""The fast paths of matching, alert rules and the pipeline give what the rules say they give.

Matching classifies every registry term once when the matcher is built, normalises ASCII text
with str.translate, and decides a practice with a single piece of evidence on a short path;
the alert rules select guidance steps once per (catalogue, category, source); classify skips the
staff look-up and the alert rules for items that mention no practice. These tests pin the
behaviour those shortcuts must keep: the confidence and reasons of each kind of evidence,
same-named practices, "<name> in <another town>", the order of mentions, staff_of, the
severity order of the alert rules, and that classify is exactly match + verdict + decide over
every labelled text and demo item in the repository. The classifiers' phrase regexes look at the
next character before their alternatives (classifiers/prefilter.py): each rewritten pattern
finds exactly what the pattern it replaces finds, on every labelled text.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass, field
from itertools import product
from pathlib import Path
from typing import Any

import feedparser
import pytest

from alerts.guidance import Guidance, load_guidance, parse_guidance
from alerts.rules import decide
from classifiers import flags, menace, personal_data, prefilter, sentiment
from classifiers.matching import PracticeMatcher, RegistryEntry, normalise
from classifiers.pipeline import Classifier
from connectors.nhs_reviews import parse_review_page
from gpwatch.config import load_config
from gpwatch.models import Mention, Verdict
from tests.conftest import DEMO

DATA = Path(__file__).parent / "data"
FLAGS = ("abuse", "threat", "staff_targeted", "personal_data", "safeguarding")


@dataclass
class Item:
    text: str
    source: str = "x"
    external_id: str = "1"
    title: str = ""
    practice_hint: str | None = None
    extras: dict[str, Any] = field(default_factory=dict)


# --- normalise: the ASCII fast path is the regex, character for character ---------------------

_REFERENCE = re.compile(r"[^\w@]+")


def _reference_normalise(text: str) -> str:
    return f" {_REFERENCE.sub(' ', text.lower()).strip()} "


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "Elm Tree Surgery!!",
        "  @ElmTreeSurgery\t\n answer_your phones ",
        "a--b__c@@d\x1c\x1fe\x7f",
        "Café Nero, Zürich ☕ and the GP",
        "8am… 47th in the queue 🙃",
        "İstanbul DR PATEL",  # upper case whose lower case grows
    ],
)
def test_normalise_is_the_regex_on_any_text(text):
    assert normalise(text) == _reference_normalise(text)


def test_normalise_is_the_regex_on_random_ascii():
    rng = random.Random(4)
    alphabet = [chr(i) for i in range(128)]
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        assert normalise(text) == _reference_normalise(text), repr(text)


# --- the phrase regexes: a lookahead for the first character, the same matches ----------------


def _found(rx: re.Pattern[str], s: str, *pos: int) -> list[tuple[Any, ...]]:
    return [(m.span(), m.groups(), m.lastgroup) for m in rx.finditer(s, *pos)]


@pytest.mark.parametrize(
    ("pattern", "flags_", "rewritten"),
    [
        (r"\b(?:waited|wait)\s+\d+|\bno\s+reply", 0, True),
        (r"\b(?:had|'d)\s+better", 0, True),  # a match may begin with "'"
        (r"\b(?P<a>cow)\b|\b(?P<b>idiot)", 0, True),
        (r"\b(?:x|y)?", 0, False),  # can match the empty string
        (r"\b(?:[^a]b)", 0, False),  # a negated set: any character may begin it
        (r"\b(\w)\1", 0, True),  # the first character comes before the back reference
        (r"(a)?\b\1x", 0, False),  # a back reference may come first
        (r"\bcow\b", re.IGNORECASE, False),
        (r"cow|pig", 0, False),  # the engine already searches for c or p
        ("\\b(?: a\\s+b   # a comment to the end\n  | c )  # and another", re.VERBOSE, True),
    ],
)
def test_first_char_rewrites_only_what_it_can_prove(pattern, flags_, rewritten):
    rx = re.compile(pattern, flags_)
    fast = prefilter.first_char(rx)
    assert (fast is not rx) == rewritten
    for s in ["I'd better go", "she'd better not", "no reply, waited 3 weeks", "a b c", "x", ""]:
        for text in (s, s.lower(), f"cow {s} idiot", f"xx{s}ab"):
            assert _found(fast, text) == _found(rx, text), (pattern, text)


def _labelled_texts() -> list[str]:
    out = []
    for path in sorted(DATA.glob("*.jsonl")) + sorted((DATA / "pending").glob("*.jsonl")):
        if path.name == "domain_frozen.jsonl":
            continue  # the held-out split is never read outside `gpwatch eval --frozen`
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.append(json.loads(line)["text"])
    return out


def test_the_classifiers_phrase_regexes_are_rewritten():
    rewritten = set(prefilter.ORIGINAL)
    for rx in (sentiment._CARE_COMPLAINTS, flags._VEILED, flags._SG2, personal_data._HEALTH_RE):
        assert rx in rewritten
    assert menace.FUTURE in rewritten
    assert sum(p.rx in rewritten for p in menace.PATTERNS) > len(menace.PATTERNS) // 2
    assert all(rx in rewritten for rx, _ in flags._SG3_FAMILIES)
    assert len(rewritten) > 300


def test_every_rewritten_regex_finds_what_its_original_finds():
    """Over every other labelled text (all of them: ~40 s), as the classifiers read it
    (lower-cased and normalised), and in windows (`finditer(s, a, b)`, as the flags read a
    sentence). scripts/classify_golden.py compares whole results over every text we have."""
    texts = _labelled_texts()[::2]
    assert len(texts) > 2500
    forms = sorted({f(t) for t in texts for f in (str.lower, lambda t: flags._context(t).s)})
    pairs = list(prefilter.ORIGINAL.items())
    for s in forms:
        for fast, rx in pairs:
            assert _found(fast, s) == _found(rx, s), (rx.pattern[:60], s)
    rng = random.Random(7)
    for s in rng.sample(forms, 300):
        a = rng.randrange(len(s) + 1)
        b = rng.randrange(a, len(s) + 1)
        for fast, rx in pairs:
            assert _found(fast, s, a, b) == _found(rx, s, a, b), (rx.pattern[:60], s, a, b)


# --- matching rules, on a registry built for them ---------------------------------------------


@pytest.fixture(scope="module")
def matcher() -> PracticeMatcher:
    return PracticeMatcher(
        [
            RegistryEntry(
                "A00001",
                "Oakwood Surgery",
                "Barnsley",
                "S70 1AA",
                aliases=["Oakwood Medical", "The Oaks"],
                handles=["@OakwoodGP"],
                staff=["Dr Nadia Quayle", "Tom Fenwick"],
            ),
            RegistryEntry("A00002", "The Surgery", "Hexham", "NE46 1AA", staff=["Tom Fenwick"]),
            RegistryEntry("A00003", "The Surgery", "Ripon", "HG4 1AA"),
            RegistryEntry("A00004", "Brookside Practice", "Ripon", "HG4 2BB"),
        ]
    )


def one(matcher: PracticeMatcher, text: str, **kw) -> tuple[str, list[str], list[str], float]:
    [m] = matcher.match(Item(text, **kw))
    return m.practice_id, m.reasons, m.terms, m.confidence


def test_a_distinctive_name_alone_is_strong(matcher):
    assert one(matcher, "Oakwood Surgery lost my prescription") == (
        "A00001",
        ["name"],
        ["Oakwood Surgery"],
        0.85,
    )


def test_the_town_lifts_a_strong_name_and_is_a_reason(matcher):
    got = one(matcher, "Oakwood Surgery, Barnsley: lost my prescription")
    assert got == ("A00001", ["name", "town/postcode"], ["Oakwood Surgery"], 0.9)


def test_a_shared_name_needs_its_town_or_postcode(matcher):
    assert matcher.match(Item("The Surgery never answers")) == []
    assert one(matcher, "the surgery in Hexham never answers") == (
        "A00002",
        ["name", "town/postcode"],
        ["The Surgery"],
        0.85,  # corroborated weak evidence: at least 0.8, and a name is worth 0.85
    )
    assert one(matcher, "The Surgery HG4 1AA is shut")[0] == "A00003"


def test_a_name_in_another_known_town_is_a_different_practice(matcher):
    assert matcher.match(Item("Oakwood Surgery in Leeds is closing")) == []
    assert matcher.match(Item("Oakwood Surgery near Hexham")) == []
    # its own town, or a word that is not a place, is still ours
    assert one(matcher, "Oakwood Surgery in Barnsley is closing")[0] == "A00001"
    assert one(matcher, "Oakwood Surgery in trouble again")[0] == "A00001"
    # decisive evidence wins, and the discarded name is not listed as a term
    assert one(matcher, "@OakwoodGP not the Oakwood Surgery in Leeds") == (
        "A00001",
        ["handle"],
        ["@OakwoodGP"],
        0.95,
    )


def test_alias_without_a_medical_word_is_weak(matcher):
    assert matcher.match(Item("off to The Oaks for a pint")) == []
    assert one(matcher, "The Oaks, Barnsley, sorted my jab")[1] == ["alias", "town/postcode"]
    assert one(matcher, "Oakwood Medical sorted my jab") == (
        "A00001",
        ["alias"],
        ["Oakwood Medical"],
        0.75,
    )


def test_staff_names_unique_strong_shared_weak_surname_weak(matcher):
    assert one(matcher, "Nadia Quayle is the best GP")[:3] == (
        "A00001",
        ["staff_name"],
        ["Dr Nadia Quayle"],
    )
    # Tom Fenwick works at two practices: alone he decides nothing
    assert matcher.match(Item("Tom Fenwick was rude")) == []
    assert one(matcher, "Tom Fenwick in Hexham was rude")[0] == "A00002"
    assert matcher.match(Item("Dr Quayle was lovely")) == []
    assert one(matcher, "Dr Quayle in Barnsley was lovely")[3] == 0.8


def test_two_kinds_of_evidence_add_up(matcher):
    got = one(matcher, "Oakwood Surgery: Dr Quayle was lovely")
    assert got == ("A00001", ["name", "staff_name"], ["Dr Nadia Quayle", "Oakwood Surgery"], 0.9)
    # two weak kinds corroborate each other
    assert one(matcher, "The Oaks: Dr Quayle was lovely")[1] == ["alias", "staff_name"]


def test_codes_handles_and_own_sources(matcher):
    assert one(matcher, "code a00004 on my letter") == ("A00004", ["ods_code"], ["A00004"], 0.99)
    assert one(matcher, "no appointments", source="nhs_reviews", practice_hint="A00003") == (
        "A00003",
        ["review_page"],
        ["The Surgery"],
        1.0,
    )
    assert one(matcher, "flu clinic on Saturday", source="rss", practice_hint="A00004")[1:] == (
        ["own_feed"],
        ["Brookside Practice"],
        0.9,
    )
    assert matcher.match(Item("no appointments", practice_hint="NOPE")) == []


def test_mentions_come_in_order_of_appearance_own_source_last(matcher):
    def order(text: str, **kw) -> list[str]:
        return [m.practice_id for m in matcher.match(Item(text, **kw))]

    assert order("Oakwood Surgery and Brookside Practice") == ["A00001", "A00004"]
    assert order("Brookside Practice and Oakwood Surgery") == ["A00004", "A00001"]
    assert order("Oakwood Surgery again", source="rss", practice_hint="A00004") == [
        "A00001",
        "A00004",
    ]


def test_the_title_is_read_with_the_text(matcher):
    assert one(matcher, "never again", title="Oakwood Surgery")[0] == "A00001"


def test_min_confidence_drops_weaker_mentions():
    strict = PracticeMatcher([RegistryEntry("A1", "Oakwood Surgery", "Barnsley")], 0.9)
    assert strict.match(Item("Oakwood Surgery lost it")) == []
    assert [m.practice_id for m in strict.match(Item("Oakwood Surgery Barnsley lost it"))] == ["A1"]


def test_staff_of_in_the_order_asked_unknown_ids_skipped(matcher):
    assert matcher.staff_of(["A00002", "NOPE", "A00001"]) == [
        "Tom Fenwick",
        "Dr Nadia Quayle",
        "Tom Fenwick",
    ]
    got = matcher.staff_of(["A00001"])
    got.append("x")  # a fresh list: the registry is not changed through it
    assert matcher.staff_of(["A00001"]) == ["Dr Nadia Quayle", "Tom Fenwick"]
    assert matcher.staff_of([]) == []


def test_an_empty_registry_matches_nothing():
    assert PracticeMatcher([]).match(Item("Oakwood Surgery A00001")) == []


# --- alert rules -------------------------------------------------------------------------------


def verdict(compound=0.0, label="neutral", staff=(), source="x", **flags) -> Verdict:
    full = {k: bool(flags.get(k)) for k in FLAGS}
    return Verdict(source, "1", compound, label, {}, full, list(staff), {}, "test")


MENTION = Mention("x", "1", "X99001", ["Elm Tree Surgery"], ["name"], 0.9)


@pytest.mark.parametrize("bits", list(product([False, True], repeat=len(FLAGS))))
@pytest.mark.parametrize("source", ["x", "nhs_reviews"])
def test_severity_follows_the_rules_worst_first(bits, source):
    flags = dict(zip(FLAGS, bits, strict=True))
    a = decide(MENTION, verdict(-0.8, "negative", **flags), source, load_guidance())
    assert a is not None  # a negative mention always needs someone
    route = "report_to_moderator" if source == "nhs_reviews" else "report_to_platform"
    reported = flags["abuse"] or flags["personal_data"]
    if flags["threat"]:
        expected = ("critical", "threat", "police")
    elif flags["safeguarding"]:
        # its own category; content to report is still reported first
        expected = ("high", "safeguarding", route if reported else "none")
    elif reported:
        expected = ("high", "abuse" if flags["abuse"] else "personal_data", route)
    elif source == "nhs_reviews":
        expected = ("medium", "negative_review", "reply")
    else:
        expected = ("low", "negative_comment", "reply")
    assert (a.severity, a.category, a.action) == expected
    assert a.next_steps, "every alert carries guidance"
    assert len({s.id for s in a.next_steps}) == len(a.next_steps)
    assert ("aimed at a member of staff" in a.reasons) == flags["staff_targeted"]


def test_abuse_with_personal_data_adds_the_privacy_steps_once():
    g = load_guidance()
    both = decide(MENTION, verdict(-0.8, "negative", abuse=True, personal_data=True), "x", g)
    abuse = decide(MENTION, verdict(-0.8, "negative", abuse=True), "x", g)
    privacy = decide(MENTION, verdict(-0.8, "negative", personal_data=True), "x", g)
    assert both and abuse and privacy
    ids = [s.id for s in both.next_steps]
    assert ids[: len(abuse.next_steps)] == [s.id for s in abuse.next_steps]
    assert set(ids) == {s.id for s in abuse.next_steps} | {s.id for s in privacy.next_steps}
    assert len(ids) == len(set(ids))


def test_each_alert_owns_its_steps():
    g = load_guidance()
    first = decide(MENTION, verdict(-0.8, "negative", threat=True), "x", g)
    assert first is not None
    first.next_steps[0].steps.append("scribbled on")
    first.next_steps.clear()
    second = decide(MENTION, verdict(-0.8, "negative", threat=True), "x", g)
    assert second is not None and second.next_steps
    assert "scribbled on" not in second.next_steps[0].steps
    assert second.next_steps == g.for_category("threat", "x")


CATALOGUE = """
[[guidance]]
id = "{id}"
title = "Call someone"
url = "https://example.org/{id}"
applies = ["threat", "negative_comment"]
steps = ["ring them"]
"""


def test_steps_follow_the_catalogue_given_and_its_changes():
    mine = parse_guidance(CATALOGUE.format(id="ring_a"))
    other = parse_guidance(CATALOGUE.format(id="ring_b"))
    threat = verdict(-0.8, "negative", threat=True)
    for g, expected in ((mine, "ring_a"), (other, "ring_b"), (mine, "ring_a")):
        a = decide(MENTION, threat, "x", g)
        assert a is not None and [s.id for s in a.next_steps] == [expected]
    extra = parse_guidance(CATALOGUE.format(id="ring_c")).entries
    grown = Guidance([*mine.entries, *extra])
    a = decide(MENTION, threat, "x", grown)
    assert a is not None and [s.id for s in a.next_steps] == ["ring_a", "ring_c"]
    mine.entries = [*extra]  # a catalogue whose entries are replaced is read afresh
    a = decide(MENTION, threat, "x", mine)
    assert a is not None and [s.id for s in a.next_steps] == ["ring_c"]


def test_no_alert_for_positive_neutral_or_mild_reviews():
    g = load_guidance()
    assert decide(MENTION, verdict(0.6, "positive"), "x", g) is None
    assert decide(MENTION, verdict(-0.5, "neutral"), "x", g) is None
    assert decide(MENTION, verdict(0.0), "nhs_reviews", g, extras={"rating": 3}) is None
    low = decide(MENTION, verdict(0.4, "positive"), "nhs_reviews", g, extras={"rating": 2})
    assert low is not None and low.category == "negative_review"
    assert "(2 stars)" in low.reasons[0]


# --- classify is match + verdict + decide, over every labelled text and demo item -------------


def _labelled_items() -> list[Item]:
    items = []
    for path in sorted(DATA.glob("*.jsonl")):
        if path.name == "domain_frozen.jsonl":
            continue  # the held-out split is never read outside `gpwatch eval --frozen`
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            ex = json.loads(line)
            hint = ex.get("practice") if ex["source"] == "nhs_reviews" else None
            rating = {"rating": ex["rating"]} if ex.get("rating") else {}
            key = f"{path.stem}:{ex['id']}"
            items.append(Item(ex["text"], ex["source"], key, "", hint, rating))
            items.append(Item(ex["text"], "reddit", key + ":t", "Re: " + ex["text"][:30]))
    return items


def _demo_items() -> list[Item]:
    items = []
    for path in sorted((DEMO / "feeds").glob("*.xml")):
        for i, e in enumerate(feedparser.parse(path.read_bytes()).entries):
            text = re.sub(r"<[^>]+>", " ", e.get("summary", ""))
            items.append(Item(text, "rss", f"{path.name}:{i}", e.get("title", "")))
    for path in sorted((DEMO / "site").rglob("*.html")):
        ods = next(p for p in path.parts if re.fullmatch(r"X\d{5}", p))
        for r in parse_review_page(path.read_bytes(), "https://www.nhs.uk/demo").reviews:
            extras = {"rating": r.rating} if r.rating else {}
            items.append(Item(r.text, "nhs_reviews", r.review_id, r.title, ods, extras))
    return items


# every labelled text, classified three ways: about two minutes on an idle CI machine, and over
# the 300 s default when the machine is shared with other work (stop 18); the corpus grows
@pytest.mark.timeout(900)
def test_classify_is_match_verdict_and_decide_on_every_text():
    config = load_config(DEMO / "gpwatch.toml")
    matcher = PracticeMatcher.from_config(config.practices)
    guidance = load_guidance()
    classifier = Classifier(matcher, guidance)
    demo = _demo_items()
    items = _labelled_items() + demo
    assert len(demo) >= 10 and len(items) > 400
    mentioned = 0
    for item in items:
        got = classifier.classify(item)
        assert got.mentions == matcher.match(item), item.external_id
        ids = [m.practice_id for m in got.mentions]
        expected = classifier.verdict(
            item,
            matcher.staff_of(ids),
            mentioned=bool(got.mentions),
            practice_names=matcher.names_of(ids),
        )
        assert got.verdict == expected, item.external_id
        alerts = [
            decide(m, got.verdict, item.source, guidance, extras=item.extras) for m in got.mentions
        ]
        assert got.alerts == [a for a in alerts if a is not None], item.external_id
        if got.mentions:
            mentioned += 1
        else:
            assert got.alerts == [] and got.verdict.staff_names == []
            assert got.action == "none" and got.severity is None
        if item.source == "nhs_reviews" and item.practice_hint:
            own = [m for m in got.mentions if m.practice_id == item.practice_hint]
            assert own and "review_page" in own[0].reasons and own[0].confidence >= 0.99
    assert mentioned > len(items) // 3  # the files are about the demo practices
    # a batch is matched first and scored after: the same results, in the same order
    batch = classifier.classify_batch(iter(items))
    assert batch == [classifier.classify(item) for item in items]
