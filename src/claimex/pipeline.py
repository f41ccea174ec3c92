"""Choosing an extractor, falling back to rules, and running one document or many."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator

from .config import ExtractConfig
from .documents import Document
from .errors import ClaimexError, ConfigurationError, LLMError
from .extractors.base import Extractor, text_sha256
from .extractors.llm import LLMExtractor
from .extractors.rules import RuleExtractor
from .models import ErrorInfo, ExtractionResult, Usage

__all__ = ["FallbackExtractor", "extract", "extract_many", "make_extractor"]


class FallbackExtractor:
    """The LLM first; the rule extractor when the LLM fails, with the reason in provenance."""

    name = "auto"

    def __init__(self, primary: LLMExtractor, fallback: RuleExtractor) -> None:
        self.primary = primary
        self.fallback = fallback

    def extract(self, text: str, *, doc_id: str | None = None) -> ExtractionResult:
        started = time.perf_counter()
        try:
            return self.primary.extract(text, doc_id=doc_id)
        except LLMError as exc:
            result = self.fallback.extract(text, doc_id=doc_id)
            assert result.provenance is not None
            prov = result.provenance.model_copy(
                update={
                    "fallback_reason": f"{type(exc).__name__}: {exc}",
                    "prompt": self.primary.prompt.ref,
                    "prompt_digest": self.primary.prompt.digest,
                    "model": self.primary.config.model,
                    "attempts": exc.attempts,
                    "usage": Usage(
                        prompt_tokens=exc.prompt_tokens, completion_tokens=exc.completion_tokens
                    ),
                    "duration_s": round(time.perf_counter() - started, 3),
                }
            )
            return result.model_copy(update={"provenance": prov})


def make_extractor(config: ExtractConfig | None = None) -> Extractor:
    """The extractor a config asks for; ``auto`` without an LLM config means rules."""
    config = config or ExtractConfig()
    rules = RuleExtractor(reference_date=config.reference_date)
    if config.backend == "rules":
        return rules
    if config.llm is None:
        if config.backend == "llm":
            raise ConfigurationError(
                "backend 'llm' needs a model: set OPENAI_API_KEY and/or OPENAI_BASE_URL, "
                "or pass an LLMConfig"
            )
        return rules
    llm = LLMExtractor(config.llm)
    return llm if config.backend == "llm" else FallbackExtractor(llm, rules)


def extract(
    text: str,
    *,
    doc_id: str | None = None,
    config: ExtractConfig | None = None,
    extractor: Extractor | None = None,
) -> ExtractionResult:
    """Claims of one document. Raises :class:`ClaimexError` subclasses on failure."""
    return (extractor or make_extractor(config)).extract(text, doc_id=doc_id)


def error_record(doc_id: str | None, text: str | None, exc: BaseException) -> ExtractionResult:
    """The record that stands for a document that failed: why, and which text it was."""
    return ExtractionResult(
        doc_id=doc_id,
        text_length=len(text) if isinstance(text, str) else 0,
        text_sha256=text_sha256(text) if isinstance(text, str) else None,
        error=ErrorInfo(kind=type(exc).__name__, message=str(exc)),
    )


def extract_many(
    documents: Iterable[str | Document],
    *,
    config: ExtractConfig | None = None,
    extractor: Extractor | None = None,
) -> Iterator[ExtractionResult]:
    """One result per input, in input order; a failing document yields an error record.

    Strings get ids ``"0"``, ``"1"``, …; :class:`Document` keeps its own id.
    """
    chosen = extractor or make_extractor(config)
    for i, doc in enumerate(documents):
        doc_id, text = (doc.id, doc.text) if isinstance(doc, Document) else (str(i), doc)
        try:
            yield chosen.extract(text, doc_id=doc_id)
        except ClaimexError as exc:
            yield error_record(doc_id, text, exc)
