"""Ambiguity findings a legal clinic can act on.

spaCy factory ``lexdiff_ambiguity`` -> span group ``"ambiguities"`` (label
``"ambiguity"``). Each finding carries ``rule``, ``severity`` (``low`` /
``medium`` / ``high``), ``reason`` (plain English: what is unclear and what
to ask for), ``term`` and ``evidence`` (the sentence, trimmed). Rules:

``vague-standard`` / ``vague-timing``
    a phrase from the editable lexicon (``annotations/ambiguity_lexicon.csv``:
    "reasonable care", "unreasonable risk", "promptly" ...). Outside a duty or
    a definition (legislative findings, intent language) the severity drops
    to ``low``: "It is the intent of the Legislature to require ... reasonable
    care" binds no one.
``undefined-term``
    a key term (modifier + a head noun such as "capability", "risk", "harm",
    "threshold") used in duties or coverage at least twice and never defined;
    one finding per term, at its first use. Drafting example: a duty to
    "assess whether the covered model has a hazardous capability" when only
    "critical harm" is defined.
``unmeasured-quantity``
    a money amount or share tied to a cost, price, value or revenue with no
    method of measurement ("the cost of training exceeds $100,000,000" with no
    "calculated using the average market prices of cloud compute ...").
``placeholder``
    drafting blanks: "$____", "[insert date]", "TBD".
``conflicting-definition``
    the same term defined with different words in two places that are not
    nested in each other (two codes, two sections).
``external-definition``
    a definition that takes its meaning from a text outside the bill (a
    section not in it, a regulation, a standard), which may change without
    the bill being amended.
``threshold``
    a compute or money threshold inside a definition: who is covered turns on
    it, so the clinic checks how it is measured. ``medium`` when the measure is
    self-assessed or can move ("as reasonably assessed by the developer",
    "adjusted annually for inflation", "determined by the Agency"), else ``low``.
``penalty-tier``
    each penalty with an amount or a share ("10 percent of the cost of the
    quantity of computing power ... for a first violation", "30 percent ...
    for any subsequent violation"); ``medium`` when the amount is a share of
    something that must itself be measured.

Patterns and word lists: ``data/ambiguity_rules.json``; the lexicon is read
from ``annotations/ambiguity_lexicon.csv`` in a checkout, else the copy
shipped in ``data/``, or from any CSV given as the ``lexicon`` config value
(``lexdiff ambiguity --lexicon FILE``).
"""

from __future__ import annotations

import bisect
import csv
import io
import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from lexdiff.errors import InputError
from lexdiff.model import NOT_LAW_KINDS
from lexdiff.nlp.definitions import term_key
from lexdiff.nlp.structure import chain_at, doc_provisions, scope_span
from lexdiff.nlp.tags import doc_text, span_attrs

GROUP = "ambiguities"
FACTORY = "lexdiff_ambiguity"
LABEL = "ambiguity"
SEVERITIES = ("low", "medium", "high")

#: Rules not reported inside legislative findings and statements of intent.
FINDINGS_SILENCED = frozenset({"vague-standard", "vague-timing", "undefined-term"})


_LEXICON_COLUMNS = ("phrase", "rule", "severity", "reason")

#: Lexicon rule for settled terms of art that contain a vague word
#: ("reasonable cause to believe", "reasonable attorney's fees"): the longer
#: phrase wins the match and nothing is reported.
IGNORE_RULE = "ignore"


@dataclass(frozen=True)
class LexiconEntry:
    phrase: str
    rule: str
    severity: str
    reason: str


@dataclass
class Finding:
    start: int
    end: int
    rule: str
    severity: str
    reason: str
    term: str
    evidence: str = ""


def default_lexicon_path() -> Path | None:
    """``annotations/ambiguity_lexicon.csv`` of this checkout, if present."""
    env = os.environ.get("LEXDIFF_LEXICON")
    if env:
        return Path(env)
    candidate = Path(__file__).resolve().parents[2] / "annotations" / "ambiguity_lexicon.csv"
    return candidate if candidate.is_file() else None


