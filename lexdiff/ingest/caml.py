"""California CAML XML: the Legislative Counsel's own bill format.

A CAML ``MeasureDoc`` has two halves:

* ``caml:Description``: metadata (id, history of actions, measure type and
  number, authors) plus the long title, the subject and the Legislative
  Counsel's Digest, and
* ``caml:Bill``: the enacting clause and the bill sections (``SEC. 2.``),
  each with an action line ("Chapter 25.1 (commencing with Section 22757.10)
  is added to Division 8 of the Business and Professions Code, to read:")
  and a fragment of the code it adds or amends: chapter headings and code
  sections (``22757.11.``) whose ``<p>`` paragraphs carry the subdivision
  labels ``(a)``, ``(1)``, ``(A)`` ... side by side, without nesting.

The canonical text (see :mod:`lexdiff.model`) holds, in order: the long
title, the digest (subject line first), the enacting clause, then the bill
sections. Section numbers, action lines and chapter headings are paragraphs
of their own. Nothing of the markup survives.

Amended versions carry the Legislature's own redline as processing
instructions, ``<?xm-insertion_mark_start?>...<?xm-insertion_mark_end?>``
around inserted text (a few words, whole paragraphs or whole sections) and
``<?xm-deletion_mark data="escaped markup"?>`` where text was struck. They
become :class:`lexdiff.model.Mark` objects, so that
:func:`lexdiff.model.rebuild_previous_text` gives back the previous version.

Reading happens in two passes: the first walks the XML in document order and
writes the text, the marks and a flat list of structural events; the second
turns those events into the provision tree (it needs to see a whole code
section's labels before nesting them, see :mod:`lexdiff.ingest.labels`).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from lxml import etree

from lexdiff.errors import FormatError, ParseError
from lexdiff.ingest.builder import TextBuilder, TreeBuilder, normalize_space
from lexdiff.ingest.labels import leading_labels, nest_labels
from lexdiff.ingest.xmlsafe import parse_xml
from lexdiff.model import Bill, Mark, Version

CAML_NS = "http://lc.ca.gov/legalservices/schemas/caml.1#"
XHTML_NS = "http://www.w3.org/1999/xhtml"
XLINK_NS = "http://www.w3.org/1999/xlink"

_INSERT_START = "xm-insertion_mark_start"
_INSERT_END = "xm-insertion_mark_end"
_DELETE = "xm-deletion_mark"

# Deleted content is stored as escaped markup with the document's prefixes
# ("<xhtml:p>", "<caml:LawSection ...>"); to parse it we wrap it in an element
# that declares them.
_FRAGMENT_OPEN = (
    f'<lexdiff-struck xmlns="{XHTML_NS}" xmlns:xhtml="{XHTML_NS}" xmlns:caml="{CAML_NS}" '
    f'xmlns:xlink="{XLINK_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
).encode()
_FRAGMENT_CLOSE = b"</lexdiff-struck>"

_SPACE_RUN = re.compile(r"\s+")
# How a complete paragraph of a statute ends; a struck paragraph ending
# otherwise ("(h)", "(A) Representatives") is the start of a longer one.
_SENTENCE_END = frozenset(".:;?!\u2014")
_SECTION_NUM = re.compile(r"^(?:SECTION|SEC\.?)\s*(.+?)\.?$", re.IGNORECASE)
_XPOINTER_NUM = re.compile(r"caml:Num='([^']+)'")

#: History action codes -> the label printed on the bill ("Amended in Senate").
_ACTION_LABELS: dict[str, str] = {
    "INTRODUCED": "Introduced",
    "AMENDED_SENATE": "Amended in Senate",
    "AMENDED_ASSEMBLY": "Amended in Assembly",
    "ENROLLED": "Enrolled",
    "CHAPTERED": "Chaptered",
    "VETOED": "Vetoed",
}

#: MeasureState -> label, used when the history is missing.
_STATE_LABELS: dict[str, str] = {
    "INT": "Introduced",
    "AMD": "Amended",
    "ENR": "Enrolled",
    "CHP": "Chaptered",
    "PAS": "Passed",
}

#: LawHeading type -> provision kind.
_HEADING_KINDS: dict[str, str] = {
    "DIVISION": "division",
    "TITLE": "title",
    "PART": "part",
    "CHAPTER": "chapter",
    "ARTICLE": "article",
}

# Inline elements that stand for a space in the printed bill: the en space
# after every label, em/thin/non-breaking spaces, and the leader rules drawn
# on forms ("Name ........ Date"), which carry no word but must not glue the
# words on either side together.
_SPACE_CLASSES = ("Space", "Leaders")


def _local(node: Any) -> str:
    tag = node.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def _plain(element: Any) -> str:
    """Current text of an element: PI content (struck text) excluded, spaces normalised."""
    if element is None:
        return ""
    return normalize_space("".join(element.itertext()))


def _child(element: Any, name: str) -> Any:
    for child in element:
        if _local(child) == name:
            return child
    return None


def _normalize_with_map(raw: str, inserted: list[bool] | None = None) -> tuple[str, list[int], list[bool]]:
    """Canonical form of one paragraph, with offsets for every raw boundary.

    Returns the normalised text, ``mapping`` (raw boundary -> normalised
    offset) and, per normalised character, whether it comes from inserted
    text.

    A whitespace run becomes one space. Which raw character that space
    stands for matters for the change marks: it is charged to a character
    *outside* the insertions when the run has one. In "more than<?ins?>\n
    50<?ins-end?> people" the run before "50" is inserted, so dropping the
    insertion also drops that space, while in "(a)<EnSpace/><?ins?>shall
    <?ins-end?> apply" the space after the label stays when "shall " goes.
    """
    n = len(raw)
    flags = inserted if inserted is not None else [False] * n
    out: list[str] = []
    out_flags: list[bool] = []
    mapping = [0] * (n + 1)
    length = 0  # characters written so far
    cursor = 0  # raw offset after the last whitespace run
    for run in _SPACE_RUN.finditer(raw):
        a, b = run.span()
        # The words before the run are copied as they are.
        mapping[cursor:a] = range(length, length + a - cursor)
        out.append(raw[cursor:a])
        out_flags.extend(flags[cursor:a])
        length += a - cursor
        if a == 0 or b == n:
            mapping[a:b] = [length] * (b - a)  # leading/trailing blanks are stripped
        else:
            kept = next((k for k in range(a, b) if not flags[k]), a)
            mapping[a:b] = [length if k <= kept else length + 1 for k in range(a, b)]
            out.append(" ")
            out_flags.append(flags[kept])
            length += 1
        cursor = b
    mapping[cursor:n] = range(length, length + n - cursor)
    out.append(raw[cursor:])
    out_flags.extend(flags[cursor:])
    length += n - cursor
    mapping[n] = length
    return "".join(out), mapping, out_flags


def _separated_before(chars: str, flags: list[bool], position: int, space: str) -> bool:
    """Whether the nearest kept (not inserted) character before ``position`` is a space."""
    for index in range(position - 1, -1, -1):
        if not flags[index]:
            return chars[index].isspace() if space == "any" else chars[index] == space
    return True  # start of the paragraph: the paragraph break separates


def _separated_after(chars: str, flags: list[bool], position: int, space: str) -> bool:
    for index in range(position, len(chars)):
        if not flags[index]:
            return chars[index].isspace() if space == "any" else chars[index] == space
    return True


def _pad_struck(
    raw: str, raw_flags: list[bool], position: int, text: str, text_flags: list[bool], offset: int, struck: str
) -> str:
    """Struck words, padded so that restoring them separates words as the raw markup did.

    The raw previous text is the raw current text with insertions removed
    and ``struck`` put back at ``position``; normalising can leave one space
    where the raw had whitespace on both sides of the struck words
    ("(a)<EnSpace/><?del 'shall'?> apply"), so the struck text brings its own.
    """
    if not struck:
        return struck
    if (
        not struck[0].isspace()
        and _separated_before(raw, raw_flags, position, "any")
        and not _separated_before(text, text_flags, offset, " ")
    ):
        struck = " " + struck
    if (
        not struck[-1].isspace()
        and _separated_after(raw, raw_flags, position, "any")
        and not _separated_after(text, text_flags, offset, " ")
    ):
        struck += " "
    return struck


@dataclass
class _Paragraph:
    role: str
    pieces: list[str] = field(default_factory=list)
    length: int = 0
    # (raw_start, raw_end, run) of inserted text; run ids keep apart
    # insertions separated by a deletion.
    inserts: list[tuple[int, int, int]] = field(default_factory=list)
    deletes: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class _Event:
    type: str  # "open" | "close" | "para"
    kind: str = ""
    label: str = ""
    id: str | None = None
    heading: str | None = None
    segment: str | None = None
    attrs: dict[str, Any] = field(default_factory=dict)
    start: int = 0
    end: int = 0
    text: str = ""


class _Sink:
    """Receives paragraphs, marks and structure from :class:`_Walker`."""

    def begin_para(self, role: str) -> None: ...
    def inline(self, text: str) -> None: ...
    def end_para(self) -> None: ...
    def mark(self, pi: Any) -> None: ...
    def open(self, kind: str, **info: Any) -> None: ...
    def close(self) -> None: ...

    @property
    def in_para(self) -> bool:
        return False

    def last_char(self) -> str:
        """Last character written to the open paragraph ("" if none)."""
        return ""


class _PlainSink(_Sink):
    """Collects the paragraphs of struck markup (no marks, no structure)."""

    def __init__(self) -> None:
        self.paragraphs: list[str] = []
        self._current: list[str] | None = None

    @property
    def in_para(self) -> bool:
        return self._current is not None

    def begin_para(self, role: str) -> None:
        if self._current is not None:
            self.end_para()
        self._current = []

    def inline(self, text: str) -> None:
        if self._current is None:
            self.begin_para("text")
        assert self._current is not None
        self._current.append(text)

    def last_char(self) -> str:
        for piece in reversed(self._current or []):
            if piece:
                return piece[-1]
        return ""

    def take_inline(self) -> str:
        """The open paragraph's raw text, unnormalised (struck words inside a paragraph)."""
        raw = "".join(self._current or [])
        self._current = None
        return raw

    def end_para(self) -> None:
        if self._current is not None:
            text = normalize_space("".join(self._current))
            if text:
                self.paragraphs.append(text)
        self._current = None


