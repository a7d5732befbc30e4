from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from lexdiff.ingest.labels import (
    Reading,
    classify_label,
    is_label,
    leading_labels,
    nest_labels,
    split_labels,
    LabelNester,
)


@pytest.mark.parametrize(
    ("label", "styles"),
    [
        ("(a)", ["lower"]),
        ("(c)", ["lower"]),
        ("(l)", ["lower"]),
        ("(12)", ["digit"]),
        ("(3.5)", ["digit"]),
        ("(A)", ["upper"]),
        ("(i)", ["lower", "roman"]),
        ("(v)", ["lower", "roman"]),
        ("(x)", ["lower", "roman"]),
        ("(ii)", ["roman", "lower"]),
        ("(iv)", ["roman"]),
        ("(xiv)", ["roman"]),
        ("(I)", ["upper", "ROMAN"]),
        ("(IV)", ["ROMAN"]),
        ("(aa)", ["lower"]),
        ("(AI)", []),
        ("(see)", []),
        ("(Aa)", []),
        ("()", []),
    ],
    ids=lambda value: str(value),
)
def test_classify_label(label: str, styles: list[str]) -> None:
    assert [reading.style for reading in classify_label(label)] == styles


def test_classify_values() -> None:
    assert Reading("roman", 4) in classify_label("(iv)")
    assert Reading("lower", 27) in classify_label("aa")
    assert Reading("lower", 35) in classify_label("(ii)")
    assert classify_label("(3.5)")[0].value == 3.5


def _chain(labels: list[str]) -> list[tuple[str, int, str]]:
    return [(level.label, level.depth, level.kind) for level in nest_labels(labels) if level]


def test_full_california_hierarchy() -> None:
    assert _chain(["(a)", "(1)", "(A)", "(i)", "(I)", "(II)", "(ii)", "(B)", "(2)", "(b)"]) == [
        ("(a)", 0, "subdivision"),
        ("(1)", 1, "paragraph"),
        ("(A)", 2, "subparagraph"),
        ("(i)", 3, "clause"),
        ("(I)", 4, "subclause"),
        ("(II)", 4, "subclause"),
        ("(ii)", 3, "clause"),
        ("(B)", 2, "subparagraph"),
        ("(2)", 1, "paragraph"),
        ("(b)", 0, "subdivision"),
    ]


def test_i_after_h_is_a_letter() -> None:
    # (h)(1)(A),(B) then (i): the next label is (j), so (i) is subdivision (i).
    chain = _chain(["(g)", "(h)", "(1)", "(A)", "(B)", "(i)", "(j)"])
    assert chain[5] == ("(i)", 0, "subdivision")


def test_i_after_A_is_roman_when_ii_follows() -> None:
    chain = _chain(["(h)", "(1)", "(A)", "(i)", "(ii)", "(B)", "(i)", "(j)"])
    assert chain[3] == ("(i)", 3, "clause")
    assert chain[4] == ("(ii)", 3, "clause")
    assert chain[6] == ("(i)", 0, "subdivision")


def test_v_after_iv_is_roman_even_with_u_open() -> None:
    chain = _chain(["(u)", "(1)", "(A)", "(i)", "(ii)", "(iii)", "(iv)", "(v)", "(v)"])
    assert chain[7] == ("(v)", 3, "clause")
    # A second (v) cannot be clause (v) again: it continues the letters.
    assert chain[8] == ("(v)", 0, "subdivision")


def test_x_after_w_is_a_letter() -> None:
    assert _chain(["(w)", "(1)", "(x)"])[2] == ("(x)", 0, "subdivision")


def test_uppercase_I_letter_or_roman() -> None:
    assert _chain(["(A)", "(i)", "(I)", "(II)"])[2] == ("(I)", 2, "subclause")
    assert _chain(["(G)", "(H)", "(I)", "(J)"])[2] == ("(I)", 0, "subparagraph")
    assert _chain(["(H)", "(i)", "(ii)", "(I)", "(J)"])[3] == ("(I)", 0, "subparagraph")


def test_section_starting_with_paragraphs() -> None:
    # Code sections without subdivisions go straight to (1), (2).
    assert _chain(["(1)", "(2)", "(A)", "(3)"]) == [
        ("(1)", 0, "paragraph"),
        ("(2)", 0, "paragraph"),
        ("(A)", 1, "subparagraph"),
        ("(3)", 0, "paragraph"),
    ]


def test_gap_and_inserted_labels() -> None:
    chain = _chain(["(a)", "(b)", "(d)", "(1)", "(1.5)", "(2)", "(e)"])
    assert [depth for _, depth, _ in chain] == [0, 0, 0, 1, 1, 1, 0]


def test_deeper_than_subclause_is_item() -> None:
    chain = _chain(["(a)", "(1)", "(A)", "(i)", "(I)", "(aa)"])
    assert chain[-1] == ("(aa)", 5, "item")


