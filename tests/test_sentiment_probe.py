"""Domain sentiment and the expected action on tests/data/sentiment_probe.jsonl and
tests/data/sentiment_probe_2.jsonl.

Each probe's odd lines were developed against (the first probe's are in the sentiment model's
training data); the even lines are held out, so the floors below are on the even lines only, a
little under the figures reached (sentiment_probe.jsonl: sentiment 0.81, action 0.89;
sentiment_probe_2.jsonl: see test_second_probe_held_out_floors). The other labelled files must
not fall below what they scored before this work.
"""

from __future__ import annotations

import pytest

from classifiers import eval_data
from classifiers.evaluate import evaluate_domain, score_label
from classifiers.model import feature_id, features, tokens
from classifiers.sentiment import score_sentiment
from tests.support.train_script import train_module

DATA = eval_data.DEV_SPLIT.parent
PROBE = DATA / "sentiment_probe.jsonl"
PROBE_2 = DATA / "sentiment_probe_2.jsonl"


def _held_out() -> list[dict]:
    return eval_data.load_jsonl(PROBE)[1::2]


def _detail(report) -> str:
    return report.format() + "\n" + "\n".join(f"{m[0]} {m[1]}" for m in report.misses[:25])


def test_probe_file_is_well_formed():
    rows = eval_data.load_jsonl(PROBE)
    assert [r["id"] for r in rows] == [f"e{n:03d}" for n in range(1, 201)]
    for r in rows:
        assert r["sentiment"] in {"positive", "neutral", "negative"}
        assert ("rating" in r) == (r["source"] == "nhs_reviews")
        if r["practice"] is None:
            assert r["action"] == "none", r["id"]


def test_held_out_half_sentiment_and_action_floors(classifier):
    report = evaluate_domain(classifier, _held_out())
    detail = _detail(report)
    assert report.sentiment_accuracy >= 0.78, detail
    assert report.action_accuracy >= 0.86, detail
    neg = score_label(
        "negative", [(e == "negative", g == "negative") for e, g in report.sentiment_pairs]
    )
    assert neg.precision >= 0.82 and neg.recall >= 0.87, detail
    pos = score_label(
        "positive", [(e == "positive", g == "positive") for e, g in report.sentiment_pairs]
    )
    assert pos.precision >= 0.78 and pos.recall >= 0.75, detail
    reply = score_label("reply", [(e == "reply", g == "reply") for e, g in report.action_pairs])
    assert reply.precision >= 0.80 and reply.recall >= 0.86, detail
    mod = score_label(
        "moderator",
        [(e == "report_to_moderator", g == "report_to_moderator") for e, g in report.action_pairs],
    )
    assert mod.precision >= 0.95 and mod.recall >= 0.95, detail


@pytest.mark.parametrize(
    ("name", "sentiment_floor", "action_floor"),
    [
        # what each file scored before the probe work (sentiment, action): never below
        ("domain_examples.jsonl", 0.850, 0.957),
        ("domain_dev_extra.jsonl", 0.720, 0.880),
        ("threat_probe.jsonl", 0.652, 0.780),
        ("safeguarding_probe.jsonl", 0.562, 0.838),
    ],
)
def test_other_labelled_files_do_not_regress(classifier, name, sentiment_floor, action_floor):
    report = evaluate_domain(classifier, eval_data.load_jsonl(DATA / name))
    assert report.sentiment_accuracy >= sentiment_floor, _detail(report)
    assert report.action_accuracy >= action_floor, _detail(report)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # a complaint with courtesy and no sentiment word
        (
            "@CastleHillGP sorry to bother you, still no call back about my bloods. Thanks",
            "negative",
        ),
        ("Was told to ring back tomorrow again by Elm Tree Surgery", "negative"),
        # an information question
        ("does Elm Tree Surgery do ear syringing or is it the pharmacy now?", "neutral"),
        # staff defended, government blamed
        ("Leave the receptionists at Riverside MC alone, the ICB cut their budget", "neutral"),
    ],
)
def test_domain_sentiment_reads_register(text, label):
    assert score_sentiment(text, domain=True)[1] == label


def test_news_is_factual_unless_it_criticises_or_praises():
    factual = "Car crashes into wall outside Castle Hill Practice. Nobody was hurt, police said."
    critical = "Elm Tree Surgery rated inadequate. Inspectors found unsafe prescribing."
    praise = "Riverside Medical Centre rated outstanding by inspectors."
    assert score_sentiment(factual, domain=True, news=True)[1] == "neutral"
    assert score_sentiment(critical, domain=True, news=True)[1] == "negative"
    assert score_sentiment(praise, domain=True, news=True)[1] == "positive"


