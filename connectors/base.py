"""What every connector is: a small class with `fetch(cursor) -> Batch`.

Connectors fetch and parse; they never classify or store. Failures are raised as `SourceError`
subclasses whose message is one line a practice manager can act on. When some data was fetched
before the failure, `PartialFetch` carries it with the *old* cursor, so the flow stores what was
fetched without moving the cursor past the gap.
"""

from __future__ import annotations

from typing import Any, Protocol

from gpwatch.models import Batch


class SourceError(Exception):
    """A source failed. `str(err)` is a one-line, actionable reason (no secrets, no traceback)."""


class FetchFailed(SourceError):
    """The network or the server failed (timeout, refused connection, 5xx after retries)."""


class RateLimited(SourceError):
    """The source said 'too many requests' and asked us to wait longer than we will."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class ResponseTooLarge(SourceError):
    """The response was bigger than the configured size cap."""


class MalformedResponse(SourceError):
    """The response could not be parsed as what the source should return."""


class PageStructureChanged(SourceError):
    """A page announced content but the parser found none: the site's HTML has changed."""


class CredentialsMissing(SourceError):
    """A source needs credentials that are not set."""


class PartialFetch(SourceError):
    """Some pages were fetched before a failure. `batch` holds them with the unchanged cursor."""

    def __init__(self, batch: Batch, cause: SourceError) -> None:
        super().__init__(f"{cause} (kept {len(batch.items)} items fetched before the failure)")
        self.batch = batch
        self.cause = cause


class Connector(Protocol):
    """A source of RawItems. `name` is the [[sources]] entry; `kind` the RawItem.source."""

    name: str
    kind: str

    def fetch(self, cursor: dict[str, Any]) -> Batch:
        """Fetch what is new since `cursor`; return the items and the cursor that covers them."""
        ...
