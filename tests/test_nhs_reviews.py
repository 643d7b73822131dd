"""The NHS website review-page connector: parsing the fixture pages, and fetching them over real
HTTP from the loopback server (paging, the seen-ids cursor, partial failures)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from connectors.base import FetchFailed, PageStructureChanged, PartialFetch
from connectors.http import HttpClient, HttpSettings
from connectors.nhs_reviews import (
    ParsedReview,
    ReviewPageConnector,
    parse_date,
    parse_review_page,
)
from tests.support.loopback import LoopbackServer, Route

FIXTURES = Path(__file__).parent / "fixtures" / "nhs_reviews"
BASE = "/services/gp-surgery/elm-tree-surgery/X99001/ratings-and-reviews"
PAGE_URL = "https://www.nhs.uk" + BASE
HTML = {"Content-Type": "text/html; charset=utf-8"}

PAGE1_IDS = [
    "7401862", "7398310", "7391544", "7385027", "7379916",
    "7372203", "7366781", "7359420", "7352008", "7344617",
]  # fmt: skip
PAGE2_IDS = [
    "7337190", "7329854", "7321466", "7314032", "7305571",
    "7298340", "7290118", "7281902", "7273365", "7264427",
]  # fmt: skip
PAGE3_IDS = ["7255091", "7246310", "7238876"]
ALL_IDS = PAGE1_IDS + PAGE2_IDS + PAGE3_IDS


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def page(n: int) -> bytes:
    return fixture(f"elm_tree_page{n}.html")


def review_li(review_id: str, title: str, posted: str, body: str, rating: int = 4) -> str:
    """One review in the fixture pages' markup, for pages with reviews added at the top."""
    stars = "star" if rating == 1 else "stars"
    return f"""
          <li class="nhsuk-u-margin-bottom-5" role="listitem">
            <div class="nhsuk-card nhsuk-u-margin-bottom-3" aria-label="Organisation review">
              <div class="nhsuk-card__content">
                <h3 class="nhsuk-card__heading nhsuk-heading-s">{title}</h3>
                <p class="nhsuk-body-s"><span class="nhsuk-u-visually-hidden">Rated {rating}
                  {stars} out of 5</span><span aria-hidden="true"></span></p>
                <p class="nhsuk-body-s nhsuk-u-secondary-text-color">Posted on {posted}</p>
                <p class="nhsuk-body-s">{body}</p>
                <p class="nhsuk-body-s"><a href="{BASE}/report-a-comment?commentID={review_id}"
                  >Report this comment</a></p>
              </div>
            </div>
          </li>"""


def with_reviews_on_top(html: bytes, *lis: str) -> bytes:
    marker = b'<ul class="nhsuk-list" role="list">'
    assert html.count(marker) == 1
    return html.replace(marker, marker + "".join(lis).encode())


def li_of(html: bytes, review_id: str) -> bytes:
    """The whole <li> holding one review of a fixture page."""
    match = re.search(
        rb'\s*<li class="nhsuk-u-margin-bottom-5" role="listitem">(?:(?!</li>).)*?commentID='
        + review_id.encode()
        + rb".*?</li>",
        html,
        re.DOTALL,
    )
    assert match
    return match.group(0)


def serve(srv: LoopbackServer, *pages: bytes | Route) -> str:
    """Serve pages 1, 2, ... at the NHS paths; return page 1's URL."""
    for number, body in enumerate(pages, start=1):
        path = BASE if number == 1 else f"{BASE}?currentpage={number}"
        srv.routes[path] = body if isinstance(body, Route) else Route(body, headers=HTML)
    return srv.url(BASE)


@pytest.fixture
def http() -> Iterator[HttpClient]:
    with HttpClient(HttpSettings(retries=0), sleep=lambda s: None) as client:
        yield client


def make_connector(url: str, http: HttpClient, max_pages: int = 10) -> ReviewPageConnector:
    return ReviewPageConnector("nhs-elm-tree", "X99001", url, http, max_pages=max_pages)


def requested(srv: LoopbackServer) -> list[str]:
    return [r["path"] for r in srv.requests]


# --- parsing -------------------------------------------------------------------------------------


