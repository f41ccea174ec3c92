"""schema.org ``Claim`` objects (JSON-LD), the form fact-checkers exchange claims in.

Each claim becomes ``{"@type": "Claim", "text", "author", "appearance", "claimInterpreter"}``:
``author`` is a ``Person`` or ``Organization`` named by the speaker (absent for the article's own
voice, whose author is the article's), ``appearance`` a ``CreativeWork`` for the article (its URL
or file, its date when known) with the quoted evidence, ``claimInterpreter`` claimex and its
version. Quantities, hedges and provenance stay in claimex's own JSON: schema.org has no terms for
them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from claimex._version import __version__
from claimex.core.schema import Claim, ExtractionResult, SpeakerType

__all__ = ["to_jsonld"]

_AGENTS = {SpeakerType.PERSON: "Person"}  # everything else that speaks is an organisation


def _author(claim: Claim) -> dict[str, Any] | None:
    a = claim.attribution
    if a.speaker_type is SpeakerType.ARTICLE or not a.speaker:
        return None
    kind = _AGENTS.get(a.speaker_type, "Organization")
    return {"@type": kind, "name": a.speaker_normalized or a.speaker}


def to_jsonld(
    result: ExtractionResult, *, url: str | None = None, date: dt.date | None = None
) -> dict[str, Any]:
    """The claims of one document as a JSON-LD graph of schema.org ``Claim`` objects.

    ``url`` is where the article appears (defaults to its ``doc_id``); ``date`` its publication
    date. A failed document gives an empty graph."""
    where: dict[str, Any] = {"@type": "CreativeWork", "url": url or result.doc_id}
    if date is not None:
        where["datePublished"] = date.isoformat()
    interpreter = {
        "@type": "SoftwareApplication",
        "name": "claimex",
        "softwareVersion": __version__,
    }
    graph = []
    for claim in result.claims:
        item: dict[str, Any] = {
            "@type": "Claim",
            "@id": f"{url or result.doc_id or 'document'}#{claim.id}",
            "text": claim.text,
            "appearance": {**where, "text": " … ".join(e.text for e in claim.evidence)},
            "claimInterpreter": interpreter,
        }
        author = _author(claim)
        if author is not None:
            item["author"] = author
        if date is not None:
            item["dateCreated"] = date.isoformat()
        graph.append(item)
    return {"@context": "https://schema.org", "@graph": graph}
