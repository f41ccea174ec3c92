"""Deterministic taggers the rule extractor is built from: attribution, hedges, time, place."""
