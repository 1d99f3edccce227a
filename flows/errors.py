"""What can stop a qingxi command, as one exception tree: the CLI turns any QingxiError
into one line on stderr and its exit status, never a traceback."""
from __future__ import annotations

import errno
import functools
import re
from typing import NamedTuple

_SHORT_WRITE = re.compile(r"\d+ requested and \d+ written")

EXIT_USAGE, EXIT_BUSY, EXIT_NO_SPACE, EXIT_NO_SERVER = 2, 3, 4, 5


class QingxiError(RuntimeError):
    exit_status = EXIT_USAGE


class ConfigError(QingxiError):
    """The options file cannot be read or names an option that does not exist."""


class NothingToExplain(QingxiError):
    """`explain --url` names a URL the file holds no record of."""


class OutputNotWritable(QingxiError):
    """The output folder (or a file a command writes) cannot be written."""


class StoreBusy(QingxiError):
    """Another process holds the writer lock on this output folder."""
    exit_status = EXIT_BUSY


class StateError(QingxiError):
    """The output folder's state cannot be used by this version of qingxi."""


class UnknownFormat(StateError):
    """manifest.json was written in a format this version does not read."""


class ManifestLost(StateError):
    """manifest.json is missing or unreadable while the folder holds tables: which parts are
    committed is unknown, so nothing may be deleted (`qingxi repair` rebuilds it)."""


class DamagedPart(StateError):
    """A committed part file is missing or not whole: reading on would fail mid-run or,
    worse, skip its rows."""


class ParametersChanged(StateError):
    """The stored dedup state was made with other signature parameters: comparing new
    signatures with it would silently find nothing."""


class ServerUnreachable(QingxiError):
    """PREFECT_API_URL names a Prefect server that does not answer: checked before anything
    starts, instead of a run failing in Prefect's client with pages of retries."""
    exit_status = EXIT_NO_SERVER


class NeedsServer(QingxiError):
    """`qingxi serve` without a Prefect server: a schedule never fires on a temporary one."""


class DiskFull(QingxiError):
    """The output's file system has not enough room for this run (checked before it starts,
    or met while writing): nothing of the run is committed and its staging is removed."""
    exit_status = EXIT_NO_SPACE


def is_disk_full(err: BaseException) -> bool:
    """ENOSPC (or a quota) from the OS, or from Arrow's and numpy's writers (which may carry
    only a message)."""
    if not isinstance(err, OSError):
        return False
    # numpy's short write says only "65537 requested and 8688 written" (no errno)
    return err.errno in (errno.ENOSPC, errno.EDQUOT) or "No space left on device" in str(err) or \
        bool(_SHORT_WRITE.search(str(err)))


class NoSpace(NamedTuple):
    """A task's full disk handed back as a value: a raising Prefect task logs a traceback,
    and a full disk is not a bug. The flow raises it again (see `checked`)."""
    message: str


def disk_full_as_value(fn):
    @functools.wraps(fn)
    def wrapped(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except Exception as err:
            if is_disk_full(err):
                return NoSpace(str(err))
            raise
    return wrapped


def checked(result):
    """A task's result, or the full disk it met raised again in the flow."""
    if isinstance(result, NoSpace):
        raise OSError(errno.ENOSPC, result.message)
    return result
