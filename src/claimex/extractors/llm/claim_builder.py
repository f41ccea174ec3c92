"""A validated model reply → :class:`Claim` objects whose every span the library computed.

The model's quote is aligned with :class:`~claimex.core.grounding.Aligner` inside its chunk; the
speaker, cue, figures, time and place it names are located near that evidence with
:func:`~claimex.core.grounding.nearest_occurrence`. Quantities and hedges are checked against the
deterministic taggers, which supply units and hedge kinds the model does not give.
"""

from __future__ import annotations

from typing import Literal

from claimex.core.grounding import Aligner, nearest_occurrence
from claimex.core.schema import (
    Alignment,
    Attribution,
    Claim,
    Hedge,
    Place,
    Quantity,
    QuoteType,
    Source,
    Span,
    SpeakerType,
    TimeExpression,
)
from claimex.extractors.llm.chunking import Chunk
from claimex.extractors.llm.response_models import ClaimOut
from claimex.taggers.attribution import speaker_type
from claimex.taggers.hedges import find_hedges
from claimex.taggers.quantities import find_quantities, parse_number

__all__ = ["ClaimBuilder"]


def _overlaps(a: Span | None, b: Span) -> bool:
    return a is not None and a.start < b.end and b.start < a.end


class ClaimBuilder:
    """Turns the model's claims for one document into schema claims, numbered in order."""

    def __init__(self, text: str, ungrounded: Literal["keep", "drop"] = "keep") -> None:
        self.text, self.ungrounded = text, ungrounded
        self.aligner = Aligner(text)

    def build(self, out: ClaimOut, chunk: Chunk, n: int) -> Claim | None:
        """Claim ``c{n}`` from one model claim; None when its quote is not found and the policy
        drops ungrounded claims."""
        text = self.text
        g = self.aligner.align(out.quote, hint=chunk.start, within=(chunk.start, chunk.end))
        if g.alignment is Alignment.NONE and self.ungrounded == "drop":
            return None
        anchor = g.spans[0].start if g.spans else chunk.start
        lo, hi = (g.spans[0].start, g.spans[-1].end) if g.spans else (chunk.start, chunk.end)
        window = (max(chunk.start, lo - 400), min(chunk.end, hi + 300))

        def near(phrase: str) -> Span | None:
            return nearest_occurrence(text, phrase, window, anchor)

        return Claim(
            id=f"c{n}",
            text=out.claim.strip(),
            evidence=g.spans,
            alignment=g.alignment,
            attribution=self._attribution(out, window, anchor),
            quantities=self._quantities(out, (lo, hi), g.spans),
            hedges=self._hedges(out, (lo, hi)),
            times=[
                TimeExpression(
                    text=out.time, span=nearest_occurrence(text, out.time, window, anchor)
                )
            ]
            if out.time
            else [],
            places=[Place(text=out.place, span=nearest_occurrence(text, out.place, window, anchor))]
            if out.place
            else [],
            claim_type=out.claim_type,
        )

    def _attribution(self, out: ClaimOut, window: tuple[int, int], anchor: int) -> Attribution:
        if not out.speaker or out.speaker_type is SpeakerType.ARTICLE:
            return Attribution.article()
        text = self.text
        speaker_span = nearest_occurrence(text, out.speaker, window, anchor)
        cue_anchor = speaker_span.end if speaker_span else anchor
        via = []
        if out.via and out.via.strip().lower() != out.speaker.strip().lower():
            via.append(
                Source(
                    speaker=out.via,
                    speaker_type=speaker_type(out.via),
                    speaker_span=nearest_occurrence(text, out.via, window, anchor),
                )
            )
        qt = out.quote_type if out.quote_type is not QuoteType.NONE else QuoteType.INDIRECT
        return Attribution(
            speaker=out.speaker,
            speaker_type=out.speaker_type,
            cue=out.cue,
            speaker_span=speaker_span,
            cue_span=nearest_occurrence(text, out.cue, window, cue_anchor) if out.cue else None,
            quote_type=qt,
            via=via,
        )

    def _quantities(
        self, out: ClaimOut, bounds: tuple[int, int], spans: list[Span]
    ) -> list[Quantity]:
        """The model's quantities, located in the evidence and checked against the parser."""
        found = {
            q.span.start: q
            for s in spans
            for q in find_quantities(s.text, offset=s.start)
            if q.span
        }
        result = []
        for q in out.quantities:
            span = nearest_occurrence(self.text, q.text, bounds, bounds[0])
            parsed = next((p for p in found.values() if span and _overlaps(p.span, span)), None)
            value = q.value if q.value is not None else parse_number(q.text)
            result.append(
                Quantity(
                    text=q.text,
                    value=value,
                    qualifier=q.qualifier,
                    unit=parsed.unit if parsed else None,
                    counted=q.counted,
                    span=span,
                )
            )
        return result

    def _hedges(self, out: ClaimOut, bounds: tuple[int, int]) -> list[Hedge]:
        text = self.text
        known = {
            h.text.lower(): h for h in find_hedges(text[bounds[0] : bounds[1]], offset=bounds[0])
        }
        result = []
        for word in out.hedges:
            h = known.get(word.lower().strip())
            span = h.span if h else nearest_occurrence(text, word, bounds, bounds[0])
            result.append(Hedge(text=word, kind=h.kind if h else "other", span=span))
        return result
