"""claimex on Ray Data (``pip install 'claimex[ray]'``): :func:`extract_dataset` and
:func:`claims_dataset`. See :mod:`claimex.distributed.ray_data`.

>>> import ray, claimex.ray  # doctest: +SKIP
>>> results = claimex.ray.extract_dataset(ray.data.read_parquet("articles/"))  # doctest: +SKIP
"""

from claimex.distributed.ray_data import (
    RESULT_COLUMNS,
    SharedLimiter,
    claims_dataset,
    extract_dataset,
    results_of,
)

__all__ = ["RESULT_COLUMNS", "SharedLimiter", "claims_dataset", "extract_dataset", "results_of"]
