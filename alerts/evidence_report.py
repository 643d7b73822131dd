"""The human-readable statement of an evidence pack: report.html and report.pdf.

Written for a reader who is not technical (a police officer, a platform's trust and safety
team, an indemnity provider): a summary, a timeline, each item quoted exactly with its link,
the platform's own reporting route and what to include, and the guidance that applies.

Post contents are hostile until proven otherwise. The HTML comes from a Jinja2 template with
autoescaping on and a Content-Security-Policy that forbids scripts; only http(s) links become
links. The PDF is written with fpdf2 as plain text (no HTML or markdown parsing), with the
bundled DejaVu Sans font so "£", curly quotes and accents render; a character the font lacks
is shown as its code point, e.g. [U+1F621], so nothing is silently dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

import jinja2

if TYPE_CHECKING:
    from alerts.evidence import PackSummary
    from alerts.guidance import Guidance

UK = ZoneInfo("Europe/London")
TEMPLATE = "evidence_report.html.j2"
FONT_REGULAR = "DejaVuSans.ttf"
FONT_BOLD = "DejaVuSans-Bold.ttf"

Records = Callable[[], Iterator[dict[str, Any]]]

FLAG_WORDS = {
    "threat": "threat",
    "abuse": "abuse",
    "staff_targeted": "targets staff",
    "personal_data": "personal data exposed",
    "safeguarding": "safeguarding concern",
}

PLATFORM_NAMES = {
    "x": "X (Twitter)",
    "reddit": "Reddit",
    "bluesky": "Bluesky",
    "nhs_reviews": "NHS website review",
    "rss": "Web feed (news, Google Alerts)",
}

# What each platform's report form asks for, beyond the links (from the platforms' help pages).
WHAT_TO_INCLUDE: dict[str, list[str]] = {
    "x": [
        "The link to each post (listed under the items above).",
        "The account's @handle and its numeric user id (both are given for each item).",
        "Which rule it breaks: abuse and harassment, violent speech, or private information.",
        "That the practice has kept a verified copy (this pack and its fingerprint).",
    ],
    "reddit": [
        "The permalink of each post or comment and the subreddit it is in.",
        "The username (u/...) of the author.",
        "Which rule it breaks: harassment, threatening violence, or sharing personal information.",
        "Report it to the subreddit's moderators as well as to Reddit.",
    ],
    "bluesky": [
        "The link to each post and the author's handle (and DID, given as the author id).",
        "Which rule it breaks: harassment, threats, or sharing private information.",
    ],
    "nhs_reviews": [
        "The review's title and the date it was posted (both are given for each item).",
        "Which part of the NHS website's reviews policy it breaks: it names or identifies a "
        "member of staff or a patient, makes a formal complaint, or raises a safeguarding "
        "concern.",
        "Never confirm in a reply that the reviewer is a patient.",
    ],
    "rss": [
        "The article or comment's link, its title and the date it was published.",
        "What is wrong with it (abusive, threatening, identifies staff, exposes personal data).",
        "Ask the editor or moderators to remove it; complain to IPSO if a newspaper does not act.",
    ],
}

# Guidance always shown, whatever the alerts carried: a pack is made to be taken to the police
# or to the BMA's process as much as to a platform.
ALWAYS_GUIDANCE = ("police", "preserve_evidence", "bma_online_abuse")
PLATFORM_ROUTE_CATEGORIES = frozenset({"abuse", "threat", "personal_data"})


def safe_href(url: str | None) -> str | None:
    """The URL if it is an http(s) address with a host, else None (never a javascript: link)."""
    if not url:
        return None
    try:
        parsed = urlparse(url.strip())
    except ValueError:
        return None
    if parsed.scheme.lower() in ("http", "https") and parsed.netloc:
        return url.strip()
    return None


def show_time(times: dict[str, str] | None) -> str:
    """'Tue 24 Nov 2026, 14:03:12 GMT (14:03:12 UTC)' from a both_times() dict."""
    if not times:
        return "not recorded"
    utc = datetime.fromisoformat(times["utc"].replace("Z", "+00:00")).astimezone(UTC)
    local = utc.astimezone(UK)
    return f"{local:%a %d %b %Y, %H:%M:%S} {local.tzname()} ({utc:%H:%M:%S} UTC)"


def short_time(times: dict[str, str] | None) -> str:
    if not times:
        return "not recorded"
    utc = datetime.fromisoformat(times["utc"].replace("Z", "+00:00"))
    local = utc.astimezone(UK)
    return f"{local:%d %b %Y %H:%M} {local.tzname()}"


def _excerpt(text: str, limit: int = 90) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1].rstrip() + "…"


def item_view(record: dict[str, Any]) -> dict[str, Any]:
    """What the templates show of one evidence.json record, formatted for a person."""
    verdict = record.get("classifier") or {}
    flags = [FLAG_WORDS[f] for f in FLAG_WORDS if (verdict.get("flags") or {}).get(f)]
    spans: list[tuple[str, str]] = []
    for flag, found in (verdict.get("spans") or {}).items():
        for span in found or []:
            if isinstance(span, (list, tuple)) and len(span) >= 3:
                spans.append((FLAG_WORDS.get(flag, flag), str(span[2])))
    author = record["author"]
    handle, ident = author.get("handle") or "", author.get("id") or ""
    author_full = handle or "not given"
    if ident and ident != handle:
        author_full += f" (id {ident})"
    extras = record.get("extras") or {}
    extra_lines: list[tuple[str, str]] = []
    if isinstance(extras.get("rating"), int):
        extra_lines.append(("Star rating", f"{extras['rating']} out of 5"))
    if extras.get("subreddit"):
        extra_lines.append(("Subreddit", f"r/{extras['subreddit']}"))
    reply = extras.get("reply")
    if isinstance(reply, dict) and reply.get("text"):
        extra_lines.append(("Practice's reply", str(reply["text"])))
    alerts = []
    for a in record.get("alerts") or []:
        history = [
            f"{short_time(e['changed_at'])}: {e['status']} by {e['changed_by']}"
            + (f" ({e['note']})" if e.get("note") else "")
            for e in a.get("history") or []
        ]
        alerts.append({**a, "history": history})
    text = record.get("text") or ""
    return {
        "n": record["n"],
        "platform": record["platform"],
        "source": record["source"],
        "when_uk": short_time(record.get("published") or record.get("captured")),
        "published": show_time(record.get("published")),
        "captured": show_time(record.get("captured")),
        "url": record.get("url") or "",
        "href": safe_href(record.get("url")),
        "author": handle or ident or "—",
        "author_full": author_full,
        "title": record.get("title") or "",
        "text": text,
        "excerpt": _excerpt(text or record.get("title") or ""),
        "practices": "; ".join(
            f"{p['name'] or p['practice_id']} ({p['practice_id']})"
            for p in record.get("practices") or []
        ),
        "staff": ", ".join(record.get("staff_named") or []),
        "extras": extra_lines,
        "flags": flags,
        "spans": spans,
        "alerts": alerts,
        "raw_file": record["raw_file"],
        "sha256": record["payload"]["sha256"],
        "content_type": record["payload"]["content_type"],
        "size": record["payload"]["size_bytes"],
    }


@dataclass(slots=True)
class ReportContext:
    """Everything in the report except the items (those stream from the spool)."""

    selection: str
    exported_by: str
    exported_at_uk: str
    exported_at_utc: str
    tool_version: str
    pack_name: str
    total: int
    summary_lines: list[tuple[str, str]]
    platforms: list[dict[str, Any]] = field(default_factory=list)
    guidance: list[dict[str, Any]] = field(default_factory=list)
    about: list[str] = field(default_factory=list)

    @classmethod
    def build(
        cls,
        *,
        selection: str,
        exported_by: str,
        exported_at: datetime,
        tool_version: str,
        summary: PackSummary,
        guidance: Guidance,
        pack_name: str,
    ) -> ReportContext:
        local = exported_at.astimezone(UK)
        return cls(
            selection=selection,
            exported_by=exported_by,
            exported_at_uk=f"{local:%A %d %B %Y at %H:%M:%S} {local.tzname()}",
            exported_at_utc=f"{exported_at.astimezone(UTC):%Y-%m-%d %H:%M:%S}",
            tool_version=tool_version,
            pack_name=pack_name,
            total=summary.items,
            summary_lines=_summary_lines(summary),
            platforms=_platforms(summary, guidance),
            guidance=_guidance_entries(summary, guidance),
            about=_about(pack_name),
        )


def _summary_lines(s: PackSummary) -> list[tuple[str, str]]:
    def when(iso: str | None) -> str:
        return show_time({"utc": iso}) if iso else "not recorded"

    lines = [
        ("Items", str(s.items)),
        ("First item", when(s.first)),
        ("Last item", when(s.last)),
        (
            "Where",
            ", ".join(f"{PLATFORM_NAMES.get(k, k)}: {v}" for k, v in sorted(s.platforms.items()))
            or "—",
        ),
    ]
    if s.authors:
        shown = ", ".join(f"{a} ({n})" for a, n in s.authors.most_common(10))
        more = len(s.authors) - 10
        lines.append(("Authors", shown + (f" and {more} more" if more > 0 else "")))
    lines.append(
        (
            "Practice",
            "; ".join(f"{name or pid} ({pid})" for pid, name in sorted(s.practices.items()))
            or "none matched",
        )
    )
    if s.staff:
        lines.append(("Staff named", ", ".join(sorted(s.staff))))
    flagged = [f"{FLAG_WORDS[f]}: {s.flags[f]}" for f in FLAG_WORDS if s.flags.get(f)]
    lines.append(("Flagged", ", ".join(flagged) or "nothing flagged"))
    if s.severities:
        order = ("critical", "high", "medium", "low")
        lines.append(
            (
                "Alerts",
                ", ".join(f"{s.severities[k]} {k}" for k in order if s.severities.get(k))
                + "; status now: "
                + ", ".join(f"{n} {k}" for k, n in sorted(s.statuses.items())),
            )
        )
    return lines


def _route(entry: Any) -> dict[str, Any]:
    return {
        "id": entry.id,
        "title": entry.title,
        "url": entry.url,
        "href": safe_href(entry.url),
        "steps": list(entry.steps),
    }


def _platforms(s: PackSummary, guidance: Guidance) -> list[dict[str, Any]]:
    out = []
    for source, count in sorted(s.platforms.items()):
        routes = [
            _route(e)
            for e in guidance.entries
            if source in e.sources and PLATFORM_ROUTE_CATEGORIES & set(e.applies)
        ]
        out.append(
            {
                "source": source,
                "name": PLATFORM_NAMES.get(source, source),
                "count": count,
                "routes": routes,
                "include": WHAT_TO_INCLUDE.get(source, WHAT_TO_INCLUDE["rss"]),
            }
        )
    return out


def _guidance_entries(s: PackSummary, guidance: Guidance) -> list[dict[str, Any]]:
    """The alerts' own next steps (as they were when raised), then police and BMA guidance."""
    out: dict[str, dict[str, Any]] = {}
    for gid, step in s.guidance.items():
        entry = guidance.by_id.get(gid)
        if entry is not None and "background" in entry.applies:
            continue
        url = str(step.get("url") or "")
        out[gid] = {
            "id": gid,
            "title": str(step.get("title") or gid),
            "url": url,
            "href": safe_href(url),
            "steps": [str(x) for x in step.get("steps") or []],
        }
    wanted = list(ALWAYS_GUIDANCE) + (["nhs_moderator"] if "nhs_reviews" in s.platforms else [])
    for gid in wanted:
        entry = guidance.by_id.get(gid)
        if entry is not None and gid not in out:
            out[gid] = _route(entry)
    return list(out.values())


