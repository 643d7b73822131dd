"""Connectors from the config: one per feed, one per practice review page."""

from __future__ import annotations

import importlib
from pathlib import Path
from urllib.parse import urlparse, urlunparse

from connectors.base import Connector
from connectors.http import HttpClient
from gpwatch.config import Config, NhsReviewsSource, RssSource

NHS_WEBSITE = "https://www.nhs.uk"


def feed_url(url: str, base_dir: Path) -> str:
    """A feed's URL; a plain path is a file relative to the config file's folder."""
    if "://" in url or url.startswith("file:"):
        return url
    return (base_dir / url).resolve().as_uri()


def reviews_url(nhs_url: str, base_url: str = "") -> str:
    """The practice's ratings-and-reviews page, optionally on another host (proxy, demo, tests)."""
    url = nhs_url.rstrip("/")
    if not url.endswith("/ratings-and-reviews"):
        url += "/ratings-and-reviews"
    if base_url:
        base = urlparse(base_url)
        parts = urlparse(url)
        url = urlunparse(
            (base.scheme, base.netloc, base.path.rstrip("/") + parts.path, "", parts.query, "")
        )
    return url


def build_connectors(config: Config, http: HttpClient) -> list[Connector]:
    """Every enabled source's connectors, in config order."""
    # imported here so a broken optional connector cannot stop the config from loading
    from connectors.nhs_reviews import ReviewPageConnector
    from connectors.rss import FeedConnector

    out: list[Connector] = []
    for source in config.enabled_sources():
        if isinstance(source, RssSource):
            out.append(
                FeedConnector(
                    source.name,
                    feed_url(source.url, config.base_dir),
                    http,
                    practice_hint=source.practice.upper() if source.practice else None,
                )
            )
        elif isinstance(source, NhsReviewsSource):
            wanted = {p.upper() for p in source.practices}
            for practice in config.practices:
                if not practice.nhs_url or (wanted and practice.ods not in wanted):
                    continue
                out.append(
                    ReviewPageConnector(
                        f"{source.name}.{practice.ods}",
                        practice.ods,
                        reviews_url(practice.nhs_url, source.base_url),
                        http,
                        max_pages=source.max_pages,
                    )
                )
        else:
            # social platforms: connectors/<kind>.py exposes build(source, config, http)
            module = importlib.import_module(f"connectors.{source.kind}")
            out.extend(module.build(source, config, http))
    return out
