"""Personal data exposed in posts: NHS numbers, phone numbers, home addresses, emails, health,
dates of birth.

Each finding carries a score in [0, 1]: how sure we are that it is someone's personal data being
exposed (not a practice's published phone number, address or inbox, nor the author's own health).
The public `find_personal_data` returns those that count (score >= 0.5); `score_personal_data`
returns every candidate with its score and, where the text says, whose data it is (a member of
staff, someone else, the poster), for the flag classifier.

Numbers are found in any grouping a person types them in (dots, dashes, odd spacing, digit by
digit, an NHS number split across words); context decides whose they are. Health details need a
person the condition is said of: the nearest one named before it, or the person a pronoun stands
for; the poster's own health and their unnamed family do not count.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import NamedTuple

from classifiers.prefilter import first_char_all

LEXICON_DIR = Path(__file__).resolve().parent / "lexicons"
COUNTS = 0.5  # a finding with at least this score is personal data
_HAS_DIGIT = re.compile(r"\d")


class PIIHit(NamedTuple):
    """One candidate piece of personal data: offsets into the original text, kind and score."""

    start: int
    end: int
    text: str
    kind: str
    score: float
    # whose data it is, when the text says: "staff" (a configured name, or a doctor or nurse by
    # title), "other" (a patient, a relative, a neighbour), "self" (the poster), or ""
    owner: str = ""


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


# The same separator (or none) between the three groups: 943 476 5919, 943-476-5919, 943.476.5919,
# 9434765919.
_NHS_RE = re.compile(r"(?<![\w+£$.,/])(\d{3})([ .-]?)(\d{3})\2(\d{4})(?![\w/]|[.,]\d)")
_NHS_CUE = re.compile(r"\b(?:nhs|chi)\b|\bpatient\s+(?:no|number|id)\b|\bred\s+book\b")
# "in case" is not a case number
_NOT_NHS_CUE = re.compile(
    r"\b(?:ref|reference|order|invoice|tracking|booking|(?<!in )case|ticket|account|claim|serial|"
    r"policy|crime|token|parcel|confirmation)\b"
)
# Digits in any grouping, one separator between any two: "5750 947 009", "9 4 3 4 7 6 5 9 1 9".
_DIGIT_BLOCK = re.compile(r"(?<![\w£$/+])\d(?:[ .-]?\d)*(?![\w/]|[.,]\d)")
_SENTENCE_BREAK = re.compile(r"[.!?\n]\s")


def _nhs_score(low: str, start: int, end: int, grouped: bool) -> float:
    """How sure that the valid number at low[start:end] is an NHS number, from what is around it."""
    before = low[max(0, start - 40) : start]
    cue = max((m.end() for m in _NHS_CUE.finditer(before)), default=-1)
    not_cue = max((m.end() for m in _NOT_NHS_CUE.finditer(before)), default=-1)
    if not_cue > cue:
        return 0.3  # "NHS app ... order ref 4010232138": the nearer word says what it is
    if cue >= 0 or _NHS_CUE.search(low, end, end + 20):
        return 0.95
    lo = max(0, start - 160)
    breaks = [m.end() for m in _SENTENCE_BREAK.finditer(low, lo, start)]
    if _NHS_CUE.search(low, breaks[-1] if breaks else lo, start):
        return 0.9  # "his NHS number was wrong, so here is the right one: 5750947009"
    return 0.85 if grouped else 0.65  # 3-3-4 is how NHS numbers are written; 1 in 11 passes


def _nhs_numbers(text: str, low: str) -> list[PIIHit]:
    out = []
    for m in _NHS_RE.finditer(text):
        if is_valid_nhs_number(m.group(1) + m.group(3) + m.group(4)):
            score = _nhs_score(low, m.start(), m.end(), bool(m.group(2)))
            out.append(PIIHit(m.start(), m.end(), m.group(), "nhs_number", score))
    if not out and ("nhs" in low or "chi" in low or "red book" in low or "patient" in low):
        out = _nhs_written_oddly(text, low)
    return out


def _nhs_written_oddly(text: str, low: str) -> list[PIIHit]:
    """Valid NHS numbers after an NHS cue in other groupings, or split across words: "nhs no
    57 50 94 70 09", "her NHS number starts 999 237 and the last bit is 2141"."""
    out: list[PIIHit] = []
    for cue in _NHS_CUE.finditer(low):
        blocks = [
            b
            for b in _DIGIT_BLOCK.finditer(text, cue.end(), min(len(text), cue.end() + 90))
            if not any(h.start < b.end() and b.start() < h.end for h in out)
        ]
        for i, first in enumerate(blocks):
            digits, last = "", first
            for b in blocks[i:]:
                gap = text[last.end() : b.start()]
                if b is not first and (len(gap) > 40 or _SENTENCE_BREAK.search(gap)):
                    break
                digits += re.sub(r"\D", "", b.group())
                last = b
                if len(digits) >= 10:
                    break
            if len(digits) == 10 and not digits.startswith("0") and is_valid_nhs_number(digits):
                out.append(
                    PIIHit(
                        first.start(),
                        last.end(),
                        text[first.start() : last.end()],
                        "nhs_number",
                        0.9,
                    )
                )
                break
    return out


# ---------------------------------------------------------------------------------------------
# Phone numbers

