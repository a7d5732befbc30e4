"""Provision alignment: which provision of the old version became which of the new.

Matching numbers only (what simple tools do) turns every renumbered section
into a false "removed + added": when SB 53 inserted two sections before its
penalty section, ``22757.14`` became ``22757.16`` with the same words. So we
pair provisions in decreasing order of evidence:

1. the format's persistent id (CAML ``id_...``; USLM/AKN ids), when both
   versions carry it;
2. within a pair of matched parents, identical bodies (text without the
   label), then the best of label and content: a sibling with the same label
   *and* similar words, or a sibling with a different label but clearly the
   same words (relabelled subdivisions: "(i)" struck, "(k)" inserted);
3. anywhere in the document, leftovers with clearly the same words (a
   subdivision moved to another section);
4. leftovers whose words are contained in a provision on the other side
   (split / merged).

Then each row is classified: unchanged, changed, renumbered, moved, split,
merged, added, removed.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, deque
from collections.abc import Iterable, Sequence
from itertools import repeat
from operator import itemgetter

from lexdiff.diff.result import ProvisionPair, make_pair
from lexdiff.model import SUBDIVISION_KINDS, Provision, Version

#: Minimum similarity for a same-label sibling pair: a rewritten "(c)" is
#: still "(c) changed", not "(c) removed + (c) added", unless almost no word
#: survived.
LABEL_MIN_SIMILARITY = 0.25
#: Minimum similarity for a pair whose labels differ (relabelled or moved).
CONTENT_MIN_SIMILARITY = 0.5
#: A rewritten-and-renumbered pair: most of the shorter body inside the
#: longer one, and some words in common overall (see _Aligner._rewritten).
REWRITE_MIN_CONTAINMENT = 0.6
REWRITE_MIN_SIMILARITY = 0.2
#: Minimum similarity for a pair found outside matched parents (moved).
MOVED_MIN_SIMILARITY = 0.6
#: Bodies shorter than this (in words) are too generic ("(1) Reserved.") to
#: be paired by content alone outside their parent.
MIN_WORDS_FOR_CONTENT = 6
#: Wholes examined per piece (those sharing most of its rarest words).
PIECE_CANDIDATES = 12
#: Share of a piece's words that must come from the whole (split / merged).
CONTAINMENT_MIN = 0.8
#: Sibling lists larger than this (after exact matches) are compared only
#: label to label and with near neighbours, to keep alignment sub-quadratic.
FULL_MATRIX_LIMIT = 4000
#: A label match is preferred to an equally similar non-label match by this much.
LABEL_BONUS = 0.15

#: The digest and preamble summarise the law; their paragraphs ("(1) Existing
#: law ...") are never the same provision as a subdivision of the enacted text.
_FRONT_MATTER = frozenset({"digest", "preamble"})
_SECTION_KINDS = frozenset({"bill_section", "code_section", "section", "article"})
_SUBDIVISION_GROUP = frozenset(SUBDIVISION_KINDS) | {"point", "subsection"}


def compatible(a: _Node, b: _Node) -> bool:
    """May these two provisions be the same one (kinds and document regions agree)?"""
    return a.region == b.region and kind_group(a.provision.kind) == kind_group(b.provision.kind)


def kind_group(kind: str) -> str:
    """Kinds that may be paired with each other (a section may become an article)."""
    if kind in _SECTION_KINDS:
        return "section"
    if kind in _SUBDIVISION_GROUP:
        return "subdivision"
    return kind


def normalize_label(label: str) -> str:
    """Label for comparison: ``"SEC. 2."`` and ``"Sec. 2"`` compare equal."""
    if "  " in label or "\t" in label or "\n" in label or "\u00a0" in label:
        label = re.sub(r"\s+", " ", label)
    return label.strip().rstrip(".").casefold()


class _Node:
    """A provision with what alignment needs; its body text is sliced only when asked for."""

    __slots__ = (
        "_begin",
        "_body",
        "_end",
        "_label_key",
        "_size",
        "_text",
        "_words",
        "children",
        "depth",
        "index",
        "parent",
        "provision",
        "region",
    )

    def __init__(self, provision: Provision, index: int, parent: int | None, depth: int,
                 text: str, region: str) -> None:
        self.provision = provision
        self.index = index
        self.parent = parent
        self.depth = depth
        self.children: list[int] = []
        self.region = region  # kind of the outermost ancestor when it is front matter
        self._label_key: str | None = None
        self._text = text
        # The body span, label key, words ... are computed on first use: the
        # bulk of a long bill is paired subtree by subtree as identical, and
        # never needs them.
        self._begin = self._end = -1
        self._body: str | None = None
        self._words: Counter[str] | None = None
        self._size: int | None = None

    @property
    def label_key(self) -> str:
        if self._label_key is None:
            self._label_key = normalize_label(self.provision.label)
        return self._label_key

    @property
    def body(self) -> str:
        """The provision's text without its leading label."""
        if self._body is None:
            if self._begin < 0:
                self._begin, self._end = _body_span(self._text, self.provision)
            self._body = self._text[self._begin : self._end]
        return self._body

    @property
    def body_length(self) -> int:
        if self._begin < 0:
            self._begin, self._end = _body_span(self._text, self.provision)
        return self._end - self._begin

    @property
    def words(self) -> Counter[str]:
        if self._words is None:
            # str.split() and the regex \S+ cut at the same (Unicode)
            # whitespace; split() is three times faster.
            self._words = Counter(self.body.split())
        return self._words

    @property
    def size(self) -> int:
        if self._size is None:
            # Counting words needs no Counter: most sizes are asked for by
            # similarity(), which counts only the words around a change.
            self._size = sum(self._words.values()) if self._words is not None else len(self.body.split())
        return self._size


