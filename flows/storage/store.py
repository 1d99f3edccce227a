"""The curated dataset on disk: append-only part files, a manifest committed last, one
writer at a time.

    OUT/documents -> _qingxi/current/documents         (symlink; users read OUT/documents)
    OUT/paragraphs, OUT/rejects, OUT/removed           (same)
    OUT/_qingxi/current -> views/<versions>/           (the one switch: a link per table to its version)
    OUT/_qingxi/tables/documents/v0001/                (a user table's versions)
    OUT/_qingxi/state/{signatures,dedup_texts,para_sites}/v0001/   (dedup state, read by later runs)
    OUT/_qingxi/manifest.json                          (committed runs and their part files)
    OUT/_qingxi/lock

A run writes each part under a dot-name (hive readers skip names starting with '.' or
'_'), flushes it, renames it into place, and commits by replacing manifest.json. Parts not
named by the manifest belong to a run that died before committing; the next run deletes
them first, so a kill -9 followed by a normal run equals one clean run (tests/test_incremental.py
kills at three points before the commit and one after it).
Compaction writes a new version folder and swaps the symlink: readers see the old set of
files or the new one, never both.
"""
from __future__ import annotations

import fcntl
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from flows.errors import ManifestLost, OutputNotWritable, StoreBusy
from flows.schemas import SCHEMAS, TABLES
from flows.storage.card import is_our_card
from flows.storage.files import fsync_path, point_symlink
from flows.storage.manifest import (COMMITTED_MARK, CURRENT, MANIFEST_NAME, META, VIEWS, Manifest, read_manifest,
                                    table_dir, write_manifest)


