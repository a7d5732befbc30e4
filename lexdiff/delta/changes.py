"""What an amendment changed in the facts: coverage, penalties, institutions, duties, definitions, ambiguity.

:func:`compare_facts` pairs the facts of two versions (any two, not only
consecutive ones) and reports each difference as a :class:`Change` that names
the provisions before and after and quotes the words, in plain English:

    Coverage of “large developer” (BPC 22757.11(f)(1)(A) -> BPC 22757.11(g)(1)(A)):
    added condition annual gross revenues > $100,000,000 (joined with AND) ...

Facts are paired through the diff engine's provision alignment
(:func:`lexdiff.diff.align.align_provisions`), which follows renumbered
sections by their persistent ids and content: when SB 53 inserted two
sections before its penalty section, ``22757.14`` became ``22757.16``, and
the penalties there must be reported as *changed*, not removed and added.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import asdict, dataclass
from typing import Any, Callable, Iterable, Sequence, TypeVar

from lexdiff.delta.facts import (
    Ambiguity,
    Condition,
    Coverage,
    Definition,
    Duty,
    Facts,
    Penalty,
    clean_number,
)
from lexdiff.model import PATH_SEPARATOR, Version

#: Ambiguity rules that list every threshold and penalty tier for review
#: (see :mod:`lexdiff.nlp.ambiguity`); their changes are coverage and
#: penalty changes, reported in those areas.
WORKLIST_RULES: frozenset[str] = frozenset({"threshold", "penalty-tier"})

AREAS: tuple[str, ...] = ("coverage", "penalties", "institutions", "duties", "definitions", "ambiguity")

T = TypeVar("T")


@dataclass(frozen=True)
class Change:
    """One difference in the facts between two versions.

    Attributes:
        from_id, to_id: the versions compared.
        area: one of :data:`AREAS`.
        change: ``added`` / ``removed`` / ``modified``.
        subject: what changed: a regulated subject, a violator, an institution,
            an actor, a defined term or an ambiguity rule.
        before, after: the fact(s) before and after (JSON-ready), or None.
        provisions: the provisions concerned, before then after (paths).
        summary: one plain-English sentence quoting the words and numbers.
        affects: for a reworded definition, the provisions that use the term.
    """

    from_id: str
    to_id: str
    area: str
    change: str
    subject: str
    before: Any
    after: Any
    provisions: tuple[str, ...]
    summary: str
    affects: tuple[str, ...] = ()
    details: tuple[str, ...] = ()


def change_dict(change: Change) -> dict[str, Any]:
    """JSON object of a change (keys as in docs/json.md)."""
    return {
        "from": change.from_id,
        "to": change.to_id,
        "area": change.area,
        "change": change.change,
        "subject": change.subject,
        "before": change.before,
        "after": change.after,
        "provisions": list(change.provisions),
        "summary": change.summary,
        "details": list(change.details),
        "affects": list(change.affects),
    }


# --------------------------------------------------------------------------
# Words for people
# --------------------------------------------------------------------------


def short_path(path: str) -> str:
    """``"SEC. 2 > BPC 22757.11 > (g)(1)(A)"`` -> ``"BPC 22757.11(g)(1)(A)"``."""
    if not path:
        return "(no provision)"
    segments = path.split(PATH_SEPARATOR)
    if len(segments) >= 2 and segments[-1].startswith("("):
        return segments[-2] + segments[-1]
    return segments[-1] if len(segments[-1]) > 3 else path


def _span(before: str | None, after: str | None) -> str:
    a = short_path(before) if before else None
    b = short_path(after) if after else None
    if a and b and a != b:
        return f"{b}, was {a}"
    return b or a or ""


_SIGNS = {">": ">", ">=": "≥", "<": "<", "<=": "≤", "=": "="}
_MEASURE_WORDS = {
    "compute": "training compute",
    "compute_cost": "compute cost",
    "revenue": "annual gross revenues",
    "people": "people",
    "other": "amount",
}


def format_number(value: float | None, unit: str = "", measure: str = "") -> str:
    """``1e26`` -> ``10^26``; ``3e25`` -> ``3 × 10^25``; ``1e8`` dollars -> ``$100,000,000``."""
    if value is None:
        return "(blank)"
    money = measure in ("compute_cost", "revenue") or unit.upper() in ("USD", "$", "DOLLARS")
    if money:
        number = clean_number(value)
        return f"${number:,}" if isinstance(number, int) else f"${value:,.2f}"
    if abs(value) >= 1e15:
        exponent = len(str(int(abs(value)))) - 1 if value == int(value) else int(f"{value:e}".split("e")[1])
        mantissa = value / 10**exponent
        mantissa_text = f"{mantissa:g}"
        head = "" if mantissa_text == "1" else f"{mantissa_text} × "
        text = f"{head}10^{exponent}"
    else:
        number = clean_number(value)
        text = f"{number:,}" if isinstance(number, int) else f"{value:g}"
    return f"{text} {unit}".strip() if unit and unit.upper() != "USD" else text


def describe_condition(condition: Condition) -> str:
    """``training compute > 10^26 operations``."""
    sign = _SIGNS.get(condition.comparator or "", "")
    unit = condition.unit if condition.measure == "compute" else ""
    if condition.measure == "compute" and not unit:
        unit = "operations"
    value = format_number(condition.value, unit, condition.measure)
    words = _MEASURE_WORDS.get(condition.measure, condition.measure)
    return f"{words} {sign} {value}".replace("  ", " ").strip()


def _quote(text: str, limit: int = 160) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + " …"
    return f"“{text}”"


def describe_test(entry: Coverage, quote: bool = False) -> str:
    """One coverage test in words: ``training compute > 10^26 operations AND revenues > $100,000,000``.

    With ``quote``, each threshold is followed by the bill's own words.
    """
    if not entry.conditions:
        words = entry.ref or "no numeric threshold"
        return f"{entry.when}: {words}" if entry.when else words
    joiner = " AND " if entry.logic == "all" else " OR "
    body = joiner.join(
        describe_condition(c) + (f" ({_quote(c.text, 90)})" if quote and c.text else "") for c in entry.conditions
    )
    if entry.when:
        body = f"{entry.when}: {body}"
    return body


def describe_amount(penalty: Penalty) -> str:
    """The maximum in words: ``up to $10,000``, ``up to 10% of the cost of ...``, ``up to $____ (blank placeholder)``."""
    if penalty.placeholder:
        return "up to $____ (blank placeholder)"
    if penalty.share_of:
        share = format_number(penalty.amount) if penalty.amount is not None else "a share"
        unit = "%" if (penalty.unit or "").lower() in ("percent", "%") else f" {penalty.unit}".rstrip()
        return f"up to {share}{unit} of {penalty.share_of}"
    if penalty.amount is None:
        return penalty.ref or ""
    unit = penalty.unit or "USD"
    money = unit.upper() in ("USD", "$", "DOLLARS")
    return f"up to {format_number(penalty.amount, unit, 'revenue' if money else '')}"


def describe_penalty(penalty: Penalty) -> str:
    """``civil penalty up to $10,000 (unknowing)``; ``civil penalty up to 10% of the cost of ...``."""
    tier = f" ({penalty.tier.replace('_', ' ')})" if penalty.tier else ""
    noun = "relief" if penalty.kind == "injunctive" else "penalty"
    return f"{penalty.kind} {noun} {describe_amount(penalty)}".strip() + tier


# --------------------------------------------------------------------------
# Alignment of provisions
# --------------------------------------------------------------------------


class Alignment:
    """Which provision path of the old version became which of the new.

    Built from the diff engine's pairs; paths the engine did not pair fall back
    to their nearest paired ancestor, then to the same path.
    """

    def __init__(self, old: Version, new: Version, pairs: Iterable[Any] | None = None) -> None:
        self.old_to_new: dict[str, str] = {}
        self.new_to_old: dict[str, str] = {}
        if pairs is None:
            pairs = _engine_pairs(old, new)
        for pair in pairs:
            if pair.old is not None and pair.new is not None:
                self.old_to_new.setdefault(pair.old.path, pair.new.path)
                self.new_to_old.setdefault(pair.new.path, pair.old.path)
            elif pair.old is not None:
                # Removed: it has no counterpart, whatever its number says
                # (SB 53's old 22757.14 is not the new 22757.14).
                self.old_to_new.setdefault(pair.old.path, "")
            elif pair.new is not None:
                self.new_to_old.setdefault(pair.new.path, "")
        if not self.old_to_new:
            # No engine: same id, else same path.
            new_ids = {p.id: p.path for p in new.walk()}
            for provision in old.walk():
                target = new_ids.get(provision.id)
                if target:
                    self.old_to_new[provision.path] = target
                    self.new_to_old[target] = provision.path

    def to_new(self, path: str) -> str:
        """The new path of an old provision (its own, or derived from its nearest paired ancestor)."""
        return _map(path, self.old_to_new)

    def place(self, path: str) -> str:
        """Where an old provision's number now stands: its counterpart, else the
        same label under its section's counterpart ("(c)" of LAB 1107 that
        moved from SEC. 2 to SEC. 4 while its words were replaced)."""
        mapped = self.to_new(path)
        if mapped:
            return mapped
        section = _section(path)
        target = self.to_new(section) if section != path else ""
        return target + path[len(section) :] if target else ""

    def to_old(self, path: str) -> str:
        return _map(path, self.new_to_old)


def _map(path: str, table: dict[str, str]) -> str:
    if path in table:
        return table[path]
    # Walk up: "SEC. 2 > BPC 22757.14 > (a)" under a paired section.
    for cut in _prefixes(path):
        if cut in table:
            return table[cut] + path[len(cut) :] if table[cut] else ""
    return path


def _prefixes(path: str) -> list[str]:
    out = []
    index = len(path)
    while index > 0:
        sep = max(path.rfind(PATH_SEPARATOR, 0, index), path.rfind("(", 0, index))
        if sep <= 0:
            break
        out.append(path[:sep].rstrip())
        index = sep
    return out


def _engine_pairs(old: Version, new: Version) -> list[Any]:
    try:
        from lexdiff.diff.align import align_provisions
    except ImportError:  # the diff engine is optional for facts
        return []
    return align_provisions(old, new)


def _section(path: str) -> str:
    """``"SEC. 2 > BPC 22603 > (a)"`` -> ``"SEC. 2 > BPC 22603"``."""
    segments = path.split(PATH_SEPARATOR)
    while len(segments) > 1 and segments[-1].startswith("("):
        segments.pop()
    return PATH_SEPARATOR.join(segments)


def _code(path: str) -> str:
    """The code a provision sits in: ``"SEC. 3 > LAB 1107 > (a)"`` -> ``"LAB"`` ("" if none)."""
    segments = _section(path).split(PATH_SEPARATOR)
    head = segments[-1].split(" ", 1)[0]
    return head if head.isalpha() and head.isupper() and len(segments[-1].split(" ")) > 1 else ""


def _within(path: str, root: str) -> bool:
    return path == root or path.startswith(root + PATH_SEPARATOR) or path.startswith(root + "(")


# --------------------------------------------------------------------------
# Pairing
# --------------------------------------------------------------------------


def _pair(
    olds: Sequence[T],
    news: Sequence[T],
    score: Callable[[T, T], float],
    minimum: float = 0.0,
    exact: Callable[[T], Any] | None = None,
) -> tuple[list[tuple[T, T]], list[T], list[T]]:
    """Greedy best-first pairing; returns (pairs, old leftovers, new leftovers).

    ``exact``, when given, pairs items with equal keys first, in order; only
    the rest are scored against each other. An appropriations act has
    hundreds of duties, nearly all unchanged between two stages: scoring
    every pair would be quadratic in sentence comparisons.
    """
    used_old: set[int] = set()
    used_new: set[int] = set()
    pairs: list[tuple[int, int]] = []
    if exact is not None:
        waiting: dict[Any, list[int]] = {}
        for i, a in enumerate(olds):
            waiting.setdefault(exact(a), []).append(i)
        for j, b in enumerate(news):
            queue = waiting.get(exact(b))
            if queue:
                i = queue.pop(0)
                used_old.add(i)
                used_new.add(j)
                pairs.append((i, j))
    candidates = []
    for i, a in enumerate(olds):
        if i in used_old:
            continue
        for j, b in enumerate(news):
            if j in used_new:
                continue
            value = score(a, b)
            if value > minimum:
                candidates.append((-value, i, j))
    candidates.sort()
    for _, i, j in candidates:
        if i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        pairs.append((i, j))
    pairs.sort(key=lambda p: p[1])
    return (
        [(olds[i], news[j]) for i, j in pairs],
        [a for i, a in enumerate(olds) if i not in used_old],
        [b for j, b in enumerate(news) if j not in used_new],
    )


_TOKEN = re.compile(r"[\w$^.,%-]+")


def word_similarity(a: str, b: str) -> float:
    """Dice coefficient of the two texts' word multisets (0..1)."""
    wa = [w.lower() for w in _TOKEN.findall(a)]
    wb = [w.lower() for w in _TOKEN.findall(b)]
    if not wa and not wb:
        return 1.0
    if not wa or not wb:
        return 0.0
    matcher = difflib.SequenceMatcher(a=wa, b=wb, autojunk=False)
    return 2.0 * sum(block.size for block in matcher.get_matching_blocks()) / (len(wa) + len(wb))


