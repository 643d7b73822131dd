"""A faster equivalent of a phrase regex: a look at the next character before the alternatives.

A phrase list such as `\\b(?:waited\\s+...|no\\s+...|...)` gives Python's regex engine no literal
prefix to search for, so it tries the pattern at every position: at each word boundary (the end
of a word as well as its start) it walks all the alternatives before it fails. `first_char`
works out from the pattern's parse tree the set of characters a match can begin with (`\\d`,
"w", "n", "'" ...) and puts a lookahead for that set in front: `(?=[...])(?:<the pattern>)`.

The matches are exactly the same. A pattern that cannot match an empty string matches at a
position only if the character there is one its first consumed item accepts; the zero-width
items before it (`\\b`, lookarounds) consume nothing, and a lookahead captures nothing and is
never backtracked into. So where the lookahead fails the pattern would have failed, and where
it succeeds the pattern runs as before: the same spans, groups, `lastgroup`, for `search`,
`match`, `findall`, `finditer` and `sub`. Anything the analysis does not know (back references,
IGNORECASE, a pattern that can match empty or start with any character) leaves the pattern as it
is. `ORIGINAL` maps each rewritten pattern to the one it replaces, for the tests.
"""

from __future__ import annotations

import re

# re's parser (sre_parse before 3.11): its tree is what makes the analysis exact
from re import _compiler, _parser  # type: ignore[attr-defined]
from re import _constants as sre  # type: ignore[attr-defined]
from typing import Any

_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
_ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)
_CATEGORIES = {
    sre.CATEGORY_DIGIT: r"\d",
    sre.CATEGORY_NOT_DIGIT: r"\D",
    sre.CATEGORY_SPACE: r"\s",
    sre.CATEGORY_NOT_SPACE: r"\S",
    sre.CATEGORY_WORD: r"\w",
    sre.CATEGORY_NOT_WORD: r"\W",
}
ORIGINAL: dict[re.Pattern[str], re.Pattern[str]] = {}


class _Unknown(Exception):
    """The first characters cannot be told (or not cheaply)."""


def _first(seq: Any, out: list[str]) -> bool:
    """Add to `out` the character-class pieces a match of the sequence `seq` can begin with;
    True when the sequence can match the empty string (so what follows it may begin one)."""
    for op, av in seq:
        if op in _ZERO_WIDTH:
            continue  # consumes nothing: the next item decides
        if not _first_item(op, av, out):
            return False
    return True


def _first_item(op: Any, av: Any, out: list[str]) -> bool:
    if op is sre.LITERAL:
        out.append(_char(av))
        return False
    if op is sre.IN:
        for iop, iav in av:
            if iop is sre.LITERAL:
                out.append(_char(iav))
            elif iop is sre.RANGE:
                out.append(f"{_char(iav[0])}-{_char(iav[1])}")
            elif iop is sre.CATEGORY and iav in _CATEGORIES:
                out.append(_CATEGORIES[iav])
            else:
                raise _Unknown  # a negated set, or a set kind not spelled here
        return False
    if op is sre.BRANCH:
        nullable = False
        for alt in av[1]:
            nullable = _first(alt, out) or nullable
        return nullable
    if op is sre.SUBPATTERN:
        _group, add_flags, _del_flags, sub = av
        if add_flags & re.IGNORECASE:
            raise _Unknown
        return _first(sub, out)
    if op in _REPEATS:
        low, _high, sub = av
        return _first(sub, out) or low == 0
    if op is sre.ATOMIC_GROUP:
        return _first(av, out)
    raise _Unknown  # any character, a back reference, a conditional


def _char(code: int) -> str:
    # escaped, so the class reads the same with or without VERBOSE
    ch = chr(code)
    if ch.isascii() and ch.isalnum():
        return ch
    return (
        f"\\x{code:02x}"
        if code < 0x100
        else f"\\u{code:04x}"
        if code < 0x10000
        else f"\\U{code:08x}"
    )


def _has_fast_scan(tree: Any, flags: int) -> bool:
    # the engine's own search for a literal prefix or a first-character set, which a lookahead
    # in front would switch off
    try:
        prefix = _compiler._get_literal_prefix(tree, flags)[0]
        return bool(prefix) or _compiler._get_charset_prefix(tree, flags) is not None
    except AttributeError:  # another Python's compiler: only a leading \b is known to lack one
        return not tree.data or tree.data[0][0] is not sre.AT


def first_char(rx: re.Pattern[str]) -> re.Pattern[str]:
    """`rx`, or an equivalent pattern that looks at the next character before trying its
    alternatives (see the module docstring); `rx` itself when the engine already searches for
    its first characters (a pattern that begins with a literal or a set)."""
    if rx.flags & re.IGNORECASE or not isinstance(rx.pattern, str):
        return rx
    src = rx.pattern
    if src.startswith("(?") and re.match(r"\(\?[aiLmsux]+\)", src):
        return rx  # global inline flags must stay first
    tree = _parser.parse(src, rx.flags)
    if _has_fast_scan(tree, rx.flags):
        return rx
    pieces: list[str] = []
    try:
        if _first(tree.data, pieces):
            return rx  # can match the empty string
    except _Unknown:
        return rx
    end = "\n)" if rx.flags & re.VERBOSE else ")"  # a trailing comment must not eat the ")"
    fast = re.compile(f"(?=[{''.join(dict.fromkeys(pieces))}])(?:{src}{end}", rx.flags)
    if fast.groups != rx.groups or fast.groupindex != rx.groupindex:
        return rx
    ORIGINAL[fast] = rx
    return fast


def first_char_all(namespace: dict[str, Any]) -> None:
    """`first_char` on every compiled pattern bound to a name in `namespace` (a module's
    globals, at its end: the patterns composed from others' sources are built by then)."""
    for name, value in list(namespace.items()):
        if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
            namespace[name] = first_char(value)
