"""Candidate-guided extraction (claims@v3): the rules propose, the model reviews, a fixed merge.

The rule extractor's claims are the candidates. Those whose text does not stand alone (an
unresolved pronoun or a deictic subject, by :mod:`claimex.taggers.standalone`) are shown to the
model, numbered, with their speaker and the words to resolve; the model writes only what they
lack — standalone sentences (one per atomic fact), a drop verdict, a speaker where the rules' is
wrong, claims the rules missed — and this module merges that back by rules that are the same on
every run:

* a candidate without a verdict (it already stands alone, its chunk failed, or the model skipped
  its number) is kept as the rules made it;
* a drop is honoured only for a candidate in the article's voice with no figure: what the rules
  attributed or counted stays, because a small model's drop judgement is the weaker one;
* rewrites are accepted when each takes at least half its content words from the chunk and a
  third from the candidate's text, and together they restate at least half of it (guards
  against invented facts and verdicts under the wrong number); several
  rewrites split the candidate, each part keeping the candidate's evidence and attribution and
  the figures its text mentions;
* a replacement speaker is accepted only for an attributed candidate, only when it is found in
  the candidate's sentence, does not overlap the rules' speaker and is not a pronoun;
* an added claim must quote the chunk, must not overlap a candidate's evidence, and is
  attributed only when both its speaker and its cue are found in that sentence.

A quotation that still speaks in the first person after the model's pass gets its speaker's name
before it (``According to Riquelme, “I don't think …”``, change ``voiced``). Spans always come
from the rules or from aligning the model's quote; every claim records its candidate and the
changes in :class:`~claimex.core.schema.ClaimOrigin`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

from claimex.core.grounding import Aligner, nearest_occurrence
from claimex.core.schema import (
    Alignment,
    Attribution,
    Change,
    Claim,
    ClaimOrigin,
    QuoteType,
    SpeakerType,
)
from claimex.extractors.llm.chunking import Chunk
from claimex.extractors.llm.response_models import AddedOut, ReviewOut, VerdictOut
from claimex.taggers.attribution import speaker_type
from claimex.taggers.hedges import find_hedges
from claimex.taggers.quantities import find_quantities
from claimex.taggers.sentences import split_sentences
from claimex.taggers.standalone import speaker_name, unresolved, voiced

__all__ = ["CandidateReview"]

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_MINOR = frozenset(
    "a an the of in on at to for and or but by with from as is are was were be been has have had "
    "that this it its he she they his her their them who which said says".split()
)


def _content(text: str) -> set[str]:
    return {w for w in (t.lower() for t in _WORD.findall(text)) if w not in _MINOR}


def _attributed(claim: Claim) -> bool:
    a = claim.attribution
    return a.speaker_type is not SpeakerType.ARTICLE or a.cue is not None


@dataclass
class _Candidate:
    n: int | None  # its number in the chunk's list as the model sees it; None: not shown
    claim: Claim
    verdict: VerdictOut | None = None


@dataclass
class _ChunkState:
    chunk: Chunk
    candidates: list[_Candidate] = field(default_factory=list)
    added: list[AddedOut] = field(default_factory=list)
    failure: str | None = None

    @functools.cached_property
    def words(self) -> set[str]:
        """The chunk's content words and the names its candidate list showed the model."""
        shown = (_shown_speaker(c.claim) for c in self.candidates if c.n is not None)
        return _content(self.chunk.text) | _content(" ".join(filter(None, shown)))


