"""``claimex batch prepare|submit|collect``: the OpenAI Batch API (half the price, 24 h)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from claimex.cli.app import EXIT_DOC_ERRORS, EXIT_OK, configure_logging, exit_config, main
from claimex.cli.options import check_output, encoding_option
from claimex.core.config import LLMConfig
from claimex.core.documents import read_document, read_documents
from claimex.core.environment import config_from_env
from claimex.core.errors import ClaimexError, InputError, LLMError

__all__ = ["batch"]

T = TypeVar("T")


@main.group()
def batch() -> None:
    """OpenAI Batch API: prepare requests, submit, wait, collect claims (half the price, 24 h)."""
    configure_logging(False)


def _llm(
    prompt: str | None = None, model: str | None = None, base_url: str | None = None
) -> LLMConfig:
    try:
        config = config_from_env(backend="llm", model=model, base_url=base_url, prompt=prompt)
    except ClaimexError as exc:
        exit_config(exc)
    if config.llm is None:
        exit_config("the Batch API needs OPENAI_API_KEY or --base-url")
    return config.llm


def _api(llm: LLMConfig, call: Callable[[Any], T]) -> T:
    """A Batch API call through the LLM transport (one retry policy, typed errors, no key)."""
    from claimex.extractors.llm.transport import Transport

    try:
        return Transport(llm).api(call)
    except LLMError as exc:
        exit_config(f"{exc} (check --base-url and OPENAI_API_KEY)")


def _manifest(path: Path) -> Any:
    from claimex.run.openai_batch import BatchManifest

    try:
        return BatchManifest.load(path)
    except InputError as exc:
        raise click.BadParameter(str(exc), param_hint="--manifest") from None


_base_url = click.option(
    "--base-url", default=None, help="OpenAI-compatible server URL (env OPENAI_BASE_URL)."
)


@batch.command("prepare")
@click.argument("files", nargs=-1, required=True)
@click.option("--prompt", default=None, help="Prompt id@version, e.g. claims@v1.")
@click.option("--model", default=None, help="Model name (env CLAIMEX_MODEL).")
@_base_url
@click.option("--requests", "requests_path", type=click.Path(path_type=Path), required=True)
@click.option("--manifest", "manifest_path", type=click.Path(path_type=Path), required=True)
@encoding_option
def batch_prepare(
    files: tuple[str, ...],
    prompt: str | None,
    model: str | None,
    base_url: str | None,
    requests_path: Path,
    manifest_path: Path,
    encoding: str,
) -> None:
    """Write one request line per chunk of FILES, and the manifest collect needs.

    Nothing is sent: the requests are built offline. Exit 1 when a file could not be read (it is
    listed in the manifest with its reason, and collect gives it an error record)."""
    from claimex.run.openai_batch import prepare_batch

    check_output(requests_path, "--requests")
    check_output(manifest_path, "--manifest")
    llm = _llm(prompt, model, base_url)
    docs = list(read_documents(files, encoding=encoding))
    for doc in docs:
        if doc.error:
            click.echo(f"claimex: {doc.error}", err=True)
    try:
        manifest = prepare_batch(docs, llm, requests_path, manifest_path)
    except ClaimexError as exc:
        exit_config(exc)
    n = sum(len(d["requests"]) for d in manifest.documents)
    click.echo(f"{n} requests for {len(docs)} documents in {requests_path}")
    failed = [d for d in manifest.documents if d.get("error")]
    for entry in failed:
        if not any(doc.id == entry["doc_id"] and doc.error for doc in docs):
            click.echo(f"claimex: {entry['doc_id']}: {entry['error']}", err=True)
    sys.exit(EXIT_DOC_ERRORS if failed else EXIT_OK)


@batch.command("submit")
@click.argument("requests_path", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@_base_url
def batch_submit(requests_path: Path, base_url: str | None) -> None:
    """Upload the requests and start the batch; prints its id."""
    from claimex.run.openai_batch import submit_batch

    click.echo(_api(_llm(base_url=base_url), lambda client: submit_batch(client, requests_path)))


@batch.command("collect")
@click.argument("batch_id")
@click.option("--manifest", "manifest_path", type=click.Path(path_type=Path), required=True)
@_base_url
@click.option("--wait/--no-wait", default=True, show_default=True, help="Poll until it finishes.")
@click.option(
    "--every",
    type=click.FloatRange(min=0),
    default=30.0,
    show_default=True,
    help="Seconds between polls.",
)
@encoding_option
def batch_collect(
    batch_id: str,
    manifest_path: Path,
    base_url: str | None,
    wait: bool,
    every: float,
    encoding: str,
) -> None:
    """Wait for BATCH_ID and print one JSON Lines record per document, in manifest order."""
    from claimex.run.openai_batch import batch_output, collect_results, wait_for_batch

    manifest = _manifest(manifest_path)
    llm = _llm(manifest.prompt, manifest.model, base_url)
    if wait:
        found = _api(llm, lambda client: wait_for_batch(client, batch_id, every_s=every))
    else:
        found = _api(llm, lambda client: client.batches.retrieve(batch_id))
    if found.status != "completed":
        click.echo(f"claimex: batch {batch_id} is {found.status}", err=True)
        sys.exit(EXIT_DOC_ERRORS)
    docs = []
    for entry in manifest.documents:
        try:
            docs.append(read_document(entry["doc_id"], encoding=encoding))
        except InputError:
            continue  # collect gives this document an error record
    lines = _api(llm, lambda client: batch_output(client, found))
    failures = 0
    try:
        for result in collect_results(lines, manifest, docs, llm):
            failures += result.error is not None
            sys.stdout.write(result.model_dump_json() + "\n")
    except ClaimexError as exc:
        exit_config(exc)
    sys.exit(EXIT_DOC_ERRORS if failures else EXIT_OK)
