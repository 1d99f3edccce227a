"""`qingxi report`: one self-contained HTML page about a dataset (inline SVG charts, no
scripts, nothing fetched), for people who would rather look than read `status`.

Figures: documents and paragraphs per run, document lengths, rejects and removals by
reason, documents per site, encodings and scripts, duplicates by method.
"""
from __future__ import annotations

import html
from collections import Counter

import numpy as np
import pyarrow.compute as pc

from flows.runinfo import RunKind, RunStats
from flows.storage.store import Store
from flows.storage.recovery import check_parts

BAR_WIDTH = 560
TOP_SITES = 15
LENGTH_BINS = (0, 500, 1000, 2000, 3000, 5000, 8000, 12000, 20000)


def _count(store: Store, manifest, table: str, column: str) -> Counter:
    counts: Counter = Counter()
    for batch in store.scan(table, manifest, [column]):
        for item in pc.value_counts(batch.column(0)).to_pylist():  # grouped in Arrow, not per row
            counts[item["values"] if item["values"] is not None else "(none)"] += item["counts"]
    return counts


def _bars(title: str, items: list[tuple[str, int]], note: str = "") -> str:
    """A horizontal bar chart as inline SVG."""
    if not items:
        return f"<section><h2>{html.escape(title)}</h2><p class=empty>none</p></section>"
    top = max(v for _, v in items) or 1
    row = 22
    svg = [f'<svg role="img" aria-label="{html.escape(title)}" width="{BAR_WIDTH + 260}" height="{row * len(items) + 6}">']
    for i, (label, value) in enumerate(items):
        y = i * row + 3
        width = max(1, round(BAR_WIDTH * value / top))
        svg.append(f'<text x="0" y="{y + 15}" class=label>{html.escape(str(label))[:28]}</text>'
                   f'<rect x="200" y="{y}" width="{width}" height="{row - 6}" rx="2"></rect>'
                   f'<text x="{206 + width}" y="{y + 15}" class=value>{value:,}</text>')
    svg.append("</svg>")
    note_html = f"<p class=note>{html.escape(note)}</p>" if note else ""
    return f"<section><h2>{html.escape(title)}</h2>{''.join(svg)}{note_html}</section>"


def html_report(store: Store) -> str:
    manifest = store.manifest()
    check_parts(store, manifest)
    runs = [RunStats.from_dict(r.stats) for r in manifest.runs if r.kind is RunKind.RUN and r.stats and "run_id" in r.stats]
    lengths = np.concatenate([b.column(0).to_numpy(zero_copy_only=False).astype(np.int64)
                              for b in store.scan("documents", manifest, ["char_count"])] or [np.zeros(0, np.int64)])
    hist, edges = np.histogram(lengths, bins=[*LENGTH_BINS, max(LENGTH_BINS[-1] + 1, int(lengths.max(initial=0)) + 1)])
    docs, paragraphs = store.row_count("documents", manifest), store.row_count("paragraphs", manifest)
    dup = _count(store, manifest, "documents", "dup_method")
    kept = dup.pop("(none)", 0)
    sections = [
        _bars("Documents per run", [(r.run_id[:15], r.documents) for r in runs[-20:]], "the last 20 runs"),
        _bars("Paragraphs per run", [(r.run_id[:15], r.paragraphs) for r in runs[-20:]]),
        _bars("Document length (characters kept)",
              [(f"{lo:,}–{hi - 1:,}" if i < len(hist) - 1 else f"{lo:,} or more", int(n))
               for i, (lo, hi, n) in enumerate(zip(edges[:-1].astype(int), edges[1:].astype(int), hist))]),
        _bars("Rejects by reason", _count(store, manifest, "rejects", "reason").most_common()),
        _bars("Removed rows by rule", _count(store, manifest, "removed", "rule").most_common()),
        _bars("Duplicates found", sorted(dup.items()), f"{kept:,} documents kept"),
        _bars(f"Documents per site (top {TOP_SITES})",
              [(site if site != "." else "(top-level files)", n)
               for site, n in _count(store, manifest, "documents", "site").most_common(TOP_SITES)]),
        _bars("Encodings", _count(store, manifest, "documents", "encoding").most_common()),
        _bars("Scripts", _count(store, manifest, "documents", "script").most_common()),
    ]
    title = f"qingxi dataset {store.root}"
    return f"""<!DOCTYPE html>
<html lang="zh-Hans"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>
body {{ font: 14px/1.4 system-ui, "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 2em; color: #222; max-width: 900px; }}
h1 {{ font-size: 20px; }} h2 {{ font-size: 15px; margin: 1.6em 0 .4em; }}
rect {{ fill: #3b7dd8; }} .label {{ font-size: 12px; fill: #333; }} .value {{ font-size: 12px; fill: #555; }}
.note, .empty {{ color: #777; font-size: 12px; margin: .2em 0; }}
.summary span {{ display: inline-block; margin-right: 1.5em; }}
</style></head><body>
<h1>{html.escape(title)}</h1>
<p class=summary><span><b>{len(runs)}</b> runs</span><span><b>{docs:,}</b> documents</span>
<span><b>{paragraphs:,}</b> paragraphs</span><span><b>{sum(dup.values()):,}</b> duplicates</span></p>
{''.join(sections)}
</body></html>
"""
