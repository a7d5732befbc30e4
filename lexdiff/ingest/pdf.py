"""PDF bills: the text layer, cleaned, then the plain-text reader's structure.

Most people only have the PDF. This reader uses :mod:`pypdf` (the ``pdf``
extra: ``pip install 'lexdiff[pdf]'``; imported only when a PDF is read) to
extract each page's text in reading order, repairs what the extraction
breaks, and hands the text to
:func:`lexdiff.ingest.plaintext.structure_from_text`, which removes margin
line numbers and running headers/footers ("Ch. 131 Consumer and Commercial
Transactions 569", "PAGE 2-SENATE BILL 24-205"), re-joins words hyphenated
across lines and finds the sections (``SECTION 1.``, ``6-1-1701.``) and the
subdivision labels, Colorado's (1) > (a) > (I) > (A) included.

What is repaired here, because only a PDF breaks it:

* **Lost superscripts.** A threshold printed 10\u00b2\u2076 comes out of a text layer
  as "1026", a number 10^23 times too small. Where the PDF shows a smaller
  run of digits right after a "10", the text is written ``10^26`` (the form
  leginfo and CAML use) and each repair is listed in
  ``Version.meta["superscripts"]`` for the quantity tagger and for a reader
  to check.
* **Letter-spaced words.** Justified small capitals are sometimes drawn one
  glyph group at a time and come out as "O U TPU T, IN C LU D IN G"; a run of
  one-to-three-letter fragments is joined back when the joined word is a
  word the document itself uses elsewhere ("OUTPUT", "INCLUDING").
* **Struck-through words.** Colorado prints words deleted from existing law
  with a rule drawn through them; the text layer keeps them, but they are
  not law. Glyphs under a thin filled rule are removed from the text and
  listed in ``Version.meta["struck_text"]`` (not as official marks: the
  matching insertions, printed in capitals, are not marked up).
* **Running heads and footers** at the top and bottom of each page that
  recur on other pages ("Ch. 3 Consumer and Commercial Transactions 9",
  mirrored on facing pages) are dropped (``meta["page_furniture"]``); pages
  are joined with a form feed as pdftotext does.

A scan with a recognised-text layer (invisible text over the page image) is
read, and flagged with ``Version.meta["ocr_text_layer"]``: its words are a
machine's reading ("I IEALTH-CARE" for "HEALTH-CARE"). A PDF without a text
layer (a scan) is refused with a message that says to
run OCR first: a scan must never silently become an empty bill.
"""

from __future__ import annotations

import difflib
import io
import math
import re
from collections import defaultdict
from dataclasses import replace
from typing import Any

from lexdiff.errors import FormatError, InputError, ParseError
from lexdiff.ingest.plaintext import structure_from_text
from lexdiff.model import Version

#: Fewer non-blank characters per page than this means "no text layer".
MIN_CHARS_PER_PAGE = 40

_FRAGMENT_RUN = re.compile(r"\b[A-Za-z]{1,3}(?: [A-Za-z]{1,3}){2,}\b")
_WORD = re.compile(r"[A-Za-z]{2,}")
#: The signature page of an enrolled act: the presiding officers' titles and
#: the governor's "APPROVED ... (Date and Time)", whose handwritten date a
#: text layer (or OCR) usually cannot read.
_SIGNATURES = re.compile(r"PRESIDENT\s+OF\s+THE\s+SENATE|SPEAKER\s+OF\s+THE\s+HOUSE")
def _import_pypdf() -> Any:
    try:
        import pypdf
    except ImportError as err:
        raise FormatError(
            "reading PDF needs the optional package pypdf; install it with: pip install 'lexdiff[pdf]'"
        ) from err
    return pypdf


class _Runs:
    """Text runs of one page with their size and baseline (pypdf's visitor)."""

    def __init__(self) -> None:
        self.runs: list[tuple[str, float, float]] = []

    def __call__(self, text: str, cm: Any, tm: Any, font_dict: Any, font_size: float) -> None:
        if not text or not text.strip():
            return
        try:
            scale = math.hypot(float(tm[2]), float(tm[3])) * math.hypot(float(cm[2]), float(cm[3]))
            y = float(tm[4]) * float(cm[1]) + float(tm[5]) * float(cm[3]) + float(cm[5])
        except (TypeError, ValueError, IndexError):
            return
        self.runs.append((text, y, float(font_size or 0) * (scale or 1.0)))

    def exponents(self) -> list[str]:
        """Exponents printed as superscripts right after a "10", in page order."""
        found: list[str] = []
        previous: tuple[str, float, float] | None = None
        for run in self.runs:
            text, y, size = run
            digits = text.strip()
            if (
                previous is not None
                and digits.isdigit()
                and len(digits) <= 3
                and previous[2] > 0
                and 0 < size < 0.85 * previous[2]
                and re.search(r"(?<!\d)10$", previous[0].rstrip())
                and y >= previous[1] - 0.05 * previous[2]
            ):
                found.append(digits)
                continue
            previous = run
        return found


