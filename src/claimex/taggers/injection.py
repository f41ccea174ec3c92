"""Instruction-like text inside an article: the mark of a prompt injection.

Scraped pages carry text written for language models ("ignore all previous instructions and …").
It is part of the article, so a model that obeys it can quote it and look grounded. claimex finds
such paragraphs with a few patterns about the phenomenon (instructions addressed to a model), and
both extractors leave claims that quote only those paragraphs out, saying so in
``provenance.warnings``. News about prompt injection that quotes such text loses those quotes, and
is told why.
"""

from __future__ import annotations

import re

from claimex.core.schema import Claim

__all__ = ["find_instructions", "inside", "leave_out_injected"]

_TRIGGER = re.compile(
    r"\b(?:ignore|disregard|forget|override)\b[^.\n]{0,40}?\b(?:previous|prior|above|earlier|"
    r"all|any|your|the)\b[^.\n]{0,20}?\b(?:instructions?|prompts?|rules|directions|guidelines)\b"
    r"|\bsystem\s+(?:prompt|override|message|instruction)s?\b"
    r"|\byou\s+are\s+now\s+(?:a|an|the|in)\b"
    r"|\b(?:do\s+not|don't)\s+(?:extract|follow|summari[sz]e|output)\b"
    r"|\b(?:reply|respond|answer)\s+(?:only\s+)?with\s+(?:one|a|the|only|this|exactly)\b"
    r"|\bas\s+an?\s+(?:ai|language\s+model|llm)\b",
    re.I,
)
# Every trigger contains one of these; checking them first keeps ordinary news text fast.
_HINTS = (
    "ignore", "disregard", "forget", "override", "system prompt", "system message",
    "system instruction", "you are now", "not extract", "not follow", "not summari", "not output",
    "t extract", "t follow", "reply", "respond with", "respond only", "answer with", "answer only",
    "as an ai", "as a ai", "language model", "as an llm", "as a llm",
)  # fmt: skip
_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*")


def find_instructions(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of every paragraph that addresses instructions to a model."""
    lower = text.lower()
    if not any(h in lower for h in _HINTS) or _TRIGGER.search(text) is None:
        return []
    return [m.span() for m in _PARAGRAPH.finditer(text) if _TRIGGER.search(m.group())]


def inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(a <= start and end <= b for a, b in spans)


def leave_out_injected(text: str, claims: list[Claim]) -> tuple[list[Claim], list[str]]:
    """The claims that quote more than instruction-like paragraphs, renumbered, and a warning."""
    regions = find_instructions(text)
    if not regions:
        return claims, []
    kept = [
        c
        for c in claims
        if not (c.evidence and all(inside(regions, s.start, s.end) for s in c.evidence))
    ]
    where = ", ".join(f"{a}–{b}" for a, b in regions)
    warning = (
        f"instruction-like text at characters {where} (a prompt injection?); "
        f"{len(claims) - len(kept)} claim(s) quoting only it left out"
    )
    return [c.model_copy(update={"id": f"c{i}"}) for i, c in enumerate(kept, 1)], [warning]
