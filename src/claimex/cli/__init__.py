"""The ``claimex`` command line: one module per command over the library's public functions.

``app`` holds the group, exit codes and logging; ``options`` the shared options and the one path
from flags to a configuration; each ``*_command`` module registers one command."""

from claimex.cli import (
    batch_command,
    compare_command,
    eval_command,
    extract_command,
    prompts_command,
)
from claimex.cli.app import main

__all__ = ["main"]

_COMMANDS = (batch_command, compare_command, eval_command, extract_command, prompts_command)
