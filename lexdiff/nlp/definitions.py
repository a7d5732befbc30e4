"""Defined terms, their scope, and every later use of them.

Two spaCy factories:

* ``lexdiff_definitions`` -> span group ``"definitions"`` (label
  ``"definition"``). The span runs from the quoted term to the end of its
  sentence (a definition that introduces a list, "“Critical safety incident”
  means any of the following:", keeps its items), or to the end of its
  provision when the definition opens that provision. Attrs: ``term``,
  ``term_start``/``term_end``,
  ``definition`` (the defining words), ``def_start``/``def_end``, ``form``,
  ``scope`` (the scope word: ``chapter``, ``section`` ... or ``bill``),
  ``scope_path``/``scope_start``/``scope_end``, ``ref`` (the cross-reference
  of a "has the meaning defined in Section N" definition, else ``None``),
  ``resolved`` (start offset of the definition the reference leads to, when
  that section is in the bill, else ``None``), ``external`` (the definition
  relies on a text outside the bill: a section not in it, a regulation, a
  standard).
* ``lexdiff_term_uses`` -> span group ``"term_uses"`` (label ``"term_use"``):
  every use of a defined term (any case, plural, possessive; the longest
  term wins) other than its defining occurrence, linked by
  ``definition_start`` to the definition that governs that place: the one
  whose scope is the narrowest that contains it ("means" before "includes",
  then the first). A use outside every scope of its term is not linked.

Definition shapes (patterns in ``data/definition_patterns.json``):
"“X” means ...", "“X” includes ...", "“X” does not include ...", "“X” has the
(same) meaning (defined|given) in Section N ...", "The term “X” means ...",
"As used in this chapter, “X” means ...", "... to be known as “X”",
"(referred to in this section as the “X”)".
"""

from __future__ import annotations

import bisect
import json
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from lexdiff.model import NOT_LAW_KINDS
from lexdiff.nlp.structure import (
    chain_at,
    doc_provisions,
    find_section,
    scope_span,
    section_start,
)
from lexdiff.nlp.tags import doc_text

GROUP = "definitions"
USES_GROUP = "term_uses"
FACTORY = "lexdiff_definitions"
USES_FACTORY = "lexdiff_term_uses"

#: Preference among definitions of one term in one scope: a "means"
#: definition governs; "includes"/"does not include" only adjust it.
FORM_RANK = {"means": 0, "has_meaning": 1, "known_as": 2, "referred_to": 3, "includes": 4, "excludes": 5}


@lru_cache(maxsize=1)
def patterns() -> dict[str, Any]:
    """Compiled patterns from ``data/definition_patterns.json``."""
    raw = json.loads(
        resources.files("lexdiff.nlp").joinpath("data/definition_patterns.json").read_text("utf-8")
    )
    quote_open, quote_close = raw["quote_open"], raw["quote_close"]
    term = rf"[{quote_open}](?P<term>[^{quote_open}{quote_close}\n]{{1,{raw['max_term_chars']}}}?)[,.]?[{quote_close}]"
    more = rf"(?:\s*,?\s*(?i:or|and)\s+[{quote_open}](?P<term2>[^{quote_open}{quote_close}\n]{{1,{raw['max_term_chars']}}}?)[{quote_close}])?"
    forms = []
    for form, verbs in raw["forms"].items():
        # Case-insensitive verbs: Colorado session laws print new text in
        # capitals ("“DEVELOPER” MEANS A PERSON ...").
        forms.append(rf"(?P<{form}>(?i:{'|'.join(verbs)}))")
    # "\s*": text extracted from PDFs loses the space after a closing quote
    # ("“DEPLOYER”MEANS A PERSON ...").
    verb_re = re.compile(rf"{term}{more}\s*(?:{'|'.join(forms)})(?![\w-])")
    named_re = re.compile(rf"(?:{'|'.join(raw['named_as'])})\s+(?:the\s+)?{term}")
    paren_re = re.compile(
        rf"\((?:(?:{'|'.join(raw['referred_to'])})\s+)?(?:the\s+)?{term}\s*\)"
    )
    scope_re = re.compile(raw["scope_phrase"], re.IGNORECASE)
    leadin_re = re.compile(raw["scope_leadin"], re.IGNORECASE | re.MULTILINE)
    ref_re = re.compile(raw["section_ref"])
    external_re = re.compile(raw["external_source"], re.IGNORECASE)
    return {
        "verb": verb_re,
        "named": named_re,
        "paren": paren_re,
        "scope": scope_re,
        "leadin": leadin_re,
        "ref": ref_re,
        "external": external_re,
        "forms": list(raw["forms"]),
        "named_cues": tuple(raw["named_cues"]),
    }


