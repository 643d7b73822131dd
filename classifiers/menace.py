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
from dataclasses import dataclass

import ahocorasick

from classifiers.personal_data import load_lexicon

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
) -> Pattern:
    return Pattern(
        name,
        tuple(keys.split("|")),
        re.compile(rx),
        weight,
        marker=marker,
        needs_future=needs_future,
        complaint_sensitive=complaint_sensitive,
        negatable=negatable,
        family=family,
        alone=alone,
    )


def _reach(name: str, keys: str, rx: str, weight: float) -> Pattern:
    """A sign of personal reach: knowing, watching, being near someone or what is theirs."""
    return _p(name, keys, rx, weight, family="reach")


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
        rf"\b{_ADDRESSED}\s+(?:[\w']+\s+)?{_THING}\b|\b(?:house|garden|home|flat|car)\s+"
        r"(?:you've|you\s+have|she's|he's)\s+got\b|\blovely\s+(?:garden|house|home)\b|"
        r"\b(?:number\s+plate|tyres|brakes)\b",
        0.3,
    ),
    _reach(
        "r_present",
        "been|be around|be there|be waiting|be about|be outside|be watching|be stood|be standing|be sat|be parked|see you|outside|closing|round the back|coming|pop|christmas do|waiting|visit",
        r"\b(?:i|we)(?:'ve|\s+have)\s+been\s+(?:parked|sat|sitting|waiting|stood|standing)\s+"
        r"(?:outside|opposite|near|by)\b|\b(?:i|we)(?:'ll|\s+will)\s+be\s+(?:around|there|waiting|about|outside|watching|"
        r"stood|standing|sat|parked)\b|\bi'?ll\s+be\s+waiting\b|\bsee\s+you\s+(?:there|"
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
        r"flat|front\s+door|door|drive|driveway|gate|bungalow|car)\b",
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
        "lads|boys|few|some of us|all of us|mate|brother|cousin|friends|free|bring your",
        r"\bme\s+and\s+(?:the\s+lads|the\s+boys|a\s+few|some|my\s+\w+)\b|\b(?:a\s+few|some|"
        r"all)\s+of\s+us\b|\b(?:my|a)\s+(?:mates?|brother|cousin|lads|boys|friends?|uncle)\b(?!\s+"
        r"(?:and\s+i|did|ran|raised))|\ba\s+few\s+(?:friends|mates|lads)\b|\bwho'?s\s+free\b|"
        r"\bbring\s+(?:your|ur)\s+(?:fists|mates|boots|lads)\b|^lads\b",
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
    # the author at, or having found, someone's home: reach so close it is a menace by itself
    _harm(
        "h_athome",
        "outside|found|tracked",
        rf"\b(?:i|we)(?:'ve\s+been|\s+have\s+been|'m|\s+am|'ll\s+be|\s+will\s+be|\s+was)\s+(?:[\w']+\s+)?"
        rf"outside\s+{_OWNER}\s+(?:[\w']+\s+)?(?:house|home|flat|front\s+door|door|bungalow)\b|"
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
        r"(?:better|new|stronger)\s+locks)\b",
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
        r"won't|dont\s+ever)\b",
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
        "kick|slap|hiding|beating|batter|hammering|punch|smack|thump|clip|knuckle|doing over|seeing to|lesson",
        r"\b(?:needs?|deserves?|wants?|due|getting|gets|is\s+getting|owed|asking\s+for|"
        r"overdue)\s+(?:a\s+)?(?:good\s+|proper\s+|right\s+|real\s+|bloody\s+|fucking\s+)?(?:kicking|"
        r"slap|slapping|hiding|beating|battering|punch(?!\s+card)|smack|smacking|thump|kick\s+in\s+"
        r"the\s+\w+|clip\s+round\s+the\s+ear|knuckle\s+sandwich|doing\s+over|seeing\s+to|"
        r"lesson\s+they\s+won't\s+forget)\b|\bneeds?\s+teaching\s+a\s+lesson\b",
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
        r"we're|we\s+will|we'll|i'd)\s+(?:[\w']+\s+){0,5}?(?:with|bring|bringing|carrying|take|"
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
        "volunteers|friend|who",
        r"\bany\s+volunteers\b|\basking\s+for\s+a\s+friend\b|\bwho'?s\s+(?:in|with\s+"
        r"me)\b",
        0.35,
        marker=True,
    ),
)
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
    for i in sorted(wanted):
        pat = PATTERNS[i]
        out.extend((m.start(), m.end(), pat) for m in pat.rx.finditer(s))
    return out


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
    kinds = {n: rw for _, n, rw in reach}
    if len(kinds) >= 2 and person:
        best = max(best, REACH_ONLY * _noisy_or(kinds))
    return min(max(best, alone), 1.0)


def _noisy_or(weights: dict[str, float]) -> float:
    miss = 1.0
    for w in weights.values():
        miss *= 1.0 - w
    return 1.0 - miss


REACH_ONLY = 1.0
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
