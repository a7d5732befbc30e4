"""The journalist's report: one self-contained, annotated HTML file for a bill.

What it holds, top to bottom: the bill and its timeline of versions; for each
amendment, what changed for who is covered and what penalties apply (the
history facts, in plain language with the numbers), the provisions that were
added, removed, changed or renumbered, and the redline of the whole text with
switchable tag layers (defined terms, duties with their actor, thresholds and
amounts, penalties, ambiguity findings with their reasons).

Design rules, all of them tested:

* Every piece of bill text reaches the page through :func:`markupsafe.escape`
  (the function Jinja2's autoescape uses). The bill text of one amendment is
  a few thousand short segments; building those segments in Python instead of
  a Jinja macro keeps the 6-version SB 53 report far under its time budget,
  and the only strings ever marked safe are the element tags written below.
  Bill text never becomes an attribute that a browser acts on (no ``href``,
  ``src`` or ``style`` comes from a bill): a ``javascript:`` link in a bill is
  just words.
* The page makes no request: CSS and JS are inlined, and a strict
  Content-Security-Policy (hash of that one style and that one script, nothing
  else) is the first thing in ``<head>``.
* Readable without JavaScript: tag layers switch with CSS ``:has()`` on the
  checkboxes, a defined term links to its definition, an ambiguity marker
  links to its reason. JavaScript only adds popovers, search, amendment
  focus and keyboard shortcuts.
* Deterministic: the same inputs give a byte-identical file (no clock, no
  absolute paths, no set or dict order that depends on hashing).

The stages before this one are consumed through their library APIs; this
module never diffs or tags text itself.
"""

from __future__ import annotations

import base64
import bisect
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Sequence

import jinja2
from markupsafe import Markup, escape

from lexdiff import __version__
from lexdiff.delta.consolidate import effective_versions, is_consolidated
from lexdiff.delta.history import measures, order_versions
from lexdiff.diff.result import DELETE, EQUAL, INSERT
from lexdiff.errors import UsageError
from lexdiff.model import PATH_SEPARATOR, SUBDIVISION_KINDS, Provision, Version
from lexdiff.nlp.tags import Tag
from lexdiff.render.outline import reading_notes

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"

#: Tag layers a reader can switch, in toolbar order: (key, label, on by default).
LAYERS: tuple[tuple[str, str, bool], ...] = (
    ("terms", "Defined terms", True),
    ("duties", "Duties and their actor", False),
    ("amounts", "Thresholds and amounts", False),
    ("penalties", "Penalties", True),
    ("ambiguity", "Ambiguity findings", True),
)

#: Provision kinds that head a block of text (bold, listed in the contents).
STRUCTURAL_KINDS: frozenset[str] = frozenset(
    {
        "digest",
        "preamble",
        "division",
        "title",
        "part",
        "chapter",
        "subchapter",
        "article",
        "bill_section",
        "code_section",
        "section",
        "annex",
    }
)

#: History areas shown first: what a reporter asks of every amendment.
HEADLINE_AREAS: frozenset[str] = frozenset({"coverage", "penalties"})

_TOPICS = {
    "coverage": "Who is covered",
    "penalties": "Penalties",
    "institutions": "Institutions",
    "duties": "Duties",
    "definitions": "Definitions",
    "ambiguity": "Ambiguity",
}

_MODALITY_NAMES = {
    "obligation": "Obligation",
    "prohibition": "Prohibition",
    "permission": "Permission",
}


# --------------------------------------------------------------------------
# Redline pieces: the merged stream of one amendment, in new-text offsets.
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Piece:
    """One run of the redline.

    ``equal`` and ``insert`` runs are ``new.text[start:end]``; a ``delete``
    run stands at ``start == end`` in the new text and carries the struck
    words in ``text``.
    """

    op: str
    start: int
    end: int
    text: str = ""
    old_start: int = -1  # where ``text`` starts in the old version, when known


def split_paragraphs(text: str, pieces: Sequence[Piece]) -> list[list[Piece]]:
    """Cut the merged stream into displayed paragraphs at every ``"\\n"``.

    A break inside an inserted run is an inserted paragraph break, one inside
    struck text a deleted one; either way the reader sees separate blocks,
    as in the Legislature's printed redline. The ``"\\n"`` itself is dropped.
    """
    paragraphs: list[list[Piece]] = [[]]
    for piece in pieces:
        if piece.op == DELETE:
            parts = piece.text.split("\n")
            old_at = piece.old_start
            for index, part in enumerate(parts):
                if index:
                    paragraphs.append([])
                if part:
                    paragraphs[-1].append(Piece(DELETE, piece.start, piece.start, part, old_at))
                if old_at >= 0:
                    old_at += len(part) + 1
            continue
        cursor = piece.start
        while cursor < piece.end:
            brk = text.find("\n", cursor, piece.end)
            if brk < 0:
                paragraphs[-1].append(Piece(piece.op, cursor, piece.end))
                break
            if brk > cursor:
                paragraphs[-1].append(Piece(piece.op, cursor, brk))
            paragraphs.append([])
            cursor = brk + 1
    return paragraphs


# --------------------------------------------------------------------------
# Inline markup: properly nested elements over overlapping spans.
# --------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Wrap:
    """An element around ``text[start:end]``, reopened wherever nesting forces a cut."""

    start: int
    end: int
    open: Markup
    close: Markup
    rank: int = 0  # among equal extents, lower ranks are outer
    link: bool = False  # an <a>: nothing interactive may be nested in it


@dataclass(frozen=True)
class Point:
    """Markup placed at one offset: an anchor, a marker link."""

    offset: int
    order: int
    html: Markup


_INS_OPEN = Markup('<ins class="rl">')
_INS_CLOSE = Markup("</ins>")
_DEL_OPEN = Markup('<del class="rl">')
_DEL_CLOSE = Markup("</del>")


@dataclass
class _Paragraph:
    html: Markup
    classes: str
    first: int  # first new-text offset shown (or the deletion point)
    has_new: bool