class _Strikes:
    """Glyph positions and thin filled rules of one page: struck-through text.

    Colorado prints words deleted from existing law with a rule through them
    ("On and after ~~February 1, 2026~~ JUNE 30, 2026"); the text layer keeps
    the struck words, which are not law. The rules are thin filled shapes
    drawn over the middle of the glyphs.
    """

    def __init__(self) -> None:
        self.glyphs: list[tuple[str, float, float, float]] = []  # char, x, y, size
        self.rules: list[tuple[float, float, float, float]] = []
        self._path: list[tuple[float, float]] = []
        self._font_size = 0.0
        self._render_mode = 0
        # Glyphs drawn invisibly (text render mode 3): the OCR layer a
        # scanner puts over the page image.
        self.invisible = 0

    def __call__(self, op: bytes, args: Any, cm: Any, tm: Any) -> None:
        try:
            if op == b"Tf" and len(args) >= 2:
                self._font_size = float(args[1])
            elif op == b"Tr" and args:
                self._render_mode = int(args[0])
            elif op in (b"Tj", b"'", b'"', b"TJ"):
                self._glyphs(op, args, cm, tm)
            elif op in (b"m", b"l"):
                x, y = float(args[0]), float(args[1])
                self._path.append(_apply(cm, x, y))
            elif op == b"re":
                x, y, w, h = (float(a) for a in args[:4])
                self._path += [_apply(cm, x, y), _apply(cm, x + w, y + h)]
            elif op in (b"f", b"f*", b"F", b"B", b"B*", b"b", b"b*", b"S", b"s"):
                if self._path:
                    xs = [p[0] for p in self._path]
                    ys = [p[1] for p in self._path]
                    width, height = max(xs) - min(xs), max(ys) - min(ys)
                    if width > 2 and 0 < height < 1.6:
                        self.rules.append((min(xs), min(ys), max(xs), max(ys)))
                self._path = []
            elif op == b"n":
                self._path = []
        except (TypeError, ValueError, IndexError):
            return

    def _glyphs(self, op: bytes, args: Any, cm: Any, tm: Any) -> None:
        x, y = _apply(cm, float(tm[4]), float(tm[5]))
        size = self._font_size * math.hypot(float(tm[2]), float(tm[3])) * math.hypot(float(cm[2]), float(cm[3]))
        pieces = args[0] if op == b"TJ" else [args[-1]]
        for piece in pieces:
            if isinstance(piece, (int, float)) or not hasattr(piece, "__len__"):
                continue
            text = piece if isinstance(piece, str) else bytes(piece).decode("latin-1")
            for char in text:
                self.glyphs.append((char, x, y, size))
                if self._render_mode == 3:
                    self.invisible += 1

    def struck(self) -> list[int]:
        """Indexes (among non-blank glyphs) of glyphs a rule runs through."""
        if not self.rules:
            return []
        visible = [g for g in self.glyphs if not g[0].isspace()]
        found = []
        for index, (char, x, y, size) in enumerate(visible):
            following = visible[index + 1] if index + 1 < len(visible) else None
            if following is not None and abs(following[2] - y) < 0.5 and following[1] > x:
                centre = (x + following[1]) / 2
            else:
                centre = x + 0.3 * (size or 10)
            for x0, y0, x1, y1 in self.rules:
                rise = (y0 + y1) / 2 - y
                if x0 <= centre <= x1 and 0.1 * (size or 10) < rise < 0.7 * (size or 10):
                    found.append(index)
                    break
        return found


def _apply(cm: Any, x: float, y: float) -> tuple[float, float]:
    return (float(cm[0]) * x + float(cm[2]) * y + float(cm[4]), float(cm[1]) * x + float(cm[3]) * y + float(cm[5]))