def test_non_label_gives_none() -> None:
    assert nest_labels(["(a)", "(AI)"])[1] is None
    assert not is_label("(foo)")


def test_nester_streaming_and_reset() -> None:
    nester = LabelNester()
    assert nester.push("(a)").depth == 0
    assert nester.push("(1)").depth == 1
    assert nester.depth == 2
    nester.reset()
    assert nester.push("(1)").depth == 0


@pytest.mark.parametrize(
    ("text", "labels", "rest"),
    [
        ("(f)\u2002(1) A developer shall", ["(f)", "(1)"], "A developer shall"),
        ("(f)(1)(A) Text", ["(f)", "(1)", "(A)"], "Text"),
        ("(a) \u201cCatastrophic risk\u201d means", ["(a)"], "\u201cCatastrophic risk\u201d means"),
        ("(AI) models are", [], "(AI) models are"),
        ("No label here (a).", [], "No label here (a)."),
        ("(ii)", ["(ii)"], ""),
    ],
    ids=["en-space", "adjacent", "quote", "not-a-label", "inline", "label-only"],
)
def test_split_labels(text: str, labels: list[str], rest: str) -> None:
    assert split_labels(text) == (labels, rest)


def test_leading_label_offsets() -> None:
    text = "(f)\u2002(1) A developer"
    assert [(label, text[start:end].strip()) for label, start, end in leading_labels(text)] == [
        ("(f)", "(f)"),
        ("(1)", "(1)"),
    ]


_STYLE_LABELS = {
    "lower": lambda n: "(" + "abcdefghjk"[n] + ")",  # avoid i: tested separately
    "digit": lambda n: f"({n + 1})",
    "upper": lambda n: "(" + "ABCDEFGHJK"[n] + ")",
    "roman": lambda n: "(" + ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"][n] + ")",
    "ROMAN": lambda n: "(" + ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"][n] + ")",
}
_ORDER = ["lower", "digit", "upper", "roman", "ROMAN"]


@st.composite
def _outline(draw: st.DrawFn) -> list[tuple[str, int]]:
    """A well-formed outline: (label, depth) pairs, depth changes by at most +1."""
    counters = [0]
    out: list[tuple[str, int]] = [(_STYLE_LABELS["lower"](0), 0)]
    for _ in range(draw(st.integers(0, 30))):
        depth = len(counters) - 1
        choices = ["sibling"]
        if depth < 4:
            choices.append("child")
        if depth > 0:
            choices.append("up")
        move = draw(st.sampled_from(choices))
        if move == "child":
            counters.append(0)
        elif move == "up":
            counters.pop()
            counters[-1] += 1
        else:
            counters[-1] += 1
        if counters[-1] >= 10:
            break
        depth = len(counters) - 1
        out.append((_STYLE_LABELS[_ORDER[depth]](counters[-1]), depth))
    return out


def _drafted_properly(outline: list[tuple[str, int]]) -> bool:
    # A clause (i) or subclause (I) with no (ii)/(II) sibling is never
    # drafted, and it is exactly the case no reader could settle.
    for index, (label, depth) in enumerate(outline):
        if label not in ("(i)", "(I)") or depth < 3:
            continue
        for later, later_depth in outline[index + 1 :]:
            if later_depth < depth:
                return False
            if later_depth == depth:
                break
        else:
            return False
    return True


@given(_outline())
def test_nesting_recovers_generated_outlines(outline: list[tuple[str, int]]) -> None:
    assume(_drafted_properly(outline))
    levels = nest_labels([label for label, _ in outline])
    assert [level.depth if level else None for level in levels] == [depth for _, depth in outline]


def test_last_subdivision_i_with_its_own_clauses() -> None:
    # Subdivision (i) is the last one, and has its own (1)(A)(i)(ii): the
    # far-off clause (ii) must not turn the first (i) into a clause of (A).
    chain = _chain(["(h)", "(1)", "(A)", "(B)", "(i)", "(1)", "(A)", "(i)", "(ii)"])
    assert chain[4] == ("(i)", 0, "subdivision")
    assert chain[7] == ("(i)", 3, "clause")
    assert chain[8] == ("(ii)", 3, "clause")


@given(_outline())
def test_nesting_with_letters_i_and_I(outline: list[tuple[str, int]]) -> None:
    # Same outlines, but the letters run through (i) and (I), which are
    # also roman numerals: context and the labels after them must decide.
    letters = {"lower": "abcdefghijk", "upper": "ABCDEFGHIJK"}
    relabelled = []
    for label, depth in outline:
        style = _ORDER[depth]
        if style in letters:
            index = "abcdefghjk".index(label[1].lower())
            label = f"({letters[style][index]})"
        relabelled.append((label, depth))
    assume(_drafted_properly(relabelled))
    levels = nest_labels([label for label, _ in relabelled])
    assert [level.depth if level else None for level in levels] == [d for _, d in relabelled]
