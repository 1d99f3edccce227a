"""A full disk: refused before the run when the input cannot fit, or met while writing;
one line, exit 4, nothing committed, staging removed; the next run with room equals a
clean run. Needs a real small tmpfs (root in a container that may mount): skipped otherwise."""
import subprocess
import sys
from pathlib import Path

import pyarrow.dataset as ds
import pytest

from tests import pages

CLI = [sys.executable, "-m", "flows.cli"]


@pytest.fixture
def small_disk(tmp_path):
    mount = tmp_path / "disk"
    mount.mkdir()

    def mount_with(options: str) -> Path:
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(mount)], capture_output=True)
        if done.returncode:
            pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
        return mount

    yield mount_with
    subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def raw_folder(tmp_path: Path, files: int, repeat: int = 1) -> Path:
    raw = tmp_path / "raw"
    for i in range(files):
        (raw / f"site{i % 3}").mkdir(parents=True, exist_ok=True)
        text = pages.PEOPLE_STYLE.replace(pages.PARA_1, f"第{i}号：" + pages.PARA_1) + pages.PARA_4 * repeat
        (raw / f"site{i % 3}" / f"{i:04d}.txt").write_text(text, encoding="utf-8")
    return raw


def run(raw: Path, out: Path, env) -> subprocess.CompletedProcess:
    return subprocess.run(CLI + ["run", "-q", "--raw", str(raw), "--out", str(out), "--workers", "1"],
                          capture_output=True, text=True, timeout=300, env=env)


def test_input_larger_than_the_free_space_is_refused_before_the_run(tmp_path, small_disk, prefect_server):
    disk = small_disk("size=1m")
    raw = raw_folder(tmp_path, 40, repeat=200)  # about 4 MB of dumps
    proc = run(raw, disk / "out", prefect_server)
    assert proc.returncode == 4, proc.stderr
    [line] = proc.stderr.strip().splitlines()
    assert "MB free; this run needs up to" in line and str(disk / "out") in line
    assert not list((disk / "out").rglob("*.parquet"))


def test_a_disk_that_fills_while_writing_leaves_nothing_and_the_next_run_recovers(tmp_path, small_disk, prefect_server):
    disk = small_disk("size=64m,nr_inodes=40")  # room for bytes, not for the run's files
    raw = raw_folder(tmp_path, 30)
    proc = run(raw, disk / "out", prefect_server)
    assert proc.returncode == 4, proc.stderr
    assert "qingxi: no space left on the device holding" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not list((disk / "out" / "_qingxi").glob("staging/*"))
    subprocess.run(["mount", "-o", "remount,nr_inodes=10000", str(disk)], check=True)
    assert run(raw, disk / "out", prefect_server).returncode == 0
    assert len(ds.dataset(disk / "out" / "documents").to_table()) == 30


def test_the_space_check_counts_indexes_a_run_must_rebuild(tmp_path, small_disk, prefect_server):
    import shutil

    disk = small_disk("size=48m")
    raw = raw_folder(tmp_path, 30)
    out = disk / "out"
    assert run(raw, out, prefect_server).returncode == 0
    (raw / "site1" / "more.txt").write_text(pages.BLOG, encoding="utf-8")
    assert run(raw, out, prefect_server).returncode == 0  # its lookups build the sidecar indexes
    shutil.rmtree(out / "_qingxi" / "index")  # derived: rebuilt on the next lookups, about 4 MB here
    for p in (out / "_qingxi" / "state" / "signatures").rglob("*.npy"):
        p.unlink()
    free = shutil.disk_usage(disk).free
    with open(disk / "filler", "wb") as f:  # leave 14 MB: room for the new input (8 MB asked), not the indexes too
        f.write(b"\0" * (free - 14 * 1024 * 1024))
    (raw / "site0" / "new.txt").write_text(pages.OTHER_ARTICLE, encoding="utf-8")
    proc = run(raw, out, prefect_server)
    assert proc.returncode == 4, proc.stderr
    [line] = proc.stderr.strip().splitlines()
    assert "MB of indexes to rebuild" in line
    (disk / "filler").unlink()
    assert run(raw, out, prefect_server).returncode == 0
