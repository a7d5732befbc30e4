"""Plain text bills: printed layouts, PDF text layers, hand-made snippets.

Public API::

    read_text(data: bytes, path: str) -> Version            # PARSERS["text"]
    decode_text(data: bytes, path: str, encoding: str | None = None) -> str
    structure_from_text(text: str, *, path: str = "", label_style: str = "auto",
                        fmt: str = "text", meta: Mapping[str, Any] | None = None) -> Version

``structure_from_text`` takes text that is already decoded (the PDF reader
calls it on the text it extracts) and does everything else:

1. **Layout cleanup.** Margin line numbers (New York prints one on every
   line; California PDFs print 1-40 down each page) are stripped when most
   lines carry a number that counts up. Running page headers and footers
   ("S. 8828   4", "Ch. 131 Consumer and Commercial Transactions 569") are
   lines that recur with a changing page number; they are dropped without
   breaking the paragraph they interrupt. Known legend boilerplate (Colorado's
   "Capital letters ... indicate new material") goes too.
2. **Paragraphs.** A paragraph is a run of lines. A new one starts at a blank
   line, at a first-line indent when the document uses them, or at a
   heading or a subdivision label that follows a line ending a sentence or
   clause (so the wrapped cross-reference "subdivision\\n(b) of Section 3"
   stays one paragraph). Words hyphenated across lines are joined unless the
   document itself shows the hyphen is real ("machine-\\nbased" stays
   "machine-based" when "machine" and "based" are words of the bill).
3. **Structure**, with the same provisions as the CAML reader for the same
   bill: front matter (bill number, "Introduced by", "Amended in Senate May
   23, 2025") goes to ``Version.meta`` and the version label/date; the long
   title ("An act to ..."), the Legislative Counsel's Digest (subject line
   first), the enacting clause, bill sections (``SECTION 1.``, ``SEC. 2.``,
   ``Section 3.``, ``§ 4.``; label normalised to ``SEC. n``), their action
   lines, chapter/article/part headings, code sections (``22757.11.``,
   ``6-1-1701. Definitions.``, ``§ 1421.`` inside a section that amends a
   law) and subdivision labels nested by :mod:`lexdiff.ingest.labels`.

Label hierarchies differ by jurisdiction: California and the U.S. Code go
(a) > (1) > (A) > (i) > (I); Colorado goes (1) > (a) > (I) > (A). The nesting
itself follows the label sequence in both; ``label_style`` only decides the
provision kinds: ``"ca"`` names them by label style (subdivision for
``(a)``), ``"co"`` by depth (subdivision for ``(1)``), ``"auto"`` picks
``"co"`` when the document's sections open with ``(1)`` and nest letters
under numbers.
"""

from __future__ import annotations

import codecs
import contextlib
import gc
import os
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Container, Iterator, Mapping

from lexdiff.errors import InputError
from lexdiff.ingest.builder import TextBuilder, TreeBuilder, normalize_space
from lexdiff.ingest.labels import leading_labels, nest_labels
from lexdiff.model import SUBDIVISION_KINDS, Bill, Version

__all__ = ["read_text", "decode_text", "structure_from_text"]

#: Environment variable naming the encoding of plain-text input when it is
#: not UTF-8 (e.g. ``windows-1252``); the CLI has no per-reader options.
ENCODING_ENV = "LEXDIFF_TEXT_ENCODING"

# ---------------------------------------------------------------------------
# Decoding

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode_text(data: bytes, path: str, encoding: str | None = None) -> str:
    """Bytes of a text file as a string, with newlines normalised to ``"\\n"``.

    A byte-order mark decides (UTF-8, UTF-16, UTF-32); otherwise the text must
    be UTF-8, or be in the ``encoding`` given (or named by the
    ``LEXDIFF_TEXT_ENCODING`` environment variable). There is deliberately no
    silent fallback to Windows-1252/Latin-1: those decode *any* byte string,
    so a wrong guess would put wrong characters into quoted bill text
    instead of stopping with an error the user can fix.

    Raises:
        InputError: the bytes are not valid in the encoding, naming the byte
            offset and how to convert the file.
    """
    chosen = encoding or os.environ.get(ENCODING_ENV) or None
    body = data
    if chosen is None:
        for bom, name in _BOMS:
            if data.startswith(bom):
                chosen, body = name, data[len(bom) :]
                break
    if chosen is None and len(data) >= 4 and b"\x00" in data[:4096]:
        # UTF-16 without a BOM: every other byte of ASCII text is NUL.
        even, odd = data[0:4096:2], data[1:4096:2]
        if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
            chosen = "utf-16-le"
        elif even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
            chosen = "utf-16-be"
    name = chosen or "utf-8"
    try:
        text = body.decode(name)
    except LookupError as err:
        raise InputError(f"unknown text encoding {name!r} (set in {ENCODING_ENV}?)", path) from err
    except UnicodeDecodeError as err:
        hint = (
            f"convert it to UTF-8 (e.g. iconv -f windows-1252 -t utf-8) or set {ENCODING_ENV} "
            "to its encoding"
        )
        raise InputError(
            f"not valid {name.upper()} text: byte 0x{body[err.start]:02x} at offset {err.start} "
            f"cannot be decoded; {hint}",
            path,
        ) from err
    if "\x00" in text:
        raise InputError("file contains NUL characters; it is binary, not a text bill", path)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(data: bytes, path: str) -> Version:
    """Read a plain-text bill (the ``text`` reader of :data:`lexdiff.ingest.PARSERS`).

    Raises:
        InputError: undecodable bytes.
    """
    return structure_from_text(decode_text(data, path), path=path)


# ---------------------------------------------------------------------------
# Layout cleanup


@dataclass
class _Line:
    text: str  # stripped
    indent: int
    number: int  # 1-based line number in the file, for messages
    blank: bool = False
    page_break: bool = False  # a page ends right before this line
    furniture: bool = False  # emptied because it was page furniture, not a blank line


_MARGIN_NUMBER = re.compile(r"^\s*(\d{1,2})(?:\s+|$)")
_DIGITS = re.compile(r"\d+")
_DECORATION = re.compile(r"^[\s)(*=_\-–—.·]{3,}$")
# Legends printed on every bill of a jurisdiction, not text of the bill.
# Colorado: "Capital letters or bold & italic numbers indicate new material
# added to existing law; dashes through words ... not part of the act."
# New York: "EXPLANATION--Matter in italics (underscored) is new; matter in
# brackets [ ] is old law to be omitted."
_LEGENDS: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = (
    (re.compile(r"^Capital letters .*indicate", re.I), re.compile(r"not part of\s+the act\.?", re.I)),
    (re.compile(r"^EXPLANATION\s*-+\s*Matter in italics", re.I), re.compile(r"to be omitted\.?", re.I)),
)
# Either legend's first line, in one pattern: most lines are neither, and
# one test per line is cheaper than one per legend.
_LEGEND_OPENING = re.compile("|".join(start.pattern for start, _ in _LEGENDS), re.I)
_NY_DRAFT_ID = re.compile(r"^LBD\d{5}-\d{2}-\d$")