# +44 / 0044 / 0 prefix, then a mobile (7 + nine digits) or a geographic/non-geographic landline
# (01, 02, 03 + eight or nine digits), with spaces, hyphens, dots or brackets between any digits:
# "+44 7700 900 354", "(0113) 496 0781", "0 7 7 0 0 9 0 0 3 5 4", "07700.900.354".
_PHONE_RE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)\s?44\s?(?:\(0\)\s?)?|\(?0[\s.\-]?)"
    r"(?:7(?:[\s\-).]{0,2}\d){9}|[123](?:[\s\-).]{0,2}\d){8,9})(?![\d])"
)
_PERSONAL_CUE = re.compile(
    r"\b(?:her|his|their|personal|private|home|own|whatsapp|lives?|landline|house\s+phone)\b"
    r"|\b(?:ring|call|text|phone|message|bell)\s+(?:her|him|them|'er|'im)\b|(?<!\w)'(?:er|is|ouse)\b"
    r"|\bin\s+(?:the\s+|t')?(?:phone\s*)?book\b"
)
# "she'll call me back on 0114 ...": the poster's number, or the practice's
_CALL_ME = re.compile(
    r"\b(?:call|ring|phone|text|contact)(?:ed|s)?\s+(?:me|us)\b|\b(?:answer(?:ed|s)?|picked\s+up)\b"
)
# "their website", "their reception": a practice's number, whatever the possessive says
_THEIR_BUSINESS = re.compile(r"\b(?:their|its)\s+(?:website|site|page|reception|switchboard|fax)\b")
_BUSINESS_CUE = re.compile(
    r"\b(?:surgery|practice|reception|appointments?|call\s+us|ring\s+us|contact\s+us|opening|"
    r"helpline|switchboard|health\s+cent(?:re|er)|medical\s+cent(?:re|er)|pharmacy|clinic|"
    r"enquiries|tel|telephone|fax|option|hospital|ward|team|service|nhs\s+111|111|icb|council|"
    r"direct\s+(?:line|dial)|line\s+for|main\s+(?:line|number)|extension|ext|dept|department|"
    r"office|secretar(?:y|ies)|blood\s+room|results\s+line)\b"
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
        personal = _PERSONAL_CUE.search(window) is not None and not _THEIR_BUSINESS.search(window)
        mobile = digits[1] == "7"
        score = 0.7 if mobile else 0.35  # mobiles are personal by nature
        named = any(0 <= m.start() - e <= 80 for _, e in names)
        business = _BUSINESS_CUE.search(window) is not None
        close = low[max(0, m.start() - 30) : m.start()] + " " + low[m.end() : m.end() + 15]
        theirs = not (_BUSINESS_CUE.search(close) or _CALL_ME.search(close))
        # a landline that the words right beside it call the practice's ("Lisa Grant gave me the
        # direct line for the blood room") is the practice's, whoever passed it on
        if personal or (named and (mobile or theirs)):
            score += 0.2
        elif mobile and _SERVICE_NUMBER_CUE.search(window):
            score *= 0.6
        elif _person_named_before(text, m.start()):
            score = max(score, 0.65)  # a list entry: someone's name, then their number
        elif business:
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
# an organisation's inbox, whatever else its local part says: "elmtreesurgery@gmail.com",
# "castlehill.norwich@nhs.net" (a place), "riversidemc.leeds@nhs.net"
_ORG_LOCAL = re.compile(
    r"surgery|practice|medical|health|clinic|pcn|icb|council|reception|admin|enquir|office|"
    r"(?:^|[._-])(?:mc|gp|nhs|info|team)(?:$|[._-])"
)
# official domains: a named officer's work address there is not a private one
_OFFICIAL_DOMAIN = re.compile(r"(?:^|\.)(?:gov\.uk|nhs\.uk|nhs\.net|police\.uk|ac\.uk|sch\.uk)$")
_ORG_INBOX_BEFORE = re.compile(
    r"\b(?:practice|surgery|generic|shared|team|general|main|official|their|its|the\s+icb|"
    r"council)(?:'s)?\s+(?:e-?mail|inbox|address)\b[^.!?]{0,20}$|\b(?:email|e-mail|write\s+to)\s+"
    r"(?:the\s+)?(?:practice|surgery|icb|council|complaints)\b[^.!?]{0,20}$"
)


@cache
def _places() -> frozenset[str]:
    return frozenset(load_lexicon("uk_places"))


def _email_local_is_org(local: str, official: bool, low: str, start: int) -> bool:
    """The local part names an organisation (or, on an official domain, a place or a name the post
    runs together: "castlehill.norwich@nhs.net"), or the words before call it an inbox."""
    if _GENERIC_LOCAL.match(local) or _ORG_LOCAL.search(local):
        return True
    if _ORG_INBOX_BEFORE.search(low, max(0, start - 60), start):
        return True
    if not official:
        return False  # "mandycole.bakewell@gmail.com" is hers, town or not
    parts = [p for p in re.split(r"[._+-]", re.sub(r"\d", "", local)) if p]
    if any(p in _places() for p in parts):
        return True
    compact = re.sub(r"[^a-z]", "", low[max(0, start - 200) : start])
    words = set(re.findall(r"[a-z]+", low[max(0, start - 200) : start]))
    return any(len(p) >= 6 and p in compact and p not in words for p in parts)


_PRIVATE_CUE = re.compile(r"\b(?:personal|private|home|own)\b")


def _emails(text: str, low: str) -> list[PIIHit]:
    out = []
    for m in _EMAIL_RE.finditer(text):
        local, domain = m.group(1).lower(), m.group(2).lower()
        official = _OFFICIAL_DOMAIN.search(domain) is not None
        before = low[max(0, m.start() - 40) : m.start()]
        if _email_local_is_org(local, official, low, m.start()):
            score = 0.1
        elif official:
            # firstname.lastname@nhs.net names a person, but it is a work address: only "her
            # personal email" makes it a private one
            score = 0.45 if "." in local else 0.3
            if _PRIVATE_CUE.search(before):
                score += 0.2
        else:
            score = 0.75 if domain in _PERSONAL_DOMAINS else 0.4
            if _PERSONAL_CUE.search(before):
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
    "seconds steps floors stars points weeks' other different separate from via bus buses tram "
    "train route".split()
)
_POSTCODE_RE = re.compile(r"\b([a-z]{1,2}\d[a-z\d]?)\s*(\d[abd-hjlnp-uw-z]{2})\b")
# Said of a person, so it wins over a practice named earlier ("Elm Tree Surgery: you're at ...")
_HOME_PERSON = re.compile(
    r"\b(?:lives?\s+(?:at|on|in)|living\s+at|home\s+address|address\s+is|house\s+is\s+(?:at|on)|"
    r"home\s+is\s+(?:at|on)|flat\s+is|her\s+address|his\s+address|their\s+address|"
    r"where\s+(?:she|he|they)\s+lives?|(?:you're|youre|you\s+are|you\s+live|she's|shes|he's|"
    r"hes|they're)\s+(?:at|on|in))\b[^.!?]{0,25}$"
)
_HOME_STRONG = re.compile(
    r"\b(?:moved\s+to|(?:end\s+)?terrace\s+at|(?:flat|apartment|bungalow|cottage)\s+at)\b"
)
# "that's the football ground, not my house"
_NOT_HOME = re.compile(r"\bnot\s+(?:my|her|his|their|a|anyone's)\s+(?:house|home|flat|address)\b")
# After the address: "... is where your Dr Rob Ellis lives", ". thats where he goes", "her house"
_HOME_AFTER = re.compile(
    r"[\s,.;:!-]*(?:(?:that|this|it)(?:'s|\s+is)\s+|thats\s+|is\s+|=\s*)?(?:where\s+"
    r"(?:[\w']+\s+){0,4}?(?:lives?|goes|sleeps|stays|parks|lays\s+(?:his|her)\s+head)|"
    r"(?:her|his|their)\s+(?:house|home|flat|place|gaff|address))\b"
)
# Someone's post addressed to a house: "posted my nan's prescription to number 18 Carrow Hill"
_POSTED_TO = re.compile(
    r"\b(?:posted|sent|delivered|addressed|forwarded|redirected|post\s+for)\s+(?:[\w']+\s+){0,2}?"
    r"(?:her|his|their|[a-z]+'s)\s+(?:[\w']+\s+){0,2}?to\s+(?:number\s+|no\.?\s*)?$"
)
# "Mandy Cole from The Surgery in Bakewell is at 9 Butts Road": the person is at the address
_AFFILIATION = re.compile(r"\b(?:from|at|of|off|with)\s+(?:the\s+|t')?(?:[a-z'-]+\s+){0,3}$")
_IS_AT = re.compile(r"^[\w\s']{0,25}?\b(?:is|'s)\s+(?:at|on)\s+(?:number\s+|no\.?\s*)?$")
_HOUSE_NUMBER_WORD = re.compile(r"\b(?:number|no\.?|num|house)\s*$")
_FLAT_WORD = re.compile(r"\b(?:flat|apartment|apt)\s*$")
_PERSON_BEFORE = re.compile(
    r"\b(?:she|he|they|her|his|their|him|them|lives?|living|home|house|address|flat)\b"
)
_HOME_WEAK = re.compile(
    r"\b(?:lives?|home|house|flat|address|round\s+(?:at|to)|neighbours?|next\s+door)\b"
)
_YOU_WORD = re.compile(r"\b(?:you|you're|youre|u|ur)\b")
_LIVES_WORD = re.compile(r"\b(?:lives?|living|lived)\b")
_PLACE_CUE = re.compile(
    r"\b(?:surgery|practice|health\s+cent(?:re|er)|medical\s+cent(?:re|er)|located|find\s+us|"
    r"visit\s+us|clinic|pharmacy|hospital|based\s+at|premises|branch|site|opening|car\s+park|"
    r"our\s+new|relocat\w*|(?:village|church|town|parish|sports|scout)\s+hall|library|school|"
    r"community\s+cent(?:re|er)|leisure\s+cent(?:re|er)|offices?)\b"
)


