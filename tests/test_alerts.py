"""Alert rules and the guidance catalogue."""

from __future__ import annotations

import pytest

from alerts.guidance import GuidanceError, load_guidance, parse_guidance
from alerts.rules import decide
from gpwatch.models import Mention, Verdict

G = load_guidance()


def verdict(compound=0.0, label="neutral", staff=(), **flags) -> Verdict:
    full = {
        k: bool(flags.get(k))
        for k in ("abuse", "threat", "staff_targeted", "personal_data", "safeguarding")
    }
    return Verdict(
        "x",
        "1",
        compound,
        label,
        {k: float(v) for k, v in full.items()},
        full,
        list(staff),
        {},
        "test",
    )


def mention(source="x") -> Mention:
    return Mention(source, "1", "X99001", ["Elm Tree Surgery"], ["name"], 0.9)


def test_threat_is_critical_with_the_police_step_first():
    a = decide(mention(), verdict(-0.8, "negative", threat=True, abuse=True), "x", G)
    assert a is not None
    assert (a.severity, a.category, a.action) == ("critical", "threat", "police")
    assert a.next_steps[0].id == "police"
    ids = [s.id for s in a.next_steps]
    assert "report_x" in ids and "report_reddit" not in ids
    assert all(s.url.startswith("https://") for s in a.next_steps)


@pytest.mark.parametrize(
    ("source", "route"),
    [
        ("x", "report_x"),
        ("reddit", "report_reddit"),
        ("bluesky", "report_bluesky"),
        ("rss", "report_publisher"),
        ("nhs_reviews", "nhs_moderator"),
    ],
)
def test_abuse_is_high_with_the_platforms_reporting_route(source, route):
    a = decide(mention(source), verdict(-0.7, "negative", abuse=True), source, G)
    assert a is not None and a.severity == "high" and a.category == "abuse"
    assert route in [s.id for s in a.next_steps]
    expected = "report_to_moderator" if source == "nhs_reviews" else "report_to_platform"
    assert a.action == expected


def test_personal_data_is_high_with_the_privacy_steps():
    a = decide(mention(), verdict(0.0, "neutral", personal_data=True), "x", G)
    assert a is not None and (a.severity, a.category) == ("high", "personal_data")
    assert "privacy_breach" in [s.id for s in a.next_steps]


def test_abuse_with_personal_data_carries_both_sets_of_steps():
    a = decide(mention(), verdict(-0.5, "negative", abuse=True, personal_data=True), "x", G)
    ids = [s.id for s in a.next_steps]
    assert "bma_online_abuse" in ids and "privacy_breach" in ids
    assert len(ids) == len(set(ids))


def test_negative_nhs_review_is_medium_reply_professionally():
    a = decide(mention("nhs_reviews"), verdict(-0.6, "negative"), "nhs_reviews", G)
    assert a is not None and (a.severity, a.category, a.action) == (
        "medium",
        "negative_review",
        "reply",
    )
    step = next(s for s in a.next_steps if s.id == "reply_professionally")
    assert any("professional" in x for x in step.steps)


def test_low_star_review_is_negative_even_when_the_words_are_mild():
    a = decide(
        mention("nhs_reviews"), verdict(0.1, "positive"), "nhs_reviews", G, extras={"rating": 1}
    )
    assert a is not None and a.category == "negative_review" and "1 stars" in a.reasons[0]


def test_review_naming_staff_goes_to_the_moderator():
    a = decide(
        mention("nhs_reviews"), verdict(-0.6, "negative", staff=["Jade Wilson"]), "nhs_reviews", G
    )
    assert a is not None and a.category == "review_breach" and a.action == "report_to_moderator"
    assert "nhs_moderator" in [s.id for s in a.next_steps]


def test_other_negative_is_low_and_positive_raises_nothing():
    low = decide(mention(), verdict(-0.6, "negative"), "x", G)
    assert low is not None and (low.severity, low.category) == ("low", "negative_comment")
    assert decide(mention(), verdict(0.8, "positive"), "x", G) is None
    assert decide(mention(), verdict(-0.1, "negative"), "x", G) is None  # mildly negative


def test_safeguarding_is_its_own_category_never_folded_into_negative():
    a = decide(mention(), verdict(-0.9, "negative", safeguarding=True), "x", G)
    assert a is not None and (a.severity, a.category) == ("high", "safeguarding")
    assert [s.id for s in a.next_steps] == ["safeguarding"]


def test_staff_target_is_named_in_the_reasons():
    a = decide(
        mention(),
        verdict(-0.9, "negative", staff=["Jade Wilson"], abuse=True, staff_targeted=True),
        "x",
        G,
    )
    assert "aimed at Jade Wilson" in a.reasons


def test_guidance_file_errors_name_the_entry():
    with pytest.raises(GuidanceError, match=r"guidance\[0\]: 'url' is required"):
        parse_guidance('[[guidance]]\nid="a"\ntitle="t"\napplies=[]\nsteps=[]\n')
    with pytest.raises(GuidanceError, match="must start with https"):
        parse_guidance('[[guidance]]\nid="a"\ntitle="t"\nurl="ftp://x"\napplies=[]\nsteps=[]\n')


def test_bundled_catalogue_covers_the_seed():
    ids = set(G.by_id)
    for needed in (
        "police",
        "bma_online_abuse",
        "nhs_moderator",
        "reply_professionally",
        "acas_social_media",
        "bma_social_media_ethics",
        "safeguarding",
    ):
        assert needed in ids
