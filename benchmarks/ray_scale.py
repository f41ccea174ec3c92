"""Documents per second: ``extract_many`` (1 and 2 processes) next to Ray Data (1 and 2 actors).

    python3 scripts/dev run python benchmarks/ray_scale.py [--docs 3000] [--latency 0.2]

Side by side in one run, on one machine: the fast rule profile (regex), the accurate one
(dependency parse), and the LLM path against the stub server (``python -m claimex.testing``,
a fixed latency, no model) with ``--concurrency`` documents in flight per worker. Documents are
made from the seed articles' paragraphs (about 4 KB each).

Each setup runs twice, on N and on 2N documents. "docs/s" is the marginal rate N / (t(2N) -
t(N)): what a long job gets once its workers are up. "start-up" is what is left of t(N) after
N documents at that rate: spawning processes or actors and building their extractors (spaCy's
model: about 2 s). Ray's own start-up (``ray.init`` of a new local cluster) is timed apart,
once, because a real job pays it once, or not at all on an existing cluster.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path

import ray

from claimex import Document, ExtractConfig, LLMConfig, extract_many
from claimex.ray import extract_dataset

ROOT = Path(__file__).resolve().parent.parent


def corpus(n: int) -> list[Document]:
    paragraphs = [
        p
        for path in sorted((ROOT / "seeds").glob("*.txt"))
        for p in path.read_text(encoding="utf-8").split("\n\n")
        if p.strip()
    ]
    k = len(paragraphs)
    docs = []
    for i in range(n):
        step = i % (k - 1) + 1
        text = "\n\n".join(paragraphs[(i + j * step) % k] for j in range(8))
        docs.append(Document(f"doc{i}", text))
    return docs


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def seconds(results: Iterable[object]) -> float:
    started = time.perf_counter()
    for _ in results:
        pass
    return time.perf_counter() - started


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=3000, help="N for the fast profile")
    ap.add_argument("--latency", type=float, default=0.2, help="stub LLM latency, seconds")
    ap.add_argument("--concurrency", type=int, default=8, help="LLM documents in flight/worker")
    args = ap.parse_args()

    port = free_port()
    stub = subprocess.Popen(
        [sys.executable, "-m", "claimex.testing", str(port), str(args.latency)],
        stdout=subprocess.PIPE,
    )
    assert stub.stdout is not None
    stub.stdout.readline()  # ready
    llm = LLMConfig(base_url=f"http://127.0.0.1:{port}/v1", model="stub", max_transport_retries=0)
    workloads = [
        ("rules, fast", ExtractConfig(backend="rules", rules_profile="fast"), args.docs, 1),
        ("rules, accurate", ExtractConfig(backend="rules"), max(8, args.docs // 15), 1),
        (
            f"LLM stub, {args.latency:g} s latency",
            ExtractConfig(backend="llm", llm=llm),
            max(16, args.docs // 8),
            args.concurrency,
        ),
    ]
    try:
        started = time.perf_counter()
        ray.init(num_cpus=os.cpu_count() or 2, include_dashboard=False, logging_level="ERROR")
        ray.data.DataContext.get_current().enable_progress_bars = False
        ray_start = time.perf_counter() - started
        print(f"Ray start-up (ray.init, new local cluster): {ray_start:.1f} s\n")
        print("| workload | engine | workers | N | t(N) s | t(2N) s | docs/s | start-up s |")
        print("|---|---|---|---|---|---|---|---|")
        for label, config, n, concurrency in workloads:
            engines = (("extract_many", 1), ("extract_many", 2), ("ray", 1), ("ray", 2))
            for engine, workers in engines:
                times = []
                for docs in (corpus(n), corpus(2 * n)):
                    if engine == "extract_many":
                        results: Iterable[object] = extract_many(
                            docs,
                            config=config,
                            concurrency=concurrency * workers,
                            processes=workers,
                        )
                    else:
                        ds = ray.data.from_items([{"id": d.id, "text": d.text} for d in docs])
                        results = extract_dataset(
                            ds, config, actors=workers, concurrency=concurrency
                        ).iter_rows()
                    times.append(seconds(results))
                rate = n / max(times[1] - times[0], 1e-9)
                startup = max(0.0, times[0] - n / rate)
                unit = "processes" if engine == "extract_many" else "actors"
                print(
                    f"| {label} | {engine} | {workers} {unit} | {n} | {times[0]:.1f} |"
                    f" {times[1]:.1f} | {rate:.1f} | {startup:.1f} |",
                    flush=True,
                )
    finally:
        ray.shutdown()
        stub.terminate()
        stub.wait()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