def _sentence_start(low: str, pos: int, reach: int) -> int:
    lo = max(0, pos - reach)
    breaks = [m.end() for m in _SENTENCE_BREAK.finditer(low, lo, pos)]
    return breaks[-1] if breaks else lo


def _practice_address(low: str, start: int, text: str) -> bool:
    """A place word ("surgery", "branch", "clinic") right before the address, with no person
    between them: "the surgery moved to 14 High Street", not "Elm Tree Surgery's Jade Wilson: 6
    Crookesmoor Drive" or "Elm Tree Surgery: you're at 58 Crookes Rise"."""
    lo = max(_sentence_start(low, start, 60), start - 30)
    places = list(_PLACE_CUE.finditer(low, lo, start))
    if not places:
        return False
    place = places[-1]
    between = low[place.end() : start]
    if (
        _PERSON_BEFORE.search(between)
        or _YOU_WORD.search(between)
        or _HAS_DIGIT.search(between)  # "Castle Hill Practice: 07700 900 395, 8 Lime Tree Walk"
        or _LIVES_WORD.search(low, max(0, place.start() - 40), place.start())
    ):
        return False
    if _IS_AT.search(between) and _AFFILIATION.search(
        low, max(0, place.start() - 40), place.start()
    ):
        return False  # "Mandy Cole from The Surgery in Bakewell is at 9 Butts Road"
    if _SEPARATOR_ONLY.fullmatch(between) and _NAMED_AFFILIATION.search(
        text, max(0, place.start() - 60), place.start()
    ):
        # "Nurse Sian Roberts from Elm Tree Surgery, 61 Brindle Street": a person, her practice,
        # then an address is how a post exposes her home, not how it gives the practice's
        return False
    return not _FULL_NAME_BEFORE.search(text, place.end(), start)