def _about(pack_name: str) -> list[str]:
    return [
        "gpwatch keeps every page or message exactly as it was fetched, with its SHA-256 "
        "fingerprint and the time it was fetched. This pack copies those bytes unchanged into "
        "the raw/ folder: one file per document fetched, named after the first item found in "
        "it; each item above names its file.",
        "manifest.json lists the SHA-256 fingerprint of every file in the pack. The fingerprint "
        "of manifest.json itself was shown on screen when the pack was exported, to be written "
        "in a log book; the export is also recorded in gpwatch's chain of custody.",
        f"To check the pack has not been changed: `gpwatch verify {pack_name}`. Without "
        "gpwatch: compute the SHA-256 of each file and compare it with manifest.json, then the "
        "SHA-256 of manifest.json with the fingerprint in the log book.",
        "The flags (threat, abuse, targets staff, personal data, safeguarding) were set by "
        "gpwatch's automatic classifier to help a person find what needs attention; they are "
        "not a legal finding. The quoted text is what matters.",
    ]


# ---- HTML -------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("alerts", "templates"),
        autoescape=True,  # every template here is HTML; post text must never become markup
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
    )


def write_html(context: ReportContext, records: Records, out: Any) -> None:
    """Render report.html into `out` (anything with write(str)), streaming item by item."""
    template = _environment().get_template(TEMPLATE)

    def items() -> Iterator[dict[str, Any]]:
        return (item_view(r) for r in records())

    # Jinja yields many small strings; hand the ZIP stream ~64 KB at a time
    buffer: list[str] = []
    size = 0
    for chunk in template.generate(ctx=context, items=items):
        buffer.append(chunk)
        size += len(chunk)
        if size >= 65536:
            out.write("".join(buffer))
            buffer, size = [], 0
    if buffer:
        out.write("".join(buffer))


