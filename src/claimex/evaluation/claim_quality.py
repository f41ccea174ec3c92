"""Whether a claim's text stands alone: the rule behind ``run.standalone_rate``.

The rule lives in :mod:`claimex.taggers.standalone`, because the candidate-guided prompt
(claims@v3) uses the same rule to choose which rule candidates the model should rewrite; it is
documented in ``docs/evaluation.md``.
"""

from __future__ import annotations

from claimex.taggers.standalone import ANAPHORIC_NOUNS, PRONOUNS, is_standalone, unresolved

__all__ = ["ANAPHORIC_NOUNS", "PRONOUNS", "is_standalone", "unresolved"]
