"""Drafting conventions of the official redline that the computed diff follows.

Invented text with the structure of real amendments (no bill text here).
"""

from __future__ import annotations

from lexdiff.diff import DELETE, EQUAL, INSERT, diff_versions
from lexdiff.ingest.builder import TextBuilder, TreeBuilder
from lexdiff.model import Bill, Version


def build(paragraphs: list[tuple[list[str], str]], vid: str) -> Version:
    """One section; each paragraph opens the provisions whose labels it starts with.

    ``(["(a)", "(1)"], "text")`` opens (a) and (a)(1) on that line; ``(["(1)"], ...)``
    after it opens a sibling (1) under the last (a).
    """
    text = TextBuilder()
    tree = TreeBuilder()
    start, _ = text.add("SEC. 1. Heading of the section.")
    tree.open("section", "SEC. 1", start)
    levels = ["subdivision", "paragraph", "subparagraph", "clause"]
    for labels, body in paragraphs:
        depth = {"(a)": 0, "(b)": 0, "(c)": 0, "(1)": 1, "(2)": 1, "(3)": 1, "(A)": 2, "(B)": 2, "(C)": 2, "(i)": 3, "(ii)": 3}
        s, _ = text.add(" ".join([*labels, body]))
        offset = s
        for label in labels:
            tree.close_to(1 + depth[label], offset)
            tree.open(levels[depth[label]], label, offset)
            offset += len(label) + 1
    full = text.text()
    tree.close_to(0, len(full))
    return Version(Bill("demo"), vid, vid, full, tree.finish(len(full)))


def changed_words(result, op: str) -> str:
    return " ".join(result.text(e) for e in result.edits if e.op == op)


def test_words_moved_into_a_new_clause_are_retyped() -> None:
    old = build(
        [
            (["(a)", "(1)"], "A covered person is a person who has trained a model using more than ten units."),
            (["(2)"], "The units include any later tuning."),
            (["(b)"], "A developer shall report each incident."),
        ],
        "old",
    )
    new = build(
        [
            (["(a)", "(1)"], "A covered person is a person who meets both of the following:"),
            (["(A)"], "The person has trained a model using more than ten units."),
            (["(B)"], "The person earns revenue."),
            (["(2)"], "The units include any later tuning."),
            (["(b)", "(1)"], "Subject to paragraph (2), a developer shall report each incident."),
            (["(2)"], "A developer may delay a report."),
        ],
        "new",
    )
    result = diff_versions(old, new)
    assert result.rebuild_old() == old.text and result.rebuild_new() == new.text
    # The clause that left (a)(1) for the new (a)(1)(A) is struck and retyped whole ...
    assert "has trained a model using more than ten units." in changed_words(result, DELETE)
    assert "has trained a model using more than ten units." in changed_words(result, INSERT)
    # ... but words that stay on their line behind a new label are kept.
    kept = " ".join(result.text(e) for e in result.edits if e.op == EQUAL)
    assert "developer shall report each incident." in kept
    assert "The units include any later tuning." in kept


def plain(paragraphs: list[str], vid: str) -> Version:
    """One unlabelled section (a Digest, say) of several paragraphs."""
    text = TextBuilder()
    tree = TreeBuilder()
    start = text.length
    for para in paragraphs:
        text.add(para)
    full = text.text()
    tree.open("digest", "", start)
    tree.close(len(full))
    return Version(Bill("demo"), vid, vid, full, tree.finish(len(full)))


def test_a_sentence_moved_to_a_line_of_its_own_is_retyped() -> None:
    old = plain(["Summary of the act. The act sets a fine for a late report."], "old")
    new = plain(["Summary of the act.", "The act adds an audit.", "The act sets a fine for a late report, as prescribed."], "new")
    result = diff_versions(old, new)
    assert result.rebuild_old() == old.text and result.rebuild_new() == new.text
    assert "The act sets a fine for a late report" in changed_words(result, DELETE)
    assert "The act sets a fine for a late report" in changed_words(result, INSERT)


