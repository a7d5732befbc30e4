"""Statute-aware sentences and the fast tokenizer, on spacy.blank("en")."""

from __future__ import annotations

import pytest

spacy = pytest.importorskip("spacy")
from hypothesis import given, settings, strategies as st  # noqa: E402

from lexdiff.nlp.sentences import find_sentences, label_styles  # noqa: E402
from lexdiff.nlp.tokenizer import StatuteTokenizer  # noqa: E402


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e, _ in find_sentences(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "See Sec. 2 of the act. It applies.",
            ["See Sec. 2 of the act.", "It applies."],
        ),
        (
            "As provided in 42 U.S.C. 1320 and H.R. 8752. The rest.",
            ["As provided in 42 U.S.C. 1320 and H.R. 8752.", "The rest."],
        ),
        (
            "A fine of $1,000,000. Then more.",
            ["A fine of $1,000,000.", "Then more."],
        ),
        (
            "Information, e.g. Names, is covered. Done.",
            ["Information, e.g. Names, is covered.", "Done."],
        ),
        ("(a) The developer shall act.", ["(a) The developer shall act."]),
        ("SEC. 2.\nSection 5 is added.", ["SEC. 2.", "Section 5 is added."]),
    ],
    ids=["sec-abbrev", "usc-initials", "money", "e.g.", "label-not-sentence", "heading"],
)
def test_abbreviations_amounts_and_labels_do_not_end_sentences(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_enumerated_fragments_continue_the_sentence() -> None:
    text = (
        "(a) A developer shall publish a protocol that describes all of the following:\n"
        "(1) How it tests models.\n"
        "(2) The thresholds it uses.\n"
        "(b) A developer shall retain the protocol."
    )
    found = find_sentences(text)
    assert [text[s:e] for s, e, _ in found] == [
        text[: text.index("\n(b)")],
        "(b) A developer shall retain the protocol.",
    ]
    clauses = found[0][2]
    assert [text[s:e] for s, e in clauses] == [
        "(a) A developer shall publish a protocol that describes all of the following:",
        "(1) How it tests models.",
        "(2) The thresholds it uses.",
    ]


def test_items_that_are_sentences_start_new_sentences() -> None:
    text = (
        "For purposes of this chapter:\n"
        "(a) “Model” means a system.\n"
        "(b) “Developer” has the meaning defined in Section 5.\n"
        "(c) “Person” means an individual."
    )
    assert sentences(text) == [
        "For purposes of this chapter:",
        "(a) “Model” means a system.",
        "(b) “Developer” has the meaning defined in Section 5.",
        "(c) “Person” means an individual.",
    ]


def test_nested_list_levels_and_return_to_outer_level() -> None:
    text = (
        "(a) A developer shall do all of the following:\n"
        "(1) Implement safeguards that do both of the following:\n"
        "(A) Prevent misuse.\n"
        "(B) Prevent theft.\n"
        "(2) Retain records.\n"
        "(b) The Attorney General may enforce this section."
    )
    got = sentences(text)
    assert len(got) == 2
    assert got[0].endswith("(2) Retain records.")


def test_semicolon_items_continue() -> None:
    text = "(a) The report shall include\n(1) the name;\n(2) the date; and\n(3) the place.\nAnother sentence."
    assert sentences(text)[0].endswith("(3) the place.")
    assert sentences(text)[1] == "Another sentence."


@pytest.mark.parametrize(
    "label, styles",
    [("a", {"lower"}), ("i", {"lower", "lroman"}), ("ii", {"lroman"}), ("aa", {"lower"}),
     ("I", {"upper", "uroman"}), ("IV", {"uroman"}), ("12", {"num"}), ("A", {"upper"})],
    # Sorted, not str(set): set order varies between pytest-xdist workers.
    ids=lambda v: "+".join(sorted(v)) if isinstance(v, set) else str(v),
)
def test_label_styles(label: str, styles: set[str]) -> None:
    assert label_styles(label) == styles


def test_component_sets_spans_and_doc_sents_on_blank_pipeline() -> None:
    import lexdiff.nlp.sentences  # noqa: F401 - registers the factory

    nlp = spacy.blank("en")  # spaCy's own tokenizer: the component must not depend on ours
    nlp.add_pipe("lexdiff_sentences")
    doc = nlp("(a) The developer shall act. It shall report.\n(b) The Attorney General may sue.")
    assert [s.text for s in doc.spans["sentences"]] == [
        "(a) The developer shall act.", "It shall report.", "(b) The Attorney General may sue.",
    ]
    assert [s.text.strip() for s in doc.sents][0] == "(a) The developer shall act."
    assert all(s.label_ == "sentence" for s in doc.spans["sentences"])


def test_tokenizer_keeps_text_and_splits_possessives() -> None:
    nlp = spacy.blank("en")
    tokenizer = StatuteTokenizer(nlp.vocab)
    doc = tokenizer("the developer’s model (a)(1) $1,000,000 22757.11.\n\n  end")
    assert doc.text == "the developer’s model (a)(1) $1,000,000 22757.11.\n\n  end"
    words = [t.text for t in doc]
    assert "’s" in words and "1,000,000" in words and "22757.11" in words


_TOKENIZER = StatuteTokenizer(spacy.blank("en").vocab)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab1.,’'$()- \n\t“”sS")), max_size=60))
def test_tokenizer_round_trips_any_text(text: str) -> None:
    assert _TOKENIZER(text).text == text


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab1.:;()A \nsI")), max_size=80))
def test_sentences_are_ordered_non_overlapping_and_inside_the_text(text: str) -> None:
    previous_end = 0
    for start, end, clauses in find_sentences(text):
        assert previous_end <= start < end <= len(text)
        assert text[start:end] == text[start:end].strip()
        for c_start, c_end in clauses:
            assert start <= c_start < c_end <= end
        previous_end = end


def test_an_outer_item_after_an_independent_inner_item_starts_afresh() -> None:
    text = (
        "(1) (A) A person is covered if it meets both of the following criteria:\n"
        "(i) (I) The person has trained a model.\n"
        "(II) The quantity described in subclause (I) shall include fine-tuning.\n"
        "(ii) The person had revenues over a threshold."
    )
    got = sentences(text)
    assert got[-1] == "(ii) The person had revenues over a threshold."