class _VersionSink(_Sink):
    """Writes the canonical text, the official marks and the structural events."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.text = TextBuilder()
        self.events: list[_Event] = []
        self.marks: list[Mark] = []
        self.inserting = False
        self.run = 0
        self._para: _Paragraph | None = None
        # The last insert mark, kept open so that consecutive inserted
        # paragraphs of one run become one mark.
        self._last_insert: tuple[int, int, int] | None = None
        # A struck block whose last paragraph may be the old start of the
        # next paragraph (see _join_struck_label): (mark index, struck text).
        self._join_candidate: tuple[int, str] | None = None
        self._join_candidate_for_para: tuple[int, str] | None = None

    @property
    def in_para(self) -> bool:
        return self._para is not None

    def last_char(self) -> str:
        for piece in reversed(self._para.pieces if self._para else []):
            if piece:
                return piece[-1]
        return ""

    # -- paragraphs -------------------------------------------------------
    def begin_para(self, role: str) -> None:
        if self._para is not None:
            self.end_para()
        self._para = _Paragraph(role)

    def inline(self, text: str) -> None:
        if not text:
            return
        if self._para is None:
            self.begin_para("text")
        para = self._para
        assert para is not None
        start = para.length
        para.pieces.append(text)
        para.length += len(text)
        if self.inserting:
            if para.inserts and para.inserts[-1][1] == start and para.inserts[-1][2] == self.run:
                para.inserts[-1] = (para.inserts[-1][0], para.length, self.run)
            else:
                para.inserts.append((start, para.length, self.run))

    def end_para(self) -> None:
        para = self._para
        self._para = None
        if para is None:
            return
        candidate, self._join_candidate = self._join_candidate, None
        self._join_candidate_for_para = candidate
        raw = "".join(para.pieces)
        whole = para.inserts == [(0, len(raw), para.inserts[0][2])] if para.inserts else False
        if not para.deletes and (not para.inserts or whole):
            # Fast path, most paragraphs: no mark inside, or inserted whole.
            text = normalize_space(raw)
            if text:
                start, end = self.text.add(text, normalize=False)
                self.events.append(_Event("para", kind=para.role, start=start, end=end, text=text))
                self._join_struck_label(para, raw, text, start, whole)
                if whole:
                    # A paragraph inserted whole takes the paragraph break
                    # before it along, so dropping it leaves one "\n", not two.
                    self._insert(start - 1 if start else start, end, para.inserts[0][2])
            return
        raw_flags = [False] * len(raw)
        for raw_start, raw_end, _ in para.inserts:
            raw_flags[raw_start:raw_end] = [True] * (raw_end - raw_start)
        text, mapping, text_flags = _normalize_with_map(raw, raw_flags)
        if not text:
            # A paragraph emptied by the amendment: its struck words still
            # have to come back, between the paragraphs around it.
            for _, struck in para.deletes:
                lines = (normalize_space(line) for line in struck.split("\n"))
                self._block_delete("\n".join(line for line in lines if line))
            return
        start, end = self.text.add(text, normalize=False)
        self.events.append(_Event("para", kind=para.role, start=start, end=end, text=text))
        self._join_struck_label(para, raw, text, start, False)
        kept = [i for i, char in enumerate(raw) if not raw_flags[i] and not char.isspace()]
        for number, (raw_pos, struck) in enumerate(para.deletes):
            offset = mapping[raw_pos]
            struck = _pad_struck(raw, raw_flags, raw_pos, text, text_flags, offset, struck)
            # Struck words at the very edge of what was the paragraph: the
            # old paragraph was stripped there too ("An act relating to
            # artificial intelligence. " replaced by a new title).
            if number == len(para.deletes) - 1 and (not kept or kept[-1] < raw_pos):
                struck = struck.rstrip()
            if number == 0 and (not kept or kept[0] >= raw_pos):
                struck = struck.lstrip()
            self.marks.append(Mark("delete", start + offset, start + offset, struck))
        for raw_start, raw_end, run in para.inserts:
            a, b = mapping[raw_start], mapping[raw_end]
            if a < b:
                self._insert(start + a, start + b, run)

    # -- marks --------------------------------------------------------------
    def mark(self, pi: Any) -> None:
        target = pi.target
        if target == _INSERT_START:
            self.inserting = True
            self.run += 1
        elif target == _INSERT_END:
            self.inserting = False
            self.run += 1
        elif target == _DELETE:
            # A deletion splits any insertion it sits in, so that every
            # delete lies between inserts, never inside one.
            self.run += 1
            data = pi.get("data")
            if data is None:
                return
            if self._para is not None:
                struck = _render_struck(data, self.path, pi, inline=True)
                deletes = self._para.deletes
                if deletes and deletes[-1][0] == self._para.length:
                    # Two struck runs with nothing between them are one.
                    deletes[-1] = (deletes[-1][0], deletes[-1][1] + struck)
                else:
                    deletes.append((self._para.length, struck))
            else:
                self._block_delete(_render_struck(data, self.path, pi, inline=False))

    def _block_delete(self, struck: str) -> None:
        if not struck.strip():
            return
        position = self.text.length
        # Whole paragraphs struck between two paragraphs: the separators
        # travel with them so the rebuilt text keeps its paragraph breaks.
        text = "\n" + struck if position else struck + "\n"
        self.marks.append(Mark("delete", position, position, text))
        self._last_insert = None
        last = struck.rsplit("\n", 1)[-1].rstrip("\u201d\u2019\"')] ")
        if last and last[-1] not in _SENTENCE_END:
            self._join_candidate = (len(self.marks) - 1, struck)

    def _join_struck_label(self, para: _Paragraph, raw: str, text: str, start: int, whole: bool) -> None:
        """Put a struck label back in front of the paragraph it belonged to.

        When a paragraph is relettered, the Legislative Counsel strikes the
        old label as a paragraph of its own and inserts the new one at the
        start of the paragraph: ``<?del "<p>(h)</p>"?><p><?ins?>(g)<?ins-end?>
        If CalCompute ...``. The old text read "(h) If CalCompute ...", so
        the struck "(h)" (or "(A) Representatives", the struck start of a
        rewritten paragraph) is restored at the start of this paragraph
        rather than as a paragraph before it.
        """
        candidate = self._join_candidate_for_para
        self._join_candidate_for_para = None
        if candidate is None or whole or para.role != "content" or not para.inserts:
            return
        first_text = len(raw) - len(raw.lstrip())
        if para.inserts[0][0] > first_text:
            return
        index, struck = candidate
        # Only when the struck block sits right before this paragraph.
        if index != len(self.marks) - 1 or self.marks[index].start not in (start - 1, 0):
            return
        inserted = normalize_space(raw[para.inserts[0][0] : para.inserts[0][1]])
        after = text[len(inserted) : len(inserted) + 1] if text.startswith(inserted) else ""
        self.marks[index] = Mark("delete", start, start, struck if after == " " else struck + " ")

    def _insert(self, start: int, end: int, run: int) -> None:
        last = self._last_insert
        if (
            last is not None
            and last[2] == run
            and self.marks
            and self.marks[-1].op == "insert"
            and self.marks[-1].end in (start, start - 1)
        ):
            previous = self.marks.pop()
            start = previous.start
        self.marks.append(Mark("insert", start, end))
        self._last_insert = (start, end, run)

    # -- structure ---------------------------------------------------------
    def open(self, kind: str, **info: Any) -> None:
        self._join_candidate = None
        self.events.append(_Event("open", kind=kind, **info))

    def close(self) -> None:
        self._join_candidate = None
        self.events.append(_Event("close"))


def _render_struck(data: str, path: str, pi: Any, *, inline: bool) -> str:
    """Struck markup rendered with the canonical-text conventions."""
    # The struck markup sits in a pseudo-attribute of the processing
    # instruction, which XML does not unescape for us: one level of
    # escaping ("&lt;xhtml:p>") has to come off by hand before the markup
    # itself can be parsed (and its own "&amp;" resolved by the parser).
    markup = _unescape_pseudo_attribute(data)
    if "<" not in markup:
        # Plain words struck inside a paragraph (" to rights in money or"):
        # keep the edge spaces, they separate the words from their neighbours.
        if "&" not in markup:
            words = markup
        else:
            try:
                fragment = _parse_fragment(markup, path, pi)
                words = "".join(fragment.itertext())
            except ParseError:
                words = html.unescape(markup)  # a bare "&" in struck words
        text = _SPACE_RUN.sub(" ", words)
        return text if inline else text.strip()
    fragment = _parse_fragment(markup, path, pi)
    sink = _PlainSink()
    walker = _Walker(sink)
    if inline and not any(_local(el) in _BLOCK_ELEMENTS for el in fragment.iter()):
        sink.begin_para("text")
        walker.inline_children(fragment)
        return _SPACE_RUN.sub(" ", sink.take_inline())
    walker.block_children(fragment)
    sink.end_para()
    body = "\n".join(sink.paragraphs)
    return f"\n{body}\n" if inline and body else body


def _unescape_pseudo_attribute(data: str) -> str:
    for entity, char in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'")):
        data = data.replace(entity, char)
    return data.replace("&amp;", "&")


def _parse_fragment(data: str, path: str, pi: Any) -> Any:
    raw = _FRAGMENT_OPEN + data.encode("utf-8") + _FRAGMENT_CLOSE
    try:
        return parse_xml(raw, path).getroot()
    except ParseError as err:
        line = getattr(pi, "sourceline", None)
        where = f"line {line}: " if line else ""
        raise ParseError(
            f"{where}the struck text of a deletion mark is not well-formed markup ({err.message})",
            path,
        ) from err


# Elements whose presence makes struck markup block-level.
_BLOCK_ELEMENTS = frozenset(
    {
        "p", "h1", "table", "tr", "BillSection", "LawSection", "LawHeading", "Content", "Fragment",
        "Num", "ActionLine", "Preamble", "Whereas", "Resolved", "LawTitle", "BudgetItem",
        "BudgetHeading",
    }
)


class _Walker:
    """Walks CAML in document order, sending paragraphs, marks and structure to a sink."""

    def __init__(self, sink: _Sink) -> None:
        self.sink = sink
        self._code: str | None = None
        self._clauses: dict[str, int] = {}

    # -- generic --------------------------------------------------------------
    def block_children(self, element: Any) -> None:
        """Children of a container whose text is made of paragraphs."""
        if element.text and element.text.strip():
            self._stray(element.text)
        for child in element:
            self.block(child)
            if child.tail and child.tail.strip():
                self._stray(child.tail)

    def _stray(self, text: str) -> None:
        # Text loose between paragraphs (seen in struck fragments: "NO") is
        # a paragraph of its own rather than lost.
        if self.sink.in_para:
            self.sink.inline(text)
        else:
            self.sink.begin_para("text")
            self.sink.inline(text)
            self.sink.end_para()

    def block(self, node: Any) -> None:
        if isinstance(node, etree._ProcessingInstruction):
            self.sink.mark(node)
            return
        if not isinstance(node.tag, str):
            return  # comment
        name = _local(node)
        handler = getattr(self, f"_block_{name}", None)
        if handler is not None:
            handler(node)
        elif any(_local(el) in _BLOCK_ELEMENTS for el in node.iter() if el is not node):
            self.block_children(node)
        else:
            self.paragraph(node, "text")

    def paragraph(self, element: Any, role: str, prefix: str = "") -> None:
        self.sink.begin_para(role)
        if prefix:
            self.sink.inline(prefix)
        self.inline_children(element)
        self.sink.end_para()

    def inline_children(self, element: Any) -> None:
        if element.text:
            self.sink.inline(element.text)
        for child in element:
            if isinstance(child, etree._ProcessingInstruction):
                self.sink.mark(child)
            elif isinstance(child.tag, str):
                name = _local(child)
                css = child.get("class") or ""
                if name == "span" and any(word in css for word in _SPACE_CLASSES):
                    self.sink.inline(" ")
                    self.inline_children(child)
                elif name in ("br", "td", "th"):
                    self.sink.inline(" ")
                    self.inline_children(child)
                elif name == "Fraction":
                    self._fraction(child)
                elif name == "TipIn":
                    pass  # a plate bound into the printed volume: no words
                else:
                    self.inline_children(child)
            if child.tail:
                self.sink.inline(child.tail)

    def _fraction(self, element: Any) -> None:
        # "33<caml:Fraction>1/3</caml:Fraction> percent" is a third of the
        # vote, "33 1/3 percent"; read flat it would be "3313 percent".
        if self.sink.last_char().isdigit():
            self.sink.inline(" ")
        parts = [child for child in element if _local(child) in ("Numerator", "Denominator")]
        if not parts:
            self.inline_children(element)
            return
        for index, part in enumerate(parts):
            if index:
                self.sink.inline("/")
            self.inline_children(part)

    # -- CAML elements ----------------------------------------------------------
    def _block_p(self, element: Any) -> None:
        self.paragraph(element, "content")

    def _block_table(self, element: Any) -> None:
        # Tables (fee schedules, appropriations): one paragraph per row,
        # cells separated by spaces.
        self.block_children(element)

    _block_thead = _block_tbody = _block_tfoot = _block_table

    def _block_tr(self, element: Any) -> None:
        if any(_local(el) == "p" for el in element.iter() if el is not element):
            self.block_children(element)
        else:
            self.paragraph(element, "text")

    def _block_Content(self, element: Any) -> None:
        self.sink.open("_content")
        self.block_children(element)
        self.sink.close()

    def _block_Preamble(self, element: Any) -> None:
        self.sink.open("preamble", label="", segment="Preamble")
        self.paragraph(element, "preamble")
        self.sink.close()

    def _block_BillSection(self, element: Any) -> None:
        self._code = None
        num = _child(element, "Num")
        printed = _plain(num)
        match = _SECTION_NUM.match(printed)
        label = f"SEC. {match.group(1)}" if match else (printed.rstrip(".") or "SEC.")
        actions = [_action_line(line) for line in element if _local(line) == "ActionLine"]
        attrs: dict[str, Any] = {"num": printed}
        if actions:
            attrs.update(actions[0])
            attrs["actions"] = actions
        self.sink.open("bill_section", label=label, id=element.get("id"), attrs=attrs)
        self.block_children(element)
        self.sink.close()
        self._code = None

    def _block_Num(self, element: Any) -> None:
        self.paragraph(element, "num")

    def _block_ActionLine(self, element: Any) -> None:
        href = element.get(f"{{{XLINK_NS}}}href") or ""
        code = re.match(r"urn:caml:codes:([A-Z]+)", href)
        self._code = code.group(1) if code else None
        self.paragraph(element, "action_line")

    def _block_LawHeading(self, element: Any) -> None:
        kind_name = (element.get("type") or "").upper()
        kind = _HEADING_KINDS.get(kind_name, "chapter")
        number = _plain(_child(element, "Num")).rstrip(".")
        version = _child(element, "LawHeadingVersion")
        heading = _plain(_child(version, "LawHeadingText")) if version is not None else ""
        word = kind_name.capitalize() if kind_name == "ARTICLE" else (kind_name or "CHAPTER")
        # A chapter heading is a provision of its own, but the code sections
        # under it are its siblings, not its children: a code section is
        # cited by code and number alone ("BPC 22757.11"), and when a
        # chapter moves (SB 53 turned Labor Code Chapter 5.1 into Business
        # and Professions Code Chapter 25.1) its sections keep their paths.
        self.sink.open(
            kind,
            label=number,
            heading=heading or None,
            id=element.get("id"),
            segment=f"{word.capitalize()} {number}".strip(),
            attrs={"type": kind_name},
        )
        self.sink.begin_para("heading")
        self.sink.inline(word + " ")
        rest: list[Any] = []
        seen_heading = False
        for child in element:
            if seen_heading:
                rest.append(child)
                continue
            name = _local(child)
            if isinstance(child, etree._ProcessingInstruction):
                self.sink.mark(child)
            elif name == "Num":
                self.inline_children(child)
            elif name == "LawHeadingVersion":
                self.sink.inline(" ")
                for part in child:
                    if isinstance(part, etree._ProcessingInstruction):
                        self.sink.mark(part)
                    elif _local(part) == "LawHeadingText":
                        self.inline_children(part)
                    if part.tail and part.tail.strip():
                        self.sink.inline(part.tail)
                seen_heading = True
            elif isinstance(child.tag, str):
                rest.append(child)
                seen_heading = True
                continue
            if child.tail and child.tail.strip():
                self.sink.inline(child.tail)
        self.sink.end_para()
        self.sink.close()
        for child in rest:
            self.block(child)

    def _block_LawSection(self, element: Any) -> None:
        number = _plain(_child(element, "Num")).rstrip(".")
        segment = f"{self._code} {number}" if self._code and number else None
        attrs: dict[str, Any] = {"code": self._code} if self._code else {}
        self.sink.open("code_section", label=number, id=element.get("id"), segment=segment, attrs=attrs)
        self.block_children(element)
        self.sink.close()

    def _block_Whereas(self, element: Any) -> None:
        # Resolutions: recitals ("WHEREAS, ...") and resolving clauses
        # ("Resolved by the Senate ..."), numbered in order of appearance.
        self._clause(element, "preamble", "Whereas")

    def _block_Resolved(self, element: Any) -> None:
        self._clause(element, "section", "Resolved")

    def _clause(self, element: Any, kind: str, word: str) -> None:
        self._clauses[word] = self._clauses.get(word, 0) + 1
        label = f"{word} {self._clauses[word]}"
        self.sink.open(kind, label=label, id=element.get("id"))
        if any(_local(el) in _BLOCK_ELEMENTS for el in element.iter() if el is not element):
            self.block_children(element)
        else:
            self.paragraph(element, "text")
        self.sink.close()

    def _block_Title(self, element: Any) -> None:
        self.sink.open("digest", label="", segment="Title", attrs={"role": "long_title"})
        self.paragraph(element, "title")
        self.sink.close()


def _action_line(element: Any) -> dict[str, Any]:
    """The action line's meaning: what the bill section does to which code."""
    href = element.get(f"{{{XLINK_NS}}}href") or ""
    label = element.get(f"{{{XLINK_NS}}}label") or ""
    code = re.match(r"urn:caml:codes:([A-Z]+)", href)
    pointer = unquote(href.partition("#")[2])
    sections = _XPOINTER_NUM.findall(pointer)
    # xlink:label = "fractionType: LAW_SPREAD||commencingWith: 22757.10"
    details = dict(
        (key.strip(), value.strip())
        for key, _, value in (part.partition(":") for part in label.split("||"))
        if key.strip()
    )
    if "commencingWith" in details:
        sections.append(details["commencingWith"])
    return {
        "action": element.get("action") or "",
        "code": code.group(1) if code else None,
        "code_name": _plain(_child(element, "DocName")) or None,
        "sections": [s.rstrip(".") for s in sections],
        "target": pointer,
        "action_text": _plain(element),
        **({"xlink_label": details} if details else {}),
    }


