"""Detection behaviour: masked spellings, negation, quotation, figurative and veiled threats,
NHS numbers and phone numbers, who is targeted; the shipped models; floors on the dev split."""

from __future__ import annotations

import gzip
import json

import pytest

from classifiers import eval_data, menace, model
from classifiers.evaluate import evaluate_domain
from classifiers.flags import detect_flags
from classifiers.personal_data import find_personal_data, is_valid_nhs_number
from classifiers.pipeline import CLASSIFIER_VERSION
from classifiers.sentiment import plain_analyser, score_sentiment
from tests.conftest import shared_path

STAFF = ["Dr Amira Patel", "Karen Holt", "Jade Wilson", "Nurse Sian Roberts"]
PROBE = eval_data.DEV_SPLIT.parent / "threat_probe.jsonl"
SG_PROBE = eval_data.DEV_SPLIT.parent / "safeguarding_probe.jsonl"


def flags(text: str, staff: list[str] | None = None) -> dict[str, bool]:
    return detect_flags(text, STAFF if staff is None else staff).flags


# ---- abuse: spelling, negation, quotation ---------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "the receptionist is a f*cking c**t",
        "that nurse is a stupid b!tch",
        "you absolute tw@t",
        "what a c u n t that receptionist is",
        "the doctor is a thick lazy c0w",
        "the receptionists are all thick as mince",
        "what a pathetic excuse for a doctor",
        "Karen Holt is a disgrace and a vile human being",
    ],
)
def test_masked_and_obfuscated_insults_are_abuse(text):
    assert flags(text)["abuse"], text


def test_negated_and_self_aimed_insults_are_not_abuse():
    assert not flags("to be fair the receptionist is not an idiot, just overworked")["abuse"]
    assert not flags("what an idiot I am, I missed my appointment")["abuse"]
    assert not flags("there's no excuse for a doctor to be that late")["abuse"]


def test_quoted_abuse_that_is_condemned_is_not_abuse():
    text = "someone called our nurse a 'stupid bitch' today - disgusting, be kind to staff"
    assert not flags(text)["abuse"]
    assert flags("our nurse is a stupid bitch")["abuse"]  # the same words, said by the author


def test_swearing_at_a_system_is_not_abuse():
    assert not flags("the phone system is a f***ing joke, 50 minutes on hold")["abuse"]


# ---- threats ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "this 8am queue is killing me",
        "could murder a bacon butty after fasting for my bloods",
        "the new nurse gives killer jabs, didn't feel a thing",
        "I'm going to kill my brother, he booked the wrong day",
        "this eConsult form will be the death of me",
        "Dr Patel told me to watch my back after I slipped a disc",
        "she should be kicked off the register for missing three appointments",
        "be careful walking home, it's icy outside the surgery",
        "we should all go down and sort the paperwork out",
        "the red front door of the surgery has been repainted",
    ],
)
def test_figurative_violence_is_not_a_threat(text):
    assert not flags(text)["threat"], text


@pytest.mark.parametrize(
    "text",
    [
        "Thanks Elm Tree, flu jab done. See you soon",
        "Jade, the 52 bus is back on. See you soon x",
        "Lovely chat with Karen at the desk as always. See you then!",
    ],
)
def test_a_friendly_sign_off_is_no_threat_to_the_rules(text):
    """ "See you soon" is one phrase: it may be presence (reach) or an ominous closer (harm),
    not both at once, and neither alone is a threat ("Thanks, flu jab done. See you soon" was
    one at stop 13). The rules are tested here; what the learned scorer makes of "soon" is
    measured on the labelled files (classifiers/MODEL_CARD.md)."""
    from classifiers.flags import THRESHOLD, threat_rule_view

    assert max((h.score for h in threat_rule_view(text)[1]), default=0.0) < THRESHOLD, text


@pytest.mark.parametrize(
    "text",
    [
        "I know Castle Hill gets a kicking on here, but Sam Price on reception was lovely",
        "Elm Tree Surgery is getting a proper kicking online this week and fair enough",
        "the receptionists get a beating in the reviews but they're run ragged",
        "Riverside gets a kicking from the papers every winter",
    ],
)
def test_a_kicking_on_here_is_criticism_not_violence_to_the_rules(text):
    """ "Gets a kicking on here" is being criticised online (domain_day_2, dz117, praise of a
    receptionist, was a police alert at stop 15): where the beating is given is the proof."""
    from classifiers.flags import THRESHOLD, threat_rule_view

    assert max((h.score for h in threat_rule_view(text)[1]), default=0.0) < THRESHOLD, text