def render_html(context: ReportContext, records: Records) -> str:
    """The whole report.html as a string (for small reports and tests)."""
    parts: list[str] = []

    class _Collect:
        def write(self, s: str) -> None:
            parts.append(s)

    write_html(context, records, _Collect())
    return "".join(parts)


# ---- PDF --------------------------------------------------------------------------------------


def font_path(name: str) -> Path:
    """A font bundled with gpwatch (alerts/fonts), DejaVu Sans under its own licence."""
    return Path(str(resources.files("alerts").joinpath("fonts", name)))


@lru_cache(maxsize=1)
def _font_codepoints() -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(str(font_path(FONT_REGULAR)), lazy=True) as font:
        cmap = font.getBestCmap() or {}
    return frozenset(cmap)


class _PdfChars(dict[int, str]):
    """str.translate table built as characters are met: the font's own characters (and the
    newline) map to themselves, a tab to spaces, anything else to its code point."""

    def __missing__(self, cp: int) -> str:
        if cp == 0x0A:
            value = "\n"
        elif cp == 0x09:
            value = "    "
        elif cp < 0x20 or 0x7F <= cp < 0xA0 or cp not in _font_codepoints():
            value = f"[U+{cp:04X}]"
        else:
            value = chr(cp)
        self[cp] = value
        return value