# -- pass 2: events -> provision tree -----------------------------------------


@dataclass
class _Frame:
    """An open event of pass 2: a provision waiting for text, or a labelled content block."""

    event: _Event
    content: bool
    opened: bool = False
    depth: int = 0  # tree depth before it opened (the base depth for a content block)
    levels: list[Any] = field(default_factory=list)
    cursor: int = 0


def _build_tree(events: list[_Event], length: int) -> tuple[Any, ...]:
    tree = TreeBuilder()
    stack: list[_Frame] = []
    last_end = 0
    for index, event in enumerate(events):
        if event.type == "open":
            frame = _Frame(event, content=event.kind == "_content")
            if frame.content:
                frame.levels = _content_levels(events, index)
            stack.append(frame)
        elif event.type == "close":
            if stack:
                frame = stack.pop()
                if frame.opened:
                    tree.close_to(frame.depth, last_end)
        else:
            # A provision starts with its first paragraph: an element that
            # holds no text in this version (a section emptied by the
            # amendment) never becomes a provision.
            for frame in stack:
                if frame.opened:
                    continue
                frame.opened = True
                frame.depth = tree.depth
                if not frame.content:
                    waiting = frame.event
                    tree.open(
                        waiting.kind,
                        waiting.label,
                        event.start,
                        id=waiting.id,
                        heading=waiting.heading,
                        segment=waiting.segment,
                        attrs=waiting.attrs,
                    )
            if stack and stack[-1].content and event.kind == "content":
                _open_subdivisions(tree, stack[-1], event, last_end)
            last_end = event.end
    return tree.finish(length)


