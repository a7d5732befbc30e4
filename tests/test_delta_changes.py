"""Changes between the facts of two versions (lexdiff.delta.changes), on hand-built versions."""

from __future__ import annotations

import pytest

from lexdiff.delta.changes import compare_facts, format_number, short_path
from lexdiff.delta.facts import version_facts
from test_delta_facts import definition, duty, outline, quantity, tag

BEFORE = [
    "SEC. 2.",
    "100.1.",
    "(a) “Frontier model” means a model trained on broad data.",
    "(b) “Large developer” means either of the following:",
    "(1) (A) Before January 1, 2031, “large developer” means a person who has trained a frontier model using a quantity of computing power greater than 10^26 integer or floating-point operations.",
    "(2) On and after January 1, 2031, “large developer” has the meaning defined by a regulation of the Attorney General.",
    "100.2.",
    "(a) A large developer shall publish a safety framework.",
    "(b) The Attorney General shall review each framework.",
    "100.3.",
    "(a) A violation of this chapter shall be subject to a civil penalty in an amount not to exceed ____ dollars ($____) per violation.",
    "(b) The civil penalty shall be recovered in a civil action brought only by the Attorney General.",
]

AFTER = [
    "SEC. 2.",
    "100.1.",
    "(a) “Frontier model” means a model trained on a broad data set.",
    "(b) “Model weight” means a number in a frontier model.",
    "(c) “Large developer” means either of the following:",
    "(1) (A) Before January 1, 2031, “large developer” means a person who meets both of the following criteria:",
    "(i) The person has trained a frontier model using a quantity of computing power greater than 10^26 integer or floating-point operations.",
    "(ii) The person had annual gross revenues in excess of one hundred million dollars ($100,000,000) in the preceding calendar year.",
    "(2) On and after January 1, 2031, “large developer” has the meaning defined by a regulation of the Attorney General.",
    "100.2.",
    "(a) A large developer shall publish a safety framework.",
    "(b) The Attorney General shall review each framework.",
    "100.25.",
    "(a) An auditor shall report to the Attorney General.",
    "100.4.",
    "(a) (1) For an unknowing violation, a large developer shall be subject to a civil penalty in an amount not to exceed ten thousand dollars ($10,000).",
    "(2) For a knowing violation, a large developer shall be subject to a civil penalty in an amount not to exceed one million dollars ($1,000,000).",
    "(b) A violation of this chapter by an auditor shall be subject to a civil penalty in an amount not to exceed ten thousand dollars ($10,000).",
    "(c) A civil penalty described in this section shall be recovered in a civil action brought only by the Attorney General.",
]

IDS_BEFORE = {"SEC. 2": "id_sec2", "SEC. 2 > X 100.1": "id_def", "SEC. 2 > X 100.2": "id_dut", "SEC. 2 > X 100.3": "id_pen"}
IDS_AFTER = {"SEC. 2": "id_sec2", "SEC. 2 > X 100.1": "id_def", "SEC. 2 > X 100.2": "id_dut", "SEC. 2 > X 100.4": "id_pen", "SEC. 2 > X 100.25": "id_new"}


def before_facts():
    v = outline(BEFORE, id="v5", ids=IDS_BEFORE)
    tags = [
        definition(v, "Frontier model"),
        definition(v, "Large developer"),
        definition(v, "large developer"),
        definition(v, "large developer", nth=1),
        quantity(v, "10^26", 1e26, "compute", "operations", comparator=">"),
        duty(v, "shall publish a safety framework", "A large developer"),
        duty(v, "shall review each framework", "The Attorney General"),
        tag(v, "penalties", "penalty", "civil penalty in an amount not to exceed ____ dollars ($____) per violation",
            kind="civil", amount=None, tier="per_violation", enforcer="Attorney General"),
    ]
    return v, version_facts(v, tags), tags


def after_facts():
    v = outline(AFTER, id="v6", ids=IDS_AFTER)
    tags = [
        definition(v, "Frontier model"),
        definition(v, "Model weight"),
        definition(v, "Large developer"),
        definition(v, "large developer"),
        definition(v, "large developer", nth=1),
        quantity(v, "10^26", 1e26, "compute", "operations", comparator=">"),
        quantity(v, "one hundred million dollars", 1e8, "money", "USD", comparator=">"),
        quantity(v, "$100,000,000", 1e8, "money", "USD"),
        duty(v, "shall publish a safety framework", "A large developer"),
        duty(v, "shall review each framework", "The Attorney General"),
        duty(v, "shall report to the Attorney General", "An auditor"),
        tag(v, "penalties", "penalty", "civil penalty in an amount not to exceed ten thousand dollars ($10,000)",
            kind="civil", amount=10000, unit="USD", tier="unknowing", violator="a large developer", enforcer="Attorney General"),
        tag(v, "penalties", "penalty", "civil penalty in an amount not to exceed one million dollars ($1,000,000)",
            kind="civil", amount=1000000, unit="USD", tier="knowing", violator="a large developer", enforcer="Attorney General"),
        tag(v, "penalties", "penalty", "civil penalty in an amount not to exceed ten thousand dollars ($10,000)", nth=1,
            kind="civil", amount=10000, unit="USD", violator="an auditor", enforcer="Attorney General"),
    ]
    return v, version_facts(v, tags), tags