def read_lexicon(text: str, source: str) -> tuple[LexiconEntry, ...]:
    """Parse a lexicon CSV (columns phrase, rule, severity, reason).

    Raises:
        InputError: missing columns or an unknown severity, naming the line.
    """
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in _LEXICON_COLUMNS if c not in (reader.fieldnames or ())]
    if missing:
        raise InputError(f"lexicon needs the columns {', '.join(_LEXICON_COLUMNS)} (missing: {', '.join(missing)})", source)
    entries = []
    for number, row in enumerate(reader, 2):
        phrase = " ".join((row.get("phrase") or "").split())
        if not phrase or phrase.startswith("#"):
            continue
        rule = (row.get("rule") or "vague-standard").strip()
        severity = (row.get("severity") or ("low" if rule == IGNORE_RULE else "medium")).strip().lower()
        if severity not in SEVERITIES:
            raise InputError(f"line {number}: severity must be one of {', '.join(SEVERITIES)}, not {severity!r}", source)
        entries.append(
            LexiconEntry(
                phrase=phrase,
                rule=rule,
                severity=severity,
                reason=(row.get("reason") or "").strip(),
            )
        )
    return tuple(entries)


@lru_cache(maxsize=8)
def load_lexicon(path: str | None = None) -> tuple[LexiconEntry, ...]:
    """The lexicon from ``path``, the checkout's annotations file, or the shipped default."""
    chosen = Path(path) if path else default_lexicon_path()
    if chosen is not None:
        try:
            return read_lexicon(chosen.read_text("utf-8"), str(chosen))
        except FileNotFoundError as err:
            raise InputError("no such lexicon file", str(chosen)) from err
        except (OSError, UnicodeDecodeError) as err:
            raise InputError(f"cannot read lexicon ({err})", str(chosen)) from err
    data = resources.files("lexdiff.nlp").joinpath("data/ambiguity_lexicon.csv").read_text("utf-8")
    return read_lexicon(data, "lexdiff/nlp/data/ambiguity_lexicon.csv")


@lru_cache(maxsize=1)
def rules() -> dict[str, Any]:
    raw = json.loads(resources.files("lexdiff.nlp").joinpath("data/ambiguity_rules.json").read_text("utf-8"))
    return {
        "heads": frozenset(raw["key_term_heads"]),
        "stop": frozenset(raw["modifier_stopwords"]),
        "min_uses": int(raw["min_key_term_uses"]),
        "duty": tuple(raw["duty_phrases"]),
        # One pattern per shape: a single alternation has no literal prefix
        # for the regex engine to scan for, and is ten times slower on a long act.
        "placeholder": tuple(re.compile(p) for p in raw["placeholder"]),
        "cost": tuple(raw["cost_phrases"]),
        "money": re.compile(raw["money_or_share"], re.IGNORECASE),
        "basis": re.compile(raw["measurement_basis"], re.IGNORECASE),
        "movable": re.compile(raw["movable_measure"], re.IGNORECASE),
        "findings": re.compile(raw["findings_lead"]),
        "threshold_kinds": frozenset(raw["threshold_kinds"]),
        "temporal": re.compile(raw["temporal_variant"], re.IGNORECASE),
    }


def _trim(text: str, start: int, end: int, focus_start: int, focus_end: int, width: int = 240) -> str:
    """The sentence around a finding, cut to about ``width`` characters around the focus."""
    if end - start > width:
        half = (width - (focus_end - focus_start)) // 2
        new_start = max(start, focus_start - max(half, 40))
        new_end = min(end, focus_end + max(half, 40))
        prefix = "… " if new_start > start else ""
        suffix = " …" if new_end < end else ""
        return prefix + " ".join(text[new_start:new_end].split()) + suffix
    return " ".join(text[start:end].split())


