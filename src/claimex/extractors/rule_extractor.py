"""The deterministic rule extractor: offline, fast, no model download, never raises on text.

One claim per sentence that states something: its evidence is the sentence's content (the
attribution frame removed), its attribution comes from the sentence's frame, from the quotation it
sits in, or — for a quote with no frame of its own — from the quote just before it.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from claimex._version import __version__
from claimex.core.errors import ConfigurationError
from claimex.core.hashing import text_sha256
from claimex.core.schema import (
    Alignment,
    Attribution,
    Claim,
    ClaimType,
    ExtractionResult,
    Place,
    Provenance,
    QuoteType,
    Source,
    Span,
    SpeakerType,
)
from claimex.extractors.base import MAX_CHARS, check_text
from claimex.taggers.attribution import (
    AFTER_QUOTE,
    ATTITUDE,
    CUE_WORDS,
    Frame,
    QuoteIndex,
    QuoteRegion,
    find_frame,
    find_quote_regions,
    opens_with_frame,
    speaker_head,
    speaker_type,
    without_addressee,
)
from claimex.taggers.cue_lexicon import cue_pos
from claimex.taggers.hedges import find_hedges
from claimex.taggers.injection import leave_out_injected
from claimex.taggers.parse import load_parser, parse_text
from claimex.taggers.parsed_attribution import (
    ParsedFrame,
    cue_span,
    find_lead_ins,
    find_text_frames,
    is_idiom,
)
from claimex.taggers.places import find_places
from claimex.taggers.quantities import find_quantities
from claimex.taggers.sentences import Sentence, split_sentences, words_of
from claimex.taggers.standalone import (
    PRONOUNS,
    RELATIVE_PRONOUNS,
    SpeakerKind,
    according_to,
    said_of_speaker,
    speaker_name,
    voiced,
    without_complementizer,
)
from claimex.taggers.timex import find_times

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token as SpacyToken

__all__ = ["RuleExtractor", "RulesProfile"]

RulesProfile = Literal["accurate", "fast"]

_BOILERPLATE_START = re.compile(
    r"(?:image|photo|picture|video|sign up|subscribe|by submitting|click|read more|"
    r"advertisement|follow us|share this|related:|copyright|©|\(.*(?:photo|image)[^)]*\)$)",
    re.I,
)
# Credits anywhere in the line; each contains "photo" or "image", tested first because cheaper.
_CREDIT = re.compile(r"(?:image|photo) by \w+\s*$|/\s*AP Photo\)?$|AP Photo/", re.I)
_PREDICTION = re.compile(
    r"\b(?:will|would|is due to|are due to|is slated to|plans? to|planned to|intends? to|"
    r"is expected to|are expected to|is set to|are set to)\b",
    re.I,
)
# Each prediction cue holds one of these words; testing the sentence's word set first is cheaper.
_BODIES = frozenset({SpeakerType.ORGANISATION, SpeakerType.OUTLET, SpeakerType.DOCUMENT})
_PREDICTION_WORDS = frozenset(
    "will would due slated plan plans planned intend intends expected set".split()
)
_TITLE = re.compile(
    r"^(?:(?:the|former|state|federal|U\.S\.|US|Mexican|[A-Z][a-z]+)\s+)*?"
    r"(?:Gov\.|Governor|President|Mayor|Sen\.|Senator|Rep\.|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Gen\.|"
    r"Prof\.|Professor|Sir|Dame|Lord|Attorney General|Minister|"
    r"Secretary of (?:State|Defen[cs]e|the Treasury|Homeland Security|Education|Energy|Health|"
    r"Labor|Commerce|Agriculture|Transportation|the Interior|the Navy|the Army)|Secretary|"
    r"Chancellor|"
    r"Congressman|Congresswoman|Representative|Ambassador|Judge|Justice|Sheriff|host|"
    r"[Cc]hief [Ee]xecutive(?: [Oo]fficer)?|[Cc]hair(?:man|woman)|[Ss]pokes(?:man|woman|person)|"
    r"[Ff]ounder|[Bb]oss|Chief|Commissioner|Director|Detective|Inspector|Superintendent|"
    r"Sgt\.?|Lt\.|Capt\.|Col\.|Rev\.|Constable|Det\.?|Supt\.?|Insp\.?|DCI|Ch)\s+"
    r"(?:(?:Gen\.|General|Justice|Constable|Secretary|Minister|Gov\.|Sen\.|Rep\.|Dr\.?|"
    r"Supt\.?|Insp\.?|Sgt\.?)\s+)*",
)
# A person's name before where they work: "Joel Pollak of Breitbart", "Anna Berg at the bank"
_NAME_OF = re.compile(
    r"(?P<name>(?:[A-Z][\w’'.-]*\s+){1,3}[A-Z][\w’'.-]*)\s+(?:of|at|from|with)\s+\S"
)
# Lower-case words that may stand inside a name or between a descriptor and a name's place
_NAME_PARTICLES = frozenset(
    "of for at in on the and de da del di van von der bin al la le du dos das to with from by "
    "near about against behind like than into over under after before close".split()
)
# A party and state after a name: "Pat McCrory (R)", "Ted Cruz (R-Tex."
_PARTY_TAG = re.compile(r"\s*\([^()]{0,24}\)?\s*$")


@dataclass
class _Speaker:
    raw: str
    span: tuple[int, int] | None
    cue: tuple[int, int] | None
    via: list[Source]


class RuleExtractor:
    """Rule-based claims with the same schema as the LLM extractor.

    ``reference_date`` (the publication date, when known) resolves "Saturday" and "Nov. 30".
    """

    name = "rules"

    def __init__(
        self,
        *,
        reference_date: dt.date | None = None,
        max_chars: int = MAX_CHARS,
        profile: RulesProfile = "accurate",
    ) -> None:
        if profile not in ("accurate", "fast"):
            raise ConfigurationError(f"unknown rules profile {profile!r}: use 'accurate' or 'fast'")
        self.reference_date = reference_date
        self.max_chars = max_chars
        self.profile: RulesProfile = profile
        if profile == "accurate":
            load_parser()  # fail at construction, not on the first document

    def extract(self, text: str, *, doc_id: str | None = None) -> ExtractionResult:
        started = time.perf_counter()
        check_text(text, self.max_chars)
        run = (
            _RuleRun(text, self.reference_date)
            if self.profile == "fast"
            else _ParsedRun(text, self.reference_date)
        )
        claims, warnings = leave_out_injected(text, run.claims())
        return ExtractionResult.trusted(
            doc_id=doc_id,
            text_length=len(text),
            text_sha256=text_sha256(text),
            claims=claims,
            provenance=Provenance(
                extractor="rules",
                profile=self.profile,
                claimex_version=__version__,
                warnings=warnings,
                duration_s=round(time.perf_counter() - started, 6),
            ),
        )


class _RuleRun:
    """State for one document: quotation regions, who spoke each, and people seen so far."""

    def __init__(self, text: str, reference: dt.date | None) -> None:
        self.text = text
        self.reference = reference
        self.regions = find_quote_regions(text)
        self._region_starts = [r.start for r in self.regions]
        self._units()
        self._setup()

    def _units(self) -> None:
        """Sentences (or clauses) and the attribution frame of each, from the regex frames."""
        sentences = split_sentences(self.text)
        units = _clauses(sentences)
        self.sentences = [u for u, _ in units]
        self.words = [w for _, w in units]
        whole = {(s.start, s.end) for s in sentences}
        # A clause split off a sentence ("44 percent would back Trump") lacks final punctuation
        # without being a headline.
        self.clause = [(u.start, u.end) not in whole for u in self.sentences]
        self.frames: list[Frame | None] = [
            find_frame(s.text, words=w) for s, w in zip(self.sentences, self.words, strict=True)
        ]

    def _setup(self) -> None:
        self.people: list[str] = []
        self._surnames: dict[str, set[str]] = {}  # any word of a full name → the full names
        self.last_person: str | None = None
        # the latest organisation, outlet or document that spoke, and when: "The company said …
        # It did not say …"
        self._last_body: tuple[str, SpeakerType, int] | None = None
        self._remembered = 0
        for full in self._full_names():
            self._learn_name(full)
        self.region_speaker = self._speakers_of_regions()
        self._defer_to_quoted_speaker()

    # -- quotations --------------------------------------------------------------------------

    def _region_at(self, pos: int) -> int | None:
        i = bisect_right(self._region_starts, pos) - 1
        if i >= 0 and self.regions[i].start <= pos <= self.regions[i].end:
            return i
        return None

    def _speaker_from_frame(self, sent: Sentence, frame: Frame, via: list[Source]) -> _Speaker:
        span = self._speaker_range(sent, frame)
        cue = (sent.start + frame.cue[0], sent.start + frame.cue[1])
        raw = self.text[span[0] : span[1]] if span else ""
        return _Speaker(raw, span, cue, via + [self._source(sent, f) for f in frame.via])

    def _speaker_range(self, sent: Sentence, frame: Frame) -> tuple[int, int] | None:
        """Where a frame's speaker is in the text, with a parenthesis it opens closed ("Sen.
        Ted Cruz (R-Tex.)", "the Office for National Statistics (ONS)")."""
        if not frame.speaker:
            return None
        a, b = sent.start + frame.speaker[0], sent.start + frame.speaker[1]
        if self.text.count("(", a, b) > self.text.count(")", a, b) and self.text[b : b + 1] == ")":
            b += 1
        return a, b

    def _speakers_of_regions(self) -> list[_Speaker | None]:
        """Who speaks each quotation: a frame right after its close or right before its open."""
        speakers: list[_Speaker | None] = [None] * len(self.regions)
        for i, lead_in in self._lead_in_speakers().items():
            speakers[i] = lead_in
        for sent, frame in zip(self.sentences, self.frames, strict=True):
            if frame is None:
                continue
            cs, ce = sent.start + frame.content[0], sent.start + frame.content[1]
            for i in self._nearby(sent.start, sent.end):
                r = self.regions[i]
                if speakers[i] is not None or r.end < sent.start or r.start > sent.end:
                    continue
                tail_close = r.closed and cs - 2 <= r.start - 1 <= ce and abs(r.end - ce) <= 2
                frame_after = r.closed and abs(r.end - ce) <= 2 and r.start < sent.start
                head_open = abs(r.start - cs) <= 2 and frame.cue[1] + sent.start < r.start
                if tail_close or frame_after or head_open:
                    speakers[i] = self._speaker_from_frame(sent, frame, [])
        for i, r in enumerate(self.regions):
            if speakers[i] is None and r.closed:
                m = AFTER_QUOTE.match(self.text, r.end + 1, min(len(self.text), r.end + 160))
                if m and "\n" not in m.group():
                    sp = "speaker" if m.group("speaker") else "speaker2"
                    cue = "cue" if m.group("cue") else "cue2"
                    cue_span = without_addressee(self.text, *m.span(cue))
                    speakers[i] = _Speaker(m.group(sp), m.span(sp), cue_span, [])
        # A quotation with no frame continues the previous speaker when it follows closely.
        for i, r in enumerate(self.regions):
            if speakers[i] is None and i > 0 and speakers[i - 1] is not None:
                gap = self.text[self.regions[i - 1].end : r.start]
                if gap.count("\n") <= 3 and len(gap) < 400:
                    speakers[i] = speakers[i - 1]
        return speakers

    def _lead_in_speakers(self) -> dict[int, _Speaker]:
        """Quotations introduced by a sentence of their own ("Cruz continued:"), by index."""
        return {}

    def _defer_to_quoted_speaker(self) -> None:
        """Inside a quotation, "I think …" or "nobody wants …" is the quoted speaker talking,
        not a new source; only a named source of saying starts a nested attribution there."""
        for k, (sent, frame) in enumerate(zip(self.sentences, self.frames, strict=True)):
            if frame is None or frame.speaker is None:
                continue
            who = sent.text[frame.speaker[0] : frame.speaker[1]].lower()
            cue = sent.text[frame.cue[0] : frame.cue[1]].lower()
            if who not in _QUOTED_SELF and not ATTITUDE.fullmatch(cue):
                continue
            i = self._region_at(sent.start + frame.speaker[0])
            if i is not None and self.region_speaker[i] is not None:
                self.frames[k] = None

    # -- speakers ----------------------------------------------------------------------------

    def _type_of(self, raw: str | None, span: Span | None) -> SpeakerType:
        return speaker_type(raw) if raw else SpeakerType.UNKNOWN

    def _source(self, sent: Sentence, frame: Frame) -> Source:
        span = cue = None
        raw = None
        speaker = self._speaker_range(sent, frame)
        if speaker:
            span = Span.of(self.text, *speaker)
            raw = span.text
        cue = Span.of(self.text, sent.start + frame.cue[0], sent.start + frame.cue[1])
        normalized = self._normalize(raw)
        kind = self._type_of(raw, span)
        if normalized and raw and raw.lower() == "it" and self._last_body:
            kind = self._last_body[1]  # "It" is the body it stands for
        return Source.trusted(
            speaker=raw,
            speaker_normalized=normalized,
            speaker_type=kind,
            cue=cue.text,
            speaker_span=span,
            cue_span=cue,
        )

    def _normalize(self, raw: str | None) -> str | None:
        """Resolve pronouns and surnames to the fullest name seen so far (no real coreference)."""
        if not raw:
            return None
        bare = _untitled(raw)
        low = raw.lower()
        if low in {"he", "she"}:
            return self.last_person
        if low == "it":
            # only in the claim right after the body spoke: further on, "it" may be anything
            body = self._last_body
            return body[0] if body and self._remembered == body[2] else None
        if low.startswith(("the governor", "the mayor")):
            title = low.split()[1]
            for name in reversed(self.people[-20:]):
                if title[:3] in name.lower():
                    return _untitled(name)
            return None
        if bare and " " not in bare:
            # one full name for the word, or the word is ambiguous ("Clinton": Bill or Hillary)
            full = _one_person(self._surnames.get(bare, set()))
            if full and full != bare:
                return full
        of = _NAME_OF.match(raw)
        if of is not None and speaker_type(raw) is SpeakerType.PERSON:
            return _untitled(of.group("name"))  # "Joel Pollak of Breitbart" → "Joel Pollak"
        named = _untitled(_name_part(raw)) if "," in raw else None
        if named is not None and _is_full_name(named):
            return named  # "Kyiv's foreign minister, Dmytro Kuleba", "Tom Hill, 58, a nurse"
        return bare if bare != raw else None

    def _full_names(self) -> list[str]:
        """Full names of people the text gives before any of them speaks (none without a
        parse: the regex frames learn names from speakers only)."""
        return []

    def _learn_name(self, full: str) -> None:
        # a full name, capitalised ("Mr Leite" names no one new: "Eduardo Leite" stays what
        # "Leite" stands for)
        if " " in full and full[0].isupper() and full.split()[-1][0].isupper():
            for word in full.split():
                self._surnames.setdefault(word, set()).add(full)

    def _remember(self, attribution: Attribution) -> None:
        self._remembered += 1
        if attribution.speaker_type in _BODIES and attribution.speaker:
            raw = attribution.speaker
            pointer = raw.lower() in PRONOUNS | RELATIVE_PRONOUNS
            body = attribution.speaker_normalized or (
                None if pointer else raw.split(",")[0].strip()
            )
            if body:
                self._last_body = (body, attribution.speaker_type, self._remembered)
        if attribution.speaker_type is SpeakerType.PERSON and attribution.speaker:
            raw = attribution.speaker
            if raw.lower() not in {"he", "she", "i", "who"}:
                if not _one_antecedent(_name_part(raw)):
                    return  # "few people", "my father": none a later "he" stands for
                # the name, without an appositive: "Ed Rendell, a former governor, referring to
                # the Clinton campaign" is not a full name of "Clinton"; after a title that
                # opens the phrase ("Labour's shadow chancellor, Rachel Reeves")
                name = _name_part(raw)
                if len(name.split()) >= 2 and not name.lower().startswith("the "):
                    self.people.append(raw)
                    self._learn_name(_untitled(name))
                self.last_person = attribution.speaker_normalized or _untitled(name)
            elif attribution.speaker_normalized:
                self.last_person = attribution.speaker_normalized

    def _attribution(
        self, sent: Sentence, frame: Frame | None, content: tuple[int, int]
    ) -> Attribution:
        cs, ce = content
        region_i = self._region_at(cs) if self.regions else None
        outer = self.region_speaker[region_i] if region_i is not None else None
        if frame is not None:
            src = self._source(sent, frame)
            via = [self._source(sent, f) for f in frame.via]
            if (
                outer is not None
                and outer.span
                and src.speaker_span
                and outer.span != (src.speaker_span.start, src.speaker_span.end)
            ):
                region = self.regions[region_i]  # type: ignore[index]
                if region.start <= src.speaker_span.start < region.end:
                    via.append(self._outer_source(outer))
            qt = (
                frame.quote_type
                if frame.quote_type is QuoteType.ACCORDING_TO
                else self._quote_type(cs, ce)
            )
            return Attribution.trusted(**src.__dict__, quote_type=qt, via=via)
        if outer is not None:
            src = self._outer_source(outer)
            return Attribution.trusted(
                **src.__dict__, quote_type=QuoteType.DIRECT, via=list(outer.via)
            )
        return Attribution.article()

    def _quoted_content(self, sent: Sentence) -> tuple[int, int] | None:
        """A sentence that opens with a framed quotation ("“…,” he said, referring to …")."""
        i = self._region_at(sent.start + 1)
        if i is None or self.region_speaker[i] is None:
            return None
        r = self.regions[i]
        if r.start - sent.start > 2 or not r.closed or r.end >= sent.end - 3:
            return None
        return _content_bounds(self.text, r.start, r.end)

    def _quote_before(self, sent: Sentence, frame: Frame) -> tuple[int, int] | None:
        """The opening quotation, when the frame right after it is its own ("“I would,” Melanie
        said to the TV"; "“You winning?” she said, but …"): what follows the cue there is an
        addressee or another clause, not what the speaker said."""
        if frame.speaker is None:
            return None
        quoted = self._quoted_content(sent)
        if quoted is None:
            return None
        end = self.regions[self._region_at(sent.start + 1)].end  # type: ignore[index]
        speaker, content = sent.start + frame.speaker[0], sent.start + frame.content[0]
        # the cue next to its speaker ("he said", "said Jane"), not a participle that borrows
        # the speaker further on ("…,” he said, referring to …")
        next_to = min(abs(frame.cue[0] - frame.speaker[1]), abs(frame.speaker[0] - frame.cue[1]))
        return quoted if 0 < speaker - end <= 3 and content > end and next_to <= 3 else None

    def _outer_source(self, sp: _Speaker) -> Source:
        span = Span.of(self.text, *sp.span) if sp.span else None
        cue = Span.of(self.text, *sp.cue) if sp.cue else None
        return Source.trusted(
            speaker=sp.raw or None,
            speaker_normalized=self._normalize(sp.raw),
            speaker_type=self._type_of(sp.raw or None, span),
            cue=cue.text if cue else None,
            speaker_span=span,
            cue_span=cue,
        )

    def _nearby(self, a: int, b: int) -> range:
        """Indices of regions that may overlap ``[a, b]`` (regions are sorted and disjoint)."""
        lo = max(0, bisect_right(self._region_starts, a) - 2)
        hi = bisect_right(self._region_starts, b + 2)
        return range(lo, hi)

    def _quote_type(self, cs: int, ce: int) -> QuoteType:
        inside = False
        partial = False
        for i in self._nearby(cs, ce):
            r = self.regions[i]
            if r.end < cs - 2 or r.start > ce + 2:
                continue
            if r.start - 2 <= cs and ce <= r.end + 2:
                inside = True
            else:
                partial = True
        if inside:
            return QuoteType.DIRECT
        return QuoteType.MIXED if partial else QuoteType.INDIRECT

    # -- claims ------------------------------------------------------------------------------

    def claims(self) -> list[Claim]:
        out: list[Claim] = []
        units = zip(self.sentences, self.frames, self.words, self.clause, strict=True)
        for sent, frame, words, clause in units:
            if _skip(sent.text, clause=clause):
                continue
            if frame is not None:
                a, b = self._quote_before(sent, frame) or (
                    sent.start + frame.content[0],
                    sent.start + frame.content[1],
                )
            else:
                a, b = self._quoted_content(sent) or _content_bounds(
                    self.text, sent.start, sent.end
                )
            if b - a < 3:
                continue
            attribution = self._attribution(sent, frame, (a, b))
            self._remember(attribution)
            parts = [(sent.start + x, sent.start + y) for x, y in frame.parts] if frame else []
            out.append(self._claim(len(out) + 1, sent, words, a, b, attribution, parts))
        return out

    def _claim(
        self,
        n: int,
        sent: Sentence,
        words: frozenset[str],
        a: int,
        b: int,
        attribution: Attribution,
        parts: list[tuple[int, int]] | None = None,
    ) -> Claim:
        content = self.text[a:b]
        quantities = find_quantities(content, offset=a, words=words)
        if attribution.quote_type is QuoteType.DIRECT:
            kind = ClaimType.QUOTE
        elif quantities and any(q.value is not None for q in quantities):
            kind = ClaimType.NUMERICAL
        elif not _PREDICTION_WORDS.isdisjoint(words) and _PREDICTION.search(content):
            kind = ClaimType.PREDICTION
        else:
            kind = ClaimType.EVENT
        framed = None if parts else self._with_frame(a, b, attribution)
        written = framed or (
            content if not parts else " ".join([content, *(self.text[x:y] for x, y in parts)])
        )
        text = _closed(_as_statement(written))
        if framed is None and attribution.speaker_type is not SpeakerType.ARTICLE:
            text = _standalone(text, attribution)  # a framed text names its speaker already
        # Every field is built by this module with its invariants, so skip re-validation.
        return Claim.trusted(
            id=f"c{n}",
            text=text,
            evidence=[
                Span.of(self.text, a, b),
                *(Span.of(self.text, x, y) for x, y in parts or ()),
            ],
            alignment=Alignment.EXACT,
            attribution=attribution,
            quantities=quantities,
            hedges=find_hedges(sent.text, offset=sent.start, words=words),
            times=find_times(sent.text, offset=sent.start, reference=self.reference, words=words),
            places=self._places(sent, attribution.speaker_span),
            claim_type=kind,
        )

    def _places(self, sent: Sentence, speaker: Span | None) -> list[Place]:
        return find_places(sent.text, offset=sent.start)

    def _with_frame(self, a: int, b: int, attribution: Attribution) -> str | None:
        """The claim's text when its content is no clause of its own (see ``_ParsedRun``);
        the regex frames' contents are clauses."""
        return None


