"""``lexdiff diff`` through click's CliRunner, and its import cost (no spaCy)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, SAMPLES

from lexdiff.cli import main

OLD_TEXT = """SEC. 1. Definitions.
(a) “Developer” means a person that trains a foundation model.
(b) “Model” means an engineered system.
SEC. 2. Penalties.
A developer that violates this chapter is liable for a civil penalty not to exceed ten thousand dollars.
"""

NEW_TEXT = """SEC. 1. Definitions.
(a) “Large developer” means a person that trains a foundation model.
(b) “Model” means an engineered system.
SEC. 2. Penalties.
A large developer that violates this chapter is liable for a civil penalty not to exceed one million dollars.
"""

DEMO = sorted((SAMPLES / "frontier-act").glob("*.xml"))


@pytest.fixture
def pair(tmp_path: Path) -> tuple[str, str]:
    old = tmp_path / "old.txt"
    new = tmp_path / "new.txt"
    old.write_text(OLD_TEXT, encoding="utf-8")
    new.write_text(NEW_TEXT, encoding="utf-8")
    return str(old), str(new)


def run(*args: str):
    return CliRunner().invoke(main, ["diff", *args], catch_exceptions=False)


def test_text_redline(pair: tuple[str, str]) -> None:
    result = run(*pair, "--no-color")
    assert result.exit_code == 0, result.output
    assert "[-“Developer”-]{+“Large developer”+}" in result.output
    assert "[-ten thousand-]{+one million+}" in result.output
    assert "\x1b[" not in result.output  # no colour codes off a terminal


def test_json_edits_rebuild_both_texts(pair: tuple[str, str]) -> None:
    result = run(*pair, "--format", "json")
    assert result.exit_code == 0
    doc = json.loads(result.output)
    assert doc["schema"] == 1
    assert set(doc) >= {"old", "new", "alignment", "edits", "stats"}
    old_text = "".join(e["text"] for e in doc["edits"] if e["op"] != "insert")
    new_text = "".join(e["text"] for e in doc["edits"] if e["op"] != "delete")
    from lexdiff.ingest import read_version

    assert old_text == read_version(pair[0]).text
    assert new_text == read_version(pair[1]).text
    for row in doc["alignment"]:
        assert set(row) >= {"old", "new", "status", "similarity"}
    for edit in doc["edits"]:
        assert set(edit) == {
            "op", "text", "old_start", "old_end", "new_start", "new_end", "old_provision", "new_provision",
        }


def test_json_is_deterministic(pair: tuple[str, str]) -> None:
    assert run(*pair, "--format", "json").output == run(*pair, "--format", "json").output


def test_markdown_and_html(pair: tuple[str, str]) -> None:
    md = run(*pair, "--format", "md")
    assert md.exit_code == 0
    assert "~~ten thousand~~" in md.output and "**one million**" in md.output
    html = run(*pair, "--format", "html")
    assert html.exit_code == 0
    page = html.output
    assert page.startswith("<!DOCTYPE html>")
    assert "<del>ten thousand</del>" in page and "<ins>one million</ins>" in page
    assert "<script" not in page and "http://" not in page and "https://" not in page
    assert "&#8220;Large developer" in page or "“Large developer" in page


def test_html_escapes_bill_text(tmp_path: Path) -> None:
    old = tmp_path / "a.txt"
    new = tmp_path / "b.txt"
    old.write_text("SEC. 1. A rule.\nThe agency may act.\n", encoding="utf-8")
    new.write_text("SEC. 1. A rule.\nThe agency may act <script>alert(1)</script> & more.\n", encoding="utf-8")
    page = run(str(old), str(new), "--format", "html").output
    assert "<script>" not in page
    assert "&lt;script&gt;" in page and "&amp; more" in page


def test_exit_code(pair: tuple[str, str]) -> None:
    assert run(*pair, "--exit-code").exit_code == 1
    assert run(pair[0], pair[0], "--exit-code").exit_code == 0
    assert run(*pair).exit_code == 0


def test_section_and_context(pair: tuple[str, str]) -> None:
    whole = run(*pair, "--format", "json")
    paths = {row["new"] for row in json.loads(whole.output)["alignment"] if row["new"]}
    section = next(p for p in sorted(paths) if "2" in p)
    limited = json.loads(run(*pair, "--format", "json", "--section", section).output)
    assert limited["alignment"] and all(
        (row["new"] or "").startswith(section) or (row["old"] or "").startswith(section) for row in limited["alignment"]
    )
    assert all("ten thousand" not in e["text"] or e["op"] != "equal" for e in limited["edits"])
    none = run(*pair, "--no-color", "--context", "0")
    assert none.exit_code == 0 and "\u2026" in none.output


def test_unknown_section_is_one_clear_line(pair: tuple[str, str]) -> None:
    result = CliRunner().invoke(main, ["diff", *pair, "--section", "SEC. 99"])
    assert result.exit_code == 3
    assert "SEC. 99" in result.output and "Traceback" not in result.output


def test_missing_file(pair: tuple[str, str], tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["diff", pair[0], str(tmp_path / "nope.xml")])
    assert result.exit_code == 3
    assert "nope.xml" in result.output and "no such file" in result.output


def test_official_without_marks_is_an_error(pair: tuple[str, str]) -> None:
    result = CliRunner().invoke(main, ["diff", *pair, "--official"])
    assert result.exit_code == 3
    assert "change marks" in result.output


@pytest.mark.skipif(len(DEMO) < 2, reason="demo sample not found")
def test_official_on_the_demo_sample(tmp_path: Path) -> None:
    out = tmp_path / "redline.json"
    result = run(str(DEMO[0]), str(DEMO[1]), "--official", "--format", "json", "-o", str(out))
    assert result.exit_code == 0 and result.output == ""
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["source"] == "official"
    assert any(e["op"] == "insert" for e in doc["edits"])


def test_diff_does_not_import_spacy(pair: tuple[str, str]) -> None:
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from lexdiff.cli import main\n"
        f"r = CliRunner().invoke(main, ['diff', {pair[0]!r}, {pair[1]!r}, '--format', 'json'])\n"
        "assert r.exit_code == 0, r.output\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('spacy', 'thinc', 'torch', 'pypdf')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize("official", [False, True], ids=["computed", "official"])
def test_section_of_a_renumbered_provision_keeps_its_struck_words(official: bool) -> None:
    # The sample's penalty section is 22604.6 in 01 and 22604.8 in 02; asking
    # for the new number must still show the words struck from the old one.
    args = [str(DEMO[0]), str(DEMO[1]), "--no-color", "--section", "SEC. 2 > BPC 22604.8"]
    result = run(*args, *(["--official"] if official else []))
    assert result.exit_code == 0, result.output
    assert "[-22604.6.-]" in result.output
    assert re.search(r"\[-\s*certification-\]", result.output)
    # The amount is struck: "[-____-]" in the sample's marks (made by a plain
    # word diff), "[-____ dollars ($____)-]" in ours, where the short
    # "dollars" between two changed figures is retyped with them.
    assert re.search(r"\[-\s*____[ -]", result.output)


def test_two_different_bills_are_named_in_the_heading_with_a_note(tmp_path: Path) -> None:
    # The same text filed under another number: a wrong file, or an act and
    # the one that repealed and re-enacted it. Compared anyway, but said so.
    other = tmp_path / "other.xml"
    source = DEMO[1].read_text(encoding="utf-8")
    other.write_text(source.replace("<caml:MeasureNum>1188</caml:MeasureNum>", "<caml:MeasureNum>1199</caml:MeasureNum>"), encoding="utf-8")
    result = CliRunner().invoke(main, ["diff", str(DEMO[0]), str(other), "--no-color"])
    assert result.exit_code == 0, result.output
    assert "SB 1188" in result.stdout.splitlines()[0] and "SB 1199" in result.stdout.splitlines()[0]
    assert "different bills" in result.stderr
    same = CliRunner().invoke(main, ["diff", str(DEMO[0]), str(DEMO[1]), "--no-color"])
    assert "different bills" not in same.stderr
    assert same.stdout.splitlines()[0].count("SB 1188") == 1


def test_an_amending_act_is_applied_to_the_law_it_amends(tmp_path: Path) -> None:
    law = tmp_path / "law.txt"
    act = tmp_path / "act.txt"
    law.write_text(
        "SENATE BILL 24-999\nBe it enacted by the General Assembly of the State of Colorado:\n"
        "SECTION 1. In Colorado Revised Statutes, add part 9 to article 1 of title 6 as follows:\n"
        "6-1-901. Duties.\n(1) ON AND AFTER FEBRUARY 1, 2026, A DEVELOPER SHALL USE REASONABLE CARE.\n"
        "(2) THE ATTORNEY GENERAL MAY ENFORCE THIS SECTION.\n",
        encoding="utf-8",
    )
    act.write_text(
        "SENATE BILL 25B-999\nBe it enacted by the General Assembly of the State of Colorado:\n"
        "SECTION 1. In Colorado Revised Statutes, 6-1-901, amend (1) as follows:\n"
        "6-1-901. Duties.\n(1) On and after JUNE 30, 2026, a developer shall use reasonable care.\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["diff", str(law), str(act), "--no-color"])
    assert result.exit_code == 0, result.output
    assert "[-FEBRUARY 1,-]{+JUNE 30,+}" in result.stdout
    assert "(2) THE ATTORNEY GENERAL" not in result.stdout  # not struck: the act leaves it alone
    assert "showing OLD with NEW applied" in result.stderr
    printed = CliRunner().invoke(main, ["diff", str(law), str(act), "--no-color", "--as-printed"])
    assert "different bills" in printed.stderr
    assert "(2) THE ATTORNEY GENERAL MAY ENFORCE THIS SECTION.-]" in printed.stdout  # struck as printed
