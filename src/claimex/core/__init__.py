"""The floor everything stands on: the claim schema, errors, configuration, documents, grounding.

Nothing here imports another claimex package; every other floor imports from here.
"""
