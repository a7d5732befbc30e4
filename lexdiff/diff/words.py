"""Word-level diff with diff-match-patch: the only module that touches its API.

diff-match-patch diffs characters. To diff *words* we use its "line to char"
trick, applied to tokens: every distinct token (a word, or a run of
whitespace) is mapped to one code point, the two code-point strings are
diffed, and each character of the result stands for one token. Edits can then
only start and end on token boundaries, so a change never cuts a word in two
("develop[-er-]{+ment+}" cannot happen; "[-developer-]{+development+}" can).

Two engines run the same algorithm (Myers' O(ND) diff with Google's
post-processing): the C++ build (``fast_diff_match_patch``, default when
installed) and the pure-Python port (``diff_match_patch``). Both are called
with no time limit (``Diff_Timeout = 0`` / ``timelimit=0``) so that the result
never depends on how busy the machine is: a diff that changes under load
would make redlines, tests and the JSON output irreproducible.

Token classes are encoded so that diff-match-patch's cosmetic boundary
scoring (``diff_cleanupSemanticLossless``) still means something: a single
space stays a space, a paragraph break stays ``"\\n"``, and words become
letter-like code points. The lossless pass then prefers to put an edit's
edges at paragraph breaks, then at spaces, exactly as a drafter would:
an inserted paragraph ``(k) ...`` is reported as ``"\\n(k) ..."`` rather than
straddling the end of the previous paragraph.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Hashable, Iterator, Sequence
from itertools import islice, repeat

#: Op names used everywhere in lexdiff.diff.
EQUAL = "equal"
INSERT = "insert"
DELETE = "delete"

#: A word is a run of non-whitespace; whitespace runs are tokens of their own
#: so that "\n" between paragraphs is diffed (and rebuilt) exactly.
_TOKEN = re.compile(r"\s+|\S+")

#: Engines by name. "fast" is the C++ build of the same algorithm.
ENGINES: tuple[str, ...] = ("fast", "python")

#: Cleanup passes, by lexdiff name -> C++ binding name. "paragraph" is
#: diff-match-patch's semantic cleanup confined to each stretch between
#: unchanged paragraph breaks (see :func:`_cleanup_within_paragraphs`).
CLEANUPS: dict[str, str] = {
    "semantic": "Semantic",
    "paragraph": "No",
    "efficiency": "Efficiency",
    "none": "No",
}

_OPS = {"=": EQUAL, "+": INSERT, "-": DELETE, 0: EQUAL, 1: INSERT, -1: DELETE}


def tokenize(text: str) -> list[str]:
    """Split ``text`` into words and whitespace runs; ``"".join(result) == text``."""
    return _TOKEN.findall(text)


def default_engine() -> str:
    """The engine to use: ``$LEXDIFF_DIFF_ENGINE`` if set, else C++ when importable."""
    wanted = os.environ.get("LEXDIFF_DIFF_ENGINE", "").strip().lower()
    if wanted in ENGINES:
        return wanted
    try:
        import fast_diff_match_patch  # noqa: F401
    except ImportError:  # pragma: no cover - depends on the installation
        return "python"
    return "fast"


def _alnum_code_points() -> Iterator[str]:
    # Letter-like characters, so diff-match-patch scores a boundary between
    # two encoded words like one inside a word (0) and a boundary next to an
    # encoded space like a real word boundary (2). Surrogates are skipped:
    # they are not valid characters for the C++ engine.
    for point in range(0x100, 0x110000):
        if 0xD800 <= point <= 0xDFFF:
            continue
        char = chr(point)
        if char.isalnum():
            yield char
    # Vocabulary larger than every letter in Unicode (~130,000 distinct
    # words): fall back to any other non-space character. Only the cosmetic
    # boundary scoring is affected.
    for point in range(0x100, 0x110000):
        if 0xD800 <= point <= 0xDFFF:
            continue
        char = chr(point)
        if not char.isalnum() and not char.isspace():
            yield char


#: Code points handed out so far, shared by every encoder: a long bill makes
#: a thousand small word diffs, and scanning Unicode afresh for each one
#: cost more than the diffs themselves.
_CODE_POINTS: list[str] = []
_CODE_SOURCE = _alnum_code_points()


def _code_point(k: int) -> str:
    """The ``k``-th code point of :func:`_alnum_code_points`."""
    if k >= len(_CODE_POINTS):
        want = max(1024, len(_CODE_POINTS), k + 1 - len(_CODE_POINTS))
        _CODE_POINTS.extend(islice(_CODE_SOURCE, want))
        if k >= len(_CODE_POINTS):
            raise ValueError("too many distinct tokens to diff (over 1.1 million)")
    return _CODE_POINTS[k]


class _Encoder:
    """Maps hashable tokens to single characters, consistently across both sides."""

    def __init__(self) -> None:
        self._codes: dict[Hashable, str] = {}
        self._weights: dict[str, int] = {}
        self._used = 0
        self._clause_ends: frozenset[str] | None = None  # computed on first use, once both sides are encoded

    def encode(self, tokens: Sequence[Hashable]) -> str:
        codes = self._codes
        weights = self._weights
        points = _CODE_POINTS
        # New tokens in order of first appearance (dict.fromkeys runs in C),
        # then one C-level pass to map every token: the same codes as a
        # token-by-token loop, at a fraction of the cost.
        for token in dict.fromkeys(tokens):
            if token not in codes:
                if token == " " or token == "\n":
                    code = token  # keep real boundaries visible to the cleanup
                else:
                    used = self._used
                    code = points[used] if used < len(points) else _code_point(used)
                    self._used = used + 1
                codes[token] = code
                weights[code] = len(token) + 1 if isinstance(token, str) else 1
        return "".join(map(codes.__getitem__, tokens))

    def clause_ends(self) -> frozenset[str]:
        """Codes of the words that end a clause ("risk," "act." "following:")."""
        if self._clause_ends is None:
            self._clause_ends = frozenset(
                code for token, code in self._codes.items() if isinstance(token, str) and token[-1:] in ",;:."
            )
        return self._clause_ends

    def weights(self) -> dict[str, int]:
        """Characters each code stands for: a word and the space after it (1 for non-strings)."""
        return self._weights


def diff_sequences(
    old: Sequence[Hashable],
    new: Sequence[Hashable],
    *,
    cleanup: str = "semantic",
    engine: str | None = None,
) -> list[tuple[str, int]]:
    """Diff two token sequences with diff-match-patch.

    Args:
        old, new: sequences of hashable tokens (words, whitespace runs, whole
            paragraphs ...). Equal tokens must compare equal.
        cleanup: ``"semantic"`` (merge choppy edits into readable ones, the
            default for words), ``"efficiency"`` or ``"none"`` (only merge
            adjacent ops; used for paragraph-level passes).
        engine: ``"fast"`` (C++) or ``"python"``; :func:`default_engine` when None.

    Returns:
        ``[(op, count), ...]`` with op in ``equal``/``insert``/``delete`` and
        ``count`` in tokens; equal + delete counts sum to ``len(old)``, equal
        + insert counts to ``len(new)``.

    Raises:
        ValueError: unknown ``cleanup`` or ``engine``.
    """
    if cleanup not in CLEANUPS:
        raise ValueError(f"unknown cleanup {cleanup!r}; choose one of: {', '.join(CLEANUPS)}")
    engine = engine or default_engine()
    if engine not in ENGINES:
        raise ValueError(f"unknown diff engine {engine!r}; choose one of: {', '.join(ENGINES)}")
    if not old and not new:
        return []
    if not old:
        return [(INSERT, len(new))]
    if not new:
        return [(DELETE, len(old))]
    encoder = _Encoder()
    a = encoder.encode(old)
    b = encoder.encode(new)
    weight = encoder.weights
    if a == b:
        return [(EQUAL, len(a))]
    if engine == "fast":
        import fast_diff_match_patch

        raw = fast_diff_match_patch.diff(
            a, b, timelimit=0, checklines=False, cleanup=CLEANUPS[cleanup], counts_only=True
        )
        ops = [(_OPS[op], count) for op, count in raw]
        if cleanup == "paragraph":
            ops = _cleanup_within_paragraphs(ops, a, b, weight, encoder.clause_ends)
    else:
        import diff_match_patch

        dmp = diff_match_patch.diff_match_patch()
        dmp.Diff_Timeout = 0
        diffs = dmp.diff_main(a, b, checklines=False)
        if cleanup == "semantic":
            dmp.diff_cleanupSemantic(diffs)
        elif cleanup == "efficiency":
            dmp.diff_cleanupEfficiency(diffs)
        ops = [(_OPS[op], len(chunk)) for op, chunk in diffs]
        if cleanup == "paragraph":
            ops = _cleanup_within_paragraphs(ops, a, b, weight, encoder.clause_ends)
    return _normalize(ops)


#: Longest unchanged stretch (in words) that the cleanup may strike and
#: re-insert to make a redline readable. The Legislative Counsel retypes
#: connecting words ("or", "federal", "of the") with the phrases around
#: them, but not a whole unchanged clause: SB 53 (03 -> 04) keeps "involved
#: with assessing, managing, or addressing" (6 words) between two rewritten
#: phrases that are longer than it.
DISSOLVE_MAX_WORDS = 4


def _dissolve_short_equalities(diffs: list, equal: int, cap: int, weight: dict[str, int]) -> None:
    """diff-match-patch's semantic elimination rule, measured in characters.

    An unchanged stretch strictly shorter (in characters) than the edits on
    either side of it is folded into them, and the merged change is then
    compared with the next stretch, as ``diff_cleanupSemantic`` does. This is
    how the Legislative Counsel strikes and retypes phrases: in SB 53
    (02 -> 03) "or enforcing a rule, regulation, or policy" became
    "enforcing, or entering into a rule, regulation, policy, or contract",
    marked ``[- or enforcing-]{+ enforcing, or entering into+} a rule,
    regulation,[- or policy-]{+ policy, or contract+}``: each connecting "or"
    is retyped with its phrase, but "a rule, regulation," is kept. Counted
    in words it would be retyped too (3 words against changes of 4 and 3
    words once the two "or"s are folded in); in characters it is 20 against
    28 and 20, not strictly shorter than both.

    One more case: a single word left alone between two insertions, and
    shorter than the two together, is retyped with them. SB 53 (05 -> 06)
    turned "the crime of extortion, theft, including theft by deception, or
    a serious or violent felony" into "the crime of murder, assault,
    extortion, or theft, including theft by false pretense"; the words alone
    give "{+murder, assault, +}extortion, {+or +}theft, including theft by
    [-deception, ...-]", the Legislature retypes the whole list. Once
    "extortion," goes, the standard rule takes "theft, including theft by"
    with it. The same pass retypes "{+the +}enforcement{+ of those
    whistleblower protections+}" in 05's Digest, which the Legislature
    kept: one word lost there, five gained in 06 (both in
    ``benchmarks/README.md``).

    Args:
        diffs: ``[(op, code string), ...]`` with diff-match-patch op codes.
        equal: the equal op code.
        cap: never dissolve a stretch of more than this many words: drafters
            strike and retype connecting words, never a whole unchanged clause.
        weight: characters each code stands for (a word and its space).
    """
    _merge_edits(diffs, equal)

    def size(chunk: str) -> int:
        return sum(map(weight.get, chunk, repeat(1, len(chunk))))

    # Segments: [deleted, inserted] lists for a change, or a str for an equality.
    segments: list = []
    for op, chunk in diffs:
        if op == equal:
            segments.append(chunk)
        else:
            if not segments or isinstance(segments[-1], str):
                segments.append(["", ""])
            if op == 1:
                segments[-1][1] += chunk
            else:
                segments[-1][0] += chunk
    changed = True
    while changed:
        changed = False
        out: list = []
        k = 0
        while k < len(segments):
            seg = segments[k]
            if (
                isinstance(seg, str)
                and out
                and not isinstance(out[-1], str)
                and k + 1 < len(segments)
                and len(seg) <= cap
            ):
                before, after = out[-1], segments[k + 1]
                length = size(seg)
                if (length < max(map(size, before)) and length < max(map(size, after))) or (
                    len(seg) == 1
                    and not before[0]
                    and not after[0]
                    and length < size(before[1]) + size(after[1])
                ):
                    out[-1] = [before[0] + seg + after[0], before[1] + seg + after[1]]
                    changed = True
                    k += 2
                    continue
            out.append(seg)
            k += 1
        segments = out
    diffs.clear()
    for seg in segments:
        if isinstance(seg, str):
            diffs.append((equal, seg))
        else:
            if seg[0]:
                diffs.append((-1, seg[0]))
            if seg[1]:
                diffs.append((1, seg[1]))


def _merge_edits(diffs: list, equal: int) -> None:
    """Join each run of edits into one deletion and one insertion, in place."""
    out: list = []
    deleted: list[str] = []
    inserted: list[str] = []
    for op, chunk in diffs:
        if op == equal:
            if deleted:
                out.append((-1, "".join(deleted)))
            if inserted:
                out.append((1, "".join(inserted)))
            deleted, inserted = [], []
            out.append((op, chunk))
        elif op == 1:
            inserted.append(chunk)
        else:
            deleted.append(chunk)
    if deleted:
        out.append((-1, "".join(deleted)))
    if inserted:
        out.append((1, "".join(inserted)))
    diffs[:] = out


def _slide_edits(diffs: list, equal: int, insert: int, clause_ends: frozenset[str] | set[str]) -> None:
    """Place each lone insertion where the Legislature puts it, in place.

    An insertion next to a repeated word can stand on either side of it:
    "risk and {+dangerous capabilities and +}the" or "risk {+and dangerous
    capabilities +}and the". Among such equivalent places (found as
    diff-match-patch's ``diff_cleanupSemanticLossless`` finds them, by
    shifting the edit through the text it repeats), the Legislative Counsel
    ends an inserted phrase at a clause boundary when one is on offer (SB 53
    02 -> 03: "present a critical risk,{+ or that the developer has made ...
    about its management of critical risk,+} including" rather than
    "present a {+critical risk, or ... management of +}critical risk,") and
    otherwise puts it first (05 -> 06: "catastrophic risk{+ and dangerous
    capabilities+} and the effectiveness", twice). A place that joins the
    edit to a neighbouring one (an equality emptied) comes first, as in
    diff-match-patch. ``diff_cleanupSemanticLossless`` (run before this)
    scores the places by the characters at the edges, which word codes do
    not have, so among ties it takes the last place; deletions are left
    there, where the Legislature strikes them too (03 -> 04: "services
    for[- wages or a salary ..., express or implied, for-] an employer").

    Args:
        diffs: ``[(op, code string), ...]`` with diff-match-patch op codes.
        equal: the equal op code.
        clause_ends: codes of the words that end with a clause mark (, ; : .).
    """
    k = 1
    while k < len(diffs) - 1:
        (op0, e1), (op, edit), (op2, e2) = diffs[k - 1], diffs[k], diffs[k + 1]
        if op0 != equal or op2 != equal or op != insert or not edit:
            k += 1
            continue
        # Shift as far left as the edit repeats the text before it.
        while e1 and edit and e1[-1] == edit[-1]:
            e1, edit, e2 = e1[:-1], e1[-1] + edit[:-1], edit[-1] + e2
        best = None
        best_key = None
        position = 0
        while True:
            key = (not e1 or not e2, edit[-1] in clause_ends, -position)
            if best_key is None or key > best_key:
                best, best_key = (e1, edit, e2), key
            if not e2 or e2[0] != edit[0]:
                break
            e1, edit, e2 = e1 + edit[0], edit[1:] + e2[0], e2[1:]
            position += 1
        e1, edit, e2 = best
        if diffs[k - 1][1] != e1:
            diffs[k - 1] = (equal, e1)
            diffs[k] = (op, edit)
            diffs[k + 1] = (equal, e2)
        k += 1


def _cleanup_within_paragraphs(
    ops: list[tuple[str, int]],
    a: str,
    b: str,
    weights: Callable[[], dict[str, int]],
    clause_ends: Callable[[], frozenset[str]] = frozenset,
) -> list[tuple[str, int]]:
    """Semantic cleanup that never dissolves an unchanged paragraph break.

    diff-match-patch's semantic cleanup turns an unchanged stretch into
    "deleted + re-inserted" whenever the edits on both sides are longer. That
    reads well inside a sentence ("[-the developer shall-]{+a large developer
    may+}" rather than confetti), but across paragraphs it strikes whole
    unchanged sections: when SB 53 moved its penalty section after
    Section 22757.15, the plain cleanup struck and re-inserted all 267 words
    of 22757.15 because the moved text on either side was longer. The
    Legislature's redline never does that. So the cleanup runs separately on
    each stretch between unchanged paragraph breaks; the unchanged words on
    either side of such a break still belong to their stretches, so that an
    insertion can slide to the end of its sentence (SB 53 03: "present a
    critical risk,{+ or that the developer has made ... critical risk,+}"
    rather than "present a {+critical risk, or ... management of +}critical
    risk,").
    """
    import diff_match_patch

    dmp = diff_match_patch.diff_match_patch()
    codes = {EQUAL: dmp.DIFF_EQUAL, INSERT: dmp.DIFF_INSERT, DELETE: dmp.DIFF_DELETE}
    names = {value: key for key, value in codes.items()}
    out: list[tuple[str, int]] = []
    stretch: list[tuple[int, str]] = []

    def flush() -> None:
        if stretch:
            if len(stretch) > 2:
                _dissolve_short_equalities(stretch, dmp.DIFF_EQUAL, DISSOLVE_MAX_WORDS, weights())
                dmp.diff_cleanupMerge(stretch)
                dmp.diff_cleanupSemanticLossless(stretch)
                _slide_edits(stretch, dmp.DIFF_EQUAL, dmp.DIFF_INSERT, clause_ends())
                dmp.diff_cleanupMerge(stretch)
            out.extend((names[op], len(chunk)) for op, chunk in stretch if chunk)
            stretch.clear()

    i = j = 0
    for op, count in ops:
        if op == INSERT:
            chunk = b[j : j + count]
            j += count
        else:
            chunk = a[i : i + count]
            i += count
            if op == EQUAL:
                j += count
        if op == EQUAL and "\n" in chunk:
            first = chunk.index("\n")
            last = chunk.rindex("\n") + 1
            if first:
                stretch.append((dmp.DIFF_EQUAL, chunk[:first]))
            flush()
            out.append((EQUAL, last - first))
            if last < len(chunk):
                stretch.append((dmp.DIFF_EQUAL, chunk[last:]))
        else:
            stretch.append((codes[op], chunk))
    flush()
    return out


def _normalize(ops: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Drop empty ops, merge neighbours of the same kind, put deletes before inserts.

    Both engines already do this in their merge pass; doing it once more here
    makes the two engines' outputs directly comparable.
    """
    out: list[tuple[str, int]] = []
    pending_delete = 0
    pending_insert = 0
    for op, count in ops:
        if count <= 0:
            continue
        if op == DELETE:
            pending_delete += count
        elif op == INSERT:
            pending_insert += count
        else:
            if pending_delete:
                out.append((DELETE, pending_delete))
            if pending_insert:
                out.append((INSERT, pending_insert))
            pending_delete = pending_insert = 0
            if out and out[-1][0] == EQUAL:
                out[-1] = (EQUAL, out[-1][1] + count)
            else:
                out.append((EQUAL, count))
    if pending_delete:
        out.append((DELETE, pending_delete))
    if pending_insert:
        out.append((INSERT, pending_insert))
    return out


def _is_space(token: str) -> bool:
    # A whitespace run that is not a paragraph break (tokens are either all
    # whitespace or all not, so the first character decides).
    return token[0].isspace() and "\n" not in token


def diff_tokens(
    old: Sequence[str],
    new: Sequence[str],
    *,
    cleanup: str = "semantic",
    engine: str | None = None,
) -> list[tuple[str, int]]:
    """Diff two :func:`tokenize` lists on their words; the spaces follow the words.

    Only words and paragraph breaks are compared; the spaces between words
    are left out of the diff and put back afterwards. Were they tokens, the
    longest common subsequence would be free to "keep" the spaces of a
    rewritten sentence instead of its words: the demo Digest's "The bill
    would require a developer to submit an annual certification ..." against
    "The bill would define a covered model ... The bill would require a
    developer to submit an annual statement ..." came out as
    "[-require-]{+define+} a [-developer-]{+covered+} [-to-]{+model+} ...",
    every space kept and "require a developer to submit an annual" struck
    and retyped. The Legislature (and ``git diff --word-diff``) compares
    words. It also makes the semantic cleanup count words, not words plus
    spaces.

    Returns:
        ``[(op, count), ...]`` in tokens of ``old`` / ``new`` (spaces
        included), as :func:`diff_sequences`: an unchanged space between
        unchanged words is equal; a space next to an edit goes with the edit
        except that one space shared by both sides stays equal, so edits
        read ``"on {+a +}broad"`` and ``"[-data.-]{+data set.+}"``.
    """
    # Inline form of _is_space (this runs once per token).
    old_at = [k for k, t in enumerate(old) if t != " " and (not t[0].isspace() or "\n" in t)]
    new_at = [k for k, t in enumerate(new) if t != " " and (not t[0].isspace() or "\n" in t)]
    ops = diff_sequences(
        [old[k] for k in old_at], [new[k] for k in new_at], cleanup=cleanup, engine=engine
    )
    out: list[tuple[str, int]] = []
    i = j = 0  # cursors in old / new (all tokens)
    si = sj = 0  # cursors in old_at / new_at

    def changed(i_end: int, j_end: int) -> None:
        # old[i:i_end] -> new[j:j_end]: edited words and the spaces around them.
        lo, hi = i, i_end
        ln, hn = j, j_end
        if lo < hi and ln < hn and _is_space(old[lo]) and old[lo] == new[ln]:
            out.append((EQUAL, 1))
            lo += 1
            ln += 1
        tail = lo < hi and ln < hn and _is_space(old[hi - 1]) and old[hi - 1] == new[hn - 1]
        if tail:
            hi -= 1
            hn -= 1
        if hi > lo:
            out.append((DELETE, hi - lo))
        if hn > ln:
            out.append((INSERT, hn - ln))
        if tail:
            out.append((EQUAL, 1))

    for op, count in ops:
        if op == EQUAL:
            a0, b0 = old_at[si], new_at[sj]
            changed(a0, b0)
            a1, b1 = old_at[si + count - 1] + 1, new_at[sj + count - 1] + 1
            if a1 - a0 == b1 - b0 and old[a0:a1] == new[b0:b1]:
                out.append((EQUAL, a1 - a0))
            else:
                # Same words, different spaces between some of them.
                for k in range(count):
                    out.append((EQUAL, 1))
                    if k + 1 < count:
                        i, j = old_at[si + k] + 1, new_at[sj + k] + 1
                        changed(old_at[si + k + 1], new_at[sj + k + 1])
            i, j = a1, b1
            si += count
            sj += count
        elif op == DELETE:
            si += count
        else:
            sj += count
    changed(len(old), len(new))
    return _normalize(out)


def diff_words(
    old: str, new: str, *, cleanup: str = "semantic", engine: str | None = None
) -> list[tuple[str, str]]:
    """Word diff of two strings: ``[(op, text), ...]`` that rebuilds both exactly.

    Example:
        >>> diff_words("a developer shall", "a large developer shall")
        [('equal', 'a '), ('insert', 'large '), ('equal', 'developer shall')]
    """
    old_tokens = tokenize(old)
    new_tokens = tokenize(new)
    out: list[tuple[str, str]] = []
    i = j = 0
    for op, count in diff_tokens(old_tokens, new_tokens, cleanup=cleanup, engine=engine):
        if op == INSERT:
            out.append((op, "".join(new_tokens[j : j + count])))
            j += count
        else:
            out.append((op, "".join(old_tokens[i : i + count])))
            i += count
            if op == EQUAL:
                j += count
    return out
