"""Deprecated alias of :mod:`claimex.run.openai_batch`, kept so existing imports keep working."""

import warnings
from typing import Any

__all__: list[str] = []


def __getattr__(name: str) -> Any:
    from claimex.run import openai_batch

    warnings.warn(
        "claimex.batch_api moved to claimex.run.openai_batch",
        DeprecationWarning,
        stacklevel=2,
    )
    return getattr(openai_batch, name)
