"""Repair text that was decoded with the wrong encoding before it reached us.

A file can be valid UTF-8 and still carry mojibake: somewhere upstream its
UTF-8 bytes were read as Windows-1252 and written out again, so an en dash
became "â€“" and a right quote "â€™". The European Commission's Akoma Ntoso
copy of COM(2013) 619 has 25 of them ("scope â€“ this provision"). Left
alone they end up in the canonical text, the diff and the report.

Detection is a cheap regular expression over each piece of text: a
character that begins a two- to four-byte UTF-8 sequence when read as
Windows-1252 ("Â", "Ã", "â", "ð" ...) followed by one that stands for a
continuation byte. Only pieces that match are handed to ``ftfy`` (a
well-kept library that undoes exactly this, and leaves correct text alone),
imported on first need so that commands which never meet mojibake do not
pay for it. Repairs change lengths, so they are made on the source before
any reader parses it or computes an offset (:func:`repair_source`).
"""

from __future__ import annotations

import re

#: A UTF-8 lead byte read as Windows-1252 / Latin-1, then a continuation
#: byte read the same way (0x80-0xBF: the C1 range, or cp1252's
#: replacements for it, or U+00A0-U+00BF).
_SUSPECT = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160"
    "\u2039\u0152\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178]"
)


def suspect(text: str) -> bool:
    """Whether ``text`` may hold mojibake (a quick test; false positives are possible)."""
    return _SUSPECT.search(text) is not None


def repair_text(text: str) -> tuple[str, int]:
    """``text`` with mis-decoded characters repaired, and how many places were changed.

    Works line by line, and only on lines with a suspect sequence, so that
    ``ftfy`` never sees (or changes) anything else; text that ``ftfy``
    judges correct ("Ã" in a name, say) is left as it is.
    """
    if not suspect(text):
        return text, 0
    import ftfy

    lines = text.split("\n")
    changed = 0
    for k, line in enumerate(lines):
        if suspect(line):
            fixed = ftfy.fix_encoding(line)
            if fixed != line:
                changed += len(_SUSPECT.findall(line)) - len(_SUSPECT.findall(fixed))
                lines[k] = fixed
    return ("\n".join(lines), changed) if changed else (text, 0)


def repair_source(data: bytes) -> tuple[bytes, int]:
    """Repair a UTF-8 source file's bytes before a reader parses them.

    Markup is ASCII and stays as it is, so the reader then computes every
    offset over the repaired text. Bytes that are not UTF-8 (a Latin-1 text
    file, a PDF) are returned unchanged: their decoding is the reader's job.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return data, 0
    fixed, changed = repair_text(text)
    return (fixed.encode("utf-8"), changed) if changed else (data, 0)
