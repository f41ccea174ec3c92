#!/usr/bin/env python3
"""Derive the attribution-cue tables in ``src/claimex/taggers/data/`` from PolNeAR's train split.

    python3 scripts/dev run python scripts/derive_cue_lexicon.py [--train PATH]
    python3 scripts/dev run python scripts/derive_cue_lexicon.py --check   # exit 1 if they differ

``--train`` defaults to ``../shared/eval/polnear-train.jsonl`` beside the checkout.

It parses every training article with the pipeline the extractor uses, and counts for each token
that could be a cue (verb, noun, adjective, adverb) its lemma and complement frame, and whether it
heads an annotated cue span. Only counts are written — never text. Lemmas seen as a cue fewer than
``--min-cue`` times are left out. ``cue_span.tsv`` says which dependents of a cue head annotators
included in the cue span ("has said", "pointed out", "called for"); ``source_span.tsv`` which
relative and participial clauses they kept in a source span. The output is sorted, so the
same input and model give the same bytes.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter
from pathlib import Path

from claimex.taggers.attribution import QuoteIndex, find_quote_regions
from claimex.taggers.cue_lexicon import (
    clause_key,
    complement_of,
    cue_features,
    cue_pos,
    span_key,
    subject_of,
)
from claimex.taggers.parse import parse_many

DATA = Path(__file__).resolve().parent.parent / "src" / "claimex" / "taggers" / "data"


def _tokens(doc, offsets):  # type: ignore[no-untyped-def]
    out = []
    for a, b in offsets:
        span = doc.char_span(a, b, alignment_mode="expand")
        if span is not None:
            out.extend(span)
    return out


def _head(tokens):  # type: ignore[no-untyped-def]
    ids = {t.i for t in tokens}
    for t in tokens:
        if t.head.i not in ids or t.head.i == t.i:
            return t
    return None


def derive(path: Path, min_cue: int) -> dict[str, str]:
    records = [json.loads(line) for line in path.open(encoding="utf-8")]
    docs = list(parse_many((r["text"] for r in records), n_process=2))
    frames: Counter[tuple[str, str, str, str]] = Counter()
    cues: Counter[tuple[str, str, str, str]] = Counter()
    incl: Counter[tuple[str, str]] = Counter()
    seen: Counter[tuple[str, str]] = Counter()
    clauses: Counter[tuple[str, str, str, str]] = Counter()
    kept: Counter[tuple[str, str, str, str]] = Counter()
    all_heads = []
    for rec, doc in zip(records, docs, strict=True):
        heads = {}
        for rel in rec["gold"]:
            if rel.get("cue"):
                toks = _tokens(doc, rel["cue"]["offsets"])
                head = _head(toks)
                if head is not None:
                    heads[head.i] = {t.i for t in toks}
                    if rel.get("source"):
                        _count_clauses(doc, rel["source"]["offsets"], head, clauses, kept)
        for tok in doc:
            pos = cue_pos(tok)
            if pos is None:
                continue
            key = (tok.lemma_.lower(), pos, complement_of(tok), subject_of(tok))
            frames[key] += 1
            if tok.i in heads:
                cues[key] += 1
                for child in tok.children:
                    k = span_key(child)
                    seen[k] += 1
                    incl[k] += child.i in heads[tok.i]
        all_heads.append(set(heads))
    lemma_cues: Counter[tuple[str, str]] = Counter()
    for (lemma, pos, _, _), n in cues.items():
        lemma_cues[(lemma, pos)] += n
    keep = {k for k, n in lemma_cues.items() if n >= min_cue}
    rows = ["lemma\tpos\tcomplement\tsubject\tcue\ttotal"]
    for key in sorted(k for k in frames if (k[0], k[1]) in keep):
        rows.append("\t".join([*key, str(cues[key]), str(frames[key])]))
    span_rows = ["dep\tword\tincluded\ttotal"]
    for key in sorted(k for k, n in seen.items() if n >= 3):
        span_rows.append("\t".join([*key, str(incl[key]), str(seen[key])]))
    clause_rows = ["dep\tcomma\tpos\tposition\tincluded\ttotal"]
    for key in sorted(clauses):
        clause_rows.append("\t".join([*key, str(kept[key]), str(clauses[key])]))
    weights = _train_scorer(docs, all_heads, {lemma for lemma, _ in keep})
    scorer_rows = ["feature\tweight"]
    for name in sorted(weights):
        w = round(weights[name], 3)
        if abs(w) >= 0.01:
            scorer_rows.append(f"{name}\t{w:.3f}")
    return {
        "cue_frames.tsv": "\n".join(rows) + "\n",
        "cue_span.tsv": "\n".join(span_rows) + "\n",
        "cue_scorer.tsv": "\n".join(scorer_rows) + "\n",
        "source_span.tsv": "\n".join(clause_rows) + "\n",
    }


def _count_clauses(doc, offsets, cue, clauses, kept):  # type: ignore[no-untyped-def]
    """Which relative and participial clauses on the source's head the annotators kept in the
    source span (a clause holding the cue itself, "officials who expect …", is not counted)."""
    toks = _tokens(doc, offsets)
    head = _head(toks)
    if head is None:
        return
    ids = {t.i for t in toks}
    for child in head.children:
        sub = {t.i for t in child.subtree}
        if child.dep_ not in {"relcl", "acl"} or cue.i in sub:
            continue
        key = clause_key(child, head, cue)
        clauses[key] += 1
        kept[key] += sub <= ids


def _train_scorer(docs, heads, lemmas, epochs=8, rate=0.2, l2=1e-4):  # type: ignore[no-untyped-def]
    """Logistic regression by AdaGrad over every candidate token (a lexicon lemma with a cue part
    of speech), in corpus order: deterministic, so the weights come out the same every time."""
    data = []
    for doc, cue_heads in zip(docs, heads, strict=True):
        quotes = QuoteIndex(find_quote_regions(doc.text))
        for tok in doc:
            if cue_pos(tok) is None or tok.lemma_.lower() not in lemmas:
                continue
            features = cue_features(tok, quotes.inside(tok.idx))
            data.append((features, 1.0 if tok.i in cue_heads else 0.0))
    weights: dict[str, float] = {}
    grads: dict[str, float] = {}
    for _ in range(epochs):
        for feats, y in data:
            z = sum(weights.get(f, 0.0) for f in feats)
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            g = p - y
            for f in feats:
                w = weights.get(f, 0.0)
                step = g + l2 * w
                grads[f] = grads.get(f, 0.0) + step * step
                weights[f] = w - rate * step / math.sqrt(grads[f] + 1e-8)
    print(f"scorer: {len(data)} candidates, {len(weights)} features", file=sys.stderr)
    return weights


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default = Path(__file__).resolve().parent.parent.parent / "shared/eval/polnear-train.jsonl"
    ap.add_argument("--train", type=Path, default=default)
    ap.add_argument("--min-cue", type=int, default=3)
    ap.add_argument("--check", action="store_true", help="compare with the shipped tables")
    ap.add_argument("--out", type=Path, default=DATA, help="where to write (default: the package)")
    args = ap.parse_args(argv)
    if not args.train.exists():
        print(f"no training file at {args.train}: pass --train", file=sys.stderr)
        return 2
    tables = derive(args.train, args.min_cue)
    differ = []
    for name, text in tables.items():
        target = args.out / name
        if args.check:
            if not target.exists() or target.read_text(encoding="utf-8") != text:
                differ.append(name)
        else:
            target.write_text(text, encoding="utf-8")
            print(f"wrote {target} ({text.count(chr(10)) - 1} rows)", file=sys.stderr)
    if differ:
        print(f"differ from the derivation: {', '.join(differ)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
