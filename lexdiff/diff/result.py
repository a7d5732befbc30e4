"""Plain data returned by the diff engine: provision pairs, edits, the whole diff.

Edits point into the two versions' canonical texts (they never copy them), in
keeping with :mod:`lexdiff.model`; :meth:`VersionDiff.text` gives an edit's text.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lexdiff.model import Provision, Version

#: Alignment statuses, in the order a reader cares about them.
STATUSES: tuple[str, ...] = (
    "unchanged",  # same provision, same number, same text
    "changed",  # same provision, same number, text differs
    "renumbered",  # same provision, new number (text may also differ)
    "moved",  # same provision, now at another place in the structure or order
    "split",  # one old provision became several new ones (one pair per piece)
    "merged",  # several old provisions became one new one (one pair per piece)
    "added",  # only in the new version
    "removed",  # only in the old version
)

EQUAL = "equal"
INSERT = "insert"
DELETE = "delete"


@dataclass(frozen=True)
class ProvisionPair:
    """One row of the alignment: an old provision, a new one, or both.

    Attributes:
        old, new: the provisions (``None`` for an added / removed singleton).
        status: one of :data:`STATUSES`.
        similarity: word-multiset similarity of the two bodies without their
            labels (Dice coefficient, 0..1); 1.0 for identical text, 0.0 for
            singletons.
        method: how the pair was found: ``"id"`` (the format's persistent
            id), ``"label"``, ``"content"``, or ``""`` for singletons.
        renumbered: the label differs.
        moved: the provision left its parent or its order among its siblings.
        text_changed: the text (label included) differs.
        piece: an extra row of a split or merge (the old provision, or the
            new one, already has its main counterpart in another row).
    """

    old: Provision | None
    new: Provision | None
    status: str
    similarity: float = 0.0
    method: str = ""
    renumbered: bool = False
    moved: bool = False
    text_changed: bool = False
    piece: bool = False

    @property
    def old_path(self) -> str | None:
        return self.old.path if self.old is not None else None

    @property
    def new_path(self) -> str | None:
        return self.new.path if self.new is not None else None

    @property
    def path(self) -> str:
        """The path to show for this row (the new one when it exists)."""
        return self.new_path or self.old_path or ""


@dataclass(frozen=True)
class Edit:
    """One operation of the edit script, with offsets into both texts.

    ``equal``: ``old.text[old_start:old_end] == new.text[new_start:new_end]``.
    ``delete``: removes ``old.text[old_start:old_end]``; ``new_start ==
    new_end`` is where it stood in the new text. ``insert``: adds
    ``new.text[new_start:new_end]``; ``old_start == old_end``.

    ``old_provision`` / ``new_provision`` are the paths of the innermost
    provision on each side (for the side where the edit is a point, the
    provision at that point, preferring the aligned counterpart).
    """

    op: str
    old_start: int
    old_end: int
    new_start: int
    new_end: int
    old_provision: str | None = None
    new_provision: str | None = None


_new_object = object.__new__


def make_edit(
    op: str,
    old_start: int,
    old_end: int,
    new_start: int,
    new_end: int,
    old_provision: str | None = None,
    new_provision: str | None = None,
) -> Edit:
    """``Edit(...)``, built the fast way: equal to it in every respect.

    A frozen dataclass sets each field through ``object.__setattr__``; a
    1,000,000-word bill makes ~50,000 edits, and that alone was a tenth of
    the diff's time. Filling the instance dictionary directly gives the same
    object (same fields, equality, hash, repr) in less than half the time.
    """
    edit = _new_object(Edit)
    # One store per field into the instance dictionary: a quarter faster
    # again than ``__dict__.update(op=op, ...)``, which first builds a
    # keyword dictionary. Same keys in the same order, so the same object.
    fields = edit.__dict__
    fields["op"] = op
    fields["old_start"] = old_start
    fields["old_end"] = old_end
    fields["new_start"] = new_start
    fields["new_end"] = new_end
    fields["old_provision"] = old_provision
    fields["new_provision"] = new_provision
    return edit


def make_pair(
    old: Provision | None,
    new: Provision | None,
    status: str,
    similarity: float = 0.0,
    method: str = "",
    renumbered: bool = False,
    moved: bool = False,
    text_changed: bool = False,
    piece: bool = False,
) -> ProvisionPair:
    """``ProvisionPair(...)``, built the fast way (see :func:`make_edit`): one row per provision."""
    pair = _new_object(ProvisionPair)
    fields = pair.__dict__  # one store per field, as in make_edit
    fields["old"] = old
    fields["new"] = new
    fields["status"] = status
    fields["similarity"] = similarity
    fields["method"] = method
    fields["renumbered"] = renumbered
    fields["moved"] = moved
    fields["text_changed"] = text_changed
    fields["piece"] = piece
    return pair


@dataclass(frozen=True)
class VersionDiff:
    """The diff of two versions: alignment of provisions and a word-level edit script.

    The edits, in order, rebuild ``old.text`` (equal + delete) and ``new.text``
    (equal + insert) exactly.
    """

    old: Version
    new: Version
    alignment: tuple[ProvisionPair, ...]
    edits: tuple[Edit, ...]
    source: str = "computed"  # "computed" | "official"
    engine: str = ""
    meta: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    # -- text -----------------------------------------------------------------
    def text(self, edit: Edit) -> str:
        """The text an edit covers (old text for equal/delete, new text for insert)."""
        if edit.op == INSERT:
            return self.new.text[edit.new_start : edit.new_end]
        return self.old.text[edit.old_start : edit.old_end]

    def rebuild_old(self) -> str:
        return "".join(self.text(e) for e in self.edits if e.op != INSERT)

    def rebuild_new(self) -> str:
        return "".join(self.text(e) for e in self.edits if e.op != DELETE)

    @property
    def has_changes(self) -> bool:
        """True when the texts differ (``--exit-code`` exits 1)."""
        return any(e.op != EQUAL for e in self.edits)

    def changes(self) -> Iterator[Edit]:
        """The insert and delete edits, in order."""
        return (e for e in self.edits if e.op != EQUAL)

    # -- alignment lookups ------------------------------------------------------
    def pair(self, *, old_path: str | None = None, new_path: str | None = None) -> ProvisionPair | None:
        """The alignment row with this old and/or new path (first match)."""
        for row in self.alignment:
            if old_path is not None and row.old_path != old_path:
                continue
            if new_path is not None and row.new_path != new_path:
                continue
            if old_path is None and new_path is None:
                return None
            return row
        return None

    def edits_for(self, row: ProvisionPair) -> list[Edit]:
        """The edits that turn ``row.old`` into ``row.new``.

        For a provision that kept its place, this is the slice of
        :attr:`edits` inside the two provisions (children included). A moved
        provision appears in the main script as a deletion at its old place
        and an insertion at its new one, so its own word diff is computed on
        demand here (offsets are still into the two version texts).
        """
        if row.old is None or row.new is None:
            return self.edits_within(row.old, row.new)
        if row.moved or row.piece:
            from lexdiff.diff.script import span_edits

            return span_edits(self, row.old, row.new)
        return self.edits_within(row.old, row.new)

    def edits_within(self, old: Provision | None, new: Provision | None) -> list[Edit]:
        """Edits of the main script inside ``old`` (old side) and/or ``new`` (new side).

        A deletion belongs if its old range is inside ``old``, an insertion if
        its new range is inside ``new``, an equal run if it is inside both
        (or inside the one that exists).
        """
        out: list[Edit] = []
        for edit in self.edits:
            in_old = old is not None and old.start <= edit.old_start and edit.old_end <= old.end
            in_new = new is not None and new.start <= edit.new_start and edit.new_end <= new.end
            if edit.op == DELETE:
                keep = in_old
            elif edit.op == INSERT:
                keep = in_new
            elif old is not None and new is not None:
                keep = in_old and in_new
            else:
                keep = in_old or in_new
            if keep:
                out.append(edit)
        return out

    def stats(self) -> dict[str, Any]:
        """Counts for the summary line and the JSON ``stats`` object."""
        from lexdiff.model import words

        inserted = deleted = 0
        inserted_chars = deleted_chars = 0
        for edit in self.edits:
            if edit.op == INSERT:
                piece = self.text(edit)
                inserted += len(words(piece))
                inserted_chars += len(piece)
            elif edit.op == DELETE:
                piece = self.text(edit)
                deleted += len(words(piece))
                deleted_chars += len(piece)
        statuses = {name: 0 for name in STATUSES}
        for row in self.alignment:
            statuses[row.status] += 1
        return {
            "source": self.source,
            "engine": self.engine,
            "old_words": len(self.old.text.split()),
            "new_words": len(self.new.text.split()),
            "inserted_words": inserted,
            "deleted_words": deleted,
            "inserted_chars": inserted_chars,
            "deleted_chars": deleted_chars,
            "edits": sum(1 for e in self.edits if e.op != EQUAL),
            "provisions": statuses,
        }