class AmbiguityTagger:
    """spaCy component: ambiguity findings into ``doc.spans["ambiguities"]``."""

    def __init__(self, nlp: Any = None, name: str = FACTORY, spans_key: str = GROUP, lexicon: str | None = None) -> None:
        self.name = name
        self.spans_key = spans_key
        self.lexicon = load_lexicon(lexicon)
        if nlp is not None:
            self.make_doc = nlp.make_doc
        else:
            from lexdiff.nlp.tokenizer import StatuteTokenizer

            self.make_doc = None
            self._tokenizer_factory = StatuteTokenizer
        rules()

    def __call__(self, doc: Any) -> Any:
        self.set_annotations(doc, self.match(doc))
        return doc

    # -- context ---------------------------------------------------------

    def _context(self, doc: Any) -> dict[str, Any]:
        text = doc_text(doc)
        if "lexdiff.sentence_offsets" in doc.user_data:
            sentences = sorted(doc.user_data["lexdiff.sentence_offsets"])
        elif "sentences" in doc.spans:
            sentences = sorted((s.start_char, s.end_char) for s in doc.spans["sentences"])
        else:
            from lexdiff.nlp.sentences import find_sentences

            sentences = [(s, e) for s, e, _ in find_sentences(text)]
        starts = [s for s, _ in sentences]
        duty = set()
        cues = self._cues(doc)
        for start, _, _, _, _ in cues["duty"]:
            i = bisect.bisect_right(starts, start) - 1
            if i >= 0:
                duty.add(i)
        for group in ("deontic",):
            if group in doc.spans:
                for span in doc.spans[group]:
                    if span.label_ in ("obligation", "prohibition"):
                        i = bisect.bisect_right(starts, span.start_char) - 1
                        if i >= 0:
                            duty.add(i)
        definitions = []
        if "definitions" in doc.spans:
            for span, attrs in zip(doc.spans["definitions"], span_attrs(doc, "definitions")):
                definitions.append((span.start_char, span.end_char, attrs))
        provisions = doc_provisions(doc)
        # Merged definition spans, for "is this offset inside a definition?" by bisection.
        cover: tuple[list[int], list[int]] = ([], [])
        for s, e, _ in sorted(definitions, key=lambda d: d[0]):
            if cover[0] and s <= cover[1][-1]:
                cover[1][-1] = max(cover[1][-1], e)
            else:
                cover[0].append(s)
                cover[1].append(e)
        extra: dict[str, list[tuple[int, int, dict[str, Any]]]] = {}
        for group in ("quantities", "penalties"):
            if group in doc.spans:
                extra[group] = [
                    (span.start_char, span.end_char, attrs)
                    for span, attrs in zip(doc.spans[group], span_attrs(doc, group))
                ]
        # Defined terms where they are defined and where they are used.
        term_spans = sorted(
            [(a["term_start"], a["term_end"]) for _, _, a in definitions if "term_start" in a]
            + (
                [(span.start_char, span.end_char) for span in doc.spans["term_uses"]]
                if "term_uses" in doc.spans
                else []
            )
        )
        # Digests are top-level (or directly under a top-level front-matter node).
        not_law = [
            (p.start, p.end)
            for top in provisions
            for p in (top, *top.children)
            if p.kind in NOT_LAW_KINDS
        ]
        # Legislative findings and statements of intent bind no one: "The
        # Legislature finds and declares all of the following: (a) ...",
        # "It is the intent of the Legislature to require ... reasonable care".
        findings: list[tuple[int, int]] = []
        for s_start, s_end in sentences:
            if rules()["findings"].match(text, s_start, s_end):
                end = s_end
                line_end = text.find("\n", s_start, s_end)
                if text[s_start : s_end if line_end < 0 else line_end].rstrip().endswith(":"):
                    # A lead-in: the whole list below it, to the end of the section.
                    end = max(s_end, scope_span("section", s_start, provisions, text)[1])
                findings.append((s_start, end))
        return {
            "duty_leadins": {},
            "findings": findings,
            "cues": cues,
            "term_spans": term_spans,
            "not_law": not_law,
            "doc": doc,
            "quantities": extra.get("quantities", []),
            "penalties": extra.get("penalties", []),
            "text": text,
            "sentences": sentences,
            "starts": starts,
            "duty": duty,
            "definitions": definitions,
            "def_cover": cover,
            "provisions": provisions,
        }

    def _sentence(self, ctx: dict[str, Any], offset: int) -> int:
        return bisect.bisect_right(ctx["starts"], offset) - 1

    def _in_duty(self, ctx: dict[str, Any], offset: int, sentence: int) -> bool:
        """Whether ``offset`` is in a duty: its sentence, or the lead-in of a list it is in.

        Drafting example: "(a) Before beginning to initially train a covered
        model, the developer shall do all of the following: ... (3) Implement a
        written and separate safety and security protocol that does all of the
        following: (A) ... take reasonable care ...": item (3)(A) is a sentence
        of its own, but the duty is in the lead-in of subdivision (a).
        """
        if sentence in ctx["duty"]:
            return True
        cache = ctx["duty_leadins"]
        text = ctx["text"]
        for provision in chain_at(ctx["provisions"], offset)[:-1]:
            key = (provision.start, provision.end)
            if key not in cache:
                line_end = text.find("\n", provision.start, provision.end)
                first = text[provision.start : provision.end if line_end < 0 else line_end].rstrip()
                cache[key] = first.endswith((":", "—", "–")) and bool(
                    self._sentence(ctx, provision.start) in ctx["duty"]
                    or self._duty_words_in(first)
                )
            if cache[key]:
                return True
        return False

    def _duty_words_in(self, line: str) -> bool:
        lowered = f" {line.lower()} "
        return any(f" {word} " in lowered for word in rules()["duty"])

    def _not_law(self, ctx: dict[str, Any], offset: int) -> bool:
        return any(s <= offset < e for s, e in ctx["not_law"])

    def _in_definition(self, ctx: dict[str, Any], offset: int) -> bool:
        starts, ends = ctx["def_cover"]
        i = bisect.bisect_right(starts, offset) - 1
        return i >= 0 and offset < ends[i]

    def _evidence(self, ctx: dict[str, Any], start: int, end: int) -> str:
        i = self._sentence(ctx, start)
        if i >= 0:
            s, e = ctx["sentences"][i]
            if s <= start < e:
                return _trim(ctx["text"], s, e, start, end)
        return _trim(ctx["text"], max(0, start - 100), min(len(ctx["text"]), end + 100), start, end)

    # -- rules -----------------------------------------------------------

    def _phrases(self, doc: Any) -> Any:
        """One phrase set, compiled once per vocab: lexicon phrases, duty words,
        cost words and key-term heads share a single PhraseMatcher pass."""
        from lexdiff.nlp.phrases import PhraseSet

        cached = getattr(self, "_phrase_sets", None)
        if cached is None or cached[0] is not doc.vocab:
            if self.make_doc is None:
                self.make_doc = self._tokenizer_factory(doc.vocab)
            r = rules()
            variants: dict[str, list[str]] = {f"lex\t{e.phrase.lower()}": [e.phrase] for e in self.lexicon}
            variants["duty"] = list(r["duty"])
            variants["cost"] = list(r["cost"])
            for head in r["heads"]:
                variants.setdefault(f"head\t{head}", [head])
            cached = (doc.vocab, PhraseSet(doc.vocab, self.make_doc, variants))
            self._phrase_sets = cached
        return cached[1]

    def _cues(self, doc: Any) -> dict[str, list[tuple[int, int, str, int, int]]]:
        """Cue matches by kind: ``(start_char, end_char, key, first_token, end_token)``."""
        from lexdiff.nlp.phrases import token_offsets

        starts, ends = token_offsets(doc)
        out: dict[str, list[tuple[int, int, str, int, int]]] = {"lex": [], "duty": [], "cost": [], "head": []}
        for t_start, t_end, key in self._phrases(doc)(doc, possessive=False, spans=True):
            kind, _, name = key.partition("\t")
            out[kind].append((starts[t_start], ends[t_end - 1], name or kind, t_start, t_end))
        return out

    def match(self, doc: Any) -> list[Finding]:
        if self.make_doc is None:
            self.make_doc = self._tokenizer_factory(doc.vocab)
        ctx = self._context(doc)
        findings: list[Finding] = []
        findings += self._vague(ctx)
        findings += self._placeholders(ctx)
        findings += self._unmeasured(ctx)
        findings += self._definition_findings(ctx)
        findings += self._undefined_terms(ctx)
        findings += self._thresholds(ctx)
        findings += self._penalty_tiers(ctx)
        findings = [f for f in findings if not self._not_law(ctx, f.start)]
        findings = [
            f
            for f in findings
            if f.rule not in FINDINGS_SILENCED or not any(s <= f.start < e for s, e in ctx["findings"])
        ]
        for f in findings:
            if not f.evidence:
                f.evidence = self._evidence(ctx, f.start, f.end)
        findings.sort(key=lambda f: (f.start, f.rule))
        return findings

    def _vague(self, ctx: dict[str, Any]) -> list[Finding]:
        by_key = {e.phrase.lower(): e for e in self.lexicon}
        text = ctx["text"]
        out = []
        terms = ctx["term_spans"]
        term_starts = [s for s, _ in terms]
        for start, end, key, _, _ in ctx["cues"]["lex"]:
            j = bisect.bisect_right(term_starts, start) - 1
            if j >= 0 and start < terms[j][1]:
                # Part of a defined term ("“Materially influence” means ...",
                # "a material update"): the definition fixes its meaning.
                continue
            entry = by_key[key]
            if entry.rule == IGNORE_RULE:
                continue
            severity = entry.severity
            i = self._sentence(ctx, start)
            operative = self._in_duty(ctx, start, i) or self._in_definition(ctx, start)
            reason = entry.reason
            if not operative:
                severity = "low"
                reason += " (Here it is not in a duty or a definition, so it binds no one directly.)"
            out.append(Finding(start, end, entry.rule, severity, reason, text[start:end]))
        return out

    def _placeholders(self, ctx: dict[str, Any]) -> list[Finding]:
        found = sorted(
            (m.start(), m.end(), m.group(0))
            for regex in rules()["placeholder"]
            for m in regex.finditer(ctx["text"])
        )
        out: list[Finding] = []
        for start, end, blank in found:
            if out and start < out[-1].end + 12:
                # "____ dollars ($____)": one blank written twice.
                out[-1].end = max(out[-1].end, end)
                continue
            out.append(
                Finding(
                    start, end, "placeholder", "high",
                    "A drafting blank: the amount, date or name has not been filled in, so the provision "
                    "cannot be applied as written.",
                    blank,
                )
            )
        for finding in out:
            finding.term = ctx["text"][finding.start : finding.end]
        return out

    def _unmeasured(self, ctx: dict[str, Any]) -> list[Finding]:
        r = rules()
        text = ctx["text"]
        out = []
        done: set[int] = set()
        for c_start, c_end, _, _, _ in ctx["cues"]["cost"]:
            i = self._sentence(ctx, c_start)
            if i < 0 or i in done:
                continue
            done.add(i)
            s, e = ctx["sentences"][i]
            if not r["money"].search(text, s, e) or r["basis"].search(text, s, e):
                continue
            phrase = " ".join(text[c_start:c_end].split())
            out.append(
                Finding(
                    c_start, c_end, "unmeasured-quantity", "medium",
                    f"“{phrase}” is compared with an amount, but the bill does not fix "
                    "how it is measured (which prices, which period, whose accounts, who assesses it), so "
                    "whether the threshold is met can be disputed.",
                    phrase,
                )
            )
        return out

    def _sentence_span(self, ctx: dict[str, Any], offset: int) -> tuple[int, int]:
        i = self._sentence(ctx, offset)
        return ctx["sentences"][i] if i >= 0 else (offset, offset + 1)

    def _nested(self, ctx: dict[str, Any], first: int, second: int) -> bool:
        """Whether the provision holding ``first`` contains ``second`` (or the reverse)."""
        a = chain_at(ctx["provisions"], first)
        b = chain_at(ctx["provisions"], second)
        if not a or not b:
            return False
        return a[-1] in b or b[-1] in a

    def _definition_findings(self, ctx: dict[str, Any]) -> list[Finding]:
        text = ctx["text"]
        out = []
        defs = [(s, e, a) for s, e, a in ctx["definitions"] if a.get("term")]
        for s, e, attrs in defs:
            if attrs.get("external"):
                ref = " ".join(str(attrs.get("ref") or attrs.get("definition") or "").split())
                out.append(
                    Finding(
                        s, e, "external-definition", "medium",
                        f"“{attrs['term']}” takes its meaning from outside this bill ({ref[:160]}); that text "
                        "can change without this bill being amended, and readers of the bill alone cannot "
                        "tell what the term covers.",
                        attrs["term"],
                    )
                )
        for i, (s1, e1, a1) in enumerate(defs):
            if a1.get("form") != "means":
                continue
            for s2, e2, a2 in defs[i + 1 :]:
                if a2.get("form") != "means" or term_key(a1["term"]) != term_key(a2["term"]):
                    continue
                if s1 <= s2 < e1 or s2 <= s1 < e2 or self._nested(ctx, s1, s2):
                    continue  # nested: "(g) ... means either of the following: (1)(A) ... means"
                if any(rules()["temporal"].search(text, *self._sentence_span(ctx, o)) for o in (s1, s2)):
                    continue  # "Before January 1, 2027, ..." / "on and after January 1, 2027, ...": one per period
                if _normal(a1.get("definition", "")) == _normal(a2.get("definition", "")):
                    continue
                same_scope = a1.get("scope_start") == a2.get("scope_start") and a1.get("scope_end") == a2.get("scope_end")
                where = a1.get("scope_path") or "elsewhere in the bill"
                out.append(
                    Finding(
                        s2, e2, "conflicting-definition", "high" if same_scope else "medium",
                        f"“{a2['term']}” is also defined, with different words, in {where}. "
                        + ("Both definitions govern the same text, so it is unclear which applies."
                           if same_scope else
                           "The two definitions govern different parts of the law, so the same words "
                           "can cover different things depending on where they appear."),
                        a2["term"],
                    )
                )
        return out

    def _undefined_terms(self, ctx: dict[str, Any]) -> list[Finding]:
        r = rules()
        text = ctx["text"]
        defined = {term_key(a["term"]) for _, _, a in ctx["definitions"] if a.get("term")}
        defined_singular = {_singular(k) for k in defined}
        # Word-suffixes of defined terms: "security protocol" is the tail of
        # the defined "safety and security protocol", not a new term.
        tails = {" ".join(k.split()[i:]) for k in defined_singular for i in range(1, len(k.split()))}
        vague = {e.phrase.lower() for e in self.lexicon}
        seen: dict[str, list[tuple[int, int, bool]]] = {}
        doc = ctx["doc"]
        stop = r["stop"]
        for _, _, _, h_start, h_end in ctx["cues"]["head"]:
            head = doc[h_start:h_end]
            offset = head.start_char
            i = self._sentence(ctx, offset)
            in_duty = self._in_duty(ctx, offset, i)
            if not (in_duty or self._in_definition(ctx, offset)):
                continue
            # Up to two lowercase modifiers right before the head, on the same line:
            # "a hazardous capability", "an imminent risk", "critical safety incident".
            words: list[Any] = []
            k = h_start - 1
            while k >= 0 and len(words) < 2:
                token = doc[k]
                lower = token.text.lower()
                if (
                    not token.text.isalpha()
                    or not token.text.islower()
                    or len(lower) < 3
                    or lower in stop
                    or lower in vague
                    or not token.whitespace_
                ):
                    break
                words.insert(0, token)
                k -= 1
            if not words:
                continue
            if k >= 0 and doc[k].text.lower() in ("or", "and", ",", "nor"):
                # "chemical, biological, radiological, or nuclear weapon": a
                # description built from a list, not a term of art.
                continue
            start = words[0].idx
            phrase = text[start : head.end_char]
            key = _singular(term_key(phrase))
            parts = key.split()
            if (
                key in defined_singular
                or key in tails
                or any(" ".join(parts[i:]) in defined_singular for i in range(1, len(parts)))
                or any(" ".join(parts[:i]) in defined_singular for i in range(1, len(parts)))
            ):
                continue
            seen.setdefault(key, []).append((start, head.end_char, in_duty))
        out = []
        for key, uses in seen.items():
            if len(uses) < r["min_uses"]:
                continue
            start, end, _ = uses[0]
            duty_uses = sum(1 for u in uses if u[2])
            out.append(
                Finding(
                    start, end, "undefined-term", "high" if duty_uses else "medium",
                    f"“{text[start:end]}” is used {len(uses)} times in duties or definitions"
                    f" ({duty_uses} in duties) but the bill never defines it; what it covers decides who "
                    "must do what. Ask for a definition, or for the defined term that was meant.",
                    text[start:end],
                )
            )
        return out

    def _thresholds(self, ctx: dict[str, Any]) -> list[Finding]:
        r = rules()
        text = ctx["text"]
        out = []
        for start, end, attrs in ctx["quantities"]:
            if attrs.get("kind") not in r["threshold_kinds"] or not attrs.get("comparator"):
                continue
            if not self._in_definition(ctx, start):
                continue
            i = self._sentence(ctx, start)
            s, e = ctx["sentences"][i] if i >= 0 else (start, end)
            movable = r["movable"].search(text, s, e)
            what = " ".join(text[start:end].split())
            reason = (
                f"Coverage threshold ({attrs.get('comparator')} {_number(attrs.get('value'))} {attrs.get('unit') or ''}".rstrip()
                + f"): who is covered turns on “{what}”. Check how it is measured, by whom and when."
            )
            if movable:
                reason += f" Here the measure is not fixed by the bill (“{' '.join(movable.group(0).split())}”)."
            out.append(Finding(start, end, "threshold", "medium" if movable else "low", reason, what))
        return out

    def _penalty_tiers(self, ctx: dict[str, Any]) -> list[Finding]:
        text = ctx["text"]
        out = []
        for start, end, attrs in ctx["penalties"]:
            if attrs.get("amount") is None:
                continue
            unit = attrs.get("unit") or ""
            amount = _number(attrs.get("amount"))
            shown = f"{amount}%" if unit == "%" else f"{amount} {unit}".strip()
            share = attrs.get("share_of")
            tier = attrs.get("tier")
            reason = f"Penalty tier: up to {shown}" if attrs.get("comparator") in ("<=", "<") else f"Penalty tier: {shown}"
            if share:
                reason += f" of {share}"
            if tier:
                reason += f" ({tier})"
            reason += "."
            if share:
                reason += " The amount is a share of something that must itself be measured; check that the bill fixes how."
            out.append(
                Finding(start, end, "penalty-tier", "medium" if share else "low", reason,
                        " ".join(text[start:end].split())[:80])
            )
        return out

    def set_annotations(self, doc: Any, matches: list[Finding]) -> None:
        from lexdiff.nlp.tags import add_char_tags

        add_char_tags(
            doc,
            self.spans_key,
            (
                (f.start, f.end, LABEL,
                 {"rule": f.rule, "severity": f.severity, "reason": f.reason, "term": f.term, "evidence": f.evidence})
                for f in matches
            ),
            keep_empty=False,
        )


