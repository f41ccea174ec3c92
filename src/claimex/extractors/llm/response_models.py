"""What the LLM must return: the response model is the contract, and part of each prompt's digest.

Field descriptions are prompt text (they reach the model through the JSON schema), and validator
messages are instructions, because instructor sends them back to the model when it re-asks.
The model returns a claim and a verbatim quote, never offsets: the library aligns the quote.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from claimex.core.grounding import Aligner
from claimex.core.schema import Alignment, ClaimType, Qualifier, QuoteType, SpeakerType

__all__ = [
    "RESPONSE_MODELS",
    "AddedOut",
    "ClaimOut",
    "ClaimsOut",
    "QuantityOut",
    "ReviewOut",
    "VerdictOut",
    "grounding_check",
]


@dataclass(frozen=True)
class _Check:
    aligner: Aligner
    strict: bool


_CHECK: ContextVar[_Check | None] = ContextVar("claimex_grounding_check", default=None)


@contextmanager
def grounding_check(source: str, *, strict: bool = True) -> Iterator[None]:
    """Validate quotes against ``source`` while parsing model replies in this context.

    A context variable rather than instructor's ``context=``: that argument Jinja-renders every
    message, which would break on an article containing ``{{``.
    """
    token = _CHECK.set(_Check(Aligner(source), strict))
    try:
        yield
    finally:
        _CHECK.reset(token)


class _Out(BaseModel):
    model_config = ConfigDict(extra="ignore")

    @classmethod
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """Built once per model and arguments: instructor asks for it on every call, and
        building it costs more CPU than the rest of the client path together. Keyed by name
        and fields, not by class, because instructor passes a fresh copy of the class each call."""
        try:
            key = (
                cls.__module__,
                cls.__qualname__,
                cls.__doc__,
                tuple(cls.model_fields),
                args,
                tuple(sorted(kwargs.items())),
            )
            schema = _SCHEMAS.get(key)
        except TypeError:  # unhashable arguments: build it
            return super().model_json_schema(*args, **kwargs)
        if schema is None:
            if len(_SCHEMAS) > 64:
                _SCHEMAS.clear()
            schema = _SCHEMAS[key] = super().model_json_schema(*args, **kwargs)
        return copy.deepcopy(schema)


_SCHEMAS: dict[Any, dict[str, Any]] = {}


class QuantityOut(_Out):
    text: str = Field(
        description="the number exactly as written in the quote, with its qualifier words: "
        "'at least 21', 'about 3,000', 'more than a dozen'"
    )
    value: float | None = Field(description="the number in digits: 21, 3000, 12")
    qualifier: Qualifier = Field(
        description="exact, about, at_least, more_than, at_most, less_than, nearly, range, "
        "or unspecified"
    )
    counted: str | None = Field(
        description="what is counted, in the article's words: 'people killed', 'police officers'"
    )


class ClaimOut(_Out):
    quote: str = Field(
        description="the sentence or clause of the article that states the claim, copied "
        "character for character"
    )
    claim: str = Field(
        description="the claim as one self-contained sentence, names instead of pronouns"
    )
    speaker: str | None = Field(
        description="who the article says makes the claim, as written ('Gov. Miguel Angel "
        "Riquelme', 'the report'); null when the article states it in its own voice"
    )
    speaker_type: SpeakerType
    cue: str | None = Field(
        description="the words that attribute the claim: 'said', 'according to', 'told Reuters'"
    )
    quote_type: QuoteType
    via: str | None = Field(
        description="the outlet or report the claim is relayed through, e.g. 'Fox News', "
        "when the article cites a second-hand source; otherwise null"
    )
    quantities: list[QuantityOut] = Field(description="every number in the claim")
    hedges: list[str] = Field(
        description="words copied from the quote that weaken the claim: 'suspected', "
        "'reportedly', 'believed', 'could'"
    )
    time: str | None = Field(description="when it happened, as written")
    place: str | None = Field(description="where it happened, as written")
    claim_type: ClaimType

    @field_validator("quote")
    @classmethod
    def _quote_is_in_article(cls, quote: str) -> str:
        return _checked_quote(quote)


def _checked_quote(quote: str) -> str:
    check = _CHECK.get()
    if check is None or not check.strict:
        return quote
    if not quote.strip():
        raise ValueError("quote must not be empty: copy the sentence that states the claim")
    if check.aligner.align(quote).alignment is Alignment.NONE:
        raise ValueError(
            f"quote must be copied verbatim from the article, but {quote[:120]!r} does not "
            "appear in it; copy the exact words of the sentence, do not paraphrase"
        )
    return quote


class ClaimsOut(_Out):
    claims: list[ClaimOut] = Field(description="every factual claim the article makes, in order")


class VerdictOut(_Out):
    """The model's verdict on one rule candidate: only what the candidate lacks."""

    n: int = Field(description="the candidate's number")
    drop: bool = Field(
        default=False,
        description="true only when the candidate states no fact: a caption, a heading, a "
        "question, a link or sign-up text",
    )
    claims: list[str] = Field(
        description="the candidate's facts, one self-contained sentence each, names instead of "
        "pronouns, without the attribution"
    )
    speaker: str | None = Field(
        description="who says it, copied from the sentence, only when the candidate's speaker is "
        "wrong; otherwise null"
    )


class AddedOut(_Out):
    """A claim the candidates missed."""

    quote: str = Field(description="the sentence that states it, copied character for character")
    claim: str = Field(description="the fact as one self-contained sentence")
    speaker: str | None = Field(description="who says it, as written; null for the article")
    cue: str | None = Field(description="the attributing words as written: 'said', 'told'")

    @field_validator("quote")
    @classmethod
    def _quote_is_in_article(cls, quote: str) -> str:
        return _checked_quote(quote)


class ReviewOut(_Out):
    reviews: list[VerdictOut] = Field(description="one verdict per candidate, in order")
    missed: list[AddedOut] = Field(
        description="factual claims of the article that no candidate covers; usually []"
    )


RESPONSE_MODELS: dict[str, type[BaseModel]] = {"claims": ClaimsOut, "review": ReviewOut}
