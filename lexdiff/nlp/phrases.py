"""Find many phrases in a doc at once, case-insensitively, longest first.

Why spaCy's ``PhraseMatcher`` (on the ``LOWER`` attribute) and not one big
regular expression ``term1|term2|...``: Python's ``re`` tries every
alternative at every position, which on a 1 MB act with a hundred defined
terms takes seconds; the PhraseMatcher walks the tokens once in compiled code.
Pattern docs are made with the pipeline's own tokenizer, so a phrase is cut
into tokens exactly as the text is.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Mapping

#: Tokens that make a match possessive: "developer’s", "developers’".
POSSESSIVE = frozenset({"’s", "'s", "’", "'"})


class PhraseSet:
    """A fixed set of phrases compiled once into a ``PhraseMatcher``.

    Args:
        vocab: the pipeline's vocab.
        make_doc: the pipeline's tokenizer (``nlp.make_doc``).
        variants: key -> the spellings that count as that key (any case).
    """

    def __init__(self, vocab: Any, make_doc: Callable[[str], Any], variants: Mapping[str, Iterable[str]]) -> None:
        from spacy.matcher import PhraseMatcher

        self.matcher = PhraseMatcher(vocab, attr="LOWER")
        self.keys: dict[int, str] = {}
        for key, spellings in variants.items():
            patterns = [make_doc(s) for s in dict.fromkeys(spellings) if s.strip()]
            if patterns:
                self.matcher.add(key, patterns)
                self.keys[vocab.strings[key]] = key

    def __call__(self, doc: Any, possessive: bool = True, spans: bool = False) -> list[tuple[int, int, str]]:
        """Non-overlapping matches ``(start_char, end_char, key)`` in document order.

        Where matches overlap, the longest wins, then the earliest. With
        ``spans=True`` the offsets are token indices instead of characters.
        """
        if not self.keys:
            return []
        found = self.matcher(doc)
        found.sort(key=lambda m: (-(m[2] - m[1]), m[1]))
        taken = bytearray(len(doc) + 1)
        kept = []
        for match_id, start, end in found:
            if any(taken[start:end]):
                continue
            taken[start:end] = b"\x01" * (end - start)
            kept.append((start, end, self.keys[match_id]))
        kept.sort()
        if spans:
            return kept
        return [(c_start, c_end, key) for _, _, c_start, c_end, key in self.matches(doc, possessive, kept)]

    def matches(
        self, doc: Any, possessive: bool = True, kept: list[tuple[int, int, str]] | None = None
    ) -> list[tuple[int, int, int, int, str]]:
        """``(first_token, end_token, start_char, end_char, key)`` per match, in document order."""
        if kept is None:
            kept = self(doc, possessive=False, spans=True)
        # Character offsets from one array per doc: indexing doc[i] builds a
        # Python Token object each time.
        starts, ends = token_offsets(doc)
        from lexdiff.nlp.tags import doc_text

        text = doc_text(doc)
        out = []
        n = len(starts)
        for start, end, key in kept:
            start_char, end_char = starts[start], ends[end - 1]
            if possessive and end < n and starts[end] == end_char and text[end_char:ends[end]] in POSSESSIVE:
                end_char = ends[end]
                end += 1
            out.append((start, end, start_char, end_char, key))
        return out


def token_offsets(doc: Any) -> tuple[list[int], list[int]]:
    """Start and end character offset of every token, computed once per doc."""
    cached = doc.user_data.get("lexdiff.token_offsets")
    if cached is None or len(cached[0]) != len(doc):
        starts, ends = token_offset_arrays(doc)
        cached = (starts.tolist(), ends.tolist())
        doc.user_data["lexdiff.token_offsets"] = cached
    return cached


def token_offset_arrays(doc: Any) -> tuple[Any, Any]:
    """:func:`token_offsets` as numpy arrays (for vectorised searches), computed once per doc."""
    cached = doc.user_data.get("lexdiff.token_offset_arrays")
    if cached is None or len(cached[0]) != len(doc):
        from spacy.attrs import IDX, LENGTH

        array = doc.to_array([IDX, LENGTH]).astype("int64")
        cached = (array[:, 0].copy(), array[:, 0] + array[:, 1])
        doc.user_data["lexdiff.token_offset_arrays"] = cached
    return cached


def match_phrases(
    doc: Any,
    make_doc: Callable[[str], Any],
    variants: Mapping[str, Iterable[str]],
    possessive: bool = True,
) -> list[tuple[int, int, str]]:
    """One-off :class:`PhraseSet` match: ``(start_char, end_char, key)`` in document order."""
    return PhraseSet(doc.vocab, make_doc, variants)(doc, possessive=possessive)


def term_variants(term: str) -> list[str]:
    """A defined term and its plural ("large developers", "capabilities")."""
    words = term.split()
    last = words[-1]
    forms = [last]
    lower = last.lower()
    if len(lower) > 1 and lower.endswith("y") and lower[-2] not in "aeiou":
        forms.append(last[:-1] + "ies")
    elif lower.endswith(("s", "x", "z", "ch", "sh")):
        forms.append(last + "es")
    elif last[-1:].isalpha():
        forms.append(last + "s")
    return [" ".join(words[:-1] + [form]) for form in forms]
