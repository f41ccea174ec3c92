#!/usr/bin/env python3
"""Score the accurate rule profile's attribution on a held-out sixth of PolNeAR's train split.

    python3 scripts/dev run python scripts/heldout_attribution.py [--train PATH] [--threshold T]

Every sixth training article (all seven outlets) is held out; the cue scorer is retrained on the
other five sixths exactly as ``scripts/derive_cue_lexicon.py`` trains it, and the extractor,
with that scorer, is scored on the held-out articles with ``claimex eval``'s PolNeAR metric. This
is how a rule or a feature is chosen without looking at the dev file (which stays the yardstick)
and without scoring the scorer on its own training articles. About three minutes on two cores.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path

import claimex.taggers.cue_lexicon as cue_lexicon
import claimex.taggers.parsed_attribution as parsed_attribution
from claimex import RuleExtractor
from claimex.evaluation.metrics import finalize, score_polnear
from claimex.taggers.parse import parse_many

HERE = Path(__file__).resolve().parent


def _derivation():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "derive_cue_lexicon", HERE / "derive_cue_lexicon.py"
    )
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--train", type=Path, default=HERE.parent.parent / "shared/eval/polnear-train.jsonl"
    )
    ap.add_argument("--threshold", type=float, action="append")
    args = ap.parse_args(argv)
    if not args.train.exists():
        print(f"no training file at {args.train}: pass --train", file=sys.stderr)
        return 2
    derive = _derivation()
    records = [json.loads(line) for line in args.train.open(encoding="utf-8")]
    train = [r for k, r in enumerate(records) if k % 6]
    held = [r for k, r in enumerate(records) if not k % 6]
    docs = list(parse_many((r["text"] for r in train), n_process=2))
    heads = []
    for rec, doc in zip(train, docs, strict=True):
        cue_heads = set()
        for rel in rec["gold"]:
            if rel.get("cue"):
                head = derive._head(derive._tokens(doc, rel["cue"]["offsets"]))
                if head is not None:
                    cue_heads.add(head.i)
        heads.append(cue_heads)
    lemmas = {lemma for lemma, _ in cue_lexicon.load_cue_lexicon().lemmas}
    weights = derive._train_scorer(docs, heads, lemmas)
    scorer = cue_lexicon.CueScorer(
        {k: round(w, 3) for k, w in weights.items() if abs(round(w, 3)) >= 0.01}
    )
    parsed_attribution.load_cue_scorer = lambda: scorer  # type: ignore[assignment]
    for threshold in args.threshold or [parsed_attribution.THRESHOLD]:
        parsed_attribution.THRESHOLD = threshold
        parsed_attribution.find_parsed_frames.__kwdefaults__["threshold"] = threshold
        extractor = RuleExtractor()
        counts: Counter = Counter()
        for rec in held:
            counts += score_polnear(rec["text"], rec["gold"], extractor.extract(rec["text"]))
        scores = finalize("polnear", counts)
        line = "  ".join(
            f"{role} P/R/F1 " + "/".join(f"{scores[f'{role}_{m}']:.3f}" for m in ("p", "r", "f1"))
            for role in ("speaker", "cue", "content")
        )
        print(f"held-out {len(held)} articles, threshold {threshold}: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
