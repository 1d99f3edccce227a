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
import json
import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from flows.storage.band_index import is_sidecar_of
from flows.storage.band_index import rebuild_bytes as band_rebuild_bytes
from flows.storage.key_index import KEY_COLUMNS, stale_sidecars
from flows.storage.key_index import rebuild_bytes as key_index_rebuild_bytes
from flows.errors import (DamagedPart, DiskFull, ManifestLost, OutputNotWritable, ParametersChanged, StateError, StoreBusy,
                          UnknownFormat)
from flows.runinfo import RunKind, RunRecord
from flows.schemas import ROW_GROUP_ROWS, SCHEMAS, STATE, TABLES
from transforms.dedup.minhash import SIGNATURE_PARAMETERS

META = "_qingxi"
# State a run rebuilds from the user tables when a part of it is missing (flows/storage/state.py).
REBUILT_WHEN_MISSING = frozenset({"dedup_texts"})
CURRENT, VIEWS = "current", "views"  # the one link readers go through, and what it can point at
COMMITTED_MARK = "committed"
OLD_VERSION_GRACE_S = 60.0
# Free space a run asks for. Measured on 20k bench text dumps (101.6 MB): the output folder
# peaked at 171.7 MB while the run wrote (staged rows beside the new parts), 80.2 MB after
# the commit; the 59 dev HTML pages (9.0 MB) left 0.9 MB. Plus room for the manifest and
# rewritten parts.
SPACE_PER_INPUT_BYTE = 1.75
SPACE_HEADROOM = 8 * 1024 * 1024


# 2: runs' stats are RunStats.to_dict() figures; the signature parameters and the writer's
# pipeline_version are recorded. 1 (and none): stats were display labels; the parameters
# were the only ones qingxi ever used, SIGNATURE_PARAMETERS as of format 2.
MANIFEST_FORMAT = 2


