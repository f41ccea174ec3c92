"""Reading documents from files and stdin with a documented decoding policy.

Policy: bytes must be UTF-8 (a BOM is dropped) unless another encoding is named; a file with NUL
bytes is treated as binary and rejected; undecodable bytes are an :class:`InputError` that names the
byte offset, never silently replaced, because spans index the decoded text.

HTML (a ``.html``/``.htm`` file, or text that starts with ``<!doctype html`` or ``<html``) is turned
into its visible text first — scripts, styles and markup dropped, entities decoded, block elements
on their own lines — and spans index that text, which is what ``Document.text`` holds.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from claimex.core.errors import InputError

__all__ = [
    "Document",
    "decode",
    "html_to_text",
    "looks_like_html",
    "read_document",
    "read_documents",
]


@dataclass(frozen=True)
class Document:
    """One input: its id (the path, or ``-`` for stdin) and its text.

    A document that could not be read carries its ``error`` (and an empty text) instead of
    raising, so a batch keeps it in its place and gives it an error record."""

    id: str
    text: str
    error: InputError | None = None


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


class _Visible(HTMLParser):
    _SKIP = frozenset({"script", "style", "noscript", "template", "head", "svg"})
    _BLOCK = frozenset(
        "p div br li ul ol h1 h2 h3 h4 h5 h6 blockquote section article header footer tr td "
        "th table figcaption figure pre hr title".split()
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self.skipping += 1
        elif tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def looks_like_html(text: str, name: str = "") -> bool:
    head = text.lstrip()[:200].lower()
    return name.lower().endswith((".html", ".htm")) or head.startswith(("<!doctype html", "<html"))


def html_to_text(html: str) -> str:
    """The visible text of an HTML page, paragraphs separated by blank lines."""
    parser = _Visible()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def read_document(
    path: str | Path, *, encoding: str = "utf-8", max_chars: int = 2_000_000
) -> Document:
    """Read one file; errors name the file and say what is wrong with it. A file too large to be
    under ``max_chars`` in any encoding is refused before it is read."""
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError:
        size = 0  # reported below, by the read
    if size > 4 * max_chars:
        raise InputError(
            f"{p}: {size:,} bytes, above the limit of {max_chars:,} characters: split it, or "
            "raise max_chars (CLI: --max-chars)"
        )
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{p}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{p}: is a directory") from None
    except OSError as exc:
        raise InputError(f"{p}: cannot read: {exc.strerror}") from None
    text = decode(data, encoding=encoding, name=str(path))
    if looks_like_html(text, str(path)):
        text = html_to_text(text)
    return Document(str(path), text)


def read_documents(
    paths: Iterable[str], *, encoding: str = "utf-8", max_chars: int = 2_000_000
) -> Iterator[Document]:
    """Documents from paths (``-`` is stdin), read lazily, one per path and in order; a path that
    cannot be read gives a :class:`Document` with its ``error``."""
    for path in paths:
        try:
            if path == "-":
                text = decode(sys.stdin.buffer.read(), encoding=encoding, name="<stdin>")
                yield Document("-", html_to_text(text) if looks_like_html(text) else text)
            else:
                yield read_document(path, encoding=encoding, max_chars=max_chars)
        except InputError as exc:
            yield Document(path, "", exc)
