"""Reading documents from files and stdin with a documented decoding policy.

Policy: bytes must be UTF-8 (a BOM is dropped) unless another encoding is named; a file with NUL
bytes is treated as binary and rejected; undecodable bytes are an :class:`InputError` that names the
byte offset, never silently replaced, because spans index the decoded text.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

__all__ = ["Document", "decode", "read_document"]


@dataclass(frozen=True)
class Document:
    """One input: its id (the path, or ``-`` for stdin) and its text."""

    id: str
    text: str


def decode(data: bytes, *, encoding: str = "utf-8", name: str = "<bytes>") -> str:
    if b"\x00" in data[:8192] and not encoding.lower().startswith("utf-16"):
        raise InputError(f"{name}: contains NUL bytes; it looks binary, not text")
    try:
        text = data.decode("utf-8-sig" if encoding.lower() in {"utf-8", "utf8"} else encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: not valid {encoding} at byte {exc.start}; pass the right --encoding "
            "(e.g. cp1252 or latin-1)"
        ) from None
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}") from None
    return text


def read_document(path: str | Path, *, encoding: str = "utf-8") -> Document:
    """Read one file; errors name the file and say what is wrong with it."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{p}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{p}: is a directory") from None
    except OSError as exc:
        raise InputError(f"{p}: cannot read: {exc.strerror}") from None
    return Document(str(path), decode(data, encoding=encoding, name=str(path)))
