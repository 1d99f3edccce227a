import os
import subprocess
import sys

import pytest

from flows.cli import main


def test_missing_raw_folder_is_a_usage_error(tmp_path, capsys):
    assert main(["run", "--raw", str(tmp_path / "nope"), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "does not exist" in err and len(err.strip().splitlines()) == 1


def test_unwritable_output_is_a_usage_error(tmp_path, capsys):
    (tmp_path / "raw").mkdir()
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["run", "--raw", str(tmp_path / "raw"), "--out", str(blocker / "out")]) == 2
    assert "not writable" in capsys.readouterr().err


def test_console_script_reports_usage_errors_without_starting_prefect(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "flows.cli", "run", "--raw", str(tmp_path / "missing")],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "qingxi:" in proc.stderr


@pytest.mark.parametrize("args, says", [
    (["run", "--workers", "-1"], "--workers: -1 is below the minimum of 1"),
    (["run", "--workers", "many"], "'many' is not a number"),
    (["run", "--max-mb", "0"], "--max-mb: must be more than 0"),
    (["run", "--boilerplate-min-docs", "0"], "--boilerplate-min-docs: 0 is below the minimum of 2"),
    (["serve", "--interval", "-5"], "--interval"),
    (["serve", "--cron", "not a cron"], "is not a cron schedule"),
    (["frobnicate"], "invalid choice"),
])
def test_bad_options_are_one_line_and_exit_2(args, says, capsys):
    with pytest.raises(SystemExit) as stop:
        main(args)
    err = capsys.readouterr().err
    assert stop.value.code == 2 and says in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("command", ["status", "compact"])
def test_status_and_compact_refuse_a_folder_that_is_not_an_output(command, tmp_path, capsys):
    assert main([command, "--out", str(tmp_path / "typo")]) == 2
    assert "not a qingxi output folder" in capsys.readouterr().err and not (tmp_path / "typo").exists()


def test_version(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0 and capsys.readouterr().out.startswith("qingxi ")


def test_status_names_a_running_holder_of_the_lock(tmp_path):
    from flows.report import status_report
    from flows.store import Store

    (tmp_path / "_qingxi").mkdir()
    (tmp_path / "_qingxi" / "manifest.json").write_text('{"format": 2, "runs": []}')
    writer = Store(tmp_path)
    writer.lock()
    try:
        assert f"pid {os.getpid()}" in status_report(Store(tmp_path))["text"]
    finally:
        writer.unlock()
    assert "is writing" not in status_report(Store(tmp_path))["text"]


def test_an_options_file_sets_defaults_and_the_command_line_wins(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "qingxi.toml").write_text('out = "from-config"\nraw = "crawl"\n[run]\nwait = 5\n')
    assert main(["status"]) == 2  # status takes out, not raw or wait
    assert "from-config is not a qingxi output" in capsys.readouterr().err
    assert main(["status", "--out", "from-cli"]) == 2
    assert "from-cli is not a qingxi output" in capsys.readouterr().err


@pytest.mark.parametrize("text, says", [
    ('[run]\nbogus = 1\n', "[run] has no option 'bogus'"),
    ('workers = 0\n', "--workers: 0 is below the minimum of 1"),
    ('workers = \n', "cannot read options file"),
])
def test_a_bad_options_file_is_one_line_and_exit_2(text, says, tmp_path, capsys):
    (tmp_path / "q.toml").write_text(text)
    try:
        code = main(["--config", str(tmp_path / "q.toml"), "run", "--raw", str(tmp_path)])
    except SystemExit as stop:
        code = stop.code
    err = capsys.readouterr().err
    assert code == 2 and says in err and len(err.strip().splitlines()) == 1


def test_the_run_summary_is_printed_once_with_and_without_quiet(tmp_path, prefect_server):
    from tests import pages

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "people.txt").write_text(pages.PEOPLE_STYLE, encoding="utf-8")
    for n, command in enumerate((["run"], ["run", "-q"], ["-q", "run"])):
        proc = subprocess.run([sys.executable, "-m", "flows.cli", *command, "--raw", str(raw),
                               "--out", str(tmp_path / f"out{n}")],
                              capture_output=True, text=True, timeout=300, env=prefect_server)
        assert proc.returncode == 0, proc.stderr
        said = (proc.stdout + proc.stderr).count("1 files (1 new, 0 already processed)")
        assert said == 1, (command, proc.stdout, proc.stderr)
        assert ("INFO" in proc.stderr) == (command == ["run"])  # -q, wherever it is, keeps only the summary
