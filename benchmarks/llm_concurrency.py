"""LLM-path throughput against a local stub OpenAI server with a fixed latency, and the reply cache.

    python3 scripts/dev run python benchmarks/llm_concurrency.py [--latency 0.3]

The stub (``python -m claimex.testing``) runs in its own process and answers every request after
``--latency`` seconds with a valid one-claim reply, so the numbers measure claimex's client path
(prompt rendering, instructor, HTTP, validation, grounding) and its concurrency, not a model.

Table 1: documents per second next to the ideal ``concurrency / latency``. The baseline row is
sequential per-sentence extraction (one call per sentence, the FActScore/VeriScore style); the
others make one call per document. "steady" counts from the first result, which leaves out worker
process start-up (about 2 s for two spawned workers); the ratio to the ideal uses it.

Table 2: the same corpus twice with the on-disk cache: LLM calls and time of each run.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Iterator

from claimex import Document, ExtractConfig, LLMConfig, LLMExtractor, extract_many
from claimex.testing import stub_process


def docs(n: int) -> list[Document]:
    return [
        Document(
            f"doc{i}",
            f"At least {i % 50 + 2} people were killed in a flood in the river town of Marlow on "
            "Tuesday after three days of rain, officials of the regional government said. "
            f"Rescue teams from four provinces searched {i % 7 + 3} villages along the river for "
            "survivors through the night, the fire service said on Wednesday morning. "
            "The mayor said the town had never seen water this high, and that the bridges on the "
            "main road to the capital would stay closed until engineers had inspected them.",
        )
        for i in range(n)
    ]


def timed(results: Iterator) -> tuple[list, float, float]:
    started = time.perf_counter()
    first = next(results)
    t_first = time.perf_counter()
    rest = list(results)
    end = time.perf_counter()
    return [first, *rest], end - started, end - t_first


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--latency", type=float, default=0.3)
    ap.add_argument("--waves", type=int, default=12, help="documents per slot in flight")
    args = ap.parse_args()
    with stub_process(args.latency) as url:
        llm = LLMConfig(base_url=url, model="stub", max_transport_retries=0)
        config = ExtractConfig(backend="llm", llm=llm)
        list(extract_many(docs(16), config=config, concurrency=16))  # warm up imports and server
        print(
            "| setup | in flight | docs | calls | docs/s | docs/s steady | ideal | steady/ideal |"
        )
        print("|---|---|---|---|---|---|---|---|")
        per_sentence = LLMConfig(
            base_url=url, model="stub", max_transport_retries=0, max_chunk_chars=201
        )
        rows = [("sequential, one call per sentence (3 per document)", 1, 1, per_sentence)]
        rows += [
            (f"one call per document, {p} process{'es' if p > 1 else ''}", c, p, llm)
            for c, p in ((1, 1), (8, 1), (32, 1), (64, 1), (32, 2), (64, 2))
        ]
        for label, c, p, cfg in rows:
            n = c * args.waves * (4 if p > 1 else 1)  # amortise worker start-up
            batch = docs(n)
            if p == 1:
                it = extract_many(batch, extractor=LLMExtractor(cfg), concurrency=c)
            else:
                it = extract_many(
                    batch, config=ExtractConfig(backend="llm", llm=cfg), concurrency=c, processes=p
                )
            results, total, steady = timed(it)
            calls = sum(r.provenance.attempts for r in results if r.provenance)
            errors = sum(r.error is not None for r in results)
            ideal = c / args.latency
            rate, steady_rate = n / total, (n - 1) / steady
            note = f" ({errors} errors)" if errors else ""
            print(
                f"| {label}{note} | {c} | {n} | {calls} | {rate:.1f} | {steady_rate:.1f} |"
                f" {ideal:.1f} | {steady_rate / ideal:.0%} |",
                flush=True,
            )

        print()
        print("| cache run | docs | LLM calls | cache hits | seconds |")
        print("|---|---|---|---|---|")
        with tempfile.TemporaryDirectory() as cache_dir:
            cached = llm.model_copy(update={"cache": True, "cache_dir": cache_dir})
            for run in ("first", "second"):
                batch = docs(256)
                results, total, _ = timed(
                    extract_many(batch, extractor=LLMExtractor(cached), concurrency=32)
                )
                calls = sum(r.provenance.attempts for r in results)
                hits = sum(r.provenance.cache_hits for r in results)
                print(f"| {run} | {len(batch)} | {calls} | {hits} | {total:.2f} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
