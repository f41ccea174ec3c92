"""Scoring fact groups against hand-written gold (``seeds/compare_gold.json``).

A gold group lists its members by file and character offsets. A member is *found* when a predicted
mention in the same document overlaps it (figures are matched to figures first). Then:

- ``member_recall``: gold members found in any predicted group;
- ``group_precision`` / ``group_recall``: pairwise, as in clustering evaluation. Over pairs of
  gold members, precision is the share of pairs put in one predicted group that share a gold
  group (found members only); recall is the share of gold-group pairs put in one predicted group
  (a member not found misses all its pairs);
- ``label_accuracy``: gold groups whose members' predicted group (the one holding most of them)
  has the gold label; a group with no member found counts as wrong.

Predicted groups with no gold member are not scored: the gold covers the facts that matter, not
every sentence.
"""

from __future__ import annotations

import itertools
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimex.compare.comparison import Comparison, Mention, Scope
from claimex.compare.grouping import current_of
from claimex.core.errors import InputError

__all__ = [
    "CompareGold",
    "current_figure",
    "load_compare_gold",
    "score_comparison",
    "score_incident",
]


@dataclass(frozen=True)
class CompareGold:
    path: Path
    documents: list[str]
    groups: list[dict[str, Any]]


def load_compare_gold(path: str | Path) -> CompareGold:
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return CompareGold(path, list(data["documents"]), list(data["groups"]))
    except (OSError, ValueError, KeyError) as exc:
        raise InputError(f"{path}: not a comparison gold file: {exc}") from None


def _overlap(m: Mention, start: int, end: int) -> int:
    if m.evidence is None:
        return 0
    return max(0, min(end, m.evidence.end) - max(start, m.evidence.start))


def _find(c: Comparison, doc_id: str, member: dict[str, Any], figure: bool) -> str | None:
    """The id of the predicted group holding the mention that best overlaps a gold member."""
    best: tuple[tuple[bool, int], str] | None = None
    for g in c.groups:
        for m in g.mentions:
            if m.doc_id != doc_id:
                continue
            size = _overlap(m, member["start"], member["end"])
            if size == 0:
                continue
            rank = ((m.quantity_text is not None) == figure, size)
            if best is None or rank > best[0]:
                best = (rank, g.id)
    return best[1] if best else None


def score_comparison(c: Comparison, gold: CompareGold, doc_ids: dict[str, str]) -> dict[str, float]:
    """Scores of one comparison; ``doc_ids`` maps the gold's file names to the comparison's ids."""
    labels = {g.id: g.label.value for g in c.groups}
    found: list[tuple[int, str | None]] = []  # (gold group index, predicted group id)
    for i, group in enumerate(gold.groups):
        figure = group.get("kind") == "quantity"
        for member in group["members"]:
            doc_id = doc_ids.get(member["file"])
            found.append((i, _find(c, doc_id, member, figure) if doc_id else None))
    pairs: Counter[str] = Counter()
    for (gi, pi), (gj, pj) in itertools.combinations(found, 2):
        same_gold = gi == gj
        pairs["gold_same"] += same_gold
        if pi is None or pj is None:
            continue
        pairs["pred_same"] += pi == pj
        pairs["both_same"] += same_gold and pi == pj
    right = 0
    for i, group in enumerate(gold.groups):
        predicted = Counter(p for g, p in found if g == i and p is not None)
        if predicted and labels[predicted.most_common(1)[0][0]] == group["label"]:
            right += 1
    n = len(found)
    return {
        "member_recall": sum(p is not None for _, p in found) / n if n else 0.0,
        "group_precision": pairs["both_same"] / pairs["pred_same"] if pairs["pred_same"] else 0.0,
        "group_recall": pairs["both_same"] / pairs["gold_same"] if pairs["gold_same"] else 0.0,
        "label_accuracy": right / len(gold.groups) if gold.groups else 0.0,
    }


def current_figure(comparison: Comparison, event: str) -> tuple[Mention | None, int]:
    """The tool's current figure for ``event`` ("killed", "injured") over an incident's reports,
    as compare states it: among the groups about that event, the current of their current
    figures (``FactGroup.current``, by the same rule); and how many such groups there are."""
    groups = [g for g in comparison.groups if g.kind == "quantity" and g.fact.endswith(event)]
    currents = [m for g in groups if (m := g.current_mention) is not None]
    at, _ = current_of(currents)
    return (currents[at] if at is not None else None), len(groups)


def score_incident(comparison: Comparison, gold: dict[str, Any]) -> Counter:
    """Counts for one multi-report incident against its final casualty counts (GVA): whether a
    death (injury) figure was found, whether the current one equals the total or the victims-only
    count, and whether all death figures fell into one group."""
    counts: Counter = Counter({"incidents": 1})
    for event, total, victims in (
        ("killed", gold.get("killed_total"), gold.get("killed_victims")),
        ("injured", gold.get("injured_total"), gold.get("injured_victims")),
    ):
        if not total:
            continue
        counts[f"{event}_incidents"] += 1
        figure, groups = current_figure(comparison, event)
        if figure is None:
            continue
        counts[f"{event}_found"] += 1
        counts[f"{event}_groups"] += groups
        counts[f"{event}_one_group"] += groups == 1
        value = figure.value
        counts[f"{event}_total_right"] += value == total
        counts[f"{event}_victims_right"] += value == victims
        counts[f"{event}_right"] += value in (total, victims)
        if figure.scope is not None:  # the text says whom it counts: hold it to that count
            counts[f"{event}_scoped"] += 1
            scoped = total if figure.scope is Scope.WITH_SHOOTER else victims
            counts[f"{event}_scoped_right"] += value == scoped
    for g in comparison.groups:
        counts[f"label_{g.label.value}"] += 1
    return counts