def _number(value: Any) -> str:
    if isinstance(value, float) and value >= 1e6 and value == int(value):
        mantissa, exponent = f"{value:e}".split("e")
        mantissa = mantissa.rstrip("0").rstrip(".")
        return f"{mantissa}e{int(exponent)}" if float(mantissa) != 1 else f"1e{int(exponent)}"
    if isinstance(value, float) and value == int(value):
        return f"{int(value):,}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _normal(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def _singular(key: str) -> str:
    words = key.split()
    if not words:
        return key
    last = words[-1]
    if last.endswith("ies") and len(last) > 4:
        last = last[:-3] + "y"
    elif last.endswith("s") and not last.endswith("ss") and len(last) > 3:
        last = last[:-1]
    return " ".join(words[:-1] + [last])


def make_ambiguity_tagger(nlp: Any, name: str, spans_key: str = GROUP, lexicon: str | None = None) -> AmbiguityTagger:
    """Factory for ``nlp.add_pipe("lexdiff_ambiguity", config={"lexicon": PATH})``."""
    return AmbiguityTagger(nlp, name, spans_key, lexicon)


def _register() -> None:
    from spacy.language import Language

    if not Language.has_factory(FACTORY):
        Language.factory(FACTORY, default_config={"spans_key": GROUP, "lexicon": None})(make_ambiguity_tagger)


_register()
