"""Provision alignment (lexdiff.diff.align) on small hand-made versions."""

from __future__ import annotations

from typing import Any

import pytest

from lexdiff.diff import diff_versions
from lexdiff.diff.align import align_provisions, heaviest_increasing
from lexdiff.ingest.builder import TextBuilder, TreeBuilder
from lexdiff.model import Bill, Version

# (kind, label, text, children[, id])
Node = tuple[Any, ...]

PENALTY = (
    "A large developer that violates this chapter shall be subject to a civil penalty "
    "not to exceed one million dollars for each violation, enforced by the Attorney General."
)
REPORTS = "The Attorney General shall establish a mechanism for reporting critical safety incidents to the office."
AUDIT = "Beginning January 1, 2030, a large developer shall retain an independent third-party auditor every year."


def build(outline: list[Node], vid: str = "v") -> Version:
    text = TextBuilder()
    tree = TreeBuilder()

    def visit(node: Node) -> None:
        kind, label, body, children, *rest = node
        start, _ = text.add(f"{label}. {body}" if kind == "code_section" else f"{label} {body}")
        tree.open(kind, label, start, id=rest[0] if rest else None)
        for child in children:
            visit(child)
        tree.close(text.length)

    for node in outline:
        visit(node)
    full = text.text()
    return Version(Bill("demo"), vid, vid, full, tree.finish(len(full)))


def statuses(old: Version, new: Version) -> dict[tuple[str | None, str | None], str]:
    return {(r.old_path, r.new_path): r.status for r in align_provisions(old, new)}


def test_identical_versions_are_unchanged() -> None:
    v = build([("code_section", "22757.13", REPORTS, []), ("code_section", "22757.14", PENALTY, [])])
    assert set(statuses(v, v).values()) == {"unchanged"}
    assert not diff_versions(v, v).has_changes


def test_renumbered_by_content_not_removed_and_added() -> None:
    # Two sections inserted before the penalty section: 22757.14 -> 22757.16.
    old = build([("code_section", "22757.13", REPORTS, []), ("code_section", "22757.14", PENALTY, [])])
    new = build(
        [
            ("code_section", "22757.13", REPORTS, []),
            ("code_section", "22757.14", AUDIT, []),
            ("code_section", "22757.15", "The Attorney General may adopt regulations updating the definitions of this chapter.", []),
            ("code_section", "22757.16", PENALTY, []),
        ]
    )
    got = statuses(old, new)
    assert got[("22757.14", "22757.16")] == "renumbered"
    assert got[(None, "22757.14")] == "added"
    assert ("22757.14", None) not in got
    result = diff_versions(old, new)
    row = result.pair(old_path="22757.14")
    assert row is not None and row.similarity == 1.0 and row.renumbered and not row.moved
    # Inside the pair, only the number changed.
    changed = [result.text(e) for e in result.edits_for(row) if e.op != "equal"]
    assert changed == ["22757.14.", "22757.16."]


def test_stable_ids_win_over_labels() -> None:
    old = build([("code_section", "1", REPORTS, [], "id_A"), ("code_section", "2", PENALTY, [], "id_B")])
    new = build([("code_section", "2", REPORTS + " Reports are confidential.", [], "id_A"), ("code_section", "3", PENALTY, [], "id_B")])
    rows = align_provisions(old, new)
    assert [(r.old_path, r.new_path, r.method) for r in rows] == [("1", "2", "id"), ("2", "3", "id")]
    assert [r.status for r in rows] == ["renumbered", "renumbered"]


