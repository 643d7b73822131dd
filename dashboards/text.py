"""Showing text we did not write: posts, names, error messages, guidance links.

Post text is shown with `st.text` (never parsed as Markdown or HTML). Short strings that sit in
Markdown (a title, a caption, a warning) go through `md_escape`, so `**`, `[link](…)`,
`![img](…)`, `:red[…]`, `$…$` and `<tags>` appear as typed. Links are only ever http(s).
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

# Every ASCII punctuation character may be backslash-escaped in CommonMark; escaping all of them
# also covers Streamlit's own syntax (`:color[...]`, `:material/icon:`, `$latex$`).
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=\"'^%@/,;?])")


def md_escape(text: object, max_len: int | None = None) -> str:
    """`text` as one line of Markdown that renders exactly as typed."""
    s = " ".join(str(text if text is not None else "").split())
    if max_len is not None and len(s) > max_len:
        s = s[: max_len - 1] + "…"
    return _MD_SPECIAL.sub(r"\\\1", s)


def safe_url(url: object) -> str | None:
    """The URL if it is an http(s) address, with characters that could end a Markdown link
    percent-encoded; None for anything else (javascript:, data:, relative, empty)."""
    s = str(url or "").strip()
    try:
        parts = urlsplit(s)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return quote(s, safe=":/?#@!$&*+,;=%~-._")


def md_link(label: object, url: object) -> str:
    """A Markdown link with an escaped label, or just the escaped label if the URL is unsafe."""
    target = safe_url(url)
    if target is None:
        return md_escape(label)
    return f"[{md_escape(label)}]({target})"


def preview(text: object, length: int = 140) -> str:
    """The first `length` characters of a post on one line (for table cells)."""
    s = " ".join(str(text or "").split())
    return s if len(s) <= length else s[: length - 1] + "…"
