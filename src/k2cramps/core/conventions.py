"""The analysis conventions of design section 6: what a weekly value is.

The derivation of ADCRAMP, the published analysis and the simulator's calibration all call
these functions, so the calibrated synthetic data and the pipeline cannot disagree about
what a weekly value is.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

PARAMS = ("FREQ", "DUR", "SEV")  # PARAMCD: weekly frequency, mean duration, mean severity


@dataclass(frozen=True)
class Outcome:
    """Weekly values of one parameter: `weeks` is participants x 8 (NaN = missing),
    `base` the baseline value per participant."""

    weeks: np.ndarray
    base: np.ndarray


def weekly_rate(cramps, nights, min_nights: int) -> np.ndarray:
    """Cramps per week, 7 c / n, missing when fewer than `min_nights` nights were recorded."""
    cramps = np.asarray(cramps, dtype=float)
    nights = np.asarray(nights, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = 7.0 * cramps / nights
    return np.where(nights >= min_nights, rate, np.nan)


def episode_mean(total, count, cramps, nights, min_nights: int, cramp_free_week: str) -> np.ndarray:
    """Mean duration or severity of a period's episodes.

    A period with too few diary nights is missing; a recorded period without cramps scores 0
    under the published convention (`cramp_free_week='zero'`) or is missing; a period with
    cramps but no usable episode values is missing.
    """
    if cramp_free_week not in ("zero", "missing"):
        raise ValueError(f"cramp_free_week must be 'zero' or 'missing', not {cramp_free_week!r}")
    total = np.asarray(total, dtype=float)
    count = np.asarray(count, dtype=float)
    cramps = np.asarray(cramps, dtype=float)
    nights = np.asarray(nights, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        value = np.where(count > 0, total / count, np.nan)
    free_value = 0.0 if cramp_free_week == "zero" else np.nan
    value = np.where((cramps == 0) & (count == 0), free_value, value)
    return np.where(nights >= min_nights, value, np.nan)
