"""``lexdiff tag``, ``lexdiff ambiguity`` and ``lexdiff eval`` through click's CliRunner."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from lexdiff.cli import main

from conftest import SAMPLES, requires_corpus

pytest.importorskip("spacy")

ENROLLED = SAMPLES / "frontier-act" / "04-enrolled.xml"
INTRODUCED = SAMPLES / "frontier-act" / "01-introduced.xml"
ROOT = Path(__file__).resolve().parent.parent

TEXT_BILL = """SEC. 2.
For purposes of this section:
(a) “Covered model” means a model trained using more than 10^26 integer or floating-point operations.
(b) A developer of a covered model shall take reasonable care to assess whether it has a hazardous capability.
(c) A developer shall not deploy a covered model that has a hazardous capability.
"""

needs_sample = pytest.mark.skipif(not ENROLLED.is_file(), reason="demo sample not present")


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def text_bill(tmp_path: Path) -> Path:
    path = tmp_path / "bill.txt"
    path.write_text(TEXT_BILL, "utf-8")
    return path


@needs_sample
def test_tag_json_has_the_documented_shape() -> None:
    result = run("tag", str(ENROLLED))
    assert result.exit_code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["schema"] == 1
    assert set(payload["version"]) >= {"id", "label", "format", "source"}
    labels = {t["label"] for t in payload["tags"]}
    assert {"definition", "term_use", "ambiguity"} <= labels
    assert "sentence" not in labels
    for tag in payload["tags"]:
        assert list(tag)[:5] == ["label", "start", "end", "text", "provision"]
    definition = next(t for t in payload["tags"] if t["label"] == "definition")
    assert definition["term"] == "Artificial intelligence model"
    assert definition["scope"] == "chapter"
    # deterministic: same input, same bytes
    assert run("tag", str(ENROLLED)).stdout == result.stdout


@needs_sample
def test_tag_only_filters_labels_and_groups() -> None:
    result = run("tag", str(ENROLLED), "--only", "definitions,ambiguity")
    labels = {t["label"] for t in json.loads(result.stdout)["tags"]}
    assert labels == {"definition", "ambiguity"}


def test_tag_text_and_md_formats(text_bill: Path) -> None:
    text = run("tag", str(text_bill), "--format", "text", "--only", "definitions")
    assert text.exit_code == 0, text.stderr
    assert "definition" in text.stdout and "term: Covered model" in text.stdout
    md = run("tag", str(text_bill), "--format", "md", "--only", "definitions,ambiguity")
    assert md.stdout.startswith("# Tags:") and "## definition (1)" in md.stdout


def test_tag_unknown_only_label_is_one_line_error(text_bill: Path) -> None:
    result = run("tag", str(text_bill), "--only", "obligations,nonsense")
    assert result.exit_code != 0
    assert "nonsense" in result.stderr and result.stderr.count("\n") == 1
    assert result.stdout == ""


def test_tag_missing_file_exits_3(tmp_path: Path) -> None:
    result = run("tag", str(tmp_path / "absent.xml"))
    assert result.exit_code == 3
    assert "absent.xml" in result.stderr and "no such file" in result.stderr


def test_ambiguity_csv_worklist(text_bill: Path) -> None:
    result = run("ambiguity", str(text_bill))
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and list(rows[0]) == ["file", "provision", "severity", "rule", "term", "context", "reason", "start", "end"]
    assert ("undefined-term", "hazardous capability") in {(r["rule"], r["term"]) for r in rows}
    assert any(r["rule"] == "vague-standard" and r["term"] == "reasonable care" for r in rows)


def test_ambiguity_min_severity_and_output_file(text_bill: Path, tmp_path: Path) -> None:
    out = tmp_path / "worklist.md"
    result = run("ambiguity", str(text_bill), "--format", "md", "--min-severity", "high", "-o", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    content = out.read_text("utf-8")
    assert content.startswith("# Ambiguity worklist") and "| medium |" not in content


@needs_sample
def test_ambiguity_on_the_demo_sample_flags_hazardous_capability_and_the_placeholder() -> None:
    result = run("ambiguity", str(ENROLLED), str(INTRODUCED), "--format", "json")
    payload = json.loads(result.stdout)
    assert payload["schema"] == 1 and len(payload["versions"]) == 2
    terms = {(f["file"].split("/")[-1], f["rule"], f["term"]) for f in payload["findings"]}
    assert ("04-enrolled.xml", "undefined-term", "hazardous capability") in terms
    assert any(name == "01-introduced.xml" and rule == "placeholder" for name, rule, _ in terms)


@needs_sample
def test_eval_on_the_demo_gold() -> None:
    result = run("eval", str(ROOT / "annotations" / "gold" / "frontier-act"))
    assert result.exit_code == 0, result.stderr
    assert "definition" in result.stdout and "TOTAL" in result.stdout
    as_json = json.loads(run("eval", str(ROOT / "annotations" / "gold" / "frontier-act"), "--format", "json").stdout)
    assert as_json["total"]["definition"]["f1"] >= 0.98


@requires_corpus
def test_eval_all_gold_documents_json() -> None:
    payload = json.loads(run("eval", "--format", "json").stdout)
    names = {d["name"] for d in payload["documents"]}
    assert {"sb53-05", "sb53-06", "frontier-act", "sb1047-enrolled"} <= names
    assert payload["total"]["definition"]["f1"] >= 0.98


def test_eval_missing_gold_folder_exits_3(tmp_path: Path) -> None:
    result = run("eval", str(tmp_path / "nope"))
    assert result.exit_code == 3 and "no such gold folder" in result.stderr


def test_missing_lexicon_and_model_are_one_line_errors(text_bill: Path, tmp_path: Path) -> None:
    result = run("ambiguity", str(text_bill), "--lexicon", str(tmp_path / "nope.csv"))
    assert result.exit_code == 3 and "no such lexicon file" in result.stderr
    result = run("tag", str(text_bill), "--model", "xx_no_such_pipeline")
    assert result.exit_code == 3 and "not installed" in result.stderr


def _gold(tmp_path: Path, lines: list[str]) -> Path:
    folder = tmp_path / "gold" / "demo"
    folder.mkdir(parents=True)
    (folder / "document.json").write_text(
        json.dumps({"source": {"sample": "frontier-act/04-enrolled.xml"}, "exclude_kinds": ["digest"]}), "utf-8"
    )
    (folder / "definitions.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    return folder


@needs_sample
def test_eval_reports_unanchored_quotes_as_misses(tmp_path: Path) -> None:
    folder = _gold(tmp_path, [
        '// a comment line',
        '{"label": "definition", "quote": "“Covered model” means", "provision": "22601 > (b)", "term": "Covered model"}',
        '{"label": "definition", "quote": "words that are not in the bill", "term": "Ghost"}',
    ])
    payload = json.loads(run("eval", str(folder), "--format", "json").stdout)
    doc = payload["documents"][0]
    assert doc["labels"]["definition"]["tp"] == 1 and doc["labels"]["definition"]["fn"] == 1
    assert doc["labels"]["definition"]["fp"] == 10  # every other definition of the bill is extra
    assert any("not found" in e for e in doc["anchor_errors"])


def test_eval_bad_gold_line_is_an_input_error(tmp_path: Path) -> None:
    folder = _gold(tmp_path, ['{"label": "obligation", "quote": "x"}'])
    result = run("eval", str(folder))
    assert result.exit_code == 3 and "definitions.jsonl" in result.stderr and "line 1" in result.stderr
