"""The public claim schema: what every extractor returns and every tool downstream reads.

Offsets are half-open ``[start, end)`` code-point indices into the exact input string the caller
passed, so ``text[span.start:span.end] == span.text`` always holds. The schema is versioned by
``SCHEMA_VERSION``; a JSON dump of an :class:`ExtractionResult` loads back into an equal object.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from claimex.core.hashing import text_sha256

# 1.1 (additive): Quantity.direction, Quantity.previous and Quantity.unit_normalized. A 1.0 record
# loads unchanged: the new fields default to None ("no change stated", "no unit name").
SCHEMA_VERSION = "1.2"


class SchemaModel(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    @classmethod
    def trusted(cls, **values: Any) -> Self:
        """Build without validation, for values the library computed itself on hot paths.

        The same as ``model_construct`` for these plain models (no extras, no private
        attributes), at a fraction of its cost; callers own the invariants.
        """
        template, factories = _template(cls)
        data = {**template, **values}  # every field, in declaration order
        for name, factory in factories:
            if name not in values:
                data[name] = factory()
        return _assemble(cls, data, set(values))


def _assemble(cls: type[SchemaModel], data: dict[str, Any], fields_set: set[str]) -> Any:
    """An instance holding ``data``, as pydantic's own constructors leave one."""
    obj = _new(cls)
    _set(obj, "__dict__", data)
    _set_fields_set(obj, fields_set)
    _set_extra(obj, None)
    _set_private(obj, None)
    return obj


# BaseModel keeps these in slots; their descriptors set them without an attribute lookup.
_new = object.__new__
_set = object.__setattr__
_set_fields_set = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private = BaseModel.__dict__["__pydantic_private__"].__set__
_TEMPLATES: dict[type, tuple[dict[str, Any], list[tuple[str, Any]]]] = {}


def _template(cls: type[BaseModel]) -> tuple[dict[str, Any], list[tuple[str, Any]]]:
    """Per model: a dict of every field's default (in order), and the fields built by factories."""
    found = _TEMPLATES.get(cls)
    if found is None:
        template = {}
        factories = []
        for name, f in cls.model_fields.items():
            template[name] = None if f.is_required() or f.default_factory else f.default
            if f.default_factory is not None:
                factories.append((name, f.default_factory))
        found = _TEMPLATES[cls] = (template, factories)
    return found


class Span(SchemaModel):
    """A half-open range of code points in the original input, with the text it covers."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str

    @model_validator(mode="after")
    def _consistent(self) -> Span:
        if self.end < self.start:
            raise ValueError(f"span end {self.end} is before start {self.start}")
        if len(self.text) != self.end - self.start:
            raise ValueError("span text length must equal end - start")
        return self

    @classmethod
    def of(cls, source: str, start: int, end: int) -> Span:
        """Build the span of ``source[start:end]`` (the only way the library makes spans)."""
        if not 0 <= start <= end <= len(source):
            raise ValueError(f"span [{start}, {end}) is outside a text of length {len(source)}")
        # The checks above are the validator's, so skip re-validation on this hot path.
        return cls.of_unchecked(start, end, source[start:end])

    @classmethod
    def of_unchecked(cls, start: int, end: int, text: str) -> Span:
        """A span whose text the caller just sliced at these offsets (hot paths of the taggers).

        ``trusted`` without its generic steps, for the model made most often."""
        return _assemble(cls, {"start": start, "end": end, "text": text}, {"start", "end", "text"})

    def shifted(self, offset: int) -> Span:
        """This span in a text where its source starts at ``offset`` (chunk → document)."""
        return Span(start=self.start + offset, end=self.end + offset, text=self.text)


class Alignment(StrEnum):
    """How a claim's evidence was found; only ``exact`` and ``normalized`` count as grounded."""

    EXACT = "exact"
    NORMALIZED = "normalized"
    FUZZY = "fuzzy"
    NONE = "none"


class Qualifier(StrEnum):
    """How a stated number relates to the true value ("at least 21" → ``at_least``)."""

    EXACT = "exact"
    ABOUT = "about"
    AT_LEAST = "at_least"
    MORE_THAN = "more_than"
    AT_MOST = "at_most"
    LESS_THAN = "less_than"
    NEARLY = "nearly"
    RANGE = "range"
    UNSPECIFIED = "unspecified"  # "an unspecified number", "several", "dozens"


class SpeakerType(StrEnum):
    PERSON = "person"
    ORGANISATION = "organisation"
    OUTLET = "outlet"
    DOCUMENT = "document"  # a report, statement or study, when it is the thing cited
    ARTICLE = "article"  # the article's own voice: nobody is cited
    UNKNOWN = "unknown"


class QuoteType(StrEnum):
    DIRECT = "direct"  # “…,” he said.
    INDIRECT = "indirect"  # he said that …
    MIXED = "mixed"  # he said the state acted “decisively”
    ACCORDING_TO = "according_to"
    NONE = "none"  # the article's own voice