def render_paragraphs(
    text: str,
    paragraphs: Sequence[Sequence[Piece]],
    wraps: Sequence[Wrap],
    points: Sequence[Point],
    old_points: Sequence[Point] = (),
) -> list[_Paragraph]:
    """HTML for each displayed paragraph: bill text escaped, tags nested properly.

    Elements must nest, spans may overlap (an obligation sentence contains a
    defined term and an amount, an insertion cuts through all three). At every
    segment the open elements are compared with the ones the segment needs;
    only the differing tail is closed and reopened.
    """
    ordered = sorted(wraps, key=lambda w: (w.start, -w.end, w.rank))
    starts = [w.start for w in ordered]
    links = sorted((w.start, w.end) for w in ordered if w.link)
    pts = sorted((_defer_out_of_links(p, links) for p in points), key=lambda p: (p.offset, p.order))
    point_offsets = [p.offset for p in pts]
    old_points = sorted(old_points, key=lambda p: (p.offset, p.order))
    old_offsets = [p.offset for p in old_points]
    rank = {id(w): i for i, w in enumerate(ordered)}
    ins_wrap = Wrap(0, 0, _INS_OPEN, _INS_CLOSE, rank=99)
    del_wrap = Wrap(0, 0, _DEL_OPEN, _DEL_CLOSE, rank=99)

    out_paragraphs: list[_Paragraph] = []
    next_wrap = 0
    live: list[Wrap] = []
    next_point = 0

    for para in paragraphs:
        out: list[str] = []
        stack: list[Wrap] = []
        placed: list[str] = []  # point markup placed in this paragraph

        def sync(active: list[Wrap]) -> None:
            keep = 0
            limit = min(len(stack), len(active))
            while keep < limit and stack[keep] is active[keep]:
                keep += 1
            for wrap in reversed(stack[keep:]):
                out.append(wrap.close)
            for wrap in active[keep:]:
                out.append(wrap.open)
            stack[:] = active

        def covering(a: int, b: int, strict: bool) -> list[Wrap]:
            if strict:
                found = [w for w in live if w.start < a and w.end > a]
            else:
                found = [w for w in live if w.start <= a and w.end >= b]
            found.sort(key=lambda w: rank[id(w)])
            return found

        def admit(pos: int) -> None:
            nonlocal next_wrap
            while next_wrap < len(ordered) and ordered[next_wrap].start <= pos:
                live.append(ordered[next_wrap])
                next_wrap += 1
            live[:] = [w for w in live if w.end > pos]

        def emit_points(upto: int, inside: Wrap | None, piece: Piece) -> None:
            nonlocal next_point
            while next_point < len(pts) and pts[next_point].offset <= upto:
                point = pts[next_point]
                active = covering(point.offset, point.offset, strict=True)
                if inside is not None and piece.start < point.offset < piece.end:
                    active.append(inside)
                sync(active)
                out.append(point.html)
                placed.append(point.html)
                next_point += 1

        kinds = {piece.op for piece in para}
        first = para[0].start if para else 0
        has_text = False
        for piece in para:
            if piece.op == DELETE:
                admit(piece.start)
                emit_points(piece.start, None, piece)
                sync(covering(piece.start, piece.start, strict=True) + [del_wrap])
                out.append(_struck(piece, old_points, old_offsets))
                has_text = has_text or bool(piece.text.strip())
                continue
            inside = ins_wrap if piece.op == INSERT else None
            pos = piece.start
            while pos < piece.end:
                admit(pos)
                emit_points(pos, inside, piece)
                stop = piece.end
                if next_wrap < len(ordered):
                    stop = min(stop, max(pos + 1, starts[next_wrap]))
                for wrap in live:
                    if pos < wrap.end < stop:
                        stop = wrap.end
                if next_point < len(pts) and pos < point_offsets[next_point] < stop:
                    stop = point_offsets[next_point]
                active = covering(pos, stop, strict=False)
                if inside is not None:
                    active.append(inside)
                sync(active)
                chunk = text[pos:stop]
                out.append(escape(chunk))
                has_text = has_text or bool(chunk.strip())
                pos = stop
            admit(piece.end)
            emit_points(piece.end, None, piece)
        sync([])
        if not has_text:
            # Nothing to read (only blanks or anchors): keep the anchors
            # reachable by folding them into the next paragraph.
            if placed:
                out_paragraphs.append(_Paragraph(Markup("").join(placed), "p-empty", first, False))
            continue
        if kinds == {DELETE}:
            classes = "p-del"
        elif kinds == {INSERT}:
            classes = "p-ins"
        else:
            classes = ""
        out_paragraphs.append(
            _Paragraph(Markup("").join(out), classes, first, kinds != {DELETE})
        )
    return _fold_empty(out_paragraphs)


def _struck(piece: Piece, old_points: Sequence[Point], old_offsets: Sequence[int]) -> Markup:
    """Escaped struck text, with anchors where removed provisions began."""
    if piece.old_start < 0 or not old_points:
        return escape(piece.text)
    lo = bisect.bisect_left(old_offsets, piece.old_start)
    hi = bisect.bisect_left(old_offsets, piece.old_start + len(piece.text))
    if lo == hi:
        return escape(piece.text)
    parts: list[str] = []
    cursor = 0
    for point in old_points[lo:hi]:
        cut = point.offset - piece.old_start
        parts.append(escape(piece.text[cursor:cut]))
        parts.append(point.html)
        cursor = cut
    parts.append(escape(piece.text[cursor:]))
    return Markup("").join(parts)


def _fold_empty(paragraphs: list[_Paragraph]) -> list[_Paragraph]:
    folded: list[_Paragraph] = []
    carry = Markup("")
    for para in paragraphs:
        if para.classes == "p-empty":
            carry += para.html
            continue
        if carry:
            para = _Paragraph(carry + para.html, para.classes, para.first, para.has_new)
            carry = Markup("")
        folded.append(para)
    if carry and folded:
        last = folded[-1]
        folded[-1] = _Paragraph(last.html + carry, last.classes, last.first, last.has_new)
    return folded


def _defer_out_of_links(point: Point, links: Sequence[tuple[int, int]]) -> Point:
    # An anchor or marker link inside a defined-term link would be an <a> in
    # an <a>, which browsers "repair" by breaking the outer link; place it
    # right after the term instead.
    offset = point.offset
    index = bisect.bisect_left(links, (offset, offset)) - 1
    for start, end in links[max(0, index - 2) : index + 3]:
        if start < offset < end:
            offset = end
    if offset == point.offset:
        return point
    return Point(offset, point.order, point.html)


