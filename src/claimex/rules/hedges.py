"""Hedges and modality: words by which a text distances itself from a claim."""

from __future__ import annotations

import re

from ..models import Hedge, Span
from ..sentences import words_of

__all__ = ["find_hedges"]

_LEXICON: list[tuple[str, str]] = [
    (
        r"could not (?:independently )?(?:confirm|verify|"
        r"be (?:independently )?(?:confirmed|verified))"
        r"|(?:cannot|can't|couldn't|was unable to|were unable to|unable to) "
        r"(?:independently )?(?:confirm|verify)|not (?:been )?independently (?:confirmed|verified)"
        r"|unconfirmed|unverified",
        "negated_confirmation",
    ),
    (
        r"reportedly|purportedly|supposedly|allegedly|it was reported|is said to|are said to|"
        r"was said to|were said to",
        "evidential",
    ),
    (
        r"suspected|alleged|believed|presumed|apparently|apparent|possibly|possible|probably|"
        r"likely|unlikely|presumably|perhaps|unclear|appears? to|appeared to|seems? to|seemed to|"
        r"thought to|expected to|estimated",
        "epistemic",
    ),
    (r"may|might|could", "modal"),
]
_HEDGE = re.compile(
    "|".join(f"(?P<k{i}>\\b(?:{pat})\\b)" for i, (pat, _) in enumerate(_LEXICON)), re.I
)
_KINDS = [kind for _, kind in _LEXICON]


_KEYWORDS = frozenset(re.findall(r"[a-z]+", "".join(p for p, _ in _LEXICON))) - {
    "not", "be", "to", "is", "are", "was", "were", "it", "said", "independently", "been", "t",
    "can", "unable",
}  # fmt: skip


def find_hedges(text: str, *, offset: int = 0, words: frozenset[str] | None = None) -> list[Hedge]:
    """Hedge cues in ``text``; "could not confirm" is one negated confirmation, not a modal."""
    out: list[Hedge] = []
    if _KEYWORDS.isdisjoint(words_of(text) if words is None else words):
        return out
    for m in _HEDGE.finditer(text):
        kind = _KINDS[int(next(k for k, v in m.groupdict().items() if v)[1:])]
        span = Span.of_unchecked(m.start() + offset, m.end() + offset, m.group())
        out.append(Hedge.trusted(text=m.group(), kind=kind, span=span))
    return out
