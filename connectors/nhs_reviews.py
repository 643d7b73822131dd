"""Reviews of a GP surgery on the NHS website ("ratings-and-reviews" pages) as RawItems.

The NHS website has no review API, so the practice's review pages are read as HTML. Their markup
carries few classes or ids and changes without notice, so the parser leans on what the page says
to a reader (an `aria-label` on each review, "Posted on ...", "Rated 4 stars out of 5", "Reply
from ...") rather than on layout, and it fails loudly (`PageStructureChanged`) when a page
announces reviews it cannot find: a silent zero would look like a quiet week.

Everything is reduced to plain text here; markup inside a review (even an escaped `<script>`)
travels on as the literal characters a reader saw, never as live HTML.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from connectors.base import FetchFailed, PageStructureChanged, PartialFetch, SourceError
from connectors.http import HttpClient, Response
from connectors.text import normalise_whitespace
from gpwatch.models import Batch, Payload, RawItem

log = logging.getLogger(__name__)

PAGE_SIZE = 10  # reviews per page on the NHS website; used only when a page has no "Next" link
SEEN_IDS_KEPT = 50

# Elements whose contents are code or raw text, never something a reader sees as a review.
_DROPPED = "script, style, template, noscript, iframe, textarea, object, embed"
# Elements that separate words when rendered; without a space around them "<p>a</p><p>b</p>"
# reads as "ab" and "line<br>line" as "lineline".
_BREAKS = (
    "address, article, aside, blockquote, br, dd, div, dl, dt, figcaption, figure, footer,"
    " h1, h2, h3, h4, h5, h6, header, hr, li, main, nav, ol, p, pre, section, table, td, th,"
    " tr, ul"
)
_ANY_HEADING = "h2, h3, h4, h5"
_REPLY_CONTAINERS = "div, section, aside, blockquote, article"
# A link or button labelled "Reply" is a control, not a practice's reply.
_CONTROLS = frozenset({"a", "button", "input", "form", "summary"})
_REVIEW_LABELS = frozenset({"organisation review", "organization review"})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_DATE_DMY = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b")
_DATE_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DATE_UK_NUMERIC = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
_DATE_MY = re.compile(r"\b([A-Za-z]{3,9})\.?,?\s+(\d{4})\b")
_DATE_TEXT = (
    r"(?:\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]{3,9}\.?,?\s+\d{4}|\d{4}-\d{2}-\d{2}"
    r"|\d{1,2}/\d{1,2}/\d{4}|[A-Za-z]{3,9}\.?,?\s+\d{4})"
)

# The phrases a review's metadata is written in. Each captures the value it gives.
_RATING_TEXT = (
    r"(?:\brating\s*:\s*)?"  # the visually-hidden label some pages put first
    r"\b(?:rated|rating|star\s+rating)\s*:?\s*(\d)\s*(?:stars?\s*)?(?:out\s+of|/)\s*5\b"
    r"(?:\s*stars?\b)?|\b(\d)\s*(?:stars?\s*)?out\s+of\s+5\s+stars?\b"
)
_POSTED_TEXT = (
    r"\b(?:posted|written|submitted|published)(?:\s+by\s+[^,.;]{1,40}?)?(?:\s+on)?\s*:?\s*"
    rf"({_DATE_TEXT})"
)
_VISITED_TEXT = (
    rf"\b(?:date\s+of\s+(?:visit|appointment)|visited(?:\s+(?:on|in))?)\s*:?\s*({_DATE_TEXT})"
)
_RATING = re.compile(_RATING_TEXT, re.IGNORECASE)
_POSTED = re.compile(_POSTED_TEXT, re.IGNORECASE)
_VISITED = re.compile(_VISITED_TEXT, re.IGNORECASE)
# A paragraph is metadata when nothing but these phrases (and star glyphs) is in it; anything
# more is the patient's words and is kept as such.
_META_PHRASE = re.compile(
    rf"{_RATING_TEXT}|{_POSTED_TEXT}|{_VISITED_TEXT}|\breport\s+this\s+(?:comment|review)\b",
    re.IGNORECASE,
)
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")

# How a practice's answer introduces itself, whatever element or label carries it.
_REPLY_FROM = (
    r"(?:(?:a\s+)?(?:reply|response)\s+(?:from|by)\b"
    r"|(?:practice|surgery|gp)\s+(?:reply|response)\b)"
)
_REPLY_LEAD = re.compile(rf"^(?:{_REPLY_FROM}|replied\b|responded\b)", re.IGNORECASE)
# Inside a review only an explicit "Reply from ..." marks a reply: a patient may well write
# "Replied on the same day" in their own review.
_NESTED_REPLY_LEAD = re.compile(rf"^{_REPLY_FROM}", re.IGNORECASE)
_REPLIED_NEAR_START = re.compile(r"\b(?:replied|responded)\s+on\b", re.IGNORECASE)
_REPLIED_TEXT = (
    r"\b(?:replied|responded|posted|date\s+of\s+(?:reply|response))(?:\s+on)?\s*:?\s*"
    rf"({_DATE_TEXT})"
)
_REPLIED = re.compile(_REPLIED_TEXT, re.IGNORECASE)
_REPLY_META = re.compile(rf"^(?:{_REPLY_FROM}|{_REPLIED_TEXT})", re.IGNORECASE)
# A reply's "Reply from <practice>" or "Replied on <date>" line is short; a longer paragraph
# starting "Response from the practice manager: ..." is the reply itself.
_REPLY_META_MAX_CHARS = 100

# How a page announces its count; the first pattern that matches wins.
_COUNT_SHOWING = re.compile(
    r"\bshowing\s+\d[\d,]*\s*(?:to|-|–|—)\s*\d[\d,]*\s+of\s+(\d[\d,]*)\s+"
    r"(?:reviews?|comments?)\b",
    re.IGNORECASE,
)
_COUNT_N_REVIEWS = re.compile(r"\b(\d[\d,]*)\s+(?:reviews?|comments?)\b", re.IGNORECASE)
_COUNT_REVIEWS_N = re.compile(r"\breviews?\s*\(\s*(\d[\d,]*)\s*\)", re.IGNORECASE)
_COUNT_NONE = re.compile(
    r"\bno\s+(?:reviews|comments)\b|\bnot\s+(?:yet\s+)?(?:been\s+)?reviewed\b", re.IGNORECASE
)
_NEXT_TEXT = re.compile(r"^next\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ParsedReview:
    """One review as the page shows it. Dates given only as a month are the 1st of that month."""

    review_id: str
    title: str
    rating: int | None
    posted_on: date | None
    visited_on: date | None
    text: str
    reply_text: str | None
    reply_date: date | None


@dataclass(frozen=True, slots=True)
class ReviewPage:
    """The reviews on one page, the total the page announces, and the next page's URL."""

    reviews: list[ParsedReview]
    announced_total: int | None
    next_page_url: str | None


