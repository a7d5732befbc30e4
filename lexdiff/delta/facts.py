"""Facts of one bill version: who is covered, what penalties apply, who must do what.

A plain function of a :class:`~lexdiff.model.Version` and its tags (see
:mod:`lexdiff.nlp.tags`); no spaCy, no files. The facts are what a reporter
or a legal clinic asks of a bill:

* **coverage**: the regulated subjects (defined terms that name a regulated
  person or thing) and the threshold conditions of each, with how they
  combine (``all`` / ``any``), dated variants and exclusions;
* **penalties**: each penalty with violator, kind, maximum amount or share,
  tier and enforcer;
* **institutions**: bodies the bill creates or gives duties or powers to;
* **duties**: obligations, prohibitions and permissions, by actor;
* **definitions** with their wording, and **ambiguities**.

Coverage is read from the *structure* of a definition, not only its words:
California and U.S. drafters spell a multi-part test as a lead-in naming the
combination ("means a person who meets **both** of the following criteria:",
"means **either** of the following:") followed by labelled subdivisions, one
per condition, possibly nested and dated::

    (g) "Large developer" means either of the following:
      (1)(A) Before January 1, 2027, "large developer" means a person who meets
             both of the following criteria:
        (i)(I) ... computing power greater than 10^26 ... operations.
        (ii)   ... annual gross revenues in excess of ... ($100,000,000) ...
      (2)(A) ... on and after January 1, 2027, "large developer" has the
             meaning defined by a regulation adopted by the Attorney General ...

which gives one coverage entry: ``large developer``, provision ``(g)(1)(A)``,
``logic: all``, two conditions, ``when: "Before January 1, 2027"``. A
subject whose test has alternatives (SB 1047's "covered model": trained with
> 10^26 operations costing > $100 million, *or* fine-tuned with >= 3 x 10^25
costing > $10 million) gets one entry per alternative; the entries of one
subject are alternatives of each other.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Iterable, Sequence

from lexdiff.model import Provision, Version
from lexdiff.nlp.tags import Tag

#: Measures a coverage threshold can be stated in.
MEASURES: tuple[str, ...] = ("compute", "compute_cost", "revenue", "people", "other")

#: Measures that by themselves make a defined term a regulated subject: a
#: definition that draws a line in training compute, compute spending or
#: revenue is a coverage test ("large developer", "covered model",
#: "computing cluster"). Head-counts are not enough on their own: "more
#: than 50 people" in "catastrophic risk" measures harm, not who is covered.
COVERAGE_MEASURES: frozenset[str] = frozenset({"compute", "compute_cost", "revenue"})

#: Cap on the number of alternatives one definition is expanded into; a
#: real coverage test has two to four.
MAX_ALTERNATIVES = 32


# --------------------------------------------------------------------------
# The facts
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Condition:
    """One threshold of a coverage test, e.g. compute > 1e26 operations."""

    measure: str  # one of MEASURES
    comparator: str | None  # ">", ">=", "<", "<=", "=" or None when the text gives none
    value: float | None
    unit: str
    text: str  # the words of the threshold, as printed
    provision: str = ""  # path of the provision that states it


@dataclass(frozen=True)
class Coverage:
    """One alternative test for a regulated subject."""

    subject: str  # the defined term, lowercase: "large developer"
    provision: str  # path of the provision where this test is stated
    logic: str  # "all" | "any": how ``conditions`` combine
    conditions: tuple[Condition, ...] = ()
    when: str | None = None  # dated variant: "Before January 1, 2027"
    exclusions: tuple[str, ...] = ()  # "does not include ..." sentences
    ref: str | None = None  # "has the meaning defined in Section 22757.11 ..."
    definition: str = ""  # path of the whole definition
    scope: str | None = None
    text: str = ""  # the lead-in or sentence of this test


@dataclass(frozen=True)
class Penalty:
    """One penalty (or tier of a penalty) that the bill provides."""

    provision: str
    violator: str | None
    kind: str  # civil / criminal / administrative / injunctive
    amount: float | None
    unit: str
    share_of: str | None
    tier: str | None  # first / subsequent / per_violation / knowing / unknowing / ...
    enforcer: str | None
    text: str
    placeholder: bool = False  # the amount is left blank ("$____") in this version
    section: str = ""  # path of the enclosing section, for pairing across versions
    ref: str | None = None  # "specified in subdivision (f) of Section 1102.5 of the Labor Code"


@dataclass(frozen=True)
class Institution:
    """A public body the bill creates, or gives duties or powers to."""

    name: str
    role: str  # "created" | "empowered"
    provision: str
    text: str
    duties: int = 0  # number of duties/powers the version gives it


@dataclass(frozen=True)
class Duty:
    """An obligation, prohibition or permission of one actor."""

    actor: str  # normalised: "large developer", "attorney general"
    modality: str  # obligation / prohibition / permission
    action: str
    provision: str
    text: str
    modal: str = ""  # the word as printed: "shall", "shall not", "may"


@dataclass(frozen=True)
class Definition:
    """A defined term and its wording."""

    term: str  # lowercase
    definition: str
    provision: str
    scope: str | None = None
    form: str | None = None
    ref: str | None = None
    text: str = ""  # the whole defining provision, including sub-parts


@dataclass(frozen=True)
class Ambiguity:
    """An ambiguity finding of the tagger."""

    rule: str
    severity: str
    reason: str
    term: str | None
    provision: str
    text: str


@dataclass(frozen=True)
class Facts:
    """Everything :func:`version_facts` reads from one version."""

    version: Version
    coverage: tuple[Coverage, ...] = ()
    penalties: tuple[Penalty, ...] = ()
    institutions: tuple[Institution, ...] = ()
    duties: tuple[Duty, ...] = ()
    definitions: tuple[Definition, ...] = ()
    ambiguities: tuple[Ambiguity, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def subjects(self) -> list[str]:
        """Regulated subjects, in document order, without repeats."""
        seen: dict[str, None] = {}
        for entry in self.coverage:
            seen.setdefault(entry.subject, None)
        return list(seen)


def fact_dict(fact: Any) -> dict[str, Any]:
    """JSON-ready dict of one fact (numbers stay numbers)."""
    data = asdict(fact)
    return data


def facts_dict(facts: Facts) -> dict[str, Any]:
    """The ``facts`` object of ``lexdiff history --format json``."""
    return {
        "coverage": [fact_dict(c) for c in facts.coverage],
        "penalties": [fact_dict(p) for p in facts.penalties],
        "institutions": [fact_dict(i) for i in facts.institutions],
        "duties": [fact_dict(d) for d in facts.duties],
        "definitions": [fact_dict(d) for d in facts.definitions],
        "ambiguities": [fact_dict(a) for a in facts.ambiguities],
    }


# --------------------------------------------------------------------------
# Reading the provision tree
# --------------------------------------------------------------------------


class _Tree:
    """Parent links and "own text" of the provisions of one version."""

    def __init__(self, version: Version) -> None:
        self.version = version
        self.parent: dict[int, Provision | None] = {}
        self.by_path: dict[str, Provision] = {}
        self.order: dict[str, int] = {}
        stack: list[tuple[Provision, Provision | None]] = [
            (p, None) for p in reversed(version.provisions)
        ]
        index = 0
        while stack:
            node, parent = stack.pop()
            self.parent[id(node)] = parent
            self.by_path.setdefault(node.path, node)
            self.order.setdefault(node.path, index)
            index += 1
            for child in reversed(node.children):
                stack.append((child, node))

    def parent_of(self, node: Provision) -> Provision | None:
        return self.parent.get(id(node))

    def at(self, offset: int) -> Provision | None:
        return self.version.provision_at(offset)

    def path_at(self, offset: int) -> str:
        node = self.at(offset)
        return node.path if node is not None else ""

    def own_text(self, node: Provision) -> str:
        """The provision's words outside its children (its lead-in and any tail)."""
        text = self.version.text
        if not node.children:
            return text[node.start : node.end].strip()
        head = text[node.start : node.children[0].start]
        tail = text[node.children[-1].end : node.end]
        return (head + " " + tail).strip()

    def full_text(self, node: Provision) -> str:
        return self.version.text[node.start : node.end].strip()

    def section_of(self, node: Provision | None) -> Provision | None:
        """Nearest enclosing section-like provision (code section, section, article)."""
        best = None
        while node is not None:
            if node.kind in ("code_section", "section", "article", "bill_section"):
                best = node
                if node.kind != "bill_section":
                    return node
            node = self.parent_of(node)
        return best

    def contains(self, outer: Provision, inner: Provision) -> bool:
        return outer.start <= inner.start and inner.end <= outer.end


