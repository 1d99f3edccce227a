"""The README cannot go stale: every qingxi command it shows parses with the real parser,
every script it names exists, its `explain` example is what explain prints, and its main
job and reader snippets run against a real output."""
import re
import shlex
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from flows.cli import _parser

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = ("run", "serve", "status", "report", "compact", "explain", "repair")


def blocks(language: str) -> list[str]:
    return re.findall(rf"^ *```{language}\n(.*?)^ *```", README, re.S | re.M)


def shown_commands() -> list[str]:
    """`qingxi <command> ...` in inline code and in code blocks (comments cut)."""
    found = re.findall(rf"`(?:\.venv/bin/)?qingxi ((?:-q )?(?:{'|'.join(COMMANDS)})\b[^`]*)`", README)
    found = [re.split(r" [>|&]", c)[0] for c in found]  # a redirect or a pipe is the shell's
    for block in blocks("bash") + blocks("text"):
        for line in block.splitlines():
            match = re.search(rf"(?:^\s*|\$ |&& )(?:\.venv/bin/)?qingxi ((?:{'|'.join(COMMANDS)})\b.*)", line)
            if match:
                found.append(match.group(1).split(" #")[0].split(" &")[0])
    return found


def test_the_readme_shows_every_command_and_each_parses():
    commands = shown_commands()
    assert {shlex.split(c)[0] if not c.startswith("-q") else shlex.split(c)[1] for c in commands} == set(COMMANDS)
    for command in commands:
        if len(shlex.split(command)) == 1:
            continue  # the command's name in prose (`qingxi serve`), not a call
        try:
            _parser().parse_args(shlex.split(command))
        except SystemExit:
            pytest.fail(f"the README shows `qingxi {command}`, which the parser refuses")


def test_every_script_the_readme_names_exists():
    named = set(re.findall(r"\b((?:bench|scripts|tests|flows|transforms)/[\w/]+\.py)\b", README))
    assert len(named) > 20
    assert [n for n in sorted(named) if not (ROOT / n).is_file()] == []


def test_the_explain_example_is_what_explain_prints():
    [block] = [b for b in blocks("text") if b.startswith("$ qingxi explain")]
    command, *shown = block.rstrip("\n").splitlines()
    proc = subprocess.run([sys.executable, "-m", "flows.cli", *shlex.split(command)[2:]], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    printed = proc.stdout.splitlines()
    assert shown[-1] == "..." and shown[:-1] == printed[: len(shown) - 1]


def test_the_main_job_and_the_reader_snippets_run(tmp_path, prefect_server):
    [setup] = [b for b in blocks("bash") if "install and run the main job" in b]
    main_job = next(line for line in setup.splitlines() if ".venv/bin/qingxi run" in line)
    args = shlex.split(main_job.split(".venv/bin/qingxi ")[1])
    out = tmp_path / "curated"
    args[args.index("--out") + 1] = str(out)
    proc = subprocess.run([sys.executable, "-m", "flows.cli", *args], cwd=ROOT, env=prefect_server,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "4 files (4 new, 0 already processed)" in proc.stdout  # raw/examples, as raw/README.md says
    readers = [code for code in blocks("python") if "read_parquet" in code]
    assert readers and blocks("sql")  # else the loops below would check nothing
    for code in readers:
        subprocess.run([sys.executable, "-c", code], cwd=tmp_path, check=True, timeout=120)
    for sql in blocks("sql"):
        con = duckdb.connect()
        with_paths = sql.replace("-- duckdb\n", "")
        for statement in filter(str.strip, with_paths.split(";")):
            con.execute(statement.replace("'curated/", f"'{out}/"))
