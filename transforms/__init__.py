"""Pure cleaning stages: bytes/str in, dataclasses out. No Prefect, no I/O."""