def same_body(a: _Node, b: _Node) -> bool:
    """Equal bodies, without slicing texts of different lengths."""
    return a.body_length == b.body_length and a.body == b.body


_LEADING_SPACE = re.compile(r"\s*")
_LABEL_TRAILER = re.compile(r"[\s.:\u2014\u2013-]*")


def _body_span(text: str, provision: Provision) -> tuple[int, int]:
    """Offsets of the provision's text without its leading label (so renumbering alone keeps similarity 1)."""
    start, end = provision.start, provision.end
    label = provision.label.strip()
    if label:
        begin = _LEADING_SPACE.match(text, start, end).end()
        for candidate in (label, label.rstrip(".")):
            if candidate and text.startswith(candidate, begin, end):
                return _LABEL_TRAILER.match(text, begin + len(candidate), end).end(), end
    return start, end


def _flatten(version: Version) -> list[_Node]:
    nodes: list[_Node] = []
    append = nodes.append
    text = version.text

    def visit(provision: Provision, parent: _Node | None, region: str, depth: int) -> None:
        node = _Node(provision, len(nodes), parent.index if parent is not None else None, depth, text, region)
        append(node)
        if parent is not None:
            parent.children.append(node.index)
        for child in provision.children:
            visit(child, node, region, depth + 1)

    for top in version.provisions:
        visit(top, None, top.kind if top.kind in _FRONT_MATTER else "body", 0)
    return nodes


def similarity(a: _Node, b: _Node) -> float:
    """Dice coefficient of the two bodies' word multisets (1.0 when identical)."""
    if same_body(a, b):
        return 1.0
    if a._words is None or b._words is None:
        trimmed = _trimmed_similarity(a, b)
        if trimmed is not None:
            return trimmed
    total = a.size + b.size
    if total == 0:
        return 1.0
    small, large = (a.words, b.words) if len(a.words) <= len(b.words) else (b.words, a.words)
    return 2.0 * _common(small, large) / total


