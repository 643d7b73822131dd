"""`gpwatch.toml`: loading and validation.

Errors name the key and say what is wrong, e.g. `gpwatch.toml: practices[2].ods: 'A8100' is not
an ODS code (a letter and five digits, e.g. A81001)`.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from connectors.http import DEFAULT_USER_AGENT, HttpSettings

ODS_RE = re.compile(r"^[A-Z][0-9]{5}$")
CONFIG_ENV = "GPWATCH_CONFIG"


class ConfigError(Exception):
    """The config file is missing or invalid. The message says which key and what to do."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class StaffMember(_Strict):
    name: str = Field(min_length=2)
    role: str = ""


class Practice(_Strict):
    ods: str
    name: str = Field(min_length=2)
    aliases: list[str] = []
    handles: list[str] = []
    town: str = ""
    postcode: str = ""
    staff: list[StaffMember] = []
    nhs_url: str = ""
    x_user_id: str = ""  # the numeric id of the practice's own X account (its mentions timeline)

    @field_validator("ods")
    @classmethod
    def _ods(cls, v: str) -> str:
        v = v.upper()
        if not ODS_RE.match(v):
            raise ValueError(f"{v!r} is not an ODS code (a letter and five digits, e.g. A81001)")
        return v

    @field_validator("handles")
    @classmethod
    def _handles(cls, v: list[str]) -> list[str]:
        out = []
        for h in v:
            h = h.strip()
            if not h:
                continue
            out.append(h if h.startswith("@") else "@" + h)
        return out

    @field_validator("nhs_url")
    @classmethod
    def _nhs_url(cls, v: str) -> str:
        if v and not v.startswith(("http://", "https://")):
            raise ValueError("must be the full https:// address of the practice's NHS website page")
        return v.rstrip("/")


class _SourceBase(_Strict):
    name: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_.-]+$")
    enabled: bool = True


class RssSource(_SourceBase):
    kind: Literal["rss"]
    url: str
    practice: str | None = None  # ODS code when the feed belongs to one practice


class NhsReviewsSource(_SourceBase):
    kind: Literal["nhs_reviews"]
    practices: list[str] = []  # ODS codes; empty means every practice with an nhs_url
    base_url: str = ""  # replaces https://www.nhs.uk (a proxy, the demo server, tests)
    max_pages: int = Field(default=10, ge=1, le=200)


class RedditSource(_SourceBase):
    """Reddit through praw: new submissions and comments of chosen subreddits, and searches."""

    kind: Literal["reddit"]
    subreddits: list[str] = []  # without the r/ prefix, e.g. ["sheffield", "NHS", "GPs"]
    comments: bool = True  # also read each subreddit's new comments
    search: bool = True  # also search the subreddits (or r/all) for the practices' names
    limit: int = Field(default=100, ge=1, le=1000)  # per listing per run
    page_size: int = Field(default=100, ge=1, le=100)  # items per request (Reddit's most: 100)
    # Credentials are read from these environment variables (or Prefect Secret blocks of the
    # same name, lower-cased with dashes), never from this file.
    client_id_env: str = "GPWATCH_REDDIT_CLIENT_ID"
    client_secret_env: str = "GPWATCH_REDDIT_CLIENT_SECRET"
    # optional: a "script" app's account; without them the app reads anonymously (read-only)
    username_env: str = "GPWATCH_REDDIT_USERNAME"
    password_env: str = "GPWATCH_REDDIT_PASSWORD"
    user_agent: str = ""  # default: gpwatch's own descriptive User-Agent
    base_url: str = ""  # replaces https://oauth.reddit.com and https://www.reddit.com (tests)


class XSource(_SourceBase):
    """X (Twitter) API v2 through tweepy: recent search and the practice accounts' mentions."""

    kind: Literal["x"]
    max_query_length: int = Field(default=512, ge=64, le=4096)  # 512 on the basic tier
    extra_operators: str = "-is:retweet lang:en"
    mentions_timeline: bool = True  # read the mentions of practice accounts (x_user_id set)
    max_results: int = Field(default=100, ge=10, le=100)
    max_pages: int = Field(default=5, ge=1, le=100)
    bearer_token_env: str = "GPWATCH_X_BEARER_TOKEN"
    base_url: str = ""  # replaces https://api.twitter.com (enterprise proxies, tests)


class BlueskySource(_SourceBase):
    """Bluesky public post search (app.bsky.feed.searchPosts)."""

    kind: Literal["bluesky"]
    max_pages: int = Field(default=5, ge=1, le=100)
    limit: int = Field(default=100, ge=1, le=100)
    handle_env: str = "GPWATCH_BLUESKY_HANDLE"  # an app password is used when both are set
    app_password_env: str = "GPWATCH_BLUESKY_APP_PASSWORD"
    base_url: str = ""  # replaces https://api.bsky.app / https://bsky.social (tests)


