"""Subdivision labels: which level does ``(i)`` open?

California and U.S. drafting do not nest subdivisions in the markup (CAML
puts every ``<p>`` of a code section side by side); the hierarchy is implied
by the *sequence* of labels::

    (a)  subdivision        lowercase letters   "lower"
    (1)  paragraph          arabic numbers      "digit"
    (A)  subparagraph       uppercase letters   "upper"
    (i)  clause             lowercase roman     "roman"
    (I)  subclause          uppercase roman     "ROMAN"
    deeper, or a style that repeats an outer one:  "item"

Several labels can open one printed paragraph, ``(f) (1) A developer ...``,
each opening one level. Some labels are ambiguous: ``(i)``, ``(v)``, ``(x)``
are lowercase letters *and* roman numerals, and likewise ``(I)``, ``(V)``,
``(X)``; ``(ii)`` is a roman 2 or the doubled letter that follows ``(hh)``.
Context decides: ``(i)`` right after ``(h)`` continues the letters, ``(i)``
right after an ``(A)`` opens the clauses, ``(v)`` after ``(iv)`` is roman.
When both readings fit (``(h)(1)(A) ... (i)``: subdivision (i) or clause (i)
of (A)?) the labels that follow decide: a roman ``(i)`` is always followed by
a ``(ii)``, a letter ``(i)`` by a ``(j)`` (or nothing).

Every reader that sees flat labelled paragraphs (CAML, plain text, leginfo
HTML, PDF) uses this module::

    labels, rest = split_labels("(f)\u2002(1) A developer shall ...")
    # labels == ["(f)", "(1)"]
    levels = nest_labels(["(a)", "(1)", "(2)", "(b)", "(f)", "(1)"])
    # [Level(depth=0, kind="subdivision", ...), Level(depth=1, kind="paragraph", ...), ...]

or, streaming, :class:`LabelNester` with :meth:`LabelNester.push`.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass
from typing import Iterable, Sequence

#: Label styles, outermost first, in California / U.S. Code order.
STYLES: tuple[str, ...] = ("lower", "digit", "upper", "roman", "ROMAN")

#: The provision kind each style stands for (see ``lexdiff.model.SUBDIVISION_KINDS``).
STYLE_KINDS: dict[str, str] = {
    "lower": "subdivision",
    "digit": "paragraph",
    "upper": "subparagraph",
    "roman": "clause",
    "ROMAN": "subclause",
}

#: Kind for anything deeper than a subclause or nested under its own style.
ITEM_KIND = "item"

#: How many following labels are read to settle an ambiguous one.
LOOKAHEAD = 12

# Roman numerals are only ever used for small counts in statutes (a section
# with 40 clauses would be redrafted); bounding them keeps "(l)", "(c)",
# "(d)" and "(m)" unambiguous letters.
_MAX_ROMAN = 39
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10}
_ROMAN_RE = re.compile(r"^x{0,3}(ix|iv|v?i{0,3})$")

# One label: "(a)", "(12)", "(aa)", "(iv)", "(IV)", and the decimal inserts
# drafters use to squeeze a provision between two others without
# renumbering: "(3.5)", "(c.5)".
_LABEL_BODY = r"(?:\d{1,3}[a-z]?|[A-Za-z]{1,5})(?:\.\d{1,2})?"
_LABEL_RE = re.compile(r"\((" + _LABEL_BODY + r")\)")
#: One label anywhere in a text, e.g. for finding cross-references:
#: ``LABEL_RE.finditer(text)``; group 1 is the label without parentheses.
#: Check candidates with :func:`classify_label` ("(AI)" matches the pattern).
LABEL_RE = _LABEL_RE
# Labels at the start of a paragraph, separated by any whitespace (CAML puts
# an en space after each) or nothing at all ("(f)(1)").
_LEADING_RE = re.compile(r"\s*\((" + _LABEL_BODY + r")\)")


@dataclass(frozen=True)
class Reading:
    """One possible reading of a label: its style and its ordinal value."""

    style: str
    value: float


@dataclass(frozen=True)
class Level:
    """Where a label sits in the hierarchy.

    Attributes:
        label: the label as given, e.g. ``"(i)"``.
        style: the reading chosen (one of :data:`STYLES`).
        value: its ordinal (``(c)`` -> 3, ``(iv)`` -> 4, ``(3.5)`` -> 3.5).
        depth: 0 for the outermost label level of the run, 1 under it ...
        kind: provision kind: ``subdivision`` ... ``subclause`` or ``item``.
        ambiguous: more than one reading was possible and context decided.
    """

    label: str
    style: str
    value: float
    depth: int
    kind: str
    ambiguous: bool = False


def _roman_value(text: str) -> int | None:
    low = text.lower()
    if not low or not _ROMAN_RE.match(low):
        return None
    total = 0
    previous = 0
    for char in reversed(low):
        value = _ROMAN_VALUES[char]
        if value < previous:
            total -= value
        else:
            total += value
            previous = value
    return total if 0 < total <= _MAX_ROMAN else None


def _letter_value(text: str) -> int | None:
    # "(aa)" follows "(z)" and "(bbb)" follows "(zz)": the same letter repeated.
    low = text.lower()
    if not low.isalpha() or not low.isascii() or len(set(low)) != 1:
        return None
    return (len(low) - 1) * 26 + (ord(low[0]) - ord("a") + 1)


# Cached: a pure function of a short string, and a long bill asks about the
# same few hundred labels ("(a)", "(1)", "(ii)") hundreds of thousands of
# times (reading, nesting, the lookahead of ambiguous labels). The result is
# a tuple of frozen Readings, so sharing it is safe.
@functools.lru_cache(maxsize=4096)
def classify_label(label: str) -> tuple[Reading, ...]:
    """Every style a label could be, most likely first.

    Args:
        label: ``"(i)"`` or the bare ``"i"``.

    Returns:
        The readings, e.g. ``(i)`` -> roman 1 and lower 9; ``(ii)`` -> roman 2
        and lower 35 (the doubled letter after ``(hh)``); ``(c)`` -> lower 3;
        ``(AI)`` -> nothing (not a label).
    """
    body = label.strip()
    if body.startswith("(") and body.endswith(")"):
        body = body[1:-1]
    suffix = 0.0
    if "." in body:
        body, _, extra = body.partition(".")
        if not extra.isdigit():
            return ()
        # "(3.5)" sits between (3) and (4); keep it ordered but distinct.
        suffix = int(extra) / (10 ** len(extra))
    if not body:
        return ()
    if body.isdigit():
        return (Reading("digit", int(body) + suffix),)
    if body[:-1].isdigit() and body[-1].isalpha() and body[-1].islower():
        # "(12a)": an inserted paragraph between (12) and (13).
        return (Reading("digit", int(body[:-1]) + (ord(body[-1]) - 96) / 100 + suffix),)
    if not body.isalpha() or not body.isascii():
        return ()
    if body.islower():
        letter_style, roman_style = "lower", "roman"
    elif body.isupper():
        letter_style, roman_style = "upper", "ROMAN"
    else:
        return ()
    readings: list[Reading] = []
    roman = _roman_value(body)
    letter = _letter_value(body)
    # A multi-character roman numeral ("ii", "iv", "xx") is far more common
    # than the doubled letters after (z); a single "i"/"v"/"x" is more often
    # a letter (only a run of clauses reaches (v) or (x)).
    if roman is not None and len(body) > 1:
        readings.append(Reading(roman_style, roman + suffix))
    if letter is not None:
        readings.append(Reading(letter_style, letter + suffix))
    if roman is not None and len(body) == 1:
        readings.append(Reading(roman_style, roman + suffix))
    return tuple(readings)


def is_label(label: str) -> bool:
    """Whether ``label`` (with or without parentheses) reads as a subdivision label."""
    return bool(classify_label(label))


def leading_labels(text: str) -> list[tuple[str, int, int]]:
    """Labels at the very start of a paragraph, with their offsets in ``text``.

    ``"(f)\u2002(1) A developer"`` -> ``[("(f)", 0, 3), ("(1)", 4, 7)]``.
    Stops at the first parenthesised word that is not a label, so a
    paragraph opening "(AI) models ..." has none.
    """
    found: list[tuple[str, int, int]] = []
    position = 0
    while True:
        match = _LEADING_RE.match(text, position)
        if match is None:
            break
        body = match.group(1)
        if not classify_label(body):
            break
        position = match.end()
        # The label's "(" sits just before its body, after any whitespace.
        found.append((f"({body})", match.start(1) - 1, position))
    return found


def split_labels(text: str) -> tuple[list[str], str]:
    """Split the leading labels off a paragraph.

    Args:
        text: a paragraph, e.g. ``"(f) (1) A developer shall ..."``.

    Returns:
        ``(["(f)", "(1)"], "A developer shall ...")``; the rest is stripped.
    """
    found = leading_labels(text)
    if not found:
        return [], text.strip()
    return [label for label, _, _ in found], text[found[-1][2] :].strip()


@dataclass
class _Open:
    style: str
    value: float


class LabelNester:
    """Assigns depth and kind to labels fed one at a time, in document order.

    Start a new nester for each section (labels restart at ``(a)`` in every
    code section). Pass the labels still to come as ``following`` when they
    are known: they settle the ``(i)``/``(I)`` letter-or-roman question.
    """

    def __init__(self) -> None:
        self._stack: list[_Open] = []

    def reset(self) -> None:
        """Forget all open levels (a new section begins)."""
        self._stack.clear()

    @property
    def depth(self) -> int:
        """Number of open label levels."""
        return len(self._stack)

    def push(self, label: str, following: Iterable[str] = ()) -> Level | None:
        """Place the next label.

        Args:
            label: the label, e.g. ``"(i)"``.
            following: the labels after it in the same section, if known.

        Returns:
            Its :class:`Level`, or ``None`` when ``label`` is not a label at all.
        """
        readings = classify_label(label)
        if not readings:
            return None
        options = self._options(readings)
        chosen = options[0]
        ambiguous = len({option[2].style for option in options if option[0] <= 1}) > 1
        if ambiguous:
            chosen = self._decide(options, following)
        _, depth, reading = chosen
        del self._stack[depth:]
        self._stack.append(_Open(reading.style, reading.value))
        return Level(
            label=label,
            style=reading.style,
            value=reading.value,
            depth=depth,
            kind=self._kind(reading.style, depth),
            ambiguous=ambiguous,
        )

    def _kind(self, style: str, depth: int) -> str:
        if depth >= len(STYLES) or any(level.style == style for level in self._stack[:depth]):
            return ITEM_KIND
        return STYLE_KINDS[style]

    def _expected_child(self) -> str | None:
        if not self._stack:
            return None
        index = STYLES.index(self._stack[-1].style)
        return STYLES[index + 1] if index + 1 < len(STYLES) else None

    def _options(self, readings: Iterable[Reading]) -> list[tuple[int, int, Reading]]:
        """Every placement of every reading, as (rank, depth, reading), best first.

        Ranks: 0 the next sibling at an open level ((h) -> (i)); 1 the first
        label of the style that comes next ((A) -> (i)); 2 a later sibling
        (a gap, as after a deleted subdivision); 3 a first label of an
        unusual style; 4 anything else (a fragment starting mid-run).
        """
        options: list[tuple[int, int, Reading]] = []
        child = self._expected_child()
        for reading in readings:
            placed = False
            # Innermost open level first: (v) after (iv) continues the
            # clauses even when a (u) subdivision is open further out.
            for depth in range(len(self._stack) - 1, -1, -1):
                level = self._stack[depth]
                if level.style != reading.style:
                    continue
                if _is_next(level.value, reading.value):
                    options.append((0, depth, reading))
                elif reading.value > level.value:
                    options.append((2, depth, reading))
                else:
                    options.append((4, depth, reading))
                placed = True
                break
            # U.S. Code items below a subclause restart with doubled
            # letters: 42 U.S.C. ... (I) ... (aa), (bb).
            opens_items = (
                child is None and bool(self._stack) and reading.style == "lower"
                and int(reading.value) == 27
            )
            if opens_items:
                options.append((1, len(self._stack), reading))
            elif not placed:
                first = _is_first(reading.value)
                if not self._stack:
                    options.append((1 if first else 4, 0, reading))
                elif first and reading.style == child:
                    options.append((1, len(self._stack), reading))
                elif first:
                    options.append((3, len(self._stack), reading))
                else:
                    options.append((4, len(self._stack), reading))
        options.sort(key=lambda option: (option[0], -option[1]))
        return options

    def _decide(
        self, options: list[tuple[int, int, Reading]], following: Iterable[str]
    ) -> tuple[int, int, Reading]:
        # CASE: "(h) ... (1) ... (A) ... (i)": subdivision (i) or clause (i)
        # of (A)? Try each reading on the labels that follow and keep the
        # one under which they read most naturally: after clause (i) come
        # (ii) or (I); after subdivision (i) come (j) or its own (1), and
        # "(i) (1) (A) (i) (ii)" is subdivision (i) with a clause list of
        # its own, not clause (i) followed by a stray (1).
        contenders = [o for o in options if o[0] <= 1]
        rest = iter(following)
        window = list(itertools.islice(rest, LOOKAHEAD))
        scores = [self._score(option, window) for option in contenders]
        best = min(scores)
        contenders = [o for o, score in zip(contenders, scores) if score == best]
        if len(contenders) == 1:
            return contenders[0]
        # Still even: a clause (i) is always followed by a clause (ii)
        # before the next subdivision, a subdivision (i) by (j) or nothing;
        # the successor that appears first decides.
        successors = {id(o): _successor_readings(o[2]) for o in contenders}
        for label in itertools.chain(window, rest):
            for reading in classify_label(label):
                for option in contenders:
                    if reading in successors[id(option)]:
                        return option
        # No successor at all: a roman (i) with no (ii) does not happen in
        # practice, so the continuation of an open level is the safer bet.
        continuing = [o for o in contenders if o[0] == 0]
        return continuing[0] if continuing else contenders[0]

    def _score(self, option: tuple[int, int, Reading], window: list[str]) -> int:
        """How awkwardly ``window`` reads after placing ``option`` (sum of ranks; lower is better)."""
        trial = LabelNester()
        trial._stack = [_Open(level.style, level.value) for level in self._stack]
        total, depth, reading = option
        del trial._stack[depth:]
        trial._stack.append(_Open(reading.style, reading.value))
        for label in window:
            readings = classify_label(label)
            if not readings:
                continue
            rank, depth, reading = trial._options(readings)[0]
            total += rank
            del trial._stack[depth:]
            trial._stack.append(_Open(reading.style, reading.value))
        return total


def _is_next(previous: float, value: float) -> bool:
    # (3) -> (4), and (3) -> (3.5) -> (4) for inserted provisions.
    whole_prev, whole_value = int(previous), int(value)
    if value == whole_value:
        return whole_value == whole_prev + 1
    return whole_value == whole_prev and value > previous or whole_value == whole_prev + 1


def _is_first(value: float) -> bool:
    return int(value) == 1


def _successor_readings(reading: Reading) -> set[Reading]:
    # Reading(style, 2) == Reading(style, 2.0): one entry covers both.
    return {Reading(reading.style, int(reading.value) + 1)}


def nest_labels(labels: Sequence[str]) -> list[Level | None]:
    """Depth and kind of every label in one section, using lookahead.

    Args:
        labels: the labels in document order (one entry per label, so a
            paragraph opening "(f) (1)" contributes two).

    Returns:
        One :class:`Level` per label (``None`` for strings that are not labels).
    """
    return list(_nest_sequence(tuple(labels)))


# Cached: the levels depend only on the label sequence, and sections of one
# bill repeat the same sequences ("(a) (b) (c)", "(a) (1) (2) (b)"); the
# plain-text reader also nests each run twice (to vote on the label style,
# then to build the tree). Levels are frozen, so sharing them is safe;
# nest_labels hands out a fresh list each time.
@functools.lru_cache(maxsize=1024)
def _nest_sequence(labels: tuple[str, ...]) -> tuple[Level | None, ...]:
    nester = LabelNester()
    # islice: the lookahead is read only for the rare ambiguous label, so
    # do not copy the rest of the sequence for every label.
    return tuple(
        nester.push(label, itertools.islice(labels, index + 1, None))
        for index, label in enumerate(labels)
    )
