"""Invariants of diff_versions over random bills and random amendments (hypothesis).

* the edits, in order, rebuild the old text (equal + delete) and the new text
  (equal + insert) exactly, whitespace and paragraph breaks included;
* offsets are contiguous on both sides;
* every edit names the innermost provision around it on each side;
* official marks built from a known amendment give back the same texts.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lexdiff.diff import DELETE, EQUAL, INSERT, diff_versions
from lexdiff.ingest.builder import TextBuilder, TreeBuilder
from lexdiff.model import Bill, Mark, Version

WORDS = st.sampled_from(
    ["the", "a", "developer", "large", "shall", "not", "may", "model", "critical", "risk", "of", "report", "Attorney", "General", "penalty", "dollars", "($1,000,000)", "10^26", "“foundation", "model”", "means"]
)
paragraph = st.lists(WORDS, min_size=1, max_size=12).map(" ".join)
# A section: a heading text and subdivision paragraphs.
section = st.tuples(paragraph, st.lists(paragraph, max_size=4))
bill = st.lists(section, min_size=1, max_size=5)

LETTERS = "abcdefghijklmnop"


def build(sections: list[tuple[str, list[str]]], *, number_from: int = 1, vid: str = "v") -> Version:
    text = TextBuilder()
    tree = TreeBuilder()
    for k, (heading, subdivisions) in enumerate(sections):
        label = f"SEC. {number_from + k}"
        start, _ = text.add(f"{label}. {heading}")
        tree.open("section", label, start)
        for m, body in enumerate(subdivisions):
            sub = f"({LETTERS[m]})"
            s, e = text.add(f"{sub} {body}")
            tree.open("subdivision", sub, s)
            tree.close(e)
        tree.close(text.length)
    full = text.text()
    return Version(Bill("demo"), vid, vid, full, tree.finish(len(full)))


@st.composite
def amendment(draw: st.DrawFn) -> tuple[list, list]:
    """A random bill and a randomly amended copy (word edits, paragraph and section moves)."""
    old = draw(bill)
    new = [(h, list(subs)) for h, subs in old]
    for _ in range(draw(st.integers(0, 6))):
        action = draw(st.sampled_from(["word", "paragraph", "drop", "section", "swap", "move"]))
        k = draw(st.integers(0, len(new) - 1)) if new else 0
        if action == "word" and new:
            heading, subs = new[k]
            words = heading.split()
            at = draw(st.integers(0, len(words)))
            words[at:at + draw(st.integers(0, 2))] = draw(st.lists(WORDS, max_size=3))
            new[k] = (" ".join(words) or "blank", subs)
        elif action == "paragraph" and new:
            new[k][1].insert(draw(st.integers(0, len(new[k][1]))), draw(paragraph))
        elif action == "drop" and new and new[k][1]:
            new[k][1].pop(draw(st.integers(0, len(new[k][1]) - 1)))
        elif action == "section":
            new.insert(k, draw(section))
        elif action == "move" and len(new) > 1:
            new.append(new.pop(k))
        elif action == "swap" and len(new) > 1:
            j = draw(st.integers(0, len(new) - 1))
            new[k], new[j] = new[j], new[k]
    if not new:
        new = [draw(section)]
    return old, new


def check(old: Version, new: Version, official: bool = False) -> None:
    result = diff_versions(old, new, official=official)
    assert result.rebuild_old() == old.text
    assert result.rebuild_new() == new.text
    o = n = 0
    for edit in result.edits:
        assert (edit.old_start, edit.new_start) == (o, n)
        if edit.op == EQUAL:
            assert old.text[edit.old_start:edit.old_end] == new.text[edit.new_start:edit.new_end]
        elif edit.op == INSERT:
            assert edit.old_start == edit.old_end
        else:
            assert edit.op == DELETE and edit.new_start == edit.new_end
        o, n = edit.old_end, edit.new_end
        if edit.op != INSERT:
            owner = old.provision_at(edit.old_start)
            assert edit.old_provision == (owner.path if owner else None)
        if edit.op != DELETE:
            owner = new.provision_at(edit.new_start)
            assert edit.new_provision == (owner.path if owner else None)
    assert (o, n) == (len(old.text), len(new.text))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(amendment())
def test_edits_rebuild_both_texts(pair: tuple[list, list]) -> None:
    old_sections, new_sections = pair
    check(build(old_sections, vid="old"), build(new_sections, vid="new"))


@settings(max_examples=100, deadline=None)
@given(old=st.text(max_size=200), new=st.text(max_size=200))
def test_any_text_at_all(old: str, new: str) -> None:
    # No provisions, arbitrary characters (control characters, astral
    # planes, lone "\n"s): still an exact rebuild.
    a = Version(Bill("demo"), "old", "old", old)
    b = Version(Bill("demo"), "new", "new", new)
    result = diff_versions(a, b)
    assert result.rebuild_old() == old
    assert result.rebuild_new() == new


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(amendment())
def test_official_marks_round_trip(pair: tuple[list, list]) -> None:
    # Turn our own computed diff into official-style marks on the new
    # version; --official must then rebuild both texts as well.
    old_sections, new_sections = pair
    old, new = build(old_sections, vid="old"), build(new_sections, vid="new")
    computed = diff_versions(old, new)
    marks = []
    for edit in computed.edits:
        if edit.op == INSERT:
            marks.append(Mark("insert", edit.new_start, edit.new_end))
        elif edit.op == DELETE:
            marks.append(Mark("delete", edit.new_start, edit.new_start, computed.text(edit)))
    if not marks:
        return
    check(old, new.with_(marks=tuple(marks)), official=True)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(amendment())
def test_sentence_pass_rebuilds_too(pair: tuple[list, list]) -> None:
    # Very long stretches without paragraph breaks (a PDF extracted as one
    # block) are diffed sentence by sentence first; force that path here.
    from lexdiff.diff import script

    old_sections, new_sections = pair
    old = build(old_sections, vid="old")
    new = build(new_sections, vid="new")
    flat_old = old.with_(text=old.text.replace("\n", " "), provisions=())
    flat_new = new.with_(text=new.text.replace("\n", " "), provisions=())
    saved = script.SENTENCE_PASS_CHARS
    script.SENTENCE_PASS_CHARS = 0
    try:
        check(flat_old, flat_new)
    finally:
        script.SENTENCE_PASS_CHARS = saved


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(amendment())
def test_large_run_pairing_rebuilds_too(pair: tuple[list, list]) -> None:
    # Runs of changed paragraphs too large for one word pass are cut at
    # their most similar paragraph pairs (and, past a limit, into blocks);
    # force both paths on small inputs.
    from lexdiff.diff import script

    old_sections, new_sections = pair
    saved = script.RUN_TOKEN_LIMIT, script.PAIRING_LIMIT
    script.RUN_TOKEN_LIMIT, script.PAIRING_LIMIT = 0, 4
    try:
        check(build(old_sections, vid="old").with_(provisions=()), build(new_sections, vid="new").with_(provisions=()))
    finally:
        script.RUN_TOKEN_LIMIT, script.PAIRING_LIMIT = saved
