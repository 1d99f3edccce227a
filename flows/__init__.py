"""Prefect flows, tasks and the CLI: orchestration, batching, I/O and run state."""
