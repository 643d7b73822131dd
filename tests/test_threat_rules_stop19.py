"""Threat phrasings the rules learnt at stop 19 (`rules-21`), read with the learned scorer
switched off so the rules alone must find them: a shift's end tied to the author's temper, a
one-word "Watching.", a crowd sent to a phone by night, a visit announced "Personally.", someone
carried out, a coffin dedicated to someone, checking under a car, a knock at the door, a deadline
of days, "asking for a reason", waiting until staff are alone, a vehicle easy to spot, the
registration written down, and a leaving time with the author waiting. Beside each, the ordinary
sentence built of the same words. Every text is written for this test and is in no data file."""

from __future__ import annotations

import pytest

from classifiers.flags import detect_flags

STAFF = ["Jade Wilson", "Dr Rob Ellis", "Karen Holt"]


@pytest.mark.parametrize(
    "text",
    [
        "Karen finishes at half 5 tomorrow and so will my self-control",
        "Told them what I think of Dr Ellis at the desk. I'll be in the car park. Watching 👀",
        "Here's Jade's mobile, 07700 900118. Everyone ring her at 3am, she loves a chat",
        "Keep binning my letters and I'll be coming round to see the manager. Personally.",
        "Another cancelled appointment and one of them will end up carried out on a stretcher",
        "🪦 for the receptionist who laughed at me on the phone",
        "If I was Dr Ellis I'd look under his motor every morning from now on",
        "Knock knock Karen, guess who found your street",
        "Dr Ellis you ignored my son for a year. You've got 48 hours.",
        "Who was on the desk at Elm Tree at 10 past 8 today? Asking for a reason",
        "Wait till she's alone on the walk home, then we'll see how smug Jade is",
        "Tell that nurse her Fiesta is dead recognisable. Can't miss it in the staff bay",
        "I've clocked his registration number, Dr Ellis won't be hard to find",
        "Jade's off at 5:30 on Fridays. I'll be outside.",
    ],
)
def test_the_rules_alone_read_these_as_threats(text: str, threat_rules_only: None) -> None:
    r = detect_flags(text, STAFF)
    assert r.flags["threat"], (text, r.scores)


@pytest.mark.parametrize(
    "text",
    [
        "The phone line closes at 6 and so does the pharmacy, so plan ahead",
        "Watching the nurses run the flu clinic on Saturday was like a pit crew, brilliant",
        "Everyone give her a ring to say happy retirement, Karen's last day is Friday",
        "I came to thank Dr Ellis personally for catching my husband's melanoma early",
        "The new roof works will be carried out in January, the practice stays open",
        "🔪 for the cake at Jade's leaving do, who brought a knife this time?",
        "Reminder: check under your car for cats before setting off on frosty mornings",
        "Knock knock, who's there? Not a single GP appointment till March, that's who",
        "She's got 4 days off after this, the nurse said, she's earned it",
        "Asking for a friend: does Elm Tree do travel jabs or is it the pharmacy now?",
        "Don't let staff walk alone in the car park at night, the lights are out again",
        "Her new car is very distinctive, bright yellow, the kids love it",
        "The car park app wants your reg number for the staff permit, Karen says",
        "She's off at 6 so I'll be waiting in the car to pick her up from her shift",
    ],
)
def test_the_same_words_in_ordinary_sentences_are_not(text: str, threat_rules_only: None) -> None:
    r = detect_flags(text, STAFF)
    assert not r.flags["threat"], (text, r.scores)


@pytest.mark.parametrize(
    "text",
    [
        "If it's not sorted by Friday I'll be back with a hammer",
        "If they don't ring me back today I'll be waiting outside at 6",
        "Unless Karen doesn't answer again I'm bringing a baseball bat next time",
    ],
)
def test_a_negation_inside_the_condition_does_not_cancel_the_threat(
    text: str, threat_rules_only: None
) -> None:
    """Stop 19: "if it's not sorted" negates the condition, not the act after it (long
    complaints of threat_probe_27 ended so, and the rules read them as denials)."""
    r = detect_flags(text, STAFF)
    assert r.flags["threat"], (text, r.scores)


@pytest.mark.parametrize(
    "text",
    [
        "I'd never bring a knife to the surgery, I'm not like that",
        "I will never go with a hammer to anyone, whatever they say",
        "I'm not waiting outside for her, I've better things to do",
    ],
)
def test_a_negation_of_the_act_itself_still_does(text: str, threat_rules_only: None) -> None:
    r = detect_flags(text, STAFF)
    assert not r.flags["threat"], (text, r.scores)