# --------------------------------------------------------------------------
# Anchors: stable, readable fragment ids from provision paths.
# --------------------------------------------------------------------------

_NON_ID = re.compile(r"[^A-Za-z0-9.]+")
_LONE_DOT = re.compile(r"(?<![0-9])\.|\.(?![0-9])")


def path_slug(path: str) -> str:
    """A fragment id for a provision path, readable in a shared link.

    ``"SEC. 2 > BPC 22757.11 > (g)(1)(A)(i)"`` becomes
    ``"SEC-2/BPC-22757.11/g-1-A-i"``. Case is kept: ``(a)`` and ``(A)`` are
    different provisions in California drafting.
    """
    parts = []
    for segment in path.split(">"):
        slug = _LONE_DOT.sub("-", _NON_ID.sub("-", segment.strip()))
        slug = re.sub(r"-{2,}", "-", slug).strip("-")
        parts.append(slug or "x")
    return "/".join(parts) or "x"


def _version_slugs(versions: Sequence[Version]) -> list[str]:
    # "v1".."vN" in timeline order: short enough to read in a shared link
    # (report.html#v3/SEC-2/BPC-22757.12/a), and the same number the
    # timeline shows. Reader ids ("20250SB__005394AMD") are neither.
    return [f"v{i}" for i in range(1, len(versions) + 1)]


# --------------------------------------------------------------------------
# The view model handed to the template.
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    index: int
    label: str
    date: str
    stage: str
    anchor: str  # the amendment that produced this version, or the base text
    current: bool
    role: str  # "base" | "amendment" | "earlier"


@dataclass(frozen=True)
class LinkView:
    label: str
    href: str


@dataclass(frozen=True)
class ChangeFact:
    """One change from the history facts, before it is linked into the page."""

    area: str  # coverage / penalties / institutions / duties / definitions / ambiguity
    change: str  # added / removed / modified
    subject: str
    sentence: str
    before: str
    after: str
    paths: tuple[str, ...] = ()
    details: tuple[str, ...] = ()
    old_paths: tuple[str, ...] = ()  # provisions of the old version the change names
    new_paths: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChangeView:
    """One plain-language change, before and after, linked to its provisions."""

    area: str
    topic: str  # "Who is covered", "Penalties", ...
    change: str
    sentence: str
    before: str
    after: str
    links: tuple[LinkView, ...] = ()
    details: tuple[str, ...] = ()


@dataclass(frozen=True)
class AlignmentRow:
    status: str
    old_path: str
    new_path: str
    href: str
    old_href: str


@dataclass(frozen=True)
class TocEntry:
    label: str
    href: str
    depth: int
    status: str


@dataclass(frozen=True)
class Finding:
    """One row of a version's tables of duties, amounts, penalties or ambiguities."""

    kind: str
    who: str  # the actor of a duty
    text: str  # the words tagged
    detail: str
    where: str  # provision path
    href: str  # link into the text
    anchor: str  # this row's id


@dataclass(frozen=True)
class GlossaryEntry:
    anchor: str
    term: str
    definition: str
    href: str


@dataclass(frozen=True)
class ParagraphView:
    html: Markup
    classes: str


@dataclass(frozen=True)
class SectionView:
    """One amendment (old -> new), or the base text when it stands alone."""

    key: str
    anchor: str
    heading: str
    subheading: str
    is_amendment: bool
    redline_source: str  # "official" | "computed" | "none"
    inserted_words: int
    deleted_words: int
    changes: tuple[ChangeView, ...]  # who is covered, penalties
    other_changes: tuple[ChangeView, ...]  # institutions, duties, definitions, ambiguity
    changes_note: str
    alignment: tuple[AlignmentRow, ...]
    toc: tuple[TocEntry, ...]
    paragraphs: tuple[ParagraphView, ...]
    glossary: tuple[GlossaryEntry, ...]
    duties: tuple[Finding, ...]
    amounts: tuple[Finding, ...]
    penalties: tuple[Finding, ...]
    ambiguities: tuple[Finding, ...]
    tags_note: str


@dataclass(frozen=True)
class ReportView:
    title: str  # the page's <h1>
    page_title: str  # the browser tab / <title>
    citation: str
    long_title: str  # "An act to add Chapter 25.1 ... relating to artificial intelligence."
    status: str
    timeline: tuple[TimelineEntry, ...]
    sections: tuple[SectionView, ...]
    layers: tuple[tuple[str, str, bool], ...]
    generator: str
    notes: tuple[str, ...] = ()


# --------------------------------------------------------------------------
# Inputs from the other stages, gathered once.
# --------------------------------------------------------------------------


@dataclass
class AmendmentInputs:
    """What the earlier stages said about one amendment (old -> new)."""

    pieces: list[Piece]
    source: str  # "official" | "computed"
    alignment: list[AlignmentRow] = field(default_factory=list)
    changes: list[ChangeFact] = field(default_factory=list)
    changes_note: str = ""
    old_to_new: dict[str, str] = field(default_factory=dict)  # every aligned provision path


@dataclass
class ReportInputs:
    versions: list[Version]
    base: int  # index of the first version whose successors are shown as amendments
    tags: list[list[Tag] | None]
    amendments: dict[int, AmendmentInputs]  # keyed by the index of the new version
    notes: list[str] = field(default_factory=list)




def pick_base(versions: Sequence[Version], base: str | None) -> int:
    """Index of the version named by ``--base`` (id, label, date or 1-based number).

    Raises:
        UsageError: nothing matches, or the name is ambiguous.
    """
    if base is None:
        return 0
    wanted = base.strip()
    if wanted.isdigit() and 1 <= int(wanted) <= len(versions):
        return int(wanted) - 1
    matches = [
        i
        for i, v in enumerate(versions)
        if wanted in (v.id, v.date, v.state)
        or wanted.casefold() == v.label.casefold()
        or wanted == os.path.basename(v.source)
    ]
    if len(matches) == 1:
        return matches[0]
    listing = "; ".join(
        f"{i + 1}: {v.label} {v.date or ''} (id {v.id})".replace("  ", " ")
        for i, v in enumerate(versions)
    )
    if not matches:
        raise UsageError(f"--base {base!r} matches no version; versions are {listing}")
    raise UsageError(f"--base {base!r} matches several versions; use a number. Versions are {listing}")