def _trimmed_similarity(a: _Node, b: _Node) -> float | None:
    """:func:`similarity` counting only the words between the common head and tail of the two bodies.

    ``None`` when the two bodies share little head or tail (two different
    subdivisions compared with each other): then each body's Counter, kept
    on its node for its next comparison, is the cheaper way.

    An amended section differs from its old text in a clause or two: a
    Counter of each whole body (often a whole section, subdivisions
    included) was a tenth of a 1,000,000-word diff. The result is the same
    number: the words of a common head and tail (cut at whitespace, so
    they are whole words on both sides) are in both multisets, and
    ``min(c + x, c + y) == c + min(x, y)`` for every word.
    """
    x, y = a.body, b.body
    lx, ly = len(x), len(y)
    # Longest common prefix, by halving (slice comparisons run in C).
    lo, hi = 0, min(lx, ly)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if x[lo:mid] == y[lo:mid]:
            lo = mid
        else:
            hi = mid - 1
    head = lo
    while head > 0 and not x[head - 1].isspace():
        head -= 1  # back to a word boundary (split() and isspace() agree on whitespace)
    # Longest common suffix of what is left.
    lo, hi = 0, min(lx, ly) - head
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if x[lx - mid : lx - lo] == y[ly - mid : ly - lo]:
            lo = mid
        else:
            hi = mid - 1
    tail = lo
    while tail > 0 and not x[lx - tail].isspace():
        tail -= 1
    if 2 * (head + tail) < min(lx, ly):
        return None
    shared = len(x[:head].split()) + len(x[lx - tail :].split())
    middle_x = x[head : lx - tail].split()
    middle_y = y[head : ly - tail].split()
    if a._size is None:
        a._size = shared + len(middle_x)
    if b._size is None:
        b._size = shared + len(middle_y)
    total = a._size + b._size
    if total == 0:
        return 1.0
    return 2.0 * (shared + _common(Counter(middle_x), Counter(middle_y))) / total


def containment(part: _Node, whole: _Node) -> float:
    """Share of ``part``'s words that also occur in ``whole``."""
    if part.size == 0:
        return 0.0
    return _common(part.words, whole.words) / part.size


def _common(small: Counter[str], large: Counter[str]) -> int:
    """Size of the multiset intersection (``sum((small & large).values())``, without building it)."""
    # All builtins, so the loop runs in C: this is the inner loop of alignment.
    return sum(map(min, small.values(), map(large.get, small.keys(), repeat(0))))


def _is_stable_id(provision: Provision) -> bool:
    return bool(provision.id) and not provision.id.startswith("path:")


