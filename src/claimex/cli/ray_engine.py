"""``claimex extract --engine ray``: the same records, computed by a Ray cluster.

Inputs: text files (read here, one document each), JSON Lines files (read here, one document per
line, ``--text-column``/``--id-column`` naming the fields; a line that is not a JSON object becomes
an error record) or Parquet files and directories, local or at a URI such as ``s3://bucket/news/``
(read by the cluster). Output: JSON Lines of
records (stdout or ``-o FILE``), or with ``--format parquet`` a directory of Parquet files with one
row per claim. Ray's progress goes to stderr.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from claimex.cli.app import EXIT_DOC_ERRORS, EXIT_OK, exit_config, stderr_console
from claimex.core.config import ExtractConfig
from claimex.core.documents import read_documents
from claimex.core.errors import ConfigurationError

__all__ = ["extract_on_ray", "require_ray"]

_JSONL = (".jsonl", ".ndjson", ".jsonl.gz")


def require_ray() -> Any:
    """The Ray wing, or exit 3 saying how to install it."""
    try:
        from claimex.distributed import ray_data
    except ImportError:
        exit_config("--engine ray needs Ray Data: pip install 'claimex[ray]'")
    return ray_data


def _is_parquet(path: str) -> bool:
    """A Parquet file or directory, local or remote (``s3://…``, ``gs://…``): read by Ray."""
    return path.endswith(".parquet") or "://" in path or Path(path).is_dir()


def _jsonl_rows(path: str, text_column: str, id_column: str | None) -> Iterator[dict[str, Any]]:
    try:
        with open(path, encoding="utf-8") as f:
            lines = list(f)
    except (OSError, UnicodeDecodeError) as exc:
        yield {"id": path, "text": None, "read_error": f"{path}: cannot read: {exc}"}
        return
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            row = json.loads(line)
        except ValueError as exc:
            yield {"id": where, "text": None, "read_error": f"{where}: not JSON: {exc}"}
            continue
        if not isinstance(row, dict):
            yield {"id": where, "text": None, "read_error": f"{where}: not a JSON object"}
            continue
        doc_id = row.get(id_column) if id_column else None
        text = row.get(text_column)
        error = None if text_column in row else f"{where}: no {text_column!r} field"
        yield {"id": where if doc_id is None else str(doc_id), "text": text, "read_error": error}


def _dataset(
    files: tuple[str, ...], text_column: str, id_column: str | None, encoding: str
) -> tuple[Any, dict[str, Any]]:
    """The input dataset and the column options that read it."""
    import ray.data

    parquet = [f for f in files if _is_parquet(f)]
    if parquet:
        if len(parquet) != len(files):
            raise click.UsageError("--engine ray: pass Parquet inputs or text/JSONL, not both")
        ds = ray.data.read_parquet(parquet)
        return ds, {"text_column": text_column, "id_column": id_column}
    rows: list[dict[str, Any]] = []
    texts = [f for f in files if not f.endswith(_JSONL)]
    documents = {d.id: d for d in read_documents(texts, encoding=encoding)}
    for path in files:
        if path.endswith(_JSONL):
            rows += _jsonl_rows(path, text_column, id_column)
        else:
            doc = documents[path]
            error = str(doc.error) if doc.error else None
            rows.append({"id": doc.id, "text": doc.text, "read_error": error})
    ds = ray.data.from_items(rows)
    return ds, {"text_column": "text", "id_column": "id", "error_column": "read_error"}


def extract_on_ray(
    files: tuple[str, ...],
    config: ExtractConfig,
    *,
    fmt: str,
    output: Path | None,
    address: str | None,
    text_column: str,
    id_column: str | None,
    actors: int | None,
    batch_size: int | None,
    concurrency: int,
    ordered: bool,
    encoding: str,
    quiet: bool,
) -> int:
    """Run the extraction on Ray and write what ``fmt`` asks for; the exit code."""
    if address and address.startswith("ray://"):
        # Ray Data's streaming executor needs a driver inside the cluster; over Ray Client it
        # fails (Ray 2.60). A Ray Job runs the driver on the head node instead.
        raise click.UsageError(
            "--ray-address ray://… (Ray Client) cannot run Ray Data jobs; use the head's "
            "HOST:PORT, or submit this command as a Ray Job: ray job submit --address "
            "http://HEAD:8265 -- claimex extract --engine ray --ray-address auto …"
        )
    ray_data = require_ray()
    import ray

    err = stderr_console()
    level = logging.ERROR if quiet else logging.WARNING
    local: dict[str, Any] = {} if address else {"include_dashboard": False}  # a new cluster here
    try:
        ray.init(address=address, logging_level=level, log_to_driver=not quiet, **local)
    except (ConnectionError, RuntimeError, ValueError, ImportError) as exc:
        exit_config(f"--ray-address {address or '(local)'}: cannot connect to Ray: {exc}")
    ray.data.DataContext.get_current().enable_progress_bars = not quiet
    logging.getLogger("ray.data").setLevel(level if quiet else logging.INFO)
    try:
        ds, columns = _dataset(files, text_column, id_column, encoding)
        try:
            results = ray_data.extract_dataset(
                ds,
                config,
                actors=actors,
                batch_size=batch_size,
                concurrency=concurrency,
                preserve_order=ordered,
                **columns,
            )
        except ConfigurationError as exc:  # a column the input does not have
            flag = "--" + (exc.option or "").replace("_", "-")
            raise click.UsageError(f"{flag}: {exc}") from None
        failures = _write(ray_data, results, fmt, output, err, quiet)
    except click.ClickException:
        raise
    except Exception as exc:  # a Ray failure (a lost node, a full disk): one line, no trace
        exit_config(f"the Ray job failed: {type(exc).__name__}: {exc}")
    finally:
        ray.shutdown()
    return EXIT_DOC_ERRORS if failures else EXIT_OK


def _write(
    ray_data: Any, results: Any, fmt: str, output: Path | None, err: Any, quiet: bool
) -> int:
    """Write the records (JSONL) or the claim rows (Parquet directory); the failure count."""
    failures = 0
    if fmt == "parquet":
        assert output is not None
        results = results.materialize()  # computed once: the rows and the report read it
        ray_data.claims_dataset(results).write_parquet(str(output))
        for row in results.iter_rows():
            failures += _report(row, err, quiet)
        return failures
    stream = output.open("w", encoding="utf-8") if output else sys.stdout
    try:
        for row in results.iter_rows():
            failures += _report(row, err, quiet)
            stream.write(row["result"] + "\n")
            stream.flush()
    finally:
        if output:
            stream.close()
    return failures


def _report(row: dict[str, Any], err: Any, quiet: bool) -> int:
    if row["error_kind"] is None:
        return 0
    if not quiet:
        message = json.loads(row["result"]).get("error", {}).get("message", "")
        err.print(f"claimex: {row['doc_id']}: {row['error_kind']}: {message}", markup=False)
    return 1
