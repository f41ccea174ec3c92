"""The one place that turns an :class:`ExtractConfig` into an extractor."""

from __future__ import annotations

from claimex.core.config import ExtractConfig
from claimex.core.errors import ConfigurationError
from claimex.extractors.base import Extractor
from claimex.extractors.fallback import FallbackExtractor
from claimex.extractors.llm.rate_limit import Limiter
from claimex.extractors.rule_extractor import RuleExtractor

__all__ = ["make_extractor"]


def make_extractor(
    config: ExtractConfig | None = None, *, limiter: Limiter | None = None
) -> Extractor:
    """The extractor a config asks for; ``auto`` without an LLM config means rules. ``limiter``
    (LLM only) is a rate limit shared beyond this extractor, e.g. by every worker of a job."""
    config = config or ExtractConfig()
    rules = RuleExtractor(
        reference_date=config.reference_date,
        max_chars=config.max_chars,
        profile=config.rules_profile,
    )
    if config.backend == "rules":
        return rules
    if config.llm is None:
        if config.backend == "llm":
            raise ConfigurationError(
                "backend 'llm' needs a model: set OPENAI_API_KEY and/or OPENAI_BASE_URL "
                "(CLI: --base-url), or pass ExtractConfig(llm=LLMConfig(...))"
            )
        return rules
    # Imported here: openai and instructor take a second to import, which the rule extractor,
    # the CLI's default offline, should not pay.
    from claimex.extractors.llm.llm_extractor import LLMExtractor

    llm = LLMExtractor(
        config.llm.model_copy(update={"max_chars": config.max_chars}),
        limiter=limiter,
        candidates=rules,
    )
    return llm if config.backend == "llm" else FallbackExtractor(llm, rules)