def test_a_good_seeing_to_is_a_sexual_insult_not_a_beating_to_the_rules():
    """British slang (domain_day_3, dw032, was a police alert): abuse, not a threat."""
    from classifiers.flags import THRESHOLD, threat_rule_view

    text = "honestly she's a dried up old hag who needs a good seeing to, maybe then she'd smile"
    assert max((h.score for h in threat_rule_view(text)[1]), default=0.0) < THRESHOLD


@pytest.mark.parametrize(
    "text",
    [
        "Sam Price on reception needs a good kicking",
        "that receptionist is getting a kicking when I see her on her own",
        "Dr Morris deserves a beating for what she did to my mum",
    ],
)
def test_a_kicking_aimed_at_a_person_is_still_a_threat_to_the_rules(text):
    from classifiers.flags import THRESHOLD, threat_rule_view

    assert max((h.score for h in threat_rule_view(text)[1]), default=0.0) >= THRESHOLD, text


@pytest.mark.parametrize(
    "text",
    [
        "you'll regret this when my complaint reaches the CQC and my MP",
        "I've made a formal complaint and I'll take it to the Ombudsman. This isn't the end of it.",
        "Man jailed after threatening to 'come back and stab' a receptionist, court heard",
        "the GP said 'don't worry, I know where you live, I'll pop back Thursday'",
        "No receptionist ought to be attacked for doing her job",
        "Bake sale at Elm Tree Surgery on Friday for the patient group, bring eggs if you can",
        "you'd better hope the ombudsman doesn't side with them, Karen, because I'll keep going",
        # a present on its way after the stock phrase (threat_probe_22, long thank-you posts)
        "Lisa, you're a diamond. I'll be waiting outside at half twelve on Friday with a box of"
        " chocolates and I'm not leaving till you take them.",
        "Sam, I know where you work and you've not seen the last of me, there's a thank-you card"
        " with your name on it coming.",
        # hyperbole with nobody in mind (domain_day_3 dw106, dw127)
        "Op cancelled for the third time on the morning. I could kill someone, honestly.",
        "I'll strangle the next person who tells me the new triage form is 'more efficient'",
    ],
)
def test_complaints_reports_and_benign_stock_phrases_are_not_threats(text):
    assert not flags(text)["threat"], text


@pytest.mark.parametrize(
    "text",
    [
        "I know where Jade parks. see how smug she is then",
        "be a shame if anything happened to that nice house of yours",
        "Karen Holt better keep looking over her shoulder",
        "I know which school her kids go to. just saying",
        "dark nights are drawing in. be careful getting to your car",
        "Dr Patel drives a silver Golf and leaves about 6. just putting that out there",
        "next time I'm bringing a knife and we'll see who gets seen urgently",
        "that receptionist needs a good kicking",
        "the staff should be lined up and shot",
        "if my son isn't seen this week I will burn the building down",
        "I'm coming down there and putting every window in",
        "I'll be waiting outside when she finishes her shift",
        "Jade Wilson is getting a visit from me and my brothers. not a friendly one",
        "you'll never feel safe at that practice again",
        "I'm going to shoot the next receptionist I see",
        "those doctors should be dragged out and beaten",
        "hope someone runs the receptionist over",
        "I will end you",
        "Karen Holt, Crosspool, red front door. you know what to do",
        "that receptionist won't make it home tonight",
        # the weapon six words after "going to" (domain_day_1, dy188, missed at stop 15)
        "going to Elm Tree Surgery tomorrow at 8 with a hammer. whoever says no gets it",
        # harm that only someone else stands in the way of (dy167), a missile handed out (dy173)
        "You lot at The Surgery had better hope the garage doesn't sell me a can of petrol.",
        "Priya Shah, nurse at Riverside MC, 16 Lanyard Grove, Beeston. Bring eggs lads.",
        "I'll be waiting outside when you finish, Jade. With a bat, not flowers.",
        "I'll stab the next person who tells me there are no appointments",
        "I could kill that receptionist, and next time I will",
    ],
)
def test_veiled_and_explicit_threats_are_threats(text):
    assert flags(text)["threat"], text


