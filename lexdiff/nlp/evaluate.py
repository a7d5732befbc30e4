"""Measure the tagger against hand-written gold annotations.

The gold format is defined in ``annotations/gold/README.md``: one folder per
document, a ``document.json`` naming the source, and one JSONL file per label
family whose presence means "annotated exhaustively". Items are anchored by
quotes (plus an optional provision path and occurrence), so gold survives
reader changes.

:func:`evaluate` returns plain data (:class:`Report`); rendering is in the CLI.
"""

from __future__ import annotations

import json
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

from lexdiff.errors import InputError, LexdiffError
from lexdiff.model import Version
from lexdiff.nlp.tags import Tag

#: Gold file name -> labels it annotates exhaustively.
GOLD_FILES: dict[str, tuple[str, ...]] = {
    "definitions.jsonl": ("definition",),
    "deontic.jsonl": ("obligation", "prohibition", "permission"),
    "quantities.jsonl": ("quantity",),
    "penalties.jsonl": ("penalty",),
    "ambiguity.jsonl": ("ambiguity",),
}

DEONTIC = ("obligation", "prohibition", "permission")

#: Fields compared over matched pairs (when the gold item has them).
FIELDS: dict[str, tuple[str, ...]] = {
    "definition": ("scope", "form"),
    "obligation": ("actor", "modality"),
    "prohibition": ("actor", "modality"),
    "permission": ("actor", "modality"),
    "quantity": ("kind", "value", "unit"),
    "penalty": ("kind", "amount", "unit"),
    "ambiguity": ("rule", "term"),
}

_DETERMINERS = re.compile(r"^(?:a|an|the|each|any|every|such|no|all)\s+", re.IGNORECASE)


@dataclass
class GoldItem:
    """One gold annotation, once anchored: ``start``/``end`` in the version text."""

    label: str
    quote: str
    fields: dict[str, Any]
    line: str  # "file.jsonl:LINE" for messages
    provision: str | None = None
    occurrence: int = 1
    start: int = -1
    end: int = -1


@dataclass
class GoldDocument:
    """A gold folder: where its text comes from and what it annotates."""

    name: str
    folder: Path
    source: dict[str, str]
    format: str | None
    exclude_kinds: tuple[str, ...]
    items: list[GoldItem]
    labels: tuple[str, ...]


@dataclass
class Counts:
    """Matches for one label (or group of labels) in one or more documents."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    fields: dict[str, list[int]] = field(default_factory=dict)  # name -> [right, total]

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: "Counts") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        for name, (right, total) in other.fields.items():
            slot = self.fields.setdefault(name, [0, 0])
            slot[0] += right
            slot[1] += total

    def as_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "fields": {
                name: {"right": r, "total": t, "accuracy": round(r / t, 4) if t else None}
                for name, (r, t) in sorted(self.fields.items())
            },
        }


@dataclass
class DocumentResult:
    """Result for one gold document."""

    name: str
    source: str
    rows: dict[str, Counts] = field(default_factory=dict)
    skipped: str | None = None
    errors: list[str] = field(default_factory=list)  # anchoring problems
    misses: list[dict[str, Any]] = field(default_factory=list)  # FN and FP details


@dataclass
class Report:
    documents: list[DocumentResult]

    def totals(self) -> dict[str, Counts]:
        total: dict[str, Counts] = {}
        for doc in self.documents:
            for label, counts in doc.rows.items():
                total.setdefault(label, Counts()).add(counts)
        return dict(sorted(total.items()))


def default_gold_root() -> Path:
    """``annotations/gold`` of the checkout this package runs from."""
    return Path(__file__).resolve().parents[2] / "annotations" / "gold"


def corpus_root() -> Path | None:
    env = os.environ.get("LEXDIFF_CORPUS")
    candidate = Path(env) if env else Path(__file__).resolve().parents[3] / "shared" / "corpus"
    return candidate if candidate.is_dir() else None


def find_gold_documents(paths: Sequence[str] = ()) -> list[Path]:
    """Gold folders: the given folders (or folders containing them), else all under the default root."""
    roots = [Path(p) for p in paths] or [default_gold_root()]
    found: list[Path] = []
    for root in roots:
        if (root / "document.json").is_file():
            found.append(root)
        elif root.is_dir():
            found.extend(sorted(p.parent for p in root.glob("*/document.json")))
        else:
            raise InputError("no such gold folder", str(root))
    return found


def load_gold(folder: Path) -> GoldDocument:
    """Read a gold folder.

    Raises:
        InputError: missing or malformed ``document.json`` or JSONL lines.
    """
    meta_path = folder / "document.json"
    try:
        meta = json.loads(meta_path.read_text("utf-8"))
    except (OSError, ValueError) as err:
        raise InputError(f"cannot read gold document description ({err})", str(meta_path)) from err
    source = meta.get("source") or {}
    if not isinstance(source, dict) or len(source) != 1 or next(iter(source)) not in ("corpus", "sample"):
        raise InputError('"source" must be {"corpus": PATH} or {"sample": PATH}', str(meta_path))
    items: list[GoldItem] = []
    labels: list[str] = []
    for name, file_labels in GOLD_FILES.items():
        path = folder / name
        if not path.is_file():
            continue
        labels.extend(file_labels)
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("//"):
                continue
            where = f"{name}:{number}"
            try:
                raw = json.loads(line)
            except ValueError as err:
                raise InputError(f"line {number} is not valid JSON ({err})", str(path)) from err
            if raw.get("label") not in file_labels or not raw.get("quote"):
                raise InputError(
                    f"line {number}: needs a \"quote\" and a \"label\" among {', '.join(file_labels)}",
                    str(path),
                )
            extra = {k: v for k, v in raw.items() if k not in ("label", "quote", "provision", "occurrence", "note")}
            items.append(
                GoldItem(
                    label=raw["label"],
                    quote=raw["quote"],
                    fields=extra,
                    line=where,
                    provision=raw.get("provision"),
                    occurrence=int(raw.get("occurrence", 1)),
                )
            )
    return GoldDocument(
        name=folder.name,
        folder=folder,
        source=source,
        format=meta.get("format"),
        exclude_kinds=tuple(meta.get("exclude_kinds") or ()),
        items=items,
        labels=tuple(labels),
    )


def source_path(gold: GoldDocument) -> Path | None:
    """Where the gold document's text is, or ``None`` if that place is absent."""
    (kind, rel), = gold.source.items()
    if kind == "corpus":
        root = corpus_root()
        return root / rel if root else None
    return Path(__file__).resolve().parents[2] / "corpus" / "samples" / rel