def test_a_line_that_only_lost_its_label_keeps_its_words() -> None:
    old = build([(["(a)"], "Each year a developer shall file a statement of compliance.")], "old")
    new = build([([], "Each year a developer shall file a statement of compliance.")], "new")
    result = diff_versions(old, new)
    assert changed_words(result, DELETE).strip() == "(a)"
    assert changed_words(result, INSERT) == ""


def _merged_paragraphs() -> tuple[Version, Version]:
    old = build(
        [
            (["(c)"], "Before deploying a model, a developer shall publish a report containing all of the following:"),
            (["(1)"], "The results of any risk assessment, the steps taken to address identified risks, and the results of any mitigation assessment conducted by the developer under its protocol."),
            (["(2)", "(A)"], "The results of any risk assessment, the steps taken to address identified risks, and the results of any mitigation assessment conducted by a third party that contracts with a developer."),
            (["(B)"], "A developer shall disclose the time and extent of access provided to any third party described in subparagraph (A)."),
            (["(3)", "(A)"], "If the deployment would pose a risk, the reasoning behind the decision to deploy the model."),
        ],
        "old",
    )
    new = build(
        [
            (["(c)"], "Before deploying a model, a developer shall publish a report containing both of the following:"),
            (["(1)", "(A)"], "The results of any risk assessment or mitigation assessment conducted by the developer or a third party that contracts with a developer under its protocol, and the steps taken to address identified risks."),
            (["(B)"], "A developer shall disclose the time and extent of access provided to any third party described in subparagraph (A)."),
            (["(C)"], "Whether a risk threshold has been attained for the model."),
            (["(2)", "(A)"], "The reasoning behind the decision to deploy the model."),
        ],
        "new",
    )
    return old, new


def test_words_matched_across_a_merge_are_retyped() -> None:
    # Paragraphs (1) and (2) merged into a new (1) with subparagraphs: the
    # words that a word diff would keep from old (1) inside the new (1)(A)
    # (paired with old (2)(A)) are retyped; the untouched (B) stays.
    old, new = _merged_paragraphs()
    result = diff_versions(old, new)
    assert result.rebuild_old() == old.text and result.rebuild_new() == new.text
    merged = next(row for row in result.alignment if row.status == "merged")
    assert merged.new_path == "SEC. 1 > (c)(1)"
    assert "The results of any risk assessment or mitigation" in changed_words(result, INSERT)
    # old (1) is struck whole (its last words are found in no other old provision)
    assert "mitigation assessment conducted by the developer under its protocol." in changed_words(result, DELETE)
    kept = " ".join(result.text(e) for e in result.edits if e.op == EQUAL)
    assert "A developer shall disclose the time and extent of access" in kept


def test_a_renumbered_heading_is_retyped_whole() -> None:
    def bill(numbers: list[int], vid: str) -> Version:
        text = TextBuilder()
        tree = TreeBuilder()
        for k, number in enumerate(numbers):
            start, _ = text.add(f"SEC. {number}.")
            tree.open("bill_section", f"SEC. {number}", start)
            text.add(f"The text of section number {k} stays the same.")
            tree.close(text.length)
        full = text.text()
        return Version(Bill("demo"), vid, vid, full, tree.finish(len(full)))

    old, new = bill([1, 2], "old"), bill([1, 4], "new")
    result = diff_versions(old, new)
    assert result.rebuild_old() == old.text and result.rebuild_new() == new.text
    assert [result.text(e) for e in result.edits if e.op != EQUAL] == ["SEC. 2.", "SEC. 4."]