def parse_review_page(html: bytes, page_url: str) -> ReviewPage:
    """Parse one NHS website ratings-and-reviews page.

    Raises `PageStructureChanged` when the page announces reviews but none are found, or when
    it shows neither reviews nor a review count (it is not a review page we understand). A page
    announcing no reviews returns an empty list.
    """
    tree = LexborHTMLParser(_decode(html))
    _prepare(tree)
    scope = tree.css_first("main") or tree.body or tree.root
    if scope is None:
        raise _structure_changed(page_url, None)
    next_page_url = _next_page_url(tree, page_url)
    reviews = _read_reviews(tree, scope, page_url)
    announced_total = _announced_total(_text(scope))
    if not reviews and announced_total != 0:
        raise _structure_changed(page_url, announced_total)
    return ReviewPage(reviews, announced_total, next_page_url)


def _read_reviews(tree: LexborHTMLParser, scope: LexborNode, page_url: str) -> list[ParsedReview]:
    """Every review on the page, in page order, with its reply.

    The reviews and replies read are removed from the tree, so that what is left of `scope` is
    the page's own text (where the review count is announced).
    """
    review_nodes = _review_nodes(scope)
    if not review_nodes and tree.body is not None and scope.mem_id != tree.body.mem_id:
        # reviews moved out of <main> are still reviews
        review_nodes = _review_nodes(tree.body)
    review_ids = {node.mem_id for node in review_nodes}
    reviews: list[ParsedReview] = []
    read: list[LexborNode] = []
    for node in review_nodes:
        reply, nested = _find_reply(node, review_ids)
        reply_text, reply_date = _parse_reply(reply) if reply is not None else (None, None)
        # a reply inside the review must not be read as the patient's words
        if reply is not None and nested:
            reply.decompose()
        elif reply is not None:
            read.append(reply)
        reviews.append(_parse_review(node, page_url, reply_text, reply_date))
        read.append(node)
    for node in read:
        node.decompose()
    return reviews