def _quote_regex(quote: str) -> re.Pattern[str]:
    return re.compile(r"\s+".join(re.escape(w) for w in quote.split()))


def _find_provision(version: Version, path: str) -> Any:
    exact = version.find(path)
    if exact is not None:
        return exact
    for provision in version.walk():
        if provision.path.endswith(" > " + path) or provision.path.endswith(path) and path[:1] != "(":
            return provision
    return None


def anchor(item: GoldItem, version: Version) -> str | None:
    """Set ``item.start``/``item.end``; returns an error message if the quote is not found."""
    regex = _quote_regex(item.quote)
    areas: list[tuple[int, int]] = []
    if item.provision:
        provision = _find_provision(version, item.provision)
        if provision is not None:
            areas.append((provision.start, provision.end))
    areas.append((0, len(version.text)))
    for start, end in areas:
        matches = list(regex.finditer(version.text, start, end))
        if len(matches) >= item.occurrence:
            m = matches[item.occurrence - 1]
            item.start, item.end = m.start(), m.end()
            return None
    return f"{item.line}: quote not found: {item.quote!r}" + (
        f" (in {item.provision})" if item.provision else ""
    )


def _excluded(version: Version, offset: int, kinds: Iterable[str]) -> bool:
    kinds = set(kinds)
    if not kinds:
        return False
    level = version.provisions
    while level:
        for provision in level:
            if provision.start <= offset < provision.end:
                if provision.kind in kinds:
                    return True
                level = provision.children
                break
        else:
            return False
    return False


def normalize_actor(value: Any) -> str:
    text = " ".join(str(value or "").replace("’", "'").lower().split())
    while True:
        stripped = _DETERMINERS.sub("", text)
        if stripped == text:
            return text
        text = stripped


def _same(name: str, gold: Any, predicted: Any) -> bool:
    if name == "actor":
        return normalize_actor(gold) == normalize_actor(predicted)
    if name in ("value", "amount"):
        try:
            g, p = float(gold), float(predicted)
        except (TypeError, ValueError):
            return str(gold) == str(predicted)
        return math.isclose(g, p, rel_tol=1e-9, abs_tol=1e-12)
    if isinstance(gold, str) and isinstance(predicted, str):
        return " ".join(gold.lower().split()) == " ".join(predicted.lower().split())
    return gold == predicted


