"""claimex: grounded, attributed, structured claims from news text.

>>> from claimex import extract
>>> result = extract("At least 14 people were killed, the governor said.")
>>> result.claims[0].quantities[0].qualifier
<Qualifier.AT_LEAST: 'at_least'>
"""

from typing import TYPE_CHECKING, Any

from claimex._version import __version__
from claimex.core.config import ExtractConfig, LLMConfig
from claimex.core.documents import Document, read_document
from claimex.core.environment import config_from_env
from claimex.core.errors import (
    ClaimexError,
    ConfigurationError,
    InputError,
    LLMAuthError,
    LLMError,
    LLMResponseError,
    LLMTransportError,
    PromptError,
)
from claimex.core.grounding import align
from claimex.core.schema import (
    SCHEMA_VERSION,
    Alignment,
    Attribution,
    Claim,
    ClaimOrigin,
    ClaimType,
    ErrorInfo,
    ExtractionResult,
    Hedge,
    Place,
    Provenance,
    Qualifier,
    Quantity,
    QuoteType,
    Source,
    Span,
    SpeakerType,
    TimeExpression,
    Usage,
)
from claimex.extractors.base import Extractor
from claimex.extractors.factory import make_extractor
from claimex.extractors.llm.prompt_registry import load_prompt
from claimex.extractors.rule_extractor import RuleExtractor
from claimex.run.pipeline import aextract, aextract_many, extract, extract_many

if TYPE_CHECKING:
    from claimex.extractors.llm.llm_extractor import LLMExtractor


def __getattr__(name: str) -> Any:
    # The LLM extractor imports openai and instructor, a second's work that the rule extractor
    # does without: it is loaded on first use.
    if name == "LLMExtractor":
        from claimex.extractors.llm.llm_extractor import LLMExtractor

        return LLMExtractor
    raise AttributeError(f"module 'claimex' has no attribute {name!r}")


__all__ = [
    "SCHEMA_VERSION",
    "Alignment",
    "Attribution",
    "Claim",
    "ClaimOrigin",
    "ClaimType",
    "ClaimexError",
    "ConfigurationError",
    "Document",
    "ErrorInfo",
    "ExtractConfig",
    "ExtractionResult",
    "Extractor",
    "Hedge",
    "InputError",
    "LLMAuthError",
    "LLMConfig",
    "LLMError",
    "LLMExtractor",
    "LLMResponseError",
    "LLMTransportError",
    "Place",
    "PromptError",
    "Provenance",
    "Qualifier",
    "Quantity",
    "QuoteType",
    "RuleExtractor",
    "Source",
    "Span",
    "SpeakerType",
    "TimeExpression",
    "Usage",
    "__version__",
    "aextract",
    "aextract_many",
    "align",
    "config_from_env",
    "extract",
    "extract_many",
    "load_prompt",
    "make_extractor",
    "read_document",
]
