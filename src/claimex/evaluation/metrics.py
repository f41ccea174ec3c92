"""Scoring extraction results against partial gold, one dataset at a time.

Each dataset labels only some things, so each is scored only on what it annotates and never counts
an extraction as a false positive for a kind of thing it does not label. Every scorer returns
additive counts for one document; :func:`finalize` turns summed counts into rates (micro-average).

Definitions (also in docs/evaluation.md):

* **Span match** (PolNeAR, seeds): spans are compared as sets of word tokens (``\\w+``) they touch.
  PolNeAR: a prediction matches a gold span when token Jaccard ≥ 0.5; predictions and gold are
  paired one-to-one, best overlap first. Claims that share a speaker span and a cue span form one
  predicted relation whose content is the union of their evidence (a quotation of several
  sentences is one annotated content). Seeds: a claim matches a gold claim when the overlap
  coefficient |P∩G| / min(|P|, |G|) ≥ 0.6 (sentence-level claims against clause-level gold).
* **PolNeAR** speaker / cue / content P-R-F1: gold = sources (distinct spans), cues (distinct
  spans) and contents of all attribution relations; predictions = speaker and cue spans of claims
  that claim an attribution (their ``via`` links included) and the evidence of those claims.
* **NewsQuant** value recall: a gold quantity is found when some predicted quantity has the same
  value (relative tolerance 0.1%). Qualifier accuracy, over found quantities with a hedge label:
  ``~`` = about/nearly, ``>`` = more_than/at_least, ``<`` = less_than/at_most, ``=`` = exact;
  ``up``/``down`` (a direction of change) are not scored. Direction accuracy, over found
  quantities where the gold says ``up``/``down`` or the prediction has a direction and the gold
  label is not a hedge (NewsQuant gives one label per quantity, so under a hedge the direction
  is unannotated).
* **RoSE** ACU coverage (recall only): an atomic fact is covered when ≥ 60% of its content words
  (lower-cased, stop words removed) occur in one claim's text, evidence, speaker and cue
  together.
* **AVeriTeC** central claim: found when some claim reaches content-word F1 ≥ 0.3 with it; the
  speaker agrees when the gold speaker's words all occur in that claim's speaker.
* **Seeds**: claim recall and precision by the span match above; quantity recall (a gold quantity
  is found by a predicted one with the same value whose span overlaps it, or in the matched claim);
  qualifier accuracy over found quantities; speaker accuracy over matched claims (where gold
  has no speaker the article's voice is right, and so is any listed alternative; otherwise a gold
  speaker key must occur as whole words in the predicted speaker, its normalised form or cue).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from claimex.core.schema import (
    Claim,
    ExtractionResult,
    Qualifier,
    Quantity,
    Source,
    Span,
    SpeakerType,
)
from claimex.taggers.units import singular

__all__ = [
    "finalize",
    "greedy_match",
    "score_averitec",
    "score_newsquant",
    "score_polnear",
    "score_rose",
    "score_seeds",
    "token_set",
]

_TOKEN = re.compile(r"\w+")
_STOP = frozenset(
    "a an the of in on at to for from by with and or but as is are was were be been being has "
    "have had will would could should may might can it its this that these those he she they we "
    "i you his her their our your who whom which what when where there here than then also not no "
    "so if about into over after before said says say told".split()
)
_CHANGE = {
    "~": {Qualifier.ABOUT, Qualifier.NEARLY},
    ">": {Qualifier.MORE_THAN, Qualifier.AT_LEAST},
    "<": {Qualifier.LESS_THAN, Qualifier.AT_MOST},
    "=": {Qualifier.EXACT},
}
_HEDGE_LABELS = frozenset(_CHANGE) - {"="}  # the labels that name a hedge, not exactness


def token_set(text: str, ranges: Iterable[tuple[int, int]]) -> frozenset[int]:
    """Start offsets of the word tokens of ``text`` that the character ranges touch."""
    out = set()
    for a, b in ranges:
        lo = max(0, a - 40)
        for m in _TOKEN.finditer(text, lo, min(len(text), b + 40)):
            if m.start() < b and m.end() > a:
                out.add(m.start())
    return frozenset(out)


def _jaccard(p: frozenset[int], g: frozenset[int]) -> float:
    return len(p & g) / len(p | g) if p or g else 0.0


def _overlap(p: frozenset[int], g: frozenset[int]) -> float:
    return len(p & g) / min(len(p), len(g)) if p and g else 0.0


def greedy_match(
    pred: Sequence[frozenset[int]],
    gold: Sequence[frozenset[int]],
    *,
    threshold: float,
    measure: str = "jaccard",
) -> list[tuple[int, int]]:
    """One-to-one pairs (pred index, gold index), best score first, score ≥ ``threshold``."""
    score = _jaccard if measure == "jaccard" else _overlap
    pairs = []
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            if p & g:
                s = score(p, g)
                if s >= threshold:
                    pairs.append((s, i, j))
    pairs.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_p: set[int] = set()
    used_g: set[int] = set()
    out = []
    for _, i, j in pairs:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            out.append((i, j))
    return out


def _content_words(text: str) -> set[str]:
    return {w for w in (t.lower() for t in _TOKEN.findall(text)) if w not in _STOP}


def _attributed(claim: Claim) -> bool:
    a = claim.attribution
    return a.speaker_type is not SpeakerType.ARTICLE or a.cue is not None


def _sources(claims: Iterable[Claim]) -> list[Source]:
    out: list[Source] = []
    for c in claims:
        if _attributed(c):
            out.append(c.attribution)
            out.extend(c.attribution.via)
    return out


def _distinct(spans: Iterable[Span | None]) -> list[tuple[int, int]]:
    return sorted({(s.start, s.end) for s in spans if s is not None})


def _key(span: Span | None) -> tuple[int, int] | None:
    return (span.start, span.end) if span else None


def _prf_counts(prefix: str, pred: list[frozenset[int]], gold: list[frozenset[int]]) -> Counter:
    tp = len(greedy_match(pred, gold, threshold=0.5))
    return Counter({f"{prefix}_tp": tp, f"{prefix}_pred": len(pred), f"{prefix}_gold": len(gold)})


def score_polnear(text: str, gold: list[dict[str, Any]], result: ExtractionResult) -> Counter:
    def ranges(role: dict[str, Any] | None) -> list[tuple[int, int]]:
        return [tuple(o) for o in role["offsets"]] if role else []  # type: ignore[misc]

    g_src = {tuple(ranges(r.get("source"))) for r in gold if r.get("source")}
    g_cue = {tuple(ranges(r.get("cue"))) for r in gold if r.get("cue")}
    g_content = [ranges(r.get("content")) + ranges(r.get("content2")) for r in gold]
    sources = _sources(result.claims)
    p_src = _distinct(s.speaker_span for s in sources)
    p_cue = _distinct(s.cue_span for s in sources)
    # One attribution relation per (speaker, cue): a quotation split into several sentence-claims
    # is one reported content, as the annotation has it.
    relations: dict[object, list[tuple[int, int]]] = {}
    for i, c in enumerate(result.claims):
        if not _attributed(c):
            continue
        a = c.attribution
        key = (_key(a.speaker_span), _key(a.cue_span)) if a.cue_span or a.speaker_span else i
        relations.setdefault(key, []).extend((e.start, e.end) for e in c.evidence)
    p_content = list(relations.values())

    def sets(items: Iterable[Iterable[tuple[int, int]]]) -> list[frozenset[int]]:
        return [s for s in (token_set(text, r) for r in items) if s]

    counts = Counter({"docs": 1, "relations": len(gold)})
    counts += _prf_counts("speaker", sets([r] for r in p_src), sets(g_src))
    counts += _prf_counts("cue", sets([r] for r in p_cue), sets(g_cue))
    counts += _prf_counts("content", sets(p_content), sets(g_content))
    return counts


def _same_value(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-3, abs_tol=1e-9)


_RANGE = re.compile(r"^\s*(-?[\d.]+)\s*-\s*(-?[\d.]+)\s*$")


def gold_values(value: Any) -> list[float]:
    """The numbers a gold quantity accepts: one value, or both ends of a range ("100-1000")."""
    if value is None or isinstance(value, bool):
        return []
    if isinstance(value, int | float):
        return [float(value)]
    text = str(value).strip()
    try:
        return [float(text)]
    except ValueError:
        pass
    m = _RANGE.match(text)
    if m:
        try:
            return [float(m.group(1)), float(m.group(2))]
        except ValueError:
            return []
    return []


def _numbers(q: Quantity) -> list[float]:
    """Every number a predicted quantity states: its value, range ends and previous value."""
    return [v for v in (q.value, q.low, q.high, q.previous) if v is not None]


def _is_time_like(q: Quantity) -> bool:
    """A bare year ("2019"): NewsQuant annotates quantities, not dates, so such a prediction is
    left out of precision where the gold has no such number."""
    v = q.value
    return (
        v is not None
        and q.unit is None
        and q.qualifier is Qualifier.EXACT
        and float(v).is_integer()
        and 1000 <= v <= 2100
        and q.text.strip().isdigit()
    )


def predicted_unit(q: Quantity) -> str:
    """The prediction's normalised unit in NewsQuant's naming: the unit's name, else the
    counted noun's singular, else "-"."""
    if q.unit_normalized:
        return q.unit_normalized
    if q.counted:
        head = q.counted.split()[0].lower().strip(".,;:")
        return singular(head)
    return "-"


