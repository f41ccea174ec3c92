"""Extraction on other engines' clusters: ``claimex.distributed.ray_data`` runs it on Ray Data
(``pip install 'claimex[ray]'``; also importable as ``claimex.ray``). Nothing here is imported by
``import claimex``."""
