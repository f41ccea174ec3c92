"""Evaluation: compare prompt versions and the rule extractor on annotated news.

It reuses the library's extractors (never re-implements extraction); see ``metrics`` for the
definition of every number.
"""

from .gold import GoldDoc, load_gold
from .metrics import finalize
from .report import render_report
from .runner import EvalReport, Target, evaluate, parse_target

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
