"""The one definition of a text's digest, shared by records, caches and batch manifests."""

from __future__ import annotations

import hashlib

__all__ = ["text_sha256"]


def text_sha256(text: str) -> str:
    """SHA-256 of the UTF-8 text (lone surrogates kept), so a record names exactly its input."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
