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
    r"refus\w*|won'?t|told|imposed))"
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
    r"can'?t\s+get\s+through|unsafe|delays\s+in|complain\w*)\b"
)
_NEWS_GOOD = re.compile(
    r"\b(?:outstanding|rated\s+good|praised?|awards?|wins|won|honoured|recogni[sz]ed|"
    r"celebrat\w*|thanked?|best\s+in|fallen|cuts\s+waiting|improved|raised?\s+(?:enough|funds|"
    r"money)|kindness)\b"
)
NEWS_LEAN = 0.3
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
        question = (
            about_care and not complaints and rating is None and _QUESTION.match(low) is not None
        )
        if question:
            # asking opening times or whether a list is open is neither praise nor complaint;
            # the model, taught on complaints, reads any practice question as one
            compound *= 0.5
        elif about_care and abs(compound) < VADER_SURE and complaints < 2:
            m = model.load("sentiment")
            if m is not None:
                p = m.proba(text)
                lean = p["positive"] - p["negative"]
                if abs(lean) >= MODEL_CONFIDENT:  # an unsure model only adds noise
                    compound += MODEL_WEIGHT * lean
        before = compound
        if complaints:
            # beside a complaint, a cheerful or courteous word is sarcasm or manners, not praise
            if about_care and compound > 0 and _SARCASM_TAIL.search(low):
                compound = -compound * 0.5
            compound -= PHRASE_PULL * complaints
        if compound < 0 and about_care and _DEFENCE.search(low) is not None:
            # searched only for a negative post: defending staff never makes a post negative
            compound = max(before, 0.0)
    if rating is not None and 1 <= rating <= 5:
        stars = (rating - 3) / 2  # 1 star -> -1, 3 -> 0, 5 -> +1
        compound = 0.4 * compound + 0.6 * stars
    compound = max(-1.0, min(1.0, compound))
    return round(compound, 4), label_for(compound)
