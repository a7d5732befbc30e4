"""What the tagging layer produces: :class:`Tag` over offsets of ``Version.text``.

Contract between the spaCy components and everything downstream (delta,
render, CLI). Components write spaCy spans into named span groups
(``doc.spans[GROUP]``) and their label-specific fields with
:func:`add_tag` (or :func:`add_char_tags` for many character spans at once); :func:`doc_tags` turns a processed ``Doc`` back into plain
:class:`Tag` objects, so nothing downstream needs spaCy.

Span groups and the ``label`` values their tags carry:

=============== ================================================ ==========================================
group           labels                                           label-specific attrs
=============== ================================================ ==========================================
sentences       sentence                                         -
clauses         clause (paragraph pieces of a list sentence)     -
definitions     definition                                       term, term_start, term_end, definition
                                                                 (str), def_start, def_end, form ("means" /
                                                                 "includes" / "excludes" / "has_meaning" /
                                                                 "known_as" / "referred_to"), scope (word),
                                                                 scope_path, scope_start, scope_end, ref
                                                                 (cross-reference or None), resolved (start
                                                                 of the definition it leads to, or None),
                                                                 external (bool)
term_uses       term_use                                         term, definition_start (offset of the
                                                                 governing definition tag)
deontic         obligation / prohibition / permission            actor, action, modality (word: "shall" ...),
                                                                 conditions (list of str), pronoun (when the
                                                                 actor was resolved from "It"/"They"/"he")
quantities      quantity                                         kind (compute/money/percent/duration/date/
                                                                 count/...), value (number), unit, comparator
penalties       penalty                                          kind (civil/criminal/administrative/
                                                                 injunctive), amount, unit, share_of, tier,
                                                                 violator, enforcer
ambiguities     ambiguity                                        rule, severity (low/medium/high), reason,
                                                                 term, evidence
=============== ================================================ ==========================================

Shared per-doc data in ``doc.user_data`` (set by the pipeline; components
must not rely on them being present, unit tests run without them):

* ``"lexdiff.provisions"``: the version's provision tree
  (:data:`lexdiff.nlp.structure.PROVISIONS_KEY`);
* ``"lexdiff.text"``: the text (read it with :func:`doc_text`, never
  ``doc.text`` in a loop);
* ``"lexdiff.sentence_offsets"``: ``[(start, end), ...]`` of the sentences.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable, Mapping

if TYPE_CHECKING:  # spaCy is imported only by commands that tag
    from spacy.tokens import Doc, Span

GROUPS: tuple[str, ...] = (
    "sentences",
    "definitions",
    "term_uses",
    "deontic",
    "quantities",
    "penalties",
    "ambiguities",
)

_ATTRS_KEY = "lexdiff.attrs"
_TEXT_KEY = "lexdiff.text"


def doc_text(doc: "Doc") -> str:
    """``doc.text``, computed once per doc.

    ``Doc.text`` joins every token's text on each access (about 1 ms per 1,000
    words); components that read it in a loop must use this instead.
    """
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:  # a Doc's text never changes
        text = doc.text
        doc.user_data[_TEXT_KEY] = text
    return text


@dataclass(frozen=True)
class Tag:
    """One tagged span of a version's canonical text."""

    label: str
    start: int
    end: int
    group: str
    provision: str | None = None  # path of the innermost provision containing start
    attrs: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def text(self, source: str) -> str:
        return source[self.start : self.end]


def add_tag(doc: "Doc", group: str, span: "Span", **attrs: Any) -> None:
    """Append ``span`` (with its ``label_``) to ``doc.spans[group]`` with label-specific attrs."""
    if group not in doc.spans:
        doc.spans[group] = []
    doc.spans[group].append(span)
    store = doc.user_data.setdefault(_ATTRS_KEY, {})
    store.setdefault(group, []).append(attrs)


def add_tags(doc: "Doc", group: str, items: Iterable[tuple["Span", Mapping[str, Any]]]) -> None:
    """Append many ``(span, attrs)`` at once: one span-group update instead of one per tag."""
    spans = []
    attrs = []
    for span, span_attrs_ in items:
        spans.append(span)
        attrs.append(dict(span_attrs_))
    if group in doc.spans:
        doc.spans[group].extend(spans)
    else:
        doc.spans[group] = spans
    store = doc.user_data.setdefault(_ATTRS_KEY, {})
    store.setdefault(group, []).extend(attrs)


def add_char_tags(
    doc: "Doc",
    group: str,
    items: Iterable[tuple[int, int, str, Mapping[str, Any]]],
    *,
    keep_empty: bool = True,
) -> None:
    """The usual ``set_annotations`` of our components: character spans to tags.

    Each ``(start, end, label, attrs)`` is snapped outward to whole tokens
    (``alignment_mode="expand"``) and appended to ``doc.spans[group]`` in one
    batch; spans that do not map onto the doc (and, unless ``keep_empty``,
    spans of no token) are dropped. The group exists afterwards even if empty.
    """
    if group not in doc.spans:
        doc.spans[group] = []
    batch = []
    for start, end, label, attrs in items:
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
        if span is None or (not keep_empty and not len(span)):
            continue
        batch.append((span, attrs))
    add_tags(doc, group, batch)


def span_attrs(doc: "Doc", group: str) -> list[dict[str, Any]]:
    """The attrs list aligned with ``doc.spans[group]`` (empty dicts if none were stored)."""
    stored = doc.user_data.get(_ATTRS_KEY, {}).get(group, [])
    count = len(doc.spans[group]) if group in doc.spans else 0
    return list(stored) + [{} for _ in range(count - len(stored))]


def doc_tags(doc: "Doc", groups: Iterable[str] = GROUPS, offset: int = 0) -> list[Tag]:
    """Plain tags from a processed doc; ``offset`` is added to every character offset."""
    tags: list[Tag] = []
    for group in groups:
        if group not in doc.spans:
            continue
        for span, attrs in zip(doc.spans[group], span_attrs(doc, group)):
            tags.append(
                Tag(
                    label=span.label_ or group,
                    start=span.start_char + offset,
                    end=span.end_char + offset,
                    group=group,
                    attrs=dict(attrs),
                )
            )
    return tags
