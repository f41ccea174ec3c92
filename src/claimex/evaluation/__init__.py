"""Evaluation: compare prompt versions and the rule extractor on annotated news.

It reuses the library's extractors (never re-implements extraction); see ``metrics`` for the
definition of every number.
"""

from claimex.evaluation.gold import GoldDoc, load_gold
from claimex.evaluation.metrics import finalize
from claimex.evaluation.report import render_report
from claimex.evaluation.runner import EvalReport, Target, evaluate, parse_target

__all__ = [
    "EvalReport",
    "GoldDoc",
    "Target",
    "evaluate",
    "finalize",
    "load_gold",
    "parse_target",
    "render_report",
]