def score_newsquant(text: str, gold: list[dict[str, Any]], result: ExtractionResult) -> Counter:
    preds = {(q.span.start if q.span else id(q)): q for c in result.claims for q in c.quantities}
    pool = list(preds.values())
    counts = Counter({"docs": 1, "quantities": len(gold)})
    gold_numbers = {v for g in gold for v in gold_values(g.get("value"))}
    for g in gold:
        values = gold_values(g.get("value"))
        if not values:
            counts["quantities"] -= 1  # no number to find ("value": null)
            continue
        hit = next(
            (q for q in pool if any(_same_value(n, v) for n in _numbers(q) for v in values)), None
        )
        if hit is None:
            continue
        pool.remove(hit)
        counts["value_found"] += 1
        change = g.get("change", "")
        allowed = _CHANGE.get(change)
        if change == "=" and len(values) == 2:
            # NewsQuant writes a range, and a vague magnitude ("dozens" = 12-120), as "=" with
            # two numbers: no approximation word, the bounds in the value
            allowed = {Qualifier.RANGE, Qualifier.UNSPECIFIED}
        elif change in ("up", "down"):
            allowed = {Qualifier.EXACT}  # a change's size is stated exactly unless qualified
        if allowed is not None:
            counts["qualifier_scored"] += 1
            counts["qualifier_correct"] += hit.qualifier in allowed
        gold_direction = change if change in ("up", "down") else None
        # one label per quantity: where it holds a hedge ("up about 19%" is "~"), the
        # direction is not annotated
        if gold_direction or (hit.direction and change not in _HEDGE_LABELS):
            counts["direction_scored"] += 1
            counts["direction_correct"] += hit.direction == gold_direction
        gold_unit = str(g.get("normalized_unit") or "-").strip().lower()
        counts["unit_scored"] += 1
        counts["unit_correct"] += predicted_unit(hit) == gold_unit
    counts["value_predicted"] += counts["value_found"] + sum(
        1
        for q in pool
        if not (_is_time_like(q) and not any(_same_value(q.value, v) for v in gold_numbers))
    )
    return counts


