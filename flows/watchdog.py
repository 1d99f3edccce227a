"""Nothing outlives a killed run. `qingxi run` forks this small watcher before it starts
anything: it notes, twice a second, every process the run has started (the temporary
Prefect server, the forkserver, the cleaning workers), and if the run dies without
saying goodbye (kill -9, the OOM killer) it kills them, instead of leaving ~700 MB of
orphans and a listening server behind. A normal exit, error or Ctrl-C says goodbye."""
from __future__ import annotations

import os
import select
import signal
import uuid
from collections.abc import Callable

POLL_SECONDS = 0.5
GOODBYE = b"."


RUN_TOKEN_ENV = "QINGXI_RUN_TOKEN"


def watch_children() -> Callable[[], None]:
    """Fork the watcher (call before any thread exists); returns the goodbye to call at exit.
    Every process the run starts inherits a token in its environment, so the watcher also
    finds those started after its last look (a pool starting when the run was killed),
    which init has adopted by then."""
    os.environ[RUN_TOKEN_ENV] = f"{os.getpid()}-{uuid.uuid4().hex}"
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(write_end)
        try:
            _watch(os.getppid(), read_end)
        finally:
            os._exit(0)
    os.close(read_end)

    def goodbye() -> None:
        try:
            os.write(write_end, GOODBYE)
            os.close(write_end)
        except OSError:
            pass
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass
    return goodbye


def _watch(parent: int, pipe: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the run's to handle
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):  # hold no terminal or pipe open: `qingxi run | tee` ends with the run
        os.dup2(devnull, fd)
    os.closerange(3, pipe)  # nor the output's lock, nor anything else the run had open
    os.closerange(pipe + 1, os.sysconf("SC_OPEN_MAX"))
    seen: dict[int, str] = {}
    while True:
        ready, _, _ = select.select([pipe], [], [], POLL_SECONDS)
        if ready:
            if os.read(pipe, 1) == GOODBYE:
                return
            break  # end of file: the run died
        seen.update(_descendants([parent], exclude=os.getpid()))
    # The run is gone and its children now belong to init, but a child's own children
    # (workers forked since the last look) are still below it: take them too, and whatever
    # carries the run's token (started since the last look, then orphaned).
    seen.update(_descendants(list(seen), exclude=os.getpid()))
    seen.update(_tagged(os.environ.get(RUN_TOKEN_ENV, ""), exclude=os.getpid()))
    for pid, started in seen.items():
        if _start_time(pid) == started:  # still the same process, not a reused pid
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass


def _descendants(roots: list[int], exclude: int) -> dict[int, str]:
    children: dict[int, list[int]] = {}
    started: dict[int, str] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(name))
        started[int(name)] = fields[19]
    out: dict[int, str] = {}
    todo = [child for root in roots for child in children.get(root, [])]
    while todo:
        pid = todo.pop()
        if pid != exclude and pid in started:
            out[pid] = started[pid]
            todo += children.get(pid, [])
    return out


def _tagged(token: str, exclude: int) -> dict[int, str]:
    found: dict[int, str] = {}
    if not token:
        return found
    needle = f"{RUN_TOKEN_ENV}={token}".encode()
    for name in os.listdir("/proc"):
        if name.isdigit() and int(name) != exclude:
            try:
                with open(f"/proc/{name}/environ", "rb") as f:
                    if needle in f.read().split(b"\0"):
                        started = _start_time(int(name))
                        if started is not None:
                            found[int(name)] = started
            except OSError:
                pass
    return found


def _start_time(pid: int) -> str | None:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[19]
    except OSError:
        return None
