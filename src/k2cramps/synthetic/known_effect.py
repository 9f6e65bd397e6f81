"""Small trials with a known treatment effect, at the level of the analysis datasets.

Model-recovery tests (and the CI coverage study) need data whose truth is known. Each
participant has a weekly cramp rate drawn from a gamma distribution (mean `placebo_rate`);
vitamin K2 multiplies it by `rate_ratio`; each week adds gamma noise (mean 1), and each
treatment week is missing (no diary) with probability `p_missing`. Hence the true rate ratio
is `rate_ratio` and the true difference in mean weekly frequency is
`placebo_rate * (rate_ratio - 1)`.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..core.arms import K2, PLACEBO
from ..core.conventions import weekly_rate
from ..core.schedule import BASELINE_NIGHTS, N_WEEKS


@dataclass(frozen=True)
class KnownTrial:
    n_per_arm: int = 60
    placebo_rate: float = 3.6    # cramps per week
    rate_ratio: float = 0.3
    between_shape: float = 4.0   # gamma shape of participants' rates (CV = 1/sqrt(shape))
    week_shape: float = 5.0      # gamma shape of week-to-week noise
    p_missing: float = 0.08

    @property
    def difference(self) -> float:
        return self.placebo_rate * (self.rate_ratio - 1)


def simulate_known(trial: KnownTrial, seed) -> tuple[pd.DataFrame, pd.DataFrame]:
    """ADSL-like (USUBJID, TRT01P, BFREQ, TRNIGHTS, TRCRAMPS) and ADCRAMP-like (FREQ rows)."""
    rng = np.random.default_rng(seed)
    n = 2 * trial.n_per_arm
    k2 = np.repeat([True, False], trial.n_per_arm)
    rate = rng.gamma(trial.between_shape, trial.placebo_rate / trial.between_shape, n)
    base_count = rng.poisson(rate * BASELINE_NIGHTS / 7)
    nights = np.where(rng.random((n, N_WEEKS)) < trial.p_missing, 0, 7)
    noise = rng.gamma(trial.week_shape, 1 / trial.week_shape, (n, N_WEEKS))
    true_rate = rate[:, None] * np.where(k2, trial.rate_ratio, 1.0)[:, None] * noise
    counts = rng.poisson(true_rate * nights / 7)
    ids = [f"S{i:04d}" for i in range(n)]
    adsl = pd.DataFrame({"USUBJID": ids,
                         "TRT01P": np.where(k2, K2, PLACEBO),
                         "BFREQ": 7 * base_count / BASELINE_NIGHTS,
                         "TRNIGHTS": nights.sum(axis=1), "TRCRAMPS": counts.sum(axis=1)})
    freq = np.column_stack([adsl["BFREQ"], weekly_rate(counts, nights, 1)])
    adcramp = pd.DataFrame({"USUBJID": np.repeat(ids, N_WEEKS + 1),
                            "PARAMCD": "FREQ", "AVISITN": np.tile(range(N_WEEKS + 1), n),
                            "AVAL": freq.ravel(), "DTYPE": ""})
    return adsl, adcramp
