"""Parse time for every file of the shared corpus, one process, reader by reader.

Usage::

    .venv/bin/python benchmarks/bench_parse.py               # best of 3 per file
    .venv/bin/python benchmarks/bench_parse.py --repeat 1 --json out.json
    .venv/bin/python benchmarks/bench_parse.py --only akn
    .venv/bin/python benchmarks/bench_parse.py --only text --synthetic   # + a 1M-word plain-text bill

For each file it prints the detected format, its size, the best wall time of
``read_version`` over ``--repeat`` runs (reading the file included; each
reader's module is imported once, before timing), the number of provisions
and of characters of canonical text, and the peak RSS of the process at the
end. A file that fails to parse is listed with its error and makes the exit
code 1. Nothing is asserted: these are measurements, not tests.

``--synthetic`` adds the plain-text reader on the ~1,000,000-word synthetic
bill of ``bench_diff.py`` (its canonical text, one paragraph per line, as
``lexdiff diff OLD.txt NEW.txt`` reads it), with wall and CPU seconds of the
first run (what a fresh ``lexdiff`` process pays) and of the best run (later
runs reuse the label caches of :mod:`lexdiff.ingest.labels`).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lexdiff.errors import LexdiffError  # noqa: E402
from lexdiff.ingest import detect_format, get_reader, read_bytes, read_version  # noqa: E402


def corpus_dir() -> Path:
    env = os.environ.get("LEXDIFF_CORPUS")
    return Path(env) if env else ROOT.parent / "shared" / "corpus"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per file; the best is reported")
    parser.add_argument("--only", default="", help="only files of this format (uslm, akn, pdf ...)")
    parser.add_argument("--json", default="", help="also write the results to this JSON file")
    parser.add_argument("--synthetic", action="store_true",
                        help="also time the plain-text reader on the synthetic 1M-word bill")
    args = parser.parse_args(argv)

    corpus = corpus_dir()
    if not corpus.is_dir():
        print(f"shared corpus not found at {corpus} (set LEXDIFF_CORPUS)", file=sys.stderr)
        return 2
    files = sorted(p for p in corpus.rglob("*") if p.is_file() and p.name != "README.md")
    rows: list[dict[str, object]] = []
    failed = 0
    total = 0.0
    print(f"{'file':58} {'format':8} {'KB':>6} {'best s':>8} {'provisions':>10} {'chars':>8}")
    for path in files:
        name = str(path.relative_to(corpus))
        try:
            fmt = detect_format(read_bytes(str(path)), str(path))
        except LexdiffError as err:
            print(f"{name:58} ERROR {err}")
            failed += 1
            continue
        if args.only and fmt != args.only:
            continue
        get_reader(fmt)  # import the reader once, outside the timing
        best = float("inf")
        version = None
        try:
            for _ in range(max(1, args.repeat)):
                start = time.perf_counter()
                version = read_version(str(path))
                best = min(best, time.perf_counter() - start)
        except LexdiffError as err:
            print(f"{name:58} {fmt:8} ERROR {err}")
            failed += 1
            continue
        assert version is not None
        provisions = sum(1 for _ in version.walk())
        total += best
        size_kb = path.stat().st_size / 1024
        print(f"{name:58} {fmt:8} {size_kb:6.0f} {best:8.3f} {provisions:10d} {len(version.text):8d}")
        rows.append({"file": name, "format": fmt, "bytes": path.stat().st_size, "seconds": round(best, 4),
                     "provisions": provisions, "chars": len(version.text)})
    if args.synthetic:
        rows.append(_time_synthetic(args.repeat))
        total += rows[-1]["seconds"]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\n{len(rows)} files parsed, {failed} failed; sum of best times {total:.2f} s; "
          f"peak RSS {peak_mb:.0f} MB")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump({"files": rows, "failed": failed, "total_seconds": round(total, 3),
                       "peak_rss_mb": round(peak_mb)}, handle, indent=2, sort_keys=True)
    return 1 if failed else 0


def _time_synthetic(repeat: int) -> dict[str, object]:
    """Time ``structure_from_text`` on the synthetic 1M-word bill written out as plain text."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import bench_diff  # only this option needs the generator

    from lexdiff.ingest.plaintext import structure_from_text

    text = bench_diff.build_version(bench_diff.synthetic_bill(1_000_000), "old").text + "\n"
    runs: list[tuple[float, float]] = []
    version = None
    for _ in range(max(1, repeat)):
        wall, cpu = time.perf_counter(), time.process_time()
        version = structure_from_text(text, path="synthetic-1m.txt")
        runs.append((time.perf_counter() - wall, time.process_time() - cpu))
    assert version is not None
    provisions = sum(1 for _ in version.walk())
    best = min(wall for wall, _ in runs)
    name = "synthetic-1m (plain text, in memory)"
    print(f"{name:58} {'text':8} {len(text.encode()) / 1024:6.0f} {best:8.3f} {provisions:10d} "
          f"{len(version.text):8d}")
    print(f"{'':58} first run: {runs[0][0]:.3f} s wall, {runs[0][1]:.3f} s CPU; "
          f"best CPU {min(cpu for _, cpu in runs):.3f} s")
    return {"file": name, "format": "text", "bytes": len(text.encode()), "seconds": round(best, 4),
            "first_seconds": round(runs[0][0], 4), "first_cpu_seconds": round(runs[0][1], 4),
            "provisions": provisions, "chars": len(version.text)}


if __name__ == "__main__":
    raise SystemExit(main())
