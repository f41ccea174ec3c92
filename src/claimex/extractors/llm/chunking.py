"""Split long documents into chunks for the LLM, keeping each chunk's offset in the document."""

from __future__ import annotations

import re
from dataclasses import dataclass

from claimex.taggers.sentences import split_sentences

__all__ = ["Chunk", "chunk_text"]


@dataclass(frozen=True, slots=True)
class Chunk:
    start: int
    end: int
    text: str


_PARA = re.compile(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*")


def _pieces(text: str, max_chars: int) -> list[tuple[int, int]]:
    """Paragraphs; sentences of paragraphs too long; whitespace cuts of sentences too long."""
    out: list[tuple[int, int]] = []
    for para in _PARA.finditer(text):
        if para.end() - para.start() <= max_chars:
            out.append(para.span())
            continue
        for s in split_sentences(para.group()):
            a, b = para.start() + s.start, para.start() + s.end
            while b - a > max_chars:
                cut = text.rfind(" ", a + max_chars // 2, a + max_chars)
                cut = cut if cut > a else a + max_chars
                out.append((a, cut))
                a = cut
            out.append((a, b))
    return out


def chunk_text(text: str, max_chars: int) -> list[Chunk]:
    """Pack whole paragraphs into chunks of at most ``max_chars`` characters (one call each)."""
    chunks: list[Chunk] = []
    start = end = None
    for a, b in _pieces(text, max_chars):
        if start is not None and end is not None and b - start > max_chars:
            chunks.append(Chunk(start, end, text[start:end]))
            start = None
        if start is None:
            start = a
        end = b
    if start is not None and end is not None:
        chunks.append(Chunk(start, end, text[start:end]))
    return chunks
