"""lexdiff_quantities on a bare spacy.blank("en") pipeline."""

from __future__ import annotations

import pytest

spacy = pytest.importorskip("spacy")

from lexdiff.nlp import quantities  # noqa: E402  (registers the factory)
from lexdiff.nlp.tags import doc_tags  # noqa: E402


@pytest.fixture(scope="module")
def nlp():
    pipeline = spacy.blank("en")
    pipeline.add_pipe("lexdiff_quantities")
    return pipeline


def one(nlp, text):
    tags = doc_tags(nlp(text), groups=["quantities"])
    assert len(tags) == 1, [(t.text(text), t.attrs) for t in tags]
    return tags[0], tags[0].text(text)


CASES = [
    # text, kind, value, unit, comparator, source
    ("using more than 10^26 integer or floating-point operations", "compute", 1e26, "FLOP", ">",
     "10^26 integer or floating-point operations"),
    ("a threshold of 10º26 operations", "compute", 1e26, "FLOP", None, "10º26 operations"),
    ("at least 10<sup>26</sup> operations", "compute", 1e26, "FLOP", ">=", "10<sup>26</sup> operations"),
    ("equal to or greater than 3 × 10^25 floating-point operations", "compute", 3e25, "FLOP", ">=",
     "3 × 10^25 floating-point operations"),
    ("equal to or greater than three times 10^25 integer or floating-point operations", "compute", 3e25,
     "FLOP", ">=", "three times 10^25 integer or floating-point operations"),
    ("trained using greater than 1026 integer or floating-point operations", "compute", 1e26, "FLOP", ">",
     "1026 integer or floating-point operations"),
    ("a capacity of at least 10^20 integer or floating-point operations per second", "compute_rate", 1e20,
     "FLOP/s", ">=", "10^20 integer or floating-point operations per second"),
    ("revenues in excess of one hundred million dollars ($100,000,000) in the preceding year", "money",
     100000000, "USD", ">", "one hundred million dollars ($100,000,000)"),
    ("an amount not to exceed ten thousand dollars ($10,000).", "money", 10000, "USD", "<=",
     "ten thousand dollars ($10,000)"),
    ("a grant of $500 million", "money", 500000000, "USD", None, "$500 million"),
    ("not less than 2,500 dollars", "money", 2500, "USD", ">=", "2,500 dollars"),
    ("an amount not exceeding 10 percent of the cost", "percent", 10, "%", "<=", "10 percent"),
    ("within 72 hours of discovering it", "duration", 72, "hour", None, "72 hours"),
    ("a 30-day period to cure", "duration", 30, "day", None, "30-day"),
    ("within fifteen calendar days", "duration", 15, "day", None, "fifteen calendar days"),
    ("on or before January 1, 2027", "date", "2027-01-01", "date", "<=", "January 1, 2027"),
    ("Beginning January 1, 2030", "date", "2030-01-01", "date", ">=", "January 1, 2030"),
    ("the death of more than 50 people", "count", 50, "people", ">", "50 people"),
    ("employs 500 or more full-time employees", "count", 500, "people", ">=", "500 or more full-time employees"),
]


@pytest.mark.parametrize(
    "text,kind,value,unit,comparator,source", CASES, ids=[c[-1] for c in CASES]
)
def test_normalized_quantities(nlp, text, kind, value, unit, comparator, source):
    tag, matched = one(nlp, text)
    assert matched == source
    assert tag.attrs["kind"] == kind
    assert tag.attrs["value"] == value
    assert tag.attrs["unit"] == unit
    assert tag.attrs["comparator"] == comparator
    assert tag.attrs["source"] == source


def test_comparator_after_the_number(nlp):
    tag, matched = one(nlp, "a business that employs 500 or more employees")
    assert matched == "500 or more employees"
    assert (tag.attrs["kind"], tag.attrs["value"], tag.attrs["comparator"]) == ("count", 500, ">=")


def test_words_and_digits_are_one_amount(nlp):
    text = "more than one billion dollars ($1,000,000,000) in damage"
    tags = doc_tags(nlp(text), groups=["quantities"])
    assert [t.attrs["value"] for t in tags] == [1000000000]
    assert tags[0].attrs["measure"] == "damage"


def test_values_are_numbers_not_strings(nlp):
    text = "greater than 10^26 operations and one hundred million dollars ($100,000,000)"
    for tag in doc_tags(nlp(text), groups=["quantities"]):
        assert isinstance(tag.attrs["value"], (int, float))


def test_placeholder_amount(nlp):
    text = "a civil penalty in an amount not to exceed ____ dollars ($____) per violation"
    tag, matched = one(nlp, text)
    assert matched == "____ dollars ($____)"
    assert tag.attrs["value"] is None
    assert tag.attrs["placeholder"] is True
    assert tag.attrs["unit"] == "USD"


@pytest.mark.parametrize(
    "text,measure",
    [
        ("the cost of which exceeds one hundred million dollars ($100,000,000) when calculated using "
         "the average market prices of cloud compute", "compute_cost"),
        ("a grant of one hundred million dollars ($100,000,000) for research", None),
        ("a quantity of computing power, the cost of which exceeds ten million dollars ($10,000,000)",
         "compute_cost"),
        ("annual gross revenues in excess of five hundred million dollars ($500,000,000)", "revenue"),
        ("an amount not exceeding 10 percent of the cost of the quantity of computing power used to train",
         "compute_cost"),
    ],
    ids=["cost-calculated-later", "no-measure", "compute-cost", "revenue", "percent-of-compute-cost"],
)
def test_measure_hints(nlp, text, measure):
    tags = doc_tags(nlp(text), groups=["quantities"])
    assert tags[0].attrs["measure"] == measure