# --------------------------------------------------------------------------
# Building the view.
# --------------------------------------------------------------------------


def build_view(inputs: ReportInputs, *, title: str | None = None) -> ReportView:
    """Turn the stages' outputs into the template's view model (no I/O)."""
    versions = inputs.versions
    slugs = _version_slugs(versions)
    last = len(versions) - 1
    bill = versions[last].bill
    anchors: list[str] = []
    for i, slug in enumerate(slugs):
        if i > inputs.base:
            anchors.append(f"a-{slug}")
        elif i == inputs.base == last:
            anchors.append(f"t-{slug}")  # a single version: its text is the only section
        else:
            anchors.append("")

    # A report of several acts on one law (Colorado SB 24-205, 25B-004,
    # 26-189) names each version's act, not just "Approved".
    several = len(measures(versions)) > 1
    timeline = []
    for i, version in enumerate(versions):
        role = "base" if i == inputs.base else ("amendment" if i > inputs.base else "earlier")
        timeline.append(
            TimelineEntry(
                index=i + 1,
                label=_named(version, act=several),
                date=version.date or "",
                stage=version.state or "",
                anchor=anchors[i],
                current=i == last,
                role=role,
            )
        )

    # Provision anchors of every version, so an alignment row can link back to
    # the old text of a removed provision.
    provision_ids = [_provision_ids(v, slugs[i]) for i, v in enumerate(versions)]

    sections: list[SectionView] = []
    shown = [inputs.base] if inputs.base == last else list(range(inputs.base + 1, last + 1))
    for i in shown:
        version = versions[i]
        amendment = inputs.amendments.get(i)
        sections.append(
            _section_view(
                version,
                slugs[i],
                anchors[i],
                previous=versions[i - 1] if amendment is not None else None,
                amendment=amendment,
                tags=inputs.tags[i],
                ids=provision_ids[i],
                old_ids=provision_ids[i - 1] if amendment is not None else {},
                alias=i == last,
                several=several,
            )
        )

    latest = versions[last]
    status = ", ".join(p for p in (latest.label, latest.date or "") if p)
    citation = bill.citation
    bill_title = bill.title or str(latest.meta.get("title", "") or "")
    heading = title or bill_title or citation or "Bill report"
    long_title = str(bill.meta.get("long_title", "") or latest.meta.get("long_title", "") or "")
    return ReportView(
        title=heading,
        page_title=f"{citation}: {heading}" if citation and citation not in heading else heading,
        citation=citation,
        long_title=long_title if long_title != heading else "",
        status=status,
        timeline=tuple(timeline),
        sections=tuple(sections),
        layers=LAYERS,
        generator=f"lexdiff {__version__}",
        notes=tuple(inputs.notes),
    )


def _provision_ids(version: Version, slug: str) -> dict[str, str]:
    """Provision path -> element id in this version's section (``slug/SEC-2/...``)."""
    ids: dict[str, str] = {}
    seen: dict[str, int] = {}
    for provision in version.walk():
        if provision.path in ids:
            continue
        base = f"{slug}/{path_slug(provision.path)}"
        count = seen.get(base, 0) + 1
        seen[base] = count
        ids[provision.path] = base if count == 1 else f"{base}~{count}"
    return ids


#: Ids the page itself uses; a provision whose bare path would look like one
#: keeps only its version-prefixed id.
_RESERVED_ID = re.compile(
    r"^(?:main|popover|show-all|timeline-h|search-[a-z]+|layer-[a-z]+|[at]-v\d+.*|v\d+(?:/.*)?)$"
)


def _depth(provision_path: Sequence[Provision]) -> int:
    return sum(1 for p in provision_path if p.kind in SUBDIVISION_KINDS)