def _split_lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    for number, raw in enumerate(text.split("\n"), 1):
        page_break = "\f" in raw
        if page_break:
            raw = raw.replace("\f", "")
        if "\t" in raw:
            raw = raw.expandtabs(8)
        raw = raw.rstrip()
        # A soft hyphen is invisible except at a line end, where it marks a
        # word broken by the typesetter (joined without a hyphen).
        if "\u00ad" in raw[:-1]:
            raw = raw[:-1].replace("\u00ad", "") + raw[-1:]
        stripped = raw.lstrip()
        lines.append(_Line(stripped, len(raw) - len(stripped), number, not stripped, page_break))
    return lines


def _strip_margin_numbers(lines: list[_Line]) -> list[_Line]:
    """Remove line numbers printed in the margin, if the document has them.

    They are recognised by counting: most non-blank lines start with a
    number, and each number is one more than the previous numbered line's
    (restarting at 1 on a new page). A numbered list in the text never
    covers most lines of a bill.
    """
    content = [line for line in lines if not line.blank]
    if len(content) < 5:
        return lines
    numbers: list[int | None] = []
    for line in content:
        match = _MARGIN_NUMBER.match(line.text)
        numbers.append(int(match.group(1)) if match else None)
    numbered = [n for n in numbers if n is not None]
    # The first page of a New York bill (title block, sponsors) is not
    # numbered, so only a share of the lines need carry numbers; the
    # counting-up test is what tells margin numbers from text.
    if len(numbered) < 5 or len(numbered) < 0.4 * len(content):
        return lines
    steps = sum(1 for a, b in zip(numbered, numbered[1:]) if b == a + 1 or (b == 1 and a > 1))
    if steps < 0.8 * (len(numbered) - 1):
        return lines
    previous = 0
    for line in content:
        match = _MARGIN_NUMBER.match(line.text)
        if not match:
            continue
        value = int(match.group(1))
        after = line.text[len(match.group(1)) :]
        if value not in (previous + 1, 1) and not after.strip():
            # A bare number out of the count is page furniture (a page
            # number, California's version number at the foot of a page).
            line.text, line.blank, line.furniture = "", True, True
            continue
        previous = value
        # The indent that matters is the text's own, after the number.
        line.indent = len(after) - len(after.lstrip())
        line.text = after.strip()
        line.blank = not line.text
    return lines


def _drop_running_heads(lines: list[_Line]) -> tuple[list[_Line], list[str]]:
    """Drop page headers/footers: short lines that recur with a changing page number."""
    groups: dict[str, list[tuple[int, tuple[int, ...]]]] = defaultdict(list)
    for index, line in enumerate(lines):
        if line.blank or len(line.text) > 90 or not _DIGITS.search(line.text):
            continue
        if _match_heading(line.text, 0) is not None or _label_start(line.text):
            continue  # "SEC. 2." / "SEC. 3." recur with growing numbers too
        shape = _DIGITS.sub("#", line.text)
        shape = re.sub(r"\s+", " ", shape)
        numbers = tuple(int(n) for n in _DIGITS.findall(line.text))
        groups[shape].append((index, numbers))
    # With page breaks known ("\f" from pdftotext), a running head sits
    # next to one; a recurring citation line in the text ("6-1-1703 (3).")
    # does not.
    breaks = [i for i, line in enumerate(lines) if line.page_break]
    if breaks:
        near = set()
        for i in breaks:
            near.update(range(max(0, i - 2), i + 3))
        for shape in list(groups):
            groups[shape] = [hit for hit in groups[shape] if hit[0] in near]
    drop: set[int] = set()
    for shape, hits in groups.items():
        # Three pages show a running head; a two-page bill shows its head
        # once or twice, so a very short line ("S. 9999   2") needs only two.
        if len(shape.split()) > 12 or len(hits) < (2 if len(shape.split()) <= 5 else 3):
            continue
        # Some number must change from one occurrence to the next and
        # keep growing, as page numbers do; a repeated phrase such as
        # "PROVIDED UNDER THIS PART 17." has a fixed number.
        width = min(len(numbers) for _, numbers in hits)
        varying = any(
            all(a[1][k] < b[1][k] for a, b in zip(hits, hits[1:])) for k in range(width)
        ) or any(
            all(a[1][-1 - k] < b[1][-1 - k] for a, b in zip(hits, hits[1:])) for k in range(width)
        )
        # California prints the version number alone at the foot of every
        # page ("96"): constant, but a bare number next to each page break.
        constant_footer = bool(breaks) and shape == "#" and len(hits) >= 3
        if varying or constant_footer:
            drop.update(index for index, _ in hits)
    removed = [lines[i].text for i in sorted(drop)]
    kept: list[_Line] = []
    boundary = False
    for index, line in enumerate(lines):
        if index in drop or line.furniture:
            # A head interrupts a paragraph that goes on on the next page;
            # remember only that a page ended here.
            boundary = True
            continue
        if boundary:
            line.page_break = True
            boundary = False
        kept.append(line)
    return _close_page_gaps(kept), removed


def _close_page_gaps(lines: list[_Line]) -> list[_Line]:
    """Drop the blank lines on either side of a page boundary.

    The space above a footer and below a header is layout: a paragraph that
    runs over a page must not be cut there. A paragraph that does end at
    the foot of a page is still told apart by what opens the next one (an
    indent, a label, a heading).
    """
    cleaned: list[_Line] = []
    carry = False
    for line in lines:
        if line.page_break:
            while cleaned and cleaned[-1].blank:
                cleaned.pop()
            carry = True
        if carry and line.blank:
            continue
        if carry:
            line.page_break = True
            carry = False
        cleaned.append(line)
    return cleaned


def _drop_legends(lines: list[_Line]) -> tuple[list[_Line], list[str]]:
    kept: list[_Line] = []
    removed: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.blank or not (
            _LEGEND_OPENING.match(line.text) or _DECORATION.match(line.text) or _NY_DRAFT_ID.match(line.text)
        ):
            kept.append(line)
            index += 1
            continue
        if _DECORATION.match(line.text) or _NY_DRAFT_ID.match(line.text):
            removed.append(line.text)
            index += 1
            continue
        for start, end in _LEGENDS:
            if start.search(line.text):
                last = index
                joined = line.text
                while last < min(index + 4, len(lines) - 1) and not end.search(joined):
                    last += 1
                    joined += " " + lines[last].text
                found = end.search(joined)
                if found:
                    removed.extend(l.text for l in lines[index : last + 1])
                    index = last + 1
                    # Some PDF text layers run the legend into the page head
                    # that follows ("... not part of the act.1200 Consumer
                    # and ..."): keep that tail as a line of its own.
                    tail = lines[last].text[len(lines[last].text) - (len(joined) - found.end()) :].strip()
                    if tail:
                        kept.append(_Line(tail, 0, lines[last].number))
                    break
        else:
            kept.append(line)
            index += 1
    return kept, removed


