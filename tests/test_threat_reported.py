"""Who is speaking in a learned threat hit's sentence, and when a complaint word is a complaint.

The learned threat scorer's hit spans a whole sentence. Until stop 13 any reporting word in it
("saying", "told", "threat", "words", "call") discounted the hit as someone else's report, so
the author's own hedges ("I'm just saying he finishes at 6", "not a threat, just facts") hid
the threat; and "it won't be a complaint form next time" read as the formal route. Measured
leave-one-file-out (scripts/eval_learned_hits.py --label threat): 26 more left-out threats for
one more false alarm. The sentences here are written for this test, not taken from the data.
"""

from __future__ import annotations

import pytest

from classifiers import flags


def _whole(text: str) -> tuple[flags._Ctx, int, int]:
    ctx = flags._context(text)
    return ctx, 0, len(ctx.s)


@pytest.mark.parametrize(
    "text",
    [
        "I'm just saying she parks round the back and it gets dark early",
        "not saying who, not saying when",
        "Just saying he walks the dog past the allotments at 10",
        "Told Jade on the desk that was her final chance",  # the subject left out is the author
        "the next receptionist that says no to me will regret it",
        "if he says no again he'll be leaving in worse shape than me",
        "you'll pay for what u wrote in my records",
        "Not a threat, just facts: her car is the red one",  # a noun is not a report any more
        "next time it won't be words",
    ],
)
def test_the_authors_own_words_are_not_a_report(text: str) -> None:
    assert not flags._reported_by_other(*_whole(text))


@pytest.mark.parametrize(
    "text",
    [
        "My uncle says the GP will regret retiring, he'll be bored stiff",
        "the receptionist told me 'you'll see what happens if you miss another one'",
        "my neighbour keeps saying she'll sort the practice manager out",
    ],
)
def test_someone_elses_words_are_a_report(text: str) -> None:
    assert flags._reported_by_other(*_whole(text))


def test_the_threat_scorer_reads_reports_narrowly_and_the_other_scorers_as_before() -> None:
    # the abuse scorer still discounts "called" reports ("he called me a ..."), which the
    # threat scorer's narrower check does not count
    ctx, a, b = _whole("he called the receptionist a liar")
    assert ctx.reported(a, b) and not flags._reported_by_other(ctx, a, b)


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("next time it won't be a complaint form through the door", False),
        ("my brothers don't write reviews", False),
        ("it won't be the ombudsman you hear from", False),
        ("I'll be putting in a formal complaint", True),
        ("I'm writing to the CQC and my MP", True),
        ("you'll regret it when the survey comes out", True),
    ],
)
def test_a_negated_complaint_is_not_the_formal_route(text: str, complaint: bool) -> None:
    s = flags._context(text).s
    assert flags._complaint_in(s, 0, len(s)) is complaint


def test_a_system_prediction_anywhere_in_the_post_discounts_the_scorer() -> None:
    # the sentence the scorer leans on is "Told you so." after the prediction
    text = (
        "You'll see what happens at Castle Hill Practice when the new phone system goes live"
        " on Monday: the queue will double. Told you so."
    )
    assert not flags.detect_flags(text).flags["threat"]


@pytest.mark.parametrize(
    "text",
    [
        "she wants sacking",
        "the lot of them need sacking",
        "that man should be sacked",
        "sack her and hire someone who smiles",
    ],
)
def test_a_call_for_dismissal_is_the_complaint_route(text: str) -> None:
    assert flags._DISMISSAL_CALL.search(flags._context(text).s)


def test_insults_and_a_call_for_dismissal_are_abuse_not_a_threat() -> None:
    # the learned scorer read strong insults beside "wants sacking" as menace (the demo's
    # Google Alerts feed has such a post); "can sack me as a patient" is not a call to dismiss
    text = (
        "Rang Riverside Medical Centre again. That thick sl*g Lisa on reception laughed at me,"
        " stupid fat cow wants sacking. Somebody tell her she's a receptionist not a doctor"
    )
    r = flags.detect_flags(text)
    assert r.flags["abuse"] and not r.flags["threat"]
    assert not flags._DISMISSAL_CALL.search("they can sack me as a patient")
