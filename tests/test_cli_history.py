"""``lexdiff history`` on the demo bill (golden list in its README) and on SB 53 (shared corpus)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import SAMPLES, requires_corpus
from lexdiff.cli import main

DEMO = SAMPLES / "frontier-act"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def demo() -> dict:
    code, out, err = run("history", str(DEMO), "--format", "json")
    assert code == 0, err
    return json.loads(out)


def changes(doc: dict, old: int, new: int) -> list[dict]:
    a, b = doc["versions"][old - 1]["id"], doc["versions"][new - 1]["id"]
    return [c for c in doc["changes"] if c["from"] == a and c["to"] == b]


def keyed(items: list[dict], area: str) -> set[tuple[str, str]]:
    return {(c["change"], c["subject"]) for c in items if c["area"] == area}


def test_demo_versions_are_the_four_caml_files_in_order(demo: dict) -> None:
    assert [v["label"] for v in demo["versions"]] == ["Introduced", "Amended in Senate", "Amended in Assembly", "Enrolled"]
    assert all(v["source"].endswith(".xml") for v in demo["versions"])
    assert demo["schema"] == 1


def test_demo_first_amendment_matches_the_golden_list(demo: dict) -> None:
    found = changes(demo, 1, 2)
    # 1, 2: cost thresholds joined with AND.
    assert keyed(found, "coverage") == {("modified", "covered model"), ("modified", "fine-tuned covered model")}
    summaries = " ".join(c["summary"] for c in found if c["area"] == "coverage")
    assert summaries.count("(joined with AND)") == 2
    assert "$100,000,000" in summaries and "$10,000,000" in summaries
    # 6, 8: perjury removed; the renumbered penalty section is followed and its blank filled.
    penalties = [c for c in found if c["area"] == "penalties"]
    assert sorted(c["change"] for c in penalties) == ["modified", "modified", "removed"]
    removed = [c for c in penalties if c["change"] == "removed"][0]
    assert "criminal exposure removed" in removed["summary"] and "perjury" in removed["summary"]
    modified = " ".join(c["summary"] for c in penalties if c["change"] == "modified")
    assert modified.count("BPC 22604.8, was BPC 22604.6") == 2
    assert "$____ (blank placeholder) (per day) → civil penalty up to $10,000 (per day)" in modified
    assert "“submit a certification required by” → “submit a statement required by”" in modified
    # The 10 / 30 percent tiers keep their amounts; their words changed once.
    assert modified.count("“at the time of training,” → “at the start of training,”") == 1
    # 3: the agency and its board are gone.
    assert keyed(found, "institutions") == {("removed", "board of frontier models"), ("removed", "frontier model division")}
    # 1, 2, 3, 5: definitions.
    assert keyed(found, "definitions") == {
        ("modified", "covered model"),
        ("modified", "fine-tuned covered model"),
        ("added", "safety incident"),
        ("removed", "board"),
        ("removed", "division"),
    }
    # 6, 7, 8: duties (recipient changed twice, audit duties added, Division's duty gone).
    duties = {(c["change"], c["provisions"][-1].split(" > ", 1)[1]) for c in found if c["area"] == "duties"}
    assert duties == {
        ("modified", "BPC 22603 > (a)"),
        ("modified", "BPC 22603 > (b)"),
        ("modified", "BPC 22604.8 > (a)"),
        ("added", "BPC 22604.6 > (a)"),
        ("added", "BPC 22604.6 > (b)"),
        ("added", "BPC 22604.6 > (c)"),
        ("removed", "BPC 22603 > (a)"),
        ("removed", "BPC 22605 > (c)"),
    }
    recipient = [c for c in found if c["area"] == "duties" and c["provisions"][-1].endswith("22603 > (b)")][0]
    assert "“to the Division within 72” → “to the Attorney General within 72”" in recipient["summary"]
    # 4 (relettering) is no change of substance: nothing else is reported.
    assert {c["area"] for c in found} <= {"coverage", "penalties", "institutions", "duties", "definitions", "ambiguity"}
    assert ("removed", "placeholder") in keyed(found, "ambiguity")


def test_demo_second_amendment_matches_the_golden_list(demo: dict) -> None:
    found = changes(demo, 2, 3)
    duties = [c for c in found if c["area"] == "duties"]
    assert len(duties) == 3
    # 1: incident reporting moved; 5: the whistleblower rule moved to the Labor Code.
    moved = sorted(c["summary"] for c in duties if "moved" in c["summary"])
    assert len(moved) == 2
    assert "moved from BPC 22603(b) to BPC 22602(e)" in moved[0]
    assert "moved from BPC 22604 to LAB 1107" in moved[1]
    assert "“compliance with this chapter.” → “compliance with Chapter 22.7" in moved[1]
    # 4: audit start delayed.
    delayed = [c for c in duties if "2030" in c["summary"]][0]
    assert "“January 1, 2028, a developer” → “January 1, 2030, a developer”" in delayed["summary"]
    # 3: new critical harm; 5: "developer" borrowed from Section 22601.
    assert keyed(found, "definitions") == {("modified", "critical harm"), ("added", "developer")}
    assert keyed(found, "coverage") == {("added", "developer")}
    assert not [c for c in found if c["area"] in ("penalties", "institutions")]
    vague = [c for c in found if c["area"] == "ambiguity"]
    assert vague and all(c["change"] == "added" and c["provisions"][0].endswith("(d)(4)") for c in vague)


def test_demo_enrolled_version_changes_nothing(demo: dict) -> None:
    assert changes(demo, 3, 4) == []


def test_demo_text_and_markdown() -> None:
    code, out, err = run("history", str(DEMO))
    assert code == 0, err
    assert "03 Amended in Assembly (2027-06-24) → 04 Enrolled (2027-09-10): no change" in out
    code, md, err = run("history", str(DEMO), "--format", "md")
    assert code == 0, err
    assert "| Version | Subject | Provision | Test | Exclusions |" in md
    assert "| 02 | covered model | BPC 22601(b) | training compute > 10^26 FLOP AND compute cost > $100,000,000 |" in md


def test_base_compares_every_version_with_one(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    code, out, err = run("history", str(DEMO / "01-introduced.xml"), str(DEMO / "03-amended-assembly.xml"),
                         str(DEMO / "04-enrolled.xml"), "--base", "1", "--format", "json", "-o", str(target))
    assert code == 0, err
    assert out == ""
    doc = json.loads(target.read_text(encoding="utf-8"))
    first = doc["versions"][0]["id"]
    assert doc["base"] == first
    assert [c["from"] for c in doc["comparisons"]] == [first, first]
    # 01 -> 04 carries both amendments: the cost test and the 2030 audit start.
    to_enrolled = [c for c in doc["changes"] if c["to"] == doc["versions"][2]["id"]]
    assert any(c["area"] == "coverage" and c["subject"] == "covered model" for c in to_enrolled)


def test_errors() -> None:
    code, out, err = run("history", "no/such/file.xml")
    assert code == 3 and out == "" and "no such file" in err
    code, out, err = run("history", str(DEMO), "--base", "99th")
    assert code == 3 and "names no version" in err
    code, _, _ = run("history")
    assert code == 2


@requires_corpus
def test_sb53_history(corpus: Path) -> None:
    code, out, err = run("history", str(corpus / "ca" / "2025-sb53"), "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    versions = doc["versions"]
    assert [v["date"] for v in versions] == ["2025-01-07", "2025-02-27", "2025-03-27", "2025-05-23", "2025-07-08", "2025-07-17"]

    # 02-04: the Labor Code "developer", defined by a $100,000,000 compute cost.
    for version in versions[1:4]:
        (entry,) = [c for c in version["facts"]["coverage"] if c["subject"] == "developer"]
        assert entry["provision"].endswith("LAB 1107 > (c)")
        assert [(c["measure"], c["comparator"], c["value"]) for c in entry["conditions"]] == [("compute_cost", ">=", 100000000)]

    # 05: "large developer" by 10^26 operations when the transparency chapter enters.
    v5, v6 = versions[4]["facts"], versions[5]["facts"]
    (bpc5,) = [c for c in v5["coverage"] if "BPC 22757.11" in c["provision"] and c["conditions"]]
    assert bpc5["subject"] == "large developer"
    assert [(c["measure"], c["value"]) for c in bpc5["conditions"]] == [("compute", 1e26)]
    assert bpc5["when"] == "Before January 1, 2027"

    # 06: the revenue condition joined to it with AND.
    (bpc6,) = [c for c in v6["coverage"] if "BPC 22757.11" in c["provision"] and c["conditions"]]
    (delegated,) = [c for c in v6["coverage"] if c["provision"].endswith("22757.11 > (g)(2)(A)")]
    assert delegated["when"] == "On and after January 1, 2027" and "Attorney General" in delegated["ref"]
    assert bpc6["logic"] == "all"
    assert [(c["measure"], c["comparator"], c["value"]) for c in bpc6["conditions"]] == [
        ("compute", ">", 1e26),
        ("revenue", ">", 100000000),
    ]
    last = [c for c in doc["changes"] if c["to"] == versions[5]["id"]]
    (coverage,) = [c for c in last if c["area"] == "coverage"]
    assert "added condition annual gross revenues > $100,000,000" in coverage["summary"]
    assert "(joined with AND)" in coverage["summary"]

    # Penalties: blanks flagged in 05, tiers in 06, the renumbered section followed.
    assert [p["placeholder"] for p in v5["penalties"] if p["kind"] == "civil"] == [True, True]
    amounts = sorted(p["amount"] for p in v6["penalties"] if p["violator"] == "large developer")
    assert amounts == [10000, 100000, 1000000, 10000000]
    assert [p["amount"] for p in v6["penalties"] if p["violator"] == "auditor"] == [10000]
    penalties = [c for c in last if c["area"] == "penalties"]
    assert sorted((c["change"], c["subject"]) for c in penalties) == [("added", "auditor"), ("modified", "large developer")]
    modified = [c for c in penalties if c["change"] == "modified"][0]
    assert "BPC 22757.16, was BPC 22757.14" in modified["summary"]

    # 04 -> 05: the subject changes from "developer" to "large developer".
    fifth = [c for c in doc["changes"] if c["to"] == versions[4]["id"] and c["area"] == "coverage"]
    assert len(fifth) == 1 and "“developer” replaced by “large developer”" in fifth[0]["summary"]
    assert "10^26" in fifth[0]["summary"]


def test_diff_semantic() -> None:
    old, new = str(DEMO / "02-amended-senate.xml"), str(DEMO / "03-amended-assembly.xml")
    code, out, err = run("diff", old, new, "--semantic", "--format", "json", "--exit-code")
    assert code == 1, err
    doc = json.loads(out)
    assert len(doc["versions"]) == 2 and doc["comparisons"] == [{"from": doc["versions"][0]["id"], "to": doc["versions"][1]["id"]}]
    assert any(c["area"] == "definitions" and c["subject"] == "critical harm" for c in doc["changes"])
    code, out, err = run("diff", str(DEMO / "03-amended-assembly.xml"), str(DEMO / "04-enrolled.xml"), "--semantic", "--exit-code")
    assert code == 0, err
    assert "no change in coverage" in out
    code, out, err = run("diff", old, new, "--semantic", "--format", "html")
    assert code == 3 and "--semantic output is one of" in err


@requires_corpus
def test_sb1047_enrolled_facts(corpus: Path) -> None:
    folder = corpus / "ca" / "2023-sb1047"
    code, out, err = run("history", str(folder), "--format", "json")
    assert code == 0, err
    assert "status" in err  # the bill status page is not a version
    doc = json.loads(out)
    (version,) = doc["versions"]
    facts = version["facts"]
    covered = [c for c in facts["coverage"] if c["subject"] == "covered model"]
    tests = [(c["when"], [(x["measure"], x["comparator"], x["value"]) for x in c["conditions"]]) for c in covered]
    assert tests[:2] == [
        ("Before January 1, 2027", [("compute", ">", 1e26), ("compute_cost", ">", 100000000)]),
        ("Before January 1, 2027", [("compute", ">=", 3e25), ("compute_cost", ">", 10000000)]),
    ]
    assert all(c["logic"] == "all" for c in covered)
    shares = sorted((p["amount"], p["tier"]) for p in facts["penalties"] if p["share_of"])
    assert shares == [(10, "first"), (30, "subsequent")]
    assert all("computing power" in p["share_of"] for p in facts["penalties"] if p["share_of"])
    assert any(i["name"] == "board of frontier models" and i["role"] == "created" for i in facts["institutions"])


def test_folder_without_versions(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("notes", encoding="utf-8")
    code, out, err = run("history", str(tmp_path))
    assert code == 3 and out == "" and "no bill versions" in err


def test_delta_imports_no_spacy() -> None:
    import subprocess
    import sys

    code = "import sys, lexdiff.delta, lexdiff.render.history; print('spacy' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