@dataclass
class Manifest:
    runs: list[RunRecord] = field(default_factory=list)
    versions: dict[str, int] = field(default_factory=dict)
    parameters: dict = field(default_factory=lambda: dict(SIGNATURE_PARAMETERS))
    pipeline_version: str | None = None
    format: int = MANIFEST_FORMAT

    def check_parameters(self, current: dict) -> None:
        """Signatures made with other parameters cannot be compared with new ones."""
        if self.runs and self.parameters != current:
            raise ParametersChanged(
                f"the dataset's dedup state was built with signature parameters {self.parameters}, this qingxi "
                f"uses {current}: its signatures cannot be compared; write to a new --out folder")

    def parts(self, table: str) -> list[str]:
        return [p for run in self.runs for p in run.parts.get(table, [])]

    @property
    def next_seq(self) -> int:
        return max((r.seq for r in self.runs), default=0) + 1


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
        return (self.meta / "manifest.json").is_file() or self.was_committed()

    def was_committed(self) -> bool:
        """Has any run committed here? A mark written with every commit (and, for folders
        from before it, the dataset card written after every commit). Table links and
        parts alone say nothing: a first run makes them before it commits, and a first run
        that died is cleaned up, where committed data without a manifest must not be."""
        if (self.meta / COMMITTED_MARK).exists():
            return True
        try:
            return _is_our_card((self.root / "README.md").read_text(errors="replace"))
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
        path = self.meta / "manifest.json"
        if not path.exists():
            if self.was_committed():
                # Without it no part can be told committed: a run would delete them all.
                raise ManifestLost(f"{path} is missing, but {self.root} holds qingxi tables; nothing was changed. "
                                   f"Rebuild it from the version folders with `qingxi repair --out {self.root}`, "
                                   "or write to a new --out")
            return Manifest()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict):
                raise ValueError("not a JSON object")
        except (OSError, ValueError) as err:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
            raise ManifestLost(f"{path} cannot be read ({err}); nothing was changed. Rebuild it from the version "
                               f"folders with `qingxi repair --out {self.root}`, or write to a new --out") from None
        written = data.get("format", 1)
        if not isinstance(written, int) or written > MANIFEST_FORMAT:
            raise UnknownFormat(f"{path} is in format {written}, newer than this qingxi reads ({MANIFEST_FORMAT}); upgrade qingxi")
        return Manifest([RunRecord.from_dict(r) for r in data.get("runs", [])], data.get("versions", {}),
                        data.get("parameters") or dict(SIGNATURE_PARAMETERS), data.get("pipeline_version"), written)

    def commit(self, manifest: Manifest) -> None:
        manifest.format = MANIFEST_FORMAT
        payload = json.dumps({"format": MANIFEST_FORMAT, "pipeline_version": manifest.pipeline_version,
                              "parameters": manifest.parameters, "runs": [r.to_dict() for r in manifest.runs],
                              "versions": manifest.versions}, ensure_ascii=False, indent=1)
        _atomic_write(self.meta / "manifest.json", payload.encode("utf-8"))
        if not (self.meta / COMMITTED_MARK).exists():
            _atomic_write(self.meta / COMMITTED_MARK, b"a run has committed here: without manifest.json, use qingxi repair\n")

    def damaged_parts(self, manifest: Manifest) -> list[tuple[str, Path, str]]:
        """Committed parts that are gone or are not whole Parquet files (a truncated copy, a
        disk error): checked by the file's magic bytes, so every run can afford it."""
        damaged = []
        for name in SCHEMAS:
            folder = self.table_dir(name, manifest)
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

    def check_parts(self, manifest: Manifest) -> None:
        damaged = self.damaged_parts(manifest)
        if damaged:
            name, path, why = damaged[0]
            more = f" (and {len(damaged) - 1} more)" if len(damaged) > 1 else ""
            raise DamagedPart(f"{path} ({name}) is damaged: {why}{more}; nothing was changed. Put the file back from "
                              "a backup, or rebuild the tables from the raw files with `qingxi run --reprocess`")

    def without_damaged(self, manifest: Manifest) -> tuple[Manifest, list[tuple[str, Path, str]]]:
        """The manifest without its damaged parts: what a reprocess can still carry over."""
        damaged = self.damaged_parts(manifest)
        bad = {(name, path.name) for name, path, _ in damaged}
        runs = [replace(run, parts={t: [p for p in parts if (t, p) not in bad] for t, parts in run.parts.items()})
                for run in manifest.runs]
        return Manifest(runs, dict(manifest.versions), manifest.parameters, manifest.pipeline_version,
                        manifest.format), damaged

    # -- layout --------------------------------------------------------------------------
    def table_dir(self, name: str, manifest: Manifest) -> Path:
        version = manifest.versions.get(name, 1)
        base = self.meta / ("state" if name in STATE else "tables") / name
        return base / f"v{version:04d}"

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
        _point_symlink(self.meta / CURRENT, view)
        for name in TABLES:  # once per output: links from before the switch existed move onto it
            _point_symlink(self.root / name, self.meta / CURRENT / name)
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

    def recover(self, manifest: Manifest) -> int:
        """Delete what a crashed run left: parts the manifest does not name, staging."""
        removed = 0
        for name in SCHEMAS:
            committed = set(manifest.parts(name))
            folder = self.table_dir(name, manifest)
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
            for stale in stale_sidecars(self.meta / "index" / name, set(manifest.parts(name))):
                stale.unlink()
        views = self.meta / VIEWS
        current = (self.meta / CURRENT).resolve() if (self.meta / CURRENT).is_symlink() else None
        for view in views.iterdir() if views.is_dir() else []:
            if view != current and time.time() - view.lstat().st_mtime > OLD_VERSION_GRACE_S:
                shutil.rmtree(view, ignore_errors=True)
        shutil.rmtree(self.meta / "staging", ignore_errors=True)
        return removed

    def check_space(self, input_bytes: int, manifest: Manifest | None = None) -> None:
        """Refuse a run the output's file system cannot hold. Text dumps need up to 1.7x
        their size while a run writes; HTML and WARC input far less, so this is a ceiling.
        Sidecar indexes the run will have to rebuild (a deleted _qingxi/index) count too."""
        index = 0
        if manifest is not None:
            index = key_index_rebuild_bytes(self, manifest) + band_rebuild_bytes(self.files("signatures", manifest))
        need = int(input_bytes * SPACE_PER_INPUT_BYTE) + SPACE_HEADROOM + index
        free = shutil.disk_usage(self.root).free
        if free < need:
            rebuilt = f" and {index / 1e6:,.0f} MB of indexes to rebuild" if index else ""
            raise DiskFull(f"{self.root} has {free / 1e6:,.0f} MB free; this run needs up to {need / 1e6:,.0f} MB "
                           f"({input_bytes / 1e6:,.0f} MB of new input{rebuilt}): free some space or use another --out")

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

    def compact(self, manifest: Manifest) -> dict[str, tuple[int, int]]:
        """One file per table; swap the table's symlink to the new version folder."""
        result: dict[str, tuple[int, int]] = {}
        old_dirs: list[Path] = []
        merged_parts: dict[str, str] = {}
        for name in SCHEMAS:
            parts = manifest.parts(name)
            if len(parts) <= 1:
                continue
            old = self.table_dir(name, manifest)
            version, new = self.new_version(name, manifest)
            part = f"part-compacted-{manifest.next_seq:06d}.parquet"
            schema = SCHEMAS[name]
            with pq.ParquetWriter(new / f".{part}.tmp", schema, compression="zstd") as writer:
                for batch in self.scan(name, manifest, schema.names):
                    writer.write_batch(batch, row_group_size=ROW_GROUP_ROWS.get(name))
            fsync_path(new / f".{part}.tmp")
            os.replace(new / f".{part}.tmp", new / part)
            merged_parts[name] = part
            manifest.versions[name] = version
            result[name] = (len(parts), 1)
            old_dirs.append(old)
        if not merged_parts:
            return result
        for run in manifest.runs:
            for name in merged_parts:
                run.parts.pop(name, None)
        manifest.runs.append(RunRecord(f"compact-{manifest.next_seq}", manifest.next_seq, RunKind.COMPACT,
                                       parts={name: [part] for name, part in merged_parts.items()}))
        self.commit(manifest)  # a crash after this is repaired by ensure_layout() next run
        self.ensure_layout(manifest)
        write_card(self.root, manifest)
        # The old folders stay: a reader that listed one a moment ago may still be opening
        # its files. recover() removes them on a later run or compaction.
        for old in old_dirs:
            os.utime(old)
        return result