def _remove_struck(text: str, strikes: _Strikes, page: int, notes: list[dict[str, Any]]) -> str:
    """The page text without its struck-through words (listed in ``notes``)."""
    struck = strikes.struck()
    if not struck:
        return text
    glyph_chars = "".join(g[0] for g in strikes.glyphs if not g[0].isspace())
    dense = [(i, ch) for i, ch in enumerate(text) if not ch.isspace()]
    dense_text = "".join(ch for _, ch in dense)
    matcher = difflib.SequenceMatcher(None, glyph_chars, dense_text, autojunk=False)
    mapping: dict[int, int] = {}
    for a, b, size in matcher.get_matching_blocks():
        for k in range(size):
            mapping[a + k] = dense[b + k][0]
    if len(mapping) < 0.9 * len(glyph_chars):
        # The glyph codes do not spell the extracted text (a font with its
        # own encoding): leave the page as it is rather than guess.
        notes.append({"page": page, "struck": None, "note": "struck rules found but not placed"})
        return text
    offsets = sorted(mapping[i] for i in struck if i in mapping)
    spans: list[list[int]] = []
    for offset in offsets:
        if spans and not text[spans[-1][1]:offset].strip():
            spans[-1][1] = offset + 1
        else:
            spans.append([offset, offset + 1])
    for start, end in reversed(spans):
        notes.append({"page": page, "struck": " ".join(text[start:end].split())})
        text = text[:start] + text[end:]
    notes[-len(spans):] = notes[-len(spans):][::-1]
    return text


def _apply_exponents(text: str, exponents: list[str], page: int, notes: list[dict[str, Any]]) -> str:
    cursor = 0
    for exponent in exponents:
        pattern = re.compile(r"(?<![\d^])10" + re.escape(exponent) + r"(?!\d)")
        match = pattern.search(text, cursor)
        if not match:
            notes.append({"page": page, "printed": f"10{exponent}", "read_as": f"10^{exponent}",
                          "placed": False})
            continue
        replacement = f"10^{exponent}"
        text = text[: match.start()] + replacement + text[match.end():]
        cursor = match.start() + len(replacement)
        notes.append({"page": page, "printed": match.group(0), "read_as": replacement,
                      "context": text[max(0, match.start() - 40): cursor + 40].replace("\n", " ")})
    return text


def _join_fragments(text: str, vocabulary: set[str], repairs: list[str]) -> str:
    def fix(match: re.Match[str]) -> str:
        tokens = match.group(0).split(" ")
        if all(t.upper() in vocabulary or t.upper() in ("A", "I") for t in tokens):
            # "it is a way to do so" is ordinary text, not a word in pieces:
            # a broken word leaves fragments that are no word ("TPU", "LU").
            return match.group(0)
        out: list[str] = []
        i = 0
        changed = False
        while i < len(tokens):
            for j in range(len(tokens), i + 1, -1):
                candidate = "".join(tokens[i:j])
                # Short words only from a lone letter ("O F TH E" -> "OF THE"),
                # so real words side by side ("IN TO") are never glued.
                short_ok = any(len(t) == 1 for t in tokens[i:j])
                if (len(candidate) >= 4 or short_ok) and candidate.upper() in vocabulary:
                    out.append(candidate)
                    i = j
                    changed = True
                    break
            else:
                out.append(tokens[i])
                i += 1
        if changed:
            repairs.append(match.group(0))
        return " ".join(out)

    return _FRAGMENT_RUN.sub(fix, text)


def _furniture_key(line: str) -> frozenset[str] | None:
    """Words of a possible running head, ignoring numbers and their order.

    Facing pages print the same head mirrored: "Ch. 3 Consumer and Commercial
    Transactions 9" on odd pages, "10 Consumer and Commercial Transactions
    Ch. 3" on even ones.
    """
    words = line.split()
    if not words or len(words) > 12 or not re.search(r"\d", line):
        return None
    # "PAGE 10-SENATE BILL 24-205": the page number may be glued to a word.
    key = frozenset(re.sub(r"\d+", "#", w) for w in words if not re.fullmatch(r"[\d.,-]+", w))
    # At least two words: a bare "(2)" at the top of two pages is text.
    if sum(1 for w in key if re.search(r"[A-Za-z]{2,}", w)) < 2:
        return None
    return key


def _drop_page_furniture(pages: list[str], removed: list[str]) -> list[str]:
    """Drop headers and footers: edge lines of a page whose words recur at other pages' edges.

    The plain-text reader finds running heads by their count, which a short
    session law (four pages) does not reach; here the page boundaries are
    known, so two pages suffice.
    """
    if len(pages) < 2:
        return pages
    edges: list[list[tuple[int, frozenset[str]]]] = []
    counts: dict[frozenset[str], int] = defaultdict(int)
    for text in pages:
        lines = text.split("\n")
        filled = [i for i, line in enumerate(lines) if line.strip()]
        candidates = filled[:2] + filled[-2:]
        found = []
        for index in dict.fromkeys(candidates):
            key = _furniture_key(lines[index].strip())
            if key:
                found.append((index, key))
        for key in {k for _, k in found}:
            counts[key] += 1
        edges.append(found)
    needed = 2 if len(pages) <= 4 else 3
    cleaned = []
    for text, found in zip(pages, edges):
        lines = text.split("\n")
        drop = {i for i, key in found if counts[key] >= needed}
        for i in sorted(drop):
            removed.append(lines[i].strip())
        cleaned.append("\n".join(line for i, line in enumerate(lines) if i not in drop))
    return cleaned