@pytest.fixture(scope="module")
def changes():
    _, old, _ = before_facts()
    _, new, new_tags = after_facts()
    return compare_facts(old, new, new_tags=new_tags)


def by_area(changes, area):
    return [c for c in changes if c.area == area]


def test_revenue_condition_joined_with_and(changes) -> None:
    (change,) = by_area(changes, "coverage")
    assert change.change == "modified" and change.subject == "large developer"
    assert change.provisions == ("SEC. 2 > X 100.1 > (b)(1)(A)", "SEC. 2 > X 100.1 > (c)(1)(A)")
    assert "added condition annual gross revenues > $100,000,000" in change.summary
    assert "(joined with AND)" in change.summary
    assert "training compute" not in change.summary.split(":", 1)[1]  # the compute test did not change
    assert change.after["logic"] == "all"


def test_renumbered_penalty_section_is_followed(changes) -> None:
    penalties = by_area(changes, "penalties")
    kinds = sorted((c.change, c.subject) for c in penalties)
    # The blank-amount penalty of 100.3 became the schedule of 100.4: one
    # modification, plus the auditor's new penalty; nothing removed.
    assert kinds == [("added", "auditor"), ("modified", "large developer")]
    modified = [c for c in penalties if c.change == "modified"][0]
    assert "X 100.4, was X 100.3" in modified.summary
    assert "$____ (blank placeholder)" in modified.summary
    assert "$10,000 (unknowing)" in modified.summary and "$1,000,000 (knowing)" in modified.summary
    added = [c for c in penalties if c.change == "added"][0]
    assert "$10,000" in added.summary


def test_definition_rewording_lists_the_provisions_that_use_the_term(changes) -> None:
    definitions = by_area(changes, "definitions")
    reworded = [c for c in definitions if c.change == "modified" and c.subject == "frontier model"]
    assert len(reworded) == 1
    assert "“trained on broad data.” → “trained on a broad data set.”" in reworded[0].summary
    assert "SEC. 2 > X 100.1 > (c)(1)(A)(i)" in reworded[0].affects
    assert [c.subject for c in definitions if c.change == "added"] == ["model weight"]
    # "large developer" gained a criterion: its definition is reworded too.
    assert any(c.subject == "large developer" and c.change == "modified" for c in definitions)


def test_new_duty_and_institution(changes) -> None:
    duties = by_area(changes, "duties")
    assert [(c.change, c.subject) for c in duties] == [("added", "auditor")]
    assert by_area(changes, "institutions") == []


def test_identical_versions_have_no_changes() -> None:
    _, old, _ = before_facts()
    _, again, _ = before_facts()
    assert compare_facts(old, again) == []


def test_subject_replaced_in_place_and_threshold_changed() -> None:
    old_v = outline(["1107.", "(c) “Developer” means a person that spent at least one hundred million dollars ($100,000,000) on computing power.", "(d) A developer shall post a notice."], id="a", ids={"X 1107": "s"})
    new_v = outline(["1107.", "(c) “Large developer” means a person that spent at least five hundred million dollars ($500,000,000) on computing power.", "(d) A large developer shall post a notice."], id="b", ids={"X 1107": "s"})
    old = version_facts(old_v, [
        definition(old_v, "Developer"),
        quantity(old_v, "one hundred million dollars ($100,000,000)", 1e8, "money", "USD"),
        duty(old_v, "shall post a notice", "A developer"),
    ])
    new = version_facts(new_v, [
        definition(new_v, "Large developer"),
        quantity(new_v, "five hundred million dollars ($500,000,000)", 5e8, "money", "USD"),
        duty(new_v, "shall post a notice", "A large developer"),
    ])
    assert old.coverage[0].conditions[0].measure == "compute_cost"
    changes = compare_facts(old, new)
    coverage = by_area(changes, "coverage")
    assert len(coverage) == 1 and coverage[0].change == "modified"
    assert "“developer” replaced by “large developer”" in coverage[0].summary
    assert "$500,000,000" in coverage[0].summary and "$100,000,000" in coverage[0].summary
    duties = by_area(changes, "duties")
    assert len(duties) == 1 and "re-assigned from “developer” to “large developer”" in duties[0].summary


