"""Each article as a self-contained HTML page section: its text with every claim's evidence
shaded by speaker, quantities underlined, and a hover title with speaker, cue, quote type,
quantities, hedges and provenance; the claims listed under the text, linked both ways, and the
ungrounded ones (no evidence in the text) listed apart.

The text is escaped by Jinja's autoescaping and the page's Content-Security-Policy allows no
script, so markup in an article stays text.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources

from jinja2 import Environment, select_autoescape

from claimex._version import __version__
from claimex.core.schema import Claim, ExtractionResult

__all__ = ["to_html"]

_PALETTE = ["#fde68a", "#bfdbfe", "#bbf7d0", "#fbcfe8", "#ddd6fe", "#fed7aa", "#a5f3fc", "#e5e7eb"]
_ARTICLE = "the article"


@dataclass(frozen=True)
class _Piece:
    text: str
    claim: str = ""  # the innermost claim covering this piece
    speaker: int = -1
    quantity: str = ""  # the quantity's reading when the piece is inside one
    title: str = ""
    anchor: str = ""


@dataclass(frozen=True)
class _ClaimView:
    claim: Claim
    anchor: str
    speaker: str
    speaker_index: int
    details: str


def _speaker(c: Claim) -> str:
    return c.attribution.speaker or _ARTICLE


def _details(c: Claim, provenance: str) -> str:
    a = c.attribution
    parts = [f"{c.id}: {_speaker(c)}"]
    if a.cue:
        parts.append(f"cue: {a.cue}")
    if a.via:
        parts.append("via " + " > ".join(v.speaker for v in a.via if v.speaker))
    parts.append(f"quote: {a.quote_type.value}")
    parts += [q.describe() for q in c.quantities]
    if c.hedges:
        parts.append("hedges: " + ", ".join(h.text for h in c.hedges))
    parts.append(provenance)
    return " · ".join(parts)


def _pieces(text: str, views: list[_ClaimView], doc_key: str) -> list[_Piece]:
    """Cut the text at every span edge so overlapping highlights need no nesting; the innermost
    claim colours what it covers."""
    spans = [(e.start, e.end, v) for v in views for e in v.claim.evidence]
    figures = [
        (q.span.start, q.span.end, q.describe())
        for v in views
        for q in v.claim.quantities
        if q.span is not None
    ]
    cuts = {0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)}
    cuts |= {s for s, _, _ in figures} | {e for _, e, _ in figures}
    edges = sorted(c for c in cuts if 0 <= c <= len(text))
    out = []
    started: set[str] = set()
    for a, b in itertools.pairwise(edges):
        covering = [(s, e, v) for s, e, v in spans if s <= a and b <= e]
        view = min(covering, key=lambda x: x[1] - x[0])[2] if covering else None
        figure = next((f for s, e, f in figures if s <= a and b <= e), "")
        anchor = ""
        if view is not None and view.anchor not in started:
            started.add(view.anchor)
            anchor = f"{view.anchor}-text"
        out.append(
            _Piece(
                text=text[a:b],
                claim=view.anchor if view else "",
                speaker=view.speaker_index if view else -1,
                quantity=figure,
                title=" · ".join(filter(None, [view.details if view else "", figure])),
                anchor=anchor,
            )
        )
    return out


def to_html(
    results: Sequence[ExtractionResult],
    texts: Mapping[str, str] | Sequence[str],
    *,
    title: str | None = None,
) -> str:
    """One self-contained page with a section per document; ``texts`` are the documents' texts
    (a dict by ``doc_id`` or a list in the order of ``results``), which the spans index."""
    if not isinstance(texts, Mapping):
        texts = {r.doc_id or "document": t for r, t in zip(results, texts, strict=True)}
    speakers: dict[str, None] = {}
    for r in results:
        for c in r.claims:
            speakers.setdefault(_speaker(c))
    ordered = sorted(speakers, key=lambda s: (s != _ARTICLE, s.lower()))
    index = {s: i for i, s in enumerate(ordered)}
    colours = [
        ("#f3f4f6" if s == _ARTICLE else _PALETTE[i % len(_PALETTE)]) for i, s in enumerate(ordered)
    ]
    documents = []
    for k, r in enumerate(results):
        prov = r.provenance
        made_by = ""
        if prov:
            bits = [prov.extractor, prov.profile or "", prov.prompt or "", prov.model or ""]
            made_by = ", ".join(b for b in bits if b)
        views = [
            _ClaimView(c, f"d{k}-{c.id}", _speaker(c), index[_speaker(c)], _details(c, made_by))
            for c in r.claims
        ]
        grounded = [v for v in views if v.claim.evidence]
        documents.append(
            {
                "id": f"d{k}",
                "doc_id": r.doc_id or "document",
                "error": f"{r.error.kind}: {r.error.message}" if r.error else None,
                "made_by": made_by,
                "pieces": _pieces(texts.get(r.doc_id or "document", ""), grounded, f"d{k}"),
                "claims": grounded,
                "ungrounded": [v for v in views if not v.claim.evidence],
            }
        )
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    template = resources.files(__package__).joinpath("article.html.j2").read_text("utf-8")
    return env.from_string(template).render(
        title=title or "claimex: claims in the article",
        version=__version__,
        documents=documents,
        speakers=list(zip(ordered, colours, strict=True)),
    )
