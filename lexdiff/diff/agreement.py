"""Agreement of two redlines of the same pair of versions, word by word.

Used to check our computed diff against the Legislature's official change
marks. The unit is the whitespace-separated word (:func:`lexdiff.model.words`):
a word of the new text counts as *inserted* by a redline when any of its
characters lies in one of that redline's insertions, and a word of the old
text counts as *deleted* when any of its characters lies in a deletion. Both
redlines are judged by the same rule, so partial-word marks cannot favour
either side.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from lexdiff.diff.result import DELETE, INSERT, Edit, VersionDiff

_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Score:
    """Precision / recall / F1 of predicted words against reference words."""

    predicted: int
    reference: int
    agreed: int

    @property
    def precision(self) -> float:
        return self.agreed / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.agreed / self.reference if self.reference else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "predicted": self.predicted,
            "reference": self.reference,
            "agreed": self.agreed,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


def touched_words(text: str, spans: Iterable[tuple[int, int]]) -> set[int]:
    """Indices of the words of ``text`` that overlap any of ``spans``."""
    covered = bytearray(len(text) + 1)
    for start, end in spans:
        covered[start:end] = b"\x01" * (end - start)
    out: set[int] = set()
    for index, match in enumerate(_WORD.finditer(text)):
        if 1 in covered[match.start() : match.end()]:
            out.add(index)
    return out


def _spans(edits: Iterable[Edit], op: str) -> list[tuple[int, int]]:
    if op == INSERT:
        return [(e.new_start, e.new_end) for e in edits if e.op == INSERT]
    return [(e.old_start, e.old_end) for e in edits if e.op == DELETE]


def agreement(predicted: VersionDiff, reference: VersionDiff) -> dict[str, Score]:
    """Word-level agreement of ``predicted`` with ``reference`` (same old and new texts).

    Returns:
        ``{"inserted": Score, "deleted": Score}``.

    Raises:
        ValueError: the two diffs are not over the same texts.
    """
    if predicted.old.text != reference.old.text or predicted.new.text != reference.new.text:
        raise ValueError("the two diffs compare different texts")
    scores: dict[str, Score] = {}
    for name, op, text in (
        ("inserted", INSERT, predicted.new.text),
        ("deleted", DELETE, predicted.old.text),
    ):
        ours = touched_words(text, _spans(predicted.edits, op))
        theirs = touched_words(text, _spans(reference.edits, op))
        scores[name] = Score(len(ours), len(theirs), len(ours & theirs))
    return scores