def test_page_one_first_review_every_field() -> None:
    result = parse_review_page(page(1), PAGE_URL)

    assert result.reviews[0] == ParsedReview(
        review_id="7401862",
        title="Couldn't get through on the phone for three days",
        rating=1,
        posted_on=date(2026, 11, 24),
        visited_on=date(2026, 11, 1),  # "Date of visit: November 2026"
        text=(
            "I rang at 8am every morning from Monday to Wednesday and was 30th in the queue each "
            "time. By the time I got through all the appointments had gone and I was told to ring "
            "back tomorrow. There has to be a better system than this."
        ),
        reply_text=(
            "Dear patient, thank you for your feedback and we are sorry you had difficulty "
            "getting through. Demand on our phone lines first thing in the morning is very high. "
            "You can also request an appointment online through the NHS App or our website at "
            "any time of day. Please contact our practice manager if you would like to discuss "
            "this further."
        ),
        reply_date=date(2026, 11, 25),
    )


def test_page_one_overview() -> None:
    result = parse_review_page(page(1), PAGE_URL)

    assert [r.review_id for r in result.reviews] == PAGE1_IDS
    assert [r.rating for r in result.reviews] == [1, 3, 5, 1, 5, 2, 4, 2, 5, 4]
    posted = [r.posted_on for r in result.reviews]
    assert posted == sorted(posted, reverse=True)  # newest first
    assert [r.reply_date is not None for r in result.reviews] == [
        True, False, True, True, False, True, False, False, True, False,
    ]  # fmt: skip
    assert result.announced_total == 23
    assert result.next_page_url == PAGE_URL + "?currentpage=2"
    # nothing from the page around the reviews leaks into them
    for review in result.reviews:
        assert "Report this comment" not in review.text
        assert "Posted on" not in review.text
        assert "Rated" not in review.text
        assert review.reply_text is None or "Reply from" not in review.reply_text


def test_named_staff_complaint_and_its_reply() -> None:
    review = parse_review_page(page(1), PAGE_URL).reviews[3]

    assert review.review_id == "7385027"
    assert review.title == "Receptionist was rude and dismissive"
    assert review.rating == 1
    assert review.text.startswith("The receptionist on the front desk, Karen Whitfield, spoke")
    assert review.reply_text is not None
    assert review.reply_text.startswith("We are sorry to read about your experience.")
    assert review.reply_date == date(2026, 11, 17)


def test_text_is_plain_and_whitespace_normalised() -> None:
    reviews = {r.review_id: r for r in parse_review_page(page(1), PAGE_URL).reviews}

    # <br><br> inside the paragraph becomes one space
    assert reviews["7366781"].text == (
        "The nurse was thorough and checked my inhaler technique, which nobody has done in "
        "years. Only four stars because the appointment ran 20 minutes late, but I would rather "
        "she took her time."
    )
    assert 'I was told "it is what it is".' in reviews["7359420"].text
    assert "wasn't frightened" in reviews["7391544"].text
    assert reviews["7352008"].visited_on is None  # no "Date of visit" line


def test_hostile_markup_stays_literal_text() -> None:
    review = parse_review_page(page(1), PAGE_URL).reviews[1]

    assert review.review_id == "7398310"
    assert review.title == "Online form <img src=x onerror=alert(1)>"
    assert review.text == (
        "<script>alert(1)</script> The online consultation form kept timing out so I am testing "
        "whether this box is safe. <img src=x onerror=alert(1)> Otherwise the surgery is OK."
    )
    assert review.rating == 3
    assert review.visited_on is None
    assert review.reply_text is None and review.reply_date is None


def test_page_two_and_last_page() -> None:
    two = parse_review_page(page(2), PAGE_URL + "?currentpage=2")
    three = parse_review_page(page(3), PAGE_URL + "?currentpage=3")

    assert [r.review_id for r in two.reviews] == PAGE2_IDS
    assert two.reviews[0].text.endswith(
        "I ended up going to A&E, which should never have been necessary."
    )
    assert two.next_page_url == PAGE_URL + "?currentpage=3"
    assert [r.review_id for r in three.reviews] == PAGE3_IDS
    assert three.announced_total == 23
    assert three.next_page_url is None  # only a "Previous" link
    assert three.reviews[-1].reply_date == date(2025, 7, 16)


def test_next_link_is_resolved_against_the_page_url() -> None:
    result = parse_review_page(page(1), "http://127.0.0.1:8123" + BASE)

    assert result.next_page_url == "http://127.0.0.1:8123" + BASE + "?currentpage=2"