_PDF_CHARS = _PdfChars()


def pdf_text(text: str) -> str:
    """Text the PDF font can draw: characters it lacks become [U+XXXX]; tabs become spaces;
    other control characters become their code point too. Nothing is dropped silently."""
    return text.replace("\r\n", "\n").replace("\r", "\n").translate(_PDF_CHARS)


def wrap(text: str, width: float, widths: Any, scale: float) -> list[str]:
    """Greedy word wrap of `text` into lines no wider than `width` (in page units).

    `widths[codepoint]` is the font's advance width in 1/1000 em and `scale` turns it into page
    units. Spaces are kept as typed inside a line; a word longer than a line is split.
    """

    def w(s: str) -> float:
        return sum(widths[ord(c)] for c in s) * scale

    lines: list[str] = []
    for paragraph in text.split("\n"):
        if w(paragraph) <= width:  # most lines (labels, dates, short posts) fit as they are
            lines.append(paragraph)
            continue
        line, line_w = "", 0.0
        for word in re.split(r"(?<= )", paragraph):  # words keep their trailing space
            word_w = w(word)
            if line and line_w + w(word.rstrip(" ")) > width:
                lines.append(line.rstrip(" "))
                line, line_w = "", 0.0
            while word_w > width:  # a long URL or a run with no spaces
                cut, cut_w = 0, 0.0
                while cut < len(word) and cut_w + widths[ord(word[cut])] * scale <= width:
                    cut_w += widths[ord(word[cut])] * scale
                    cut += 1
                cut = max(cut, 1)
                lines.append(word[:cut])
                word = word[cut:]
                word_w = w(word)
            line += word
            line_w += word_w
        lines.append(line.rstrip(" ") if line.strip() else line)
    return lines