class _Aligner:
    def __init__(self, old: Version, new: Version) -> None:
        self.old = _flatten(old)
        self.new = _flatten(new)
        self.o2n: dict[int, int] = {}
        self.n2o: dict[int, int] = {}
        self.method: dict[int, str] = {}  # old index -> method
        self.sim: dict[int, float] = {}  # old index -> similarity
        self.extra: list[tuple[int, int, str]] = []  # (old, new, "split"/"merged") extra pairs
        self.piece_status: dict[tuple[int, int], str] = {}
        self._extra_keys: set[tuple[int, int]] = set()
        self.identical: set[int] = set()  # old nodes whose body is known to equal their pair's
        self._pending_children: list[tuple[int, int]] = []
        self._seen_similarity: dict[tuple[int, int], float] = {}

    # -- matching --------------------------------------------------------------
    def link(self, o: int, n: int, method: str, sim: float | None = None, *, identical: bool = False) -> None:
        """Pair old node ``o`` with new node ``n``; ``identical``: bodies already known equal."""
        self.o2n[o] = n
        self.n2o[n] = o
        self.method[o] = method
        self.sim[o] = similarity(self.old[o], self.new[n]) if sim is None else sim
        if identical:
            self.identical.add(o)

    def match_ids(self) -> None:
        old_ids = Counter(pid for n in self.old if (pid := n.provision.id) and not pid.startswith("path:"))
        if not old_ids:
            # Only ``path:`` ids (plain text, PDF, generated bills): nothing to
            # pair by id, so the other side is not even counted.
            return
        new_ids = Counter(pid for n in self.new if (pid := n.provision.id) and not pid.startswith("path:"))
        by_id = {n.provision.id: n.index for n in self.new if new_ids.get(n.provision.id) == 1}
        for node in self.old:
            pid = node.provision.id
            if old_ids.get(pid) == 1 and pid in by_id:
                self.link(node.index, by_id[pid], "id")

    def match_children(self, old_children: list[int], new_children: list[int]) -> None:
        """Pair the unmatched children of one matched parent pair."""
        uo = [i for i in old_children if i not in self.o2n]
        un = [j for j in new_children if j not in self.n2o]
        if not uo or not un:
            return
        # Identical bodies, unique on both sides: the strongest evidence after ids.
        old_bodies = Counter(self.old[i].body for i in uo)
        new_bodies: dict[str, list[int]] = {}
        for j in un:
            new_bodies.setdefault(self.new[j].body, []).append(j)
        for i in uo:
            body = self.old[i].body
            if old_bodies[body] == 1 and len(new_bodies.get(body, ())) == 1:
                j = new_bodies[body][0]
                if compatible(self.old[i], self.new[j]):
                    method = "label" if self._same_label(i, j) else "content"
                    self.link(i, j, method, 1.0, identical=True)
        uo = [i for i in uo if i not in self.o2n]
        un = [j for j in un if j not in self.n2o]
        if not uo or not un:
            return
        self._greedy(uo, un, self._candidates(uo, un))

    def _candidates(self, uo: list[int], un: list[int]) -> Iterable[tuple[int, int]]:
        if len(uo) * len(un) <= FULL_MATRIX_LIMIT:
            return ((i, j) for i in uo for j in un)
        # Large sibling lists (a 5,000-section act): same labels, plus a
        # window of positional neighbours for relabelled ones.
        by_label: dict[str, list[int]] = {}
        for j in un:
            by_label.setdefault(self.new[j].label_key, []).append(j)
        pairs: set[tuple[int, int]] = set()
        for rank, i in enumerate(uo):
            same = by_label.get(self.old[i].label_key, ())
            for j in same:
                pairs.add((i, j))
            if len(same) == 1:
                sim = similarity(self.old[i], self.new[same[0]])
                self._seen_similarity[i, same[0]] = sim  # _greedy needs it next
                if sim >= CONTENT_MIN_SIMILARITY:
                    continue  # same number, mostly the same words: no need to look around
            centre = int(rank * len(un) / max(len(uo), 1))
            for j in un[max(0, centre - 3) : centre + 4]:
                pairs.add((i, j))
        return sorted(pairs)

    def _same_label(self, i: int, j: int) -> bool:
        return self.old[i].label_key == self.new[j].label_key

    def _greedy(self, uo: list[int], un: list[int], candidates: Iterable[tuple[int, int]]) -> None:
        scored: list[tuple[float, int, int, float, bool]] = []
        seen = self._seen_similarity
        for i, j in candidates:
            a, b = self.old[i], self.new[j]
            if not compatible(a, b):
                continue
            same = self._same_label(i, j)
            sim = seen.pop((i, j), None)
            if sim is None:
                sim = similarity(a, b)
            if same and sim >= LABEL_MIN_SIMILARITY:
                scored.append((sim + LABEL_BONUS, i, j, sim, True))
            elif sim >= CONTENT_MIN_SIMILARITY and (
                min(a.size, b.size) >= 2 or sim == 1.0
            ):
                scored.append((sim, i, j, sim, False))
        # Highest score first; ties go to document order so results are stable.
        scored.sort(key=lambda s: (-s[0], s[1], s[2]))
        for _, i, j, sim, same in scored:
            if i in self.o2n or j in self.n2o:
                continue
            self.link(i, j, "label" if same else "content", sim)
        self._rewritten(uo, un)

    def _rewritten(self, uo: list[int], un: list[int]) -> None:
        """Pair leftovers that were rewritten as well as renumbered.

        SB 53's penalty section went from 22757.14 to 22757.16 while its
        single penalty became a tiered one: only a quarter of the words are
        shared (Dice 0.26), but four fifths of the old text survives inside
        the new one and neither has a better partner. Siblings that are each
        other's best candidate, with most of the shorter one contained in
        the longer, are the same provision.
        """
        uo = [i for i in uo if i not in self.o2n and self.old[i].size >= MIN_WORDS_FOR_CONTENT]
        un = [j for j in un if j not in self.n2o and self.new[j].size >= MIN_WORDS_FOR_CONTENT]
        if not uo or not un or len(uo) * len(un) > FULL_MATRIX_LIMIT:
            return
        score: dict[tuple[int, int], float] = {}
        for i in uo:
            for j in un:
                a, b = self.old[i], self.new[j]
                if not compatible(a, b):
                    continue
                shorter, longer = (a, b) if a.size <= b.size else (b, a)
                if containment(shorter, longer) >= REWRITE_MIN_CONTAINMENT:
                    score[i, j] = similarity(a, b)
        best_old = {i: max((s, -j) for (ii, j), s in score.items() if ii == i) for i in {i for i, _ in score}}
        best_new = {j: max((s, -i) for (i, jj), s in score.items() if jj == j) for j in {j for _, j in score}}
        for (i, j), sim in sorted(score.items()):
            if sim < REWRITE_MIN_SIMILARITY or i in self.o2n or j in self.n2o:
                continue
            if best_old[i] == (sim, -j) and best_new[j] == (sim, -i):
                self.link(i, j, "content", sim)

    def match_tree(self) -> None:
        """Match children of every matched pair, top-down, until nothing new matches."""
        roots_old = [n.index for n in self.old if n.parent is None]
        roots_new = [n.index for n in self.new if n.parent is None]
        queue: deque[tuple[list[int], list[int]]] = deque([(roots_old, roots_new)])
        done: set[int] = set()
        while True:
            while queue:
                old_children, new_children = queue.popleft()
                self.match_children(old_children, new_children)
                for i in old_children:
                    if i in self.o2n and i not in done:
                        done.add(i)
                        j = self.o2n[i]
                        if self._same_subtree(i, j):
                            self._link_subtree(i, j, done)
                            while self._pending_children:
                                cx, cy = self._pending_children.pop()
                                queue.append((self.old[cx].children, self.new[cy].children))
                        else:
                            queue.append((self.old[i].children, self.new[j].children))
            # Pairs matched by id (or by the global pass) whose parents are
            # not matched still need their children matched.
            pending = self.o2n.keys() - done  # a set difference in C: every pair of a long bill
            if not pending:
                break
            for i in sorted(pending):
                done.add(i)
                queue.append((self.old[i].children, self.new[self.o2n[i]].children))

    def _same_subtree(self, i: int, j: int) -> bool:
        """Identical text and the same shape of children: pair them all at once."""
        a, b = self.old[i], self.new[j]
        if len(a.children) != len(b.children) or not same_body(a, b):
            return False
        old_nodes, new_nodes = self.old, self.new
        return all(
            old_nodes[x].provision.kind == new_nodes[y].provision.kind
            and (
                old_nodes[x].provision.label == new_nodes[y].provision.label
                or old_nodes[x].label_key == new_nodes[y].label_key
            )
            for x, y in zip(a.children, b.children, strict=True)
        )

    def _link_subtree(self, i: int, j: int, done: set[int]) -> None:
        # An unchanged provision (the bulk of any amended bill): its children
        # are the same children, without comparing them one by one.
        old_nodes, new_nodes = self.old, self.new
        o2n, n2o, method, sim, identical = self.o2n, self.n2o, self.method, self.sim, self.identical
        stack = [(i, j)]
        while stack:
            x, y = stack.pop()
            px_end, py_end = old_nodes[x].provision.end, new_nodes[y].provision.end
            for cx, cy in zip(old_nodes[x].children, new_nodes[y].children):
                if cx in o2n or cy in n2o:
                    continue
                a, b = old_nodes[cx].provision, new_nodes[cy].provision
                # Same text around them and the same span from the parent's
                # end: the same words (a reader could cut identical text
                # differently, e.g. a CAML version against a plain-text one).
                a_start, b_start = a.start, b.start
                same_cut = a.end - a_start == b.end - b_start and px_end - a_start == py_end - b_start
                if same_cut and a.label == b.label:
                    # self.link(cx, cy, "label", 1.0, identical=True), written
                    # out: this is most of the provisions of a long bill.
                    o2n[cx] = cy
                    n2o[cy] = cx
                    method[cx] = "label"
                    sim[cx] = 1.0
                    identical.add(cx)
                else:
                    self.link(cx, cy, "label")
                done.add(cx)
                if same_cut and len(old_nodes[cx].children) == len(new_nodes[cy].children):
                    stack.append((cx, cy))
                else:
                    self._pending_children.append((cx, cy))

    def match_global(self) -> bool:
        """Leftovers anywhere with clearly the same words: moved provisions."""
        uo = [n.index for n in self.old if n.index not in self.o2n and n.size >= MIN_WORDS_FOR_CONTENT]
        un = [n.index for n in self.new if n.index not in self.n2o and n.size >= MIN_WORDS_FOR_CONTENT]
        if not uo or not un:
            return False
        found = False
        scored: list[tuple[float, int, int]] = []
        for i, j in self._shared_word_candidates(uo, un):
            sim = similarity(self.old[i], self.new[j])
            if sim >= MOVED_MIN_SIMILARITY:
                scored.append((sim, i, j))
        scored.sort(key=lambda s: (-s[0], s[1], s[2]))
        for sim, i, j in scored:
            if i in self.o2n or j in self.n2o:
                continue
            self.link(i, j, "content", sim)
            found = True
        return found

    def _shared_word_candidates(self, uo: list[int], un: list[int]) -> list[tuple[int, int]]:
        # Inverted index on each provision's rarest words: two bodies with a
        # Dice similarity of 0.6 share most of their words, so they share
        # some of their rarest ones too.
        # Only the words of the old leftovers are ever looked up (see _pieces).
        vocabulary: set[str] = set().union(*(self.old[i].words for i in uo))
        index: dict[str, list[int]] = {}
        for j in un:
            for word in vocabulary.intersection(self.new[j].words):
                index.setdefault(word, []).append(j)
        pairs: set[tuple[int, int]] = set()
        for i in uo:
            node = self.old[i]
            rare = sorted(node.words, key=lambda w: (len(index.get(w, ())) or 10**9, w))[:8]
            for word in rare:
                for j in index.get(word, ())[:200]:
                    if compatible(node, self.new[j]):
                        pairs.add((i, j))
        return sorted(pairs)

    def match_pieces(self) -> None:
        """Split (one old -> several new) and merged (several old -> one new)."""
        self._pieces(self.old, self.new, self.o2n, self.n2o, "split")
        self._pieces(self.new, self.old, self.n2o, self.o2n, "merged")

    def _pieces(
        self,
        wholes: list[_Node],
        parts: list[_Node],
        whole2part: dict[int, int],
        part2whole: dict[int, int],
        status: str,
    ) -> None:
        # Set arithmetic (in C) rather than a loop over every provision: on a
        # long bill nearly all of them are paired, most word for word.
        unpaired = sorted(set(range(len(parts))).difference(part2whole))
        lonely = [p for p in map(parts.__getitem__, unpaired) if p.size >= MIN_WORDS_FOR_CONTENT]
        if not lonely:
            return
        groups = {(p.region, kind_group(p.provision.kind)) for p in lonely}
        # Only the words of the lonely parts are ever looked up: the index
        # leaves out the others (most of each whole's words, on a long bill).
        # Each word's list still names the wholes in order.
        vocabulary: set[str] = set().union(*(p.words for p in lonely))
        index: dict[str, list[int]] = {}
        if status == "split":
            kept = self.identical  # old indices, and the wholes are old
        else:
            kept = set(map(self.o2n.__getitem__, self.identical))
        for w in sorted(set(range(len(wholes))).difference(kept)):
            whole = wholes[w]
            counterpart = whole2part.get(w)
            if (whole.region, kind_group(whole.provision.kind)) not in groups:
                continue
            if counterpart is not None and same_body(whole, parts[counterpart]):
                continue
            if whole.size >= MIN_WORDS_FOR_CONTENT:
                for word in vocabulary.intersection(whole.words):
                    wholes_with = index.get(word)  # get-or-add: no empty list per word
                    if wholes_with is None:
                        index[word] = [w]
                    else:
                        wholes_with.append(w)
        grouped: dict[int, list[int]] = {}
        for part in lonely:
            # A whole that is the counterpart of the part's own ancestor
            # contains the part's words simply because it contains its
            # children: that is a changed subdivision, not a merge.
            excluded: set[int] = set()
            up = part.parent
            while up is not None:
                if up in part2whole:
                    excluded.add(part2whole[up])
                up = parts[up].parent
            rare = sorted(part.words, key=lambda w: (len(index.get(w, ())) or 10**9, w))[:8]
            # The wholes sharing most of the part's rarest words; only those
            # are worth a containment count.
            shared: Counter[int] = Counter(w for word in rare for w in index.get(word, ())[:200])
            candidates = sorted(w for w, _ in shared.most_common(PIECE_CANDIDATES))
            best: tuple[float, int] | None = None
            for w in candidates:
                whole = wholes[w]
                if w in excluded or not compatible(part, whole):
                    continue
                score = containment(part, whole)
                if score >= CONTAINMENT_MIN and (best is None or score > best[0]):
                    best = (score, w)
            if best is not None:
                grouped.setdefault(best[1], []).append(part.index)
        for w, pieces in grouped.items():
            whole = wholes[w]
            matched = whole2part.get(w)
            if matched is not None:
                # The whole kept a counterpart; it is a split only if that
                # counterpart is itself mostly drawn from the whole.
                if containment(parts[matched], whole) < 0.5:
                    continue
                members = [matched, *pieces]
            else:
                if len(pieces) < 2:
                    continue
                members = pieces
            for p in members:
                key = (w, p) if status == "split" else (p, w)
                self.piece_status[key] = status
                if p not in part2whole and key not in self._extra_keys:
                    # Claimed as a piece, so it is not reported as added/removed.
                    self._extra_keys.add(key)
                    self.extra.append((*key, status))


