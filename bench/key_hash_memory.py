"""Transient memory and time of hashing a table's keys (flows/storage/key_index.string_keys)
by chunk size: the figure behind key_index._HASH_CHUNK_BYTES (a script, not a test).

usage: python bench/key_hash_memory.py [--rows 688807] [--chunks-mb 32,8,4,2,1]

The keys are shaped like para_sites' (a site and a 64-character paragraph hash joined), as
many as the paragraphs of a 100k-page bench run. Each chunk size runs in a fresh process:
peak RSS over the process after building the keys, and the median of 5 timings.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = """
import hashlib, resource, statistics, sys, time
sys.path.insert(0, {root!r})
import pyarrow as pa
import flows.storage.key_index as ki
ki._HASH_CHUNK_BYTES = {chunk} << 20
values = pa.array([f"site{{i % 40:02d}}.example.cn\\x1f" + hashlib.sha256(str(i).encode()).hexdigest() for i in range({rows})])
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
times = []
for _ in range(5):
    start = time.perf_counter(); ki.string_keys(values); times.append(time.perf_counter() - start)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - base
print(f"| {chunk} | {{values.nbytes / 2**20:.0f}} | {{statistics.median(times):.3f}} | {{peak:.0f}} |")
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=688_807)
    ap.add_argument("--chunks-mb", default="32,8,4,2,1")
    args = ap.parse_args()
    print(f"{args.rows:,} keys\n\n| chunk MB | key bytes MB | median s | peak over the keys MB |\n|---|---|---|---|")
    for chunk in (int(c) for c in args.chunks_mb.split(",")):
        out = subprocess.run([sys.executable, "-c", CHILD.format(root=str(ROOT), chunk=chunk, rows=args.rows)],
                             capture_output=True, text=True, check=True)
        print(out.stdout.strip())


if __name__ == "__main__":
    main()
