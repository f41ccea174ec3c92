"""Grouping mentions across documents and labelling each group, with the reasons written down.

Deterministic: the same documents in the same order give the same groups, ids and labels. Figures
are grouped by what they count (see :mod:`.facts`); statements without figures by their wording
(rapidfuzz token-set similarity), because the same quotation or wire sentence is copied between
reports with small edits.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict

from rapidfuzz import fuzz
from rapidfuzz.process import extract

from claimex.compare.comparison import FactGroup, Label, Mention, Role, short_name
from claimex.compare.facts import FactKey, KeyedMention
from claimex.core.schema import Qualifier

__all__ = ["STATEMENT_SIMILARITY", "current_of", "group_mentions"]

STATEMENT_SIMILARITY = 85  # token-set similarity (0–100) above which two statements are one fact
MEASURE_SIMILARITY = 70  # for figures that count nothing: how alike the rest of the claims are
FLOOR_GAP = 15  # complete-link floor below the joining threshold
_MIN_WORDS = 5  # shorter statements ("He said so.") are too generic to group by wording

_QUALIFIER_WORDS = {
    Qualifier.AT_LEAST: "at least",
    Qualifier.MORE_THAN: "more than",
    Qualifier.ABOUT: "about",
    Qualifier.NEARLY: "nearly",
    Qualifier.AT_MOST: "at most",
    Qualifier.LESS_THAN: "less than",
}
_LOOSE = {Qualifier.EXACT, Qualifier.ABOUT, Qualifier.NEARLY, None}


def _norm(text: str) -> str:
    """Words as compared: lower-cased, one apostrophe, punctuation and quotation marks gone
    ("security." is "security")."""
    return _PUNCT.sub(" ", re.sub(r"[’‘`]", "'", text.lower()))


_PUNCT = re.compile(r"[^\w\s']")


def _interval(m: Mention) -> tuple[float, float] | None:
    v = m.value
    if v is None:
        return None
    q = m.qualifier
    if q in (Qualifier.AT_LEAST, Qualifier.MORE_THAN):
        return (v, math.inf)
    if q in (Qualifier.AT_MOST, Qualifier.LESS_THAN):
        return (0.0, v)
    if q in (Qualifier.ABOUT, Qualifier.NEARLY):
        return (v * 0.9, v * 1.1)
    return (v, v)


def _phrase(m: Mention) -> str:
    if not m.quantity_text:
        return "?" if m.value is None else f"{m.value:g}"
    text = m.quantity_text[0].lower() + m.quantity_text[1:]
    if m.unit and m.unit.isalpha() and m.unit not in text.lower():
        text += f" {m.unit}"  # "less than 50 miles" next to "about an hour"
    return text


def _values(ms: list[Mention]) -> str:
    seen: dict[str, None] = {}
    for m in ms:
        seen.setdefault(_phrase(m))
    return " / ".join(seen)


# Figures that are not a total of the fact: a change ("seven more") or a part ("including two").
_NOT_TOTALS = frozenset({Role.INCREMENT, Role.PART})


def _label_figures(ms: list[Mention], docs: list[str]) -> tuple[Label, str, list[str]]:
    """Label figures: revision cues, then equal values, then report times, then ranges."""
    figures = [m for m in ms if m.value is not None and m.role not in _NOT_TOTALS]
    if not figures:
        if len(docs) == 1:
            return Label.SINGLE_SOURCE, _values(ms), [f"only {short_name(docs[0])} states it"]
        return Label.AGREE, _values(ms), ["no source gives a number"]
    previous = [m for m in figures if m.role is Role.PREVIOUS]
    current = [m for m in figures if m.role is not Role.PREVIOUS]
    updated = [m for m in current if m.role is Role.UPDATED]
    reasons: list[str] = []
    old_values = {m.value for m in previous}
    if previous or updated:
        new = updated or current
        new_values = {m.value for m in new}
        old = previous + [m for m in current if m.value not in new_values]
        if old and old_values | {m.value for m in old} != new_values:
            for m in previous:
                reasons.append(f"{short_name(m.doc_id)} says {_phrase(m)!r} was an earlier figure")
            for m in updated:
                reasons.append(
                    f"{short_name(m.doc_id)} gives {_phrase(m)!r} as the figure after a change"
                )
            return Label.REVISE, f"{_values(old)} → {_values(new)}", reasons
    values = {m.value for m in current}
    if len(docs) == 1:
        return Label.SINGLE_SOURCE, _values(current), [f"only {short_name(docs[0])} states it"]
    if len(values) == 1:
        qualifiers = {m.qualifier for m in current}
        if len(qualifiers) == 1 or qualifiers <= _LOOSE:
            return Label.AGREE, f"{_values(current)} in {len(docs)} sources", reasons
        reasons.append("the same figure, given as a bound by some sources and exactly by others")
        return Label.REFINE, _values(current), reasons
    units = {m.unit for m in current if m.unit}
    if len(units) > 1:
        reasons.append(f"different measures ({', '.join(sorted(units))}): not comparable")
        return Label.REFINE, _values(current), reasons
    times = {m.doc_id: m.report_time for m in current}
    if None not in times.values() and len(set(times.values())) > 1:
        latest = max(t for t in times.values() if t is not None)
        new = [m for m in current if m.report_time == latest]
        old = [m for m in current if m.report_time != latest]
        if {m.value for m in new}.isdisjoint({m.value for m in old}):
            reasons.append(f"the reports giving {_values(new)} are the latest (as of {latest})")
            return Label.REVISE, f"{_values(old)} → {_values(new)}", reasons
    spans = [i for i in map(_interval, current) if i is not None]
    if max(lo for lo, _ in spans) <= min(hi for _, hi in spans):
        reasons.append("the figures are compatible; some are more precise")
        return Label.REFINE, _values(current), reasons
    reasons.append("the figures cannot all be true, and nothing says one replaced another")
    return Label.CONFLICT, " vs ".join(_values([m]) for m in current), reasons


def _clusters(texts: list[str], threshold: int) -> list[list[int]]:
    """Clusters of texts: pairs at ``threshold`` or above join, best pairs first, but only when
    every member of the two clusters is at least ``threshold - FLOOR_GAP`` alike, so a caption that
    shares boilerplate with one report's caption does not chain unrelated captions together."""
    floor = threshold - FLOOR_GAP
    score: dict[tuple[int, int], float] = {}
    for i, text in enumerate(texts[:-1]):
        hits = extract(
            text, texts[i + 1 :], scorer=fuzz.token_set_ratio, score_cutoff=floor, limit=None
        )
        for _, s, j in hits:
            score[(i, i + 1 + j)] = s
    members = {i: [i] for i in range(len(texts))}
    owner = list(range(len(texts)))
    for (i, j), s in sorted(score.items(), key=lambda kv: (-kv[1], kv[0])):
        a, b = owner[i], owner[j]
        if s < threshold or a == b:
            continue
        pairs = ((min(x, y), max(x, y)) for x in members[a] for y in members[b])
        if all(p in score for p in pairs):
            for x in members[b]:
                owner[x] = a
            members[a].extend(members.pop(b))
    return [sorted(m) for m in sorted(members.values())]


