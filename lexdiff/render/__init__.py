"""Renderers: model objects in, text/JSON/Markdown/HTML out.

Only this package (and the CLI) writes files. :func:`write_output` never
leaves a half-written file behind: it writes a temporary file next to the
target and renames it into place.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from typing import Any

from lexdiff.errors import InputError


def dumps_json(payload: Any) -> str:
    """Deterministic JSON: same input, byte-identical output."""
    return json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def write_output(content: str | bytes, path: str | None) -> None:
    """Write ``content`` to ``path`` atomically, or to stdout when ``path`` is None/"-"."""
    if path in (None, "-"):
        if isinstance(content, bytes):
            sys.stdout.buffer.write(content)
        else:
            sys.stdout.write(content)
        sys.stdout.flush()
        return
    data = content.encode("utf-8") if isinstance(content, str) else content
    directory = os.path.dirname(os.path.abspath(path)) or "."
    try:
        fd, tmp = tempfile.mkstemp(prefix=".lexdiff-", suffix=".tmp", dir=directory)
    except OSError as err:
        raise InputError(f"cannot write output ({err.strerror or err})", path) from err
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        # mkstemp creates the file 0600; a report is meant to be shared, so
        # give it the permissions an ordinary new file would get.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
