"""The edit script: provisions first, then paragraphs, then words.

1. Aligned provisions that kept their order are anchors (see
   :func:`aligned_script`): each pair is diffed inside its own two spans,
   section by section and subdivision by subdivision, and the text between
   anchors is diffed as a stretch. Words are never matched from one section
   into an unrelated one.
2. Inside a span, paragraphs (the canonical text's ``"\n"``-separated
   lines, compared without their leading labels) are diffed as whole tokens;
   unchanged paragraphs become one equal run. A word diff of a whole
   1,000,000-word bill in one Myers pass would cost O(N x D) with N and D in
   the millions: hours, even in C++; git solves the same problem the same
   way, lines first and words inside changed lines.
3. Each run of changed paragraphs is word-diffed (:mod:`lexdiff.diff.words`).
   A very large run (most of a chapter rewritten) is first cut at its
   best-matching paragraph pairs so every word diff stays small.

The raw script is then cut wherever the innermost provision changes on
either side (:func:`attribute`), so that each edit names one provision per
side.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Iterable, Sequence
from itertools import chain, compress, pairwise, repeat
from operator import attrgetter, is_, sub
from typing import NamedTuple

from lexdiff.diff.result import (
    DELETE,
    EQUAL,
    INSERT,
    Edit,
    ProvisionPair,
    VersionDiff,
    make_edit,
)
from lexdiff.diff.words import diff_sequences, diff_tokens, tokenize
from lexdiff.model import Provision, Version

#: Runs of changed paragraphs up to this many tokens (words + spaces, both
#: sides) are word-diffed in one pass; larger ones are cut first.
RUN_TOKEN_LIMIT = 40_000
#: Stretches longer than this (characters, both sides) with no paragraph
#: break to anchor on are diffed sentence by sentence first.
SENTENCE_PASS_CHARS = 400_000
#: Paragraph pairs at least this similar anchor the cutting of a large run.
PARAGRAPH_PAIR_MIN = 0.3
#: Beyond this many paragraph comparisons a run is cut proportionally.
PAIRING_LIMIT = 250_000

#: A leaf pair of provisions less similar than this (Dice on words) is shown
#: as struck and inserted whole.
REWRITTEN_BELOW = 0.4

#: Cleanup of the word pass (see lexdiff.diff.words.diff_sequences).
WORD_CLEANUP = "paragraph"

_PARAGRAPH = re.compile(r"[^\n]*\n|[^\n]+")


_SENTENCE_END = re.compile(r"[.;:?!][\"”’)]*\s+")


def _sentences(text: str) -> list[str]:
    """Sentence-like pieces (cut after ``.;:?!`` and the spaces that follow); they join back to ``text``."""
    pieces: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        pieces.append(text[start : match.end()])
        start = match.end()
    if start < len(text):
        pieces.append(text[start:])
    return pieces


class RawOp(NamedTuple):
    op: str
    old_start: int
    old_end: int
    new_start: int
    new_end: int


def paragraphs(text: str) -> list[str]:
    """Paragraphs with their trailing ``"\\n"``; ``"".join(result) == text``."""
    return _PARAGRAPH.findall(text)


class _ScriptBuilder:
    def __init__(self, engine: str | None) -> None:
        self.engine = engine
        self.ops: list[RawOp] = []
        #: Start of an old provision -> starts of its one-to-one counterparts
        #: in the new version, built on first call (see partner_paragraphs);
        #: nothing for a text-only diff.
        self.partners: Callable[[], dict[int, list[int]]] = dict

    def partner_paragraphs(self, old: list[str], new: list[str], o: int, n: int) -> list[tuple[int, int]]:
        """Paragraphs of a changed run that open provisions the alignment paired, in order.

        The word pass alone is free to match words across a paragraph break.
        When SB 53 (05 -> 06) added "(C) Whether a catastrophic risk
        threshold ... has been attained ..." before the old "(3) (A) If the
        deployment would pose a catastrophic risk, the reasoning behind ...",
        now "(2) (A) The reasoning behind ...", the words alone struck
        "(3) (A) If the deployment ... the" and typed "(C) Whether ...
        result. / (2) (A) The" over it. The alignment knows better: old
        (c)(3)(A) is new (c)(2)(A), and (c)(1)(C) is new. Paragraphs opening
        paired provisions are diffed with each other, so the new paragraph is
        inserted whole before them, as in the Legislature's redline:
        "{+(C) Whether ...+} / [-(3)-]{+(2)+} (A) [-If ... the -]{+The +}reasoning".
        """
        partners = self.partners()
        if not partners:
            return []
        new_index: dict[int, int] = {}
        offset = n
        for k, para in enumerate(new):
            new_index[offset] = k
            offset += len(para)
        candidates: set[tuple[int, int]] = set()
        offset = o
        for k, para in enumerate(old):
            for target in partners.get(offset, ()):
                if target in new_index:
                    candidates.add((k, new_index[target]))
            offset += len(para)
        if not candidates:
            return []
        from lexdiff.diff.align import heaviest_increasing

        # Sorted by old paragraph, then new paragraph descending, so that a
        # strictly increasing run of new paragraphs takes at most one partner
        # per old paragraph; longer paragraphs weigh more.
        ordered = sorted(candidates, key=lambda pair: (pair[0], -pair[1]))
        keep = heaviest_increasing(
            [b for _, b in ordered], [float(len(old[a]) + len(new[b])) for a, b in ordered]
        )
        return [pair for k, pair in enumerate(ordered) if k in keep]

    def emit(self, op: str, o0: int, o1: int, n0: int, n1: int) -> None:
        """Append an op, merging it with the previous one when they join up."""
        if o0 == o1 and n0 == n1:
            return
        ops = self.ops
        if op == DELETE and ops and ops[-1].op == INSERT:
            # Keep "delete then insert" inside a replacement whatever order
            # the stretches were produced in: the deletion moves before the
            # insertion, which then stands at the end of the deleted text.
            inserted = ops.pop()
            self.emit(DELETE, o0, o1, inserted.new_start, inserted.new_start)
            self.emit(INSERT, o1, o1, inserted.new_start, inserted.new_end)
            return
        if ops:
            last = ops[-1]
            if last.op == op and last.old_end == o0 and last.new_end == n0:
                ops[-1] = RawOp(op, last.old_start, o1, last.new_start, n1)
                return
        ops.append(RawOp(op, o0, o1, n0, n1))

    def words(self, old: Sequence[str], new: Sequence[str], o: int, n: int) -> None:
        """Word-diff two lists of paragraphs starting at offsets ``o`` and ``n``."""
        old_text = "".join(old)
        new_text = "".join(new)
        if len(old_text) + len(new_text) > SENTENCE_PASS_CHARS and old_text and new_text:
            self.sentences(old_text, new_text, o, n)
            return
        self.tokens(tokenize(old_text), tokenize(new_text), o, n)

    def sentences(self, old_text: str, new_text: str, o: int, n: int) -> None:
        """Sentences first, then words, for text with no paragraph breaks to anchor on.

        A PDF extracted without line structure can give one 1,000,000-word
        "paragraph"; a single word pass over it needs millions of tokens in
        memory at once. Sentences play the part of paragraphs there.
        """
        old_units = _sentences(old_text)
        new_units = _sentences(new_text)
        i = j = 0
        pending: tuple[int, int, int, int] | None = None  # unit ranges of a changed run

        def flush() -> None:
            nonlocal pending, o, n
            if pending is None:
                return
            i0, i1, j0, j1 = pending
            a = "".join(old_units[i0:i1])
            b = "".join(new_units[j0:j1])
            self.tokens(tokenize(a), tokenize(b), o, n)
            o += len(a)
            n += len(b)
            pending = None

        for op, count in diff_sequences(old_units, new_units, cleanup="none", engine=self.engine):
            if op == EQUAL:
                flush()
                length = sum(map(len, old_units[i : i + count]))
                self.emit(EQUAL, o, o + length, n, n + length)
                o += length
                n += length
                i += count
                j += count
                continue
            if pending is None:
                pending = (i, i, j, j)
            if op == DELETE:
                i += count
            else:
                j += count
            pending = (pending[0], i, pending[2], j)
        flush()

    def tokens(self, a: list[str], b: list[str], o: int, n: int) -> None:
        i = j = 0
        for op, count in diff_tokens(a, b, cleanup=WORD_CLEANUP, engine=self.engine):
            if op == EQUAL:
                length = sum(map(len, a[i : i + count]))
                self.emit(EQUAL, o, o + length, n, n + length)
                o += length
                n += length
                i += count
                j += count
            elif op == DELETE:
                length = sum(map(len, a[i : i + count]))
                self.emit(DELETE, o, o + length, n, n)
                o += length
                i += count
            else:
                length = sum(map(len, b[j : j + count]))
                self.emit(INSERT, o, o, n, n + length)
                n += length
                j += count

    def run(self, old: list[str], new: list[str], o: int, n: int) -> None:
        """A run of changed paragraphs (no paragraph in common at this level)."""
        if not old or not new:
            self.words(old, new, o, n)
            return
        size = sum(len(p) for p in old) + sum(len(p) for p in new)
        # Characters over-estimate tokens; only count tokens when it matters.
        small = size <= RUN_TOKEN_LIMIT or (
            sum(len(tokenize(p)) for p in old) + sum(len(tokenize(p)) for p in new) <= RUN_TOKEN_LIMIT
        )
        if small:
            pairs = self.partner_paragraphs(old, new, o, n) if len(old) + len(new) > 2 else []
            if not pairs:
                self.words(old, new, o, n)
                return
        else:
            pairs = _pair_paragraphs(old, new)
        i = j = 0
        for pi, pj in [*pairs, (len(old), len(new))]:
            gap_old, gap_new = old[i:pi], new[j:pj]
            gap_size = sum(map(len, gap_old)) + sum(map(len, gap_new))
            if gap_old and gap_new and gap_size > RUN_TOKEN_LIMIT and not small:
                # Nothing here resembles anything on the other side: a
                # wholesale replacement, shown as such.
                length = sum(map(len, gap_old))
                self.emit(DELETE, o, o + length, n, n)
                o += length
                length = sum(map(len, gap_new))
                self.emit(INSERT, o, o, n, n + length)
                n += length
            elif gap_old or gap_new:
                self.words(gap_old, gap_new, o, n)
                o += sum(map(len, gap_old))
                n += sum(map(len, gap_new))
            if pi < len(old):
                self.words([old[pi]], [new[pj]], o, n)
                o += len(old[pi])
                n += len(new[pj])
            i, j = pi + 1, pj + 1


def _pair_paragraphs(old: list[str], new: list[str]) -> list[tuple[int, int]]:
    """Monotone pairing of similar paragraphs in a large changed run.

    Dynamic programming over word-set Jaccard similarity (set operations run
    in C, so 250,000 comparisons take well under a second). Larger runs are
    cut proportionally into blocks first.
    """
    m, n = len(old), len(new)
    if m * n > PAIRING_LIMIT:
        blocks = max(2, (m * n) // PAIRING_LIMIT + 1)
        out: list[tuple[int, int]] = []
        for k in range(blocks):
            o0, o1 = m * k // blocks, m * (k + 1) // blocks
            n0, n1 = n * k // blocks, n * (k + 1) // blocks
            if o0 == o1 or n0 == n1:
                continue
            out.extend((o0 + a, n0 + b) for a, b in _pair_paragraphs(old[o0:o1], new[n0:n1]))
        return out
    old_sets = [frozenset(p.split()) for p in old]
    new_sets = [frozenset(p.split()) for p in new]
    # score[i][j]: best total similarity using old[:i] and new[:j].
    score = [[0.0] * (n + 1) for _ in range(m + 1)]
    choice = [[0] * (n + 1) for _ in range(m + 1)]  # 0 skip old, 1 skip new, 2 pair
    for i in range(1, m + 1):
        a = old_sets[i - 1]
        row, prev = score[i], score[i - 1]
        for j in range(1, n + 1):
            b = new_sets[j - 1]
            best, how = prev[j], 0
            if row[j - 1] > best:
                best, how = row[j - 1], 1
            union = len(a | b)
            if union:
                sim = len(a & b) / union
                if sim >= PARAGRAPH_PAIR_MIN and prev[j - 1] + sim > best:
                    best, how = prev[j - 1] + sim, 2
            row[j] = best
            choice[i][j] = how
    pairs: list[tuple[int, int]] = []
    i, j = m, n
    while i > 0 and j > 0:
        how = choice[i][j]
        if how == 2:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif how == 0:
            i -= 1
        else:
            j -= 1
    pairs.reverse()
    return pairs


_HAS_WORD = re.compile(r"\w")

#: Subdivision labels that open a paragraph in U.S. drafting: "(a)", "(1)(A)".
_LEADING_LABELS = re.compile(r"^(?:\([0-9A-Za-z]{1,8}\)\s*)+")


def _lookup(labels: dict[int, list[str]]) -> Callable[[int], Sequence[str]]:
    return lambda offset: labels.get(offset, ())


def label_map(provisions: Sequence[Provision]) -> dict[int, list[str]]:
    """Offset -> labels of the provisions that start there, outermost first."""
    labels: dict[int, list[str]] = {}
    for top in provisions:
        for p in top.walk():
            if p.label:
                labels.setdefault(p.start, []).append(p.label.strip())
    return labels


def paragraph_keys(paras: list[str], start: int, labels: Callable[[int], Sequence[str]]) -> list[str]:
    """What a paragraph is compared by at the paragraph level: its text without leading labels.

    When "(b)" is inserted before an existing subdivision, the old "(b) The
    model ..." becomes "(c) The model ...": a different paragraph as text,
    the same paragraph in substance. Comparing paragraphs without their
    labels lets the paragraph pass keep it as an anchor, and the word pass
    then reports just "(b)" -> "(c)", as the Legislature's redline does,
    instead of re-inserting the whole paragraph.

    Args:
        paras: the paragraphs of a stretch of text.
        start: offset of the stretch in its version's text.
        labels: offset -> labels of the provisions starting there, outermost first.
    """
    keys: list[str] = []
    offset = start
    for para in paras:
        body = para
        for label in labels(offset):
            stripped = body.lstrip()
            if label and stripped.startswith(label):
                body = stripped[len(label) :]
        body = _LEADING_LABELS.sub("", body.lstrip())
        keys.append(body)
        offset += len(para)
    return keys


def _diff_span(
    builder: _ScriptBuilder,
    old_text: str,
    new_text: str,
    span: tuple[int, int, int, int],
    old_labels: Callable[[int], Sequence[str]],
    new_labels: Callable[[int], Sequence[str]],
) -> None:
    """Paragraph pass then word pass over ``old_text[o0:o1]`` -> ``new_text[n0:n1]``."""
    o0, o1, n0, n1 = span
    if o0 == o1 and n0 == n1:
        return
    if old_text[o0:o1] == new_text[n0:n1]:
        builder.emit(EQUAL, o0, o1, n0, n1)
        return
    old_paras = paragraphs(old_text[o0:o1])
    new_paras = paragraphs(new_text[n0:n1])
    old_keys = paragraph_keys(old_paras, o0, old_labels)
    new_keys = paragraph_keys(new_paras, n0, new_labels)
    i = j = 0
    o, n = o0, n0
    pending_old: list[str] = []
    pending_new: list[str] = []
    run_o, run_n = o, n

    def flush() -> None:
        nonlocal pending_old, pending_new
        if pending_old or pending_new:
            builder.run(pending_old, pending_new, run_o, run_n)
            pending_old, pending_new = [], []

    para_ops = diff_sequences(old_keys, new_keys, cleanup="none", engine=builder.engine)
    for op, count in para_ops:
        if op == EQUAL:
            flush()
            for k in range(count):
                a, b = old_paras[i + k], new_paras[j + k]
                if a == b:
                    builder.emit(EQUAL, o, o + len(a), n, n + len(b))
                elif not _HAS_WORD.search(old_keys[i + k]):
                    # A heading that is nothing but its label: renumbered, it
                    # is retyped whole, as SB 53 (04 -> 05) marks
                    # "[-SEC. 2.-]{+SEC. 4.+}" rather than "SEC. [-2.-]{+4.+}".
                    both = a.endswith("\n") and b.endswith("\n")  # the break itself stays
                    la, lb = len(a) - both, len(b) - both
                    builder.emit(DELETE, o, o + la, n, n)
                    builder.emit(INSERT, o + la, o + la, n, n + lb)
                    if both:
                        builder.emit(EQUAL, o + la, o + len(a), n + lb, n + len(b))
                else:  # same paragraph, new label (or label-only change)
                    builder.words([a], [b], o, n)
                o += len(a)
                n += len(b)
            i += count
            j += count
            run_o, run_n = o, n
        elif op == DELETE:
            chunk = old_paras[i : i + count]
            pending_old.extend(chunk)
            o += sum(map(len, chunk))
            i += count
        else:
            chunk = new_paras[j : j + count]
            pending_new.extend(chunk)
            n += sum(map(len, chunk))
            j += count
    flush()


def compute_script(
    old_text: str,
    new_text: str,
    *,
    engine: str | None = None,
    old_provisions: Sequence[Provision] = (),
    new_provisions: Sequence[Provision] = (),
) -> list[RawOp]:
    """Our word-level edit script from ``old_text`` to ``new_text``, text only.

    Args:
        old_text, new_text: the canonical texts.
        engine: diff-match-patch engine name.
        old_provisions, new_provisions: the versions' provision trees, used
            to recognise labels at the start of paragraphs (optional).

    Returns:
        Raw ops (no provisions yet) that rebuild both texts exactly.
    """
    builder = _ScriptBuilder(engine)
    _diff_span(
        builder,
        old_text,
        new_text,
        (0, len(old_text), 0, len(new_text)),
        _lookup(label_map(old_provisions)),
        _lookup(label_map(new_provisions)),
    )
    return builder.ops


def aligned_script(
    old: Version,
    new: Version,
    alignment: Sequence[ProvisionPair],
    *,
    engine: str | None = None,
    indexes: tuple[ProvisionIndex, ProvisionIndex] | None = None,
) -> list[RawOp]:
    """Our edit script, diffing each aligned provision pair against its counterpart.

    Aligned provisions that kept their order are anchors: the text between
    anchors is diffed as a stretch, and each anchored pair is diffed inside
    its own span, recursively down to the section level (below it the
    paragraph and word passes take over, since subdivisions are relabelled
    and rewritten too freely to constrain the words). Words can therefore
    never be matched from the Legislative Counsel's Digest into the enacted
    text, or from one section into an unrelated one, however much vocabulary
    they share; a section that moved is struck where it was and inserted
    where it is (its own word diff is :meth:`VersionDiff.edits_for`).
    """
    from lexdiff.diff.align import heaviest_increasing, kind_group

    builder = _ScriptBuilder(engine)

    @functools.cache
    def partners() -> dict[int, list[int]]:
        # Built on first use: most diffs have no run of changed paragraphs
        # that needs it. The paragraphs of a merge or split are left to the
        # word pass (and to retype_merge_remnants).
        # One row per provision of a long bill: get-or-add written out, so
        # no empty list is made for every row as setdefault would.
        found: dict[int, list[int]] = {}
        get = found.get
        for row in alignment:
            a, b = row.old, row.new
            if a is not None and b is not None and row.status not in ("merged", "split"):
                starts = get(a.start)
                if starts is None:
                    found[a.start] = [b.start]
                else:
                    starts.append(b.start)
        return found

    builder.partners = partners
    indexes = indexes or (ProvisionIndex(old), ProvisionIndex(new))
    old_labels = indexes[0].labels_at
    new_labels = indexes[1].labels_at
    rows: dict[int, ProvisionPair] = {}  # id(old provision) -> its row
    used_new: set[int] = set()
    for row in alignment:
        a, b = row.old, row.new
        if a is None or b is None or row.piece:
            continue
        ka, kb = id(a), id(b)
        if ka in rows or kb in used_new:
            continue
        rows[ka] = row
        used_new.add(kb)

    def weight(row: ProvisionPair) -> float:
        # Same weighting as the alignment's "moved" test: keep in place the
        # pairs that keep the most text unchanged.
        return row.similarity * ((row.old.end - row.old.start) + (row.new.end - row.new.start)) + 1.0

    def descend(provision: Provision) -> bool:
        # Sections are anchored on their subdivisions too: when a definition
        # moves within a section, the subdivisions that kept their order are
        # diffed pairwise and the moved one is struck and re-inserted, as in
        # the Legislature's redline.
        return kind_group(provision.kind) != "subdivision" and bool(provision.children)

    def has_sections(provision: Provision) -> bool:
        return any(kind_group(child.kind) != "subdivision" for child in provision.children)

    check = AlignmentCheck(old, new, alignment, indexes)

    def checked(span: tuple[int, int, int, int]) -> None:
        # Text between anchors may belong to provisions that were added,
        # removed or paired elsewhere: keep only the unchanged words that
        # the alignment agrees with.
        if span[0] == span[1] or span[2] == span[3]:
            _diff_span(builder, old.text, new.text, span, old_labels, new_labels)
            return
        gap = _ScriptBuilder(engine)
        gap.partners = partners
        _diff_span(gap, old.text, new.text, span, old_labels, new_labels)
        for op in check.apply(gap.ops):
            builder.emit(*op)

    def segment(
        span: tuple[int, int, int, int],
        old_kids: Sequence[Provision],
        new_kids: Sequence[Provision],
        check_gaps: bool = True,
    ) -> None:
        # Between subdivisions of one pair of sections, no section can be
        # caught in a gap, so the alignment check is not needed there.
        gap = checked if check_gaps else (
            lambda span: _diff_span(builder, old.text, new.text, span, old_labels, new_labels)
        )
        o0, o1, n0, n1 = span
        position = {id(p): k for k, p in enumerate(new_kids)}
        candidates = []
        for o in old_kids:
            row = rows.get(id(o))
            if row is not None and id(row.new) in position:
                candidates.append(row)
        targets = [position[id(row.new)] for row in candidates]
        if all(map(int.__lt__, targets, targets[1:])):
            # In order (nearly always): every pair is kept, whatever its
            # weight, so the weights are not worked out.
            keep: Iterable[int] = range(len(candidates))
        else:
            keep = heaviest_increasing(targets, [weight(row) for row in candidates])
        o, n = o0, n0
        for k, row in enumerate(candidates):
            if k not in keep:
                continue
            old_p, new_p = row.old, row.new
            gap((o, old_p.start, n, new_p.start))
            inner = (old_p.start, old_p.end, new_p.start, new_p.end)
            if row.status == "unchanged" and (old_p.end - old_p.start) == (new_p.end - new_p.start):
                # Most of a long bill: nothing inside changed, so no need to
                # walk its subdivisions (the texts are equal; checked here
                # because labels are compared loosely: "Sec." = "SEC.").
                _diff_span(builder, old.text, new.text, inner, old_labels, new_labels)
            elif descend(old_p) and descend(new_p):
                segment(inner, old_p.children, new_p.children, has_sections(old_p) or has_sections(new_p))
            elif row.similarity < REWRITTEN_BELOW:
                # Rewritten rather than amended (the introduced bill's whole
                # Digest replaced, a title recast): struck and inserted as a
                # block, as the Legislature shows it, not as confetti of the
                # few phrases that happen to survive.
                builder.emit(DELETE, old_p.start, old_p.end, new_p.start, new_p.start)
                builder.emit(INSERT, old_p.end, old_p.end, new_p.start, new_p.end)
            elif has_sections(old_p) or has_sections(new_p):
                checked(inner)
            else:
                # A pair of sections (or subdivisions) with no sections
                # inside: every unchanged word is in paired provisions.
                _diff_span(builder, old.text, new.text, inner, old_labels, new_labels)
            o, n = old_p.end, new_p.end
        gap((o, o1, n, n1))

    segment((0, len(old.text), 0, len(new.text)), old.provisions, new.provisions)
    raw = stand_new_paragraphs_alone(builder.ops, old.text, new.text)
    raw = retype_into_new_provisions(raw, old, new, alignment, indexes, check.counterparts)
    raw = strike_labels_of_struck_lines(raw, old.text, new.text, indexes, check.counterparts)
    return retype_changed_action_lines(raw, old, new)


def action_lines(version: Version) -> list[tuple[int, int]]:
    """Spans of the action lines: a bill section's own text before the law it enacts.

    "SEC. 3.\nSection 11546.8 is added to the Government Code, to read:\n
    11546.8. ..." : the line between the bill section's number and its
    first code-level child (a code section, chapter, article ...). A bill
    section whose children are subdivisions ("SECTION 1. The Legislature
    finds and declares all of the following: (a) ...") has none: its text
    is the bill's own.
    """
    from lexdiff.diff.align import kind_group

    text = version.text
    spans: list[tuple[int, int]] = []
    stack = list(version.provisions)
    while stack:
        p = stack.pop()
        if p.kind != "bill_section":
            if kind_group(p.kind) != "subdivision":
                stack.extend(p.children)
            continue
        if not p.children or kind_group(p.children[0].kind) == "subdivision":
            continue
        first = p.children[0].start
        line = text.find("\n", p.start, first)
        if line >= 0 and _HAS_WORD.search(text, line + 1, first):
            end = first
            while end > line + 1 and text[end - 1].isspace():
                end -= 1  # the line break itself stays
            spans.append((line + 1, end))
    spans.sort()
    return spans


def retype_changed_action_lines(raw: list[RawOp], old: Version, new: Version) -> list[RawOp]:
    """Retype a bill section's action line whole when any of it changed.

    The action line is a formula, and the Legislature treats it as one
    unit: when SB 53 (04 -> 05) renumbered the section it adds, its redline
    struck "Section 11547.6.1 is added to the Government Code, to read:"
    and typed "Section 11546.8 is added to the Government Code, to read:",
    rather than changing just the number. An action line that did not change
    stays as it is.
    """
    old_spans, new_spans = action_lines(old), action_lines(new)
    if not old_spans or not new_spans:
        return raw
    old_starts = [s for s, _ in old_spans]
    new_starts = [s for s, _ in new_spans]
    old_text, new_text = old.text, new.text

    def span_at(spans: list[tuple[int, int]], starts: list[int], offset: int) -> tuple[int, int] | None:
        k = bisect.bisect_right(starts, offset) - 1
        if k >= 0 and spans[k][0] <= offset < spans[k][1]:
            return spans[k]
        return None

    out: list[RawOp] = []
    changed = False
    for op in raw:
        if op.op != EQUAL:
            out.append(op)
            continue
        delta = op.new_start - op.old_start
        cursor = op.old_start
        # Walk the old action lines this unchanged run overlaps.
        k = max(bisect.bisect_right(old_starts, op.old_start) - 1, 0)
        while k < len(old_spans) and old_spans[k][0] < op.old_end:
            o_lo, o_hi = old_spans[k]
            k += 1
            lo, hi = max(o_lo, cursor), min(o_hi, op.old_end)
            if lo >= hi:
                continue
            home = span_at(new_spans, new_starts, lo + delta)
            if home is None or old_text[o_lo:o_hi] == new_text[home[0] : home[1]]:
                continue
            if lo > cursor:
                out.append(RawOp(EQUAL, cursor, lo, cursor + delta, lo + delta))
            out.append(RawOp(DELETE, lo, hi, lo + delta, lo + delta))
            out.append(RawOp(INSERT, hi, hi, lo + delta, hi + delta))
            cursor = hi
            changed = True
        if cursor == op.old_start:
            out.append(op)
        elif cursor < op.old_end:
            out.append(RawOp(EQUAL, cursor, op.old_end, cursor + delta, op.new_end))
    return regroup(out) if changed else raw


#: A run of nothing but subdivision labels: "(2) ", "(b) (1) ".
_LABELS_ONLY = re.compile(r"(?:\([0-9A-Za-z]{1,8}\)\s*)+")


def pair_map(alignment: Sequence[ProvisionPair]) -> dict[int, list[Provision]]:
    """id(old provision) -> the new provisions the alignment pairs it with."""
    counterparts: dict[int, list[Provision]] = {}
    for row in alignment:
        if row.old is not None and row.new is not None:
            counterparts.setdefault(id(row.old), []).append(row.new)
    return counterparts


def strike_labels_of_struck_lines(
    raw: list[RawOp],
    old_text: str,
    new_text: str,
    indexes: tuple[ProvisionIndex, ProvisionIndex],
    counterparts: dict[int, list[Provision]],
) -> list[RawOp]:
    """Strike a line's label with its words when every word after it is struck.

    The word pass keeps "(2)" when a list item is rewritten from end to end
    under the same number, since the label is the only token the two lines
    share. The Legislature does not strike a provision's text and keep its
    number: SB 53 (03 -> 04) rewrote the items of the foundation model
    definition, "(2) Uses self-supervision in the training process." ->
    "(2) Designed for generality of output.", and its redline strikes the
    old line whole, "(2)" included, and types the new one whole (also "(3)"
    and the contractor list's "(B)"). A label is kept when any word of its
    old line is kept ("(b)
    [-A-]{+(1) Subject to paragraph (2), a+} large developer shall ...").

    So an unchanged run made only of labels that opens a line on both sides
    is struck and retyped when no word of the rest of its old line is kept,
    and the two lines open the same item of the same list: provisions paired
    with each other, or two unpaired provisions whose parents are paired.
    The old provision must be a leaf (an item, not the head of a list of
    its own; the new one may open a list: 05 -> 06 struck "(1) The results
    of any risk assessment ..." whole and typed "(1) (A) The results ...
    or risk mitigation assessment ..."): when
    SB 53 (04 -> 05) replaced the definition "(b) “Critical risk” means ...
    through any of the following:" (with items (1) to (4)) by a
    cross-reference, the Legislature kept "(b)" and a word of the old line
    that our character-based cleanup does not keep ("(b)
    [-“Critical-]{+“Catastrophic+} risk” [-means ...-]"), so there nothing
    shows the line was struck whole.
    """
    old_index, new_index = indexes
    paired_new: set[int] = set()  # ids of the new provisions paired with an old one, on first use

    def same_item(o: int, n: int) -> bool:
        a, b = old_index.at(o), new_index.at(n)
        if a is None or b is None or a.start != o or b.start != n or a.children:
            return False
        partners = counterparts.get(id(a))
        if partners is not None:
            return any(map(is_, partners, repeat(b)))  # identity, in C
        if not paired_new:
            # Every provision of a long bill: ids taken in C, not in a generator.
            paired_new.update(map(id, chain.from_iterable(counterparts.values())))
            paired_new.add(0)  # computed (0 is never an object id)
        if id(b) in paired_new:
            return False  # the new line's provision is paired with another old one
        pa, pb = old_index.parents.get(id(a)), new_index.parents.get(id(b))
        return pa is not None and pb is not None and any(q is pb for q in counterparts.get(id(pa), ()))

    out: list[RawOp] = []
    changed = False
    count = len(raw)
    for k, op in enumerate(raw):
        if op.op != EQUAL:
            out.append(op)
            continue
        # The labels are the tail of the run, after its last line break
        # (the run often carries the end of the line before: "\n(2) ").
        o0 = old_text.rfind("\n", op.old_start, op.old_end) + 1 or op.old_start
        n0 = op.new_start + (o0 - op.old_start)
        if (
            o0 == op.old_end
            or (o0 > 0 and old_text[o0 - 1] != "\n")
            or (n0 > 0 and new_text[n0 - 1] != "\n")
            or not _LABELS_ONLY.fullmatch(old_text, o0, op.old_end)
        ):
            out.append(op)
            continue
        end = old_text.find("\n", op.old_end)
        end = len(old_text) if end < 0 else end
        if end == op.old_end:
            out.append(op)  # a line that is only its label (a heading)
            continue
        kept = False
        j = k + 1
        while j < count and raw[j].old_start < end:
            later = raw[j]
            if later.op == EQUAL and _HAS_WORD.search(old_text, later.old_start, min(later.old_end, end)):
                kept = True
                break
            j += 1
        if kept or not same_item(o0, n0):
            out.append(op)
            continue
        if o0 > op.old_start:
            out.append(RawOp(EQUAL, op.old_start, o0, op.new_start, n0))
        out.append(RawOp(DELETE, o0, op.old_end, n0, n0))
        out.append(RawOp(INSERT, op.old_end, op.old_end, n0, op.new_end))
        changed = True
    return regroup(out) if changed else raw


def _after_text(text: str, offset: int) -> bool:
    """Does ``offset`` follow words of its line, not just the line's labels ("(a) ")?"""
    line = text[text.rfind("\n", 0, offset) + 1 : offset]
    return bool(_LEADING_LABELS.sub("", line.lstrip()).strip())


def retype_into_new_provisions(
    raw: list[RawOp],
    old: Version,
    new: Version,
    alignment: Sequence[ProvisionPair],
    indexes: tuple[ProvisionIndex, ProvisionIndex],
    counterparts: dict[int, list[Provision]] | None = None,
) -> list[RawOp]:
    """Strike and retype unchanged words that moved into a new provision on a new line.

    When a subparagraph is broken up into clauses, the Legislative Counsel
    does not keep the continuing words in place: SB 53 (05 -> 06) turned
    "(A) Before January 1, 2027, “large developer” means a person who has
    trained, or initiated the training of, ... operations." into "... a
    person who meets both of the following criteria:" followed by a new
    paragraph "(i) (I) The person has trained, or initiated the training
    of, ... operations.", and its redline strikes the 25 unchanged words
    from (A) and retypes them in the new (i)(I). Words that stay on their
    line are kept, even when a label is added in front of them: "(b) A large
    developer shall report ..." -> "(b) (1) Subject to paragraph (2), a large
    developer shall report ..." (same bill) keeps "large developer shall
    report ...".

    So an unchanged run is retyped where, on the new side, it lies in a
    paragraph that opens a provision the alignment found no counterpart for,
    and, on the old side, in the middle of a line, in a provision that
    survives (is paired), in a paragraph that opens provisions none of which
    is paired with a provision opening that new paragraph. A rewritten "(2)"
    that the alignment could not pair keeps its common words
    ("[-made false ...-]{+violated ...+}").

    The same goes for a sentence that continued a line and now opens a line
    of its own: SB 53 (05 -> 06) moved the Digest's "The bill would impose
    a civil penalty for noncompliance ..." from the end of one paragraph to
    a paragraph of its own after new text, and struck and retyped it. Words
    that only lost a label ("(a) Beginning ..." -> "Beginning ...") or that
    follow new words on their new line (05: "... violated the TFAIA.\nThis
    bill would require ...") are kept.
    """
    old_index, new_index = indexes
    new_text, old_text = new.text, old.text

    def opening(index: ProvisionIndex, offset: int) -> list[Provision]:
        out: list[Provision] = []
        p = index.at(offset)
        while p is not None and p.start == offset:
            out.append(p)
            p = index.parents.get(id(p))
        return out

    # New paragraphs that open an added provision: (start, end), in order.
    spans: list[tuple[int, int]] = []
    seen: set[int] = set()
    for row in alignment:
        if row.old is not None:
            continue
        p = row.new
        if p is None or p.start in seen:
            continue
        if p.start != 0 and new_text[p.start - 1] != "\n":
            continue  # opens mid-line ("(b) (1) ..."): its words stay on their line
        seen.add(p.start)
        end = new_text.find("\n", p.start)
        spans.append((p.start, len(new_text) if end < 0 else end))
    if counterparts is None:
        counterparts = {}
        for row in alignment:
            if row.old is not None and row.new is not None:
                counterparts.setdefault(id(row.old), []).append(row.new)
    spans.sort()
    starts = [s for s, _ in spans]

    def moved(n0: int, o0: int) -> bool:
        # n0: start of the new paragraph; o0: where the run's words stand in the old text.
        home = old_index.at(o0)
        if home is None or id(home) not in counterparts:
            # The old provision is gone: a rewritten "(2)" paired with
            # nothing is a replacement, and its common words stay.
            return False
        o_para = old_text.rfind("\n", 0, o0) + 1
        if o_para == o0:
            # The words began a line and still do: the provision was
            # rewritten in place, not broken up (SB 53 04 -> 05 keeps
            # "(e) “Foundation model”" when the Labor Code definition became
            # a cross-reference, though its old text moved to 22757.11 (g)).
            return False
        old_openers = opening(old_index, o_para)
        if not old_openers:
            return False  # an unlabelled paragraph: nothing to compare with
        targets = {id(p) for p in opening(new_index, n0)}
        return not any(id(q) in targets for p in old_openers for q in counterparts.get(id(p), ()))

    out: list[RawOp] = []
    changed = False
    line_end = -1  # new text up to here is being retyped (a moved sentence's line)
    for op in raw:
        if op.op != EQUAL:
            out.append(op)
            continue
        k = bisect.bisect_right(starts, op.new_start) - 1
        k = max(k, 0)
        cursor = op.new_start
        delta = op.new_start - op.old_start
        o0 = op.old_start
        if (
            o0 > 0
            and old_text[o0 - 1] != "\n"
            and (cursor == 0 or new_text[cursor - 1] == "\n")
            and _after_text(old_text, o0)
        ):
            # Words that continued a line now open one: moved down into a
            # paragraph of their own, past new text. Retyped to the end of
            # their new line (across the edits inside it).
            end = new_text.find("\n", cursor)
            line_end = len(new_text) if end < 0 else end
        if cursor < line_end:
            hi = min(line_end, op.new_end)
            out.append(RawOp(DELETE, cursor - delta, hi - delta, cursor, cursor))
            out.append(RawOp(INSERT, hi - delta, hi - delta, cursor, hi))
            cursor = hi
            changed = True
        while k < len(spans) and spans[k][0] < op.new_end:
            s, e = spans[k]
            k += 1
            lo, hi = max(s, cursor), min(e, op.new_end)
            if lo >= hi or not moved(s, lo - delta):
                continue
            if lo > cursor:
                out.append(RawOp(EQUAL, cursor - delta, lo - delta, cursor, lo))
            out.append(RawOp(DELETE, lo - delta, hi - delta, lo, lo))
            out.append(RawOp(INSERT, hi - delta, hi - delta, lo, hi))
            cursor = hi
            changed = True
        if cursor == op.new_start:
            out.append(op)
        elif cursor < op.new_end:
            out.append(RawOp(EQUAL, cursor - delta, op.old_end, cursor, op.new_end))
    return regroup(out) if changed else raw


# -- consistency with the alignment ----------------------------------------------------


class AlignmentCheck:
    """Strikes unchanged words that sit in provisions the alignment does not pair.

    The word pass sees only text. When the Legislature inserts a new
    "SECTION 1." and the old one becomes "SEC. 2.", the text "SECTION 1."
    is common to both versions, but it heads different provisions: keeping
    it "unchanged" would contradict the alignment (old SECTION 1 = new
    SEC. 2). An unchanged stretch is kept only if, on each side, the nearest
    enclosing section-level provision has a counterpart around the other
    side's position; otherwise it becomes a deletion plus an insertion.
    """

    def __init__(
        self,
        old: Version,
        new: Version,
        alignment: Sequence[ProvisionPair],
        indexes: tuple[ProvisionIndex, ProvisionIndex] | None = None,
    ) -> None:
        from lexdiff.diff.align import kind_group

        self.kind_group = kind_group
        self.old_index, self.new_index = indexes or (ProvisionIndex(old), ProvisionIndex(new))
        self.old_parents = self.old_index.parents
        self.new_parents = self.new_index.parents
        # A split or merged provision has several counterparts.
        # Get-or-add written out (no empty list per row, as with setdefault):
        # one row per provision of a long bill.
        counterparts: dict[int, list[Provision]] = {}
        get = counterparts.get
        for row in alignment:
            a, b = row.old, row.new
            if a is not None and b is not None:
                ka, kb = id(a), id(b)
                found = get(ka)
                if found is None:
                    counterparts[ka] = [b]
                else:
                    found.append(b)
                found = get(kb)
                if found is None:
                    counterparts[kb] = [a]
                else:
                    found.append(a)
        self.counterparts = counterparts

    def consistent(self, p: Provision | None, parents: dict[int, Provision | None], offset: int) -> bool:
        # Subdivisions are relabelled, split and re-nested freely ("(g) (1)
        # The consortium shall ..." becoming "(g) The consortium shall ...
        # as follows: (1) ..."), so only sections and larger units judge.
        while p is not None and self.kind_group(p.kind) == "subdivision":
            p = parents.get(id(p))
        if p is None:
            return True  # only the documents themselves enclose it
        others = self.counterparts.get(id(p))
        if not others:
            return False  # a section that was added or removed shares no words
        return any(other.start <= offset <= other.end for other in others)

    def apply(self, raw: Sequence[RawOp]) -> list[RawOp]:
        out: list[RawOp] = []
        changed = False
        for op in raw:
            if op.op != EQUAL:
                out.append(op)
                continue
            delta = op.new_start - op.old_start
            old_cuts = self.old_index.boundaries(op.old_start, op.old_end)
            new_cuts = self.new_index.boundaries(op.new_start, op.new_end)
            if not old_cuts and not new_cuts:
                # One provision on each side (the line break between two
                # unchanged sections, thousands of times in a long bill):
                # the loop below with a single piece, without its set.
                s = op.old_start
                if self.consistent(self.old_index.at(s), self.old_parents, s + delta) and self.consistent(
                    self.new_index.at(s + delta), self.new_parents, s
                ):
                    out.append(op)
                else:
                    changed = True
                    out.append(RawOp(DELETE, s, op.old_end, op.new_start, op.new_start))
                    out.append(RawOp(INSERT, op.old_end, op.old_end, op.new_start, op.new_end))
                continue
            cuts = set(old_cuts)
            cuts.update(b - delta for b in new_cuts)
            points = [op.old_start, *sorted(cuts), op.old_end]
            for s, e in pairwise(points):
                ok = self.consistent(self.old_index.at(s), self.old_parents, s + delta) and self.consistent(
                    self.new_index.at(s + delta), self.new_parents, s
                )
                if ok:
                    out.append(RawOp(EQUAL, s, e, s + delta, e + delta))
                else:
                    changed = True
                    out.append(RawOp(DELETE, s, e, s + delta, s + delta))
                    out.append(RawOp(INSERT, e, e, s + delta, e + delta))
        return regroup(out) if changed else list(raw)


def stand_new_paragraphs_alone(raw: Sequence[RawOp], old_text: str, new_text: str) -> list[RawOp]:
    """Keep whole inserted paragraphs apart from the change that opens the next line.

    A new item added before a renumbered one comes out of the word pass as
    one replacement, "[-(3)-]{+(C) Whether a catastrophic risk threshold ...
    result.\n(2)+}" (SB 53, 05 -> 06), which lists the deleted "(3)" under
    the new (C). The Legislature's redline inserts the new line on its own
    and then renumbers: "{+(C) Whether ... result.+} / [-(3)-]{+(2)+}". The
    inserted whole lines are moved across the line break before them (the
    same text either way: both sides have a line break there), so that an
    unchanged break separates them from the replacement that follows.
    """
    out: list[RawOp] = []
    k = 0
    while k < len(raw):
        op = raw[k]
        if (
            op.op == DELETE
            and k + 1 < len(raw)
            and raw[k + 1].op == INSERT
            and out
            and out[-1].op == EQUAL
            and out[-1].old_end == op.old_start
            and op.old_start > 0
            and old_text[op.old_start - 1] == "\n"
            and "\n" not in old_text[op.old_start : op.old_end]
        ):
            ins = raw[k + 1]
            lines = new_text.rfind("\n", ins.new_start, ins.new_end) + 1 - ins.new_start  # whole new lines
            if lines > 0:
                eq = out.pop()
                o, n = op.old_start, ins.new_start
                if eq.old_end - eq.old_start > 1:
                    out.append(RawOp(EQUAL, eq.old_start, o - 1, eq.new_start, n - 1))
                out.append(RawOp(INSERT, o - 1, o - 1, n - 1, n - 1 + lines))
                out.append(RawOp(EQUAL, o - 1, o, n - 1 + lines, n + lines))
                out.append(RawOp(DELETE, o, op.old_end, n + lines, n + lines))
                if n + lines < ins.new_end:
                    out.append(RawOp(INSERT, op.old_end, op.old_end, n + lines, ins.new_end))
                k += 2
                continue
        out.append(op)
        k += 1
    return out


def regroup(ops: Sequence[RawOp]) -> list[RawOp]:
    """One deletion then one insertion between consecutive unchanged stretches."""
    out: list[RawOp] = []
    pending: list[RawOp] = []

    def flush() -> None:
        if not pending:
            return
        # The pending edits are contiguous on both sides (deletions advance
        # the old text, insertions the new), so their union is one span each.
        o0 = min(op.old_start for op in pending)
        o1 = max(op.old_end for op in pending)
        n0 = min(op.new_start for op in pending)
        n1 = max(op.new_end for op in pending)
        if o1 > o0:
            out.append(RawOp(DELETE, o0, o1, n0, n0))
        if n1 > n0:
            out.append(RawOp(INSERT, o1, o1, n0, n1))
        pending.clear()

    for op in ops:
        if op.old_start == op.old_end and op.new_start == op.new_end:
            continue
        if op.op == EQUAL:
            flush()
            if out and out[-1].op == EQUAL and out[-1].old_end == op.old_start:
                last = out[-1]
                out[-1] = RawOp(EQUAL, last.old_start, op.old_end, last.new_start, op.new_end)
            else:
                out.append(op)
        else:
            pending.append(op)
    flush()
    return out


# -- official marks ---------------------------------------------------------------


def official_script(old: Version, new: Version, *, engine: str | None = None) -> list[RawOp]:
    """The Legislature's own redline as an edit script from ``old.text`` to ``new.text``.

    ``new.marks`` describe the changes from the version before ``new``. They
    give a script from the rebuilt previous text to ``new.text``; the rebuilt
    text equals ``old.text`` word for word but not always character for
    character (a struck paragraph may come back without its ``"\\n"``), so
    the small whitespace script from ``old.text`` to the rebuilt text is
    composed in front of it.

    Raises:
        ValueError: ``new`` has no marks, or ``old`` is not the version the
            marks were made against.
    """
    if not new.marks:
        raise ValueError("the new version carries no official change marks")
    rebuilt, marks_ops = _marks_script(new)
    old_words = old.text.split()
    rebuilt_words = rebuilt.split()
    if old_words != rebuilt_words:
        differing = _word_mismatch(old_words, rebuilt_words)
        if differing > max(3, 0.01 * len(old_words)):
            raise ValueError(
                f"the official marks are relative to a different previous version "
                f"({differing} words differ from the old file)"
            )
    bridge = compute_script(old.text, rebuilt, engine=engine, old_provisions=old.provisions)
    return compose(bridge, marks_ops)


def _word_mismatch(a: list[str], b: list[str]) -> int:
    ops = diff_sequences(a, b, cleanup="none")
    return sum(count for op, count in ops if op != EQUAL)


def _marks_script(version: Version) -> tuple[str, list[RawOp]]:
    """(previous text rebuilt from the marks, script from it to ``version.text``)."""
    text = version.text
    pieces: list[str] = []
    ops: list[RawOp] = []
    cursor = 0  # in version.text
    o = 0  # in the rebuilt previous text

    def keep(upto: int) -> None:
        nonlocal cursor, o
        if upto > cursor:
            pieces.append(text[cursor:upto])
            ops.append(RawOp(EQUAL, o, o + upto - cursor, cursor, upto))
            o += upto - cursor
            cursor = upto

    # Same ordering rule as lexdiff.model.rebuild_previous_text: at one
    # offset, the struck text comes before the inserted text.
    for mark in sorted(version.marks, key=lambda m: (m.start, m.op != "delete")):
        if mark.start < cursor:
            # A deletion nested in an insertion (or overlapping marks): the
            # insertion already covers this region.
            if mark.op == "insert" and mark.end > cursor:
                ops.append(RawOp(INSERT, o, o, cursor, mark.end))
                cursor = mark.end
            continue
        keep(mark.start)
        if mark.op == "delete":
            if mark.text:
                pieces.append(mark.text)
                ops.append(RawOp(DELETE, o, o + len(mark.text), cursor, cursor))
                o += len(mark.text)
        elif mark.end > cursor:
            ops.append(RawOp(INSERT, o, o, cursor, mark.end))
            cursor = mark.end
    keep(len(text))
    return "".join(pieces), _merge(ops)


def _merge(ops: Iterable[RawOp]) -> list[RawOp]:
    out: list[RawOp] = []
    for op in ops:
        if op.old_start == op.old_end and op.new_start == op.new_end:
            continue
        if out and out[-1].op == op.op and out[-1].old_end == op.old_start and out[-1].new_end == op.new_start:
            last = out[-1]
            out[-1] = RawOp(op.op, last.old_start, op.old_end, last.new_start, op.new_end)
        else:
            out.append(op)
    return out


def compose(first: list[RawOp], second: list[RawOp]) -> list[RawOp]:
    """Compose a script A->B with a script B->C into a script A->C.

    Walks both scripts along their shared middle text B: what ``first``
    keeps and ``second`` keeps is equal; what either removes is deleted;
    what either adds is inserted.
    """
    out: list[RawOp] = []
    a = c = 0  # cursors in A and C

    # Expand each script into segments over B (with A-only / C-only pieces
    # at their B positions).
    def segments(script: list[RawOp], middle_is_old: bool) -> list[tuple[str, int, int]]:
        # (kind, b_length, outer_length) in order; kind in keep / only_b / only_outer
        out_segments: list[tuple[str, int, int]] = []
        for op in script:
            olen, nlen = op.old_end - op.old_start, op.new_end - op.new_start
            if op.op == EQUAL:
                out_segments.append(("keep", olen, olen))
            elif op.op == DELETE:
                out_segments.append(("only_b", olen, 0) if middle_is_old else ("only_outer", 0, olen))
            else:
                out_segments.append(("only_outer", 0, nlen) if middle_is_old else ("only_b", nlen, 0))
        return out_segments

    left = segments(first, middle_is_old=False)  # outer = A
    right = segments(second, middle_is_old=True)  # outer = C
    li = ri = 0
    left_used = right_used = 0  # B characters already consumed from the current segment

    def push(op: str, alen: int, clen: int) -> None:
        nonlocal a, c
        if alen == 0 and clen == 0:
            return
        out.append(RawOp(op, a, a + alen, c, c + clen))
        a += alen
        c += clen

    while li < len(left) or ri < len(right):
        # Pieces that exist only in A (first deleted them before B) or only
        # in C (second inserted them after B) are emitted as soon as they come.
        if li < len(left) and left[li][0] == "only_outer":
            push(DELETE, left[li][2], 0)
            li += 1
            continue
        if ri < len(right) and right[ri][0] == "only_outer":
            push(INSERT, 0, right[ri][2])
            ri += 1
            continue
        if li >= len(left) or ri >= len(right):
            break
        lkind, lb, _ = left[li]
        rkind, rb, _ = right[ri]
        step = min(lb - left_used, rb - right_used)
        if lkind == "keep" and rkind == "keep":
            push(EQUAL, step, step)
        elif lkind == "keep":  # B text kept from A, removed on the way to C
            push(DELETE, step, 0)
        elif rkind == "keep":  # B text that first inserted, second kept
            push(INSERT, 0, step)
        # else: inserted by first and deleted by second: in neither A nor C.
        left_used += step
        right_used += step
        if left_used == lb:
            li += 1
            left_used = 0
        if right_used == rb:
            ri += 1
            right_used = 0
    return _tidy(out)


def _tidy(ops: list[RawOp]) -> list[RawOp]:
    """Merge neighbours and order each replacement as delete-then-insert."""
    builder = _ScriptBuilder(None)
    for op in ops:
        builder.emit(*op)
    return builder.ops


# -- provisions on edits -----------------------------------------------------------


class ProvisionIndex:
    """Innermost provision at any offset of one version, by binary search."""

    def __init__(self, version: Version) -> None:
        self.version = version
        starts: list[int] = [0]
        owners: list[Provision | None] = [None]
        self.starts = starts
        self.owners = owners
        self.parents: dict[int, Provision | None] = {}
        parents = self.parents
        add_start, add_owner = starts.append, owners.append

        # Recursive walk with the "mark" step written out three times: this
        # runs once per provision and boundary (150,000 times on a
        # 1,000,000-word bill), where a function call per mark was a third
        # of the cost. mark(offset, owner): the innermost provision from
        # ``offset`` on is ``owner``.
        def visit(provision: Provision, parent: Provision | None) -> None:
            parents[id(provision)] = parent
            offset = provision.start
            if starts[-1] == offset:
                owners[-1] = provision
            else:
                add_start(offset)
                add_owner(provision)
            for child in provision.children:
                visit(child, provision)
                offset = child.end
                if starts[-1] == offset:
                    owners[-1] = provision
                else:
                    add_start(offset)
                    add_owner(provision)
            offset = provision.end
            if starts[-1] == offset:
                owners[-1] = parent
            else:
                add_start(offset)
                add_owner(parent)

        for top in version.provisions:
            visit(top, None)

    def labels_at(self, offset: int) -> list[str]:
        """Labels of the provisions that start at ``offset``, outermost first ("(k)", "(1)")."""
        labels: list[str] = []
        p = self.at(offset)
        while p is not None and p.start == offset:
            if p.label:
                labels.append(p.label.strip())
            p = self.parents.get(id(p))
        labels.reverse()
        return labels

    def at(self, offset: int) -> Provision | None:
        """Innermost provision whose span contains ``offset``."""
        k = bisect.bisect_right(self.starts, offset) - 1
        return self.owners[k] if k >= 0 else None

    def boundaries(self, start: int, end: int) -> list[int]:
        """Offsets strictly inside ``(start, end)`` where the innermost provision changes."""
        lo = bisect.bisect_right(self.starts, start)
        hi = bisect.bisect_left(self.starts, end)
        return self.starts[lo:hi]

    def point(self, offset: int, counterpart: Provision | None) -> Provision | None:
        """Provision for a zero-width position: the aligned counterpart when it spans it."""
        if counterpart is not None and counterpart.start <= offset <= counterpart.end:
            inner = self.at(offset)
            # Prefer a deeper provision inside the counterpart that truly contains the point.
            if inner is not None and counterpart.start <= inner.start and inner.end <= counterpart.end and inner.start < offset:
                return inner
            return counterpart
        if offset >= len(self.version.text) and offset > 0:
            return self.at(offset - 1)
        return self.at(offset)


def attribute(
    raw: list[RawOp],
    old: Version,
    new: Version,
    alignment: Sequence[ProvisionPair],
    indexes: tuple[ProvisionIndex, ProvisionIndex] | None = None,
    suspects: list[tuple[int, int, int, Provision, Provision]] | None = None,
) -> list[Edit]:
    """Cut raw ops where the innermost provision changes and name it on each side.

    Args:
        suspects: when given, collects the unchanged pieces whose two
            provisions the alignment did not pair with each other, as
            ``(old_start, old_end, delta, old provision, new provision)``
            (see :func:`crossed_pieces`).
    """
    old_index, new_index = indexes or (ProvisionIndex(old), ProvisionIndex(new))
    new_to_old: dict[int, Provision] = {}
    old_to_new: dict[int, Provision] = {}
    for row in alignment:
        if row.old is not None and row.new is not None and not row.moved and not row.piece:
            new_to_old.setdefault(id(row.new), row.old)
            old_to_new.setdefault(id(row.old), row.new)

    def path(p: Provision | None) -> str | None:
        return p.path if p is not None else None

    edits: list[Edit] = []
    append = edits.append
    paired_get = old_to_new.get
    o_starts, o_owners = old_index.starts, old_index.owners
    n_starts, n_owners = new_index.starts, new_index.owners
    bisect_left, bisect_right = bisect.bisect_left, bisect.bisect_right
    for op in raw:
        if op.op == EQUAL:
            o0, o1, n0, n1 = op.old_start, op.old_end, op.new_start, op.new_end
            delta = n0 - o0
            lo, hi = bisect_right(o_starts, o0), bisect_left(o_starts, o1)
            ln, hn = bisect_right(n_starts, n0), bisect_left(n_starts, n1)
            if hi - lo == hn - ln and (
                o_starts[lo:hi] == (list(map(sub, n_starts[ln:hn], repeat(delta))) if delta else n_starts[ln:hn])
            ):
                # The usual case (unchanged text): provisions begin and end
                # at the same places on both sides, so both owner lists are
                # walked in step, with no search per piece (zip over slices
                # rather than index arithmetic: ~50,000 pieces in a long bill).
                ends = o_starts[lo:hi]
                ends.append(o1)
                s = o0
                for e, a, b in zip(ends, o_owners[lo - 1 : hi], n_owners[ln - 1 : hn]):
                    append(make_edit(EQUAL, s, e, s + delta, e + delta,
                                     a.path if a is not None else None, b.path if b is not None else None))
                    if suspects is not None and a is not None and b is not None and paired_get(id(a)) is not b:
                        suspects.append((s, e, delta, a, b))
                    s = e
                continue
            cuts = set(o_starts[lo:hi])
            cuts.update(b - delta for b in n_starts[ln:hn])
            points = [o0, *sorted(cuts), o1]
            for s, e in pairwise(points):
                a, b = old_index.at(s), new_index.at(s + delta)
                append(make_edit(EQUAL, s, e, s + delta, e + delta, path(a), path(b)))
                if suspects is not None and a is not None and b is not None and paired_get(id(a)) is not b:
                    suspects.append((s, e, delta, a, b))
        elif op.op == DELETE:
            points = [op.old_start, *old_index.boundaries(op.old_start, op.old_end), op.old_end]
            for s, e in pairwise(points):
                owner = old_index.at(s)
                there = new_index.point(op.new_start, old_to_new.get(id(owner)) if owner else None)
                append(make_edit(DELETE, s, e, op.new_start, op.new_start, path(owner), path(there)))
        else:
            points = [op.new_start, *new_index.boundaries(op.new_start, op.new_end), op.new_end]
            for s, e in pairwise(points):
                owner = new_index.at(s)
                there = old_index.point(op.old_start, new_to_old.get(id(owner)) if owner else None)
                append(make_edit(INSERT, op.old_start, op.old_start, s, e, path(there), path(owner)))
    return edits


def crossed_pieces(
    suspects: Sequence[tuple[int, int, int, Provision, Provision]],
    alignment: Sequence[ProvisionPair],
) -> list[tuple[int, int, int]]:
    """Unchanged pieces that the word diff matched across two differently paired provisions.

    When drafters merge provisions they retype the merged text: SB 53
    (05 -> 06) folded paragraphs (1) and (2) of 22757.12 (c) into a new
    (1) with subparagraphs (A)-(C), and its redline strikes old (1) and
    (2)(A) whole and types the new (1)(A) ("The results of any risk
    assessment or risk mitigation assessment ..."), although a word diff
    finds "The results of any risk" and "pursuant to its safety and
    security" in both. Such words sit, on each side, in a provision that
    the alignment paired with something else: old (c)(1) with new (c)(1),
    new (c)(1)(A) with old (c)(2)(A). A piece is "crossed" when both of
    its provisions are paired, and no counterpart of the new one is the
    old one, inside it or around it. Provisions added or removed (a label
    put in front of a line, "(g) (1) The consortium ..." becoming "(g) The
    consortium ...") never make a piece crossed.

    Returns:
        ``(old_start, old_end, delta)`` of each crossed piece, in order.
    """
    if not suspects:
        return []
    wanted = {id(a) for *_, a, _ in suspects} | {id(b) for *_, b in suspects}
    # Only the rows of the few provisions wanted are visited, found by
    # C-level passes over the ids of all rows (a long bill has ~25,000).
    is_wanted = wanted.__contains__
    hits = set(compress(range(len(alignment)), map(is_wanted, map(id, map(attrgetter("old"), alignment)))))
    hits.update(compress(range(len(alignment)), map(is_wanted, map(id, map(attrgetter("new"), alignment)))))
    counterparts: dict[int, list[Provision]] = {}
    for row in map(alignment.__getitem__, sorted(hits)):
        a, b = row.old, row.new
        if a is None or b is None:
            continue
        ka, kb = id(a), id(b)
        if kb in wanted:
            counterparts.setdefault(kb, []).append(a)
        if ka in wanted:
            counterparts.setdefault(ka, []).append(b)
    out: list[tuple[int, int, int]] = []
    for s, e, delta, a, b in suspects:
        if id(a) not in counterparts:
            continue  # the old provision was removed
        others = counterparts.get(id(b))
        if not others:
            continue  # the new provision was added
        if any(x.start <= a.start and a.end <= x.end or a.start <= x.start and x.end <= a.end for x in others):
            continue
        out.append((s, e, delta))
    return out


def retype_pieces(raw: list[RawOp], pieces: Sequence[tuple[int, int, int]]) -> list[RawOp]:
    """Turn the given unchanged pieces (inside equal ops of ``raw``) into a deletion and an insertion."""
    if not pieces:
        return raw
    out: list[RawOp] = []
    k = 0
    for op in raw:
        if op.op != EQUAL:
            out.append(op)
            continue
        cursor = op.old_start
        delta = op.new_start - op.old_start
        while k < len(pieces) and pieces[k][0] < op.old_end:
            s, e, d = pieces[k]
            k += 1
            if d != delta or s < cursor:
                continue
            if s > cursor:
                out.append(RawOp(EQUAL, cursor, s, cursor + delta, s + delta))
            out.append(RawOp(DELETE, s, e, s + delta, s + delta))
            out.append(RawOp(INSERT, e, e, s + delta, e + delta))
            cursor = e
        if cursor < op.old_end:
            out.append(RawOp(EQUAL, cursor, op.old_end, cursor + delta, op.new_end))
    return regroup(out)


_WORD = re.compile(r"\S+")


def retype_merge_remnants(
    raw: list[RawOp], old_text: str, new_text: str, pieces: Sequence[tuple[int, int, int]]
) -> list[RawOp]:
    """Retype what a merge left of a line once its crossed words are retyped.

    Once the words matched across a merge are retyped (:func:`crossed_pieces`),
    a line of the merged provision may keep only a stray run of its old
    text. SB 53 (05 -> 06): after "The results of any risk" and "pursuant
    to its safety and security" are retyped in the new 22757.12 (c)(1)(A),
    the word pass still keeps "the steps taken to address any identified"
    from old (c)(2)(A), 7 of the new line’s 59 words and of the old line’s
    47; the Legislature strikes old (2)(A) whole and types the new (1)(A)
    whole. Such a line is measured again as a leaf provision is
    (``REWRITTEN_BELOW``): when the words it still keeps are under that
    share of the new line and of each old line they come from, they are
    retyped too. Lines without a crossed piece are left alone (03 -> 04
    keeps "(1)" and "involved with assessing, managing, or addressing",
    7 of 21 new words, in a line that no merge touched).
    """
    if not pieces:
        return raw

    def line_of(text: str, offset: int) -> tuple[int, int]:
        end = text.find("\n", offset)
        return text.rfind("\n", 0, offset) + 1, len(text) if end < 0 else end

    equals = [op for op in raw if op.op == EQUAL]
    old_starts = [op.old_start for op in equals]
    new_starts = [op.new_start for op in equals]

    def kept_share(text: str, starts: list[int], side: int, lo: int, hi: int) -> float:
        total = len(_WORD.findall(text, lo, hi)) or 1
        kept = 0
        k = max(bisect.bisect_right(starts, lo) - 1, 0)
        while k < len(equals) and starts[k] < hi:
            op = equals[k]
            a, b = (op.old_start, op.old_end) if side == 0 else (op.new_start, op.new_end)
            if b > lo:
                kept += len(_WORD.findall(text, max(a, lo), min(b, hi)))
            k += 1
        return kept / total

    targets: list[tuple[int, int, int]] = []  # (old_start, old_end, delta) to retype
    seen: set[tuple[int, int]] = set()
    for s, _e, delta in pieces:
        line = line_of(new_text, s + delta)
        if line in seen:
            continue
        seen.add(line)
        lo, hi = line
        if kept_share(new_text, new_starts, 1, lo, hi) >= REWRITTEN_BELOW:
            continue
        runs = []
        k = max(bisect.bisect_right(new_starts, lo) - 1, 0)
        while k < len(equals) and new_starts[k] < hi:
            op = equals[k]
            k += 1
            a, b = max(op.new_start, lo), min(op.new_end, hi)
            if a < b and _HAS_WORD.search(new_text, a, b):
                d = op.new_start - op.old_start
                runs.append((a - d, b - d, d))
        if all(kept_share(old_text, old_starts, 0, *line_of(old_text, a)) < REWRITTEN_BELOW for a, _, _ in runs):
            targets.extend(runs)
    if not targets:
        return raw
    targets.sort()
    return retype_pieces(raw, targets)


def span_edits(diff: VersionDiff, old: Provision, new: Provision) -> list[Edit]:
    """Word diff of one provision against another, wherever each stands (moved pairs)."""
    raw = compute_script(
        diff.old.text[old.start : old.end], diff.new.text[new.start : new.end], engine=diff.engine or None
    )  # offsets relative to the two provisions; shifted below
    shifted = [
        RawOp(op.op, op.old_start + old.start, op.old_end + old.start, op.new_start + new.start, op.new_end + new.start)
        for op in raw
    ]
    return attribute(shifted, diff.old, diff.new, diff.alignment)
