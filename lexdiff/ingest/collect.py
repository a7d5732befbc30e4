"""Gather the versions of one bill from FILES and/or folders.

Shared by every command that takes a bill's whole history (``history``,
``report``): which files in a folder are versions, which of two copies of the
same version to keep, and which pages are no version at all.
"""

from __future__ import annotations

import os
from collections import Counter
from typing import Callable, Iterable

from lexdiff.errors import FormatError, InputError, LexdiffError
from lexdiff.ingest import PARSERS, detect_format, read_bytes, read_version
from lexdiff.model import Version

#: File name endings a bill version can have; anything else in a folder
#: (README.md, notes, the sources of our samples) is not a version.
BILL_EXTENSIONS: tuple[str, ...] = (".xml", ".html", ".htm", ".txt", ".pdf", ".akn")

#: When one folder holds the same version in several formats
#: (``01-introduced.xml`` and ``01-introduced.txt``), the richest is read:
#: structured XML (with official marks) before HTML, PDF and plain text.
FORMAT_RANK: dict[str, int] = {
    "caml": 0, "uslm": 0, "akn": 0, "billdtd": 0, "leginfo": 1, "pdf": 2, "text": 3,
}

Warn = Callable[[str], None]


def folder_files(folder: str) -> list[str]:
    """The bill-version files of ``folder``, one per version, sorted by name.

    Raises:
        InputError: the folder cannot be listed.
    """
    try:
        names = sorted(os.listdir(folder))
    except OSError as err:
        raise InputError(f"cannot list the folder ({err.strerror or err})", folder) from err
    chosen: dict[str, tuple[int, str]] = {}
    for name in names:
        path = os.path.join(folder, name)
        if name.startswith(".") or name.upper().startswith("README") or not os.path.isfile(path):
            continue
        stem, ext = os.path.splitext(name)
        if ext.lower() not in BILL_EXTENSIONS:
            continue
        stem = stem.split(".")[0]  # "2024-09-03-enrolled.leginfo" -> "2024-09-03-enrolled"
        try:
            rank = FORMAT_RANK.get(detect_format(read_bytes(path)[:200000], path), 9)
        except LexdiffError:
            continue
        if stem not in chosen or rank < chosen[stem][0]:
            chosen[stem] = (rank, path)
    return [path for _, path in sorted(chosen.values(), key=lambda item: item[1])]


def is_bill_text(version: Version) -> bool:
    """False for a leginfo status page (its veto message is no version of the bill)."""
    if version.meta.get("page") == "status":
        return False
    return any(p.kind not in ("digest", "preamble") for p in version.walk())


def one_per_version(versions: Iterable[Version]) -> list[Version]:
    """Drop a version read twice from two formats (``01.xml`` and ``01.txt``).

    Two versions are the same when their label and date agree; the one read
    by the richer reader (:data:`FORMAT_RANK`) is kept, in first-seen order.
    """
    best: dict[tuple[str, str], Version] = {}
    order: list[tuple[str, str]] = []
    for version in versions:
        key = (version.label.casefold(), version.date) if version.date else (version.source, "")
        kept = best.get(key)
        if kept is None:
            order.append(key)
            best[key] = version
        elif FORMAT_RANK.get(version.format, 9) < FORMAT_RANK.get(kept.format, 9):
            best[key] = version
    return [best[key] for key in order]


def drop_loaded_components(versions: list[Version], warn: Warn | None = None) -> list[Version]:
    """Leave out a file that another version read as one of its components.

    An Akoma Ntoso document collection names its parts by file: the Council's
    position on COM(2011) 925 (``main.akn4eu.xml``) loads the decision itself
    from ``bill_123.akn4eu.xml`` next to it. Both files in one folder are one
    version, not two.
    """
    loaded: dict[str, str] = {}
    for version in versions:
        folder = os.path.dirname(os.path.abspath(version.source)) if version.source else ""
        for ref in version.meta.get("document_refs", ()) if version.meta else ():
            if folder and ref.get("loaded") == "yes":
                loaded[os.path.join(folder, ref.get("file") or ref.get("href", ""))] = version.source
    if not loaded:
        return versions
    out = []
    for version in versions:
        owner = loaded.get(os.path.abspath(version.source)) if version.source else None
        if owner is not None and owner != version.source:
            if warn:
                warn(f"lexdiff: skipping {version.source}: a component of {owner}, read with it")
            continue
        out.append(version)
    return out


#: Word similarity (Dice) above which an OCR text layer is a copy of a text
#: read cleanly: the signed SB 24-205 (a copier scan) against its session law
#: is 0.992; the act that re-enacted it, against either, 0.59.
OCR_COPY_SIMILARITY = 0.95


def drop_ocr_copies(versions: list[Version], warn: Warn | None = None) -> list[Version]:
    """Leave out a scan's OCR text when the same bill's text was also read cleanly.

    An OCR layer adds nothing but misreadings ("I IEALTH-CARE SERVICES"), which
    a history would report as amendments. Only a version with an OCR layer is
    ever dropped, only for a version of the same bill without one, and only
    when nearly all their words agree.
    """
    clean = [v for v in versions if not v.meta.get("ocr_text_layer")]
    if len(clean) == len(versions) or not clean:
        return versions
    words = {id(v): Counter(v.text.casefold().split()) for v in versions}

    def dice(a: Version, b: Version) -> float:
        x, y = words[id(a)], words[id(b)]
        total = sum(x.values()) + sum(y.values())
        return 2 * sum((x & y).values()) / total if total else 0.0

    out = []
    for version in versions:
        if version.meta.get("ocr_text_layer"):
            twin = next(
                (c for c in clean if c.bill.same_measure(version.bill) and dice(c, version) >= OCR_COPY_SIMILARITY),
                None,
            )
            if twin is not None:
                if warn:
                    warn(
                        f"lexdiff: skipping {version.source}: an OCR scan of the text also read from {twin.source}"
                    )
                continue
        out.append(version)
    return out


def read_versions(
    inputs: Iterable[str], format_in: str | None = None, warn: Warn | None = None
) -> list[Version]:
    """The versions named by FILES and/or DIRs.

    A file named explicitly must be readable (its error is raised); a file
    found in a folder that turns out not to be a bill version is skipped
    with a note through ``warn``.

    Raises:
        InputError: nothing to read, or an unreadable named file.
        FormatError: an unknown ``format_in``.
    """
    inputs = list(inputs)
    note = warn or (lambda message: None)
    if format_in is not None and format_in not in PARSERS:
        raise FormatError(
            f"unknown input format {format_in!r} given with --format-in; "
            f"choose one of: {', '.join(sorted(PARSERS))}"
        )
    versions: list[Version] = []
    for item in inputs:
        if os.path.isdir(item):
            found = folder_files(item)
            if not found:
                raise InputError(
                    "no bill versions (" + ", ".join(BILL_EXTENSIONS) + ") in this folder", item
                )
            for path in found:
                try:
                    version = read_version(path, format_in)
                except LexdiffError as err:
                    note(f"lexdiff: skipping {path}: {err.message}")
                    continue
                if not is_bill_text(version):
                    note(f"lexdiff: skipping {path}: a status or history page, not bill text")
                    continue
                versions.append(version)
        else:
            version = read_version(item, format_in)
            if version.meta.get("page") == "status":
                note(f"lexdiff: skipping {item}: a status page, not bill text")
                continue
            versions.append(version)
    versions = drop_ocr_copies(drop_loaded_components(one_per_version(versions), note), note)
    if not versions:
        raise InputError("no readable bill versions among: " + ", ".join(inputs))
    return versions
