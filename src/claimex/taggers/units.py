"""Units written after a number, and their names: "60 mph" → mile per hour, "3 sq km" → square
kilometre, "$5" → dollar.

The table (``data/units.tsv``) is derived from quantulum3's unit database by
``scripts/derive_units.py``: about 1,200 written forms of the units news reports (money, distance,
area, volume, mass, duration, speed, energy, power, temperature, data, frequency, percentages).
Names follow quantulum3's, the naming quantity benchmarks such as NewsQuant use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

__all__ = ["UnitMatch", "currency_name", "singular", "unit_after"]

_MAX_WORDS = 4


@dataclass(frozen=True)
class UnitMatch:
    text: str  # as written
    name: str  # "mile per hour"
    entity: str  # "speed"
    end: int  # offset just after the unit in the searched text


@cache
def _folded() -> dict[str, tuple[str, str]]:
    """Symbols of three or more letters by their lower case, where that is unambiguous:
    "Ghz" is GHz, but "mm" and "Mm" stay apart."""
    seen: dict[str, set[tuple[str, str]]] = {}
    for form, hit in _table()[1].items():
        if len(form) >= 3:
            seen.setdefault(form.lower(), set()).add(hit)
    return {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}


@cache
def _table() -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str]]]:
    surfaces: dict[str, tuple[str, str]] = {}
    symbols: dict[str, tuple[str, str]] = {}
    data = files("claimex.taggers").joinpath("data", "units.tsv").read_text(encoding="utf-8")
    for line in data.splitlines():
        if not line or line.startswith("#"):
            continue
        kind, form, name, entity = line.split("\t")
        (surfaces if kind == "surface" else symbols)[form] = (name, entity)
    return surfaces, symbols


# A unit starts right after the number or after spaces; words are letters, with "/" and "°"
# inside symbols ("km/h", "°C"), and a surface may run over a few words ("miles per hour").
_TOKEN = re.compile(r"[°A-Za-z][A-Za-z°/²³.]*[23]?|[%$£€¥]")


def unit_after(text: str, end: int) -> UnitMatch | None:
    """The longest unit written at ``text[end:]`` (after optional spaces), if any."""
    surfaces, symbols = _table()
    pos = end
    while pos < len(text) and text[pos] in " \u00a0":
        pos += 1
    if pos - end > 1:
        return None
    tokens = []
    at = pos
    for _ in range(_MAX_WORDS):
        m = _TOKEN.match(text, at)
        if m is None:
            break
        tokens.append(m)
        at = m.end()
        while at < len(text) and text[at] == " ":
            at += 1
    for k in range(len(tokens), 0, -1):
        start, stop = pos, tokens[k - 1].end()
        written = text[start:stop]
        for form in (written, written.rstrip(".")):
            hit = symbols.get(form) or surfaces.get(form.lower()) or _folded().get(form.lower())
            if hit and (stop >= len(text) or not text[stop].isalnum()):
                return UnitMatch(form, hit[0], hit[1], start + len(form))
    return None


def currency_name(symbol: str) -> str | None:
    """The name of a currency written as a symbol or code: "$" → dollar, "GBP" → pound sterling."""
    symbol = symbol.strip().rstrip(".")
    if symbol == "PS":  # "£" folded to ASCII, as in NewsQuant's text
        symbol = "£"
    symbol = {"Rs": "INR", "$US": "US$", "$A": "A$", "$NZ": "NZ$", "Y=": "JPY"}.get(symbol, symbol)
    hit = _table()[1].get(symbol)
    return hit[0] if hit and hit[1] == "currency" else None


_IRREGULAR = {
    "people": "people", "men": "man", "women": "woman", "children": "child", "feet": "foot",
}  # fmt: skip


def singular(word: str) -> str:
    """A plural noun's singular, for comparing counted nouns ("users" → user)."""
    w = word.lower()
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith(("ses", "xes", "ches", "shes")):
        return w[:-2]
    if len(w) > 2 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w