@dataclass
class Definition:
    """A definition found in the text (offsets into the document text)."""

    term: str
    start: int  # opening quote of the term (or "The term")
    end: int  # end of the sentence
    term_start: int
    term_end: int
    def_start: int
    def_end: int
    form: str
    scope: str = "bill"
    scope_path: str | None = None
    scope_start: int = 0
    scope_end: int = 0
    ref: str | None = None
    resolved: int | None = None
    external: bool = False
    sentence_end: int = 0  # end of the defining sentence (``end`` may run to the provision's end)

    @property
    def key(self) -> str:
        return term_key(self.term)

    def attrs(self, text: str) -> dict[str, Any]:
        return {
            "term": self.term,
            "term_start": self.term_start,
            "term_end": self.term_end,
            "definition": text[self.def_start : self.def_end],
            "def_start": self.def_start,
            "def_end": self.def_end,
            "form": self.form,
            "scope": self.scope,
            "scope_path": self.scope_path,
            "scope_start": self.scope_start,
            "scope_end": self.scope_end,
            "ref": self.ref,
            "resolved": self.resolved,
            "external": self.external,
        }


_LINE_END_COLON = re.compile(r"[:—–][ \t]*$", re.MULTILINE)


def term_key(term: str) -> str:
    """Case- and spacing-insensitive key of a term ("Large  Developer’s" -> "large developer’s")."""
    return " ".join(term.replace("'", "’").lower().split())


def _sentence_ends(doc_or_text: Any) -> tuple[list[int], list[int]]:
    """Sorted sentence starts and ends, from the sentences group when present."""
    if hasattr(doc_or_text, "user_data") and "lexdiff.sentence_offsets" in doc_or_text.user_data:
        spans = list(doc_or_text.user_data["lexdiff.sentence_offsets"])
    elif hasattr(doc_or_text, "spans") and "sentences" in doc_or_text.spans:
        spans = [(s.start_char, s.end_char) for s in doc_or_text.spans["sentences"] if s.label_ == "sentence"]
    else:
        from lexdiff.nlp.sentences import find_sentences

        text = doc_or_text if isinstance(doc_or_text, str) else doc_text(doc_or_text)
        spans = [(s, e) for s, e, _ in find_sentences(text)]
    spans.sort()
    return [s for s, _ in spans], [e for _, e in spans]


def _sentence_of(starts: list[int], ends: list[int], offset: int, text: str) -> tuple[int, int]:
    i = bisect.bisect_right(starts, offset) - 1
    if i >= 0 and starts[i] <= offset < ends[i]:
        return starts[i], ends[i]
    # Not inside a sentence (should not happen): use the paragraph.
    para_start = text.rfind("\n", 0, offset) + 1
    para_end = text.find("\n", offset)
    return para_start, len(text) if para_end < 0 else para_end