# Records, data and polls as sources ("court records show", "the emails indicate").
_RECORD_WORDS = re.compile(
    r"\b(?:records|emails|e-mails|files|polls|surveys|studies|figures|statistics|transcripts?|"
    r"filings|minutes|data|documents?|report|reports|study|survey|poll)\b",
    re.I,
)


class _ParsedRun(_RuleRun):
    """The accurate profile: frames from the dependency parse, several per sentence.

    Everything after the frames — quotations and their speakers, claims, taggers — is shared with
    the fast profile, so the two differ only in how attributions are found."""

    def _places(self, sent: Sentence, speaker: Span | None) -> list[Place]:
        """The sentence's places: the parser's place entities ("a Denver nightclub") outside the
        speaker's words ("the Denver police chief" says where the speaker works), and the places
        after a preposition that it does not call something else ("at Google", "from Muslims"
        are no places)."""
        keep = []
        for place in super()._places(sent, speaker):
            span = place.span
            chars = self._parsed.char_span(span.start, span.end) if span else None
            kinds = {t.ent_type_ for t in chars} if chars is not None else set()
            if kinds & {"ORG", "NORP", "PERSON"} and not kinds & {"GPE", "LOC", "FAC"}:
                continue
            keep.append(place)
        taken = [(p.span.start, p.span.end) for p in keep if p.span]
        if speaker is not None:
            taken.append((speaker.start, speaker.end))
        i = bisect_left(self._place_starts, sent.start)
        while i < len(self._entity_places) and self._entity_places[i][0] < sent.end:
            a, b = self._entity_places[i]
            i += 1
            if self.text[b : b + 1] == "-" or self.text[a - 1 : a] == "-":
                continue  # a piece of a hyphenated name: "Météo-France"
            if b <= sent.end and not any(a < y and x < b for x, y in taken):
                keep.append(Place.trusted(text=self.text[a:b], span=Span.of(self.text, a, b)))
        return sorted(keep, key=lambda p: p.span.start if p.span else 0)

    def _with_frame(self, a: int, b: int, attribution: Attribution) -> str | None:
        """What the source says, as written from its speaker on, when the content is no clause:
        "Trump criticized [Clinton during a rally]" reads "Trump criticized Clinton during a
        rally", not "Clinton during a rally."; without a speaker, from the cue's subject on ("The
        bill is expected [to pass]"). The evidence stays the content."""
        speaker, cue = attribution.speaker_span, attribution.cue_span
        if cue is None or cue.end > a:
            return None
        head = self._parsed.char_span(cue.start, cue.end)
        if head is None or head.root.pos_ in ("NOUN", "PROPN"):
            return None  # "his disagreements with …": a noun phrase either way
        lead = ""  # the antecedent of a relative pronoun that opens the text
        if speaker is None:
            subject = _subject_of(head.root)
            if subject is None:
                return None
            start = self._parsed.offset_of(subject.left_edge)
            end = self._parsed.offset_of(subject) + len(subject.text)
            if start >= cue.start:
                return None
        elif speaker.end <= cue.start:
            start, end = speaker.start, speaker.end
        else:
            return None
        if self.text[start:end].lower() in RELATIVE_PRONOUNS:
            # "Rubio, who was regarded as a lightweight": "Rubio was regarded as …"
            lead = self._antecedent(head.root) or ""
            if not lead:
                return None
            start = end
        if "\n" in self.text[start:b]:
            return None  # a line break: a new block
        if _APART.search(self.text, cue.end, a) or _QUOTE_MARK.search(self.text, start, cue.end):
            return None  # "…, Kasich says, is different", "X said so. “And …”": not one phrase
        chars = self._parsed.char_span(a, b)
        if chars is None or (_is_clause(chars) and not _asks(chars)):
            return None
        if lead:
            return lead + self.text[start:b]
        root = head.root
        if speaker is not None and root.tag_ == "VBG" and root.dep_ in ("advcl", "conj"):
            # "Meta said it would appeal, calling the fine “unjustified”": the participle's
            # own words with its borrowed speaker ("Meta called the fine “unjustified”"), not
            # the other frame's
            past = _past_tense(root.lemma_.lower())
            if past is not None:
                who = speaker.text if speaker.text.lower() not in PRONOUNS else None
                who = attribution.speaker_normalized or who
                if who:
                    return f"{who.split(',')[0].strip()} {past}{self.text[cue.end : b]}"
        name = attribution.speaker_normalized
        if speaker is not None and name:
            written = speaker.text
            if written.lower() in PRONOUNS or name.endswith(" " + written):
                # "He" → "Tom Hill also …", "Trump" → "Donald Trump also …"
                return name.split(",")[0].strip() + self.text[speaker.end : b]
        return self.text[start:b]

    def _antecedent(self, cue: SpacyToken) -> str | None:
        """The noun phrase a relative clause hangs on, without the clause: "the head of the
        agency" for "the head of the agency, who was seen as …"."""
        clause = cue
        while clause.dep_ != "relcl" and clause.head.i != clause.i and clause.dep_ == "conj":
            clause = clause.head
        if clause.dep_ != "relcl" or clause.head.i >= clause.i:
            return None
        noun = clause.head
        start = self._parsed.offset_of(noun.left_edge)
        end = self._parsed.offset_of(clause.left_edge)
        phrase = self.text[start:end].rstrip(" ,")
        return phrase if phrase and "\n" not in phrase else None

    def _lead_in_speakers(self) -> dict[int, _Speaker]:
        out: dict[int, _Speaker] = {}
        for li in self._lead_ins:
            i = bisect_right(self._region_starts, li.end)  # the first quotation after the colon
            if i >= len(self.regions):
                continue
            r = self.regions[i]
            if self.text[li.end : r.start - 1].strip() or r.start - li.end > 12:
                continue
            raw = self.text[li.speaker[0] : li.speaker[1]]
            out[i] = _Speaker(raw, li.speaker, li.cue, [])
        return out

    def _parsed_cue(self, piece: Sentence, frame: Frame) -> Frame | None:
        """A regex frame seen through the parse: none when its cue verb is an idiom that
        attributes nothing ("claimed the lives"); else its cue span as annotators draw it
        around the cue word ("told" without "reporters", "has also said")."""
        a, b = piece.start + frame.cue[0], piece.start + frame.cue[1]
        chars = self._parsed.char_span(a, b)
        if chars is None:
            return frame
        if any(is_idiom(t) for t in chars):
            return None
        head = chars.root
        if cue_pos(head) is None:
            return frame
        s, e = cue_span(head)
        if not (piece.start <= s < e <= piece.end) or (s, e) == (a, b):
            return frame
        cue = (s - piece.start, e - piece.start)
        if cue[0] <= frame.content[0] and frame.content[1] <= cue[1]:
            return None  # "It has not commented publicly": the cue holds all there is
        return replace(frame, cue=cue)

    def _full_names(self) -> list[str]:
        """The parser's full names of people ("Transport Minister Helen Carter" → "Helen
        Carter"), so that "Ms Carter" reads as her even before she speaks."""
        return sorted(_untitled(n) for n in self._person_names if " " in n)

    def _type_of(self, raw: str | None, span: Span | None) -> SpeakerType:
        """The speaker's named-entity type where the parser gives one (a company is not a
        person because it is capitalised); documents and outlets by their words first."""
        guess = super()._type_of(raw, span)
        if not raw or span is None or guess in (SpeakerType.OUTLET, SpeakerType.DOCUMENT):
            return guess
        if _RECORD_WORDS.search(speaker_head(raw)):  # not "the Office for … Statistics"
            return SpeakerType.DOCUMENT
        chars = self._parsed.char_span(span.start, span.end)
        if chars is None:
            return guess
        head = chars.root
        if head.pos_ == "PRON":
            return guess
        kind = head.ent_type_
        if not kind and (head.pos_ == "PROPN" or guess is SpeakerType.UNKNOWN):
            # a name's other words ("Tom [Hill]"); not a name inside a common noun's modifier
            # ("the company that runs the Porto Alegre airport" is no person)
            kind = next((t.ent_type_ for t in chars if t.ent_type_), "")
        if kind == "PERSON" and head.ent_type_ in ("PERSON", ""):
            return SpeakerType.PERSON
        if head.pos_ == "PROPN" and head.text in self._person_names:
            return SpeakerType.PERSON  # "Trump declined …", tagged ORG here, a person elsewhere
        if kind in ("ORG", "GPE", "NORP") and head.ent_type_ == kind:
            return SpeakerType.ORGANISATION
        return guess

    def claims(self) -> list[Claim]:
        """As in the fast profile; and a figure of the sentence outside every claim's content
        (in the source: "the company, which employs 5,000 people, said …") joins the sentence's
        first claim, so that no quantity the text states is lost."""
        out = super().claims()
        by_sentence: dict[int, list[int]] = {}
        for k, c in enumerate(out):
            i = bisect_right(self._starts, c.evidence[0].start) - 1
            by_sentence.setdefault(i, []).append(k)
        for i, ks in by_sentence.items():
            sent = self._split[i]
            spans = [(e.start, e.end) for k in ks for e in out[k].evidence]
            lo, hi = _content_bounds(self.text, sent.start, sent.end)
            if any(a <= lo and hi <= b for a, b in spans):
                continue  # a claim holds the whole sentence: its figures are already found
            have = {(q.span.start, q.span.end) for k in ks for q in out[k].quantities if q.span}
            extra = [
                q
                for q in find_quantities(sent.text, offset=sent.start, words=words_of(sent.text))
                if q.span
                and (q.span.start, q.span.end) not in have
                and not any(a <= q.span.start and q.span.end <= b for a, b in spans)
            ]
            if extra:
                first = out[ks[0]]
                merged = sorted(
                    [*first.quantities, *extra], key=lambda q: q.span.start if q.span else 0
                )
                out[ks[0]] = first.model_copy(update={"quantities": merged})
        return out

    def _units(self) -> None:
        sentences = split_sentences(self.text)
        parsed = parse_text(self.text, sentences)
        starts = [s.start for s in sentences]
        self._split, self._starts, self._parsed = sentences, starts, parsed
        self._person_names = parsed.person_names()
        self._entity_places = parsed.places()
        self._place_starts = [a for a, _ in self._entity_places]
        by_sentence: dict[int, list[ParsedFrame]] = {}
        frames = _quoted(find_text_frames(parsed, QuoteIndex(self.regions)), self.regions)
        for f in frames:
            i = bisect_right(starts, f.cue[0]) - 1
            if i >= 0 and f.cue[1] <= sentences[i].end:
                by_sentence.setdefault(i, []).append(f)
        self._lead_ins = find_lead_ins(parsed, QuoteIndex(self.regions))
        lead_in_sentences = {bisect_right(starts, li.cue[0]) - 1 for li in self._lead_ins}
        roots = parsed.roots()
        outers = {id(frames[f.outer]) for f in frames if f.outer is not None}
        self.sentences, self.words, self.frames, self.clause = [], [], [], []
        for i, sent in enumerate(sentences):
            words = words_of(sent.text)
            # A frame that holds another is that one's ``via``, not a claim of its own.
            mine = [f for f in by_sentence.get(i, []) if id(f) not in outers]
            if i in lead_in_sentences and not mine:
                continue  # "In a 1963 speech, he declared:" frames the quotation after it
            # The regex frames know news set phrases precisely ("…, police said.", "according to
            # X"): where one matches and the parse finds at most one frame, it frames the
            # sentence as in the fast profile; the parse frames the sentences the regex cannot
            # (embedded, nominal and belief cues) and those with several attributions.
            if len(mine) < 2:
                pieces = _clauses([sent])
                regex = [find_frame(p.text, words=w) for p, w in pieces]
                regex = [
                    self._parsed_cue(piece, _parsed_speaker(f, by_sentence.get(i, []), piece))
                    if f is not None
                    else None
                    for (piece, _), f in zip(pieces, regex, strict=True)
                ]
                if any(f is not None for f in regex) and not _disagree(
                    mine, regex, [p for p, _ in pieces]
                ):
                    for (piece, w), frame in zip(pieces, regex, strict=True):
                        self.sentences.append(piece)
                        self.words.append(w)
                        self.frames.append(frame)
                        self.clause.append(len(pieces) > 1)
                    continue
            found = [_relative(f, frames, sent) for f in mine]
            kept: list[Frame | None] = [f for f in found if f is not None]
            root = roots.get(sent.start)
            # Frames that sit in an adjunct ("…, days after Trump said …") leave the sentence
            # itself as the article's claim, which comes first.
            in_adjunct = not any(
                f.cue_token == root or root in f.tokens for f in by_sentence.get(i, [])
            )
            if kept and root is not None and in_adjunct:
                kept.insert(0, None)
            for frame in kept or [None]:
                self.sentences.append(sent)
                self.words.append(words)
                self.frames.append(frame)
                self.clause.append(False)