# --------------------------------------------------------------------------
# Words of thresholds
# --------------------------------------------------------------------------

# Order matters: the longer phrase first ("not to exceed" before "exceed").
_COMPARATORS: tuple[tuple[str, str], ...] = (
    (r"equal to or greater than|greater than or equal to|at least|not less than|no less than|or more", ">="),
    (r"equal to or less than|less than or equal to|not to exceed|not exceeding|not more than|no more than|up to|at most|or less", "<="),
    (r"greater than|more than|in excess of|exceeds?|exceeding|over|above", ">"),
    (r"less than|fewer than|below|under", "<"),
    (r"equal to|exactly", "="),
)
_COMPARATOR_BEFORE = [
    (re.compile(r"(?:" + words + r")\s*$", re.I), sign) for words, sign in _COMPARATORS
]
_COMPARATOR_AFTER = re.compile(r"^\s*(or more|or greater|or less|or fewer)\b", re.I)

#: Context words that say what a number measures. A definition says it in
#: its own words ("annual gross revenues in excess of", "a quantity of
#: computing power that costs at least"), so the words just before the
#: number decide.
_MEASURE_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("revenue", re.compile(r"\b(revenues?|turnover|receipts|sales)\b", re.I)),
    (
        "compute_cost",
        re.compile(r"\b(costs?|price|prices|spend|spent|spending|expend\w*)\b", re.I),
    ),
    (
        "compute",
        re.compile(r"\b(operations|flops?|flop/s|computing power|computational power|compute)\b", re.I),
    ),
    ("people", re.compile(r"\b(people|persons|individuals|employees|users|residents|consumers)\b", re.I)),
)

_CONNECTOR_ALL = re.compile(r"\b(all|both|each)\s+of\s+the\s+following\b", re.I)
_CONNECTOR_ANY = re.compile(r"\b(either|any|one or more|at least one)\s+of\s+the\s+following\b", re.I)

