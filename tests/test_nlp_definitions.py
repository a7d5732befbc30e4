"""Definitions, their scope, cross-references and term linking, on spacy.blank("en")."""

from __future__ import annotations

import pytest

spacy = pytest.importorskip("spacy")

from lexdiff.model import Bill, Provision, Version  # noqa: E402
from lexdiff.nlp.pipeline import tag_text, tag_version  # noqa: E402
from lexdiff.nlp.tags import doc_tags  # noqa: E402


def definitions(text: str, provisions=()) -> list[dict]:
    doc = tag_text(text, provisions)
    return [dict(t.attrs, text=text[t.start : t.end]) for t in doc_tags(doc, ["definitions"])]


def uses(text: str, provisions=()) -> list[tuple[str, str, int]]:
    doc = tag_text(text, provisions)
    return [(text[t.start : t.end], t.attrs["term"], t.attrs["definition_start"]) for t in doc_tags(doc, ["term_uses"])]


@pytest.mark.parametrize(
    "text, term, form",
    [
        ("(a) “Covered model” means a model trained with a lot of compute.", "Covered model", "means"),
        ("(b) “Developer” includes a person that fine-tunes a model.", "Developer", "includes"),
        ("(c) “Deploy” does not include internal testing.", "Deploy", "excludes"),
        ('(1) The term "covered entity" means a business.', "covered entity", "means"),
        ("As used in this section, “auditor” means an independent person.", "auditor", "means"),
        ("“Employee” has the same meaning as defined in Section 1132.4 of the Labor Code.", "Employee", "has_meaning"),
        ("a public cloud computing cluster to be known as “CalCompute.”", "CalCompute", "known_as"),
        ("the Secretary of Commerce (referred to in this section as the “Secretary”) shall act.", "Secretary", "referred_to"),
        ("Before January 1, 2027, “large developer” means a person.", "large developer", "means"),
    ],
    ids=["means", "includes", "does-not-include", "the-term", "as-used-in", "has-meaning", "known-as",
         "referred-to", "after-date-phrase"],
)
def test_definition_forms(text: str, term: str, form: str) -> None:
    found = definitions(text)
    assert [(d["term"], d["form"]) for d in found] == [(term, form)]


@pytest.mark.parametrize(
    "text",
    [
        "The Attorney General may update the definition of a “large developer” for the purposes of this chapter.",
        "This chapter shall be known, and may be cited, as the Frontier Model Safety Act.",
        "A report that states “no incident” is sufficient.",
        "The bill would define “foundation model” to mean a model.",
    ],
    ids=["mention-of-definition", "short-title", "quoted-words", "digest-paraphrase"],
)
def test_not_definitions(text: str) -> None:
    assert definitions(text) == []


def test_definition_span_keeps_its_list_and_body() -> None:
    text = "“Critical harm” means any of the following harms:\n(1) Mass casualties.\n(2) Grave damage.\n“Person” means an individual."
    found = definitions(text)
    assert found[0]["text"].endswith("(2) Grave damage.")
    assert found[0]["definition"].startswith("any of the following harms:")
    assert found[1]["term"] == "Person"


def _tree(text: str) -> tuple[Provision, ...]:
    """Two bill sections, each adding a code section with its own definitions lead-in."""
    sec3 = text.index("SEC. 3.")
    s1 = Provision(id="s2", kind="bill_section", label="SEC. 2", start=0, end=sec3 - 1, path="SEC. 2",
                   children=(Provision(id="c1", kind="code_section", label="100", start=text.index("100."),
                                       end=sec3 - 1, path="SEC. 2 > BPC 100"),))
    s2 = Provision(id="s3", kind="bill_section", label="SEC. 3", start=sec3, end=len(text), path="SEC. 3",
                   children=(Provision(id="c2", kind="code_section", label="200", start=text.index("200."),
                                       end=len(text), path="SEC. 3 > LAB 200"),))
    return (s1, s2)


TWO_CODES = (
    "SEC. 2.\n100.\nFor purposes of this chapter:\n"
    "(a) “Covered model” means a model trained with more than 10^26 operations.\n"
    "(b) A developer of a covered model shall test the covered model’s safeguards.\n"
    "SEC. 3.\n200.\nFor purposes of this chapter:\n"
    "(a) “Covered model” has the meaning defined in Section 100 of the Business and Professions Code.\n"
    "(b) “Employee” has the meaning defined in Section 1132.4 of the Labor Code.\n"
    "(c) Covered models are subject to this section."
)


def test_scope_comes_from_the_lead_in_and_the_provision_tree() -> None:
    found = definitions(TWO_CODES, _tree(TWO_CODES))
    covered = [d for d in found if d["term"] == "Covered model"]
    assert [d["scope"] for d in covered] == ["chapter", "chapter"]
    # No chapter node in this tree: the bill section that adds the chapter is the scope.
    assert [d["scope_path"] for d in covered] == ["SEC. 2", "SEC. 3"]