def _claim_words(c: Claim) -> set[str]:
    words = _content_words(c.text)
    for e in c.evidence:
        words |= _content_words(e.text)
    for s in (c.attribution.speaker, c.attribution.speaker_normalized, c.attribution.cue):
        if s:
            words |= _content_words(s)
    return words


def score_rose(text: str, gold: list[str], result: ExtractionResult) -> Counter:
    claim_words = [_claim_words(c) for c in result.claims]
    counts = Counter({"docs": 1, "acus": len(gold)})
    facts_of = Counter[int]()  # claim index -> how many atomic facts it covers
    for acu in gold:
        need = _content_words(acu)
        if not need:
            continue
        covering = [i for i, w in enumerate(claim_words) if len(need & w) / len(need) >= 0.6]
        counts["acus_covered"] += bool(covering)
        facts_of.update(covering)
    counts["claims_with_facts"] += len(facts_of)
    counts["fact_links"] += sum(facts_of.values())
    counts["claims_multi_fact"] += sum(n > 1 for n in facts_of.values())
    return counts


def _f1(a: set[str], b: set[str]) -> float:
    common = len(a & b)
    return 2 * common / (len(a) + len(b)) if common else 0.0


def score_averitec(text: str, gold: list[dict[str, Any]], result: ExtractionResult) -> Counter:
    counts = Counter({"docs": 1, "central_claims": len(gold)})
    for g in gold:
        target = _content_words(g["claim"])
        best = max(result.claims, key=lambda c: _f1(target, _claim_words(c)), default=None)
        if best is None or _f1(target, _claim_words(best)) < 0.3:
            continue
        counts["central_found"] += 1
        speaker = _content_words(g.get("speaker") or "")
        said_by = _content_words(
            " ".join(filter(None, [best.attribution.speaker, best.attribution.speaker_normalized]))
        )
        counts["speaker_agrees"] += bool(speaker) and speaker <= said_by
    return counts


