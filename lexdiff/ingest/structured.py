"""Shared engine for readers of *nested* legislative XML: USLM, GPO bill XML, Akoma Ntoso.

Unlike CAML (flat paragraphs whose hierarchy is implied by labels), these
formats nest their structure in the markup: ``<section><num>SEC. 2.</num>
<heading>...</heading><subsection>...``. Each reader describes its vocabulary
in an :class:`XmlVocabulary` and lets :class:`NestedXmlWalker` turn the tree
into the canonical text (see :mod:`lexdiff.model`) and provisions, through the
same :class:`~lexdiff.ingest.builder.TextBuilder` and
:class:`~lexdiff.ingest.builder.TreeBuilder` every reader uses.

Printed layout rules the walker follows, so the canonical text reads like the
printed bill:

* a provision at section level or above prints its number and heading as a
  paragraph of its own ("SEC. 2. REPORT ON FINANCIAL SERVICES ...");
* below that, number, heading and first text share one paragraph, as printed:
  "(a) In General.—Not later than 180 days ...";
* text of a law being inserted (USLM ``quotedContent``, bill DTD
  ``quoted-block``, AKN ``quotedStructure``) is one ``quoted_block``
  provision; the sections and subsections *inside* it belong to the law being
  amended, not to the bill, so they never become the bill's provisions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable, Iterable


from lexdiff.ingest.builder import TextBuilder, TreeBuilder, normalize_space
from lexdiff.model import Provision

#: Kinds printed with their number and heading on a line of their own.
HEADING_LINE_KINDS: frozenset[str] = frozenset(
    {
        "division",
        "title",
        "part",
        "chapter",
        "subchapter",
        "article",
        "section",
        "bill_section",
        "appropriation",
        "annex",
        "digest",
        "preamble",
        "body",
    }
)

_TRAILING_HEADING_PUNCT = re.compile(r"[\s.:\u2014\u2013~-]+$")
_LEADING_HEADING_PUNCT = re.compile(r"^[\s~\u2014\u2013-]+")
_PARENTHETICAL = re.compile(r"^\(.*\)$")
_BARE_LABEL = re.compile(r"^[0-9A-Za-z]{1,6}(?:\.\d{1,2})?$")


_LOCAL_NAMES: dict[str, str] = {}


def local_name(node: Any) -> str:
    """The element's name without namespace ("" for comments and PIs)."""
    tag = node.tag
    if not isinstance(tag, str):
        return ""
    # Called for every element of every document: a 1 MB act has ~100,000
    # lookups but only ~100 distinct tags.
    name = _LOCAL_NAMES.get(tag)
    if name is None:
        name = tag.rsplit("}", 1)[-1] if tag.startswith("{") else tag.rsplit(":", 1)[-1]
        _LOCAL_NAMES[tag] = name
    return name


def first_descendant(root: Any, name: str) -> Any:
    """The first element called ``name`` (any namespace) under ``root``, or ``None``."""
    return next(root.iter(f"{{*}}{name}"), None)


def wrong_format_hint(data: bytes, path: str) -> str:
    """", it looks like <format>" for a reader's "not my format" message, or ""."""
    from lexdiff.errors import LexdiffError
    from lexdiff.ingest import detect_format

    try:
        guess = detect_format(data, path)
    except LexdiffError:
        return ""
    return f"; it looks like {guess!r} (leave out --format-in to let lexdiff detect it)"


def clean_heading(text: str) -> str:
    """Heading without the punctuation that only links it to its text.

    ``"In General.—"`` -> ``"In General"``; ``"SHORT TITLE."`` ->
    ``"SHORT TITLE"``.
    """
    text = normalize_space(text)
    text = _TRAILING_HEADING_PUNCT.sub("", text)
    return _LEADING_HEADING_PUNCT.sub("", text)


def paren_label(label: str) -> str:
    """``"a"`` -> ``"(a)"``: some formats store subdivision numbers bare."""
    return f"({label})" if _BARE_LABEL.match(label) else label


def iso_date(value: str | None) -> str | None:
    """An ISO ``YYYY-MM-DD`` from ``2024-06-14`` or GPO's ``20240628``; ``None`` if not a real date.

    Placeholder dates far in the future (AKN4EU templates carry
    ``2999-01-01``) are not dates of anything, so they are dropped.
    """
    if not value:
        return None
    value = value.strip()
    match = re.match(r"^(\d{4})-?(\d{2})-?(\d{2})", value)
    if not match:
        return None
    try:
        parsed = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None
    if parsed.year > 2200 or parsed.year < 1200:
        return None
    return parsed.isoformat()