def _open_subdivisions(tree: TreeBuilder, frame: _Frame, event: _Event, last_end: int) -> None:
    for label, offset, _ in leading_labels(event.text):
        level = frame.levels[frame.cursor] if frame.cursor < len(frame.levels) else None
        frame.cursor += 1
        if level is None:
            continue
        # "(e) (1) “Deploy” means": (e) starts the paragraph, (1) opens
        # inside it at its own offset.
        start = event.start + offset
        tree.close_to(frame.depth + level.depth, last_end if offset == 0 else start)
        tree.open(level.kind, label, start, attrs={"style": level.style})


def _content_levels(events: list[_Event], index: int) -> list[Any]:
    depth = 0
    labels: list[str] = []
    for position in range(index, len(events)):
        event = events[position]
        if event.type == "open":
            depth += 1
        elif event.type == "close":
            depth -= 1
            if depth == 0:
                break
        elif event.kind == "content" and depth == 1:
            labels.extend(label for label, _, _ in leading_labels(event.text))
    return nest_labels(labels)


# -- metadata --------------------------------------------------------------------


def _find(root: Any, name: str) -> Any:
    for element in root.iter(f"{{{CAML_NS}}}{name}"):
        return element
    return None


def _history(description: Any) -> list[dict[str, str]]:
    history = _find(description, "History")
    if history is None:
        return []
    actions = []
    for action in history:
        if _local(action) != "Action":
            continue
        actions.append(
            {
                "action": _plain(_child(action, "ActionText")),
                "date": _plain(_child(action, "ActionDate")),
            }
        )
    return actions