def _by_wording(items: list[KeyedMention], threshold: int) -> list[list[KeyedMention]]:
    short = [k for k in items if len(k.context.split()) < _MIN_WORDS]
    long = [k for k in items if len(k.context.split()) >= _MIN_WORDS]
    found = [[long[i] for i in c] for c in _clusters([_norm(k.context) for k in long], threshold)]
    return found + [[k] for k in short]


def group_mentions(
    keyed: list[KeyedMention], order: list[str], *, similarity: int = STATEMENT_SIMILARITY
) -> list[FactGroup]:
    """All mentions of all documents as labelled groups: figures first, then statements."""
    rank = {doc: i for i, doc in enumerate(order)}
    by_key: dict[FactKey, list[KeyedMention]] = defaultdict(list)
    statements: list[KeyedMention] = []
    loose: list[KeyedMention] = []
    for k in keyed:
        if k.key is None:
            (statements if k.mention.quantity_text is None else loose).append(k)
        else:
            by_key[k.key].append(k)
    figure_groups: list[tuple[str, list[KeyedMention], list[str]]] = []
    for key, items in by_key.items():
        if key.kind == "measure":
            for cluster in _by_wording(items, MEASURE_SIMILARITY):
                first = min(cluster, key=lambda k: _sort_key(k.mention, rank)).mention
                why = [f"{key.name} in claims worded at least {MEASURE_SIMILARITY}% alike"]
                figure_groups.append((f"{key.name}: {first.claim_text}", cluster, why))
        else:
            kind = "fact" if key.kind == "distance" else "count"
            figure_groups.append((key.name, items, [f"same {kind}: {key.name}"]))
    for k in loose:  # figures with no key at all stay on their own
        figure_groups.append((k.mention.quantity_text or "figure", [k], ["a figure with no key"]))

    def position(items: list[KeyedMention]) -> tuple[int, int]:
        first = min(items, key=lambda k: _sort_key(k.mention, rank))
        return _sort_key(first.mention, rank)

    groups: list[FactGroup] = []
    figure_groups.sort(key=lambda g: (-_n_docs(g[1]), position(g[1])))
    for fact, items, why in figure_groups:
        ms = sorted((k.mention for k in items), key=lambda m: _sort_key(m, rank))
        docs = sorted({m.doc_id for m in ms}, key=rank.__getitem__)
        label, summary, reasons = _label_figures(ms, docs)
        groups.append(
            _group(len(groups), "quantity", fact, label, summary, why + reasons, docs, ms)
        )
    clusters = _by_wording(statements, similarity)
    clusters.sort(key=lambda c: (-_n_docs(c), position(c)))
    for cluster in clusters:
        ms = sorted((k.mention for k in cluster), key=lambda m: _sort_key(m, rank))
        docs = sorted({m.doc_id for m in ms}, key=rank.__getitem__)
        if len(docs) > 1:
            label, why = Label.AGREE, [f"wording at least {similarity}% alike"]
            summary = f"stated in {len(docs)} sources"
        else:
            label, why, summary = (
                Label.SINGLE_SOURCE,
                [f"only {short_name(docs[0])} states it"],
                "1 source",
            )
        groups.append(
            _group(len(groups), "statement", ms[0].claim_text, label, summary, why, docs, ms)
        )
    return groups