_APART = re.compile(r"[,;:]|[.!?][\"”’]?\s")
_QUOTE_MARK = re.compile(r"[\"“”‘’']\W|\W[\"“”‘’']")  # a mark, not an apostrophe in a word


def _closed(text: str) -> str:
    """A statement with the quotation it opens closed: 'Blackwell wrote “has shown …' ends in
    '….”' (``_as_statement`` strips the marks at the ends, which the content alone starts with)."""
    if text.count("“") > text.count("”") or text.count('"') % 2:
        end = len(text.rstrip(".,;:"))
        mark = "”" if text.count("“") > text.count("”") else '"'
        return f"{text[:end]}.{mark}"
    return text


_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})


def _subject_of(cue: SpacyToken) -> SpacyToken | None:
    """The subject of a sourceless cue ("[The bill] is expected to …")."""
    return next((c for c in cue.children if c.dep_ in _SUBJECTS and c.dep_ != "expl"), None)


def _is_clause(chars: SpacySpan) -> bool:
    """Whether a content span is a clause: one of its heads (a token governed from outside
    it) has a subject inside it ("[the vote was close]"); an object, a prepositional phrase or
    an infinitive ("[Clinton] during a rally", "[for a ban]", "[to support her]") is not."""
    inside = range(chars.start, chars.end)
    for t in chars:
        if t.head.i in inside and t.head.i != t.i:
            continue
        if any(c.dep_ in _SUBJECTS and c.i in inside for c in t.children):
            return True
    return False


