"""lexdiff: read legislation, tag it, diff its versions, explain each amendment."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
