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


def test_words_not_spaces_are_compared() -> None:
    # Were spaces tokens, the diff could keep the spaces of a rewritten
    # sentence instead of its words ("[-require-]{+define+} a [-person-]
    # {+covered+} [-to-]{+term+} ...") and strike "require a person to file".
    old = "The board would require a person to file an annual report of income under oath to the office."
    new = (
        "The board would define a covered person by reference to income. "
        "The board would require a person to file an annual statement of income to the office."
    )
    ops = diff_words(old, new, cleanup="paragraph")
    assert rebuild(ops) == (old, new)
    kept = "".join(t for op, t in ops if op == EQUAL)
    assert "require a person to file an annual " in kept
    assert [t for op, t in ops if op == DELETE] == ["report", "under oath "]


def test_connecting_words_go_with_the_phrase_but_longer_runs_stay() -> None:
    # "or" between two rewritten phrases is struck and retyped with them;
    # "a device, appliance," is no shorter than the change after it, so it stays.
    old = "shall not sell, lease, or license a device, appliance, or tool that"
    new = "shall not sell, lease, license, or rent a device, appliance, tool, or machine that"
    ops = diff_words(old, new, cleanup="paragraph")
    assert rebuild(ops) == (old, new)
    assert (DELETE, "or license") in ops and (INSERT, "license, or rent") in ops
    assert (DELETE, "or tool") in ops and (INSERT, "tool, or machine") in ops
    assert any(op == EQUAL and "a device, appliance, " in t for op, t in ops)


def test_spaces_follow_the_words() -> None:
    assert diff_words("on broad data.", "on a broad data set.", cleanup="paragraph") == [
        (EQUAL, "on "),
        (INSERT, "a "),
        (EQUAL, "broad "),
        (DELETE, "data."),
        (INSERT, "data set."),
    ]
    # Same words, different spacing: only the spacing changes.
    assert rebuild(diff_words("a  b c", "a b\tc")) == ("a  b c", "a b\tc")
