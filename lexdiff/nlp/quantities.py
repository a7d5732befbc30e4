"""Quantities in legislation, normalized: compute, money, percentages, durations, dates, counts.

spaCy factory ``lexdiff_quantities`` (span group ``"quantities"``, label
``"quantity"``). Runs on a bare ``spacy.blank("en")`` doc: it matches regular
expressions over ``doc.text`` (no per-token Python loop) and needs no other
component. Vocabulary (number words, units, comparators, measure hints) lives
in ``data/number_words.json`` and ``data/quantity_lexicon.json``.

Each tag carries these attrs (see :mod:`lexdiff.nlp.tags`):

* ``kind``: ``compute`` (training compute, unit ``FLOP``), ``compute_rate``
  (``FLOP/s``), ``money`` (``USD``; ``EUR`` / ``GBP`` for "EUR 30 million",
  "£5,000"), ``percent`` (``%``), ``duration`` (``hour`` / ``day`` / ``week``
  / ``month`` / ``year`` ...), ``date`` (unit ``date``), ``count`` (unit
  ``people`` for counts of persons, with ``noun``);
* ``value``: a number (``1e26``, ``100000000``, ``10``); for dates the ISO
  string ``"2027-01-01"`` (``"2028-01"`` with ``precision: "month"`` for
  "January 2028"); ``None`` for a drafting placeholder (``$____``), which also
  sets ``placeholder: True``;
* ``unit``: as above;
* ``comparator``: ``">"``, ``">="``, ``"<"``, ``"<="``, ``"="`` or ``None``,
  and ``comparator_text``, the words that stated it ("in excess of",
  "not less than", "or more" ...);
* ``measure``: what is being measured when the context says so:
  ``compute``, ``compute_rate``, ``compute_cost`` ("the cost of ... computing
  power"), ``revenue`` ("annual gross revenues"), ``damage``, ``people``; else
  ``None``;
* ``share_of``: for a percentage followed by "of ...", the base in words
  ("the cost of the quantity of computing power used to train the covered
  model"); "30 percent of that value" takes the previous percentage's base
  and keeps the words in ``share_of_text``;
* ``lost_superscript``: ``True`` for "1026 integer or floating-point
  operations" read as 10^26;
* ``recurring``: ``True`` for frequencies ("annually", "each quarter"),
  whose value/unit give the period;
* ``source``: the matched text.

Nothing is tagged inside provisions that are not law (the Legislative
Counsel's Digest) when the pipeline put the provision tree on the doc.

:func:`find_quantities` is the same matcher as a plain function over a string
(the penalties component reuses it). Lower-case and ALL-CAPITALS text (new law
in Colorado session laws) are read alike.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable

from lexdiff.model import NOT_LAW_KINDS
from lexdiff.nlp import scan

GROUP = "quantities"
LABEL = "quantity"
FACTORY = "lexdiff_quantities"

_MONTHS = (
    "january february march april may june july august september october november december"
).split()


def _load(name: str) -> Any:
    return json.loads(resources.files("lexdiff.nlp").joinpath("data", name).read_text("utf-8"))


def _alternation(phrases: Iterable[str]) -> str:
    # Longest first, so "not exceeding" wins over "exceeding".
    ordered = sorted(set(phrases), key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)


@dataclass(frozen=True)
class Quantity:
    """One normalized quantity found in a text (offsets into that text)."""

    start: int
    end: int
    kind: str
    value: float | int | str | None
    unit: str
    attrs: dict[str, Any] = field(default_factory=dict)

    def as_attrs(self, text: str) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "value": self.value, "unit": self.unit}
        out.update(self.attrs)
        out.setdefault("comparator", None)
        out.setdefault("measure", None)
        out["source"] = text[self.start : self.end]
        return out


class _Lexicon:
    """Compiled patterns built once from the data files."""

    def __init__(self) -> None:
        words = _load("number_words.json")
        self._builders: dict[str, list[tuple[re.Pattern[str], Any]]] | None = None
        self._gates: dict[str, re.Pattern[str]] | None = None
        self.units: dict[str, int] = words["units"]
        self.scales: dict[str, int] = {**words["hundred"], **words["scales"]}
        lex = _load("quantity_lexicon.json")
        numword = _alternation(list(self.units) + list(self.scales))
        # "one hundred million", "twenty-five", "one hundred and fifty"
        self.numphrase = rf"(?:{numword})(?:(?:\s+and)?[\s-]+(?:{numword}))*"
        digits = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
        number = rf"(?:{digits}|\b{self.numphrase})"
        scale = r"(?:\s+(?P<scale>thousand|million|billion|trillion))?"

        self.cmp_before = {k.lower(): v for k, v in lex["comparators_before"].items()}
        self.cmp_after = {k.lower(): v for k, v in lex["comparators_after"].items()}
        self.date_cmp = {k.lower(): v for k, v in lex["date_comparators_before"].items()}
        self.re_cmp_before = re.compile(
            rf"\b(?P<cmp>{_alternation(self.cmp_before)})\s*$", re.I
        )
        self.re_cmp_after = re.compile(rf"^\s*(?P<cmp>{_alternation(self.cmp_after)})\b", re.I)
        self.re_date_cmp = re.compile(rf"\b(?P<cmp>{_alternation(self.date_cmp)})\s*$", re.I)
        # Last words of the comparators ("than", "least", "before"): see _last_word.
        self.cmp_last_words = frozenset(p.split()[-1].lower() for p in self.cmp_before)
        self.date_cmp_last_words = frozenset(p.split()[-1].lower() for p in self.date_cmp)
        self.duration_units: dict[str, str] = lex["duration_units"]
        self.frequencies: dict[str, list[Any]] = lex["frequencies"]
        self.compute_units: dict[str, str] = {k.lower(): v for k, v in lex["compute_units"].items()}
        compute_unit = _alternation(lex["compute_units"])
        self.measures = [
            (
                m["measure"],
                set(m["kinds"]),
                re.compile(m["before"], re.I) if "before" in m else None,
                re.compile(m["after"], re.I) if "after" in m else None,
            )
            for m in lex["measures"]
        ]

        sup = "⁰¹²³⁴⁵⁶⁷⁸⁹"
        self.sup_table = str.maketrans(sup, "0123456789")
        mult = rf"(?:(?P<mult>{digits}|\b{self.numphrase})\s*(?:×|x|\*|times)\s*)?"
        # 10^26, 10**26, 10º26 (a PDF's degree-like glyph), 10<sup>26</sup>, 10²⁶
        power = (
            rf"\b10\s*(?:\^|\*\*|º|°|<sup>)\s*(?P<exp>\d{{1,3}})(?:</sup>)?|\b10(?P<supexp>[{sup}]+)"
            # "10 to the 26th power"
            rf"|\b10\s+to\s+the\s+(?P<wexp>\d{{1,3}})(?:st|nd|rd|th)?\s+power"
        )
        self.re_compute = re.compile(
            rf"{mult}(?:{power})(?:\s+(?P<unit>{compute_unit})\b)?", re.I
        )
        # "1026 integer or floating-point operations": the superscript was lost
        # in extraction, but a count of operations written 1026 is absurd.
        self.re_lost_power = re.compile(
            rf"{mult}\b10(?P<exp>[1-9]\d)\s+(?P<unit>{compute_unit})\b", re.I
        )
        self.re_money_words = re.compile(
            rf"\b(?P<words>{self.numphrase})\s+dollars"
            rf"(?:\s*\(\s*\$\s*(?P<paren>{digits}){scale}\s*\))?",
            re.I,
        )
        self.re_money_digits = re.compile(rf"\$\s?(?P<num>{digits}){scale}(?:\s+dollars)?", re.I)
        self.re_money_digits_word = re.compile(rf"\b(?P<num>{digits}){scale}\s+dollars\b", re.I)
        # "____ dollars ($____)": an amount left blank while the bill is negotiated.
        self.re_money_placeholder = re.compile(
            r"\b_{3,}\s+dollars(?:\s*\(\s*\$\s?_+\s*\))?|\$\s?_{2,}(?:[_,.]*_)?"
        )
        self.re_percent = re.compile(
            rf"(?P<num>{number})\s*(?:percent|per\s+cent|%)(?P<of>\s+of\s+(?P<base>[^.;:()\d]+))?",
            re.I,
        )
        self.re_percent_placeholder = re.compile(r"_{3,}\s*(?:percent|%)", re.I)
        dur_unit = _alternation(self.duration_units)
        self.re_duration = re.compile(
            rf"(?P<num>{number})(?:[\s-]+(?:calendar|business|working))?[\s-]+(?P<unit>{dur_unit})\b",
            re.I,
        )
        self.re_frequency = re.compile(rf"\b(?P<freq>{_alternation(self.frequencies)})\b", re.I)
        self.re_date = re.compile(
            rf"\b(?P<month>{'|'.join(m.capitalize() for m in _MONTHS)})\s+(?P<day>\d{{1,2}}),\s*(?P<year>\d{{4}})\b",
            re.I,
        )
        # Where a quantity can start; case-sensitive on purpose (both
        # spellings listed), because re.I makes a whole-text scan 5x slower.
        starters = list(self.units) + list(self.scales) + list(self.frequencies)
        starters = [w.split()[0] for w in starters]
        starters += [w.capitalize() for w in starters] + [m.capitalize() for m in _MONTHS]
        # Where a quantity can start, found by two cheap scans: symbols and
        # digit runs, then number words, months and frequency words through a
        # first-letter trie (a flat case-insensitive alternation of the same
        # words scans the text about 3 times slower).
        # The scan runs over the lower-cased text (see fold_case), so that
        # Colorado's all-capitals new law ("ONE HUNDRED THOUSAND DOLLARS")
        # is read like any other.
        starters = sorted({w.lower() for w in starters} | set(_MONTHS))
        self.month_words = set(_MONTHS)
        self.freq_words = {w for w in starters if w in {f.split()[0] for f in self.frequencies}}
        by_first: dict[str, list[str]] = {}
        for w in starters:
            by_first.setdefault(w[0], []).append(w[1:])
        trie = "|".join(
            f"{c}(?:{'|'.join(sorted(rest, key=len, reverse=True))})" for c, rest in sorted(by_first.items())
        )
        self.re_word_start = re.compile(rf"(?<![A-Za-z])(?=[{''.join(sorted(by_first))}])(?:{trie})\b")
        # The leading character class is a first-character gate: without it
        # the engine tries all five alternatives at every position (twice as
        # slow). Consuming that character and telling the alternatives apart
        # by a lookbehind on it ("(?<=E)UR" is "EUR") is another third
        # faster than a lookahead gate, with the same matches.
        self.re_symbol_start = re.compile(
            r"[$€£EG_\d](?:(?<=[$€£])|(?<=E)UR(?=\s?\d)|(?<=G)BP(?=\s?\d)|(?<=_)_+|(?<=\d)[\d,]*(?:\.\d+)?)"
        )
        # "EUR 30 million", "€ 10 000 000", "EUR 117,9 million", "£5,000".
        self.re_currency = re.compile(
            r"(?P<cur>EUR|GBP|€|£)\s?(?P<num>\d{1,3}(?:[ \u00a0,.]\d{3})+(?![\d])|\d+(?:[.,]\d{1,2})?)"
            r"(?:\s+(?P<scale>thousand|million|billion|trillion))?"
        )
        # A digit run can start a quantity only if something a unit or a
        # power needs follows it; "(1)" and "22757.12." are skipped at once.
        self.digit_followers = set(" \n\t\u00a0-^*º°<×x%⁰¹²³⁴⁵⁶⁷⁸⁹snrt")
        # "in January 2028": a month without a day.
        self.re_month_year = re.compile(
            rf"(?P<month>{'|'.join(m.capitalize() for m in _MONTHS)})\s+(?P<year>(?:19|20)\d\d)\b", re.I
        )
        # "10 December 2006", "10th December 2006" (Commonwealth and EU order).
        self.re_date_dmy = re.compile(
            rf"(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s*(?P<month>{'|'.join(m.capitalize() for m in _MONTHS)}),?\s+(?P<year>\d{{4}})\b",
            re.I,
        )
        people = _alternation(lex["people_nouns"])
        self.re_count = re.compile(
            rf"(?P<num>{number})(?P<post>\s+or\s+(?:more|fewer|less|greater))?"
            rf"(?:\s+(?P<adj>[a-z]+(?:-[a-z]+)*))?\s+(?P<noun>{people})\b",
            re.I,
        )

    @property
    def builders_by_start(self) -> dict[str, list[tuple[re.Pattern[str], Any]]]:
        """The patterns worth trying at each kind of candidate start."""
        if self._builders is None:
            b = dict(self._make_builders_named())
            numeric = ["compute", "lost_power", "money_words", "money_digits_word", "percent", "duration", "count"]
            self._builders = {
                "dollar": [b["money_digits"], b["money_placeholder"]],
                "under": [b["money_placeholder"], b["percent_placeholder"]],
                "digit": [b[k] for k in numeric] + [(self.re_date_dmy, _build_date)],
                "word": [b[k] for k in numeric],
                "month": [b["date"], (self.re_month_year, _build_month_year)],
                "currency": [(self.re_currency, _build_currency)],
                "freq": [b["frequency"]],
            }
        return self._builders

    @property
    def gate_by_start(self) -> dict[str, re.Pattern[str]]:
        """Per kind of start, one pattern that matches where any of its builders' patterns does.

        Speed: most candidate starts ("(1)", "Section 22757", "one of the")
        begin no quantity, and trying the eight patterns one by one costs
        eight calls from Python each; the alternation of them all (named
        groups made plain, each keeping its own case flag) rejects such a
        start in one call. Only a start that passes is tried pattern by
        pattern, in order, as before.
        """
        if self._gates is None:
            self._gates = {
                kind: re.compile(
                    "|".join(
                        ("(?i:" if regex.flags & re.I else "(?:") + re.sub(r"\(\?P<\w+>", "(?:", regex.pattern) + ")"
                        for regex, _ in builders
                    )
                )
                for kind, builders in self.builders_by_start.items()
            }
        return self._gates

    def _make_builders_named(self) -> list[tuple[str, tuple[re.Pattern[str], Any]]]:
        names = ["compute", "lost_power", "money_words", "money_digits", "money_digits_word",
                 "money_placeholder", "percent", "percent_placeholder", "duration", "frequency", "date", "count"]
        return list(zip(names, self._make_builders()))

    def _make_builders(self) -> list[tuple[re.Pattern[str], Any]]:
        return [
            (self.re_compute, _build_compute),
            (self.re_lost_power, _build_lost_power),
            (self.re_money_words, _build_money_words),
            (self.re_money_digits, _build_money_digits),
            (self.re_money_digits_word, _build_money_digits),
            (self.re_money_placeholder, _build_money_placeholder),
            (self.re_percent, _build_percent),
            (self.re_percent_placeholder, _build_percent_placeholder),
            (self.re_duration, _build_duration),
            (self.re_frequency, _build_frequency),
            (self.re_date, _build_date),
            (self.re_count, _build_count),
        ]

    def number(self, text: str) -> float | int | None:
        """``"100,000,000"`` -> 100000000; ``"one hundred million"`` -> 100000000."""
        text = text.strip()
        if not text:
            return None
        if text[0].isdigit():
            raw = text.replace(",", "")
            value = float(raw)
            return int(value) if value.is_integer() else value
        total = current = 0
        seen = False
        for word in re.split(r"[\s-]+", text.lower()):
            if word == "and":
                continue
            if word in self.units:
                current += self.units[word]
            elif word == "hundred":
                current = (current or 1) * 100
            elif word in self.scales:
                total += (current or 1) * self.scales[word]
                current = 0
            else:
                return None
            seen = True
        return total + current if seen else None


@lru_cache(maxsize=1)
def lexicon() -> _Lexicon:
    return _Lexicon()


def _scaled(value: float | int | None, scale: str | None) -> float | int | None:
    if value is None or not scale:
        return value
    factor = lexicon().scales[scale.lower()]
    result = value * factor
    return int(result) if float(result).is_integer() else result


def fold_case(text: str) -> str:
    """``text`` lower-cased with offsets unchanged (``text`` itself if lowering changes its length).

    Scans run case-sensitively over this copy: as fast as a case-sensitive
    scan, yet they see "SHALL" and "ONE HUNDRED DOLLARS" in texts that print
    new law in capitals (Colorado session laws).
    """
    global _FOLDED
    if _FOLDED[0] is text:
        return _FOLDED[1]
    folded = text.lower()
    folded = folded if len(folded) == len(text) else text
    # The three components fold the same document text one after another.
    _FOLDED = (text, folded)
    return folded


_FOLDED: tuple[str | None, str] = (None, "")


def _power(lex: _Lexicon, mult_text: str | None, exp: str) -> float | None:
    # Built through the decimal string so that "3 x 10^25" is exactly 3e25,
    # not 3 * 1e25 (3.0000000000000005e25), and compares equal to gold values.
    mult = lex.number(mult_text) if mult_text else 1
    if mult is None:
        return None
    return float(f"{mult}e{int(exp)}")


def _clause_before(text: str, start: int, width: int = 200) -> str:
    """Text before ``start`` back to the previous sentence or paragraph break."""
    chunk = text[max(0, start - width) : start]
    cut = max(chunk.rfind("\n"), chunk.rfind(". "), chunk.rfind(";"))
    return chunk[cut + 1 :] if cut >= 0 else chunk


def find_quantities(text: str) -> list[Quantity]:
    """All quantities in ``text``, non-overlapping, in order.

    Args:
        text: any text (a whole version's canonical text or one sentence).

    Returns:
        Quantities with offsets into ``text``; where two matches overlap the
        longer one wins ("one hundred million dollars ($100,000,000)" is one
        amount, not two).
    """
    lex = lexicon()
    found: list[Quantity] = []
    # Speed: each pattern is tried only where a quantity can start (a digit,
    # "$", "_", a number word, a month, a frequency word), anchored with
    # match(). Scanning the whole text once per pattern, case-insensitively,
    # was 50 times slower on a 6,000-word bill.
    by_kind = lex.builders_by_start
    starts: list[tuple[int, str]] = []
    followers = lex.digit_followers
    for c in lex.re_symbol_start.finditer(text):
        first = text[c.start()]
        if first == "$":
            starts.append((c.start(), "dollar"))
        elif first in "€£EG":
            starts.append((c.start(), "currency"))
        elif first == "_":
            starts.append((c.start(), "under"))
        elif text[c.end() : c.end() + 1] in followers and c.end() < len(text):
            starts.append((c.start(), "digit"))
    for c in scan.finditer(lex.re_word_start, fold_case(text), text):
        word = c.group()
        kind = "month" if word in lex.month_words else "freq" if word in lex.freq_words else "word"
        if kind == "freq" and word.lower() not in lex.units:
            starts.append((c.start(), "freq"))
        elif kind == "month":
            starts.append((c.start(), "month"))
        else:
            starts.append((c.start(), "word"))
    gates = lex.gate_by_start
    for pos, kind in starts:
        if gates[kind].match(text, pos) is None:
            continue
        for regex, build in by_kind[kind]:
            m = regex.match(text, pos)
            if m is not None:
                q = build(lex, m, text)
                if q is not None:
                    found.append(q)

    chosen = [_with_context(q, text) for q in _non_overlapping(found)]
    return _resolve_that_value(chosen)


def _resolve_that_value(quantities: list[Quantity]) -> list[Quantity]:
    """ "30 percent of that value": the base of the previous percentage.

    "... not exceeding 10 percent of the cost of the quantity of computing
    power used to train the covered model ... and ... not exceeding 30 percent
    of that value for any subsequent violation."
    """
    out: list[Quantity] = []
    previous: Quantity | None = None
    for q in quantities:
        share = q.attrs.get("share_of")
        if share and previous is not None and q.start - previous.end < 600 and _THAT_VALUE.fullmatch(share):
            attrs = dict(q.attrs)
            attrs["share_of"] = previous.attrs["share_of"]
            attrs["share_of_text"] = share
            if attrs.get("measure") is None:
                attrs["measure"] = previous.attrs.get("measure")
            q = Quantity(q.start, q.end, q.kind, q.value, q.unit, attrs)
        if q.kind == "percent" and q.attrs.get("share_of") and not _THAT_VALUE.fullmatch(q.attrs["share_of"]):
            previous = q
        out.append(q)
    return out


_THAT_VALUE = re.compile(r"(?:that|this|such|the\s+same)\s+(?:value|amount|cost|sum|figure)", re.I)


def _build_compute(lex: "_Lexicon", m: re.Match[str], text: str) -> Quantity | None:
    exp = m.group("exp") or m.group("wexp") or (m.group("supexp") or "").translate(lex.sup_table)
    value = _power(lex, m.group("mult"), exp)
    if value is None:
        return None
    unit_text = m.group("unit")
    if unit_text:
        unit = lex.compute_units[re.sub(r"\s+", " ", unit_text).lower()]
    elif re.search(r"operations|FLOP|comput", text[m.end() : m.end() + 80], re.I) or re.search(
        r"comput|FLOP|operations", _clause_before(text, m.start()), re.I
    ):
        # "A computational threshold of 10^26 ..." without a unit right after.
        unit = "FLOP"
    else:
        return None
    kind = "compute_rate" if unit == "FLOP/s" else "compute"
    return Quantity(m.start(), m.end(), kind, value, unit)


def _build_lost_power(lex: "_Lexicon", m: re.Match[str], text: str) -> Quantity | None:
    value = _power(lex, m.group("mult"), m.group("exp"))
    if value is None:
        return None
    unit = lex.compute_units[re.sub(r"\s+", " ", m.group("unit")).lower()]
    kind = "compute_rate" if unit == "FLOP/s" else "compute"
    return Quantity(m.start(), m.end(), kind, value, unit, {"lost_superscript": True})


def _build_money_words(lex: "_Lexicon", m: re.Match[str], text: str) -> Quantity | None:
    if m.group("paren"):
        value = _scaled(lex.number(m.group("paren")), m.group("scale"))
    else:
        value = lex.number(m.group("words"))
    if value is None:
        return None
    return Quantity(m.start(), m.end(), "money", value, "USD")


def _build_money_digits(lex: "_Lexicon", m: re.Match[str], text: str) -> Quantity | None:
    value = _scaled(lex.number(m.group("num")), m.group("scale"))
    return Quantity(m.start(), m.end(), "money", value, "USD")


_CURRENCY_UNITS = {"EUR": "EUR", "€": "EUR", "GBP": "GBP", "£": "GBP"}


def _build_currency(lex: "_Lexicon", m: re.Match[str], text: str) -> Quantity | None:
    raw = m.group("num")
    if re.fullmatch(r"\d+,\d{1,2}", raw):
        number = float(raw.replace(",", "."))  # EU decimal comma: "EUR 117,9 million"
    else:
        number = float(re.sub(r"[ \u00a0,.](?=\d{3}(?!\d))", "", raw).replace(",", ""))
    value = _scaled(int(number) if number.is_integer() else number, m.group("scale"))
    return Quantity(m.start(), m.end(), "money", value, _CURRENCY_UNITS[m.group("cur")])


def _build_money_placeholder(lex: "_Lexicon", m: re.Match[str], text: str) -> Quantity | None:
    return Quantity(m.start(), m.end(), "money", None, "USD", {"placeholder": True})


def _build_percent(lex: "_Lexicon", m: re.Match[str], text: str) -> Quantity | None:
    value = lex.number(m.group("num"))
    if value is None:
        return None
    attrs: dict[str, Any] = {}
    if m.group("base"):
        attrs["share_of"] = _trim_share(m.group("base"))
    end = m.start("of") if m.group("of") else m.end()
    return Quantity(m.start(), end, "percent", value, "%", attrs)


def _build_percent_placeholder(lex: "_Lexicon", m: re.Match[str], text: str) -> Quantity | None:
    return Quantity(m.start(), m.end(), "percent", None, "%", {"placeholder": True})


def _build_duration(lex: "_Lexicon", m: re.Match[str], text: str) -> Quantity | None:
    value = lex.number(m.group("num"))
    if value is None:
        return None
    unit = lex.duration_units[m.group("unit").lower()]
    return Quantity(m.start(), m.end(), "duration", value, unit)


def _build_frequency(lex: "_Lexicon", m: re.Match[str], text: str) -> Quantity | None:
    unit, value = lex.frequencies[re.sub(r"\s+", " ", m.group("freq")).lower()]
    return Quantity(m.start(), m.end(), "duration", value, unit, {"recurring": True})


def _build_date(lex: "_Lexicon", m: re.Match[str], text: str) -> Quantity | None:
    month = _MONTHS.index(m.group("month").lower()) + 1
    iso = f"{int(m.group('year')):04d}-{month:02d}-{int(m.group('day')):02d}"
    return Quantity(m.start(), m.end(), "date", iso, "date")


def _build_month_year(lex: "_Lexicon", m: re.Match[str], text: str) -> Quantity | None:
    month = _MONTHS.index(m.group("month").lower()) + 1
    return Quantity(m.start(), m.end(), "date", f"{int(m.group('year')):04d}-{month:02d}", "date", {"precision": "month"})


def _build_count(lex: "_Lexicon", m: re.Match[str], text: str) -> Quantity | None:
    value = lex.number(m.group("num"))
    if value is None:
        return None
    adj = (m.group("adj") or "").lower()
    # "30 calendar days" is a duration, not a count: an "adjective" that is
    # itself a unit disqualifies the match.
    if adj in lex.duration_units or adj in ("percent", "dollars"):
        return None
    if value == 1 and not m.group("post") and m.group("noun").lower() in ("person", "individual", "member", "employee"):
        # "from one person to another": a singular "one X" without a
        # comparator counts nothing.
        return None
    attrs: dict[str, Any] = {"noun": m.group("noun").lower()}
    if m.group("post"):
        # "500 or more employees": the comparator sits inside the match.
        post = re.sub(r"\s+", " ", m.group("post").strip()).lower()
        attrs.update(comparator=lex.cmp_after[post], comparator_text=post)
    return Quantity(m.start(), m.end(), "count", value, "people", attrs)


def _trim_share(base: str) -> str:
    # "10 percent of the cost of the quantity of computing power used to train
    # the covered model to be calculated using average market prices ... for a
    # first violation": the base ends before the calculation method and the tier.
    cut = re.search(
        r",|\s+(?:to be calculated|calculated|for (?:a|the|any|each) (?:first|second|subsequent|violation)|"
        r"for any|if |when |as (?:reasonably|determined))",
        base,
    )
    return (base[: cut.start()] if cut else base).strip()


def _non_overlapping(found: list[Quantity]) -> list[Quantity]:
    found.sort(key=lambda q: (q.start, -(q.end - q.start)))
    chosen: list[Quantity] = []
    for q in found:
        if chosen and q.start < chosen[-1].end:
            last = chosen[-1]
            if (q.end - q.start) > (last.end - last.start):
                chosen[-1] = q
            continue
        chosen.append(q)
    return chosen


def _last_word(before: str) -> str:
    """The word that ends ``before`` (lower case, trailing spaces ignored).

    A comparator pattern anchored at the end (``\\b(?:not less than|...)\\s*$``)
    can only match when this is the last word of one of its phrases; checking
    that first avoids a search that tries every position of the clause (most
    numbers, such as section numbers, have no comparator).
    """
    tail = before.rstrip()
    i = len(tail)
    while i > 0 and (tail[i - 1].isalnum() or tail[i - 1] == "_"):
        i -= 1
    return tail[i:].lower()


def _with_context(q: Quantity, text: str) -> Quantity:
    lex = lexicon()
    attrs = dict(q.attrs)
    before = _clause_before(text, q.start)
    after = text[q.end : q.end + 120]
    if q.kind == "date":
        m = lex.re_date_cmp.search(before) if _last_word(before) in lex.date_cmp_last_words else None
        if m:
            attrs["comparator"] = lex.date_cmp[re.sub(r"\s+", " ", m.group("cmp")).lower()]
            attrs["comparator_text"] = m.group("cmp")
    elif not attrs.get("recurring") and "comparator" not in attrs:
        m = lex.re_cmp_before.search(before) if _last_word(before) in lex.cmp_last_words else None
        m_after = lex.re_cmp_after.search(after)
        if m:
            attrs["comparator"] = lex.cmp_before[re.sub(r"\s+", " ", m.group("cmp")).lower()]
            attrs["comparator_text"] = m.group("cmp")
        elif m_after:
            attrs["comparator"] = lex.cmp_after[re.sub(r"\s+", " ", m_after.group("cmp")).lower()]
            attrs["comparator_text"] = m_after.group("cmp")
    for measure, kinds, before_re, after_re in lex.measures:
        if q.kind not in kinds:
            continue
        if before_re is None and after_re is None:
            attrs["measure"] = measure
            break
        subject = attrs.get("share_of", "") + " " + before if q.kind == "percent" else before
        if (before_re and before_re.search(subject)) or (after_re and after_re.search(after)):
            attrs["measure"] = measure
            break
    return Quantity(q.start, q.end, q.kind, q.value, q.unit, attrs)




def not_law_ranges(doc: Any, kinds: frozenset[str] = NOT_LAW_KINDS) -> list[tuple[int, int]]:
    """Character ranges of provisions that are not law (empty without a provision tree).

    Args:
        doc: the tagged doc.
        kinds: provision kinds to return (default :data:`NOT_LAW_KINDS`).
    """
    from lexdiff.nlp.structure import doc_provisions

    ranges: list[tuple[int, int]] = []
    stack = list(doc_provisions(doc))
    while stack:
        provision = stack.pop()
        if provision.kind in kinds:
            ranges.append((provision.start, provision.end))
        else:
            stack.extend(provision.children)
    return sorted(ranges)


def in_ranges(offset: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= offset < b for a, b in ranges)


class QuantityTagger:
    """spaCy component: normalized quantities into ``doc.spans["quantities"]``."""

    def __init__(self, nlp: Any = None, name: str = FACTORY, spans_key: str = GROUP) -> None:
        self.name = name
        self.spans_key = spans_key
        lexicon()  # compile patterns at pipeline build time, not on the first doc

    def __call__(self, doc: Any) -> Any:
        self.set_annotations(doc, self.match(doc))
        return doc

    def match(self, doc: Any) -> list[Quantity]:
        from lexdiff.nlp.tags import doc_text

        found = find_quantities(doc_text(doc))
        skip = not_law_ranges(doc)
        return [q for q in found if not in_ranges(q.start, skip)] if skip else found

    def set_annotations(self, doc: Any, matches: list[Quantity]) -> None:
        from lexdiff.nlp.tags import add_char_tags, doc_text

        text = doc_text(doc)  # doc.text is rebuilt from the tokens on every access
        add_char_tags(doc, self.spans_key, ((q.start, q.end, LABEL, q.as_attrs(text)) for q in matches))


def _register() -> None:
    from spacy.language import Language

    if not Language.has_factory(FACTORY):
        Language.factory(FACTORY, default_config={"spans_key": GROUP})(make_quantity_tagger)


def make_quantity_tagger(nlp: Any, name: str, spans_key: str = GROUP) -> QuantityTagger:
    """Factory for ``nlp.add_pipe("lexdiff_quantities")``."""
    return QuantityTagger(nlp, name, spans_key)


_register()
