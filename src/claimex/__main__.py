"""``python -m claimex``: the same command as ``claimex``."""

from claimex.cli import main

main()
