"""Diff two versions of a bill: provision alignment plus a word-level edit script.

Library entry point::

    from lexdiff.diff import diff_versions
    result = diff_versions(old, new)            # our computed diff
    result = diff_versions(old, new, official=True)   # the Legislature's redline
    for row in result.alignment:                # ProvisionPair
        if row.status == "renumbered":
            print(row.old_path, "->", row.new_path)
    for edit in result.edits_for(row):          # word edits inside that pair
        print(edit.op, result.text(edit))

Nothing here imports spaCy: ``lexdiff diff`` must start fast.
"""

from __future__ import annotations

import gc

from lexdiff.diff.align import align_provisions
from lexdiff.diff.result import (
    DELETE,
    EQUAL,
    INSERT,
    STATUSES,
    Edit,
    ProvisionPair,
    VersionDiff,
)
from lexdiff.diff.script import (
    ProvisionIndex,
    aligned_script,
    attribute,
    crossed_pieces,
    official_script,
    pair_map,
    retype_merge_remnants,
    retype_pieces,
    strike_labels_of_struck_lines,
)
from lexdiff.diff.words import default_engine
from lexdiff.errors import UsageError
from lexdiff.model import Version

__all__ = [
    "DELETE",
    "EQUAL",
    "INSERT",
    "STATUSES",
    "Edit",
    "ProvisionPair",
    "VersionDiff",
    "align_provisions",
    "diff_versions",
]


def diff_versions(
    old: Version,
    new: Version,
    *,
    official: bool = False,
    engine: str | None = None,
) -> VersionDiff:
    """Compare two versions.

    Args:
        old, new: the versions, any formats (they are compared through their
            canonical texts and provision trees).
        official: use the official change marks that ``new`` carries (CAML)
            instead of computing the word diff. Only meaningful when ``old``
            is the version immediately before ``new``.
        engine: diff-match-patch engine, ``"fast"`` (C++) or ``"python"``;
            default from :func:`lexdiff.diff.words.default_engine`.

    Returns:
        A :class:`VersionDiff` whose edits rebuild both texts exactly.

    Raises:
        UsageError: ``official`` asked for but ``new`` has no marks, or its
            marks were made against a different version than ``old``.
    """
    # A long bill makes hundreds of thousands of small objects (provision
    # nodes, pairs, edits), none of them in reference cycles that matter;
    # the cyclic collector re-scanning them all as they are created costs a
    # third of the run on a 1,000,000-word bill. Reference counting still
    # frees everything; the collector is back on when we return.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _diff_versions(old, new, official=official, engine=engine or default_engine())
    finally:
        if collecting:
            gc.enable()


def _diff_versions(old: Version, new: Version, *, official: bool, engine: str) -> VersionDiff:
    alignment = tuple(align_provisions(old, new))
    indexes = (ProvisionIndex(old), ProvisionIndex(new))
    if official:
        if not new.marks:
            raise UsageError(
                "--official needs a NEW version that carries the Legislature's change marks "
                f"(an amended CAML bill); {new.source or new.id} has none",
                None,
            )
        try:
            raw = official_script(old, new, engine=engine)
        except ValueError as err:
            raise UsageError(
                f"--official: {err}; the marks in {new.source or new.id} describe changes from the "
                "version immediately before it, so OLD must be that version",
            ) from err
        source = "official"
    else:
        raw = aligned_script(old, new, alignment, engine=engine, indexes=indexes)
        source = "computed"
    if official:
        edits = attribute(raw, old, new, alignment, indexes)
    else:
        suspects: list = []
        edits = attribute(raw, old, new, alignment, indexes, suspects=suspects)
        crossed = crossed_pieces(suspects, alignment)
        if crossed:
            # Words retyped across a merge can leave a label alone on its
            # struck line: the label rule runs again on the new script.
            raw = retype_merge_remnants(retype_pieces(raw, crossed), old.text, new.text, crossed)
            raw = strike_labels_of_struck_lines(raw, old.text, new.text, indexes, pair_map(alignment))
            edits = attribute(raw, old, new, alignment, indexes)
    edits = tuple(edits)
    return VersionDiff(old, new, alignment, edits, source=source, engine=engine)
