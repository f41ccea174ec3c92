"""The real local model on the seed articles: seconds, calls and tokens per article, by chunk size.

    scripts/local-llm start
    python3 scripts/dev run python benchmarks/local_model.py [--chunk-chars 1500 3000 6000]
    scripts/local-llm stop

Runs the LLM extractor (claims@v1 unless --prompt) live against llama-server on 127.0.0.1:8080,
with no cache, one article at a time. For each chunk size it prints per article: wall seconds,
LLM calls, prompt and completion tokens, prompt-overhead tokens (prompt tokens minus the article's
own tokens, counted by the server's /tokenize), claims, and the seed-gold claim and quantity recall,
so the chunk size can be chosen by measurement.
"""

from __future__ import annotations

import argparse
import json
import time
import urllib.request
from collections import Counter
from pathlib import Path

from claimex import LLMConfig, LLMExtractor
from claimex.core.errors import ClaimexError
from claimex.evaluation import finalize, load_gold
from claimex.evaluation.metrics import SCORERS

ROOT = Path(__file__).resolve().parent.parent


def tokens(base_url: str, text: str) -> int | None:
    """Tokens of ``text`` by the server's own tokenizer (llama-server's /tokenize)."""
    url = base_url.removesuffix("/v1") + "/tokenize"
    req = urllib.request.Request(
        url,
        data=json.dumps({"content": text}).encode(),
        headers={"content-type": "application/json"},
    )
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return len(json.load(r)["tokens"])
    except (OSError, ValueError, KeyError):
        return None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base-url", default="http://127.0.0.1:8080/v1")
    ap.add_argument("--model", default="qwen2.5-coder-1.5b-instruct")
    ap.add_argument("--prompt", default="claims@v1")
    ap.add_argument("--chunk-chars", type=int, nargs="+", default=[3000])
    args = ap.parse_args()
    gold = load_gold(ROOT / "seeds" / "gold.jsonl")
    print(
        "| chunk chars | article | s | calls | prompt tok | overhead tok | completion tok |"
        " claims | claim recall | quantity recall |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for size in args.chunk_chars:
        config = LLMConfig(
            base_url=args.base_url,
            model=args.model,
            prompt=args.prompt,
            max_chunk_chars=size,
            max_transport_retries=1,
        )
        extractor = LLMExtractor(config)
        total: Counter = Counter()
        for doc in gold:
            started = time.perf_counter()
            try:
                r = extractor.extract(doc.text, doc_id=doc.id)
            except ClaimexError as exc:
                print(f"| {size} | {doc.id} | failed: {exc} |")
                continue
            seconds = time.perf_counter() - started
            p = r.provenance
            own = tokens(args.base_url, doc.text)
            overhead = p.usage.prompt_tokens - own if own else None  # all but the article
            c = SCORERS["seeds"](doc.text, doc.gold, r)
            total += c
            m = finalize("seeds", c)
            print(
                f"| {size} | {doc.id.rsplit('/', 1)[-1][:3]} | {seconds:.0f} | {p.attempts} |"
                f" {p.usage.prompt_tokens:,} | {overhead if overhead is not None else '–'} |"
                f" {p.usage.completion_tokens:,} | {len(r.claims)} |"
                f" {m['claim_recall']:.2f} | {m['quantity_recall']:.2f} |",
                flush=True,
            )
        m = finalize("seeds", total)
        print(
            f"| {size} | all | | | | | | | {m['claim_recall']:.3f} | {m['quantity_recall']:.3f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
