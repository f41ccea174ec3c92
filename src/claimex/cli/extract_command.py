"""``claimex extract``: claims of each input file, one record per input, in input order."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections import Counter
from pathlib import Path

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
from claimex.core.documents import read_documents
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
    type=click.Choice(["jsonl", "json", "table"]),
    default="jsonl",
    show_default=True,
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="Write JSON Lines here instead of stdout (with --resume: append what is missing).",
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
    quiet: bool,
    verbose: bool,
) -> None:
    """Extract claims from FILES (use - for stdin); one record per input, in input order."""
    err = stderr_console()
    configure_logging(verbose)
    if resume and output is None:
        raise click.UsageError("--resume needs --output FILE")
    if output is not None and fmt != "jsonl":
        raise click.UsageError("--output writes JSON Lines; use --format jsonl")
    check_output(output)
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

    inputs = read_documents(todo, encoding=encoding, max_chars=config.max_chars)
    stream = output.open("a" if resume else "w", encoding="utf-8") if output else sys.stdout
    out = Console(file=sys.stdout, width=None if sys.stdout.isatty() else 160, highlight=False)
    collected: list[dict[str, object]] = []
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
        elif fmt == "json":
            collected.append(result.model_dump(mode="json"))
        else:
            render_table(result, out)

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
            for result in results:
                emit(result)
                bar.advance(task)
    except KeyboardInterrupt:
        err.print("claimex: interrupted; rerun with --resume to finish", markup=False)
        sys.exit(EXIT_INTERRUPTED)
    except BrokenPipeError:  # `claimex extract … | head`: the reader has gone; stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(EXIT_OK if not failures else EXIT_DOC_ERRORS)
    finally:
        if output:
            stream.close()
    if fmt == "json":
        json.dump(collected, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    sys.exit(EXIT_DOC_ERRORS if failures else EXIT_OK)
