"""The ``claimex`` command line: one module per command over the library's public functions."""

from claimex.cli.commands import main

__all__ = ["main"]