def test_criminal_exposure_removed() -> None:
    text_old = ["500.", "(a) A person who violates this chapter is guilty of perjury."]
    text_new = ["500.", "(a) A person who violates this chapter is liable for a civil penalty not exceeding fifty thousand dollars ($50,000)."]
    old_v = outline(text_old, id="a", ids={"X 500": "s"})
    new_v = outline(text_new, id="b", ids={"X 500": "s"})
    old = version_facts(old_v, [tag(old_v, "penalties", "penalty", "guilty of perjury", kind="criminal", violator="A person")])
    new = version_facts(new_v, [tag(new_v, "penalties", "penalty", "civil penalty not exceeding fifty thousand dollars ($50,000)", kind="civil", amount=50000, unit="USD", violator="A person")])
    (change,) = compare_facts(old, new)
    assert change.area == "penalties" and change.change == "modified"
    assert "criminal exposure removed" in change.summary


@pytest.mark.parametrize(
    "value, unit, measure, expected",
    [(1e26, "operations", "compute", "10^26 operations"), (3e25, "", "compute", "3 × 10^25"), (1e8, "USD", "revenue", "$100,000,000"), (50, "", "people", "50")],
    ids=["power", "mantissa", "money", "count"],
)
def test_format_number(value, unit, measure, expected) -> None:
    assert format_number(value, unit, measure) == expected


def test_short_path() -> None:
    assert short_path("SEC. 2 > BPC 22757.11 > (g)(1)(A)") == "BPC 22757.11(g)(1)(A)"
    assert short_path("SEC. 5") == "SEC. 5"


def _demo_facts():
    from conftest import SAMPLES
    from lexdiff.ingest import read_version
    from lexdiff.nlp.pipeline import tag_version

    out = []
    for path in sorted((SAMPLES / "frontier-act").glob("*.xml")):
        version = read_version(str(path))
        tags = tag_version(version)
        out.append((version_facts(version, tags), tags))
    return out


def test_changes_are_symmetric_and_a_version_equals_itself() -> None:
    """Comparing B with A reports exactly what A -> B reports, with added and removed swapped."""
    from collections import Counter

    facts = _demo_facts()
    swap = {"added": "removed", "removed": "added", "modified": "modified"}
    for (a, a_tags), (b, b_tags) in zip(facts, facts[1:]):
        assert compare_facts(a, a, new_tags=a_tags) == []
        forward = Counter((c.area, c.change, c.subject) for c in compare_facts(a, b, new_tags=b_tags))
        backward = Counter((c.area, swap[c.change], c.subject) for c in compare_facts(b, a, new_tags=a_tags))
        assert forward == backward


def _covered_company(connector: str, revenue: str, exclusion: bool = False):
    lines = [
        "400.",
        f"(a) “Covered company” means a company that meets {connector} of the following:",
        f"(1) It had annual gross revenues of more than {revenue}.",
        "(2) It trained a model with more than 10^25 operations.",
        "(b) A covered company shall register.",
    ]
    if exclusion:
        lines.insert(4, "(3) “Covered company” does not include a nonprofit organization.")
    v = outline(lines, id=f"{connector}-{revenue}-{exclusion}", ids={"X 400": "s400"})
    amount = {"twenty-five million dollars ($25,000,000)": 25e6, "fifty million dollars ($50,000,000)": 5e7}[revenue]
    tags = [
        definition(v, "Covered company"),
        quantity(v, revenue, amount, "money", "USD"),
        quantity(v, "10^25", 1e25, "compute", "operations"),
        duty(v, "shall register", "A covered company"),
    ]
    return version_facts(v, tags)


@pytest.mark.parametrize(
    "old, new, expected",
    [
        (("both", "twenty-five million dollars ($25,000,000)"), ("either", "twenty-five million dollars ($25,000,000)"),
         "conditions now joined with OR (were joined with AND)"),
        (("both", "twenty-five million dollars ($25,000,000)"), ("both", "fifty million dollars ($50,000,000)"),
         "threshold changed: annual gross revenues > $25,000,000 → annual gross revenues > $50,000,000"),
        (("both", "twenty-five million dollars ($25,000,000)"), ("both", "twenty-five million dollars ($25,000,000)", True),
         "exclusion added ““Covered company” does not include a nonprofit organization.”"),
    ],
    ids=["and-to-or", "value", "exclusion"],
)
def test_coverage_test_changes(old, new, expected) -> None:
    (change,) = [c for c in compare_facts(_covered_company(*old), _covered_company(*new)) if c.area == "coverage"]
    assert change.change == "modified" and change.subject == "covered company"
    assert expected in change.summary


def test_subject_removed() -> None:
    old = _covered_company("both", "twenty-five million dollars ($25,000,000)")
    v = outline(["400.", "(a) A company shall register."], id="gone", ids={"X 400": "s400"})
    new = version_facts(v, [duty(v, "shall register", "A company")])
    (change,) = [c for c in compare_facts(old, new) if c.area == "coverage"]
    assert change.change == "removed"
    assert change.summary.startswith("Regulated subject “covered company” removed (X 400(a); was: annual gross revenues > $25,000,000 AND training compute > 10^25 operations")