def _section_view(
    version: Version,
    slug: str,
    anchor: str,
    *,
    previous: Version | None,
    amendment: AmendmentInputs | None,
    tags: list[Tag] | None,
    ids: Mapping[str, str],
    old_ids: Mapping[str, str],
    alias: bool,
    several: bool = False,
) -> SectionView:
    text = version.text
    if amendment is not None:
        pieces = amendment.pieces
    else:
        pieces = [Piece(EQUAL, 0, len(text))] if text else []

    points: list[Point] = []
    status_by_path = {row.new_path: row.status for row in (amendment.alignment if amendment else [])}
    renumbered = {
        row.new_path: row.old_path
        for row in (amendment.alignment if amendment else [])
        if row.status == "renumbered" and row.new_path
    }
    toc: list[TocEntry] = []
    seen_anchor: set[str] = set()
    depth_of: dict[int, int] = {}

    def visit(provision: Provision, chain: tuple[Provision, ...]) -> None:
        element_id = ids[provision.path]
        chain = chain + (provision,)
        depth = _depth(chain)
        if element_id not in seen_anchor:
            seen_anchor.add(element_id)
            pieces_html = [Markup('<span class="anchor" id="{}"></span>').format(element_id)]
            bare = element_id.split("/", 1)[1]
            if alias and not _RESERVED_ID.match(bare):
                # The latest text also answers to the bare path, so a link
                # such as report.html#SEC-2/BPC-22757.11/g-1 keeps pointing at
                # the current law when the report is regenerated with a newer
                # version.
                pieces_html.append(Markup('<span class="anchor" id="{}"></span>').format(bare))
            pieces_html.append(
                Markup(
                    '<a class="permalink" href="#{}" title="Link to {}" aria-label="Link to {}">#</a>'
                ).format(element_id, provision.path, provision.path)
            )
            old_path = renumbered.get(provision.path)
            if old_path:
                pieces_html.append(
                    Markup('<span class="renum">renumbered from {}</span>').format(
                        _relative_path(old_path, provision.path)
                    )
                )
            points.append(Point(provision.start, 0, Markup("").join(pieces_html)))
            depth_of.setdefault(provision.start, depth)
        if provision.kind in STRUCTURAL_KINDS or depth <= 1:
            label = provision.label or provision.kind
            if provision.heading:
                label = f"{label} {provision.heading}"
            toc.append(
                TocEntry(
                    label=label,
                    href=f"#{element_id}",
                    depth=len(chain) - 1,
                    status=status_by_path.get(provision.path, ""),
                )
            )
        for child in provision.children:
            visit(child, chain)

    for top in version.provisions:
        visit(top, ())

    wraps, tag_points, glossary, findings, tags_note = _tag_layers(version, slug, tags, ids)
    points.extend(tag_points)

    # Removed provisions get an anchor inside their struck text, so the
    # provision table and "what changed" can link to words that are gone.
    was_ids: dict[str, str] = {}
    old_points: list[Point] = []
    if previous is not None:
        struck = sorted(
            (p.old_start, p.old_start + len(p.text)) for p in pieces if p.op == DELETE and p.old_start >= 0
        )
        struck_starts = [a for a, _ in struck]
        for provision in previous.walk():
            if provision.path in was_ids:
                continue
            index = bisect.bisect_right(struck_starts, provision.start) - 1
            if index < 0 or not (struck[index][0] <= provision.start < struck[index][1]):
                continue
            element_id = f"{slug}/was/{old_ids.get(provision.path, path_slug(provision.path)).split('/', 1)[-1]}"
            was_ids[provision.path] = element_id
            old_points.append(
                Point(provision.start, 0, Markup('<span class="anchor" id="{}"></span>').format(element_id))
            )

    paragraphs = split_paragraphs(text, pieces)
    rendered = render_paragraphs(text, paragraphs, wraps, points, old_points)
    starts_sorted = sorted(depth_of)
    views = []
    for para in rendered:
        classes = [para.classes] if para.classes else []
        provision = version.provision_at(para.first) if para.has_new else None
        if provision is not None:
            if provision.kind in STRUCTURAL_KINDS and provision.start == para.first:
                end = text.find("\n", para.first)
                line_len = (end if end >= 0 else len(text)) - para.first
                # "SEC. 2." and "22757.11." are heading lines of their own in
                # CAML; a whole paragraph of a plain-text section is not.
                if line_len <= 120:
                    classes.append("p-head")
            index = bisect.bisect_right(starts_sorted, para.first) - 1
            depth = depth_of[starts_sorted[index]] if index >= 0 else 0
            if depth:
                classes.append(f"d{min(depth, 6)}")
        views.append(ParagraphView(para.html, " ".join(classes)))

    inserted = deleted = 0
    for piece in pieces:
        if piece.op == INSERT:
            inserted += len(text[piece.start : piece.end].split())
        elif piece.op == DELETE:
            deleted += len(piece.text.split())

    alignment: tuple[AlignmentRow, ...] = ()
    changes: list[ChangeView] = []
    other: list[ChangeView] = []
    if amendment is not None:

        def old_href(path: str, new_path: str = "") -> str:
            if path in was_ids:
                return f"#{was_ids[path]}"
            if new_path in ids:
                return f"#{ids[new_path]}"
            return ""

        alignment = tuple(
            AlignmentRow(
                status=row.status,
                old_path=row.old_path,
                new_path=row.new_path,
                href=f"#{ids[row.new_path]}" if row.new_path in ids else "",
                old_href=old_href(row.old_path, row.new_path),
            )
            for row in amendment.alignment
        )
        for fact in amendment.changes:
            links = []
            for path in dict.fromkeys(fact.old_paths):
                # An old path may name a different provision today ((c) was
                # relettered (b) and a new (c) inserted): follow the alignment.
                counterpart = amendment.old_to_new.get(path, "")
                href = f"#{was_ids[path]}" if path in was_ids else (
                    f"#{ids[counterpart]}" if counterpart in ids else ""
                )
                if href:
                    links.append(LinkView(f"before: {_short_path(path)}", href))
            for path in dict.fromkeys(fact.new_paths):
                if path in ids:
                    links.append(LinkView(_short_path(path) if not fact.old_paths else f"after: {_short_path(path)}", f"#{ids[path]}"))
            for path in dict.fromkeys(fact.paths):
                if path in fact.old_paths or path in fact.new_paths:
                    continue
                href = f"#{ids[path]}" if path in ids and fact.change != "removed" else old_href(path)
                if href:
                    links.append(LinkView(_short_path(path), href))
            view = ChangeView(
                area=fact.area,
                topic=_TOPICS.get(fact.area, fact.area.capitalize()),
                change=fact.change,
                sentence=fact.sentence,
                before=fact.before,
                after=fact.after,
                links=tuple(links),
                details=fact.details,
            )
            (changes if fact.area in HEADLINE_AREAS else other).append(view)
        # Two amendments can share a label ("Amended in Senate" twice in SB 53):
        # the number and the date keep headings, and landmarks, distinct.
        heading = f"{slug[1:]}. {_dated(version, act=several)}"
        sub = f"Changes from {_dated(previous, act=several)}" if previous else ""
    else:
        heading = f"{slug[1:]}. {_dated(version, act=several)}"
        sub = "Text of this version"
    return SectionView(
        key=slug,
        anchor=anchor,
        heading=heading,
        subheading=sub,
        is_amendment=amendment is not None,
        redline_source=amendment.source if amendment else "none",
        inserted_words=inserted,
        deleted_words=deleted,
        changes=tuple(changes),
        other_changes=tuple(other),
        changes_note=amendment.changes_note if amendment else "",
        alignment=alignment,
        toc=tuple(toc),
        paragraphs=tuple(views),
        glossary=tuple(glossary),
        duties=tuple(findings["duties"]),
        amounts=tuple(findings["amounts"]),
        penalties=tuple(findings["penalties"]),
        ambiguities=tuple(findings["ambiguity"]),
        tags_note=tags_note,
    )


def _relative_path(old: str, new: str) -> str:
    """``old`` without the parents it shares with ``new``: "(i)" rather than
    "SEC. 2 > BPC 22757.11 > (i)" next to the new "(j)" of the same section."""
    old_parts, new_parts = old.split(PATH_SEPARATOR), new.split(PATH_SEPARATOR)
    shared = 0
    while shared < min(len(old_parts), len(new_parts)) - 1 and old_parts[shared] == new_parts[shared]:
        shared += 1
    return PATH_SEPARATOR.join(old_parts[shared:])


def _named(version: Version, *, act: bool = False) -> str:
    """"Approved"; with ``act``, "SB 25B-004 Approved" (a report of several acts)."""
    label = version.label or version.id
    if act and version.bill.number:
        label = f"{version.bill.type} {version.bill.number} {label}".strip()
    return label