def test_a_list_item_rewritten_whole_is_struck_with_its_label() -> None:
    # "(2) <old text>" -> "(2) <other text>" with no word in common: the
    # label goes with its line, as the Legislature strikes and retypes it.
    # An item that keeps a word keeps its label.
    old = build(
        [
            (["(a)"], "A model is all of the following:"),
            (["(1)"], "Trained on broad data."),
            (["(2)"], "Uses self supervision in training."),
            (["(3)"], "Applicable in many contexts of use."),
        ],
        "old",
    )
    new = build(
        [
            (["(a)"], "A model is all of the following:"),
            (["(1)"], "Trained on broad data."),
            (["(2)"], "Designed for generality of output."),
            (["(3)"], "Applicable in many contexts of deployment."),
        ],
        "new",
    )
    result = diff_versions(old, new)
    assert result.rebuild_old() == old.text and result.rebuild_new() == new.text
    deleted = changed_words(result, DELETE)
    inserted = changed_words(result, INSERT)
    assert "(2) Uses self supervision" in deleted
    assert "(2) Designed for generality" in inserted
    assert "(3)" not in deleted and "(3)" not in inserted


def test_a_changed_action_line_is_retyped_whole() -> None:
    # "Section N is added to ..., to read:" is a formula: when its section
    # number changes, the whole line is struck and retyped; an unchanged
    # action line and the enacted text below it stay.
    def bill(number: str, vid: str) -> Version:
        text = TextBuilder()
        tree = TreeBuilder()
        start, _ = text.add("SEC. 2.")
        tree.open("bill_section", "SEC. 2", start)
        text.add(f"Section {number} is added to the Example Code, to read:")
        start, _ = text.add(f"{number}.")
        tree.open("code_section", number, start)
        text.add("(a) The office shall publish an annual report on its work.")
        tree.close(text.length)
        tree.close(text.length)
        start, _ = text.add("SEC. 3.")
        tree.open("bill_section", "SEC. 3", start)
        text.add("Section 200 is added to the Example Code, to read:")
        start, _ = text.add("200.")
        tree.open("code_section", "200", start)
        text.add("The office may adopt rules.")
        full = text.text()
        tree.close_to(0, len(full))
        return Version(Bill("demo"), vid, vid, full, tree.finish(len(full)))

    old, new = bill("100.5", "old"), bill("101", "new")
    result = diff_versions(old, new)
    assert result.rebuild_old() == old.text and result.rebuild_new() == new.text
    assert "Section 100.5 is added to the Example Code, to read:" in changed_words(result, DELETE)
    assert "Section 101 is added to the Example Code, to read:" in changed_words(result, INSERT)
    kept = " ".join(result.text(e) for e in result.edits if e.op == EQUAL)
    assert "Section 200 is added to the Example Code, to read:" in kept
    assert "The office shall publish an annual report on its work." in kept


def test_a_label_left_alone_by_a_merge_is_struck_with_its_line() -> None:
    # Once the words of old (1) are retyped across the merge, nothing of
    # its line is kept: its "(1)" goes with it, and the new "(1)" is typed.
    old, new = _merged_paragraphs()
    result = diff_versions(old, new)
    assert result.rebuild_old() == old.text and result.rebuild_new() == new.text
    deleted = [result.text(e) for e in result.edits if e.op == DELETE]
    assert any(d.startswith("(1) The results of any risk assessment") for d in deleted)


def test_an_insertion_next_to_a_repeated_word_stands_first() -> None:
    from lexdiff.diff.words import diff_words

    ops = diff_words(
        "the assessments of the risk and the effectiveness of mitigations",
        "the assessments of the risk and new capabilities and the effectiveness of mitigations",
        cleanup="paragraph",
    )
    assert ("insert", "and new capabilities ") in ops


def test_an_insertion_ends_at_a_clause_mark_when_it_can() -> None:
    from lexdiff.diff.words import diff_words

    ops = diff_words(
        "the activities present a serious risk, including a monthly update",
        "the activities present a serious risk, or that the developer misled the public about serious risk, including a monthly update",
        cleanup="paragraph",
    )
    assert ("insert", "or that the developer misled the public about serious risk, ") in ops


