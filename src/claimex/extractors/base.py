"""The one protocol every extractor implements, and helpers they share."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from claimex.core.errors import InputError
from claimex.core.schema import ExtractionResult

__all__ = ["MAX_CHARS", "Extractor", "check_text"]


@runtime_checkable
class Extractor(Protocol):
    """Turns one document into an :class:`ExtractionResult` whose spans index ``text``."""

    name: str

    def extract(self, text: str, *, doc_id: str | None = None) -> ExtractionResult: ...


MAX_CHARS = 2_000_000  # ~2 MB: far above any article, far below what exhausts memory


def check_text(text: object, max_chars: int = MAX_CHARS) -> str:
    """Reject what cannot be a document, with a message that says why.

    Output grows with the input (a 20 MB "article" gives ~150,000 claims and ~1.6 GB of objects),
    so documents above ``max_chars`` are refused rather than risking the whole batch."""
    if not isinstance(text, str):
        raise InputError(f"expected the document as str, got {type(text).__name__}")
    if len(text) > max_chars:
        raise InputError(
            f"the document has {len(text):,} characters, above the limit of {max_chars:,}: "
            "split it, or raise max_chars (CLI: --max-chars)"
        )
    if not text.strip():
        raise InputError("the document is empty or only whitespace")
    if "\x00" in text:
        raise InputError("the document contains NUL bytes: it looks binary, not text")
    return text
