"""The ``auto`` backend: the LLM first, the rule extractor whenever the LLM fails.

The fallback record is the rule extractor's, with the LLM's prompt, model, attempts and tokens
and the reason it failed in ``provenance``, so a user sees what was tried and what it cost.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from claimex.core.errors import LLMError
from claimex.core.schema import ExtractionResult, Usage
from claimex.extractors.rule_extractor import RuleExtractor

if TYPE_CHECKING:
    from claimex.extractors.llm.llm_extractor import LLMExtractor

__all__ = ["FallbackExtractor"]


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
            return self._fall_back(text, doc_id, exc, started)

    async def aextract(self, text: str, *, doc_id: str | None = None) -> ExtractionResult:
        started = time.perf_counter()
        try:
            return await self.primary.aextract(text, doc_id=doc_id)
        except LLMError as exc:
            return self._fall_back(text, doc_id, exc, started)

    def _fall_back(
        self, text: str, doc_id: str | None, exc: LLMError, started: float
    ) -> ExtractionResult:
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
