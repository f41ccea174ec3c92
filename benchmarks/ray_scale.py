"""Documents per second: ``extract_many`` (1 and 2 processes) next to Ray Data (1 and 2 actors).

    python3 scripts/dev run python benchmarks/ray_scale.py [--docs 3000] [--latency 0.2]

Side by side in one run, on one machine: the fast rule profile (regex), the accurate one
(dependency parse), and the LLM path against the stub server (``python -m claimex.testing``,
a fixed latency, no model) with ``--concurrency`` documents in flight per worker. Documents are
made from the seed articles' paragraphs (about 2.5 KB each).

"docs/s" is the steady rate, what a long job gets once its workers are up: the results after the
first batch (those that arrive with the first one) over the time after it. "first result" is how
long the first result took: spawning processes or actors, building their extractors (spaCy's
model: about 2 s) and the first batch (Ray sends each actor ``batch_size`` documents at a time;
``extract_many`` yields one by one). Ray's own start-up (``ray.init`` of a new local cluster) is
timed apart, once, because a real job pays it once, or not at all on an existing cluster. The
in-process row runs after a warm-up, so it pays no import.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Iterable
from pathlib import Path

import ray

from claimex import Document, ExtractConfig, LLMConfig, extract_many
from claimex.ray import extract_dataset
from claimex.testing import stub_process

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


def steady(results: Iterable[object]) -> tuple[int, float, float]:
    """(documents, seconds to the first result, steady documents per second)."""
    started = time.perf_counter()
    stamps = [time.perf_counter() for _ in results]
    first = stamps[0]
    with_first = sum(1 for t in stamps if t <= first + 0.05)  # one batch arrives at once
    rate = (len(stamps) - with_first) / max(stamps[-1] - first, 1e-9)
    return len(stamps), first - started, rate


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=3000, help="N for the fast profile")
    ap.add_argument("--latency", type=float, default=0.2, help="stub LLM latency, seconds")
    ap.add_argument("--concurrency", type=int, default=8, help="LLM documents in flight/worker")
    args = ap.parse_args()

    with stub_process(args.latency) as url:
        llm = LLMConfig(base_url=url, model="stub", max_transport_retries=0)
        workloads = [
            ("rules, fast", ExtractConfig(backend="rules", rules_profile="fast"), args.docs, 1),
            ("rules, accurate", ExtractConfig(backend="rules"), max(8, args.docs // 8), 1),
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
            print("| workload | engine | workers | docs | first result s | docs/s |")
            print("|---|---|---|---|---|---|")
            for label, config, n, concurrency in workloads:
                docs = corpus(n)
                list(extract_many(docs[:4], config=config))  # warm up the in-process row
                engines = (("extract_many", 1), ("extract_many", 2), ("ray", 1), ("ray", 2))
                for engine, workers in engines:
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
                    count, first, rate = steady(results)
                    unit = "processes" if engine == "extract_many" else "actors"
                    print(
                        f"| {label} | {engine} | {workers} {unit} | {count} | {first:.1f} |"
                        f" {rate:.1f} |",
                        flush=True,
                    )
        finally:
            ray.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
