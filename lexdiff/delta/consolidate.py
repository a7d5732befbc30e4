"""Apply an amending act to the law it amends, so a history compares whole laws.

Colorado's law on automated decisions was made by SB 24-205 (which printed
all of part 17 of article 1 of title 6), then amended by SB 25B-004, which
prints only what it changes::

    SECTION 1. In Colorado Revised Statutes, 6-1-1702, amend (1), (2)
    introductory portion, (3)(a), (4)(a) introductory portion, (5)
    introductory portion, and (7) as follows:
    6-1-1702. Developer duty to avoid algorithmic discrimination ...
    (1) On and after JUNE 30, 2026, a developer ...

Compared as printed, every provision the amending act leaves out would show
as repealed. Here the act is applied instead: each provision it prints
replaces its own text (the label and the words before its first
subdivision: an "introductory portion" replaces just that) in the same code
section of the law, and everything it does not print stays. The result is
a version with the act's identity and date over the whole law as amended.

Only what can be applied safely is: an act that shares no code section with
the law, or that repeals and re-enacts a unit (it then prints all of it),
is left as it is; a provision the law does not have is listed in
``meta["consolidated"]["not_applied"]`` rather than guessed into place.
"""

from __future__ import annotations

import bisect
import difflib
import re
from dataclasses import replace
from typing import Sequence

from lexdiff.model import Provision, Version

#: "repeal and reenact, with amendments, part 17": the act prints the whole unit.
_REENACT = re.compile(r"\brepeal\s+and\s+reenact", re.I)
#: An instruction to amend existing law ("amend (1), (2) introductory portion").
_AMEND = re.compile(r"\b(amend|add|repeal)\b", re.I)


def _code_sections(version: Version) -> dict[str, Provision]:
    found: dict[str, Provision] = {}
    for provision in version.walk():
        if provision.kind == "code_section" and provision.label:
            found.setdefault(provision.label, provision)
    return found


def _own_end(provision: Provision) -> int:
    """End of a provision's own text: its label and the words before its first subdivision."""
    return provision.children[0].start if provision.children else provision.end


def _relative(provision: Provision, section: Provision) -> str:
    return provision.path[len(section.path) :]


def _instructions(act: Version) -> str:
    """The act's bill sections' own text (their action lines), joined."""
    pieces = []
    for provision in act.walk():
        if provision.kind == "bill_section":
            pieces.append(act.text[provision.start : _own_end(provision)])
    return "\n".join(pieces)


def keep_printing(before: str, printed: str) -> str:
    """The amended text, with the words it did not change printed as they were.

    Colorado prints new law in capitals: SB 24-205 printed all of part 17
    in capitals, and SB 25B-004 reprints the same words in small letters
    as existing law, with only its own insertions in capitals ("On and after
    JUNE 30, 2026, a developer"). Taken as printed, every word of an
    amended provision would differ in case from the law before it. The
    words the act kept (the same word, case aside, in a common run found by
    :class:`difflib.SequenceMatcher`, whose longest-block-first matching
    suits a few changed words in a sentence) keep the law's printing; the
    words the act changed are as the act prints them:
    "(1) ON AND AFTER JUNE 30, 2026, A DEVELOPER ...".
    """
    if before == printed:
        return printed
    old_words, new_words = before.split(" "), printed.split(" ")
    matcher = difflib.SequenceMatcher(
        None, [w.casefold() for w in old_words], [w.casefold() for w in new_words], autojunk=False
    )
    out: list[str] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        out.extend(old_words[i1:i2] if tag == "equal" else new_words[j1:j2])
    return " ".join(out)


def consolidate(law: Version, act: Version) -> Version | None:
    """``law`` with ``act``'s printed provisions put in place of its own, or None when ``act`` is not that.

    Args:
        law: the law before the act (a complete text of the code sections
            the act amends).
        act: a later act of another measure that amends some of them.

    Returns:
        A version with ``act``'s bill, id, label and date over the amended
        law, ``meta["consolidated"]`` saying what was applied; None when the
        act shares no code section with the law, re-enacts a whole unit,
        gives no instruction to amend, or would change nothing.
    """
    instructions = _instructions(act)
    if _REENACT.search(instructions) or not _AMEND.search(instructions):
        return None
    law_codes = _code_sections(law)
    act_codes = _code_sections(act)
    common = [label for label in act_codes if label in law_codes]
    if not common:
        return None
    edits: list[tuple[int, int, str]] = []
    not_applied: list[str] = []
    for label in common:
        old_section, new_section = law_codes[label], act_codes[label]
        old_by_path = {_relative(p, old_section): p for p in old_section.walk()}
        for printed in new_section.walk():
            relative = _relative(printed, new_section)
            if not relative:
                continue  # the code section's number and catchline
            text = act.text[printed.start : _own_end(printed)].rstrip("\n")
            if not text.strip() or text.strip() == printed.label.strip():
                continue  # "(3)" printed only to lead into "(3)(a)"
            target = old_by_path.get(relative)
            if target is None:
                not_applied.append(printed.path)
                continue
            end = _own_end(target)
            if law.text[end - 1 : end] == "\n" and end > target.start:
                end -= 1
            text = keep_printing(law.text[target.start : end], text)
            if law.text[target.start : end] != text:
                edits.append((target.start, end, text))
    if not edits:
        return None
    edits.sort()
    pieces: list[str] = []
    at = 0
    for start, end, text in edits:
        pieces.append(law.text[at:start])
        pieces.append(text)
        at = end
    pieces.append(law.text[at:])
    new_text = "".join(pieces)
    ends = [end for _, end, _ in edits]
    shifts = [0]
    for start, end, text in edits:
        shifts.append(shifts[-1] + len(text) - (end - start))

    def move(offset: int) -> int:
        # Offsets at or after an edit's end move by the edits before them; a
        # provision starting where an edit starts keeps its start.
        return offset + shifts[bisect.bisect_right(ends, offset)]

    def remap(provision: Provision) -> Provision:
        return replace(
            provision,
            start=move(provision.start),
            end=move(provision.end),
            children=tuple(remap(child) for child in provision.children),
        )

    meta = dict(act.meta)
    meta["consolidated"] = {
        "law": law.id,
        "law_source": law.source,
        "act": act.id,
        "replaced": len(edits),
        "code_sections": common,
        "not_applied": not_applied,
    }
    return replace(
        act,
        text=new_text,
        provisions=tuple(remap(p) for p in law.provisions),
        marks=(),
        meta=meta,
    )


def effective_versions(versions: Sequence[Version]) -> list[Version]:
    """The versions of a history, each amending act of another measure applied to the law before it.

    Versions of one bill are left as they are (each prints the whole bill).
    """
    out: list[Version] = []
    for version in versions:
        if out and out[-1].bill.same_measure(version.bill) is False:
            applied = consolidate(out[-1], version)
            if applied is not None:
                out.append(applied)
                continue
        out.append(version)
    return out


def is_consolidated(version: Version) -> bool:
    return "consolidated" in version.meta

