"""One shared scan of a text for the words that start the components' patterns.

Why: Python's ``re`` has a fast path only for patterns that begin with a
literal string. A pattern that begins with a word boundary, a look-behind or
an alternation of words (``\\b(?:shall|may|must ...)``, a penalty kind
``(?<![A-Za-z])(?:[Cc]riminal\\s+penalty|...)``) is tried at every character,
about 25 ns a character: each such scan of the 1.2 MB shared corpus costs
30-70 ms, and the deontic, quantities and penalties components ran six of
them over the same text. Here the literal words every match must start with
are read from each pattern once (with ``re``'s own parser), one scan finds
where any of them starts, and each pattern is then tried only there, anchored
with ``match()``. The matches are exactly those of ``pattern.finditer``:
every position where the pattern can match is a candidate, candidates are
tried in order, and those inside the previous match are skipped, as
``finditer`` does.
"""

from __future__ import annotations

import re
import threading
from typing import Iterator

try:  # Python 3.11+
    from re import _constants as _c
    from re import _parser as _p
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

#: A pattern whose starts cannot be listed in this many prefixes is scanned directly.
_MAX_PREFIXES = 400
#: Shorter prefixes would make almost every position a candidate.
_MIN_PREFIX = 2

_LOCK = threading.Lock()
_PREFIXES: dict[re.Pattern[str], tuple[str, ...] | None] = {}


def literal_prefixes(pattern: str, flags: int = 0) -> tuple[str, ...] | None:
    """Lower-cased literal strings one of which starts every match of ``pattern``.

    ``None`` when some match could start otherwise (a character class, a
    digit, an optional first word) or the prefixes are too many or too short.
    Zero-width items at the start (``\\b``, look-arounds) are passed over:
    they do not move the start.
    """
    try:
        parsed = _p.parse(pattern, flags)
    except re.error:
        return None
    found = _sequence(list(parsed))
    if found is None or not found:
        return None
    prefixes = {p for p, _ in found}
    if len(prefixes) > _MAX_PREFIXES or min(len(p) for p in prefixes) < _MIN_PREFIX:
        return None
    return tuple(sorted(prefixes))


def _sequence(items: list) -> set[tuple[str, bool]] | None:
    """``(prefix, complete)`` pairs: complete means the whole sequence was literal."""
    current = {("", True)}
    for op, av in items:
        options = _item(op, av)
        if options is None:
            return None
        nxt: set[tuple[str, bool]] = set()
        for prefix, complete in current:
            if not complete:
                nxt.add((prefix, False))
                continue
            for extra, more in options:
                nxt.add((prefix + extra, more))
        if len(nxt) > _MAX_PREFIXES:
            return None
        current = nxt
        if not any(complete for _, complete in current):
            break
    return current


def _item(op: object, av: object) -> set[tuple[str, bool]] | None:
    if op is _c.LITERAL:
        return {(chr(av).lower(), True)}  # type: ignore[arg-type]
    if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
        return {("", True)}  # zero-width: the match still starts here
    if op is _c.IN:
        chars = set()
        for kind, value in av:  # type: ignore[union-attr]
            if kind is not _c.LITERAL:
                return {("", False)}
            chars.add(chr(value).lower())
        return {(c, True) for c in chars}
    if op is _c.SUBPATTERN:
        return _sequence(list(av[-1]))  # type: ignore[index]
    if op is _c.BRANCH:
        out: set[tuple[str, bool]] = set()
        for alternative in av[1]:  # type: ignore[index]
            found = _sequence(list(alternative))
            if found is None:
                return None
            out |= found
        return out
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
        low, _high, body = av  # type: ignore[misc]
        if low == 0:
            return {("", False)}
        found = _sequence(list(body))
        return None if found is None else {(p, False) for p, _ in found}
    return {("", False)}


def starts_at_word(pattern: str, flags: int = 0) -> bool:
    """True when every match starts after a character that is not a-z.

    That is, the pattern opens with ``\\b`` or a look-behind such as
    ``(?<![A-Za-z])`` before its first letter: in the lower-cased text the
    character before a match is then never one of a-z (or the match starts
    the text).
    """
    try:
        items = list(_p.parse(pattern, flags))
    except re.error:
        return False
    for op, av in items:
        if op is _c.AT and av is _c.AT_BOUNDARY:
            return True
        if op is _c.ASSERT_NOT and av[0] == -1:  # type: ignore[index]
            body = list(av[1])  # type: ignore[index]
            if len(body) == 1 and body[0][0] is _c.IN and (_c.RANGE, (97, 122)) in body[0][1]:
                return True
            continue
        if op in (_c.ASSERT, _c.AT):
            continue
        return False
    return False


