"""What can stop a qingxi command, as one exception tree: the CLI turns any QingxiError
into one line on stderr and its exit status, never a traceback."""
from __future__ import annotations

EXIT_USAGE, EXIT_BUSY = 2, 3


class QingxiError(RuntimeError):
    exit_status = EXIT_USAGE


class ConfigError(QingxiError):
    """The options file cannot be read or names an option that does not exist."""


class StoreBusy(QingxiError):
    """Another process holds the writer lock on this output folder."""
    exit_status = EXIT_BUSY


class StateError(QingxiError):
    """The output folder's state cannot be used by this version of qingxi."""


class UnknownFormat(StateError):
    """manifest.json was written in a format this version does not read."""


class ParametersChanged(StateError):
    """The stored dedup state was made with other signature parameters: comparing new
    signatures with it would silently find nothing."""