def _n_docs(items: list[KeyedMention]) -> int:
    return len({k.mention.doc_id for k in items})


def _sort_key(m: Mention, rank: dict[str, int]) -> tuple[int, int]:
    return (rank[m.doc_id], m.evidence.start if m.evidence else 0)


_ROLE_RANK = {Role.PREVIOUS: 0, Role.PART: 0, Role.CURRENT: 1, Role.INCREMENT: 1, Role.UPDATED: 2}


def current_of(ms: list[Mention]) -> tuple[int | None, str | None]:
    """The figure that stands now, and why: the latest report's (a report without a time counts
    as the oldest); within one report time, a revision's new value beats its old one, and a value
    no report calls an earlier figure beats one that some report does; among equals, the first
    given."""
    figures = [(i, m) for i, m in enumerate(ms) if m.value is not None and m.role is not Role.PART]
    if not figures:
        return None, None
    stale = {m.value for m in ms if m.role is Role.PREVIOUS}  # a value some report replaced

    def rank(f: tuple[int, Mention]) -> tuple[dt.date, int, bool, int]:
        m = f[1]
        fresh = m.role is Role.UPDATED or m.value not in stale
        return (m.report_time or dt.date.min, _ROLE_RANK[m.role], fresh, -f[0])

    i, m = max(figures, key=rank)
    timed = {x.report_time for _, x in figures if x.report_time is not None}
    if m.role is Role.UPDATED:
        why = f"{short_name(m.doc_id)} gives it as the figure after a change"
    elif m.report_time is not None and len(timed) > 1:
        why = f"the latest report ({short_name(m.doc_id)}, {m.report_time})"
    elif len(figures) == 1:
        why = "the only figure"
    else:
        why = "no report is later than another; the first given"
    return i, why


def _group(
    i: int,
    kind: str,
    fact: str,
    label: Label,
    summary: str,
    reasons: list[str],
    docs: list[str],
    ms: list[Mention],
) -> FactGroup:
    current, why = current_of(ms) if kind == "quantity" else (None, None)
    return FactGroup(
        id=f"g{i + 1}",
        kind=kind,
        fact=fact,
        label=label,
        summary=summary,
        reasons=reasons,
        sources=docs,
        mentions=ms,
        current=current,
        current_reason=why,
    )