def _dated(version: Version, *, act: bool = False) -> str:
    """"Approved, 2025-08-28" (see :func:`_named`)."""
    label = _named(version, act=act)
    return f"{label}, {version.date}" if version.date else label


def _attr_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return format(int(value), ",")
    if isinstance(value, (int, float)):
        return format(value, ",")
    if isinstance(value, (list, tuple)):
        return "; ".join(_attr_text(v) for v in value if v not in (None, ""))
    return str(value)


def _describe(tag: Tag) -> tuple[str, str]:
    """(kind shown to the reader, one-line detail) for a tag's popover and finding row."""
    attrs = tag.attrs
    if tag.group == "deontic":
        kind = _MODALITY_NAMES.get(tag.label, tag.label.capitalize())
        parts = []
        if attrs.get("actor"):
            parts.append(f"who: {_attr_text(attrs['actor'])}")
        if attrs.get("modality"):
            parts.append(f"word: \u201c{_attr_text(attrs['modality'])}\u201d")
        if attrs.get("action"):
            parts.append(f"what: {_attr_text(attrs['action'])}")
        if attrs.get("conditions"):
            parts.append(f"conditions: {_attr_text(attrs['conditions'])}")
        return kind, "; ".join(parts)
    if tag.group == "quantities":
        kind = f"Amount ({_attr_text(attrs.get('kind')) or 'quantity'})"
        value = " ".join(
            p
            for p in (
                _attr_text(attrs.get("comparator")),
                _attr_text(attrs.get("value")),
                _attr_text(attrs.get("unit")),
            )
            if p
        )
        return kind, value
    if tag.group == "penalties":
        kind = f"{(_attr_text(attrs.get('kind')) or 'other').capitalize()} penalty"
        parts = []
        amount = " ".join(p for p in (_attr_text(attrs.get("amount")), _attr_text(attrs.get("unit"))) if p)
        if amount:
            parts.append(f"amount: {amount}")
        if attrs.get("share_of"):
            parts.append(f"share of: {_attr_text(attrs['share_of'])}")
        if attrs.get("tier"):
            parts.append(f"tier: {_attr_text(attrs['tier'])}")
        if attrs.get("violator"):
            parts.append(f"who pays: {_attr_text(attrs['violator'])}")
        if attrs.get("enforcer"):
            parts.append(f"enforced by: {_attr_text(attrs['enforcer'])}")
        return kind, "; ".join(parts)
    if tag.group == "ambiguities":
        severity = _attr_text(attrs.get("severity"))
        kind = f"Ambiguity{f' ({severity})' if severity else ''}"
        parts = [_attr_text(attrs.get("reason"))]
        if attrs.get("rule"):
            parts.append(f"rule: {_attr_text(attrs['rule'])}")
        return kind, " \u2014 ".join(p for p in parts if p)
    return tag.label, ""


_LAYER_OF_GROUP = {
    "definitions": "terms",
    "term_uses": "terms",
    "deontic": "duties",
    "quantities": "amounts",
    "penalties": "penalties",
    "ambiguities": "ambiguity",
}

_CLASS_OF = {
    "obligation": "tg-obl",
    "prohibition": "tg-pro",
    "permission": "tg-perm",
}


