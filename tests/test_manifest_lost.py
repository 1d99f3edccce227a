"""A lost or damaged manifest never costs data: runs refuse the folder (nothing deleted),
and `qingxi repair` rebuilds the manifest from the version folders."""
import shutil

import pyarrow.dataset as ds
import pytest

from flows.cli import main
from flows.errors import ManifestLost
from flows.repair import repair
from flows.storage.store import Store
from tests import pages


def rows(out, name):
    return sorted(map(repr, ds.dataset(out / name, format="parquet").to_table().to_pylist()))


def files(out):
    return sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file() and "index" not in p.parts)


def _write(raw, rel, text):
    path = raw / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_a_lost_manifest_is_refused_then_rebuilt_and_no_row_is_lost(tmp_path, prefect_harness, capsys):
    from flows.run import curate

    raw, out = tmp_path / "raw", tmp_path / "out"
    _write(raw, "a/people.txt", pages.PEOPLE_STYLE)
    _write(raw, "a/river.txt", pages.OTHER_ARTICLE)
    _write(raw, "a/error.txt", pages.ERROR_ONLY)
    curate(str(raw), str(out), workers=1)
    shutil.rmtree(raw)  # the landing folder is emptied once read, then new files arrive
    _write(raw, "b/blog.txt", pages.BLOG)
    curate(str(raw), str(out), workers=1)
    before = {name: rows(out, name) for name in ("documents", "paragraphs", "rejects", "removed")}
    signatures = Store(out).row_count("signatures", Store(out).manifest())
    # a run that published a state part and died before its commit
    sig_folder = Store(out).table_dir("signatures", Store(out).manifest())
    committed = sorted(sig_folder.glob("part-*.parquet"))[-1]
    shutil.copy(committed, sig_folder / "part-000099-uncommitted.parquet")
    (out / "_qingxi" / "manifest.json").unlink()
    on_disk = files(out)

    with pytest.raises(ManifestLost, match="qingxi repair"):
        curate(str(raw), str(out), workers=1)
    assert files(out) == on_disk  # nothing deleted
    assert main(["status", "--out", str(out)]) == 2
    assert "manifest.json is missing" in capsys.readouterr().err

    assert main(["repair", "--out", str(out)]) == 0
    manifest = Store(out).manifest()
    assert {name: rows(out, name) for name in before} == before
    assert Store(out).row_count("signatures", manifest) == signatures  # the uncommitted part is not taken
    assert manifest.next_seq > 2  # later runs number on
    _write(raw, "c/tw.txt", pages.TW_STYLE)
    stats = curate(str(raw), str(out), workers=1)
    assert (stats.files_new, stats.deleted) == (1, 0)
    docs = {r["source_path"] for r in ds.dataset(out / "documents", format="parquet").to_table().to_pylist()}
    assert docs == {"a/people.txt", "a/river.txt", "b/blog.txt", "c/tw.txt"}
    assert not (sig_folder / "part-000099-uncommitted.parquet").exists()  # now known to be left over


def test_a_damaged_manifest_is_one_line_and_repair_keeps_it_aside(tmp_path, prefect_harness, capsys):
    from flows.run import curate

    raw, out = tmp_path / "raw", tmp_path / "out"
    _write(raw, "a/people.txt", pages.PEOPLE_STYLE)
    curate(str(raw), str(out), workers=1)
    before = rows(out, "paragraphs")
    path = out / "_qingxi" / "manifest.json"
    path.write_text(path.read_text()[:40])
    with pytest.raises(ManifestLost, match="manifest.json cannot be read"):
        curate(str(raw), str(out), workers=1)
    capsys.readouterr()
    assert main(["status", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "manifest.json cannot be read" in err and "Traceback" not in err
    assert repair(Store(out)).startswith("rebuilt")
    assert list(path.parent.glob("manifest.json.damaged-*")) and rows(out, "paragraphs") == before
    assert repair(Store(out)).endswith("nothing to repair")


def test_a_damaged_part_is_one_line_and_reprocess_rebuilds_it(tmp_path, prefect_harness, capsys):
    from flows.errors import DamagedPart
    from flows.run import curate

    raw, out = tmp_path / "raw", tmp_path / "out"
    _write(raw, "a/people.txt", pages.PEOPLE_STYLE)
    _write(raw, "a/river.txt", pages.OTHER_ARTICLE)
    curate(str(raw), str(out), workers=1)
    before = rows(out, "paragraphs")
    [part] = list((out / "paragraphs").glob("*.parquet"))
    part.write_bytes(part.read_bytes()[: part.stat().st_size // 2])  # a copy cut short
    _write(raw, "b/blog.txt", pages.BLOG)
    with pytest.raises(DamagedPart, match=f"{part.name} .paragraphs. is damaged"):
        curate(str(raw), str(out), workers=1)
    capsys.readouterr()
    for command in ("status", "report", "compact"):
        assert main([command, "--out", str(out)]) == 2, command
        err = capsys.readouterr().err
        assert "is damaged" in err and "--reprocess" in err and len(err.strip().splitlines()) == 1, err
    stats = curate(str(raw), str(out), workers=1, reprocess=True)
    assert stats.files_new == 3 and set(before) < set(rows(out, "paragraphs"))
