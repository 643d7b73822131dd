"""Stored items of every source kind for the evidence, verify and retention tests.

Social items are RawItems shaped exactly as connectors/x.py, reddit.py and bluesky.py build
them (one API response page as the payload of every item found in it, the same url, handle,
id and extras), stored through Store.save_batch. RSS and NHS website items come through the
real connectors over the loopback HTTP server (`fetch_loopback_items`). `rewrite` and `flip`
change a pack the way someone tampering with it would.
"""

from __future__ import annotations

import json
import textwrap
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from connectors.http import HttpClient, HttpSettings
from connectors.nhs_reviews import ReviewPageConnector
from connectors.rss import FeedConnector
from flows.steps import build_classifier, classify_pending
from gpwatch.config import Config, load_config
from gpwatch.models import Batch, Payload, RawItem
from storage.store import Store
from tests.support.loopback import LoopbackServer, Route

HOSTILE = (
    '<script>alert(1)</script> <img src=x onerror=alert(1)> <a href="javascript:alert(2)">x</a>'
)
X_AUTHOR = "angry_patient_99"
X_AUTHOR_ID = "1234567890"

CONFIG = """
[database]
path = "db/gpwatch.duckdb"
lock_timeout_seconds = 5
[retention]
days = {days}
[[practices]]
ods = "X99001"
name = "Elm Tree Surgery"
handles = ["@ElmTreeSurgery"]
town = "Sheffield"
postcode = "S10 2AB"
nhs_url = "https://www.nhs.uk/services/gp-surgery/elm-tree-surgery/X99001"
staff = [
  {{ name = "Jade Wilson", role = "receptionist" }},
  {{ name = "Dr Amira Patel", role = "GP partner" }},
]
"""


def write_config(folder: Path, days: int = 365) -> Config:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "gpwatch.toml"
    path.write_text(CONFIG.format(days=days), encoding="utf-8")
    return load_config(path)


def store_for(cfg: Config) -> Store:
    store = Store(cfg.database_path, lock_timeout=5)
    store.sync_practices(cfg.practices)
    return store


def classify(cfg: Config, store: Store) -> None:
    classify_pending(store, build_classifier(cfg), "test-run")


@dataclass
class Stored:
    """What a fixture stored: the payload bytes of each item key, and the keys per kind."""

    payloads: dict[tuple[str, str], bytes] = field(default_factory=dict)
    keys: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    def add(self, items: list[RawItem]) -> None:
        for it in items:
            self.payloads[it.key] = it.payload.data
            self.keys.setdefault(it.source, []).append(it.key)