def test_training_leaves_practice_and_staff_names_out():
    """Names say who a post is about, not how its writer feels: the sentiment model's training
    matrix drops every token holding a practice, place or staff name word."""
    train = train_module()
    drop = train.name_words()
    assert {"elm", "castlehillgp", "bakewell", "okafor", "mandy"} <= drop
    assert not {"surgery", "practice", "the"} & drop
    named = train.matrix(["Elm Tree Surgery was rude to Mandy Cole"], drop)
    plain = train.matrix(["Surgery was rude to"])
    assert (named != plain).nnz == 0
    text = "Rang Elm Tree at 8, nothing left"
    assert [feature_id(t) for t in tokens(text)] == features(text)


# --- sentiment_probe_2.jsonl: understatement, politeness, figures, notices, mixed posts ------

FLAGS = ("abuse", "threat", "staff_targeted", "personal_data", "safeguarding")


def test_second_probe_is_well_formed():
    rows = eval_data.load_jsonl(PROBE_2)
    assert [r["id"] for r in rows] == [f"k{n:03d}" for n in range(1, 201)]
    for r in rows:
        assert r["sentiment"] in {"positive", "neutral", "negative"}
        assert ("rating" in r) == (r["source"] == "nhs_reviews")
        assert not any(r[k] for k in FLAGS), r["id"]


def test_second_probe_held_out_floors(classifier):
    """Held-out (even) half of sentiment_probe_2.jsonl. Before the register rules: sentiment
    0.49, action 0.66, reply-or-none 54/88 (0.61), reply precision 0.55 recall 0.76; reached:
    sentiment 0.53, action 0.72, reply-or-none 60/88 (0.68), reply precision 0.62 recall 0.76.
    The floors sit a little under what was reached."""
    held_out = eval_data.load_jsonl(PROBE_2)[1::2]
    report = evaluate_domain(classifier, held_out)
    detail = _detail(report)
    assert report.sentiment_accuracy >= 0.50, detail
    assert report.action_accuracy >= 0.69, detail
    # only sentiment decides between a reply and nothing for these posts
    plain = [r for r in held_out if r["practice"] and r["action"] in ("reply", "none")]
    pairs = evaluate_domain(classifier, plain).action_pairs
    assert sum(e == g for e, g in pairs) / len(pairs) >= 0.65, detail
    reply = score_label("reply", [(e == "reply", g == "reply") for e, g in report.action_pairs])
    assert reply.precision >= 0.58 and reply.recall >= 0.72, detail


def _label(text: str, rating: int | None = None, news: bool = False) -> str:
    return score_sentiment(text, rating, domain=True, news=news)[1]


@pytest.mark.parametrize(
    ("text", "hard_negative"),
    [
        # a complaint in polite understatement: elapsed time, "a gentle nudge"
        (
            "I'm sure they're rushed off their feet at Castle Hill GP, but it's been a month "
            "since I asked for my repeat to be changed. Just a gentle nudge.",
            "Sorry to be a pain @CastleHillGP, could you let me know if my phone appointment "
            "on Friday is morning or afternoon? Need to sort childcare. Thanks",
        ),
        # a question asked to make a point, beside an information question
        (
            "Who decided The Surgery in Bakewell should only take repeat requests between 2 "
            "and 3? Genuinely asking.",
            "Who do I ask at The Surgery in Bakewell about moving my repeat prescription to "
            "the new pharmacy?",
        ),
        # a notice is neutral; the same notice with the complaint in it is not
        (
            "Elm Tree Surgery closed again on Wednesday afternoon. Third time this month, and "
            "nobody answers the phone.",
            "PSA: Elm Tree Surgery is closed Wednesday afternoon for staff training, 111 covers "
            "until 6.30.",
        ),
    ],
)
def test_quiet_complaints_are_negative_and_their_twins_are_not(text, hard_negative):
    assert _label(text) == "negative"
    assert _label(hard_negative) != "negative"


@pytest.mark.parametrize(
    ("text", "hard_negative"),
    [
        # praise without a sentiment word, and the broken promise in the same words
        (
            "Riverside Medical had my fit note on the app before I'd got home from the "
            "appointment.",
            "Riverside Medical said my fit note would be on the app by Tuesday. Day four now and "
            "still nothing.",
        ),
        # praise in the imagery of violence and fire; the fire emoji alone stays a menace
        (
            "Dr Okafor at Riverside MC is a total savage with verrucas, froze mine off in two "
            "minutes flat",
            "@ElmTreeSurgery 🔥🏥🔥 see you Monday",
        ),
        (
            "🔥🔥 the flu clinic at Elm Tree Surgery was proper on fire this morning, in and out "
            "in ten minutes",
            "the receptionist at Castle Hill Practice is an idiot who rebooked me for the wrong "
            "day",
        ),
        (
            "that Riverside MC hold music is to die for, not even joking",
            "that Riverside MC hold music makes me want to die, forty minutes of it",
        ),
        # a mixed post: what went well after the "but" is the verdict, and the other way round
        (
            "took four tries to get through to Riverside MC but the nurse was spot on and "
            "sorted it",
            "the nurse at Riverside MC was spot on but it took four tries to get through and "
            "nobody rang me back",
        ),
    ],
)
def test_praise_without_sentiment_words_is_positive(text, hard_negative):
    assert _label(text) == "positive"
    assert _label(hard_negative) == "negative"