_BAGS: dict[str, Counter[str]] = {}


def _bag_similarity(a: str, b: str) -> float:
    """Dice coefficient of the two texts' word multisets, ignoring order (cheap)."""
    if not a or not b:
        return 0.0
    bags = []
    for text in (a, b):
        bag = _BAGS.get(text)
        if bag is None:
            if len(_BAGS) > 50000:
                _BAGS.clear()
            bag = _BAGS[text] = Counter(w.lower() for w in _TOKEN.findall(text))
        bags.append(bag)
    total = sum(bags[0].values()) + sum(bags[1].values())
    return 2.0 * sum((bags[0] & bags[1]).values()) / total if total else 0.0


def word_changes(before: str, after: str, limit: int = 4, context: int = 2) -> list[str]:
    """The changed passages, quoted with a little context.

    ``"trained on broad data."`` vs ``"trained on a broad data set."`` gives
    ``["“trained on broad data.” → “trained on a broad data set.”"]``:
    edits a few words apart are one passage, since a reader compares phrases,
    not single words.
    """
    a = before.split()
    b = after.split()
    # Case is not wording: Colorado session laws print new law in capitals,
    # and the next act prints the same words in lower case.
    matcher = difflib.SequenceMatcher(a=[w.casefold() for w in a], b=[w.casefold() for w in b], autojunk=False)
    groups: list[list[int]] = []  # [i1, i2, j1, j2]
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        if groups and i1 - groups[-1][1] <= 3 and j1 - groups[-1][3] <= 3:
            groups[-1][1], groups[-1][3] = i2, j2
        else:
            groups.append([i1, i2, j1, j2])
    out = []
    for i1, i2, j1, j2 in groups:
        lo = min(context, i1, j1)
        hi = min(context, len(a) - i2, len(b) - j2)
        old = " ".join(a[i1 - lo : i2 + hi])
        new = " ".join(b[j1 - lo : j2 + hi])
        if i1 == i2 and not lo and not hi:
            out.append(f"inserted {_quote(new, 160)}")
        elif j1 == j2 and not lo and not hi:
            out.append(f"struck {_quote(old, 160)}")
        else:
            out.append(f"{_quote(old, 160)} → {_quote(new, 160)}")
    if len(out) > limit:
        out = out[:limit] + [f"and {len(out) - limit} more edit(s)"]
    return out