def find_definitions(text: str, doc: Any = None) -> list[Definition]:
    """Definitions in ``text``; ``doc`` (optional) supplies sentences and provisions."""
    pats = patterns()
    starts, ends = _sentence_ends(doc if doc is not None else text)
    provisions = doc_provisions(doc) if doc is not None else ()
    found: list[Definition] = []
    for m in pats["verb"].finditer(text):
        form = next(f for f in pats["forms"] if m.group(f) is not None)
        s_start, sentence_end = _sentence_of(starts, ends, m.start(), text)
        s_end = _provision_end(provisions, text, s_start, sentence_end, m.start())
        body_start = m.end()
        while body_start < s_end and text[body_start] == " ":
            body_start += 1
        for group in ("term", "term2"):
            if m.group(group) is None:
                continue
            found.append(
                Definition(
                    term=_clean(m.group(group)),
                    start=m.start() if group == "term" else m.start(group) - 1,
                    end=s_end,
                    term_start=m.start(group),
                    term_end=m.end(group),
                    def_start=body_start,
                    def_end=max(body_start, s_end),
                    form=form,
                    sentence_end=max(body_start, sentence_end),
                )
            )
    for key, form in (("named", "known_as"), ("paren", "referred_to")):
        if key == "named" and not any(cue in text for cue in pats["named_cues"]):
            continue  # the alternation has no literal prefix: skip texts without a cue
        for m in pats[key].finditer(text):
            s_start, s_end = _sentence_of(starts, ends, m.start(), text)
            phrase_start = _noun_phrase_start(text, s_start, m.start())
            found.append(
                Definition(
                    term=_clean(m.group("term")),
                    start=phrase_start,
                    end=m.end(),
                    term_start=m.start("term"),
                    term_end=m.end("term"),
                    def_start=phrase_start,
                    def_end=m.start(),
                    form=form,
                )
            )
    if provisions:
        # The Legislative Counsel's Digest paraphrases the bill ("would define
        # “foundation model” to mean ..."); it is not law and defines nothing.
        found = [d for d in found if not _in_kinds(provisions, d.start, NOT_LAW_KINDS)]
    found.sort(key=lambda d: (d.start, d.term_start))
    # Lead-ins end their line with a colon or dash; try the (slow, anchored)
    # lead-in pattern only on such lines.
    leadin_matches = []
    if found:
        for end in _LINE_END_COLON.finditer(text):
            line_start = text.rfind("\n", 0, end.start()) + 1
            m = pats["leadin"].match(text, line_start, end.end())
            if m:
                leadin_matches.append(m)
    leadins = ([m.start() for m in leadin_matches], [m.group("word") for m in leadin_matches])
    for definition in found:
        _set_scope(definition, text, provisions, starts, ends, leadins)
    _resolve_references(found, text, provisions)
    return found




def _in_kinds(provisions: Any, offset: int, kinds: frozenset[str]) -> bool:
    return any(p.kind in kinds for p in chain_at(provisions, offset))


def _provision_end(provisions: Any, text: str, s_start: int, s_end: int, offset: int) -> int:
    """End of a definition: its sentence, or its whole provision when it leads one.

    Drafting example: "(1)(A) Before January 1, 2027, “large developer” means a
    person who meets both of the following criteria: (i)(I) The person has
    trained ... (II) The quantity ... shall include ... (ii) The person had
    annual gross revenues ...": the criteria are separate sentences, but all
    of subparagraph (A) is the definition.
    """
    if not provisions:
        return s_end
    chain = chain_at(provisions, offset)
    if not chain:
        return s_end
    innermost = chain[-1]
    # The definition's sentence opens the provision (after its label).
    if innermost.end > s_end and s_start - innermost.start <= 16:
        return len(text[: innermost.end].rstrip())
    return s_end


def _clean(term: str) -> str:
    return " ".join(term.strip().strip(",.;:").split())


def _noun_phrase_start(text: str, floor: int, before: int) -> int:
    """Start of the phrase that a "to be known as" / "(the “X”)" names.

    Drafting example: "a framework for the creation of a public cloud computing
    cluster to be known as “CalCompute.”" names "a public cloud computing
    cluster": the nearest article before the name, within the sentence.
    """
    window = text[floor:before]
    best = None
    for m in re.finditer(r"(?:^|[\s(])(a|an|the)\s", window, re.IGNORECASE):
        best = m.start(1)
    return floor + best if best is not None else floor


def _set_scope(
    d: Definition,
    text: str,
    provisions: Any,
    starts: list[int],
    ends: list[int],
    leadins: tuple[list[int], list[str]],
) -> None:
    pats = patterns()
    s_start, _ = _sentence_of(starts, ends, d.start, text)
    word = None
    # 1. "As used in this section, “X” means": the scope phrase is in the sentence.
    for m in pats["scope"].finditer(text, s_start, d.start):
        word = m.group("word")
    # 2. A lead-in paragraph above a list of definitions, in the same section:
    #    "For purposes of this chapter:" / "Definitions.—In this title:".
    if word is None and leadins:
        floor = section_start(text, provisions, d.start)
        i = bisect.bisect_left(leadins[0], d.start) - 1
        if i >= 0 and leadins[0][i] >= floor:
            word = leadins[1][i]
    word = (word or "bill").lower()
    if word.endswith("s") and word not in ("purposes",):
        word = word[:-1]
    start, end, path = scope_span(word, d.start, provisions, text)
    d.scope, d.scope_start, d.scope_end, d.scope_path = word, start, end, path