def _trie(words: set[str]) -> str:
    by_first: dict[str, set[str]] = {}
    for word in words:
        by_first.setdefault(word[0], set()).add(word[1:])
    return "|".join(
        re.escape(c) + "(?:" + "|".join(re.escape(r) for r in sorted(rests, key=lambda r: (-len(r), r))) + ")"
        for c, rests in sorted(by_first.items())
    )


class _Registry:
    """The words of the registered patterns and the scanner that finds them."""

    def __init__(self, at_word: bool) -> None:
        self.at_word = at_word
        self.words: set[str] = set()
        self.version = 0
        self.regex: re.Pattern[str] | None = None
        self.text: str | None = None
        self.key = -1
        self.positions: list[int] = []

    def add(self, prefixes: tuple[str, ...]) -> None:
        if self.words.issuperset(prefixes):
            return
        self.words.update(prefixes)
        self.version += 1
        if self.at_word:
            # Only after a character that is not a-z (a fifth of a text's
            # characters): the class is the engine's fast path, the words
            # are checked only there.
            self.regex = re.compile("[^a-z](?=" + _trie(self.words) + ")")
        else:
            # Each branch consumes only the first character and checks the
            # rest with a look-ahead, so overlapping starts ("ten" inside
            # "often") are all found, and the literal first characters give
            # the engine its fast path.
            by_first: dict[str, set[str]] = {}
            for word in self.words:
                by_first.setdefault(word[0], set()).add(word[1:])
            self.regex = re.compile(
                "|".join(
                    re.escape(c) + "(?=" + "|".join(re.escape(r) for r in sorted(rests, key=lambda r: (-len(r), r))) + ")"
                    for c, rests in sorted(by_first.items())
                )
            )

    def positions_in(self, folded: str) -> list[int]:
        # Compared by value: fold_case makes a new copy when another string
        # was folded in between (a sentence); equal texts have equal positions.
        if self.key != self.version or self.text != folded:
            if self.regex is None:
                positions: list[int] = []
            elif self.at_word:
                positions = [m.start() + 1 for m in self.regex.finditer(folded)]
                if folded.startswith(tuple(self.words)):
                    positions.insert(0, 0)
            else:
                positions = [m.start() for m in self.regex.finditer(folded)]
            self.text, self.key, self.positions = folded, self.version, positions
        return self.positions


_AT_WORD = _Registry(at_word=True)
_ANYWHERE = _Registry(at_word=False)
_REGISTRY: dict[re.Pattern[str], _Registry] = {}


def _prefixes(regex: re.Pattern[str]) -> tuple[str, ...] | None:
    if regex not in _PREFIXES:
        with _LOCK:
            flags = regex.flags & ~re.UNICODE
            prefixes = literal_prefixes(regex.pattern, flags)
            _PREFIXES[regex] = prefixes
            if prefixes:
                registry = _AT_WORD if starts_at_word(regex.pattern, flags) else _ANYWHERE
                registry.add(prefixes)
                _REGISTRY[regex] = registry
    return _PREFIXES[regex]


def finditer(regex: re.Pattern[str], target: str, text: str) -> Iterator[re.Match[str]]:
    """Exactly ``regex.finditer(target)``, faster for patterns that start with words.

    Args:
        regex: the compiled pattern.
        target: the string to match: ``text`` or its case-folded copy
            (:func:`lexdiff.nlp.quantities.fold_case`), same offsets.
        text: the document text.
    """
    from lexdiff.nlp.quantities import fold_case

    prefixes = _prefixes(regex)
    folded = fold_case(text)
    # fold_case returns the text itself when lower-casing changes its length;
    # the candidates (lower-case words) would then miss capitals.
    if prefixes is None or folded is text or len(target) != len(folded):
        yield from regex.finditer(target)
        return
    last_end = -1
    for pos in _REGISTRY[regex].positions_in(folded):
        if pos < last_end or not folded.startswith(prefixes, pos):
            continue
        m = regex.match(target, pos)
        if m is not None:
            last_end = m.end()
            yield m