_QUESTION_WORDS = frozenset("whether if when how why what who whom where which".split())


def _asks(chars: SpacySpan) -> bool:
    """Whether a content clause is an embedded question ("[when flights would resume]" after
    "did not say", "asked [whether …]"): it states nothing, so the claim reads with its frame.
    Its first word is a question word of the clause's own verb, not of a clause inside it
    ("said [if the vote fails, he will resign]")."""
    first = chars[0]
    if first.lower_ not in _QUESTION_WORDS:
        return False
    tok = first
    while tok.i != chars.root.i:
        if tok.dep_ in {"advcl", "csubj", "csubjpass", "relcl"} or tok.head.i == tok.i:
            return False
        tok = tok.head
    return True


def _quoted(frames: list[ParsedFrame], regions: list[QuoteRegion]) -> list[ParsedFrame]:
    """A frame whose content opens a quotation reports the quotation as written: every quoted
    stretch around the frame in its sentence ("“A,” she said, “B.”"), not the parser's clause."""
    if not regions:
        return frames
    starts = [r.start for r in regions]
    out = []
    for f in frames:
        c0 = f.content[0][0]
        i = bisect_right(starts, c0 + 2) - 1
        r = regions[i] if i >= 0 else None
        if r is None or not (r.start - 2 <= c0 <= r.end) or r.start <= f.cue[0] < r.end:
            out.append(f)
            continue
        lo = min(c0, f.cue[0])
        hi = max(f.content[-1][1], f.cue[1])
        # The quotations of this frame: those touching its clause, cue and speaker left out.
        parts = [
            (q.start, q.end)
            for q in regions[max(0, i - 1) : i + 3]
            if q.end >= lo - 2
            and q.start <= hi + 2
            and not q.start <= f.cue[0] < q.end
            and not (f.speaker and q.start <= f.speaker[0] < q.end)
        ]
        out.append(replace(f, content=[(a, b) for a, b in parts if b > a]))
    return out