def _resolve_references(found: list[Definition], text: str, provisions: Any) -> None:
    pats = patterns()
    for d in found:
        if d.form != "has_meaning":
            # "... as defined by the National Institute of Standards and Technology",
            # in the defining sentence itself: a nested definition further down
            # the provision ("(2)(A) ... has the meaning defined by a regulation")
            # is judged on its own.
            body_end = d.sentence_end or d.def_end
            if d.form in ("means", "includes") and pats["external"].search(text, d.def_start, body_end):
                d.external = True
            continue
        body = text[d.def_start : d.def_end]
        d.ref = body.rstrip(".;: ") or None
        m = pats["ref"].search(body)
        target = None
        if m:
            section = find_section(m.group("section"), provisions, text)
            if section is not None:
                target = next(
                    (
                        o
                        for o in found
                        if o is not d
                        and o.key == d.key
                        and o.form != "has_meaning"
                        and section[0] <= o.start < section[1]
                    ),
                    None,
                )
        if target is not None:
            d.resolved = target.start
        else:
            d.external = True


class DefinitionTagger:
    """spaCy component: definitions into ``doc.spans["definitions"]``."""

    def __init__(self, nlp: Any = None, name: str = FACTORY, spans_key: str = GROUP) -> None:
        self.name = name
        self.spans_key = spans_key
        patterns()

    def __call__(self, doc: Any) -> Any:
        self.set_annotations(doc, self.match(doc))
        return doc

    def match(self, doc: Any) -> list[Definition]:
        return find_definitions(doc_text(doc), doc)

    def set_annotations(self, doc: Any, matches: list[Definition]) -> None:
        from lexdiff.nlp.tags import add_char_tags

        text = doc_text(doc)
        add_char_tags(
            doc, self.spans_key, ((d.start, d.end, "definition", d.attrs(text)) for d in matches), keep_empty=False
        )


def link_terms(
    doc: Any, definitions: list[dict[str, Any]], def_starts: list[int], make_doc: Any = None
) -> list[tuple[int, int, str, int, int, int]]:
    """Uses of defined terms: ``(start, end, term, definition_start, first_token, end_token)``.

    Args:
        doc: the processed document.
        definitions: definition attrs (as stored on the definition tags).
        def_starts: start offset of each definition tag (aligned).
        make_doc: tokenizer for the term patterns (default: lexdiff's).
    """
    from lexdiff.nlp.phrases import term_variants

    by_key: dict[str, list[int]] = {}
    spellings: dict[str, list[str]] = {}
    for i, attrs in enumerate(definitions):
        key = term_key(attrs["term"])
        by_key.setdefault(key, []).append(i)
        spellings.setdefault(key, []).extend(term_variants(attrs["term"]))
    if not by_key:
        return []
    if make_doc is None:
        from lexdiff.nlp.tokenizer import StatuteTokenizer

        make_doc = StatuteTokenizer(doc.vocab)
    defining = sorted(
        (a["term_start"], a["term_end"]) for a in definitions if "term_start" in a
    )
    defining_starts = [s for s, _ in defining]
    uses = []
    for t_start, t_end, start, end, key in _term_matcher(doc.vocab, make_doc, spellings).matches(doc):
        i = bisect.bisect_right(defining_starts, start) - 1
        if i >= 0 and defining[i][0] <= start < defining[i][1] + 2:
            continue  # the defining occurrence itself
        governing = _governing(start, [(j, definitions[j], def_starts[j]) for j in by_key[key]])
        if governing is not None:
            uses.append((start, end, definitions[governing]["term"], def_starts[governing], t_start, t_end))
    return uses


#: Recent term matchers, keyed by their terms: the versions of one bill
#: (``lexdiff history``, ``diff --explain``) define mostly the same terms.
#: Compiling the PhraseMatcher is about a tenth of term linking on the corpus.
_MATCHERS: dict[tuple[Any, ...], Any] = {}
_MATCHERS_MAX = 64
_MATCHERS_LOCK = threading.Lock()