def _tag_layers(
    version: Version,
    slug: str,
    tags: list[Tag] | None,
    ids: Mapping[str, str],
) -> tuple[list[Wrap], list[Point], list[GlossaryEntry], dict[str, list[Finding]], str]:
    findings: dict[str, list[Finding]] = {"duties": [], "amounts": [], "penalties": [], "ambiguity": []}
    if tags is None:
        return [], [], [], findings, "Tags are not available for this version."
    text = version.text
    limit = len(text)
    usable = [
        t
        for t in tags
        if t.group in _LAYER_OF_GROUP and 0 <= t.start < t.end <= limit
    ]
    usable.sort(key=lambda t: (t.start, -t.end, t.group, t.label))

    def where(tag: Tag) -> tuple[str, str]:
        provision = version.provision_at(tag.start)
        path = tag.provision or (provision.path if provision else "")
        return (_short_path(path) if path else ""), (f"#{ids[path]}" if path in ids else "")

    wraps: list[Wrap] = []
    points: list[Point] = []
    glossary: list[GlossaryEntry] = []

    definitions = [t for t in usable if t.group == "definitions"]
    def_anchor: dict[int, str] = {}
    by_term: dict[str, str] = {}
    for k, tag in enumerate(definitions, 1):
        entry_id = f"{slug}/def-{k}"
        text_id = f"{slug}/t-def-{k}"
        term = _attr_text(tag.attrs.get("term")) or tag.text(text)
        definition = _attr_text(tag.attrs.get("definition"))
        if not definition:
            d0, d1 = tag.attrs.get("def_start"), tag.attrs.get("def_end")
            if isinstance(d0, int) and isinstance(d1, int) and 0 <= d0 < d1 <= limit:
                definition = text[d0:d1]
            else:
                definition = tag.text(text)
        glossary.append(GlossaryEntry(entry_id, term, definition, f"#{text_id}"))
        def_anchor.setdefault(tag.start, entry_id)
        by_term.setdefault(term.casefold(), entry_id)
        points.append(Point(tag.start, 1, Markup('<span class="anchor" id="{}"></span>').format(text_id)))
        wraps.append(Wrap(tag.start, tag.end, Markup('<span class="tg tg-def">'), Markup("</span>"), rank=1))

    # Term uses become links, and links cannot nest: keep the longest of
    # overlapping uses ("frontier developer" over "developer").
    last_end = -1
    uses = sorted(
        (t for t in usable if t.group == "term_uses"), key=lambda t: (t.start, -t.end)
    )
    for tag in uses:
        if tag.start < last_end:
            continue
        target = def_anchor.get(tag.attrs.get("definition_start", -1)) if isinstance(
            tag.attrs.get("definition_start"), int
        ) else None
        if target is None:
            target = by_term.get(_attr_text(tag.attrs.get("term")).casefold())
        if target is None:
            wraps.append(Wrap(tag.start, tag.end, Markup('<span class="tg tg-use">'), Markup("</span>"), rank=5))
        else:
            wraps.append(
                Wrap(
                    tag.start,
                    tag.end,
                    Markup('<a class="tg tg-use" href="#{}" data-def="{}">').format(target, target),
                    Markup("</a>"),
                    rank=5,
                    link=True,
                )
            )
        last_end = tag.end

    counters = {"duties": 0, "amounts": 0, "penalties": 0, "ambiguity": 0}
    for tag in usable:
        layer = _LAYER_OF_GROUP[tag.group]
        if tag.group in ("definitions", "term_uses"):
            continue
        counters[layer] += 1
        k = counters[layer]
        kind, detail = _describe(tag)
        info = f"{kind}: {detail}" if detail else kind
        path, href = where(tag)
        words = tag.text(text)
        if tag.group == "deontic":
            css = _CLASS_OF.get(tag.label, "tg-obl")
            anchor = f"{slug}/duty-{k}"
            # The words already say who must do what; the row adds the modal
            # word and any conditions ("If a large developer makes a material
            # modification ...").
            row_detail = "; ".join(
                p
                for p in (
                    f"\u201c{_attr_text(tag.attrs.get('modality'))}\u201d" if tag.attrs.get("modality") else "",
                    f"conditions: {_attr_text(tag.attrs['conditions'])}" if tag.attrs.get("conditions") else "",
                )
                if p
            )
            findings["duties"].append(
                Finding(kind, _attr_text(tag.attrs.get("actor")), words, row_detail, path, href, anchor)
            )
            rank = 2
        elif tag.group == "quantities":
            css = "tg-qty"
            anchor = f"{slug}/amount-{k}"
            findings["amounts"].append(Finding(kind, "", words, detail, path, href, anchor))
            rank = 4
        elif tag.group == "penalties":
            css = "tg-pen"
            anchor = f"{slug}/penalty-{k}"
            findings["penalties"].append(Finding(kind, "", words, detail, path, href, anchor))
            rank = 3
        else:
            css = f"tg-amb sev-{re.sub(r'[^a-z]', '', str(tag.attrs.get('severity', '')).lower()) or 'na'}"
            anchor = f"{slug}/amb-{k}"
            findings["ambiguity"].append(Finding(kind, "", words, detail, path, f"#{slug}/t-amb-{k}", anchor))
            points.append(
                Point(tag.start, 2, Markup('<span class="anchor" id="{}/t-amb-{}"></span>').format(slug, k))
            )
            points.append(
                Point(
                    tag.end,
                    3,
                    Markup(
                        '<a class="amb-ref" href="#{}" aria-label="Ambiguity finding {}: reason">'
                        "<sup>?{}</sup></a>"
                    ).format(anchor, k, k),
                )
            )
            rank = 0
        wraps.append(
            Wrap(
                tag.start,
                tag.end,
                Markup('<span class="tg {}" data-info="{}">').format(css, info),
                Markup("</span>"),
                rank=rank,
            )
        )
    return wraps, points, glossary, findings, ""


# --------------------------------------------------------------------------
# Rendering.
# --------------------------------------------------------------------------


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env


def _static(name: str) -> str:
    content = (STATIC / name).read_text(encoding="utf-8")
    closing = "</style" if name.endswith(".css") else "</script"
    if closing in content.lower():
        raise RuntimeError(f"static/{name} must not contain {closing}>")
    return content