CARD_MARK = "<!-- written by qingxi: rewritten on every commit -->"
_OLD_CARD_MARK = "<!-- written by qingxi: rewritten on every run -->"


def _is_our_card(text: str) -> bool:
    return CARD_MARK in text or _OLD_CARD_MARK in text


def write_card(root: Path, manifest: Manifest) -> None:
    """OUT/README.md, a dataset card whose `configs` name each table's committed part files,
    so `datasets.load_dataset(OUT, "paragraphs")` reads that table and never qingxi's own
    state. The files are named one by one, in the version folder the commit made, not by a
    pattern through the table's link: HF datasets keys its cache on the card's configs, so a
    pattern made every later load return the first load's rows (and every folder called
    `out` share one cache entry). A commit that changes a table moves it to a new version
    folder, and part names carry their run's random id, so each commit's card, and its
    cache entry, is its own. A README.md someone else wrote there is left alone."""
    path = root / "README.md"
    if path.exists() and not _is_our_card(path.read_text(errors="replace")):
        return
    lines = []
    for name in TABLES:
        folder = os.path.relpath(Store(root).table_dir(name, manifest), root)
        lines += [f"- config_name: {name}", "  data_files:", *(f"  - {folder}/{part}" for part in manifest.parts(name))]
        lines += ["  default: true"] if name == "paragraphs" else []
    configs = "\n".join(lines)
    runs = [r for r in manifest.runs if r.kind is RunKind.RUN]
    card = (f"---\nconfigs:\n{configs}\n---\n{CARD_MARK}\n\n# qingxi dataset\n\n"
            "Cleaned, deduplicated Chinese web articles, one Parquet dataset per table: `documents` (one row per "
            "page, with metadata and duplicate links), `paragraphs` (text of kept documents, in reading order), "
            "`rejects` (pages with no usable article, and why), `removed` (what deduplication dropped). "
            "`_qingxi/` is qingxi's own state: do not read it as data.\n\n"
            f"Runs committed: {len(runs)}; last: {runs[-1].run_id if runs else 'none'}.\n\n"
            "```python\nfrom datasets import load_dataset\nparagraphs = load_dataset(OUT, \"paragraphs\")\n```\n\n"
            "Each commit rewrites this card with the files it committed, so the call above always reads the "
            "current version (HF datasets caches each version once).\n")
    _atomic_write(path, card.encode("utf-8"))


def _point_symlink(link: Path, target: Path) -> None:
    """Make `link` point at `target`, atomically (a new link renamed over the old one)."""
    rel = os.path.relpath(target, link.parent)
    if link.is_symlink() and os.readlink(link) == rel:
        return
    if link.exists() and not link.is_symlink():
        raise StateError(f"{link} is a real folder, not qingxi's table link: move it away, then run again")
    tmp = link.with_name(f".{link.name}.link-tmp")
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    os.symlink(rel, tmp)
    os.replace(tmp, link)


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    fsync_path(path.parent)


def fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def check_writable(out_dir: Path) -> str | None:
    """None when we can write there, else a one-line reason."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        probe = out_dir / f".qingxi-write-probe-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as err:
        return f"output folder {out_dir} is not writable: {err.strerror or err}"
    return None
