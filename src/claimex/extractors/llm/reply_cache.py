"""A persistent on-disk cache of validated LLM replies, one small JSON file per chunk.

The key is a SHA-256 over everything that decides the reply: the prompt's id, version and digest
(which covers its template, examples, parameters and response model), the model, the server, the
generation parameters and the chunk's text. A re-run of the same corpus therefore makes no LLM
call, and changing any of those makes a fresh one. Writes are atomic (a temporary file, then
``os.replace``), so concurrent workers and interrupted runs never leave a torn entry; an entry
that cannot be read is treated as a miss.

Location: ``$CLAIMEX_CACHE_DIR`` or ``~/.cache/claimex/llm``.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from claimex.core.environment import default_cache_dir

__all__ = ["LLMCache"]


class LLMCache:
    """Get and put replies by key; the caller decides what a reply is."""

    def __init__(self, directory: str | Path | None = None) -> None:
        self.directory = Path(directory) if directory else default_cache_dir()

    def __repr__(self) -> str:
        return f"LLMCache({str(self.directory)!r})"

    @staticmethod
    def key(**parts: Any) -> str:
        blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        try:
            value = json.loads(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return value if isinstance(value, dict) else None

    def put(self, key: str, value: dict[str, Any]) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(value, f, ensure_ascii=False)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