class ReviewPageConnector:
    """Fetches a practice's NHS website reviews, newest first, until it meets one already seen.

    The cursor is `{"seen_ids": [...]}`: the ids of the most recent reviews (newest first).
    """

    kind = "nhs_reviews"

    def __init__(
        self, name: str, practice_id: str, reviews_url: str, http: HttpClient, max_pages: int = 10
    ) -> None:
        self.name = name
        self.practice_id = practice_id
        self.reviews_url = reviews_url
        self.http = http
        self.max_pages = max(1, max_pages)

    def fetch(self, cursor: dict[str, Any]) -> Batch:
        """Fetch pages 1, 2, ... up to `max_pages`, stopping after a page with a seen review.

        A failure on page 1 propagates as the SourceError it is. A failure on a later page raises
        `PartialFetch` carrying the items already fetched and the unchanged cursor, so the reviews
        between the gap and the last stored one are fetched again next run.
        """
        seen = _seen_ids(cursor)
        seen_set = set(seen)
        items: list[RawItem] = []
        new_ids: list[str] = []
        visited: set[str] = set()
        url: str | None = self.reviews_url
        page_no = 1
        while url is not None and page_no <= self.max_pages:
            visited.add(url)
            try:
                response, page = self._fetch_page(url, page_no)
            except SourceError as exc:
                if page_no == 1:
                    raise
                raise PartialFetch(Batch(items, next_cursor=dict(cursor)), exc) from exc
            payload = _payload(response)
            met_seen = False
            for review in page.reviews:
                if review.review_id in seen_set:
                    met_seen = True
                # a review posted while we page pushes older ones onto the next page: skip repeats
                elif review.review_id not in new_ids:
                    items.append(self._item(review, payload, page_no))
                    new_ids.append(review.review_id)
            if met_seen or not page.reviews:
                break
            url = self._next_url(page, response.url, page_no, visited)
            page_no += 1
        kept = new_ids + [review_id for review_id in seen if review_id not in new_ids]
        return Batch(items=items, next_cursor={"seen_ids": kept[:SEEN_IDS_KEPT]})

    def _fetch_page(self, url: str, page_no: int) -> tuple[Response, ReviewPage]:
        response = self._get(url, page_no)
        return response, parse_review_page(response.content, response.url)

    def _get(self, url: str, page_no: int) -> Response:
        """The page at `url`, or FetchFailed with a reason a practice manager can act on."""
        response = self.http.get(url)
        if response.status == 404 and page_no == 1:
            raise FetchFailed(
                f"{url} was not found (404) on the NHS website: the practice's nhs_url is "
                "probably wrong; check it against the practice's page on www.nhs.uk"
            )
        if response.status != 200:
            raise FetchFailed(
                f"{url} (reviews page {page_no}) answered HTTP {response.status} instead of 200"
            )
        return response

    def _next_url(
        self, page: ReviewPage, page_url: str, page_no: int, visited: set[str]
    ) -> str | None:
        """The next page: its "Next" link, else `currentpage=N+1` while the count says more."""
        url = page.next_page_url
        if url is None and page.announced_total and page_no * PAGE_SIZE < page.announced_total:
            url = _with_page_number(page_url, page_no + 1)
        return None if url is None or url in visited else url

    def _item(self, review: ParsedReview, payload: Payload, page_no: int) -> RawItem:
        """The RawItem for one review found on page `page_no`."""
        posted = review.posted_on
        published = datetime(posted.year, posted.month, posted.day, tzinfo=UTC) if posted else None
        reply = None
        if review.reply_text is not None:
            reply = {
                "text": review.reply_text,
                "date": review.reply_date.isoformat() if review.reply_date else None,
            }
        return RawItem(
            source=self.kind,
            external_id=review.review_id,
            url=f"{payload.url}#{review.review_id}",
            title=review.title,
            text=review.text,
            author_handle="",
            published_at=published,
            payload=payload,
            source_name=self.name,
            practice_hint=self.practice_id,
            extras={
                "rating": review.rating,
                "visited_on": review.visited_on.isoformat() if review.visited_on else None,
                "reply": reply,
                "page": page_no,
            },
        )