@pytest.mark.parametrize(
    "text",
    [
        # sarcastic thanks before menace: a praise word is no discount on the learned scorer's
        # hit (left-out, dropping that discount caught 20 more threats for 5 more false alarms)
        "Thanks for nothing Karen Holt. Enjoy your walk to the bus tonight, it's a long dark road",
        "Brilliant service as always Elm Tree. Jade, I know which bus you get. See you on it x",
        # "what happens when" about a person, not about a new phone system
        "You'll see what happens when you refuse me again, Jade Wilson.",
    ],
)
def test_menace_dressed_as_thanks_or_a_prediction_is_still_a_threat(text):
    assert flags(text)["threat"], text


def test_a_threat_names_the_staff_member_it_is_aimed_at():
    r = detect_flags("Karen Holt, I know where you live now. sleep tight x", STAFF)
    assert r.flags["threat"] and r.flags["staff_targeted"]
    assert r.staff_names == ["Karen Holt"]
    assert r.spans["threat"], "a threat is shown with the words that make it one"


def test_a_threat_to_the_building_alone_is_not_staff_targeted():
    r = detect_flags("your front doors are glass. just so you know.", STAFF)
    assert r.flags["threat"] and not r.flags["staff_targeted"]


def test_menace_markers_never_count_alone_for_the_rules():
    # sign-offs without any hint of harm: the rules never make a threat of them. The learned
    # scorer may (it reads markers as evidence, and left out a file at a time they were the only
    # menace cue in 13 true threats and 1 false alarm): a discount for marker-only posts cost 4
    # left-out threats for that one, so it was not shipped (classifiers/MODEL_CARD.md)
    from classifiers.flags import _combine, threat_rule_view

    text = "To the receptionist who laughed at me: you know who you are. That's all I'm saying."
    _, hits = threat_rule_view(text)
    assert _combine(h.score for h in hits) < 0.5
    assert menace.combine([], markers=2) == 0.0
    assert menace.combine([0.4], markers=2) > menace.combine([0.4], markers=0)


# ---- veiled threats as composition: target + reach + hint of harm ------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # routine or route + a hint of harm
        "Karen Holt leaves by the back door every evening. Lonely car park, that one.",
        "Jade Wilson gets the last bus after her late shift. Be a pity if she missed it, eh",
        # family + "would be a shame"
        "Dr Amira Patel's little girl is ever so sweet. Would be a shame if she got lost one day.",
        # home + fire
        "Nurse Sian Roberts, your garden shed looks dry. Shame about the fence, burns so fast.",
        # a group coming round + a condition
        "Me and my brothers are coming to Elm Tree Surgery on Friday unless mum gets her results.",
        # a deadline + a concrete hint of harm (the building)
        "Elm Tree Surgery, 48 hours to ring me back or those windows won't last forever.",
        # presence + menacing emoji
        "see you at closing, Jade Wilson 🔪",
        # something happening to someone
        "Lots of accidents on those stairs. Something could happen to Jade Wilson one night.",
        # surveillance of two kinds, no harm named
        "I've been watching Karen Holt. Same time every night she's out that door.",
        # explicit, with adverbs between the intent and the verb
        "I really am just going to murder that receptionist.",
    ],
)
def test_composed_veiled_threats_are_threats(text):
    assert flags(text)["threat"], text


@pytest.mark.parametrize(
    "text",
    [
        "Karen Holt finishes at 5 on Fridays, so ring before then if you need the manager",
        "tick tock, still on hold to Elm Tree Surgery, 55 minutes now",
        "count the days till the new Elm Tree Surgery building opens, a year late",
        "me and the lads are all getting our flu jabs at Elm Tree Surgery on Saturday",
        "you'll see what happens when they switch to the new app: chaos. Mark my words",
        "You'll see what happens at Castle Hill Practice when the new phone system goes live",
        "see you in court, Elm Tree Surgery. My solicitor has the letter",
        "I'll pop round to collect my prescription after work",
        "I'll be in on Monday to see the nurse about my dressing",
        "Man jailed for threatening to burn down a GP surgery and its staff, court heard",
        "Disgusting that someone wrote 'I know where you live' to Karen Holt. Reported it.",
        "accidents happen, and Jade Wilson was so kind when my son fell off his bike",
        "I've got a lot of time for Dr Patel, lovely doctor",
        "Sian Roberts came to the school gates to do the jabs, brilliant",
        "the car park lighting at Elm Tree Surgery is awful, someone will trip in the dark",
        "Dr Patel joked 'I know where you live now, no excuses' when she did my home visit",
    ],
)
def test_pieces_of_menace_alone_and_hard_negatives_are_not_threats(text):
    assert not flags(text)["threat"], text