def _csp_hash(content: str) -> str:
    digest = hashlib.sha256(content.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def render_html(view: ReportView) -> str:
    """The report as one HTML string (CSS and JS inlined, strict CSP)."""
    css = _static("report.css")
    js = _static("report.js")
    csp = "; ".join(
        (
            "default-src 'none'",
            f"style-src {_csp_hash(css)}",
            f"script-src {_csp_hash(js)}",
            "img-src 'none'",
            "font-src 'none'",
            "connect-src 'none'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'none'",
        )
    )
    template = _environment().get_template("report.html.j2")
    return template.render(view=view, css=Markup(css), js=Markup(js), csp=csp)


# --------------------------------------------------------------------------
# Gathering the other stages' results (the only place that calls them).
# --------------------------------------------------------------------------


def gather_inputs(
    versions: Sequence[Version],
    *,
    base: str | None = None,
    tagger: Any = None,
) -> ReportInputs:
    """Order the versions and collect diff, alignment, tags and history facts.

    Args:
        versions: the bill's versions, in any order.
        base: ``--base``: the version the report starts from (default: the first).
        tagger: ``version -> list[Tag]``; default :func:`lexdiff.nlp.pipeline.tag_version`.

    Raises:
        UsageError: no versions, or an unknown ``base``.
    """
    # An act amending parts of the law made by an earlier act is applied to
    # it (lexdiff.delta.consolidate), as `lexdiff history` does.
    ordered = effective_versions(order_versions(versions))
    if not ordered:
        raise UsageError("no bill versions to report on")
    start = pick_base(ordered, base)
    notes: list[str] = _mixed_bills_note(ordered)
    for version in ordered:
        # What the reader repaired or could not be sure of (an OCR layer,
        # mis-decoded characters ...): a journalist quoting the text must know.
        notes.extend(f"{version.label or version.id} ({os.path.basename(version.source) or version.id}): {note}"
                     for note in reading_notes(version))
    tags = _tag_versions(ordered, start, tagger, notes)
    amendments: dict[int, AmendmentInputs] = {}
    diffs: dict[int, Any] = {}
    for i in range(start + 1, len(ordered)):
        amendments[i], diffs[i] = _amendment_inputs(ordered[i - 1], ordered[i], notes)
    _attach_history(ordered, start, tags, amendments, notes, diffs)
    return ReportInputs(ordered, start, tags, amendments, sorted(set(notes)))


def _mixed_bills_note(versions: Sequence[Version]) -> list[str]:
    """A note when the files are not all versions of one bill.

    Comparing a bill with the later act that amends the same law (Colorado SB
    24-205 and SB 25B-004) is legitimate, but the page must not present the
    second as an amendment of the first bill. Measures are told apart as in
    ``lexdiff history`` (:func:`lexdiff.delta.history.measures`).
    """
    acts = measures(versions)
    if len(acts) <= 1:
        return []
    listing = "; ".join(bill.citation for bill in acts)
    note = (
        f"These files are versions of different measures ({listing}). Each step below compares "
        "one text with the next; it is not an amendment of one bill."
    )
    if any(map(is_consolidated, versions)):
        note += (
            " An act that amends parts of the law is shown applied to the law before it (the provisions "
            "it prints replace theirs)."
        )
    return [note]


def build_report(
    versions: Sequence[Version],
    *,
    base: str | None = None,
    title: str | None = None,
    tagger: Any = None,
) -> str:
    """The whole report for these versions, as an HTML string.

    Raises:
        UsageError: no versions, or an unknown ``base``.
    """
    inputs = gather_inputs(versions, base=base, tagger=tagger)
    return render_html(build_view(inputs, title=title))


def _tag_versions(
    versions: Sequence[Version], start: int, tagger: Any, notes: list[str]
) -> list[list[Tag] | None]:
    """Tags of every version from the base on (earlier ones are not shown)."""
    if tagger is None:
        try:
            from lexdiff.nlp.pipeline import tag_version as tagger
        except ImportError as err:
            notes.append(f"Tag layers are missing: the tagger could not be loaded ({err}).")
            return [None] * len(versions)
    return [None if i < start else list(tagger(v)) for i, v in enumerate(versions)]


def _amendment_inputs(old: Version, new: Version, notes: list[str]) -> tuple[AmendmentInputs, Any]:
    """The redline and provision alignment of one amendment, from :mod:`lexdiff.diff`.

    The Legislature's own marks are used when the new version carries marks
    made against the old one (CAML); otherwise lexdiff's computed word diff.
    """
    from lexdiff.diff import diff_versions
    from lexdiff.errors import UsageError as DiffUsageError

    result = None
    if new.marks:
        try:
            result = diff_versions(old, new, official=True)
        except DiffUsageError:
            notes.append(
                f"{new.label}: its official change marks do not match {old.label}; "
                "the redline is lexdiff's computed word diff."
            )
    if result is None:
        result = diff_versions(old, new)
    pieces: list[Piece] = []
    for edit in result.edits:
        if edit.op == DELETE:
            pieces.append(
                Piece(DELETE, edit.new_start, edit.new_start, old.text[edit.old_start : edit.old_end], edit.old_start)
            )
        elif edit.new_end > edit.new_start:
            pieces.append(Piece(edit.op, edit.new_start, edit.new_end))
    rows = [
        AlignmentRow(row.status, row.old_path or "", row.new_path or "", "", "")
        for row in result.alignment
        if row.status != "unchanged"
    ]
    old_to_new = {
        row.old_path: row.new_path for row in result.alignment if row.old_path and row.new_path
    }
    return (
        AmendmentInputs(pieces=pieces, source=result.source, alignment=rows, old_to_new=old_to_new),
        result,
    )


def _attach_history(
    versions: Sequence[Version],
    start: int,
    tags: Sequence[list[Tag] | None],
    amendments: dict[int, AmendmentInputs],
    notes: list[str],
    diffs: Mapping[int, Any],
) -> None:
    """Plain-language changes per amendment from :mod:`lexdiff.delta`."""
    from lexdiff.delta.changes import compare_facts
    from lexdiff.delta.facts import version_facts

    facts: dict[int, Any] = {}
    for i in range(start, len(versions)):
        if tags[i] is not None:
            facts[i] = version_facts(versions[i], tags[i] or [])
    for i, amendment in amendments.items():
        if i not in facts or i - 1 not in facts:
            amendment.changes_note = "No history of changes: the versions could not be tagged."
            continue
        found = compare_facts(facts[i - 1], facts[i], pairs=diffs[i].alignment, new_tags=tags[i])
        amendment.changes = [_change_fact(change) for change in found]


def _change_fact(change: Any) -> ChangeFact:
    return ChangeFact(
        area=change.area,
        change=change.change,
        subject=change.subject,
        sentence=change.summary,
        before=_fact_words(change.area, change.before),
        after=_fact_words(change.area, change.after),
        paths=tuple(change.provisions),
        details=tuple(change.details),
        old_paths=_fact_paths(change.before),
        new_paths=_fact_paths(change.after),
    )


def _fact_paths(value: Any) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    return tuple(
        dict.fromkeys(
            str(item["provision"]) for item in items if isinstance(item, Mapping) and item.get("provision")
        )
    )


def _short_path(path: str) -> str:
    from lexdiff.delta.changes import short_path

    return short_path(path)


def _fact_words(area: str, value: Any) -> str:
    """A fact (as the delta's JSON-ready dicts) in plain words, with its numbers.

    The wording is the delta's own (``describe_test``, ``describe_penalty``);
    this only turns its dicts back into its dataclasses.
    """
    if value is None:
        return ""
    items = value if isinstance(value, list) else [value]
    words: list[str] = []
    for item in items:
        if not isinstance(item, Mapping):
            words.append(str(item))
            continue
        words.append(_one_fact(area, item))
    return "; or ".join(w for w in dict.fromkeys(words) if w) if area == "coverage" else "; ".join(
        w for w in dict.fromkeys(words) if w
    )


def _one_fact(area: str, item: Mapping[str, Any]) -> str:
    from dataclasses import fields

    from lexdiff.delta import changes as delta_changes
    from lexdiff.delta import facts as delta_facts

    def build(cls: Any, data: Mapping[str, Any]) -> Any:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})

    try:
        if area == "coverage":
            conditions = tuple(build(delta_facts.Condition, c) for c in item.get("conditions") or ())
            entry = build(delta_facts.Coverage, {**item, "conditions": conditions})
            return delta_changes.describe_test(entry)
        if area == "penalties":
            return delta_changes.describe_penalty(build(delta_facts.Penalty, item))
    except (TypeError, ValueError, AttributeError):
        pass
    if area == "duties":
        actor = item.get("actor") or "someone"
        modal = item.get("modal") or item.get("modality") or ""
        return f"{actor} {modal} {item.get('action') or ''}".strip()
    if area == "definitions":
        return str(item.get("definition") or item.get("text") or "")
    if area == "institutions":
        return f"{item.get('name', '')} ({item.get('role', '')})"
    if area == "ambiguity":
        return str(item.get("reason") or item.get("text") or "")
    return str(item.get("text") or "")
