"""What the scale-out pieces cost on one machine (a script, not a test).

The same corpus of text dumps (bench/corpus.py) is cleaned into a fresh output folder by
`qingxi run` against one running Prefect server, three ways, alternated run by run:
  folder   --raw a local folder, the default local process pool (both cores)
  dask     --raw the same folder, --dask-address of a `dask scheduler` with two
           `dask worker --nthreads 1` started by this script on this machine
  s3       --raw s3://... on moto's S3 server on 127.0.0.1 (objects of the same files),
           the default local pool
Prints each run's wall seconds, the medians and the ratios to `folder` (run by run). On one
2-core machine the cluster can only add cost: the figure is that overhead (connection,
scheduling, pickling each batch's file list), not a speed-up. moto answers on loopback
with no network latency: the s3 figure is the cost of going through fsspec and HTTP, not
of a real bucket's round trips.

usage: python bench/scale_out.py [--files 4000] [--repeat 3] [--workdir /tmp/qingxi-scale-out]
"""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.corpus import generate  # noqa: E402
from bench.run import free_port, run_cli, start_server  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=4000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/qingxi-scale-out"))
    args = ap.parse_args()
    import logging

    import boto3
    from distributed import Client
    from moto.server import ThreadedMotoServer

    work = args.workdir
    shutil.rmtree(work, ignore_errors=True)
    raw = work / "raw"
    generate(raw, args.files, seed=11)
    size_mb = sum(p.stat().st_size for p in raw.rglob("*") if p.is_file()) / 1e6
    port = free_port()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # a line per request otherwise
    s3 = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    s3.start()
    aws = {"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench", "AWS_ENDPOINT_URL": f"http://127.0.0.1:{port}",
           "AWS_DEFAULT_REGION": "us-east-1"}
    client = boto3.client("s3", endpoint_url=aws["AWS_ENDPOINT_URL"], aws_access_key_id="bench",
                          aws_secret_access_key="bench", region_name="us-east-1")
    client.create_bucket(Bucket="crawl")
    for path in sorted(raw.rglob("*")):
        if path.is_file():
            client.put_object(Bucket="crawl", Key="raw/" + path.relative_to(raw).as_posix(), Body=path.read_bytes())
    server, url = start_server(work / "prefect-home")
    env = {**os.environ, **aws, "PREFECT_API_URL": url, "PREFECT_HOME": str(work / "prefect-home")}
    scheduler_port = free_port()
    address = f"tcp://127.0.0.1:{scheduler_port}"
    dask_bin = str(Path(sys.executable).with_name("dask"))
    cluster = [subprocess.Popen([dask_bin, "scheduler", "--host", "127.0.0.1", "--port", str(scheduler_port), "--no-dashboard"],
                                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)]
    cluster += [subprocess.Popen([dask_bin, "worker", address, "--nthreads", "1", "--no-dashboard"], env=env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True) for _ in range(2)]
    try:
        time.sleep(2)
        with Client(address, timeout=60, set_as_default=False) as dask:
            dask.wait_for_workers(2, timeout=120)
        ways = {"folder": ["--raw", str(raw)], "dask": ["--raw", str(raw), "--dask-address", address],
                "s3": ["--raw", "s3://crawl/raw/"]}
        walls: dict[str, list[float]] = {w: [] for w in ways}
        print(f"{args.files} text dumps, {size_mb:.1f} MB; wall seconds of `qingxi run` into an empty folder")
        for attempt in range(args.repeat):
            for way, extra in ways.items():
                out = work / f"out-{way}"
                shutil.rmtree(out, ignore_errors=True)
                wall, _, _ = run_cli(["-q", "run", *extra, "--out", str(out)], env)
                walls[way].append(wall)
                print(f"  run {attempt + 1} {way:>6}: {wall:.1f} s", flush=True)
        for way in ways:
            ratios = [w / f for w, f in zip(walls[way], walls["folder"])]
            print(f"{way:>6}: median {statistics.median(walls[way]):.1f} s, {size_mb / statistics.median(walls[way]):.2f} MB/s, "
                  f"to folder run by run: median {statistics.median(ratios):.2f}x")
    finally:
        for proc in cluster:
            os.killpg(proc.pid, signal.SIGTERM)
        for proc in cluster:
            proc.wait(timeout=30)
        server.terminate()
        s3.stop()


if __name__ == "__main__":
    main()
