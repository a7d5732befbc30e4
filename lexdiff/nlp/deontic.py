"""Deontic statements: obligations, prohibitions and permissions, each with its actor.

spaCy factory ``lexdiff_deontic`` (span group ``"deontic"``, labels
``"obligation"`` / ``"prohibition"`` / ``"permission"``). Runs on a bare
``spacy.blank("en")`` doc: regular expressions over ``doc.text``, no parser.
If a definitions component ran earlier (span group ``"definitions"`` with a
``term`` attr), a defined term that ends the subject is preferred as actor.
Modal patterns are in ``data/deontic_patterns.jsonl``; the vocabulary of what
is *not* a duty is in ``data/deontic_lexicon.json``.

Each tag's span runs from the actor (or the modal, for a second verb sharing
the actor: "shall describe ... and shall retain ...") to the end of the
action. Attrs (see :mod:`lexdiff.nlp.tags`):

* ``actor``: who bears the statement, as printed, without leading article or
  determiner ("large developer", "Attorney General"); for a passive with an
  agent ("shall be submitted by the developer") the agent; ``None`` for an
  agentless passive ("injunctive relief shall not be stayed");
* ``actors``: ``actor`` split on "and"/"or" for lists of bearers;
* ``subject``: the grammatical subject (differs from ``actor`` in passives);
* ``action``: the verb phrase after the modal, up to the end of the clause or
  the first trailing condition;
* ``modality``: the modal as printed, lower-cased ("shall", "shall not", "may",
  "is required to" ...);
* ``conditions``: leading and trailing conditions and exceptions ("Before
  beginning to initially train a covered model", "unless ...", "except as
  provided in ...");
* ``voice``: ``"active"`` or ``"passive"``.

What is deliberately *not* tagged (each is a drafting convention, not a duty):
constitutive text ("This chapter shall be known as", "the quantity ... shall
include computing for ...", "shall become operative", "shall remain
available", "there are authorized to be appropriated"), consequences ("shall
be subject to a civil penalty", "may be held liable": see
``lexdiff_penalties``), construction clauses ("Nothing in this chapter shall
be construed"), descriptive "may" ("which may include", "may pose significant
risk", "as the Secretary may determine"), references to powers or duties in
relative clauses ("information that an employee may disclose", "a creditor
that is required to provide a notice"), legislative findings, modals quoted in
amending instructions ('by striking "may" and inserting "shall"'), the bodies
of definitions (when the definitions component ran) and the Legislative
Counsel's Digest (when the pipeline put the provision tree on the doc).

Conventions the gold annotations follow: "is not required to" / "need not"
are permissions (exemptions); "shall have the right to" is a permission; a
content requirement on a document ("The report shall include ...") is an
obligation without actor; a participle phrase after a sole bearer is a
condition ("An employee harmed by a violation" -> actor "employee"), but in a
list of bearers it identifies the last one ("a deployer, or a third party
contracted by the deployer").
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Iterator

from lexdiff.model import NOT_LAW_KINDS
from lexdiff.nlp import scan
from lexdiff.nlp.quantities import fold_case, not_law_ranges

GROUP = "deontic"
LABELS = ("obligation", "prohibition", "permission")
FACTORY = "lexdiff_deontic"

# A provision label or code-section number at the start of a paragraph:
# "(b)(1)", "22757.12.", "SEC. 3.", "(a) (1) (A)".
_LEADING_LABEL = re.compile(
    r"^(?:\s*(?:\((?:[a-z]{1,4}|[0-9]{1,3}[A-Za-z]{0,2}|[A-Z]{1,4})\)|SEC(?:TION)?\.\s*\d+[a-z]?\.|\d+(?:\.\d+)+\.)\s*)+"
)
_VERB_LIST_TAIL = re.compile(
    r"(?:or|and)\s+(?!(?:a|an|the|each|any|every|no|such|its|their|that|this|these|those)\b)[a-z]", re.I
)
_FINDINGS_LEAD = re.compile(
    r"\b(?:finds?|found)(?:,)?\s+(?:and\s+declares?|and\s+determines?)\b[^\n]*:[ \t]*\n"
    r"|\bmakes?\s+the\s+following\s+findings\b[^\n]*:[ \t]*\n"
)  # matched against the lower-cased text
_SECTION_START = re.compile(r"\n(?:SEC(?:TION)?\.?\s*\d|\d+(?:\.\d+)+\.|CHAPTER\s|ARTICLE\s|PART\s|TITLE\s)")
_PREP_BEFORE = re.compile(r"\b(?:by|through|under|in|with|to|for|from|on|at|upon|of|pursuant\s+to)\s*$", re.I)
_RELATIVE_HEAD = re.compile(r"(?:that|who|which)\s+(?!(?:a|an|the|each|any)\b)\w", re.I)
_COORDINATED_NP = re.compile(r"(?:or|and)\s+(?:a|an|the|any|each|other|all)\b", re.I)
_DET_HEAD = re.compile(r"(?:a|an|the|any|each|every|all)\b", re.I)
_NP_WITH_RELATIVE = re.compile(
    r"(?:a|an|the|each|any|every|no)\s+[^,]{1,80}?\s(?:that|who)\s+(?!(?:a|an|the|each|any)\b)\w", re.I
)
_PREPOSITIONS = frozenset("of for by to in with on at from under into upon about against between".split())
_COORDINATION = re.compile(r"(?:,\s*|\s)(?:or|and)\s+(?:a|an|the|any|each|other)\b", re.I)
# A comma inside a number ("$15,000,000 shall be for ...") does not split.
_CHUNK_SPLIT = re.compile(r",(?=\s)|(?<=\.)—")
_CONJUNCTION = re.compile(r"\b(?:and|or|but)\s+", re.I)
_NAMED_BODY = re.compile(r"(?<=\s)(?:the|a|an)\s+(?=[A-Z])")
_OPEN_QUOTES = frozenset("“\"‘'")
_CLOSE_QUOTES = frozenset("”\"’'")
_PARENTHETICAL = re.compile(r"\s*\([^()]*\)")
_LEAD_IN_SUBJECT = re.compile(
    r"(?:^|\n)[^\n]*?\b(?P<np>(?:the|a|an|each|every)\s+[^,;:\n—]{1,60}?)\s*[—:][ \t]*(?=\n)", re.I
)
# Only list items ("(a) ...") may stand between a lead-in and the item.
_ITEM_LINES = re.compile(r"(?:\n\s*\([a-z0-9]{1,4}\)[^\n]*)*\n?", re.I)
#: Subject pronouns: a duty's actor then comes from the sentence before (_antecedent).
_PRONOUNS = frozenset({"it", "they", "he", "she"})
_FINAL_PRONOUN = re.compile(r"\s(" + "|".join(sorted(_PRONOUNS)) + r")$", re.I)
_FINITE_VERB = re.compile(r"\b(?:is|are|was|were|has|have|had|does|do|did)\b", re.I)
_TRAILING_PREPOSITION = re.compile(r"(?:\s+(?:in|on|at|by|through|for|from|with|under|to|of|upon))+\s*$", re.I)
_NO_CASE_TAIL = re.compile(r"\b(?:in\s+no\s+(?:case|event)|under\s+no\s+circumstances?|at\s+no\s+time)\s*$", re.I)
_MODAL_HINT = re.compile(
    r"\b(?:shall|may|must|need|required|prohibited|authorized|empowered|permitted|obligated|duty)\b"
)
_AUX_BEFORE = re.compile(r"(?<![a-z])(?:is|are|has|have)\s+(?:hereby\s+|not\s+)?(?:a\s+|the\s+)?$")
_STATUS_VERB = re.compile(r"(?:be|become|remain)\b", re.I)
_MONTH_DAY = re.compile(r"\s+\d{1,4}\b")
# "... may designate and, if designated, shall publicly disseminate": a
# short aside may stand between the conjunction and the second modal.
_CONT_TAIL = re.compile(r"(?:,\s*)?\b(?:and|or|but)\s*(?:,[^,]{1,60},)?\s*(?:\w+ly\s+)?$", re.I)
_REL_TAIL = re.compile(r"\b(?:that|who|which)\s*$", re.I)
_ASIDE_TAIL = re.compile(r",\s*(?:subject\s+to|pursuant\s+to|as\s+\w+|in\s+\w+)[^,]*,\s*$", re.I)
_FIRST_WORD = re.compile(r"\s*\w+\s+")
_THERE_IS = re.compile(r"\s*there\s+(?:is|are|shall\s+be)\b", re.I)
_LEADING_ASIDE = re.compile(r"^,[^,]{0,120},\s*")
# US appropriations acts attach conditions as provisos: "...: Provided,
# That no such funds shall be obligated before ...", "Provided further, That
# each State ... may allocate funds". The proviso words are a lead-in like a
# paragraph label; the subject starts after "That".
_PROVISO = re.compile(r"\s*Provided(?:\s+(?:further|however|also))?,?\s+(?:That|that|THAT)\b,?\s*")
# A subject chunk opened by a conjunction of time or condition ("before a
# transfer", "until the plan") belongs to a subordinate clause.
_SUBORDINATE_HEAD = re.compile(r"\s*(?:before|after|until|unless|once)\s", re.I)
_MAIN_CLAUSE_AFTER = re.compile(r",[^;]*?\b(?:shall|must|may)\b", re.I)
_NEGATIVE_HEAD = re.compile(r"^(?:no|neither|none\s+of)\s+", re.I)
_NOMINAL_GAP = re.compile(r"\w(?:ed|en|tion|sion|ment|ance|ence|ure)\s+$|\w(?:ed|en)\s", re.I)
_NEXT_CLAUSE = re.compile(r"(?:,\s*|\s+)(?:and|or|but)\s+(?:[^,;]{0,40}?\s)?(?:shall|must|may)\b|;", re.I)
_NP_LEAD = re.compile(r"^(?:and|or|but|then|thereafter|also)\s+", re.I)
_NP_TRAIL = re.compile(r"\s+(?:also|each|both|jointly|hereby|thereafter|then|promptly|immediately)$", re.I)
_REDUCED_RELATIVE = re.compile(
    r"\s+\w+(?:ed|en)(?:,?\s+(?:and|or)\s+\w+(?:ed|en))*\s+(?:by|under|pursuant|in|for|with)\b", re.I
)
_ING_RELATIVE = re.compile(
    r"\s+(?!(?:including|during|concerning|regarding|following|according|excluding)\b)[a-z]+ing"
    r"(?:\s+(?:or|and)\s+[a-z]+ing)*\s+(?:a|an|the|any|such|his|her|its|their)\s"
)
_LETTER = re.compile(r"[A-Za-z]")
#: A participial aside between commas: "the Commission, acting in
#: accordance with the advisory procedure referred to in Article 7(2), shall
#: reduce the amount" (EU drafting). Lower case: it follows a comma.
_PARTICIPLE_ASIDE = re.compile(r"(?:acting|having|taking|being|following|using|applying|consulting)\s")
#: Introductory phrases that cite other law ("Notwithstanding section 5,",
#: "Subject to paragraph (2),"): never part of a subject.
_LEGAL_INTRO = re.compile(
    r"(?:notwithstanding|subject\s+to|except|pursuant\s+to|consistent\s+with|in\s+accordance\s+with)\b", re.I
)
_INTERRUPTER = re.compile(
    r"(?:before|after|if|unless|when|whenever|while|within|during|in|on|at|for|with|consistent|pursuant|"
    r"notwithstanding|subject|except|upon|as|to\s+the\s+extent|where|once|until|including|at\s+a\s+minimum|"
    r"but\s+(?:no|not|in\s+no|without)|without|no\s+later\s+than|not\s+later\s+than|by|prior\s+to)\b",
    re.I,
)
_PASSIVE = re.compile(
    r"^(?:not\s+)?be\s+(?:\w+ly\s+)?(?P<verb>\w+(?:ed|en)|made|held|sent|paid|brought|kept|given|set|put|built|sought|taught|told|found|done|laid|led|read|run)\b",
    re.I,
)
_BY_AGENT = re.compile(
    r"\bby\s+(?P<agent>(?:the|a|an|each|any)\s+(?:[^,;.()]|\.(?=\w)|(?<=\b[A-Z])\.(?=\s+[A-Z]))+?)"
    # ends before a preposition or conjunction, punctuation, or a full stop
    # that does not close an initial ("the U.S. Immigration ... Office").
    r"(?:(?=\s+(?:to|for|in|on|with|within|at|under|pursuant|if|unless|when|before|after|and\s+shall|no\s+later)\b"
    r"|[,;()]|$)|(?<!\b[A-Z])(?=\.(?:\s|$)))",
    re.I,
)


def _load(name: str) -> Any:
    return resources.files("lexdiff.nlp").joinpath("data", name).read_text("utf-8")


@dataclass(frozen=True)
class DeonticStatement:
    """One deontic statement found in a text (offsets into that text)."""

    label: str
    start: int
    end: int
    modal_start: int
    modal_end: int
    attrs: dict[str, Any] = field(default_factory=dict)


class _Lexicon:
    def __init__(self) -> None:
        patterns = [json.loads(line) for line in _load("deontic_patterns.jsonl").splitlines() if line.strip()]
        self.modal_info: list[tuple[str, str]] = []
        parts = []
        for i, p in enumerate(patterns):
            parts.append(f"(?P<m{i}>{p['pattern']})")
            self.modal_info.append((p["label"], p["modality"]))
        # Case-sensitive with a first-letter gate: modals in statute text are
        # lower-case, and re.I made this whole-text scan several times slower.
        firsts = "".join(sorted({p["pattern"].lstrip("(?:")[0] for p in patterns} | {"i", "a", "h", "n"}))
        self.re_modal = re.compile(rf"(?<![A-Za-z])(?=[{firsts}])(?:" + "|".join(parts) + r")\b")
        lex = json.loads(_load("deontic_lexicon.json"))
        self.not_after = [
            (reason, re.compile("^(?:" + "|".join(pats) + ")", re.I))
            for reason, pats in lex["not_deontic_after"].items()
        ]
        self.re_document_subject = re.compile(rf"\b(?:{lex['document_subjects']})\b", re.I)
        self.agent_heads = set(lex["agent_heads"].split("|"))
        self.not_subject = [(r, re.compile(p, re.I)) for r, p in lex["not_deontic_subject"].items()]
        # Speed: find_statements only asks whether *any* reason applies, so
        # each list is also compiled as one alternation (one call, not three).
        self.re_not_after = re.compile(
            "^(?:" + "|".join(p for pats in lex["not_deontic_after"].values() for p in pats) + ")", re.I
        )
        self.re_not_subject = re.compile("|".join(f"(?:{p})" for p in lex["not_deontic_subject"].values()), re.I)
        # The whole subject (with its determiner) is checked against every
        # reason but "consequence", as the loop over reasons did; "(?!)"
        # matches nothing should no other reason be listed.
        self.re_not_subject_full = re.compile(
            "|".join([f"(?:{p})" for r, p in lex["not_deontic_subject"].items() if r != "consequence"] or ["(?!)"]),
            re.I,
        )
        self.re_desc_may_after = re.compile("^" + lex["descriptive_may_after"], re.I)
        self.re_desc_may_before = re.compile(lex["descriptive_may_before"], re.I)
        self.re_relative = re.compile(lex["relative_pronoun"], re.I)
        det = lex["determiners"]
        self.re_det = re.compile(rf"^(?:{det})\s+", re.I)
        self.re_last_det = re.compile(rf"\b(?:{det})\s+(?!.*\b(?:{det})\s)", re.I)
        self.re_negative_subject = re.compile(lex["negative_subject"], re.I)
        self.re_trailing_condition = re.compile(
            rf"(?:,\s*|\s+)(?=(?:{lex['condition_triggers']})\b)", re.I
        )
        self.re_leading_condition = re.compile(rf"^(?:{lex['condition_triggers']}|{lex['leading_condition_extra']})\b", re.I)
        self.re_sentence_break = re.compile(r"\n|[.;:?!][\"”’)]*\s+(?=[\"“‘(]?[A-Z(])")
        self.re_abbrev = re.compile(rf"\b(?:{lex['abbreviations']})\.$", re.I)



#: Provision kinds whose modals create no duty: the Legislative Counsel's
#: Digest (see lexdiff.model.NOT_LAW_KINDS), and preambles, whose recitals give
#: reasons ("(34) Since the objective of this Regulation ... the Union may
#: adopt measures, in accordance with the principle of subsidiarity" in an
#: EU proposal; "Whereas ..." clauses of a resolution).
NOT_DUTY_KINDS = NOT_LAW_KINDS | {"preamble"}

@lru_cache(maxsize=1)
def lexicon() -> _Lexicon:
    return _Lexicon()


def _sentence_starts(text: str) -> list[int]:
    lex = lexicon()
    starts = [0]
    for m in lex.re_sentence_break.finditer(text):
        if m.group().startswith(".") and lex.re_abbrev.search(text[max(0, m.start() - 6) : m.start() + 1]):
            continue
        starts.append(m.end())
    return starts


def _modal_matches(folded: str, text: str | None = None) -> Iterator[re.Match[str]]:
    """Modal phrases in the lower-cased text, in order.

    Two stages for speed: a scan for the few words that every modal phrase
    contains ("shall", "may", "required", "duty" ...), then the full pattern
    anchored where the phrase must start ("is hereby required to" starts at
    "is"). Scanning with the full alternation tried it at every word.
    """
    lex = lexicon()
    last_end = -1
    hints = scan.finditer(_MODAL_HINT, folded, text) if text is not None else _MODAL_HINT.finditer(folded)
    for hint in hints:
        if hint.group() in ("shall", "may", "must", "need"):
            start = hint.start()
        else:
            aux = _AUX_BEFORE.search(folded, max(0, hint.start() - 30), hint.start())
            if aux is None:
                continue
            start = aux.start()
        if start < last_end:
            continue
        m = lex.re_modal.match(folded, start)
        if m is not None:
            last_end = m.end()
            yield m


def sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """Start and end of the sentence around ``pos`` (end includes its newline).

    Found locally, in the paragraph around ``pos``, so that tagging costs
    nothing for text without modals or penalty words. A sentence ends at a
    newline or at ". ", "; ", ": " before a capital or a label, except after
    an abbreviation ("Sec. 3", "U.S.C. 5121").
    """
    lex = lexicon()
    para_start = text.rfind("\n", 0, pos) + 1
    para_end = text.find("\n", pos)
    para_end = len(text) if para_end < 0 else para_end + 1
    if pos - 3000 <= para_start and text[pos : pos + 1].isalnum():
        # Speed: a paragraph with several modals ("shall ... and shall ...
        # unless ... may") is scanned for breaks once, not once per modal.
        # Same result as the scans below: pos is inside a word, so no break
        # straddles it.
        ends = _paragraph_breaks(text, para_start, para_end)
        k = bisect.bisect_right(ends, pos)
        return (ends[k - 1] if k else para_start), (ends[k] if k < len(ends) else para_end)
    start = para_start
    for m in lex.re_sentence_break.finditer(text, max(para_start, pos - 3000), min(len(text), pos + 2)):
        if m.end() <= pos and _real_break(text, m):
            start = m.end()
    end = para_end
    for m in lex.re_sentence_break.finditer(text, pos, para_end):
        if _real_break(text, m):
            end = m.end()
            break
    return start, end


_BREAKS: dict[tuple[int, int], list[int]] = {}
_BREAKS_TEXT: list[str | None] = [None]


def _paragraph_breaks(text: str, para_start: int, para_end: int) -> list[int]:
    """End offsets of the real sentence breaks in one paragraph (cached for the current text)."""
    if _BREAKS_TEXT[0] is not text:
        _BREAKS.clear()
        _BREAKS_TEXT[0] = text
    key = (para_start, para_end)
    ends = _BREAKS.get(key)
    if ends is None:
        lex = lexicon()
        ends = [m.end() for m in lex.re_sentence_break.finditer(text, para_start, para_end) if _real_break(text, m)]
        _BREAKS[key] = ends
    return ends


def _real_break(text: str, m: re.Match[str]) -> bool:
    lex = lexicon()
    return not (m.group().startswith(".") and lex.re_abbrev.search(text[max(0, m.start() - 6) : m.start() + 1]))


@lru_cache(maxsize=8192)
def _strip_det(phrase: str) -> str:
    # Cached: the same subjects ("the Secretary", "a large developer") come
    # back at every modal of a bill.
    lex = lexicon()
    phrase = phrase.strip(" ,;:\u2003“”\"‘’")
    previous = None
    while previous != phrase:
        previous = phrase
        phrase = lex.re_det.sub("", phrase, count=1).strip()
    return phrase


def _clean_np(np: str, terms: dict[str, str]) -> str | None:
    """The actor inside a subject phrase, or None when nothing noun-like is left."""
    lex = lexicon()
    np = np.strip(" ,;:")
    # "Where the court makes an order under subsection (4) it may ...": a
    # pronoun right before the modal is the subject.
    pronoun = _FINAL_PRONOUN.search(np)
    if pronoun and pronoun.start() > 0:
        return pronoun.group(1)
    if _INTERRUPTER.match(np.strip()) and len(np.split()) > 3:
        # "On an appeal under subsection (3) of section 48 the Tribunal":
        # an introductory phrase without a comma; the actor is the named
        # body after it (or, failing that, the last noun phrase).
        named = None
        for named in _NAMED_BODY.finditer(np):
            pass
        last = named or lex.re_last_det.search(np)
        if last:
            np = np[last.start() :]
    # "A large developer who violates this chapter" -> "A large developer"
    rel = lex.re_relative.search(np)
    if rel and rel.start() > 0:
        # "the department in which ...": the preposition goes with the pronoun.
        np = _TRAILING_PREPOSITION.sub("", np[: rel.start()])
    np = _NP_LEAD.sub("", np.strip())
    np = _NP_TRAIL.sub("", np.strip())
    # "An employee harmed by a violation of this subdivision": a reduced
    # relative clause ends the noun phrase.
    # "A person executing a warrant", "An individual making a request under
    # this section" (UK DPA 1998): a present participle with its object ends
    # the noun phrase too.
    reduced = _REDUCED_RELATIVE.search(np) or _ING_RELATIVE.search(np)
    # "A deployer, or a third party contracted by the deployer": in a list
    # of bearers the participle identifies the last one and stays.
    if reduced and not _COORDINATION.search(np[: reduced.start()]):
        np = np[: reduced.start()]
    if len(np.split()) > 16:
        # A long run without commas: "In developing regulations pursuant to
        # this section the Attorney General" -> from the last determiner on.
        last = lex.re_last_det.search(np)
        if last:
            np = np[last.start() :]
    # "Secretary of Homeland Security (in this section referred to as the
    # Secretary)": the parenthetical is not part of the name.
    actor = _strip_det(_PARENTHETICAL.sub("", np))
    if not actor or not _LETTER.search(actor):
        return None
    words = actor.split()
    # Longest defined term that ends the phrase: "frontier developer with
    # ... employees" is not one; "well-resourced large developer" ends with
    # "large developer". Only replaces long phrases (more than two extra words).
    for k in range(1, len(words) - 2):
        suffix = " ".join(words[k:])
        if suffix.lower() in terms:
            # "developer of a high-risk artificial intelligence system": a
            # term inside a prepositional phrase is not the bearer.
            before = [w.lower() for w in words[max(0, k - 2) : k]]
            if before and (before[-1] in _PREPOSITIONS or (len(before) == 2 and before[0] in _PREPOSITIONS)):
                break
            if len(words) > len(suffix.split()) + 2:
                return terms[suffix.lower()]
            break
    return actor


def _subject_chunks(chunks: list[str]) -> tuple[int, int]:
    """Indexes of the first and last comma chunk of the subject before a modal.

    The subject is usually the last chunk ("Subject to paragraph (2), a large
    developer shall"), but drafting splits it with commas in a few ways:
    an interrupting condition ("A developer, before initially training a
    model, shall"), a bare year ("..., on or after February 1, 2026, shall"),
    a list of verbs in its relative clause ("A deployer that deploys, offers,
    sells, or otherwise makes available a system shall"), a coordinated noun
    phrase ("A deployer, or a third party contracted by the deployer, shall")
    and a long relative clause ("A deployer that has deployed a system to
    make, or be a substantial factor in making, a decision shall").
    """
    last = len(chunks) - 1
    while last > 0 and (
        not _LETTER.search(chunks[last])
        or _INTERRUPTER.match(chunks[last].strip())
        or _PARTICIPLE_ASIDE.match(chunks[last].strip())
    ):
        last -= 1
    first = last
    if first > 0 and _VERB_LIST_TAIL.match(chunks[first].strip()):
        first -= 1
        while first > 0 and len(chunks[first].split()) <= 2:
            first -= 1
        # "notwithstanding section 676(b)(8) of the Act, each State,
        # territory, or tribe may allocate": the walk back over short list
        # items stops at an introductory phrase.
        if first < last and _LEGAL_INTRO.match(chunks[first].strip()):
            first += 1
    if first > 0 and _RELATIVE_HEAD.match(chunks[first].strip()):
        first -= 1
    while first > 0 and _COORDINATED_NP.match(chunks[first].strip()) and _DET_HEAD.match(chunks[first - 1].strip()):
        first -= 1
    lead = 0
    while lead < first and (not _LETTER.search(chunks[lead]) or _INTERRUPTER.match(chunks[lead].strip())):
        lead += 1
    if lead < first and _NP_WITH_RELATIVE.match(chunks[lead].strip()):
        first = lead
    return first, last


def _agent_head(subject: str | None, lex: "_Lexicon") -> bool:
    """Whether the subject's head noun names someone who can act."""
    if not subject:
        return False
    head = re.split(r"\s+(?:of|that|who|which|with|in|for|under|pursuant)\b", subject.strip(), maxsplit=1, flags=re.I)[0]
    words = head.split()
    return bool(words) and words[-1].lower().strip(",;:") in lex.agent_heads


def _document_head(actor: str | None) -> bool:
    """Whether the subject is a document ("The report ... shall include").

    A document bears no duty itself; its author does, and the text does not
    name them, so the actor is left empty.
    """
    if not actor:
        return False
    # "An individual making a request under this section may": a participle
    # with its object ends the head noun ("request" is not the bearer).
    head = re.split(
        r"\s+(?:of|issued|required|described|made|submitted|produced|pursuant|under|by|in|for|to|from|with"
        r"|\w+ing\s+(?:a|an|the|any|such|that|this|his|her|its|their))\b",
        actor,
        maxsplit=1,
    )[0]
    words = head.split()
    return bool(words) and lexicon().re_document_subject.fullmatch(words[-1].lower()) is not None


def _split_actors(actor: str | None) -> list[str]:
    if not actor:
        return []
    parts = re.split(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", actor)
    return [p for p in (_strip_det(x) for x in parts) if p]


def find_statements(
    text: str, terms: list[str] | None = None, skip: list[tuple[int, int]] | None = None
) -> list[DeonticStatement]:
    """All deontic statements in ``text``.

    Args:
        text: canonical text (or any plain text).
        terms: defined terms to prefer as actors.
        skip: character ranges whose modals are not statements (the bodies
            of definitions: "\u201cCommunity broadcasting\u201d means a
            service ... that may be funded by donations").

    Returns:
        Statements in document order; spans may nest (a second verb sharing
        an actor starts at its own modal).
    """
    lex = lexicon()
    term_map = {" ".join(t.split()).lower(): " ".join(t.split()) for t in (terms or [])}
    out: list[DeonticStatement] = []
    previous: DeonticStatement | None = None
    last_subject: tuple[int, str | None, str | None] | None = None
    skip_starts, skip_ends = _merged(_findings_regions(text) + list(skip or []))
    # _clean_np is pure for a given term map; a subject is often cleaned twice
    # (once for the last subject, once for the actor) and repeats across a bill.
    np_memo: dict[str, str | None] = {}

    def clean_np(np: str) -> str | None:
        if np not in np_memo:
            np_memo[np] = _clean_np(np, term_map)
        return np_memo[np]

    for m in _modal_matches(fold_case(text), text):
        k = bisect.bisect_right(skip_starts, m.start()) - 1
        if k >= 0 and m.start() < skip_ends[k]:
            continue
        # One named group per pattern and none inside them: the group that
        # matched is the last (and only) one.
        label, modality = lex.modal_info[m.lastindex - 1]
        if modality == "may" and _MONTH_DAY.match(text, m.end()):
            continue  # "on May 1, 2026" is a date
        if m.start() > 0 and text[m.start() - 1] in _OPEN_QUOTES and text[m.end() : m.end() + 1] in _CLOSE_QUOTES:
            continue  # 'by striking “may” and inserting “shall”' mentions the words
        s_start, s_end = sentence_bounds(text, m.start())
        before = text[s_start : m.start()]
        label_m = _LEADING_LABEL.match(before)
        body_start = s_start + (label_m.end() if label_m else 0)
        proviso = _PROVISO.match(text, body_start, m.start())
        if proviso:
            body_start = proviso.end()
        before = text[body_start : m.start()]
        after = text[m.end() : s_end]
        after_stripped = after.lstrip()

        # Continuation: "shall describe ... and shall retain ..." shares the actor.
        # Tail-anchored patterns look only at the end of the clause: a
        # search ending in "$" would otherwise start at every character.
        tail_base = max(0, len(before) - 60)
        tail = before[tail_base:]
        cont_tail = _CONT_TAIL.search(tail)
        continuation = previous is not None and previous.modal_start >= body_start and cont_tail is not None
        if cont_tail is not None and not continuation and last_subject is not None and last_subject[0] >= body_start:
            # "The executive officer shall be the administrative head of the
            # board and shall exercise ...": the first verb is not a duty, the
            # second shares its subject.
            previous = DeonticStatement("obligation", last_subject[0], last_subject[0], last_subject[0], last_subject[0],
                                        {"subject": last_subject[1], "actor": last_subject[2], "voice": "active"})
            continuation = True

        inner_relative = ""
        if not continuation and modality.startswith(("is ", "has ")) and _REL_TAIL.search(tail):
            # "a creditor ... that is required to provide a notice under
            # federal law": a description of the bearer, not a new duty.
            continue
        if continuation:
            assert previous is not None
            subject_text = previous.attrs.get("subject")
            subject_start = m.start()
            leading = ""
        else:
            rel_tail = _REL_TAIL.search(tail)
            head = before[: tail_base + rel_tail.start()] if rel_tail else before
            if rel_tail:
                # "may appoint an executive officer of the board, subject to
                # Senate confirmation, who shall hold the office": the
                # antecedent is the object of the earlier verb, before the aside.
                head = _ASIDE_TAIL.sub("", head)
                inner_modal = None
                for inner_modal in lex.re_modal.finditer(fold_case(head)):
                    pass
                if inner_modal is not None:
                    verb = _FIRST_WORD.match(head, inner_modal.end())
                    cut = verb.end() if verb else inner_modal.end()
                    head = " " * cut + head[cut:]
                there = _THERE_IS.match(head)
                last_det = lex.re_last_det.search(head)
                if there and last_det:
                    # "There is hereby established within the Agency a
                    # consortium that shall develop": the antecedent is last.
                    head = " " * last_det.start() + head[last_det.start() :]
            # The subject is the last comma chunk before the modal: "Subject to
            # paragraph (2), a large developer shall report ..."
            # USLM run-in headings end with an em dash: "(D) Reducing
            # disparities.—The Director may consider ...".
            chunks = _CHUNK_SPLIT.split(head)
            first, last = _subject_chunks(chunks)
            offset = sum(len(c) + 1 for c in chunks[:first])
            chunk = ",".join(chunks[first : last + 1])
            # "a reasonable internal process through which an employee may
            # disclose": the subject is the noun phrase inside the relative
            # clause, after its pronoun.
            inner = None
            for inner in lex.re_relative.finditer(chunk):
                pass
            # "the Secretary of the department in which the Coast Guard is
            # operating shall": a relative clause with its own verb is over.
            if inner is not None and _FINITE_VERB.search(chunk, inner.end()):
                inner = None
            if inner is not None and lex.re_det.match(chunk[inner.end() :].lstrip()):
                skip = inner.end() + (len(chunk[inner.end() :]) - len(chunk[inner.end() :].lstrip()))
                inner_relative = "prepositional" if _PREP_BEFORE.search(chunk[: inner.start()]) else "bare"
                offset += skip
                chunk = chunk[skip:]
            # "the consumer may request and the deployer shall provide": the
            # subject follows the conjunction after the earlier verb.
            earlier = None
            for earlier in lex.re_modal.finditer(fold_case(chunk)):
                pass
            if earlier is not None:
                conj = None
                for conj in _CONJUNCTION.finditer(chunk, earlier.end()):
                    pass
                if conj is not None and lex.re_det.match(chunk[conj.end() :]):
                    offset += conj.end()
                    chunk = chunk[conj.end() :]
            subject_text = chunk.strip()
            subject_start = body_start + offset + (len(chunk) - len(chunk.lstrip()))
            leading = text[body_start:subject_start].strip(" ,")
            if not subject_text and s_start == text.rfind("\n", 0, m.start()) + 1:
                # "The Commissioner—\n(a) shall provide facilities ...": a
                # list item continues the subject of its lead-in line.
                lead_in = None
                for lead_in in _LEAD_IN_SUBJECT.finditer(text, max(0, s_start - 1500), s_start):
                    pass
                if lead_in and _ITEM_LINES.fullmatch(text, lead_in.end(), max(lead_in.end(), s_start - 1)):
                    subject_text = lead_in.group("np")
            if rel_tail and not subject_text:
                subject_text = None

        if not continuation:
            last_subject = (m.start(), subject_text, clean_np(subject_text or ""))
        # --- what is not a duty -------------------------------------------
        # "the same information ... that an employee of the developer may
        # disclose": an object relative clause refers to a power or duty, it
        # does not create one. "the procedure by which the protocol may be
        # modified" describes a procedure.
        if inner_relative == "bare" or (
            inner_relative == "prepositional" and label == "permission" and _PASSIVE.match(after_stripped)
        ):
            continue
        # "Provided further, That before a transfer may take place, the
        # Secretary ... shall submit notice": "may" inside a clause of time
        # or condition states when, it grants nothing.
        # Only a short clause followed by its main clause: "Before the end of
        # the period referred to in subsection (3) the Commissioner may" has
        # its own subject and is a power.
        if (
            modality == "may"
            and not continuation
            and _SUBORDINATE_HEAD.match(subject_text or "")
            and len((subject_text or "").split()) <= 6
            and _MAIN_CLAUSE_AFTER.search(after)
        ):
            continue
        # "shall, consistent with state constitutional law, consist of": look
        # past a parenthetical between the modal and the verb.
        after_modal = _LEADING_ASIDE.sub("", after_stripped, count=1)
        check = ("not " + after_modal) if "not" in m.group().lower().split() else after_modal
        if label == "permission" and modality == "may":
            # "A notice that complies with ... may include a brief statement
            # indicating ..." (Colorado SB 26-189): a document that "may
            # include" something is permissive content, as "The report shall
            # include" is a content requirement; "Reports may contain
            # information that could threaten public safety" stays descriptive.
            permissive_content = after_modal[:7].lower() == "include" and _document_head(
                clean_np(_NEGATIVE_HEAD.sub("", subject_text or "")) if not continuation else None
            )
            if not permissive_content and (
                lex.re_desc_may_after.match(after_modal) or lex.re_desc_may_before.search(before)
            ):
                continue
        subject_lower = (subject_text or "").lower()
        excluded = False
        document_content = False
        regex = lex.re_not_after
        # A negated status is still a status ("shall not be eligible",
        # "shall not remain available"); a negated content or possession
        # is a prohibition ("shall not include information").
        if regex.match(check) or (_STATUS_VERB.match(after_modal) and regex.match(after_modal)):
            # "The report ... shall include all of the following" is a
            # content requirement; "CalCompute shall include" is constitutive.
            # "The updated definition shall contain both of the following"
            # likewise.
            if check[:7].lower() in ("include", "contain") and lex.re_document_subject.search(subject_lower):
                document_content = True
            # "the Attorney General shall include, as part of its
            # presentation, a report": an agent including something acts.
            elif not (check[:7].lower() == "include" and _agent_head(subject_text, lex)):
                excluded = True
        if not excluded and not continuation:
            if lex.re_not_subject.search(_strip_det(subject_lower)) or lex.re_not_subject_full.search(subject_lower):
                excluded = True
        if excluded:
            previous = None if not continuation else previous
            continue
        # "In no case may restraints be used on a woman in labor": the
        # negation comes before an inverted modal.
        if _NO_CASE_TAIL.search(tail) and label != "prohibition":
            label = "prohibition"
            modality = "in no case " + modality
        # "No person shall", "None of the funds made available by this Act
        # may be used to ...": a negative subject turns the modal into a ban.
        if subject_text and lex.re_negative_subject.search(subject_text) and (label == "obligation" or modality == "may"):
            label = "prohibition"
            modality = "no ... " + modality

        # --- actor ------------------------------------------------------------
        voice = "active"
        if continuation:
            assert previous is not None
            actor = previous.attrs.get("actor")
            if previous.attrs.get("voice") == "passive" and not _PASSIVE.match(after_modal):
                actor = clean_np(subject_text or "") if subject_text else None
        else:
            actor = clean_np(_NEGATIVE_HEAD.sub("", subject_text or ""))
        clause_end = _clause_end(text, m.end(), s_end)
        action_text = text[m.end() : clause_end]
        passive = _PASSIVE.match(after_modal)
        if passive:
            voice = "passive"
            verb_end = after_modal[passive.end() :]
            agent = _BY_AGENT.search(verb_end)
            # The agent follows the verb closely ("shall be submitted to the
            # Attorney General by the developer"); a later "by" belongs to
            # something else ("after notification by the Attorney General",
            # "the index published by the Department of ...").
            if agent:
                gap = verb_end[: agent.start()]
                if len(gap.split()) > 6 or _NOMINAL_GAP.search(gap):
                    agent = None
            actor = _strip_det(agent.group("agent")) if agent else None
        if document_content or _document_head(actor):
            actor = None
        pronoun = None
        if actor and actor.lower() in _PRONOUNS:
            pronoun, actor = actor, _antecedent(actor, out, m.start())

        # --- action and conditions --------------------------------------------
        conditions: list[str] = []
        if leading and lex.re_leading_condition.search(leading):
            conditions.append(leading)
        pieces = lex.re_trailing_condition.split(action_text.strip(), maxsplit=1)
        action = pieces[0].strip(" ,")
        if len(pieces) > 1:
            conditions.append(pieces[1].strip(" ,.;:"))
        if subject_text and rel_tail_condition(subject_text):
            conditions.append(rel_tail_condition(subject_text))

        start = subject_start if not continuation else m.start()
        statement = DeonticStatement(
            label=label,
            start=start,
            end=clause_end,
            modal_start=m.start(),
            modal_end=m.end(),
            attrs={
                "actor": actor,
                "actors": _split_actors(actor),
                "subject": subject_text,
                "action": action,
                "modality": " ".join(m.group().split()).lower() if not modality.startswith("no ") else modality,
                "conditions": conditions,
                "voice": voice,
                **({"pronoun": pronoun} if pronoun else {}),
            },
        )
        out.append(statement)
        previous = statement
    return out


#: How far back (characters) a pronoun's antecedent may be: the same
#: paragraph or the one before, not another article.
_ANTECEDENT_REACH = 1200


def _antecedent(pronoun: str, earlier: list[DeonticStatement], position: int) -> str | None:
    """The actor a subject pronoun stands for: the latest named actor just before it.

    "The EMCDDA and Europol shall request the National Focal Points ... They
    shall provide that information within four weeks" (COM(2013) 619,
    Article 6(3)): "They" is the EMCDDA and Europol. "They" skips a
    singular actor for a plural one ("... and ...", or a plural noun),
    "it" the reverse; None when no duty close before names an actor.
    """
    plural = pronoun.lower() == "they"
    for statement in reversed(earlier):
        if position - statement.end > _ANTECEDENT_REACH:
            return None
        actor = statement.attrs.get("actor")
        if not actor or actor.lower() in _PRONOUNS:
            continue
        looks_plural = " and " in actor or actor.endswith("s") and not actor.endswith("ss")
        if looks_plural == plural:
            return actor
    return None


def _merged(ranges: list[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """Sorted, non-overlapping starts and ends of ``ranges`` (for bisection)."""
    starts: list[int] = []
    ends: list[int] = []
    for a, b in sorted(ranges):
        if ends and a <= ends[-1]:
            ends[-1] = max(ends[-1], b)
        else:
            starts.append(a)
            ends.append(b)
    return starts, ends


def _findings_regions(text: str) -> list[tuple[int, int]]:
    """Spans of legislative findings, which describe and bind no one.

    "The Legislature finds and declares all of the following: (a) ... (b) The
    same capabilities ... may, if ..., be misused" is a finding, not a grant
    of permission. A region runs from the lead-in to the next section heading.
    """
    regions: list[tuple[int, int]] = []
    folded = fold_case(text)
    if "find" not in folded:
        return regions
    for m in scan.finditer(_FINDINGS_LEAD, folded, text):
        end = _SECTION_START.search(text, m.end())
        regions.append((m.start(), end.start() if end else len(text)))
    return regions


def rel_tail_condition(subject: str) -> str:
    """A restrictive relative clause of the subject, which narrows who is bound.

    "A large developer who violates this chapter" binds only violators; the
    relative clause is kept as a condition.
    """
    m = lexicon().re_relative.search(subject)
    if m and m.start() > 0:
        return subject[m.start() :].strip()
    return ""


def _clause_end(text: str, start: int, sentence_end: int) -> int:
    """End of the action: the next "and shall"/"; " or the end of the sentence."""
    window = text[start:sentence_end]
    m = _NEXT_CLAUSE.search(window)
    end = start + (m.start() if m else len(window))
    while end > start and text[end - 1] in " \n.:;,":
        end -= 1
    return end


class DeonticTagger:
    """spaCy component: deontic statements into ``doc.spans["deontic"]``."""

    def __init__(self, nlp: Any = None, name: str = FACTORY, spans_key: str = GROUP) -> None:
        self.name = name
        self.spans_key = spans_key
        lexicon()

    def __call__(self, doc: Any) -> Any:
        self.set_annotations(doc, self.match(doc))
        return doc

    def match(self, doc: Any) -> list[DeonticStatement]:
        from lexdiff.nlp.tags import span_attrs

        terms: list[str] = []
        bodies: list[tuple[int, int]] = []
        if "definitions" in doc.spans:
            for attrs in span_attrs(doc, "definitions"):
                if attrs.get("term"):
                    terms.append(attrs["term"])
                start, end = attrs.get("def_start"), attrs.get("def_end")
                if isinstance(start, int) and isinstance(end, int) and end > start:
                    bodies.append((start, end))
        from lexdiff.nlp.tags import doc_text

        return find_statements(doc_text(doc), terms, bodies + not_law_ranges(doc, NOT_DUTY_KINDS))

    def set_annotations(self, doc: Any, matches: list[DeonticStatement]) -> None:
        from lexdiff.nlp.tags import add_char_tags

        add_char_tags(doc, self.spans_key, ((st.start, st.end, st.label, st.attrs) for st in matches))


def make_deontic_tagger(nlp: Any, name: str, spans_key: str = GROUP) -> DeonticTagger:
    """Factory for ``nlp.add_pipe("lexdiff_deontic")``."""
    return DeonticTagger(nlp, name, spans_key)


def _register() -> None:
    from spacy.language import Language

    if not Language.has_factory(FACTORY):
        Language.factory(FACTORY, default_config={"spans_key": GROUP})(make_deontic_tagger)


_register()