# --------------------------------------------------------------------------
# Coverage
# --------------------------------------------------------------------------


def _cov_dict(entry: Coverage) -> dict[str, Any]:
    return asdict(entry)


def _condition_key(condition: Condition) -> tuple[Any, ...]:
    return (condition.measure, condition.comparator, condition.value, condition.unit)


def _compare_conditions(a: Sequence[Condition], b: Sequence[Condition]) -> list[str]:
    """Added / removed / changed thresholds, in words."""
    def score(x: Condition, y: Condition) -> float:
        if x.measure != y.measure:
            return 0.0
        value = 1.0
        value += 1.0 if x.value == y.value else 0.0
        value += 0.5 if x.comparator == y.comparator else 0.0
        return value

    pairs, removed, added = _pair(list(a), list(b), score)
    notes: list[str] = []
    for x, y in pairs:
        if _condition_key(x) == _condition_key(y):
            continue
        notes.append(
            f"threshold changed: {describe_condition(x)} → {describe_condition(y)} "
            f"({_quote(x.text, 90)} → {_quote(y.text, 90)})"
        )
    for y in added:
        notes.append(f"added condition {describe_condition(y)} ({_quote(y.text, 90)})")
    for x in removed:
        notes.append(f"removed condition {describe_condition(x)} ({_quote(x.text, 90)})")
    return notes