def _address_score(low: str, text: str, start: int, end: int, base: float, named: bool) -> float:
    """How sure that the address at low[start:end] is someone's home, from the words around it
    (`base` is what the address itself is worth: a postcode, a town, a flat, a name beside it)."""
    lo = _sentence_start(low, start, 60)
    before = low[lo:start]
    after = low[end : end + 40]
    if _NOT_HOME.search(after):
        return base  # "22 Elland Road, that's the football ground, not my house"
    if _HOME_PERSON.search(before):
        return 0.9
    home_after = _HOME_AFTER.match(low, end, end + 50) is not None
    weak_after = _HOME_WEAK.search(after) is not None
    if _practice_address(low, start, text) and not (named and (home_after or weak_after)):
        return base * 0.5  # "the surgery moved to 14 High Street": the practice's own address
    if _HOME_STRONG.search(before) or home_after:
        return 0.9
    if weak_after or _HOME_WEAK.search(before) or _POSTED_TO.search(before):
        return 0.75
    if _FLAT_WORD.search(before):
        return 0.75
    cut = _SENTENCE_END.search(after)
    if not named and _PLACE_CUE.search(after[: cut.start() if cut else 25]):
        return base * 0.5  # "2 Main Road village hall", "14 High Street surgery"
    return base


_TOWN_AFTER = re.compile(
    r",?\s+(?:[a-z][a-z'-]+(?:\s+[a-z]{1,2}\d{1,2}[a-z]?\b|\s*[.,]|$)|[a-z]{1,2}\d{1,2}[a-z]?\b)"
)
_FLAT_BEFORE = re.compile(r"\b(?:flat|apartment|apt|unit)\s+\d+[a-z]?,?\s*$")
_FULL_NAME_BEFORE = re.compile(r"\b[A-Z][a-z]+\s+[A-Z][a-z]+\s*[,:-]?\s*$")
_SEPARATOR_ONLY = re.compile(r"\s*[,:\-–—]\s*")
_NAMED_AFFILIATION = re.compile(
    r"\b[A-Z][a-z]+\s+[A-Z][a-z]+\s*(?:,|-|–|\bfrom\b|\bat\b|\bof\b)\s*(?:[Tt]he\s+)?"
    r"(?:[A-Za-z'-]+\s+){0,3}$"
)


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
            end, base = pc.end(), 0.5  # a whole postal address
        flat = _FLAT_BEFORE.search(low, max(0, m.start() - 12), m.start())
        if _TOWN_AFTER.match(low, end) or flat:
            base += 0.15  # "3 Haddon Close, Bakewell DE45", "flat 2, 16 Unthank Road"
        if _HOUSE_NUMBER_WORD.search(low, max(0, m.start() - 8), m.start()):
            base += 0.1  # "No. 9 Bath Lane": how people speak of a house
        named = any(-80 <= m.start() - e <= 80 for _, e in name_spans) or bool(
            _FULL_NAME_BEFORE.search(text, max(0, m.start() - 30), m.start())
        )
        if named:
            base += 0.15  # a named person's street address ("14a Storrs Bank Road. that's ...")
        score = _address_score(low, text, m.start(), end, base, named)
        out.append(PIIHit(m.start(), end, text[m.start() : end], "address", score))
        taken.append((m.start(), end))
    for m in _NUMBER_ON_RE.finditer(low) if street else ():
        if any(a <= m.start() < b for a, b in taken) or any(
            w in _NOT_STREET_NAME for w in m.group(2).split()
        ):
            continue
        named = any(-80 <= m.start() - e <= 80 for _, e in name_spans)
        score = _address_score(low, text, m.start(), m.end(), 0.55 if named else 0.4, named)
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
        if _HOME_PERSON.search(window) or _HOME_STRONG.search(window) or _HOME_WEAK.search(window):
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
        # a street with no house number is not an address (tests/data/README.md), but it is
        # evidence beside other findings
        out.append(PIIHit(s, e, text[s:e], "address", 0.45))
    return out


