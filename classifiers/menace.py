# ruff: noqa: E501  (regex tables: one pattern a line reads better than wrapped)
"""Veiled threats: intimidation that names no act of violence.

"Be a shame if anything happened to that nice house", "keep looking over your shoulder", "I know
which school her kids go to", "dark nights are drawing in, be careful getting to your car",
"drives a grey Audi and leaves about half 6, just putting that out there". Each is a *cue* with a
weight; cues in one post combine (noisy-or), because intimidation is usually built from several
harmless-looking pieces: knowledge of someone's routine, a hint of harm, a sign-off that says
"this is a warning". *Markers* ("just so you know", "you know who you are", "that's all I'm
saying") never count on their own; they only strengthen a cue that is already there.

Everything works on the normalised, lower-cased text that classifiers/flags.py builds; flags.py
applies quotation, condemnation and negation to what this module finds.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

import ahocorasick

from classifiers.personal_data import load_lexicon
from classifiers.prefilter import first_char, first_char_all

# Who a veiled threat is aimed at: a pronoun, a role ("that nurse", "the receptionist"), a doctor.
_ROLES = sorted(load_lexicon("staff_roles"), key=len, reverse=True)
_ROLE = "|".join(re.escape(r).replace(r"\ ", r"\s+") for r in _ROLES)
_TARGET = (
    rf"(?:you|u|ya|her|him|them|(?:the|that|this|your|ur|their)\s+(?:\w+\s+)?(?:{_ROLE})|"
    r"dr\s+\w+|doctor\s+\w+)"
)
_POSS = r"(?:your|ur|her|his|their|(?:the|that|this)\s+\w+'s|[a-z]+'s)"
# First-person future or a conditional "or": the act is still to come, so it is a threat.
FUTURE = re.compile(
    r"\b(?:i'll|ill|i\s+will|i'm|im|i\s+am|gonna|gunna|going\s+to|i'd|we'll|we\s+will|we're|"
    r"next\s+time|or\s+else|or\s+i|someone\s+(?:should|needs\s+to|will|is\s+going\s+to)|"
    r"somebody\s+(?:should|needs\s+to|will)|hope\s+(?:someone|somebody|she|he|you|they)|"
    r"let's|lets)\b"
)
_WEAPON = (
    r"(?:hammer|knife|knives|blade|machete|baseball\s+bat|cricket\s+bat|bat|crowbar|gun|shotgun|"
    r"axe|petrol|jerry\s+can|lighter|acid|brick|screwdriver|weapon|shooter|samurai\s+sword|"
    r"sword|golf\s+club|iron\s+bar|pipe|chain)"
)
_CAR_MAKES = (
    r"(?:audi|bmw|beemer|merc|mercedes|ford|fiesta|focus|kuga|vauxhall|corsa|astra|golf|polo|vw|"
    r"volkswagen|toyota|yaris|nissan|qashqai|juke|kia|hyundai|range\s+rover|land\s+rover|evoque|"
    r"mini|honda|tesla|volvo|peugeot|renault|clio|fiat|skoda|octavia|seat|jag|jaguar|porsche|"
    r"lexus|citroen|mazda|car|van|motor|4x4|suv|hatchback|estate)"
)


@dataclass(frozen=True, slots=True)
class Pattern:
    """One family of veiled threat: its regex, weight, and what it needs to count."""

    name: str
    keys: tuple[str, ...]  # substrings one of which a text must contain for rx to run
    rx: re.Pattern[str]
    weight: float
    marker: bool = False  # only strengthens other cues
    needs_future: bool = False  # only when the sentence speaks of something still to come
    complaint_sensitive: bool = False  # weaker beside a complaint cue (CQC, ombudsman ...)
    negatable: bool = True  # "I'd never ..." before it cancels it
    family: str = ""  # "reach" or "harm": a piece of the compositional model (see REACH/HARM)
    alone: float = 0.0  # a harm piece's weight when no reach piece is near it
    dependent: bool = False  # only looked for once another piece of the model is in the text


def _p(
    name: str,
    keys: str,
    rx: str,
    weight: float,
    *,
    marker: bool = False,
    needs_future: bool = False,
    complaint_sensitive: bool = False,
    negatable: bool = True,
    family: str = "",
    alone: float = 0.0,
    dependent: bool = False,
) -> Pattern:
    return Pattern(
        name,
        tuple(keys.split("|")),
        first_char(re.compile(rx)),  # the same matches, faster (classifiers/prefilter.py)
        weight,
        marker=marker,
        needs_future=needs_future,
        complaint_sensitive=complaint_sensitive,
        negatable=negatable,
        family=family,
        alone=alone,
        dependent=dependent,
    )


def _reach(name: str, keys: str, rx: str, weight: float, *, dependent: bool = False) -> Pattern:
    """A sign of personal reach: knowing, watching, being near someone or what is theirs.

    A `dependent` piece is common in ordinary posts ("her car") and scores nothing without
    another piece, so it is only looked for once another piece has been found.
    """
    return _p(name, keys, rx, weight, family="reach", dependent=dependent)


def _harm(
    name: str,
    keys: str,
    rx: str,
    weight: float,
    alone: float,
    *,
    negatable: bool = True,
    complaint_sensitive: bool = False,
) -> Pattern:
    """A hint of harm or menace; `alone` is what it scores with no reach piece near it."""
    return _p(
        name,
        keys,
        rx,
        weight,
        negatable=negatable,
        complaint_sensitive=complaint_sensitive,
        family="harm",
        alone=alone,
    )


_DAYS = r"(?:mondays?|tuesdays?|wednesdays?|thursdays?|fridays?|saturdays?|sundays?)"
_OWNER = r"(?:your|ur|her|his|their|(?!my\b|our\b)[a-z]+'s)"
# "your car", "Karen's house": a thing of the target's; "his bike" is too often anyone's
_ADDRESSED = r"(?:your|ur|(?!my\b|our\b|his\b|her\b|its\b)[a-z]+'s)"
_KIN = (
    r"(?:kids?|children|son|daughter|lad|boy|girl|baby|husband|wife|partner|girlfriend|"
    r"boyfriend|mum|mother|dad|father|family|dog|cat|sister|brother)"
)
_THING = (
    r"(?:house|home|flat|drive|driveway|front\s+door|door|garden|street|road|fence|windows?|"
    r"car|tyres|brakes|bike|gym|local|pub)"
)

# The compositional model of intimidation. A veiled threat is rarely one phrase: it is a target
# (a person or the building), a sign that the author can reach them (knows their car, route,
# routine, family or home; is watching, waiting, coming round with others) and a hint of harm
# (a consequence with a deadline, "would be a shame", fire, broken glass, "you'll see").
# Neither half is a threat alone -- "Karen finishes at 5 on Fridays" and "tick tock, still on
# hold" are ordinary posts -- so a reach piece scores nothing by itself and most harm pieces
# little; together, within a few sentences, they make a threat.
REACH: tuple[Pattern, ...] = (
    _reach(
        "r_watch",
        "watching|watched|following|followed|clocked|tracking|tracked|seen|spotted|noticed|measured|good look|proper look|long look|to watch|sat in|sat outside|sat opposite|told you|told she|told he|told they",
        r"\b(?:i|we)(?:'ve|\s+have)?\s+(?:been\s+)?(?:watching|watched|following|followed|"
        r"clocked|tracking|tracked|seen|spotted|noticed|measured|(?:had|got)\s+a\s+(?:good\s+|"
        r"proper\s+|long\s+)?look|been\s+to\s+watch|sat\s+(?:in|outside|opposite))\b|"
        r"\bi'?m\s+told\s+(?:you|she|he|they)\b|\bbeen\s+watching\b",
        0.35,
    ),
    _reach(
        "r_knowyour",
        "know|got|found|given|i have|we have|she has|he has|you have",
        rf"\b(?:i|we)(?:'ve|'ll|\s+have|\s+will)?\s+(?:know|knew|got|have|found|given\s+\w+)\s+"
        rf"{_OWNER}\s+(?:[\w']+\s+){{0,2}}?(?:address|names?|number\s+plate|plate|reg|"
        rf"registration|shift\s+pattern|shifts?|rota|routine|instagram|facebook|{_KIN}|{_THING})"
        r"(?:'s)?\b|\b(?:i|we)\s+(?:know|found\s+out)\s+(?:what|which|where|when)\s+(?:[\w']+\s+){0,3}?"
        r"(?:you|u|she|he|they)\s+(?!(?:did|said|mean|think|want|need)\b)\w+|\b(?:i|we)\s+know\s+(?:the|your)\s+"
        r"(?:door\s+)?code\b|\b(?:you've|you\s+have|she's|he's|she\s+has|he\s+has)\s+got\s+(?:\w+\s+)?"
        rf"{_KIN}\b",
        0.45,
    ),
    _reach(
        "r_routine",
        "every|each|same time|shift|habit|always|alone|own after|own on|after her|after his|after your|after their|by watching|walk|cycle|drive|runs|jog",
        rf"\b(?:every|each)\s+(?:single\s+)?(?:night|morning|evening|day|{_DAYS})\b|\balways\s+the\s+"
        r"(?:last|first)\b|\bby\s+watching\b|"
        r"\bsame\s+time\b|\bshift\s+pattern\b|\bcreature\s+of\s+habit\b|"
        r"\balways\s+(?:leaves|parks|walks|goes|finishes|uses|gets|drives|comes\s+out)\b|"
        rf"\b(?:alone|own)\s+(?:after|on)\s+(?:her|his|their|your)\b|"
        r"\bafter\s+(?:her|his|your|their)\s+(?:late\s+|early\s+|night\s+)?shifts?\b|"
        rf"\b(?:walks?|cycles?|drives?|runs?|jogs?)\s+(?:[\w']+\s+){{0,5}}?(?:alone|on\s+{_DAYS}|"
        r"every|at\s+\d)\b",
        0.3,
    ),
    _reach(
        "r_family",
        "kid|child|son|daughter|lad|boy|girl|baby|husband|wife|partner|friend|mum|mother|dad|father|family|dog|cat|sister|brother",
        rf"\b{_OWNER}\s+(?:little\s+|young\s+|eldest\s+|youngest\s+)?{_KIN}(?:'s)?\b|"
        r"\b(?:has|got)\s+a\s+(?:little\s+|young\s+)?(?:lad|girl|boy|son|daughter|kid|baby)\b",
        0.35,
    ),
    _reach(
        "r_school",
        "school|nursery|netball|league|football|swimming",
        r"\bschool\s+(?:gates?|run|pick-?ups?|drop-?offs?|bus)\b|\b(?:netball|sunday\s+league|"
        r"swimming\s+lessons?|football\s+practice)\b|\b(?:her|his|your|their)\s+(?:[\w']+\s+)?"
        r"(?:school|nursery)\b",
        0.35,
    ),
    _reach(
        "r_home",
        "your|ur |'s|you've got|you have got|she's got|he's got|lovely|number plate|tyres|brakes",
        rf"\b(?!(?:surgery|practice|centre|gp|nhs|hospital|pharmacy)'s){_ADDRESSED}\s+(?:[\w']+\s+)?{_THING}\b(?!\s+park)|\b(?:house|garden|home|flat|car)\s+"
        r"(?:you've|you\s+have|she's|he's)\s+got\b|\blovely\s+(?:garden|house|home)\b|"
        r"\b(?:number\s+plate|tyres|brakes)\b",
        0.3,
    ),
    _reach(
        "r_present",
        "past|parking|been|be around|be there|be waiting|be about|be outside|be watching|be stood|be standing|be sat|be parked|see you|outside|closing|round the back|coming|pop|christmas do|waiting|visit",
        r"\b(?:i|we)(?:'ve|\s+have)\s+been\s+(?:parked|parking(?:\s+up)?|sat|sitting|waiting|stood|standing|driving\s+past|"
        r"walking\s+past|going\s+past)\s+"
        r"(?:outside|opposite|near|by)\b|\b(?:i|we)(?:'ll|\s+will)\s+be\s+(?:around|there|waiting|about|outside|watching|"
        r"stood|standing|sat|parked)\b|\bi'?ll\s+be\s+waiting\b|\bsee\s+(?:you|u|ya)\s+at\s+\d{1,2}"
        r"(?::\d\d)?\b|\bsee\s+you\s+(?:there|"
        rf"soon|outside|around|then|later|(?:on\s+)?{_DAYS})\b|\b(?:outside|after)\s+(?:work|closing|(?:her|his|"
        r"your)\s+(?:shift|work))\b|\bat\s+closing(?:\s+time)?\b|\bround\s+the\s+back\b|"
        r"\b(?:i'm|i\s+am|we're|we\s+are|i'll|we'll)\s+(?:coming\s+(?:in|round|down|for)|"
        r"popping\s+in|pop\s+in)\b|\bthen\s+i'?m\s+coming\b|\bnext\s+visit\b|"
        r"\b(?:the|their|your)\s+staff\s+(?:christmas\s+)?(?:do|party|night\s+out)\b",
        0.35,
    ),
    _reach(
        "r_athome",
        "outside|end of|opposite|near|by",
        rf"\b(?:outside|at\s+the\s+end\s+of|opposite|near|by)\s+{_OWNER}\s+(?:[\w']+\s+)?(?:house|home|"
        r"flat|front\s+door|door|drive|driveway|gate|bungalow|cottage|car(?!\s+park))\b",
        0.5,
    ),
    _reach(
        "r_means",
        "lot of time|all the time|plenty of time|can wait|petrol|lighter|matches|knife|blade|hammer|bat|crowbar|acid",
        r"\b(?:i|we)(?:'ve|\s+have)?\s+(?:got|have|bought|carry|keep)\s+(?:a\s+|some\s+|my\s+)?"
        r"(?:[\w']+\s+){0,2}?(?:petrol|lighter|matches|knife|blade|hammer|bat|crowbar|acid)\b|"
        r"\bi'?ve\s+got\s+(?:a\s+lot\s+of|all\s+the|plenty\s+of)\s+time\b|\bi\s+can\s+wait\b",
        0.4,
    ),
    _reach(
        "r_group",
        "lads|boys|few|some of us|all of us|mate|brother|cousin|friends|free|bring your|right people|lot of people|some people",
        r"\bme\s+and\s+(?:the\s+lads|the\s+boys|a\s+few|some|my\s+\w+)\b|\b(?:a\s+few|some|"
        r"all)\s+of\s+us\b|\b(?:my|a)\s+(?:mates?|brother|cousin|lads|boys|friends?|uncle)\b(?!\s+"
        r"(?:and\s+i|did|ran|raised))|\ba\s+few\s+(?:friends|mates|lads)\b|\bwho'?s\s+free\b|"
        r"\bbring\s+(?:your|ur)\s+(?:fists|mates|boots|lads)\b|^lads\b|\bi\s+know\s+(?:a\s+lot\s+of|some|the\s+right)\s+people\b",
        0.35,
    ),
    _reach(
        "r_expose",
        "hard to find|dots|every road|good to know|noted|written down|every name|know you|find you|find her|find him|finding",
        r"\bnot\s+(?:hard|difficult)\s+to\s+find\b|\bconnect\s+the\s+dots\b|\bknows?\s+every\s+"
        r"(?:road|street)\b|\bgood\s+to\s+know\b|\bnoted\b|\bwritten\s+down\s+(?:every|all|"
        r"your|her|his)\b|\bevery\s+name\b|\bi'?ll\s+know\s+(?:you|her|him)\b|\b(?:i'?ll|i\s+will|"
        r"i'?m\s+going\s+to)\s+(?:be\s+)?find(?:ing)?\s+(?:you|her|him|them|[a-z]+)\b",
        0.35,
    ),
)

HARM: tuple[Pattern, ...] = (
    # a missile handed to the readers: "bring eggs" beside an address or a walk past her house
    _harm(
        "h_missile",
        "bring|take|grab",
        r"\b(?:bring|take|grab)\s+(?:some\s+|a\s+few\s+|your\s+|plenty\s+of\s+|a\s+box\s+of\s+)?"
        r"(?:eggs|bricks|stones|rocks|flour|paint|tins\s+of\s+paint)\b",
        0.5,
        0.3,
    ),
    # the author at, or having found, someone's home: reach so close it is a menace by itself
    _harm(
        "h_athome",
        "outside|found|tracked",
        rf"\b(?:i|we)(?:'ve\s+been|\s+have\s+been|'m|\s+am|'ll\s+be|\s+will\s+be|\s+was)\s+(?:[\w']+\s+)?"
        rf"outside\s+{_OWNER}\s+(?:[\w']+\s+)?(?:house|home|flat|front\s+door|door|bungalow|cottage)\b|"
        rf"\b(?:i|we)(?:'ve|\s+have)?\s+(?:found|tracked\s+down)\s+{_OWNER}\s+(?:[\w']+\s+)?(?:house|home|"
        r"flat|front\s+door|bungalow|address)\b",
        0.5,
        0.5,
    ),
    _harm(
        "h_happento",
        "happen",
        r"\b(?:could|can|might|may|would|will|gonna|going\s+to)\s+happen\s+to\s+(?:anyone|anybody|"
        r"you|u|her|him|them|your|her|his|that|the|dr|one\s+of|(?!me\b|us\b|my\b|our\b|be\b)[a-z]+\s+[a-z]+)\b|\bhope\s+nothing\s+(?:bad\s+)?"
        r"happens\s+to\b",
        0.5,
        0.45,
    ),
    _harm(
        "h_happen",
        "happen|accident",
        r"\b(?:anything|something|things|accidents?)(?:\s+[\w']+){0,3}?\s+(?:could|can|might|may|"
        r"would|will|does|do)\s+happen\b|\baccidents\s+(?:do\s+)?happen\b|\b(?:little|nasty|terrible|unfortunate)\s+accidents?\b|"
        r"\bhow\s+(?:quickly|easily|fast)\s+things\s+can\s+go\s+wrong\b|\bwhatever\s+happens\b",
        0.45,
        0.3,
    ),
    _harm(
        "h_shame",
        "shame|pity|tragedy|awful|terrible|hate for|hate it",
        r"\b(?:be|would\s+be|it'd\s+be|it\s+would\s+be)\s+(?:a\s+)?(?:real\s+|terrible\s+|"
        r"awful\s+|such\s+a\s+|right\s+)?(?:shame|pity|tragedy|awful|terrible|sad)\s+if\b|"
        r"\bwould\s+hate\s+(?:for|it\s+if)\b|\b(?:be|would\s+be|'d\s+be)\s+a\s+(?:real\s+|right\s+)?"
        r"(?:shame|pity)\s*(?:[.!?\n]|$|x\b|eh\b|wouldn't\s+it)|\bshame\s+about\s+(?:the|your|her|his|their)\b",
        0.5,
        0.45,
    ),
    _harm(
        "h_fire",
        "petrol|match|lighter|flame|fire|burn|torch|arson|thatch|ablaze|smoke|went up|go up",
        r"\b(?:petrol|matches|one\s+match|a\s+match|lighter\s+fluid|flames|ablaze|arson|"
        r"thatch(?:ed)?|burns?|burning|burnt|torch(?:ed)?|up\s+in\s+smoke|went\s+up|go\s+up\s+in|full\s+of\s+smoke)\b",
        0.45,
        0.2,
    ),
    _harm(
        "h_break",
        "brick|glass|smash|breakable|kicked in|easily|forever|strong|alarm|camera|keyed|slash|teeth|lock|get in|need a new|needs a new|needing a new",
        r"\b(?:glass\s+breaks|bricks?|broken\s+glass|lot\s+of\s+glass|breakable|kicked\s+in|come\s+down\s+"
        r"(?:so\s+)?easily|(?:don't|won't|doesn't)\s+last\s+forever|not\s+(?:very\s+)?strong|"
        r"easy\s+to\s+(?:break|get\s+in(?:to)?)|get\s+in\s+overnight|(?:isn't|not)\s+(?:even\s+)?"
        r"alarmed|(?:no|doesn't\s+have\s+a)\s+camera|keyed|slash(?:ed)?\s+(?:themselves|tyres)|"
        r"tyres\s+don't|(?:need|needs|needing)\s+a\s+new\s+(?:set\s+of\s+teeth|face|front\s+door|"
        r"door|windows?|car|doctor|receptionist)|lock\s+(?:your|ur|her|his)\s+doors?|needs?\s+"
        r"(?:better|new|stronger)\s+locks|(?:get|fit|buy)\s+(?:some\s+)?(?:better|stronger|new)\s+locks)\b",
        0.45,
        0.3,
        negatable=False,  # "tyres don't slash themselves": the negation is the menace
    ),
    _harm(
        "h_deadline",
        "or else|one more|once more|next time|last chance|warning|tick|clock|countdown|count the|days|hours|week|till|until|for now|after that|unless|strikes|you're on",
        r"\bor\s+else\b|\bone\s+more\s+(?:time|refusal|letter|excuse|word|chance|day|mistake)\b|"
        r"\bonce\s+more\b|\blast\s+chance\b|\bfinal\s+warning\b|\btick\s*,?\s*tock\b|"
        r"\bclock'?s\s+ticking\b|\bcountdown\b|\bcount\s+the\s+days\b|\b(?:\d+|one|two|three|"
        r"five|seven)\s+(?:days?|hours?|weeks?)\b(?=[^.!?\n]{0,25}\b(?:to|left|till|until|then)\b)|"
        r"\bhas\s+(?:till|until|\d+\s+(?:hours|days))\b|\bgets\s+one\s+week\b|\bfor\s+now\b|"
        r"\bafter\s+that\b|\bunless\b|\b(?:\d|three)\s+strikes\b",
        0.35,
        0.1,
        complaint_sensitive=True,
    ),
    _harm(
        "h_consequence",
        "grudge|while you|while she|while he|while they|number's|numbers up|number up|expect|so do|like it|from now|think about|think of|you'll see|youll see|see what|we'll see|promise|want to know|maths|know why|knows why|exactly why|different story|then some|start doing|nicely|just watch|just look|just talk|not in the|sleep well|sleep tight|you love|she love|he love|than me|uninvited|need it|insurance|is on|take something",
        r"\b(?:a|my)\s+grudge\b|\bwhile\s+(?:you|she|he|they)\s+(?:still\s+)?can\b|\b(?:your|her|his)\s+"
        r"number'?s\s+(?:coming\s+)?up\b|\bso\s+do\s+"
        r"(?:people|bones|faces|you|heads)\b|\b(?:let's|lets|we'll)\s+see\s+how\s+(?:they|you|she|he)\s+"
        r"likes?\s+it\b|\bfrom\s+now\s+on\b|\bthink\s+(?:about|of)\s+(?:them|your\s+(?:kids|family|"
        r"children|wife|husband))\b|\byou'?ll\s+see\b|\bsee\s+what\s+happens\b|\bit'?s\s+a\s+promise\b|\b(?:you|she|he)\s+"
        r"(?:don't|doesn't)\s+want\s+to\s+know\b|\bdo\s+the\s+maths\b|\b(?:you|she|he|they)\s+"
        r"(?:know|knows|will\s+know)\s+(?:exactly\s+)?why\b|\bdifferent\s+story\b|\bthen\s+we'?ll\s+"
        r"see\b|\bwe'?ll\s+see\s+who\b|\band\s+then\s+some\b|\bstart\s+doing\b|\bstop\s+asking\s+"
        r"nicely\b|\bwon't\s+just\s+(?:watch|look|talk)\b|\bnot\s+in\s+the\s+(?:clinic|surgery)\b|"
        r"\bsleep\s+(?:well|tight)\b|\bsomething\s+(?:you|she|he)\s+loves?\b|\brather\s+(?:her|him|"
        r"them|you)\s+than\s+me\b|\buninvited\b|\bgoing\s+to\s+need\s+it\b|\bgood\s+insurance\b|"
        r"\bis\s+on\s+(?:them|you|your\s+head|her|him)\b|\btake\s+something\s+(?:off|from)\b",
        0.45,
        0.3,
        complaint_sensitive=True,
    ),
    _harm(
        "h_unsafe",
        "expect|dark|nobody|no one|no-one|way home|have a word|safe|lock your|lock ur|live long|to hear|lonely|quiet|scraping|brakes|last|final|company|welcome|word with|chat|fists|pavement|better watch",
        r"\b(?:when|the\s+day|the\s+moment|the\s+night)\s+(?:you|she|he|they)\s+least\s+expect\b|"
        r"\bwhen\s+(?:it's|its|it\s+is|it\s+gets)\s+dark\b|\b(?:had\s+)?better\s+watch\s+(?:your|ur|their|"
        r"its|her|his)\s+(?!back\b|language\b|tone\b|step\b|mouth\b)\w+|\bwhen\s+(?:nobody|no\s+one|no-one)(?:'s|\s+is)\s+"
        r"(?:about|around)\b|\blong\s+way\s+home\b|\beasy\s+to\s+have\s+a\s+word\b|"
        r"\b(?:isn't|is\s+not|won't\s+be|not)\s+safe\s+(?:any\s*more|now|for\s+(?:her|him|you))\b|"
        r"\bthinks?\s+(?:she's|he's|you're|they're|she\s+is|he\s+is)\s+safe\b|\block\s+(?:your|ur)\s+"
        r"doors?\s+(?:tonight|tomorrow|every)|\bwon't\s+live\s+long\b|\bno\s+one\s+(?:around\s+)?"
        r"to\s+hear\b|\blonely\s+(?:road|lane|walk|spot|car\s+park)\b|\bquiet\s+(?:out\s+there|"
        r"round\s+there|lane|road)\b|\bscraping\s+(?:[\w']+\s+){1,2}off\b|\bcheck\s+(?:his|her|your|"
        r"their)\s+brakes\b|\b(?:enjoy|enjoying|enjoy\s+your|your|ur|her|his)\s+(?:last|final)\s+(?:few\s+)?(?:quiet\s+|peaceful\s+)?(?:shifts?|days|"
        r"nights)\b|\bkeep\s+(?:her|him|you)\s+company\b|\bwelcome\s+(?:[\w']+\s+){1,3}out\b|"
        r"\bhaving\s+a\s+(?:little\s+)?word\s+with\b|\b(?:proper|little|quiet)\s+chat\b(?=[^.!?\n]{0,30}"
        r"\b(?:you|her|him)\b)|\bbring\s+(?:your|ur)\s+fists\b|\boff\s+the\s+pavement\b",
        0.55,
        0.5,
    ),
    _harm(
        "h_emoji",
        "🔪|🔥|💣|🪓|🔫|☠|⚰|🧱|👀|😉|🙂|😈|🩸",
        r"[🔪🔥💣🪓🔫☠⚰🩸🧱]|(?:👀|😈|😉|🙂)",
        0.4,
        0.25,
    ),
)


PATTERNS: tuple[Pattern, ...] = (
    # knowledge of a private life: where someone lives, parks, what car, which school
    _p(
        "knows",
        "know|found out",
        r"\b(?:i|we)\s+(?:know|found\s+out|know\s+exactly|now\s+know|have\s+found\s+out)\s+"
        r"(?:where|which|what|when|what\s+time)\s+(?!(?:[\w']+\s+){0,5}?(?:my|our|me|i)\b)"
        r"(?:[\w']+\s+){0,5}?(?:lives?|living|school|kids|children|son|daughter|husband|wife|"
        r"car\b(?!\s+park)|cars|drives?|finish(?:es)?|leaves?|walks?|gym|house|stays?|sleeps?|"
        r"shift\s+ends|goes\s+home|parks|(?<!car\s)park(?!\s+(?:is|was))|works)\b",
        0.75,
    ),
    _p(
        "knowslive",
        "know",
        r"\b(?:i|we)\s+(?:know|now\s+know)\s+(?:you|u|she|he|they)\s+(?:live|lives|"
        r"living|stay|stays)\s+(?:in|on|at|near|round|off|up)\b",
        0.6,
    ),
    _p(
        "findwhere",
        "where",
        r"\b(?:find|found|finding|track|tracking|tracked)\s+(?:out\s+|down\s+)?where\s+"
        r"(?:[\w']+\s+){0,2}?(?:lives?|live|parks?|stays?|sleeps?)\b",
        0.6,
        negatable=False,
    ),
    _p(
        "betterhope",
        "hope",
        r"\b(?:better|best)\s+hope\s+(?:i|we)\s+(?:don't|dont|never|do\s+not|"
        r"won't|dont\s+ever)\b"
        # "better hope the garage doesn't sell me a can of petrol": someone else stands between
        # the writer and the harm
        r"|\b(?:better|best)\s+hope\s+(?:[\w']+\s+){1,6}?(?:doesn't|don't|never|won't)\s+"
        r"(?:sell|give|lend|let|leave)\s+(?:me|us)\b",
        0.6,
        negatable=False,
    ),
    # harm hinted at, not named
    _p(
        "shame",
        "shame|pity",
        r"\b(?:shame|pity)\s+if\s+(?:anything|something)\s+(?:\w+\s+)?(?:happened|happens|"
        r"were\s+to\s+happen|was\s+to\s+happen|should\s+happen|went\s+wrong)\b|\b(?:shame|pity)\s+"
        rf"if\s+{_POSS}\s+(?:[\w']+\s+){{0,2}}?(?:got|gets|were|was|went|caught)\b",
        0.85,
    ),
    _p(
        "shoulder",
        "shoulder|behind",
        r"\b(?:keep|start|better\s+start|better\s+keep|i'd\s+start|"
        r"i'd\s+keep|be|always\s+be)\s+(?:looking|watching|checking)\s+(?:over\s+(?:your|ur|her|"
        r"his|their)\s+shoulders?|behind\s+(?:you|u|her|him|them|yourself|herself|himself))\b|"
        r"\blook\s+over\s+(?:your|ur|her|his)\s+shoulder\b",
        0.8,
    ),
    _p(
        "pain",
        "pain",
        r"\b(?:find\s+out|know|learn|see|feel)\s+what\s+(?:real\s+)?pain\s+(?:\w+\s+)?"
        r"(?:feels|is)\b",
        0.7,
    ),
    _p(
        "injury",
        "broken|busted|smashed|bust|fractured",
        r"\b(?:see|let's\s+see|we'll\s+see|lets\s+see)\s+(?:what|how)\s+(?:she|he|they|"
        r"you|u)\s+(?:[\w']+\s+){0,4}?(?:with|after)\s+(?:a|two)\s+(?:broken|busted|smashed|bust|"
        r"fractured)\s+\w+",
        0.8,
    ),
    _p(
        "hospital",
        "hospital|wheelchair|a&e|intensive|stitches|body bag|box",
        rf"\b(?:you|u|she|he|they|{_POSS}\s+\w+)\s*(?:'ll|\s+will|'s\s+gonna|\s+is\s+gonna|"
        r"\s+are\s+gonna|'re\s+gonna)\s+(?:end\s+up\s+|be\s+|need\s+|be\s+needing\s+)(?:in\s+)?"
        r"(?:hospital|a\s+wheelchair|a&e|intensive\s+care|stitches|a\s+body\s+bag|a\s+box)\b",
        0.75,
    ),
    _p(
        "careful",
        "careful",
        r"\b(?:want|wants|wanna|need|needs|better|should|'d\s+better|had\s+better|best|"
        r"might\s+want\s+to)\s+(?:to\s+)?be\s+(?:very\s+|really\s+|extra\s+)?careful\s+"
        r"(?:[\w']+\s+){0,7}?(?:walking|getting|going|leaving|on\s+(?:her|his|their|your)\s+own|"
        r"at\s+night|alone|in\s+the\s+dark|car\s+park|driving|home)\b",
        0.75,
    ),
    _p(
        "careful2",
        "careful",
        r"\bbe\s+careful\s+(?:getting|walking|going|driving)\s+(?:back\s+)?(?:to\s+)?"
        r"(?:your|ur|her|his)\s+(?:car|house|home|flat)\b",
        0.7,
    ),
    _p(
        "carefulhome",
        "careful",
        r"\bbe\s+careful\s+(?:walking|going|getting|driving)\s+home\b",
        0.4,
    ),
    _p(
        "darknights",
        "nights",
        r"\b(?:dark|long)\s+nights\s+(?:are\s+|r\s+)?(?:drawing|coming|closing)\s+in\b",
        0.45,
    ),
    _p(
        "lifehell",
        "hell|miser",
        r"\bmake\s+(?:your|ur|her|his|their)\s+(?:life|lives)\s+(?:a\s+)?(?:living\s+)?"
        r"(?:hell|misery|miserable)\b",
        0.6,
        complaint_sensitive=True,
    ),
    _p(
        "unsafe",
        "safe",
        r"\b(?:you|u|she|he|they|you\s+lot|your\s+staff)\s*(?:'ll\s+never|\s+will\s+never|"
        r"\s+won't\s+ever|\s+won't|\s+will\s+not|\s+wont)\s+(?:ever\s+)?(?:feel|be)\s+safe\b",
        0.75,
        negatable=False,
    ),
    _p(
        "outside",
        "outside",
        r"\bi(?:'ll|\s+will|'m\s+going\s+to|m\s+gonna|'m\s+gonna)\s+be\s+(?:outside|"
        r"waiting\s+outside|parked\s+outside|sat\s+outside|sitting\s+outside)\s+(?:[\w']+\s+){0,4}?"
        r"(?:every\s+(?:day|night|morning|week)|your\s+(?:house|home|door|work)|her\s+(?:house|"
        r"home|door)|his\s+(?:house|home|door))\b",
        0.65,
    ),
    _p(
        "visit",
        "visit",
        rf"\b(?:pay|paying|paid|give|giving)\s+{_TARGET}\s+a\s+(?:little\s+|proper\s+|"
        r"personal\s+|surprise\s+|friendly\s+)?visit\b|\b(?:getting|get|gets|due|owed|in\s+for)\s+a\s+"
        r"(?:little\s+|proper\s+|personal\s+|surprise\s+)?visit\s+from\s+(?:me|us|my)\b",
        0.7,
    ),
    _p(
        "notfriendly",
        "not a",
        r"\bnot\s+a\s+(?:friendly|social|nice|polite)\s+(?:one|visit|chat|call)\b",
        0.5,
    ),
    _p(
        "kicking",
        # not "a good seeing to": in British use a sexual insult (abuse), not a beating
        "kick|slap|hiding|beating|batter|hammering|punch|smack|thump|clip|knuckle|doing over|lesson",
        r"\b(?:needs?|deserves?|wants?|due|getting|gets|is\s+getting|owed|asking\s+for|"
        r"overdue)\s+(?:a\s+)?(?:good\s+|proper\s+|right\s+|real\s+|bloody\s+|fucking\s+)?(?:kicking|"
        r"slap|slapping|hiding|beating|battering|punch(?!\s+card)|smack|smacking|thump|kick\s+in\s+"
        r"the\s+\w+|clip\s+round\s+the\s+ear|knuckle\s+sandwich|doing\s+over|"
        r"lesson\s+they\s+won't\s+forget)\b"
        # where the kicking is given: "gets a kicking on here" is criticism, not a beating
        r"(?!\s+(?:\w+\s+)?(?:on\s+here|online|on\s+(?:facebook|twitter|x|reddit|social\s+media|"
        r"tiktok|the\s+(?:local\s+)?(?:group|page|forum))|in\s+(?:the\s+)?(?:press|papers?|"
        r"reviews?|news|comments|media)|from\s+(?:the\s+)?(?:press|papers?|media|reviewers|"
        r"patients|everyone|the\s+cqc|inspectors)))"
        r"|\bneeds?\s+teaching\s+a\s+lesson\b",
        0.75,
    ),
    _p(
        "lined",
        "lined|strung|put down|taken out|dawn|shot|hang|hung",
        r"\b(?:lined\s+up\s+(?:and|&)\s+(?:shot|hanged|hung|executed|beaten)|strung\s+up|"
        r"put\s+down\s+like\s+(?:a\s+)?(?:dogs?|animals?)|taken\s+out\s+(?:back\s+)?and\s+shot|"
        r"shot\s+at\s+dawn|(?:should|need\s+to|needs\s+to)\s+be\s+(?:shot|hanged|hung))\b",
        0.8,
    ),
    _p(
        "weapon",
        "hammer|knife|knives|blade|machete|bat|crowbar|gun|axe|petrol|jerry|lighter|acid|brick|screwdriver|weapon|shooter|sword|club|bar|pipe|chain",
        r"\b(?:i'm|im|i\s+am|i'll|ill|i\s+will|gonna|going\s+to|next\s+time\s+i(?:'m|\s+am)?|"
        r"we're|we\s+will|we'll|i'd)\s+(?:[\w']+\s+){0,7}?(?:with|bring|bringing|carrying|take|"
        rf"taking|fetch|fetching)\s+(?:a|an|my|the|some|his|me|our)\s+(?:[\w']+\s+)?{_WEAPON}\b",
        0.85,
    ),
    _p(
        "windows",
        "window|door|glass|screen",
        r"\b(?:put|putting|puts|smash|smashing|kick|kicking|break|breaking|bricking|"
        r"brick)\s+(?:every|all\s+(?:the|your|of\s+your|their)|the|your|their|them|those|its|ur)\s+"
        r"(?:\w+\s+)?(?:windows?|doors?|glass|screens?)\s*(?:in|through|out)?\b|\b(?:brick|rock|"
        r"stone)s?\s+through\s+(?:the|your|their|its|ur|every|a)\s+(?:\w+\s+)?(?:windows?|doors?|"
        r"screens?)\b",
        0.8,
        needs_future=True,
    ),
    _p(
        "burn",
        "burn|torch|bomb",
        r"\b(?:burn|torch|firebomb|petrol\s+bomb)\s+(?:the|that|your|their|this|ur)\s+"
        r"(?:\w+\s+)?(?:place|building|surgery|practice|house|car)\s*(?:down|to\s+the\s+ground)?\b",
        0.8,
        needs_future=True,
    ),
    _p(
        "glass",
        "glass|strong|break",
        r"\b(?:your|the|their|ur)\s+(?:front\s+|new\s+)?(?:doors?|windows?)\s+(?:are|is|r)\s+"
        r"(?:only\s+|just\s+|all\s+)?(?:glass|made\s+of\s+glass|not\s+very\s+strong|easy\s+to\s+"
        r"break)\b|\bglass\s+(?:breaks|smashes)\s+(?:easy|easily)\b",
        0.5,
    ),
    _p(
        "sleeptight",
        "sleep tight|sweet dreams",
        r"\bsleep\s+tight\b(?=[^.!?\n]{0,20}(?:x|love|sweetheart|babe|darling))|"
        r"\bsweet\s+dreams\b(?=[^.!?\n]{0,20}(?:x|love|sweetheart|babe|darling))",
        0.35,
    ),
    # violence wished or announced in other words than a violence verb
    _p(
        "suffer",
        "suffer",
        r"\b(?:make|making|watch|see)\s+(?:those|these|them|you|u|her|him|the|"
        r"all|every|any|that|this|your|ur)\s+(?:[\w']+\s+){0,3}?suffer\b",
        0.8,
    ),
    _p(
        "endlife",
        "life|lives|end to",
        r"\b(?:end|take|ending|taking)\s+(?:every|your|her|his|"
        r"their|any|those|that|these|all)\s+(?:[\w']+\s+){0,2}?li(?:fe|ves)\b|\bput\s+an\s+end\s+"
        r"to\s+(?:those|these|them|you|u|her|him|all|every|that|the)\b",
        0.8,
    ),
    _p(
        "myhands",
        "my hands|my own hands",
        r"\b(?:die|dies|suffer|death|end)\b[^.!?\n]{0,30}?"
        r"\bat\s+my\s+(?:own\s+)?hands\b",
        0.85,
    ),
    _p(
        "deadnorm",
        "dead|shot|hanged|killed|burn|execut|extermin|eradic|wiped|gassed|slaughter|"
        r"lynched|murdered|stabbed|raped|tortured|stake|throat|beaten|battered|kicked|punched|"
        r"hurt|attacked|glassed",
        r"(?<!\bwe\s)(?<!\bwe'd\s)(?<!\bi'd\s)\b(?:would|should|will|deserve\s+to|deserves\s+to|"
        r"need\s+to|needs\s+to|ought\s+to|must)\s+(?:all\s+|just\s+|really\s+)?(?:be|get)\s+"
        r"(?:all\s+)?(?:(?:dragged|taken|marched|thrown|pulled)\s+(?:out(?:side)?\s+|off\s+|"
        r"away\s+|out\s+back\s+)?(?:and|&)\s+)?(?:beaten|battered|kicked\s+in|punched|hurt|"
        r"attacked|glassed|shot|hanged|hung|killed|burned|burnt|executed|exterminated|eradicated|"
        r"wiped\s+out|gassed|slaughtered|lynched|murdered|stabbed|raped|tortured|beheaded|"
        r"burned\s+at\s+the\s+stake|put\s+to\s+death)\b",
        0.8,
    ),
    _p(
        "alldead",
        "dead",
        r"\b(?:you|they|them|those|these|all|people|women|men)\b[^.!?\n]{0,25}?"
        r"\b(?:would|should)\s+all\s+be\s+dead\b",
        0.7,
    ),
    _p(
        "betteroff",
        "better off",
        r"\bbetter\s+off\s+(?:without|if)\s+(?:[\w']+\s+){0,4}?"
        r"(?:people|persons|women|men|immigrants|muslims|jews|gays|like\s+you|your\s+kind|"
        r"receptionists|nurses|doctors|gps|staff|eradicated|exterminated|dead|wiped\s+out|gone)\b",
        0.65,
    ),
    _p(
        "throats",
        "throat|neck",
        r"\b(?:throats?|necks?)\s+(?:cut|slit|snapped|wrung|broken)\b|"
        r"\b(?:cut|slit|snap|wring)\s+(?:your|ur|her|his|their|those|that|the)\s+(?:[\w']+\s+)?"
        r"(?:throats?|necks?)\b",
        0.75,
    ),
    _p(
        "legal",
        "illegal|legal|justified|decriminal",
        r"\b(?:killing|raping|murdering|shooting|stabbing|"
        r"beating|hurting|attacking|hanging|lynching)\s+(?:[\w']+\s+){0,6}?(?:should\s+(?:not|n't)\s+"
        r"be\s+illegal|shouldn't\s+be\s+illegal|should\s+be\s+legal|is\s+(?:totally\s+)?"
        r"(?:fine|ok|okay|justified|acceptable)|should\s+be\s+decriminali[sz]ed)\b",
        0.8,
        negatable=False,
    ),
    # surveillance: a staff member's car, leaving time, route; harmless alone, menacing together
    _p(
        "car",
        "driv",
        rf"\b(?:drives?|driving)\s+(?:a|an|the)\s+(?:[\w']+\s+){{0,2}}?{_CAR_MAKES}\b",
        0.4,
    ),
    _p(
        "leaves",
        "leav|finish|clock|get off|gets off|lock|walk|goes home",
        r"\b(?:leaves?|leaving|finish(?:es)?|finishing|clocks?\s+off|gets?\s+off|"
        r"locks?\s+up|walks?\s+(?:home|to\s+(?:her|his)\s+car)|goes\s+home)\s+(?:[\w']+\s+){0,3}?"
        r"(?:at|about|around|by|after|just\s+after|before)\s+(?:half\s+|quarter\s+(?:past|to)\s+)?"
        r"(?:\d|five|six|seven|eight|nine|ten|eleven|midnight)",
        0.4,
    ),
    _p(
        "route",
        "walk|own at night|route|way home",
        r"\b(?:walks?|walking)\s+(?:that|the|her|his)\s+(?:\w+\s+)?dog\b|\bon\s+(?:her|his|"
        r"their)\s+own\s+at\s+night\b|\b(?:her|his)\s+(?:route|way|walk)\s+home\b|\bwhich\s+way\s+"
        r"(?:she|he)\s+walks\b",
        0.4,
    ),
    _p(
        "lesson",
        "lesson",
        rf"\bteach\s+(?:{_TARGET}|her|him|them)\s+a\s+(?:\w+\s+)?lesson\b",
        0.7,
        complaint_sensitive=True,
    ),
    # announced reach for the person, not for a word with them: "wait till I get hold of you"
    # (not "when I finally get hold of the surgery", which is a phone call)
    _p(
        "getholdof",
        "hold of|hands on",
        r"\b(?:wait|wait\s+(?:till|til|until)|just\s+wait\s+(?:till|til|until))\s+i\s+(?:get|"
        r"catch)\s+(?:hold\s+of|my\s+hands\s+on)\s+(?:you|u|ya|her|him|them)\b",
        0.7,
        negatable=False,
    ),
    _p(
        "enemy",
        "enemy|enemies",
        r"\b(?:you've|youve|you\s+have|she's|shes|he's|hes|she\s+has|he\s+has|they've|they\s+have)"
        r"\s+(?:just\s+)?made\s+(?:yourselves\s+|yourself\s+|herself\s+|himself\s+)?(?:an?\s+)?"
        r"(?:enemy|enemies)\b(?!\s+of\b)",
        0.6,
    ),
    # advice that is a warning: "I'd keep the doors locked tonight"
    _p(
        "lockdoors",
        "locked|bolted",
        r"\b(?:i'd|id|i\s+would|you'd\s+better|better|best)\s+(?:keep|lock|get)\s+(?:the|your|"
        r"ur|those|them|their)\s+(?:front\s+|back\s+)?doors?\s+(?:locked|bolted)\b",
        0.6,
    ),
    # a body disposed of: "I'll put her in the harbour myself"
    _p(
        "dispose",
        "put|throw|chuck|dump|drop",
        r"\b(?:put|putting|throw|throwing|chuck|chucking|dump|dumping|drop|dropping)\s+(?:her|him|"
        r"them|you|u|ya)\s+in\s+(?:the\s+)?(?:harbour|river|canal|docks?|ground|ditch|quarry|"
        r"reservoir|marina)\b",
        0.75,
        needs_future=True,
    ),
    # a person leaving dead: "sent back where he came from. In a box."
    _p(
        "inabox",
        "box|coffin|body bag|bodybag",
        r"\b(?:she|he|you|u|they|her|him|them|receptionists?|doctors?|dr\s+\w+|nurses?|manager)\b"
        r"[^.!?\n]{0,40}?(?:\bsen[dt](?:ing)?\s+(?:[\w']+\s+){0,3}?back\b|\b(?:leave|leaving|"
        r"leaves|carried\s+out|go(?:ing|es)?\s+home)\b)[^!?\n]{0,60}?\bin\s+a\s+(?:box|coffin|"
        r"body\s*bag|wooden\s+box|pine\s+box)\b(?!\s+of\b)",
        0.7,
    ),
    # a building's fate announced, the sentence ending there: "The Surgery in Whitby will burn."
    _p(
        "willburn",
        "burn",
        r"\b(?:surgery|practice|centre|center|building|place|clinic|gp|mc|medical|it\s+all|"
        r"the\s+lot)\b(?:\s+[\w']+){0,3}?\s+(?:will|gonna|going\s+to|deserves?\s+to|should|"
        r"is\s+going\s+to)\s+burn(?:\s+(?:down|to\s+the\s+ground))?\b"
        r"(?=\s*(?:[.!?\n]|$|simple|for\s+(?:this|that|what)|one\s+day|soon|tonight|mark\s+my))",
        0.7,
    ),
    # stop 18 (`rules-20`): leaving work hurt, said as a forecast ("she'll be leaving work in an
    # ambulance"); not a patient taken to hospital, which names no workplace
    _p(
        "ambulance",
        "ambulance|ambo",
        r"\b(?:leav\w*|go\w*\s+home\s+from|carried\s+out\s+of)\s+(?:work|the\s+(?:surgery|practice|"
        r"building|desk|reception|clinic|centre)|reception|her\s+desk|his\s+desk)\s+in\s+an?\s+"
        r"(?:ambulance|ambo)\b",
        0.7,
        negatable=False,
    ),
    # the police invoked as the author's stopwatch: "how long does it take the police to get to
    # S10 on a Friday night?"
    _p(
        "policeeta",
        "police|cops|old bill",
        r"\bhow\s+(?:long|quick(?:ly)?|fast)\s+(?:do\s+you\s+(?:reckon|think)\s+)?(?:it\s+)?"
        r"(?:takes?|would\s+take|does\s+it\s+take|do|does|would|will|can)?\s*(?:for\s+)?(?:the\s+)?"
        r"(?:police|cops|old\s+bill)"
        r"\s+(?:to\s+)?(?:get|arrive|come|turn\s+up|respond|take)\b(?=[^\n]{0,80}?\b(?:find\s+out|"
        r"about\s+to|tonight|friday|saturday|night|you|your|staff)\b)",
        0.65,
        negatable=False,
    ),
    # karma with a helper: "karma has a way of finding people, and sometimes karma gets a bit of
    # help"
    _p(
        "karmahelp",
        "karma",
        r"\bkarma\s+(?:gets|got|could\s+(?:do\s+with|use)|with)\s+(?:a\s+)?(?:bit\s+of\s+|"
        r"little\s+)?(?:help|hand|push|nudge)\b(?!\s*(?::|from\s+(?:you|us|the\s+community)))",
        0.7,
        negatable=False,
    ),
    # safety denied: "do your staff feel safe walking to their cars? They shouldn't."
    _p(
        "feelsafe",
        "safe",
        r"\bfeel\s+safe\b[^\n]{0,70}?\b(?:they|she|he|you|u)\s+(?:shouldn't|should\s+not|"
        r"shudnt|won't|wont|will\s+not)\b(?!\s+(?:have\s+to|need\s+to|worry))|\b(?:they|she|he|"
        r"you|u|staff)\s+(?:shouldn't|should\s+not|won't|wont)\s+(?:be\s+)?feel(?:ing)?\s+safe\b",
        0.7,
        negatable=False,
    ),
    # a fire wished on a building with no mourners: "if someone torched it nobody would cry"
    _p(
        "torched",
        "torch|burn|fire",
        r"\b(?:someone|somebody|anyone|some1)\s+(?:torched|torches|burnt|burned|burns|set\s+fire\s+"
        r"to|sets\s+fire\s+to|firebombed|petrol\s+bombed)\b[^\n]{0,60}?\b(?:nobody|no\s*one|"
        r"no-one)\s+(?:would|will|'d|'ll|wud)\s+(?:cry|care|miss|notice|mind|shed|bat)\b",
        0.7,
        negatable=False,
    ),
    # regret arranged: "a few who'd happily make sure she regrets it"
    _p(
        "makeregret",
        "regret",
        r"\bmake\s+(?:sure|certain)\s+(?:she|he|they|you|u|her|him|them)\s+regrets?\b"
        r"(?!\s+nothing)",
        0.65,
    ),
    # plans the staff would not like: "how many would come in tomorrow if they knew my plans?"
    _p(
        "knewplans",
        "plans|planned",
        r"\bif\s+(?:they|you|u|she|he|the\s+staff|your\s+staff)\s+knew\s+(?:my|what\s+i(?:'ve|"
        r"\s+have)?(?:\s+got)?)\s*(?:plans?|planned)\b(?=\s*(?:[?.!\n]|$|\.\.|for\s+(?:you|"
        r"them|her|him|the\s+staff|tomorrow|tonight|friday|monday)\b))",
        0.65,
        negatable=False,
    ),
    # a laugh on borrowed time: "enjoy that laugh while it lasts, Sam"
    _p(
        "whileitlasts",
        "while it lasts",
        r"\benjoy\s+(?:that|your|ur|the|ya)\s+(?:little\s+)?(?:laugh|smirk|smile|power\s+trip|power|"
        r"job|desk|peace|sleep|career|giggle|joke)\s+while\s+it\s+lasts\b",
        0.6,
    ),
    # settling it by hand: "have it out with Ellis the old fashioned way"
    _p(
        "oldfashioned",
        "old fashioned|old-fashioned",
        r"\b(?:have\s+it\s+out|sort\s+(?:it|this|him|her|them)\s+out|settle\s+(?:it|this|things)|"
        r"deal\s+with\s+(?:it|this|him|her|them))\b[^.!?\n]{0,40}?\bold[\s-]+fashioned\s+way\b",
        0.7,
        negatable=False,
    ),
    # harm in scare quotes: "I should 'accidentally' reverse into her Volvo"
    _p(
        "scarequoted",
        "accidentally",
        r"['‘\"]accidentally['’\"]\s+(?:[\w']+\s+){0,2}?(?:revers\w*|back\w*\s+into|driv\w*|"
        r"crash\w*|scrap\w*|key\w*|run\w*\s+(?:over|into)|bump\w*|knock\w*|trip\w*|push\w*|"
        r"shov\w*|spill\w*|drop\w*|lock\w*|set\w*)\b",
        0.65,
        negatable=False,
    ),
    # stop 19 (`rules-21`): a shift's end tied to the author's temper: "her shift ends at 6 and
    # so does my patience"
    _p(
        "shiftpatience",
        "patience|temper|restraint|self control|self-control",
        r"\b(?:ends?|finish(?:es)?|off|clocks?\s+off|leaves?)\b[^.!?\n]{0,20}?\band\s+so\s+(?:does|will|do|is)\s+"
        r"my\s+(?:patience|temper|self[\s-]control|restraint)\b",
        0.65,
        negatable=False,
    ),
    # a one-word sentence of surveillance: "I'll be the one at the back. Watching."
    _p(
        "lonewatching",
        "watching",
        r"(?:^|[.!?…\n]\s*)(?:and\s+)?(?:i'm\s+|im\s+|i\s+am\s+|always\s+|still\s+|i'll\s+be\s+|"
        r"ill\s+be\s+)?watching(?:\s+(?:you|u|her|him|them|closely|always|ya))?\s*(?:[.!…]+|👀|$)",
        0.6,
        negatable=False,
    ),
    # a crowd sent to someone's phone by night: "everybody give her a bell tonight"
    _p(
        "mobbell",
        "every|all of you|yall|y'all|let's all|lets all",
        r"\b(?:every(?:one|body|1)|all\s+of\s+(?:you|u)|y'?all|let'?s\s+all)\s+(?:give\s+(?:her|him|"
        r"them)\s+a\s+(?:bell|ring|call|buzz)|ring\s+(?:her|him|them)|call\s+(?:her|him|them)|"
        r"text\s+(?:her|him|them)|phone\s+(?:her|him|them))\b(?!\s+(?:to\s+(?:say|wish|thank)|"
        r"and\s+(?:say|wish|thank)|happy|congrat))[^.!?\n]{0,30}?\b(?:tonight|at\s+night|all\s+night|"
        r"every\s+(?:hour|night|\d+\s+min\w*)|at\s+(?:9|10|11|12)\s*pm|at\s+[1-5]\s*am|midnight)\b",
        0.6,
        negatable=False,
    ),
    # a personal visit announced as a full stop: "I'm coming to see whoever wrote that script.
    # Personally."
    _p(
        "comingpersonally",
        "personally",
        rf"\b(?:i'm|im|i\s+am|i'll\s+be|ill\s+be|i'll|ill)\s+(?:coming|comin|come)\s+(?:down\s+|in\s+|"
        rf"round\s+)?(?:to\s+see|for)\s+(?:whoever|you|u|her|him|them|dr\s+\w+|(?:the|that|your)\s+"
        rf"(?:\w+\s+)?(?:{_ROLE}))\b[^\n]{{0,60}}?[.!]\s*personally\s*(?:[.!]|$)",
        0.6,
        negatable=False,
    ),
    # someone leaving feet first: "carry on and someone'll be carried out"
    _p(
        "carriedout",
        "carried out",
        r"\b(?:some(?:one|body|1)|one\s+of\s+(?:you|u|them)|you|u|she|he|they)(?:'ll|ll|\s+will|"
        r"\s+is\s+going\s+to|'s\s+gonna|\s+gonna|\s+might)\s+(?:be|end\s+up|get)\s+(?:being\s+)?"
        r"carried\s+out\b(?!\s+(?:by\s+)?(?:the\s+)?(?:cqc|inspect\w*|works?|tests?|checks?|survey|"
        r"repairs?|audit|review|procedure|on\s+(?:patients|site|the\s+premises)|in\s+(?:january|february|march|april|may|june|july|"
        r"august|september|october|november|december|the\s+new\s+year)))",
        0.65,
    ),
    # a coffin or a knife dedicated to someone: "⚰️ for whoever took my call this morning"
    _p(
        "emojifor",
        "⚰|🪦|🔪|🔫",
        rf"(?:⚰|🪦|🔪|🔫)\ufe0f?\s*(?:for|4)\s+(?:whoever|you|u|her|him|them|dr\s+\w+|"
        rf"(?:the|that|your)\s+(?:\w+\s+)?(?:{_ROLE}))\b",
        0.65,
        negatable=False,
    ),
    # the car-bomb hint: "your manager wants to check under her car before she drives home"
    _p(
        "checkunder",
        "check under|look under",
        r"\b(?:check|look)\s+under\s+(?:her|his|their|your|ur|the)\s+(?:car|motor|van|vehicle|"
        r"wheels|bonnet|seat)\b(?!\s+(?:for|in\s+case\s+of)\s+(?:cats?|hedgehogs?|kittens?|"
        r"animals?|foxes|toads?|frogs?|wildlife))",
        0.6,
        negatable=False,
    ),
    # a knock with a door: "knock knock Dr Okafor 🚪"
    _p(
        "knockknock",
        "knock",
        r"\bknock\W{0,3}knock\b(?![^\n]{0,12}?who'?s\s+there)[^.!?\n]{0,30}?(?:🚪|🏠|\b(?:guess\s+who|it's\s+me|its\s+me|open\s+up|"
        r"we're\s+(?:here|outside)|i'm\s+(?:here|outside)|im\s+(?:here|outside))\b)",
        0.55,
        negatable=False,
    ),
    # a deadline given to a person, the sentence ending there: "She's got 4 days."
    _p(
        "gotdays",
        "got",
        r"(?:^|[.!?\n]\s*)(?:she|he|you|u|they|dr\s+\w+)(?:'s|s|\s+has|'ve|\s+have)\s+got\s+"
        r"(?:\d{1,2}|one|two|three|four|five|six|seven|a\s+few|24|48)\s+(?:days?|hours?|hrs?)\s*"
        r"(?:[.!]+|$)",
        0.55,
        negatable=False,
    ),
    # "asking for a friend" turned: "which one of you answered at 8:03? Asking for a reason."
    _p(
        "askingreason",
        "asking for a reason",
        r"\b(?:which\s+(?:one\s+)?(?:of\s+)?(?:you|u|ya|them)|who)\b[^\n]{0,100}?\basking\s+for\s+a\s+"
        r"reason\b",
        0.6,
        negatable=False,
    ),
    # waiting until the staff are alone: "till they're on their own in the car park"
    _p(
        "untilalone",
        "own|alone|themselves|herself|himself|yourself",
        r"\b(?:till|til|until|when|once)\s+(?:they're|theyre|they\s+are|she's|shes|she\s+is|he's|"
        r"hes|he\s+is|you're|youre|you\s+are|ur)\s+(?:on\s+(?:their|her|his|your|ur)\s+own|alone|by\s+"
        r"(?:themselves|herself|himself|yourself))\s+(?:in|at|on)\s+(?:the\s+)?(?:car\s*park|"
        r"street|way\s+home|dark|lane|alley|bus\s+stop|walk\s+home)\b",
        0.65,
        negatable=False,
    ),
    # a vehicle singled out for finding: "his moped's very distinctive. Easy to spot"
    _p(
        "easytospot",
        "distinctive|recognisable|recognizable|easy to spot|easy to find|can't miss|cant miss",
        rf"\b(?:his|her|their|your|ur)\s+(?:[\w']+\s+){{0,2}}?(?:{_CAR_MAKES[3:-1]}|moped|scooter|"
        rf"bike|motorbike)(?:'s|\s+is)\s+(?:very\s+|dead\s+|pretty\s+|quite\s+|well\s+|so\s+)?"
        rf"(?:distinctive|recognisable|recognizable)\b[^\n]{{0,25}}?\b(?:easy\s+to\s+(?:spot|find)|"
        rf"can'?t\s+miss\s+it|stands\s+out)\b",
        0.6,
        negatable=False,
    ),
    # the author holds the registration: "I've got your reg plate wrote down"
    _p(
        "gotreg",
        "reg|plate",
        r"\bi(?:'ve|ve|\s+have)?\s+(?:got|taken|took|noted|wrote|written|clocked)\s+(?:down\s+)?"
        r"(?:your|ur|her|his|their)\s+(?:reg(?:istration)?(?:\s+(?:plate|number))?|number\s+plates?|"
        r"plates?)\b(?!\s+(?:on\s+(?:the|our)\s+(?:list|system|permit)|for\s+(?:the\s+)?(?:permit|"
        r"parking|visitor)))",
        0.6,
        negatable=False,
    ),
    # the leaving time and the author waiting: "Shes off at 6. Ill be waiting."
    _p(
        "offwaiting",
        "waiting|be there|be outside",
        r"\b(?:she's|shes|she\s+is|he's|hes|he\s+is|they're|theyre|she|he|they|[a-z]+'s)\s+(?:off|finish\w*|"
        r"done|out|leaves?|leaving|clocks?\s+off)\s+(?:at\s+)?\d{1,2}(?:[:.]\d\d)?\s*(?:am|pm)?\b"
        r"[^\n]{0,40}?\bi'?ll\s+be\s+(?:waiting|there|outside)\b(?![^\n]{0,40}?\b(?:pick|lift|"
        r"collect|drive\s+her|drive\s+him|with\s+(?:flowers|a\s+card|cake|the\s+kids)))",
        0.65,
        negatable=False,
    ),
    _p(
        "nothome",
        "home",
        rf"\b(?:she|he|you|u|they|{_TARGET})\s*(?:won't|will\s+not|wont|isn't\s+going\s+to|is\s+not\s+gonna|ain't)\s+(?:make\s+it|get|be\s+getting|be\s+going)\s+home\s+(?:tonight|today|safe|safely|in\s+one\s+piece|alive)\b",
        0.75,
        negatable=False,
    ),
    _p(
        "betternot",
        "better not|best not",
        r"\b(?:better|best)\s+not\s+(?:walk|go|leave|drive|be)\s+(?:[\w']+\s+){0,5}?(?:alone|on\s+(?:her|his|their|your)\s+own|at\s+night|in\s+the\s+dark|to\s+(?:her|his|their|your)\s+car)\b",
        0.7,
        negatable=False,
    ),
    _p(
        "runover",
        "over|down",
        r"\b(?:run|runs|running|ran)\s+(?:her|him|you|them|the\s+\w+|that\s+\w+|dr\s+\w+)\s+(?:[\w@']+\s+){0,4}?(?:over|down)\b",
        0.75,
        needs_future=True,
    ),
    _p(
        "deserve",
        "deserve",
        r"\b(?:get|gets|getting)\s+what\s+(?:she|he|you|they)\s+(?:deserves?|has\s+coming|have\s+coming)\b",
        0.5,
        complaint_sensitive=True,
    ),
    _p(
        "makepay",
        "pay",
        rf"\bmake\s+(?:{_TARGET}|her|him|them)\s+pay\b(?!\s+(?:for\s+(?:the|my|a)|back|compensation|up|out))",
        0.6,
        complaint_sensitive=True,
    ),
    _p(
        "watchyourself",
        "watch yourself|watch yourselves|watch herself|watch himself",
        r"\bwatch\s+(?:yourself|yourselves|herself|himself)\b(?!\s+(?:on|in|at|when|with|round|around|going|walking|driving|crossing))",
        0.6,
    ),
    _p(
        "someonehurt",
        "someone|somebody",
        r"\b(?:someone|somebody|one\s+of\s+these\s+days)\b[^.!?\n]{0,25}?\b(?:is\s+going\s+to|'s\s+going\s+to|is\s+gonna|'s\s+gonna|will|'ll)\s+(?:\w+\s+)?(?:hurt|kill|stab|attack|batter|hit|smack|punch|glass|do\s+in|sort\s+out)\s+(?:her|him|you|them|the\s+\w+|that\s+\w+|dr\s+\w+)\b",
        0.7,
    ),
    _p(
        "notpolite",
        "polite|nice|friendly",
        r"\b(?:won't|will\s+not|wont)\s+be\s+(?:so|as|this|that)\s+(?:polite|nice|friendly|calm|patient)\b",
        0.5,
    ),
    _p(
        "endyou",
        "end",
        r"\b(?:i'll|ill|i\s+will|gonna|going\s+to|i'm\s+gonna)\s+end\s+(?:you|u|her|him|them)\b(?=\s*(?:[.!?,]|$|\s+(?:all|both|now|today|tonight|for\s+good)))",
        0.8,
    ),
    _p(
        "waitout",
        "until|till|til",
        r"\bwait(?:ing)?\s+(?:outside|for\s+(?:her|him|them)|in\s+the\s+car\s+park)\s+(?:[\w']+\s+){0,4}?(?:until|till|til)\s+(?:she|he|they)\s+(?:comes?\s+out|leaves?|finish(?:es)?|gets?\s+off|walks?\s+out)\b",
        0.65,
    ),
    _p(
        "wishharm",
        "hope",
        r"\bhope\s+(?!(?:my|our|i|we)\b)(?:the|that|this|your|her|his|those|all\s+the|all)?\s*(?:[\w@']+\s+){0,9}?(?:gets?\s+(?:cancer|run\s+over|hit\s+by\s+a|stabbed|attacked|beaten|hurt|what's\s+coming)|dies|die|rots?|burns?\s+(?:in|to)|suffers?)\b",
        0.65,
    ),
    _p(
        "sortstaff",
        "sort",
        rf"\b(?:let's|lets|we'll|we\s+should|gonna|going\s+to)\s+(?:all\s+)?go\s+(?:down|round|over|up)\s+(?:[\w']+\s+){{0,5}}?and\s+sort\s+(?:{_TARGET}|her|him|them|the\s+staff|the\s+lot\s+of\s+them|that\s+lot)\s+out\b",
        0.6,
    ),
    _p(
        "housedesc",
        "door",
        r"\b(?:red|blue|green|black|white|grey|gray|yellow|purple)\s+(?:front\s+)?door\b",
        0.3,
    ),
    # sign-offs that turn information into a warning
    # a call to others to act on what the post gave them: not a sign-off, a cue of its own
    _p("whattodo", "what to do", r"\byou\s+(?:all\s+)?know\s+what\s+to\s+do\b", 0.45),
    _p(
        "m_sorry",
        "sorry|make sure",
        r"\b(?:i\s+won't|i\s+wont|won't)\s+be\s+sorry\b|\bi'?ll\s+make\s+sure\s+of\s+it\b",
        0.35,
        marker=True,
    ),
    _p(
        "m_putout",
        "out there|do with|for anyone",
        r"\b(?:just\s+)?putting\s+(?:that|it|this)\s+out\s+there\b|\bdo\s+with\s+(?:that|"
        r"this)\s+(?:what|as)\s+you\s+(?:will|wish|like)\b|\bfor\s+anyone\s+(?:who|he's|she's|"
        r"they've|that|interested|wanting)\b",
        0.35,
        marker=True,
    ),
    _p(
        "m_soyouknow",
        "so you|so u|so ya|so she|so he|so they|just saying|a thought",
        r"\bjust\s+so\s+(?:you|u|ya|she|he|they)\s+(?:know|knows)\b|\bjust\s+saying\b|"
        r"\bjust\s+a\s+thought\b",
        0.35,
        marker=True,
    ),
    _p("m_whoyouare", "who you are", r"\byou\s+know\s+who\s+you\s+are\b", 0.35, marker=True),
    _p(
        "m_allimsaying",
        "saying|say no|too much",
        r"\bthat'?s\s+all\s+i'?m\s+say(?:ing)?\b|\bsay\s+no\s+more\b|"
        r"\bsaid\s+too\s+much\b",
        0.35,
        marker=True,
    ),
    _p(
        "m_thinkon",
        "think|mark my|warned",
        r"\bthink\s+on\b|\bthink\s+about\s+that\b|\bmark\s+my\s+words\b|"
        r"\bconsider\s+(?:this|yourself|yourselves)\s+warned\b",
        0.35,
        marker=True,
    ),
    _p(
        "m_notgoing",
        "anywhere|be back|find",
        r"\bi'?m\s+not\s+going\s+anywhere\b|\bi'?ll\s+be\s+back\b|\bi\s+know\s+"
        r"where\s+to\s+find\s+(?:you|her|him)\b",
        0.35,
        marker=True,
    ),
    _p(
        "m_knowswhat",
        "what she did|what he did|what you did|what they did",
        r"\b(?:she|he|you|they)\s+knows?\s+what\s+(?:she|he|you|they)\s+(?:did|done|said)\b",
        0.35,
        marker=True,
    ),
    _p("m_nothingtolose", "lose", r"\bnothing\s+(?:left\s+)?to\s+lose\b", 0.35, marker=True),
    _p(
        "m_volunteers",
        "volunteers|friend|who|asking for",
        r"\bany\s+volunteers\b|\basking\s+for\s+(?:a\s+friend|reasons|no\s+reason)\b|\bwho'?s\s+(?:in|with\s+"
        r"me)\b",
        0.35,
        marker=True,
    ),
)
# ---- second generation: menace by implication (threat_probe_2) ------------------------------
# A person's private life (lexicons/threat_private_life.txt) known to the author is reach; an
# ominous implication, a move from words to deeds, or a call on others to act is harm. Both are
# families of the compositional model above, so neither counts alone beyond its `alone` weight.
_LIFE = "|".join(
    re.escape(t).replace(r"\ ", r"\s+")
    for t in sorted(load_lexicon("threat_private_life"), key=len, reverse=True)
)
_OTHER_OWNER = r"(?:your|ur|her|his|their|(?!my\b|our\b|it\b)[a-z]+'s)"
# the poster's own family ("my son ... his bike", "my daughter ... outside her door"): a her/his
# in such a post most likely means them, so reach through her/his counts for less
OWN_KIN = re.compile(
    r"\bmy\s+(?:(?:little|teenage|eldest|youngest|older|younger|baby|grown[\s-]up|\d+\s+year\s+old)\s+)?"
    r"(?:son|daughter|lad|boy|girl|kid|husband|wife|partner|brother|sister|mum|mother|dad|father|"
    r"nan|gran|grandad|grandma|uncle|aunt|friend|neighbour)\b"
)
THIRD_OWNER = re.compile(r"\b(?:her|his|their)\b")
SECOND_PERSON = re.compile(r"\b(?:you|your|ur|u|yours)\b")
# reach that describes the target's life rather than the author's part in it
DESCRIPTIVE_REACH = frozenset({"r_family", "r_life", "r_life3", "r_school", "r_home", "r_routine"})
REACH_2: tuple[Pattern, ...] = (
    # "your lad's at the high school", "that nice little cottage of yours", "lovely wife"
    # said to the target ("your lad", "that cottage of yours") it is closer than said of them
    _reach(
        "r_life",
        "your|ur |of yours|lovely|nice",
        rf"\b(?:your|ur)\s+(?:[\w']+\s+){{0,2}}?(?:{_LIFE})(?:'s)?\b(?!\s+park)|\b(?:{_LIFE})\s+of\s+"
        rf"(?:yours|hers|his|theirs)\b|\b(?:lovely|nice)\s+(?:[\w']+\s+)?(?:{_LIFE})\b",
        0.3,
        dependent=True,
    ),
    _reach(
        "r_life3",
        "her |his |their |'s ",
        rf"\b(?:her|his|their|(?!(?:my|our|it|that|what|who|there|here|he|she|surgery|practice|centre|gp|nhs|"
        rf"hospital|pharmacy|council|today|everyone|everybody)'s)[a-z]+'s)\s+(?:[\w']+\s+){{0,2}}?(?:{_LIFE})(?:'s)?\b"
        r"(?!\s+park)",
        0.2,
        dependent=True,
    ),
    # the author claims to know a person or a thing of theirs: "I know ur sister", "I know the
    # road you live on", "I've found her house", "I know what you drive"; not a fact about them
    # ("I know your receptionists are busy")
    _reach(
        "r_claim",
        "know|knew|found|clocked|got your|got ur|got her|got his|got their|tell her|tell him|tell them|tell you",
        r"\b(?:i|we)(?:'ve|\s+have)?\s+(?:now\s+)?(?:know|knew|found|clocked|got)\s+(?:your|ur|her|his|their)\s+"
        r"(?!(?:[\w']+\s+){0,2}?(?:are|is|was|were|have|has|do|does|did|can|must|will|would|pain|feeling|"
        r"frustration|hands|struggle|situation|point|concerns?|job|work|team|staff|practice|surgery|receptionists?|nurses?|doctors?)\b)[\w']+\b|"
        r"\b(?:i|we)\s+(?:now\s+)?know\s+(?:the|which|what)\s+(?:[\w']+\s+){0,2}?(?:you|u|she|he|they)\s+"
        r"(?:live|lives|drive|drives|park|parks|walk|walks|take|takes|use|uses|go|goes|drink|drinks)\b|"
        r"\bfind\s+out\s+where\s+(?:you|u|she|he|they)\s+(?:go|live|park|drink|walk|stay)\b|"
        r"\btell\s+(?:her|him|them|you)\s+(?:that\s+)?i\s+know\b",
        0.45,
    ),
    # details put where others can act on them: "her address is out there", "on 192.com"
    _reach(
        "r_exposed",
        "out there|192|electoral|online|public",
        r"\b(?:address|details|number|postcode|whereabouts)\s+(?:is|are|'s)\s+(?:now\s+)?(?:out\s+there|"
        r"on\s+192|on\s+the\s+electoral\s+roll|online|public|everywhere)\b|\bon\s+192(?:\.com)?\b",
        0.45,
    ),
    # the author has looked someone up or can recognise them: "found his girlfriend",
    # "I know who to look for", "I know what your kids look like", "I don't forget faces"
    _reach(
        "r_lookedup",
        "found|look for|looks like|look like|forget|photo|who to|facebook|insta",
        r"\b(?:i|we)(?:'ve|\s+have)?\s+(?:found|looked\s+up|tracked\s+down)\s+(?:[\w']+\s+){0,2}?"
        r"(?:on\s+(?:facebook|insta(?:gram)?|linkedin|twitter|tiktok)|his|her|their|your|where)\b|"
        r"^found\s+(?:his|her|their|your|where)\b|(?<=[.!?]\s)found\s+(?:his|her|their|your|where)\b|"
        r"\bknow\s+who\s+to\s+look\s+for\b|\bknow\s+what\s+(?:you|she|he|they|your\s+\w+|her\s+\w+|"
        r"his\s+\w+)\s+looks?\s+like\b|\b(?:don't|never)\s+forget\s+(?:a\s+)?(?:faces?|names?)\b"
        r"(?!\s+like)",
        0.4,
    ),
    # someone's whereabouts and movements: "hows Sam getting home tonight", "lives in Ashford",
    # "she has to go home at some point", "works at the Costa on Division Street"
    _reach(
        "r_whereabouts",
        "getting home|get home|lives in|lives on|lives alone|lives round|works at|works nights|drinks in|has to go|have to go|long walk|in there|you all know|on her own|on his own|same street|after hours|door code|in person",
        r"\bhow'?s\s+(?:[\w']+\s+){1,3}?getting\s+home\b|\b(?:she|he|you|they)\s+(?:lives|works|drinks)\s+"
        r"(?:in|on|at|alone|round|nights)\b|\blives\s+(?:alone|round\s+the\s+corner)\b|\b(?:has|have)\s+to\s+"
        r"(?:go|get|walk|come)\s+(?:home|out)\b|\b(?:a\s+)?long\s+walk\s+(?:to|from|home)\b|\bi\s+(?:go|pop|call)\s+in\s+there\b|\byou\s+all\s+know\s+(?:the|his|"
        r"her|where)\b|\bon\s+(?:her|his|their)\s+own\b|\bsame\s+street\b|\bafter\s+hours\b|"
        r"\bdoor\s+code\b|\b(?:come|coming|visit|see\s+(?:you|her|him))\s+in\s+person\b",
        0.35,
    ),
    # the author has been by their place, or will be the one waiting
    _reach(
        "r_passed",
        "past|the one in|the one with|the one waiting",
        r"\b(?:i|we)\s+(?:walked|drove|went|cycled|was|were|been)\s+(?:past|by|round)\s+(?:your|ur|her|his|their)\s+"
        r"(?:place|house|home|flat|street|road|door|work)\b|\bi'?ll\s+be\s+the\s+one\s+(?:in|with|waiting|stood|sat)\b",
        0.45,
    ),
    # gossip the author has picked up about them: "I hear you're getting married in June"
    _reach(
        "r_hearsay",
        "i hear|i heard",
        r"\bi\s+(?:hear|heard)\s+(?:that\s+)?(?:you're|youre|you've|you|she's|he's|she|he|they're|they)\b",
        0.35,
    ),
    # the author's own routine put beside theirs: "I've been on it twice", "I visit mine there"
    _reach(
        "r_shadow",
        "been on|on the same|i visit|i go there|same school|same gym|same bus|same road|ll be seeing|be seeing",
        r"\bi'?ve\s+been\s+on\s+it\b|\bi'?ll\s+be\s+on\s+the\s+same\s+(?:road|bus|tram|train|street|route)\b|\bi\s+(?:visit|go)\s+(?:mine\s+)?there\b|\bsame\s+(?:school|gym|"
        r"bus|tram|road)\b|\b(?:i'?ll|we'?ll|i\s+will)\s+be\s+seeing\s+(?:you|her|him|them)\b|"
        r"^be\s+seeing\s+you\b|(?<=[.!?]\s)be\s+seeing\s+you\b",
        0.35,
    ),
    # transport and times: "gets the 52 bus at ten past six", "walk out there at 7"
    _reach(
        "r_timetable",
        "gets the|catches the|takes the|at ten|at half|at quarter|dark at|at 6|at 7|at 8|at 5",
        r"\b(?:gets|catches|takes|get|catch)\s+the\s+(?:\d+\s+)?(?:bus|tram|train)\b|\bat\s+(?:ten|"
        r"twenty|half|quarter)\s+(?:past|to)\s+\w+\b",
        0.3,
        dependent=True,
    ),
)

HARM_2: tuple[Pattern, ...] = (
    # the next step will not be words: "the next one won't come in writing", "not a review,
    # it's a visit", "the polite version", "I won't be coming to talk"
    _harm(
        "h_deeds",
        "in writing|polite version|nice version|impolite|coming to talk|coming for a chat|it's a visit|a visit|consulting room|on the phone|not a review|not a letter",
        r"\b(?:won't|will\s+not|wont|not)\s+(?:come|be|arrive)\s+in\s+writing\b|\b(?:polite|nice|friendly|"
        r"impolite)\s+version\b|\bwon't\s+be\s+coming\s+(?:to\s+talk|for\s+a\s+chat)\b|\bnot\s+(?:a|in\s+a)\s+"
        r"(?:review|letter|complaint|phone\s+call|email)\b[^.!?\n]{0,12}\b(?:it's|its|it\s+is|but)\s+(?:a\s+)?"
        r"(?:visit|in\s+person)\b|\bnot\s+in\s+a\s+consulting\s+room\b|\bon\s+(?:her|his|your|their)\s+"
        r"doorstep,?\s+not\s+on\s+the\s+phone\b",
        0.55,
        0.5,
        complaint_sensitive=True,
    ),
    # implication of harm without a harm word
    _harm(
        "h_implied",
        "still have|still can|be in|want anything|hate for anything|down the list|on my list|getting it|you'll learn|youll learn|really means|while you|living in fear|no idea what|in pieces|smashed|on fire|in flames|starting with|same to you|bet they|bet she|bet he",
        r"\b(?:wouldn't|would\s+not|wouldnt|don't|dont|would\s+hate\s+for|i'?d\s+hate\s+for)\s*(?:want\s+)?"
        r"(?:anything|something)\s+(?:bad\s+)?to\s+(?:happen|spoil|ruin|go\s+wrong)\b(?!\s+(?:to\s+)?(?:my|our|me|us)\b)|"
        r"\b(?:working|work|going|making\s+my\s+way)\s+down\s+(?:the|my)\s+list\b|\b(?:you're|ur|you\s+are|"
        r"she's|he's)\s+on\s+my\s+list\b|\b(?:is|'s|are|'re)\s+(?:getting|gonna\s+get|going\s+to\s+get)\s+it\b"
        r"(?=\s+(?:outside|tonight|when|after|at|in|soon|you))|\byou'?ll\s+(?:learn|find\s+out|see)\s+what\s+"
        r"(?:[\w']+\s+){0,2}?really\s+(?:means|is|looks\s+like)\b|\bwhile\s+(?:you|she|he|they)\s+still\s+(?:can|have\s+(?:them|it|one|the\s+chance))\b|\bliving\s+in\s+"
        r"fear\b|\bno\s+idea\s+what'?s\s+coming\b|\b(?:look|looks|be)\s+(?:even\s+)?(?:better|nicer)\s+(?:in\s+"
        r"pieces|smashed|on\s+fire|in\s+flames|burnt)\b|\bstarting\s+with\s+(?:your|her|his|their)\s+\w+|"
        r"\b(?:hope|wish)\s+(?:someone|somebody)\s+does\s+(?:the\s+same|that)\s+to\s+(?:you|her|him)\b|"
        r"\bbet\s+(?:they|she|he|you)(?:'d|\s+would)\s+(?:scream|cry|bleed|beg|squeal)\b|"
        r"\b(?:windows?|doors?|glass|building|place|car|surgery|practice|it|they)\s+(?:will|'ll|is\s+going\s+to|"
        r"are\s+going\s+to)\s+(?:still\s+|all\s+|soon\s+)?be\s+in\s+(?:pieces|ashes|flames)\b",
        0.55,
        0.5,
    ),
    # weaker implications, that need a piece of reach: "if I were you", "small world"
    _harm(
        "h_hint",
        "looking out|goes around|owe me|owes me|quiet bits|quiet spots|quiet stretches|quiet corners|friendly|hard to see|things come|come loose|go missing|goes missing|went missing|if i were you|if i was you|what you want with|what you will|what to do with|funny what|small world|small town|small place|noticed me|say hello|have a word|shouldn't let|keep him close|keep her close|keep them close|take care of yourself|get used to it|careful who|wrong place|i checked|awful to|terrible to|shame to|pity to",
        r"\bthings\s+(?:come|can\s+come|have\s+been\s+known\s+to\s+come)\s+loose\b|"
        r"\b(?:go|goes|went|going)\s+missing\s+(?:all\s+the\s+time|round\s+(?:there|here)|a\s+lot)\b|"
        r"\bif\s+i\s+(?:were|was)\s+(?:you|her|him|them)\b|\b(?:do|make\s+of\s+that)\s+what\s+you\s+"
        r"(?:want|will|like)\s+with\s+(?:that|this|it)\b|\bmake\s+of\s+that\s+what\s+you\s+will\b|"
        r"\bi'?d\s+know\s+what\s+to\s+do\s+with\s+(?:that|this)\b|\bfunny\s+what\s+(?:people|you|folk)\s+"
        r"(?:post|share|put|can\s+find)\b|"
        r"\b(?:hasn't|hasnt|haven't|havent)\s+(?:even\s+)?(?:noticed|spotted|seen)\s+me\b|\bi'?ll\s+"
        r"(?:say|pop\s+in\s+and\s+say)\s+(?:hello|hi)\b|\b(?:i'?ll|we'?ll|i\s+will)\s+(?:have|be\s+having)\s+a\s+"
        r"(?:little\s+|quiet\s+)?word\s+with\s+(?:him|her|them|you|your|his)\b|\bshouldn't\s+let\s+(?:him|"
        r"her|them)\b|\bkeep\s+(?:him|her|them)\s+close\b|\btake\s+care\s+of\s+yourself\b|\bget\s+used\s+"
        r"to\s+it\b|\bcareful\s+who\s+(?:she|he|you|they)\b|\bin\s+the\s+wrong\s+place\b|^i\s+checked\b|"
        r"(?<=[.!?]\s)i\s+checked\b|\bfriendly\s+(?:warning|tip|reminder|advice)\b|\b(?:just\s+)?looking\s+out\s+for\s+"
        r"(?:him|her|you|them)\b|\bwhat\s+goes\s+around\s+comes\s+around\b|\b(?:owe|owes)\s+me\s+(?:a\s+)?(?:favours?|one)\b|"
        r"\b(?:lots\s+of\s+|some\s+)?quiet\s+(?:bits|spots|stretches|corners)\b|\bhard\s+to\s+see\s+who\b|\b(?:be|it'd\s+be|it\s+would\s+be)\s+(?:awful|terrible|a\s+shame|a\s+pity)\s+"
        r"to\s+(?:find|see|hear)\b",
        0.5,
        0.3,
    ),
    # ultimatums and advice whose consequence is left to the imagination
    _harm(
        "h_veiledcare",
        "shame|pity|tragedy|see how|careful|someone to walk|somebody to walk|they will|you will|it will be|she will|he will|flammable",
        r"\b(?:shame|pity|tragedy)\s+(?:if|when|to\s+(?!(?:see|hear|say|think|lose|read|find|have|be|watch)\b)\w+)\b|"
        r"\bsee\s+how\s+(?:quiet|dark|safe|lonely|long|empty)\b|\bi'?d\s+be\s+(?:very\s+)?careful\s+(?:[\w']+\s+){0,4}?"
        r"(?:walking|going|driving|getting|leaving|parking|on\s+your\s+own|at\s+night|this\s+week|tonight|"
        r"after\s+work|home)\b|\b(?:someone|somebody)\s+to\s+walk\s+(?:you|her|him|them)\s+(?:to|home)\b|"
        r"(?:^|(?<=[.!?]\s))(?:they|you|she|he)\s+will(?:\s+be)?\s*[.!]?\s*$|(?:^|(?<=[.!?]\s))it\s+will\s+be\s*[.!]?\s*$|"
        r"\bflammable\b",
        0.5,
        0.4,
    ),
    # incitement: somebody else is asked to act on a person
    _harm(
        "h_someone",
        "someone|somebody|anyone|one of you",
        r"\b(?:someone|somebody|anyone|one\s+of\s+you)\s+(?:should|ought\s+to|needs?\s+to|wants?\s+to|could|"
        r"has\s+to)\s+(?:go\s+(?:round|over|and)\s+|pop\s+round\s+|call\s+round\s+)?(?:give|pay|visit|teach|sort|"
        r"explain\s+things\s+to|knock\s+on)\s+(?:her|him|them|that\s+\w+|the\s+(?:receptionist|nurse|doctor|"
        r"manager|gp)|dr\s+\w+|[a-z]+\s+[a-z]+'s)\b(?!\s+(?:out\s+)?(?:a\s+)?(?:raise|pay\s+rise|medal|"
        r"break|hug|card|thank))",
        0.5,
        0.45,
    ),
    # a conditional ultimatum whose consequence lands on a person: "if you lecture me again
    # you'll wish you hadn't", "one more refusal and she'll learn"; a complaint nearby softens it
    _harm(
        "h_ultimatum",
        "regret|wish|learn|find out|know about it|be sorry|be the one|be the next|be needing|pay|get it|get hurt|get what",
        r"\b(?:if|one\s+more|once\s+more|again|or\s+else|or)\b[^.!?\n]{0,80}?\b(?:you'?ll|you\s+will|she'?ll|"
        r"she\s+will|he'?ll|he\s+will|they'?ll|they\s+will)\s+(?:soon\s+|really\s+)?(?:regret|wish|learn|"
        r"find\s+out|know\s+about\s+it|be\s+sorry|be\s+the\s+(?:one|next)|be\s+needing|pay|get\s+(?:it|hurt|"
        r"what))\b",
        0.55,
        0.55,
        complaint_sensitive=True,
    ),
    # an injury as the consequence, told to its victim: "she'll need her own appointment",
    # "you'll be needing an ambulance"
    _harm(
        "h_injury",
        "need",
        r"\b(?:(?:you|u|she|he|they)(?:'ll|\s+will|'s\s+going\s+to|\s+is\s+going\s+to|'re\s+going\s+to|\s+are\s+"
        r"going\s+to|'s\s+gonna|\s+is\s+gonna|'d|\s+would)|(?:ur|you're|youre|u\s+r|u\s+are)\s+(?:gonna|going\s+to))\s+"
        r"(?:be\s+)?(?:need|needing)\s+(?:an?\s+|(?:her|his|"
        r"their|your)\s+own\s+|some\s+)?(?:ambulances?|appointment|doctor|dentist|coffin|"
        r"plaster\s+cast|new\s+(?:teeth|face|legs|knees|kneecaps))\b(?<!\san\sappointment)(?<!\sa\sdoctor)",
        0.55,
        0.5,
    ),
    # a short ominous closer as the post's last sentence: "Soon.", "Remember that."
    _harm(
        "h_closer",
        "soon|remember that|been warned|while it lasts|night night|next time|for now|watch this space",
        r"(?:^|(?<=[.!?]\s))(?:soon|remember\s+that|you'?ve\s+been\s+warned|enjoy\s+it\s+while\s+it\s+lasts|"
        r"night\s+night|until\s+next\s+time|bye\s+for\s+now|watch\s+this\s+space)\s*[.!]*\s*"
        r"(?:x|xx|\S)?\s*$",
        0.4,
        0.3,
        complaint_sensitive=True,
    ),
    # "See you soon" to close a post is menace only beside reach ("I know which bus you get.
    # See you on it x"); alone it is how friendly posts end ("flu jab done, see you soon")
    _harm(
        "h_seeyou",
        "see you",
        r"(?:^|(?<=[.!?]\s))see\s+you\s+(?:soon|on\s+it)\s*[.!]*\s*(?:x|xx|\S)?\s*$",
        0.4,
        0.0,
        complaint_sensitive=True,
    ),
    # nobody would see or miss them: "people disappear off those cliffs", "nobody asks questions"
    _harm(
        "h_nowitness",
        "disappear|questions|no one would|nobody would|no witnesses|no one around|nobody around",
        r"\b(?:people|folk|things|staff|receptionists|doctors|nurses)\s+(?:disappear|go\s+missing|vanish)\b|"
        r"\b(?:nobody|no\s+one|no-one)\s+(?:asks|would\s+ask|will\s+ask)\s+(?:any\s+)?questions\b|"
        r"\b(?:nobody|no\s+one|no-one)\s+would\s+(?:know|notice|see|hear|miss)(?:\s+(?:a\s+thing|anything|her|him|"
        r"you|them|it))?\s*(?:[.!?,]|$|\s+if\b)|\bno\s+witnesses\b",
        0.55,
        0.5,
    ),
    # what they have now will not last, and harm is easy: "won't be for long", "easy to take"
    _harm(
        "h_transient",
        "for long|while it|easy to|other things|full details|gets the|get the",
        r"\b(?:won't|wont|will\s+not|not)\s+(?:be\s+)?for\s+(?:much\s+)?long\b|\bwhile\s+it(?:'s|\s+is)\s+still\b|"
        r"\beasy\s+to\s+(?:take|get\s+to|reach|follow|grab|find)\b|\bother\s+things\s+too\b|"
        r"\b(?:everyone|everybody|the\s+whole\s+(?:town|street|estate|internet))\s+(?:gets|will\s+get|sees|will\s+see)\s+"
        r"(?:the|her|his|your|their)\s+(?:full\s+)?(?:details|address|number)\b",
        0.45,
        0.35,
    ),
    # revenge in kind, warnings to leave, being unseen: "time I ruined hers", "you should think
    # about moving. Far away", "u wont see me coming", "might be his last quiet one"
    _harm(
        "h_revenge",
        "ruin|wreck|destroy|moving|far away|leave town|see me coming|might be|could be|of her own|of his own|of your own|hope your|hope ur",
        r"\b(?:time|my\s+turn)\s+(?:i|to)\s+(?:ruin|wreck|destroy)(?:ed)?\s+(?:yours|hers|his|theirs)\b|\b(?:i'?ll|i\s+will|"
        r"gonna)\s+(?:ruin|wreck|destroy)\s+(?:yours|hers|his|theirs)\b|\b(?:should|better|might\s+want\s+to)\s+think\s+"
        r"about\s+(?:moving|leaving)(?!\s+(?:to\s+)?(?:the|a|an|into|in)\b)|\bfar\s+away\s*[.!]|\bleave\s+town\b|"
        r"\b(?:won't|wont|will\s+not|never)\s+see\s+me\s+coming\b|\b(?:might|could|may)\s+(?:well\s+)?be\s+(?:your|his|her|"
        r"their)\s+last\b|\b(?:need|needing)\s+(?:a|an)\s+\w+\s+of\s+(?:her|his|your|their)\s+own\b|\bhope\s+(?:your|ur|"
        r"their)\s+(?:fire\s+alarms?|alarms?|insurance|sprinklers|extinguishers)\s+(?:works?|is\s+up\s+to\s+date|(?:is|are)\s+(?:good|working))\s*(?:[.!?]|$)",
        0.55,
        0.5,
    ),
    # barriers that will not protect them, karma, "not responsible for what happens", revenge
    # by the same treatment, "remember that when you're walking to your car"
    _harm(
        "h_fate",
        "lucky|come down|comes down|come off|come open|responsible for|turn is|time is|day will|same treatment|remember that when",
        r"\blucky\s+(?:there's|theres|there\s+is|you've\s+got)\s+(?:a\s+)?(?:screen|glass|desk|counter|wall)\b|"
        r"\b(?:screens?|glass|doors?|locks?)\s+(?:can\s+)?(?:come|comes)\s+(?:down|off|open)\b|\b(?:not|won't\s+be|"
        r"wont\s+be|can't\s+be)\s+(?:held\s+)?responsible\s+for\s+what\s+(?:happens|i\s+do)\b|\b(?:your|ur|her|his)\s+"
        r"(?:turn|time|day)\s+(?:is\s+coming|will\s+come|'s\s+coming|is\s+near)\b|\b(?:gets?|getting)\s+the\s+same\s+"
        r"treatment\b|\bremember\s+that\s+when\s+(?:you're|youre|you\s+are|she's|he's)\s+(?:walking|driving|leaving|"
        r"going\s+home|getting\s+home|on\s+your\s+own|alone)\b",
        0.55,
        0.5,
    ),
    # asking others where someone lives: doxxing as a question
    _harm(
        "h_whereis",
        "anyone|anybody|who knows",
        r"\b(?:anyone|anybody|who)(?:\s+(?:in|from|round|near|around)\s+\w+)?\s+knows?\s+(?:which\s+(?:house|flat|street|road)|where)\s+(?:is\s+)?(?:[\w']+\s+){0,3}?"
        r"(?:lives|'s|house|address|parks)\b",
        0.5,
        0.45,
    ),
    # a call on others: "anyone fancy going in after hours", "go and tell him what you think"
    _harm(
        "h_incite",
        "fancy|fancies|up for|go and|go round|pay her|pay him|pay them|a visit|wants to",
        r"\b(?:anyone|any\s+of\s+you|who)\s+(?:fancy|fancies|up\s+for|wants?\s+to)\s+(?:go(?:ing)?\s+"
        r"(?:in|round|down|over)|pay(?:ing)?\s+(?:her|him|them|\w+)\s+a\s+visit|visit(?:ing)?\s+(?:her|him|"
        r"them)|redecorat\w*)\b|\bgo\s+(?:and\s+|n\s+)?(?:tell|show|give|"
        r"visit|see)\s+(?:him|her|them)\b|\b(?:if\s+)?(?:anyone|someone)\s+wants\s+to\s+pay\s+(?:her|him|"
        r"them)\s+a\s+visit\b",
        0.45,
        0.3,
    ),
    # the scene set for harm: "Sunday night looks quiet", "no lights", "after dark", "dark at 6am"
    _harm(
        "h_scene",
        "timber|wood|thatch|quiet|dark|no lights|deserted|empty|lonely|lot of windows|spark|on fire|wooden|dangerous",
        r"\b(?:nights?|weekends?|car\s+park|street|road|lane|path|towpath)\s+(?:looks?|is|are|seems?|gets)\s+"
        r"(?:very\s+|nice\s+and\s+|so\s+|really\s+)?(?:quiet|dark|empty|deserted|lonely)\b|\b(?:very|so|"
        r"really)\s+lonely\b|\bno\s+lights\b|\bafter\s+dark\b|\bdark\s+(?:at\s+\d|by\s+\d|now)\b|\blot\s+of\s+"
        r"windows\b|\ba\s+spark\b|\bon\s+fire\b|\bwooden\s+building\b|\ball\s+(?:that|the|this)\s+(?:timber|wood|thatch)\b|\b(?:a|such\s+a)\s+dangerous\s+place\b",
        0.35,
        0.15,
    ),
    # something is being prepared for them: "hope your staff like surprises", "got one planned"
    _harm(
        "h_planned",
        "surprise|planned",
        r"\b(?:like|likes|love|loves|enjoy|enjoys)\s+surprises\b|\b(?:got|have|has)\s+(?:one|something|a\s+"
        r"(?:little\s+)?surprise)\s+(?:special\s+)?planned\b",
        0.5,
        0.4,
    ),
    _harm(
        "h_smalltown",
        "small world|small town|small place",
        r"\bsmall\s+(?:world|town|place)\b",
        0.2,
        0.1,
    ),
    # a question tag after someone's private life ("your lad's at the high school isn't he"):
    # the author checking what they know. Only ever a partner for a reach piece.
    _harm(
        "h_tag",
        "isn't he|isn't she|isnt he|isnt she|doesn't he|doesn't she|don't you|don't they|isn't it|isnt it|doesnt he|doesnt she|dont you",
        r"\b(?:isn't|isnt|doesn't|doesnt|don't|dont|aren't|arent)\s+(?:he|she|you|they|it)\s*(?:[.?!]|$)",
        0.3,
        0.0,
    ),
    # a closing "Shame." after compliments on someone's life
    _harm(
        "h_shameend",
        "shame|pity",
        r"(?:^|(?<=[.!?]\s))(?:shame|pity|such\s+a\s+shame)\s*(?:[.!?]|$)|(?:^|(?<=[.!?]\s))(?:shame|pity)\s+if\s+"
        r"(?:a|the|one|someone|somebody|something|anything)\b",
        0.4,
        0.15,
    ),
    # building: every pane coming in, shutters advised
    _harm(
        "h_property",
        "coming in|going in|shutters|pane|window",
        r"\b(?:every|all\s+the|each)\s+(?:[\w']+\s+)?(?:window|pane|door)s?\b[^.!?\n]{0,30}?\b(?:is|are|"
        r"'s)\s+(?:coming|going)\s+in\b|\binvest\s+in\s+(?:some\s+)?(?:shutters|better\s+locks|cctv)\b",
        0.5,
        0.4,
    ),
)

REACH = REACH + REACH_2
HARM = HARM + HARM_2
PATTERNS = PATTERNS + REACH + HARM
MARKER_BONUS = 0.12
CUE_FLOOR = 0.35  # markers only strengthen a cue at least this strong


def cue_matches(s: str) -> list[tuple[int, int, Pattern]]:
    """Every cue and marker in the normalised text `s`, as (start, end, pattern).

    A pattern's regex runs only when one of its key substrings is in the text (one
    Aho-Corasick pass finds them all), and most posts contain none of them.
    """
    wanted = {i for _, ids in _KEYS.iter(s) for i in ids}
    out: list[tuple[int, int, Pattern]] = []
    later: list[Pattern] = []
    for i in sorted(wanted):
        pat = PATTERNS[i]
        if pat.dependent:
            later.append(pat)
            continue
        out.extend((m.start(), m.end(), pat) for m in pat.rx.finditer(s))
    if later and any(p.family for _, _, p in out):
        for pat in later:
            out.extend((m.start(), m.end(), pat) for m in pat.rx.finditer(s))
    if out and OWN_KIN.search(s):
        out = [
            (a, b, _OWN_KIN_WEAK[p.name])
            if p.family
            and (
                THIRD_OWNER.search(s, a, b)
                or (p.name in DESCRIPTIVE_REACH and not SECOND_PERSON.search(s, a, b))
            )
            else (a, b, p)
            for a, b, p in out
        ]
    return out


OWN_KIN_FACTOR = 0.6
_OWN_KIN_WEAK = {
    p.name: replace(p, weight=p.weight * OWN_KIN_FACTOR, alone=p.alone * OWN_KIN_FACTOR)
    for p in PATTERNS
    if p.family
}


def _key_automaton() -> ahocorasick.Automaton:
    by_key: dict[str, list[int]] = {}
    for i, pat in enumerate(PATTERNS):
        for k in pat.keys:
            by_key.setdefault(k, []).append(i)
    auto = ahocorasick.Automaton()
    for k, ids in by_key.items():
        auto.add_word(k, tuple(ids))
    auto.make_automaton()
    return auto


_KEYS = _key_automaton()


def compose(
    reach: Sequence[tuple[int, str, float]],
    harm: Sequence[tuple[int, str, str, float, float]],
    person: bool = True,
    addressed: bool = False,
    praise: bool = False,
) -> float:
    """Score of the reach pieces (position, name, weight) with the harm pieces (position, name,
    words matched, weight, weight alone).

    A harm piece counts in full only with a partner within WINDOW characters: a reach piece, or
    a condition or deadline ("one more letter and ...", "after that ...", "tick tock") beside
    another hint of harm. Different harm phrases, and different kinds of reach, strengthen each
    other (noisy-or). Reach alone -- several kinds of surveillance of one person ("been
    watching ... always leaves by the side gate ... good to know") -- counts at REACH_ONLY of
    its strength, and only when at least two kinds are there and the post speaks of a person
    (`person`: "you", "her", a doctor ...), not of the author's own evenings.
    """
    best = 0.0
    alone = _noisy_or({t: al for _, _, t, _, al in harm})
    frames = [(p, n, w) for p, n, _, w, _ in harm if n in FRAMES]
    for ha, name, _, _, _ in harm:
        partners = reach if name in FRAMES else [*reach, *frames]
        near = {n: rw for ra, n, rw in partners if abs(ra - ha) <= WINDOW}
        if near:
            others = {t: w for _, _, t, w, _ in harm if w > 0}
            best = max(best, _noisy_or({**others, **near}))
    # two different hints of harm side by side ("it'd be awful to find ... on fire") make a
    # threat with no reach piece, at HARM_PAIR of their strength; frames do not pair this way
    pieces = [(p, n, w) for p, n, _, w, al in harm if al > 0 and n not in FRAMES]
    for i, (pa, na, _) in enumerate(pieces):
        near = {n: w for p, n, w in pieces[i:] if abs(p - pa) <= WINDOW}
        if len(near) >= 2 and na in near:
            best = max(best, HARM_PAIR * _noisy_or(near))
    kinds = {n: rw for _, n, rw in reach}
    # reach alone needs the author in it (watching, knowing, coming): two facts about someone's
    # family ("her daughter is in my son's class, we did the school run") are just news
    # one strong piece of the author's reach, said to the target's face in a post with no
    # praise in it ("I walked past your place last night"), is a threat by itself
    if addressed and not harm:
        strong = [w for n, w in kinds.items() if n in SINGLE_KINDS and w >= SINGLE_MIN]
        if strong:
            best = max(best, SINGLE * max(strong))
    if len(kinds) >= 2 and person and not AUTHOR_REACH.isdisjoint(kinds):
        # "drove past your house on the school run, your roses look great" is a neighbour
        best = max(best, REACH_ONLY * (PRAISE_FACTOR if praise else 1.0) * _noisy_or(kinds))
    return min(max(best, alone), 1.0)


def _noisy_or(weights: dict[str, float]) -> float:
    miss = 1.0
    for w in weights.values():
        miss *= 1.0 - w
    return 1.0 - miss


REACH_ONLY = 1.0
SINGLE = 1.15
PRAISE_FACTOR = 0.7
SINGLE_MIN = 0.45
# the author at, or past, the target's home, or their details put out: never a pleasantry
# (unlike "I know your mum", which a claim of knowledge can be)
SINGLE_KINDS = frozenset({"r_passed", "r_athome", "r_exposed", "r_lookedup"})
# praise or thanks anywhere in a post: a lone reach piece in it is friendliness, not menace
PRAISE = re.compile(
    r"\b(?:thanks|thank\s+(?:you|u)|lovely|amazing|brilliant|great|kind|star|legend|love|best|"
    r"grateful|wonderful|proud|congrat\w*|fab|superb|excellent|helpful|caring)\b"
)


def addressed(s: str) -> bool:
    """Whether `s` speaks to someone ("you", "your") without praising or thanking anyone."""
    return SECOND_PERSON.search(s) is not None and PRAISE.search(s) is None


# harm pieces that a complaint anywhere in the post softens, not only in their own sentence
POST_COMPLAINT = frozenset({"h_closer", "h_seeyou"})
# reach pieces in which the author acts or knows, as opposed to ones that describe the target
AUTHOR_REACH = frozenset(
    {
        "r_watch",
        "r_knowyour",
        "r_present",
        "r_athome",
        "r_means",
        "r_group",
        "r_expose",
        "r_lookedup",
        "r_hearsay",
        "r_shadow",
        "r_claim",
        "r_exposed",
        "r_whereabouts",
        "r_passed",
    }
)
HARM_PAIR = 0.8
# harm pieces that frame a consequence rather than name one: with a concrete hint of harm
# (fire, glass, "isn't safe") they make a threat, on their own they are a complaint's bluster
FRAMES = frozenset({"h_deadline", "h_consequence"})
WINDOW = 240


def combine(cues: Sequence[float], markers: int) -> float:
    """Noisy-or of the cues, plus a bonus per marker once a real cue is there."""
    strong = [c for c in cues if c > 0]
    if not strong:
        return 0.0
    miss = 1.0
    for c in strong:
        miss *= 1.0 - c
    score = 1.0 - miss
    if max(strong) >= CUE_FLOOR:
        score += MARKER_BONUS * min(markers, 2)
    return min(score, 1.0)


# What follows a menacing phrase can take the menace back: "I know where you live -- next door!
# Thanks for ...", "deserves what's coming to her: a pay rise", "I could kill someone. Not
# literally." Only words *after* the phrase count, so a sarcastic "thanks" before a threat does not.
BENIGN_AFTER = re.compile(
    r"\b(?:next\s+door|neighbour|thanks|thank\s+(?:you|u)|cheers|pay\s*rise|medal|not\s+literally|"
    r"(?:only|just)\s+(?:joking|kidding)|jk|so\s+kind|lovely\s+(?:chat|lady|man|woman|people)|legend|"
    r"hero|angel|haha+|petition|(?:it's|its|is)\s+the\s+best|you've\s+earned\s+it|well\s+"
    r"(?:earned|deserved))\b|[😂🤣😊😁😆❤♥]"
    # a present on its way: "I'll be waiting outside with a box of chocolates", "a thank-you card"
    # (in words: a flower emoji after menace is as often sarcasm, "Very friendly 💐")
    r"|\bwith\s+(?:a\s+|some\s+)?(?:(?:big\s+)?(?:box|bunch|bottle|tin)\s+of\s+|homemade\s+)?"
    r"(?:flowers|chocolates|celebrations|biscuits|cakes?|a\s+card|cards|prosecco|wine|doughnuts|"
    r"parkin|a\s+brew|a\s+cuppa|brownies|sweets|roses)\b|\bthank-you\b"
)
BENIGN_WINDOW = 60
BENIGN_FACTOR = 0.4


def benign_after(s: str, end: int) -> bool:
    """Whether the BENIGN_WINDOW characters after `end` take the menace back."""
    return BENIGN_AFTER.search(s, end, end + BENIGN_WINDOW) is not None


# Every phrase regex above looks at the next character before it tries its alternatives: the
# same matches, found faster (classifiers/prefilter.py).
first_char_all(globals())