class Store:
    def __init__(self, out_dir: Path):
        self.root = Path(out_dir)
        self.meta = self.root / META
        self._lock_fd: int | None = None

    # -- locking -------------------------------------------------------------------------
    def lock(self, wait_seconds: float = 0.0) -> None:
        try:
            self.meta.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.meta / "lock", os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as err:
            raise OutputNotWritable(f"cannot take the writer lock in {self.meta}: {err.strerror or err}") from None
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "?"
                    os.close(fd)
                    raise StoreBusy(f"another qingxi run (pid {holder}) is writing to {self.root}; try again when it ends") from None
                time.sleep(0.5)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        self._lock_fd = fd

    def unlock(self) -> None:
        if self._lock_fd is not None:
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
            os.close(self._lock_fd)
            self._lock_fd = None

    def is_dataset(self) -> bool:
        return (self.meta / MANIFEST_NAME).is_file() or self.was_committed()

    def was_committed(self) -> bool:
        """Has any run committed here? A mark written with every commit (and, for folders
        from before it, the dataset card written after every commit). Table links and
        parts alone say nothing: a first run makes them before it commits, and a first run
        that died is cleaned up, where committed data without a manifest must not be."""
        if (self.meta / COMMITTED_MARK).exists():
            return True
        try:
            return is_our_card((self.root / "README.md").read_text(errors="replace"))
        except OSError:
            return False

    def lock_holder(self) -> str | None:
        """The pid of a run holding the writer lock now, without waiting or taking it."""
        try:
            fd = os.open(self.meta / "lock", os.O_RDONLY)
        except OSError:
            return None
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            fcntl.flock(fd, fcntl.LOCK_UN)
            return None
        except BlockingIOError:
            return os.pread(fd, 64, 0).decode(errors="replace").strip() or "?"
        finally:
            os.close(fd)

    # -- manifest ------------------------------------------------------------------------
    def manifest(self) -> Manifest:
        path = self.meta / MANIFEST_NAME
        if not path.exists():
            if self.was_committed():
                # Without it no part can be told committed: a run would delete them all.
                raise ManifestLost(f"{path} is missing, but {self.root} holds qingxi tables; nothing was changed. "
                                   f"Rebuild it from the version folders with `qingxi repair --out {self.root}`, "
                                   "or write to a new --out")
            return Manifest()
        return read_manifest(path, self.root)

    def commit(self, manifest: Manifest) -> None:
        write_manifest(self.meta, manifest)

    # -- layout --------------------------------------------------------------------------
    def table_dir(self, name: str, manifest: Manifest) -> Path:
        return table_dir(self.meta, name, manifest)

    def new_version(self, name: str, manifest: Manifest, keep_parts: bool = False) -> tuple[int, Path]:
        """The next version folder of a table, empty, or holding the committed parts (hard
        links: no copy) when keep_parts. Versions only grow at a commit, so this folder was
        never committed: whatever an interrupted run or compaction left in it is deleted,
        and no reader can be using it (readers follow the table's link to the current one)."""
        version = manifest.versions.get(name, 1) + 1
        current = self.table_dir(name, manifest)
        folder = current.parent / f"v{version:04d}"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for part in manifest.parts(name) if keep_parts else ():
            try:
                os.link(current / part, folder / part)
            except OSError:  # a file system without hard links
                shutil.copy2(current / part, folder / part)
        return version, folder

    def ensure_layout(self, manifest: Manifest) -> None:
        """Every table's folder exists, and the committed versions of all user tables are
        switched to by one rename: OUT/<table> -> _qingxi/current/<table>, where `current`
        links to a view folder holding one link per table to its version. A reader that
        resolves `current` once has all four tables of one commit; a kill between the
        commit and the switch leaves the previous commit whole, never a mix (the next run
        switches). A version the switch leaves is stamped now: recover() deletes it only a
        grace period after, when no reader can still be opening its files."""
        for name in SCHEMAS:
            self.table_dir(name, manifest).mkdir(parents=True, exist_ok=True)
        before = {name: (self.root / name).resolve() for name in TABLES if (self.root / name).is_symlink()}
        view = self._view(manifest)
        point_symlink(self.meta / CURRENT, view)
        for name in TABLES:  # once per output: links from before the switch existed move onto it
            point_symlink(self.root / name, self.meta / CURRENT / name)
        for name, old in before.items():
            if old != self.table_dir(name, manifest).resolve() and old.is_dir():
                os.utime(old)

    def _view(self, manifest: Manifest) -> Path:
        """The view folder of this commit's versions (named by them), made whole before it
        is given its name."""
        name = "-".join(f"{table[0]}{self.table_dir(table, manifest).name}" for table in TABLES)
        view = self.meta / VIEWS / name
        if not view.is_dir():
            tmp = view.with_name(f".{name}.tmp")
            shutil.rmtree(tmp, ignore_errors=True)
            tmp.mkdir(parents=True)
            for table in TABLES:
                os.symlink(os.path.relpath(self.table_dir(table, manifest), view), tmp / table)
            fsync_path(tmp)
            os.replace(tmp, view)
            fsync_path(view.parent)
        return view

    def staging(self, run_id: str) -> Path:
        path = self.meta / "staging" / run_id
        path.mkdir(parents=True, exist_ok=True)
        return path

    # -- reading -------------------------------------------------------------------------
    def files(self, name: str, manifest: Manifest) -> list[Path]:
        """The committed part files of a table, oldest run first."""
        folder = self.table_dir(name, manifest)
        return [folder / p for p in manifest.parts(name) if (folder / p).exists()]

    def row_count(self, name: str, manifest: Manifest) -> int:
        """Committed rows of a table, from the part files' footers (no column is read)."""
        return sum(pq.read_metadata(f).num_rows for f in self.files(name, manifest))

    def scan(self, name: str, manifest: Manifest, columns: list[str], filter=None) -> Iterator[pa.RecordBatch]:
        """Committed rows of a table, in batches (memory stays bounded by one batch)."""
        files = [str(f) for f in self.files(name, manifest)]
        if not files:
            return
        schema = SCHEMAS[name]
        dataset = ds.dataset(files, schema=schema, format="parquet")
        yield from dataset.to_batches(columns=columns, filter=filter)

    def read(self, name: str, manifest: Manifest, columns: list[str], filter=None) -> pa.Table:
        schema = SCHEMAS[name]
        batches = list(self.scan(name, manifest, columns, filter))
        if not batches:
            return pa.Table.from_pylist([], schema=pa.schema([schema.field(c) for c in columns]))
        return pa.Table.from_batches(batches)

    # -- writing -------------------------------------------------------------------------
    def publish(self, staged: list[Path]) -> None:
        for tmp in staged:
            os.replace(tmp, tmp.with_name(tmp.name[1:].removesuffix(".tmp")))
        for folder in {t.parent for t in staged}:
            fsync_path(folder)
