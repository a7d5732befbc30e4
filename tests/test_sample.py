"""The embedded demo bill (corpus/samples/frontier-act): generated, consistent, marks rebuild.

These checks do not depend on lexdiff's readers: they walk the CAML with
lxml so that a bug in the generator cannot hide behind a matching bug in a
reader. The reader-level checks (``lexdiff verify``, plain text vs CAML
trees) live in ``tests/test_plaintext.py``.
"""

from __future__ import annotations

import html
import importlib.util
import re
import sys

import pytest
from lxml import etree

from conftest import ROOT, SAMPLES

SAMPLE = SAMPLES / "frontier-act"
VERSIONS = ["01-introduced", "02-amended-senate", "03-amended-assembly", "04-enrolled"]
CAML_NS = "http://lc.ca.gov/legalservices/schemas/caml.1#"
NS = {"caml": CAML_NS}
# Inline elements: no word boundary at their edges ("the <DocName>Labor Code</DocName>,").
INLINE = {f"{{{CAML_NS}}}DocName"}
WRAP = (
    f'<wrap xmlns:caml="{CAML_NS}" xmlns:xhtml="http://www.w3.org/1999/xhtml" '
    'xmlns:xlink="http://www.w3.org/1999/xlink">{}</wrap>'
)


def _load_generator():
    spec = importlib.util.spec_from_file_location("make_sample_caml", ROOT / "scripts" / "make_sample_caml.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_sample_caml"] = module
    spec.loader.exec_module(module)
    return module


def _words(element: etree._Element, *, rebuild: bool) -> list[str]:
    """Words of ``element``; with ``rebuild``, insertions dropped and deletions restored."""
    return _text(element, rebuild=rebuild).split()


def _text(element: etree._Element, *, rebuild: bool) -> str:
    out: list[str] = []
    inserting = False

    def text(value: str | None) -> None:
        if value and not inserting:
            out.append(value)

    def walk(node: etree._Element) -> None:
        nonlocal inserting
        boundary = node.tag not in INLINE and node.tag != "wrap"
        if boundary:
            out.append(" ")
        text(node.text)
        for child in node:
            if isinstance(child, etree._ProcessingInstruction):
                if child.target == "xm-insertion_mark_start" and rebuild:
                    inserting = True
                elif child.target == "xm-insertion_mark_end":
                    inserting = False
                elif child.target == "xm-deletion_mark" and rebuild and not inserting:
                    data = re.search(r'data="(.*)"\s*$', child.text or "", re.S)
                    assert data, child.text
                    struck = etree.fromstring(WRAP.format(html.unescape(data.group(1))))
                    out.append(_text(struck, rebuild=False))
            elif isinstance(child, etree._Element) and not isinstance(child, etree._Comment):
                walk(child)
            text(child.tail)
        if boundary:
            out.append(" ")

    walk(element)
    return "".join(out)


def _part(version: str, xpath: str) -> etree._Element:
    tree = etree.parse(str(SAMPLE / f"{version}.xml"))
    found = tree.find(xpath, NS)
    assert found is not None, f"{version}: {xpath} missing"
    return found


def test_generated_files_are_up_to_date():
    generator = _load_generator()
    for path, text in generator.generate().items():
        assert path.read_text(encoding="utf-8") == text, (
            f"{path.name} is stale: run .venv/bin/python scripts/make_sample_caml.py"
        )


@pytest.mark.parametrize("version", VERSIONS)
def test_caml_is_well_formed_and_shaped_like_caml(version):
    tree = etree.parse(str(SAMPLE / f"{version}.xml"))
    root = tree.getroot()
    assert root.tag == f"{{{CAML_NS}}}MeasureDoc"
    for path in ("caml:Description/caml:Id", "caml:Description/caml:DigestText", "caml:Bill/caml:Preamble"):
        assert root.find(path, NS) is not None, path
    nums = [n.xpath("string()") for n in root.iterfind(".//caml:BillSection/caml:Num", NS)]
    assert nums[0] == "SECTION 1." and all(re.fullmatch(r"SEC\. \d+\.", n) for n in nums[1:])
    labelled = [p for p in root.iterfind(".//{http://www.w3.org/1999/xhtml}p") if p.text and p.text.startswith("(")]
    assert labelled and all(p.find("{http://www.w3.org/1999/xhtml}span").get("class") == "EnSpace" for p in labelled)


@pytest.mark.parametrize("index", [1, 2, 3], ids=["01-02", "02-03", "03-04"])
@pytest.mark.parametrize("part", ["caml:Bill", "caml:Description/caml:DigestText", "caml:Description/caml:Title"])
def test_marks_rebuild_previous_version(index, part):
    previous, current = VERSIONS[index - 1], VERSIONS[index]
    rebuilt = _words(_part(current, part), rebuild=True)
    expected = _words(_part(previous, part), rebuild=False)
    if rebuilt != expected:
        import difflib

        diff = "\n".join(difflib.unified_diff(expected, rebuilt, "previous", "rebuilt", lineterm="", n=3))
        pytest.fail(f"{current} marks do not rebuild {previous} ({part}):\n{diff[:3000]}")


def test_amended_versions_carry_marks_and_enrolled_none():
    for version in VERSIONS:
        data = (SAMPLE / f"{version}.xml").read_text(encoding="utf-8")
        has_marks = "xm-insertion_mark_start" in data or "xm-deletion_mark" in data
        assert has_marks == ("amended" in version), version


def test_plain_text_and_caml_have_the_same_bill_words():
    # The printed layout adds a header, the digest lead line and the vote
    # line; from the preamble on, the words must be exactly the CAML's.
    for version in VERSIONS:
        caml = _words(_part(version, "caml:Bill"), rebuild=False)
        text = (SAMPLE / f"{version}.txt").read_text(encoding="utf-8")
        body = text[text.index("The people of the State of California") :].split()
        # CAML keeps a chapter's number without the word "CHAPTER" (the
        # element type says it); the printed heading spells it out.
        body = [word for word in body if word != "CHAPTER"]
        assert body == caml, version


def test_intended_changes_are_present():
    """Spot checks of the golden list in the sample README."""
    texts = {v: (SAMPLE / f"{v}.txt").read_text(encoding="utf-8") for v in VERSIONS}
    flat = {v: " ".join(t.split()) for v, t in texts.items()}
    assert "penalty of perjury" in flat["01-introduced"] and "penalty of perjury" not in flat["02-amended-senate"]
    assert "Frontier Model Division" in flat["01-introduced"] and "Division" not in flat["02-amended-senate"].split(
        "to read:"
    )[1].replace("Division 8", "")
    assert "($____)" in flat["01-introduced"] and "ten thousand dollars ($10,000)" in flat["02-amended-senate"]
    assert "22604.6. (a) The Attorney General may bring" in flat["01-introduced"]
    assert "22604.8. (a) The Attorney General may bring" in flat["02-amended-senate"]
    assert "one hundred million dollars ($100,000,000)" not in flat["01-introduced"]
    assert "one hundred million dollars ($100,000,000)" in flat["02-amended-senate"]
    assert "January 1, 2030" in flat["03-amended-assembly"]
    assert flat["03-amended-assembly"].split("LEGISLATIVE")[1].split("SB 1188")[1].split(".", 1)[1] == flat[
        "04-enrolled"
    ].split("LEGISLATIVE")[1].split("SB 1188")[1].split(".", 1)[1]
    for version in VERSIONS:
        assert "hazardous capability" in flat[version] and "“Hazardous capability”" not in flat[version]
