"""The diff on real bills from the shared corpus (skipped when it is absent)."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from conftest import CORPUS, SAMPLES, requires_corpus

from lexdiff.diff import diff_versions
from lexdiff.diff.agreement import agreement
from lexdiff.errors import LexdiffError, UsageError
from lexdiff.ingest import read_version

SB53 = sorted((CORPUS / "ca" / "2025-sb53").glob("*.xml")) if CORPUS else []
SB53_PAIRS = list(pairwise(SB53))

#: Pairs of versions of one bill in the shared corpus, per format.
CROSS_FORMAT = [
    ("us/2019-hr1037/116hr1037-eh.uslm.xml", "us/2019-hr1037/116hr1037-rfs.uslm.xml"),
    ("us/2019-hr1058/116hr1058-rds.uslm.xml", "us/2019-hr1058/116hr1058-enr.uslm.xml"),
    ("us/2019-hr2157/116hr2157-ih.uslm.xml", "us/2019-hr2157/116hr2157-enr.uslm.xml"),
    ("us/2019-sconres13/116sconres13-rfh.uslm.xml", "us/2019-sconres13/116sconres13-es.uslm.xml"),
    ("us/2019-sconres13/116sconres13-es.uslm.xml", "us/2019-sconres13/116sconres13-ats.uslm.xml"),
    ("us/2020-hjres107/116hjres107-rds.uslm.xml", "us/2020-hjres107/116hjres107-eh.uslm.xml"),
    ("us/2020-hjres107/116hjres107-eh.uslm.xml", "us/2020-hjres107/116hjres107-enr.uslm.xml"),
    ("us/2024-hr8752/118hr8752-rh.billdtd.xml", "us/2024-hr8752/118hr8752-eh.billdtd.xml"),
    ("akn/ke-2006-ict-bill/2006-02-10.akn2.xml", "akn/ke-2006-ict-bill/2006-12-19.akn2.xml"),
    ("akn/eu-2011-com925-council-position/main.akn4eu.xml", "akn/eu-2011-com925-council-position/bill_123.akn4eu.xml"),
]

DEMO = sorted((SAMPLES / "frontier-act").glob("*.xml"))
DEMO_TEXT = sorted((SAMPLES / "frontier-act").glob("*.txt"))


def read_or_skip(path: Path):
    try:
        return read_version(str(path))
    except LexdiffError as err:
        if "not available yet" in str(err):
            pytest.skip(f"reader not there yet: {err}")
        raise


def assert_exact(result) -> None:
    assert result.rebuild_old() == result.old.text
    assert result.rebuild_new() == result.new.text


@requires_corpus
@pytest.mark.parametrize("old,new", SB53_PAIRS, ids=[p[1].stem for p in SB53_PAIRS])
def test_sb53_computed_and_official_rebuild_exactly(old: Path, new: Path) -> None:
    a, b = read_version(str(old)), read_version(str(new))
    computed = diff_versions(a, b)
    official = diff_versions(a, b, official=True)
    assert_exact(computed)
    assert_exact(official)
    assert official.source == "official"
    scores = agreement(computed, official)
    # The acceptance bar of the diff engine (benchmarks/official_agreement.py
    # reports the full table; lowest pair today: 0.9912).
    assert scores["inserted"].f1 >= 0.99, scores["inserted"].as_dict()
    assert scores["deleted"].f1 >= 0.99, scores["deleted"].as_dict()


@requires_corpus
def test_sb53_penalty_section_is_renumbered_not_removed_and_added() -> None:
    # 2025-07-08 -> 2025-07-17: the penalty section 22757.14 became 22757.16
    # (rewritten as a tiered penalty and placed after 22757.15).
    old = read_version(str(SB53[4]))
    new = read_version(str(SB53[5]))
    result = diff_versions(old, new)
    row = result.pair(old_path="SEC. 2 > BPC 22757.14")
    assert row is not None
    assert row.new_path == "SEC. 2 > BPC 22757.16"
    assert row.status == "renumbered"
    assert all(r.old_path != "SEC. 2 > BPC 22757.14" or r.status != "removed" for r in result.alignment)


@requires_corpus
def test_sb53_renumbered_bill_sections_follow_their_ids() -> None:
    # 2025-05-23 -> 2025-07-08: new findings in SEC. 1 push the old sections down.
    result = diff_versions(read_version(str(SB53[3])), read_version(str(SB53[4])))
    moved = {(r.old_path, r.new_path): r for r in result.alignment if r.method == "id" and r.renumbered}
    assert ("SEC. 1", "SEC. 3") in moved
    assert ("SEC. 2", "SEC. 4") in moved
    assert all(r.status == "renumbered" for r in moved.values())


@requires_corpus
def test_sb53_official_needs_the_previous_version() -> None:
    with pytest.raises(UsageError, match="different previous version"):
        diff_versions(read_version(str(SB53[1])), read_version(str(SB53[5])), official=True)
    with pytest.raises(UsageError, match="no"):
        diff_versions(read_version(str(SB53[1])), read_version(str(SB53[0])), official=True)


@requires_corpus
@pytest.mark.parametrize("old,new", CROSS_FORMAT, ids=[Path(n).parent.name + "-" + Path(n).stem.split(".")[0] for _, n in CROSS_FORMAT])
def test_other_formats_rebuild_exactly(corpus: Path, old: str, new: str) -> None:
    a = read_or_skip(corpus / old)
    b = read_or_skip(corpus / new)
    result = diff_versions(a, b)
    assert_exact(result)
    # Every provision appears in the alignment; one that is paired (or a
    # piece of a split / merge) is never also listed as added or removed.
    assert {r.old_path for r in result.alignment if r.old_path} == {p.path for p in a.walk()}
    assert {r.new_path for r in result.alignment if r.new_path} == {p.path for p in b.walk()}
    paired_old = {r.old_path for r in result.alignment if r.old and r.new}
    paired_new = {r.new_path for r in result.alignment if r.old and r.new}
    assert not any(r.status == "removed" and r.old_path in paired_old for r in result.alignment)
    assert not any(r.status == "added" and r.new_path in paired_new for r in result.alignment)


@pytest.mark.skipif(len(DEMO) < 2, reason="demo sample not found")
@pytest.mark.parametrize("old,new", list(pairwise(DEMO)), ids=[p.stem for p in DEMO[1:]])
def test_demo_sample(old: Path, new: Path) -> None:
    a, b = read_version(str(old)), read_version(str(new))
    result = diff_versions(a, b)
    assert_exact(result)
    if b.marks:
        official = diff_versions(a, b, official=True)
        assert_exact(official)
        scores = agreement(result, official)
        assert scores["inserted"].f1 >= 0.85 and scores["deleted"].f1 >= 0.85


@pytest.mark.skipif(len(DEMO_TEXT) < 2 or len(DEMO) < 2, reason="demo sample not found")
def test_demo_across_formats() -> None:
    # The plain-text printing of a version against the CAML of the next one.
    a = read_or_skip(DEMO_TEXT[0])
    b = read_version(str(DEMO[1]))
    assert_exact(diff_versions(a, b))
