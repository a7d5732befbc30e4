"""Facts of a version (lexdiff.delta.facts) on hand-built versions and tags.

The versions are written as outlines in the style of California bills (our
own words, not bill text); tags are placed by hand the way the NLP layer
places them, so the coverage logic is tested without spaCy.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from lexdiff.delta.facts import normalize_actor, version_facts
from lexdiff.ingest.builder import TextBuilder, TreeBuilder
from lexdiff.ingest.labels import LabelNester, split_labels
from lexdiff.model import Bill, Version
from lexdiff.nlp.tags import Tag

BILL = Bill(jurisdiction="demo", type="SB", number="1", session="2030")


def outline(lines: list[str], id: str = "v1", date: str | None = None, ids: dict[str, str] | None = None) -> Version:
    """A version from outline lines: "SEC. 2.", "100.1." and labelled paragraphs.

    ``ids`` maps a path to a persistent id (to test renumbering).
    """
    text = TextBuilder()
    tree = TreeBuilder()
    nester = LabelNester()
    base = 0
    all_labels = [split_labels(line)[0] for line in lines]
    for index, line in enumerate(lines):
        start, end = text.add(line)
        if re.fullmatch(r"SEC\. \d+\.", line):
            tree.close_to(0, start - 1 if start else 0)
            tree.open("bill_section", line.rstrip("."), start)
            base = tree.depth
            nester.reset()
            continue
        if re.fullmatch(r"\d+(\.\d+)*\.", line):
            tree.close_to(1 if tree.kinds()[:1] == ["bill_section"] else 0, start - 1)
            tree.open("code_section", line.rstrip("."), start, segment="X " + line.rstrip("."))
            base = tree.depth
            nester.reset()
            continue
        labels, _ = split_labels(line)
        following = [label for later in all_labels[index + 1 :] for label in later]
        for label in labels:
            level = nester.push(label, following)
            assert level is not None
            tree.close_to(base + level.depth, start - 1)
            tree.open(level.kind, label, start)
        if not labels:
            tree.close_to(base, start - 1)
    provisions = tree.finish(text.length)
    version = Version(bill=BILL, id=id, label=id, text=text.text(), provisions=provisions, date=date)
    if ids:
        version = version.with_(provisions=tuple(_reid(p, ids) for p in provisions))
    return version


def _reid(provision: Any, ids: dict[str, str]) -> Any:
    from dataclasses import replace

    return replace(
        provision,
        id=ids.get(provision.path, provision.id),
        children=tuple(_reid(c, ids) for c in provision.children),
    )


def tag(version: Version, group: str, label: str, needle: str, nth: int = 0, **attrs: Any) -> Tag:
    """A tag over the ``nth`` occurrence of ``needle`` in the version text."""
    start = -1
    for _ in range(nth + 1):
        start = version.text.index(needle, start + 1)
    end = start + len(needle)
    node = version.provision_at(start)
    return Tag(label=label, start=start, end=end, group=group, provision=node.path if node else None, attrs=attrs)


def definition(version: Version, term: str, nth: int = 0, **attrs: Any) -> Tag:
    return tag(version, "definitions", "definition", f"“{term}”", nth, term=term, **attrs)


def quantity(version: Version, needle: str, value: float, kind: str, unit: str = "", nth: int = 0, **attrs: Any) -> Tag:
    return tag(version, "quantities", "quantity", needle, nth, value=value, kind=kind, unit=unit, **attrs)


def duty(version: Version, needle: str, actor: str, label: str = "obligation", nth: int = 0, modality: str = "shall") -> Tag:
    return tag(version, "deontic", label, needle, nth, actor=actor, action=needle, modality=modality)


LARGE_DEV = [
    "SEC. 2.",
    "100.1.",
    "For purposes of this chapter:",
    "(a) “Frontier model” means an artificial intelligence model that is all of the following:",
    "(1) Trained on broad data.",
    "(2) Adaptable to many tasks.",
    "(b) “Large developer” means either of the following:",
    "(1) (A) Before January 1, 2031, “large developer” means a person who meets both of the following criteria:",
    "(i) (I) The person has trained a frontier model using a quantity of computing power greater than 10^26 integer or floating-point operations.",
    "(II) The quantity of computing power described in subclause (I) includes fine-tuning.",
    "(ii) The person had annual gross revenues in excess of five hundred million dollars ($500,000,000) in the preceding year.",
    "(2) On and after January 1, 2031, “large developer” has the meaning defined by a regulation of the Attorney General.",
    "(c) “Serious harm” means the death of more than 100 people or more than one billion dollars ($1,000,000,000) in damage.",
    "100.2.",
    "(a) A large developer shall publish a safety framework.",
    "(b) The Attorney General shall review each framework.",
]


def large_dev_tags(version: Version) -> list[Tag]:
    return [
        definition(version, "Frontier model"),
        definition(version, "Large developer"),
        definition(version, "large developer"),
        definition(version, "large developer", nth=1, ref="a regulation of the Attorney General"),
        definition(version, "Serious harm"),
        quantity(version, "10^26", 1e26, "compute", "operations", comparator=">"),
        quantity(version, "five hundred million dollars", 5e8, "money", "USD", comparator=">"),
        quantity(version, "$500,000,000", 5e8, "money", "USD"),
        quantity(version, "100 people", 100, "count", "people", comparator=">"),
        quantity(version, "one billion dollars", 1e9, "money", "USD", comparator=">"),
        duty(version, "shall publish a safety framework", "A large developer"),
        duty(version, "shall review each framework", "The Attorney General"),
    ]


def test_both_of_the_following_gives_one_all_test_with_its_date() -> None:
    version = outline(LARGE_DEV)
    facts = version_facts(version, large_dev_tags(version))
    assert facts.subjects() == ["large developer"]
    entry, delegated = facts.coverage
    # (2): on and after 2031 the Attorney General's regulation decides.
    assert delegated.provision == "SEC. 2 > X 100.1 > (b)(2)"
    assert delegated.when == "On and after January 1, 2031" and delegated.conditions == ()
    assert delegated.ref == "a regulation of the Attorney General"
    assert entry.logic == "all"
    assert entry.when == "Before January 1, 2031"
    assert entry.provision == "SEC. 2 > X 100.1 > (b)(1)(A)"
    assert entry.definition == "SEC. 2 > X 100.1 > (b)"
    measures = [(c.measure, c.comparator, c.value) for c in entry.conditions]
    assert measures == [("compute", ">", 1e26), ("revenue", ">", 500000000)]
    assert entry.conditions[0].text == "greater than 10^26 integer or floating-point operations"
    assert entry.conditions[1].text.startswith("in excess of five hundred million dollars ($500,000,000)")


def test_harm_thresholds_and_qualitative_terms_are_not_subjects() -> None:
    version = outline(LARGE_DEV)
    facts = version_facts(version, large_dev_tags(version))
    assert "serious harm" not in facts.subjects()
    assert "frontier model" not in facts.subjects()
    assert {d.term for d in facts.definitions} >= {"frontier model", "large developer", "serious harm"}


COVERED = [
    "SEC. 3.",
    "200.",
    "(e) (1) “Covered model” means either of the following:",
    "(A) Before January 1, 2031, “covered model” means either of the following:",
    "(i) A model trained using a quantity of computing power greater than 10^26 integer or floating-point operations, the cost of which exceeds one hundred million dollars ($100,000,000) when calculated using market prices of cloud compute.",
    "(ii) A model created by fine-tuning a covered model using a quantity of computing power equal to or greater than three times 10^25 integer or floating-point operations, the cost of which exceeds ten million dollars ($10,000,000).",
    "(B) On and after January 1, 2031, “covered model” means a model trained using computing power the cost of which exceeds one hundred million dollars ($100,000,000).",
    "(2) The dollar amounts in this subdivision shall be adjusted for inflation to the nearest one hundred dollars ($100).",
    "(f) (1) “Deploy” means to make a covered model available to a third party.",
    "(2) “Deploy” does not include making a covered model available for evaluation.",
    "(g) “Computing cluster” means machines with a capacity of at least 10^20 integer or floating-point operations per second.",
]


def covered_tags(version: Version) -> list[Tag]:
    return [
        definition(version, "Covered model"),
        definition(version, "covered model"),
        definition(version, "covered model", nth=1),
        definition(version, "Deploy"),
        definition(version, "Computing cluster"),
        quantity(version, "10^26", 1e26, "compute", "operations"),
        quantity(version, "one hundred million dollars ($100,000,000)", 1e8, "money", "USD"),
        quantity(version, "three times 10^25", 3e25, "compute", "operations"),
        quantity(version, "ten million dollars ($10,000,000)", 1e7, "money", "USD"),
        quantity(version, "one hundred million dollars ($100,000,000)", 1e8, "money", "USD", nth=1),
        quantity(version, "one hundred dollars ($100)", 100, "money", "USD"),
        quantity(version, "10^20", 1e20, "compute", "operations per second"),
        duty(version, "shall be adjusted", "The dollar amounts"),
    ]


def test_alternatives_of_a_covered_model_each_with_their_conjunction() -> None:
    version = outline(COVERED)
    facts = version_facts(version, covered_tags(version))
    covered = [c for c in facts.coverage if c.subject == "covered model"]
    assert [c.provision for c in covered] == [
        "SEC. 3 > X 200 > (e)(1)(A)(i)",
        "SEC. 3 > X 200 > (e)(1)(A)(ii)",
        "SEC. 3 > X 200 > (e)(1)(B)",
    ]
    first, second, third = covered
    assert [(c.measure, c.comparator, c.value) for c in first.conditions] == [
        ("compute", ">", 1e26),
        ("compute_cost", ">", 100000000),
    ]
    assert first.logic == "all" and first.when == "Before January 1, 2031"
    assert [(c.measure, c.comparator, c.value) for c in second.conditions] == [
        ("compute", ">=", 3e25),
        ("compute_cost", ">", 10000000),
    ]
    assert third.when == "On and after January 1, 2031"
    assert [(c.measure, c.value) for c in third.conditions] == [("compute_cost", 100000000)]
    # The inflation rounding "$100" is not a threshold.
    assert all(c.value != 100 for entry in covered for c in entry.conditions)


def test_cluster_is_a_subject_by_its_compute_threshold_and_deploy_is_not() -> None:
    version = outline(COVERED)
    facts = version_facts(version, covered_tags(version))
    assert facts.subjects() == ["covered model", "computing cluster"]
    cluster = [c for c in facts.coverage if c.subject == "computing cluster"][0]
    assert cluster.conditions[0].comparator == ">="
    assert cluster.conditions[0].unit == "operations per second"


def test_exclusions_are_attached_to_the_subject() -> None:
    lines = [
        "300.",
        "(a) (1) “Operator” means a person that operates a cluster with more than 10^20 operations per second.",
        "(2) “Operator” does not include a university.",
        "(b) An operator shall keep records.",
    ]
    version = outline(lines)
    tags = [
        definition(version, "Operator"),
        quantity(version, "10^20", 1e20, "compute", "operations per second"),
        duty(version, "shall keep records", "An operator"),
    ]
    (entry,) = version_facts(version, tags).coverage
    assert entry.exclusions == ("“Operator” does not include a university.",)
    assert entry.conditions[0].comparator == ">"


def test_either_of_two_single_thresholds_is_one_any_test() -> None:
    lines = [
        "400.",
        "(a) “Covered company” means a company that meets either of the following:",
        "(1) It had annual gross revenues of more than twenty-five million dollars ($25,000,000).",
        "(2) It trained a model with more than 10^25 operations.",
        "(b) A covered company shall register.",
    ]
    version = outline(lines)
    tags = [
        definition(version, "Covered company"),
        quantity(version, "twenty-five million dollars ($25,000,000)", 25e6, "money", "USD"),
        quantity(version, "10^25", 1e25, "compute", "operations"),
        duty(version, "shall register", "A covered company"),
    ]
    (entry,) = version_facts(version, tags).coverage
    assert entry.logic == "any"
    assert [c.measure for c in entry.conditions] == ["revenue", "compute"]
    assert entry.provision == "X 400 > (a)"


def test_inline_or_between_thresholds_is_any() -> None:
    lines = [
        "401.",
        "(a) “Big platform” means a platform with more than 1,000,000 users or annual revenues of more than ten million dollars ($10,000,000).",
        "(b) A big platform shall report.",
    ]
    version = outline(lines)
    tags = [
        definition(version, "Big platform"),
        quantity(version, "1,000,000 users", 1e6, "count", "users"),
        quantity(version, "ten million dollars ($10,000,000)", 1e7, "money", "USD"),
        duty(version, "shall report", "A big platform"),
    ]
    (entry,) = version_facts(version, tags).coverage
    assert entry.logic == "any"
    assert [(c.measure, c.comparator) for c in entry.conditions] == [("people", ">"), ("revenue", ">")]


def test_actor_defined_by_cross_reference_is_a_subject_without_conditions() -> None:
    lines = [
        "1107.",
        "(a) “Large developer” has the meaning defined in Section 100.1 of the Business Code.",
        "(b) A large developer shall not retaliate against an employee.",
    ]
    version = outline(lines)
    tags = [
        definition(version, "Large developer"),
        duty(version, "shall not retaliate against an employee", "A large developer", "prohibition", modality="shall not"),
    ]
    (entry,) = version_facts(version, tags).coverage
    assert entry.subject == "large developer"
    assert entry.conditions == ()
    assert entry.ref and "Section 100.1" in entry.ref


def test_institutions_created_and_empowered() -> None:
    lines = [
        "SEC. 3.",
        "500.",
        "(a) There is hereby established within the Government Operations Agency a consortium that shall develop a framework.",
        "(b) The consortium shall submit a report.",
        "(c) The Attorney General may adopt regulations.",
        "(d) A developer shall comply.",
    ]
    version = outline(lines)
    tags = [
        duty(version, "shall submit a report", "The consortium"),
        duty(version, "may adopt regulations", "The Attorney General", "permission", modality="may"),
        duty(version, "shall comply", "A developer"),
    ]
    facts = version_facts(version, tags)
    roles = {(i.name, i.role, i.duties) for i in facts.institutions}
    assert roles == {("consortium", "created", 1), ("attorney general", "empowered", 1)}


def test_penalty_placeholder_and_section() -> None:
    lines = [
        "SEC. 2.",
        "600.",
        "(a) A violation of this chapter shall be subject to a civil penalty in an amount not to exceed ____ dollars ($____) per violation.",
        "(b) The civil penalty shall be assessed in a civil action brought only by the Attorney General.",
    ]
    version = outline(lines)
    tags = [
        tag(version, "penalties", "penalty", "a civil penalty in an amount not to exceed ____ dollars ($____) per violation",
            kind="civil", amount=None, tier="per_violation", enforcer="Attorney General"),
    ]
    (penalty,) = version_facts(version, tags).penalties
    assert penalty.placeholder is True
    assert penalty.amount is None
    assert penalty.section == "SEC. 2 > X 600"
    assert penalty.enforcer == "attorney general"


@pytest.mark.parametrize(
    "actor, expected",
    [("A large developer", "large developer"), ("The Attorney General", "attorney general"), ("the developer’s", "developer"), (None, "")],
    ids=["article", "the", "possessive", "none"],
)
def test_normalize_actor(actor: str | None, expected: str) -> None:
    assert normalize_actor(actor) == expected


def test_digest_tags_are_not_facts() -> None:
    text = "Digest: this bill would require a developer to report.\nSEC. 1.\nA developer shall report."
    from lexdiff.model import Provision

    digest = Provision(id="d", kind="digest", label="", start=0, end=54, path="digest")
    sec = Provision(id="s", kind="bill_section", label="SEC. 1", start=55, end=len(text), path="SEC. 1")
    version = Version(bill=BILL, id="v", label="v", text=text, provisions=(digest, sec))
    tags = [duty(version, "require a developer to report", "a developer"), duty(version, "shall report", "A developer")]
    facts = version_facts(version, tags)
    assert [d.provision for d in facts.duties] == ["SEC. 1"]


def test_dated_variants_side_by_side_are_alternatives() -> None:
    lines = [
        "700.",
        "(a) “Covered copy” means any of the following:",
        "(1) A copy of a covered model.",
        "(2) (A) (i) Before January 1, 2031, a copy fine-tuned using a quantity of computing power not exceeding 10^25 operations, the cost of which exceeds ten million dollars ($10,000,000).",
        "(ii) On and after January 1, 2031, a copy fine-tuned at a cost that exceeds ten million dollars ($10,000,000).",
    ]
    version = outline(lines)
    tags = [
        definition(version, "Covered copy"),
        quantity(version, "10^25", 1e25, "compute", "operations"),
        quantity(version, "ten million dollars ($10,000,000)", 1e7, "money", "USD"),
        quantity(version, "ten million dollars ($10,000,000)", 1e7, "money", "USD", nth=1),
    ]
    entries = version_facts(version, tags).coverage
    assert [(e.when, [(c.measure, c.comparator) for c in e.conditions]) for e in entries] == [
        ("Before January 1, 2031", [("compute", "<="), ("compute_cost", ">")]),
        ("On and after January 1, 2031", [("compute_cost", ">")]),
    ]


def test_same_measure_alternatives_stay_separate_tests() -> None:
    lines = [
        "701.",
        "(a) “Covered model” means any of the following:",
        "(1) A model trained at a cost that exceeds one hundred million dollars ($100,000,000).",
        "(2) A model fine-tuned at a cost that exceeds ten million dollars ($10,000,000).",
    ]
    version = outline(lines)
    tags = [
        definition(version, "Covered model"),
        quantity(version, "one hundred million dollars ($100,000,000)", 1e8, "money", "USD"),
        quantity(version, "ten million dollars ($10,000,000)", 1e7, "money", "USD"),
    ]
    entries = version_facts(version, tags).coverage
    assert [e.provision for e in entries] == ["X 701 > (a)(1)", "X 701 > (a)(2)"]


def test_penalty_mentions_dropped_references_kept_enforcer_from_section() -> None:
    lines = [
        "800.",
        "(a) (1) A developer that violates this chapter is subject to a civil penalty not exceeding ten thousand dollars ($10,000).",
        "(2) For a violation of Section 801, a civil penalty specified in subdivision (f) of Section 1102.5 of the Labor Code.",
        "(b) A civil penalty described in this section shall be recovered in a civil action brought only by the Attorney General.",
    ]
    version = outline(lines)
    tags = [
        tag(version, "penalties", "penalty", "civil penalty not exceeding ten thousand dollars ($10,000)", kind="civil", amount=10000, unit="USD", violator="A developer"),
        tag(version, "penalties", "penalty", "civil penalty specified in subdivision (f)", kind="civil"),
        tag(version, "penalties", "penalty", "civil penalty described in this section", nth=0, kind="civil"),
    ]
    penalties = version_facts(version, tags).penalties
    assert [(p.provision, p.amount, p.ref) for p in penalties] == [
        ("X 800 > (a)(1)", 10000, None),
        ("X 800 > (a)(2)", None, "specified in subdivision (f) of Section 1102.5 of the Labor Code"),
    ]
    assert {p.enforcer for p in penalties} == {"attorney general"}


def test_definitions_sharing_one_paragraph_keep_their_own_thresholds() -> None:
    # New York prints "1. ... 2. ..." inside one section; a reader may not
    # split them into provisions.
    lines = [
        "1420.",
        "As used in this article: 1. “Frontier model” means a model trained using greater than 10^26 operations, the compute cost of which exceeds one hundred million dollars. 2. “Large developer” means a person that has spent over five million dollars in compute costs. “Large developer” does not include a university.",
        "1421.",
        "A large developer shall publish a protocol.",
    ]
    version = outline(lines)
    tags = [
        definition(version, "Frontier model"),
        definition(version, "Large developer"),
        quantity(version, "10^26", 1e26, "compute", "operations"),
        quantity(version, "one hundred million dollars", 1e8, "money", "USD"),
        quantity(version, "five million dollars", 5e6, "money", "USD"),
        duty(version, "shall publish a protocol", "A large developer"),
    ]
    facts = version_facts(version, tags)
    tests = {c.subject: [(x.measure, x.value) for x in c.conditions] for c in facts.coverage}
    assert tests == {
        "frontier model": [("compute", 1e26), ("compute_cost", 100000000)],
        "large developer": [("compute_cost", 5000000)],
    }
    large = [c for c in facts.coverage if c.subject == "large developer"][0]
    assert large.exclusions == ("“Large developer” does not include a university.",)
    frontier = [d for d in facts.definitions if d.term == "frontier model"][0]
    assert frontier.text.endswith("one hundred million dollars.")
