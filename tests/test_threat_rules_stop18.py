"""Threat phrasings the rules learnt at stop 18 (`rules-20`), read with the learned scorer
switched off so the rules alone must find them: leaving work in an ambulance, the police as a
stopwatch, karma with a helper, safety denied, a fire nobody would mourn, regret arranged, plans
the staff would not like, a laugh on borrowed time, settling it "the old fashioned way", harm in
scare quotes, and a knife beside a time. Beside each, the ordinary sentence built of the same
words. Every text is written for this test and is in no data file."""

from __future__ import annotations

import pytest

from classifiers.flags import detect_flags

STAFF = ["Jade Wilson", "Dr Rob Ellis", "Karen Holt"]


@pytest.mark.parametrize(
    "text",
    [
        "Keep smirking Jade, you'll be leaving the desk in an ambulance before Christmas",
        "Dear Elm Tree staff, how fast do the police get to Crookes on a Saturday night? "
        "You may find out soon.",
        "Dr Ellis thinks he's untouchable. Karma gets a little help round here.",
        "Would your receptionists feel safe in the car park tonight? I wouldn't want them to. "
        "They won't.",
        "If somebody burnt that surgery down no one would care, just putting it out there",
        "Me and my brothers will make sure he regrets every word of that letter",
        "Bet Karen wouldn't come in on Monday if she knew what I've got planned.",
        "Enjoy your little power trip while it lasts, Karen.",
        "Next time Dr Ellis fobs me off we'll settle this the old-fashioned way in the car park",
        "Might 'accidentally' bump into Jade on her way out, clumsy me",
        "Karen Holt 🔪 see you at 5:30",
    ],
)
def test_the_rules_alone_read_these_as_threats(text: str, threat_rules_only: None) -> None:
    r = detect_flags(text, STAFF)
    assert r.flags["threat"], (text, r.scores)


@pytest.mark.parametrize(
    "text",
    [
        "My dad left the surgery in an ambulance on Tuesday, Dr Ellis spotted the stroke. Legend.",
        "How long does it take the police to answer 101 now? 40 minutes for a stolen bike",
        "Karma needs a hand this Christmas: donate to the surgery's food bank box",
        "Do your staff feel safe? A third of receptionists have been threatened. They shouldn't "
        "have to put up with it.",
        "Someone burnt the popcorn in the staff room, nobody would own up",
        "Make sure you don't regret it: book your flu jab before the clinic closes",
        "If they knew my plans for the weekend they'd be so jealous, Whitby with the grandkids",
        "Enjoy the sunshine while it lasts, the surgery garden is open for the coffee morning",
        "We sorted it out the old fashioned way: I rang reception and spoke to a real person",
        "I 'accidentally' ate the whole tin of Roses the nurses gave us, sorry not sorry",
        "See you at 9 for your bloods, bring your letter, says the text from Elm Tree",
    ],
)
def test_the_same_words_in_ordinary_sentences_are_not(text: str, threat_rules_only: None) -> None:
    r = detect_flags(text, STAFF)
    assert not r.flags["threat"], (text, r.scores)
