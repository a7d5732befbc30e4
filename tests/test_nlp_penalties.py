"""lexdiff_penalties on a bare spacy.blank("en") pipeline."""

from __future__ import annotations

import pytest

spacy = pytest.importorskip("spacy")

from lexdiff.nlp import penalties, quantities  # noqa: E402,F401  (register the factories)
from lexdiff.nlp.tags import doc_tags  # noqa: E402

TIERED = (
    "(3) For a knowing violation that creates a material risk of death, a large developer shall be subject "
    "to a civil penalty in an amount not to exceed one million dollars ($1,000,000) for a violation that is "
    "the large developer's first such violation and in an amount not exceeding ten million dollars "
    "($10,000,000) for any subsequent violation.\n"
    "(c) A civil penalty described in this section shall be recovered in a civil action brought only by "
    "the Attorney General."
)

SHARE = (
    "22606. (a) The Attorney General may bring a civil action for a violation of this chapter and to "
    "recover all of the following:\n"
    "(1) For a violation that causes death, a civil penalty in an amount not exceeding 10 percent of the "
    "cost of the quantity of computing power used to train the covered model to be calculated using "
    "average market prices of cloud compute at the time of training for a first violation and in an amount "
    "not exceeding 30 percent of that value for any subsequent violation.\n"
    "(2) Injunctive or declaratory relief.\n"
    "(b) In determining whether the developer exercised reasonable care, the court shall consider ..."
)


@pytest.fixture(scope="module", params=["alone", "after-quantities"])
def nlp(request):
    pipeline = spacy.blank("en")
    if request.param == "after-quantities":
        pipeline.add_pipe("lexdiff_quantities")
    pipeline.add_pipe("lexdiff_penalties")
    return pipeline


def tags(nlp, text):
    return doc_tags(nlp(text), groups=["penalties"])


def test_tiers_first_and_subsequent(nlp):
    found = tags(nlp, TIERED)
    assert [(t.attrs["kind"], t.attrs["amount"], t.attrs["unit"]) for t in found] == [
        ("civil", 1000000, "USD"), ("civil", 10000000, "USD")]
    assert [t.attrs["tier"] for t in found] == ["knowing; first", "knowing; subsequent"]
    assert {t.attrs["violator"] for t in found} == {"large developer"}
    assert {t.attrs["enforcer"] for t in found} == {"Attorney General"}
    assert {t.attrs["comparator"] for t in found} == {"<="}


def test_share_of_training_compute_cost(nlp):
    found = tags(nlp, SHARE)
    assert [(t.attrs["kind"], t.attrs["amount"], t.attrs["unit"]) for t in found] == [
        ("civil", 10, "%"), ("civil", 30, "%"), ("injunctive", None, None)]
    base = "the cost of the quantity of computing power used to train the covered model"
    # "30 percent of that value" refers back to the first tier's base
    assert [t.attrs["share_of"] for t in found[:2]] == [base, base]
    assert [t.attrs["tier"] for t in found[:2]] == ["first", "subsequent"]
    assert {t.attrs["enforcer"] for t in found} == {"Attorney General"}


def test_violation_by_names_the_violator(nlp):
    text = ("(b) A violation of this chapter by an auditor shall be subject to a civil penalty in an amount "
            "not to exceed ten thousand dollars ($10,000).")
    [tag] = tags(nlp, text)
    assert (tag.attrs["violator"], tag.attrs["amount"]) == ("auditor", 10000)


def test_lead_in_names_the_violator_of_the_tiers(nlp):
    text = ("(a) A large developer who violates this chapter shall be subject to a civil penalty subject to "
            "all of the following:\n(1) For an unknowing violation, a civil penalty in an amount not to "
            "exceed ten thousand dollars ($10,000).")
    [tag] = tags(nlp, text)
    assert (tag.attrs["violator"], tag.attrs["tier"], tag.attrs["amount"]) == (
        "large developer", "unknowing", 10000)