def _version_label(history: list[dict[str, str]], state: str) -> str:
    if history:
        code = history[-1]["action"]
        if code in _ACTION_LABELS:
            return _ACTION_LABELS[code]
        if code:
            return code.replace("_", " ").capitalize()
    return _STATE_LABELS.get(state, state or "Unknown")


def _session(year: str, number: str) -> str:
    # California sessions run two years from an odd year: SB 53 of 2025 is
    # a bill of the 2025-2026 Regular Session; SessionNum > 0 marks an
    # extraordinary session of those years.
    if not year.isdigit():
        return year
    start = int(year) if int(year) % 2 else int(year) - 1
    session = f"{start}-{start + 1}"
    if number and number.isdigit() and int(number) > 0:
        session += f" Ex{number}"
    return session


def _metadata(root: Any) -> dict[str, Any]:
    description = _find(root, "Description")
    if description is None:
        return {}
    info = _find(description, "LegislativeInfo")

    def value(name: str, parent: Any = description) -> str:
        element = _find(parent, name) if parent is not None else None
        return _plain(element)

    authors = []
    authors_element = _find(description, "Authors")
    if authors_element is not None:
        for legislator in authors_element:
            if _local(legislator) != "Legislator":
                continue
            authors.append(
                {
                    "name": _plain(_child(legislator, "Name")),
                    "house": _plain(_child(legislator, "House")),
                    "contribution": _plain(_child(legislator, "Contribution")),
                }
            )
    digest_key = {}
    key = _find(description, "DigestKey")
    if key is not None:
        digest_key = {_local(child): _plain(child) for child in key if _local(child)}
    return {
        "id": value("Id"),
        "version_num": value("VersionNum"),
        "history": _history(description),
        "session_year": value("SessionYear", info),
        "session_num": value("SessionNum", info),
        "measure_type": value("MeasureType", info),
        "measure_num": value("MeasureNum", info),
        "measure_state": value("MeasureState", info),
        "author_text": [_plain(e) for e in description if _local(e) == "AuthorText"],
        "authors": authors,
        "long_title": value("Title"),
        "relating_clause": value("RelatingClause"),
        "subject": value("Subject"),
        "digest_key": digest_key,
    }