@pytest.mark.parametrize(
    ("text", "hard_negative"),
    [
        # the author calling themself an idiot is not a complaint about the practice
        (
            "I'm such an idiot, turned up at Castle Hill Practice a day early. Receptionist "
            "just laughed and rebooked me",
            "the receptionist at Castle Hill Practice is an idiot who rebooked me for the wrong "
            "day",
        ),
        # condemning someone else's threat, not complaining
        (
            "Someone in the village group said they'd 'sort out' the receptionists at Castle "
            "Hill GP. Screenshot sent to the police. Don't share it.",
            "The receptionists at Castle Hill GP were rude and dismissive, I've complained to "
            "the practice manager.",
        ),
        # the ICB, not the practice, is blamed
        (
            "The Saturday clinic at Elm Tree Surgery has stopped because the ICB pulled the "
            "funding.",
            "The Saturday clinic at Elm Tree Surgery has stopped and nobody has explained why.",
        ),
        # a fire drill is not a fire
        (
            "Fire drill at Castle Hill Practice this morning, all of us out on the car park in "
            "the drizzle.",
            "Castle Hill Practice cancelled my appointment this morning, and the one before.",
        ),
    ],
)
def test_no_stance_on_the_practice_is_not_negative(text, hard_negative):
    assert _label(text) != "negative"
    assert _label(hard_negative) == "negative"


def test_three_stars_stay_neutral_unless_the_words_are_strong():
    assert _label("Elm Tree Surgery. Does what it says. Waiting room is a bit cramped.", 3) == (
        "neutral"
    )
    strong = "Elm Tree Surgery. Rude, dismissive, disgusting attitude from start to finish. Awful."
    assert _label(strong, 3) == "negative"
    # two stars still lean negative on the same mild words
    assert _label("Elm Tree Surgery. Does what it says. Waiting room is a bit cramped.", 2) == (
        "negative"
    )


def test_news_of_a_backlog_is_critical_and_a_new_clinic_is_not():
    backlog = (
        "Norwich patients wait weeks for results. Patients at Castle Hill Practice say they "
        "have waited up to eight weeks for scan results after a backlog built up."
    )
    clinic = (
        "Castle Hill Practice to open Saturday clinics from June. The practice said the change "
        "follows patient feedback."
    )
    assert _label(backlog, news=True) == "negative"
    assert _label(clinic, news=True) == "neutral"


def test_every_register_pattern_is_reached_through_its_cue_words():
    """The register patterns run only when one of their family's words is in the post (see
    _CUE_FAMILIES): a pattern that matches a post whose words do not include its family would
    never fire. Checked on every post of the labelled development files."""
    from classifiers import sentiment as s

    families = {
        "u": s._UNDERSTATED,
        "g": s._GOOD_OUTCOME,
        "f": s._FIGURES,
        "d": s._DEFENCE_MORE,
        "i": s._INFO,
    }
    texts = [
        r["text"].lower()
        for path in sorted(DATA.glob("*.jsonl"))
        if "frozen" not in path.name
        for r in eval_data.load_jsonl(path)
    ]
    matched = dict.fromkeys(families, 0)
    for low in texts:
        cues = s._cues(low)
        for family, pattern in families.items():
            if pattern.search(low) is not None:
                matched[family] += 1
                assert family in cues, (family, low)
    assert all(matched.values()), matched  # each pattern was exercised


def test_what_went_well_reads_whole_words() -> None:
    """ "a start" is not "a star": the praise nouns end at a word boundary (found at stop 20,
    when a complaint ending "a phone call instead of a text would be a start" read as praise
    where the post held another of the family's words)."""
    from classifiers import sentiment as s

    assert s._GOOD_OUTCOME.search("a phone call would be a start.") is None
    assert s._GOOD_OUTCOME.search("a gemini of a problem") is None
    assert s._GOOD_OUTCOME.search("nurse sian is a star.") is not None
    assert s._GOOD_OUTCOME.search("absolute legends, the lot of them") is not None


def test_condemnation_reaches_the_defence_patterns() -> None:
    """Every form of "condemn" the defence pattern reads is among its cue words."""
    from classifiers import sentiment as s

    for word in ("condemns", "condemnation", "condemned"):
        text = f"the minister said she {word} all abuse of nhs staff"
        assert s._DEFENCE_MORE.search(text) is not None
        assert "d" in s._cues(text), word