def _disagree(mine: list[ParsedFrame], regex: list[Frame | None], pieces: list[Sentence]) -> bool:
    """Whether the parse's one frame holds every regex frame's cue in its content: the regex then
    matched an inner clause ("Tom Hill says despite …, [he plans] to …") and the parse frames
    the sentence."""
    if len(mine) != 1:
        return False
    a, b = mine[0].cue
    inside = mine[0].content
    for f, p in zip(regex, pieces, strict=True):
        if f is None:
            continue
        c0, c1 = p.start + f.cue[0], p.start + f.cue[1]
        if c0 < b and a < c1:
            return False
        if not any(x <= c0 and c1 <= y for x, y in inside):
            return False
    return True


def _parsed_speaker(frame: Frame, parsed: list[ParsedFrame], sent: Sentence) -> Frame:
    """The regex frame, with the source span of the parsed frame that has the same cue: the
    parse knows where a noun phrase ends ("Jane Roe, 58, [who lives nearby,] said"), and
    where the addressee of "told" does ("told [the committee on Monday] the budget was
    sound")."""
    if frame.speaker is None:
        return frame
    cue = (sent.start + frame.cue[0], sent.start + frame.cue[1])
    for f in parsed:
        if f.speaker and cue[0] < f.cue[1] and f.cue[0] < cue[1]:
            speaker = _clip(f.speaker, sent)
            if speaker is None:
                return frame
            told = sent.text[frame.cue[0] : frame.cue[1]].lower() in ("told", "tells")
            content = _clip(f.content[0], sent) if told and len(f.content) == 1 else None
            a, b = frame.content
            if content is not None and a < content[0] < b and abs(content[1] - b) <= 2:
                return replace(frame, speaker=speaker, content=(content[0], b))
            return replace(frame, speaker=speaker)
    return frame