def align_provisions(old: Version, new: Version) -> list[ProvisionPair]:
    """Align the provisions of two versions.

    Args:
        old, new: the two versions.

    Returns:
        One :class:`ProvisionPair` per provision pair or singleton, in
        document order (new version order; removed provisions after the
        provision that preceded them).
    """
    aligner = _Aligner(old, new)
    aligner.match_ids()
    aligner.match_tree()
    while aligner.match_global():
        aligner.match_tree()
    aligner.match_pieces()
    return _classify(aligner)


def anchor_weight(aligner: _Aligner, i: int) -> float:
    """How much text a pair keeps unchanged: similarity x combined length (+1)."""
    a, b = aligner.old[i], aligner.new[aligner.o2n[i]]
    return aligner.sim[i] * (a.body_length + b.body_length) + 1.0


def _moved(aligner: _Aligner) -> set[int]:
    """Old indices of pairs that changed parent or order among their siblings."""
    moved: set[int] = set()
    old, new, o2n = aligner.old, aligner.new, aligner.o2n
    # Pairs that kept their parent, grouped by it for the order test below.
    # The old parent alone is the key: a pair that kept its parent has the
    # new parent o2n[old parent] (or none on both sides). One pass, since
    # this visits every pair of a long bill.
    groups: dict[int | None, list[int]] = {}
    for i, j in o2n.items():
        po, pn = old[i].parent, new[j].parent
        if po is None:
            if pn is not None:
                moved.add(i)
                continue
        elif pn is None or o2n.get(po) != pn:
            moved.add(i)
            continue
        members = groups.get(po)
        if members is None:
            groups[po] = [i]
        else:
            members.append(i)
    # Order among siblings: keep the longest run that stayed in order (LIS on
    # new positions taken in old order); the others moved.
    lt = int.__lt__
    for members in groups.values():
        members.sort()
        targets = [o2n[i] for i in members]
        if all(map(lt, targets, targets[1:])):
            continue  # the usual case: nothing changed order
        keep = heaviest_increasing(targets, [anchor_weight(aligner, i) for i in members])
        for pos, i in enumerate(members):
            if pos not in keep:
                moved.add(i)
    return moved


