"""Sentiment: VADER, taught the GP-surgery vocabulary, and blended with a review's stars.

VADER is built once per process (it re-reads its lexicon files when built). It has no idea that
"waited 3 weeks", "no appointments" or "on hold for 40 minutes" are complaints, and it scores
sarcasm ("No appointments again. Great.") as positive, so phrases of the domain pull the
compound down; a review's own star rating is the reviewer's own verdict and weighs in too.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from importlib import resources

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from classifiers import model
from classifiers.prefilter import first_char_all
from classifiers.vader_fast import FastVader

POSITIVE_AT = 0.05
NEGATIVE_AT = -0.05

# Each hit pulls the compound down by PHRASE_PULL; written for the complaints practices get.
_COMPLAINT_PHRASES = re.compile(
    r"""\b(?:
        (?:waited|waiting|wait)\s+(?:for\s+)?(?:over\s+|nearly\s+|almost\s+)?
            (?:\d+|a|an|two|three|four|five|six|several)\s+(?:weeks?|months?|hours?)
      | no\s+(?:appointments?|one\s+(?:answers|answered|picks?\s+up)|call\s*back|reply|response)
      | (?:couldn'?t|could\s+not|can'?t|cannot|never)\s+(?:get\s+through|get\s+an?\s+appointment
            |get\s+a\s+call\s*back|see\s+a\s+(?:gp|doctor))
      | on\s+hold\s+for
      | (?:\d+(?:st|nd|rd|th)?|number\s+\d+)\s+in\s+(?:the\s+)?queue
      | (?:phone|phones|lines?)\s+(?:at\s+)?8\s*(?:am|o'?clock)
      | 8\s*am\s+(?:scramble|lottery|rush|free\s+for\s+all|phone)
      | (?:prescription|repeat)s?\s+(?:not\s+ready|lost|wrong|missing|delayed)
      | (?:lost|wrong|missing)\s+(?:my\s+)?prescriptions?
      | (?:e-?consult|online\s+form)\S*\s+(?:closed|shut|switched\s+off|full|ignored)
      | fobbed\s+off
      | (?:struck|kicked|removed)\s+off\s+(?:the|their)\s+(?:list|register)
      | no\s+(?:appointments?\s+)?(?:left|available|until)
      | on\s+hold\s+(?:to|with|again|all)
      | still\s+(?:waiting|no\s+(?:word|reply|call|answer))
      | (?:never|haven'?t|hasn'?t|not)\s+(?:received|rung\s+back|called\s+back|heard\s+back|
            seen\s+an?\s+(?:actual\s+)?(?:gp|doctor))
      | (?:\d+|two|three|four|five|six|seven|eight|nine|ten)\s+(?:days?|weeks?|months?)\s+
            (?:wait|waiting|for\s+a\s+(?:call|reply|response|callback|prescription))
      | stopped\s+(?:answering|doing|offering|seeing)
      | (?:reporting|report)\s+(?:you|them|the\s+practice|the\s+surgery)\s+to
      | (?:formal|official|another|second)\s+complaint
      | (?:making|put\s+in|lodged|filed)\s+a\s+complaint
      | requires\s+improvement | special\s+measures | rated\s+inadequate | told\s+to\s+improve
      | round\s+in\s+circles | hangs?\s+up\s+on\s+me | cut\s+off
      | (?:deregistered|de-registered|struck\s+off)
    )\b""",
    re.VERBOSE,  # matched on lower-cased text: IGNORECASE makes this regex three times slower
)
PHRASE_PULL = 0.35
# Complaints said without a sentiment word ("told to ring back tomorrow", "still no call back",
# "it never came"): counted like _COMPLAINT_PHRASES, kept apart so each regex stays small.
_PLAIN_COMPLAINTS = re.compile(
    r"""\b(?:
        (?:told|asked)\s+(?:me\s+)?to\s+(?:ring|call|phone|try|go\s+to)\b
      | (?:doesn'?t|does\s+not)\s+exist | which\s+is\s+it
      | (?:third|fourth|fifth|3rd|4th|5th)\s+(?:time|cancellation|day\s+running)
      | still\s+(?:haven'?t|hasn'?t|not|nothing|no\b|don'?t\s+have)
      | (?:heard|got)\s+nothing | nothing\s+(?:at\s+all|left) | (?:never|didn'?t)\s+came
      | nobody\s+(?:has\s+)?(?:rung|rang|called|replied|answers|took|picks)
      | (?:line|phone)\s+(?:went|goes)\s+dead | rings?\s+out
      | no\s+record\s+of | no\s+(?:apology|explanation|reason\s+given)
      | (?:lost|losing)\s+(?:my|the|a|our|his|her)?\s*(?:urine\s+|blood\s+)?
            (?:prescriptions?|samples?|referrals?|results|bloods|records|notes)
      | (?:out\s+of|without\s+my)\s+(?:tablets|meds|medication|inhaler)
      | (?:rebook|chase|chased|chasing)\b
      | (?:it'?s|it\s+has|has)\s+(?:now\s+)?been\s+(?:\d+|two|three|four|five|six)\s+
            (?:days|weeks|months)
      | and\s+counting | round\s+and\s+round | gave\s+up | too\s+long
      | (?:isn'?t|not)\s+(?:really\s+)?acceptable
      | (?:can|could)\s+never\s+(?:get|book) | never\s+get\s+(?:seen|through|an?\s+appointment)
      | (?:refused|refuses)\s+to | barely\s+looked | didn'?t\s+(?:examine|listen)
      | (?:sent|turned)\s+(?:me\s+|him\s+|her\s+)?(?:home|away)
      | shame\s+(?:about|you) | would\s+have\s+been\s+nice
      # menace, legal escalation and despair: the author's stance is negative whatever the words
      | won'?t\s+be\s+so\s+(?:polite|nice) | (?:had|'d)\s+better\s+(?:not|keep|watch)
      | won'?t\s+make\s+it\s+home | watch\s+(?:your|her|his)\s+back | know\s+exactly\s+why
      | see\s+you\s+in\s+court | my\s+solicitor | lives\s+at\s+\d+ | go\s+and\s+knock
      | can'?t\s+(?:keep\s+going|go\s+on) | better\s+off\s+without\s+me
      | (?:hang|hanging|kill|killing|hurt|hurting)\s+(?:my|him|her)sel(?:f|ves)
      # sarcastic constructions that carry the complaint themselves
      | nothing\s+says\s+\w+(?:\s+\w+)?\s+like | the\s+only\s+place\s+(?:where|that)
      | a\s+whole\s+\d+\s+(?:minute|second) | what\s+a\s+service | world\s+class\s+at
      | (?:great|good)\s+news\s+everyone | (?:i'?m|feeling)\s+(?:so\s+)?spoil[te]d
    )""",
    re.VERBOSE,
)
# Cheerful words that, beside a complaint, are sarcasm or courtesy rather than praise.
_SARCASM_TAIL = re.compile(
    r"\b(?:great|brilliant|fantastic|lovely|perfect|cheers|thanks|thank\s+you|love|loving|wow|"
    r"thrilled|amazing|impressive|top\s+marks|shout\s*out|world\s+class|well\s+done|"
    r"kind\s+regards|regards|appreciate|please|with\s+respect|sorry\s+to|i'?m\s+sure)\b"
)
# The author defends the practice or its staff, or blames the government or the ICB: the
# sad words in such posts are about the system, so they do not count against the practice.
_DEFENCE = re.compile(
    r"\b(?:not\s+(?:the\s+)?(?:fault|problem)\s+of|(?:isn'?t|not)\s+the\s+problem|"
    r"not\s+[\w ,]{1,40}\s+failing|blame\s+(?:the\s+)?(?:government|westminster|ministers?|"
    r"icb|nhs\s+england|tories|contract)|stop\s+(?:blaming|taking\s+it\s+out)|"
    r"complain\s+to\s+(?:the\s+icb|them|your\s+mp)|write\s+to\s+(?:the\s+icb|your\s+mp)|"
    r"not\s+the\s+(?:receptionists?|staff|people)|leave\s+them\s+alone|be\s+better\s*(?:[.!]|$)|"
    r"(?:don'?t|doesn'?t)\s+deserve|nobody\s+deserves|solidarity|should\s+be\s+ashamed|"
    r"criticise\s+the\s+system|imposed\s+by|doing\s+their\s+best|heroes|"
    r"(?:icb|government|nhs\s+england|ministers?)\s+(?:has\s+|have\s+)?(?:cut|froze|frozen|"
    r"refus\w*|won'?t|told|imposed|pulled|withdrew|scrapped))"
)
# More of the same, for the condemnation of someone else's abuse or threat ("screenshot sent
# to the police", "don't share it") and the blame put on the government ("put the blame where
# it belongs"); tried only when one of its words (family d of _CUE_FAMILIES) is there.
_DEFENCE_MORE = re.compile(
    r"\b(?:blame\s+where\s+it\s+belongs|(?:before|don'?t)\s+(?:anyone\s+)?piles?\s+on|"
    r"(?:didn'?t|did\s+not)\s+choose|starved|underfund\w*|doing\s+what\s+they\s+can|"
    r"(?:reported|sent|screenshot\w*)\s+(?:it\s+|this\s+)?to\s+(?:the\s+)?police|"
    r"police\s+have\s+been\s+told|don'?t\s+(?:share|engage)|report\s+it|condemn\w*|"
    r"(?:aren'?t|are\s+not)\s+the\s+enemy|(?:stick|stuck|stand)\s+up\s+for|"
    r"fought\s+(?:my|our|his|her)\s+corner|doing\s+a\s+hard\s+job|so\s+much\s+grief|"
    r"deserves?\s+a\s+pay\s+rise|looks\s+after\s+(?:its|their)\s+own)"
)
# A post that opens with an information question ("is X taking new patients?"), not
# "anyone else ...?" or "is it normal ...?".
_QUESTION = re.compile(
    r"\s*(?:@\w+\s+)?(?:quick\s+q\w*,?\s+)?(?:is|are|does|do|can|could|has|have|what|"
    r"when|where|who'?s?|which|how|does\s+anyone|anyone\s+know)\b(?!\s+(?:else|it\s+(?:normal|"
    r"just)|anyone\s+else))[^.!?]*\?"
)
# News: what makes a report critical of a practice, or praise of it; anything else is factual.
_NEWS_CRITICAL = re.compile(
    r"\b(?:inadequate|special\s+measures|requires\s+improvement|told\s+(?:by\s+[\w ]+\s+)?to\s+"
    r"improve|downgraded|critici[sz]\w*|failed\s+to|failing|apologi[sz]\w*|breach|missed|"
    r"lowest|worst|not\s+fit\s+for\s+purpose|went\s+without|went\s+missing|lost|"
    r"can'?t\s+get\s+through|unsafe|delays\s+in|complain\w*|backlog|"
    r"(?:wait|waited|waiting)\s+(?:up\s+to\s+)?(?:\w+\s+)?(?:weeks|months)|face\s+long|reduced)\b"
)
_NEWS_GOOD = re.compile(
    r"\b(?:outstanding|rated\s+good|praised?|awards?|wins|won|honoured|recogni[sz]ed|"
    r"celebrat\w*|thanked?|best\s+in|fallen|cuts\s+waiting|improved|raised?\s+(?:enough|funds|"
    r"money)|kindness)\b"
)
NEWS_LEAN = 0.3
# Complaints in an understated, polite or rhetorical register: elapsed time ("day four",
# "eight days later", "been a month since"), a "gentle nudge", "a bit mixed", and questions
# asked to make a point ("who decided ...?").
_UNDERSTATED = re.compile(
    r"""\b(?:
        (?:\d+|two|three|four|five|six|seven|eight|nine|ten)\s+(?:days?|weeks?)\s+later
      | day\s+(?:two|three|four|five|six|seven|[2-9])\b
      | been\s+(?:over\s+|nearly\s+|almost\s+)?(?:a|an|\d+|two|three|four|five|six)\s+
            (?:days?|weeks?|months?)\s+since
      | (?:waiting|waited)\s+(?:a\s+long\s+time|ages|forever)
      | (?:gentle|friendly|polite)\s+(?:nudge|reminder|chase)
      | (?:a\s+bit|rather|somewhat)\s+(?:mixed|short|slow|hit\s+and\s+miss|disappointing)
      | (?:not|less\s+than)\s+ideal | room\s+for\s+improvement | could\s+be\s+better
      | (?:take|took|takes|taking)\s+(?:a\s+month|weeks|months|(?:two|three|four|five|\d+)\s+
            (?:goes|attempts|tries|weeks|months))
      | nothing\s+(?:til|till|until|before) | any\s+(?:news|update|word)\s+on
      | not\s+buying | (?:doesn'?t|does\s+not)\s+explain | nobody'?s\s+explained
      | who\s+(?:decided|thought) | genuinely\s+asking | is\s+there\s+a\s+secret
      | (?:actually|even)\s+go\s+anywhere | just\s+there\s+to | love\s+that\s+for\s+me
      | later\s+than\s+(?:promised|they\s+said) | never\s+happened
      | what'?s\s+the\s+point | better\s+off\s+\w+ing\b
      | (?<!if\sthat\s)(?<!if\sit\s)(?:goes?|went|going)\s+nowhere
      | out\s+of\s+(?:her|his|their|its)\s+depth | (?:two|three|four|several|\d+)\s+reminders
    )""",
    re.VERBOSE,
)
# What went well, said without a sentiment word ("before I'd got home", "same week", "no
# bother", "haven't had to chase once"): the sentiment model, taught mostly on complaints,
# reads such matter-of-fact praise as negative.
_GOOD_OUTCOME = re.compile(
    r"""\b(?:
        before\s+i'?d\s+(?:even\s+)?(?:got|sat|left|finished|hung)
      | (?:the\s+)?same\s+(?:day|week|afternoon|morning)\b(?!\s+(?:again|running))
      | no\s+bother | sorted\s+(?:it|me|us|him|her|out) | spot\s+on | used\s+well
      | took\s+(?:one|a\s+single)\s+(?:phone\s+)?call
      | (?:haven'?t|hasn'?t|didn'?t|never)\s+(?:had|needed)\s+to\s+(?:chase|wait|ring|ask)
      | arrives?\s+before | never\s+rush\w* | can'?t\s+fault | nothing\s+but\s+(?:kind|helpful)
      | what\s+i'?ll\s+remember | explained?\s+everything | now\s+i\s+understand
      | (?:a|an|absolute|total|proper|such\s+a)\s+(?:legend|star|gem|machine|hero|angel)s?\b
      | class\s+act | salt\s+of\s+the\s+earth | like\s+a\s+pro\b | can'?t\s+thank
      | (?:well|so|really|definitely)\s+worth\s+it | worth\s+it\s+though | small\s+wins
      | hero\b | no\s+more\s+\w+ing\b
      | angels | rang\s+(?:me|him|her|us)\s+(?:back\s+)?(?:herself|himself|at\s+home|the\s+same)
    )""",
    re.VERBOSE,
)
GOOD_LIFT = 0.3  # what went well, outweighing the complaints, makes a post this positive
GOOD_LIMIT = 0.5  # a post VADER reads at or below -GOOD_LIMIT is not rescued by what went well
# Figures of speech in GP posts that VADER reads literally. Praise in the imagery of fire,
# death and violence ("absolute fire", "on fire 🔥", "to die for", "an absolute savage of a
# GP") reads as praise, and so does a fire emoji beside it (alone, 🔥 may be arson: it is
# kept); the rest ("fire drill", "kill two birds", "die of embarrassment", "I'm such an
# idiot", said of the author) carries no stance on the practice. Taken out before VADER reads
# the text (a stand-in word would fall under VADER's negation window); the praise counts as
# what went well. _FIGURES, on the lower-cased text, decides whether to look.
_PRAISE_FIGURES = (
    r"(?:absolute|pure|proper|total)\s+(?:fire|magic|machine|savage|legend)|"
    r"(?:absolutely|totally|proper|properly)\s+on\s+fire|on\s+fire\s*🔥|🔥[^.!?]{0,40}on\s+fire|"
    r"to\s+die\s+for|walk\s+through\s+fire|(?:absolute|proper)\s+killer|"
    r"killer\s+(?:jabs?|spell|service|playlist)|savage\s+of\s+a"
)
_PLAIN_FIGURES = (
    r"fire\s+(?:drill|alarm|test)s?\b(?!\?)|set\s+fire\s+to|kill\s+two\s+birds|"
    r"(?:die|died|dying)\s+of\s+(?:embarrassment|shame|laughter)|thought\s+i'?d\s+die|"
    r"(?:nearly|almost)\s+(?:kills?|killed|died)\s+me|this\s+means\s+war|agent\s+of\s+chaos|"
    r"no\s+news\s+is\s+good\s+news|(?:don'?t|no\s+need\s+to)\s+panic|"
    r"i'?m\s+(?:such\s+an?|an?|a\s+(?:right|total|complete|proper))\s+(?:walking\s+)?"
    r"(?:idiot|numpty|plank|muppet|wally|div|disaster)|"
    r"(?:like|felt\s+like)\s+an?\s+(?:total\s+|complete\s+|right\s+)?(?:idiot|numpty|plank|muppet)|"
    r"(?:thick|stupid|daft|silly|dumb)\s+question"
)
_FIGURES = re.compile(rf"(?:{_PRAISE_FIGURES})|(?:{_PLAIN_FIGURES})")
_PRAISE_FIGURE = re.compile(_PRAISE_FIGURES, re.IGNORECASE)
_PLAIN_FIGURE = re.compile(_PLAIN_FIGURES, re.IGNORECASE)
# The understated complaints (u), what went well (g), the figures (f), the further defences
# (d) and the practical notices (i) are each tried only when one of their words is in the text
# (every alternative of each pattern holds one): the words are looked up in a dict, which
# costs far less than scanning for the patterns.
_CUE_FAMILIES = {
    "u": "later day since ages forever long nudge reminder chase bit rather somewhat ideal "
    "improvement better month weeks months goes attempts tries til till until before news "
    "update word buying explain explained nobody's decided thought genuinely secret anywhere "
    "there love happened promised said point nowhere depth reminders",
    "g": "before same bother sorted spot well took single had needed arrive arrives rush "
    "rushed rushing rushes fault kind helpful remember explain explained understand legend legends "
    "star stars gem gems machine hero heroes angel angels class salt pro thank worth wins more "
    "rang",
    "f": "fire magic machine savage legend legends killer die died dying birds nearly almost war "
    "chaos news panic idiot numpty plank muppet wally div disaster question",
    "d": "belongs pile piles choose starved underfunded underfunding underfund doing police "
    "share engage report condemn condemns condemned condemning condemnation enemy stick stuck "
    "stand corner grief rise own",
    "i": "psa psa: tip news notice posting sharing info anyone same recruiting trialling moving "
    "next fyi fyi: heads could they should",
}
_CUE_OF: dict[str, str] = {}
_QUOTE_ENDS = tuple(p + q for p in ".,!?" for q in "'\")")
for _family, _words in _CUE_FAMILIES.items():
    for _word in _words.split():
        # with the punctuation that may end a word, so that no word needs stripping
        for _start in ("", "'", '"', "("):
            # and a quotation's close after the stop: "'don't panic.'"
            for _end in ("", ".", ",", "!", "?", ":", ";", "'", '"', ")", "...", *_QUOTE_ENDS):
                _key = _start + _word + _end
                _CUE_OF[_key] = _CUE_OF.get(_key, "") + _family


def _cues(low: str) -> str:
    """The families (u, g, f, d, i) whose words the lower-cased text holds, as one string."""
    get = _CUE_OF.get
    return "".join([get(w, "") for w in low.split()])


# Information questions and practical notices are damped by this much: neither praise nor
# complaint, whatever VADER or the model make of their vocabulary.
INFO_DAMP = 0.25
# A three-star review keeps this share of its text's compound (see score_sentiment).
MIDDLE_STARS = 0.1
# "X, but Y": what follows the last contrast is the writer's verdict.
_CONTRAST = re.compile(r"\b(?:but|however|that\s+said)\b")
# Practical notices and questions (opening times, a move, "anyone know if ..."), which the
# model, taught mostly on complaints, reads as complaints.
_INFO = re.compile(
    r"\b(?:psa\b|tip\s+for\s+(?:anyone|[\w ]{1,30}\s+patients)|news\s+from|notice\s+is|"
    r"(?:posting|sharing)\s+in\s+case|"
    r"info\s+from|for\s+anyone\s+(?:at|asking|registered)|same\s+phone\s+number|"
    r"(?:are|is)\s+(?:recruiting|trialling|moving\s+to)|from\s+next\s+(?:week|month)|"
    r"fyi\b|heads\s+up|"
    r"anyone\s+know\s+(?:if|whether|how|what|where|when)|could\s+you\s+(?:tell|let)\s+me|"
    r"(?:will|do|does|can)\s+they\s+\w+[^.!?]*\?|should\s+i\s+(?:ring|call|bring|book))"
)
# About a practice, both complaint lists are read in one pass over the text.
_CARE_COMPLAINTS = re.compile(
    f"(?:{_COMPLAINT_PHRASES.pattern})|(?:{_PLAIN_COMPLAINTS.pattern}\n)", re.VERBOSE
)
_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _domain_lexicon() -> dict[str, float]:
    text = resources.files("classifiers").joinpath("lexicons/gp_sentiment.txt").read_text("utf-8")
    out: dict[str, float] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            word, value = line.split("\t")
            out[word.strip()] = float(value)
    return out


@lru_cache(maxsize=1)
def analyser() -> SentimentIntensityAnalyzer:
    """The process's VADER analyser for posts about primary care: the domain lexicon added."""
    with _LOCK:
        sia = SentimentIntensityAnalyzer()
        sia.lexicon.update(_domain_lexicon())
        return sia


@lru_cache(maxsize=1)
def plain_analyser() -> SentimentIntensityAnalyzer:
    """Plain VADER, for text that is not about primary care (and as the eval baseline)."""
    with _LOCK:
        return SentimentIntensityAnalyzer()


@lru_cache(maxsize=1)
def _fast_domain() -> FastVader:
    # the same scores as analyser().polarity_scores, a few times faster (tests/test_vader_fast.py)
    return FastVader(analyser())


@lru_cache(maxsize=1)
def _fast_plain() -> FastVader:
    return FastVader(plain_analyser())


def label_for(compound: float) -> str:
    """VADER's usual thresholds."""
    if compound >= POSITIVE_AT:
        return "positive"
    if compound <= NEGATIVE_AT:
        return "negative"
    return "neutral"


# Words that say a post is about primary care; elsewhere the domain model stays out of it.
_DOMAIN_WORDS = re.compile(
    r"\b(?:gp|gps|surgery|doctor|doctors|nurse|receptionist|reception|appointments?|appt|"
    r"prescriptions?|e-?consult|nhs|clinic|referral|medication|surgery's|health\s+cent(?:re|er)|"
    r"medical\s+cent(?:re|er)|medical\s+practice|gp\s+practice|pharmacy|a&e|sick\s+note|"
    r"fit\s+note|blood\s+tests?|jab|(?:the|our|my|this|that|your)\s+practice)\b"
)
MODEL_WEIGHT = 0.5  # measured on the dev split and the GP Friends and Family answers
MODEL_CONFIDENT = 0.3
VADER_SURE = 0.75  # when VADER is this sure the model rarely changes the label: save its time


def is_domain_text(text: str) -> bool:
    """True when the text speaks about GP or NHS care (so the domain model applies): its
    vocabulary, or one of the complaints practices get ("on hold for 40 minutes")."""
    low = text.lower()
    return _DOMAIN_WORDS.search(low) is not None or _COMPLAINT_PHRASES.search(low) is not None


def _domain_compound(
    text: str, low: str, compound: float, complaints: int, rating: int | None, about_care: bool
) -> float:
    """The compound of a post (not news) about care, from VADER's `compound` and the count of
    complaint phrases: the model's view, the figures, the register and what went well.

    The figures, understated complaints and what went well are looked for only where they
    can change the label (and only when one of their words is there), so that most posts pay
    for none of them.
    """
    cues = None if compound >= POSITIVE_AT else _cues(low)
    good = 0  # what went well, said without a sentiment word (or in figures)
    if cues and "f" in cues and _FIGURES.search(low) is not None:
        # VADER does not read this as praise, and figures may be what pulls it down
        text, good = _PRAISE_FIGURE.subn(" ", text)
        if good and "🔥" in text:
            # beside praise, the fire emoji is praise too; alone it may be arson (a threat)
            text = text.replace("🔥", " ")
        text = _PLAIN_FIGURE.sub(" ", text)
        compound = _fast_domain().polarity_scores(text)["compound"]
    # a post VADER reads as plainly negative is not rescued by what went well
    looked = compound <= -GOOD_LIMIT
    if about_care and not complaints and rating is None and _QUESTION.match(low) is not None:
        # asking opening times or whether a list is open is neither praise nor complaint;
        # the model, taught on complaints, reads any practice question as one
        compound *= INFO_DAMP
    elif about_care and abs(compound) < VADER_SURE and complaints < 2:
        m = model.load("sentiment")
        if m is not None:
            p = m.proba(text)
            lean = p["positive"] - p["negative"]
            if abs(lean) >= MODEL_CONFIDENT:  # an unsure model only adds noise
                if lean < 0 and not looked:
                    # taught mostly on complaints, the model reads matter-of-fact praise ("had
                    # my sick note on the app before I'd got home") and practical notices
                    # ("PSA: closed Monday, 111 covers") as complaints
                    if cues is None:
                        cues = _cues(low)
                    if "g" in cues:
                        good += len(_GOOD_OUTCOME.findall(low))
                    looked = True
                    if good and good >= complaints:
                        lean = 0.0
                    elif (
                        not good
                        and not complaints
                        and rating is None
                        and "i" in cues
                        and _INFO.search(low) is not None
                    ):
                        compound *= INFO_DAMP
                        lean = 0.0
                compound += MODEL_WEIGHT * lean
    if about_care and (good or compound - PHRASE_PULL * complaints > NEGATIVE_AT):
        # not negative yet, or something went well to weigh against: look for the complaints
        # said quietly or politely
        if cues is None:
            cues = _cues(low)
        if "u" in cues:
            complaints += len(_UNDERSTATED.findall(low))
    if about_care and not looked and complaints < 2:
        if cues is None:
            cues = _cues(low)
        if "g" in cues:
            good += len(_GOOD_OUTCOME.findall(low))
    if good and complaints >= good and _CONTRAST.search(low) is not None:
        # "took three goes to get through, but the nurse was spot on": what went well, said
        # after the "but", is the verdict
        tail = _CONTRAST.split(low)[-1]
        if _GOOD_OUTCOME.search(tail) and not _CARE_COMPLAINTS.search(tail):
            good = complaints + 1
    if good > complaints:
        compound = max(compound, 0.0) + GOOD_LIFT
    complaints = max(0, complaints - good)
    before = compound
    if complaints:
        # beside a complaint, a cheerful or courteous word is sarcasm or manners, not praise
        if about_care and compound > 0 and _SARCASM_TAIL.search(low):
            compound = -compound * 0.5
        compound -= PHRASE_PULL * complaints
    if compound < 0 and about_care:
        # searched only for a negative post: defending staff never makes a post negative
        if cues is None:
            cues = _cues(low)
        if _DEFENCE.search(low) is not None or (
            "d" in cues and _DEFENCE_MORE.search(low) is not None
        ):
            compound = max(before, 0.0)
    return compound


def score_sentiment(
    text: str, rating: int | None = None, *, domain: bool | None = None, news: bool = False
) -> tuple[float, str]:
    """(compound in [-1, 1], label) for a text, with an optional 1-5 star rating.

    `domain` says the post is about a practice (the pipeline knows: it matched one); None
    decides from the words. In the domain, the sentiment model trained on NHS patient
    feedback (classifiers/models/sentiment.json.gz) adds its view to VADER's. `news` (an RSS
    news item) damps VADER's view instead: factual reporting is neutral unless it criticises.
    """
    low = text.lower()
    about_care = domain if domain is not None else (news or _DOMAIN_WORDS.search(low) is not None)
    if about_care:
        complaints = len(_CARE_COMPLAINTS.findall(low))
    else:
        complaints = len(_COMPLAINT_PHRASES.findall(low))
    if not about_care and not complaints:
        # "sick", "cancer", "joke" mean what VADER thinks they mean outside a surgery
        compound = _fast_plain().polarity_scores(text)["compound"]
        if rating is not None and 1 <= rating <= 5:
            compound = 0.4 * compound + 0.6 * (rating - 3) / 2
        return round(compound, 4), label_for(compound)
    compound = _fast_domain().polarity_scores(text)["compound"]
    if news:
        # news is written to be neutral and VADER over-reads it: a report is negative when it
        # criticises the practice, positive when it praises it, and otherwise factual
        compound *= 0.35
        critical = complaints > 0 or _NEWS_CRITICAL.search(low) is not None
        good = _NEWS_GOOD.search(low) is not None
        if critical and not good:
            compound = min(compound, 0.0) - NEWS_LEAN
        elif good and not critical:
            compound = max(compound, 0.0) + NEWS_LEAN
        else:
            compound = max(NEGATIVE_AT / 2, min(POSITIVE_AT / 2, compound))
    else:
        compound = _domain_compound(text, low, compound, complaints, rating, about_care)
    if rating is not None and 1 <= rating <= 5:
        stars = (rating - 3) / 2  # 1 star -> -1, 3 -> 0, 5 -> +1
        # three stars is the reviewer's own middle verdict ("does the job", "ran late but
        # thorough"): only strongly worded text moves such a review out of neutral
        compound = 0.4 * compound + 0.6 * stars if rating != 3 else MIDDLE_STARS * compound
    compound = max(-1.0, min(1.0, compound))
    return round(compound, 4), label_for(compound)


# Every phrase regex above looks at the next character before it tries its alternatives: the
# same matches, found faster (classifiers/prefilter.py).
first_char_all(globals())