# --- page-level helpers -------------------------------------------------------------------------


def _payload(response: Response) -> Payload:
    return Payload(
        data=response.content,
        content_type=response.content_type,
        url=response.url,
        fetched_at=response.fetched_at,
    )


def _decode(html: bytes) -> str:
    """The page as text. The NHS website serves UTF-8; anything else is read as Windows-1252."""
    try:
        return html.decode("utf-8-sig")
    except UnicodeDecodeError:
        return html.decode("cp1252", errors="replace")


def _prepare(tree: LexborHTMLParser) -> None:
    """Drop non-content elements and space out block elements so text reads as rendered."""
    for node in tree.css(_DROPPED):
        node.decompose()
    for node in tree.css(_BREAKS):
        node.insert_before(" ")
        node.insert_after(" ")


def _review_nodes(scope: LexborNode) -> list[LexborNode]:
    """Every element labelled as a review (any tag, any letter case), outermost only."""
    found = [
        node
        for node in scope.css("[aria-label]")
        if normalise_whitespace(node.attributes.get("aria-label") or "").lower() in _REVIEW_LABELS
    ]
    ids = {node.mem_id for node in found}
    return [node for node in found if not _has_ancestor_in(node, ids, scope)]


def _has_ancestor_in(node: LexborNode, ids: set[int], stop: LexborNode) -> bool:
    parent = node.parent
    while parent is not None and parent.mem_id != stop.mem_id:
        if parent.mem_id in ids:
            return True
        parent = parent.parent
    return False