# ---------------------------------------------------------------------------
# Patterns for headings and paragraph starts

_BILL_SECTION = re.compile(
    r"^(?P<num>(?:SECTION|SEC\.|Section|Sec\.)\s*(?P<n>\d+[A-Za-z]?(?:\.\d+)*)\.|§+\s*(?P<s>\d+[A-Za-z]?(?:-[A-Za-z]+)?(?:[.-]\d+[A-Za-z]*)*)\.)(?=\s|$)"
)
_CODE_SECTION = re.compile(
    r"^(?P<num>(?P<n>\d+-\d+(?:\.\d+)?-\d+(?:\.\d+)?|\d{3,}(?:\.\d+)*|\d+\.\d+(?:\.\d+)*)\.)(?=\s|$)"
)
_LAW_HEADING = re.compile(
    r"^(?P<word>CHAPTER|ARTICLE|PART|DIVISION|TITLE|SUBCHAPTER|Chapter|Article|Part|Division|Title|Subchapter)"
    r"\s+(?P<n>\d+[A-Za-z]?(?:\.\d+)*|[IVXLC]+)\.?(?:\s+(?P<rest>.*))?$"
)
# The characters the three patterns above can open with ("SEC.", "§",
# "CHAPTER", "Article", ...), besides the digit of a code section (\d, that
# is str.isdecimal).
_HEADING_FIRST = frozenset("S§CAPDT")
_ENACTING = re.compile(r"(do enact as follows|^be it enacted\b)", re.I)
_ENACTING_START = re.compile(r"^(the people of the\b|be it enacted\b)", re.I)
_DIGEST_HEAD = re.compile(r"^LEGISLATIVE COUNSEL[’']?S DIGEST$", re.I)
_TITLE_START = re.compile(r"^(An act\b|AN ACT\b|A BILL\b|JOINT RESOLUTION\b|CONCURRENT RESOLUTION\b)")
# The word that heads a U.S. measure's long title when printed on its own
# line: "A BILL" / "To amend title 15 ...".
_TITLE_MARKER = re.compile(r"^(AN ACT|A BILL|JOINT RESOLUTION|CONCURRENT RESOLUTION|RESOLUTION)$")
_US_NUMBER = re.compile(
    r"^(?P<type>H\.\s?R\.|S\.|H\.\s?J\.\s?RES\.|S\.\s?J\.\s?RES\.|H\.\s?CON\.\s?RES\.|"
    r"S\.\s?CON\.\s?RES\.|H\.\s?RES\.|S\.\s?RES\.)\s*(?P<num>\d+)$",
    re.I,
)
_CONGRESS = re.compile(r"^(\d+)(?:st|nd|rd|th)\s+CONGRESS$", re.I)
_US_INTRODUCED = re.compile(r"\bintroduced the following (?:bill|joint resolution|concurrent resolution|resolution)\b")
_DIGEST_LEAD = re.compile(
    r"^(?P<type>[AS][BJ]?[A-Z]{0,2}|[AS]CA|[AS]JR|[AS]CR|[AS]R)\s*(?P<num>\d+),\s*"
    r"(?:as (?:introduced|amended|proposed to be amended|chaptered)[^,]*,\s*)?"
    r"(?P<author>[^.]+?)\.\s+(?P<subject>.+?\.)(?=\s|$)(?P<rest>.*)$"
)
_DIGEST_KEY = re.compile(r"^Vote:\s*", re.I)
# Closing quotes and brackets that may follow a sentence's full stop: '."', '.)'.
_CLOSERS = "\"”’')]"
_FINITE_VERB = re.compile(
    r"\b(shall|is|are|was|were|be|been|may|means|has|have|will|do|does|must|finds|declares|"
    r"enacted|amended|added|repealed|read|reads|includes|apply|applies)\b",
    re.I,
)

# A catchline is a noun phrase ("Definitions.", "Effective date -
# applicability."); text opening like a sentence is the section's body.
_SENTENCE_OPENER = re.compile(
    r"^(It|The|This|These|That|A|An|Each|Any|All|No|Nothing|Every|If|When|Where|For|In|On|Except|"
    r"Unless|There|Notwithstanding|Upon|Before|After|To|As|By)\b"
)

_MONTHS = {
    m: i
    for i, m in enumerate(
        ["january", "february", "march", "april", "may", "june", "july", "august", "september",
         "october", "november", "december"],
        1,
    )
}
_DATE = re.compile(r"\b(January|February|March|April|May|June|July|August|September|October|November|December)"
                   r"\s+(\d{1,2}),\s*(\d{4})\b", re.I)
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_VERSION_LINE = re.compile(
    r"^(?P<label>(?:AMENDED|REVISED|CORRECTED)\s+IN\s+(?:SENATE|ASSEMBLY|HOUSE)|ENROLLED|CHAPTERED|"
    r"INTRODUCED|PASSED\s+THE\s+(?:SENATE|ASSEMBLY|HOUSE))\b\s*(?P<rest>.*)$",
    re.I,
)
_APPROVED = re.compile(
    r"\bApproved:?\s+(January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\s+(\d{1,2}),\s*(\d{4})"
)

#: A Colorado bill number: two digits of the year, a session letter for an
#: extraordinary session, the number ("24-205", "25B-004").
_CO_NUMBER = re.compile(r"^(\d{2})[A-Z]?-\d+$")

_BILL_NUMBER = re.compile(
    r"^(?P<house>SENATE|ASSEMBLY|HOUSE)\s+(?P<kind>BILL|JOINT RESOLUTION|CONCURRENT RESOLUTION|RESOLUTION|"
    r"CONSTITUTIONAL AMENDMENT)\b.*?(?:No\.\s*)?(?P<num>\d+[A-Z]?(?:-\d+)?)\s*$",
    re.I,
)
_INTRODUCED_BY = re.compile(r"^Introduced by\s+(.+)$", re.I)

#: California code names -> the abbreviations leginfo and CAML use.
CODE_ABBREVIATIONS: dict[str, str] = {
    "business and professions code": "BPC",
    "civil code": "CIV",
    "code of civil procedure": "CCP",
    "commercial code": "COM",
    "corporations code": "CORP",
    "education code": "EDC",
    "elections code": "ELEC",
    "evidence code": "EVID",
    "family code": "FAM",
    "financial code": "FIN",
    "fish and game code": "FGC",
    "food and agricultural code": "FAC",
    "government code": "GOV",
    "harbors and navigation code": "HNC",
    "health and safety code": "HSC",
    "insurance code": "INS",
    "labor code": "LAB",
    "military and veterans code": "MVC",
    "penal code": "PEN",
    "probate code": "PROB",
    "public contract code": "PCC",
    "public resources code": "PRC",
    "public utilities code": "PUC",
    "revenue and taxation code": "RTC",
    "streets and highways code": "SHC",
    "unemployment insurance code": "UIC",
    "vehicle code": "VEH",
    "water code": "WAT",
    "welfare and institutions code": "WIC",
    "colorado revised statutes": "CRS",
}
_CODE_NAME = re.compile(
    r"\b(" + "|".join(re.escape(name) for name in sorted(CODE_ABBREVIATIONS, key=len, reverse=True)) + r")\b",
    re.I,
)

