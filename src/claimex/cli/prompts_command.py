"""``claimex prompts list|show|lock``: the versioned prompts and their digests."""

from __future__ import annotations

import sys

import click

from claimex.cli.app import exit_config, main
from claimex.core.errors import PromptError
from claimex.extractors.llm.prompt_registry import (
    list_prompts,
    load_prompt,
    update_lock,
    verify_lock,
)

__all__ = ["prompts"]


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
        exit_config(exc)
    if sample is None:
        click.echo(p.path.read_text(encoding="utf-8") if p.path else repr(p))
        click.echo(f"# digest: {p.digest}")
        return
    extra = None
    if p.needs_candidates:  # what the extractor shows: the rule extractor's claims of the text
        from claimex.extractors.llm.candidate_review import CandidateReview
        from claimex.extractors.llm.chunking import Chunk
        from claimex.extractors.rule_extractor import RuleExtractor

        claims = RuleExtractor().extract(sample).claims
        extra = CandidateReview(sample, claims, [Chunk(0, len(sample), sample)]).variables(0)
    for m in p.render(sample, extra):
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
