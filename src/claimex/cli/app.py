"""The ``claimex`` command group, its exit codes and the helpers every command shares.

Results go to stdout (JSON Lines by default); progress and diagnostics go to stderr.

Exit codes: 0 every document succeeded; 1 at least one document became an error record (or an
evaluation fell below ``--fail-under``); 2 usage error (bad option, missing argument, unwritable
output); 3 configuration error (no model for ``--backend llm``, unknown prompt, a bad environment
variable); 130 interrupted.
"""

from __future__ import annotations

import logging
import sys
from typing import NoReturn

import click
from rich.console import Console

from claimex._version import __version__

__all__ = [
    "EXIT_CONFIG",
    "EXIT_DOC_ERRORS",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "configure_logging",
    "exit_config",
    "main",
    "stderr_console",
]

EXIT_OK, EXIT_DOC_ERRORS, EXIT_CONFIG, EXIT_INTERRUPTED = 0, 1, 3, 130


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="claimex")
def main() -> None:
    """Grounded, attributed, structured claims from news text."""


def stderr_console() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


def exit_config(message: object) -> NoReturn:
    """A configuration error: one line on stderr naming what to change, exit 3."""
    stderr_console().print(f"claimex: {message}", markup=False)
    sys.exit(EXIT_CONFIG)


def configure_logging(verbose: bool) -> None:
    """instructor logs every failed attempt at ERROR; claimex reports outcomes itself."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        stream=sys.stderr,
        format="%(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("instructor").setLevel(logging.INFO if verbose else logging.CRITICAL)
    logging.getLogger("httpx2").setLevel(logging.INFO if verbose else logging.WARNING)