@dataclass
class _Frame:
    kind: str
    label: str
    id: str | None
    heading: str | None
    segment: str | None
    attrs: dict[str, Any]
    opened: bool = False


class StructureWriter:
    """Paragraph buffer + lazily opened provisions over a TextBuilder/TreeBuilder.

    A provision starts where its first non-empty paragraph starts, so an
    element that turns out to hold no text (an empty ``<appropriations>``
    wrapper) never yields an empty provision.
    """

    def __init__(self) -> None:
        self.text = TextBuilder()
        self.tree = TreeBuilder()
        self._frames: list[_Frame] = []
        self._buf: list[str] = []

    @property
    def depth(self) -> int:
        return len(self._frames)

    def inline(self, text: str | None) -> None:
        if text:
            self._buf.append(text)

    def ends_with(self, suffixes: tuple[str, ...]) -> bool:
        """Whether the paragraph being built ends with one of ``suffixes`` (ignoring blanks)."""
        for piece in reversed(self._buf):
            if piece.strip():
                return piece.rstrip().endswith(suffixes)
        return False

    def flush(self) -> None:
        """End the current paragraph."""
        if not self._buf:
            return
        raw = "".join(self._buf)
        self._buf.clear()
        start, end = self.text.add(raw)
        if end > start:
            for frame in self._frames:
                if not frame.opened:
                    self.tree.open(
                        frame.kind,
                        frame.label,
                        start,
                        id=frame.id,
                        heading=frame.heading,
                        segment=frame.segment,
                        attrs=frame.attrs,
                    )
                    frame.opened = True

    def append_to_last(self, text: str) -> None:
        """Glue text to the previous paragraph (the "." after a quoted block)."""
        self.flush()
        text = normalize_space(text)
        if text and self.text.length:
            self.text.add_inline(text)
        elif text:
            self.inline(text)

    def open(
        self,
        kind: str,
        label: str,
        *,
        id: str | None = None,
        heading: str | None = None,
        segment: str | None = None,
        attrs: dict[str, Any] | None = None,
    ) -> int:
        """Start a provision; returns the depth to pass to :meth:`close_to` to end it."""
        self.flush()
        self._frames.append(_Frame(kind, label, id, heading or None, segment, dict(attrs or {})))
        return len(self._frames) - 1

    def close(self) -> None:
        self.flush()
        frame = self._frames.pop()
        if frame.opened:
            self.tree.close(self.text.length)

    def close_to(self, depth: int) -> None:
        while len(self._frames) > depth:
            self.close()

    def finish(self) -> tuple[str, tuple[Provision, ...]]:
        self.close_to(0)
        self.flush()
        text = self.text.text()
        return text, self.tree.finish(len(text))


@dataclass
class XmlVocabulary:
    """What a nested-XML format calls things.

    Attributes:
        structural: element name -> provision kind.
        num: element names holding a provision's number.
        heading: element names holding its heading.
        block: element names that are paragraphs of their own.
        skip: element names whose text is not part of the bill text (notes,
            metadata, page breaks).
        quoted: element names holding text of another law being inserted.
        after_quote: roles/names of the punctuation printed right after a
            quoted block (glued to its last paragraph).
        persistent_id: decides whether an ``id`` value is a persistent id
            worth using for alignment (not a generated one).
    """

    structural: dict[str, str]
    num: frozenset[str] = frozenset({"num"})
    heading: frozenset[str] = frozenset({"heading"})
    block: frozenset[str] = frozenset({"p"})
    skip: frozenset[str] = frozenset()
    quoted: frozenset[str] = frozenset()
    after_quote: frozenset[str] = frozenset()
    id_attributes: tuple[str, ...] = ("id",)
    persistent_id: Callable[[str], bool] = lambda value: bool(value)
    chained_kinds: frozenset[str] = frozenset(
        {"subdivision", "paragraph", "subparagraph", "clause", "subclause", "item", "point"}
    )


def element_text(element: Any, skip: Iterable[str] = ()) -> str:
    """All text inside ``element`` except under skipped elements (tails of skipped ones kept)."""
    skip = frozenset(skip)
    pieces: list[str] = []

    def visit(node: Any) -> None:
        if node.text:
            pieces.append(node.text)
        for child in node:
            name = local_name(child)
            if name and name not in skip:
                visit(child)
            elif name == "br":
                pieces.append(" ")
            if child.tail:
                pieces.append(child.tail)

    visit(element)
    return normalize_space("".join(pieces))


