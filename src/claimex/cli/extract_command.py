"""``claimex extract``: claims of each input file, one record per input, in input order."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from claimex.cli.app import (
    EXIT_DOC_ERRORS,
    EXIT_INTERRUPTED,
    EXIT_OK,
    configure_logging,
    exit_config,
    main,
    stderr_console,
)
from claimex.cli.options import (
    backend_options,
    check_output,
    encoding_option,
    llm_limit_options,
    resolve,
)
from claimex.cli.result_table import render_table
from claimex.core.documents import Document, read_documents
from claimex.core.errors import ConfigurationError
from claimex.core.schema import ExtractionResult
from claimex.run.pipeline import extract_many

__all__ = ["extract"]


def _resume_from(path: Path) -> Counter[str]:
    """Documents already in an output file; a torn last line (a killed run) is cut off."""
    done: Counter[str] = Counter()
    if not path.exists():
        return done
    data = path.read_bytes()
    keep = data.rfind(b"\n") + 1
    if keep < len(data):
        with path.open("r+b") as f:
            f.truncate(keep)
    for line in data[:keep].splitlines():
        try:
            done[json.loads(line)["doc_id"]] += 1
        except (ValueError, KeyError, TypeError):
            continue
    return done


@main.command()
@click.argument("files", nargs=-1, required=True)
@backend_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "json", "table", "csv", "parquet", "jsonld", "html"]),
    default="jsonl",
    show_default=True,
    help="jsonl/json: claimex records; csv/parquet: one row per claim; jsonld: schema.org "
    "Claim objects; html: each article with its claims highlighted; table: for reading.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="Write here instead of stdout (jsonl with --resume: append what is missing).",
)
@click.option(
    "--resume",
    is_flag=True,
    help="Skip the documents already in --output; a torn last line is dropped first.",
)
@encoding_option
@click.option(
    "--date",
    "reference_date",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Publication date (YYYY-MM-DD), to resolve weekdays and bare dates.",
)
@click.option(
    "-j",
    "--concurrency",
    type=click.IntRange(1, 512),
    default=1,
    show_default=True,
    help="Documents in flight at once (LLM: requests in flight).",
)
@click.option(
    "--processes",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Worker processes sharing --concurrency (for more than ~30 requests in flight).",
)
@click.option("--as-completed", is_flag=True, help="Write results as they finish, not in order.")
@llm_limit_options
@click.option(
    "--max-chars",
    type=click.IntRange(min=1),
    default=2_000_000,
    show_default=True,
    help="Longer documents become an error record instead of exhausting memory.",
)
@click.option(
    "--engine",
    type=click.Choice(["local", "ray"]),
    default="local",
    show_default=True,
    help="local: this process (and --processes); ray: a Ray cluster (pip install 'claimex[ray]').",
)
@click.option(
    "--ray-address",
    default=None,
    help="Ray cluster to use: auto or the head's HOST:PORT (default: start one here).",
)
@click.option("--text-column", default="text", show_default=True, help="Ray: JSONL/Parquet text.")
@click.option(
    "--id-column", default="id", show_default=True, help="Ray: JSONL/Parquet document id."
)
@click.option("--actors", type=click.IntRange(1, 4096), default=None, help="Ray: extractor actors.")
@click.option(
    "--batch-size",
    type=click.IntRange(1, 100_000),
    default=None,
    help="Ray: documents per task (default: 16, or 4 × --concurrency).",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress or warnings on stderr.")
@click.option("-v", "--verbose", is_flag=True, help="Log every LLM attempt on stderr.")
def extract(
    files: tuple[str, ...],
    backend: str | None,
    profile: str,
    prompt: str | None,
    model: str | None,
    base_url: str | None,
    fmt: str,
    output: Path | None,
    resume: bool,
    encoding: str,
    reference_date: dt.datetime | None,
    concurrency: int,
    processes: int,
    as_completed: bool,
    rpm: float | None,
    tpm: float | None,
    cache: bool | None,
    cache_dir: Path | None,
    max_chars: int,
    engine: str,
    ray_address: str | None,
    text_column: str,
    id_column: str,
    actors: int | None,
    batch_size: int | None,
    quiet: bool,
    verbose: bool,
) -> None:
    """Extract claims from FILES (use - for stdin); one record per input, in input order.

    With --engine ray, FILES may also be JSON Lines (one document per line) or Parquet files and
    directories; the output is JSON Lines, or with --format parquet a directory (-o DIR) of
    Parquet files with one row per claim."""
    err = stderr_console()
    configure_logging(verbose)
    if engine == "ray":
        _check_ray_options(fmt, output, resume, processes, files)
    elif ray_address or actors:
        raise click.UsageError("--ray-address and --actors need --engine ray")
    if resume and output is None:
        raise click.UsageError("--resume needs --output FILE")
    if resume and fmt != "jsonl":
        raise click.UsageError("--resume appends JSON Lines; use --format jsonl")
    if fmt == "parquet" and output is None:
        raise click.UsageError("--format parquet writes a file: pass -o FILE.parquet")
    if engine != "ray":
        check_output(output)
    if fmt == "parquet" and engine != "ray":
        from claimex.outputs.claim_rows import require_pyarrow

        try:
            require_pyarrow()
        except ConfigurationError as exc:
            exit_config(exc)
    config, extractor = resolve(
        backend=backend,
        profile=profile,
        prompt=prompt,
        model=model,
        base_url=base_url,
        reference_date=reference_date,
        max_chars=max_chars,
        rpm=rpm,
        tpm=tpm,
        cache=cache,
        cache_dir=cache_dir,
    )

    if engine == "ray":
        from claimex.cli.ray_engine import extract_on_ray

        sys.exit(
            extract_on_ray(
                files,
                config,
                fmt=fmt,
                output=output,
                address=ray_address,
                text_column=text_column,
                id_column=id_column,
                actors=actors,
                batch_size=batch_size,
                concurrency=concurrency,
                ordered=not as_completed,
                encoding=encoding,
                quiet=quiet,
            )
        )
    done = _resume_from(output) if resume and output else Counter()
    skipped = 0
    todo: list[str] = []
    for path in files:
        if done[path] > 0:
            done[path] -= 1
            skipped += 1
        else:
            todo.append(path)
    if skipped and not quiet:
        err.print(f"claimex: resuming: {skipped} documents already in {output}", markup=False)

    texts: dict[str, str] = {}

    def remember(docs: Iterable[Document]) -> Iterator[Document]:
        for doc in docs:
            texts[doc.id] = doc.text  # the HTML view shows each article's text
            yield doc

    inputs: Iterable[Document] = read_documents(todo, encoding=encoding, max_chars=config.max_chars)
    if fmt == "html":
        inputs = remember(inputs)
    text_output = output is not None and fmt != "parquet"
    stream: TextIO = sys.stdout
    if output is not None and text_output:
        stream = output.open("a" if resume else "w", encoding="utf-8")
    out = Console(file=sys.stdout, width=None if sys.stdout.isatty() else 160, highlight=False)
    kept: list[ExtractionResult] = []
    failures = 0

    def emit(result: ExtractionResult) -> None:
        nonlocal failures
        failures += result.error is not None
        if result.error and not quiet:
            bar.console.print(
                f"claimex: {result.doc_id}: {result.error.kind}: {result.error.message}",
                markup=False,
            )
        elif result.provenance and result.provenance.fallback_reason and not quiet:
            bar.console.print(
                f"claimex: {result.doc_id}: LLM failed, used rules: "
                f"{result.provenance.fallback_reason}",
                markup=False,
            )
        for warning in result.provenance.warnings if result.provenance else []:
            if not quiet:
                bar.console.print(f"claimex: {result.doc_id}: {warning}", markup=False)
        if fmt == "jsonl":
            stream.write(result.model_dump_json() + "\n")  # one write per record
            stream.flush()
        elif fmt == "table":
            render_table(result, out)
        else:
            kept.append(result)

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err,
        disable=quiet or not sys.stderr.isatty(),
        transient=True,
    )
    try:
        with bar:
            task = bar.add_task("claims", total=len(todo))
            results = extract_many(
                inputs,
                config=config,
                extractor=extractor if processes == 1 else None,  # workers build their own
                concurrency=concurrency,
                ordered=not as_completed,
                processes=processes,
            )
            # closed on Ctrl-C too: queued documents are cancelled before the interpreter
            # waits for the worker threads, so only the documents in flight finish
            with contextlib.closing(results):
                for result in results:
                    emit(result)
                    bar.advance(task)
        _write_collected(fmt, kept, texts, stream, output, reference_date)
    except KeyboardInterrupt:
        err.print("claimex: interrupted; rerun with --resume to finish", markup=False)
        sys.exit(EXIT_INTERRUPTED)
    except BrokenPipeError:  # `claimex extract … | head`: the reader has gone; stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(EXIT_OK if not failures else EXIT_DOC_ERRORS)
    finally:
        if text_output:
            stream.close()
    sys.exit(EXIT_DOC_ERRORS if failures else EXIT_OK)


def _check_ray_options(
    fmt: str, output: Path | None, resume: bool, processes: int, files: tuple[str, ...]
) -> None:
    """Usage errors before Ray starts: what the Ray engine writes and reads."""
    if fmt not in {"jsonl", "parquet"}:
        raise click.UsageError("--engine ray writes --format jsonl or --format parquet (-o DIR)")
    if resume or processes > 1:
        raise click.UsageError("--resume and --processes are for --engine local")
    if "-" in files:
        raise click.UsageError("--engine ray reads files, not stdin")
    if fmt == "parquet":
        if output is None:
            raise click.UsageError("--engine ray --format parquet writes a directory: -o DIR")
        if output.exists() and (not output.is_dir() or any(output.iterdir())):
            raise click.BadParameter(f"{output} exists; name a new directory", param_hint="-o")
    else:
        check_output(output)


def _write_collected(
    fmt: str,
    results: list[ExtractionResult],
    texts: dict[str, str],
    stream: TextIO,
    output: Path | None,
    reference_date: dt.datetime | None,
) -> None:
    """The formats that are written once every document is done."""
    from claimex.outputs import to_html, to_jsonld, write_csv, write_parquet

    if fmt == "json":
        json.dump(
            [r.model_dump(mode="json") for r in results], stream, ensure_ascii=False, indent=2
        )
        stream.write("\n")
    elif fmt == "csv":
        write_csv(results, stream)
    elif fmt == "parquet":
        assert output is not None
        write_parquet(results, output)
    elif fmt == "jsonld":
        day = reference_date.date() if reference_date else None
        graph = []
        for r in results:
            url = _url_of(r.doc_id)
            graph += to_jsonld(r, url=url, date=day)["@graph"]
        doc = {"@context": "https://schema.org", "@graph": graph}
        stream.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "html":
        stream.write(to_html(results, texts))


def _url_of(doc_id: str | None) -> str | None:
    """A file's URI for the JSON-LD ``appearance``; stdin has none."""
    if not doc_id or doc_id == "-":
        return None
    if "://" in doc_id:
        return doc_id
    return Path(doc_id).resolve().as_uri()
