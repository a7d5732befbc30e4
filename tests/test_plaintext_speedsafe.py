"""The plain-text reader's fast paths give the same answers as the plain rules they replace.

The reader trades a few regexes for string tests, caches and early exits
(see the comments in ``lexdiff/ingest/plaintext.py``, ``labels.py`` and
``builder.py``). Each property here states the plain rule as it was written
before, and checks the fast version against it on generated text that
mixes drafting punctuation, every kind of whitespace and the Unicode
letters that ``re.IGNORECASE`` treats specially.
"""

from __future__ import annotations

import gc
import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lexdiff.ingest import plaintext
from lexdiff.ingest.builder import normalize_space
from lexdiff.ingest.labels import classify_label, nest_labels
from lexdiff.ingest.plaintext import structure_from_text

WHITESPACE = "".join(chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace())

# Pieces of drafting text: stops and closers, list joiners, dashes, labels,
# section numbers, action phrases, and letters re.I folds specially
# (dotless i, long s, Kelvin sign, dotted capital I).
TOKENS = [
    ".", ":", ";", "!", "?", '"', "”", "’", "'", ")", "]", "(", "—", "-", "--", ",",
    "or", "and", "OR", "AND", "Or", "; or", ";  and", "subdivision", "of",
    "(a)", "(1)", "(i)", "(ii)", "(A)", "(I)", "(aa)", "(3.5)", "(12a)", "(AI)",
    "SEC. 2.", "§ 3.", "22757.11.", "6-1-1701.", "CHAPTER 5", "Article 2", "Part",
    "is amended", "are hereby added", "is repealed", "to read:", "as follows:",
    "In Colorado Revised Statutes", "ıs", "ſ", "K", "İ", "٣", "abc", "Definitions",
]
texts = st.lists(
    st.one_of(st.sampled_from(TOKENS), st.text(alphabet=WHITESPACE + "xyzSTCD0§", max_size=3)),
    max_size=12,
).map("".join)

_SPACE = re.compile(r"\s+")
_ENDS_UNIT = re.compile(r"([.:;!?][\"”’')\]]*|;\s*(?:or|and|OR|AND)|—|--)\s*$")


@settings(max_examples=400, deadline=None)
@given(texts)
def test_normalize_space_is_the_whitespace_regex(text: str) -> None:
    assert normalize_space(text) == _SPACE.sub(" ", text).strip()


@settings(max_examples=400, deadline=None)
@given(texts)
def test_ends_unit_is_the_end_anchored_regex(text: str) -> None:
    assert plaintext._ends_unit(text) == bool(_ENDS_UNIT.search(text))


@settings(max_examples=400, deadline=None)
@given(texts)
def test_action_line_prechecks_never_skip_a_match(text: str) -> None:
    assert plaintext._is_action_line(text) == (bool(plaintext._ACTION.search(text)) and len(text) < 600)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_heading_first_character_guard_never_hides_a_heading(text: str) -> None:
    if any(p.match(text) for p in (plaintext._BILL_SECTION, plaintext._CODE_SECTION, plaintext._LAW_HEADING)):
        first = text[:1]
        assert first in plaintext._HEADING_FIRST or first.isdecimal()


def test_lazy_vocabulary_matches_the_eager_one() -> None:
    lines = plaintext._split_lines("the machine-\nbased third-party regu-\nlated (a) “Term” means\nsolo-")
    eager = plaintext._vocabulary(lines)
    lazy = plaintext._Vocabulary(lines)
    assert {"based", "third-party", "third", "party", "term", "means"} <= eager
    assert "machine" not in eager and "solo" not in eager  # line-end fragments are not evidence
    for word in eager | {"solo", "machinebased", "regulated"}:
        assert (word in lazy) == (word in eager)


def test_cached_label_functions_hand_out_fresh_lists() -> None:
    labels = ["(a)", "(1)", "(2)", "(b)"]
    first = nest_labels(labels)
    first.clear()
    assert [level.label for level in nest_labels(labels) if level] == labels
    assert classify_label("(ii)") is classify_label("(ii)")  # cached tuple of frozen readings


@pytest.mark.parametrize("enabled", [True, False])
def test_reader_restores_the_garbage_collector(enabled: bool) -> None:
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        structure_from_text("SECTION 1. (a) Text.\n(b) More text.", path="x.txt")
        assert gc.isenabled() is enabled
        with pytest.raises(ValueError):
            structure_from_text("x", label_style="fr")
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()
