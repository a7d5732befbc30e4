"""``lexdiff parse`` and ``lexdiff verify`` through click's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import SAMPLES, requires_corpus
from lexdiff.cli import main
from lexdiff.cli.verify import check_marks, rebuild_with_origins
from lexdiff.ingest import read_version
from lexdiff.model import rebuild_previous_text

SAMPLE = SAMPLES / "frontier-act"
SAMPLE_FILES = sorted(SAMPLE.glob("*.xml"))
SB53 = [
    "01-2025-01-07-introduced.xml",
    "02-2025-02-27-amended-senate.xml",
    "03-2025-03-27-amended-senate.xml",
    "04-2025-05-23-amended-senate.xml",
    "05-2025-07-08-amended-assembly.xml",
    "06-2025-07-17-amended-assembly.xml",
]


def _run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_parse_text_outline() -> None:
    result = _run("parse", str(SAMPLE_FILES[0]))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0].startswith("CA SB 1188 (2027-2028): Introduced, 2027-01-11")
    assert any(line.startswith(" " * 12 + "SEC. 2 > BPC 22602 > (a)(2)(B)(ii)(I)  subclause") for line in lines)
    assert any(line.startswith("  SEC. 2 > Chapter 22.7  chapter: ") for line in lines)


def test_parse_json_is_the_model_and_deterministic() -> None:
    first = _run("parse", "--format", "json", str(SAMPLE_FILES[1]))
    second = _run("parse", "--format", "json", str(SAMPLE_FILES[1]))
    assert first.exit_code == 0 and first.stdout == second.stdout
    payload = json.loads(first.stdout)
    assert payload["schema"] == 1
    assert set(payload) == {"schema", "bill", "version", "text", "provisions", "marks"}
    assert payload["version"]["label"] == "Amended in Senate"
    assert payload["bill"]["citation"] == "CA SB 1188 (2027-2028)"
    text = payload["text"]

    def visit(nodes: list[dict], lo: int, hi: int) -> None:
        for node in nodes:
            assert lo <= node["start"] <= node["end"] <= hi
            visit(node["children"], node["start"], node["end"])

    visit(payload["provisions"], 0, len(text))
    assert payload["marks"] and all(m["op"] in ("insert", "delete") for m in payload["marks"])


def test_parse_markdown() -> None:
    result = _run("parse", "--format", "md", str(SAMPLE_FILES[0]))
    assert result.exit_code == 0
    assert result.stdout.startswith("# CA SB 1188 (2027-2028): Introduced")
    assert "\n- `SEC. 2` bill section" in result.stdout
    assert "    - `SEC. 2 > BPC 22602 > (a)(2)` paragraph" in result.stdout


def test_parse_output_file(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    result = _run("parse", "--format", "json", "-o", str(target), str(SAMPLE_FILES[0]))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert json.loads(target.read_text("utf-8"))["version"]["id"] == "20270SB__118899INT"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_parse_forced_reader() -> None:
    result = _run("parse", "--format-in", "caml", str(SAMPLE_FILES[0]))
    assert result.exit_code == 0


@pytest.mark.parametrize(
    ("previous", "current"),
    list(zip(SAMPLE_FILES, SAMPLE_FILES[1:])),
    ids=[p.stem for p in SAMPLE_FILES[1:]],
)
def test_verify_sample_pairs(previous: Path, current: Path) -> None:
    result = _run("verify", str(previous), str(current))
    assert result.exit_code == 0, result.stdout
    assert result.stdout.startswith("OK: ")


def test_verify_mismatch_exit_1_and_locations() -> None:
    result = _run("verify", str(SAMPLE_FILES[0]), str(SAMPLE_FILES[2]))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("MISMATCH: ")
    assert lines[1].startswith("  previous word ") and lines[2].startswith("  rebuilt  word ")
    assert " > " in result.stdout  # provision paths are named


def test_verify_json() -> None:
    result = _run("verify", "--format", "json", str(SAMPLE_FILES[0]), str(SAMPLE_FILES[2]))
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert payload["schema"] == 1 and payload["ok"] is False
    first = payload["mismatches"][0]
    assert set(first) == {"previous", "rebuilt"}
    assert set(first["previous"]) == {"word", "path", "before", "words", "after"}


def test_rebuild_with_origins_matches_model() -> None:
    version = read_version(str(SAMPLE_FILES[1]))
    rebuilt, origins = rebuild_with_origins(version)
    assert rebuilt == rebuild_previous_text(version)
    assert origins[0][0] == 0


@requires_corpus
@pytest.mark.parametrize("index", range(1, 6), ids=[f"0{n}->0{n + 1}" for n in range(1, 6)])
def test_verify_sb53_pairs(corpus: Path, index: int) -> None:
    folder = corpus / "ca" / "2025-sb53"
    result = _run("verify", str(folder / SB53[index - 1]), str(folder / SB53[index]))
    assert result.exit_code == 0, result.stdout
    previous = read_version(str(folder / SB53[index - 1]))
    current = read_version(str(folder / SB53[index]))
    check = check_marks(previous, current)
    assert check.ok and check.words == len(previous.text.split())
    assert f"OK: {check.words} words of {previous.id}" in result.stdout


@requires_corpus
def test_verify_sb53_skipping_a_version_fails_in_the_right_place(corpus: Path) -> None:
    folder = corpus / "ca" / "2025-sb53"
    previous = read_version(str(folder / SB53[4]))
    current = read_version(str(folder / SB53[5]))
    # Compare 06's marks against 04's text: the first difference is in the title.
    older = read_version(str(folder / SB53[3]))
    check = check_marks(older, current)
    assert not check.ok
    assert check.mismatches[0].previous.path == "Title"
    assert check_marks(previous, current).ok


@requires_corpus
@pytest.mark.parametrize("fmt", ["text", "json", "md"])
@pytest.mark.parametrize("name", SB53, ids=[n[:2] for n in SB53])
def test_parse_every_sb53_version(corpus: Path, name: str, fmt: str) -> None:
    result = _run("parse", "--format", fmt, str(corpus / "ca" / "2025-sb53" / name))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""


def test_outline_counts_marks_per_provision() -> None:
    version = read_version(str(SAMPLE_FILES[1]))
    result = _run("parse", str(SAMPLE_FILES[1]))
    noted = [line for line in result.stdout.splitlines() if "[marks " in line]
    assert noted
    total = 0
    for line in noted:
        note = line.split("[marks ", 1)[1].split("]", 1)[0]
        total += sum(int(part[1:]) for part in note.split())
    # Every mark falls in some provision of the sample, and is counted once.
    assert total == len(version.marks)