_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
#: "Before January 1, 2027," / "On and after January 1, 2027," -- the
#: phrase California uses to phase a definition in or out.
_WHEN = re.compile(
    r"\b((?:before|prior to|until|on and after|on or after|after|beginning|commencing|"
    r"from and after|starting)\s+(?:" + _MONTHS + r")\s+\d{1,2},\s+\d{4})",
    re.I,
)
_EXCLUSION = re.compile(
    r"\b(does not include|do not include|shall not include|excludes|exclude|is not a|"
    r"does not mean)\b",
    re.I,
)
_PLACEHOLDER = re.compile(r"_{2,}")
_QUOTED = re.compile(r"[“\"]([^”\"]{1,80})[”\"]")
_REF = re.compile(
    r"\b(?:has|have) the (?:same )?meaning (?:defined|set forth|given|as defined|provided)"
    r"(?:[^.;]|\.(?=\d))*",
    re.I,
)


def _comparator_of(text: str, start: int, end: int, given: str | None) -> tuple[str | None, int]:
    """The comparator of the number at ``text[start:end]`` and where its words begin."""
    before = text[max(0, start - 60) : start]
    for pattern, sign in _COMPARATOR_BEFORE:
        match = pattern.search(before)
        if match:
            return (given or sign), start - (len(before) - match.start())
    after = _COMPARATOR_AFTER.match(text[end : end + 40])
    if after:
        word = after.group(1).lower()
        return (given or (">=" if word in ("or more", "or greater") else "<=")), start
    # A comparator inside the tag itself ("greater than 10^26").
    inside = text[start:end]
    for words, sign in _COMPARATORS:
        if re.match(r"\s*(?:" + words + r")\b", inside, re.I):
            return (given or sign), start
    return given, start


def _measure_of(text: str, start: int, end: int, tag_attrs: dict[str, Any]) -> str:
    """What a threshold measures, from the tagger's ``measure`` or the words around it."""
    given = tag_attrs.get("measure")
    if given in MEASURES and given != "other":
        return str(given)
    kind = str(tag_attrs.get("kind") or "")
    unit = str(tag_attrs.get("unit") or "")
    if kind == "compute" or re.search(r"operations|flop", unit, re.I):
        return "compute"
    # The words since the previous clause break say what the number counts:
    # "annual gross revenues in excess of", "computational power that costs at least".
    left = text[max(0, start - 160) : start]
    clause = re.split(r"[.;:]|, (?:and|or)\b|\)\s*(?=\()", left)[-1]
    right = text[end : end + 40]
    if kind in ("money", "currency") or unit.upper() in ("USD", "$", "DOLLARS") or "$" in text[start:end]:
        for measure, cue in _MEASURE_CUES[:2]:
            if cue.search(clause):
                return measure
        return "other"
    if kind == "count" or not kind:
        if _MEASURE_CUES[3][1].search(text[start:end] + right[:25]):
            return "people"
    for measure, cue in _MEASURE_CUES:
        if measure in ("compute",) and cue.search(text[start:end] + right[:45]):
            return measure
    return given if given in MEASURES else "other"


def _phrase(text: str, start: int, end: int) -> tuple[int, int]:
    """Extend a number's span over the "($100,000,000)" that California prints after words."""
    match = re.match(r"\s*\(\s*\$?[\d,.]+\s*\)", text[end : end + 40])
    if match:
        end += match.end()
    match = re.match(
        r"\s*(integer or floating-point operations( per second)?|floating-point operations"
        r"( per second)?|operations( per second)?|flops?|people|persons|individuals|employees)",
        text[end : end + 60],
        re.I,
    )
    if match:
        end += match.end()
    return start, end