def _coverage_changes(old: Facts, new: Facts, align: Alignment, ids: tuple[str, str]) -> list[Change]:
    changes: list[Change] = []
    old_by = _group(old.coverage, lambda c: c.subject)
    new_by = _group(new.coverage, lambda c: c.subject)

    removed_subjects = [s for s in old_by if s not in new_by]
    added_subjects = [s for s in new_by if s not in old_by]

    # A subject renamed in place: LAB 1107(c) defined "developer" and now
    # defines "large developer" (same provision, aligned).
    renamed: dict[str, str] = {}
    for gone in removed_subjects:
        gone_defs = {align.place(c.definition) for c in old_by[gone]}
        for came in added_subjects:
            if came in renamed.values():
                continue
            if gone_defs & {c.definition for c in new_by[came]}:
                renamed[gone] = came
                break

    for subject in added_subjects:
        if subject in renamed.values():
            continue
        entries = new_by[subject]
        changes.append(
            Change(
                *ids,
                area="coverage",
                change="added",
                subject=subject,
                before=None,
                after=[_cov_dict(e) for e in entries],
                provisions=tuple(dict.fromkeys(e.provision for e in entries)),
                summary=f"New regulated subject “{subject}” ({short_path(entries[0].definition)}): "
                + "; or ".join(describe_test(e, quote=True) for e in entries),
                details=tuple(_quote(e.text, 240) for e in entries),
            )
        )
    for subject in removed_subjects:
        if subject in renamed:
            continue
        entries = old_by[subject]
        changes.append(
            Change(
                *ids,
                area="coverage",
                change="removed",
                subject=subject,
                before=[_cov_dict(e) for e in entries],
                after=None,
                provisions=tuple(dict.fromkeys(e.provision for e in entries)),
                summary=f"Regulated subject “{subject}” removed ({short_path(entries[0].definition)}; was: "
                + "; or ".join(describe_test(e) for e in entries)
                + ")",
            )
        )
    for gone, came in renamed.items():
        before_entries, after_entries = old_by[gone], new_by[came]
        place = before_entries[0].definition
        counterpart = next(
            (e.definition for e in after_entries if e.definition == align.place(place)), after_entries[0].definition
        )
        changes.append(
            Change(
                *ids,
                area="coverage",
                change="modified",
                subject=came,
                before=[_cov_dict(e) for e in before_entries],
                after=[_cov_dict(e) for e in after_entries],
                provisions=tuple(dict.fromkeys([e.provision for e in before_entries] + [e.provision for e in after_entries])),
                summary=f"Regulated subject “{gone}” replaced by “{came}” ({_span(place, counterpart)}): "
                f"was {'; or '.join(describe_test(e, quote=True) for e in before_entries)}; now "
                + "; ".join(f"{short_path(e.provision)}: {describe_test(e, quote=True)}" for e in after_entries),
            )
        )

    for subject in [s for s in new_by if s in old_by]:
        changes.extend(_subject_changes(subject, old_by[subject], new_by[subject], align, ids))
    return changes


def _subject_changes(
    subject: str, olds: list[Coverage], news: list[Coverage], align: Alignment, ids: tuple[str, str]
) -> list[Change]:
    def score(a: Coverage, b: Coverage) -> float:
        value = 0.0
        if align.to_new(a.provision) == b.provision:
            value += 4
        if align.to_new(a.definition) == b.definition:
            value += 2
        elif a.scope and a.scope == b.scope:
            value += 1
        if a.when == b.when:
            value += 1
        shared = {c.measure for c in a.conditions} & {c.measure for c in b.conditions}
        value += len(shared)
        if not a.conditions and not b.conditions:
            value += 0.5
        return value

    pairs, removed, added = _pair(olds, news, score)
    out: list[Change] = []
    for a, b in pairs:
        notes = _compare_conditions(a.conditions, b.conditions)
        if len(b.conditions) > 1 and a.logic != b.logic and len(a.conditions) > 1:
            notes.append(
                f"conditions now joined with {'AND' if b.logic == 'all' else 'OR'} "
                f"(were joined with {'AND' if a.logic == 'all' else 'OR'})"
            )
        elif notes and len(b.conditions) > 1 and any(n.startswith("added condition") for n in notes):
            notes = [
                n + f" (joined with {'AND' if b.logic == 'all' else 'OR'})" if n.startswith("added condition") else n
                for n in notes
            ]
        if (a.when or "") != (b.when or ""):
            notes.append(f"dated variant {_quote(a.when or 'none')} → {_quote(b.when or 'none')}")
        for text in b.exclusions:
            if text not in a.exclusions:
                notes.append(f"exclusion added {_quote(text)}")
        for text in a.exclusions:
            if text not in b.exclusions:
                notes.append(f"exclusion removed {_quote(text)}")
        if (a.ref or "") != (b.ref or "") and not a.conditions and not b.conditions:
            notes.append(f"now {_quote(b.ref or 'defined in place')} (was {_quote(a.ref or 'defined in place')})")
        if not notes:
            continue
        out.append(
            Change(
                *ids,
                area="coverage",
                change="modified",
                subject=subject,
                before=_cov_dict(a),
                after=_cov_dict(b),
                provisions=(a.provision, b.provision),
                summary=f"Coverage of “{subject}” ({_span(a.provision, b.provision)}): " + "; ".join(notes),
                details=(f"before: {describe_test(a)}", f"after: {describe_test(b)}"),
            )
        )
    for b in added:
        out.append(
            Change(
                *ids,
                area="coverage",
                change="added",
                subject=subject,
                before=None,
                after=_cov_dict(b),
                provisions=(b.provision,),
                summary=(
                    f"Coverage of “{subject}”: also defined at {short_path(b.provision)}: {_quote(b.text, 200)}"
                    if b.ref and not b.conditions
                    else f"Coverage of “{subject}”: new test ({short_path(b.provision)}): {describe_test(b, quote=True)}"
                ),
                details=(_quote(b.text, 240),),
            )
        )
    for a in removed:
        out.append(
            Change(
                *ids,
                area="coverage",
                change="removed",
                subject=subject,
                before=_cov_dict(a),
                after=None,
                provisions=(a.provision,),
                summary=f"Coverage of “{subject}”: test removed ({short_path(a.provision)}): {describe_test(a, quote=True)}",
            )
        )
    return out


