"""Word diff (lexdiff.diff.words): tokens, engines, exact reconstruction."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lexdiff.diff.words import (
    DELETE,
    EQUAL,
    INSERT,
    diff_sequences,
    diff_words,
    tokenize,
)

VOCAB = [
    "the", "a", "developer", "large", "shall", "not", "model", "critical", "risk", "of",
    "(a)", "(b)", "(1)", "22757.14.", "Section", "“Foundation", "model”", "$1,000,000", "10^26",
]

texts = st.lists(
    st.one_of(st.sampled_from(VOCAB), st.sampled_from([" ", "\n", "  "]), st.text(max_size=6)),
    max_size=40,
).map("".join)


def rebuild(ops: list[tuple[str, str]]) -> tuple[str, str]:
    old = "".join(t for op, t in ops if op != INSERT)
    new = "".join(t for op, t in ops if op != DELETE)
    return old, new


@pytest.mark.parametrize(
    "text",
    ["", "a", "a b", " lead", "trail ", "two\nparagraphs", "tabs\tand  spaces", "(a) The developer’s model."],
    ids=["empty", "one", "two", "lead", "trail", "paras", "blanks", "label"],
)
def test_tokenize_round_trip(text: str) -> None:
    assert "".join(tokenize(text)) == text


def test_words_are_never_cut() -> None:
    ops = diff_words("the developer shall", "the development shall")
    assert ops == [(EQUAL, "the "), (DELETE, "developer"), (INSERT, "development"), (EQUAL, " shall")]


def test_inserted_word() -> None:
    assert diff_words("a developer shall", "a large developer shall") == [
        (EQUAL, "a "),
        (INSERT, "large "),
        (EQUAL, "developer shall"),
    ]


def test_inserted_paragraph_lands_on_the_break() -> None:
    old = "(h) The members shall serve.\n(i) Foo bar baz."
    new = "(h) The members shall serve.\n(i) New text here.\n(j) Foo bar baz."
    ops = diff_words(old, new)
    assert rebuild(ops) == (old, new)
    inserted = [t for op, t in ops if op == INSERT]
    assert inserted == ["New text here.\n(j) "]


def test_unknown_engine_and_cleanup_are_errors() -> None:
    with pytest.raises(ValueError, match="engine"):
        diff_sequences(["a"], ["b"], engine="nope")
    with pytest.raises(ValueError, match="cleanup"):
        diff_sequences(["a"], ["b"], cleanup="nope")


@pytest.mark.parametrize("cleanup", ["semantic", "paragraph", "efficiency", "none"])
@settings(max_examples=60, deadline=None)
@given(old=texts, new=texts)
def test_any_diff_rebuilds_both_texts(cleanup: str, old: str, new: str) -> None:
    for engine in ("fast", "python"):
        assert rebuild(diff_words(old, new, cleanup=cleanup, engine=engine)) == (old, new)


@settings(max_examples=60, deadline=None)
@given(old=texts, new=texts)
def test_engines_agree(old: str, new: str) -> None:
    # The C++ build and the Python port run the same algorithm with no time
    # limit, so they must give the same diff (the choice is only about speed).
    assert diff_words(old, new, engine="fast") == diff_words(old, new, engine="python")


def test_many_distinct_tokens() -> None:
    # More distinct words than the Basic Multilingual Plane has letters.
    old = [f"w{i}" for i in range(70_000)]
    new = old[:1000] + ["inserted"] + old[1000:]
    ops = diff_sequences(old, new, cleanup="none")
    assert ops == [(EQUAL, 1000), (INSERT, 1), (EQUAL, 69_000)]