# ---------------------------------------------------------------------------------------------
# Health details about an identifiable other person

# Conditions, medicines and results that the shared lexicon file does not list. They live here,
# beside the rules that read them; `mentions_health` lets a caller's cheap gate see them too.
_EXTRA_HEALTH_TERMS = (
    # conditions
    "anxiety", "panic attacks", "ocd", "water infection", "urine infection", "kidney infection",
    "uti", "blackouts", "seizures", "copd", "asthma", "angina", "arthritis", "lupus", "crohn's",
    "crohns", "colitis", "endometriosis", "long covid", "hernia", "kidney failure", "dialysis",
    "heart condition", "high blood pressure", "mini stroke", "tumor", "mastectomy",
    "hysterectomy", "incontinence", "catheter", "stoma", "motor neurone disease",
    "cerebral palsy", "tuberculosis", "pneumonia", "sepsis", "alcohol problem", "drink problem",
    "drinking problem", "drug problem", "miscarried", "stillbirth", "fertility treatment",
    "breast cancer", "prostate cancer", "bowel cancer", "lung cancer", "mental breakdown",
    # being off work ill ("signed off my fit note" is not)
    "signed off with", "signed off for", "signed off since", "signed off until",
    "signed off work", "signed off from work", "on the sick", "sick leave", "long-term sick",
    "long term sick",
    # results
    "blood results", "blood test results", "scan results", "smear results", "hba1c",
    "psa result", "biopsy results",
    # medicines
    "tramadol", "codeine", "co-codamol", "cocodamol", "morphine", "oxycodone", "fentanyl",
    "pregabalin", "gabapentin", "methotrexate", "warfarin", "insulin", "metformin", "hrt",
    "propranolol", "quetiapine", "risperidone", "aripiprazole", "zopiclone", "venlafaxine",
    "duloxetine", "amitriptyline", "lorazepam", "valium", "xanax", "subutex", "buprenorphine",
    "naltrexone", "antabuse", "antipsychotics", "sleeping pills",
)  # fmt: skip
_HEALTH_TERMS = tuple(dict.fromkeys([*load_lexicon("health_terms"), *_EXTRA_HEALTH_TERMS]))
_HEALTH_RE = re.compile(rf"\b(?:{_alternation(_HEALTH_TERMS)})\b")


def _key_word(term: str) -> str:
    """The longest word of a term, split as a word pass splits it ("co-codamol" -> "codamol")."""
    return max(re.sub(r"[^a-z0-9]+", " ", term).split(), key=len)


# one word of every term: a post without any of them names no condition
_HEALTH_KEYS = frozenset(_key_word(t) for t in _HEALTH_TERMS)


def mentions_health(words: str) -> bool:
    """True when `words` (lower-cased, punctuation turned into spaces, as flags.py's word pass
    has it) may name a condition, medicine or result: a cheap set test, a superset of what the
    health-detail rules match."""
    return not _HEALTH_KEYS.isdisjoint(words.split())