def test_what_a_merge_leaves_of_a_line_is_retyped() -> None:
    # After the words matched across the merge are retyped, the new (1)(A)
    # would keep only "the steps taken to address identified" from old
    # (2)(A): a stray run, under the share a leaf provision needs to be
    # diffed word by word, so it is retyped as well.
    old, new = _merged_paragraphs()
    result = diff_versions(old, new)
    assert result.rebuild_old() == old.text and result.rebuild_new() == new.text
    kept = " ".join(result.text(e) for e in result.edits if e.op == EQUAL)
    assert "the steps taken to address identified" not in kept
    assert "the steps taken to address identified" in changed_words(result, DELETE)


def test_a_word_left_between_two_insertions_is_retyped_with_them() -> None:
    from lexdiff.diff.words import diff_words

    ops = diff_words(
        "constitute the crime of extortion, theft, including theft by deception, or a serious felony.",
        "constitute the crime of murder, assault, extortion, or theft, including theft by false pretense.",
        cleanup="paragraph",
    )
    # Not "{+murder, assault, +}extortion, {+or +}theft, including theft by ...":
    # the lone "extortion," goes with the insertions, then the short run after it.
    assert ops == [
        ("equal", "constitute the crime of "),
        ("delete", "extortion, theft, including theft by deception, or a serious felony."),
        ("insert", "murder, assault, extortion, or theft, including theft by false pretense."),
    ]


def test_a_word_longer_than_the_insertions_around_it_is_kept() -> None:
    from lexdiff.diff.words import diff_words

    ops = diff_words(
        "rules on interoperability for providers",
        "rules on an interoperability rule for providers",
        cleanup="paragraph",
    )
    assert ("equal", "interoperability ") in ops or any(
        op == "equal" and "interoperability" in text for op, text in ops
    )


def test_a_paragraph_inserted_before_a_renumbered_one_stands_whole() -> None:
    # New (C) added before old (3)(A), which becomes (2)(A) and is reworded:
    # the alignment pairs (3)(A) with (2)(A), so their lines are diffed with
    # each other and the new line is inserted whole, label and all.
    old = build(
        [
            (["(c)", "(1)"], "A developer shall publish the results of each risk assessment it conducts."),
            (["(2)", "(A)"], "A developer shall disclose each third party that assessed the model."),
            (["(B)"], "A developer shall disclose the time and extent of access provided to any third party."),
            (["(3)", "(A)"], "If the deployment would pose a risk, the reasoning behind the decision to deploy the model."),
        ],
        "old",
    )
    new = build(
        [
            (["(c)", "(1)", "(A)"], "A developer shall disclose each third party that assessed the model."),
            (["(B)"], "A developer shall disclose the time and extent of access provided to any third party."),
            (["(C)"], "Whether a risk threshold has been attained for the model and any actions taken as a result."),
            (["(2)", "(A)"], "The reasoning behind the decision to deploy the model."),
        ],
        "new",
    )
    result = diff_versions(old, new)
    assert result.rebuild_old() == old.text and result.rebuild_new() == new.text
    inserted = [result.text(e) for e in result.edits if e.op == INSERT]
    assert any(
        text.strip().startswith("(C) Whether a risk threshold") and text.rstrip().endswith("taken as a result.")
        for text in inserted
    ), inserted
    # ... and the renumbering of the next line is its own change, not part of the insertion.
    assert not any("(2)" in text for text in inserted if "Whether" in text)
    deleted = {result.text(e): e for e in result.edits if e.op == DELETE}
    assert "(3)" in deleted and deleted["(3)"].new_provision == "SEC. 1 > (c)(2)"
    new_a = new.text.index("(2) (A)") + len("(2) ")
    assert any(
        e.op == EQUAL and e.new_start <= new_a and e.new_end >= new_a + len("(A)") for e in result.edits
    ), "the (A) of the renumbered line is kept"
