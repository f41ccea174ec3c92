"""Results in the forms people reach for: one row per claim (CSV, Parquet), schema.org ``Claim``
JSON-LD, and a per-article HTML view with every claim highlighted at its evidence."""

from claimex.outputs.article_html import to_html
from claimex.outputs.claim_jsonld import to_jsonld
from claimex.outputs.claim_rows import COLUMNS, to_rows, write_csv, write_parquet

__all__ = ["COLUMNS", "to_html", "to_jsonld", "to_rows", "write_csv", "write_parquet"]
