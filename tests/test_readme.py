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


def test_the_scale_out_commands_run_as_shown(tmp_path, s3):
    """The README's scale-out lines, one by one as a user pastes them: a Prefect server, a
    Dask scheduler and a worker as background commands, then the run over a bucket."""
    import importlib.metadata
    import os
    import signal
    import time
    import urllib.request

    from bench.run import free_port
    from tests.test_object_storage import crawl_folder, upload

    [block] = [b for b in blocks("bash") if "dask scheduler" in b]
    lines = [line.split("  #")[0].strip() for line in block.splitlines()]
    install = lines.pop(0)
    extras = re.search(r'"\.\[([\w,]+)\]"', install).group(1).split(",")
    required = importlib.metadata.requires("qingxi") or []
    for extra in extras:  # what CI's `.[test]` installs covers what the line installs
        wanted = [r.split(";")[0] for r in required if f'extra == "{extra}"' in r]
        assert wanted, extra
        for requirement in wanted:
            importlib.metadata.version(re.split(r"[<>=\[ ]", requirement)[0])

    client, aws = s3
    crawl_folder(tmp_path / "crawl")
    client.create_bucket(Bucket="bucket")
    upload(client, tmp_path / "crawl", "crawl/", bucket="bucket")
    prefect_port, scheduler_port = free_port(), free_port()
    out = tmp_path / "curated"
    bin_dir = Path(sys.executable).parent
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env.update(aws, PATH=f"{bin_dir}:{env['PATH']}", PREFECT_HOME=str(tmp_path / "prefect-home"))
    started: list[subprocess.Popen] = []

    def concrete(line: str) -> str:
        return (line.replace("4200", str(prefect_port)).replace("8786", str(scheduler_port))
                .replace("SCHEDULER", "127.0.0.1").replace("/shared/curated/", f"{out}/"))

    def wait_until(ready, what: str) -> None:
        for _ in range(480):
            try:
                if ready():
                    return
            except OSError:
                pass
            time.sleep(0.25)
        pytest.fail(f"{what} did not start")

    try:
        for line in map(concrete, lines):
            if line.startswith("export "):
                name, value = line.removeprefix("export ").split("=", 1)
                env[name] = value
            elif line.endswith("&"):
                started.append(subprocess.Popen(shlex.split(line.rstrip("& ")), env=env, start_new_session=True,
                                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
                if line.startswith("prefect server"):
                    wait_until(lambda: urllib.request.urlopen(f"http://127.0.0.1:{prefect_port}/api/health", timeout=2),
                               "the Prefect server")
                elif line.startswith("dask worker"):
                    from distributed import Client

                    with Client(f"tcp://127.0.0.1:{scheduler_port}", timeout=60, set_as_default=False) as dask:
                        dask.wait_for_workers(2, timeout=120)
            else:
                assert line.startswith("qingxi run "), line
                done = subprocess.run(shlex.split(line), env=env, capture_output=True, text=True, timeout=600, cwd=ROOT)
                assert done.returncode == 0, done.stderr[-3000:]
                assert "4 files (4 new," in done.stdout, done.stdout
        documents = duckdb.connect().execute(f"select count(*) from '{out}/documents/*.parquet'").fetchone()[0]
        assert documents == 4  # the dump, the page and the WARC file's two articles, as from a folder

        from prefect.client.orchestration import get_client
        from prefect.client.schemas.filters import TaskRunFilter, TaskRunFilterName
        from prefect.settings import PREFECT_API_URL, temporary_settings

        with temporary_settings({PREFECT_API_URL: env["PREFECT_API_URL"]}):
            with get_client(sync_client=True) as prefect:
                batches = prefect.read_task_runs(task_run_filter=TaskRunFilter(name=TaskRunFilterName(like_="clean-batch")))
        assert batches and all(run.state_name == "Completed" for run in batches)
    finally:
        for proc in reversed(started):
            os.killpg(proc.pid, signal.SIGTERM)
        for proc in started:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