# ---------------------------------------------------------------------------
# Paragraph assembly


@dataclass
class _Para:
    role: str  # "text" | "bill_section" | "code_section" | "heading"
    text: str
    line: int
    info: dict[str, Any] = field(default_factory=dict)
    # The paragraph's opening labels (see _start_labels), found once for
    # both the style vote and the nesting.
    labels: list[tuple[str, int, int]] = field(default_factory=list)


def _uses_first_line_indents(lines: list[_Line]) -> tuple[bool, int]:
    """Whether paragraphs are marked by indenting their first line, and the text margin."""
    indents = Counter(line.indent for line in lines if not line.blank and len(line.text) > 30)
    if not indents:
        return False, 0
    total = sum(indents.values())
    # The text margin is where continuation lines sit: the smallest indent
    # that many lines share (first lines may be just as numerous when
    # paragraphs are short, as in a list of definitions).
    margin = min(indent for indent, n in indents.items() if n >= 0.15 * total)
    count = indents[margin]
    indented = sum(n for indent, n in indents.items() if margin < indent <= margin + 8)
    return indented >= 0.08 * total and count >= 0.15 * total, margin


class _Vocabulary:
    """The words of a document, to tell a real hyphen from a typesetter's at a line break.

    Built on first use: only a word broken across lines needs it, and text
    with one paragraph per line (or a document without hyphens at line
    ends) never asks.
    """

    def __init__(self, lines: list[_Line]) -> None:
        self._lines = lines
        self._words: set[str] | None = None

    def __contains__(self, word: object) -> bool:
        if self._words is None:
            self._words = _vocabulary(self._lines)
        return word in self._words


def _vocabulary(lines: list[_Line]) -> set[str]:
    # Collect the distinct tokens first and clean each once: a bill of a
    # million words has only tens of thousands of distinct ones.
    tokens: set[str] = set()
    for line in lines:
        line_tokens = line.text.split()
        if line_tokens and line_tokens[-1].endswith("-"):
            line_tokens.pop()  # a line-end fragment is not evidence
        tokens.update(line_tokens)
    words: set[str] = set()
    for token in tokens:
        word = token.strip("“”\"'’‘()[],.;:!?").lower()
        if word:
            words.add(word)
            if "-" in word:
                words.update(part for part in word.split("-") if part)
    return words


def _join(left: str, right: str, vocabulary: Container[str]) -> str:
    """Join two wrapped lines, repairing a word hyphenated across the break."""
    if not left:
        return right
    if not right:
        return left
    if left.endswith("\u00ad"):
        return left[:-1] + right
    if left.endswith((" -", " –")):
        return left + " " + right  # a dash between phrases: "practice -\nright to cure"
    if left.endswith("-") and not left.endswith("--") and len(left) > 1:
        # rsplit/split with a limit: only the words at the break matter, and
        # ``left`` is the whole paragraph so far.
        head_token = left.rsplit(None, 1)[-1][:-1]
        tail_token = right.split(None, 1)[0]
        head = head_token.strip("“”\"'’‘([").lower()
        tail = tail_token.strip("“”\"'’‘()[],.;:!?").lower()
        if head[-1:].isdigit() or tail[:1].isdigit():
            return left + right  # "6-1-\n1701": a number range or citation
        if head[-1:].isalpha() and tail[:1].isalpha():
            if tail in {"and", "or", "to", "nor"}:
                return left + " " + right  # suspended hyphen: "spam- and robocall-filtering"
            if head + tail in vocabulary:
                return left[:-1] + right
            if f"{head}-{tail}" in vocabulary or (
                len(head) > 1 and len(tail) > 1 and head.split("-")[-1] in vocabulary and tail in vocabulary
            ):
                return left + right  # a real compound: "machine-\nbased", "third-\nparty"
            return left[:-1] + right  # typeset hyphenation: "regu-\nlated"
        return left + right
    return left + " " + right


#: Characters beyond which a line cannot be a wrapped line of a printed
#: page (monospace bills wrap at 60-90, PDF text layers at about 120).
UNWRAPPED_LINE = 200


def _unwrapped(lines: list[_Line]) -> bool:
    """Whether the text has one paragraph per line rather than wrapped lines.

    Text saved from a web page or an editor often is; a tenth of its lines
    are longer than any printed line. There every line break ends a
    paragraph, stop or no stop: "(b) ... subject to paragraph (3)" followed
    by "(c) ..." is two items, where in wrapped text the "(c)" line could
    continue a cross-reference.
    """
    lengths = [len(line.text) for line in lines if not line.blank]
    return bool(lengths) and 10 * sum(n > UNWRAPPED_LINE for n in lengths) >= len(lengths)


def _starts_unit(line: _Line, previous: _Line | None, previous_is_heading: bool) -> bool:
    """Whether a line may open a provision, judging by how the line before it ends.

    Only a line that ends a sentence or a clause of a list lets the next
    one open a provision; so after "... as defined in subdivision" the
    next line's "(b) of Section 3" stays part of the same sentence.
    """
    if previous is None or previous_is_heading:
        return True
    return _ends_unit(previous.text)


def _ends_unit(text: str) -> bool:
    """Whether a line ends a sentence or a clause of a list: "...; or", "...: ", "... SERVICE; OR", '...."'.

    Written as string tests on the end of the line, not as a regex anchored
    with ``$``: the regex engine tries that pattern at every position of
    the line, which for unwrapped text (one paragraph per line) cost more
    than all the rest of the line's processing.
    """
    body = text.rstrip()
    if body.endswith(("—", "--")):
        return True
    # A stop, maybe followed by closing quotes or brackets: '.', ':', '."', ';)'.
    if body.rstrip(_CLOSERS).endswith((".", ":", ";", "!", "?")):
        return True
    # "; or" / "; and" ending an item of a list.
    for word in ("or", "and", "OR", "AND"):
        if body.endswith(word) and body[: -len(word)].rstrip().endswith(";"):
            return True
    return False


def _start_labels(text: str) -> list[tuple[str, int, int]]:
    """The labels opening a paragraph (as :func:`leading_labels`), or ``[]`` when they are a reference."""
    found = leading_labels(text)
    if not found:
        return found
    end = found[-1][2]
    # "(13), including" or "(1)(a)OF THIS SECTION" are references, not labels.
    return found if end == len(text) or text[end].isspace() else []


def _label_start(text: str) -> bool:
    return bool(_start_labels(text))


