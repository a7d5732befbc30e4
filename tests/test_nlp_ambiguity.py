"""Ambiguity findings, on spacy.blank("en")."""

from __future__ import annotations

from pathlib import Path

import pytest

spacy = pytest.importorskip("spacy")

from lexdiff.errors import InputError  # noqa: E402
from lexdiff.nlp.ambiguity import load_lexicon, read_lexicon  # noqa: E402
from lexdiff.nlp.pipeline import build_pipeline, tag_text  # noqa: E402
from lexdiff.nlp.structure import PROVISIONS_KEY  # noqa: E402
from lexdiff.nlp.tags import doc_tags  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def findings(text: str, provisions=()) -> list[dict]:
    doc = tag_text(text, provisions)
    return [dict(t.attrs, text=text[t.start : t.end]) for t in doc_tags(doc, ["ambiguities"])]


def rules_of(text: str) -> list[tuple[str, str, str]]:
    return [(f["rule"], f["severity"], f["text"]) for f in findings(text)]


def test_vague_standard_in_a_duty_keeps_its_severity_elsewhere_drops_to_low() -> None:
    text = (
        "Developers are encouraged to exercise reasonable care.\n"
        "(a) A developer shall take reasonable care to prevent an unreasonable risk of harm."
    )
    got = rules_of(text)
    assert ("vague-standard", "low", "reasonable care") in got
    assert ("vague-standard", "high", "reasonable care") in got
    assert ("vague-standard", "high", "unreasonable risk") in got
    # the longer lexicon phrase wins over "reasonable" / "unreasonable"
    assert not any(r[2] in ("reasonable", "unreasonable") for r in got)


def test_every_finding_has_rule_severity_reason_and_evidence() -> None:
    for f in findings("(a) A developer shall promptly report material changes."):
        assert f["rule"] and f["severity"] in ("low", "medium", "high")
        assert len(f["reason"]) > 30 and f["evidence"]


def test_undefined_key_term_used_in_duties() -> None:
    text = (
        "For purposes of this chapter:\n(a) “Critical harm” means mass casualties.\n"
        "(b) A developer shall assess whether the model has a hazardous capability.\n"
        "(c) A developer shall not deploy a model with a hazardous capability or that can cause critical harm."
    )
    undefined = [f for f in findings(text) if f["rule"] == "undefined-term"]
    assert [(f["term"], f["severity"]) for f in undefined] == [("hazardous capability", "high")]


def test_defined_terms_and_their_tails_are_not_undefined() -> None:
    text = (
        "(a) “Safety and security protocol” means a document.\n"
        "(b) A developer shall publish its safety and security protocol and keep the security protocol current.\n"
        "(c) A developer shall follow its safety and security protocol and its security protocol."
    )
    assert not [f for f in findings(text) if f["rule"] == "undefined-term"]


def test_key_term_used_once_is_not_reported() -> None:
    text = "(a) A developer shall assess whether the model has a hazardous capability."
    assert not [f for f in findings(text) if f["rule"] == "undefined-term"]


@pytest.mark.parametrize(
    "text, flagged",
    [
        ("(a) A developer whose cost of training exceeds $100,000,000 shall report.", True),
        ("(a) A developer whose cost of training exceeds $100,000,000, calculated using average market "
         "prices of cloud compute at the start of training, shall report.", False),
        ("(a) A developer with annual gross revenues in excess of $500,000,000 shall report.", True),
        ("(a) A developer shall report the cost of training.", False),
    ],
    ids=["no-basis", "pricing-basis", "revenue", "no-amount"],
)
def test_unmeasured_quantity(text: str, flagged: bool) -> None:
    assert any(f["rule"] == "unmeasured-quantity" for f in findings(text)) is flagged


def test_placeholders_written_twice_are_one_finding() -> None:
    got = [f for f in findings("(b) A fine not exceeding ____ dollars ($____) for each day.") if f["rule"] == "placeholder"]
    assert len(got) == 1 and got[0]["severity"] == "high"
    assert [f["rule"] for f in findings("(c) Beginning [insert date], the rule applies.") if f["rule"] == "placeholder"]


def test_conflicting_definitions_but_not_identical_nested_or_dated_ones() -> None:
    text = (
        "SEC. 2.\nFor purposes of this section:\n(a) “Model” means a machine-based system.\n"
        "SEC. 3.\nFor purposes of this section:\n(a) “Model” means any software.\n"
        "SEC. 4.\nFor purposes of this section:\n(a) “Model” means any software.\n"
        "SEC. 5.\nFor purposes of this section:\n(a) (1) Before January 1, 2027, “Person” means an individual.\n"
        "(2) On and after January 1, 2027, “Person” means an individual or a company."
    )
    conflicts = [f for f in findings(text) if f["rule"] == "conflicting-definition"]
    # SEC. 3 differs from SEC. 2; SEC. 4 differs from SEC. 2 too (but equals SEC. 3); dated variants are not conflicts.
    assert [f["term"] for f in conflicts] == ["Model", "Model"]
    assert {f["severity"] for f in conflicts} == {"medium"}


def test_external_definition() -> None:
    text = (
        "(a) “Employee” has the meaning defined in Section 1132.4 of the Labor Code.\n"
        "(b) “Standard” means the framework published by the National Institute of Standards and Technology."
    )
    external = [f["term"] for f in findings(text) if f["rule"] == "external-definition"]
    assert external == ["Employee", "Standard"]


