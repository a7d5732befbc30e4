"""The document model: bill > version > provisions over one canonical text.

Pure data. Every span anywhere in lexdiff is a pair of character offsets
into exactly one string, ``Version.text``; provisions, official change marks,
tags and diff edits never copy text, they point into it.

Canonical text conventions (shared by every reader):

* paragraphs (``<p>`` in XML, a printed paragraph in plain text) are
  separated by a single ``"\\n"``; there is no trailing newline;
* inside a paragraph, runs of whitespace (including the en space CAML puts
  after a label) become one ASCII space, and leading/trailing blanks are
  stripped;
* a heading line ("SEC. 2.", "22757.11.", "CHAPTER 25.1. Transparency ...")
  is its own paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Iterator, Mapping

#: Open vocabulary of provision kinds. Readers use the nearest one; the
#: order here is roughly outermost to innermost.
PROVISION_KINDS: tuple[str, ...] = (
    "digest",  # Legislative Counsel's Digest, explanatory memorandum, long title
    "preamble",  # enacting formula, recitals
    "body",  # the enacting part when a format wraps it
    "division",
    "title",
    "part",
    "chapter",
    "subchapter",
    "article",  # statute article (also AKN/EU "article")
    "bill_section",  # "SEC. 2." of a bill (amends or adds law)
    "code_section",  # "22757.11." of a code, inside a bill section
    "section",  # a section of a stand-alone act (USLM, AKN, plain text)
    "subsection",
    "subdivision",  # "(a)" in California drafting
    "paragraph",  # "(1)"
    "subparagraph",  # "(A)"
    "clause",  # "(i)"
    "subclause",  # "(I)"
    "item",
    "point",  # AKN point / list item
    "quoted_block",  # text of a law being inserted (USLM quotedContent)
    "annex",
)

#: Provision kinds that are not law: the Legislative Counsel's Digest, an
#: explanatory memorandum or financial statement sent with a proposal. They
#: are read, shown and diffed, but nothing in them is tagged as a duty,
#: definition, amount or ambiguity of the law ("The bill would require ...").
NOT_LAW_KINDS: frozenset[str] = frozenset({"digest"})

#: California / U.S. drafting: the label style that each depth uses.
SUBDIVISION_KINDS: tuple[str, ...] = (
    "subdivision",
    "paragraph",
    "subparagraph",
    "clause",
    "subclause",
    "item",
)

PATH_SEPARATOR = " > "


@dataclass(frozen=True)
class Bill:
    """A measure as a whole, independent of any version of it."""

    jurisdiction: str  # "CA", "US", "CO", "KE", "UK", "EU", "demo" ...
    session: str = ""  # "2025", "116", "2025-2026"
    type: str = ""  # "SB", "HR", "SCONRES", "act" ...
    number: str = ""  # "53"
    title: str = ""
    meta: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def citation(self) -> str:
        """Short human citation such as ``CA SB 53 (2025)``."""
        parts = [self.jurisdiction, f"{self.type} {self.number}".strip()]
        head = " ".join(p for p in parts if p)
        return f"{head} ({self.session})" if self.session else head

    def same_measure(self, other: Bill) -> bool | None:
        """Whether ``other`` is the same bill: ``None`` when either lacks a number to tell.

        Jurisdiction, type and number decide; the session is left out, since
        one reader may know it and another not (a PDF's running head against
        the same act as plain text).
        """
        if not (self.number and other.number):
            return None
        def key(bill: Bill) -> tuple[str, str, str]:
            return (bill.jurisdiction.upper(), bill.type.upper(), bill.number.lstrip("0").upper())
        return key(self) == key(other)


@dataclass(frozen=True)
class Provision:
    """One node of a version's structure: a section, subdivision, heading ...

    Attributes:
        id: stable identifier. Where the format has persistent ids (CAML
            ``id_...``, USLM/AKN ``id``/``eId``) it is that id; otherwise it is
            derived from ``path``.
        kind: one of :data:`PROVISION_KINDS`.
        label: the number as printed, normalised lightly: ``"SEC. 2"``,
            ``"22757.11"``, ``"(g)"``, ``"25.1"``.
        heading: heading text if the provision has one.
        start, end: offsets into ``Version.text``; ``text[start:end]`` is the
            whole provision including its label/heading and its children.
        path: stable citation, e.g. ``"SEC. 2 > BPC 22757.11 > (g)(1)(A)(i)"``.
            Consecutive subdivision labels are written together.
        children: nested provisions, in document order.
        attrs: format-specific extras (CAML action line, code name ...).
    """

    id: str
    kind: str
    label: str
    start: int
    end: int
    path: str
    heading: str | None = None
    children: tuple["Provision", ...] = ()
    attrs: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def walk(self) -> Iterator["Provision"]:
        """This provision and all its descendants, depth first, in order."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class Mark:
    """An official change mark carried by a version (the Legislature's redline).

    For ``op == "insert"``, ``text[start:end]`` of the version is the inserted
    text. For ``op == "delete"``, ``start == end`` is where the struck text
    stood in the current text and ``text`` holds the struck words, rendered
    with the same canonical-text conventions (paragraphs joined by ``"\\n"``).
    """

    op: str  # "insert" | "delete"
    start: int
    end: int
    text: str = ""


@dataclass(frozen=True)
class Version:
    """One printed version (stage) of a bill, over one canonical text."""

    bill: Bill
    id: str
    label: str  # "Introduced", "Amended in Assembly", "Enrolled" ...
    text: str
    provisions: tuple[Provision, ...] = ()
    date: str | None = None  # ISO 8601 date
    state: str | None = None  # INT / AMD / ENR / CHP / ih / eh ...
    format: str = ""  # reader name: "caml", "text", "uslm" ...
    source: str = ""  # path it was read from
    marks: tuple[Mark, ...] = ()
    meta: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def walk(self) -> Iterator[Provision]:
        """Every provision, depth first, in document order."""
        for provision in self.provisions:
            yield from provision.walk()

    def find(self, path: str) -> Provision | None:
        """The provision with this exact path, or ``None``."""
        for provision in self.walk():
            if provision.path == path:
                return provision
        return None

    def provision_at(self, offset: int) -> Provision | None:
        """The innermost provision whose span contains ``offset``."""
        found: Provision | None = None
        level: tuple[Provision, ...] = self.provisions
        while level:
            for provision in level:
                if provision.start <= offset < provision.end:
                    found = provision
                    level = provision.children
                    break
            else:
                break
        return found

    def slice(self, start: int, end: int) -> str:
        return self.text[start:end]

    @property
    def has_marks(self) -> bool:
        return bool(self.marks)

    def with_(self, **changes: Any) -> "Version":
        return replace(self, **changes)


def rebuild_previous_text(version: Version) -> str:
    """Text of the previous version, rebuilt from this version's official marks.

    Drops every inserted span and restores every struck span. Adjacent
    whitespace is not normalised here; compare the result word by word
    (see :func:`words`).
    """
    pieces: list[str] = []
    cursor = 0
    text = version.text
    for mark in sorted(version.marks, key=lambda m: (m.start, m.op != "delete")):
        if mark.start < cursor:
            # A delete nested in an insert, or overlapping marks: the
            # insert already dropped this region.
            if mark.op == "insert" and mark.end > cursor:
                cursor = mark.end
            continue
        pieces.append(text[cursor : mark.start])
        if mark.op == "delete":
            pieces.append(mark.text)
            cursor = mark.start
        else:
            cursor = mark.end
    pieces.append(text[cursor:])
    return "".join(pieces)


def words(text: str) -> list[str]:
    """Whitespace-separated words: the unit in which texts are compared."""
    return text.split()