def _speaker_ok(gold: dict[str, Any], claim: Claim) -> bool:
    """Article voice where gold has no speaker (its keys then list accepted alternatives)."""
    a = claim.attribution
    keys = gold.get("speaker_keys") or []
    article = a.speaker is None and a.speaker_type is SpeakerType.ARTICLE
    if gold.get("speaker") is None and article:
        return True
    if not keys:
        return False
    said = " ".join(filter(None, [a.speaker, a.speaker_normalized, a.cue])).lower()
    return any(re.search(rf"\b{re.escape(k.lower())}\b", said) for k in keys)


def score_seeds(text: str, gold: list[dict[str, Any]], result: ExtractionResult) -> Counter:
    g_sets = [token_set(text, [(e["start"], e["end"]) for e in g["evidence"]]) for g in gold]
    p_sets = [token_set(text, [(e.start, e.end) for e in c.evidence]) for c in result.claims]
    pairs = greedy_match(p_sets, g_sets, threshold=0.6, measure="overlap")
    matched = {j: result.claims[i] for i, j in pairs}
    counts = Counter({"docs": 1, "gold_claims": len(gold), "pred_claims": len(result.claims)})
    counts["claims_matched"] = len(pairs)
    all_q = [q for c in result.claims for q in c.quantities]
    for j, g in enumerate(gold):
        claim = matched.get(j)
        if claim is not None:
            counts["speaker_correct"] += _speaker_ok(g, claim)
        for gq in g.get("quantities", []):
            counts["gold_quantities"] += 1
            near = [
                q for q in all_q if q.span and q.span.start < gq["end"] and gq["start"] < q.span.end
            ]
            pool = near + (claim.quantities if claim else [])
            hit = next((q for q in pool if _same_value(q.value, gq["value"])), None)
            if hit is None:
                continue
            counts["quantities_found"] += 1
            counts["qualifier_correct"] += hit.qualifier.value == gq["qualifier"]
    return counts


