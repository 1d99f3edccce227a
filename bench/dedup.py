"""Deduplication benchmark: pair precision/recall on a generated corpus with known
duplicates, false merges among distinct same-topic articles, and MinHash signature cost.

usage: python bench/dedup.py [--docs 2000] [--workdir /tmp/qingxi-bench-dedup]
Prints figures; nothing here is a test. Runs the real flow (embedded Prefect).
"""
from __future__ import annotations

import argparse
import itertools
import random
import shutil
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import article, generate  # noqa: E402
from transforms.dedup.minhash import BANDS, NUM_PERM, ROWS, SHINGLE_CHARS, band_keys, dedup_text, signatures  # noqa: E402


def pairs(groups: dict) -> set[tuple[str, str]]:
    out = set()
    for members in groups.values():
        out.update(itertools.combinations(sorted(members), 2))
    return out


def signature_seconds_per_1000(repeats: int = 7) -> float:
    rng = random.Random(3)
    texts = [dedup_text(article(rng, 3000)[1])[:3000] for _ in range(1000)]
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        band_keys(signatures(texts))
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=1, choices=[1, 2],
                    help="2: half the files in a first run, the rest in a second (dedup against stored state)")
    ap.add_argument("--workdir", default="/tmp/qingxi-bench-dedup")
    ap.add_argument("--results", default=str(Path(__file__).resolve().parent / "RESULTS-dedup.md"))
    args = ap.parse_args()
    work = Path(args.workdir)
    shutil.rmtree(work, ignore_errors=True)
    raw, out = work / "raw", work / "out"
    truth = generate(raw, args.docs)

    from flows.run import run_curate
    import pyarrow.dataset as ds

    if args.runs == 2:  # every other file waits for the second run
        held = work / "held"
        later = sorted(truth)[1::2]
        for rel in later:
            (held / rel).parent.mkdir(parents=True, exist_ok=True)
            (raw / rel).rename(held / rel)
        run_curate(str(raw), str(out), workers=2)
        for rel in later:
            (held / rel).rename(raw / rel)
    stats = run_curate(str(raw), str(out), workers=2)
    docs = ds.dataset(out / "documents").to_table(columns=["doc_id", "source_path", "duplicate_of", "dup_method"]).to_pylist()
    predicted, actual = defaultdict(set), defaultdict(set)
    for d in docs:
        predicted[d["duplicate_of"] or d["doc_id"]].add(d["source_path"])
        actual[truth[d["source_path"]]["base"]].add(d["source_path"])
    got, want = pairs(predicted), pairs(actual)
    hit = got & want
    false_merges = [(a, b) for a, b in got - want]
    cluster = {p: root for root, members in predicted.items() for p in members}
    original = {t["base"]: p for p, t in truth.items() if t["kind"] == "original"}
    kinds = defaultdict(lambda: [0, 0])
    for d in docs:
        t = truth[d["source_path"]]
        if t["kind"] != "original":
            kind = t["kind"] + (" (traditional)" if t["traditional"] else "")
            kinds[kind][1] += 1
            kinds[kind][0] += cluster[d["source_path"]] == cluster[original[t["base"]]]
    lines: list[str] = []

    def say(text: str) -> None:
        print(text, flush=True)
        lines.append(text)

    import os
    import platform
    import subprocess

    commit = subprocess.run(["git", "-C", str(Path(__file__).resolve().parents[1]), "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip()
    say(f"# qingxi dedup benchmark, {time.strftime('%Y-%m-%d %H:%M')} UTC, commit {commit}, "
        f"{platform.machine()} {os.cpu_count()} cores; `python bench/dedup.py --docs {args.docs} --runs {args.runs}`\n")
    say(f"corpus: {args.docs} files, {len(docs)} documents, {len(want)} true duplicate pairs; "
          f"shingles={SHINGLE_CHARS} chars, {NUM_PERM} permutations, {BANDS} bands x {ROWS} rows")
    say(f"pair precision {len(hit) / max(1, len(got)):.4f}  pair recall {len(hit) / max(1, len(want)):.4f}  "
          f"false merges {len(false_merges)}")
    for kind, (found, total) in sorted(kinds.items()):
        say(f"- {kind}: {found}/{total} in the same cluster as their original ({found / max(1, total):.3f})")
    say(f"\nrun: {stats.summary()}\n")
    say(f"signatures (shingle + MinHash + bands), 1000 docs x 3000 chars, one core: "
          f"median {signature_seconds_per_1000():.3f} s of 7")
    Path(args.results).write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