def _iso(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def x_items(fetched: datetime, posts: list[tuple[str, str, datetime]]) -> list[RawItem]:
    """One X API v2 recent-search page (expansions=author_id) with these (id, text, created)
    posts by X_AUTHOR, as the connector turns it into RawItems sharing the page as payload."""
    page = {
        "data": [
            {
                "id": pid,
                "text": text,
                "author_id": X_AUTHOR_ID,
                "created_at": _iso(created),
                "conversation_id": pid,
                "lang": "en",
                "edit_history_tweet_ids": [pid],
            }
            for pid, text, created in posts
        ],
        "includes": {"users": [{"id": X_AUTHOR_ID, "name": "Angry Patient", "username": X_AUTHOR}]},
        "meta": {
            "newest_id": posts[0][0],
            "oldest_id": posts[-1][0],
            "result_count": len(posts),
        },
    }
    payload = Payload(
        data=json.dumps(page, ensure_ascii=False).encode("utf-8"),
        content_type="application/json; charset=utf-8",
        url="https://api.twitter.com/2/tweets/search/recent?query=%22Elm+Tree+Surgery%22",
        fetched_at=fetched,
    )
    return [
        RawItem(
            source="x",
            external_id=pid,
            url=f"https://x.com/{X_AUTHOR}/status/{pid}",
            text=text,
            payload=payload,
            author_handle=f"@{X_AUTHOR}",
            author_id=X_AUTHOR_ID,
            published_at=created,
            source_name="x-search",
            extras={"lang": "en", "conversation_id": pid},
        )
        for pid, text, created in posts
    ]


def reddit_items(fetched: datetime, created: datetime, url: str | None = None) -> list[RawItem]:
    """One comment from r/sheffield's new-comments listing, as praw's JSON carried it."""
    body = (
        "Elm Tree Surgery in Sheffield again. Dr Amira Patel is a useless idiot and the "
        "receptionist is a disgrace. £20 for a letter!"
    )
    listing = {
        "kind": "Listing",
        "data": {
            "after": "t1_kq0abc2",
            "dist": 1,
            "children": [
                {
                    "kind": "t1",
                    "data": {
                        "name": "t1_kq0abc1",
                        "id": "kq0abc1",
                        "author": "throwaway_s10",
                        "author_fullname": "t2_9z8y7x",
                        "body": body,
                        "subreddit": "sheffield",
                        "permalink": "/r/sheffield/comments/1abcde/gp_appointments/kq0abc1/",
                        "created_utc": created.timestamp(),
                        "link_id": "t3_1abcde",
                        "parent_id": "t3_1abcde",
                        "link_title": "GP appointments in S10?",
                        "score": 3,
                    },
                }
            ],
        },
    }
    payload = Payload(
        data=json.dumps(listing).encode("utf-8"),
        content_type="application/json; charset=UTF-8",
        url="https://oauth.reddit.com/r/sheffield/comments?limit=100&raw_json=1",
        fetched_at=fetched,
    )
    return [
        RawItem(
            source="reddit",
            external_id="t1_kq0abc1",
            url=url
            or "https://www.reddit.com/r/sheffield/comments/1abcde/gp_appointments/kq0abc1/",
            text=body,
            payload=payload,
            author_handle="throwaway_s10",
            author_id="t2_9z8y7x",
            published_at=created,
            source_name="reddit-sheffield",
            extras={
                "kind": "comment",
                "subreddit": "sheffield",
                "listing": "comments",
                "score": 3,
                "parent_id": "t3_1abcde",
                "link_id": "t3_1abcde",
                "link_title": "GP appointments in S10?",
            },
        )
    ]


def bluesky_items(fetched: datetime, created: datetime, text: str) -> list[RawItem]:
    """One post from app.bsky.feed.searchPosts, as the connector stores it."""
    did = "did:plc:ewvi7nxzyoun6zhxrhs64oiz"
    uri = f"at://{did}/app.bsky.feed.post/3kq7abcdxyz2a"
    response = {
        "posts": [
            {
                "uri": uri,
                "cid": "bafyreig2fjxi3rptqdgylg7e5hmjl6mcke7rn2b6cugzlqq3i4zu6rq52q",
                "author": {
                    "did": did,
                    "handle": "sheffmum.bsky.social",
                    "displayName": "Sheff Mum",
                },
                "record": {
                    "$type": "app.bsky.feed.post",
                    "text": text,
                    "createdAt": _iso(created),
                    "langs": ["en"],
                },
                "replyCount": 0,
                "repostCount": 1,
                "likeCount": 4,
                "indexedAt": _iso(created + timedelta(seconds=2)),
                "labels": [],
            }
        ],
        "hitsTotal": 1,
    }
    payload = Payload(
        data=json.dumps(response, ensure_ascii=False).encode("utf-8"),
        content_type="application/json; charset=utf-8",
        url="https://api.bsky.app/xrpc/app.bsky.feed.searchPosts?q=%22Elm+Tree+Surgery%22",
        fetched_at=fetched,
    )
    return [
        RawItem(
            source="bluesky",
            external_id=uri,
            url="https://bsky.app/profile/sheffmum.bsky.social/post/3kq7abcdxyz2a",
            text=text,
            payload=payload,
            author_handle="sheffmum.bsky.social",
            author_id=did,
            published_at=created,
            source_name="bluesky-search",
            extras={
                "cid": response["posts"][0]["cid"],
                "query": "Elm Tree Surgery",
                "display_name": "Sheff Mum",
                "langs": ["en"],
                "like_count": 4,
            },
        )
    ]


def store_social(cfg: Config, fetched: datetime | None = None) -> Stored:
    """X (two pages, three posts by one author, one hostile), Reddit and Bluesky items."""
    fetched = fetched or datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
    store = store_for(cfg)
    stored = Stored()
    t = fetched - timedelta(days=2)
    page1 = x_items(
        fetched,
        [
            (
                "1860000000000000002",
                f"@ElmTreeSurgery Jade Wilson the receptionist is a useless cow. I know where she "
                f"parks. “Sorry we're busy” my arse {HOSTILE}",
                t + timedelta(hours=5),
            ),
            (
                "1860000000000000001",
                "@ElmTreeSurgery absolute disgrace, waited 3 weeks, you lot are pathetic",
                t + timedelta(hours=1),
            ),
        ],
    )
    page2 = x_items(
        fetched + timedelta(minutes=15),
        [
            (
                "1860000000000000003",
                "@ElmTreeSurgery still no appointment. Useless idiots.",
                t + timedelta(hours=9),
            ),
        ],
    )
    reddit = reddit_items(fetched, t + timedelta(hours=3))
    bsky = bluesky_items(
        fetched,
        t + timedelta(hours=4),
        "Elm Tree Surgery Sheffield: receptionist Jade Wilson lives at "
        "14 Acacia Avenue S10 2AB, go and tell her what you think",
    )
    for batch, name, kind in (
        (page1, "x-search", "x"),
        (page2, "x-search", "x"),
        (reddit, "reddit-sheffield", "reddit"),
        (bsky, "bluesky-search", "bluesky"),
    ):
        store.save_batch(Batch(batch, {"since_id": batch[0].external_id}), name, kind)
        stored.add(batch)
    classify(cfg, store)
    return stored


# ---- RSS and NHS website reviews over loopback --------------------------------------------

FEED_PATH = "/feeds/sheffield-news.xml"
REVIEWS_PATH = "/services/gp-surgery/elm-tree-surgery/X99001/ratings-and-reviews"
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "nhs_reviews"


def feed_bytes() -> bytes:
    """A local news feed with a hostile comment about the practice (markup escaped, as a feed
    carries text)."""
    hostile = HOSTILE.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return textwrap.dedent(f"""\
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0"><channel>
        <title>Sheffield Star: health</title>
        <link>https://www.thestar.co.uk/health</link>
        <description>Health news</description>
        <item>
          <title>Elm Tree Surgery patients’ anger over phone queues</title>
          <link>https://www.thestar.co.uk/health/elm-tree-surgery-phone-queues-4412345</link>
          <guid>https://www.thestar.co.uk/health/elm-tree-surgery-phone-queues-4412345</guid>
          <pubDate>Mon, 23 Nov 2026 08:15:00 GMT</pubDate>
          <author>news@thestar.co.uk (Newsdesk)</author>
          <description>Readers at Elm Tree Surgery in Sheffield say receptionist Jade Wilson
          is a useless cow and “someone should sort her out” — £5 to park. {hostile}</description>
        </item>
        </channel></rss>
        """).encode("utf-8")


def review_page_bytes() -> bytes:
    """The NHS website fixture page with a hostile review about a named receptionist on top."""
    page = (FIXTURES / "elm_tree_page1.html").read_bytes()
    hostile = HOSTILE.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    li = f"""
          <li class="nhsuk-u-margin-bottom-5" role="listitem">
            <div class="nhsuk-card nhsuk-u-margin-bottom-3" aria-label="Organisation review">
              <div class="nhsuk-card__content">
                <h3 class="nhsuk-card__heading nhsuk-heading-s">Jade Wilson is a disgrace</h3>
                <p class="nhsuk-body-s"><span class="nhsuk-u-visually-hidden">Rated 1
                  star out of 5</span><span aria-hidden="true"></span></p>
                <p class="nhsuk-body-s nhsuk-u-secondary-text-color">Posted on 22 November 2026</p>
                <p class="nhsuk-body-s">The receptionist Jade Wilson is a rude useless cow who
                  should be sacked. {hostile}</p>
                <p class="nhsuk-body-s"><a href="{REVIEWS_PATH}/report-a-comment?commentID=7409999"
                  >Report this comment</a></p>
              </div>
            </div>
          </li>"""
    marker = b'<ul class="nhsuk-list" role="list">'
    assert page.count(marker) == 1
    return page.replace(marker, marker + li.encode("utf-8"))


def fetch_loopback_items(cfg: Config, srv: LoopbackServer) -> Stored:
    """Serve a feed and a review page on 127.0.0.1, fetch them with the real connectors and
    store what they return, then classify. Returns the bytes each item's payload should be."""
    feed, reviews = feed_bytes(), review_page_bytes()
    srv.routes[FEED_PATH] = Route(feed, headers={"Content-Type": "application/rss+xml"})
    srv.routes[REVIEWS_PATH] = Route(reviews, headers={"Content-Type": "text/html; charset=utf-8"})
    # page 2 would be requested by the fixture's "next" link: answer with a page of no reviews
    srv.routes[REVIEWS_PATH + "?currentpage=2"] = Route(
        (FIXTURES / "empty.html").read_bytes(), headers={"Content-Type": "text/html"}
    )
    store = store_for(cfg)
    stored = Stored()
    with HttpClient(HttpSettings(retries=0, timeout_seconds=5), sleep=lambda _s: None) as http:
        rss = FeedConnector("sheffield-news", srv.url(FEED_PATH), http)
        nhs = ReviewPageConnector(
            "nhs-reviews.X99001", "X99001", srv.url(REVIEWS_PATH), http, max_pages=1
        )
        for connector in (rss, nhs):
            batch = connector.fetch({})
            assert batch.items, connector.name
            store.save_batch(batch, connector.name, connector.kind)
            stored.add(batch.items)
    # what the server sent, for the byte-for-byte comparison
    stored.payloads = {key: (feed if key[0] == "rss" else reviews) for key in stored.payloads}
    classify(cfg, store)
    return stored


# ---- changing packs -----------------------------------------------------------------------


def rewrite(
    src: Path,
    dst: Path,
    *,
    change: dict[str, bytes] | None = None,
    drop: tuple[str, ...] = (),
    add: dict[str, bytes] | None = None,
) -> None:
    """Copy a ZIP entry by entry, replacing, dropping or adding entries (CRCs stay valid, as
    they would if someone edited a file and re-zipped the pack)."""
    change = change or {}
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename in drop:
                continue
            zout.writestr(info, change.get(info.filename, zin.read(info.filename)))
        for name, data in (add or {}).items():
            zout.writestr(name, data)


def flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]
