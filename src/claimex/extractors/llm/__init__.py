"""The LLM wing: versioned prompts, the transport (the only place that builds OpenAI clients),
reply parsing shared by live calls and the Batch API, and the conversion of replies to claims.

Importing this package imports openai and instructor; ``import claimex`` does not.
"""
