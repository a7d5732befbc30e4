"""Shared fixtures: where the shared corpus and our samples live."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "corpus" / "samples"


def corpus_dir() -> Path | None:
    """The shared corpus folder, or None when it is absent."""
    env = os.environ.get("LEXDIFF_CORPUS")
    candidate = Path(env) if env else ROOT.parent / "shared" / "corpus"
    return candidate if candidate.is_dir() else None


CORPUS = corpus_dir()

requires_corpus = pytest.mark.skipif(
    CORPUS is None,
    reason="shared corpus not found (set LEXDIFF_CORPUS or place it at ../shared/corpus)",
)


@pytest.fixture
def corpus() -> Path:
    if CORPUS is None:
        pytest.skip("shared corpus not found (set LEXDIFF_CORPUS or place it at ../shared/corpus)")
    return CORPUS
