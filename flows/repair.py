"""`qingxi repair`: a manifest rebuilt from the version folders when manifest.json is lost
or damaged (runs refuse such a folder rather than delete parts they cannot account for).

What tells a committed part from a left-over one without the manifest:
- a user table's link moves to a version folder only after the commit, and a run stages its
  user-table parts in the next version folder, so every part in the linked folder is
  committed;
- a run's state parts carry the same name as its user-table parts, so a state part whose
  name no user table holds belongs to a run that did not commit (or to a reprocess that
  did not: its state versions hold only such parts); compacted parts hold committed rows.
The run history (figures per run) is not in the folders and is not rebuilt: each part name
becomes one entry of kind "rebuilt", in the order of its run number."""
from __future__ import annotations

import os
import re
import time
from pathlib import Path

from flows.runinfo import RunKind, RunRecord
from flows.schemas import STATE, TABLES
from flows.storage.card import write_card
from flows.storage.manifest import Manifest
from flows.storage.store import Store

_RUN_NUMBER = re.compile(r"part-(?:compacted-)?(\d+)")


def _versions(store: Store, name: str) -> list[tuple[int, Path]]:
    base = store.meta / ("state" if name in STATE else "tables") / name
    found = [(int(p.name[1:]), p) for p in base.glob("v[0-9]*") if p.is_dir() and p.name[1:].isdigit()]
    return sorted(found, reverse=True)


def _parts(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob("part-*.parquet") if p.is_file())


def rebuild_manifest(store: Store) -> Manifest:
    versions: dict[str, int] = {}
    parts: dict[str, list[str]] = {}
    for name in TABLES:
        link = store.root / name
        candidates = _versions(store, name)
        if link.is_symlink():
            target = Path(os.path.realpath(link))
            candidates = [(v, p) for v, p in candidates if p.resolve() == target] or candidates
        for version, folder in candidates:
            versions[name], parts[name] = version, _parts(folder)
            break
    committed = {p for names in parts.values() for p in names}
    for name in STATE:
        for version, folder in _versions(store, name):
            held = [p for p in _parts(folder) if p in committed or p.startswith("part-compacted-")]
            if held:
                versions[name], parts[name] = version, held
                break
    by_run: dict[str, dict[str, list[str]]] = {}
    for name, names in parts.items():
        for part in names:
            by_run.setdefault(part, {})[name] = [part]
    runs = []
    for part in sorted(by_run, key=lambda p: (_run_number(p), p)):
        runs.append(RunRecord(f"rebuilt-{part.removesuffix('.parquet')}", _run_number(part), RunKind.REBUILT,
                              parts=by_run[part]))
    return Manifest(runs=runs, versions=versions)


def _run_number(part: str) -> int:
    match = _RUN_NUMBER.match(part)
    return int(match.group(1)) if match else 0


def repair(store: Store) -> str:
    """Rebuild and commit the manifest of a folder whose manifest is lost or unreadable; a
    damaged one is kept beside it. Returns what was done, in one line."""
    path = store.meta / "manifest.json"
    if path.exists():
        try:
            store.manifest()
            return f"{path} reads fine: nothing to repair"
        except Exception:  # noqa: BLE001 - any failure to read it is what repair is for
            kept = path.with_name(f"manifest.json.damaged-{time.strftime('%Y%m%dT%H%M%S')}")
            os.replace(path, kept)
    elif not store.was_committed():
        return f"{store.root} holds no qingxi tables: nothing to repair"
    manifest = rebuild_manifest(store)
    store.commit(manifest)
    store.ensure_layout(manifest)
    write_card(store.root, manifest)
    counts = ", ".join(f"{name} {store.row_count(name, manifest):,}" for name in TABLES)
    return f"rebuilt {path} from {len(manifest.runs)} part sets: {counts} rows"