def _ratio(a: float, b: float) -> float | None:
    return a / b if b else None


def _f(p: float | None, r: float | None) -> float | None:
    if p is None or r is None:
        return None
    return 2 * p * r / (p + r) if p + r else 0.0


def finalize(dataset: str, c: Counter) -> dict[str, float | None]:
    """Rates from summed counts; ``None`` where a rate has no denominator."""
    if dataset == "polnear":
        out: dict[str, float | None] = {}
        for role in ("speaker", "cue", "content"):
            p = _ratio(c[f"{role}_tp"], c[f"{role}_pred"])
            r = _ratio(c[f"{role}_tp"], c[f"{role}_gold"])
            out |= {f"{role}_p": p, f"{role}_r": r, f"{role}_f1": _f(p, r)}
        return out
    if dataset == "newsquant":
        precision = _ratio(c["value_found"], c["value_predicted"])
        recall = _ratio(c["value_found"], c["quantities"])
        return {
            "value_precision": precision,
            "value_recall": recall,
            "value_f1": _f(precision, recall),
            "qualifier_accuracy": _ratio(c["qualifier_correct"], c["qualifier_scored"]),
            "direction_accuracy": _ratio(c["direction_correct"], c["direction_scored"]),
            "unit_accuracy": _ratio(c["unit_correct"], c["unit_scored"]),
        }
    if dataset == "gva":
        out = {}
        for event in ("killed", "injured"):
            n = c[f"{event}_incidents"]
            out[f"{event}_found"] = _ratio(c[f"{event}_found"], n)
            out[f"{event}_current_right"] = _ratio(c[f"{event}_right"], n)
            out[f"{event}_current_total_right"] = _ratio(c[f"{event}_total_right"], n)
            out[f"{event}_current_victims_right"] = _ratio(c[f"{event}_victims_right"], n)
            out[f"{event}_scoped"] = float(c[f"{event}_scoped"])
            out[f"{event}_scoped_right"] = _ratio(c[f"{event}_scoped_right"], c[f"{event}_scoped"])
        out["killed_one_group"] = _ratio(c["killed_one_group"], c["killed_incidents"])
        out["incidents"] = float(c["incidents"])
        for label in ("agree", "conflict", "refine", "revise", "single-source"):
            out[f"groups_{label}"] = float(c[f"label_{label}"])  # counts over all incidents
        return out
    if dataset == "rose-acu":
        return {
            "acu_coverage": _ratio(c["acus_covered"], c["acus"]),
            # atomicity: how many atomic facts a claim that covers any carries
            "facts_per_claim": _ratio(c["fact_links"], c["claims_with_facts"]),
            "multi_fact_rate": _ratio(c["claims_multi_fact"], c["claims_with_facts"]),
        }
    if dataset == "averitec-dce":
        return {
            "central_claim_found": _ratio(c["central_found"], c["central_claims"]),
            "speaker_agrees": _ratio(c["speaker_agrees"], c["central_found"]),
        }
    if dataset == "seeds":
        p = _ratio(c["claims_matched"], c["pred_claims"])
        r = _ratio(c["claims_matched"], c["gold_claims"])
        return {
            "claim_recall": r,
            "claim_precision": p,
            "claim_f1": _f(p, r),
            "quantity_recall": _ratio(c["quantities_found"], c["gold_quantities"]),
            "qualifier_accuracy": _ratio(c["qualifier_correct"], c["quantities_found"]),
            "speaker_accuracy": _ratio(c["speaker_correct"], c["claims_matched"]),
        }
    return {}


SCORERS: dict[str, Callable[[str, Any, ExtractionResult], Counter]] = {
    "polnear": score_polnear,
    "newsquant": score_newsquant,
    "rose-acu": score_rose,
    "averitec-dce": score_averitec,
    "seeds": score_seeds,
}