# A mention of a condition is only a disclosure when linked to a subject by a verb like these,
# or by a possessive right before it ("whether her water infection was any better").
_HEALTH_LINK = re.compile(
    r"\b(?:has|had|have|having|is|was|been|got|gets|with|on|taking|takes|diagnosed|tested|"
    r"positive|suffers|suffering|treated|showed|shows|results?|pregnant|dying|about|doing|"
    r"off|signed)\b|'s\b|\b(?:her|his)\s+$"
)
_NAMED_PERSON = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Nurse|Sister)\.?\s+[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
)
_CLINICIAN_TITLE = ("dr", "pr", "nu", "si")  # Dr, Prof, Nurse, Sister: staff, not patients
_FULL_NAME = re.compile(
    r"\b[A-Z][a-z]+\s+[A-Z][a-z]+(?:(?:'s)?(?=\s+(?:from|at|in|on|has|is|was|"
    r"had|got|'s|test|results?|son|daughter|husband|wife|about)\b)|'s\b|(?=,))"
)
_THIRD_RELATIVE = re.compile(
    r"\b(?:her|his|their|the\s+\w+'s)\s+(?:son|daughter|husband|wife|partner|mum|mother|dad|"
    r"father|brother|sister|kids?|child|children|boyfriend|girlfriend|baby|nan|gran|grandad)\b"
    r"|\b(?:the|that)\s+(?:woman|man|lady|guy|bloke|girl|lad|family)\s+(?:from|at|in|on|next"
    r"|across|opposite|who\s+(?:lives|runs|works|owns))\b"
)
# "my neighbour Shona": someone the poster knows, identifiable when named
_KNOWN_PERSON = re.compile(
    r"\b(?:my|our)\s+(?:neighbour|neighbor|next\s+door|colleague|boss|landlord|landlady|"
    r"friend|mate)(?:'s)?\b"
)
_NAME_AFTER = re.compile(r"\s+[A-Z][a-z]")
# the poster's own family: not identifiable to a reader ("my dad", "me auntie")
_OWN_FAMILY = re.compile(
    r"\b(?:my|our|me)\s+(?:[\w-]+\s+)?(?:son|daughter|mum|mam|mom|mother|dad|father|husband|"
    r"wife|partner|nan|nana|gran|granny|grandma|grandad|grandpa|brother|sister|kids?|child|"
    r"children|baby|boy|girl|auntie|aunt|uncle|cousin|mother-in-law|father-in-law|fiance|"
    r"fiancee|stepdad|stepmum|niece|nephew)\b"
)
_FIRST_PERSON = re.compile(r"\b(?:i|i'm|i've|im|ive|me|my|mine|myself|we|we're|our|us)\b")
_PRONOUN = re.compile(r"\b(?:she|he|her|his|him|she's|he's|shes|hes)\b")
# "Dr Patel checked his blood pressure": the possessive is the patient's, not the doctor's
_ACTED_ON = re.compile(
    r"\b(?:checked|treated|reviewed|diagnosed|prescribed|referred|examined|took|discussed|"
    r"changed|upped|increased|reduced|stopped|started|sorted|explained|mentioned|read|shouted|"
    r"asked|told|gave|sent|saw|seen|missed|lost|cancelled|refused)\b"
)
# someone else does the acting: "Pat Gibbons was in tears because they told her ..."
_OTHER_SUBJECT = re.compile(r"\b(?:they|we|i|you|she|he|it|who|which|that)\b")
_REPORTING = re.compile(r"\b(?:said|says|told|thinks|reckons|reckoned|thought)\b")
# "Dr Okafor told me I have depression", "helped my anxiety": the author's own condition
_OWN_CONDITION = re.compile(
    r"\b(?:i\s+(?:have|had|am|was|got|suffer\s+from|live\s+with)|i'(?:ve|m)|i\s+might\s+(?:be|have)|"
    r"(?:my|me|our)(?:\s+(?!she\b|he\b|she's|he's|they\b)[a-z']+){0,2})\s+"
    r"(?:got\s+|had\s+|been\s+|with\s+|a\s+|an\s+)?$"
)
# the condition as a topic, not anyone's diagnosis: "the cancer charity", "HIV testing talk"
_TOPIC_AFTER = re.compile(
    r"\s+(?:clinics?|services?|nurses?|team|charity|awareness|care|testing|screening|support|"
    r"group|specialists?|research|week|month|day|leaflets?|campaign|ward|unit|prevention|"
    r"talk|course|session|training|patients|people|children|kids|adults|families|"
    r"evening|event|jabs?|vaccines?|pathway|referrals?\s+form|policy|leads?|champion|expert)\b"
)
# "Dr Patel is brilliant with HRT": a clinician's skill, not their health
_COMPETENCE = re.compile(
    r"\b(?:good|great|brilliant|amazing|excellent|rubbish|useless|hopeless|clueless|terrible|"
    r"awful|fantastic|helpful|lovely|kind|knowledgeable|clued\s+up|experienced|an\s+expert)\s+"
    r"(?:with|on|about|at|for|when\s+it\s+comes\s+to)\s+(?:\w+\s+)?$"
)
_TOPIC_BEFORE = re.compile(
    r"\b(?:interest\s+in|specialis(?:es|ing|t)\s+in|talk(?:ing)?\s+(?:on|about)|piece\s+on|"
    r"article\s+on|runs?\s+the|about\s+the)\s+(?:\w+\s+(?:and\s+)?)?$"
)
_POSSESSOR_BEFORE = re.compile(r"(?:\b(?:her|his|their)|'s)\s+$")
_NOT_HEALTH = re.compile(r"(?:hearing|walking|mobility|teaching|visual)\s+$")
_SENTENCE_END = re.compile(r"[.!?\n]")


class _Person(NamedTuple):
    start: int
    end: int
    strength: float  # how identifiable: staff name 0.85 ... own family 0.3, the poster 0.2
    kind: str  # "person", "self" or "pronoun"
    staff: bool = False  # a configured staff name, or a doctor, nurse or professor by title


def _people(
    text: str, low: str, lo: int, hi: int, names: Sequence[tuple[int, int]]
) -> list[_Person]:
    """Everyone referred to in text[lo:hi], in order: named people, relatives, the poster,
    third-person pronouns."""
    found: dict[tuple[int, int], _Person] = {}

    def add(p: _Person) -> None:
        old = found.get((p.start, p.end))
        if old is None or old.strength < p.strength:
            found[(p.start, p.end)] = p

    for s, e in names:
        if lo <= s and e <= hi:
            add(_Person(s, e, 0.85, "person", True))
    for m in _NAMED_PERSON.finditer(text, lo, hi):
        titled = m.group()[:2].lower() in _CLINICIAN_TITLE
        add(_Person(m.start(), m.end(), 0.8, "person", titled))
    for m in _FULL_NAME.finditer(text, lo, hi):
        if not any(w.lower() in _NOT_NAME_WORD for w in m.group().replace("'s", "").split()):
            add(_Person(m.start(), m.end(), 0.75, "person"))
    for m in _THIRD_RELATIVE.finditer(low, lo, hi):
        add(_Person(m.start(), m.end(), 0.65, "person"))
    for m in _KNOWN_PERSON.finditer(low, lo, hi):
        named = _NAME_AFTER.match(text, m.end()) is not None  # "my neighbour Shona"
        add(_Person(m.start(), m.end(), 0.6 if named else 0.45, "person"))
    family = [m.span() for m in _OWN_FAMILY.finditer(low, lo, hi)]
    for s, e in family:
        add(_Person(s, e, 0.3, "person"))
    taken = [(p.start, p.end) for p in found.values()]
    for m in _FIRST_PERSON.finditer(low, lo, hi):
        if not any(s <= m.start() < e for s, e in taken):
            add(_Person(m.start(), m.end(), 0.2, "self"))
    for m in _PRONOUN.finditer(low, lo, hi):
        if not any(s <= m.start() < e for s, e in taken):
            add(_Person(m.start(), m.end(), 0.0, "pronoun"))
    # a person inside a longer mention ("Dr Amira" in "Dr Amira Patel") is the same person
    people = sorted(found.values(), key=lambda p: (p.start, -p.end))
    out: list[_Person] = []
    for p in people:
        last = out[-1] if out else None
        if last and p.start < last.end and p.kind == last.kind == "person":
            # overlapping mentions of one person: "Dr Nadia" and "Nadia Ferris"
            out[-1] = last._replace(
                end=max(last.end, p.end),
                strength=max(last.strength, p.strength),
                staff=last.staff or p.staff,
            )
            continue
        out.append(p)
    return out


