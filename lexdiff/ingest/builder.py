"""Building blocks every reader uses to produce the canonical text and the provision tree.

A reader walks its source in document order and

* appends each paragraph of text with :meth:`TextBuilder.add` (which applies
  the canonical whitespace rules from :mod:`lexdiff.model` and returns the
  paragraph's offsets), and
* opens and closes provisions on a :class:`TreeBuilder` at those offsets.

Paths are built here, once, so every format writes them the same way:
segments are joined with ``" > "``, except that a subdivision-like label
directly under another subdivision-like label is written next to it, as
lawyers cite them: ``SEC. 2 > BPC 22757.11 > (g)(1)(A)(i)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lexdiff.model import PATH_SEPARATOR, SUBDIVISION_KINDS, Provision

#: Kinds whose labels are chained without a separator in a path.
CHAINED_KINDS: frozenset[str] = frozenset(SUBDIVISION_KINDS) | {"point"}


def normalize_space(text: str) -> str:
    """Collapse every whitespace run (en spaces, tabs, newlines, NBSP) to one space and strip."""
    # Every paragraph of every reader passes through here, often twice, so
    # this is written for speed. Text that is already normal is returned as
    # it is: a printable string has no whitespace but U+0020 (str.isprintable
    # is false for every other str.isspace character), so without a double,
    # leading or trailing space there is nothing to collapse. Otherwise
    # split()/join gives the same result as substituting r"\s+" and
    # stripping (str.split and the regex's \s both use str.isspace) at a
    # fifth of the cost.
    if text.isprintable() and "  " not in text and not text.startswith(" ") and not text.endswith(" "):
        return text
    return " ".join(text.split())


class TextBuilder:
    """Accumulates paragraphs into one canonical text, tracking offsets."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0

    @property
    def length(self) -> int:
        """Current length of the text (the offset the next character will get)."""
        return self._length

    def add(self, paragraph: str, *, normalize: bool = True) -> tuple[int, int]:
        """Append a paragraph; returns its ``(start, end)``.

        Empty paragraphs (after normalisation) are dropped and return an empty
        span at the current end.
        """
        text = normalize_space(paragraph) if normalize else paragraph
        if not text:
            return self._length, self._length
        if self._parts:
            self._parts.append("\n")
            self._length += 1
        start = self._length
        self._parts.append(text)
        self._length += len(text)
        return start, self._length

    def add_inline(self, text: str) -> tuple[int, int]:
        """Append raw text to the current paragraph (no separator, no normalisation)."""
        start = self._length
        self._parts.append(text)
        self._length += len(text)
        return start, self._length

    def newline(self) -> int:
        """Start a new paragraph for :meth:`add_inline` callers; returns the new offset."""
        if self._parts:
            self._parts.append("\n")
            self._length += 1
        return self._length

    def text(self) -> str:
        return "".join(self._parts)


@dataclass
class _Open:
    kind: str
    label: str
    start: int
    path: str
    id: str | None
    heading: str | None
    attrs: dict[str, Any]
    children: list[Provision] = field(default_factory=list)


class TreeBuilder:
    """A stack of open provisions that become an immutable :class:`Provision` tree.

    Example::

        tree = TreeBuilder()
        tree.open("bill_section", "SEC. 2", start, id="id_532...")
        tree.open("code_section", "22757.11", start2, segment="BPC 22757.11")
        tree.open("subdivision", "(a)", start3)
        tree.close(end3)        # closes (a)
        ...
        provisions = tree.finish(len(text))
    """

    def __init__(self, root_path: str = "") -> None:
        self._stack: list[_Open] = []
        self._roots: list[Provision] = []
        self._root_path = root_path
        self._seen_ids: dict[str, int] = {}

    @property
    def depth(self) -> int:
        return len(self._stack)

    def top(self) -> _Open | None:
        return self._stack[-1] if self._stack else None

    def kinds(self) -> list[str]:
        """Kinds of the open provisions, outermost first."""
        return [node.kind for node in self._stack]

    def open(
        self,
        kind: str,
        label: str,
        start: int,
        *,
        id: str | None = None,
        heading: str | None = None,
        segment: str | None = None,
        attrs: dict[str, Any] | None = None,
    ) -> None:
        """Open a provision starting at ``start``.

        Args:
            kind: one of :data:`lexdiff.model.PROVISION_KINDS`.
            label: the label as printed, e.g. ``"(a)"`` or ``"SEC. 2"``.
            start: offset in the canonical text.
            id: the format's persistent id; derived from the path if ``None``.
            heading: heading text, if any.
            segment: the path segment when it differs from ``label``
                (``"BPC 22757.11"`` for a code section labelled ``"22757.11"``).
            attrs: format-specific extras.
        """
        parent = self._stack[-1] if self._stack else None
        segment = segment if segment is not None else label
        if not segment:
            segment = kind
        if parent is None:
            path = f"{self._root_path}{PATH_SEPARATOR}{segment}" if self._root_path else segment
        elif kind in CHAINED_KINDS and parent.kind in CHAINED_KINDS and segment.startswith("("):
            path = parent.path + segment
        else:
            path = parent.path + PATH_SEPARATOR + segment
        self._stack.append(_Open(kind, label, start, path, id, heading, dict(attrs or {})))

    def close(self, end: int) -> Provision:
        """Close the innermost open provision at ``end``; returns it."""
        node = self._stack.pop()
        path = self._unique_path(node.path)
        provision = Provision(
            id=node.id or "path:" + path,
            kind=node.kind,
            label=node.label,
            start=node.start,
            end=max(end, node.start),
            path=path,
            heading=node.heading,
            children=tuple(node.children),
            attrs=node.attrs,
        )
        if self._stack:
            self._stack[-1].children.append(provision)
        else:
            self._roots.append(provision)
        return provision

    def close_to(self, depth: int, end: int) -> None:
        """Close provisions until only ``depth`` remain open."""
        while len(self._stack) > depth:
            self.close(end)

    def finish(self, end: int) -> tuple[Provision, ...]:
        """Close everything at ``end`` and return the top-level provisions."""
        self.close_to(0, end)
        return tuple(self._roots)

    def _unique_path(self, path: str) -> str:
        # Real bills repeat labels (two "SEC. 3." by drafting error, or two
        # unnumbered paragraphs); paths must still be unique within a version.
        count = self._seen_ids.get(path, 0)
        self._seen_ids[path] = count + 1
        return path if count == 0 else f"{path} #{count + 1}"
