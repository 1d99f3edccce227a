"""What real article text looks like to transforms/degenerate.py's limits: the longest
paragraph and the most compressible documents (zlib level 1, text above MIN_JUDGED_BYTES)
in qingxi outputs, the same documents printed twice (a page saved with its text doubled:
kept, whatever the ratio gives), and phrases repeated 100 times (rejected). The limit must
sit between the last two.

usage: python bench/degenerate_limits.py OUT [OUT ...]   (outputs of `qingxi run`)
"""
from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

import pyarrow.dataset as ds

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from transforms.degenerate import MAX_COMPRESSION_RATIO, MAX_PARAGRAPH_CHARS, MIN_JUDGED_BYTES, compression_ratio  # noqa: E402


PHRASES = ("青山县的好消息传遍了四方，", "点击进入下一页", "习近平新时代中国特色社会主义思想", "澳门葡京赌场线上娱乐官网注册送彩金")


def main(outs: list[str]) -> None:
    for out in outs:
        rows = ds.dataset(Path(out) / "paragraphs", format="parquet").to_table(columns=["doc_id", "text"]).to_pylist()
        by_doc: dict[str, list[str]] = defaultdict(list)
        for r in rows:
            by_doc[r["doc_id"]].append(r["text"])
        texts = ["\n".join(t) for t in by_doc.values()]
        judged = [t.encode() for t in texts if len(t.encode()) >= MIN_JUDGED_BYTES]
        ratios = sorted(compression_ratio(t) for t in judged)
        twice = sorted(compression_ratio(t + b"\n" + t) for t in judged)
        longest = max((len(r["text"]) for r in rows), default=0)
        print(f"{out}: {len(texts)} documents, longest paragraph {longest:,} chars (limit {MAX_PARAGRAPH_CHARS:,}); "
              f"compression ratio median {ratios[len(ratios) // 2]:.2f}, max {ratios[-1]:.2f} "
              f"over {len(ratios)} documents (limit {MAX_COMPRESSION_RATIO:g}); printed twice {twice[0]:.2f} to {twice[-1]:.2f}")
    repeated = [compression_ratio((phrase * 100).encode()) for phrase in PHRASES]
    print(f"phrases repeated 100 times: {min(repeated):.1f} to {max(repeated):.1f}")


if __name__ == "__main__":
    main(sys.argv[1:])
