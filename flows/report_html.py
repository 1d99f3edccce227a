"""`qingxi report`: one self-contained HTML page about a dataset (inline SVG charts, no
scripts, nothing fetched), for people who would rather look than read `status`.

Figures: documents and paragraphs per run, document lengths, rejects and removals by
reason, documents per site, encodings and scripts, duplicates by method, and the quality
signals' distributions, documents kept against those a filter moved out (to pick limits by
looking).
"""
from __future__ import annotations

import html
from collections import Counter

import numpy as np
import pyarrow.compute as pc

from flows.runinfo import RunKind, RunStats
from flows.storage.store import Store
from flows.storage.recovery import check_parts
from transforms.signals import SIGNAL_NAMES

BAR_WIDTH = 560
TOP_SITES = 15
LENGTH_BINS = (0, 500, 1000, 2000, 3000, 5000, 8000, 12000, 20000)
# Bin edges per kind of signal; an open last bin (inf) holds everything above its start.
SHARE_BINS = tuple(round(0.1 * k, 1) for k in range(11))
RATE_BINS = (0, 0.5, 1, 2, 4, 8, 16, 32, 64, 128, np.inf)  # spam phrases per 1,000 characters
COUNT_BINS = (0, 1, 2, 5, 10, 20, 50, 100, np.inf)  # pieces of personal data
CHAR_BINS = (0, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, np.inf)
ENDS_BINS = (0, 0.5, 1, 1.5, 2, 3, 4, 6, 8, np.inf)


def _bins_of(signal: str) -> tuple[float, ...]:
    if signal.startswith("spam_"):
        return RATE_BINS
    if signal.startswith("pii_"):
        return COUNT_BINS
    if signal.endswith("_chars") and not signal.startswith("repet_"):
        return CHAR_BINS
    if signal == "sentence_ends_per_paragraph":
        return ENDS_BINS
    return SHARE_BINS


# Every numeric signal is drawn (lang gets a bar chart of its own).
SIGNAL_BINS = {name: _bins_of(name) for name in SIGNAL_NAMES if name != "lang"}


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


def _histogram(title: str, kept: np.ndarray, removed: np.ndarray, edges: tuple[float, ...]) -> str:
    """Two bars per bin, documents kept and documents a filter moved out, as inline SVG."""
    if not len(kept) and not len(removed):
        return f"<section><h2>{html.escape(title)}</h2><p class=empty>none</p></section>"
    counts = [np.histogram(values, bins=edges)[0] for values in (kept, removed)]
    top = max(int(c.max()) for c in counts) or 1
    row = 30
    bins = len(edges) - 1
    svg = [f'<svg role="img" aria-label="{html.escape(title)}" width="{BAR_WIDTH + 260}" height="{row * bins + 6}">']
    for i in range(bins):
        low, high = edges[i], edges[i + 1]
        label = f"{low:g} or more" if high == np.inf else f"{low:g}–{high:g}"
        y = i * row + 3
        svg.append(f'<text x="0" y="{y + 17}" class=label>{label}</text>')
        for j, (n, cls) in enumerate(((counts[0][i], ""), (counts[1][i], " class=removed"))):
            width = max(0, round(BAR_WIDTH * int(n) / top))
            svg.append(f'<rect x="200" y="{y + j * 12}" width="{width}" height="11"{cls}></rect>'
                       f'<text x="{206 + width}" y="{y + j * 12 + 10}" class=value>{int(n):,}</text>' if n else "")
    svg.append("</svg>")
    note = f"{len(kept):,} kept (blue), {len(removed):,} filtered out (orange)"
    return f"<section><h2>{html.escape(title)}</h2>{''.join(svg)}<p class=note>{note}</p></section>"


def _signal_sections(store: Store, manifest) -> list[str]:
    """Current documents' signals, kept against filtered out, and their languages."""
    columns = [*SIGNAL_BINS, "lang", "filtered_by", "superseded_by", "duplicate_of"]
    values: dict[str, list[np.ndarray]] = {name: [] for name in SIGNAL_BINS}
    out: list[np.ndarray] = []
    langs: Counter = Counter()
    for batch in store.scan("documents", manifest, columns):
        current = pc.and_(pc.is_null(batch.column("superseded_by")), pc.is_null(batch.column("duplicate_of")))
        batch = batch.filter(current)
        out.append(batch.column("filtered_by").is_valid().to_numpy(zero_copy_only=False))
        for name in SIGNAL_BINS:
            values[name].append(batch.column(name).to_numpy(zero_copy_only=False).astype(float))
        for item in pc.value_counts(batch.column("lang")).to_pylist():
            langs[item["values"] or "(none)"] += item["counts"]
    filtered = np.concatenate(out) if out else np.zeros(0, bool)
    sections = [_bars("Languages (lang)", langs.most_common())]
    for name, bins in SIGNAL_BINS.items():
        column = np.concatenate(values[name]) if values[name] else np.zeros(0)
        known = ~np.isnan(column)  # rows of runs before the signals existed
        sections.append(_histogram(f"Signal: {name}", column[known & ~filtered], column[known & filtered], bins))
    return sections


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
        *_signal_sections(store, manifest),
    ]
    title = f"qingxi dataset {store.root}"
    return f"""<!DOCTYPE html>
<html lang="zh-Hans"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>
body {{ font: 14px/1.4 system-ui, "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 2em; color: #222; max-width: 900px; }}
h1 {{ font-size: 20px; }} h2 {{ font-size: 15px; margin: 1.6em 0 .4em; }}
rect {{ fill: #3b7dd8; }} rect.removed {{ fill: #e08a2c; }} .label {{ font-size: 12px; fill: #333; }} .value {{ font-size: 12px; fill: #555; }}
.note, .empty {{ color: #777; font-size: 12px; margin: .2em 0; }}
.summary span {{ display: inline-block; margin-right: 1.5em; }}
</style></head><body>
<h1>{html.escape(title)}</h1>
<p class=summary><span><b>{len(runs)}</b> runs</span><span><b>{docs:,}</b> documents</span>
<span><b>{paragraphs:,}</b> paragraphs</span><span><b>{sum(dup.values()):,}</b> duplicates</span></p>
{''.join(sections)}
</body></html>
"""
