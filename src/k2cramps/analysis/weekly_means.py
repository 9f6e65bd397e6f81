"""Mean of each outcome per arm and visit (weekly_means.csv): what the trajectory figure
draws.

Two methods: `observed`, the mean of the participants' observed values at each visit
(baseline = visit 0, weeks 1-8) with a t 95% CI, which shows the data as recorded (a week's
mean covers only those who recorded it); and `mmrm`, the MMRM's least-squares mean per arm
and week at the mean baseline (no baseline row: the model conditions on it), which is what
the primary reanalysis estimates under missing at random. `n` = participants of the arm with
an observed value at that visit (for `mmrm`, those contributing that week to the fit).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.schedule import N_WEEKS
from .arm_summaries import ARMS, mean_t
from .fits import OutcomeFits
from .shaping import WEEKS

COLUMNS = ["outcome", "visit", "method", "arm", "n", "estimate", "ci_low", "ci_high"]


def weekly_means_of(f: OutcomeFits, alpha: float) -> pd.DataFrame:
    """Rows by method (observed, mmrm), visit, then arm (vitamin K2 first)."""
    rows = []
    k2 = f.w["K2"].to_numpy(int)
    for visit, column in enumerate(["BASE", *WEEKS]):
        values = f.w[column].to_numpy(float)
        for arm, flag in ARMS:
            x = values[k2 == flag]
            est, lo, hi, _ = mean_t(x, alpha)
            rows.append((f.param, visit, "observed", arm, int((~np.isnan(x)).sum()), est, lo, hi))
    fit = f.repeated["mmrm"]
    for week in range(1, N_WEEKS + 1):
        at_week = f.lg[f.lg["WEEK"] == week]
        for arm, flag in ARMS:
            est, _, _, lo, hi, _ = fit.contrast(fit.lsmean(flag, week), alpha)
            rows.append((f.param, week, "mmrm", arm, int((at_week["K2"] == flag).sum()),
                         est, lo, hi))
    return pd.DataFrame(rows, columns=COLUMNS)
