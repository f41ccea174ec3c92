"""Throughput of the rule extractor on news text, side by side with quantulum3 in the same run.

    python3 scripts/dev run python benchmarks/rules_throughput.py [--mb 2] [--rounds 3]

The corpus is the seed articles repeated as separate documents up to --mb megabytes. Both tools
process the same documents, alternating round by round (this machine is shared and noisy), and
the table reports the median of the rounds: MB/s by CPU time of this process and by wall time.
quantulum3 only finds quantities; claimex's rules also find attribution, hedges, time and place.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import warnings
from pathlib import Path

from claimex import RuleExtractor

ROOT = Path(__file__).resolve().parent.parent


def corpus(mb: float) -> list[str]:
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    docs, size = [], 0
    while size < mb * 1_000_000:
        for s in seeds:
            docs.append(s)
            size += len(s.encode())
    return docs


def run_claimex(docs: list[str]) -> int:
    ex = RuleExtractor()
    return sum(len(ex.extract(d).claims) for d in docs)


def run_quantulum(docs: list[str]) -> int:
    from quantulum3 import parser

    return sum(len(parser.parse(d)) for d in docs)


def measure(fn, docs: list[str]) -> tuple[float, float, int]:
    c0, w0 = time.process_time(), time.perf_counter()
    n = fn(docs)
    return time.process_time() - c0, time.perf_counter() - w0, n


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=2.0)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument(
        "--quantulum-mb",
        type=float,
        default=0.2,
        help="quantulum3 is slow: it gets a smaller slice of the same corpus",
    )
    args = ap.parse_args()
    warnings.filterwarnings("ignore")
    docs = corpus(args.mb)
    mb = sum(len(d.encode()) for d in docs) / 1e6
    qdocs = corpus(args.quantulum_mb)
    qmb = sum(len(d.encode()) for d in qdocs) / 1e6
    try:
        run_quantulum(qdocs[:1])  # load its model files outside the timing
        have_q = True
    except ImportError:
        have_q = False
    run_claimex(docs[:3])
    rows: dict[str, list[tuple[float, float, int]]] = {"claimex rules": [], "quantulum3": []}
    for _ in range(args.rounds):
        rows["claimex rules"].append(measure(run_claimex, docs))
        if have_q:
            rows["quantulum3"].append(measure(run_quantulum, qdocs))
    print(
        f"corpus: {len(docs)} news documents, {mb:.2f} MB (quantulum3: {qmb:.2f} MB slice); "
        f"median of {args.rounds} alternating rounds"
    )
    print(f"{'tool':<15} {'MB/s (cpu)':>11} {'MB/s (wall)':>12} {'items':>8}")
    rates = {}
    for name, results in rows.items():
        if not results:
            print(f"{name:<15} {'not installed':>11}")
            continue
        size = mb if name == "claimex rules" else qmb
        cpu = statistics.median(size / r[0] for r in results)
        wall = statistics.median(size / r[1] for r in results)
        rates[name] = cpu
        print(f"{name:<15} {cpu:>11.3f} {wall:>12.3f} {results[0][2]:>8}")
    if len(rates) == 2:
        ratio = rates["claimex rules"] / rates["quantulum3"]
        print(f"claimex rules / quantulum3 (cpu MB/s): {ratio:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