def test_share_of_in_words(nlp):
    text = ("a civil penalty in an amount not exceeding 10 percent of the cost of the quantity of "
            "computing power used to train the covered model to be calculated using average market prices")
    tag = doc_tags(nlp(text), groups=["quantities"])[0]
    assert tag.attrs["share_of"] == "the cost of the quantity of computing power used to train the covered model"


def test_frequency_is_a_recurring_duration(nlp):
    tag, matched = one(nlp, "shall issue regulations annually")
    assert matched == "annually"
    assert (tag.attrs["kind"], tag.attrs["value"], tag.attrs["unit"], tag.attrs["recurring"]) == (
        "duration", 1, "year", True)


@pytest.mark.parametrize(
    "text",
    ["Section 22757.12 of the Business and Professions Code", "one or more of its models",
     "paragraph (2) of subdivision (a)", "10^26 reasons to worry"],
    ids=["section-number", "one-or-more", "labels", "power-without-compute-context"],
)
def test_not_quantities(nlp, text):
    assert doc_tags(nlp(text), groups=["quantities"]) == []


def test_find_quantities_offsets_point_into_the_text():
    text = "x " * 50 + "within 30 days after January 1, 2027"
    for q in quantities.find_quantities(text):
        assert text[q.start : q.end] == q.as_attrs(text)["source"]


def test_all_capitals(nlp):
    text = "NO LATER THAN NINETY DAYS AFTER FEBRUARY 1, 2026, AND A FINE OF ONE HUNDRED THOUSAND DOLLARS"
    got = [(t.attrs["kind"], t.attrs["value"]) for t in doc_tags(nlp(text), groups=["quantities"])]
    assert got == [("duration", 90), ("date", "2026-02-01"), ("money", 100000)]


@pytest.mark.parametrize(
    "text,iso",
    [("Date of Assent: 10thDecember 2006", "2006-12-10"), ("signed on 19 December 2006.", "2006-12-19"),
     ("adopted on 3rd March, 2019", "2019-03-03")],
    ids=["glued-ordinal", "day-month-year", "ordinal-comma"],
)
def test_day_month_year_dates(nlp, text, iso):
    tag, _ = one(nlp, text)
    assert (tag.attrs["kind"], tag.attrs["value"]) == ("date", iso)


def test_one_person_is_not_a_count(nlp):
    assert doc_tags(nlp("a letter conveying information from one person to another"), groups=["quantities"]) == []


def test_that_value_takes_the_previous_base(nlp):
    text = ("a civil penalty in an amount not exceeding 10 percent of the cost of the quantity of computing power "
            "used to train the covered model for a first violation and in an amount not exceeding 30 percent of "
            "that value for any subsequent violation")
    first, second = doc_tags(nlp(text), groups=["quantities"])
    assert second.attrs["share_of"] == first.attrs["share_of"]
    assert second.attrs["share_of_text"] == "that value"
    assert (first.attrs["measure"], second.attrs["measure"]) == ("compute_cost", "compute_cost")


def test_cost_with_a_section_number_between(nlp):
    text = ("trained using a quantity of computing power determined by the Agency pursuant to Section 11547.6 of "
            "the Government Code, the cost of which exceeds one hundred million dollars ($100,000,000)")
    assert doc_tags(nlp(text), groups=["quantities"])[0].attrs["measure"] == "compute_cost"


def test_cost_calculated_using_cloud_compute_after_the_amount(nlp):
    text = ("the cost of which exceeds ten million dollars ($10,000,000) when calculated using the average market "
            "price of cloud compute")
    assert doc_tags(nlp(text), groups=["quantities"])[0].attrs["measure"] == "compute_cost"


def test_month_and_year(nlp):
    tag, matched = one(nlp, "BEGINNING IN JANUARY 2028, THE ATTORNEY GENERAL")
    assert (matched, tag.attrs["value"], tag.attrs["precision"]) == ("JANUARY 2028", "2028-01", "month")


@pytest.mark.parametrize(
    "text,value,unit",
    [("a maximum amount of EUR 30 million", 30000000, "EUR"), ("up to EUR 117,9 million", 117900000, "EUR"),
     ("a fine of € 10 000 000", 10000000, "EUR"), ("a penalty of £5,000", 5000, "GBP")],
    ids=["eur-million", "eur-decimal-comma", "euro-sign-spaces", "pound-sign"],
)
def test_other_currencies(nlp, text, value, unit):
    tag, _ = one(nlp, text)
    assert (tag.attrs["kind"], tag.attrs["value"], tag.attrs["unit"]) == ("money", value, unit)


def test_power_in_words(nlp):
    tag, matched = one(nlp, "more than 10 to the 26th power integer or floating-point operations")
    assert (tag.attrs["value"], tag.attrs["unit"], tag.attrs["comparator"]) == (1e26, "FLOP", ">")