def heaviest_increasing(values: Sequence[int], weights: Sequence[float]) -> set[int]:
    """Positions of a strictly increasing subsequence of ``values`` with the largest total weight (weights > 0).

    When two definitions swap places, one of them has to be reported as
    moved; keeping the longer one in place (weight = text length) is what a
    drafter's redline does, and it strikes the fewest words. A Fenwick tree
    over value ranks keeps this O(n log n) for acts with thousands of sections.
    """
    n = len(values)
    if n == 0:
        return set()
    if all(map(int.__lt__, values, values[1:])):
        # Already in order (the usual case: thousands of sections that kept
        # their order), and every weight is positive: keep them all.
        return set(range(n))
    ranks = {v: r + 1 for r, v in enumerate(sorted(set(values)))}
    size = len(ranks)
    tree_best = [0.0] * (size + 1)
    tree_pos = [-1] * (size + 1)
    best = [0.0] * n
    back = [-1] * n
    for pos, value in enumerate(values):
        # Best chain ending in a value strictly smaller than this one.
        r = ranks[value] - 1
        top, top_pos = 0.0, -1
        while r > 0:
            if tree_best[r] > top:
                top, top_pos = tree_best[r], tree_pos[r]
            r -= r & -r
        best[pos] = top + weights[pos]
        back[pos] = top_pos
        r = ranks[value]
        while r <= size:
            if best[pos] > tree_best[r]:
                tree_best[r], tree_pos[r] = best[pos], pos
            r += r & -r
    pos = max(range(n), key=lambda k: (best[k], -k))
    keep: set[int] = set()
    while pos != -1:
        keep.add(pos)
        pos = back[pos]
    return keep


