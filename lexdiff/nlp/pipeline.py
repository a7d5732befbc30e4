"""The legal-NLP pipeline: ``spacy.blank("en")`` plus lexdiff's components.

:data:`COMPONENTS` is the registry and the order: each entry names the module
that registers a spaCy factory (with ``Language.factory`` at import) and the
factory name. Later components read earlier span groups (term linking reads
definitions; ambiguity reads definitions, term uses, quantities and duties),
so the order is fixed here and nowhere else. A module that is not there yet
is skipped, so the pipeline runs while components are being written.

:func:`tag_version` is the one entry point for the rest of lexdiff: version in,
plain :class:`~lexdiff.nlp.tags.Tag` objects out, each with the path of its
provision.
"""

from __future__ import annotations

import importlib
import threading
from typing import Any, Iterable

from lexdiff.errors import UsageError
from lexdiff.model import Version
from lexdiff.nlp.structure import PROVISIONS_KEY
from lexdiff.nlp.tags import GROUPS, Tag, doc_tags

#: (module, factory) in pipeline order.
COMPONENTS: tuple[tuple[str, str], ...] = (
    ("lexdiff.nlp.sentences", "lexdiff_sentences"),
    ("lexdiff.nlp.definitions", "lexdiff_definitions"),
    ("lexdiff.nlp.quantities", "lexdiff_quantities"),
    ("lexdiff.nlp.deontic", "lexdiff_deontic"),
    ("lexdiff.nlp.penalties", "lexdiff_penalties"),
    ("lexdiff.nlp.definitions", "lexdiff_term_uses"),
    ("lexdiff.nlp.ambiguity", "lexdiff_ambiguity"),
)

_CACHE: dict[tuple[str | None, str | None], Any] = {}
_LOCK = threading.Lock()


def available_components() -> list[str]:
    """Factory names whose module can be imported, in pipeline order."""
    names = []
    for module_name, factory in COMPONENTS:
        try:
            importlib.import_module(module_name)
        except ModuleNotFoundError as err:
            if err.name == module_name:
                continue  # that component has not been written yet
            raise
        names.append(factory)
    return names


def build_pipeline(model: str | None = None, lexicon: str | None = None) -> Any:
    """A fresh ``Language`` with lexdiff's components.

    Args:
        model: name of an installed trained spaCy pipeline to start from
            (its own tokenizer and components are kept, ours are appended);
            ``None`` for ``spacy.blank("en")`` with lexdiff's fast statute
            tokenizer. Nothing is downloaded.
        lexicon: CSV of vague phrases for the ambiguity component (default:
            ``annotations/ambiguity_lexicon.csv``).

    Raises:
        UsageError: ``model`` is not installed.
    """
    import spacy

    from lexdiff.nlp.tokenizer import StatuteTokenizer

    if model:
        try:
            nlp = spacy.load(model)
        except OSError as err:
            raise UsageError(
                f"spaCy pipeline {model!r} is not installed; run without --model "
                "(lexdiff needs no trained pipeline)"
            ) from err
    else:
        nlp = spacy.blank("en")
        nlp.tokenizer = StatuteTokenizer(nlp.vocab)
    for factory in available_components():
        if factory not in nlp.pipe_names:
            config = {"lexicon": lexicon} if factory == "lexdiff_ambiguity" and lexicon else {}
            nlp.add_pipe(factory, name=factory, config=config)
    return nlp


def get_pipeline(model: str | None = None, lexicon: str | None = None) -> Any:
    """The cached pipeline for ``model`` and ``lexicon`` (built once per process)."""
    with _LOCK:
        key = (model, lexicon)
        if key not in _CACHE:
            _CACHE[key] = build_pipeline(model, lexicon)
        return _CACHE[key]


