"""Options shared by the commands, and the one path from flags to an extractor.

Every command that extracts takes the same backend options and resolves them through
:func:`claimex.core.environment.config_from_env`, so a flag means the same everywhere and a flag
that cannot apply is a configuration error, never ignored. Output paths are checked before any
work starts.
"""

from __future__ import annotations

import codecs
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from claimex.cli.app import exit_config
from claimex.core.config import ExtractConfig
from claimex.core.environment import config_from_env
from claimex.core.errors import ClaimexError, ConfigurationError
from claimex.extractors.base import Extractor
from claimex.extractors.factory import make_extractor

__all__ = [
    "backend_options",
    "check_output",
    "encoding_option",
    "llm_limit_options",
    "resolve",
]

F = TypeVar("F", bound=Callable[..., Any])


def _stack(*options: Callable[[F], F]) -> Callable[[F], F]:
    def apply(f: F) -> F:
        for option in reversed(options):
            f = option(f)
        return f

    return apply


backend_options = _stack(
    click.option(
        "--backend",
        type=click.Choice(["auto", "llm", "rules"]),
        default=None,
        help="auto (default): the LLM if one is configured, else rules; rules on LLM failure.",
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
        "--base-url", default=None, help="OpenAI-compatible server URL (env OPENAI_BASE_URL)."
    ),
)

llm_limit_options = _stack(
    click.option("--rpm", type=click.FloatRange(min=0, min_open=True), help="LLM requests/minute."),
    click.option("--tpm", type=click.FloatRange(min=0, min_open=True), help="LLM tokens/minute."),
    click.option(
        "--cache/--no-cache",
        default=None,
        help="Reuse LLM replies from the disk cache ($CLAIMEX_CACHE_DIR or ~/.cache/claimex/llm); "
        "on by default when an LLM is configured.",
    ),
    click.option("--cache-dir", type=click.Path(path_type=Path, file_okay=False), default=None),
)


def _known_encoding(ctx: click.Context, param: click.Parameter, value: str) -> str:
    try:
        codecs.lookup(value)
    except LookupError:
        raise click.BadParameter(
            f"unknown encoding {value!r} (try utf-8, cp1252 or latin-1)"
        ) from None
    return value


encoding_option = click.option(
    "--encoding",
    default="utf-8",
    show_default=True,
    callback=_known_encoding,
    help="Encoding of the input files.",
)


def check_output(path: Path | None, option: str = "--output") -> None:
    """A usage error, before any work, when ``path`` cannot be written as a file."""
    if path is None:
        return
    if path.is_dir():
        raise click.BadParameter(f"{path} is a directory; name a file", param_hint=option)
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise click.BadParameter(f"directory {parent} does not exist", param_hint=option)


def resolve(
    *,
    backend: str | None = None,
    profile: str | None = None,
    prompt: str | None = None,
    model: str | None = None,
    base_url: str | None = None,
    reference_date: dt.datetime | dt.date | None = None,
    max_chars: int | None = None,
    rpm: float | None = None,
    tpm: float | None = None,
    cache: bool | None = None,
    cache_dir: Path | None = None,
) -> tuple[ExtractConfig, Extractor]:
    """The configuration the flags and environment ask for, and its extractor, built now so
    that a configuration error exits 3 before any document is read."""
    if isinstance(reference_date, dt.datetime):
        reference_date = reference_date.date()
    try:
        config = config_from_env(
            backend=backend,  # type: ignore[arg-type]  # click.Choice checked it
            model=model,
            base_url=base_url,
            prompt=prompt,
            rules_profile=profile,
            reference_date=reference_date,
            max_chars=max_chars,
            requests_per_minute=rpm,
            tokens_per_minute=tpm,
            cache=cache,
            cache_dir=cache_dir,
            llm_defaults={"cache": True},
        )
        if config.backend == "llm" and config.llm is None:
            exit_config(
                "--backend llm needs a model: set OPENAI_API_KEY and/or OPENAI_BASE_URL, "
                "or pass --base-url (and --model)"
            )
        return config, make_extractor(config)
    except ConfigurationError as exc:
        if exc.option:  # a flag that cannot apply: the command line is wrong, exit 2
            raise click.UsageError(str(exc)) from None
        exit_config(exc)
    except ClaimexError as exc:
        exit_config(exc)