def _term_key(term: Any) -> str:
    return " ".join(str(term or "").replace("'", "’").lower().split())


def match(golds: list[GoldItem], tags: list[Tag], needs_term: bool) -> list[tuple[GoldItem, Tag]]:
    """One-to-one pairs of overlapping gold items and tags, nearest start first."""
    candidates = []
    for gi, gold in enumerate(golds):
        if gold.start < 0:
            continue
        for ti, tag in enumerate(tags):
            if tag.start >= gold.end or tag.end <= gold.start:
                continue
            if needs_term and "term" in gold.fields and _term_key(gold.fields["term"]) != _term_key(
                tag.attrs.get("term")
            ):
                continue
            contains = tag.start <= gold.start and gold.end <= tag.end
            candidates.append((0 if contains else 1, abs(tag.start - gold.start), gi, ti))
    candidates.sort()
    used_g: set[int] = set()
    used_t: set[int] = set()
    pairs = []
    for _, _, gi, ti in candidates:
        if gi in used_g or ti in used_t:
            continue
        used_g.add(gi)
        used_t.add(ti)
        pairs.append((golds[gi], tags[ti]))
    return pairs


def compare(gold: GoldDocument, version: Version, tags: list[Tag]) -> DocumentResult:
    """Score ``tags`` of ``version`` against ``gold``."""
    result = DocumentResult(name=gold.name, source=version.source)
    for item in gold.items:
        error = anchor(item, version)
        if error:
            result.errors.append(error)
    tags = [t for t in tags if not _excluded(version, t.start, gold.exclude_kinds)]
    text = version.text
    for label in gold.labels:
        golds = [g for g in gold.items if g.label == label]
        predicted = [t for t in tags if t.label == label]
        pairs = match(golds, predicted, needs_term=label in ("definition", "ambiguity"))
        counts = Counts(tp=len(pairs), fp=len(predicted) - len(pairs), fn=len(golds) - len(pairs))
        matched_g = {id(g) for g, _ in pairs}
        matched_t = {id(t) for _, t in pairs}
        for g, t in pairs:
            for name in FIELDS.get(label, ()):
                if name in g.fields:
                    slot = counts.fields.setdefault(name, [0, 0])
                    slot[1] += 1
                    if _same(name, g.fields[name], t.attrs.get(name)):
                        slot[0] += 1
                    else:
                        result.misses.append(
                            {"kind": f"wrong {name}", "label": label, "gold": g.fields[name],
                             "predicted": t.attrs.get(name), "quote": g.quote, "where": g.line}
                        )
        for g in golds:
            if id(g) not in matched_g:
                result.misses.append({"kind": "missed", "label": label, "quote": g.quote, "where": g.line})
        for t in predicted:
            if id(t) not in matched_t:
                result.misses.append(
                    {"kind": "extra", "label": label, "quote": " ".join(text[t.start : t.end].split())[:120],
                     "where": t.provision or str(t.start)}
                )
        result.rows[label] = counts
        if label == "quantity":
            for kind in sorted({str(g.fields.get("kind")) for g in golds if g.fields.get("kind")}):
                kg = [g for g in golds if g.fields.get("kind") == kind]
                kt = [t for t in predicted if t.attrs.get("kind") == kind]
                kp = match(kg, kt, needs_term=False)
                result.rows[f"quantity:{kind}"] = Counts(tp=len(kp), fp=len(kt) - len(kp), fn=len(kg) - len(kp))
    deontic = [result.rows[l] for l in DEONTIC if l in result.rows]
    if deontic:
        micro = Counts()
        for c in deontic:
            micro.add(c)
        result.rows["deontic (all)"] = micro
    return result


def evaluate(paths: Sequence[str] = (), model: str | None = None) -> Report:
    """Evaluate the tagger on every gold document found from ``paths``."""
    from lexdiff.ingest import read_version
    from lexdiff.nlp.pipeline import tag_version

    documents = []
    for folder in find_gold_documents(paths):
        gold = load_gold(folder)
        path = source_path(gold)
        label = next(iter(gold.source.values()))
        if path is None or not path.is_file():
            documents.append(DocumentResult(gold.name, label, skipped=f"source not found: {label}"))
            continue
        try:
            version = read_version(str(path), gold.format)
        except LexdiffError as err:
            documents.append(DocumentResult(gold.name, label, skipped=str(err)))
            continue
        tags = tag_version(version, only=None, model=model)
        documents.append(compare(gold, version, tags))
    return Report(documents)
