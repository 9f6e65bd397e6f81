"""Multiple imputation of missing weekly values (reanalysis), combined by Rubin's rules.

Chained equations with predictive mean matching (statsmodels' MICEData): every week is
imputed from the other weeks, the arm and the baseline, so the imputation model contains
everything the analysis model uses. Assumes weeks are missing at random given those.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.imputation.mice import MICEData

from .models import Estimate, ancova_fit
from .shaping import WEEKS, arm_counts, summary

BURN_IN = 5   # chained-equation cycles before the first imputation is kept
SKIP = 2      # cycles between kept imputations


def completed(w: pd.DataFrame, m: int, seed) -> list[pd.DataFrame]:
    """`m` completed copies of the wide frame (K2, BASE, W1..W8)."""
    if m < 2:
        raise ValueError(f"multiple imputation needs at least 2 imputations, got {m}")
    data = w[["K2", "BASE", *WEEKS]].reset_index(drop=True).astype(float)
    if not data.isna().any().any():
        return [w.copy() for _ in range(m)]
    mice = MICEData(data, rng=np.random.default_rng(seed))
    mice.update_all(BURN_IN)
    copies = []
    for _ in range(m):
        mice.update_all(SKIP)
        filled = w.copy()
        filled[["BASE", *WEEKS]] = mice.data[["BASE", *WEEKS]].to_numpy()
        copies.append(filled)
    return copies


def ancova_mi(copies: list[pd.DataFrame], timepoint: str, alpha: float) -> Estimate:
    """Baseline-adjusted difference in each completed data set, pooled by Rubin's rules."""
    est, var = [], []
    for filled in copies:
        res, df = ancova_fit(summary(filled, timepoint), filled["K2"], filled["BASE"])
        est.append(res.params["K2"])
        var.append(res.bse["K2"] ** 2)
    n_k2, n_placebo = arm_counts(df["K2"])
    return Estimate(*rubin(est, var, n_k2 + n_placebo, alpha), n_k2, n_placebo)


def rubin(estimates, variances, n: int, alpha: float) -> tuple[float, float, float, float]:
    """Rubin's rules with the Barnard-Rubin small-sample degrees of freedom
    (complete-data df = n - 3 for the ANCOVA's three coefficients)."""
    q = np.asarray(estimates, dtype=float)
    u = np.asarray(variances, dtype=float)
    m = q.size
    qbar, ubar, b = q.mean(), u.mean(), q.var(ddof=1)
    total = ubar + (1 + 1 / m) * b
    lam = (1 + 1 / m) * b / total
    df_old = (m - 1) / lam**2 if lam > 0 else np.inf
    df_com = n - 3
    df_obs = (df_com + 1) / (df_com + 3) * df_com * (1 - lam)
    df = 1 / (1 / df_old + 1 / df_obs)
    se = np.sqrt(total)
    half = stats.t.ppf(1 - alpha / 2, df) * se
    p = 2 * stats.t.sf(abs(qbar) / se, df)
    return float(qbar), float(qbar - half), float(qbar + half), float(p)
