"""qingxi's cleaning against two yardsticks, per MB on one core (a script, not a test).

- the floor (bench/run.py's floor(): read, decode by trial, split on blank lines, write
  Parquet; no cleaning at all), on the crawl-shaped pages as text dumps;
- trafilatura (`extract(with_metadata=True)`: main text, title, author, date), a widely used
  extractor, on the same pages as saved HTML.

qingxi is timed as a worker runs it: `process_batch` on the pages in one process (decode,
normalize, chrome removal, metadata, segmentation, site templates, paragraph hashes and
signatures, staging Parquet), without the flow's start-up or its dedup and write stages
(bench/run.py times those). trafilatura is not a dependency: it runs in the interpreter
given by --trafilatura-python (a venv with `pip install trafilatura lxml_html_clean`), and is
left out when none is given. Each figure is the median of --repeat runs in one call.

--signals-cost times what the quality signals add (issue 24's bar: at most 10%): the same
batches in the same process, run in turn with the signals measured and with measure()
replaced by one fixed answer, the ratio taken pair by pair. Separate calls a minute apart
differ by more than the cost itself on a shared machine; pairs seconds apart do not.

usage: python bench/yardstick.py [--pages 2000] [--repeat 3] [--trafilatura-python PATH] [--signals-cost]
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.crawl import generate  # noqa: E402
from bench.run import floor  # noqa: E402
from flows.discover import SelectedFile, scan_raw  # noqa: E402
from flows.ingest import BatchJob, process_batch  # noqa: E402
import transforms.quality  # noqa: E402

TRAFILATURA = """
import sys, time
from pathlib import Path
import trafilatura
pages = [p.read_bytes() for p in sorted(Path(sys.argv[1]).rglob("*.html"))]
start = time.perf_counter()
found = sum(trafilatura.extract(p, with_metadata=True) is not None for p in pages)
print(time.perf_counter() - start, found, trafilatura.__version__)
"""


def megabytes(raw: Path) -> float:
    return sum(p.stat().st_size for p in raw.rglob("*") if p.is_file()) / 1e6


def qingxi_seconds(raw: Path, stage: Path, clock: Callable[[], float] = time.perf_counter) -> float:
    files = [SelectedFile(f, frozenset(), frozenset()) for f in scan_raw(raw)]
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir(parents=True)
    start = clock()
    process_batch(BatchJob(str(raw), files, 64 << 20, str(stage), 1, "yardstick"))
    return clock() - start


@contextmanager
def signals_off() -> Iterator[None]:
    """Batches run with measure() replaced by one fixed answer: everything else a document's
    signals cost (their columns, the verdict) stays."""
    measure = transforms.quality.measure
    fixed = measure(["不变的答案"])
    transforms.quality.measure = lambda paragraphs: fixed
    try:
        yield
    finally:
        transforms.quality.measure = measure


def signals_cost(raw: Path, stage: Path, pairs: int) -> tuple[list[float], list[float]]:
    """CPU seconds with the signals measured, and ratios to the same run without them, pair
    by pair (CPU time: this process's own, whatever else the machine runs meanwhile)."""
    with_signals, ratios = [], []
    qingxi_seconds(raw, stage)  # warm: caches, imports, the class table
    for _ in range(pairs):
        on = qingxi_seconds(raw, stage, time.process_time)
        with signals_off():
            off = qingxi_seconds(raw, stage, time.process_time)
        with_signals.append(on)
        ratios.append(on / off)
    return with_signals, ratios


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--trafilatura-python", help="an interpreter with trafilatura installed")
    ap.add_argument("--signals-cost", action="store_true", help="time the quality signals' share instead (paired runs)")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="qingxi-yardstick-"))
    try:
        dump, html = work / "dump", work / "html"
        generate(dump, args.pages, "dump", seed=29)
        generate(html, args.pages, "html", seed=29)
        if args.signals_cost:
            print(f"{args.pages} crawl-shaped pages, one process, {args.repeat} pairs: signals measured / not")
            for label, raw in (("dumps", dump), ("HTML", html)):
                seconds, ratios = signals_cost(raw, work / "stage", args.repeat)
                print(f"{label:6} {statistics.median(seconds):6.2f} s with signals   ratio per pair "
                      + " ".join(f"{r:.3f}" for r in ratios) + f"   median {statistics.median(ratios):.3f}")
            return
        rows = {}  # key -> (label, MB, median seconds, note)
        for key, label, raw, seconds in (
                ("floor", "floor (dumps)", dump, lambda: floor(dump, work / "floor")),
                ("dump", "qingxi (dumps)", dump, lambda: qingxi_seconds(dump, work / "stage")),
                ("html", "qingxi (HTML)", html, lambda: qingxi_seconds(html, work / "stage"))):
            rows[key] = (label, megabytes(raw), statistics.median(seconds() for _ in range(args.repeat)), "")
        if args.trafilatura_python:
            runs = [subprocess.run([args.trafilatura_python, "-c", TRAFILATURA, str(html)], check=True,
                                   capture_output=True, text=True).stdout.split() for _ in range(args.repeat)]
            rows["trafilatura"] = (f"trafilatura {runs[0][2]} (HTML)", megabytes(html),
                                   statistics.median(float(r[0]) for r in runs), f"{runs[0][1]} of {args.pages} pages extracted")
        print(f"{args.pages} crawl-shaped pages (bench/crawl.py), one process, median of {args.repeat}")
        print(f"{'':32} {'MB':>7} {'s':>7} {'MB/s':>7}")
        for label, mb, s, note in rows.values():
            print(f"{label:32} {mb:7.1f} {s:7.2f} {mb / s:7.2f}  {note}")
        rate = {key: mb / s for key, (_, mb, s, _) in rows.items()}
        print(f"qingxi on dumps: {rate['floor'] / rate['dump']:.1f}x the floor's time per MB")
        if "trafilatura" in rate:
            print(f"qingxi on HTML: {rate['html'] / rate['trafilatura']:.1f}x trafilatura's MB per second")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
