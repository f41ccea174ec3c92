"""One flat row per claim, for pandas, DuckDB, spreadsheets: CSV and Parquet.

Columns (``COLUMNS``): the document and claim ids; the claim text; its first evidence span
(start, end, text) and how many spans it has; alignment; speaker, normalised speaker, speaker type,
cue, quote type and the ``via`` chain (joined by " > "); quantities as parallel lists (value,
qualifier, unit, counted, direction), hedges, times (their ISO values) and places, each joined by
" | " in CSV and kept as lists in Parquet; for claims@v3, the rule candidate a claim came from
and what the model changed (``origin_candidate``, ``origin_changes``); then extractor, prompt,
model; and ``error_kind`` /
``error_message``, set on the one row that stands for a document that failed.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from claimex.core.errors import ConfigurationError
from claimex.core.schema import Claim, ExtractionResult

__all__ = [
    "COLUMNS",
    "LIST_COLUMNS",
    "parquet_schema",
    "require_pyarrow",
    "to_rows",
    "write_csv",
    "write_parquet",
]

LIST_COLUMNS = (
    "quantity_values", "quantity_qualifiers", "quantity_units", "quantity_counted",
    "quantity_directions", "hedges", "times", "places", "origin_changes",
)  # fmt: skip
COLUMNS = (
    "doc_id", "claim_id", "text", "evidence_start", "evidence_end", "evidence_text",
    "evidence_spans", "alignment", "speaker", "speaker_normalized", "speaker_type", "cue",
    "quote_type", "via", "origin_candidate", *LIST_COLUMNS, "extractor", "prompt", "model",
    "error_kind", "error_message",
)  # fmt: skip


def _row(result: ExtractionResult, claim: Claim | None) -> dict[str, Any]:
    prov = result.provenance
    row: dict[str, Any] = dict.fromkeys(COLUMNS)
    row.update(
        doc_id=result.doc_id,
        extractor=prov.extractor if prov else None,
        prompt=prov.prompt if prov else None,
        model=prov.model if prov else None,
        error_kind=result.error.kind if result.error else None,
        error_message=result.error.message if result.error else None,
    )
    for name in LIST_COLUMNS:
        row[name] = []
    if claim is None:
        return row
    a = claim.attribution
    first = claim.evidence[0] if claim.evidence else None
    row.update(
        claim_id=claim.id,
        text=claim.text,
        evidence_start=first.start if first else None,
        evidence_end=first.end if first else None,
        evidence_text=first.text if first else None,
        evidence_spans=len(claim.evidence),
        alignment=claim.alignment.value,
        speaker=a.speaker,
        speaker_normalized=a.speaker_normalized,
        speaker_type=a.speaker_type.value,
        cue=a.cue,
        quote_type=a.quote_type.value,
        via=" > ".join(v.speaker for v in a.via if v.speaker) or None,
        quantity_values=[q.value for q in claim.quantities],
        quantity_qualifiers=[q.qualifier.value for q in claim.quantities],
        quantity_units=[q.unit_normalized or q.unit for q in claim.quantities],
        quantity_counted=[q.counted for q in claim.quantities],
        quantity_directions=[q.direction for q in claim.quantities],
        hedges=[h.text for h in claim.hedges],
        times=[t.value or t.text for t in claim.times],
        places=[p.text for p in claim.places],
        origin_candidate=claim.origin.candidate if claim.origin else None,
        origin_changes=list(claim.origin.changes) if claim.origin else [],
    )
    return row


def to_rows(results: Iterable[ExtractionResult]) -> Iterator[dict[str, Any]]:
    """One row per claim; a failed document, or one without claims, gives one row with no
    claim (and its error columns set when it failed), so every input stays visible."""
    for result in results:
        if not result.claims:
            yield _row(result, None)
        for claim in result.claims:
            yield _row(result, claim)


def _text(v: Any) -> str:
    return "" if v is None else f"{v:g}" if isinstance(v, float) else str(v)


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return " | ".join(
            "" if v is None else f"{v:g}" if isinstance(v, float) else str(v) for v in value
        )
    return "" if value is None else value


def write_csv(results: Iterable[ExtractionResult], stream: IO[str]) -> int:
    """Write the rows as CSV with a header; lists are joined by " | ". Returns the row count."""
    writer = csv.DictWriter(stream, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    n = 0
    for row in to_rows(results):
        writer.writerow({k: _cell(v) for k, v in row.items()})
        n += 1
    return n


def require_pyarrow() -> Any:
    """pyarrow, or a :class:`ConfigurationError` saying how to install it (so a command can
    check before it extracts anything)."""
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise ConfigurationError(
            "Parquet output needs pyarrow: pip install 'claimex[parquet]'"
        ) from None
    return pyarrow


def write_parquet(results: Iterable[ExtractionResult], path: str | Path) -> int:
    """Write the rows as one Parquet file (lists stay lists). Needs ``pip install
    'claimex[parquet]'`` (pyarrow). Returns the row count."""
    pa = require_pyarrow()
    rows = list(to_rows(results))
    table = pa.Table.from_pylist(rows, schema=parquet_schema())
    pa.parquet.write_table(table, str(path))
    return len(rows)


def parquet_schema() -> Any:
    """The rows' Arrow schema (lists stay typed lists, offsets are integers), so every file or
    block of rows has the same columns and types, even one whose lists are all empty."""
    pa = require_pyarrow()
    strings = pa.list_(pa.string())
    types = {
        "evidence_start": pa.int64(), "evidence_end": pa.int64(), "evidence_spans": pa.int64(),
        "quantity_values": pa.list_(pa.float64()), **dict.fromkeys(LIST_COLUMNS[1:], strings),
    }  # fmt: skip
    return pa.schema([(c, types.get(c, pa.string())) for c in COLUMNS])