def test_cross_reference_resolved_when_the_section_is_in_the_bill() -> None:
    found = {d["term"]: d for d in definitions(TWO_CODES, _tree(TWO_CODES)) if d["form"] == "has_meaning"}
    first = next(d for d in definitions(TWO_CODES, _tree(TWO_CODES)) if d["form"] == "means")
    assert found["Covered model"]["resolved"] is not None
    assert TWO_CODES[found["Covered model"]["resolved"]:].startswith("“Covered model” means")
    assert found["Covered model"]["external"] is False
    assert found["Employee"]["resolved"] is None and found["Employee"]["external"] is True
    assert first["external"] is False


def test_term_uses_link_to_the_definition_governing_their_scope() -> None:
    provisions = _tree(TWO_CODES)
    doc_uses = uses(TWO_CODES, provisions)
    in_sec2 = [u for u in doc_uses if TWO_CODES.index(u[0]) < TWO_CODES.index("SEC. 3.")]
    first_def = TWO_CODES.index("“Covered model” means")
    second_def = TWO_CODES.index("“Covered model” has")
    texts = [u[0] for u in doc_uses]
    # possessive and plural variants, any case
    assert "covered model’s" in texts and "Covered models" in texts
    by_text = {}
    for text, _term, start in doc_uses:
        by_text.setdefault(text, set()).add(start)
    assert by_text["Covered models"] == {second_def}
    assert by_text["covered model’s"] == {first_def}
    assert in_sec2


def test_longest_term_wins() -> None:
    text = (
        "For purposes of this chapter:\n(a) “Model” means a system.\n(b) “Model weight” means a parameter.\n"
        "(c) A developer shall protect each model weight of the model."
    )
    found = uses(text)
    # “Model weight” in its own definition is the defining occurrence of the
    # longer term, so it is not a use of “Model” either.
    assert [(u[0], u[1]) for u in found] == [("model weight", "Model weight"), ("model", "Model")]


def test_the_defining_occurrence_is_not_a_use() -> None:
    text = "“Developer” means a person.\nA developer shall report."
    assert [u[0] for u in uses(text)] == ["developer"]


def test_digest_definitions_are_ignored_when_the_tree_marks_the_digest() -> None:
    text = "The bill would create a cluster to be known as “Compute.”\nSEC. 2.\n“Person” means an individual."
    digest = Provision(id="d", kind="digest", label="Digest", start=0, end=text.index("SEC. 2.") - 1, path="Digest")
    body = Provision(id="s", kind="bill_section", label="SEC. 2", start=text.index("SEC. 2."), end=len(text), path="SEC. 2")
    assert [d["term"] for d in definitions(text, (digest, body))] == ["Person"]


def test_tag_version_fills_provision_paths() -> None:
    provisions = _tree(TWO_CODES)
    version = Version(bill=Bill("demo"), id="v", label="test", text=TWO_CODES, provisions=provisions)
    tags = tag_version(version, only=["definitions"])
    assert tags and all(t.label == "definition" for t in tags)
    assert tags[0].provision == "SEC. 2 > BPC 100"


def test_components_run_on_a_plain_blank_pipeline() -> None:
    import lexdiff.nlp.definitions  # noqa: F401 - registers the factories

    nlp = spacy.blank("en")
    nlp.add_pipe("lexdiff_definitions")
    nlp.add_pipe("lexdiff_term_uses")
    doc = nlp("“Safety incident” means an event.\nA developer shall report each safety incident.")
    assert [s.text for s in doc.spans["definitions"]][0].startswith("“Safety incident” means")
    assert [s.text for s in doc.spans["term_uses"]] == ["safety incident"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ('(7) "DEPLOYER"MEANS A PERSON DOING BUSINESS IN THIS STATE.', [("DEPLOYER", "means")]),
        ('(2) "AUTOMATED TECHNOLOGY" OR "ADMT" MEANS A PROCESS.', [("AUTOMATED TECHNOLOGY", "means"), ("ADMT", "means")]),
        ("(b) “Developer” or “provider” means a person.", [("Developer", "means"), ("provider", "means")]),
    ],
    ids=["capitals-lost-space", "capitals-two-terms", "two-terms"],
)
def test_capitals_pdf_spacing_and_term_pairs(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(d["term"], d["form"]) for d in definitions(text)] == expected


def test_a_definition_that_opens_its_provision_covers_the_whole_provision() -> None:
    text = (
        "(a) “Large developer” means a person who meets both of the following criteria:\n"
        "(1) The person trained a model.\n"
        "(2) The quantity described in paragraph (1) shall include fine-tuning.\n"
        "(3) The person had revenues over a threshold.\n"
        "(b) “Model” means a system."
    )
    a_end = text.index("\n(b)")
    provisions = (
        Provision(id="a", kind="subdivision", label="(a)", start=0, end=a_end, path="(a)"),
        Provision(id="b", kind="subdivision", label="(b)", start=a_end + 1, end=len(text), path="(b)"),
    )
    found = definitions(text, provisions)
    assert found[0]["text"].endswith("over a threshold.")
    assert found[1]["text"] == "“Model” means a system."
    # without a tree, the sentence is the limit
    assert not definitions(text)[0]["text"].endswith("over a threshold.")
