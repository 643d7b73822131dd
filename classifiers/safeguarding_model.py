"""A small learned safeguarding scorer that backs up the safeguarding rules (classifiers/flags.py).

The safeguarding rules know the phrasings of suicidal thoughts, self-harm and stockpiled
medication they were written for, and the context that undoes them (negation, "this queue makes
me want to die", "ending it" with a contract). Fresh wording of the same worry slips past them.
This scorer reads the same normalised text, with the shape cues below but not the rules' hits
(with them it learnt to echo the rules; see classifiers/MODEL_CARD.md), through
`classifiers/learned_hits.py` (the token pass is shared with the threat and abuse scorers).
Trained by `scripts/train_model.py --only safeguarding`, measured leave-one-file-out by
`scripts/eval_learned_hits.py --label safeguarding`.
"""

from __future__ import annotations

from classifiers.learned_hits import HitScorer, tokens_and_set

NAME = "safeguarding"

# Shape cues as sets of words and word pairs (one set intersection each at scoring time).
_CUES: dict[str, frozenset[str]] = {
    # the author speaking of themselves: most safeguarding posts are in the first person
    "self": frozenset({"i", "i'm", "im", "me", "myself", "meself", "i've", "ive", "i'd", "i'll"}),
    # a relative or friend the author is worried about
    "relative": frozenset(
        {"my mum", "my dad", "my son", "my daughter", "my brother", "my sister", "my husband"}
        | {"my wife", "my partner", "my nan", "my grandad", "my friend", "my mate", "my boy"}
        | {"my girl", "my lad", "my teenager", "my kid", "my child", "my fiance", "my fiancé"}
    ),
    # medication, the means most often named in GP posts
    "meds": frozenset(
        {"tablets", "pills", "meds", "medication", "paracetamol", "painkillers", "prescription"}
        | {"sertraline", "citalopram", "co-codamol", "codeine", "tramadol", "sleeping"}
    ),
    # time running out, the end of things
    "ending": frozenset(
        {"anymore", "any more", "much longer", "no point", "the point", "goodbye", "tonight"}
        | {"for good", "last", "forever", "end", "ending", "over", "gone", "done"}
    ),
    # the complaint register that makes "I want to die" a figure of speech
    "complaint": frozenset(
        {"queue", "hold", "phone", "phones", "8am", "call", "appointment", "receptionist"}
        | {"lol", "lmao", "haha", "contract", "job", "retire", "retiring", "retirement"}
    ),
    # someone else's words or a campaign, not a person at risk now
    "report": frozenset(
        {"charity", "awareness", "campaign", "article", "news", "training", "prevention"}
        | {"research", "survey", "leaflet", "week", "service", "samaritans", "helpline"}
    ),
    # the worry made urgent
    "urgent": frozenset(
        {"help", "please", "scared", "worried", "frightened", "crisis", "urgent", "asap"}
        | {"nobody", "no one", "alone", "can't", "cant"}
    ),
}
SCORER = HitScorer(NAME, _CUES)

# The model is asked only about posts with one of these words: death, dying, living, self-harm,
# the means, farewells. Measured on the labelled files it never saw (two folds by file), the
# ungated model flagged ~2% of complaints ("I'm done", "not even cross anymore just tired",
# "tonight"); gated, ~0.3%, for most of its left-out recall. The gate also spares most posts the
# model's pass (the tokens are shared with the threat and abuse scorers).
GATE = frozenset(
    {"die", "dying", "dead", "death", "suicide", "suicidal", "kill", "killing", "alive"}
    | {"exist", "existing", "unalive", "unaliving", "kms", "pills", "tablets", "tabs", "meds"}
    | {"overdose", "paracetamol", "cut", "cutting", "cuts", "blade", "blades", "razor", "razors"}
    | {"rope", "cord", "noose", "hose", "hosepipe", "bridge", "jump", "jumping", "harm", "harming"}
    | {"goodbye", "goodbyes", "funeral", "burden", "bleed", "bleeding", "scars", "unaliving"}
    | {"pointless", "nemore", "stockpiled", "stockpiling", "hoarding", "stash", "stashed"}
    | {"end", "ending", "life", "live", "living", "wake", "anymore", "myself", "meself"}
    | {"himself", "herself", "hurt", "hurting", "saved", "given", "gave", "giving", "peace"}
    | {"calm", "note", "letters"}
)


def worth_scoring(s: str) -> bool:
    """Whether normalised text `s` has a word of the gate (one set intersection)."""
    return not GATE.isdisjoint(tokens_and_set(s)[1])
