"""The rule extractor over a large news-like corpus, streamed: MB/s and peak memory.

    python3 scripts/dev run python benchmarks/rules_corpus.py [--mb 50] [--processes 1 2]

Documents are made from the seed articles' paragraphs in rotating orders (each document is a new
string, generated lazily), so the corpus is never held in memory: peak memory stays flat whatever
--mb is. Results are consumed and dropped as a JSONL writer would. Peak memory is the maximum
resident set size of this process and, with worker processes, of the largest worker.
"""

from __future__ import annotations

import argparse
import resource
import time
from collections.abc import Iterator
from pathlib import Path

from claimex import Document, ExtractConfig, extract_many

ROOT = Path(__file__).resolve().parent.parent


def corpus(mb: float, sizes: list[int]) -> Iterator[Document]:
    paragraphs = [
        p
        for path in sorted((ROOT / "seeds").glob("*.txt"))
        for p in path.read_text(encoding="utf-8").split("\n\n")
        if p.strip()
    ]
    total, i = 0, 0
    while total < mb * 1_000_000:
        k = len(paragraphs)
        step = i % (k - 1) + 1
        text = "\n\n".join(paragraphs[(i + j * step) % k] for j in range(12))
        sizes.append(len(text.encode()))
        total += sizes[-1]
        yield Document(f"doc{i}", text)
        i += 1


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=50.0)
    ap.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    args = ap.parse_args()
    print("| processes | MB | documents | claims | seconds | MB/s | peak RSS (MB) |")
    print("|---|---|---|---|---|---|---|")
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for p in args.processes:
        sizes: list[int] = []
        claims = 0
        started = time.perf_counter()
        config = ExtractConfig(backend="rules")
        for r in extract_many(corpus(args.mb, sizes), config=config, concurrency=p, processes=p):
            claims += len(r.claims)
        seconds = time.perf_counter() - started
        mb = sum(sizes) / 1_000_000
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        peak = max(own, children)
        print(
            f"| {p} | {mb:.1f} | {len(sizes):,} | {claims:,} | {seconds:.1f} | {mb / seconds:.2f} |"
            f" {peak:.0f} |",
            flush=True,
        )
    print(f"\n(resident size after imports: {base:.0f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