Source = Annotated[
    RssSource | NhsReviewsSource | RedditSource | XSource | BlueskySource,
    Field(discriminator="kind"),
]
SOURCE_KINDS = ("rss", "nhs_reviews", "reddit", "x", "bluesky")


class DatabaseSettings(_Strict):
    path: str = "data/gpwatch.duckdb"
    lock_timeout_seconds: float = Field(default=30.0, ge=0)
    spool_dir: str = ""  # default: a 'spool' folder beside the database


class RetentionSettings(_Strict):
    """`[retention]`: how long stored items are kept (`gpwatch purge`); held evidence stays."""

    days: int = Field(default=365, ge=1)


class AlertSettings(_Strict):
    guidance_file: str = ""  # default: the bundled alerts/guidance.toml
    negative_threshold: float = Field(default=-0.3, le=0, ge=-1)
    min_confidence: float = Field(default=0.6, ge=0, le=1)


class HttpConfig(_Strict):
    timeout_seconds: float = Field(default=20.0, gt=0)
    max_bytes: int = Field(default=20_000_000, gt=0)
    retries: int = Field(default=3, ge=0, le=10)
    backoff_seconds: float = Field(default=1.0, ge=0)
    max_retry_after_seconds: float = Field(default=120.0, ge=0)
    user_agent: str = DEFAULT_USER_AGENT

    def settings(self) -> HttpSettings:
        return HttpSettings(**self.model_dump())


class DigestSettings(_Strict):
    """`[digest]`: the morning email (see alerts/digest.py)."""

    send_empty: bool = True  # a short "nothing new" note on quiet days
    outbox: str = "outbox"  # where .eml files go when [smtp] has no host (beside the config)
    # a new recipient's first look-back, and how far back a critical alert is still emailed
    first_digest_hours: int = Field(default=24, ge=1, le=24 * 90)
    urgent_lookback_hours: int = Field(default=48, ge=1, le=24 * 30)
    timezone: str = "Europe/London"  # times in the email


class SmtpSettings(_Strict):
    """`[smtp]`: the mail server. No host means: write .eml files to the outbox instead."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, populate_by_name=True)

    host: str = ""
    port: int = Field(default=0, ge=0, le=65535)  # 0: 587 for starttls, 465 for ssl, 25 for none
    security: Literal["starttls", "ssl", "none"] = "starttls"
    username: str = ""
    # the password is read from this environment variable (or the Prefect Secret block of the
    # same name, lower-cased with dashes), never from this file
    password_env: str = "GPWATCH_SMTP_PASSWORD"
    from_address: str = Field(default="", alias="from")
    timeout_seconds: float = Field(default=30.0, gt=0)
    ca_file: str = ""  # a private CA for an internal relay; default: the system's CAs

    @property
    def effective_port(self) -> int:
        return self.port or {"starttls": 587, "ssl": 465, "none": 25}[self.security]


class Recipient(_Strict):
    """`[[recipients]]`: who gets the digest, for which practices, and urgent alerts or not."""

    name: str = Field(min_length=1)
    email: str
    practices: list[str] = []  # ODS codes; empty means every configured practice
    urgent: bool = False  # also email each critical alert at once

    @field_validator("email")
    @classmethod
    def _email(cls, v: str) -> str:
        if not re.match(r"^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+$", v):
            raise ValueError(f"{v!r} is not an email address (like manager@example.nhs.uk)")
        return v

    @field_validator("practices")
    @classmethod
    def _practices(cls, v: list[str]) -> list[str]:
        return [p.strip().upper() for p in v if p.strip()]


class ScheduleSettings(_Strict):
    """`[schedule]`: what `gpwatch serve` runs when."""

    monitor_every_minutes: int = Field(default=30, ge=1, le=24 * 60)
    digest_time: str = "07:00"  # local time in `timezone`, 24-hour HH:MM
    timezone: str = "Europe/London"

    @field_validator("digest_time")
    @classmethod
    def _digest_time(cls, v: str) -> str:
        m = re.match(r"^([01]?\d|2[0-3]):([0-5]\d)$", v)
        if not m:
            raise ValueError(f"{v!r} is not a time of day; write it as HH:MM, e.g. 07:00")
        return f"{int(m.group(1)):02d}:{m.group(2)}"

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, v: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{v!r} is not a time zone name (like Europe/London)") from None
        return v


class Config(_Strict):
    practices: list[Practice] = Field(min_length=1)
    sources: list[Source] = []
    database: DatabaseSettings = DatabaseSettings()
    alerts: AlertSettings = AlertSettings()
    http: HttpConfig = HttpConfig()
    retention: RetentionSettings = RetentionSettings()
    digest: DigestSettings = DigestSettings()
    smtp: SmtpSettings = SmtpSettings()
    recipients: list[Recipient] = []
    schedule: ScheduleSettings = ScheduleSettings()
    base_dir: Path = Field(default=Path("."), exclude=True)

    @model_validator(mode="after")
    def _cross_checks(self) -> Config:
        seen: set[str] = set()
        for i, p in enumerate(self.practices):
            if p.ods in seen:
                raise ValueError(f"practices[{i}].ods: {p.ods} is listed twice")
            seen.add(p.ods)
        names: set[str] = set()
        for i, s in enumerate(self.sources):
            if s.name in names:
                raise ValueError(
                    f"sources[{i}].name: {s.name!r} is used twice; names must be unique"
                )
            names.add(s.name)
            refs = [s.practice] if isinstance(s, RssSource) and s.practice else []
            if isinstance(s, NhsReviewsSource):
                refs = list(s.practices)
            for ref in refs:
                if ref and ref.upper() not in seen:
                    raise ValueError(f"sources[{i}]: practice {ref!r} is not in [[practices]]")
        emails: set[str] = set()
        for i, r in enumerate(self.recipients):
            if r.email.lower() in emails:
                raise ValueError(f"recipients[{i}].email: {r.email} is listed twice")
            emails.add(r.email.lower())
            for ref in r.practices:
                if ref not in seen:
                    raise ValueError(f"recipients[{i}]: practice {ref!r} is not in [[practices]]")
        return self

    @property
    def database_path(self) -> Path:
        return self.resolve(self.database.path)

    @property
    def spool_path(self) -> Path:
        if self.database.spool_dir:
            return self.resolve(self.database.spool_dir)
        return self.database_path.parent / "spool"

    def resolve(self, path: str) -> Path:
        """A path from the config, relative to the config file's folder."""
        p = Path(os.path.expanduser(path))
        return p if p.is_absolute() else (self.base_dir / p).resolve()

    def practice(self, ods: str) -> Practice:
        for p in self.practices:
            if p.ods == ods.upper():
                return p
        raise KeyError(ods)

    def enabled_sources(self) -> list[Source]:
        return [s for s in self.sources if s.enabled]

    @property
    def outbox_path(self) -> Path:
        """Where digests are written as .eml files when no SMTP host is configured."""
        return self.resolve(self.digest.outbox)