def _catchline(text: str) -> str | None:
    """The heading after a section number ("Definitions."), if the text opens with one."""
    match = re.match(r"^(.+?\.)(?:\s+|$)", text)
    if not match:
        return None
    candidate = match.group(1)
    words = candidate.split()
    if len(words) > 40 or _FINITE_VERB.search(candidate) or candidate.startswith("("):
        return None
    if re.search(r"\d\.$", candidate) and len(words) == 1:
        return None
    if not candidate[0].isupper() or _SENTENCE_OPENER.match(candidate):
        return None
    return candidate


def _assemble(lines: list[_Line]) -> list[_Para]:
    """Lines -> paragraphs, splitting section numbers and catchlines off as headings."""
    indented_layout, margin = _uses_first_line_indents(lines)
    vocabulary = _Vocabulary(lines)
    width = _wrap_width(lines)
    unwrapped = _unwrapped(lines)
    paras: list[_Para] = []
    current: list[str] = []
    current_line = 0
    previous: _Line | None = None
    previous_is_heading = False
    last_bill_section = 0
    index = 0

    def flush() -> None:
        nonlocal current
        if current:
            text = current[0]
            for piece in current[1:]:
                text = _join(text, piece, vocabulary)
            paras.append(_Para("text", normalize_space(text), current_line))
        current = []

    while index < len(lines):
        line = lines[index]
        index += 1
        if line.blank:
            flush()
            previous = None
            previous_is_heading = False
            continue
        may_start = unwrapped or _starts_unit(line, previous, previous_is_heading) or previous is None
        if not may_start and len(current) > 1 and current[-1] in ("and", "or", "AND", "OR"):
            # The list connector alone on its line: "... system;\nand\n(II) On
            # and after ..." (Colorado SB 25B-004) ends an item as "; and" does.
            may_start = _ends_unit(f"{current[-2]} {current[-1]}")
        if indented_layout and previous is not None and not previous_is_heading:
            # In an indented layout a continuation line sits at the margin,
            # even when it begins with "(b)" or "Section 22603."; a line
            # indented under one that does not end a sentence is a hanging
            # indent ("AN ACT to amend ... testing of\n  automated hiring
            # tools"), not a new paragraph.
            may_start = line.indent > margin and _starts_unit(line, previous, False)
        text = line.text
        heading = None
        if may_start:
            heading = _match_heading(text, last_bill_section)
        if heading is not None:
            flush()
            role, info, rest = heading
            if role == "bill_section":
                last_bill_section = info["number_value"] or last_bill_section
            first_catch = _catchline(rest) if role in ("bill_section", "code_section") and rest else None
            if first_catch is not None:
                # "SECTION 5. Effective date - applicability. (1) Except ...":
                # the catchline ends on the line; the rest is the body.
                info["heading"] = first_catch
                info["printed"] = f"{info['printed']} {first_catch}"
                rest = rest[len(first_catch) :].strip() or None
            elif role in ("bill_section", "code_section") and rest is not None and "." not in rest:
                # A catchline can wrap: "6-1-1704. Deployer disclosures -
                # point-of-interaction notice - public posting\noption - ...",
                # and the body may start on its last line ("documentation.
                # (1) On and after ...").
                combined, consumed = rest, 0
                while (
                    not re.search(r"\.(\s|$)", combined)
                    and consumed < 3
                    and index + consumed < len(lines)
                    and not lines[index + consumed].blank
                    and not _label_start(lines[index + consumed].text)
                ):
                    combined = _join(combined, lines[index + consumed].text, vocabulary)
                    consumed += 1
                catch = _catchline(combined) if consumed else None
                if catch is not None:
                    info["heading"] = catch
                    info["printed"] = f"{info['printed']} {catch}"
                    index += consumed
                    rest = combined[len(catch) :].strip() or None
            paras.append(_Para(role, info["printed"], line.number, info))
            if rest:
                current = [rest]
                current_line = line.number
                previous_is_heading = False
            else:
                previous_is_heading = True
            previous = line
            if role == "heading" and rest is None:
                # Colorado prints a part's name in capitals under its
                # number: "PART 17\nAUTOMATED DECISION-MAKING TECHNOLOGY\n
                # IN CONSEQUENTIAL DECISIONS".
                names: list[str] = []
                while (
                    index < len(lines)
                    and not lines[index].blank
                    and len(names) < 3
                    and lines[index].text.isupper()
                    and len(lines[index].text) < 70
                    and not lines[index].text.endswith((".", ":", ";"))
                    and _match_heading(lines[index].text, last_bill_section) is None
                    and not _BILL_NUMBER.match(lines[index].text)
                    and not _label_start(lines[index].text)
                ):
                    names.append(lines[index].text)
                    index += 1
                if names:
                    name = " ".join(names)
                    paras[-1].info["heading"] = name
                    paras[-1].info["printed"] += " " + name
                    paras[-1].text = paras[-1].info["printed"]
            continue
        if last_bill_section == 0 and len(text) < 80 and (
            _BILL_NUMBER.match(text) or _INTRODUCED_BY.match(text) or _VERSION_LINE.match(text)
            or _DATE.fullmatch(text) or _US_NUMBER.match(text) or _CONGRESS.match(text)
        ):
            # Front matter lines stand alone: "SENATE BILL 26-189" above
            # "BY SENATOR(S) ..." is not one sentence with it.
            flush()
            paras.append(_Para("text", normalize_space(text), line.number))
            previous, previous_is_heading = line, True
            continue
        if _DIGEST_HEAD.match(text):
            flush()
            paras.append(_Para("text", normalize_space(text), line.number))
            previous, previous_is_heading = line, True
            continue
        starts = False
        if previous is None:
            starts = True
        elif (may_start or last_bill_section == 0) and (
            _TITLE_START.match(text) or _ENACTING_START.match(text)
        ):
            starts = True
        elif indented_layout and not previous_is_heading:
            starts = may_start
        elif previous_is_heading:
            starts = True
        elif may_start and _label_start(text):
            starts = True
        elif unwrapped:
            starts = True  # one paragraph per line
        elif previous is not None and _unforced_break(previous.text, text, width):
            starts = True
        if starts:
            flush()
            current_line = line.number
        current.append(text)
        previous = line
        previous_is_heading = False
    flush()
    return paras