def test_page_with_no_reviews_is_empty_not_an_error() -> None:
    result = parse_review_page(fixture("empty.html"), "https://www.nhs.uk/x/ratings-and-reviews")

    assert result.reviews == []
    assert result.announced_total == 0
    assert result.next_page_url is None


def test_changed_structure_raises_page_structure_changed() -> None:
    url = "https://www.nhs.uk/services/gp-surgery/oak-road-health-centre/X99003/ratings-and-reviews"

    with pytest.raises(PageStructureChanged) as caught:
        parse_review_page(fixture("changed_structure.html"), url)

    message = str(caught.value)
    assert url in message
    assert "12 reviews" in message
    assert "page structure has changed" in message
    assert "parser needs updating" in message
    assert "\n" not in message


def test_page_with_neither_reviews_nor_a_count_raises() -> None:
    html = b"<html><body><main><h1>Elm Tree Surgery</h1><p>Opening times</p></main></body></html>"

    with pytest.raises(PageStructureChanged, match="nhs_url"):
        parse_review_page(html, PAGE_URL)


def test_tolerates_variant_markup() -> None:
    result = parse_review_page(fixture("variant_markup.html"), PAGE_URL)
    referral, no_call, fine, same_day = result.reviews

    assert result.announced_total == 4  # "Reviews (4)"
    assert result.next_page_url is None
    # aria-label in other letter case and spacing; h2 title; rating only in an aria-label;
    # "3rd March 2026" and "28/02/2026"; a reply with no label after a non-reply sibling
    assert referral == ParsedReview(
        review_id="A-5512",  # from "CommentId=" among other query parameters
        title="Sorted out my referral",
        rating=4,
        posted_on=date(2026, 3, 3),
        visited_on=date(2026, 2, 28),
        text=(
            "The referral letter had gone missing at the hospital. The secretary chased it the "
            "same afternoon.\nWould recommend."
        ),
        reply_text="Thank you, we are glad we could help.",
        reply_date=date(2026, 3, 5),
    )
    # a reply inside the review is split off; the patient's own "replied on" stays theirs
    assert no_call.title == "Nobody called back"
    assert no_call.text == (
        "I was promised a call back about my results. When they replied on Monday it was a text "
        "saying to book again."
    )
    assert no_call.reply_text == "We are sorry. We have changed how results call backs are booked."
    assert no_call.reply_date == date(2026, 2, 16)
    # no report link: a stable id from the content, and the "helpful?" line is not its reply
    assert fine.review_id.startswith("sha256-")
    assert (
        fine.review_id
        == parse_review_page(fixture("variant_markup.html"), PAGE_URL).reviews[2].review_id
    )
    assert (fine.rating, fine.text, fine.reply_text) == (3, "Nothing special, nothing wrong.", None)
    # body and metadata in divs and spans rather than paragraphs; the date from <time>
    assert same_day.rating == 5
    assert same_day.posted_on == date(2025, 12, 20)
    assert same_day.text == "Replied on the same day to my e-mail & sorted my sick note."
    assert same_day.reply_text is None


MINIMAL_REVIEW = (
    '<div aria-label="Organisation review"><h3>T</h3><p>Rated 2 stars out of 5</p>'
    '<p>Posted on 1 May 2026</p><p>Body</p><a href="/r?commentID=9">Report this comment</a></div>'
)


@pytest.mark.parametrize(
    ("announcement", "expected"),
    [
        ("<p>Showing 11 to 20 of 1,234 reviews</p>", 1234),
        ("<p>Showing 1 - 10 of 23 reviews</p>", 23),
        ("<h2>23 reviews</h2>", 23),
        ("<p>1 review</p>", 1),
        ("<h2>Reviews (7)</h2>", 7),
        ("<p>Showing 1 to 10 of <strong>42</strong> reviews</p>", 42),
        ("<p>Leave a review</p>", None),
    ],
)
def test_announced_total(announcement: str, expected: int | None) -> None:
    html = f"<html><body><main>{announcement}{MINIMAL_REVIEW}</main></body></html>".encode()

    result = parse_review_page(html, PAGE_URL)

    assert result.announced_total == expected
    assert [r.review_id for r in result.reviews] == ["9"]


def test_count_inside_a_review_is_not_the_pages_count() -> None:
    review = MINIMAL_REVIEW.replace("<p>Body</p>", "<p>I read all 200 reviews first</p>")
    html = f"<main><p>Showing 1 to 1 of 1 review</p>{review}</main>".encode()

    assert parse_review_page(html, PAGE_URL).announced_total == 1


