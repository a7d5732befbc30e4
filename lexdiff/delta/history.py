"""A bill's life: its versions in order, the facts of each, and what each amendment changed.

:func:`order_versions` puts versions in legislative order (by the date the
format records, else a date in the file name, else the stage, else the
order given); :func:`build_history` computes the facts of every version and
the changes of every amendment (consecutive versions) or of every version
against one chosen stage (``base``).

The tagger is a parameter (``tagger(version) -> list[Tag]``) so that this
module, like every stage between ingest and render, is a plain function of
model objects; the CLI passes :func:`lexdiff.nlp.pipeline.tag_version`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

from lexdiff.delta.changes import Change, compare_facts
from lexdiff.delta.consolidate import effective_versions
from lexdiff.delta.facts import Facts, version_facts
from lexdiff.errors import UsageError
from lexdiff.model import Bill, Version
from lexdiff.nlp.tags import Tag

Tagger = Callable[[Version], list[Tag]]

#: Stage codes in the order a bill passes them (California, then Congress).
#: Where a stage code stands in a bill's life (CAML states, GPO/USLM stage
#: codes), used to break ties between equal dates and to order versions
#: without dates. GPO's codes are per chamber (a Senate bill is "rh" after
#: "es"), so this is coarse. U.S. enrolled bills in USLM often carry no date
#: (HR 1058: "enr" undated, "rds" 2019-07-24).
STAGE_RANK: dict[str, int] = {
    "int": 0, "ih": 0, "is": 0, "pcs": 0, "pch": 0,
    "rh": 1, "rs": 1, "rih": 1, "ris": 1, "amd": 1,
    "eh": 2, "es": 2, "eph": 2, "eps": 2,
    "rds": 3, "rdh": 3, "rfs": 3, "rfh": 3, "rcs": 3, "rch": 3,
    "ats": 4, "ath": 4, "cps": 4, "cph": 4,
    "eas": 5, "eah": 5, "as": 5, "ah": 5,
    "enr": 6, "chp": 7, "pl": 7,
}
_DATE_IN_NAME = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_NUMBER_PREFIX = re.compile(r"^(\d{1,3})[-_. ]")


@dataclass(frozen=True)
class Stage:
    """One version in a history, with its facts."""

    index: int  # 1-based position in legislative order
    version: Version
    facts: Facts
    tags: tuple[Tag, ...] = ()

    numbered: bool = True  # False for the two versions of `diff --semantic`
    #: The bill's citation, when the history spans several measures (an act
    #: and the acts that later amended or re-enacted the same law).
    measure: str = ""

    @property
    def name(self) -> str:
        """What people call this stage: ``"02 Amended in Senate (2025-02-27)"``.

        With several measures in one history each stage names its own:
        ``"03 CO SB 25B-004 (2025): Approved (2025-08-28)"``.
        """
        date = version_date(self.version)
        label = self.version.label or os.path.basename(self.version.source or self.version.id)
        number = f"{self.index:02d} " if self.numbered else ""
        measure = f"{self.measure}: " if self.measure else ""
        return f"{number}{measure}{label}" + (f" ({date})" if date and date not in label else "")


@dataclass(frozen=True)
class History:
    """Facts per version and the changes of each comparison."""

    bill: Bill
    stages: tuple[Stage, ...]
    comparisons: tuple[tuple[int, int], ...]  # (from index, to index), 1-based
    changes: tuple[Change, ...]
    base: int | None = None  # index of the base stage when --base was given

    def stage(self, index: int) -> Stage:
        return self.stages[index - 1]

    def changes_between(self, old: int, new: int) -> list[Change]:
        a, b = self.stage(old).version.id, self.stage(new).version.id
        return [c for c in self.changes if c.from_id == a and c.to_id == b]


def version_date(version: Version) -> str | None:
    """The version's date: the format's own, else one recorded in its meta, else one in its file name."""
    if version.date:
        return version.date
    for key in ("date", "introduced_date"):
        value = version.meta.get(key) if version.meta else None
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return value
    match = _DATE_IN_NAME.search(os.path.basename(version.source or ""))
    if match:
        return "-".join(match.groups())
    return None


def order_versions(versions: Sequence[Version]) -> list[Version]:
    """Versions in legislative order.

    Dates decide when every version has one (from the format's metadata or
    the file name, e.g. ``02-2025-02-27-amended-senate.xml``); ties are broken
    by stage (:data:`STAGE_RANK`: introduced < amended < enrolled <
    chaptered) and then by a numeric file-name prefix. Without dates for
    all, known stage codes on every version decide (then dates); else a
    numeric prefix on every file name; otherwise the order given is kept.
    ``history`` and ``report`` both order versions here.
    """
    indexed = list(enumerate(versions))

    def prefix(version: Version) -> int | None:
        match = _NUMBER_PREFIX.match(os.path.basename(version.source or ""))
        return int(match.group(1)) if match else None

    def stage(version: Version) -> int | None:
        return STAGE_RANK.get((version.state or "").lower())

    if all(version_date(v) for v in versions):
        indexed.sort(
            key=lambda item: (version_date(item[1]), stage(item[1]) or 1, prefix(item[1]) or 0, item[0])
        )
    elif all(stage(v) is not None for v in versions):
        indexed.sort(key=lambda item: (stage(item[1]), version_date(item[1]) or "", item[0]))
    elif all(prefix(v) is not None for v in versions):
        indexed.sort(key=lambda item: (prefix(item[1]), item[0]))
    return [v for _, v in indexed]


def find_stage(stages: Sequence[Stage], key: str) -> Stage:
    """The stage a user names: its number ("2"), version id, file name, date or label.

    Raises:
        UsageError: nothing or several stages match (the message lists them).
    """
    wanted = key.strip().lower()
    if wanted.isdigit() and 1 <= int(wanted) <= len(stages):
        return stages[int(wanted) - 1]
    matches = []
    for stage in stages:
        version = stage.version
        names = {
            version.id.lower(),
            os.path.basename(version.source or "").lower(),
            os.path.splitext(os.path.basename(version.source or ""))[0].lower(),
            (version_date(version) or "").lower(),
            (version.label or "").lower(),
            (version.source or "").lower(),
        }
        if wanted in names:
            matches.append(stage)
    if len(matches) == 1:
        return matches[0]
    listing = "; ".join(f"{s.index} = {s.name}" for s in stages)
    if not matches:
        raise UsageError(f"--base {key!r} names no version; choose one of: {listing}")
    raise UsageError(f"--base {key!r} names several versions; use the number: {listing}")


def build_history(
    versions: Iterable[Version],
    tagger: Tagger,
    *,
    base: str | None = None,
    order: bool = True,
) -> History:
    """Facts of every version and the changes of every amendment.

    Args:
        versions: the versions of one bill (any order when ``order``).
        tagger: ``version -> tags`` (the NLP pipeline).
        base: compare every version against this one (see :func:`find_stage`)
            instead of each against the one before it.
        order: sort the versions with :func:`order_versions` first.

    Raises:
        UsageError: no versions, or ``base`` names no version.
    """
    versions = list(versions)
    if not versions:
        raise UsageError("no bill versions to compare")
    if order:
        versions = order_versions(versions)
    # An act that amends parts of the law made by an earlier one is applied
    # to it, so that each stage's facts are those of the whole law.
    versions = effective_versions(versions)
    several = len(measures(versions)) > 1
    stages = []
    for index, version in enumerate(versions, start=1):
        tags = tuple(tagger(version))
        measure = version.bill.citation if several else ""
        stages.append(Stage(index, version, version_facts(version, tags), tags, measure=measure))

    comparisons: list[tuple[int, int]] = []
    base_index: int | None = None
    if base is not None:
        base_index = find_stage(stages, base).index
        comparisons = [(base_index, s.index) for s in stages if s.index != base_index]
    else:
        comparisons = [(i, i + 1) for i in range(1, len(stages))]

    changes: list[Change] = []
    for old, new in comparisons:
        a, b = stages[old - 1], stages[new - 1]
        changes.extend(compare_facts(a.facts, b.facts, new_tags=b.tags))
    return History(
        bill=versions[-1].bill,
        stages=tuple(stages),
        comparisons=tuple(comparisons),
        changes=tuple(changes),
        base=base_index,
    )


def measures(versions: Sequence[Version]) -> list[Bill]:
    """The distinct measures among ``versions``, in order (one for the versions of a single bill).

    Colorado's law on automated decisions is the work of three acts: SB 24-205
    made it, SB 25B-004 amended parts of it, SB 26-189 repealed and
    re-enacted it. Versions whose bill numbers cannot tell them apart count
    as the same measure.
    """
    found: list[Bill] = []
    for version in versions:
        if not found or found[-1].same_measure(version.bill) is False:
            found.append(version.bill)
    return found


def semantic_diff(old: Version, new: Version, tagger: Tagger, *, pairs: Iterable[object] | None = None) -> History:
    """``lexdiff diff OLD NEW --semantic``: the facts of two versions and what changed between them.

    Args:
        old, new: the two versions, in that order (not re-ordered by date).
        tagger: ``version -> tags``.
        pairs: the diff engine's provision alignment of these two versions,
            when the caller already computed it.
    """
    stages = []
    for index, version in enumerate((old, new), start=1):
        tags = tuple(tagger(version))
        stages.append(Stage(index, version, version_facts(version, tags), tags, numbered=False))
    changes = compare_facts(stages[0].facts, stages[1].facts, pairs=pairs, new_tags=stages[1].tags)
    return History(bill=new.bill, stages=tuple(stages), comparisons=((1, 2),), changes=tuple(changes))
