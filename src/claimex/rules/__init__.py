"""Deterministic taggers the rule extractor is built from: quotes, attribution, hedges, time, place."""
