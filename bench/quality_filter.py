"""What each quality filter preset removes: the dev text dumps and a generated set of bad
pages (bench/bad_pages.py), cleaned as a run's workers clean them (flows/ingest.py's
process_batch, the preset's limits applied), and a table of kind x kept / filtered out /
rejected per preset, then each limited signal's range on the dev articles and on the bad
kinds (where transforms/quality.py's `standard` limits come from).

usage: python bench/quality_filter.py [--dev ../shared/dev/dump] [--per-kind 40]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bad_pages import generate  # noqa: E402
from flows.discover import SelectedFile, scan_raw  # noqa: E402
from flows.ingest import BatchJob, process_batch  # noqa: E402
from transforms.quality import PRESETS, figure, quality_filter  # noqa: E402


def outcome(raw: Path, preset: str, stage: Path, kind_of) -> tuple[dict[str, Counter], list[dict]]:
    """Per kind, how many pages were kept, filtered (by rule) and rejected; and the document rows."""
    files = [SelectedFile(f, frozenset(), frozenset()) for f in scan_raw(raw)]
    stage.mkdir(parents=True, exist_ok=True)
    out = process_batch(BatchJob(str(raw), files, 64 << 20, str(stage), 1, "bench", quality=quality_filter(preset)))
    docs = pq.read_table(out.staged["documents"]).to_pylist()
    rejects = pq.read_table(out.staged["rejects"]).to_pylist()
    filtered = {f.doc_id: f.rule for f in out.filtered}
    table: dict[str, Counter] = defaultdict(Counter)
    for d in docs:
        table[kind_of(d)]["filtered out" if d["doc_id"] in filtered else "kept"] += 1
        if d["doc_id"] in filtered:
            table[kind_of(d)][filtered[d["doc_id"]]] += 1
    for r in rejects:
        table[kind_of(r)][f"rejected ({r['reason']})"] += 1
    return table, docs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", type=Path, default=ROOT.parent / "shared" / "dev" / "dump")
    parser.add_argument("--per-kind", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bad = Path(tmp) / "bad"
        generate(bad, args.per_kind)
        rows: dict[str, dict[str, Counter]] = {}
        docs: dict[str, list[dict]] = {}
        for preset in PRESETS:
            dev_table, dev_docs = outcome(args.dev, preset, Path(tmp) / f"dev-{preset}",
                                          lambda r: "dev article" if r.get("page_type", "article") == "article" else "dev list")
            bad_table, bad_docs = outcome(bad, preset, Path(tmp) / f"bad-{preset}", lambda r: Path(r["source_path"]).parent.name)
            rows[preset] = {**dev_table, **bad_table}
            docs[preset] = dev_docs + bad_docs
    for preset, table in rows.items():
        print(f"\n--filter {preset}\n| kind | pages | kept | filtered out | rejected | how |\n|---|---|---|---|---|---|")
        for kind, counts in table.items():
            rejected = sum(v for k, v in counts.items() if k.startswith("rejected"))
            total = counts["kept"] + counts["filtered out"] + rejected
            how = ", ".join(f"{k} {v}" for k, v in counts.most_common() if k not in ("kept", "filtered out"))
            print(f"| {kind} | {total} | {counts['kept']} | {counts['filtered out']} | {rejected} | {how} |")
    print("\nEach limited signal: highest on dev articles, lowest on each bad kind (documents only)")
    preset = PRESETS["standard"]
    kind_docs: dict[str, list[dict]] = defaultdict(list)
    for d in docs["none"]:
        path = Path(d["source_path"])
        kind = path.parent.name if path.parent.name in ("gambling", "lottery", "adult", "seo", "repeated", "japanese",
                                                        "korean", "english", "personal_data") else "dev"
        if kind != "dev" or d["page_type"] == "article":
            kind_docs[kind].append(d)
    from transforms.signals import QualitySignals, SIGNAL_NAMES

    def value(d: dict, name: str) -> float:
        return figure(QualitySignals(**{n: d[n] for n in SIGNAL_NAMES}), name, d["char_count"] or 0)
    for limit in preset.limits:
        side = "highest" if limit.most is not None else "lowest"
        pick = max if limit.most is not None else min
        dev = pick(value(d, limit.signal) for d in kind_docs["dev"])
        others = ", ".join(f"{k} {min(value(d, limit.signal) for d in v) if limit.most is not None else max(value(d, limit.signal) for d in v):g}"
                           for k, v in kind_docs.items() if k != "dev" and v)
        bound = f"at most {limit.most:g}" if limit.most is not None else f"at least {limit.least:g}"
        print(f"- {limit.signal} ({bound}): dev {side} {dev:g}; bad kinds' {'lowest' if limit.most is not None else 'highest'}: {others}")
    langs = Counter(d["lang"] for d in kind_docs["dev"])
    print(f"- lang (kept: {', '.join(preset.languages or ())}): dev articles {dict(langs)}")


if __name__ == "__main__":
    main()
