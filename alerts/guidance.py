"""The guidance catalogue (alerts/guidance.toml): loading, validating and choosing entries."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from gpwatch.models import GuidanceStep


class GuidanceError(Exception):
    """The guidance file is invalid; the message names the entry and the problem."""


@dataclass(frozen=True, slots=True)
class GuidanceEntry:
    id: str
    title: str
    url: str
    applies: tuple[str, ...]
    sources: tuple[str, ...]
    steps: tuple[str, ...]

    def as_step(self) -> GuidanceStep:
        return GuidanceStep(id=self.id, title=self.title, url=self.url, steps=list(self.steps))


class Guidance:
    """The catalogue, in file order (the order steps are shown in)."""

    def __init__(self, entries: list[GuidanceEntry]) -> None:
        self.entries = entries
        self.by_id = {e.id: e for e in entries}

    def for_category(self, category: str, source: str) -> list[GuidanceStep]:
        """The entries that apply to an alert of this category from this source."""
        return [
            e.as_step()
            for e in self.entries
            if category in e.applies and (not e.sources or source in e.sources)
        ]


def parse_guidance(text: str, origin: str = "guidance.toml") -> Guidance:
    """Parse and check a catalogue; errors name the entry."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise GuidanceError(f"{origin}: not valid TOML: {exc}") from None
    entries = []
    seen = set()
    for i, raw in enumerate(data.get("guidance", [])):
        where = f"{origin}: guidance[{i}]"
        for key in ("id", "title", "url", "applies", "steps"):
            if key not in raw:
                raise GuidanceError(f"{where}: '{key}' is required")
        if raw["id"] in seen:
            raise GuidanceError(f"{where}: id {raw['id']!r} is used twice")
        if not str(raw["url"]).startswith(("https://", "http://")):
            raise GuidanceError(f"{where}: url must start with https://")
        seen.add(raw["id"])
        entries.append(
            GuidanceEntry(
                id=raw["id"],
                title=raw["title"],
                url=raw["url"],
                applies=tuple(raw["applies"]),
                sources=tuple(raw.get("sources", ())),
                steps=tuple(raw["steps"]),
            )
        )
    if not entries:
        raise GuidanceError(f"{origin}: no [[guidance]] entries")
    return Guidance(entries)


@lru_cache(maxsize=8)
def load_guidance(path: str = "") -> Guidance:
    """The configured catalogue, or the bundled one when `path` is empty."""
    if path:
        p = Path(path)
        if not p.exists():
            raise GuidanceError(f"{p}: guidance file not found (check [alerts] guidance_file)")
        return parse_guidance(p.read_text(encoding="utf-8"), str(p))
    text = resources.files("alerts").joinpath("guidance.toml").read_text(encoding="utf-8")
    return parse_guidance(text, "alerts/guidance.toml")
