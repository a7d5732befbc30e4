"""Penalties: civil, criminal, administrative and injunctive consequences of a violation.

spaCy factory ``lexdiff_penalties`` (span group ``"penalties"``, label
``"penalty"``). Runs on a bare ``spacy.blank("en")`` doc with regular
expressions over ``doc.text``; amounts come from the ``"quantities"`` span
group when ``lexdiff_quantities`` ran first, otherwise from
:func:`lexdiff.nlp.quantities.find_quantities` directly. Vocabulary is in
``data/penalty_lexicon.json``.

One tag per amount ("not to exceed one million dollars ($1,000,000) for a
first violation and ... ten million dollars ($10,000,000) for any subsequent
violation" gives two tags), or one per remedy when no amount is stated
("Injunctive or declaratory relief."). Attrs (see :mod:`lexdiff.nlp.tags`):

* ``kind``: ``civil`` / ``criminal`` / ``administrative`` / ``injunctive``;
* ``amount``: number (``10000``; ``10`` for "10 percent of ...") or ``None``
  (no amount, or a ``$____`` placeholder, then ``placeholder: True``);
* ``unit``: ``"USD"`` (or ``"EUR"`` / ``"GBP"``), ``"%"`` or ``None``;
* ``comparator``: ``"<="`` for a maximum ("not to exceed") ...;
* ``share_of``: for a percentage, the base in words ("the cost of the
  quantity of computing power used to train the covered model"); "30 percent
  of that value" resolves "that value" to the previous tier's base;
* ``tier``: culpability and occurrence joined by "; " ("knowing; first",
  "subsequent", "per violation", "willful or reckless", "aggregate"), or
  ``None``; ``tiers``: the same as a list;
* ``violator``: who is liable ("large developer", "auditor", "person that
  operates a computing cluster"), from "X shall be subject to", "a violation
  ... by X", "For a X that ... for a violation", the lead-in of a list of
  tiers, or the bearer of the duty earlier in the same paragraph ("a developer
  shall submit ... a certification ... under penalty of perjury"); ``None`` if
  the text does not say;
* ``enforcer``: who brings the action ("Attorney General", "employee"), from
  the party that "may petition / bring / seek / recover / obtain" the remedy
  in the same sentence (that party is never the violator, and its own "may
  petition" is not the duty violated), else the nearest "brought only by" /
  "may bring a civil action" / "shall enforce" / "has exclusive authority to
  enforce" / "enforceable exclusively by" in the text; never borrowed for
  criminal exposure.

Kinds also cover remedies by reference: "constitutes an unfair trade
practice", "is a deceptive trade practice" (civil), "monetary / punitive
damages" (civil), "penalty of perjury", "misdemeanor" (criminal). Mentions that
impose nothing are skipped ("would frustrate recovery of penalties",
"penalties collected ... shall be deposited", "a civil penalty shall not be
imposed", enforcement clauses "the civil penalty shall be assessed in a civil
action brought only by ..."), and so is the Legislative Counsel's Digest.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from lexdiff.nlp import scan
from lexdiff.nlp.deontic import _clean_np, _strip_det, sentence_bounds
from lexdiff.nlp.quantities import Quantity, find_quantities, fold_case, in_ranges, not_law_ranges

GROUP = "penalties"
LABEL = "penalty"
FACTORY = "lexdiff_penalties"

_ITEM_LABEL = re.compile(r"^\s*\((?:[0-9]+|[A-Z]+|[ivx]+)\)")
_SUBDIVISION_LABEL = re.compile(r"^\s*\([a-z]\)")


@dataclass(frozen=True)
class Penalty:
    start: int
    end: int
    attrs: dict[str, Any] = field(default_factory=dict)


class _Lexicon:
    def __init__(self) -> None:
        lex = json.loads(
            resources.files("lexdiff.nlp").joinpath("data", "penalty_lexicon.json").read_text("utf-8")
        )
        self.kinds = [k["kind"] for k in lex["kinds"]]
        # Case-sensitive with a first-letter gate: a case-insensitive scan of
        # the whole text was most of this component's time.
        firsts = "".join(sorted({c for k in lex["kinds"] for c in re.findall(r"(?:^|\||\(\?:)\[?([A-Za-z])", k["pattern"])}))
        self.re_kind = re.compile(
            rf"(?<![A-Za-z])(?=[{firsts.lower()}{firsts.upper()}])(?:"
            + "|".join(f"(?P<k{i}>{k['pattern']})" for i, k in enumerate(lex["kinds"]))
            + ")"
        )
        self.re_imposing = re.compile(lex["imposing_context"], re.I)
        self.re_not_imposing = re.compile(lex["not_imposing_context"], re.I)
        self.tiers_sentence = [(t, re.compile(p, re.I)) for t, p in lex["tiers_sentence"].items()]
        self.tiers_amount = [(t, re.compile(p, re.I)) for t, p in lex["tiers_amount"].items()]
        self.re_enforcer = re.compile(lex["enforcer"])
        self.re_enforcer_name = re.compile(lex["enforcer_name"])
        self.re_bring_action = re.compile(lex["bring_action"])
        self.re_actor_before_action = re.compile(lex["actor_before_action"])
        self.re_enforcer_sentence = re.compile(lex["enforcer_in_sentence"], re.I)
        self.re_violator_subject = re.compile(lex["violator_subject"], re.I)
        self.re_violator_by = re.compile(lex["violator_by"], re.I)
        self.re_violator_for = re.compile(lex["violator_for"], re.I)
        self.re_amount_cut = re.compile(lex["amount_tier_cut"], re.I)


@lru_cache(maxsize=1)
def lexicon() -> _Lexicon:
    return _Lexicon()


def _violator(sentence: str) -> str | None:
    lex = lexicon()
    m = lex.re_violator_by.search(sentence)
    if m:
        return _strip_det(m.group("np"))
    m = lex.re_violator_for.search(sentence)
    if m:
        # "For a person that operates a computing cluster for a violation of
        # Section 22604": the relative clause says which persons.
        return _strip_det(m.group("np") or m.group("np2"))
    m = lex.re_violator_subject.search(sentence)
    if m:
        np = re.sub(r"^.*,\s*", "", m.group("np"))
        np = re.sub(r"^\s*(?:\([^)]*\)\s*)+", "", np)
        if not re.match(r"\s*(?:a|an|the|any)?\s*violations?\b", np, re.I):
            return _clean_np(np, {})
    return None


def _same_party(a: str, b: str) -> bool:
    """True when two actor phrases name the same party ("an employee" / "employee")."""

    def norm(x: str) -> str:
        return " ".join(_strip_det(x).lower().split())

    return norm(a) == norm(b)


def _enforcers(text: str) -> list[tuple[int, str]]:
    lex = lexicon()
    found = []
    folded = fold_case(text)
    # "brought only by the Attorney General": the trigger is found in the
    # lower-cased copy, the name (capitalized words) in the text itself.
    for m in scan.finditer(lex.re_enforcer, folded, text):
        name = lex.re_enforcer_name.match(text, m.end())
        if name and name.group():
            found.append((m.start(), _strip_det(name.group())))
    # "The Attorney General may bring a civil action": find the verb phrase
    # first (rare), then the capitalized name just before it.
    for m in scan.finditer(lex.re_bring_action, folded, text):
        before = lex.re_actor_before_action.search(text[max(0, m.start() - 80) : m.start()])
        if before:
            found.append((m.start(), _strip_det(before.group("e2"))))
    found.sort()
    return found


def _tiers(lead: str, after: str) -> tuple[list[str], list[str]]:
    lex = lexicon()
    culpability = [t for t, r in lex.tiers_sentence if r.search(lead)]
    cut = lex.re_amount_cut.search(after)
    occurrence_text = after[: cut.start()] if cut else after
    occurrence = [t for t, r in lex.tiers_amount if r.search(occurrence_text)]
    return culpability, occurrence


def find_penalties(
    text: str,
    quantities: list[Quantity] | None = None,
    duties: list[tuple[int, str]] | None = None,
) -> list[Penalty]:
    """All penalties in ``text``.

    Args:
        text: canonical text.
        quantities: quantities of ``text`` if already found.
        duties: ``(start, actor)`` of deontic statements, in order; when a
            sentence names no violator, the bearer of the last duty earlier in
            the same paragraph is taken ("a developer shall submit ... a
            certification ... The certification shall be made under penalty
            of perjury").

    Returns:
        Penalties in document order.
    """
    lex = lexicon()
    if quantities is None:
        quantities = find_quantities(text)
    amounts = [q for q in quantities if q.kind in ("money", "percent")]
    amount_starts = [q.start for q in amounts]
    enforcers = _enforcers(text)
    enforcer_pos = [p for p, _ in enforcers]
    duties = [(start, actor) for start, actor in (duties or []) if actor]
    duty_starts = [start for start, _ in duties]
    out: list[Penalty] = []
    context_violator: str | None = None
    done_sentences: set[tuple[int, str]] = set()

    for m in scan.finditer(lex.re_kind, fold_case(text), text):
        kind = lex.kinds[next(i for i, g in enumerate(m.groups()) if g is not None)]
        s_start, s_end = sentence_bounds(text, m.start())
        sentence = text[s_start:s_end]
        if _SUBDIVISION_LABEL.match(sentence) and not _ITEM_LABEL.match(sentence):
            context_violator = None
        if (s_start, kind) in done_sentences:
            continue
        if lex.re_not_imposing.search(sentence) or not lex.re_imposing.search(sentence):
            continue
        violator = _violator(sentence)
        if sentence.rstrip().endswith(":"):
            # "A large developer who violates this chapter shall be subject to
            # a civil penalty subject to all of the following:" names the
            # violator; the tiers that follow carry the amounts.
            context_violator = violator or context_violator
            if not any(s_start <= a < s_end for a in amount_starts):
                continue
        # "an employee may petition the superior court ... for appropriate
        # temporary or preliminary injunctive relief": whoever petitions for,
        # seeks, brings an action for, recovers or obtains the remedy is the
        # party enforcing it, never the one liable for it.
        em = lex.re_enforcer_sentence.search(sentence)
        seeker = _strip_det(em.group("np")) if em else None
        seeker_span = (s_start + em.start(), s_start + em.end()) if em else None
        violator = violator or context_violator
        if violator is not None and seeker is not None and _same_party(violator, seeker):
            violator = None
        if violator is None and duties:
            k = bisect.bisect_right(duty_starts, m.start()) - 1
            paragraph_start = text.rfind("\n", 0, m.start()) + 1
            # The seeker's own permission ("may petition") is a deontic
            # statement too; the duty the remedy enforces is an earlier one.
            while k >= 0 and seeker is not None and (
                (seeker_span[0] <= duties[k][0] < seeker_span[1]) or _same_party(duties[k][1], seeker)
            ):
                k -= 1
            if k >= 0 and duties[k][0] >= paragraph_start:
                violator = duties[k][1]

        enforcer = None
        if seeker is not None:
            enforcer = seeker
        elif enforcers and kind != "criminal":
            # A civil enforcer named nearby ("The Attorney General may bring a
            # civil action") does not prosecute perjury or misdemeanors.
            i = bisect.bisect_left(enforcer_pos, m.start())
            near = [enforcers[j] for j in (i - 1, i) if 0 <= j < len(enforcers)]
            pos, name = min(near, key=lambda e: abs(e[0] - m.start()))
            if abs(pos - m.start()) < 5000:
                enforcer = name

        lo = bisect.bisect_left(amount_starts, m.end())
        hi = bisect.bisect_left(amount_starts, s_end)
        mine = amounts[lo:hi]
        # A later penalty keyword in the same sentence with its own amounts
        # ("..., in which case the civil penalty shall be ...") is the same
        # penalty's second tier: keep them all under this keyword.
        done_sentences.add((s_start, kind))
        base = dict(kind=kind, violator=violator, enforcer=enforcer)
        if not mine:
            out.append(
                Penalty(m.start(), m.end(), {**base, "amount": None, "unit": None, "comparator": None,
                                             "share_of": None, "tier": None, "tiers": []})
            )
            continue
        previous_culpability: list[str] = []
        previous_share: str | None = None
        cursor = s_start
        for i, q in enumerate(mine):
            next_start = mine[i + 1].start if i + 1 < len(mine) else s_end
            culpability, occurrence = _tiers(text[cursor : q.start], text[q.end : next_start])
            culpability = culpability or previous_culpability
            share = q.attrs.get("share_of")
            if share and re.fullmatch(r"(?:that|this|such)\s+(?:value|amount|cost|sum)", share, re.I):
                share = previous_share
            tiers = culpability + occurrence
            start = m.start() if i == 0 else q.start
            cut = lex.re_amount_cut.search(text[q.end : next_start])
            end = q.end + (cut.start() if cut else len(text[q.end : next_start].rstrip(" .;:\n")))
            out.append(
                Penalty(
                    start,
                    end,
                    {
                        **base,
                        "amount": q.value,
                        "unit": q.unit,
                        "comparator": q.attrs.get("comparator"),
                        "share_of": share,
                        "tier": "; ".join(tiers) or None,
                        "tiers": tiers,
                        **({"placeholder": True} if q.attrs.get("placeholder") else {}),
                    },
                )
            )
            previous_culpability = culpability
            previous_share = share or previous_share
            cursor = q.end
    return out


class PenaltyTagger:
    """spaCy component: penalties into ``doc.spans["penalties"]``."""

    def __init__(self, nlp: Any = None, name: str = FACTORY, spans_key: str = GROUP) -> None:
        self.name = name
        self.spans_key = spans_key
        lexicon()

    def __call__(self, doc: Any) -> Any:
        self.set_annotations(doc, self.match(doc))
        return doc

    def match(self, doc: Any) -> list[Penalty]:
        from lexdiff.nlp.tags import doc_text, span_attrs

        text = doc_text(doc)
        lex = lexicon()
        if next(scan.finditer(lex.re_kind, fold_case(text), text), None) is None:
            # No penalty word at all (most bills): skip reading the quantity
            # and duty spans back, which builds a Python object per span.
            return []
        quantities = None
        if "quantities" in doc.spans:
            quantities = [
                Quantity(span.start_char, span.end_char, a.get("kind", ""), a.get("value"), a.get("unit", ""),
                         {k: v for k, v in a.items() if k not in ("kind", "value", "unit")})
                for span, a in zip(doc.spans["quantities"], span_attrs(doc, "quantities"))
            ]
        duties = None
        if "deontic" in doc.spans:
            duties = [
                (span.start_char, attrs.get("actor"))
                for span, attrs in zip(doc.spans["deontic"], span_attrs(doc, "deontic"))
            ]
            duties.sort(key=lambda d: d[0])
        found = find_penalties(text, quantities, duties)
        skip = not_law_ranges(doc)
        return [p for p in found if not in_ranges(p.start, skip)] if skip else found

    def set_annotations(self, doc: Any, matches: list[Penalty]) -> None:
        from lexdiff.nlp.tags import add_char_tags

        add_char_tags(doc, self.spans_key, ((p.start, p.end, LABEL, p.attrs) for p in matches))


def make_penalty_tagger(nlp: Any, name: str, spans_key: str = GROUP) -> PenaltyTagger:
    """Factory for ``nlp.add_pipe("lexdiff_penalties")``."""
    return PenaltyTagger(nlp, name, spans_key)


def _register() -> None:
    from spacy.language import Language

    if not Language.has_factory(FACTORY):
        Language.factory(FACTORY, default_config={"spans_key": GROUP})(make_penalty_tagger)


_register()
