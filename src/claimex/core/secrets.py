"""Keeping API keys out of messages and logs.

Errors are scrubbed where claimex builds them. Logs are scrubbed at the source: a log-record
factory rewrites records from the HTTP and LLM client libraries (instructor, openai, httpx) and
from claimex before any handler sees them, because those libraries log server replies, and a
server may echo the key it rejected.
"""

from __future__ import annotations

import logging
import re
import threading
from typing import Any

__all__ = ["protect_logs", "scrub"]

_KEY_LIKE = re.compile(r"\bsk-[A-Za-z0-9_-]{8,}")
_SOURCES = ("instructor", "openai", "httpx", "httpcore", "claimex")
_secrets: set[str] = set()
_lock = threading.Lock()
_installed = False


def scrub(message: str, *secrets: str | None) -> str:
    """``message`` with the given secrets, every registered one and anything key-like masked."""
    for secret in (*secrets, *_secrets):
        if secret and len(secret) >= 6:
            message = message.replace(secret, "***")
    return _KEY_LIKE.sub("sk-***", message)


def protect_logs(secret: str | None = None) -> None:
    """Scrub ``secret`` (and key-like strings) from the client libraries' log records."""
    global _installed
    with _lock:
        if secret:
            _secrets.add(secret)
        if _installed:
            return
        previous = logging.getLogRecordFactory()

        def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
            record = previous(*args, **kwargs)
            if record.name.startswith(_SOURCES):
                text = record.getMessage()
                clean = scrub(text)
                if clean != text:
                    record.msg, record.args = clean, None
            return record

        logging.setLogRecordFactory(factory)
        _installed = True