def test_a_composed_threat_targets_the_staff_member_and_a_building_one_does_not():
    person = detect_flags("Jade Wilson walks to the tram alone on Tuesdays. Sleep well x", STAFF)
    assert person.flags["threat"] and person.flags["staff_targeted"]
    assert person.staff_names == ["Jade Wilson"]
    building = detect_flags(
        "Elm Tree Surgery: one more refusal and your car park is full of broken glass.", STAFF
    )
    assert building.flags["threat"] and not building.flags["staff_targeted"]


def test_reach_needs_harm_or_a_second_kind_of_reach():
    # one sign of reach is nothing; harm alone is weak; together they are a threat
    assert menace.compose([(0, "r_routine", 0.3)], []) == 0.0
    alone = menace.compose([], [(10, "h_shame", "be a shame if", 0.5, 0.45)])
    both = menace.compose([(0, "r_family", 0.35)], [(10, "h_shame", "be a shame if", 0.5, 0.45)])
    assert alone < 0.5 <= both
    far = menace.compose(
        [(0, "r_family", 0.35)], [(menace.WINDOW + 50, "h_shame", "shame if", 0.5, 0.45)]
    )
    assert far == alone, "a harm piece far from any reach piece counts only alone"
    two = menace.compose([(0, "r_watch", 0.35), (20, "r_routine", 0.3)], [])
    assert 0.5 <= two < menace.compose([(0, "r_watch", 0.35)], [(20, "h_unsafe", "x", 0.55, 0.5)])


def test_threat_probe_floors(classifier):
    """The probe of varied veiled threats and hard negatives (tests/data/threat_probe.jsonl)."""
    report = evaluate_domain(classifier, eval_data.load_jsonl(PROBE))
    detail = report.format() + "\n" + "\n".join(f"{m[0]} {m[1]}" for m in report.misses[:20])
    threat = report.label("threat")
    assert threat.recall >= 0.75 and threat.precision >= 0.92, detail
    assert report.label("staff_targeted").f1 >= 0.8, detail


# ---- who is targeted ----------------------------------------------------------------------------


def test_staff_by_role_is_staff_targeted():
    r = detect_flags("the receptionist at Elm Tree is a stupid cow", [])
    assert r.flags["abuse"] and r.flags["staff_targeted"]


def test_staff_described_not_named_and_insults_said_of_someone_else():
    assert flags("whoever answered the phone this morning is a rude bitch", [])["staff_targeted"]
    assert flags("that woman on reception is a stupid cow", [])["staff_targeted"]
    r = detect_flags("the man in the waiting room was a total twat to the receptionist", [])
    assert r.flags["abuse"] and not r.flags["staff_targeted"]


def test_insulting_the_government_is_not_abuse_of_staff():
    r = detect_flags(
        "The government are absolute idiots for cutting GP funding. Staff are doing their best",
        STAFF,
    )
    assert not r.flags["abuse"] and not r.flags["staff_targeted"]


def test_a_named_staff_member_is_recognised_by_surname_and_title():
    r = detect_flags("Dr Patel you are a useless f*cking fraud", STAFF)
    assert r.flags["abuse"] and r.flags["staff_targeted"]
    assert r.staff_names == ["Dr Amira Patel"]


# ---- personal data ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("943 476 5919", True),
        ("9434765919", True),
        ("943 476 5918", False),
        ("1234567890", False),
        ("4010232138", False),
        ("1111111111", False),
    ],
)
def test_nhs_number_check_digit(number, valid):
    assert is_valid_nhs_number(number) is valid


def test_valid_nhs_number_is_personal_data_and_invalid_is_not():
    assert flags("her NHS number is 943 476 5919")["personal_data"]
    assert not flags("my order ref 1234567890 is still pending")["personal_data"]


def test_uk_phone_numbers_personal_mobile_vs_practice_line():
    assert flags("Karen Holt's mobile is 07700 900481, ring her")["personal_data"]
    assert flags("Jade Wilson from reception, 07700 900237")["personal_data"]
    assert not flags("any questions ring the practice on 0114 496 0300")["personal_data"]
    found = find_personal_data("text her on +44 7700 900123")
    assert [k for *_, k in found] == ["phone"]


def test_a_named_persons_street_address_is_personal_data():
    assert flags("Mandy Cole lives at 12 Hollow Lane, Bakewell")["personal_data"]
    assert flags("Paula Kirk, 59 Northfield Rd, methadone 60ml daily", [])["personal_data"]
    assert not flags("the practice is moving to 12 Red Lion Street next spring")["personal_data"]


