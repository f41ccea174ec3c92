"""The two extractors behind one protocol (``base``), the LLM-then-rules ``fallback``, and the one
``factory`` that turns an :class:`~claimex.core.config.ExtractConfig` into an extractor."""
