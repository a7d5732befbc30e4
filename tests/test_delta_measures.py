"""A history that spans several acts on one law names each act."""

from __future__ import annotations

from lexdiff.delta.history import build_history, measures
from lexdiff.ingest.builder import TextBuilder, TreeBuilder
from lexdiff.model import Bill, Version
from lexdiff.render.history import history_dict, history_markdown, history_text


def version(bill: Bill, vid: str, date: str, body: str) -> Version:
    text = TextBuilder()
    tree = TreeBuilder()
    start, _ = text.add("SECTION 1. Duties.")
    tree.open("bill_section", "SEC. 1", start)
    s, e = text.add(f"(1) {body}")
    tree.open("subdivision", "(1)", s)
    tree.close(e)
    full = text.text()
    tree.close(len(full))
    return Version(bill, vid, "Approved", full, tree.finish(len(full)), date=date)


ACT = Bill("CO", "2024", "SB", "24-205")
AMENDING = Bill("CO", "2025", "SB", "25B-004")


def no_tags(_version: Version) -> list:
    return []


def test_measures_are_told_apart_by_number() -> None:
    a = version(ACT, "a", "2024-05-17", "A developer shall use reasonable care.")
    signed = version(Bill("CO", "", "SB", "24-205"), "s", "2024-05-18", "A developer shall use reasonable care.")
    b = version(AMENDING, "b", "2025-08-28", "A developer shall use reasonable care after June 30.")
    assert measures([a, signed, b]) == [ACT, AMENDING]
    assert measures([a, signed]) == [ACT]
    # No number to tell: one measure.
    assert len(measures([a, version(Bill("CO"), "x", "2025-01-01", "Text.")])) == 1


def test_history_of_several_acts_names_each_act() -> None:
    a = version(ACT, "a", "2024-05-17", "A developer shall use reasonable care.")
    b = version(AMENDING, "b", "2025-08-28", "A developer shall use reasonable care after June 30.")
    history = build_history([a, b], no_tags)
    text = history_text(history)
    assert text.splitlines()[0] == "CO SB 24-205 (2024) → CO SB 25B-004 (2025)"
    assert "amending act prints only the provisions it changes" in text
    assert "02 CO SB 25B-004 (2025): Approved (2025-08-28)" in text
    assert "| 02 | CO SB 25B-004 (2025) | Approved |" in history_markdown(history)
    assert [v["bill"] for v in history_dict(history)["versions"]] == ["CO SB 24-205 (2024)", "CO SB 25B-004 (2025)"]


def test_history_of_one_bill_is_unchanged() -> None:
    a = version(ACT, "a", "2024-05-17", "A developer shall use reasonable care.")
    b = version(ACT, "b", "2024-06-01", "A developer shall use care.")
    text = history_text(build_history([a, b], no_tags))
    assert text.splitlines()[0] == "CO SB 24-205 (2024)"
    assert "02 Approved (2024-06-01)" in text


def test_an_ocr_copy_of_a_clean_text_is_left_out() -> None:
    from dataclasses import replace

    from lexdiff.ingest.collect import drop_ocr_copies

    body = "A developer of a high-risk system shall use reasonable care to protect consumers from any known or reasonably foreseeable risks of discrimination arising from the intended uses of the system."
    law = version(ACT, "law", "2024-05-17", body)
    scan = replace(
        version(ACT, "scan", "", body.replace("reasonable care", "reasonab1e care")),  # one misread word
        meta={"ocr_text_layer": True},
        source="signed.pdf",
    )
    other = replace(scan, bill=AMENDING)  # an OCR text of another act stays
    notes: list[str] = []
    assert drop_ocr_copies([law, scan, other], notes.append) == [law, other]
    assert len(notes) == 1 and "signed.pdf" in notes[0]
    # With no clean twin the OCR text is all there is: kept.
    assert drop_ocr_copies([scan]) == [scan]


def test_a_component_read_by_a_collection_is_not_a_second_version(tmp_path) -> None:
    from dataclasses import replace

    from lexdiff.ingest.collect import drop_loaded_components

    main = replace(version(ACT, "main", "2013-09-25", "The collection."), source=str(tmp_path / "main.xml"),
                   meta={"document_refs": [{"href": "bill_1.xml", "loaded": "yes", "file": "bill_1.akn4eu.xml"}]})
    part = replace(version(ACT, "part", "", "The decision."), source=str(tmp_path / "bill_1.akn4eu.xml"))
    refused = replace(main, meta={"document_refs": [{"href": "bill_1.xml", "loaded": "not found next to the collection"}]})
    notes: list[str] = []
    assert drop_loaded_components([main, part], notes.append) == [main]
    assert "a component of" in notes[0]
    assert drop_loaded_components([refused, part]) == [refused, part]
