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
)
from claimex.compare.facts import mentions_of, report_time
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
    "compare",
    "compare_results",
]


def compare_results(
    results: Sequence[ExtractionResult],
    texts: Mapping[str, str],
    *,
    dates: Mapping[str, dt.date] | None = None,
    similarity: int = STATEMENT_SIMILARITY,
) -> Comparison:
    """Group the claims of already extracted documents (``texts`` by ``doc_id``).

    ``dates`` gives report times by document id; a document without one gets the latest full
    date its text mentions, which is when it was written at the earliest.
    """
    dates = dates or {}
    infos, keyed = [], []
    for r in results:
        doc_id = r.doc_id or "document"
        text = texts.get(doc_id, "")
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
            keyed.extend(mentions_of(r, text, when))
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
