"""Cost of the accurate rule profile against spaCy's own pipeline, and of the fast profile.

    python3 scripts/dev run python benchmarks/rules_profiles.py [--kb 300] [--rounds 3]

The corpus is the seed articles repeated as separate documents. Three configurations run on the
same documents, interleaved chunk by chunk in one process, and CPU time is measured per chunk;
each figure is the corpus size over the sum of each chunk's fastest time (the cost of the code;
other tenants of a shared machine only slow a chunk):

- spacy: the parse alone, exactly as the accurate profile runs it (same pipeline, same preset
  sentence starts), the floor any parse-based extractor pays;
- accurate: the whole accurate profile (parse, frames, quotations, quantities, hedges, time);
- fast: the regex profile.

The accurate profile's overhead is (1 / accurate - 1 / spacy) / (1 / spacy): what claimex adds on
top of the parse, as a share of the parse's cost.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from claimex import RuleExtractor
from claimex.taggers.parse import parse
from claimex.taggers.sentences import split_sentences

ROOT = Path(__file__).resolve().parent.parent
CHUNK = 6


def corpus(kb: float) -> list[str]:
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    docs: list[str] = []
    size = 0
    while size < kb * 1000:
        for s in seeds:
            docs.append(s)
            size += len(s.encode())
    return docs


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kb", type=float, default=300)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args(argv)
    docs = corpus(args.kb)
    total = sum(len(d.encode()) for d in docs)
    accurate, fast = RuleExtractor(), RuleExtractor(profile="fast")

    def spacy_only(text: str) -> object:
        return parse(text, [s.start for s in split_sentences(text)])

    runs: dict[str, Callable[[str], object]] = {
        "spacy": spacy_only,
        "accurate": accurate.extract,
        "fast": fast.extract,
    }
    for fn in runs.values():
        fn(docs[0])  # warm up: model load, caches
    chunks = [docs[i : i + CHUNK] for i in range(0, len(docs), CHUNK)]
    best = {name: [float("inf")] * len(chunks) for name in runs}
    for _ in range(args.rounds):
        for k, chunk in enumerate(chunks):
            for name, fn in runs.items():
                t = time.process_time()
                for d in chunk:
                    fn(d)
                best[name][k] = min(best[name][k], time.process_time() - t)
    secs = {name: sum(v) for name, v in best.items()}
    print(f"corpus: {len(docs)} documents, {total / 1e6:.2f} MB; best of {args.rounds} rounds")
    print(f"{'configuration':<14}{'MB/s':>10}{'s':>10}")
    for name, s in secs.items():
        print(f"{name:<14}{total / 1e6 / s:>10.3f}{s:>10.2f}")
    overhead = (secs["accurate"] - secs["spacy"]) / secs["spacy"]
    print(f"accurate profile beyond spaCy's own pipeline: {overhead:+.1%}")
    print(f"fast profile vs accurate: {secs['accurate'] / secs['fast']:.0f}x faster")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