def _number(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(str(value).replace(",", ""))
    except ValueError:
        return None


def clean_number(value: float | None) -> float | int | None:
    """Integral floats as ints (100000000, not 100000000.0) unless huge (1e26 stays a float)."""
    if value is None:
        return None
    if float(value).is_integer() and abs(value) < 1e18:
        return int(value)
    return value


# --------------------------------------------------------------------------
# Coverage
# --------------------------------------------------------------------------


@dataclass
class _Group:
    logic: str
    conditions: list[Condition]
    node: Provision
    when: str | None


def _when_of(tree: _Tree, node: Provision, root: Provision) -> str | None:
    """Nearest dated phrase on ``node`` or an ancestor up to the definition root."""
    cur: Provision | None = node
    while cur is not None:
        own = tree.own_text(cur)
        # Only the lead-in before the defining verb dates the definition;
        # a date in the middle of a condition is part of the condition.
        lead = re.split(r"\b(means|has the meaning|includes)\b", own, maxsplit=1)[0]
        match = _WHEN.search(lead)
        if match:
            return match.group(1)[0].upper() + match.group(1)[1:]
        if cur is root:
            break
        cur = tree.parent_of(cur)
    return None


def _connector(own: str) -> str | None:
    if _CONNECTOR_ANY.search(own):
        return "any"
    if _CONNECTOR_ALL.search(own):
        return "all"
    return None


def _inline_logic(text: str, conds: Sequence[tuple[int, int, Condition]]) -> str:
    """How several thresholds in one sentence combine.

    "more than 100 people or more than one billion dollars" is an OR; "greater
    than 10^26 ... operations, the cost of which exceeds ... ($100,000,000)"
    (a relative clause about the same training run) and "... and ..." are ANDs.
    """
    for (_, end_a, _), (start_b, _, _) in zip(conds, conds[1:]):
        gap = text[end_a:start_b].strip().lower()
        if re.search(r"(^|[\s,])or$", gap) or gap.startswith("or ") or ", or " in gap:
            return "any"
    return "all"


def _expr(
    tree: _Tree,
    node: Provision,
    root: Provision,
    quantities: dict[str, list[tuple[int, int, Condition]]],
) -> list[_Group] | None:
    """Alternatives (each a group of conditions) that ``node``'s subtree states.

    Returns None when the subtree states no threshold.
    """
    own = tree.own_text(node)
    when = _when_of(tree, node, root)
    own_conds = quantities.get(node.path, [])
    own_group = (
        _Group(_inline_logic(tree.version.text, own_conds), [c for _, _, c in own_conds], node, when)
        if own_conds
        else None
    )
    children = [
        g
        for g in (_expr(tree, child, root, quantities) for child in node.children)
        if g is not None
    ]
    if not children:
        return [own_group] if own_group else None
    connector = _connector(own) or "all"
    if connector == "any":
        alternatives: list[_Group] = []
        for groups in children:
            alternatives.extend(groups)
        # "any of the following: (1) X (2) Y", each a single threshold with
        # the same date: one test with logic "any" reads better than two.
        singles = all(len(g.conditions) == 1 or g.logic == "any" for g in alternatives)
        whens = {g.when for g in alternatives}
        measures = [c.measure for g in alternatives for c in g.conditions]
        # Two thresholds of the same measure under "any of the following"
        # are usually two different tests (SB 1047: a model *trained* at a
        # cost over $100 million, or *fine-tuned* at a cost over $10
        # million); keep them apart. Different measures ("revenues over
        # $25 million, or compute over 10^25") read well as one OR.
        if singles and len(whens) == 1 and len(alternatives) > 1 and len(set(measures)) == len(measures):
            merged = _Group(
                "any", [c for g in alternatives for c in g.conditions], node, alternatives[0].when
            )
            alternatives = [merged]
        if own_group:
            alternatives = [_join_all([own_group, g], node) for g in alternatives]
        return alternatives[:MAX_ALTERNATIVES]
    # Dated variants side by side ("(i) Before January 1, 2027, ... (ii) On
    # and after January 1, 2027, ...") are alternatives in time even when
    # no "either of the following" says so.
    if _connector(own) is None and len({g.when for groups in children for g in groups}) > 1:
        alternatives = [g for groups in children for g in groups]
        if own_group:
            alternatives = [_join_all([own_group, g], node) for g in alternatives]
        return alternatives[:MAX_ALTERNATIVES]
    # All of the children hold: the cross product of their alternatives.
    combos: list[list[_Group]] = [[own_group]] if own_group else [[]]
    for groups in children:
        combos = [prefix + [g] for prefix in combos for g in groups][:MAX_ALTERNATIVES]
    return [_join_all(parts, node) for parts in combos]


def _join_all(parts: list[_Group], node: Provision) -> _Group:
    if len(parts) == 1:
        return parts[0]
    # An OR nested in an AND ("all of: X, and either Y or Z") is flattened to
    # one conjunction here; the conditions keep their own words.
    conditions = [c for part in parts for c in part.conditions]
    whens = [p.when for p in parts if p.when]
    return _Group("all", conditions, node, whens[0] if whens else None)


def _definition_root(tree: _Tree, node: Provision, term: str, def_terms: dict[str, str]) -> Provision:
    """Widen a definition's provision to the subdivision that holds all its parts.

    ``(e)(1) "Deploy" means ... (2) "Deploy" does not include ...`` and
    ``(e) (1) "Covered model" means ... (2) ... the dollar amount in this
    subdivision shall be adjusted ...``: the label ``(e)`` has no words of its
    own, so the definition is the whole of (e).
    """
    cur = node
    while True:
        parent = tree.parent_of(cur)
        if parent is None or parent.kind not in (
            "subdivision", "paragraph", "subparagraph", "clause", "subclause", "item", "point",
        ):
            return cur
        if _strip_label(tree.own_text(parent), parent.label):
            return cur
        # Another term defined under the same parent: the parent is a list
        # of definitions, not one definition.
        inside = _paths(parent) - _paths(cur)
        if any(path in inside and other != term for path, other in def_terms.items()):
            return cur
        cur = parent


def _paths(node: Provision) -> set[str]:
    return {p.path for p in node.walk()}


def _strip_label(text: str, label: str) -> str:
    text = text.strip()
    while True:
        match = re.match(r"^\(\w{1,6}\)\s*", text)
        if not match:
            break
        text = text[match.end() :]
    if label and text.startswith(label):
        text = text[len(label) :]
    return text.strip(" .")


def normalize_term(term: str) -> str:
    """Lowercase, quotes and surrounding punctuation removed, single spaces."""
    term = term.strip().strip("“”\"'‘’").strip()
    return re.sub(r"\s+", " ", term).lower()


_ARTICLES = re.compile(r"^(?:a|an|the|any|each|every|no|such|that|this)\s+", re.I)


def normalize_actor(actor: str | None) -> str:
    """``"A large developer"`` -> ``"large developer"``; ``"The Attorney General"`` -> ``"attorney general"``."""
    if not actor:
        return ""
    actor = re.sub(r"\s+", " ", actor.strip().strip(",.;:")).lower()
    actor = actor.replace("’", "'")
    previous = None
    while previous != actor:
        previous = actor
        actor = _ARTICLES.sub("", actor)
    actor = re.sub(r"'s$", "", actor)
    return actor


def _coverage(
    tree: _Tree,
    definitions: list[tuple[Tag, Definition]],
    quantity_tags: list[Tag],
    actors: set[str],
) -> list[Coverage]:
    text = tree.version.text
    def_terms = {d.provision: d.term for _, d in definitions}
    # One defining provision per term and place: SB 53's "(g) 'Large
    # developer' means either of the following: (1)(A) Before January 1,
    # 2027, 'large developer' means ..." defines the term twice, once inside
    # the other; the outer one is the definition.
    roots: list[tuple[str, Provision, Definition]] = []
    nested: list[tuple[Tag, Provision, Definition]] = []
    sentences: dict[int, str] = {}
    starts: dict[int, int] = {}
    for tag, definition in definitions:
        node = tree.at(tag.start)
        if node is None:
            continue
        root = _definition_root(tree, node, definition.term, def_terms)
        if any(
            t == definition.term and tree.contains(r, root) for t, r, _ in roots
        ):
            nested.append((tag, node, definition))
            continue
        roots = [
            (t, r, d) for t, r, d in roots if not (t == definition.term and tree.contains(root, r))
        ]
        roots.append((definition.term, root, definition))
        sentences[id(definition)] = sentence_around(tree.version, tag.start, tag.end)
        starts[id(definition)] = tag.start

    out: list[Coverage] = []
    for term, root, definition in roots:
        subtree = _paths(root)
        lo, hi = _extent(root, starts[id(definition)], term, definitions, text)
        quantities: dict[str, list[tuple[int, int, Condition]]] = {}
        for tag in quantity_tags:
            if not (lo <= tag.start < hi):
                continue
            node = tree.at(tag.start)
            if node is None or node.path not in subtree:
                continue
            kind = str(tag.attrs.get("kind") or "")
            if kind in ("date", "duration", "time", "percent_time"):
                continue
            comparator, cstart = _comparator_of(text, tag.start, tag.end, tag.attrs.get("comparator"))
            measure = _measure_of(text, tag.start, tag.end, dict(tag.attrs))
            if measure not in COVERAGE_MEASURES and not (measure == "people" and term in actors):
                continue
            if comparator is None and measure not in COVERAGE_MEASURES:
                continue
            pstart, pend = _phrase(text, cstart, tag.end)
            condition = Condition(
                measure=measure,
                comparator=comparator,
                value=clean_number(_number(tag.attrs.get("value"))),
                unit=str(tag.attrs.get("unit") or ""),
                text=text[pstart:pend].strip(),
                provision=node.path,
            )
            bucket = quantities.setdefault(node.path, [])
            # "one hundred million dollars ($100,000,000)" may come as two
            # tags for one number; keep the first.
            if bucket and bucket[-1][2].value == condition.value and tag.start - bucket[-1][1] < 6:
                continue
            if bucket and bucket[-1][0] <= tag.start < bucket[-1][1]:
                continue
            bucket.append((pstart, pend, condition))
        groups = _expr(tree, root, root, quantities) or []
        # "Division" (the Frontier Model Division) has duties, but it is the
        # regulator, not the regulated.
        is_subject = bool(groups) or (term in actors and not _is_body(term) and not _names_body(definition.definition))
        if not is_subject:
            continue
        exclusions = tuple(
            dict.fromkeys(
                _sentence_with(_clip_to(tree, node, lo, hi), _EXCLUSION)
                for node in root.walk()
                if _EXCLUSION.search(_clip_to(tree, node, lo, hi))
            )
        )
        ref = definition.ref
        if not ref:
            match = _REF.search(definition.definition or tree.own_text(root))
            ref = match.group(0).strip() if match and not groups else None
        if not groups:
            out.append(
                Coverage(
                    subject=term,
                    provision=root.path,
                    logic="all",
                    conditions=(),
                    when=_when_of(tree, root, root),
                    exclusions=exclusions,
                    ref=ref,
                    definition=root.path,
                    scope=definition.scope,
                    # "For purposes of this section, 'developer' has the
                    # meaning defined in Section 22601 ...": the sentence,
                    # not the whole section it closes.
                    text=_clip(sentences.get(id(definition)) or tree.own_text(root)),
                )
            )
            continue
        # A dated variant that hands the definition to a regulator ("on and
        # after January 1, 2027, 'large developer' has the meaning defined by
        # a regulation adopted by the Attorney General") is a test too, with
        # no threshold in the bill.
        for tag, node, inner in nested:
            if inner.term != term or not tree.contains(root, node) or not (inner.ref or inner.form == "has_meaning"):
                continue
            if any(tree.contains(g.node, node) or tree.contains(node, g.node) for g in groups):
                continue
            out.append(
                Coverage(
                    subject=term,
                    provision=node.path,
                    logic="all",
                    conditions=(),
                    when=_when_of(tree, node, root),
                    exclusions=(),
                    ref=inner.ref or inner.definition,
                    definition=root.path,
                    scope=inner.scope,
                    text=_clip(sentence_around(tree.version, tag.start, tag.end)),
                )
            )
        for group in groups:
            out.append(
                Coverage(
                    subject=term,
                    provision=group.node.path,
                    logic=group.logic if len(group.conditions) > 1 else "all",
                    conditions=tuple(group.conditions),
                    when=group.when,
                    exclusions=exclusions,
                    ref=None,
                    definition=root.path,
                    scope=definition.scope,
                    text=_clip(tree.own_text(group.node)),
                )
            )
    order = {path: index for index, path in enumerate(tree.order)}
    out.sort(key=lambda c: (order.get(c.definition, 0), order.get(c.provision, 0)))
    return out


def _extent(
    root: Provision, start: int, term: str, definitions: list[tuple[Tag, Definition]], text: str = ""
) -> tuple[int, int]:
    """The part of ``root`` that belongs to the definition of ``term`` starting at ``start``.

    Where each definition has its own subdivision (California), that is all of
    ``root``. Where several definitions share one printed paragraph or
    section (New York's "1. 'Frontier model' means ... 2. 'Large developer'
    means ..." when the numbers are not read as labels), a definition runs
    from its own quoted term to the next definition of another term.
    """
    lo, hi = root.start, root.end
    for tag, other in definitions:
        if other.term == term or not (root.start <= tag.start < root.end):
            continue
        if tag.start < start:
            lo = max(lo, start)
        elif tag.start > start:
            hi = min(hi, tag.start)
    if text and lo < start:
        # "(b) ... a frontier model. 2. 'Large developer' means ...": the
        # words before the last full stop belong to something else. A date
        # phrase ("Before January 1, 2027, 'large developer' means") stays.
        line_start = text.rfind("\n", lo, start) + 1
        head = text[max(lo, line_start) : start]
        stops = list(re.finditer(r"[.;]\s+(?:\d+\.\s+)?", head))
        if stops:
            lo = max(lo, line_start) + stops[-1].end()
    return lo, hi


def _clip_to(tree: _Tree, node: Provision, lo: int, hi: int) -> str:
    """``node``'s own words that fall inside ``[lo, hi)``."""
    text = tree.version.text
    if not node.children:
        return text[max(node.start, lo) : min(node.end, hi)].strip()
    head = text[max(node.start, lo) : min(node.children[0].start, hi)]
    tail = text[max(node.children[-1].end, lo) : min(node.end, hi)]
    return (head + " " + tail).strip()


def _sentence_with(text: str, pattern: re.Pattern[str]) -> str:
    for sentence in re.split(r"(?<=[.;])\s+", text):
        if pattern.search(sentence):
            return _clip(_drop_labels(sentence), 300)
    return _clip(text, 300)


def _drop_labels(text: str) -> str:
    """A paragraph without its leading "(a) (1)" labels."""
    return re.sub(r"^(?:\s*\(\w{1,6}\))+\s*", "", text.strip())


def _clip(text: str, limit: int = 400) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + " …"


# --------------------------------------------------------------------------
# Institutions
# --------------------------------------------------------------------------

# "There is hereby established within the Government Operations Agency a
# consortium that shall ..."; "There is hereby created the Board of
# Frontier Models."; "The Office of X is hereby established".
_CREATED = (
    re.compile(
        r"\bthere (?:is|are) (?:hereby )?(?:established|created|constituted)"
        r"(?:\s+(?:within|in|under)\s+(?:the\s+)?(?:[A-Z][\w’'-]*\s*)+?)?"
        r"\s*,?\s*(?P<name>(?:a|an|the)\s+[^,.;]{2,80}?)(?=\s*(?:,|\.|;|\bthat\b|\bwhich\b|\bto\b|\bwithin\b|\bin the\b|$))",
        re.I,
    ),
    re.compile(
        r"(?P<name>\b(?:the|a|an)\s+[A-Z][^,.;]{2,80}?)\s+(?:is|are) (?:hereby )?(?:established|created)\b"
    ),
)

#: Words that make a body: an actor whose name ends in one of them, or that
#: is a titled office, is an institution rather than a regulated party.
_BODY_WORDS = re.compile(
    r"\b(agency|department|board|commission|council|consortium|office|division|bureau|"
    r"authority|committee|attorney general|commissioner|secretary|governor|legislature|"
    r"director|court|institute|task force|working group|ombudsperson|controller|treasurer|tribunal|"
    r"judge|administrator|comptroller|inspector|registrar|corporation)s?\b",
    re.I,
)


#: "“Board” means the Board of Frontier Models established by Section 22605."
_DEFINED_BODY = re.compile(
    r"^(?:the|a|an)\s+(?P<name>[A-Z][\w’'-]*(?:\s+(?:of|for|on|and|the|[A-Z][\w’'-]*))*?)\s+"
    r"(?:established|created|constituted|convened)\b",
)


def _names_body(wording: str) -> bool:
    return bool(_DEFINED_BODY.match(wording.strip()))


def _institutions(tree: _Tree, duties: list[Duty], definitions: Sequence[Definition] = ()) -> list[Institution]:
    text = tree.version.text
    found: dict[str, Institution] = {}
    aliases: dict[str, str] = {}
    for definition in definitions:
        match = _DEFINED_BODY.match(definition.definition.strip())
        if not match:
            continue
        key = normalize_actor(match.group("name"))
        aliases[definition.term] = key
        found.setdefault(
            key,
            Institution(name=key, role="created", provision=definition.provision, text=_clip(definition.text, 300)),
        )
    for provision in tree.version.walk():
        if provision.kind == "digest":
            continue
        if provision.children:
            continue
        chunk = text[provision.start : provision.end]
        for pattern in _CREATED:
            for match in pattern.finditer(chunk):
                name = re.sub(r"^(?:a|an|the)\s+", "", match.group("name").strip(), flags=re.I)
                name = re.sub(r"\s+to be known as .*$", "", name).strip()
                key = normalize_actor(name)
                if not key:
                    continue
                found[key] = Institution(
                    name=key,
                    role="created",
                    provision=provision.path,
                    text=_clip(
                        sentence_around(tree.version, provision.start + match.start(), provision.start + match.end()),
                        300,
                    ),
                )
    counts: dict[str, tuple[int, Duty]] = {}
    for duty in duties:
        if not duty.actor:
            continue
        created = aliases.get(duty.actor) or _created_match(duty.actor, found)
        if created or _is_body(duty.actor):
            key = created or duty.actor
            n, first = counts.get(key, (0, duty))
            counts[key] = (n + 1, first)
    out = list(found.values())
    out = [
        Institution(i.name, i.role, i.provision, i.text, counts.get(i.name, (0, None))[0])
        for i in out
    ]
    for key, (n, first) in counts.items():
        if key in found:
            continue
        out.append(
            Institution(name=key, role="empowered", provision=first.provision, text=first.text, duties=n)
        )
    return out


def _created_match(actor: str, created: dict[str, Institution]) -> str | None:
    for name in created:
        if actor == name or name.endswith(" " + actor) or actor.endswith(" " + name):
            return name
    return None


def _is_body(actor: str) -> bool:
    """A public body or office: "attorney general", "government operations agency",
    "secretary of homeland security" -- judged by the head of the name (before
    "of"), so "secretary's determination of unmet needs" or "funds made
    available under ... the Department of Defense" are not bodies."""
    head = re.split(r"\s+(?:of|for|on|under|within|in)\s+|[;,]", actor, maxsplit=1)[0].strip()
    if re.search(r"\b(person|developer|employer|operator|auditor|employee|deployer|user|entity|controller)\b", head):
        return False
    if len(head.split()) > 5:  # "regulations or rules made by the secretary" is no name
        return False
    if head in ("attorney general", "governor", "legislature", "court", "secretary", "commissioner"):
        return True
    return bool(re.search(_BODY_WORDS.pattern + r"$", head, re.I))


_SENTENCE_END = re.compile(r"(?<![A-Z][a-z])(?<!\b[A-Z])(?<!\bSec)(?<!\bNo)[.;:](?=\s+[\(A-Z“\"]|\s*$)|\n")


def sentence_around(version: Version, start: int, end: int) -> str:
    """The sentence of ``version.text`` that contains ``[start, end)``, without leading labels.

    A duty's tag covers its verb phrase ("shall annually retain a third-party
    auditor"); the sentence carries its conditions and dates too ("Beginning
    January 1, 2028, and annually thereafter, ..."), which amendments change.
    """
    text = version.text
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    head = line_start
    for match in _SENTENCE_END.finditer(text, line_start, start):
        head = match.end()
    tail = line_end
    match = _SENTENCE_END.search(text, max(end - 1, head), line_end)
    if match:
        tail = match.end()
    return _drop_labels(text[head:tail]).strip()


# --------------------------------------------------------------------------
# Assembly
# --------------------------------------------------------------------------


def _provision_of(tree: _Tree, tag: Tag) -> str:
    return tag.provision or tree.path_at(tag.start)


def _is_body_text(tree: _Tree, tag: Tag) -> bool:
    """False for the digest: it summarises the law, it is not the law."""
    node = tree.at(tag.start)
    while node is not None:
        if node.kind in ("digest",):
            return False
        node = tree.parent_of(node)
    return True


#: "... shall be recovered in a civil action brought only by the Attorney
#: General": who enforces a penalty section, when the tagger did not say.
_ENFORCED_BY = re.compile(
    r"\b(?:brought|recovered|enforced|assessed|imposed|sought)\b(?:\s+\w+){0,6}?\s+by\s+(?:the\s+)?"
    r"(?P<name>[A-Z][\w’'-]*(?:\s+(?:of\s+)?[A-Z][\w’'-]*)*)"
)
_MAY_BRING = re.compile(
    r"(?:the\s+)?(?P<name>[A-Z][\w’'-]*(?:\s+(?:of\s+)?[A-Z][\w’'-]*)*)\s+may\s+(?:bring|commence|file)\s+a\s+civil\s+action"
)


_BY_REFERENCE = re.compile(
    r"\b(?:specified|provided|set forth|prescribed) (?:in|by|under) (?!this\b)(?:subdivision|paragraph|section|article|chapter)\b",
    re.I,
)


_REFERENCE_PHRASE = re.compile(
    r"\b(?:specified|provided|set forth|prescribed) (?:in|by|under) (?!this\b)(?:subdivision|paragraph|section)\b(?:[^.;]|\.(?=\d))*?(?:Code|Act|law)\b",
    re.I,
)


def _settle_penalties(tree: _Tree, penalties: list[Penalty]) -> list[Penalty]:
    """Drop bare mentions of a penalty and fill in its enforcer from its section.

    "(b) The civil penalty shall be assessed in a civil action brought only by
    the Attorney General." mentions the penalty of (a) again; it is not a
    second penalty. It does say who enforces (a).
    """
    out: list[Penalty] = []
    by_section: dict[str, list[Penalty]] = {}
    for penalty in penalties:
        by_section.setdefault(penalty.section, []).append(penalty)
    for section, group in by_section.items():
        stated = {p.kind for p in group if p.amount is not None or p.placeholder or p.share_of}
        enforcer = next((p.enforcer for p in group if p.enforcer), None)
        if enforcer is None and section in tree.by_path:
            words = tree.full_text(tree.by_path[section])
            match = _ENFORCED_BY.search(words) or _MAY_BRING.search(words)
            if match:
                enforcer = normalize_actor(match.group("name"))
        for penalty in group:
            bare = penalty.amount is None and not penalty.placeholder and not penalty.share_of
            # "a civil penalty specified in subdivision (f) of Section 1102.5
            # of the Labor Code" is a penalty by reference, not a mention.
            if bare and penalty.kind in stated and not _BY_REFERENCE.search(penalty.text):
                continue
            if penalty.enforcer is None and enforcer:
                penalty = replace(penalty, enforcer=enforcer)
            if bare:
                match = _REFERENCE_PHRASE.search(penalty.text)
                if match and not match.group(0).lower().startswith(("described in this", "specified in this")):
                    penalty = replace(penalty, ref=match.group(0).strip())
            out.append(penalty)
    return out


def version_facts(version: Version, tags: Iterable[Tag]) -> Facts:
    """Facts of one version from its text, provision tree and tags.

    Args:
        version: the version.
        tags: its tags (from :func:`lexdiff.nlp.pipeline.tag_version`).

    Returns:
        The version's :class:`Facts`, each list in document order.
    """
    tree = _Tree(version)
    text = version.text
    by_group: dict[str, list[Tag]] = {}
    for tag in sorted(tags, key=lambda t: (t.start, t.end)):
        if not _is_body_text(tree, tag):
            continue
        by_group.setdefault(tag.group, []).append(tag)

    definitions: list[tuple[Tag, Definition]] = []
    for tag in by_group.get("definitions", []):
        term = normalize_term(str(tag.attrs.get("term") or ""))
        if not term:
            continue
        node = tree.at(tag.start)
        def_start = tag.attrs.get("def_start")
        def_end = tag.attrs.get("def_end")
        wording = str(tag.attrs.get("definition") or "")
        if not wording and isinstance(def_start, int) and isinstance(def_end, int):
            wording = text[def_start:def_end]
        definitions.append(
            (
                tag,
                Definition(
                    term=term,
                    definition=re.sub(r"\s+", " ", wording).strip(),
                    provision=_provision_of(tree, tag),
                    scope=tag.attrs.get("scope"),
                    form=tag.attrs.get("form"),
                    ref=tag.attrs.get("ref"),
                    text=_drop_labels(tree.full_text(node)) if node is not None else tag.text(text),
                ),
            )
        )

    # The words of each definition: its provision, but only from its own
    # quoted term to the next term defined in the same provision (flat
    # "1. ... 2. ..." lists).
    for index, (tag, definition) in enumerate(definitions):
        node = tree.at(tag.start)
        if node is None:
            continue
        lo, hi = _extent(node, tag.start, definition.term, definitions, text)
        if (lo, hi) == (node.start, node.end):
            continue
        words = re.sub(r"\s+\d{1,3}\.\s*$", "", text[lo:hi].strip())  # the next item's "2."
        definitions[index] = (tag, replace(definition, text=_drop_labels(words)))

    duties: list[Duty] = []
    for tag in by_group.get("deontic", []):
        duties.append(
            Duty(
                actor=normalize_actor(tag.attrs.get("actor")),
                modality=tag.label if tag.label in ("obligation", "prohibition", "permission") else str(tag.attrs.get("modality_kind") or tag.label),
                action=re.sub(r"\s+", " ", str(tag.attrs.get("action") or "")).strip(),
                provision=_provision_of(tree, tag),
                text=_clip(sentence_around(version, tag.start, tag.end), 500),
                modal=str(tag.attrs.get("modality") or ""),
            )
        )

    # The grammatical subject of a passive duty ("Personal data shall be
    # processed fairly") is what the duty is about, not who bears it.
    passive = {id(t) for t in by_group.get("deontic", []) if t.attrs.get("voice") == "passive"}
    actors = {
        d.actor
        for d, t in zip(duties, by_group.get("deontic", []))
        if d.modality in ("obligation", "prohibition") and id(t) not in passive and d.actor
    }
    # An actor named with a qualifier ("a developer of a covered model") is
    # still the defined term it starts with.
    terms = {d.term for _, d in definitions}
    for actor in list(actors):
        for term in terms:
            if actor.startswith(term + " of ") or actor.endswith(" " + term):
                actors.add(term)

    coverage = _coverage(tree, definitions, by_group.get("quantities", []), actors)

    penalties: list[Penalty] = []
    for tag in by_group.get("penalties", []):
        node = tree.at(tag.start)
        words = tag.text(text)
        amount = _number(tag.attrs.get("amount"))
        placeholder = bool(
            amount is None and (_PLACEHOLDER.search(words) or tag.attrs.get("placeholder"))
        )
        section = tree.section_of(node)
        penalties.append(
            Penalty(
                provision=_provision_of(tree, tag),
                violator=normalize_actor(tag.attrs.get("violator")) or None,
                kind=str(tag.attrs.get("kind") or "civil"),
                amount=clean_number(amount),
                unit=str(tag.attrs.get("unit") or ("USD" if amount is not None and not tag.attrs.get("share_of") else "")),
                share_of=tag.attrs.get("share_of"),
                tier=tag.attrs.get("tier"),
                enforcer=normalize_actor(tag.attrs.get("enforcer")) or None,
                text=_clip(sentence_around(version, tag.start, tag.end), 500),
                placeholder=placeholder,
                section=section.path if section is not None else "",
            )
        )

    penalties = _settle_penalties(tree, penalties)
    institutions = _institutions(tree, duties, [d for _, d in definitions])

    ambiguities = [
        Ambiguity(
            rule=str(tag.attrs.get("rule") or tag.label),
            severity=str(tag.attrs.get("severity") or "low"),
            reason=str(tag.attrs.get("reason") or ""),
            term=tag.attrs.get("term"),
            provision=_provision_of(tree, tag),
            text=_clip(tag.text(text), 300),
        )
        for tag in by_group.get("ambiguities", [])
    ]

    return Facts(
        version=version,
        coverage=tuple(coverage),
        penalties=tuple(penalties),
        institutions=tuple(institutions),
        duties=tuple(duties),
        definitions=tuple(d for _, d in definitions),
        ambiguities=tuple(ambiguities),
    )
