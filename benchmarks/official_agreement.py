"""Agreement of our computed word diff with the Legislature's official redline.

For every consecutive pair of CAML versions (the newer one carries official
change marks against the older one), compute ``lexdiff diff`` and
``lexdiff diff --official`` and report word-level precision / recall / F1 of
our inserted and deleted words against the official ones
(:mod:`lexdiff.diff.agreement` defines the word rule).

Usage::

    .venv/bin/python benchmarks/official_agreement.py                 # SB 53 + demo sample
    .venv/bin/python benchmarks/official_agreement.py DIR [DIR ...]   # any folders of CAML versions
    .venv/bin/python benchmarks/official_agreement.py --json
    .venv/bin/python benchmarks/official_agreement.py --show 5        # disagreements of pair 5
    .venv/bin/python benchmarks/official_agreement.py --show 5 --context 80   # ... with both redlines around them
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lexdiff.diff import diff_versions
from lexdiff.diff.agreement import agreement, touched_words
from lexdiff.ingest import read_version

DEFAULT_DIRS = [
    ROOT.parent / "shared" / "corpus" / "ca" / "2025-sb53",
    ROOT / "corpus" / "samples" / "frontier-act",
]


def pairs(folder: Path) -> list[tuple[Path, Path]]:
    files = sorted(folder.glob("*.xml"))
    return list(pairwise(files))


def evaluate(folders: list[Path]) -> list[dict]:
    rows = []
    for folder in folders:
        if not folder.is_dir():
            print(f"skipping {folder}: not found", file=sys.stderr)
            continue
        for old_path, new_path in pairs(folder):
            old, new = read_version(str(old_path)), read_version(str(new_path))
            if not new.marks:
                continue  # e.g. an enrolled text, which carries no marks
            computed = diff_versions(old, new)
            official = diff_versions(old, new, official=True)
            scores = agreement(computed, official)
            rows.append(
                {
                    "bill": folder.name,
                    "old": old_path.name,
                    "new": new_path.name,
                    "inserted": scores["inserted"].as_dict(),
                    "deleted": scores["deleted"].as_dict(),
                }
            )
    return rows


def _spans(edits, op: str) -> list[tuple[int, int]]:
    return [(e.new_start, e.new_end) if op == "insert" else (e.old_start, e.old_end) for e in edits if e.op == op]


def redline(diff, side: str, lo: int, hi: int) -> str:
    """The diff as inline marks ([-struck-]{+inserted+}) around ``side``'s text [lo, hi)."""
    old_text, new_text = diff.old.text, diff.new.text
    out = []
    for e in diff.edits:
        start, end = (e.old_start, e.old_end) if side == "old" else (e.new_start, e.new_end)
        if end < lo or start > hi:
            continue
        if e.op == "equal":
            out.append(new_text[e.new_start : e.new_end])
        elif e.op == "insert":
            out.append("{+" + new_text[e.new_start : e.new_end] + "+}")
        else:
            out.append("[-" + old_text[e.old_start : e.old_end] + "-]")
    return "".join(out).replace("\n", " / ")


def show(folder: Path, index: int, context: int = 0) -> None:
    """Print the words on which the two redlines disagree for one pair.

    With ``context`` > 0, also both redlines around each run (that many
    characters of the text on either side).
    """
    old_path, new_path = pairs(folder)[index - 1]
    old, new = read_version(str(old_path)), read_version(str(new_path))
    computed = diff_versions(old, new)
    official = diff_versions(old, new, official=True)
    for name, op, text, edits_a, edits_b in (
        ("inserted", "insert", new.text, computed.edits, official.edits),
        ("deleted", "delete", old.text, computed.edits, official.edits),
    ):
        ours = touched_words(text, _spans(edits_a, op))
        theirs = touched_words(text, _spans(edits_b, op))
        words = list(re.finditer(r"\S+", text))
        for label, only in (("only ours", ours - theirs), ("only official", theirs - ours)):
            runs: list[list[int]] = []
            for i in sorted(only):
                if runs and runs[-1][-1] == i - 1:
                    runs[-1].append(i)
                else:
                    runs.append([i])
            for run in runs:
                snippet = text[words[run[0]].start() : words[run[-1]].end()].replace("\n", " / ")
                print(f"{name:8} {label:13} {len(run):4}  {snippet[:160]}")
                if context:
                    side = "new" if op == "insert" else "old"
                    lo, hi = words[run[0]].start() - context, words[run[-1]].end() + context
                    print(f"    ours:     {redline(computed, side, lo, hi)[: 6 * context]}")
                    print(f"    official: {redline(official, side, lo, hi)[: 6 * context]}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dirs", nargs="*", type=Path, help="folders of CAML versions (sorted by name)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--show", type=int, metavar="N", help="list disagreements of the N-th pair of the first folder")
    parser.add_argument(
        "--context", type=int, default=0, metavar="C", help="with --show: both redlines around each disagreement (C characters)"
    )
    args = parser.parse_args(argv)
    folders = args.dirs or DEFAULT_DIRS
    if args.show:
        show(folders[0], args.show, args.context)
        return
    rows = evaluate(folders)
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    print(f"{'bill':<14} {'new version':<36} {'ins P':>6} {'ins R':>6} {'ins F1':>7} {'del P':>6} {'del R':>6} {'del F1':>7}  words ins/del (official)")
    for row in rows:
        i, d = row["inserted"], row["deleted"]
        print(
            f"{row['bill']:<14} {row['new']:<36} {i['precision']:>6.3f} {i['recall']:>6.3f} {i['f1']:>7.4f} "
            f"{d['precision']:>6.3f} {d['recall']:>6.3f} {d['f1']:>7.4f}  {i['reference']}/{d['reference']}"
        )
    if rows:
        ins = [r["inserted"]["f1"] for r in rows]
        dels = [r["deleted"]["f1"] for r in rows]
        print(f"minimum F1: inserted {min(ins):.4f}, deleted {min(dels):.4f}")


if __name__ == "__main__":
    main()