# --------------------------------------------------------------------------
# Penalties
# --------------------------------------------------------------------------


def _penalty_key(p: Penalty) -> tuple[Any, ...]:
    return (p.kind, p.amount, p.share_of, p.tier, p.placeholder, p.enforcer)


def _penalty_changes(old: Facts, new: Facts, align: Alignment, ids: tuple[str, str]) -> list[Change]:
    """Penalties grouped by section and violator, compared as schedules.

    A penalty section is one schedule ("$10,000 for an unknowing violation,
    $100,000 for a knowing one, ..."); an amendment that rewrites the
    schedule is one change to that violator's penalties, whatever became of
    the tier labels, while a penalty for a new kind of violator (an auditor)
    is an addition.
    """
    def section_of(p: Penalty) -> str:
        return p.section or p.provision

    old_sections = _group(old.penalties, section_of)
    new_sections = _group(new.penalties, section_of)
    out: list[Change] = []
    matched_new: set[str] = set()
    section_pairs: list[tuple[str | None, str | None]] = []
    for osec in old_sections:
        target = align.to_new(osec)
        if target in new_sections and target not in matched_new:
            matched_new.add(target)
            section_pairs.append((osec, target))
        else:
            section_pairs.append((osec, None))
    leftover_new = [n for n in new_sections if n not in matched_new]
    # A penalty section the Legislature struck and re-added under a new
    # number (SB 53: 22757.14 in 07-08, 22757.16 in 07-17, with new element
    # ids) is still the chapter's penalty section: pair leftovers that
    # provide the same kind of penalty in the same bill section.
    leftover_old = [i for i, (o, n) in enumerate(section_pairs) if n is None]
    for i in leftover_old:
        osec = section_pairs[i][0] or ""
        kinds = {p.kind for p in old_sections[osec]}
        best = None
        for nsec in leftover_new:
            if osec.split(PATH_SEPARATOR)[0] != nsec.split(PATH_SEPARATOR)[0]:
                continue
            shared = kinds & {p.kind for p in new_sections[nsec]}
            if shared - {"injunctive"}:
                best = nsec
                break
        if best is not None:
            leftover_new.remove(best)
            section_pairs[i] = (osec, best)
    for nsec in leftover_new:
        section_pairs.append((None, nsec))

    for osec, nsec in section_pairs:
        olds = old_sections.get(osec, []) if osec else []
        news = new_sections.get(nsec, []) if nsec else []
        old_v = _group(olds, lambda p: p.violator or "")
        new_v = _group(news, lambda p: p.violator or "")
        # "A violation of this chapter shall be subject to ..." names no
        # violator; its counterpart is the main schedule on the other side.
        vpairs, vgone, vcame = _pair(
            list(old_v),
            list(new_v),
            lambda a, b: 3.0 if a == b else (1.0 + len(old_v[a]) + len(new_v[b])) / 100 if not a or not b else 0.0,
        )
        for a, b in vpairs:
            before, after = old_v[a], new_v[b]
            if sorted(map(_penalty_key, before), key=repr) == sorted(map(_penalty_key, after), key=repr) and sorted(
                _fold(p.text) for p in before
            ) == sorted(_fold(p.text) for p in after):
                continue
            who = b or a or "any violator"
            notes = _schedule_changes(_distinct(before), _distinct(after), align)
            kinds_a = {p.kind for p in before}
            kinds_b = {p.kind for p in after}
            if "criminal" in kinds_a and "criminal" not in kinds_b:
                notes.append("criminal exposure removed")
            if "criminal" in kinds_b and "criminal" not in kinds_a:
                notes.append("criminal exposure added")
            enforcers_a = {p.enforcer for p in before if p.enforcer}
            enforcers_b = {p.enforcer for p in after if p.enforcer}
            if enforcers_a != enforcers_b:
                notes.append(
                    f"enforced by {', '.join(sorted(enforcers_b)) or 'no one named'} "
                    f"(was {', '.join(sorted(enforcers_a)) or 'no one named'})"
                )
            if not notes:
                continue
            out.append(
                Change(
                    *ids,
                    area="penalties",
                    change="modified",
                    subject=who,
                    before=[asdict(p) for p in before],
                    after=[asdict(p) for p in after],
                    provisions=tuple(dict.fromkeys([p.provision for p in before] + [p.provision for p in after])),
                    summary=f"Penalties for “{who}” ({_span(osec, nsec)}): " + "; ".join(notes),
                    details=tuple(_quote(p.text, 240) for p in after),
                )
            )
        for b in vcame:
            after = new_v[b]
            who = b or "any violator"
            out.append(
                Change(
                    *ids,
                    area="penalties",
                    change="added",
                    subject=who,
                    before=None,
                    after=[asdict(p) for p in after],
                    provisions=tuple(dict.fromkeys(p.provision for p in after)),
                    summary=f"New penalty for “{who}” ({short_path(after[0].provision)}): "
                    + "; ".join(describe_penalty(p) for p in _distinct(after))
                    + (f"; enforced by {after[0].enforcer}" if after[0].enforcer else ""),
                    details=tuple(_quote(p.text, 240) for p in after),
                )
            )
        for a in vgone:
            before = old_v[a]
            who = a or "any violator"
            out.append(
                Change(
                    *ids,
                    area="penalties",
                    change="removed",
                    subject=who,
                    before=[asdict(p) for p in before],
                    after=None,
                    provisions=tuple(dict.fromkeys(p.provision for p in before)),
                    summary=f"Penalty for “{who}” removed ({short_path(before[0].provision)}): "
                    + "; ".join(f"{describe_penalty(p)} ({_quote(p.text, 120)})" for p in _distinct(before))
                    + ("; criminal exposure removed" if any(p.kind == "criminal" for p in before) else ""),
                )
            )
    return out