def test_rel_next_link() -> None:
    more = '<a rel="next" href="?currentpage=2">More</a>'
    html = f"<main><p>11 reviews</p>{MINIMAL_REVIEW}{more}</main>"

    result = parse_review_page(html.encode(), PAGE_URL)

    assert result.next_page_url == PAGE_URL + "?currentpage=2"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Posted on 12 November 2026", date(2026, 11, 12)),
        ("3rd Mar 2026", date(2026, 3, 3)),
        ("2026-11-12", date(2026, 11, 12)),
        ("12/11/2026", date(2026, 11, 12)),  # UK order
        ("Date of visit: October 2026", date(2026, 10, 1)),
        ("31 February 2026", None),
        ("yesterday", None),
    ],
)
def test_parse_date(text: str, expected: date | None) -> None:
    assert parse_date(text) == expected


# --- fetching over HTTP --------------------------------------------------------------------------


def test_first_fetch_pages_through_all_three_pages(
    loopback: LoopbackServer, http: HttpClient
) -> None:
    url = serve(loopback, page(1), page(2), page(3))

    batch = make_connector(url, http).fetch({})

    assert [item.external_id for item in batch.items] == ALL_IDS
    assert [item.extras["page"] for item in batch.items] == [1] * 10 + [2] * 10 + [3] * 3
    assert requested(loopback) == [BASE, f"{BASE}?currentpage=2", f"{BASE}?currentpage=3"]
    assert batch.next_cursor == {"seen_ids": ALL_IDS}


def test_item_fields(loopback: LoopbackServer, http: HttpClient) -> None:
    url = serve(loopback, page(1), page(2), page(3))

    items = {item.external_id: item for item in make_connector(url, http).fetch({}).items}

    first = items["7401862"]
    assert first.source == "nhs_reviews"
    assert first.key == ("nhs_reviews", "7401862")
    assert first.url == f"{url}#7401862"
    assert first.title == "Couldn't get through on the phone for three days"
    assert first.text.startswith("I rang at 8am every morning")
    assert first.author_handle == ""
    assert first.published_at == datetime(2026, 11, 24, tzinfo=UTC)
    assert first.source_name == "nhs-elm-tree"
    assert first.practice_hint == "X99001"
    assert first.extras == {
        "rating": 1,
        "visited_on": "2026-11-01",
        "reply": {
            "text": first.extras["reply"]["text"],
            "date": "2026-11-25",
        },
        "page": 1,
    }
    assert first.extras["reply"]["text"].startswith("Dear patient, thank you for your feedback")
    no_reply = items["7398310"]
    assert no_reply.extras == {"rating": 3, "visited_on": None, "reply": None, "page": 1}
    last = items["7238876"]
    assert last.url == f"{url}?currentpage=3#7238876"
    assert last.published_at == datetime(2025, 7, 14, tzinfo=UTC)


def test_payload_is_exactly_the_served_bytes(loopback: LoopbackServer, http: HttpClient) -> None:
    url = serve(loopback, page(1), page(2), page(3))

    items = make_connector(url, http).fetch({}).items

    for item in items:
        served = page(item.extras["page"])
        assert item.payload.data == served
        assert item.payload.content_type == "text/html; charset=utf-8"
        assert item.payload.url == item.url.split("#")[0]
        assert item.payload.fetched_at.tzinfo is not None
    # reviews found on one page share that page's payload
    assert len({item.payload.sha256 for item in items}) == 3


def test_hostile_markup_reaches_items_as_literal_text(
    loopback: LoopbackServer, http: HttpClient
) -> None:
    url = serve(loopback, page(1), page(2), page(3))

    item = next(i for i in make_connector(url, http).fetch({}).items if i.external_id == "7398310")

    assert item.title == "Online form <img src=x onerror=alert(1)>"
    assert item.text.startswith("<script>alert(1)</script> The online consultation form")
    assert "&lt;" not in item.text + item.title


def test_second_fetch_reads_only_page_one_and_finds_nothing_new(
    loopback: LoopbackServer, http: HttpClient
) -> None:
    url = serve(loopback, page(1), page(2), page(3))
    connector = make_connector(url, http)
    cursor = connector.fetch({}).next_cursor
    loopback.requests.clear()

    batch = connector.fetch(cursor)

    assert batch.items == []
    assert requested(loopback) == [BASE]
    assert batch.next_cursor == cursor