def _wrap_width(lines: list[_Line]) -> int:
    """The shortest line length at which the wrapping was seen to force a break.

    Measured, not assumed: for consecutive lines inside a sentence (the
    first does not end with a stop), the first line plus the next word did
    not fit. The low end of those lengths is the width the text was wrapped
    at (monospace printouts: exact; justified proportional type in PDF text
    layers: looser, so the estimate is cautious). 0 when there is too
    little wrapped text to tell.
    """
    forced: list[int] = []
    for previous, line in zip(lines, lines[1:]):
        if previous.blank or line.blank or line.page_break:
            continue
        if previous.text.endswith((".", ":", ";", ",")) or " " not in previous.text:
            continue
        forced.append(len(previous.text) + 1 + len(line.text.split()[0]))
    if len(forced) < 20:
        return 0
    forced.sort()
    return forced[len(forced) // 20]


def _unforced_break(previous: str, text: str, width: int) -> bool:
    """Whether a sentence ended at a line the next word would still have fitted on.

    Wrapped text only breaks early where a paragraph ends: if the line
    before stopped after a full stop with room left for this line's first
    word, the wrap did not force the break.
    """
    if not width or not previous.endswith((".", ":", ".”", '."')):
        return False
    first = text.split()[0]
    if not (first[0].isupper() or first[0] in "“\"") or text.isupper():
        return False
    return len(previous) + 1 + len(first) < width


def _merge_title_markers(paras: list[_Para]) -> list[_Para]:
    """Join "A BILL" (or "AN ACT") printed alone with the long title under it."""
    merged: list[_Para] = []
    for para in paras:
        if (
            merged
            and merged[-1].role == "text"
            and _TITLE_MARKER.match(merged[-1].text)
            and para.role == "text"
            and not _ENACTING.search(para.text)
        ):
            merged[-1] = _Para("text", f"{merged[-1].text} {para.text}", merged[-1].line)
            continue
        merged.append(para)
    return merged


def _match_heading(text: str, last_bill_section: int) -> tuple[str, dict[str, Any], str | None] | None:
    """Classify a paragraph-opening line: bill section, code section or law heading."""
    first = text[:1]
    if first not in _HEADING_FIRST and not first.isdecimal():
        return None  # most lines ("(a) ...", "The ...") cannot be one: skip the three patterns
    match = _BILL_SECTION.match(text)
    if match:
        number = match.group("n") or match.group("s")
        printed = match.group("num")
        value = int(re.match(r"\d+", number).group(0)) if re.match(r"\d+", number) else 0
        rest = text[match.end() :].strip() or None
        if match.group("s") is not None and last_bill_section and value != last_bill_section + 1:
            # New York numbers bill sections "§ 2.", "§ 3." and prints the
            # sections of law it amends the same way ("§ 1421. Definitions."):
            # only the next number in the bill's own sequence is a bill section.
            return "code_section", {"label": number, "printed": printed, "number_value": 0}, rest
        return "bill_section", {"label": f"SEC. {number}", "printed": printed, "number_value": value}, rest
    match = _CODE_SECTION.match(text)
    if match:
        rest = text[match.end() :].strip() or None
        return "code_section", {"label": match.group("n"), "printed": match.group("num"), "number_value": 0}, rest
    match = _LAW_HEADING.match(text)
    if match:
        word = match.group("word")
        rest = (match.group("rest") or "").strip()
        # "Chapter 22.7 (commencing with Section 22600) is added ..." is a
        # sentence, not a heading; a heading is capitalised or verbless.
        if not word.isupper() and (_FINITE_VERB.search(rest) or rest.startswith("(")):
            return None
        if word.isupper() is False and len(rest.split()) > 12:
            return None
        number = match.group("n")
        printed = f"{word} {number}" + ("." if text[len(word) :].lstrip()[len(number) :].startswith(".") else "")
        info = {
            "label": number,
            "word": word.upper(),
            "printed": f"{printed} {rest}".strip(),
            "heading": rest or None,
            "number_value": 0,
        }
        return "heading", info, None
    return None


# ---------------------------------------------------------------------------
# Structure


_HEADING_KINDS = {
    "DIVISION": "division",
    "TITLE": "title",
    "PART": "part",
    "CHAPTER": "chapter",
    "SUBCHAPTER": "subchapter",
    "ARTICLE": "article",
}


def _iso(match: re.Match[str]) -> str:
    month = _MONTHS[match.group(1).lower()]
    return f"{int(match.group(3)):04d}-{month:02d}-{int(match.group(2)):02d}"


def _front_matter(lines: list[str], meta: dict[str, Any]) -> None:
    """Bill number, version label and date, author, from the lines before the bill text."""
    for text in lines:
        if len(text) > 300:
            continue  # front matter facts sit on short lines; long ones are prose
        introduced = _INTRODUCED_BY.match(text)
        if introduced or _US_INTRODUCED.search(text):
            meta["author_text"] = text
            continue
        us_number = _US_NUMBER.match(text)
        if us_number and "number" not in meta:
            meta["type"] = re.sub(r"[.\s]", "", us_number.group("type")).upper()
            meta["number"] = us_number.group("num")
            continue
        congress = _CONGRESS.match(text)
        if congress:
            meta.setdefault("session", congress.group(1))
            continue
        version = _VERSION_LINE.match(text)
        if version and "label" not in meta:
            words = version.group("label").split()
            meta["label"] = " ".join(w.capitalize() if w.lower() not in ("in", "the") else w.lower() for w in words)
            date = _DATE.search(version.group("rest"))
            if date:
                meta["date"] = _iso(date)
            continue
        number = _BILL_NUMBER.match(text)
        if number and "number" not in meta:
            house = number.group("house").upper()
            kind = number.group("kind").upper()
            prefix = {"SENATE": "S", "ASSEMBLY": "A", "HOUSE": "H"}[house]
            suffix = {"BILL": "B", "JOINT RESOLUTION": "JR", "CONCURRENT RESOLUTION": "CR", "RESOLUTION": "R",
                      "CONSTITUTIONAL AMENDMENT": "CA"}[kind]
            meta["type"] = prefix + suffix
            meta["number"] = number.group("num")
            continue
        date = _DATE.fullmatch(text.strip())
        if date and "introduced_date" not in meta:
            meta["introduced_date"] = _iso(date)


def _digest_key(text: str) -> dict[str, str]:
    fields = {}
    for name, key in (("Vote", "VoteRequired"), ("Appropriation", "Appropriation"),
                      ("Fiscal committee", "FiscalCommittee"),
                      ("State-mandated local program", "LocalProgram")):
        match = re.search(re.escape(name) + r":\s*([\w-]+)", text, re.I)
        if match:
            fields[key] = match.group(1).upper()
    return fields


def _kind_for(level: Any, style: str) -> str:
    if style == "co":
        # Colorado names levels by depth: (1) subsection, (a) paragraph,
        # (I) subparagraph ...; the nearest shared vocabulary is the
        # California depth order, which also keeps paths chained ("(2)(b)(I)").
        return SUBDIVISION_KINDS[min(level.depth, len(SUBDIVISION_KINDS) - 1)]
    return level.kind


def _detect_style(blocks_labels: list[list[str]]) -> str:
    """``"co"`` when sections open with (1) and letters sit under numbers; else ``"ca"``."""
    votes: Counter[str] = Counter()
    for labels in blocks_labels:
        levels = [level for level in nest_labels(labels) if level is not None]
        if not levels:
            continue
        first = levels[0].style
        nested_letters = any(level.depth == 1 and level.style == "lower" for level in levels)
        if first == "digit" and nested_letters:
            votes["co"] += 1
        elif first == "lower":
            votes["ca"] += 1
    return "co" if votes["co"] > votes["ca"] else "ca"


def _labels_of(found: list[tuple[str, int, int]]) -> list[str]:
    return [label for label, _, _ in found]


class _Writer:
    """Writes paragraphs into the canonical text and opens the provisions they belong to.

    Provisions follow the CAML reader's conventions so that the two readers
    give the same tree for the same bill: a provision starts at its first
    paragraph; the long title, the digest and the enacting clause are
    top-level provisions; a chapter heading is a provision of its own beside
    the code sections under it; labels nest within one code section's (or
    one bill section's) run of paragraphs.
    """

    def __init__(self, style: str, info: dict[str, Any]) -> None:
        self.style = style
        self.info = info
        self.text = TextBuilder()
        self.tree = TreeBuilder()
        self.end = 0  # end of the last paragraph written
        # Labelled run not yet nested: (start, end, opening labels) per paragraph.
        self.block: list[tuple[int, int, list[tuple[str, int, int]]]] = []
        self.block_depth = 0
        self.bill_depth: int | None = None  # tree depth inside the current bill section
        self.code: str | None = None  # code the current bill section amends ("BPC")

    # -- plumbing -----------------------------------------------------------
    def add(self, paragraph: str) -> tuple[int, int]:
        span = self.text.add(paragraph)
        self.end = span[1]
        return span

    def close_to(self, depth: int) -> None:
        self.flush_block()
        self.tree.close_to(depth, self.end)

    def flush_block(self) -> None:
        """Open the subdivisions of the pending run of paragraphs, nested by their labels."""
        if not self.block:
            return
        labels = [label for _, _, found in self.block for label in _labels_of(found)]
        levels = nest_labels(labels)
        cursor = 0
        last_end = self.block[0][0]
        for start, end, found in self.block:
            for label, offset, _ in found:
                level = levels[cursor] if cursor < len(levels) else None
                cursor += 1
                if level is None:
                    continue
                # "(f) (1) A developer": (f) opens at the paragraph, (1)
                # inside it at its own offset.
                at = start + offset
                self.tree.close_to(self.block_depth + level.depth, last_end if offset == 0 else at)
                self.tree.open(_kind_for(level, self.style), label, at, attrs={"style": level.style})
            last_end = end
        self.tree.close_to(self.block_depth, last_end)
        self.block = []

    def content(self, paragraph: str, labels: list[tuple[str, int, int]] | None = None) -> None:
        """A paragraph of the current run; ``labels`` are its :func:`_start_labels` if already known."""
        start, end = self.add(paragraph)
        self.block.append((start, end, _start_labels(paragraph) if labels is None else labels))

    # -- parts of a bill ------------------------------------------------------
    def top_level(self, kind: str, paragraph: str, segment: str, **extra: Any) -> None:
        """The long title or the enacting clause: one paragraph, a provision of its own."""
        self.close_to(0)
        start, _ = self.add(paragraph)
        self.tree.open(kind, "", start, segment=segment, **extra)
        self.close_to(0)

    def digest(self, lead: str) -> None:
        """Open the digest at its lead paragraph ("SB 77, as amended, Ferro. Drones: notice.")."""
        self.close_to(0)
        match = _DIGEST_LEAD.match(lead)
        subject = match.group("subject") if match else None
        start, _ = self.add(subject or lead)
        self.tree.open("digest", "", start, segment="Digest", heading=subject)
        self.block_depth = self.tree.depth
        if match is None:
            self.block.append((start, self.end, _start_labels(lead)))
            return
        self.info.setdefault("subject", subject)
        self.info.setdefault("type", match.group("type"))
        self.info.setdefault("number", match.group("num"))
        self.info.setdefault("author", match.group("author"))
        rest = match.group("rest").strip()
        if rest:
            # Without indents the lead runs into the digest's first
            # paragraph: "... Drones: notice. This bill would ...".
            self.content(rest)

    def bill_section(self, para: _Para) -> None:
        self.close_to(0)
        self.code = None
        start, _ = self.add(para.text)
        self.tree.open(
            "bill_section",
            para.info["label"],
            start,
            heading=para.info.get("heading"),
            attrs={"num": para.info["printed"]},
        )
        self.bill_depth = self.block_depth = self.tree.depth

    def law_heading(self, para: _Para) -> None:
        self.close_to(self.bill_depth or 0)
        start, _ = self.add(para.text)
        word = para.info["word"]
        self.tree.open(
            _HEADING_KINDS.get(word, "chapter"),
            para.info["label"],
            start,
            heading=para.info.get("heading"),
            segment=f"{word.capitalize()} {para.info['label']}",
            attrs={"type": word},
        )
        self.close_to(self.bill_depth or 0)
        self.block_depth = self.tree.depth

    def code_section(self, para: _Para) -> None:
        self.close_to(self.bill_depth or 0)
        start, _ = self.add(para.text)
        label = para.info["label"]
        self.tree.open(
            "code_section",
            label,
            start,
            heading=para.info.get("heading"),
            segment=f"{self.code} {label}" if self.code else None,
            attrs={"code": self.code} if self.code else {},
        )
        self.block_depth = self.tree.depth

    def paragraph(self, text: str, labels: list[tuple[str, int, int]] | None = None) -> None:
        if (
            self.bill_depth is not None
            and self.tree.depth == self.bill_depth
            and not self.block
            and _is_action_line(text)
        ):
            # "Chapter 25.1 (commencing with Section 22757.10) is added to
            # Division 8 of the Business and Professions Code, to read:"
            self.add(text)
            found = _CODE_NAME.search(text)
            self.code = CODE_ABBREVIATIONS[found.group(1).lower()] if found else None
            top = self.tree.top()
            if top is not None:
                top.attrs.update(
                    {"action_text": text, "code": self.code, "code_name": found.group(1) if found else None}
                )
            return
        self.content(text, labels)

    def finish(self) -> tuple[str, tuple[Any, ...]]:
        self.flush_block()
        text = self.text.text()
        return text, self.tree.finish(len(text))


def _version_facts(info: dict[str, Any], path: str) -> tuple[str, str | None, str | None]:
    """Label, ISO date and state of the version, from its front matter or its file name."""
    label = info.get("label")
    date = info.get("date")
    if label is None and info.get("author_text"):
        label = "Introduced"
    if date is None and label == "Introduced":
        date = info.get("introduced_date")
    if date is None:
        found = _ISO_DATE.search(os.path.basename(path))
        if found:
            date = "-".join(found.groups())
    state = None
    if label:
        low = label.lower()
        state = {"introduced": "INT", "enrolled": "ENR", "chaptered": "CHP"}.get(low)
        if state is None and low.startswith("amended"):
            state = "AMD"
    return label or "", date, state


def _jurisdiction(raw: str, canonical: str) -> str:
    # Enacting clauses name the legislature; printed front matter helps
    # when the clause is missing from an excerpt.
    if "State of California" in canonical or "LEGISLATIVE COUNSEL" in raw.upper():
        return "CA"
    if "State of Colorado" in canonical:
        return "CO"
    if "State of New York" in canonical or "STATE OF NEW YORK" in raw:
        return "NY"
    if "Congress assembled" in canonical or "CONGRESS" in raw[:2000]:
        return "US"
    return ""


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector, restoring it afterwards.

    Reading a long bill allocates a few objects per line, paragraph and
    provision (hundreds of thousands for a 1M-word bill) and keeps nearly
    all of them until it returns, so every collection the allocations
    trigger rescans a growing heap and frees nothing (a tenth of the
    reading time on that bill). They form no reference cycles, so pausing
    loses nothing; reference counting still frees what is dropped.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@_collector_paused()
def structure_from_text(
    text: str,
    *,
    path: str = "",
    label_style: str = "auto",
    fmt: str = "text",
    meta: Mapping[str, Any] | None = None,
) -> Version:
    """Build a :class:`Version` from decoded bill text.

    Args:
        text: the whole document, newlines as ``"\\n"`` (page breaks may be
            ``"\\f"``, which helps tell running heads from text).
        path: source file name, for ``Version.source`` and the date fallback.
        label_style: ``"ca"``, ``"co"`` or ``"auto"`` (see module docstring).
        fmt: reader name to record in ``Version.format`` (``"pdf"`` when the
            PDF reader calls this).
        meta: extra metadata to merge into ``Version.meta``.

    Returns:
        The version: canonical text, provisions, label/date/state when the
        front matter says so; no official marks (plain text has none).

    Raises:
        ValueError: an unknown ``label_style``.
    """
    if label_style not in ("auto", "ca", "co"):
        raise ValueError(f"label_style must be 'auto', 'ca' or 'co', not {label_style!r}")
    lines = _split_lines(text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = _strip_margin_numbers(lines)
    lines, legends = _drop_legends(lines)
    lines, heads = _drop_running_heads(lines)
    paras = _merge_title_markers(_assemble(lines))
    info: dict[str, Any] = dict(meta or {})
    if heads:
        info["running_heads"] = sorted(set(heads))[:20]
    if legends:
        info["legends"] = legends
        joined = " ".join(legends).lower()
        # What the printed typography meant, for readers of the text that
        # lost it: Colorado capitalizes new material; New York brackets the
        # old law being removed ("[ ] is old law to be omitted").
        if "capital letters" in joined:
            info["amendment_typography"] = "capitals are new material"
        elif "in brackets" in joined:
            info["amendment_typography"] = "bracketed text is old law to be omitted"

    # Where the bill text begins: the long title, the digest, the enacting
    # clause or the first bill section, whichever comes first.
    start = 0
    for index, para in enumerate(paras):
        if para.role == "bill_section" or (
            para.role == "text"
            and (_TITLE_START.match(para.text) or _DIGEST_HEAD.match(para.text) or _ENACTING.search(para.text))
        ):
            start = index
            break
    front = [p.text for p in paras[:start]]
    if front:
        info["front_matter"] = front
        _front_matter(front, info)
    body = paras[start:]

    # The label style is decided for the whole document before any kind is
    # assigned: each run of paragraphs between headings votes.
    runs: list[list[str]] = [[]]
    for para in body:
        if para.role != "text":
            runs.append([])
        else:
            para.labels = _start_labels(para.text)
            runs[-1].extend(_labels_of(para.labels))
    style = _detect_style([run for run in runs if run]) if label_style == "auto" else label_style
    info["label_style"] = style

    writer = _Writer(style, info)
    zone = "body"  # "digest_head" right after the heading, "digest" inside it
    for para in body:
        is_text = para.role == "text"
        if is_text and _DIGEST_HEAD.match(para.text):
            writer.close_to(0)
            zone = "digest_head"
            continue
        if is_text and zone == "body" and writer.bill_depth is None and _TITLE_START.match(para.text):
            writer.top_level("digest", para.text, "Title", attrs={"role": "long_title"})
            info.setdefault("long_title", para.text)
            continue
        if zone != "body":
            if is_text and _DIGEST_KEY.match(para.text):
                # "Vote: majority. Appropriation: no. ..." is metadata (CAML's DigestKey).
                info["digest_key"] = _digest_key(para.text)
                continue
            if is_text and not _ENACTING.search(para.text):
                if zone == "digest_head":
                    writer.digest(para.text)
                    zone = "digest"
                else:
                    writer.content(para.text, para.labels)
                continue
            zone = "body"
        if is_text and writer.bill_depth is None and _ENACTING.search(para.text):
            writer.top_level("preamble", para.text, "Preamble")
        elif para.role == "bill_section":
            writer.bill_section(para)
        elif para.role == "heading":
            writer.law_heading(para)
        elif para.role == "code_section":
            writer.code_section(para)
        else:
            writer.paragraph(para.text, para.labels)
    text_out, provisions = writer.finish()

    label, date, state = _version_facts(info, path)
    if date is None:
        # A session law ends with the governor's signature: "Approved: May
        # 14, 2026" (Colorado), the date the act became law. Searched near
        # the end (the last page or two of a PDF), where it is printed.
        approved = _APPROVED.search(text[-6000:])
        if approved:
            try:
                date = datetime.strptime(" ".join(approved.groups()), "%B %d %Y").date().isoformat()
                label = label or "Approved"
            except ValueError:
                pass
    jurisdiction = _jurisdiction(text, text_out)
    session = str(info.get("session", ""))
    co_number = _CO_NUMBER.match(str(info.get("number", "")))
    if jurisdiction == "CO" and not session and co_number:
        # Colorado numbers bills by session year: SB 24-205 is of 2024,
        # SB 25B-004 of 2025's second (extraordinary) session.
        session = f"20{co_number.group(1)}"
    bill = Bill(
        jurisdiction=jurisdiction,
        session=session,
        type=str(info.get("type", "")),
        number=str(info.get("number", "")),
        title=str(info.get("subject", "") or info.get("long_title", "")),
    )
    return Version(
        bill=bill,
        id=path or "text",
        label=label,
        text=text_out,
        provisions=provisions,
        date=date,
        state=state,
        format=fmt,
        source=path,
        meta=info,
    )


_ACTION = re.compile(
    r"\b(is|are)\s+(hereby\s+)?(added|amended|repealed|renumbered|amended and renumbered|"
    r"repealed and added)\b|\bto read:$|\bas follows:$|^In Colorado Revised Statutes\b",
    re.I,
)


# Words one of which an "is amended" action line must contain; ASCII letters
# other than i/s/k, so str.lower() finds every spelling re.I matches.
_ACTION_WORDS = ("added", "amended", "repealed", "renumbered")


def _is_action_line(text: str) -> bool:
    if len(text) >= 600:
        return False
    if _ACTION.match(text):
        return True
    # Searching _ACTION through the whole paragraph (done for the first
    # paragraph of every bill section) is slow: a match past the first
    # character needs an action word or a line ending in ":", so test for
    # those first.
    if text.endswith((":", ":\n")) or any(word in text.lower() for word in _ACTION_WORDS):
        return bool(_ACTION.search(text))
    return False