def _loc(loc: tuple[Any, ...], data: dict[str, Any]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts[-1:] = [f"{parts[-1]}[{item}]"] if parts else [f"[{item}]"]
        elif item in SOURCE_KINDS and parts and parts[-1].startswith("sources["):
            continue  # the discriminator's branch name is noise to a reader
        else:
            parts.append(str(item))
    return ".".join(parts) or "(top level)"


def format_validation_error(err: ValidationError, path: Path, data: dict[str, Any]) -> str:
    """One line per problem: `file: key: what is wrong`."""
    lines = []
    for e in err.errors():
        msg = e["msg"].removeprefix("Value error, ")
        if e["type"] == "extra_forbidden":
            msg = "unknown key (check the spelling against `gpwatch init`'s starter file)"
        elif e["type"] == "missing":
            msg = "is required"
        elif e["type"] == "union_tag_invalid":
            msg = "kind must be one of: " + ", ".join(SOURCE_KINDS)
        lines.append(f"{path}: {_loc(e['loc'], data)}: {msg}")
    return "\n".join(lines)


_ENV_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")


def expand_env(value: Any, where: str = "") -> Any:
    """Replace ${NAME} and ${NAME:-default} in string values with environment variables.

    Lets one config serve several machines (a proxy's address, the demo server's port) without
    editing it. Secrets still never belong in the file: they are read by the connectors.
    """
    if isinstance(value, str):

        def sub(m: re.Match[str]) -> str:
            name, default = m.group(1), m.group(2)
            if name in os.environ:
                return os.environ[name]
            if default is not None:
                return default
            raise ConfigError(
                f"{where}: environment variable {name} is not set (or give a "
                f"default: ${{{name}:-value}})"
            )

        return _ENV_REF.sub(sub, value)
    if isinstance(value, dict):
        return {k: expand_env(v, f"{where}.{k}" if where else k) for k, v in value.items()}
    if isinstance(value, list):
        return [expand_env(v, f"{where}[{i}]") for i, v in enumerate(value)]
    return value


def default_config_path() -> Path:
    return Path(os.environ.get(CONFIG_ENV, "gpwatch.toml"))


def load_config(path: Path | str | None = None) -> Config:
    """Read and validate a config file. Raises ConfigError with a message a person can act on."""
    cfg_path = Path(path) if path else default_config_path()
    if not cfg_path.exists():
        raise ConfigError(
            f"{cfg_path}: no such config file; create one with `gpwatch init` or pass --config PATH"
        )
    try:
        data = tomllib.loads(cfg_path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{cfg_path}: not valid TOML: {exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{cfg_path}: not UTF-8 text") from None
    try:
        data = expand_env(data, "")
    except ConfigError as exc:
        raise ConfigError(f"{cfg_path}: {exc}") from None
    try:
        return Config.model_validate({**data, "base_dir": cfg_path.resolve().parent})
    except ValidationError as exc:
        raise ConfigError(format_validation_error(exc, cfg_path, data)) from None