def test_new_reviews_at_the_top_are_found_next_run(
    loopback: LoopbackServer, http: HttpClient
) -> None:
    url = serve(loopback, page(1), page(2), page(3))
    connector = make_connector(url, http)
    cursor = connector.fetch({}).next_cursor
    newer = with_reviews_on_top(
        page(1),
        review_li("7409001", "Same-day appointment", "25 November 2026", "Seen within two hours."),
        review_li("7408350", "Lost my sick note", "24 November 2026", "Had to ask three times.", 2),
    )
    serve(loopback, newer)
    loopback.requests.clear()

    batch = connector.fetch(cursor)

    assert [item.external_id for item in batch.items] == ["7409001", "7408350"]
    assert batch.items[0].title == "Same-day appointment"
    assert batch.items[0].text == "Seen within two hours."
    assert batch.items[0].published_at == datetime(2026, 11, 25, tzinfo=UTC)
    assert batch.items[1].extras["rating"] == 2
    assert batch.items[0].payload.data == newer
    assert requested(loopback) == [BASE]  # page 1 still holds reviews already stored
    assert batch.next_cursor == {"seen_ids": ["7409001", "7408350", *ALL_IDS]}


def test_cursor_keeps_the_50_most_recent_ids(loopback: LoopbackServer, http: HttpClient) -> None:
    url = serve(loopback, page(1), page(2), page(3))
    old_ids = [f"old-{n}" for n in range(45)]  # none of them on the pages any more

    batch = make_connector(url, http).fetch({"seen_ids": old_ids})

    assert len(batch.items) == 23
    assert batch.next_cursor == {"seen_ids": (ALL_IDS + old_ids)[:50]}


def test_a_review_pushed_onto_the_next_page_is_not_emitted_twice(
    loopback: LoopbackServer, http: HttpClient
) -> None:
    # a review posted between our requests for page 1 and page 2 pushes page 1's last review
    # to the top of page 2
    shifted = with_reviews_on_top(page(2), li_of(page(1), PAGE1_IDS[-1]).decode())
    url = serve(loopback, page(1), shifted, page(3))

    batch = make_connector(url, http).fetch({})

    assert [item.external_id for item in batch.items] == ALL_IDS


def test_max_pages_limits_a_first_run(loopback: LoopbackServer, http: HttpClient) -> None:
    url = serve(loopback, page(1), page(2), page(3))

    batch = make_connector(url, http, max_pages=2).fetch({})

    assert [item.external_id for item in batch.items] == PAGE1_IDS + PAGE2_IDS
    assert len(loopback.requests) == 2


def test_without_a_next_link_the_count_decides_whether_to_page_on(
    loopback: LoopbackServer, http: HttpClient
) -> None:
    no_nav = re.sub(rb'<nav class="nhsuk-pagination".*?</nav>', b"", page(1), flags=re.DOTALL)
    assert b"currentpage" not in no_nav
    url = serve(loopback, no_nav, page(2), page(3))

    batch = make_connector(url, http).fetch({})

    assert len(batch.items) == 23
    assert requested(loopback)[1] == f"{BASE}?currentpage=2"


def test_empty_practice_gives_no_items_and_no_error(
    loopback: LoopbackServer, http: HttpClient
) -> None:
    url = serve(loopback, fixture("empty.html"))

    batch = make_connector(url, http).fetch({})

    assert batch.items == []
    assert batch.next_cursor == {"seen_ids": []}


def test_server_error_on_page_two_keeps_page_one_with_the_original_cursor(
    loopback: LoopbackServer, http: HttpClient
) -> None:
    url = serve(loopback, page(1), Route(b"Service Unavailable", status=500), page(3))
    cursor = {"seen_ids": ["6900001", "6900000"]}  # older reviews, no longer on these pages

    with pytest.raises(PartialFetch) as caught:
        make_connector(url, http).fetch(cursor)

    partial = caught.value
    assert [item.external_id for item in partial.batch.items] == PAGE1_IDS
    assert partial.batch.next_cursor == cursor
    assert isinstance(partial.cause, FetchFailed)
    assert "500" in str(partial.cause)
    assert "kept 10 items" in str(partial)
    assert requested(loopback) == [BASE, f"{BASE}?currentpage=2"]