# ---- safeguarding -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "honestly don't think I'll still be here in another 9 weeks",
        "I've been saving up my tablets",
        "I've thought about ending it every night this week",
        "my dad keeps saying he doesn't want to wake up any more",
        "I've started cutting again",
        "I don't see the point in living any more",
        "my daughter said she wants to kill herself",
        "nobody would miss me if I was gone",
    ],
)
def test_safeguarding_concerns_are_flagged(text):
    assert flags(text)["safeguarding"], text


def test_safeguarding_awareness_and_hyperbole_are_not_a_concern():
    assert not flags("great suicide prevention training from the practice team")["safeguarding"]
    assert not flags("this queue makes me want to die lol")["safeguarding"]


@pytest.mark.parametrize(
    "text",
    [
        "my brother told me he's been thinking of ending it",
        "I keep thinking everyone would be better off if I just wasn't here",
        "I've been putting my tablets aside for weeks now",
        "I'm on the bridge and I can't do this any more",
        "I took too many of my pills last night on purpose",
        "this is my last message, sorry for everything",
        "I've been hoarding my sertraline just in case",
        "my son's friend found him with marks all over his wrists",
        "the only thing stopping me is my dog",
        "I can't keep myself safe tonight",
        "I've been googling ways to die",
        "my wife says she wants to go to sleep forever",
        "been giving away his guitars and keeps saying 'look after mum'",
        "she said she's going to take all her tablets tonight",
    ],
)
def test_safeguarding_in_wording_no_phrase_list_names(text):
    """The general families: the act, the means, the wish, the farewell, a relative at risk."""
    assert flags(text)["safeguarding"], text


@pytest.mark.parametrize(
    "text",
    [
        "this queue is killing me",
        "I'll kill myself laughing if they actually ring back",
        "I want to die of embarrassment, I called the GP mum",
        "the wait is killing my will to live",
        "this form is making me want to jump off a bridge 😂",
        "overdosed on mince pies again lol",
        "Samaritans launch new suicide prevention helpline in Sheffield",
        "Elm Tree Surgery now runs a mental health clinic on Tuesdays, book via reception",
        "my cat cut herself on the fence and the vet was brilliant",
        "my mum hurt herself in a fall at home",
        "burnt my arm on the kettle this morning",
        "cutting down on sugar after the nurse's advice",
        "I've been saving up for a holiday to Spain",
        "the GP asked if I'd ever self-harmed and I said no",
        "the GP asked whether I had thought about suicide. I haven't, but I appreciated it",
        "I won't need the appointment by then, the rash has cleared up",
        "not sure I'll make it to the end of the month on this wage",
        "they'd be better off without me on the committee tbh",
        "we'd all be better off if the ICB actually funded GPs",
        "I'm on the bridge now, stuck in traffic, will be late for my 9am",
        "this will be my last message to the practice before I go to the ombudsman",
        "This is my last post about the bins, I promise",
        "I'm so tired of living in this damp flat",
        "when I'm gone on holiday can my husband collect my prescription",
        "I can't take it any more with these phone queues",
        "took extra paracetamol for my back, is that ok",
    ],
)
def test_safeguarding_hard_negatives_stay_negative(text):
    """Figurative exasperation, accidents, services and adverts, and an answered "no"."""
    assert not flags(text)["safeguarding"], text


def test_safeguarding_probe_floor(classifier):
    """Varied safeguarding posts and hard negatives (tests/data/safeguarding_probe.jsonl)."""
    report = evaluate_domain(classifier, eval_data.load_jsonl(SG_PROBE))
    detail = report.format() + "\n" + "\n".join(f"{m[0]} {m[1]}" for m in report.misses[:20])
    sg = report.label("safeguarding")
    assert sg.recall >= 0.9 and sg.precision >= 0.92, detail


# ---- sentiment ----------------------------------------------------------------------------------


def test_text_outside_primary_care_scores_exactly_as_plain_vader():
    text = "I'm so sick of allergy season, sore throat for a week"
    assert score_sentiment(text)[0] == round(plain_analyser().polarity_scores(text)["compound"], 4)


def test_domain_sentiment_reads_gp_complaints_and_damps_news():
    assert (
        score_sentiment("Haven't seen an actual GP once since registering", domain=True)[1]
        == "negative"
    )
    news = "Practice to offer evening appointments from next month"
    assert abs(score_sentiment(news, news=True)[0]) <= abs(score_sentiment(news, domain=True)[0])


# ---- the shipped models -----------------------------------------------------------------------


