"""Options grouped in frozen objects, so call sites stay short and configurations are comparable."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr

__all__ = ["Backend", "ExtractConfig", "LLMConfig"]

Backend = Literal["auto", "llm", "rules"]


class LLMConfig(BaseModel):
    """How to reach an OpenAI-compatible chat model and how hard to try.

    Retries have one owner per layer: the SDK never retries (``max_retries=0``); tenacity retries
    transport failures (429 honouring Retry-After, 5xx, timeouts, connection errors) up to
    ``max_transport_retries`` times; instructor re-asks with the validation error up to
    ``max_reasks`` times. Every attempt's tokens are counted.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    model: str = "gpt-4o-mini"
    base_url: str | None = Field(default=None, description="any OpenAI-compatible server")
    api_key: SecretStr | None = Field(default=None, repr=False)
    prompt: str = "claims@v1"
    timeout_s: float = Field(default=180.0, gt=0)
    max_transport_retries: int = Field(default=3, ge=0, le=10)
    max_reasks: int = Field(default=2, ge=0, le=5)
    max_retry_wait_s: float = Field(default=60.0, ge=0, description="cap on one Retry-After wait")
    max_chunk_chars: int | None = Field(
        default=None, gt=200, description="defaults to the prompt's chunk_chars"
    )
    requests_per_minute: float | None = Field(
        default=None, gt=0, description="client-side limit, shared by all threads of an extractor"
    )
    tokens_per_minute: float | None = Field(
        default=None, gt=0, description="client-side limit on prompt + max_tokens per minute"
    )
    cache: bool = Field(default=False, description="reuse validated replies from the disk cache")
    cache_dir: Path | None = Field(
        default=None, description="default $CLAIMEX_CACHE_DIR or ~/.cache/claimex/llm"
    )
    max_chars: int = Field(default=2_000_000, gt=0, description="longer documents are refused")
    ungrounded: Literal["keep", "drop"] = Field(
        default="keep",
        description="claims whose quote cannot be found after re-asks: keep them flagged "
        "alignment='none', or drop them",
    )


class ExtractConfig(BaseModel):
    """Which backend to use. ``auto`` = the LLM when one is configured, else rules; and rules
    whenever the LLM fails (the reason is recorded in ``provenance.fallback_reason``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    backend: Backend = "auto"
    rules_profile: Literal["accurate", "fast"] = Field(
        default="accurate",
        description="rule extractor: 'accurate' (dependency parse) or 'fast' (regex only)",
    )
    llm: LLMConfig | None = None
    max_chars: int = Field(
        default=2_000_000, gt=0, description="longer documents become an InputError record"
    )
    reference_date: dt.date | None = Field(
        default=None, description="publication date; resolves 'Saturday' to a date"
    )
