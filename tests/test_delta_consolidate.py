"""An act that amends parts of a law is applied to the law before it."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CORPUS

from lexdiff.delta.consolidate import consolidate, effective_versions
from lexdiff.ingest.plaintext import structure_from_text

LAW = """SENATE BILL 24-999
Be it enacted by the General Assembly of the State of Colorado:
SECTION 1. In Colorado Revised Statutes, add part 9 to article 1 of title 6 as follows:
6-1-901. Duties.
(1) ON AND AFTER FEBRUARY 1, 2026, A DEVELOPER SHALL USE REASONABLE CARE.
(2) A DEVELOPER SHALL MAKE AVAILABLE:
(a) A STATEMENT; AND
(b) DOCUMENTATION.
(3) THE ATTORNEY GENERAL MAY ENFORCE THIS SECTION.
"""

ACT = """SENATE BILL 25B-999
Be it enacted by the General Assembly of the State of Colorado:
SECTION 1. In Colorado Revised Statutes, 6-1-901, amend (1) and (2) introductory portion as follows:
6-1-901. Duties.
(1) On and after JUNE 30, 2026, a developer shall use reasonable care.
(2) On and after JUNE 30, 2026, a developer shall make available:
"""

REENACT = """SENATE BILL 26-999
Be it enacted by the General Assembly of the State of Colorado:
SECTION 1. In Colorado Revised Statutes, repeal and reenact, with amendments, part 9 of article 1 of title 6 as follows:
6-1-901. Duties.
(1) A DEPLOYER SHALL USE REASONABLE CARE.
"""


def read(text: str, name: str):
    return structure_from_text(text, path=name)


def test_printed_provisions_replace_their_own_text_and_the_rest_stays() -> None:
    law, act = read(LAW, "law.txt"), read(ACT, "act.txt")
    assert (law.bill.number, act.bill.number) == ("24-999", "25B-999")
    applied = consolidate(law, act)
    assert applied is not None
    assert applied.bill == act.bill and applied.source == "act.txt"
    text = applied.text
    assert "(1) ON AND AFTER JUNE 30, 2026, A DEVELOPER SHALL USE REASONABLE CARE." in text
    assert "FEBRUARY" not in text
    # "(2) introductory portion": only the words before (2)(a) change.
    assert "(2) On and after JUNE 30, 2026, A DEVELOPER SHALL MAKE AVAILABLE:\n(a) A STATEMENT; AND" in text
    assert "(3) THE ATTORNEY GENERAL MAY ENFORCE THIS SECTION." in text
    assert applied.meta["consolidated"]["replaced"] == 2
    assert applied.meta["consolidated"]["not_applied"] == []
    # Offsets follow the new text.
    for provision in applied.walk():
        if provision.kind in ("subdivision", "paragraph"):
            assert applied.text[provision.start : provision.end].startswith(provision.label)
    three = applied.find("SEC. 1 > CRS 6-1-901 > (3)")
    assert applied.text[three.start : three.end] == "(3) THE ATTORNEY GENERAL MAY ENFORCE THIS SECTION."


def test_unchanged_words_keep_the_laws_printing() -> None:
    from lexdiff.delta.consolidate import keep_printing

    before = "(1) ON AND AFTER FEBRUARY 1, 2026, A DEVELOPER SHALL USE RULES PROMULGATED BY THE ATTORNEY GENERAL."
    printed = "(1) On and after JUNE 30, 2026, a developer shall use rules ADOPTED by the attorney general."
    assert keep_printing(before, printed) == (
        "(1) ON AND AFTER JUNE 30, 2026, A DEVELOPER SHALL USE RULES ADOPTED BY THE ATTORNEY GENERAL."
    )
    assert keep_printing(printed, printed) == printed


def test_what_is_not_applied() -> None:
    law = read(LAW, "law.txt")
    assert consolidate(law, read(REENACT, "re.txt")) is None  # prints the whole part: compared as printed
    assert consolidate(law, read(LAW.replace("24-999", "24-998"), "copy.txt")) is None  # nothing to amend
    other = ACT.replace("6-1-901", "6-1-902")
    assert consolidate(law, read(other, "other.txt")) is None  # no code section in common


def test_effective_versions_applies_only_across_acts() -> None:
    law, act = read(LAW, "law.txt"), read(ACT, "act.txt")
    out = effective_versions([law, act])
    assert out[0] is law and "consolidated" in out[1].meta
    same_bill = read(ACT.replace("25B-999", "24-999"), "v2.txt")
    assert effective_versions([law, same_bill])[1] is same_bill  # versions of one bill print all of it


@pytest.mark.skipif(CORPUS is None, reason="shared corpus not found (set LEXDIFF_CORPUS or place it at ../shared/corpus)")
def test_colorado_2025_act_applied_to_the_2024_law() -> None:
    from lexdiff.ingest import read_version

    folder = Path(CORPUS) / "co" / "2024-sb205"
    law = read_version(str(folder / "sb24-205-session-law-2024-ch198.pdf"))
    act = read_version(str(folder / "sb25b-004-session-law-2025-1ES-ch3.pdf"))
    applied = consolidate(law, act)
    assert applied is not None
    assert applied.meta["consolidated"]["code_sections"] == ["6-1-1702", "6-1-1703", "6-1-1704"]
    assert applied.meta["consolidated"]["replaced"] == 18  # (3)(a) reprinted unchanged, case aside
    one = applied.find("SEC. 1 > CRS 6-1-1702 > (1)")
    # Words the act kept keep the law's capitals; its own change is as printed.
    assert applied.text[one.start : one.end].startswith("(1) ON AND AFTER JUNE 30, 2026, A DEVELOPER")
    from lexdiff.diff import diff_versions

    stats = diff_versions(law, applied).stats()
    # Only what the act changed: 19 "FEBRUARY 1," -> "JUNE 30,", "PROMULGATED" -> "ADOPTED" (twice),
    # "MADE" added (twice), "INCLUDE" -> "includes".
    assert (stats["inserted_words"], stats["deleted_words"]) == (45, 43)
    six = applied.find("SEC. 1 > CRS 6-1-1702 > (6)")  # not amended: the 2024 text
    assert applied.text[six.start : six.end].startswith("(6) NOTHING IN SUBSECTIONS (2) TO (5)")
    reenact = read_version(str(folder / "sb26-189-session-law-2026-ch131.pdf"))
    assert consolidate(applied, reenact) is None
