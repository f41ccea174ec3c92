"""Throughput of the rule extractor on news text, side by side with quantulum3 in the same run.

    python3 scripts/dev run python benchmarks/rules_throughput.py [--mb 2] [--rounds 5]

The corpus is the seed articles repeated as separate documents up to --mb megabytes. Both tools
process the same documents, alternating round by round, and CPU time of this process is measured
per chunk of documents. Two figures per tool:

- median: the median over rounds of the whole corpus's MB/s, what a run sees on this machine;
- best: the corpus size over the sum of each chunk's fastest time across rounds. On a shared
  machine other processes slow a chunk, never speed it up, so this is the cost of the code
  itself, as ``timeit`` recommends reading the minimum.

quantulum3 only finds quantities; claimex's rules also find attribution, hedges, time and place.
A third row times claimex's quantity tagger alone (``find_quantities``), like for like.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

from claimex import RuleExtractor

ROOT = Path(__file__).resolve().parent.parent
CHUNK = 12  # documents timed together: long enough to time, short enough to dodge noise


def corpus(mb: float) -> list[str]:
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    docs, size = [], 0
    while size < mb * 1_000_000:
        for s in seeds:
            docs.append(s)
            size += len(s.encode())
    return docs


def claimex_counter() -> Callable[[str], int]:
    ex = RuleExtractor(profile="fast")
    return lambda doc: len(ex.extract(doc).claims)


def tagger_counter() -> Callable[[str], int]:
    from claimex.taggers.quantities import find_quantities

    return lambda doc: len(find_quantities(doc))


def quantulum_counter() -> Callable[[str], int]:
    from quantulum3 import parser

    return lambda doc: len(parser.parse(doc))


class Timing:
    """Per-chunk CPU times of one tool over the rounds."""

    def __init__(self, docs: list[str], count: Callable[[str], int]) -> None:
        self.chunks = [docs[i : i + CHUNK] for i in range(0, len(docs), CHUNK)]
        self.mb = sum(len(d.encode()) for d in docs) / 1e6
        self.count = count
        self.rounds: list[list[float]] = []
        self.items = 0

    def run_chunk(self, k: int) -> None:
        c0 = time.process_time()
        n = sum(self.count(d) for d in self.chunks[k])
        self.rounds[-1].append(time.process_time() - c0)
        if len(self.rounds) == 1:
            self.items += n

    def median(self) -> float:
        return statistics.median(self.mb / sum(r) for r in self.rounds)

    def best(self) -> float:
        return self.mb / sum(min(r[k] for r in self.rounds) for k in range(len(self.chunks)))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=2.0)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument(
        "--quantulum-mb",
        type=float,
        default=0.2,
        help="quantulum3 is slow: it gets a smaller slice of the same corpus",
    )
    args = ap.parse_args()
    warnings.filterwarnings("ignore")
    tools = {
        "claimex rules": Timing(corpus(args.mb), claimex_counter()),
        "claimex qty": Timing(corpus(args.mb), tagger_counter()),
    }
    with contextlib.suppress(ImportError):  # then there is nothing to compare with
        tools["quantulum3"] = Timing(corpus(args.quantulum_mb), quantulum_counter())
    for t in tools.values():
        t.count(t.chunks[0][0])  # imports, model files and caches load outside the timing
    for _ in range(args.rounds):  # alternating tools round by round
        for t in tools.values():
            t.rounds.append([])
            for k in range(len(t.chunks)):
                t.run_chunk(k)
    ours = tools["claimex rules"]
    print(
        f"corpus: {sum(map(len, ours.chunks))} news documents, {ours.mb:.2f} MB"
        + (f" (quantulum3: {tools['quantulum3'].mb:.2f} MB slice)" if "quantulum3" in tools else "")
        + f"; {args.rounds} rounds, CPU time of one process on one core"
    )
    print(f"{'tool':<15} {'MB/s median':>12} {'MB/s best':>10} {'items':>8}")
    for name, t in tools.items():
        print(f"{name:<15} {t.median():>12.3f} {t.best():>10.3f} {t.items:>8}")
    if "quantulum3" not in tools:
        print("quantulum3 is not installed: no comparison")
        return 0
    q = tools["quantulum3"]
    print(
        f"claimex rules / quantulum3: {ours.median() / q.median():.1f}x (median), "
        f"{ours.best() / q.best():.1f}x (best)"
    )
    tagger = tools["claimex qty"]
    print(
        f"claimex quantity tagger / quantulum3: {tagger.median() / q.median():.1f}x (median), "
        f"{tagger.best() / q.best():.1f}x (best)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
