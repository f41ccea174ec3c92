"""Place expressions: capitalised names after a locative preposition ("in Villa Union")."""

from __future__ import annotations

import re

from claimex.core.schema import Place, Span

__all__ = ["find_places"]

_NOT_PLACES = frozenset(
    "January February March April May June July August September October November December "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday Spanish English The A An "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec".split()
)
_PLACE = re.compile(
    r"\b(?:in|near|outside|across|at|from|to)\s+(?P<place>(?:the\s+)?[A-Z][\w’'.-]*"
    r"(?:\s+(?:[A-Z][\w’'.-]*|de|del|la|of))*(?:,\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?(?=[\s,.;]))?)"
)


def find_places(text: str, *, offset: int = 0) -> list[Place]:
    out = []
    for m in _PLACE.finditer(text):
        place = m.group("place").rstrip(".,")
        core = place.removeprefix("the ").split()[0]
        if core in _NOT_PLACES or place.endswith((" of", " de", " del", " la")):
            continue
        start = m.start("place") + offset
        span = Span.of_unchecked(start, start + len(place), place)
        out.append(Place.trusted(text=place, span=span))
    return out
