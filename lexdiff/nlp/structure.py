"""The provision tree as the tagging components see it.

Components receive only a ``Doc``; :func:`lexdiff.nlp.pipeline.tag_version`
puts the version's provisions in ``doc.user_data[PROVISIONS_KEY]`` so that a
definition's scope ("For purposes of this chapter") can be resolved to the
chapter's span. Without a tree (a bare string in a unit test) the components
fall back to headings found in the text, and finally to the whole document.
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Sequence

from lexdiff.model import Provision

PROVISIONS_KEY = "lexdiff.provisions"

#: Scope words ("this chapter") -> provision kinds that can carry that scope,
#: nearest first. California bills add a code chapter inside "SEC. 2.", so
#: when the reader did not make a chapter node, the bill section that adds the
#: chapter is the next best scope.
SCOPE_KINDS: dict[str, tuple[str, ...]] = {
    "section": ("code_section", "section", "bill_section", "article"),
    "article": ("article", "code_section", "section"),
    "chapter": ("chapter", "subchapter", "bill_section"),
    "subchapter": ("subchapter", "chapter", "bill_section"),
    "part": ("part", "chapter", "bill_section"),
    "division": ("division", "part", "chapter", "bill_section"),
    "title": ("title", "division", "bill_section"),
    "subdivision": ("subdivision", "subsection"),
    "subsection": ("subsection", "subdivision"),
    "paragraph": ("paragraph",),
    "subparagraph": ("subparagraph",),
    "clause": ("clause",),
}

#: Scope words that mean the whole measure.
WHOLE_SCOPES = frozenset({"act", "bill", "law", "measure", "code", "statute", "title_act"})

#: Heading lines in plain text that open a section: "SEC. 2.", "Sec. 3.", "22757.11.", "Section 5."
_HEADING = re.compile(
    r"^(?:SEC(?:TION)?\.?|Sec(?:tion)?\.?|§)\s*(\d+[\w.-]*?)\.(?=\s|$)|^(\d+(?:\.\d+)+)\.(?=\s|$)",
    re.MULTILINE,
)


def doc_provisions(doc: Any) -> tuple[Provision, ...]:
    """The provisions stored on ``doc`` by the pipeline (may be empty)."""
    return tuple(doc.user_data.get(PROVISIONS_KEY, ()) or ())


def chain_at(provisions: Sequence[Provision], offset: int) -> list[Provision]:
    """Provisions containing ``offset``, outermost first."""
    chain: list[Provision] = []
    level: Sequence[Provision] = provisions
    while level:
        for provision in level:
            if provision.start <= offset < provision.end:
                chain.append(provision)
                level = provision.children
                break
        else:
            break
    return chain


def scope_span(
    word: str, offset: int, provisions: Sequence[Provision], text: str
) -> tuple[int, int, str | None]:
    """Span of "this <word>" as seen from ``offset``: ``(start, end, path)``.

    Falls back to the section found from plain-text headings, and then to the
    whole document (path ``None``).
    """
    word = word.lower()
    if word in WHOLE_SCOPES or not word:
        return 0, len(text), None
    kinds = SCOPE_KINDS.get(word, (word,))
    chain = chain_at(provisions, offset)
    for kind in kinds:
        for provision in reversed(chain):
            if provision.kind == kind:
                return provision.start, provision.end, provision.path
    if not provisions and word in ("section", "article"):
        return text_section(text, offset)
    return 0, len(text), None


def text_section(text: str, offset: int) -> tuple[int, int, str | None]:
    """The section around ``offset`` from heading lines, for texts without a tree."""
    start, end, name = 0, len(text), None
    for m in _HEADING.finditer(text):
        if m.start() <= offset:
            start, name = m.start(), (m.group(1) or m.group(2))
        else:
            end = m.start()
            break
    return start, end, name


def section_start(text: str, provisions: Sequence[Provision], offset: int) -> int:
    """Start of the section-level unit containing ``offset`` (lead-ins do not cross it)."""
    return scope_span("section", offset, provisions, text)[0]


def find_section(
    number: str, provisions: Sequence[Provision], text: str
) -> tuple[int, int] | None:
    """Span of the section labelled ``number`` ("22757.11") in this document, if any."""
    wanted = number.strip().rstrip(".")
    for provision in _walk(provisions):
        if provision.kind in ("code_section", "section", "bill_section", "article"):
            label = re.sub(r"^(?:SEC(?:TION)?|Sec(?:tion)?|§)\.?\s*", "", provision.label).rstrip(".")
            if label == wanted:
                return provision.start, provision.end
    if not provisions:
        matches = list(_HEADING.finditer(text))
        for i, m in enumerate(matches):
            if (m.group(1) or m.group(2) or "").rstrip(".") == wanted:
                end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
                return m.start(), end
    return None


def _walk(provisions: Iterable[Provision]) -> Iterable[Provision]:
    for provision in provisions:
        yield from provision.walk()
