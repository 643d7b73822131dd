"""Personal data exposed in posts: NHS numbers, phone numbers, home addresses, emails, health.

Each finding carries a score in [0, 1]: how sure we are that it is someone's personal data being
exposed (not a practice's published phone number or address, nor the author's own health). The
public `find_personal_data` returns those that count (score >= 0.5); `score_personal_data` returns
every candidate with its score, for the flag classifier.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import NamedTuple

LEXICON_DIR = Path(__file__).resolve().parent / "lexicons"
COUNTS = 0.5  # a finding with at least this score is personal data


class PIIHit(NamedTuple):
    """One candidate piece of personal data: offsets into the original text, kind and score."""

    start: int
    end: int
    text: str
    kind: str
    score: float


@cache
def load_lexicon(name: str) -> tuple[str, ...]:
    """The terms of `lexicons/<name>.txt`: lower-cased, `#` comments and blank lines dropped."""
    terms: dict[str, None] = {}
    for line in (LEXICON_DIR / f"{name}.txt").read_text(encoding="utf-8").splitlines():
        term = line.split("#", 1)[0].strip().lower()
        if term:
            terms[" ".join(term.split())] = None
    return tuple(terms)


def _alternation(terms: Iterable[str]) -> str:
    """A regex alternation of literal terms, longest first so the longest wins."""
    ordered = sorted(set(terms), key=len, reverse=True)
    return "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in ordered)


# ---------------------------------------------------------------------------------------------
# NHS numbers

_NHS_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)


def is_valid_nhs_number(digits: str) -> bool:
    """True when `digits` (10 digits; spaces and hyphens ignored) passes the NHS modulus-11 check.

    The check digit is 11 - (sum of the first nine digits weighted 10..2) mod 11, where 11 means 0
    and 10 means the number can never be valid. A number of one repeated digit passes the
    arithmetic but is a placeholder, never issued, so it is refused too.
    """
    d = digits.replace(" ", "").replace("-", "")
    if len(d) != 10 or not d.isascii() or not d.isdigit() or len(set(d)) == 1:
        return False
    total = sum(int(c) * w for c, w in zip(d, _NHS_WEIGHTS, strict=False))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(d[9])


# The same separator (or none) between the three groups: 943 476 5919, 943-476-5919, 9434765919.
_NHS_RE = re.compile(r"(?<![\w+£$.,/])(\d{3})([ -]?)(\d{3})\2(\d{4})(?![\w/])")
_NHS_CUE = re.compile(r"\b(?:nhs|chi)\b|\bpatient\s+(?:no|number|id)\b")
_NOT_NHS_CUE = re.compile(
    r"\b(?:ref|reference|order|invoice|tracking|booking|case|ticket|account|claim|serial|"
    r"policy|crime)\b"
)


def _nhs_numbers(text: str, low: str) -> list[PIIHit]:
    out = []
    for m in _NHS_RE.finditer(text):
        if not is_valid_nhs_number(m.group(1) + m.group(3) + m.group(4)):
            continue
        before = low[max(0, m.start() - 40) : m.start()]
        if _NHS_CUE.search(before) or _NHS_CUE.search(low[m.end() : m.end() + 20]):
            score = 0.95
        elif _NOT_NHS_CUE.search(before):
            score = 0.3
        elif m.group(2):
            score = 0.85  # 3-3-4 grouping is how NHS numbers are written
        else:
            score = 0.65  # ten bare digits: 1 in 11 random numbers passes the check
        out.append(PIIHit(m.start(), m.end(), m.group(), "nhs_number", score))
    return out


# ---------------------------------------------------------------------------------------------
# Phone numbers

# +44 / 0044 / 0 prefix, then a mobile (7 + nine digits) or a geographic/non-geographic landline
# (01, 02, 03 + eight or nine digits), with any single spaces, hyphens or brackets between digits.
_PHONE_RE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)\s?44\s?(?:\(0\)\s?)?|\(?0)"
    r"(?:7(?:[\s\-)]{0,2}\d){9}|[123](?:[\s\-)]{0,2}\d){8,9})(?![\d])"
)
_PERSONAL_CUE = re.compile(
    r"\b(?:her|his|their|personal|private|home|own|whatsapp|lives?)\b"
    r"|\b(?:ring|call|text|phone|message|bell)\s+(?:her|him|them)\b"
)
_BUSINESS_CUE = re.compile(
    r"\b(?:surgery|practice|reception|appointments?|call\s+us|ring\s+us|contact\s+us|opening|"
    r"helpline|switchboard|health\s+cent(?:re|er)|medical\s+cent(?:re|er)|pharmacy|clinic|"
    r"enquiries|tel|telephone|fax|option|hospital|ward|team|service|nhs\s+111|111)\b"
)


# "reminders come from 07700 900001, save it": a practice's own text-message number
_SERVICE_NUMBER_CUE = re.compile(
    r"\b(?:reminders?|automated|spam|scam|no-?reply|(?:comes?|came|sent)\s+from|"
    r"save\s+(?:it|this\s+number|the\s+number))\b"
)
# "M. Ahmed, 0114 496 0832", "Mrs Okoro: 01632 960123": a person named right before the number
_PERSON_BEFORE_NUMBER = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Miss|Mx)\.?\s+[A-Z][a-z]+|\b[A-Z]\.\s?[A-Z][a-z]+|"
    r"\b[A-Z][a-z]+\s+[A-Z][a-z]+)\s*[,:-]?\s*$"
)
# capitalised words that name places and organisations, not people
_NOT_NAME_WORD = frozenset(
    "surgery practice centre center medical health hill tree road street lane gp nhs the "
    "riverside castle elm whitby bakewell leeds sheffield norwich call ring phone tel mobile "
    "reception pharmacy clinic hospital line number".split()
)


def _person_named_before(text: str, start: int) -> bool:
    m = _PERSON_BEFORE_NUMBER.search(text, max(0, start - 30), start)
    if m is None:
        return False
    words = re.findall(r"[A-Za-z]+", m.group())
    return not any(w.lower() in _NOT_NAME_WORD for w in words)


def _phones(text: str, low: str, names: Sequence[tuple[int, int]] = ()) -> list[PIIHit]:
    out = []
    for m in _PHONE_RE.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        if digits.startswith("44"):
            digits = "0" + digits[2:].removeprefix("0")
        if len(digits) not in (10, 11) or (digits[1] == "7" and len(digits) != 11):
            continue
        window = low[max(0, m.start() - 60) : m.start()] + " " + low[m.end() : m.end() + 30]
        personal = _PERSONAL_CUE.search(window) is not None
        mobile = digits[1] == "7"
        score = 0.7 if mobile else 0.35  # mobiles are personal by nature
        named = any(0 <= m.start() - e <= 80 for _, e in names)
        if personal or named:
            score += 0.2
        elif mobile and _SERVICE_NUMBER_CUE.search(window):
            score *= 0.6
        elif _person_named_before(text, m.start()):
            score = max(score, 0.65)  # a list entry: someone's name, then their number
        elif _BUSINESS_CUE.search(window):
            # a practice publishes a landline; a mobile beside its name is still someone's own
            score *= 0.8 if mobile else 0.4
        out.append(PIIHit(m.start(), m.end(), m.group(), "phone", min(score, 0.95)))
    return out


# ---------------------------------------------------------------------------------------------
# Email addresses

_EMAIL_RE = re.compile(r"(?<![\w.+-])([\w.+-]{1,64})@([a-z0-9-]+(?:\.[a-z0-9-]+)+)", re.I)
_PERSONAL_DOMAINS = frozenset(
    "gmail.com googlemail.com hotmail.com hotmail.co.uk outlook.com live.com live.co.uk "
    "yahoo.com yahoo.co.uk icloud.com me.com aol.com btinternet.com sky.com talktalk.net "
    "virginmedia.com protonmail.com proton.me gmx.com mail.com ntlworld.com".split()
)
_GENERIC_LOCAL = re.compile(
    r"^(?:info|reception|enquiries|enquiry|admin|appointments?|practice|contact|hello|office|"
    r"prescriptions?|surgery|gp|pm|manager|team|help|support|no-?reply|feedback|complaints?|"
    r"results|referrals?|secretaries|accounts|[a-z]+\.(?:surgery|practice|pcn))\b"
)


def _emails(text: str, low: str) -> list[PIIHit]:
    out = []
    for m in _EMAIL_RE.finditer(text):
        local, domain = m.group(1).lower(), m.group(2).lower()
        if _GENERIC_LOCAL.match(local):
            score = 0.1
        elif domain in _PERSONAL_DOMAINS:
            score = 0.75
        elif domain.endswith("nhs.net") or domain.endswith("nhs.uk"):
            score = 0.5 if "." in local else 0.3  # firstname.lastname@nhs.net names a person
        else:
            score = 0.4
        if _PERSONAL_CUE.search(low[max(0, m.start() - 40) : m.start()]):
            score = min(0.95, score + 0.2)
        out.append(PIIHit(m.start(), m.end(), m.group(), "email", score))
    return out


# ---------------------------------------------------------------------------------------------
# Home addresses and postcodes

_STREET_SUFFIX = (
    r"road|rd|street|st|avenue|ave|lane|ln|close|drive|crescent|cres|way|grove|place|court|"
    r"gardens|gdns|terrace|mews|hill|park|rise|walk|square|sq|row|green|parade|vale|view|gate|"
    r"croft|fields|meadows?|wharf|quay|boulevard|estate"
)
# House number, one to three name words, a street suffix: "14 Acacia Avenue", "3b mill lane".
_ADDRESS_RE = re.compile(
    rf"(?<![\w£$.,:/-])(\d{{1,4}}[a-z]?),?\s+((?:[a-z][a-z'’-]*\s+){{1,3}}?)"
    rf"(?:{_STREET_SUFFIX})\b\.?"
)
# "number 14 on Westbourne Road", "no. 3 in Fulwood Close"
_NUMBER_ON_RE = re.compile(
    rf"\b(?:number|no\.?|num)\s*(\d{{1,4}}[a-z]?)\s+(?:on|in|of|along|down|up)\s+(?:the\s+)?"
    rf"((?:[a-z][a-z'’-]*\s+){{1,3}}?)(?:{_STREET_SUFFIX})\b\.?"
)
# "lives at 5 Bagdale, Whitby": a house number and a capitalised street name with no suffix,
# said of where someone lives (matched on the original text, for the capitals)
_LIVES_AT_NUMBER_RE = re.compile(
    r"\b(?:[Ll]ives?|[Ll]iving|[Mm]oved)\s+(?:at|to)\s+(?:number\s+)?\d{1,4}[a-z]?,?\s+"
    r"[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){0,2}\b"
)
# No house number but tied to where someone lives: "she lives on Acacia Avenue".
_LIVES_ON_RE = re.compile(
    rf"\b(?:lives?|living|lived|stays?|staying|resides?)\s+(?:on|in|at|off|near)\s+"
    rf"((?:[a-z][a-z'’-]*\s+){{1,3}}?(?:{_STREET_SUFFIX}))\b"
)
_NOT_STREET_NAME = frozenset(
    "the a an of in on at to and or for my her his their our your is was were are be been "
    "hours hour minutes minute mins min days day weeks week months month years year times time "
    "people patients doctors calls more miles mile pm am x mg ml tablets pills appointments "
    "seconds steps floors stars points weeks' other different separate".split()
)
_POSTCODE_RE = re.compile(r"\b([a-z]{1,2}\d[a-z\d]?)\s*(\d[abd-hjlnp-uw-z]{2})\b")
_HOME_STRONG = re.compile(
    r"\b(?:lives?\s+(?:at|on|in)|living\s+at|home\s+address|address\s+is|house\s+is\s+(?:at|on)|"
    r"home\s+is\s+(?:at|on)|moved\s+to|flat\s+is|her\s+address|his\s+address|their\s+address|"
    r"where\s+(?:she|he|they)\s+lives?)\b"
)
_PERSON_BEFORE = re.compile(
    r"\b(?:she|he|they|her|his|their|him|them|lives?|living|home|house|address|flat)\b"
)
_HOME_WEAK = re.compile(r"\b(?:lives?|home|house|flat|address|round\s+(?:at|to))\b")
_PLACE_CUE = re.compile(
    r"\b(?:surgery|practice|health\s+cent(?:re|er)|medical\s+cent(?:re|er)|located|find\s+us|"
    r"visit\s+us|clinic|pharmacy|hospital|based\s+at|premises|branch|site|opening|car\s+park|"
    r"our\s+new|relocat\w*)\b"
)


def _address_score(low: str, start: int, end: int, base: float, named: bool = False) -> float:
    before = low[max(0, start - 50) : start]
    after = low[end : end + 30]
    near = before[-25:]
    if not named and _PLACE_CUE.search(near) and not _PERSON_BEFORE.search(near):
        return base * 0.5  # "the surgery moved to 14 High Street": the practice's own address
    if _HOME_STRONG.search(before):
        return 0.9
    if _HOME_WEAK.search(before) or _HOME_WEAK.search(after):
        return 0.75
    # only a place word right before or after makes it the practice's own address
    if _PLACE_CUE.search(before[-25:]) or _PLACE_CUE.search(after):
        return base * 0.5
    return base


_TOWN_AFTER = re.compile(r",?\s+[a-z][a-z'-]+(?:\s+[a-z]{1,2}\d{1,2}[a-z]?\b|\s*[.,]|$)")
_FLAT_BEFORE = re.compile(r"\b(?:flat|apartment|apt|unit)\s+\d+[a-z]?,?\s*$")
_FULL_NAME_BEFORE = re.compile(r"\b[A-Z][a-z]+\s+[A-Z][a-z]+\s*[,:-]?\s*$")


# Cheap gates, each a pattern that starts with a character class so the regex engine can skip
# ahead: most posts with a digit ("8am", "3 weeks") have no street word and no postcode.
_STREET_WORD = re.compile(rf"\s(?:{_STREET_SUFFIX})\b")
_INWARD_CODE = re.compile(r"\d[abd-hjlnp-uw-z]{2}\b")


def _addresses(text: str, low: str, name_spans: Sequence[tuple[int, int]] = ()) -> list[PIIHit]:
    out = []
    taken: list[tuple[int, int]] = []
    street = _STREET_WORD.search(low) is not None
    for m in _ADDRESS_RE.finditer(low) if street else ():
        words = m.group(2).split()
        if any(w in _NOT_STREET_NAME for w in words):
            continue
        end = m.end()
        pc = _POSTCODE_RE.match(low, end + 2 if low[end : end + 2] == ", " else end + 1)
        base = 0.4
        if pc and pc.start() - end <= 2:
            end, base = pc.end(), 0.45
        flat = _FLAT_BEFORE.search(low, max(0, m.start() - 12), m.start())
        if _TOWN_AFTER.match(low, end) or flat:
            base += 0.15  # "3 Haddon Close, Bakewell DE45", "flat 2, 16 Unthank Road"
        named = any(0 <= m.start() - e <= 80 for _, e in name_spans) or bool(
            _FULL_NAME_BEFORE.search(text, max(0, m.start() - 30), m.start())
        )
        if named:
            base += 0.15  # a named person's street address
        score = _address_score(low, m.start(), end, base, named)
        out.append(PIIHit(m.start(), end, text[m.start() : end], "address", score))
        taken.append((m.start(), end))
    for m in _NUMBER_ON_RE.finditer(low) if street else ():
        if any(a <= m.start() < b for a, b in taken) or any(
            w in _NOT_STREET_NAME for w in m.group(2).split()
        ):
            continue
        named = any(0 <= m.start() - e <= 80 for _, e in name_spans)
        score = _address_score(low, m.start(), m.end(), 0.55 if named else 0.4, named)
        out.append(PIIHit(m.start(), m.end(), text[m.start() : m.end()], "address", score))
        taken.append((m.start(), m.end()))
    lives = "liv" in low or "moved" in low
    for m in _LIVES_AT_NUMBER_RE.finditer(text) if lives else ():
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        out.append(PIIHit(m.start(), m.end(), m.group(), "address", 0.75))
        taken.append((m.start(), m.end()))
    for m in _POSTCODE_RE.finditer(low) if _INWARD_CODE.search(low) else ():
        if any(a <= m.start() < b for a, b in taken):
            continue
        window = low[max(0, m.start() - 50) : m.start()]
        if _HOME_STRONG.search(window) or _HOME_WEAK.search(window):
            kind, score = "postcode_home", 0.8
        else:
            kind, score = "postcode", 0.2
        out.append(PIIHit(m.start(), m.end(), text[m.start() : m.end()], kind, score))
    return out


def _streets_lived_on(text: str, low: str, taken: Sequence[PIIHit]) -> list[PIIHit]:
    """Streets named as where someone lives, without a house number."""
    out = []
    for m in _LIVES_ON_RE.finditer(low):
        s, e = m.span(1)
        words = m.group(1).split()[:-1]
        if any(h.start <= s < h.end for h in taken) or any(w in _NOT_STREET_NAME for w in words):
            continue
        out.append(PIIHit(s, e, text[s:e], "address", 0.7))
    return out


# ---------------------------------------------------------------------------------------------
# Health details about an identifiable other person

_HEALTH_RE = re.compile(rf"\b(?:{_alternation(load_lexicon('health_terms'))})\b")
# A mention of a condition is only a disclosure when linked to a subject by a verb like these.
_HEALTH_LINK = re.compile(
    r"\b(?:has|had|have|having|is|was|been|got|gets|with|on|taking|takes|diagnosed|tested|"
    r"positive|suffers|suffering|treated|showed|shows|results?|pregnant|dying|about)\b|'s\b"
)
_NAMED_PERSON = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\.?\s+[A-Z][a-z]+(?:-[A-Z][a-z]+)?")
_FULL_NAME = re.compile(
    r"\b[A-Z][a-z]+\s+[A-Z][a-z]+(?:(?:'s)?(?=\s+(?:from|at|in|on|has|is|was|"
    r"had|got|'s|test|results?|son|daughter|husband|wife|about)\b)|'s\b|(?=,))"
)
_THIRD_RELATIVE = re.compile(
    r"\b(?:her|his|their|the\s+\w+'s)\s+(?:son|daughter|husband|wife|partner|mum|mother|dad|"
    r"father|brother|sister|kids?|child|children|boyfriend|girlfriend|baby|nan|gran|grandad)\b"
    r"|\b(?:the|that)\s+(?:woman|man|lady|guy|bloke|girl|lad|family)\s+(?:from|at|in|on|next"
    r"|across|opposite|who\s+lives)\b"
    r"|\b(?:my|our)\s+(?:neighbour|neighbor|next\s+door|colleague|boss|landlord|landlady)\b"
)
_FIRST_PERSON_SUBJECT = re.compile(r"\b(?:i|i'm|i've|me|my|we|we're|our|us)\b")
# "Dr Okafor told me I have depression", "helped my anxiety": the author's own condition
_OWN_CONDITION = re.compile(
    r"\b(?:i\s+(?:have|had|am|was|got|suffer\s+from|live\s+with)|i'(?:ve|m)|i\s+might\s+(?:be|have)|"
    r"(?:my|me|our)(?:\s+[a-z']+){0,2})\s+(?:got\s+|had\s+|been\s+|with\s+|a\s+|an\s+)?$"
)
# the condition as a topic, not anyone's diagnosis: "the cancer charity", "HIV testing talk"
_TOPIC_AFTER = re.compile(
    r"\s+(?:clinics?|services?|nurses?|team|charity|awareness|care|testing|screening|support|"
    r"group|specialists?|research|week|month|day|leaflets?|campaign|ward|unit|prevention|"
    r"talk|course|session|training|patients|people|children|kids|adults|families)\b"
)
_TOPIC_BEFORE = re.compile(
    r"\b(?:interest\s+in|specialis(?:es|ing|t)\s+in|talk(?:ing)?\s+(?:on|about)|piece\s+on|"
    r"article\s+on|runs?\s+the|about\s+the)\s+(?:\w+\s+(?:and\s+)?)?$"
)
_POSSESSOR_BEFORE = re.compile(r"(?:\b(?:her|his|their)|'s)\s+$")
_NOT_HEALTH = re.compile(r"(?:hearing|walking|mobility|teaching|visual)\s+$")
_SENTENCE_END = re.compile(r"[.!?\n]")


def _health_subject(
    text: str, low: str, start: int, names: Sequence[tuple[int, int]]
) -> tuple[int, float] | None:
    """The start and strength of the person a condition is said of, looking back in the sentence."""
    lo = max(0, start - 90)
    cut = [m.end() for m in _SENTENCE_END.finditer(low, lo, start)]
    lo = cut[-1] if cut else lo
    before_low = low[lo:start]
    if not _HEALTH_LINK.search(before_low):
        return None
    best: tuple[int, float] | None = None
    for s, e in names:
        if lo <= s and e <= start:
            best = (s, 0.85)
    for m in _NAMED_PERSON.finditer(text, lo, start):
        best = max(best or (m.start(), 0.0), (m.start(), 0.8), key=lambda b: b[1])
    for m in _FULL_NAME.finditer(text, lo, start):
        if any(w.lower() in _NOT_NAME_WORD for w in m.group().replace("'s", "").split()):
            continue  # "Riverside Medical Centre, ..." is a place, not a person
        if best is None or best[1] < 0.75:
            best = (m.start(), 0.75)
    if best is None:
        rel = _THIRD_RELATIVE.search(before_low)
        if rel:
            strength = 0.55 if rel.group().startswith(("my", "our")) else 0.65
            best = (lo + rel.start(), strength)
    return best


def _health_details(text: str, low: str, names: Sequence[tuple[int, int]]) -> list[PIIHit]:
    out = []
    for m in _HEALTH_RE.finditer(low):
        if _NOT_HEALTH.search(low, max(0, m.start() - 12), m.start()):
            continue
        lo = max(0, m.start() - 40)
        if not _POSSESSOR_BEFORE.search(low, lo, m.start()) and (
            _TOPIC_AFTER.match(low, m.end()) or _TOPIC_BEFORE.search(low, lo, m.start())
        ):
            continue
        subject = _health_subject(text, low, m.start(), names)
        if subject is None:
            continue
        s, strength = subject
        between = low[s : m.start()]
        # "I told Dr Patel my son has cancer": the author's own family, not a disclosure.
        if _FIRST_PERSON_SUBJECT.search(between) and strength < 0.8:
            strength = min(strength, 0.3)
        if _OWN_CONDITION.search(low, max(s, m.start() - 30), m.start()):
            strength = min(strength, 0.3)
        out.append(PIIHit(s, m.end(), text[s : m.end()], "health_detail", strength))
    return out


# ---------------------------------------------------------------------------------------------
# Public API

_HAS_DIGIT = re.compile(r"\d")
_DROP_DIGITS = str.maketrans("", "", "0123456789")


def score_personal_data(
    text: str,
    low: str | None = None,
    name_spans: Sequence[tuple[int, int]] = (),
    *,
    check_health: bool = True,
) -> list[PIIHit]:
    """Every candidate piece of personal data in `text`, scored, in text order.

    `low` is `text.lower()` when the caller has it (same length as `text`); `name_spans` are
    offsets of configured staff names, which make a health detail identifiable.
    `check_health=False` skips the health-detail scan (the caller knows no condition is named).
    """
    if low is None or len(low) != len(text):
        low = text.lower()
        if len(low) != len(text):  # a few characters lower-case to two; keep offsets aligned
            low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    hits: list[PIIHit] = []
    if _HAS_DIGIT.search(text):
        # NHS and phone numbers need ten digits; counting them is one C-level pass
        if len(text) - len(text.translate(_DROP_DIGITS)) >= 10:
            hits += _nhs_numbers(text, low)
            phones = _phones(text, low, name_spans)
            hits += [p for p in phones if not _overlaps(p, hits)]
        hits += _addresses(text, low, name_spans)
    if "liv" in low or "stay" in low or "resid" in low:
        hits += _streets_lived_on(text, low, hits)
    if "@" in text:
        hits += _emails(text, low)
    if check_health:
        hits += _health_details(text, low, name_spans)
    hits.sort()
    return hits


def _overlaps(hit: PIIHit, others: Iterable[PIIHit]) -> bool:
    return any(hit.start < o.end and o.start < hit.end for o in others)


def find_personal_data(text: str, names: Sequence[str] = ()) -> list[tuple[int, int, str, str]]:
    """Personal data exposed in `text`: (start, end, matched text, kind), in text order.

    Kinds: nhs_number, phone, email, address, postcode_home, health_detail. Only findings that
    count are returned: a valid NHS number, a personal phone or email, an address tied to where
    someone lives, a condition disclosed about a named or identifiable other person. `names` are
    people (e.g. staff) whose mention makes a health detail identifiable.
    """
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    spans = [m.span() for n in names if n.strip() for m in _name_finder(n.lower()).finditer(low)]
    return [
        (h.start, h.end, h.text, h.kind)
        for h in score_personal_data(text, low, spans)
        if h.score >= COUNTS
    ]


@cache
def _name_finder(name: str) -> re.Pattern[str]:
    return re.compile(rf"\b{re.escape(name)}\b")
