"""File-system steps every write in the store is made of: a file or a link replaced in one
rename, flushed to disk with its folder, and a probe that the output folder takes writes."""
from __future__ import annotations

import os
from pathlib import Path

from flows.errors import StateError


def point_symlink(link: Path, target: Path) -> None:
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


def atomic_write(path: Path, data: bytes) -> None:
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