def _clip(r: tuple[int, int], sent: Sentence) -> tuple[int, int] | None:
    a, b = max(r[0], sent.start), min(r[1], sent.end)
    return (a - sent.start, b - sent.start) if b > a else None


def _relative(f: ParsedFrame, frames: list[ParsedFrame], sent: Sentence) -> Frame | None:
    """A parsed frame as a sentence-relative :class:`Frame`; outer frames become its ``via``."""
    frame = _sentence_frame(f, sent)
    if frame is None:
        return None
    seen = {id(f)}
    outer = f.outer
    while outer is not None and id(frames[outer]) not in seen:
        seen.add(id(frames[outer]))
        link = _sentence_frame(frames[outer], sent)
        if link is None:
            break
        frame.via.append(link)
        outer = frames[outer].outer
    return frame


def _sentence_frame(f: ParsedFrame, sent: Sentence) -> Frame | None:
    content = [c for c in (_clip(r, sent) for r in f.content) if c]
    cue = _clip(f.cue, sent)
    if not content or cue is None:
        return None
    speaker = _clip(f.speaker, sent) if f.speaker else None
    qt = QuoteType.ACCORDING_TO if f.according_to else QuoteType.INDIRECT
    return Frame(speaker, cue, content[0], qt, [], tuple(content[1:]))


