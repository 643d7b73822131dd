"""Plain text from HTML fragments (feed summaries, review bodies, post HTML).

Everything downstream (matching, classifiers, alert emails, the dashboard) works on plain text,
so markup from a source is reduced to its words here and never passed on as live HTML.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

# Elements whose contents are code, or are raw text the parser does not parse as markup (so a
# `<script>` inside an <iframe> or <textarea> would come out as the literal string "<script>").
_DROPPED = (
    "script, style, template, noscript, iframe, noembed, noframes, xmp, plaintext, textarea,"
    " title, object, embed, applet"
)
# Elements that separate words when rendered; without a space around them "<p>a</p><p>b</p>"
# would become "ab".
_BREAKS = (
    "address, article, aside, blockquote, br, dd, div, dl, dt, figcaption, figure, footer,"
    " h1, h2, h3, h4, h5, h6, header, hr, li, main, nav, ol, p, pre, section, table, td, th,"
    " tr, ul"
)
# Control characters other than ordinary whitespace: they carry no meaning in a post and some
# break terminals, CSV exports or e-mail bodies.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_WHITESPACE = re.compile(r"\s+")
# What is still markup after one pass: a fragment escaped twice (Reddit's feeds escape their
# post HTML inside HTML) decodes to text full of tags. A bare "<" as in "x < y" or "I <3 my GP"
# does not match.
_LEFTOVER_MARKUP = re.compile(r"</?[a-z][a-z0-9:-]*(?:\s[^<>]*)?/?>|<!--|<!\[cdata\[", re.I)
_MAX_PASSES = 3


def html_to_text(fragment: str) -> str:
    """Return the plain text of an HTML fragment.

    Script, style and other non-content elements are dropped with their contents, entities are
    decoded, block boundaries become spaces and all runs of whitespace collapse to one space.
    Text that is not HTML comes back unchanged apart from whitespace and entities. If the text
    still holds tags (HTML escaped twice) it is parsed again, at most three times in all; the
    price is that a literal tag written as escaped text ("use &lt;b&gt;") is removed too.
    """
    text = fragment
    for _ in range(_MAX_PASSES):
        text = _one_pass(text)
        if not _LEFTOVER_MARKUP.search(text):
            break
    return text


def _one_pass(fragment: str) -> str:
    if not fragment:
        return ""
    if "<" not in fragment and "&" not in fragment:
        return normalise_whitespace(fragment)
    tree = LexborHTMLParser(fragment)
    root = tree.root
    if root is None:
        return ""
    for node in tree.css(_DROPPED):
        node.decompose()
    for node in tree.css(_BREAKS):
        node.insert_before(" ")
        node.insert_after(" ")
    return normalise_whitespace(root.text(deep=True) or "")


def normalise_whitespace(text: str) -> str:
    """Collapse whitespace (including non-breaking spaces) to single spaces; drop controls."""
    return _WHITESPACE.sub(" ", _CONTROL.sub("", text)).strip()