def test_changed_structure_on_page_two_is_a_partial_fetch(
    loopback: LoopbackServer, http: HttpClient
) -> None:
    url = serve(loopback, page(1), fixture("changed_structure.html"))

    with pytest.raises(PartialFetch) as caught:
        make_connector(url, http).fetch({})

    assert isinstance(caught.value.cause, PageStructureChanged)
    assert len(caught.value.batch.items) == 10
    assert caught.value.batch.next_cursor == {}


def test_changed_structure_on_page_one_propagates(
    loopback: LoopbackServer, http: HttpClient
) -> None:
    url = serve(loopback, fixture("changed_structure.html"))

    with pytest.raises(PageStructureChanged, match="page structure has changed"):
        make_connector(url, http).fetch({})


def test_server_error_on_page_one_propagates(loopback: LoopbackServer, http: HttpClient) -> None:
    url = serve(loopback, Route(b"oops", status=503))

    with pytest.raises(FetchFailed) as caught:
        make_connector(url, http).fetch({"seen_ids": ["1"]})

    assert not isinstance(caught.value, PartialFetch)
    assert "503" in str(caught.value)


def test_not_found_says_the_nhs_url_is_probably_wrong(
    loopback: LoopbackServer, http: HttpClient
) -> None:
    url = loopback.url("/services/gp-surgery/no-such-surgery/X00000/ratings-and-reviews")

    with pytest.raises(FetchFailed) as caught:
        make_connector(url, http).fetch({})

    message = str(caught.value)
    assert "404" in message and "nhs_url is probably wrong" in message
    assert "\n" not in message


def test_other_statuses_fail_with_the_status(loopback: LoopbackServer, http: HttpClient) -> None:
    url = serve(loopback, Route(b"Forbidden", status=403))

    with pytest.raises(FetchFailed, match="403"):
        make_connector(url, http).fetch({})


def test_odd_cursor_is_treated_as_empty(loopback: LoopbackServer, http: HttpClient) -> None:
    url = serve(loopback, page(1), page(2), page(3))

    batch = make_connector(url, http).fetch({"seen_ids": "7401862"})

    assert len(batch.items) == 23


@pytest.mark.parametrize(
    "body",
    [
        "5 out of 5, would recommend to anyone.",
        "Visited the surgery on 3 May 2026 and waited an hour.",
        "Posted my form on Monday and heard nothing.",
    ],
)
def test_patients_words_that_look_like_metadata_stay_in_the_text(body: str) -> None:
    review = MINIMAL_REVIEW.replace("<p>Body</p>", f"<p>{body}</p>")
    html = f"<main><p>1 review</p>{review}</main>".encode()

    (parsed,) = parse_review_page(html, PAGE_URL).reviews

    assert parsed.text == body
    assert (parsed.rating, parsed.posted_on, parsed.visited_on) == (2, date(2026, 5, 1), None)


def test_reviews_outside_main_are_still_found() -> None:
    html = f"<body><main><p>1 review</p></main><aside>{MINIMAL_REVIEW}</aside></body>".encode()

    assert [r.review_id for r in parse_review_page(html, PAGE_URL).reviews] == ["9"]


def test_next_link_to_another_site_is_not_followed() -> None:
    more = '<nav class="nhsuk-pagination"><a href="https://elsewhere.example/reviews?p=2">Next</a></nav>'
    html = f"<main><p>11 reviews</p>{MINIMAL_REVIEW}{more}</main>".encode()

    assert parse_review_page(html, PAGE_URL).next_page_url is None


def test_visually_hidden_rating_label_is_metadata_not_review_text():
    """Regression: 'Rating: ' in a visually-hidden span leaked into the review's text."""
    html = (
        b'<main><p>Showing 1 to 1 of 1 reviews</p><div aria-label="Organisation review">'
        b"<h3>Awful</h3>"
        b'<p class="nhsuk-body-s"><span class="nhsuk-u-visually-hidden">Rating: </span>'
        b"Rated 1 star out of 5</p><p>Posted on 18 November 2026</p>"
        b"<p>Nobody answers the phone.</p>"
        b'<p><a href="/x/report-a-comment?commentID=1234567">Report this comment</a></p>'
        b"</div></main>"
    )
    [review] = parse_review_page(
        html, "https://www.nhs.uk/services/gp-surgery/x/X99001/ratings-and-reviews"
    ).reviews
    assert review.rating == 1
    assert review.text == "Nobody answers the phone."
