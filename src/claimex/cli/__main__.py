"""``python -m claimex.cli``: the same command as ``claimex``."""

from claimex.cli import main

main()