def read_pdf(data: bytes, path: str) -> Version:
    """Read a PDF bill or act through its text layer (``PARSERS["pdf"]``).

    Raises:
        FormatError: not a PDF, pypdf missing, or a scanned PDF without text.
        ParseError: a damaged or encrypted PDF.
    """
    if not data.lstrip()[:1024].startswith(b"%PDF-"):
        from lexdiff.ingest.structured import wrong_format_hint

        raise FormatError("not a PDF file (no %PDF- signature)" + wrong_format_hint(data, path), path)
    pypdf = _import_pypdf()
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise ParseError("PDF is password-protected; save an unprotected copy first", path)
            except (NotImplementedError, pypdf.errors.DependencyError) as err:
                raise ParseError(f"PDF is encrypted in a way pypdf cannot open ({err})", path) from err
        pages: list[str] = []
        runs: list[_Runs] = []
        strikes: list[_Strikes] = []
        for page in reader.pages:
            collector = _Runs()
            geometry = _Strikes()
            pages.append(page.extract_text(visitor_text=collector, visitor_operand_before=geometry) or "")
            runs.append(collector)
            strikes.append(geometry)
    except (pypdf.errors.PdfReadError, pypdf.errors.PdfStreamError, ValueError, KeyError) as err:
        raise ParseError(f"damaged PDF, pypdf cannot read it ({err})", path) from err
    if not pages:
        raise InputError("PDF has no pages", path)
    visible = sum(len("".join(p.split())) for p in pages)
    if visible < MIN_CHARS_PER_PAGE * len(pages) / 4:
        raise FormatError(
            f"this PDF has no text layer ({len(pages)} pages, {visible} characters of text): it is probably "
            "a scan. Run OCR first (for example: ocrmypdf in.pdf out.pdf) and read the result",
            path,
        )

    struck: list[dict[str, Any]] = []
    pages = [_remove_struck(text, geometry, n + 1, struck) for n, (text, geometry) in
             enumerate(zip(pages, strikes))]
    superscripts: list[dict[str, Any]] = []
    pages = [_apply_exponents(text, r.exponents(), n + 1, superscripts) for n, (text, r) in
             enumerate(zip(pages, runs))]
    vocabulary = {w.upper() for w in _WORD.findall("\n".join(pages))}
    repairs: list[str] = []
    pages = [_join_fragments(text, vocabulary, repairs) for text in pages]
    furniture: list[str] = []
    pages = _drop_page_furniture(pages, furniture)

    meta: dict[str, Any] = {"pages": len(pages), "pdf_producer": _pdf_info(reader, "/Producer"),
                            "pdf_title": _pdf_info(reader, "/Title")}
    if superscripts:
        meta["superscripts"] = superscripts
    if repairs:
        meta["letter_spacing_repairs"] = repairs[:50]
    if furniture:
        meta["page_furniture"] = furniture[:50]
    if struck:
        meta["struck_text"] = struck
    glyphs = sum(len(g.glyphs) for g in strikes)
    if glyphs and sum(g.invisible for g in strikes) > 0.5 * glyphs:
        # A scan with a recognised-text layer (the signed SB 24-205 came
        # off an office copier): the words are a machine's reading.
        meta["ocr_text_layer"] = True
    # pdftotext's convention, which the plain-text reader expects: every page
    # ends with a newline and the next begins after a form feed.
    joined = "\n\f".join(page.rstrip("\n") for page in pages)
    version = structure_from_text(joined, path=path, label_style="auto", fmt="pdf",
                                  meta={k: v for k, v in meta.items() if v})
    bill = version.bill
    # "Approved: May 17, 2024" on the last page gives the date and label
    # (structure_from_text reads it, as for any text); a signature page whose
    # handwritten date no text layer can read still says the act was signed.
    label = version.label
    if not label and re.search(r"\bAPPROVED\b", pages[-1]) and _SIGNATURES.search(pages[-1]):
        label = "Signed act"
    return replace(version, bill=bill, label=label or "PDF", format="pdf", source=path)


def _pdf_info(reader: Any, key: str) -> str:
    try:
        info = reader.metadata or {}
        value = info.get(key)
        return str(value) if value else ""
    except Exception:  # noqa: BLE001 - broken document info never stops reading the text
        return ""
