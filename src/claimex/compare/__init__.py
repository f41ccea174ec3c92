"""Across sources: which facts several reports share, and where they agree, conflict or revise.

>>> from claimex.compare import compare
>>> c = compare(["At least 14 people were killed, the governor said.",
...              "The death toll was revised up from 14 to at least 21, officials said."])
>>> c.groups[0].label, c.groups[0].summary
(<Label.REVISE: 'revise'>, '14 / at least 14 → at least 21')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from claimex.compare.comparison import (
    COMPARE_SCHEMA_VERSION,
    Comparison,
    DocumentInfo,
    FactGroup,
    Label,
    Mention,
    Role,
    Scope,
)
from claimex.compare.facts import KeyedMention, mentions_of, report_time
from claimex.compare.grouping import STATEMENT_SIMILARITY, group_mentions
from claimex.core.config import ExtractConfig
from claimex.core.documents import Document
from claimex.core.schema import ExtractionResult
from claimex.extractors.base import Extractor
from claimex.run.pipeline import extract_many

__all__ = [
    "COMPARE_SCHEMA_VERSION",
    "Comparison",
    "DocumentInfo",
    "FactGroup",
    "Label",
    "Mention",
    "Role",
    "Scope",
    "compare",
    "compare_results",
]


def _texts_by_id(
    results: Sequence[ExtractionResult], texts: Mapping[str, str] | Sequence[str]
) -> Mapping[str, str]:
    if isinstance(texts, Mapping):
        by_id = texts
    elif isinstance(texts, Sequence) and not isinstance(texts, str):
        if len(texts) != len(results):
            raise ValueError(
                f"compare_results: {len(texts)} texts for {len(results)} results; pass one "
                "text per result, in the same order, or a dict keyed by doc_id"
            )
        by_id = {r.doc_id or "document": t for r, t in zip(results, texts, strict=True)}
    else:
        raise TypeError(
            f"compare_results: texts must be a dict keyed by doc_id or a list in the order of "
            f"the results, not {type(texts).__name__}"
        )
    missing = [r.doc_id for r in results if r.ok and (r.doc_id or "document") not in by_id]
    if missing:
        raise ValueError(f"compare_results: no text for doc_id {missing[0]!r}")
    return by_id


def _elsewhere_warnings(mentions: Sequence[KeyedMention]) -> list[str]:
    """One line per casualty figure of another incident that a report's round-up gives."""
    out = []
    for km in mentions:
        if km.key is not None and km.key.elsewhere:
            m = km.mention
            out.append(
                f"kept out of this event's figures, as about other incidents: "
                f"{m.quantity_text!r} in “{m.claim_text}”"
            )
    return out


def compare_results(
    results: Sequence[ExtractionResult],
    texts: Mapping[str, str] | Sequence[str],
    *,
    dates: Mapping[str, dt.date] | None = None,
    similarity: int = STATEMENT_SIMILARITY,
) -> Comparison:
    """Group the claims of already extracted documents.

    ``texts`` are the documents' texts, which the claims' spans index: a dict keyed by
    ``doc_id``, or a list in the order of ``results``. ``dates`` gives report times by document
    id; a document without one gets the latest full date its text mentions, which is when it was
    written at the earliest.
    """
    dates = dates or {}
    by_id = _texts_by_id(results, texts)
    infos, keyed = [], []
    for r in results:
        doc_id = r.doc_id or "document"
        text = by_id.get(doc_id, "")
        when: dt.date | None
        basis: str | None
        if doc_id in dates:
            when, basis = dates[doc_id], "given"
        else:
            when, basis = report_time(text)
        error = f"{r.error.kind}: {r.error.message}" if r.error else None
        infos.append(
            DocumentInfo(
                doc_id=doc_id,
                claims=len(r.claims),
                report_time=when,
                report_time_basis=basis,
                error=error,
            )
        )
        if r.error is None:
            mentions = mentions_of(r, text, when)
            keyed.extend(mentions)
            infos[-1].warnings.extend(_elsewhere_warnings(mentions))
    groups = group_mentions(keyed, [i.doc_id for i in infos], similarity=similarity)
    return Comparison(documents=infos, groups=groups)


def compare(
    documents: Iterable[str | Document],
    *,
    config: ExtractConfig | None = None,
    extractor: Extractor | None = None,
    dates: Mapping[str, dt.date] | None = None,
) -> Comparison:
    """Extract claims from each document (any backend) and group them across documents.

    Meant for reports of one event: figures are grouped by what they count ("people killed"),
    so reports of different events would be grouped too.
    """
    docs = [d if isinstance(d, Document) else Document(str(i), d) for i, d in enumerate(documents)]
    results = list(extract_many(docs, config=config, extractor=extractor))
    return compare_results(results, {d.id: d.text for d in docs}, dates=dates)