_FEMININE = frozenset({"she", "her", "she's", "shes"})


def _stands_for(refs: Sequence[_Person], pronoun: _Person, low: str) -> _Person | None:
    """The person a pronoun refers back to: the nearest reference before it, following a chain
    of pronouns of the same gender ("Karen Holt said she ... her stroke"). A pronoun of the
    other gender in between means someone else ("Dr Fiona Grant ... She is ... He has")."""
    feminine = low[pronoun.start : pronoun.end] in _FEMININE
    for ref in reversed(refs):
        if ref.kind == "person":
            return ref
        if ref.kind == "pronoun" and (low[ref.start : ref.end] in _FEMININE) != feminine:
            return None
    return None


def _health_subject(
    text: str, low: str, start: int, names: Sequence[tuple[int, int]]
) -> tuple[int, _Person] | None:
    """Where the disclosure starts and the person a condition is said of: the nearest person
    named before it in the sentence, the person a pronoun stands for (looking back two sentences
    when the sentence names nobody), or the poster."""
    lo = max(0, start - 90)
    cut = [m.end() for m in _SENTENCE_END.finditer(low, lo, start)]
    lo = cut[-1] if cut else lo
    if not _HEALTH_LINK.search(low, lo, start):
        return None
    people = _people(text, low, lo, start, names)
    if not people:
        return None
    nearest = people[-1]
    if nearest.kind == "person" and _REPORTING.search(low, nearest.end, start):
        # "Dr Patel thinks it's arthritis": what someone says is not said of them
        return nearest.start, nearest._replace(strength=0.3, staff=False)
    if nearest.kind != "pronoun":
        return nearest.start, nearest
    if _REPORTING.search(low, nearest.end, start):
        return None  # "he said it's arthritis": what is reported is not said of him
    earlier = [p for p in people[:-1] if p.kind != "self"]
    penalty = 0.0
    if not any(p.kind == "person" for p in earlier):
        back = max(0, lo - 250)
        cuts = [m.end() for m in _SENTENCE_END.finditer(low, back, max(back, lo - 1))]
        back = cuts[-2] if len(cuts) >= 2 else back
        earlier = [p for p in _people(text, low, back, lo, names) if p.kind != "self"] + earlier
        penalty = 0.1
    who = _stands_for(earlier, nearest, low)
    if who is None:
        return None
    if low[nearest.start : nearest.end] in ("her", "his"):
        act = _ACTED_ON.search(low, who.end, nearest.start)
        if act and not _OTHER_SUBJECT.search(low, who.end, act.start()):
            # "Dr Patel checked his blood pressure": a patient's, whoever that is
            return nearest.start, who._replace(strength=0.35, staff=False)
    if penalty:
        return nearest.start, who._replace(strength=max(0.0, who.strength - penalty))
    return who.start, who


_NOT_STAFF_TITLE = re.compile(r"(?:mr|mrs|ms|miss|mx)\b\.?")


def _owner(who: _Person, low: str) -> str:
    if who.kind == "self":
        return "self"
    if who.staff:
        return "staff"
    if who.strength <= 0.65 or _NOT_STAFF_TITLE.match(low, who.start):
        return "other"  # a relative, a neighbour, "the man who runs the fish stall", Mrs Ruddock
    return ""  # a full name the staff list does not hold: could be anyone


def _health_details(text: str, low: str, names: Sequence[tuple[int, int]]) -> list[PIIHit]:
    out = []
    for m in _HEALTH_RE.finditer(low):
        if _NOT_HEALTH.search(low, max(0, m.start() - 12), m.start()):
            continue
        lo = max(0, m.start() - 40)
        if not _POSSESSOR_BEFORE.search(low, lo, m.start()) and (
            _TOPIC_AFTER.match(low, m.end())
            or _TOPIC_BEFORE.search(low, lo, m.start())
            or _COMPETENCE.search(low, lo, m.start())
        ):
            continue
        subject = _health_subject(text, low, m.start(), names)
        if subject is None:
            continue
        s, who = subject
        strength = who.strength
        owner = _owner(who, low)
        if _OWN_CONDITION.search(low, max(s, m.start() - 30), m.start()):
            strength, owner = min(strength, 0.3), "self"
        out.append(PIIHit(s, m.end(), text[s : m.end()], "health_detail", strength, owner))
    return out


