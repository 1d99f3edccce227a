"""A 1,000-page run after a first run, on one machine: the stage seconds of the second run
(median of 3, each from a copy of the first run's output made with `cp -a`, which keeps
mtimes and so the sidecar stamps). For changes to what a run leaves for the next one
(sidecars built at write time): compare two checkouts on the same corpus in one sitting.

usage: python bench/rerun_small.py [--stored 24000] [--qingxi .venv/bin/qingxi]
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.crawl import generate  # noqa: E402

NEW = 1000


def stages(qingxi: str, out: Path) -> dict[str, float]:
    report = json.loads(subprocess.run([qingxi, "status", "--out", str(out), "--json"], check=True,
                                       capture_output=True, text=True).stdout)
    return report["last_run"]["stats"]["stage_seconds"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--stored", type=int, default=24_000)
    parser.add_argument("--qingxi", default=str(Path(sys.executable).with_name("qingxi")))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        raw, later = work / "raw", work / "later"
        generate(raw, args.stored + NEW, "dump")
        pages = sorted(p for p in raw.rglob("*.txt"))
        held = pages[:: max(1, len(pages) // NEW)][:NEW]
        for p in held:  # the second run's new pages, spread over the sites
            target = later / p.relative_to(raw)
            target.parent.mkdir(parents=True, exist_ok=True)
            p.rename(target)
        first = work / "first"
        subprocess.run([args.qingxi, "-q", "run", "--raw", str(raw), "--out", str(first)], check=True, capture_output=True)
        print(f"first run ({len(pages) - NEW:,} pages):", {k: round(v, 2) for k, v in stages(args.qingxi, first).items()})
        for p in later.rglob("*.txt"):
            target = raw / p.relative_to(later)
            target.parent.mkdir(parents=True, exist_ok=True)
            p.rename(target)
        seconds: dict[str, list[float]] = {}
        for _ in range(3):
            out = work / "second"
            shutil.rmtree(out, ignore_errors=True)
            subprocess.run(["cp", "-a", str(first), str(out)], check=True)
            subprocess.run([args.qingxi, "-q", "run", "--raw", str(raw), "--out", str(out)], check=True, capture_output=True)
            for stage, value in stages(args.qingxi, out).items():
                seconds.setdefault(stage, []).append(value)
        print(f"second run ({NEW:,} new pages), median of 3:",
              {k: round(statistics.median(v), 2) for k, v in seconds.items()},
              "dedup runs:", [round(v, 2) for v in seconds["dedup"]])


if __name__ == "__main__":
    main()
