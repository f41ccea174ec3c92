"""The ``claimex`` command: a thin layer over the library.

Results go to stdout (JSON Lines by default); progress and diagnostics go to stderr.

Exit codes: 0 every document succeeded; 1 at least one document became an error record;
2 usage error (bad option, missing argument); 3 configuration error (no model for ``--backend llm``,
unknown prompt); 130 interrupted.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

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

from claimex._version import __version__
from claimex.cli.result_table import render_table
from claimex.core.config import ExtractConfig
from claimex.core.documents import Document, decode, html_to_text, looks_like_html, read_document
from claimex.core.environment import config_from_env
from claimex.core.errors import ClaimexError, InputError, PromptError
from claimex.core.schema import ExtractionResult
from claimex.extractors.base import Extractor
from claimex.extractors.factory import make_extractor
from claimex.extractors.llm.prompt_registry import (
    list_prompts,
    load_prompt,
    update_lock,
    verify_lock,
)
from claimex.run.pipeline import extract_many

EXIT_OK, EXIT_DOC_ERRORS, EXIT_CONFIG = 0, 1, 3


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="claimex")
def main() -> None:
    """Grounded, attributed, structured claims from news text."""


class _Inputs:
    """Documents from paths, lazily. An unreadable file goes through the pipeline as an empty
    document, so its record keeps its place in the output order; :meth:`record` then puts the
    real reason in place of the empty-text one."""

    def __init__(self, paths: list[str], encoding: str, max_chars: int = 2_000_000) -> None:
        self.paths, self.encoding, self.max_chars = paths, encoding, max_chars
        self.errors: dict[str, list[InputError]] = {}

    def __iter__(self) -> Iterator[Document]:
        for path in self.paths:
            try:
                if path == "-":
                    yield _stdin_document(self.encoding)
                else:
                    yield read_document(path, encoding=self.encoding, max_chars=self.max_chars)
            except InputError as exc:
                self.errors.setdefault(path, []).append(exc)
                yield Document(path, "")

    def record(self, result: ExtractionResult) -> ExtractionResult:
        pending = self.errors.get(result.doc_id or "")
        return ExtractionResult.failed(result.doc_id, None, pending.pop(0)) if pending else result


def _stdin_document(encoding: str) -> Document:
    """stdin as one document, by the same decoding and HTML policy as files."""
    text = decode(sys.stdin.buffer.read(), encoding=encoding, name="<stdin>")
    return Document("-", html_to_text(text) if looks_like_html(text) else text)


def _configure_logging(verbose: bool) -> None:
    """instructor logs every failed attempt at ERROR; claimex reports outcomes itself."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        stream=sys.stderr,
        format="%(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("instructor").setLevel(logging.INFO if verbose else logging.CRITICAL)
    logging.getLogger("httpx2").setLevel(logging.INFO if verbose else logging.WARNING)


def _config(
    err: Console,
    backend: str | None,
    prompt: str | None,
    model: str | None,
    base_url: str | None,
    reference_date: dt.datetime | None = None,
    max_chars: int | None = None,
    profile: str = "accurate",
    **llm_options: Any,
) -> tuple[ExtractConfig, Extractor]:
    """The configuration the options and environment ask for, and its extractor, built now so
    that a configuration error exits 3 before any document is read."""
    try:
        base = config_from_env(backend=backend, model=model, base_url=base_url, prompt=prompt)  # type: ignore[arg-type]
        llm = base.llm.model_copy(update=llm_options) if base.llm and llm_options else base.llm
        config = ExtractConfig(
            backend=base.backend,
            rules_profile=profile,  # type: ignore[arg-type]  # click.Choice checked it
            llm=llm,
            reference_date=reference_date.date() if reference_date else None,
            **({"max_chars": max_chars} if max_chars else {}),
        )
        return config, make_extractor(config)
    except ClaimexError as exc:
        err.print(f"claimex: {exc}", markup=False)
        sys.exit(EXIT_CONFIG)


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


