"""``claimex compare``: where several reports of one event agree, conflict, refine or revise."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click
from rich.console import Console

from claimex.cli.app import EXIT_DOC_ERRORS, EXIT_OK, configure_logging, main, stderr_console
from claimex.cli.options import backend_options, check_output, encoding_option, resolve
from claimex.core.documents import read_documents
from claimex.run.pipeline import extract_many

__all__ = ["compare"]


def _dates(specs: tuple[str, ...], files: tuple[str, ...]) -> dict[str, dt.date]:
    """``FILE=YYYY-MM-DD`` options keyed by the input they name (by path, however spelled)."""
    by_path = {Path(f).resolve(): f for f in files if f != "-"}
    given: dict[str, dt.date] = {}
    for spec in specs:
        name, _, day = spec.rpartition("=")
        try:
            date = dt.date.fromisoformat(day)
        except ValueError:
            raise click.BadParameter(
                f"{spec!r}: expected FILE=YYYY-MM-DD", param_hint="--date"
            ) from None
        doc_id = name if name in files else by_path.get(Path(name).resolve())
        if doc_id is None:
            raise click.BadParameter(f"{name!r} is not among the inputs", param_hint="--date")
        given[doc_id] = date
    return given


@main.command()
@click.argument("files", nargs=-1, required=True)
@backend_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "html"]),
    default="table",
    show_default=True,
)
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), default=None, help="Write here, not stdout."
)
@click.option(
    "--date",
    "dates",
    multiple=True,
    metavar="FILE=YYYY-MM-DD",
    help="When FILE was published; repeatable. Otherwise the latest date its text mentions.",
)
@click.option("--all", "show_all", is_flag=True, help="Table: also single-source statements.")
@encoding_option
def compare(
    files: tuple[str, ...],
    backend: str | None,
    profile: str,
    prompt: str | None,
    model: str | None,
    base_url: str | None,
    fmt: str,
    output: Path | None,
    dates: tuple[str, ...],
    show_all: bool,
    encoding: str,
) -> None:
    """Group the claims of several reports of one event: agree, conflict, refine, revise."""
    from claimex.compare import compare_results
    from claimex.compare.comparison_table import render_comparison
    from claimex.compare.html import render_html

    err = stderr_console()
    configure_logging(False)
    check_output(output)
    given = _dates(dates, files)
    _, extractor = resolve(
        backend=backend, profile=profile, prompt=prompt, model=model, base_url=base_url
    )
    docs = list(read_documents(files, encoding=encoding))
    results = list(extract_many(docs, extractor=extractor))
    for r in results:
        if r.error:
            err.print(f"claimex: {r.doc_id}: {r.error.kind}: {r.error.message}", markup=False)
    texts = {d.id: d.text for d in docs}
    comparison = compare_results(results, texts, dates=given)
    for info in comparison.documents:
        for warning in info.warnings:
            err.print(f"claimex: {info.doc_id}: {warning}", markup=False)
    stream = output.open("w", encoding="utf-8") if output else sys.stdout
    try:
        if fmt == "json":
            stream.write(comparison.model_dump_json(indent=2) + "\n")
        elif fmt == "html":
            stream.write(render_html(comparison, results, texts))
        else:
            width = None if stream is sys.stdout and sys.stdout.isatty() else 160
            render_comparison(comparison, Console(file=stream, width=width), show_all=show_all)
    finally:
        if output:
            stream.close()
    sys.exit(EXIT_DOC_ERRORS if any(r.error for r in results) else EXIT_OK)