def tag_text(
    text: str, provisions: Iterable[Any] = (), model: str | None = None, lexicon: str | None = None
) -> Any:
    """Run the pipeline over ``text``; returns the spaCy ``Doc``."""
    nlp = get_pipeline(model, lexicon)
    doc = nlp.make_doc(text)
    doc.user_data[PROVISIONS_KEY] = tuple(provisions)
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc


def tag_version(
    version: Version,
    only: Iterable[str] | None = None,
    model: str | None = None,
    lexicon: str | None = None,
) -> list[Tag]:
    """Tags of a version, ordered by start, each with its provision path.

    Args:
        version: the version to tag.
        only: labels or group names to keep (``"obligation"``, ``"definitions"``
            ...); ``None`` keeps every group except sentences and clauses.
        model, lexicon: see :func:`build_pipeline`.

    Raises:
        UsageError: an unknown label or group in ``only``.
    """
    wanted = select_groups(only)
    doc = tag_text(version.text, version.provisions, model, lexicon)
    tags = doc_tags(doc, groups=[g for g in ALL_GROUPS if g in wanted[0]])
    if wanted[1]:
        tags = [t for t in tags if t.label in wanted[1] or t.group in wanted[2]]
    out = []
    for tag in tags:
        provision = version.provision_at(tag.start)
        out.append(
            Tag(
                label=tag.label,
                start=tag.start,
                end=tag.end,
                group=tag.group,
                provision=provision.path if provision else None,
                attrs=tag.attrs,
            )
        )
    out.sort(key=lambda t: (t.start, ALL_GROUPS.index(t.group), -t.end, t.label))
    return out


#: Every span group lexdiff writes (``clauses`` besides the contract's groups).
ALL_GROUPS: tuple[str, ...] = GROUPS[:1] + ("clauses",) + GROUPS[1:]

#: Labels each group can carry, for ``--only``.
GROUP_LABELS: dict[str, tuple[str, ...]] = {
    "sentences": ("sentence",),
    "clauses": ("clause",),
    "definitions": ("definition",),
    "term_uses": ("term_use",),
    "deontic": ("obligation", "prohibition", "permission"),
    "quantities": ("quantity",),
    "penalties": ("penalty",),
    "ambiguities": ("ambiguity",),
}

#: Plural spellings users type for labels ("obligations", "ambiguity").
_ALIASES = {
    "obligations": "obligation",
    "prohibitions": "prohibition",
    "permissions": "permission",
    "term-uses": "term_uses",
    "terms": "term_uses",
    "ambiguity": "ambiguities",
    "duties": "deontic",
}

DEFAULT_GROUPS: tuple[str, ...] = tuple(g for g in ALL_GROUPS if g not in ("sentences", "clauses"))


def select_groups(only: Iterable[str] | None) -> tuple[set[str], set[str], set[str]]:
    """Parse ``--only``: ``(groups to compute, labels to keep, groups kept whole)``.

    Raises:
        UsageError: an unknown name (the message lists the valid ones).
    """
    if only is None:
        return set(DEFAULT_GROUPS), set(), set(DEFAULT_GROUPS)
    groups: set[str] = set()
    labels: set[str] = set()
    whole: set[str] = set()
    for raw in only:
        name = raw.strip().lower().replace(" ", "_")
        if not name:
            continue
        name = _ALIASES.get(name, name)
        if name.rstrip("s") in GROUP_LABELS and name not in GROUP_LABELS:
            name = name.rstrip("s") if name.rstrip("s") in GROUP_LABELS else name
        if name in GROUP_LABELS:
            groups.add(name)
            whole.add(name)
            continue
        for group, names in GROUP_LABELS.items():
            if name in names or name.rstrip("s") in names:
                groups.add(group)
                labels.add(name if name in names else name.rstrip("s"))
                break
        else:
            valid = sorted(set(GROUP_LABELS) | {l for ls in GROUP_LABELS.values() for l in ls})
            raise UsageError(f"unknown tag label {raw!r} in --only; choose from: {', '.join(valid)}")
    return groups, labels, whole