class ClaimType(StrEnum):
    EVENT = "event"
    NUMERICAL = "numerical"
    QUOTE = "quote"
    POSITION = "position"  # a stance or intention: "he would not accept foreign intervention"
    CAUSAL = "causal"
    PREDICTION = "prediction"
    OTHER = "other"


class Quantity(SchemaModel):
    """A number with its qualifier and what it counts: "at least 21 people killed"."""

    text: str = Field(description="the quantity as written, qualifier included")
    value: float | None = Field(default=None, description="the number; the lower bound of a range")
    low: float | None = None
    high: float | None = None
    qualifier: Qualifier = Qualifier.EXACT
    unit: str | None = Field(default=None, description="%, USD, miles, hours … when one is stated")
    unit_normalized: str | None = Field(
        default=None, description="the unit's name: 'percentage', 'dollar', 'mile per hour'"
    )
    counted: str | None = Field(default=None, description="what is counted: 'people killed'")
    direction: Literal["up", "down"] | None = Field(
        default=None, description="a change of value: 'rose 5%', 'a 0.3% decline', 'revised up'"
    )
    previous: float | None = Field(
        default=None, description="the value before the change, when stated: 'from 14 to 21'"
    )
    span: Span | None = None

    def describe(self) -> str:
        """The quantity for people: "at least 21 people killed", "$1.13bn", "3–3.5%",
        "up 0.3%", "from 157,000 to 133,000"."""
        if (self.value is None and self.low is None) or self.qualifier is Qualifier.UNSPECIFIED:
            joiner = " of " if self.low is not None and self.counted else " "
            return joiner.join(filter(None, [self.text.lower(), self.counted]))
        if self.low is not None and self.high is not None and self.qualifier is not Qualifier.EXACT:
            figure = f"{self._figure(self.low, bare=True)}–{self._figure(self.high)}"
        else:
            figure = self._figure(self.value if self.value is not None else self.low)
        if self.previous is not None:
            figure = f"from {self._figure(self.previous)} to {figure}"
        words = _QUALIFIER_WORDS.get(self.qualifier, "")
        signed = self.value is not None and self.value < 0
        direction = self.direction if self.previous is None and not signed else None
        parts = [direction or "", words, figure]
        rate = (self.unit_normalized or "").partition(" per ")[2]
        parts.append(f"per {rate}" if rate else "")
        parts.append(self.counted or "")
        return " ".join(p for p in parts if p)

    def _figure(self, v: float | None, *, bare: bool = False) -> str:
        if v is None:
            return "?"
        symbol = _MONEY_SYMBOLS.get(self.unit or "")
        code = self.unit or ""
        money = symbol is not None or (code.isupper() and code.isalpha() and len(code) == 3)
        sign, v = ("-" if v < 0 else ""), abs(v)
        scales = _MONEY_SCALES if money else _WORD_SCALES
        number = next(
            (f"{_plain(v / size)}{word}" for size, word in scales if v >= size),
            _plain(v, grouped=True),
        )
        if bare and self.unit == "%":
            return f"{sign}{number}"
        if money:
            prefix = symbol if symbol is not None else f"{self.unit} "
            return f"{sign}{prefix}{number}"
        if self.unit == "%":
            return f"{sign}{number}%"
        unit = "" if bare or not self.unit or self.unit == self.counted else f" {self.unit}"
        return f"{sign}{number}{unit}"


_QUALIFIER_WORDS = {
    Qualifier.AT_LEAST: "at least",
    Qualifier.MORE_THAN: "more than",
    Qualifier.AT_MOST: "at most",
    Qualifier.LESS_THAN: "less than",
    Qualifier.NEARLY: "nearly",
    Qualifier.ABOUT: "about",
}
_MONEY_SYMBOLS = {"USD": "$", "GBP": "£", "EUR": "€", "JPY": "¥", "AUD": "A$", "CAD": "C$"}
_MONEY_SCALES = [(1e12, "tn"), (1e9, "bn"), (1e6, "m")]
_WORD_SCALES = [(1e12, " trillion"), (1e9, " billion"), (1e6, " million")]


def _plain(v: float, *, grouped: bool = False) -> str:
    """3 → "3", 1.13 → "1.13", 29414 → "29,414" (at most three decimals, none trailing)."""
    text = f"{v:,.3f}" if grouped else f"{v:.3f}"
    return text.rstrip("0").rstrip(".")


class Hedge(SchemaModel):
    """A word that weakens or distances the claim: suspected, reportedly, could, believed."""

    text: str
    kind: str = Field(
        description="epistemic | evidential | modal | negated_confirmation | other (unlisted)"
    )
    span: Span | None = None


class TimeExpression(SchemaModel):
    text: str
    value: str | None = Field(default=None, description="ISO date when it can be resolved")
    span: Span | None = None


class Place(SchemaModel):
    text: str
    span: Span | None = None


