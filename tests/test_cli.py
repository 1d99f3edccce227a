import os
import subprocess
import sys

from pathlib import Path

import pytest

from flows.cli import main

ROOT = Path(__file__).resolve().parents[1]


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
    (["run", "--filter", "strict"], "invalid choice: 'strict'"),
    (["run", "--quality-limit", "spam_score"], "a quality limit is SIGNAL=VALUE"),
    (["run", "--quality-limit", "spam=4"], "no quality signal 'spam' to limit"),
    (["run", "--quality-limit", "spam_score=lots"], "the limit for spam_score must be a number or off"),
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
    from flows.storage.store import Store

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


def test_an_options_file_sets_the_quality_filter_and_its_list_of_limits(tmp_path):
    from flows.cli import _parser, _with_config

    (tmp_path / "q.toml").write_text('[run]\nfilter = "standard"\nquality_limit = ["spam_score=6", "lang=zh,en"]\n'
                                     'mask_pii = true\n')
    args = _parser().parse_args(_with_config(["--config", str(tmp_path / "q.toml"), "run", "--raw", str(tmp_path)]))
    assert (args.filter, args.quality_limit, args.mask_pii) == ("standard", ["spam_score=6", "lang=zh,en"], True)


@pytest.mark.parametrize("text, says", [
    ('[run]\nbogus = 1\n', "[run] has no option 'bogus'"),
    ('[run]\nquality_limit = ["spam_score=6", "spam=4"]\n', "no quality signal 'spam' to limit"),
    ('wrokers = 1\n', "no qingxi command has an option 'wrokers'"),
    ('maxmb = 40\n', "no qingxi command has an option 'maxmb'"),
    ('[rnu]\nwait = 1\n', "[rnu] is not a qingxi command"),
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
        # stdout is not a terminal here: the summary is there once, whatever the log shows
        assert proc.stdout.count("1 files (1 new, 0 already processed)") == 1, (command, proc.stdout, proc.stderr)
        assert proc.stderr.count("1 files (1 new, 0 already processed)") == (command == ["run"])
        assert ("INFO" in proc.stderr) == (command == ["run"])  # -q, wherever it is, keeps only the summary


def test_a_dead_prefect_server_is_one_line_exit_5_and_the_output_untouched(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:9/api")
    (tmp_path / "raw").mkdir()
    assert main(["run", "--raw", str(tmp_path / "raw"), "--out", str(tmp_path / "out")]) == 5
    err = capsys.readouterr().err
    assert "http://127.0.0.1:9/api does not answer" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()  # no folder, no lock


def _dataset(out):
    """A committed output folder with no runs, made without Prefect."""
    from flows.storage.manifest import Manifest
    from flows.storage.store import Store

    store = Store(out)
    store.meta.mkdir(parents=True)
    store.commit(Manifest())
    store.ensure_layout(Manifest())
    return store


def test_commands_on_a_read_only_output_are_one_line():
    """As a user who may read the output but not write it (root writes anywhere: the
    commands then run as nobody)."""
    import shutil
    import tempfile

    as_root = os.geteuid() == 0
    if as_root and not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv to drop privileges")
    top = Path(tempfile.mkdtemp(prefix="qingxi-ro-"))
    try:
        os.chmod(top, 0o755)
        out = top / "out"
        _dataset(out)
        if not as_root:
            os.chmod(out, 0o555)
            os.chmod(out / "_qingxi", 0o555)
        drop = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] if as_root else []
        for command in (["report", "--out", str(out)], ["compact", "--out", str(out)]):
            proc = subprocess.run(drop + [sys.executable, "-m", "flows.cli", *command], capture_output=True, text=True,
                                  timeout=120, cwd=ROOT)
            assert proc.returncode == 2, (command, proc.stderr)
            assert proc.stderr.startswith("qingxi: cannot") and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    finally:
        for folder in (top / "out", top / "out" / "_qingxi"):
            if folder.exists():
                os.chmod(folder, 0o755)
        shutil.rmtree(top)


def test_report_into_a_missing_folder_and_compact_over_a_real_folder_are_one_line(tmp_path, capsys):
    out = tmp_path / "out"
    _dataset(out)
    assert main(["report", "--out", str(out), "--html", str(tmp_path / "no" / "such" / "r.html")]) == 2
    err = capsys.readouterr().err
    assert "cannot write the report to" in err and len(err.strip().splitlines()) == 1
    (out / "documents").unlink()
    (out / "documents").mkdir()  # someone's own folder where the table link was
    assert main(["compact", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "is a real folder" in err and len(err.strip().splitlines()) == 1


def test_status_during_a_first_run_names_the_writer(tmp_path, capsys):
    from flows.storage.store import Store

    writer = Store(tmp_path / "out")
    writer.lock()  # a first run: the lock is held, no manifest yet
    try:
        assert main(["status", "--out", str(tmp_path / "out")]) == 0
        assert f"a first run (pid {os.getpid()}) is writing" in capsys.readouterr().out
    finally:
        writer.unlock()
    assert main(["status", "--out", str(tmp_path / "out")]) == 2


def test_explain_of_a_url_the_file_lacks_is_exit_2(tmp_path, capsys):
    page = tmp_path / "page.txt"
    page.write_text("青山县图书馆改造后重新开放", encoding="utf-8")
    assert main(["explain", str(page), "--url", "http://example.cn/none"]) == 2
    assert "has no record with url http://example.cn/none" in capsys.readouterr().err


def test_force_without_reprocess_is_a_usage_error(tmp_path, capsys):
    (tmp_path / "raw").mkdir()
    assert main(["run", "--force", "--raw", str(tmp_path / "raw"), "--out", str(tmp_path / "out")]) == 2
    assert "--force only applies to --reprocess" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["status", "report", "compact", "repair"])
def test_every_out_option_has_help(command, capsys):
    with pytest.raises(SystemExit):
        main([command, "--help"])
    assert "the output folder" in capsys.readouterr().out
