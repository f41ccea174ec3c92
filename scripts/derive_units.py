#!/usr/bin/env python3
"""Derive the unit table ``src/claimex/taggers/data/units.tsv`` from quantulum3's unit database.

quantulum3 (MIT licence, a dev dependency) knows ~400 units with their written forms ("miles per
hour", "mph", "km", "kWh", "£"). We keep the units news writes about — currency, length, area,
volume, mass, time, speed, energy, power, temperature, data, frequency and percentages — and
their forms that name one unit only, minus forms that are everyday English words ("in", "at",
"a") which quantulum itself only keeps through a classifier. Each row: kind (``surface``,
lower-cased, plurals included, or ``symbol``, case-sensitive), form, unit name, entity.

    python3 scripts/dev run python scripts/derive_units.py            # rewrite the table
    python3 scripts/dev run python scripts/derive_units.py --check    # compare, exit 1 on change
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src" / "claimex" / "taggers" / "data" / "units.tsv"
ENTITIES = {
    "currency", "length", "area", "volume", "mass", "time", "speed", "energy", "power",
    "temperature", "data storage", "frequency", "dimensionless", "volumetric flow", "pressure",
    "charge", "data transfer rate",
}  # fmt: skip
# Forms that are English words, scale suffixes claimex reads itself ("m", "bn"), or that name one
# unit to quantulum but another in news ("pound" is money in a British paper and mass in an
# American one): never read as units.
NOT_UNITS = {
    "a", "an", "as", "at", "am", "pm", "in", "is", "it", "no", "on", "or", "to", "up", "us", "we",
    "m", "b", "k", "bn", "mn", "tn", "s", "h", "d", "y", "t", "g", "l", "c", "f", "p", "mi", "yr",
    "pound", "pounds", "dimensionless", "dimensionlesses", "unit", "units", "set", "sets", "pair",
    "pairs", "one", "ones", "dozen", "dozens", "score", "scores", "point", "points", "mil", "mill",
}  # fmt: skip
# Where a form names several units, the one meant in news.
PREFER = {"¥": "japanese yen", "degrees": "degree", "degree": "degree"}
# Forms news uses for one unit that quantulum3 gives to another ("24pc" is per cent, not pieces).
NEWS_FORMS = [
    ("symbol", "pc", "percentage", "dimensionless"),
    ("symbol", "km/h", "kilometre per hour", "speed"),
    ("symbol", "kph", "kilometre per hour", "speed"),
    ("symbol", "W", "watt", "power"),
    ("symbol", "ml", "millilitre", "volume"),
    ("symbol", "mL", "millilitre", "volume"),
    ("symbol", "ksi", "kilopound per square inch", "pressure"),
    ("symbol", "mAh", "milliampere-hour", "charge"),
    ("symbol", "rpm", "revolutions per minute", "frequency"),
    ("symbol", "HK$", "hong kong dollar", "currency"),
    ("symbol", "S$", "singapore dollar", "currency"),
    ("symbol", "RM", "malaysian ringgit", "currency"),
    ("symbol", "degF", "fahrenheit", "temperature"),
    ("symbol", "degC", "celsius", "temperature"),
    ("symbol", "deg C", "celsius", "temperature"),
    ("symbol", "deg F", "fahrenheit", "temperature"),
    ("symbol", "m2", "square metre", "area"),
    ("symbol", "km2", "square kilometre", "area"),
    ("symbol", "bhp", "horsepower", "power"),
    ("surface", "shekel", "shekel", "currency"),
    ("surface", "shekels", "shekel", "currency"),
]
# quantulum3 names temperatures "degree celsius" and "US$" a "united states dollar"; news and
# quantity benchmarks say "celsius" and "dollar" ("$" is already "dollar").
RENAME = {
    "degree celsius": "celsius",
    "degree fahrenheit": "fahrenheit",
    "united states dollar": "dollar",
}


def rows() -> list[tuple[str, str, str, str]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from quantulum3 import load

        units = load.units("en_US")
    out = []
    for kind, table in (("surface", units.surfaces_lower), ("symbol", units.symbols)):
        for form, found in table.items():
            kept = {u for u in found if u.entity.name in ENTITIES and u.name != "unk"}
            names = {u.name for u in kept}
            if not kept or form.lower() in NOT_UNITS or form.strip() != form or not form:
                continue
            if len(names) > 1:
                if form not in PREFER:
                    continue
                kept = {u for u in kept if u.name == PREFER[form]} or kept
            unit = min(kept, key=lambda u: u.name)
            if kind == "symbol" and len(form) == 1 and form.isalpha():
                continue  # single letters: "m", "g", "s" are too often something else
            name = PREFER.get(form, unit.name).lower()
            name = RENAME.get(name, name)
            out.append((kind, form, name, unit.entity.name))
    news = {(kind, form) for kind, form, _, _ in NEWS_FORMS}
    out = [row for row in out if (row[0], row[1]) not in news] + NEWS_FORMS
    return sorted(set(out))


def render() -> str:
    lines = ["# kind\tform\tname\tentity (derived by scripts/derive_units.py from quantulum3)"]
    lines += ["\t".join(r) for r in rows()]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare; exit 1 on a difference")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        same = OUT.read_text(encoding="utf-8") == text
        print("units.tsv is up to date" if same else "units.tsv differs: rerun the script")
        return 0 if same else 1
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {text.count(chr(10)) - 1} forms to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
