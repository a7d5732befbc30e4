"""Sentences and clauses as statutes write them.

spaCy factory ``lexdiff_sentences``: span group ``"sentences"`` (label
``"sentence"``), span group ``"clauses"`` (label ``"clause"``: the paragraph
pieces of a sentence that runs over an enumerated list), and
``Token.is_sent_start`` so ``doc.sents`` works without a parser.

Statute drafting breaks the usual sentence rules:

* an enumerated list continues its sentence across paragraphs. California
  writes "a safety and security protocol that describes in specific detail
  all of the following:" and then "(1) How, if at all, ...", "(2) The testing
  procedures ...", each item ending with a period; the items are fragments of
  one sentence, and a duty found in the lead-in governs every item;
* but an item that is a sentence on its own ("(B) A large developer may reuse
  an answer ...") starts a new sentence, and a scope lead-in such as "For
  purposes of this chapter:" is followed by independent definitions;
* "Sec.", "U.S.C.", "No.", initials ("H.R."), "e.g." and amounts such as
  "$1,000,000" do not end sentences, and the label "(a)" is not a sentence.

The splitter works on paragraph strings (the canonical text puts one
paragraph per line) with regular expressions: no per-token Python work.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any

GROUP = "sentences"
CLAUSE_GROUP = "clauses"
FACTORY = "lexdiff_sentences"
OFFSETS_KEY = "lexdiff.sentence_offsets"

#: One or more enumeration labels at the start of a paragraph: "(a)", "(1)(A)", "(ii)".
_LABELS = re.compile(r"^(?:\((?:[a-z]{1,4}|[A-Z]{1,5}|\d{1,3}(?:\.\d+)?)\)\s?)+")
_ONE_LABEL = re.compile(r"\(([^)]*)\)")

#: A lead-in that opens a list ends with a colon or dash: "all of the
#: following:", "any of the following harms caused or materially enabled by a
#: covered model:". A scope lead-in ("For purposes of this chapter:") is
#: followed by items that are sentences of their own, which
#: :data:`_INDEPENDENT` detects.
_LIST_INTRO = re.compile(r"[:—–]\s*$")

#: An item that ends mid-sentence: "(1) the name of the developer;", "... ; and".
_ITEM_CONTINUES = re.compile(r"(?:[;,]|[;,]\s+(?:and|or)|\b(?:and|or))\s*$")

#: An item that is a sentence on its own (has a governing verb of its own).
_INDEPENDENT = re.compile(
    r"\b(?:shall|must|means|(?<!which )(?<!that )may|(?:has|have) the (?:same )?meanings?|includes|does not include)\b",
    re.IGNORECASE,  # Colorado prints new text in capitals: "“DEVELOPER” MEANS"
)

#: Candidate sentence end inside a paragraph: terminal punctuation, closing
#: quotes or brackets, whitespace, then something that can open a sentence.
#: It runs over the whole text at once, so the whitespace may not be a
#: newline: no match reaches into the next paragraph.
_INLINE_END = re.compile(r"[.?!][”’\"')\]]*(?=[^\S\n]+[“\"‘'(\[]?[A-Z0-9(])")

def _load_abbreviations() -> frozenset[str]:
    from importlib import resources

    raw = json.loads(resources.files("lexdiff.nlp").joinpath("data/sentence_rules.json").read_text("utf-8"))
    return frozenset(raw["abbreviations"])


#: Words that end in a period without ending a sentence (lowercase, no final
#: dot), from ``data/sentence_rules.json``.
ABBREVIATIONS: frozenset[str] = _load_abbreviations()

_WORD_BEFORE_DOT = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")

_LOWER_ROMAN = re.compile(r"^(?=[ivxlc]+$)c{0,3}(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})$")
_UPPER_ROMAN = re.compile(r"^(?=[IVXLC]+$)C{0,3}(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})$")


@lru_cache(maxsize=4096)
def label_styles(label: str) -> frozenset[str]:
    """Enumeration styles a label may belong to; ``(i)`` is both a letter and a roman numeral."""
    if label[:1].isdigit():
        return frozenset({"num"})
    styles = set()
    if label.islower():
        if _LOWER_ROMAN.match(label):
            styles.add("lroman")
        if len(set(label)) == 1 and len(label) <= 3 and not (len(label) > 1 and "lroman" in styles):
            styles.add("lower")
    elif label.isupper():
        if _UPPER_ROMAN.match(label):
            styles.add("uroman")
        if len(set(label)) == 1 and len(label) <= 3 and not (len(label) > 1 and "uroman" in styles):
            styles.add("upper")
    return frozenset(styles or {"other"})


def _paragraph_labels(paragraph: str) -> list[frozenset[str]]:
    head = _LABELS.match(paragraph)
    if not head:
        return []
    return [label_styles(m.group(1)) for m in _ONE_LABEL.finditer(head.group(0))]


def _inline_ends(text: str) -> list[int]:
    """Offsets just after each inline sentence end in ``text`` (one paragraph or many).

    Speed: one scan of the whole text rather than one per paragraph (a bill
    has thousands of paragraphs and most have no inline end).
    """
    ends = []
    for m in _INLINE_END.finditer(text):
        dot = m.start()
        para_start = text.rfind("\n", 0, dot) + 1
        before = _WORD_BEFORE_DOT.search(text, max(para_start, dot - 24), dot + 1)
        if before:
            word = before.group(1).lower()
            # "Sec. 2", "U.S.C. 1320", "H.R. 8752", "e.g. The": not an end.
            if word in ABBREVIATIONS or len(word) == 1 or (len(word) == 3 and word[1] == "."):
                continue
        if dot - 1 >= para_start and text[dot - 1] == ")" and _LABELS.match(text[para_start:dot]):
            continue
        ends.append(m.end())
    return ends


def find_sentences(text: str) -> list[tuple[int, int, list[tuple[int, int]]]]:
    """Sentences of a canonical text.

    Returns:
        ``(start, end, clauses)`` per sentence, where ``clauses`` are the
        ``(start, end)`` of its paragraph pieces when it runs over more than one
        paragraph (else empty).
    """
    sentences: list[tuple[int, int, list[tuple[int, int]]]] = []
    pieces: list[tuple[int, int]] = []  # paragraph pieces of the open sentence
    stack: list[frozenset[str]] = []  # label styles of the open list levels
    prev_text = ""
    offset = 0
    open_depth = 0  # list depth at which the open sentence started

    def close() -> None:
        if pieces:
            start, end = pieces[0][0], pieces[-1][1]
            sentences.append((start, end, list(pieces) if len(pieces) > 1 else []))
            pieces.clear()

    inline_ends = _inline_ends(text)
    next_end = 0  # index of the first inline end not yet used
    for paragraph in text.split("\n"):
        p_start = offset
        offset += len(paragraph) + 1
        stripped = paragraph.strip()
        if not stripped:
            continue
        lead = len(paragraph) - len(paragraph.lstrip())
        labels = _paragraph_labels(stripped)
        continues = False
        if pieces:
            if labels:
                level = next(
                    (i for i in range(len(stack) - 1, -1, -1) if stack[i] & labels[0]), None
                )
                body = stripped[_LABELS.match(stripped).end() :].lstrip() if labels else stripped
                if _LIST_INTRO.search(prev_text[-4:]) or (
                    # "(a) The report shall include\n(1) the name;": a lead-in
                    # without a colon, continued by a lowercase item.
                    prev_text[-1:].islower() and body[:1].islower()
                ):
                    stack.extend(labels)
                    continues = not _INDEPENDENT.search(stripped)
                elif level is not None:
                    del stack[level + 1 :]
                    stack[level] = stack[level] & labels[0] or stack[level]
                    stack.extend(labels[1:])
                    continues = bool(_ITEM_CONTINUES.search(prev_text[-8:])) or not _INDEPENDENT.search(
                        stripped
                    )
                    if level + 1 < open_depth:
                        # Back at an outer list level than the one the open
                        # sentence started in: that outer sentence was closed
                        # by an independent item ("(II) The quantity ... shall
                        # include ..."), so "(ii) The person had annual gross
                        # revenues ..." starts afresh rather than joining (II).
                        continues = False
                elif _ITEM_CONTINUES.search(prev_text[-8:]):
                    stack.extend(labels)
                    continues = True
                else:
                    stack.clear()
            else:
                stack.clear()
                # A line wrapped mid-sentence (plain text, PDF): no end
                # punctuation before it and a lowercase word after it.
                continues = bool(
                    prev_text and prev_text[-1] not in ".?!:”\")" and stripped[0].islower()
                )
        if not continues:
            close()
            if not labels:
                stack.clear()
            open_depth = len(stack)
        # Inline sentence ends within this paragraph.
        begin = p_start + lead
        p_end = p_start + len(paragraph)
        while next_end < len(inline_ends) and inline_ends[next_end] <= p_end:
            piece_end = inline_ends[next_end]
            next_end += 1
            pieces.append((begin, piece_end))
            close()
            stack.clear()
            begin = piece_end
            while begin < p_end and text[begin].isspace():
                begin += 1
        para_end = p_start + len(paragraph.rstrip())
        if begin < para_end:
            pieces.append((begin, para_end))
        prev_text = stripped
    close()
    return sentences


class SentenceSegmenter:
    """spaCy component: statute-aware sentences, clauses and ``is_sent_start``."""

    def __init__(self, nlp: Any = None, name: str = FACTORY) -> None:
        self.name = name

    def __call__(self, doc: Any) -> Any:
        self.set_annotations(doc, self.match(doc))
        return doc

    def match(self, doc: Any) -> list[tuple[int, int, list[tuple[int, int]]]]:
        from lexdiff.nlp.tags import doc_text

        return find_sentences(doc_text(doc))

    def set_annotations(self, doc: Any, matches: list[tuple[int, int, list[tuple[int, int]]]]) -> None:
        import numpy
        from spacy.attrs import DEP, SENT_START
        from spacy.tokens import Span

        from lexdiff.nlp.phrases import token_offset_arrays, token_offsets

        token_starts, token_ends = token_offsets(doc)
        starts_arr, ends_arr = token_offset_arrays(doc)
        count = len(token_starts)
        # Every sentence and clause is snapped to whole tokens in one
        # vectorised pass (as doc.char_span(..., alignment_mode="expand")):
        # a bisect per span in Python cost more than the spans themselves.
        flat = [(start, end) for start, end, _ in matches]
        owner = []  # index in ``matches`` of each clause
        for k, (_, _, pieces) in enumerate(matches):
            if pieces:
                flat.extend(pieces)
                owner.extend([k] * len(pieces))
        firsts: list[int] = []
        lasts: list[int] = []
        if flat and count:
            chars = numpy.array(flat, dtype="int64").reshape(-1, 2)
            first = numpy.searchsorted(starts_arr, chars[:, 0], side="right") - 1
            # A span starting in the whitespace after a token starts at the next token.
            first += (first < 0) | (ends_arr[numpy.maximum(first, 0)] <= chars[:, 0])
            last = numpy.maximum(first, numpy.searchsorted(starts_arr, chars[:, 1], side="left"))
            firsts = first.tolist()
            lasts = last.tolist()
        n = len(matches) if firsts else 0

        sentence_label = doc.vocab.strings.add("sentence")
        clause_label = doc.vocab.strings.add("clause")
        sentences = []
        offsets = []
        kept = [False] * len(matches)
        for k in range(n):
            first, last = firsts[k], lasts[k]
            if first < last:
                kept[k] = True
                sentences.append(Span(doc, first, last, label=sentence_label))
                offsets.append((token_starts[first], token_ends[last - 1]))
        clauses = [
            Span(doc, firsts[n + c], lasts[n + c], label=clause_label)
            for c, k in enumerate(owner)
            if n and kept[k] and firsts[n + c] < lasts[n + c]
        ]
        # With a trained pipeline (--model) whose parser already set sentence
        # boundaries, spaCy refuses new ones; our span groups still hold ours.
        # (doc.has_annotation("DEP") walks the tokens in a generator, slower
        # than reading the column into an array.)
        if len(doc) and not doc.to_array([DEP]).any():
            # Sentence starts go in through one array: the Token.is_sent_start
            # setter re-checks the whole doc on every call. SENT_START is
            # stored as uint64, so -1 (not a start) wraps to the maximum.
            starts = numpy.full((len(doc), 1), numpy.iinfo("uint64").max, dtype="uint64")
            starts[[span.start for span in sentences], 0] = 1
            starts[0, 0] = 1
            doc.from_array([SENT_START], starts)
        doc.spans[GROUP] = sentences
        # Plain offsets for later components: reading a SpanGroup back builds
        # a Python Span object per sentence.
        doc.user_data[OFFSETS_KEY] = offsets
        doc.spans[CLAUSE_GROUP] = clauses


def make_sentence_segmenter(nlp: Any, name: str) -> SentenceSegmenter:
    """Factory for ``nlp.add_pipe("lexdiff_sentences")``."""
    return SentenceSegmenter(nlp, name)


def _register() -> None:
    from spacy.language import Language

    if not Language.has_factory(FACTORY):
        Language.factory(FACTORY, default_config={})(make_sentence_segmenter)


_register()
