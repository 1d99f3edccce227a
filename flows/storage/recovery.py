"""What a run finds before it writes: committed parts that are damaged (refused, or left
behind by a reprocess), and what a crashed run or an old compaction left (deleted)."""
from __future__ import annotations

import shutil
import time
from dataclasses import replace
from pathlib import Path

from flows.errors import DamagedPart
from flows.schemas import SCHEMAS
from flows.storage.band_index import is_sidecar_of
from flows.storage.key_index import KEY_COLUMNS, stale_sidecars
from flows.storage.manifest import CURRENT, VIEWS, Manifest
from flows.storage.store import Store

# State a run rebuilds from the user tables when a part of it is missing (flows/storage/state.py).
REBUILT_WHEN_MISSING = frozenset({"dedup_texts"})
OLD_VERSION_GRACE_S = 60.0


def damaged_parts(store: Store, manifest: Manifest) -> list[tuple[str, Path, str]]:
    """Committed parts that are gone or are not whole Parquet files (a truncated copy, a
    disk error): checked by the file's magic bytes, so every run can afford it."""
    damaged = []
    for name in SCHEMAS:
        folder = store.table_dir(name, manifest)
        for part in manifest.parts(name):
            path = folder / part
            try:
                with open(path, "rb") as f:
                    head = f.read(4)
                    f.seek(max(path.stat().st_size - 4, 0))
                    tail = f.read(4)
            except FileNotFoundError:
                if name not in REBUILT_WHEN_MISSING:
                    damaged.append((name, path, "the file is missing"))
                continue
            except OSError as err:
                damaged.append((name, path, err.strerror or str(err)))
                continue
            if head != b"PAR1" or tail != b"PAR1":
                damaged.append((name, path, "not a whole Parquet file (truncated?)"))
    return damaged

def check_parts(store: Store, manifest: Manifest) -> None:
    damaged = damaged_parts(store, manifest)
    if damaged:
        name, path, why = damaged[0]
        more = f" (and {len(damaged) - 1} more)" if len(damaged) > 1 else ""
        raise DamagedPart(f"{path} ({name}) is damaged: {why}{more}; nothing was changed. Put the file back from "
                          "a backup, or rebuild the tables from the raw files with `qingxi run --reprocess`")

def without_damaged(store: Store, manifest: Manifest) -> tuple[Manifest, list[tuple[str, Path, str]]]:
    """The manifest without its damaged parts: what a reprocess can still carry over."""
    damaged = damaged_parts(store, manifest)
    bad = {(name, path.name) for name, path, _ in damaged}
    runs = [replace(run, parts={t: [p for p in parts if (t, p) not in bad] for t, parts in run.parts.items()})
            for run in manifest.runs]
    return Manifest(runs, dict(manifest.versions), manifest.parameters, manifest.pipeline_version,
                    manifest.format), damaged


def recover(store: Store, manifest: Manifest) -> int:
    """Delete what a crashed run left: parts the manifest does not name, staging."""
    removed = 0
    for name in SCHEMAS:
        committed = set(manifest.parts(name))
        folder = store.table_dir(name, manifest)
        for path in folder.iterdir() if folder.exists() else []:
            if path.name not in committed and not is_sidecar_of(path.name, committed):
                path.unlink()
                removed += 1
        for stale in folder.parent.iterdir() if folder.parent.exists() else []:
            # Versions replaced by compaction (or left by an interrupted one) go once no
            # reader can still be working from a listing of them.
            if stale.is_dir() and stale != folder and time.time() - stale.stat().st_mtime > OLD_VERSION_GRACE_S:
                shutil.rmtree(stale, ignore_errors=True)
    for name in KEY_COLUMNS:
        for stale in stale_sidecars(store.meta / "index" / name, set(manifest.parts(name))):
            stale.unlink()
    views = store.meta / VIEWS
    current = (store.meta / CURRENT).resolve() if (store.meta / CURRENT).is_symlink() else None
    for view in views.iterdir() if views.is_dir() else []:
        if view != current and time.time() - view.lstat().st_mtime > OLD_VERSION_GRACE_S:
            shutil.rmtree(view, ignore_errors=True)
    shutil.rmtree(store.meta / "staging", ignore_errors=True)
    return removed