def render_pdf(context: ReportContext, records: Records) -> bytes:
    """report.pdf: the same statement as report.html, as plain text in a PDF."""
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    pack_name = context.pack_name
    PAGES = "{pages}"  # noqa: N806 (fpdf2 replaces it with the page count at output)

    class _Pdf(FPDF):
        def header(self) -> None:
            self.set_font("DejaVu", "", 7)
            self.set_text_color(90)
            self.cell(
                0,
                4,
                pdf_text(f"gpwatch evidence statement: {context.selection}"),
                new_x=XPos.LMARGIN,
                new_y=YPos.NEXT,
            )
            self.ln(2)
            self.set_text_color(0)

        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("DejaVu", "", 7)
            self.set_text_color(90)
            self.cell(0, 5, pdf_text(f"{pack_name} · page {self.page_no()} of {PAGES}"), align="C")
            self.set_text_color(0)

    pdf = _Pdf(format="A4")
    pdf.alias_nb_pages(PAGES)  # room for a five-digit page count
    pdf.add_font("DejaVu", "", str(font_path(FONT_REGULAR)))
    pdf.add_font("DejaVu", "B", str(font_path(FONT_BOLD)))
    pdf.set_auto_page_break(True, margin=15)
    pdf.set_margins(15, 12, 15)
    pdf.set_title(pdf_text(f"Evidence statement: {context.selection}"))
    pdf.set_author(pdf_text(context.exported_by))
    pdf.set_creator(f"gpwatch {context.tool_version}")
    pdf.add_page()

    def write_lines(
        text: str,
        size: float,
        *,
        bold: bool = False,
        indent: float = 0,
        link: str | None = None,
        fill: bool = False,
        rule: bool = False,
        height: float | None = None,
    ) -> None:
        """Wrap text and draw it line by line with FPDF.text(): about three times faster than
        cell(), and fpdf2's own multi_cell re-measures a line once per character, far too
        slow for an author with thousands of posts. Page breaks are ours too."""
        pdf.set_font("DejaVu", "B" if bold else "", size)
        pdf.set_text_color(*((0, 0, 160) if link else (0, 0, 0)))
        h = height or size * 0.5
        x = pdf.l_margin + indent
        width = pdf.w - pdf.r_margin - x
        pad = 1.5 if (fill or rule) else 0.0
        font = pdf.current_font
        assert font is not None  # set_font above
        for line in wrap(pdf_text(text), width - 2 * pad, font.cw, size / pdf.k * 0.001):
            if pdf.y + h > pdf.page_break_trigger:
                pdf.add_page()
                pdf.set_font("DejaVu", "B" if bold else "", size)
                pdf.set_text_color(*((0, 0, 160) if link else (0, 0, 0)))
            y = pdf.y
            if fill:
                pdf.rect(x, y, width, h, style="F")
            if rule:
                pdf.line(x, y, x, y + h)
            if line:
                pdf.text(x + pad, y + 0.5 * h + 0.3 * pdf.font_size, line)
                if link:
                    pdf.link(x + pad, y, pdf.get_string_width(line), h, link)
            pdf.set_y(y + h)
        pdf.set_text_color(0)

    def heading(text: str, size: float = 13) -> None:
        write_lines(text, size, bold=True, height=size * 0.55)
        pdf.ln(1.5)

    def para(text: str, size: float = 9.5, bold: bool = False, link: str | None = None) -> None:
        write_lines(text, size, bold=bold, link=link)

    def field_line(label: str, value: str, link: str | None = None) -> None:
        if pdf.y + 4.6 > pdf.page_break_trigger:
            pdf.add_page()
        y = pdf.y
        pdf.set_font("DejaVu", "B", 9)
        pdf.text(pdf.l_margin, y + 0.5 * 4.6 + 0.3 * pdf.font_size, pdf_text(label))
        write_lines(value, 9, indent=38, link=link, height=4.6)

    def quote(text: str) -> None:
        pdf.set_fill_color(242, 242, 242)
        write_lines(text or " ", 10, indent=3, fill=True, rule=True, height=5)
        pdf.ln(1)

    heading("Evidence statement", 18)
    para(
        f"{context.selection}. Exported by {context.exported_by} on {context.exported_at_uk} "
        f"(UK time; {context.exported_at_utc} UTC) with gpwatch {context.tool_version}. "
        f"Pack: {context.pack_name}.",
        9.5,
    )
    pdf.ln(3)

    heading("Summary")
    for label, value in context.summary_lines:
        field_line(label, value)
    pdf.ln(1)
    para(
        "Each item below is quoted exactly as it was captured. The file named beside each "
        "item holds the page or message exactly as the platform sent it; its SHA-256 "
        "fingerprint is listed in manifest.json, so any later change can be detected.",
        9,
    )
    pdf.ln(3)

    heading("Timeline")
    for view in (item_view(r) for r in records()):
        flags = ", ".join(view["flags"]) or "nothing flagged"
        para(
            f"{view['n']}.  {view['when_uk']} · {view['platform']} · {view['author']} · {flags}",
            8.5,
            bold=True,
        )
        para(f"     {view['excerpt']}", 8.5)
        pdf.ln(0.8)
    pdf.ln(2)

    heading("The items, quoted exactly")
    for view in (item_view(r) for r in records()):
        heading(f"Item {view['n']} of {context.total}: {view['platform']}, {view['when_uk']}", 11)
        if view["href"]:
            field_line("Link", view["url"], link=view["href"])
        elif view["url"]:
            field_line("Link", f"{view['url']} (not a web address; shown as text only)")
        else:
            field_line("Link", "none recorded")
        field_line("Author", view["author_full"])
        field_line("Published", view["published"])
        field_line("Captured", view["captured"])
        if view["practices"]:
            field_line("Practice", view["practices"])
        if view["staff"]:
            field_line("Staff named", view["staff"])
        for label, value in view["extras"]:
            field_line(label, value)
        field_line("Flagged as", ", ".join(view["flags"]) or "nothing flagged")
        if view["title"]:
            para("Title, exactly:", 9, bold=True)
            quote(view["title"])
        para("Text, exactly:", 9, bold=True)
        quote(view["text"])
        if view["spans"]:
            para("The words that led to each flag:", 9, bold=True)
            for flag, words in view["spans"]:
                para(f"  • {flag}: “{words}”", 9)
        for alert in view["alerts"]:
            para(
                f"Alert {alert['alert_id']}: {alert['severity']}, {alert['category']}; now "
                f"{alert['status']}.",
                9,
                bold=True,
            )
            for line in alert["history"]:
                para(f"  • {line}", 8.5)
        para(
            f"Source document: {view['raw_file']} ({view['content_type'] or 'unknown type'}, "
            f"{view['size']} bytes)",
            8,
        )
        para(f"SHA-256 at capture: {view['sha256']}", 8)
        pdf.ln(4)

    heading("Where to report it")
    for platform in context.platforms:
        plural = "s" if platform["count"] != 1 else ""
        heading(f"{platform['name']} ({platform['count']} item{plural})", 11)
        if not platform["routes"]:
            para(
                "This platform has no reporting route in the guidance catalogue: contact the "
                "website's owner."
            )
        for route in platform["routes"]:
            para(route["title"], 9.5, bold=True)
            if route["url"]:
                para(route["url"], 9, link=route["href"])
            for step in route["steps"]:
                para(f"  • {step}", 9)
        para("What to include in the report:", 9.5, bold=True)
        for line in platform["include"]:
            para(f"  • {line}", 9)
        pdf.ln(2)

    heading("Guidance")
    for g in context.guidance:
        para(g["title"], 10, bold=True)
        if g["url"]:
            para(g["url"], 9, link=g["href"])
        for step in g["steps"]:
            para(f"  • {step}", 9)
        pdf.ln(1.5)

    heading("About this pack")
    for line in context.about:
        para(line, 9)
        pdf.ln(1)
    return bytes(pdf.output())


def write_pdf(context: ReportContext, records: Records, out: IO[bytes]) -> None:
    out.write(render_pdf(context, records))