# ---------------------------------------------------------------------------------------------
# Dates of birth

_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_DATE = (
    rf"\d{{1,2}}[/.-]\d{{1,2}}[/.-](?:\d{{4}}|\d{{2}})"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\.?,?\s+(?:\d{{4}}|'\d{{2}})"
    rf"|(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
)
_DOB_RE = re.compile(
    rf"\b(?:dob|d\.o\.b\.?|date\s+of\s+birth|birth\s*date|born(?:\s+on)?|birthday(?:'s|\s+is)?)"
    rf"[\s:,'\"=()-]*(?:is\s+|was\s+|of\s+)?(?:{_DATE})(?![\d/])"
)
_OWN_DOB = re.compile(
    r"\b(?:my|i\s+was|i'm|me|our)\b(?:\s+[\w']+){0,3}\s*$|\b(?:my|our)\s+(?:[\w-]+\s+){0,2}"
    r"(?:son|daughter|baby|boy|girl|kids?|child|mum|dad|nan|grandad)\b[^.!?]{0,20}$"
)
_CAPITALISED_PAIR = re.compile(r"\b[A-Z][a-z]+\s+[A-Z][a-z]+(?:-[A-Z][a-z]+)?\b")


def _dates_of_birth(text: str, low: str, names: Sequence[tuple[int, int]]) -> list[PIIHit]:
    """A date of birth with a year, said of a named person: "Mrs Irene Staniforth, DOB
    02/07/1941", "Mandy Cole ... born 14th March 1975". The poster's own, or their child's, and
    one that names nobody do not count."""
    out = []
    for m in _DOB_RE.finditer(low):
        lo, hi = max(0, m.start() - 100), min(len(text), m.end() + 40)
        titled = _NAMED_PERSON.search(text, lo, hi)
        if _OWN_DOB.search(low, max(0, m.start() - 30), m.start()):
            score, owner = 0.3, "self"
        elif any(lo <= s and e <= hi for s, e in names):
            score, owner = 0.8, "staff"
        elif titled:
            score = 0.8
            owner = "staff" if titled.group()[:2].lower() in _CLINICIAN_TITLE else "other"
        elif any(
            not any(w.lower() in _NOT_NAME_WORD for w in p.group().split())
            for p in _CAPITALISED_PAIR.finditer(text, lo, m.start())
        ):
            score, owner = 0.8, ""
        else:
            score, owner = 0.45, ""  # nobody the reader could name
        found = text[m.start() : m.end()]
        out.append(PIIHit(m.start(), m.end(), found, "date_of_birth", score, owner))
    return out


# ---------------------------------------------------------------------------------------------
# Public API

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
    offsets of configured staff names, which make a health detail identifiable and say that the
    data is staff's (`PIIHit.owner`). `check_health=False` skips the health-detail scan (the
    caller knows no condition is named: see `mentions_health`).
    """
    if low is None or len(low) != len(text):
        low = text.lower()
        if len(low) != len(text):  # a few characters lower-case to two; keep offsets aligned
            low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    hits: list[PIIHit] = []
    if _HAS_DIGIT.search(text):
        # NHS and phone numbers need ten digits; counting them is one C-level pass
        if len(text) - len(text.translate(_DROP_DIGITS)) >= 10:
            # an NHS number is a patient's, unless a staff member is named right before it
            hits += [
                h._replace(owner="staff" if _named_before(h.start, name_spans, 40) else "other")
                for h in _nhs_numbers(text, low)
            ]
            phones = _phones(text, low, name_spans)
            hits += [p for p in phones if not _overlaps(p, hits)]
        hits += _addresses(text, low, name_spans)
        if "dob" in low or "birth" in low or "born" in low or "d.o.b" in low:
            hits += _dates_of_birth(text, low, name_spans)
    if "liv" in low or "stay" in low or "resid" in low:
        hits += _streets_lived_on(text, low, hits)
    if "@" in text:
        hits += _emails(text, low)
    if check_health:
        hits += _health_details(text, low, name_spans)
    hits.sort()
    return hits


def _named_before(start: int, name_spans: Sequence[tuple[int, int]], reach: int) -> bool:
    return any(0 <= start - e <= reach for _, e in name_spans)


def _overlaps(hit: PIIHit, others: Iterable[PIIHit]) -> bool:
    return any(hit.start < o.end and o.start < hit.end for o in others)


def find_personal_data(text: str, names: Sequence[str] = ()) -> list[tuple[int, int, str, str]]:
    """Personal data exposed in `text`: (start, end, matched text, kind), in text order.

    Kinds: nhs_number, phone, email, address, postcode_home, health_detail, date_of_birth. Only
    findings that count are returned: a valid NHS number, a personal phone or email, an address
    tied to where someone lives, a condition disclosed about a named or identifiable other person,
    a named person's date of birth. `names` are people (e.g. staff) whose mention makes a health
    detail identifiable.
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


# Every phrase regex above looks at the next character before it tries its alternatives: the
# same matches, found faster (classifiers/prefilter.py).
first_char_all(globals())
