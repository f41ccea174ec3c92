"""One exception tree, so callers can catch exactly what they can handle.

::

    ClaimexError
    ├── ConfigurationError      bad or missing settings (no model, unknown backend)
    ├── PromptError             unknown prompt, bad prompt file, changed released prompt
    ├── InputError              empty, binary or undecodable document
    └── LLMError                the LLM path failed (the ``auto`` backend falls back to rules)
        ├── LLMTransportError   timeouts, connection errors, 429/5xx after retries
        ├── LLMAuthError        401/403: fails fast, never retried
        └── LLMResponseError    garbage, truncated or schema-invalid replies after re-asks

Messages never contain an API key: the LLM layer scrubs them before raising.
"""

from __future__ import annotations

__all__ = [
    "ClaimexError",
    "ConfigurationError",
    "InputError",
    "LLMAuthError",
    "LLMError",
    "LLMResponseError",
    "LLMTransportError",
    "PromptError",
]


class ClaimexError(Exception):
    """Base class of every error claimex raises on purpose."""


class ConfigurationError(ClaimexError):
    """Bad or missing settings. ``option`` names the argument (CLI flag) at fault when the
    settings are wrong because of what the caller passed, rather than what is missing."""

    def __init__(self, message: str, *, option: str | None = None) -> None:
        super().__init__(message)
        self.option = option


class PromptError(ClaimexError):
    pass


class InputError(ClaimexError):
    pass


class LLMError(ClaimexError):
    """The LLM path failed; ``attempts`` and ``usage`` say what it cost before failing."""

    def __init__(
        self, message: str, *, attempts: int = 0, prompt_tokens: int = 0, completion_tokens: int = 0
    ) -> None:
        super().__init__(message)
        self.attempts = attempts
        self.prompt_tokens = prompt_tokens
        self.completion_tokens = completion_tokens


class LLMTransportError(LLMError):
    pass


class LLMAuthError(LLMError):
    pass


class LLMResponseError(LLMError):
    pass
