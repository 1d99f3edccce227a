"""Test hook for the kill tests: QINGXI_CRASH_AT=<name> kills the process at that point with
SIGKILL, as kill -9 or the OOM killer would."""
from __future__ import annotations

import os
import signal


def crash_point(name: str) -> None:
    if os.environ.get("QINGXI_CRASH_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)
