"""Running extractors over many documents: the pipeline (threads, asyncio), worker processes and
the OpenAI Batch API. Every document gets a record; a failure becomes an error record."""