def test_digest_is_not_flagged() -> None:
    from lexdiff.model import Provision

    text = "This bill would require reasonable care.\nSEC. 2.\n(a) A developer shall take reasonable care."
    digest = Provision(id="d", kind="digest", label="Digest", start=0, end=text.index("\n"), path="Digest")
    got = findings(text, (digest,))
    assert [f["evidence"].startswith("(a)") for f in got] == [True]


def test_thresholds_and_penalty_tiers_when_those_components_are_present() -> None:
    text = (
        "(a) “Covered model” means a model trained using more than 10^26 integer or floating-point operations, "
        "the cost of which exceeds one hundred million dollars ($100,000,000) as reasonably assessed by the developer.\n"
        "(b) A developer that violates this chapter shall be liable for a civil penalty in an amount not exceeding "
        "10 percent of the cost of the computing power used to train the model, calculated using average market "
        "prices, for a first violation."
    )
    nlp = build_pipeline()
    if "lexdiff_quantities" not in nlp.pipe_names or "lexdiff_penalties" not in nlp.pipe_names:
        pytest.skip("quantities/penalties components not available")
    rules = [(f["rule"], f["severity"]) for f in findings(text)]
    assert ("threshold", "medium") in rules
    assert any(r == "penalty-tier" for r, _ in rules)


def test_custom_lexicon(tmp_path: Path) -> None:
    lexicon = tmp_path / "lex.csv"
    lexicon.write_text("phrase,rule,severity,reason\nforthwith,vague-timing,high,No deadline is set.\n", "utf-8")
    nlp = build_pipeline(lexicon=str(lexicon))
    doc = nlp.make_doc("(a) The developer shall forthwith report with reasonable care.")
    doc.user_data[PROVISIONS_KEY] = ()
    for _, component in nlp.pipeline:
        doc = component(doc)
    got = [(t.attrs["term"], t.attrs["severity"]) for t in doc_tags(doc, ["ambiguities"])]
    assert got == [("forthwith", "high")]


@pytest.mark.parametrize(
    "content, message",
    [("phrase,severity\nx,low\n", "columns"), ("phrase,rule,severity,reason\nx,r,urgent,y\n", "severity")],
    ids=["missing-column", "bad-severity"],
)
def test_bad_lexicon_is_an_input_error(content: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read_lexicon(content, "lex.csv")


def test_shipped_lexicon_matches_the_editable_one() -> None:
    editable = ROOT / "annotations" / "ambiguity_lexicon.csv"
    shipped = ROOT / "lexdiff" / "nlp" / "data" / "ambiguity_lexicon.csv"
    assert read_lexicon(shipped.read_text("utf-8"), "shipped") == read_lexicon(editable.read_text("utf-8"), "editable")
    assert load_lexicon()


def test_component_runs_on_a_plain_blank_pipeline() -> None:
    import lexdiff.nlp.ambiguity  # noqa: F401 - registers the factory

    nlp = spacy.blank("en")
    nlp.add_pipe("lexdiff_ambiguity")
    doc = nlp("A developer shall promptly act.")
    assert [s.text for s in doc.spans["ambiguities"]] == ["promptly"]


def test_lexicon_words_inside_defined_terms_are_not_vague() -> None:
    text = (
        "(a) “Materially influence” means to be a substantial factor in a decision.\n"
        "(b) A developer shall disclose each system that may materially influence a decision."
    )
    flagged = [f["text"] for f in findings(text) if f["rule"].startswith("vague")]
    assert flagged == ["substantial"]


def test_terms_of_art_in_the_lexicon_are_not_flagged() -> None:
    text = "(a) An employee who has reasonable cause to believe that a developer shall act may recover reasonable attorney’s fees."
    assert [f["text"] for f in findings(text) if f["rule"].startswith("vague")] == []


@pytest.mark.parametrize(
    "lead",
    [
        "The Legislature finds and declares all of the following:\n(a) Developers should exercise reasonable care.\n(b) Models pose significant risks.",
        "It is the intent of the Legislature that developers exercise reasonable care.",
        "Congress finds the following:\n(1) Developers should exercise reasonable care.",
    ],
    ids=["ca-findings-list", "intent", "us-findings"],
)
def test_findings_and_intent_language_are_not_flagged(lead: str) -> None:
    text = "SEC. 1.\n" + lead + "\nSEC. 2.\n(a) A developer shall take reasonable care."
    got = [f for f in findings(text) if f["rule"].startswith("vague")]
    assert [f["evidence"] for f in got] == ["(a) A developer shall take reasonable care."]


def test_list_items_under_a_duty_lead_in_are_in_the_duty() -> None:
    from lexdiff.model import Provision

    text = (
        "(a) Before training, the developer shall do all of the following:\n"
        "(1) Adopt a protocol.\n"
        "(2) Ensure the model cannot be misused, and the developer shall log each test.\n"
        "(3) Take reasonable care to prevent harm."
    )
    starts = [text.index(f"({n})") for n in (1, 2, 3)]
    ends = [starts[1] - 1, starts[2] - 1, len(text)]
    items = tuple(
        Provision(id=str(n), kind="paragraph", label=f"({n})", start=s, end=e, path=f"(a)({n})")
        for n, s, e in zip((1, 2, 3), starts, ends)
    )
    tree = (Provision(id="a", kind="subdivision", label="(a)", start=0, end=len(text), path="(a)", children=items),)
    with_tree = [(f["term"], f["severity"]) for f in findings(text, tree) if f["rule"] == "vague-standard"]
    assert with_tree == [("reasonable care", "high")]
