"""The output folder's manifest is typed and versioned: a format this version cannot read,
or dedup state made with other signature parameters, stops a command with one line."""
import json

import pytest

from flows.cli import main
from flows.errors import ParametersChanged, UnknownFormat
from flows.runinfo import RunStats
from flows.runinfo import RunKind, RunRecord
from flows.storage.manifest import MANIFEST_FORMAT, Manifest
from flows.storage.store import Store
from tests import pages
from transforms.dedup.minhash import SIGNATURE_PARAMETERS


def write_manifest(out, **data):
    (out / "_qingxi").mkdir(parents=True)
    (out / "_qingxi" / "manifest.json").write_text(json.dumps(data))


def test_a_newer_manifest_format_is_refused_in_one_line(tmp_path, capsys):
    write_manifest(tmp_path, format=MANIFEST_FORMAT + 1, runs=[])
    with pytest.raises(UnknownFormat):
        Store(tmp_path).manifest()
    assert main(["status", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip()
    assert "newer than this qingxi reads" in err and len(err.splitlines()) == 1


def test_format_1_manifest_is_read_with_the_parameters_it_was_made_with(tmp_path):
    write_manifest(tmp_path, format=1, runs=[{"run_id": "r1", "seq": 1, "parts": {}, "stats": {"documents": 3}}])
    manifest = Store(tmp_path).manifest()
    assert manifest.format == 1 and manifest.parameters == SIGNATURE_PARAMETERS
    manifest.check_parameters(SIGNATURE_PARAMETERS)  # the only parameters format 1 ever had


def test_state_made_with_other_signature_parameters_is_not_compared():
    manifest = Manifest(runs=[RunRecord("r1", 1, RunKind.RUN)], parameters={**SIGNATURE_PARAMETERS, "num_perm": 256})
    with pytest.raises(ParametersChanged, match="num_perm"):
        manifest.check_parameters(SIGNATURE_PARAMETERS)
    Manifest(parameters={"anything": 1}).check_parameters(SIGNATURE_PARAMETERS)  # no runs yet: nothing to compare


def test_run_stats_round_trip_through_the_manifest_as_figures():
    stats = RunStats("r1", seq=2, documents=5, rejects=1)
    stats.rejects_by_reason["empty"] += 1
    stats.stage_seconds = {"clean": 1.5}
    again = RunStats.from_dict(json.loads(json.dumps(stats.to_dict())))
    assert again == stats


def test_a_run_refuses_state_with_other_parameters_and_records_its_own(tmp_path, prefect_harness):
    from flows.run import curate

    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    (raw / "a.txt").write_text(pages.PEOPLE_STYLE, encoding="utf-8")
    curate(str(raw), str(out), workers=1)
    path = out / "_qingxi" / "manifest.json"
    data = json.loads(path.read_text())
    assert data["format"] == MANIFEST_FORMAT and data["parameters"] == SIGNATURE_PARAMETERS
    assert data["runs"][0]["stats"]["documents"] == 1 and data["pipeline_version"]
    data["parameters"]["seed"] += 1
    path.write_text(json.dumps(data))
    (raw / "b.txt").write_text(pages.OTHER_ARTICLE, encoding="utf-8")
    with pytest.raises(ParametersChanged):
        curate(str(raw), str(out), workers=1)
