"""One error tree for lexdiff.

Every error a user can cause (a bad file, an unknown format, a path that does
not exist in a version) is a :class:`LexdiffError`. The CLI turns it into one
line on stderr and exit code 3; the message must say which file, where, and
what to do, because it is read by people who are not programmers.
"""

from __future__ import annotations


class LexdiffError(Exception):
    """Base class. ``str(err)`` is the complete one-line message."""

    exit_code = 3

    def __init__(self, message: str, path: str | None = None) -> None:
        self.path = path
        self.message = message
        super().__init__(f"{path}: {message}" if path else message)


class InputError(LexdiffError):
    """The file cannot be read: missing, unreadable, empty, binary, wrong encoding, too large."""


class ParseError(LexdiffError):
    """The file was read but is not valid for its format (malformed or hostile XML ...)."""


class FormatError(LexdiffError):
    """The format is unknown, or the content does not match the format asked for."""


class UsageError(LexdiffError):
    """Options that are valid one by one but not together, or name something absent."""