def test_placeholder_amounts_and_culpability_tier(nlp):
    text = ("(a) A violation of this chapter shall be subject to a civil penalty in an amount not to exceed "
            "____ dollars ($____) per violation, unless the violation is willful or reckless, in which case "
            "the civil penalty shall be in an amount not to exceed ____ dollars ($____).")
    found = tags(nlp, text)
    assert [(t.attrs["amount"], t.attrs.get("placeholder"), t.attrs["tier"]) for t in found] == [
        (None, True, "per violation"), (None, True, "willful or reckless")]


@pytest.mark.parametrize(
    "text,kind",
    [
        ("A person who knowingly makes a false statement is guilty of a misdemeanor.", "criminal"),
        ("The statement shall be made under penalty of perjury.", "criminal"),
        ("The agency may impose an administrative penalty in an amount not to exceed $5,000.",
         "administrative"),
        ("An employee may petition the superior court for appropriate temporary injunctive relief.",
         "injunctive"),
    ],
    ids=["misdemeanor", "perjury", "administrative", "injunctive"],
)
def test_kinds(nlp, text, kind):
    found = tags(nlp, text)
    assert [t.attrs["kind"] for t in found] == [kind]


@pytest.mark.parametrize(
    "text",
    [
        "The corporate structure would frustrate recovery of penalties, damages, or injunctive relief.",
        "(d) Penalties collected pursuant to this section shall be deposited into the Fund.",
        "An order authorizing temporary injunctive relief shall remain in effect until a determination.",
        "If the violation is cured within that period, a civil penalty shall not be imposed.",
    ],
    ids=["frustrate-recovery", "collected-deposited", "order-remains", "not-imposed"],
)
def test_mentions_that_impose_nothing(nlp, text):
    assert tags(nlp, text) == []


def test_unfair_trade_practice_and_exclusive_enforcer(nlp):
    text = ("(1) THE ATTORNEY GENERAL HAS EXCLUSIVE AUTHORITY TO ENFORCE THIS PART 17.\n"
            "(2) A VIOLATION OF THE REQUIREMENTS ESTABLISHED IN THIS PART 17 CONSTITUTES AN UNFAIR TRADE PRACTICE.")
    [tag] = tags(nlp, text)
    assert (tag.attrs["kind"], tag.attrs["amount"], tag.attrs["enforcer"]) == ("civil", None, "ATTORNEY GENERAL")


def test_perjury_violator_from_the_duty_in_the_same_paragraph():
    pipeline = spacy.blank("en")
    for name in ("lexdiff_quantities", "lexdiff_deontic", "lexdiff_penalties"):
        pipeline.add_pipe(name)
    text = ("(a) Annually, a developer shall submit to the Division a certification. The certification shall be made "
            "under penalty of perjury.\n(b) The Attorney General may bring a civil action for a violation.")
    [tag] = doc_tags(pipeline(text), groups=["penalties"])
    assert (tag.attrs["kind"], tag.attrs["violator"], tag.attrs["enforcer"]) == ("criminal", "developer", None)


def test_digest_is_not_law():
    from lexdiff.model import Provision
    from lexdiff.nlp.structure import PROVISIONS_KEY

    pipeline = spacy.blank("en")
    for name in ("lexdiff_quantities", "lexdiff_deontic", "lexdiff_penalties"):
        pipeline.add_pipe(name)
    digest = "The bill would impose a civil penalty in an amount not to exceed $10,000 and may require reports."
    law = "\n(a) A developer shall be subject to a civil penalty in an amount not to exceed $10,000."
    text = digest + law
    doc = pipeline.make_doc(text)
    doc.user_data[PROVISIONS_KEY] = (
        Provision(id="d", kind="digest", label="Digest", start=0, end=len(digest), path="Digest"),
        Provision(id="s", kind="subdivision", label="(a)", start=len(digest) + 1, end=len(text), path="(a)"),
    )
    for _, component in pipeline.pipeline:
        doc = component(doc)
    for group in ("quantities", "deontic", "penalties"):
        assert all(t.start > len(digest) for t in doc_tags(doc, groups=[group])), group
    assert len(doc_tags(doc, groups=["penalties"])) == 1