_QUOTED_SELF = frozenset(
    "i we you he she they it nobody everybody everyone someone somebody people one".split()
)
_MAX_SPLIT = 3000  # characters; news sentences are far shorter
# Where a coordinated clause may start: r",[\"”’]?\s+(?:while|whereas)\s+|;\s+|,?\s+and\s+(?=\S)",
# written to open with one character class so that the engine skips to candidates quickly.
_CLAUSE_CUT = re.compile(
    r"[,;\s](?:(?<=,)[\"”’]?\s+(?:while|whereas)\s+|(?<=;)\s+|(?<=,)\s+and\s+(?=\S)"
    r"|(?<=\s)\s*and\s+(?=\S))"
)


def _clauses(sentences: list[Sentence]) -> list[tuple[Sentence, frozenset[str]]]:
    """Split a sentence where a coordinated clause has its own speaker.

    "46 percent would choose A and 44 percent would back B, while 5 percent prefer C" holds three
    attributed claims; "X said A; in 2018, B" stays one (the second clause has no frame).
    Each clause comes with its word set, which the taggers reuse.
    """
    out: list[tuple[Sentence, frozenset[str]]] = []
    for sent in sentences:
        start = 0
        words = words_of(sent.text)
        # Without a verb of saying or believing, no clause can have a speaker of its own. A
        # "sentence" longer than any real one (run-on scraped text) stays whole: testing every
        # "and" in it against the rest would cost quadratic time.
        splittable = len(sent.text) <= _MAX_SPLIT and not CUE_WORDS.isdisjoint(words)
        cuts = _CLAUSE_CUT.finditer(sent.text) if splittable else ()
        for m in cuts:
            if len(sent.text[start : m.start()].split()) < 3:
                continue
            if not opens_with_frame(sent.text[m.end() :]):
                continue  # only a leading frame ("44 percent would back …") starts a clause
            piece = sent.text[start : m.start()]
            out.append(
                (
                    Sentence(sent.start + start, sent.start + m.start(), piece, sent.paragraph),
                    words_of(piece),
                )
            )
            start = m.end()
        if start == 0:
            out.append((sent, words))  # not split: its word set is already known
        else:
            piece = sent.text[start:]
            out.append(
                (Sentence(sent.start + start, sent.end, piece, sent.paragraph), words_of(piece))
            )
    return out


_NO_ANTECEDENT_OPENERS = frozenset(
    "my our your few many some several most all both no any each every".split()
)


# Past tenses of the participial cues that take an object ("…, calling X Y", "…, urging them
# to …"); the rest follow the spelling rules in ``_past_tense``.
_IRREGULAR_PAST = {
    "say": "said", "tell": "told", "write": "wrote", "give": "gave", "make": "made",
    "put": "put", "find": "found", "hold": "held", "take": "took", "leave": "left",
    "admit": "admitted", "commit": "committed", "regret": "regretted", "blame": "blamed",
    "see": "saw", "think": "thought", "speak": "spoke", "bring": "brought",
}  # fmt: skip


