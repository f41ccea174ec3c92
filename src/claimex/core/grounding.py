"""Find where a quoted passage sits in the source text; the library's only source of offsets.

A model's quote is aligned in three steps — exact, normalised (whitespace, quote marks, dashes,
case, accents; NFC and NFD alike), then fuzzy (rapidfuzz) — and the result says which step
succeeded. Models miscount characters, so offsets they report are never used.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from claimex.core.schema import Alignment, Span

__all__ = ["Aligner", "Grounding", "align", "nearest_occurrence", "normalize"]

_CHAR_MAP = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "`": "'",
    "\u00b4": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2015": "-",
    "\u2212": "-",
    "\u2026": "...",
}
_ELLIPSIS = re.compile(r"\s*(?:\.\s?\.\s?\.|\u2026)\s*")
_STRIP = " \t\r\n\"'“”‘’«»"
_MIN_FUZZY_LEN = 12  # shorter quotes match too much by chance
_MAX_FUZZY_TEXT = 200_000  # partial alignment is quadratic; beyond this only exact/normalised


def _fold(ch: str) -> str:
    mapped = _CHAR_MAP.get(ch)
    if mapped is not None:
        return mapped
    if ch.isascii():
        return ch.lower()
    decomposed = unicodedata.normalize("NFKD", ch)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _normalize_with_map(text: str) -> tuple[str, list[int]]:
    """Normalised text plus, for every normalised character, the index it came from."""
    out: list[str] = []
    where: list[int] = []
    pending_space = False
    for i, ch in enumerate(text):
        if ch.isspace() or unicodedata.category(ch) == "Cc":
            pending_space = bool(out)
            continue
        folded = _fold(ch)
        if not folded:
            continue  # a combining mark: it belongs to the previous character
        if pending_space:
            out.append(" ")
            where.append(i)
            pending_space = False
        out.append(folded)
        where.extend([i] * len(folded))
    return "".join(out), where


def normalize(text: str) -> str:
    """The comparison form used by the aligner (also handy for deduplicating claim texts)."""
    return _normalize_with_map(text)[0]


@dataclass(frozen=True)
class Grounding:
    """Where a quote was found: one span, several (a quote with an ellipsis), or none."""

    spans: list[Span]
    alignment: Alignment
    score: float = 0.0

    @property
    def span(self) -> Span | None:
        return self.spans[0] if self.spans else None


_NOT_FOUND = Grounding([], Alignment.NONE, 0.0)
_RANK = {Alignment.EXACT: 0, Alignment.NORMALIZED: 1, Alignment.FUZZY: 2, Alignment.NONE: 3}


@dataclass
class Aligner:
    """Aligns many quotes against one text, caching its normalised form.

    Repeated passages resolve in reading order: each call prefers the first occurrence at or after
    ``hint`` that an earlier call has not claimed, so two claims quoting a sentence that appears
    twice get the two different places.
    """

    text: str
    fuzzy_threshold: float = 85.0
    _norm: str = field(init=False, repr=False)
    _map: list[int] = field(init=False, repr=False)
    _used: set[tuple[int, int]] = field(init=False, repr=False, default_factory=set)

    def __post_init__(self) -> None:
        self._norm, self._map = _normalize_with_map(self.text)

    def align(
        self, quote: str, *, hint: int = 0, within: tuple[int, int] | None = None
    ) -> Grounding:
        """Locate ``quote``; ``within=(a, b)`` searches ``text[a:b]`` only (offsets stay global)."""
        quote = quote.strip()
        if not quote.strip(_STRIP):
            return _NOT_FOUND
        lo, hi = within or (0, len(self.text))
        candidates = [quote]
        stripped = quote.strip(_STRIP)
        if stripped != quote:
            candidates.append(stripped)
        for cand in candidates:
            found = self._exact(cand, hint, lo, hi) or self._normalized(cand, hint, lo, hi)
            if found:
                return found
        parts = [p for p in _ELLIPSIS.split(stripped) if p.strip(_STRIP)]
        if len(parts) > 1:
            found = self._pieces(parts, hint, lo, hi)
            if found:
                return found
        return self._fuzzy(stripped, lo, hi) or _NOT_FOUND

    # -- strategies ---------------------------------------------------------------------------

    def _pick(self, starts: list[int], length: int, hint: int) -> int:
        free = [s for s in starts if (s, s + length) not in self._used]
        pool = free or starts
        after = [s for s in pool if s >= hint]
        return (after or pool)[0]

    def _claim(self, start: int, end: int, how: Alignment, score: float = 100.0) -> Grounding:
        self._used.add((start, end))
        return Grounding([Span.of(self.text, start, end)], how, score)

    def _exact(self, quote: str, hint: int, lo: int, hi: int) -> Grounding | None:
        starts = []
        i = self.text.find(quote, lo, hi)
        while i != -1:
            starts.append(i)
            i = self.text.find(quote, i + 1, hi)
        if not starts:
            return None
        s = self._pick(starts, len(quote), hint)
        return self._claim(s, s + len(quote), Alignment.EXACT)

    def _to_original(self, a: int, b: int) -> tuple[int, int]:
        """Map a normalised range back, keeping trailing combining marks with their letter."""
        start, end = self._map[a], self._map[b - 1] + 1
        while end < len(self.text) and unicodedata.combining(self.text[end]):
            end += 1
        return start, end

    def _norm_bounds(self, lo: int, hi: int) -> tuple[int, int]:
        return bisect.bisect_left(self._map, lo), bisect.bisect_left(self._map, hi)

    def _normalized(self, quote: str, hint: int, lo: int, hi: int) -> Grounding | None:
        nq = normalize(quote)
        if not nq:
            return None
        nlo, nhi = self._norm_bounds(lo, hi)
        starts = []
        i = self._norm.find(nq, nlo, nhi)
        while i != -1:
            starts.append(i)
            i = self._norm.find(nq, i + 1, nhi)
        if not starts:
            return None
        originals = [self._to_original(s, s + len(nq)) for s in starts]
        by_start = {o[0]: o for o in originals}
        free = [o for o in originals if o not in self._used] or originals
        after = [o for o in free if o[0] >= hint]
        start, end = by_start[(after or free)[0][0]]
        return self._claim(start, end, Alignment.NORMALIZED)

    def _pieces(self, parts: list[str], hint: int, lo: int, hi: int) -> Grounding | None:
        spans: list[Span] = []
        worst = Alignment.EXACT
        cursor = lo
        for part in parts:
            g = self.align(part, hint=max(hint, cursor), within=(cursor, hi))
            if g.alignment is Alignment.NONE:
                return None
            spans.extend(g.spans)
            cursor = g.spans[-1].end
            worst = max(worst, g.alignment, key=_RANK.__getitem__)
        return Grounding(spans, worst, 100.0 if worst is not Alignment.FUZZY else 90.0)

    def _fuzzy(self, quote: str, lo: int, hi: int) -> Grounding | None:
        nq = normalize(quote)
        nlo, nhi = self._norm_bounds(lo, hi)
        if len(nq) < _MIN_FUZZY_LEN or nhi - nlo > _MAX_FUZZY_TEXT or nhi <= nlo:
            return None
        res = fuzz.partial_ratio_alignment(
            nq, self._norm[nlo:nhi], score_cutoff=self.fuzzy_threshold
        )
        if res is None or res.dest_end <= res.dest_start:
            return None
        start, end = self._to_original(nlo + res.dest_start, nlo + res.dest_end)
        start, end = _snap_to_words(self.text, start, end)
        return self._claim(start, end, Alignment.FUZZY, res.score)


def _snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a fuzzy match that cuts a word in half to whole words, then trim spaces."""
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
        end += 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def align(quote: str, text: str, *, hint: int = 0) -> Grounding:
    """Align one quote against one text. Use :class:`Aligner` for many quotes of one text."""
    return Aligner(text).align(quote, hint=hint)


def nearest_occurrence(
    text: str, phrase: str | None, window: tuple[int, int], anchor: int
) -> Span | None:
    """The occurrence of a short phrase (a speaker, cue, figure, time or place the model named)
    in ``text[window]`` nearest to ``anchor``, case-insensitive and across any whitespace; None
    when it is not there. Names are located, never fuzzily matched: a near-miss name is a
    different person."""
    if not phrase or not phrase.strip():
        return None
    pattern = re.compile(r"\s+".join(map(re.escape, phrase.strip().split())), re.I)
    best: tuple[int, int] | None = None
    for m in pattern.finditer(text, window[0], window[1]):
        if best is None or abs(m.start() - anchor) < abs(best[0] - anchor):
            best = m.span()
    return None if best is None else Span.of(text, *best)