class Source(SchemaModel):
    """Who asserts something, and how: one link of an attribution chain."""

    speaker: str | None = Field(default=None, description="as written ('the governor', 'he')")
    speaker_normalized: str | None = Field(default=None, description="a fuller name when known")
    speaker_type: SpeakerType = SpeakerType.UNKNOWN
    cue: str | None = Field(default=None, description="said, according to, told Reuters …")
    speaker_span: Span | None = None
    cue_span: Span | None = None


class Attribution(Source):
    """Who asserts the claim; ``via`` lists intermediaries, nearest first (Reuters, Fox News)."""

    quote_type: QuoteType = QuoteType.NONE
    via: list[Source] = Field(default_factory=list)

    @classmethod
    def article(cls) -> Attribution:
        """The article's own voice: no speaker is cited."""
        return cls.trusted(speaker_type=SpeakerType.ARTICLE, quote_type=QuoteType.NONE)


Change = Literal["text", "split", "speaker", "voiced", "added"]


class ClaimOrigin(SchemaModel):
    """Where a claim of a candidate-guided prompt (claims@v3) came from, and what the model
    changed in it; absent for the rule extractor and the prompts that extract from scratch."""

    candidate: str | None = Field(
        default=None,
        description="id of the rule extractor's claim it came from; null for a claim the model "
        "added",
    )
    reviewed: bool = Field(
        default=False, description="whether the model gave a verdict on this candidate"
    )
    changes: list[Change] = Field(
        default_factory=list,
        description="text: rewritten as a standalone sentence; split: one of several atomic "
        "claims of one candidate; speaker: the model's speaker replaced the rules'; voiced: the "
        "speaker's name put before a first-person quotation; added: a claim the candidates "
        "missed",
    )
    rule_speaker: str | None = Field(
        default=None, description="the rules' speaker, when the model replaced it"
    )


class Claim(SchemaModel):
    id: str
    text: str = Field(description="a standalone statement of the claim")
    evidence: list[Span] = Field(default_factory=list)
    alignment: Alignment = Alignment.NONE
    attribution: Attribution = Field(default_factory=Attribution.article)
    quantities: list[Quantity] = Field(default_factory=list)
    hedges: list[Hedge] = Field(default_factory=list)
    times: list[TimeExpression] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    claim_type: ClaimType = ClaimType.OTHER
    origin: ClaimOrigin | None = Field(
        default=None, description="candidate-guided prompts only: the candidate and the changes"
    )

    @property
    def grounded(self) -> bool:
        return self.alignment in (Alignment.EXACT, Alignment.NORMALIZED)


class Usage(SchemaModel):
    prompt_tokens: int = 0
    completion_tokens: int = 0

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
        )


class Provenance(SchemaModel):
    """How a result was produced, so any output can be traced to code, prompt and model."""

    extractor: Literal["llm", "rules"]
    profile: Literal["accurate", "fast"] | None = Field(
        default=None, description="the rule extractor's profile: dependency parse, or regex only"
    )
    claimex_version: str
    prompt: str | None = Field(default=None, description="id@version, e.g. claims@v1")
    prompt_digest: str | None = None
    model: str | None = None
    attempts: int = Field(default=0, description="LLM calls made, retries and re-asks included")
    usage: Usage = Field(default_factory=Usage, description="summed over every attempt")
    chunks: int = 1
    cache_hits: int = Field(default=0, description="chunks answered from the on-disk cache")
    failed_chunks: int = Field(
        default=0,
        description="candidate-guided prompts: chunks the model could not answer, whose rule "
        "candidates are kept unreviewed",
    )
    warnings: list[str] = Field(
        default_factory=list, description="what was left out and why, e.g. injected instructions"
    )
    fallback_reason: str | None = Field(
        default=None, description="why the rule extractor answered instead of the LLM"
    )
    duration_s: float = 0.0


class ErrorInfo(SchemaModel):
    """Why a document produced no claims; in a batch this replaces the claims, never the record."""

    kind: str = Field(description="the exception class, e.g. InputError, LLMTransportError")
    message: str


class ExtractionResult(SchemaModel):
    schema_version: str = SCHEMA_VERSION
    doc_id: str | None = None
    text_length: int = 0
    text_sha256: str | None = Field(default=None, description="of the UTF-8 input the spans index")
    claims: list[Claim] = Field(default_factory=list)
    provenance: Provenance | None = None
    error: ErrorInfo | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @classmethod
    def failed(cls, doc_id: str | None, text: str | None, error: BaseException) -> ExtractionResult:
        """The record that stands for a document that failed: why, and which text it was.

        Batches yield one of these in the failed document's place, so nothing is lost and the
        output keeps the input order."""
        return cls(
            doc_id=doc_id,
            text_length=len(text) if isinstance(text, str) else 0,
            text_sha256=text_sha256(text) if isinstance(text, str) else None,
            error=ErrorInfo(kind=type(error).__name__, message=str(error)),
        )