def _past_tense(lemma: str) -> str | None:
    """A verb's simple past from its lemma ("call" → "called", "accuse" → "accused", "deny" →
    "denied"); none for what the rules would misspell (a doubled consonant they cannot know)."""
    if lemma in _IRREGULAR_PAST:
        return _IRREGULAR_PAST[lemma]
    if not lemma.isalpha():
        return None
    if lemma.endswith("e"):
        return lemma + "d"
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        return lemma[:-1] + "ied"
    vowels = sum(ch in "aeiou" for ch in lemma)
    if vowels == 1 and lemma[-1] not in "aeiouwxy" and lemma[-2:-1] in "aeiou":
        return None  # "stop" → "stopped", "plan" → "planned": not guessed
    return lemma + "ed"


def _one_antecedent(name: str) -> bool:
    """Whether a person speaker can be what a later "he" or "she" stands for: it names someone
    ("Keith Scott's wife", "the former medical director", "Tom Hill"), not a group or one
    seen from a quotation's speaker ("Few people", "Foreign policy analysts", "my father")."""
    words = name.split()
    if not words or words[0].lower() in _NO_ANTECEDENT_OPENERS:
        return False
    last = words[-1]
    return not (
        last.islower() and (last.endswith("s") or last in {"people", "men", "women", "children"})
    )


def _capitalised_part(speaker: str) -> str | None:
    """The first of a speaker phrase's comma-separated parts (of its first three) that is a
    name, two to four capitalised words: "Rachel Reeves" in "Labour's shadow chancellor, Rachel
    Reeves", "Tom Hill" in "Tom Hill, a former mayor"."""
    return next((p.strip() for p in speaker.split(",")[:3] if _is_full_name(p)), None)


def _is_full_name(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words)


def _name_part(speaker: str) -> str:
    """The part of a speaker phrase that is the person's name (``_capitalised_part``), else its
    first part ("the hospital's director, who …")."""
    return _capitalised_part(speaker) or speaker.split(",")[0].strip() or speaker.strip()


def _one_person(names: set[str]) -> str | None:
    """The fullest of names that are one person's ("Hillary Clinton", "Hillary Rodham Clinton"),
    or none when they are several people's ("Bill Clinton", "Hillary Clinton")."""
    if not names:
        return None
    fullest = max(names, key=lambda n: (len(n.split()), n))
    words = set(fullest.split())
    return fullest if all(set(n.split()) <= words for n in names) else None


@lru_cache(maxsize=4096)
def _untitled(name: str) -> str:
    """A name without its title: "Coahuila State Gov. Miguel Angel Riquelme" → "Miguel …"."""
    bare = _PARTY_TAG.sub("", _TITLE.sub("", name)).strip()
    # a descriptor before the name: "Privacy campaigner Max Schrems", "former first lady
    # Laura Bush" (not "the government of Coahuila": a preposition is no descriptor)
    words = bare.split()
    last = max((i for i, w in enumerate(words) if w[:1].islower()), default=-1)
    tail = words[last + 1 :]
    if (
        last >= 0
        and words[last] not in _NAME_PARTICLES
        and 2 <= len(tail) <= 4
        and all(w[:1].isupper() for w in tail)
    ):
        return " ".join(tail)
    return bare if bare[:1].isupper() else name  # "Director of the FBI …" keeps its words


def _skip(sentence: str, *, clause: bool = False) -> bool:
    words = len(sentence.split(None, 10))  # up to 11: enough to compare with 4 and 10
    if words < 4:
        return True
    if not clause and words < 10 and sentence.rstrip(" \"”’')")[-1:] not in ".!?":
        return True  # a headline or caption line, not a sentence
    s = sentence.strip()
    if _BOILERPLATE_START.match(s):
        return True
    lower = s.lower()
    return ("photo" in lower or "image" in lower) and _CREDIT.search(s) is not None


def _content_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    chars = " \t\"“”‘’'"
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


_THINGS = frozenset({SpeakerType.ORGANISATION, SpeakerType.DOCUMENT, SpeakerType.OUTLET})
_PLURAL_OPENERS = frozenset({"Officials", "Residents", "Witnesses", "Analysts", "Experts"})


def _standalone(text: str, attribution: Attribution) -> str:
    """A claim's text that names its speaker where its own words point at them: a reported
    clause whose subject is the speaker's pronoun ("Smith said he would resign" → "Smith
    would resign"), a quotation in the first person ("According to Smith, “I will …”")."""
    kind = attribution.quote_type
    if kind in (QuoteType.INDIRECT, QuoteType.MIXED):  # "that waterboarding is “peanuts”"
        text = without_complementizer(text)
    name = speaker_name(attribution.speaker, attribution.speaker_normalized)
    if name is None:
        return text
    if kind is QuoteType.MIXED and text[:1] not in "\"“‘'":
        # reported words with a quoted fragment: "the figures showed “our plan is working”" is
        # no quotation as a whole, so it is not set in quotation marks
        return according_to(text, name)
    if kind in (QuoteType.DIRECT, QuoteType.MIXED):
        return voiced(text, name)
    if kind is not QuoteType.INDIRECT:
        return text
    cue = attribution.cue or ""
    if text.startswith("To ") and cue[:1].islower() and not cue.endswith("ing"):
        # an infinitive says nothing alone: "To say what steps he will take." is what
        # "Trump declined to say what steps he will take." says (a participle or a fronted
        # "Asked to …" does not read as a sentence with its speaker before it)
        return f"{name[0].upper()}{name[1:]} {cue} t{text[1:]}"
    words = name.split()
    agree: SpeakerKind
    if attribution.speaker_type in _THINGS:
        agree = "thing"
    elif (
        words[-1].endswith("s")
        and not any(w[0].isupper() for w in words[1:])
        and (len(words) > 1 or words[0].islower() or words[0] in _PLURAL_OPENERS)
    ):
        agree = "many"  # "officials", "the residents"
    elif attribution.speaker_type is SpeakerType.PERSON:
        agree = "person"
    else:
        return text
    return said_of_speaker(text, name, agree)


def _as_statement(content: str) -> str:
    s = " ".join(content.split()).strip(" \"“”‘’'").rstrip(",;:")
    if s and s[0].islower():
        s = s[0].upper() + s[1:]
    if s and s[-1] not in ".!?":
        s += "."
    return s
