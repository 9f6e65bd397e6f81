"""The paper's imputation of a missing weekly value: the observed mean of the same arm and
week. ADCRAMP records its values as derived rows (DTYPE = MEANIMP), the ADaM way to keep an
imputation beside the observed values; the published analysis uses them."""
from __future__ import annotations

import warnings

import numpy as np


def impute_arm_week_mean(weeks: np.ndarray, k2: np.ndarray) -> np.ndarray:
    """Fill each missing weekly value with the observed mean of the same arm and week."""
    filled = np.array(weeks, dtype=float, copy=True)
    for arm in (k2, ~k2):
        block = filled[arm]
        with warnings.catch_warnings():  # an arm-week with no observed value stays missing
            warnings.simplefilter("ignore", RuntimeWarning)
            means = np.nanmean(block, axis=0) if block.size else np.array([])
        rows, cols = np.nonzero(np.isnan(block))
        block[rows, cols] = means[cols]
        filled[arm] = block
    return filled
