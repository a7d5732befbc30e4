"""Readers: files in, :class:`lexdiff.model.Version` out.

Only this package reads files. Each reader is registered in :data:`PARSERS`
under its format name and has the signature ``reader(data: bytes, path: str)
-> Version``. :func:`detect_format` picks one from the content (never from the
file name alone), and :func:`read_version` is the one entry point the rest of
lexdiff uses.
"""

from __future__ import annotations

import importlib
import os
import re
from dataclasses import replace
from typing import Callable

from lexdiff.errors import FormatError, InputError
from lexdiff.model import Version

Reader = Callable[[bytes, str], Version]

#: Format name -> "module:function". Imported lazily so that reading a CAML
#: file never imports pypdf, and nothing here imports spaCy.
PARSERS: dict[str, str] = {
    "caml": "lexdiff.ingest.caml:read_caml",
    "text": "lexdiff.ingest.plaintext:read_text",
    "uslm": "lexdiff.ingest.uslm:read_uslm",
    "billdtd": "lexdiff.ingest.billdtd:read_billdtd",
    "akn": "lexdiff.ingest.akn:read_akn",
    "leginfo": "lexdiff.ingest.leginfo:read_leginfo",
    "pdf": "lexdiff.ingest.pdf:read_pdf",
}

#: Refuse files larger than this (bytes). The largest real bill we know of
#: (an omnibus appropriations act) is ~20 MB of XML.
MAX_BYTES = int(os.environ.get("LEXDIFF_MAX_BYTES", str(200 * 1024 * 1024)))


def get_reader(name: str) -> Reader:
    """The reader registered under ``name``.

    Raises:
        FormatError: unknown name (the message lists the valid ones).
    """
    target = PARSERS.get(name)
    if target is None:
        raise FormatError(
            f"unknown input format {name!r}; choose one of: {', '.join(sorted(PARSERS))}"
        )
    module_name, func_name = target.split(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as err:
        if err.name and err.name.startswith("lexdiff"):
            raise FormatError(f"the {name!r} reader is not available yet") from err
        raise FormatError(
            f"the {name!r} reader needs the Python package {err.name!r}; "
            f"install it with: pip install 'lexdiff[{name}]'"
        ) from err
    return getattr(module, func_name)


def read_bytes(path: str) -> bytes:
    """Read a file, turning every OS problem into one clear :class:`InputError`."""
    try:
        if os.path.isdir(path):
            raise InputError("is a directory, not a bill file", path)
        size = os.path.getsize(path)
        if size > MAX_BYTES:
            raise InputError(
                f"file is {size / 1e6:.0f} MB, over the {MAX_BYTES / 1e6:.0f} MB limit "
                "(set LEXDIFF_MAX_BYTES to raise it)",
                path,
            )
        with open(path, "rb") as handle:
            data = handle.read()
    except FileNotFoundError as err:
        raise InputError("no such file", path) from err
    except PermissionError as err:
        raise InputError("permission denied", path) from err
    except IsADirectoryError as err:
        raise InputError("is a directory, not a bill file", path) from err
    except OSError as err:
        raise InputError(f"cannot read file ({err.strerror or err})", path) from err
    if not data.strip():
        raise InputError("file is empty", path)
    return data


_PROLOG_ITEM = re.compile(
    rb"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>)", re.DOTALL | re.IGNORECASE
)
_START_TAG = re.compile(rb"\s*<([A-Za-z_][\w.:-]*)([^>]*)>", re.DOTALL)


def _root_element(head: bytes) -> tuple[bytes, bytes] | None:
    """Name and start tag of the first element after the XML/HTML prolog, or ``None``."""
    position = 3 if head.startswith(b"\xef\xbb\xbf") else 0
    while True:
        match = _PROLOG_ITEM.match(head, position)
        if not match:
            break
        position = match.end()
    match = _START_TAG.match(head, position)
    return (match.group(1), match.group(0)) if match else None


def detect_format(data: bytes, path: str = "") -> str:
    """Name of the reader for this content.

    Looks at the content: PDF signature, XML root element and namespace,
    HTML markers, then plain text. Binary content that is none of these is an
    error rather than a guess.

    Raises:
        FormatError: the content is binary or of no format lexdiff reads.
    """
    if data[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff") or data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        # A UTF-16/32 byte-order mark: text saved by Windows tools. It is full
        # of NUL bytes, so it must be recognised before the binary check below.
        return "text"
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"<"):
        found = _root_element(data[:262144])
        if found is not None:
            name, start_tag = found
            local = name.rsplit(b":", 1)[-1].lower()
            # Decide on the root element and its namespace, not on strings
            # anywhere in the file: a saved leginfo HTML page quotes the CAML
            # namespace in its scripts, and a CAML bill may quote "<bill".
            if local in (b"html", b"body", b"div", b"table", b"span") and b":" not in name:
                # A saved page, or a fragment of one copied out of it: HTML,
                # never plain text (markup would end up in the bill text).
                return "leginfo"
            if b"lc.ca.gov/legalservices/schemas/caml" in start_tag:
                return "caml"
            if b"schemas.gpo.gov/xml/uslm" in start_tag:
                return "uslm"
            if local == b"akomantoso":
                return "akn"
            if local in (b"bill", b"resolution", b"amendment-doc") and b"xmlns=" not in start_tag:
                return "billdtd"
        lowered = data[:5000].lower()
        if b"<!doctype html" in lowered or b"<html" in lowered:
            return "leginfo"
        if head.startswith(b"<?xml") or found is not None and b":" in found[0] or (
            found is not None and b"xmlns" in found[1]
        ):
            root_name = found[0].decode("utf-8", "replace") if found else "?"
            raise FormatError(
                f"XML of a kind lexdiff does not read (root element <{root_name}>; expected CAML, "
                "USLM, GPO bill XML or Akoma Ntoso); use --format-in to force a reader",
                path,
            )
    if b"\x00" in data[:8192]:
        raise FormatError("binary file of no format lexdiff reads (not PDF, XML, HTML or text)", path)
    return "text"


def read_version(path: str, format: str | None = None) -> Version:
    """Read one bill version from ``path``.

    Args:
        path: file to read.
        format: reader name to force (``--format-in``); detected when ``None``.

    Raises:
        LexdiffError: any problem with the file, as one clear message.
    """
    data = read_bytes(path)
    name = format or detect_format(data, path)
    reader = get_reader(name)
    repaired = 0
    if name != "pdf":
        from lexdiff.ingest.mojibake import repair_source

        data, repaired = repair_source(data)
    version = reader(data, path)
    if not version.text.strip():
        raise FormatError(
            f"read as {name!r} but no bill text was found; is this the right format?", path
        )
    if repaired:
        # Said where it can be seen (``lexdiff parse`` shows the meta): the
        # text is not byte for byte the file's.
        version = replace(version, meta={**version.meta, "encoding_repaired": repaired})
    return version
