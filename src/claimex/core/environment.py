"""The one place that reads the environment. Library functions take explicit configs instead."""

from __future__ import annotations

import os
from collections.abc import Mapping

from pydantic import SecretStr

from claimex.core.config import Backend, ExtractConfig, LLMConfig

__all__ = ["config_from_env"]


def config_from_env(
    env: Mapping[str, str] | None = None,
    *,
    backend: Backend | None = None,
    model: str | None = None,
    base_url: str | None = None,
    prompt: str | None = None,
) -> ExtractConfig:
    """Build an :class:`ExtractConfig` from ``OPENAI_API_KEY``, ``OPENAI_BASE_URL``,
    ``CLAIMEX_MODEL``, ``CLAIMEX_PROMPT`` and ``CLAIMEX_BACKEND``; arguments win over variables.

    An LLM counts as configured when there is an API key or a base URL (local servers such as
    llama.cpp need no key).
    """
    env = os.environ if env is None else env
    key = env.get("OPENAI_API_KEY") or None
    url = base_url or env.get("OPENAI_BASE_URL") or None
    chosen: Backend = backend or env.get("CLAIMEX_BACKEND", "auto")  # type: ignore[assignment]
    llm = None
    if key or url:
        llm = LLMConfig(
            model=model or env.get("CLAIMEX_MODEL") or LLMConfig.model_fields["model"].default,
            base_url=url,
            api_key=SecretStr(key) if key else None,
            prompt=prompt or env.get("CLAIMEX_PROMPT") or LLMConfig.model_fields["prompt"].default,
        )
    return ExtractConfig(backend=chosen, llm=llm)