def _schedule_changes(before: list[Penalty], after: list[Penalty], align: Alignment) -> list[str]:
    """Tier by tier: "civil up to $____ (per day) → civil up to $10,000 (per day)".

    Tiers are paired by kind and tier name, then by place; what is left on
    both sides is a rewritten schedule, shown whole before → after.
    """
    def score(a: Penalty, b: Penalty) -> float:
        if a.kind != b.kind:
            return 0.0
        value = 0.1
        if (a.tier or "") == (b.tier or ""):
            value += 2.0
        if align.to_new(a.provision) == b.provision:
            value += 1.0
        if (a.share_of is None) == (b.share_of is None):
            value += 0.5
        return value if value >= 2.0 or (a.tier is None and b.tier is None) else 0.0

    pairs, gone, came = _pair(before, after, score)
    notes = []
    # Tiers of one sentence share its rewording: "10% (first); 30%
    # (subsequent) reworded: ..." once.
    reworded_only: dict[str, list[str]] = {}
    amount_edits: dict[str, None] = {}
    for a, b in pairs:
        reworded = _fold(a.text) != _fold(b.text)
        edits = "; ".join(word_changes(_norm(a.text), _norm(b.text), limit=2)) if reworded else ""
        if (a.amount, a.placeholder, a.share_of, a.unit) != (b.amount, b.placeholder, b.share_of, b.unit):
            notes.append(f"{describe_penalty(a)} → {describe_penalty(b)}")
            if edits:
                amount_edits.setdefault(edits, None)
        elif edits:
            # Same maximum, other words: "at the time of training" -> "at
            # the start of training" changes how the 10 percent is computed.
            reworded_only.setdefault(edits, []).append(describe_penalty(b))
    notes.extend(f"words: {edits}" for edits in amount_edits)
    notes.extend(f"{'; '.join(tiers)} reworded: {edits}" for edits, tiers in reworded_only.items())
    if gone and came:
        notes.append(
            "; ".join(describe_penalty(p) for p in gone) + " → " + "; ".join(describe_penalty(p) for p in came)
        )
    else:
        notes.extend(f"removed {describe_penalty(p)} ({_quote(p.text, 100)})" for p in gone)
        notes.extend(f"added {describe_penalty(p)}" for p in came)
    return notes


def _distinct(penalties: Sequence[Penalty]) -> list[Penalty]:
    seen: set[tuple[Any, ...]] = set()
    out = []
    for p in penalties:
        key = (p.kind, p.amount, p.share_of, p.tier, p.placeholder)
        if key in seen:
            continue
        seen.add(key)
        out.append(p)
    return out


# --------------------------------------------------------------------------
# Institutions, duties, definitions, ambiguity
# --------------------------------------------------------------------------


def _institution_changes(old: Facts, new: Facts, ids: tuple[str, str]) -> list[Change]:
    out: list[Change] = []
    old_by = {i.name: i for i in old.institutions}
    new_by = {i.name: i for i in new.institutions}
    for name, inst in new_by.items():
        if name not in old_by:
            verb = "created" if inst.role == "created" else "given duties or powers"
            out.append(
                Change(
                    *ids, area="institutions", change="added", subject=name, before=None,
                    after=asdict(inst), provisions=(inst.provision,),
                    summary=f"“{name}” {verb} ({short_path(inst.provision)}): {_quote(inst.text)}",
                )
            )
        elif old_by[name].role != inst.role:
            was = old_by[name]
            out.append(
                Change(
                    *ids, area="institutions", change="modified", subject=name, before=asdict(was),
                    after=asdict(inst), provisions=(was.provision, inst.provision),
                    summary=f"“{name}”: {was.role} → {inst.role} ({_span(was.provision, inst.provision)})",
                )
            )
    for name, inst in old_by.items():
        if name not in new_by:
            out.append(
                Change(
                    *ids, area="institutions", change="removed", subject=name, before=asdict(inst),
                    after=None, provisions=(inst.provision,),
                    summary=f"“{name}” no longer {'created' if inst.role == 'created' else 'given duties or powers'} "
                    f"(was {short_path(inst.provision)}: {_quote(inst.text)})",
                )
            )
    return out