def test_features_are_stable_across_processes():
    # CRC-32, not Python's salted hash: the ids a model was trained on are the ids it reads
    assert model.features("Rude receptionist") == model.features("rude receptionist")
    assert model.features("a b") == [
        3904355907 & (model.N_FEATURES - 1),
        1908338681 & (model.N_FEATURES - 1),
        model.features("a b")[2],
    ]


def test_shipped_models_load_and_score_sensibly():
    off = model.load("offensive")
    sent = model.load("sentiment")
    assert off is not None and sent is not None, "run scripts/train_model.py"
    assert off.proba("you stupid bitch")["offensive"] > 0.8
    assert off.proba("thank you to the lovely nurse")["offensive"] < 0.5
    assert sent.proba("rude and dismissive, waited three weeks")["negative"] > 0.5
    assert sent.meta["metrics"]["test_rows"] > 1000  # type: ignore[index]


def test_model_round_trip(tmp_path):
    m = model.LinearModel("t", ("no", "yes"), (0.5,), {1: (2.0,)}, {"note": "x"})
    path = tmp_path / "t.json.gz"
    model.save(m, str(path))
    back = model.LinearModel.from_json(json.loads(gzip.decompress(path.read_bytes())))
    assert back.weights == m.weights and back.bias == m.bias
    first = path.read_bytes()
    model.save(m, str(path))
    assert path.read_bytes() == first  # same model, same bytes: retraining is reproducible


# ---- regression floors --------------------------------------------------------------------------


def test_dev_split_floors(classifier):
    """A bit below what the classifiers achieve on the dev split: a regression fails here."""
    report = evaluate_domain(classifier, eval_data.load_jsonl(eval_data.DEV_SPLIT))
    detail = report.format() + "\n" + "\n".join(f"{m[0]} {m[1]}" for m in report.misses[:20])
    threat = report.label("threat")
    assert threat.recall >= 0.95 and threat.precision >= 0.95, detail
    assert report.label("abuse").f1 >= 0.95, detail
    assert report.label("personal_data").f1 >= 0.95, detail
    assert report.label("staff_targeted").f1 >= 0.95, detail
    assert report.label("safeguarding").f1 >= 0.9, detail
    assert report.practice_accuracy >= 0.97, detail
    assert report.action_accuracy >= 0.91, detail
    assert report.sentiment_accuracy >= 0.68, detail


def test_dev_extra_floors(classifier):
    report = evaluate_domain(classifier, eval_data.load_jsonl(eval_data.DEV_EXTRA))
    detail = report.format()
    assert report.label("threat").recall >= 0.9 and report.label("threat").precision >= 0.9, detail
    assert report.label("abuse").f1 >= 0.85, detail
    assert report.action_accuracy >= 0.8, detail


def test_verdicts_carry_the_classifier_version(classifier):
    from storage.store import StoredItem

    item = StoredItem("x", "1", "t", "", "", "hello @ElmTreeSurgery", "", None, None, {})
    assert classifier.classify(item).verdict.classifier_version == CLASSIFIER_VERSION


# ---- the shared sets (skipped when ../shared is absent) -------------------------------------


def test_davidson_offensive_f1_on_the_held_out_fold():
    shared_path("eval", "davidson-offensive", "labeled_data.csv")
    from classifiers.evaluate_shared import evaluate_davidson

    report = evaluate_davidson()
    assert report.system("gpwatch offensive model").score.f1 >= 0.92, report.format()


def test_vader_tweets_sign_agreement_at_least_plain_vader():
    shared_path("eval", "vader-ground-truth", "tweets_GroundTruth.txt")
    from classifiers.evaluate_shared import evaluate_vader

    report = evaluate_vader()
    ours, plain = report.system("gpwatch"), report.system("plain VADER")
    assert ours.sign_agreement >= plain.sign_agreement, report.format()
    assert ours.pearson > 0.8, report.format()


def test_hatecheck_threats_negation_and_counter_speech():
    shared_path("eval", "hatecheck", "test_suite_cases.csv")
    from classifiers.evaluate_shared import evaluate_hatecheck

    rows = [
        c
        for c in eval_data.hatecheck()
        if c.functionality in ("threat_dir_h", "threat_norm_h", "negate_neg_nh", "counter_quote_nh")
    ]
    acc = evaluate_hatecheck(rows).accuracy["gpwatch flags"]
    assert acc["threat_dir_h"] >= 0.8 and acc["threat_norm_h"] >= 0.9, acc
    assert acc["negate_neg_nh"] >= 0.8 and acc["counter_quote_nh"] >= 0.7, acc
