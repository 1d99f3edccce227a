"""`qingxi status`: the dataset on disk, read from the manifest and Parquet footers only."""
from __future__ import annotations

import pyarrow.compute as pc

from flows.runinfo import RunKind, RunStats
from flows.storage.store import Store
from flows.storage.recovery import check_parts


def status_report(store: Store) -> dict:
    manifest = store.manifest()
    check_parts(store, manifest)
    runs = [r for r in manifest.runs if r.kind is RunKind.RUN]
    counts = {table: store.row_count(table, manifest) for table in ("documents", "paragraphs", "rejects", "removed")}
    state = {"duplicates": 0, "superseded": 0, "deleted": 0, "filtered": 0, "current": 0, "kept": 0}
    for b in store.scan("documents", manifest, ["duplicate_of", "superseded_by", "deleted_at", "filtered_by"]):
        dup, sup, gone, filtered = (pc.is_valid(b.column(i)) for i in range(4))
        state["duplicates"] += pc.sum(dup).as_py() or 0
        state["superseded"] += pc.sum(sup).as_py() or 0
        state["deleted"] += pc.sum(pc.and_(gone, pc.invert(sup))).as_py() or 0
        state["filtered"] += pc.sum(pc.and_(filtered, pc.invert(sup))).as_py() or 0
        state["kept"] += pc.sum(pc.invert(pc.or_(dup, filtered))).as_py() or 0
        state["current"] += pc.sum(pc.invert(pc.or_(pc.or_(pc.or_(dup, sup), gone), filtered))).as_py() or 0
    duplicates = state["duplicates"]
    reasons: dict[str, int] = {}
    for b in store.scan("rejects", manifest, ["reason"]):
        for r in b.column(0).to_pylist():
            reasons[r] = reasons.get(r, 0) + 1
    parts = {t: len(manifest.parts(t)) for t in ("documents", "paragraphs", "rejects", "removed")}
    last = runs[-1] if runs else None
    holder = store.lock_holder()
    lines = [f"dataset {store.root}" + (f" (a run, pid {holder}, is writing to it now)" if holder else ""),
             f"runs: {len(runs)}" + (f", last {last.run_id} finished {last.finished_at}" if last else ""),
             f"documents: {counts['documents']} ({state['kept']} kept, {duplicates} duplicates; "
             f"current {state['current']}, superseded {state['superseded']}, deleted {state['deleted']}, "
             f"filtered out {state['filtered']})",
             f"paragraphs: {counts['paragraphs']}",
             f"rejects: {counts['rejects']}" + (" [" + ", ".join(f"{k} {v}" for k, v in sorted(reasons.items())) + "]" if reasons else ""),
             f"removed rows (audit): {counts['removed']}",
             "part files: " + ", ".join(f"{k} {v}" for k, v in parts.items())]
    if last and last.stats:
        stats = last.stats
        # Format-1 manifests stored display labels; later ones store RunStats figures.
        figures = RunStats.from_dict(stats).rows() if "run_id" in stats else [{"figure": k, "value": v} for k, v in stats.items()]
        lines.append("last run: " + ", ".join(f"{r['figure']} {r['value']}" for r in figures
                                              if not r["figure"].startswith("lines dropped")))
    return {"runs": len(runs), "running_pid": holder, "last_run": last.to_dict() if last else None, "counts": counts, "duplicates": duplicates,
            "current": state["current"], "superseded": state["superseded"], "deleted": state["deleted"], "filtered": state["filtered"],
            "rejects_by_reason": reasons, "part_files": parts, "text": "\n".join(lines)}