def test_relabelled_subdivisions_follow_their_words() -> None:
    # "(b)" inserted, old (b) and (c) become (c) and (d): not (b) changed + (d) added.
    old = build([("code_section", "10", "Definitions.", [
        ("subdivision", "(a)", "“Model” means an engineered system that infers outputs from inputs.", []),
        ("subdivision", "(b)", "“Developer” means a person that trains a foundation model.", []),
        ("subdivision", "(c)", "“Incident” means unauthorized access to model weights.", []),
    ])])
    new = build([("code_section", "10", "Definitions.", [
        ("subdivision", "(a)", "“Model” means an engineered system that infers outputs from inputs.", []),
        ("subdivision", "(b)", "“Auditor” means an independent third party retained to assess compliance.", []),
        ("subdivision", "(c)", "“Developer” means a person that trains a foundation model.", []),
        ("subdivision", "(d)", "“Incident” means unauthorized access to model weights.", []),
    ])])
    got = statuses(old, new)
    assert got[("10 > (b)", "10 > (c)")] == "renumbered"
    assert got[("10 > (c)", "10 > (d)")] == "renumbered"
    assert got[(None, "10 > (b)")] == "added"
    result = diff_versions(old, new)
    deleted = [result.text(e) for e in result.edits if e.op == "delete"]
    assert deleted == ["(b)", "(c)"]  # only labels struck; every definition kept


def test_moved_section() -> None:
    old = build([
        ("code_section", "1", REPORTS, []),
        ("code_section", "2", PENALTY, []),
        ("code_section", "3", AUDIT, []),
    ])
    new = build([
        ("code_section", "1", REPORTS, []),
        ("code_section", "3", AUDIT, []),
        ("code_section", "2", PENALTY + " Penalties are deposited in the General Fund for enforcement.", []),
    ])
    rows = {r.old_path: r for r in align_provisions(old, new)}
    # The longer section keeps its place; the shorter one is the one that moved.
    assert rows["3"].status == "moved" and rows["3"].moved
    assert rows["2"].status == "changed" and not rows["2"].moved
    result = diff_versions(old, new)
    assert result.rebuild_old() == old.text and result.rebuild_new() == new.text
    moved_edits = result.edits_for(rows["3"])
    assert all(e.op == "equal" for e in moved_edits)  # its own diff: nothing changed


def test_added_and_removed() -> None:
    old = build([("code_section", "1", REPORTS, []), ("code_section", "2", PENALTY, [])])
    new = build([("code_section", "1", REPORTS, []), ("code_section", "2", AUDIT, [])])
    got = statuses(old, new)
    assert got[("2", None)] == "removed"
    assert got[(None, "2")] == "added"
    result = diff_versions(old, new)
    # Words shared by a removed and an added section ("a large developer
    # shall") are not shown as unchanged: the sections are different.
    assert not any(e.op == "equal" and e.old_provision == "2" for e in result.edits if result.text(e).strip())


def test_split_subdivision() -> None:
    long = (
        "A large developer shall publish a safety framework describing catastrophic risk thresholds "
        "and shall review the framework at least once every year and publish each revision within thirty days."
    )
    old = build([("code_section", "5", "Duties.", [("subdivision", "(a)", long, [])])])
    new = build([("code_section", "5", "Duties.", [
        ("subdivision", "(a)", "A large developer shall publish a safety framework describing catastrophic risk thresholds.", []),
        ("subdivision", "(b)", "A large developer shall review the framework at least once every year and publish each revision within thirty days.", []),
    ])])
    got = statuses(old, new)
    assert got[("5 > (a)", "5 > (a)")] == "split"
    assert got[("5 > (a)", "5 > (b)")] == "split"
    assert (None, "5 > (b)") not in got


def test_digest_never_pairs_with_the_enacted_text() -> None:
    body = "A developer shall not retaliate against an employee for disclosing information to the Attorney General."
    old = build([("digest", "", "Existing law protects employees.", []), ("bill_section", "SEC. 1", body, [])])
    new = build([
        ("digest", "", "This bill would provide that " + body, []),
        ("bill_section", "SEC. 1", "The Legislature finds the following about artificial intelligence safety.", []),
    ])
    for row in align_provisions(old, new):
        if row.old is not None and row.new is not None:
            assert row.old.kind == row.new.kind


@pytest.mark.parametrize(
    "values,weights,expected",
    [([1, 3, 2, 4], [1, 1, 5, 1], {0, 2, 3}), ([2, 1], [1, 5], {1}), ([], [], set()), ([1, 2, 3], [1, 1, 1], {0, 1, 2})],
    ids=["heavy-middle", "swap", "empty", "sorted"],
)
def test_heaviest_increasing(values: list[int], weights: list[float], expected: set[int]) -> None:
    assert heaviest_increasing(values, weights) == expected
