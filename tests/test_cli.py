import subprocess
import sys

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