# -- entry point -------------------------------------------------------------------


def _walk_document(root: Any, sink: _VersionSink) -> None:
    walker = _Walker(sink)
    description = _find(root, "Description")
    if description is not None:
        title = _find(description, "Title")
        if title is not None:
            walker.block(title)
        digest = _find(description, "DigestText")
        subject = _find(description, "Subject")
        if digest is not None or subject is not None:
            sink.open("digest", label="", segment="Digest", heading=_plain(subject) or None)
            if subject is not None:
                walker.paragraph(subject, "subject")
            if digest is not None:
                sink.open("_content")
                walker.block_children(digest)
                sink.close()
            sink.close()
    bill = _find(root, "Bill")
    if bill is not None:
        walker.block_children(bill)
        return
    # Measures without a caml:Bill (resolutions and other forms we have no
    # sample of): read whatever follows the description as paragraphs
    # rather than drop it.
    for child in root:
        if _local(child) != "Description":
            walker.block(child)


def read_caml(data: bytes, path: str) -> Version:
    """Read one CAML ``MeasureDoc`` (a California bill version).

    Args:
        data: the file content.
        path: the file name, for messages and ``Version.source``.

    Returns:
        The version, with its provisions and the official change marks.

    Raises:
        ParseError: malformed or hostile XML, or a broken deletion mark.
        FormatError: well-formed XML that is not a CAML measure.
    """
    if not data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        raise FormatError(
            "not a CAML bill: the file is not XML at all; drop --format-in caml to let "
            "lexdiff detect its format",
            path,
        )
    root = parse_xml(data, path).getroot()
    if _local(root) != "MeasureDoc" or not str(root.tag).startswith(f"{{{CAML_NS}}}"):
        raise FormatError(
            f"not a CAML bill: the root element is <{_local(root) or root.tag}>, "
            "expected <caml:MeasureDoc>; use --format-in to pick another reader",
            path,
        )
    meta = _metadata(root)
    sink = _VersionSink(path)
    _walk_document(root, sink)
    sink.end_para()
    text = sink.text.text()
    provisions = _build_tree(sink.events, len(text))
    history = meta.get("history", [])
    state = meta.get("measure_state", "")
    bill = Bill(
        jurisdiction="CA",
        session=_session(meta.get("session_year", ""), meta.get("session_num", "")),
        type=meta.get("measure_type", ""),
        number=meta.get("measure_num", "").lstrip("0"),
        title=meta.get("subject", "") or meta.get("long_title", ""),
        meta={
            "long_title": meta.get("long_title", ""),
            "relating_clause": meta.get("relating_clause", ""),
            "authors": meta.get("authors", []),
        },
    )
    marks = tuple(sorted(sink.marks, key=lambda m: (m.start, m.op != "delete", m.end)))
    return Version(
        bill=bill,
        id=meta.get("id", "") or path,
        label=_version_label(history, state),
        text=text,
        provisions=provisions,
        date=history[-1]["date"] if history and history[-1]["date"] else None,
        state=state or None,
        format="caml",
        source=path,
        marks=marks,
        meta=meta,
    )
