"""Tagging throughput on the shared corpus: words per second, one process.

Run: ``.venv/bin/python benchmarks/bench_tag.py [--repeat N] [--component]``

Reads every bill version in the shared corpus that a reader is available for
(once, not timed), then times the whole tagging pipeline
(:func:`lexdiff.nlp.pipeline.tag_text`, which is what ``lexdiff tag`` runs)
over all of them, ``--repeat`` times, and reports the best pass. Words are
whitespace-separated words of each version's canonical text. ``--component``
also times each pipeline component separately (best of ``--repeat``
CPU time per component). The target from issue 4 is
200,000 words per second.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def corpus_dir() -> Path | None:
    env = os.environ.get("LEXDIFF_CORPUS")
    candidate = Path(env) if env else ROOT.parent / "shared" / "corpus"
    return candidate if candidate.is_dir() else None


def load_versions(root: Path) -> list:
    from lexdiff.errors import LexdiffError
    from lexdiff.ingest import read_version

    versions = []
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.suffix.lower() not in (".xml", ".html", ".txt", ".pdf"):
            continue
        if "status" in path.name:
            continue  # a bill status page, not bill text
        try:
            versions.append(read_version(str(path)))
        except LexdiffError as err:
            print(f"skipped {path.relative_to(root)}: {err.message}", file=sys.stderr)
    return versions


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--component", action="store_true", help="time each component too")
    args = parser.parse_args()
    root = corpus_dir()
    if root is None:
        print("shared corpus not found (set LEXDIFF_CORPUS)", file=sys.stderr)
        return 2
    versions = load_versions(root)
    words = sum(len(v.text.split()) for v in versions)

    from lexdiff.nlp.pipeline import get_pipeline, tag_text
    from lexdiff.nlp.structure import PROVISIONS_KEY

    nlp = get_pipeline()
    tag_text(versions[0].text, versions[0].provisions)  # warm caches (compiled patterns)
    best = best_cpu = float("inf")
    for _ in range(args.repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        for version in versions:
            tag_text(version.text, version.provisions)
        best = min(best, time.perf_counter() - start)
        best_cpu = min(best_cpu, time.process_time() - start_cpu)
    print(f"{len(versions)} versions, {words:,} words; pipeline: {', '.join(nlp.pipe_names)}")
    print(f"tagging: {best:.3f} s wall, {words / best:,.0f} words/s (best of {args.repeat}, one process)")
    # On a shared machine the wall clock includes time spent waiting for a
    # core; the process's CPU time is what the pipeline itself costs.
    print(f"tagging: {best_cpu:.3f} s CPU,  {words / best_cpu:,.0f} words/s of CPU time")
    if hasattr(os, "getloadavg"):
        print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    if args.component:
        # Best of --repeat per component, like the whole pipeline above: one
        # pass is at the mercy of whatever else the shared machine is doing.
        best_parts = {"tokenizer": float("inf")} | {name: float("inf") for name in nlp.pipe_names}
        for _ in range(args.repeat):
            totals = dict.fromkeys(best_parts, 0.0)
            for version in versions:
                start = time.process_time()
                doc = nlp.make_doc(version.text)
                totals["tokenizer"] += time.process_time() - start
                doc.user_data[PROVISIONS_KEY] = version.provisions
                for name, component in nlp.pipeline:
                    start = time.process_time()
                    doc = component(doc)
                    totals[name] += time.process_time() - start
            best_parts = {name: min(best_parts[name], totals[name]) for name in best_parts}
        for name, seconds in best_parts.items():
            print(f"  {name:<22} {seconds:7.3f} s CPU  {words / seconds if seconds else float('inf'):>12,.0f} words/s")
        print(f"  {'sum of components':<22} {sum(best_parts.values()):7.3f} s CPU (best of {args.repeat} each)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