def _backend_options(f: Callable[..., None]) -> Callable[..., None]:
    """--backend, --prompt, --model and --base-url, shared by the commands that extract."""
    for option in reversed(
        [
            click.option(
                "--backend",
                type=click.Choice(["auto", "llm", "rules"]),
                default=None,
                help="auto (default): the LLM if one is configured, else rules; "
                "rules on LLM failure.",
            ),
            click.option(
                "--profile",
                type=click.Choice(["accurate", "fast"]),
                default="accurate",
                show_default=True,
                help="Rule extractor: dependency parse (accurate) or regex only (fast, ~1 MB/s).",
            ),
            click.option("--prompt", default=None, help="Prompt id@version, e.g. claims@v1."),
            click.option("--model", default=None, help="Model name (env CLAIMEX_MODEL)."),
            click.option(
                "--base-url",
                default=None,
                help="OpenAI-compatible server URL (env OPENAI_BASE_URL).",
            ),
        ]
    ):
        f = option(f)
    return f


@main.command()
@click.argument("files", nargs=-1, required=True)
@_backend_options
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
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write JSON Lines here instead of stdout (with --resume: append what is missing).",
)
@click.option(
    "--resume",
    is_flag=True,
    help="Skip the documents already in --output; a torn last line is dropped first.",
)
@click.option("--encoding", default="utf-8", show_default=True, help="Encoding of the input files.")
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
@click.option("--rpm", type=click.FloatRange(min=0, min_open=True), help="LLM requests/minute.")
@click.option("--tpm", type=click.FloatRange(min=0, min_open=True), help="LLM tokens/minute.")
@click.option(
    "--cache/--no-cache",
    default=True,
    show_default=True,
    help="Reuse LLM replies from the disk cache ($CLAIMEX_CACHE_DIR or ~/.cache/claimex/llm).",
)
@click.option("--cache-dir", type=click.Path(path_type=Path, file_okay=False), default=None)
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
    cache: bool,
    cache_dir: Path | None,
    max_chars: int,
    quiet: bool,
    verbose: bool,
) -> None:
    """Extract claims from FILES (use - for stdin); one record per input, in input order."""
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    _configure_logging(verbose)
    if resume and output is None:
        raise click.UsageError("--resume needs --output FILE")
    if output is not None and fmt != "jsonl":
        raise click.UsageError("--output writes JSON Lines; use --format jsonl")
    llm_options: dict[str, Any] = {"cache": cache, "cache_dir": cache_dir}
    if rpm:
        llm_options["requests_per_minute"] = rpm
    if tpm:
        llm_options["tokens_per_minute"] = tpm
    config, extractor = _config(
        err, backend, prompt, model, base_url, reference_date, max_chars, profile, **llm_options
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

    inputs = _Inputs(todo, encoding, max_chars)
    stream = output.open("a" if resume else "w", encoding="utf-8") if output else sys.stdout
    out = Console(file=sys.stdout, width=None if sys.stdout.isatty() else 160, highlight=False)
    collected: list[dict[str, object]] = []
    failures = 0

    def emit(result: ExtractionResult) -> None:
        nonlocal failures
        result = inputs.record(result)
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
        sys.exit(130)
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


@main.command()
@click.argument("files", nargs=-1, required=True)
@_backend_options
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
@click.option("--encoding", default="utf-8", show_default=True, help="Encoding of the input files.")
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

    err = Console(stderr=True, highlight=False, soft_wrap=True)
    _configure_logging(False)
    given: dict[str, dt.date] = {}
    for spec in dates:
        name, _, day = spec.rpartition("=")
        try:
            given[name] = dt.date.fromisoformat(day)
        except ValueError:
            raise click.BadParameter(
                f"{spec!r}: expected FILE=YYYY-MM-DD", param_hint="--date"
            ) from None
    _, extractor = _config(err, backend, prompt, model, base_url, profile=profile)
    inputs = _Inputs(list(files), encoding)
    docs = list(inputs)
    results = [inputs.record(r) for r in extract_many(docs, extractor=extractor)]
    for r in results:
        if r.error:
            err.print(f"claimex: {r.doc_id}: {r.error.kind}: {r.error.message}", markup=False)
    texts = {d.id: d.text for d in docs}
    comparison = compare_results(results, texts, dates=given)
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


@main.group()
def batch() -> None:
    """OpenAI Batch API: prepare requests, submit, wait, collect claims (half the price, 24 h)."""


def _batch_llm(err: Console, prompt: str | None, model: str | None, base_url: str | None) -> Any:
    config = config_from_env(backend="llm", model=model, base_url=base_url, prompt=prompt)
    if config.llm is None:
        err.print("claimex: the Batch API needs OPENAI_API_KEY or --base-url", markup=False)
        sys.exit(EXIT_CONFIG)
    return config.llm


def _openai_client(llm: Any) -> Any:
    import openai

    from claimex.core.secrets import protect_logs

    key = llm.api_key.get_secret_value() if llm.api_key else "not-needed"
    protect_logs(key)
    return openai.OpenAI(api_key=key, base_url=llm.base_url, max_retries=2)


@batch.command("prepare")
@click.argument("files", nargs=-1, required=True)
@click.option("--prompt", default=None, help="Prompt id@version, e.g. claims@v1.")
@click.option("--model", default=None, help="Model name (env CLAIMEX_MODEL).")
@click.option(
    "--base-url", default=None, help="OpenAI-compatible server URL (env OPENAI_BASE_URL)."
)
@click.option("--requests", "requests_path", type=click.Path(path_type=Path), required=True)
@click.option("--manifest", "manifest_path", type=click.Path(path_type=Path), required=True)
@click.option("--encoding", default="utf-8", show_default=True)
def batch_prepare(
    files: tuple[str, ...],
    prompt: str | None,
    model: str | None,
    base_url: str | None,
    requests_path: Path,
    manifest_path: Path,
    encoding: str,
) -> None:
    """Write one request line per chunk of FILES, and the manifest collect needs."""
    from claimex.run.openai_batch import prepare_batch

    err = Console(stderr=True, highlight=False, soft_wrap=True)
    llm = _batch_llm(err, prompt, model, base_url)
    docs = []
    for path in files:
        try:
            docs.append(read_document(path, encoding=encoding))
        except InputError as exc:
            err.print(f"claimex: {exc}", markup=False)
            docs.append(Document(path, ""))
    manifest = prepare_batch(docs, llm, requests_path, manifest_path)
    n = sum(len(d["requests"]) for d in manifest.documents)
    click.echo(f"{n} requests for {len(docs)} documents in {requests_path}")


@batch.command("submit")
@click.argument("requests_path", type=click.Path(path_type=Path, exists=True))
@click.option(
    "--base-url", default=None, help="OpenAI-compatible server URL (env OPENAI_BASE_URL)."
)
def batch_submit(requests_path: Path, base_url: str | None) -> None:
    """Upload the requests and start the batch; prints its id."""
    from claimex.run.openai_batch import submit_batch

    err = Console(stderr=True, highlight=False, soft_wrap=True)
    click.echo(submit_batch(_openai_client(_batch_llm(err, None, None, base_url)), requests_path))


@batch.command("collect")
@click.argument("batch_id")
@click.option("--manifest", "manifest_path", type=click.Path(path_type=Path), required=True)
@click.option(
    "--base-url", default=None, help="OpenAI-compatible server URL (env OPENAI_BASE_URL)."
)
@click.option("--wait/--no-wait", default=True, show_default=True, help="Poll until it finishes.")
@click.option("--every", type=float, default=30.0, show_default=True, help="Seconds between polls.")
@click.option("--encoding", default="utf-8", show_default=True)
def batch_collect(
    batch_id: str,
    manifest_path: Path,
    base_url: str | None,
    wait: bool,
    every: float,
    encoding: str,
) -> None:
    """Wait for BATCH_ID and print one JSON Lines record per document, in manifest order."""
    from claimex.run.openai_batch import (
        BatchManifest,
        batch_output,
        collect_results,
        wait_for_batch,
    )

    err = Console(stderr=True, highlight=False, soft_wrap=True)
    manifest = BatchManifest.load(manifest_path)
    llm = _batch_llm(err, manifest.prompt, manifest.model, base_url)
    client = _openai_client(llm)
    found = wait_for_batch(client, batch_id, every_s=every) if wait else None
    found = found or client.batches.retrieve(batch_id)
    if found.status != "completed":
        err.print(f"claimex: batch {batch_id} is {found.status}", markup=False)
        sys.exit(EXIT_DOC_ERRORS)
    docs = []
    for entry in manifest.documents:
        try:
            docs.append(read_document(entry["doc_id"], encoding=encoding))
        except InputError:
            continue  # collect gives this document an error record
    failures = 0
    for result in collect_results(batch_output(client, found), manifest, docs, llm):
        failures += result.error is not None
        sys.stdout.write(result.model_dump_json() + "\n")
    sys.exit(EXIT_DOC_ERRORS if failures else EXIT_OK)


@main.group()
def prompts() -> None:
    """List, show and lock the versioned prompts."""


@prompts.command("list")
def prompts_list() -> None:
    """Every prompt version with its mode and digest."""
    for p in list_prompts():
        click.echo(f"{p.ref}\t{p.mode}\t{p.digest}")


@prompts.command("show")
@click.argument("ref")
@click.option("--render", "sample", default=None, help="Render the messages for this sample text.")
def prompts_show(ref: str, sample: str | None) -> None:
    """Show a prompt's file, or the messages it renders for --render TEXT."""
    try:
        p = load_prompt(ref)
    except PromptError as exc:
        click.echo(f"claimex: {exc}", err=True)
        sys.exit(EXIT_CONFIG)
    if sample is None:
        click.echo(p.path.read_text(encoding="utf-8") if p.path else repr(p))
        click.echo(f"# digest: {p.digest}")
        return
    for m in p.render(sample):
        click.echo(f"--- {m['role']} ---\n{m['content']}")


@prompts.command("lock")
@click.option("--check", is_flag=True, help="Only verify; exit 1 on any problem.")
def prompts_lock(check: bool) -> None:
    """Pin the digest of new prompt versions (released ones are immutable)."""
    if check:
        problems = verify_lock()
        for line in problems:
            click.echo(line, err=True)
        sys.exit(1 if problems else 0)
    try:
        added = update_lock()
    except PromptError as exc:
        click.echo(f"claimex: {exc}", err=True)
        sys.exit(1)
    click.echo("locked: " + (", ".join(added) if added else "nothing new"))


def _default_cassettes(gold_path: Path) -> Path:
    """Seeds' evaluation cassettes live in the repo; anything else in a cache outside it."""
    if gold_path.resolve().parent.name == "seeds":
        return gold_path.resolve().parent.parent / "cassettes" / "eval"
    return Path.home() / ".cache" / "claimex" / "eval-cassettes"


@main.command("eval")
@click.option(
    "--gold",
    "gold_paths",
    multiple=True,
    required=True,
    type=click.Path(path_type=Path),
    help="Gold file (seeds/gold.jsonl or the shared annotated-news format); repeatable.",
)
@click.option(
    "--config",
    "configs",
    multiple=True,
    default=("rules",),
    show_default=True,
    help="rules (the accurate profile), rules:fast, or llm:<prompt id@version>; repeatable.",
)
@click.option("--baseline", default=None, help="Configuration the deltas are against (first).")
@click.option("--model", default=None, help="Model for llm: configurations (env CLAIMEX_MODEL).")
@click.option("--base-url", default=None, help="OpenAI-compatible URL (env OPENAI_BASE_URL).")
@click.option("--record", is_flag=True, help="Call the live model and record missing cassettes.")
@click.option(
    "--cassettes",
    "cassette_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Cassette directory (default: cassettes/eval for seeds, else ~/.cache/claimex).",
)
@click.option(
    "--dataset",
    "datasets",
    multiple=True,
    help="Only documents of this dataset (polnear, newsquant, rose-acu, averitec-dce, "
    "seeds); repeatable.",
)
@click.option(
    "--compare-gold",
    type=click.Path(path_type=Path),
    default=None,
    help="Also score fact groups across documents (seeds/compare_gold.json).",
)
@click.option("--json-out", type=click.Path(path_type=Path), default=None, help="Write the report.")
@click.option(
    "--fail-under",
    "fail_under",
    multiple=True,
    help="METRIC=VALUE, e.g. polnear.speaker_f1=0.7: exit 1 if any configuration is below.",
)
def eval_command(
    gold_paths: tuple[Path, ...],
    configs: tuple[str, ...],
    baseline: str | None,
    model: str | None,
    base_url: str | None,
    record: bool,
    cassette_dir: Path | None,
    datasets: tuple[str, ...],
    compare_gold: Path | None,
    json_out: Path | None,
    fail_under: tuple[str, ...],
) -> None:
    """Compare configurations on gold data; prints one table, optionally writes JSON."""
    from claimex.core.config import LLMConfig
    from claimex.evaluation import evaluate, load_gold, parse_target, render_report
    from claimex.evaluation.compare_metrics import load_compare_gold

    _configure_logging(False)
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        targets = [parse_target(c) for c in configs]
        docs, where = [], {}
        for path in gold_paths:
            for doc in load_gold(path):
                if datasets and doc.dataset not in datasets:
                    continue
                docs.append(doc)
                where[doc.id] = cassette_dir or _default_cassettes(path)
        env = config_from_env(model=model, base_url=base_url)
        llm = None
        if any(t.backend == "llm" for t in targets):
            base = env.llm or LLMConfig(base_url=base_url or "http://127.0.0.1:8080/v1")
            llm = base.model_copy(
                update={
                    "model": model or (env.llm.model if env.llm else "qwen2.5-coder-1.5b-instruct"),
                    "max_transport_retries": base.max_transport_retries if record else 0,
                }
            )
        groups_gold = load_compare_gold(compare_gold) if compare_gold else None
        checks = []
        for spec in fail_under:
            metric, _, value = spec.partition("=")
            checks.append((metric.strip(), float(value)))
    except (ClaimexError, ValueError) as exc:
        err.print(f"claimex: {exc}", markup=False)
        sys.exit(EXIT_CONFIG)
    show = err.print if sys.stderr.isatty() else None
    report = evaluate(
        docs,
        targets,
        llm=llm,
        cassette_dir=lambda d: where[d.id],
        record=record,
        progress=(lambda m: show(m, markup=False)) if show else None,
        compare_gold=groups_gold,
    )
    render_report(
        report,
        Console(file=sys.stdout, width=None if sys.stdout.isatty() else 160),
        baseline=baseline,
    )
    if json_out:
        json_out.write_text(json.dumps(report.to_json(), indent=2, default=str) + "\n")
    failed = [
        f"{t}: {m} = {report.scores[t].get(m)} < {v}"
        for t in report.targets
        for m, v in checks
        if (report.scores[t].get(m) is None or report.scores[t][m] < v)  # type: ignore[operator]
    ]
    for line in failed:
        err.print(f"claimex: below threshold: {line}", markup=False)
    sys.exit(EXIT_DOC_ERRORS if failed else EXIT_OK)


if __name__ == "__main__":  # pragma: no cover
    main()
