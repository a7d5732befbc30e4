"""Time and size of ``lexdiff report`` for the 6 SB 53 versions of the shared corpus.

Usage::

    .venv/bin/python benchmarks/bench_report.py              # 3 runs
    .venv/bin/python benchmarks/bench_report.py --repeat 5 --folder ../shared/corpus/ca/2025-sb53

Target (issue 6): under 5 seconds and under 3 MB. Each run is the whole
command in a fresh process (``python -m lexdiff report DIR -o FILE``): Python
and spaCy start-up, reading the six CAML files, tagging, diffing, the history
facts and rendering. A second line splits one in-process run by stage. The
outputs of all runs are compared byte for byte (the report is deterministic).
Nothing is asserted: these are measurements, not tests.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TIME_BUDGET_S = 5.0
SIZE_BUDGET_BYTES = 3_000_000


def _default_folder() -> Path:
    env = os.environ.get("LEXDIFF_CORPUS")
    corpus = Path(env) if env else ROOT.parent / "shared" / "corpus"
    return corpus / "ca" / "2025-sb53"


def _stages(folder: Path) -> dict[str, float]:
    """One in-process run, timed stage by stage (imports included in the first use)."""
    from lexdiff.ingest.collect import read_versions
    from lexdiff.render import report

    timings: dict[str, float] = {}
    start = time.perf_counter()
    versions = read_versions([str(folder)])
    timings["read"] = time.perf_counter() - start

    start = time.perf_counter()
    from lexdiff.nlp.pipeline import tag_version

    tags = [tag_version(v) for v in report.order_versions(versions)]
    timings["tag (spaCy import + pipeline)"] = time.perf_counter() - start
    cached = {id(v): t for v, t in zip(report.order_versions(versions), tags)}

    start = time.perf_counter()
    inputs = report.gather_inputs(versions, tagger=lambda v: cached[id(v)])
    timings["diff + history"] = time.perf_counter() - start

    start = time.perf_counter()
    report.render_html(report.build_view(inputs))
    timings["view + render"] = time.perf_counter() - start
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--folder", type=Path, default=_default_folder())
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not args.folder.is_dir():
        print(f"bench_report: {args.folder} not found (set LEXDIFF_CORPUS)", file=sys.stderr)
        return 2

    times: list[float] = []
    cpu: list[float] = []
    digests: set[str] = set()
    size = 0
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(args.repeat):
            out = Path(tmp) / f"report-{run}.html"
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "lexdiff", "report", str(args.folder), "-o", str(out)],
                check=True,
                stderr=subprocess.DEVNULL,
            )
            times.append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu.append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
            data = out.read_bytes()
            size = len(data)
            digests.add(hashlib.sha256(data).hexdigest())

    best, worst = min(times), max(times)
    print(f"folder: {args.folder}")
    print(
        f"lexdiff report (fresh process, {args.repeat} runs): best {best:.2f} s, worst {worst:.2f} s "
        f"(budget {TIME_BUDGET_S:.0f} s: {'ok' if best < TIME_BUDGET_S else 'OVER'})"
    )
    # On a shared machine wall time includes waiting for a core; CPU time
    # (user + system of the child) is what the command itself costs.
    print(f"CPU time (user + system): best {min(cpu):.2f} s, worst {max(cpu):.2f} s")
    print(f"load average at the end: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    print(
        f"size: {size:,} bytes (budget {SIZE_BUDGET_BYTES:,}: {'ok' if size < SIZE_BUDGET_BYTES else 'OVER'})"
    )
    print(f"byte-identical across runs: {'yes' if len(digests) == 1 else 'NO'}")
    stages = _stages(args.folder)
    print("stages (one in-process run): " + ", ".join(f"{k} {v:.2f} s" for k, v in stages.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