def _term_matcher(vocab: Any, make_doc: Any, spellings: dict[str, list[str]]) -> Any:
    """A :class:`~lexdiff.nlp.phrases.PhraseSet` for ``spellings``, reused while the terms are the same."""
    from lexdiff.nlp.phrases import PhraseSet

    key = (id(vocab), id(make_doc), tuple((k, tuple(v)) for k, v in spellings.items()))
    with _MATCHERS_LOCK:
        entry = _MATCHERS.get(key)
        # The vocab and tokenizer are kept in the entry, so an id reused by a
        # new object after the old one was freed is never mistaken for it.
        if entry is None or entry[0] is not vocab or entry[1] is not make_doc:
            if len(_MATCHERS) >= _MATCHERS_MAX:
                del _MATCHERS[next(iter(_MATCHERS))]
            entry = (vocab, make_doc, PhraseSet(vocab, make_doc, spellings))
            _MATCHERS[key] = entry
        return entry[2]


def _governing(offset: int, candidates: list[tuple[int, dict[str, Any], int]]) -> int | None:
    """The definition governing ``offset``: narrowest scope containing it, then the form rank."""
    best = None
    best_key = None
    for j, attrs, start in candidates:
        s, e = attrs.get("scope_start", 0), attrs.get("scope_end", 0)
        if not (s <= offset < e):
            continue
        # Same scope and form: the first definition governs; a later one of the
        # same term is nested in it ("(g) “Large developer” means either of the
        # following: (1)(A) Before January 1, 2027, “large developer” means ...").
        rank = (e - s, FORM_RANK.get(attrs.get("form", ""), 9), start)
        if best_key is None or rank < best_key:
            best, best_key = j, rank
    return best


class TermLinker:
    """spaCy component: uses of defined terms into ``doc.spans["term_uses"]``."""

    def __init__(self, nlp: Any = None, name: str = USES_FACTORY, spans_key: str = USES_GROUP) -> None:
        self.name = name
        self.spans_key = spans_key
        self.make_doc = nlp.make_doc if nlp is not None else None

    def __call__(self, doc: Any) -> Any:
        self.set_annotations(doc, self.match(doc))
        return doc

    def match(self, doc: Any) -> list[tuple[int, int, str, int, int, int]]:
        from lexdiff.nlp.tags import span_attrs

        if GROUP not in doc.spans:
            return []
        attrs = span_attrs(doc, GROUP)
        defs = []
        starts = []
        for span, a in zip(doc.spans[GROUP], attrs):
            if not a.get("term"):
                continue
            a = dict(a)
            a.setdefault("term_start", span.start_char)
            a.setdefault("term_end", span.start_char)
            defs.append(a)
            starts.append(span.start_char)
        return link_terms(doc, defs, starts, self.make_doc)

    def set_annotations(self, doc: Any, matches: list[tuple[int, int, str, int, int, int]]) -> None:
        from spacy.tokens import Span

        from lexdiff.nlp.tags import add_tags

        add_tags(
            doc,
            self.spans_key,
            (
                (Span(doc, t_start, t_end, label="term_use"), {"term": term, "definition_start": def_start})
                for _, _, term, def_start, t_start, t_end in matches
            ),
        )


def make_definition_tagger(nlp: Any, name: str, spans_key: str = GROUP) -> DefinitionTagger:
    """Factory for ``nlp.add_pipe("lexdiff_definitions")``."""
    return DefinitionTagger(nlp, name, spans_key)


def make_term_linker(nlp: Any, name: str, spans_key: str = USES_GROUP) -> TermLinker:
    """Factory for ``nlp.add_pipe("lexdiff_term_uses")``."""
    return TermLinker(nlp, name, spans_key)


def _register() -> None:
    from spacy.language import Language

    if not Language.has_factory(FACTORY):
        Language.factory(FACTORY, default_config={"spans_key": GROUP})(make_definition_tagger)
    if not Language.has_factory(USES_FACTORY):
        Language.factory(USES_FACTORY, default_config={"spans_key": USES_GROUP})(make_term_linker)


_register()
