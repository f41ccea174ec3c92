"""The comparison as one self-contained HTML page: each article with its claims highlighted at
their spans, and the fact groups with their labels.

Article text is escaped by Jinja's autoescaping, and the page's Content-Security-Policy allows no
script at all, so markup in an article (a ``<script>``, an ``onerror``) stays text.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources

from jinja2 import Environment, select_autoescape

from claimex._version import __version__
from claimex.compare.comparison import Comparison, FactGroup, Label, short_name
from claimex.core.schema import ExtractionResult

__all__ = ["render_html"]

_PALETTE = ["#fde68a", "#bfdbfe", "#bbf7d0", "#fbcfe8", "#ddd6fe", "#fed7aa", "#a5f3fc", "#e5e7eb"]
_ARTICLE_COLOUR = "#f3f4f6"  # the article's own voice: shaded, but quieter than any speaker
_LABEL_COLOURS = {
    Label.AGREE: "#15803d",
    Label.CONFLICT: "#b91c1c",
    Label.REFINE: "#0369a1",
    Label.REVISE: "#b45309",
    Label.SINGLE_SOURCE: "#6b7280",
}


@dataclass
class _Segment:
    text: str
    classes: str = ""
    title: str = ""
    group: str = ""
    anchor: str = ""
    extra: list[str] = field(default_factory=list)  # more anchors that start here


@dataclass
class _Article:
    doc_id: str
    segments: list[_Segment]


@dataclass(frozen=True)
class _Layer:
    """One highlight: ``[start, end)``, its CSS classes, a tooltip, an anchor, a group id."""

    start: int
    end: int
    classes: str
    title: str
    anchor: str
    group: str = ""


def _speaker(speaker: str | None) -> str:
    return speaker or "the article"


def _segments(text: str, claims: list[_Layer], figures: list[_Layer]) -> list[_Segment]:
    """Cut the text at every span edge, so overlapping highlights need no nesting."""
    cuts = {0, len(text)}
    for layer in (*claims, *figures):
        cuts.update((layer.start, layer.end))
    edges = sorted(c for c in cuts if 0 <= c <= len(text))
    out = []
    for a, b in itertools.pairwise(edges):
        seg = _Segment(text[a:b])
        # A claim nested in another's span (an attribution inside an article-voice sentence)
        # colours the text it covers: the innermost claim wins.
        covering = [c for c in claims if c.start <= a and b <= c.end]
        inner = min(covering, key=lambda c: c.end - c.start) if covering else None
        found = [
            layer
            for layer in (inner, next((f for f in figures if f.start <= a and b <= f.end), None))
            if layer is not None
        ]
        seg.classes = " ".join(x.classes for x in found)
        seg.title = " · ".join(x.title for x in found)
        seg.group = next((x.group for x in found if x.group), "")
        layers = (*found[::-1], *claims, *figures)
        anchors = list(dict.fromkeys(x.anchor for x in layers if x.start == a and x.anchor))
        seg.anchor = anchors[0] if anchors and seg.classes else ""
        seg.extra = anchors[1:] if seg.anchor else anchors
        out.append(seg)
    return out


def _single_statement(g: FactGroup) -> bool:
    return g.kind == "statement" and g.label is Label.SINGLE_SOURCE


def _doc_key(doc_id: str) -> str:
    return hashlib.sha1(doc_id.encode()).hexdigest()[:8]


def render_html(
    comparison: Comparison,
    results: Sequence[ExtractionResult],
    texts: Mapping[str, str],
    *,
    title: str | None = None,
) -> str:
    """The page as a string; ``texts`` maps document ids to the texts the spans index."""
    names: dict[str, None] = {}
    for r in results:
        for c in r.claims:
            names.setdefault(_speaker(c.attribution.speaker))
    ordered = sorted(names, key=lambda s: (s != "the article", s.lower()))
    others = [s for s in ordered if s != "the article"]
    colours = {s: _PALETTE[i % len(_PALETTE)] for i, s in enumerate(others)}
    if "the article" in names:
        colours = {"the article": _ARTICLE_COLOUR, **colours}
    index = {s: i for i, s in enumerate(ordered)}
    claims: dict[str, list[_Layer]] = {}
    for r in results:
        doc = r.doc_id or "document"
        for c in r.claims:
            sp = _speaker(c.attribution.speaker)
            tip = f"{c.id}: {sp}" + (f" ({c.attribution.cue})" if c.attribution.cue else "")
            for k, e in enumerate(c.evidence):
                anchor = f"d{_doc_key(doc)}-{c.id}" if k == 0 else ""
                claims.setdefault(doc, []).append(
                    _Layer(e.start, e.end, f"sp{index[sp]}", tip, anchor)
                )
    figures: dict[str, list[_Layer]] = {}
    links: dict[tuple[str, int], str] = {}
    for g in comparison.groups:
        for i, m in enumerate(g.mentions):
            if m.quantity_text and m.evidence:
                anchor = f"{g.id}-{i}"
                figures.setdefault(m.doc_id, []).append(
                    _Layer(
                        m.evidence.start,
                        m.evidence.end,
                        f"q label-{g.label.value}",
                        f"{g.id} {g.label.value}: {g.fact}",
                        anchor,
                        g.id,
                    )
                )
            else:
                anchor = f"d{_doc_key(m.doc_id)}-{m.claim_id}"
            links[(g.id, i)] = anchor
    articles = [
        _Article(
            d.doc_id,
            _segments(
                texts.get(d.doc_id, ""),
                sorted(claims.get(d.doc_id, []), key=lambda x: (x.start, x.end)),
                figures.get(d.doc_id, []),
            ),
        )
        for d in comparison.documents
    ]
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    template = resources.files(__package__).joinpath("report.html.j2").read_text("utf-8")
    return env.from_string(template).render(
        title=title or "claimex: claims across sources",
        version=__version__,
        comparison=comparison,
        main_groups=[g for g in comparison.groups if not _single_statement(g)],
        single_statements=[g for g in comparison.groups if _single_statement(g)],
        articles=articles,
        anchors=links,
        short=short_name,
        speaker_colours=colours,
        label_colours={label.value: c for label, c in _LABEL_COLOURS.items()},
    )