def _duty_changes(old: Facts, new: Facts, align: Alignment, ids: tuple[str, str]) -> list[Change]:
    def score(a: Duty, b: Duty) -> float:
        if a.modality != b.modality and {a.modality, b.modality} != {"obligation", "permission"}:
            return 0.0
        same_place = align.to_new(a.provision) == b.provision
        # Word-bag overlap bounds the ordered similarity from above: skip
        # the ordered comparison when even the bags are too far apart.
        if _bag_similarity(a.text, b.text) < (0.4 if same_place else 0.8) and _bag_similarity(a.action, b.action) < 0.4:
            return 0.0
        sim = max(word_similarity(a.action, b.action) if a.action and b.action else 0.0, word_similarity(a.text, b.text))
        # In the same provision, the same actor's duty survives a rewrite of
        # half its words ("submit to the Division a certification" -> "submit
        # to the Attorney General a statement of compliance").
        if sim < (0.4 if same_place and a.actor == b.actor else 0.5 if same_place else 0.8):
            return 0.0
        return sim + (1.0 if same_place else 0.0) + (0.3 if a.actor == b.actor else 0.0)

    pairs, removed, added = _pair(
        list(old.duties), list(new.duties), score, exact=lambda d: (d.actor, d.modality, _fold(d.text))
    )
    out: list[Change] = []
    # Several duties in one sentence ("... shall remain available ... of
    # which ... shall be ...") share one rewording: report it once.
    seen: set[tuple[str, ...]] = set()
    for a, b in pairs:
        notes = []
        if a.actor != b.actor:
            notes.append(f"re-assigned from “{a.actor or 'unnamed'}” to “{b.actor or 'unnamed'}”")
        if a.modality != b.modality:
            notes.append(f"{a.modality} → {b.modality} ({_quote(a.modal)} → {_quote(b.modal)})")
        if short_path(_section(a.provision)) != short_path(_section(b.provision)) and (
            align.to_new(_section(a.provision)) != _section(b.provision) or _code(a.provision) != _code(b.provision)
        ):
            notes.append(f"moved from {short_path(a.provision)} to {short_path(b.provision)}")
        if _fold(a.text) != _fold(b.text):
            notes.append("reworded: " + "; ".join(word_changes(_norm(a.text), _norm(b.text), limit=3)))
        if not notes:
            continue
        key = (a.provision, b.provision, a.actor, b.actor, *notes)
        if key in seen:
            continue
        seen.add(key)
        out.append(
            Change(
                *ids, area="duties", change="modified", subject=b.actor or a.actor,
                before=asdict(a), after=asdict(b), provisions=(a.provision, b.provision),
                summary=f"Duty of “{b.actor or 'unnamed'}” ({_span(a.provision, b.provision)}) {'; '.join(notes)}",
            )
        )
    for change, word, duties in (("added", "New", added), ("removed", "Removed", removed)):
        for d in duties:
            key = (change, d.provision, d.actor, d.modality, d.text)
            if key in seen:
                continue
            seen.add(key)
            out.append(
                Change(
                    *ids, area="duties", change=change, subject=d.actor,
                    before=asdict(d) if change == "removed" else None,
                    after=asdict(d) if change == "added" else None,
                    provisions=(d.provision,),
                    summary=f"{word} {d.modality} of “{d.actor or 'unnamed'}” ({short_path(d.provision)}): {_quote(d.text, 200)}",
                )
            )
    return out


def _definition_changes(old: Facts, new: Facts, align: Alignment, ids: tuple[str, str], term_uses: Callable[[str], list[str]]) -> list[Change]:
    def score(a: Definition, b: Definition) -> float:
        if a.term != b.term:
            return 0.0
        value = 1.0
        if align.to_new(a.provision) == b.provision:
            value += 2.0
        if a.scope and a.scope == b.scope:
            value += 0.5
        return value + word_similarity(a.text, b.text)

    # A term defined twice within one definition ("(g) 'Large developer'
    # means either ... (1)(A) Before ..., 'large developer' means ...") is
    # one definition for this comparison: keep the outermost.
    olds = _outermost(old.definitions)
    news = _outermost(new.definitions)
    pairs, removed, added = _pair(olds, news, score)
    out: list[Change] = []
    for a, b in pairs:
        if _fold(a.text) == _fold(b.text):
            continue
        edits = word_changes(_strip(a.text), _strip(b.text))
        uses = [p for p in term_uses(b.term) if not _within(p, b.provision)]
        out.append(
            Change(
                *ids, area="definitions", change="modified", subject=b.term,
                before=asdict(a), after=asdict(b), provisions=(a.provision, b.provision),
                summary=f"Definition of “{b.term}” reworded ({_span(a.provision, b.provision)}): "
                + "; ".join(edits)
                + (f" — changes the meaning of {len(uses)} provision(s) that use it" if uses else ""),
                affects=tuple(uses),
                details=(f"before: {_quote(a.text, 400)}", f"after: {_quote(b.text, 400)}"),
            )
        )
    for b in added:
        out.append(
            Change(
                *ids, area="definitions", change="added", subject=b.term, before=None, after=asdict(b),
                provisions=(b.provision,),
                summary=f"New definition of “{b.term}” ({short_path(b.provision)}): {_quote(b.text, 200)}",
            )
        )
    for a in removed:
        out.append(
            Change(
                *ids, area="definitions", change="removed", subject=a.term, before=asdict(a), after=None,
                provisions=(a.provision,),
                summary=f"Definition of “{a.term}” removed ({short_path(a.provision)}): {_quote(a.text, 200)}",
            )
        )
    return out