@dataclass
class Structural:
    """How one structural element is to be opened (returned by :meth:`NestedXmlWalker.describe`)."""

    kind: str
    label: str
    printed_num: str
    heading: str | None
    segment: str | None = None
    id: str | None = None
    attrs: dict[str, Any] = field(default_factory=dict)
    consumed: tuple[Any, ...] = ()
    printed_heading: str = ""


class NestedXmlWalker:
    """Walks a nested legislative XML tree into a :class:`StructureWriter`.

    Subclasses adjust :meth:`describe` (labels and kinds) and may override
    :meth:`visit_structural` for formats with sibling-level hierarchy
    (appropriations headings).
    """

    def __init__(self, vocabulary: XmlVocabulary) -> None:
        self.vocab = vocabulary
        self.out = StructureWriter()
        self.quoted_blocks = 0
        # True right after the number/heading of a small provision was
        # printed: its first text block continues that line ("(1) In this
        # Act ..." even when the format wraps the text in <p>).
        self._lead_open = False
        # One list per element being walked: (writer depth, level) of the
        # appropriations headings still open among its children. GPO lists
        # account headings as siblings of the amounts they govern.
        self._appropriations: list[list[tuple[int, int]]] = []

    # -- helpers -----------------------------------------------------------------

    def persistent_id(self, element: Any) -> str | None:
        for attribute in self.vocab.id_attributes:
            value = element.get(attribute)
            if value and self.vocab.persistent_id(value):
                return value
        return None

    def text_of(self, element: Any) -> str:
        return element_text(element, self.vocab.skip)

    def first_child(self, element: Any, names: frozenset[str]) -> Any:
        for child in element:
            if local_name(child) in names:
                return child
            if local_name(child) in self.vocab.structural:
                # A number after the first child provision belongs to it.
                return None
        return None

    def normalize_label(self, kind: str, text: str) -> str:
        label = normalize_space(text).strip("\u201c\u201d\"' ")
        if kind in self.vocab.chained_kinds or kind == "subsection":
            return paren_label(label.rstrip("."))
        return label.rstrip(".").strip()

    def describe(self, element: Any, kind: str) -> Structural:
        """Kind, label, printed number and heading of a structural element."""
        num = self.first_child(element, self.vocab.num)
        heading_el = self.first_child(element, self.vocab.heading)
        printed = self.text_of(num) if num is not None else ""
        label = self.normalize_label(kind, printed) if printed else ""
        if (kind in self.vocab.chained_kinds or kind == "subsection") and _BARE_LABEL.match(printed):
            # legislation.gov.uk stores subsection "(2)" as <num>2</num>; the
            # Act prints the parentheses, and so does the canonical text.
            printed = label
        printed_heading = self.text_of(heading_el) if heading_el is not None else ""
        heading = clean_heading(printed_heading)
        consumed = tuple(x for x in (num, heading_el) if x is not None)
        return Structural(
            kind=kind,
            label=label,
            printed_num=printed,
            heading=heading or None,
            id=self.persistent_id(element),
            attrs={"element": local_name(element)},
            consumed=consumed,
            printed_heading=printed_heading,
        )

    # -- walking -------------------------------------------------------------

    def walk(self, element: Any, *, in_quote: bool = False) -> None:
        name = local_name(element)
        if not name or name in self.vocab.skip:
            return
        if name in self.vocab.structural or name in self.vocab.quoted:
            self._lead_open = False
        if name in self.vocab.quoted and not in_quote:
            self.visit_quoted(element)
            return
        kind = None if in_quote else self.kind_of(element, name)
        if kind is not None:
            self.visit_structural(element, kind)
            return
        if name in self.vocab.after_quote or element.get("role") in self.vocab.after_quote:
            self.out.append_to_last(self.text_of(element))
            return
        if in_quote and (name in self.vocab.num or name in self.vocab.heading):
            # Bill DTD writes <enum>(c)</enum><text>New text.</text>: the
            # stylesheet prints the space.
            self.walk_children(element, in_quote=True)
            if not self.out.ends_with(("\u2014", "\u2013", "-")):
                self.out.inline(" ")
            return
        if in_quote and name in self.vocab.structural:
            # Inside quoted text a subsection is laid out like one, but it is
            # the amended law's, not a provision of this bill.
            self.out.flush()
            self.walk_children(element, in_quote=True)
            self.out.flush()
            return
        if name in self.vocab.block:
            if not self._lead_open:
                self.out.flush()
            self._lead_open = False
            self.walk_children(element, in_quote=in_quote)
            self.out.flush()
            return
        if name == "br":
            self.out.inline(" ")
            return
        if name in ("td", "th", "entry"):
            # Table cells are printed apart; without a space "Part I" and
            # "Preliminary" in adjacent cells would run together.
            self.out.inline(" ")
            self.walk_children(element, in_quote=in_quote)
            self.out.inline(" ")
            return
        self.walk_children(element, in_quote=in_quote)

    def _walk_children_plain(
        self, element: Any, *, in_quote: bool = False, exclude: tuple[Any, ...] = ()
    ) -> None:
        self.out.inline(element.text)
        for child in element:
            if child not in exclude:
                self.walk(child, in_quote=in_quote)
            self.out.inline(child.tail)

    def kind_of(self, element: Any, name: str) -> str | None:
        return self.vocab.structural.get(name)

    def visit_structural(self, element: Any, kind: str) -> None:
        siblings = self._appropriations[-1] if self._appropriations else []
        if kind != "appropriation":
            # A numbered section after the account headings ("SEC. 101.")
            # belongs to the title, not to the last account.
            while siblings:
                self.out.close_to(siblings.pop()[0])
            self._visit_plain_structural(element, kind)
            return
        level = self.appropriation_level(element)
        info = self.describe(element, kind)
        if siblings and siblings[-1][1] == level and _PARENTHETICAL.match(info.heading or ""):
            # "ECONOMIC DEVELOPMENT ASSISTANCE PROGRAMS" followed by
            # "(INCLUDING TRANSFERS OF FUNDS)": GPO tags the second line as
            # another heading of the same level, but it qualifies the account
            # above it, whose amount follows.
            self.print_lead(info)
            self.walk_children(element, exclude=info.consumed)
            return
        while siblings and siblings[-1][1] >= level:
            self.out.close_to(siblings.pop()[0])
        depth = self.out.open(info.kind, info.label, id=info.id, heading=info.heading, attrs=info.attrs)
        self.print_lead(info)
        self.walk_children(element, exclude=info.consumed)
        # Left open: the headings and amounts that follow, until a heading of
        # the same or a higher level, belong under this one.
        siblings.append((depth, level))

    def walk_children(self, element: Any, *, in_quote: bool = False, exclude: tuple[Any, ...] = ()) -> None:
        self._appropriations.append([])
        self._walk_children_plain(element, in_quote=in_quote, exclude=exclude)
        siblings = self._appropriations.pop()
        # Account headings never outlive the element they were listed in.
        while siblings:
            self.out.close_to(siblings.pop()[0])


    def _visit_plain_structural(self, element: Any, kind: str) -> None:
        info = self.describe(element, kind)
        depth = self.out.open(
            info.kind,
            info.label,
            id=info.id,
            heading=info.heading,
            segment=info.segment,
            attrs=info.attrs,
        )
        self.print_lead(info)
        self.walk_children(element, exclude=info.consumed)
        self.out.close_to(depth)

    def appropriation_level(self, element: Any) -> int:
        """Level of an appropriations heading: 0 major, 1 intermediate, 2 small."""
        return 2

    def print_lead(self, info: Structural) -> None:
        """Number and heading as printed: own line for sections and above."""
        if info.printed_num:
            self.out.inline(info.printed_num)
            self.out.inline(" ")
        if info.printed_heading or info.heading:
            printed = info.printed_heading or info.heading or ""
            self.out.inline(printed)
            if not printed.endswith(("\u2014", "\u2013", "-")):
                # "In General.—Not later than ..." is printed without a space.
                self.out.inline(" ")
        if info.kind in HEADING_LINE_KINDS:
            self.out.flush()
            self._lead_open = False
        else:
            self._lead_open = bool(info.printed_num or info.printed_heading or info.heading)

    def visit_quoted(self, element: Any) -> None:
        self.quoted_blocks += 1
        inner = [x for x in element.iter() if local_name(x) in self.vocab.num]
        first = self.text_of(inner[0]).strip("\u201c\u201d\"' ").rstrip(".") if inner else ""
        label = f"quoted {first}".strip() if first else "quoted"
        depth = self.out.open(
            "quoted_block",
            label,
            id=self.persistent_id(element),
            attrs={"element": local_name(element), "quoted_labels": [self.text_of(x) for x in inner][:50]},
        )
        self.walk_children(element, in_quote=True)
        self.out.close_to(depth)

    def finish(self) -> tuple[str, tuple[Provision, ...]]:
        return self.out.finish()