def _next_page_url(tree: LexborHTMLParser, page_url: str) -> str | None:
    """The absolute URL of the "Next" page link, or None on the last page."""
    pagination = tree.css('[class*="pagination"] a[href], nav a[href]')
    candidates = (
        tree.css('[rel~="next" i][href]')
        + [link for link in pagination if "next" in (link.attributes.get("class") or "")]
        + [link for link in pagination if _NEXT_TEXT.match(_text(link))]
    )
    for link in candidates:
        href = (link.attributes.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:")):
            continue
        url = urljoin(page_url, href)
        # paging never leaves the site the first page came from
        if url != page_url and urlsplit(url).netloc == urlsplit(page_url).netloc:
            return url
    return None


def _announced_total(text: str) -> int | None:
    """The number of reviews the page says the practice has, or None if it says nothing."""
    for pattern in (_COUNT_SHOWING, _COUNT_N_REVIEWS, _COUNT_REVIEWS_N):
        match = pattern.search(text)
        if match:
            return int(match.group(1).replace(",", ""))
    return 0 if _COUNT_NONE.search(text) else None


def _structure_changed(page_url: str, announced_total: int | None) -> PageStructureChanged:
    if announced_total is None:
        return PageStructureChanged(
            f"{page_url} shows neither reviews nor a review count: the practice's nhs_url is not "
            "its ratings-and-reviews page, or the NHS website page structure has changed and "
            "the review-page parser needs updating"
        )
    return PageStructureChanged(
        f"{page_url} announces {announced_total} reviews but none were found: the NHS website "
        "page structure has changed and the review-page parser needs updating"
    )


def _with_page_number(url: str, page_no: int) -> str:
    """`url` with its `currentpage` query parameter set to `page_no`."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k.lower() != "currentpage"]
    query.append(("currentpage", str(page_no)))
    return urlunsplit(parts._replace(query=urlencode(query)))


def _seen_ids(cursor: dict[str, Any]) -> list[str]:
    """The cursor's review ids, tolerating a missing or hand-edited cursor."""
    raw = cursor.get("seen_ids") if isinstance(cursor, dict) else None
    if not isinstance(raw, list):
        return []
    return [str(review_id) for review_id in raw if review_id not in (None, "")]


# --- review-level helpers -----------------------------------------------------------------------


def _find_reply(review: LexborNode, review_ids: set[int]) -> tuple[LexborNode | None, bool]:
    """The practice's reply to `review`, and whether it sits inside the review element.

    A reply normally follows the review as a sibling; any element that reads as a reply counts,
    whatever its label, up to the next review. Inside the review only a container that clearly
    is a reply counts, so a patient who writes "they replied on Monday" keeps their words.
    """
    title = review.css_first(_ANY_HEADING)
    for node in review.css(_REPLY_CONTAINERS):
        if _is_nested_reply(node, title):
            return node, True
    sibling = review.next
    while sibling is not None:
        if sibling.is_element_node:
            if sibling.mem_id in review_ids or _contains_review(sibling):
                return None, False
            if _reply_label(sibling) or _reads_as_reply(_text(sibling)):
                return sibling, False
        sibling = sibling.next
    return None, False


def _is_nested_reply(node: LexborNode, title: LexborNode | None) -> bool:
    # the review's own wrapper (holding its title or its report link) is never the reply
    if node.css_first('a[href*="commentid=" i]') is not None:
        return False
    if title is not None and _is_inside(title, node):
        return False
    return _reply_label(node) or bool(_NESTED_REPLY_LEAD.match(_text(node)))


def _is_inside(node: LexborNode, container: LexborNode) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.mem_id == container.mem_id:
            return True
        parent = parent.parent
    return False


def _contains_review(node: LexborNode) -> bool:
    return any(
        normalise_whitespace(inner.attributes.get("aria-label") or "").lower() in _REVIEW_LABELS
        for inner in node.css("[aria-label]")
    )


def _reply_label(node: LexborNode) -> bool:
    """Whether a container's aria-label names it a response or reply."""
    if node.tag in _CONTROLS:
        return False
    label = (node.attributes.get("aria-label") or "").lower()
    return "respon" in label or "repl" in label


def _reads_as_reply(text: str) -> bool:
    return bool(_REPLY_LEAD.match(text) or _REPLIED_NEAR_START.search(text[:200]))


@dataclass(slots=True)
class _Facts:
    """What a review's metadata says, filled in from wherever it is found first."""

    rating: int | None = None
    posted_on: date | None = None
    visited_on: date | None = None

    def read(self, text: str) -> None:
        """Fill in whatever is still unknown from metadata phrases in `text`."""
        self.rating = self.rating or _rating_in(text)
        self.posted_on = self.posted_on or _date_after(_POSTED, text)
        self.visited_on = self.visited_on or _date_after(_VISITED, text)


def _parse_review(
    node: LexborNode, page_url: str, reply_text: str | None, reply_date: date | None
) -> ParsedReview:
    """Read one review element. Consumes (decomposes) the parts it has read."""
    review_id = _comment_id(node)
    for link in node.css('a[href*="commentid=" i]'):
        link.decompose()
    title = _take_title(node)
    facts, body = _take_paragraphs(node)
    # what is left is neither title nor paragraph: metadata in spans or divs, or a body that is
    # not in paragraphs at all
    facts.rating = facts.rating or _rating_from_attributes(node)
    rest = _text(node)
    facts.read(rest)
    facts.posted_on = facts.posted_on or _time_element_date(node)
    text = "\n".join(body) if body else normalise_whitespace(_META_PHRASE.sub(" ", rest))
    if not review_id:
        review_id = _fallback_id(title, facts.posted_on, text)
        log.warning("%s: a review has no 'Report this comment' id; using %s", page_url, review_id)
    return ParsedReview(
        review_id=review_id,
        title=title,
        rating=facts.rating,
        posted_on=facts.posted_on,
        visited_on=facts.visited_on,
        text=text,
        reply_text=reply_text,
        reply_date=reply_date,
    )


def _take_title(node: LexborNode) -> str:
    """The review's heading (an h3 on the NHS website; else the first other heading)."""
    heading = node.css_first("h3") or node.css_first(_ANY_HEADING)
    if heading is None:
        return ""
    title = _text(heading)
    heading.decompose()
    return title


def _take_paragraphs(node: LexborNode) -> tuple[_Facts, list[str]]:
    """Sort the review's paragraphs into metadata and the patient's words; consumes them all."""
    facts = _Facts()
    body: list[str] = []
    for paragraph in node.css("p"):
        text = _text(paragraph)
        if _is_metadata(text):
            facts.read(text)
        elif text:
            body.append(text)
        paragraph.decompose()
    return facts, body


def _is_metadata(text: str) -> bool:
    """Whether a paragraph holds nothing but rating, date and report phrases."""
    return not _LETTER_OR_DIGIT.search(_META_PHRASE.sub(" ", text))


def _parse_reply(node: LexborNode) -> tuple[str, date | None]:
    """The reply's text (without its "Reply from ..." and date lines) and its date."""
    reply_date: date | None = None
    body: list[str] = []
    for paragraph in node.css("p"):
        text = _text(paragraph)
        if len(text) <= _REPLY_META_MAX_CHARS and _REPLY_META.match(text):
            reply_date = reply_date or _date_after(_REPLIED, text)
        elif text:
            body.append(text)
    whole = _text(node)
    reply_date = reply_date or _date_after(_REPLIED, whole) or _time_element_date(node)
    # without separate paragraphs the whole reply (heading included) is better than nothing
    return ("\n".join(body) if body else normalise_whitespace(_REPLIED.sub(" ", whole))), reply_date


def _comment_id(node: LexborNode) -> str:
    """The `commentID` query parameter of the review's "Report this comment" link, or ""."""
    for link in node.css('a[href*="commentid=" i]'):
        query = urlsplit(link.attributes.get("href") or "").query
        for key, value in parse_qsl(query):
            if key.lower() == "commentid" and value.strip():
                return value.strip()
    return ""


def _fallback_id(title: str, posted_on: date | None, text: str) -> str:
    """A stable id from the review's content, for a review without a report link."""
    basis = "\x1f".join((title, posted_on.isoformat() if posted_on else "", text))
    return "sha256-" + hashlib.sha256(basis.encode()).hexdigest()[:16]


def _rating_from_attributes(node: LexborNode) -> int | None:
    """A rating given only in an attribute (`aria-label`, `title`, an image's `alt`)."""
    for inner in node.css("[aria-label], [title], img[alt]"):
        for attribute in ("aria-label", "title", "alt"):
            rating = _rating_in(normalise_whitespace(inner.attributes.get(attribute) or ""))
            if rating:
                return rating
    return None


def _time_element_date(node: LexborNode) -> date | None:
    element = node.css_first("time[datetime]")
    return parse_date(element.attributes.get("datetime") or "") if element is not None else None


def _date_after(pattern: re.Pattern[str], text: str) -> date | None:
    match = pattern.search(text)
    return parse_date(match.group(1)) if match else None


def _rating_in(text: str) -> int | None:
    """The first star rating stated in `text`; 1 to 5, as the NHS website gives no other."""
    match = _RATING.search(text)
    if not match:
        return None
    value = int(match.group(1) or match.group(2))
    return value if 1 <= value <= 5 else None


def parse_date(text: str) -> date | None:
    """The first date in `text`: "12 November 2026", "2026-11-12", "12/11/2026" (UK order) or
    "November 2026" (the 1st of the month). None when there is no valid date."""
    match = _DATE_DMY.search(text)
    if match and match.group(2).lower() in _MONTHS:
        return _date(match.group(3), _MONTHS[match.group(2).lower()], match.group(1))
    match = _DATE_ISO.search(text)
    if match:
        return _date(match.group(1), match.group(2), match.group(3))
    match = _DATE_UK_NUMERIC.search(text)
    if match:
        return _date(match.group(3), match.group(2), match.group(1))
    for match in _DATE_MY.finditer(text):
        if match.group(1).lower() in _MONTHS:
            return _date(match.group(2), _MONTHS[match.group(1).lower()], 1)
    return None


def _date(year: str | int, month: str | int, day: str | int) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def _text(node: LexborNode) -> str:
    return normalise_whitespace(node.text(deep=True, separator="") or "")
