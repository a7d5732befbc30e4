"""lexdiff.nlp.scan: the shared first-word scan gives exactly pattern.finditer's matches."""

from __future__ import annotations

import re

import pytest

from lexdiff.nlp import scan
from lexdiff.nlp.quantities import fold_case


@pytest.mark.parametrize(
    "pattern,expected",
    [
        (r"\b(?:shall|may)\b", ("may", "shall")),
        (r"(?<![A-Za-z])(?:[Cc]riminal\s+penalty|[Ff]elony)", ("criminal", "felony")),
        (r"(?=[ab])(?:a(?:pril|ugust)|b(?:illion))\b", ("april", "august", "billion")),
        (r"\d+\s+days", None),  # starts with a digit class: no literal words
        (r"(?:the\s+)?court", None),  # optional first word
        (r"[$€£]", None),  # one character is too short to be worth it
    ],
)
def test_literal_prefixes(pattern, expected):
    assert scan.literal_prefixes(pattern) == expected


TEXT = (
    "SEC. 2. (a) The Secretary shall, often within ten days, and may not later than June 1 ...\n"
    "A person who commits a misdemeanor shall pay a civil penalty; the Marshall may ... SHALL\n"
    "Shall the court find that the fine is unfair? Tenth, eleven, seventeen marshals may-be."
)


@pytest.mark.parametrize(
    "pattern,flags",
    [
        (r"\b(?:shall|may|must)\b", 0),
        (r"(?<![A-Za-z])(?:ten|tenth|eleven|seven|seventeen|june)\b", 0),
        (r"(?:civil\s+penalty|misdemeanor|unfair)", re.I),
        (r"(?:shall|may)\s+\w+", 0),
        (r"marshal", 0),
    ],
)
def test_finditer_is_exactly_finditer(pattern, flags):
    regex = re.compile(pattern, flags)
    folded = fold_case(TEXT)
    assert [m.span() for m in scan.finditer(regex, folded, TEXT)] == [m.span() for m in regex.finditer(folded)]
    # Matched against the original text (capitals): still the same matches.
    assert [m.span() for m in scan.finditer(regex, TEXT, TEXT)] == [m.span() for m in regex.finditer(TEXT)]


def test_text_whose_length_changes_when_lowered_falls_back():
    # "İ" lower-cases to two characters: fold_case returns the text itself,
    # and candidates found in lower case would miss "SHALL".
    text = "İstanbul SHALL shall"
    regex = re.compile(r"\b(?:shall|SHALL)\b")
    assert [m.span() for m in scan.finditer(regex, text, text)] == [m.span() for m in regex.finditer(text)]


@pytest.mark.parametrize(
    "pattern,expected",
    [
        (r"\b(?:shall|may)\b", True),
        (r"(?<![A-Za-z])(?=[cf])(?:civil|felony)", True),
        (r"(?:brought|imposed)\s+by", False),
        (r"shall", False),
    ],
)
def test_starts_at_word(pattern, expected):
    assert scan.starts_at_word(pattern) is expected


def test_word_start_patterns_at_text_start_and_after_digits():
    # The word-start scan looks after characters that are not a-z: the text's
    # first word and a word right after a digit ("5shall") are candidates too.
    text = "shall 5shall x-may Shall_may (may) marshall"
    regex = re.compile(r"(?<![A-Za-z])(?:shall|may)")
    folded = fold_case(text)
    assert [m.span() for m in scan.finditer(regex, folded, text)] == [m.span() for m in regex.finditer(folded)]
