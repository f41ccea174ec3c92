"""Deterministic taggers over plain text: sentences, quantities, attribution frames (regex and
dependency parse), hedges, time, place and injected instructions.

They know nothing of extractors; the rule extractor and the LLM extractor both call them.
"""