@pytest.mark.parametrize(
    "lead",
    ["(1) (a) THE ATTORNEY GENERAL SHALL ENFORCE THIS PART 17 THROUGH THE CONSUMER PROTECTION ACT.",
     "(1) (b) VIOLATIONS OF THIS PART ARE ENFORCEABLE EXCLUSIVELY BY THE ATTORNEY GENERAL WITHOUT REGARD TO ANY "
     "OTHER PROVISION."],
    ids=["shall-enforce", "enforceable-exclusively-by"],
)
def test_enforcer_phrasings(nlp, lead):
    text = lead + "\n(2) (a) A VIOLATION OF THIS PART 17 IS A DECEPTIVE TRADE PRACTICE AND IS SUBJECT TO THE ACT."
    [tag] = tags(nlp, text)
    assert tag.attrs["enforcer"] == "ATTORNEY GENERAL"


def test_violator_with_its_relative_clause(nlp):
    text = ("(3) For a person that operates a computing cluster for a violation of Section 22604, a civil penalty in "
            "an amount not exceeding fifty thousand dollars ($50,000) for a first violation.")
    [tag] = tags(nlp, text)
    assert tag.attrs["violator"] == "person that operates a computing cluster"


def _with_duties():
    pipeline = spacy.blank("en")
    for name in ("lexdiff_quantities", "lexdiff_deontic", "lexdiff_penalties"):
        pipeline.add_pipe(name)
    return pipeline


def test_party_petitioning_for_relief_enforces_it_and_is_not_the_violator():
    # SB 53's LAB 1107.1(i)(1) shape with another party: the petitioner's own
    # "may petition" is a permission, not the duty whose breach is remedied.
    text = ("(i) (1) In a civil action or administrative proceeding brought pursuant to this section, a tenant may "
            "petition the superior court in any county wherein the violation in question is alleged to have occurred "
            "for appropriate temporary or preliminary injunctive relief.")
    [tag] = doc_tags(_with_duties()(text), groups=["penalties"])
    assert (tag.attrs["kind"], tag.attrs["violator"], tag.attrs["enforcer"]) == ("injunctive", None, "tenant")


def test_violator_is_the_earlier_duty_bearer_not_the_party_seeking_relief():
    text = ("(a) A landlord shall not retaliate against a tenant for reporting a violation. A tenant may seek "
            "injunctive relief for a violation of this subdivision.")
    [tag] = doc_tags(_with_duties()(text), groups=["penalties"])
    assert (tag.attrs["violator"], tag.attrs["enforcer"]) == ("landlord", "tenant")


@pytest.mark.parametrize("verb", ["obtain", "recover", "bring an action for"])
def test_named_party_obtaining_or_recovering_the_remedy_is_the_enforcer(nlp, verb):
    text = f"(d) The Labor Commissioner may {verb} injunctive relief against an employer that violates this section."
    [tag] = tags(nlp, text)
    assert tag.attrs["enforcer"] == "Labor Commissioner"
    assert tag.attrs["violator"] != "Labor Commissioner"


def test_party_injured_by_a_violation_recovers_and_the_duty_bearer_is_liable():
    # "a violation may recover" must not make the violation the enforcer.
    text = ("(a) An employer shall not retaliate against an employee. Any employee injured by a violation of this "
            "subdivision may recover a civil penalty in an amount not to exceed five hundred dollars ($500).")
    [tag] = doc_tags(_with_duties()(text), groups=["penalties"])
    assert (tag.attrs["amount"], tag.attrs["violator"], tag.attrs["enforcer"]) == (500, "employer", "employee")