def _outermost(definitions: Sequence[Definition]) -> list[Definition]:
    out: list[Definition] = []
    for d in definitions:
        if any(o.term == d.term and _within(d.provision, o.provision) for o in out):
            continue
        out.append(d)
    return out


def _strip(text: str) -> str:
    return re.sub(r"^(?:\(\w{1,6}\)\s*)+", "", text.strip())


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", _strip(text)).strip()


def _fold(text: str) -> str:
    # What counts as the same wording: case aside (Colorado prints new law in
    # capitals), and spaces around punctuation aside (an OCR text layer reads
    # "FEBRUARY 1,2026" where the print has "FEBRUARY 1, 2026").
    return _PUNCT_SPACE.sub(r"\1", _norm(text)).casefold()


_PUNCT_SPACE = re.compile(r"\s*([,.;:()])\s*")


def _ambiguity_changes(old: Facts, new: Facts, align: Alignment, ids: tuple[str, str]) -> list[Change]:
    def score(a: Ambiguity, b: Ambiguity) -> float:
        if a.rule != b.rule:
            return 0.0
        sim = word_similarity(a.text, b.text)
        same_place = align.to_new(a.provision) == b.provision
        if not same_place and sim < 0.9:
            return 0.0
        if (a.term or "").casefold() != (b.term or "").casefold() and sim < 0.9:
            return 0.0
        return sim + (1.0 if same_place else 0.0)

    # Worklist findings that restate a threshold or a penalty tier change
    # exactly when the coverage or penalty does, and are reported there.
    olds = [a for a in old.ambiguities if a.rule not in WORKLIST_RULES]
    news = [a for a in new.ambiguities if a.rule not in WORKLIST_RULES]
    pairs, removed, added = _pair(olds, news, score)
    out: list[Change] = []
    for b in added:
        out.append(
            Change(
                *ids, area="ambiguity", change="added", subject=b.rule, before=None, after=asdict(b),
                provisions=(b.provision,),
                summary=f"Ambiguity introduced ({b.rule}, {b.severity}) at {short_path(b.provision)}: {b.reason} {_quote(b.text, 140)}".replace("  ", " "),
            )
        )
    for a in removed:
        out.append(
            Change(
                *ids, area="ambiguity", change="removed", subject=a.rule, before=asdict(a), after=None,
                provisions=(a.provision,),
                summary=f"Ambiguity resolved ({a.rule}) at {short_path(a.provision)}: {_quote(a.text, 140)}",
            )
        )
    return out


def _group(items: Iterable[T], key: Callable[[T], str]) -> dict[str, list[T]]:
    out: dict[str, list[T]] = {}
    for item in items:
        out.setdefault(key(item), []).append(item)
    return out


def _term_uses_finder(facts: Facts, tags: Sequence[Any] | None) -> Callable[[str], list[str]]:
    """Provisions of ``facts.version`` that use a defined term (tagger's ``term_uses``, else the words)."""
    version = facts.version
    by_term: dict[str, list[str]] = {}
    if tags:
        for tag in tags:
            if tag.group == "term_uses":
                term = str(tag.attrs.get("term") or "").lower()
                node = version.provision_at(tag.start)
                if node is not None and node.kind != "digest":
                    by_term.setdefault(term, []).append(node.path)

    def find(term: str) -> list[str]:
        if term in by_term:
            return list(dict.fromkeys(by_term[term]))
        pattern = re.compile(r"(?<![\w-])" + re.escape(term) + r"s?(?![\w-])", re.I)
        found = []
        for provision in version.walk():
            if provision.children or provision.kind == "digest":
                continue
            if pattern.search(version.text[provision.start : provision.end]):
                found.append(provision.path)
        return found

    return find


def compare_facts(
    old: Facts,
    new: Facts,
    *,
    pairs: Iterable[Any] | None = None,
    new_tags: Sequence[Any] | None = None,
) -> list[Change]:
    """Every change in the facts from ``old`` to ``new``.

    Args:
        old, new: facts of two versions of one bill (any two).
        pairs: the diff engine's provision pairs for these versions; computed
            with :func:`lexdiff.diff.align.align_provisions` when omitted.
        new_tags: the new version's tags, to list the provisions that use a
            reworded term (``term_uses``); the words are searched otherwise.

    Returns:
        Changes ordered by area (:data:`AREAS`), then as found.
    """
    align = Alignment(old.version, new.version, pairs)
    ids = (old.version.id, new.version.id)
    changes: list[Change] = []
    changes += _coverage_changes(old, new, align, ids)
    changes += _penalty_changes(old, new, align, ids)
    changes += _institution_changes(old, new, ids)
    changes += _duty_changes(old, new, align, ids)
    changes += _definition_changes(old, new, align, ids, _term_uses_finder(new, new_tags))
    changes += _ambiguity_changes(old, new, align, ids)
    return changes