class CandidateReview:
    """One document's candidates, the model's verdicts per chunk, and the merge."""

    def __init__(self, text: str, candidates: list[Claim], chunks: list[Chunk]) -> None:
        self.text = text
        self.sentences = [(s.start, s.end) for s in split_sentences(text)]
        self.aligner = Aligner(text)
        self.chunks = [_ChunkState(c) for c in chunks]
        for claim in candidates:
            start = claim.evidence[0].start if claim.evidence else 0
            state = next(
                (s for s in reversed(self.chunks) if s.chunk.start <= start), self.chunks[0]
            )
            shown = sum(c.n is not None for c in state.candidates)
            n = shown + 1 if unresolved(claim.text) else None
            state.candidates.append(_Candidate(n, claim))
        self.warnings: list[str] = []

    def sentence_of(self, claim: Claim) -> tuple[int, int]:
        """The sentences a candidate's evidence, speaker and cue lie in: what the model reads."""
        a = claim.attribution
        spans = [*claim.evidence, *(s for s in (a.speaker_span, a.cue_span) if s)]
        if not spans:
            return 0, 0
        lo, hi = min(s.start for s in spans), max(s.end for s in spans)
        inside = [(x, y) for x, y in self.sentences if x < hi and lo < y]
        if inside:
            lo, hi = min(lo, inside[0][0]), max(hi, inside[-1][1])
        return lo, hi

    # -- what the prompt shows ---------------------------------------------------------------

    def variables(self, index: int) -> dict[str, Any]:
        """The template variables of chunk ``index``: the candidates the model should rewrite."""
        rows = []
        for cand in self.chunks[index].candidates:
            if cand.n is None:
                continue
            c = cand.claim
            rows.append(
                {
                    "n": cand.n,
                    "text": c.text,
                    "speaker": _shown_speaker(c),
                    "resolve": unresolved(c.text),
                }
            )
        return {"candidates": rows}

    # -- what the model answered ---------------------------------------------------------------

    def answer(self, index: int, reply: ReviewOut) -> None:
        state = self.chunks[index]
        by_n = {c.n: c for c in state.candidates if c.n is not None}
        for verdict in reply.reviews:
            cand = by_n.get(verdict.n)
            if cand is not None and cand.verdict is None:
                cand.verdict = verdict
        state.added = list(reply.missed)

    def fail(self, index: int, reason: str) -> None:
        self.chunks[index].failure = reason

    @property
    def asked(self) -> int:
        """How many chunks have candidates to show, i.e. need the model."""
        return sum(any(c.n is not None for c in s.candidates) for s in self.chunks)

    @property
    def failures(self) -> list[str]:
        total = len(self.chunks)
        return [
            f"chunk {i + 1} of {total}: {s.failure}"
            for i, s in enumerate(self.chunks)
            if s.failure is not None
        ]

    # -- the merge -----------------------------------------------------------------------------

    def claims(self) -> list[Claim]:
        """Every claim in text order, numbered c1, c2, …"""
        merged: list[Claim] = []
        dropped, refused, rejected = [], [], 0
        for state in self.chunks:
            for cand in state.candidates:
                outcome = self._merge(state, cand)
                if outcome is None:
                    dropped.append(cand.claim.id)
                    continue
                parts, refused_drop = outcome
                if refused_drop:
                    refused.append(cand.claim.id)
                merged.extend(parts)
            for added in state.added:
                claim = self._added(state, added, merged)
                if claim is None:
                    rejected += 1
                else:
                    merged.append(claim)
        if dropped:
            self.warnings.append(
                f"left out {len(dropped)} rule candidate(s) the model judged not to be claims: "
                + ", ".join(dropped)
            )
        if refused:
            self.warnings.append(
                f"kept {len(refused)} candidate(s) the model would drop, because they carry an "
                "attribution or a figure: " + ", ".join(refused)
            )
        if rejected:
            self.warnings.append(
                f"left out {rejected} added claim(s) whose quote is not in the text or repeats "
                "a candidate"
            )
        merged.sort(key=lambda c: c.evidence[0].start if c.evidence else len(self.text))
        return [c.model_copy(update={"id": f"c{i}"}) for i, c in enumerate(merged, 1)]

    def _merge(self, state: _ChunkState, cand: _Candidate) -> tuple[list[Claim], bool] | None:
        claim, verdict = cand.claim, cand.verdict
        if verdict is None:
            return [_with_origin(claim, ClaimOrigin(candidate=claim.id))], False
        protected = _attributed(claim) or bool(claim.quantities)
        if verdict.drop and not protected:
            return None
        changes: list[Change] = []
        attribution, rule_speaker = self._speaker(claim, verdict)
        if attribution is not claim.attribution:
            changes.append("speaker")
        texts = self._rewrites(state, cand, verdict)
        if not texts or texts == [claim.text]:
            texts = [claim.text]
        else:
            changes.append("text" if len(texts) == 1 else "split")
        voiced = [_voiced(t, attribution) for t in texts]
        if voiced != texts:
            texts = voiced
            changes.append("voiced")
        parts = []
        for i, t in enumerate(texts):
            quantities = claim.quantities
            if len(texts) > 1:
                quantities = [
                    q
                    for q in claim.quantities
                    if _mentions(t, q.text)
                    or (i == 0 and not any(_mentions(other, q.text) for other in texts))
                ]
            origin = ClaimOrigin(
                candidate=claim.id, reviewed=True, changes=changes, rule_speaker=rule_speaker
            )
            parts.append(
                claim.model_copy(
                    update={
                        "text": t,
                        "attribution": attribution,
                        "quantities": quantities,
                        "origin": origin,
                    }
                )
            )
        return parts, verdict.drop

    def _rewrites(self, state: _ChunkState, cand: _Candidate, verdict: VerdictOut) -> list[str]:
        """The model's texts for a candidate, or [] when they fail the guards: every text must
        take at least half its content words from the chunk (or the names the list showed) and
        a third from the candidate's text, and together they must restate at least half of that
        text — so invented facts and verdicts given under the wrong number are not taken."""
        chunk_words = state.words
        own = _content(cand.claim.text)
        texts: list[str] = []
        for raw in verdict.claims:
            t = " ".join(raw.split())
            words = _content(t)
            if not words or t in texts:
                continue
            if len(words & chunk_words) < 0.5 * len(words) or len(words & own) < len(words) / 3:
                return []
            texts.append(t)
        restated = set().union(*(_content(t) for t in texts)) if texts else set()
        if own and len(restated & own) < 0.5 * len(own):
            return []
        return texts

    def _speaker(self, claim: Claim, verdict: VerdictOut) -> tuple[Attribution, str | None]:
        a = claim.attribution
        said = (verdict.speaker or "").strip()
        if not said or not _attributed(claim) or not claim.evidence or unresolved(said):
            return a, None  # a pronoun ("he") never replaces a speaker
        if said.lower() in {s.lower() for s in (a.speaker, a.speaker_normalized) if s}:
            return a, None
        lo, hi = self.sentence_of(claim)
        anchor = a.speaker_span.start if a.speaker_span else lo
        span = nearest_occurrence(self.text, said, (lo, hi), anchor)
        if span is None:
            return a, None
        old = a.speaker_span
        if old is not None and span.start < old.end and old.start < span.end:
            return a, None
        new = a.model_copy(
            update={
                "speaker": span.text,
                "speaker_normalized": None,
                "speaker_type": speaker_type(span.text),
                "speaker_span": span,
            }
        )
        return new, a.speaker

    def _added(self, state: _ChunkState, out: AddedOut, merged: list[Claim]) -> Claim | None:
        chunk = state.chunk
        g = self.aligner.align(out.quote, hint=chunk.start, within=(chunk.start, chunk.end))
        if g.alignment is Alignment.NONE or not g.spans:
            return None
        lo, hi = g.spans[0].start, g.spans[-1].end
        for c in merged:
            for e in c.evidence:
                if min(hi, e.end) - max(lo, e.start) >= 0.5 * min(hi - lo, e.end - e.start):
                    return None
        speaker = nearest_occurrence(self.text, out.speaker, (lo, hi), lo)
        cue = nearest_occurrence(self.text, out.cue, (lo, hi), speaker.end if speaker else lo)
        attribution = Attribution.article()
        if speaker is not None and cue is not None:
            attribution = Attribution(
                speaker=speaker.text,
                speaker_type=speaker_type(speaker.text),
                cue=cue.text,
                speaker_span=speaker,
                cue_span=cue,
                quote_type=QuoteType.INDIRECT,
            )
        quantities = [q for s in g.spans for q in find_quantities(s.text, offset=s.start)]
        hedges = [h for s in g.spans for h in find_hedges(s.text, offset=s.start)]
        return Claim(
            id="c0",
            text=" ".join(out.claim.split()) or g.spans[0].text,
            evidence=g.spans,
            alignment=g.alignment,
            attribution=attribution,
            quantities=quantities,
            hedges=hedges,
            origin=ClaimOrigin(reviewed=True, changes=["added"]),
        )


def _voiced(text: str, attribution: Attribution) -> str:
    """A quotation that still says "I" or "we" after the model's pass, with its speaker's name
    put before it, as the rules do (:func:`claimex.taggers.standalone.voiced`)."""
    name = speaker_name(attribution.speaker, attribution.speaker_normalized)
    return voiced(text, name) if name else text


def _shown_speaker(claim: Claim) -> str | None:
    """The speaker as written, with the name the rules resolved a pronoun or surname to."""
    if not _attributed(claim):
        return None
    a = claim.attribution
    if a.speaker and a.speaker_normalized and a.speaker_normalized.lower() != a.speaker.lower():
        return f"{a.speaker} (= {a.speaker_normalized})"
    return a.speaker


def _mentions(text: str, figure: str) -> bool:
    """Whether a claim text repeats a figure: its digits, or the figure as written."""
    digits = re.findall(r"\d[\d,.]*", figure)
    if digits:
        return all(d.rstrip(".,") in text for d in digits)
    return figure.lower() in text.lower()


def _with_origin(claim: Claim, origin: ClaimOrigin) -> Claim:
    return claim.model_copy(update={"origin": origin})
