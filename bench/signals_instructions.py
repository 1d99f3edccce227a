"""One worker batch of crawl-shaped pages, for counting the quality signals' instructions
under callgrind (a script, not a test). The machines here are shared and their speed drifts
by more than the signals cost, so the instruction count is the steady figure beside
`bench/yardstick.py --signals-cost`'s paired times.

usage (three runs; the batch's instructions are on minus none and off minus none):
  for mode in on off none; do
    valgrind --tool=callgrind --callgrind-out-file=/tmp/cg-$mode python bench/signals_instructions.py dump $mode 2>&1 | grep refs
  done
  on: signals measured; off: measure() replaced by one fixed answer; none: set-up only (imports, page generation)
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.crawl import generate  # noqa: E402
from bench.yardstick import qingxi_seconds, signals_off  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("kind", choices=("dump", "html"))
    ap.add_argument("mode", choices=("on", "off", "none"))
    ap.add_argument("--pages", type=int, default=200)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="qingxi-signals-"))
    try:
        generate(work / "raw", args.pages, args.kind, seed=29)
        if args.mode == "on":
            qingxi_seconds(work / "raw", work / "stage")
        elif args.mode == "off":
            with signals_off():
                qingxi_seconds(work / "raw", work / "stage")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
