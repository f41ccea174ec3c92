"""Hedges and modality: words by which a text distances itself from a claim."""

from __future__ import annotations

import re

from claimex.core.schema import Hedge, Span
from claimex.taggers.sentences import lowered, words_of

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
_HEDGE_RE = "|".join(f"(?P<k{i}>\\b(?:{pat})\\b)" for i, (pat, _) in enumerate(_LEXICON))
_HEDGE = re.compile(_HEDGE_RE, re.I)
_HEDGE_LOWER = re.compile(_HEDGE_RE)  # for lower-cased text: every word above is lower-case
_KINDS = [kind for _, kind in _LEXICON]


# Every hedge above holds one of these words, or "said to" ("is said to"); a sentence with
# neither is not scanned. Listed by hand: "appears?" must give "appear" and "appears".
_KEYWORDS = frozenset(
    "could confirm verify confirmed verified unconfirmed unverified reportedly purportedly "
    "supposedly allegedly reported suspected alleged believed presumed apparently apparent "
    "possibly possible probably likely unlikely presumably perhaps unclear appear appears "
    "appeared seem seems seemed thought expected estimated may might".split()
)


def find_hedges(text: str, *, offset: int = 0, words: frozenset[str] | None = None) -> list[Hedge]:
    """Hedge cues in ``text``; "could not confirm" is one negated confirmation, not a modal."""
    out: list[Hedge] = []
    words = words_of(text) if words is None else words
    keyword = not _KEYWORDS.isdisjoint(words)
    if not keyword and ("said" not in words or "to" not in words):
        return out
    low = lowered(text)
    if not keyword and low is not None and "said to" not in low:
        return out
    for m in _HEDGE.finditer(text) if low is None else _HEDGE_LOWER.finditer(low):
        kind = _KINDS[int(m.lastgroup[1:])]  # type: ignore[index]
        a, b = m.span()
        if kind == "modal" and text[a:b].istitle() and text[:a].strip(" \"“‘'("):
            continue  # "in May 2019", "Theresa May": inside a sentence, a month or a name
        span = Span.of_unchecked(a + offset, b + offset, text[a:b])
        out.append(Hedge.trusted(text=span.text, kind=kind, span=span))
    return out