def _classify(aligner: _Aligner) -> list[ProvisionPair]:
    old, new = aligner.old, aligner.new
    moved = _moved(aligner)
    rows: list[tuple[tuple[int, int, int, int], ProvisionPair]] = []

    identical, sims, methods, piece_status = aligner.identical, aligner.sim, aligner.method, aligner.piece_status
    n2o = aligner.n2o
    # In new document order (pre-order indices: starts never decrease), so
    # the rows are already sorted when the sort below runs: it then costs a
    # single pass instead of ~15 tuple comparisons per row. (The pairs were
    # found subtree by subtree, in no useful order.)
    for j in sorted(n2o):
        i = n2o[j]
        on, nn = old[i], new[j]
        a, b = on.provision, nn.provision
        renumbered = not (a.label == b.label or on.label_key == nn.label_key)
        if renumbered:
            changed = True  # the full text includes the label
        elif i in identical:
            changed = False
        elif sims[i] < 1.0:
            changed = True  # similarity is exactly 1.0 for identical bodies only...
        else:
            changed = not same_body(on, nn)  # ...and also for reordered words: check
        is_moved = i in moved
        status = piece_status.get((i, j)) if piece_status else None
        if status is None:
            # A provision with a new number is reported as renumbered even if
            # it also changed place (the ``moved`` flag says so): that is how
            # drafters and readers name it ("22757.14 is now 22757.16").
            if renumbered:
                status = "renumbered"
            elif is_moved:
                status = "moved"
            elif changed:
                status = "changed"
            else:
                status = "unchanged"
        row = make_pair(a, b, status, round(sims[i], 4), methods[i], renumbered, is_moved, changed)
        rows.append(((b.start, 0, nn.depth, j), row))
    for i, j, status in aligner.extra:
        if aligner.o2n.get(i) == j:
            continue
        a, b = old[i].provision, new[j].provision
        sim = containment(new[j], old[i]) if status == "split" else containment(old[i], new[j])
        row = ProvisionPair(a, b, status, round(sim, 4), "content", False, False, True, piece=True)
        rows.append(((b.start, 0, new[j].depth, j), row))
    claimed_old = set(aligner.o2n) | {i for i, _, _ in aligner.extra}
    claimed_new = set(aligner.n2o) | {j for _, j, _ in aligner.extra}
    # Only the unclaimed provisions are visited (set arithmetic in C): on a
    # long bill nearly every provision is paired.
    for k in sorted(set(range(len(new))).difference(claimed_new)):
        node = new[k]
        rows.append(((node.provision.start, 0, node.depth, k), ProvisionPair(None, node.provision, "added")))
    # A removed provision is listed where it stood: after the new counterpart
    # of the nearest matched provision before it in the old version.
    matched = sorted(aligner.o2n)
    for k in sorted(set(range(len(old))).difference(claimed_old)):
        node = old[k]
        before = bisect.bisect_left(matched, k) - 1
        anchor = 0
        if before >= 0:
            previous = old[matched[before]]
            counterpart = new[aligner.o2n[previous.index]].provision
            inside = previous.provision.start <= node.provision.start < previous.provision.end
            anchor = counterpart.start if inside else counterpart.end
        rows.append(((anchor, 1, node.depth, k), ProvisionPair(node.provision, None, "removed")))
    rows.sort(key=itemgetter(0))
    return [row for _, row in rows]
