"""Multiple imputation of missing weekly values (reanalysis), combined by Rubin's rules.

Chained equations with predictive mean matching, as R's `mice` does by default (van Buuren,
Flexible Imputation of Missing Data, 2nd ed., algorithms 3.1 and 3.3), separately within
each arm: every incomplete variable (baseline, weeks 1-8) is imputed in turn from all the
others, with the arm's own model. Imputing within arm is usual for trials: a model pooled
over arms with an arm term assumes the weeks relate alike in both arms, and here (an effect
that multiplies the rate, a smaller spread on vitamin K2) it pulled the imputed K2 weeks
towards placebo, biasing the effect towards zero by a third of its standard error in the
recovery study. Assumes values are missing at random given the arm and the recorded values.
Each of the m imputations is its own chain of `CYCLES` cycles.

Written in numpy rather than through statsmodels' MICEData, which rebuilds patsy formulas on
every step and took 20 of stage 03's 30 seconds; the regression inside is checked against
statsmodels' OLS in the tests. Nothing in it is iterative in the optimisation sense (each
step is a closed-form least-squares fit and a draw), so there is no convergence to check.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from .models import Estimate
from .shaping import WEEKS, arm_counts, summary

CYCLES = 10   # chained-equation cycles per imputation (mice's default is 5)
DONORS = 5    # predictive mean matching: draw the value of one of the 5 closest observed cases


def _ols(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float, np.ndarray]:
    """Least squares by QR: coefficients, residual sum of squares, and R^-1, for which
    (X'X)^-1 = R^-1 R^-T."""
    q, r = np.linalg.qr(X)
    beta = np.linalg.solve(r, q.T @ y)
    resid = y - X @ beta
    return beta, float(resid @ resid), np.linalg.solve(r, np.eye(r.shape[0]))


def bayes_regression(X: np.ndarray, y: np.ndarray, rng: np.random.Generator):
    """OLS fit and one draw of the coefficients from their posterior under a flat prior:
    sigma*^2 = RSS / chi2(n - p), beta* ~ N(beta_hat, sigma*^2 (X'X)^-1) (mice's .norm.draw)."""
    beta, rss, r_inv = _ols(X, y)
    sigma = np.sqrt(rss / rng.chisquare(len(y) - X.shape[1]))
    draw = beta + sigma * (r_inv @ rng.standard_normal(len(beta)))
    return beta, draw


def pmm(X_obs, y_obs, X_mis, rng: np.random.Generator) -> np.ndarray:
    """Type-1 predictive mean matching: observed cases predicted with beta_hat, missing ones
    with the drawn beta*; each missing case takes the value of a random one of its DONORS
    nearest observed cases, so imputations are always values that were observed."""
    beta, draw = bayes_regression(X_obs, y_obs, rng)
    return y_obs[_donors(X_obs @ beta, X_mis @ draw, rng)]


def _donors(yhat_obs: np.ndarray, yhat_mis: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """For each missing case, a random one of the DONORS observed cases nearest in predicted
    value. The nearest k lie within k places either side of where it would sort among the
    observed predictions, so only that window of 2k is compared (not all n)."""
    n = len(yhat_obs)
    k = min(DONORS, n)
    order = np.argsort(yhat_obs, kind="stable")
    ranked = yhat_obs[order]
    width = min(2 * k, n)
    start = np.clip(np.searchsorted(ranked, yhat_mis) - k, 0, n - width)
    window = start[:, None] + np.arange(width)
    nearest = np.argsort(np.abs(ranked[window] - yhat_mis[:, None]), axis=1, kind="stable")[:, :k]
    chosen = nearest[np.arange(len(yhat_mis)), rng.integers(0, k, len(yhat_mis))]
    return order[window[np.arange(len(yhat_mis)), chosen]]


def _chain(data: np.ndarray, missing: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """One imputation: start from random observed values, then CYCLES rounds of imputing
    each incomplete column from all other columns."""
    filled = data.copy()
    for j in np.flatnonzero(missing.any(axis=0)):
        observed = data[~missing[:, j], j]
        filled[missing[:, j], j] = rng.choice(observed, missing[:, j].sum())
    for _ in range(CYCLES):
        for j in np.flatnonzero(missing.any(axis=0)):
            X = np.column_stack([np.ones(len(filled)), np.delete(filled, j, axis=1)])
            obs = ~missing[:, j]
            filled[~obs, j] = pmm(X[obs], filled[obs, j], X[~obs], rng)
    return filled


def completed(w: pd.DataFrame, m: int, seed) -> list[pd.DataFrame]:
    """`m` completed copies of the wide frame (K2, BASE, W1..W8), imputed within each arm."""
    if m < 2:
        raise ValueError(f"multiple imputation needs at least 2 imputations, got {m}")
    columns = ["BASE", *WEEKS]
    data = w[columns].to_numpy(float)
    arms = [np.flatnonzero(w["K2"].to_numpy() == a) for a in (1, 0)]
    for rows in arms:
        empty = [c for c, col in zip(columns, data[rows].T) if np.isnan(col).all()]
        if empty and len(rows):
            raise ValueError(f"multiple imputation: no observed {', '.join(empty)} in an arm")
    rng = np.random.default_rng(seed)
    copies = []
    for _ in range(m):
        filled = data.copy()
        for rows in arms:
            missing = np.isnan(data[rows])
            if missing.any():
                filled[rows] = _chain(data[rows], missing, rng)
        copy = w.copy()
        copy[columns] = filled
        copies.append(copy)
    return copies


def ancova_mi(copies: list[pd.DataFrame], timepoint: str, alpha: float) -> Estimate:
    """Baseline-adjusted difference in each completed data set, pooled by Rubin's rules."""
    est, var = [], []
    for filled in copies:
        b, v = ols_arm_effect(summary(filled, timepoint), filled["K2"], filled["BASE"])
        est.append(b)
        var.append(v)
    n_k2, n_placebo = arm_counts(copies[0]["K2"])
    return Estimate(*rubin(est, var, n_k2 + n_placebo, alpha), n_k2, n_placebo)


def ols_arm_effect(y: pd.Series, k2: pd.Series, base: pd.Series) -> tuple[float, float]:
    """The ANCOVA's arm coefficient and its variance (OLS of y on 1, K2, BASE) in numpy:
    the same numbers as `models.ancova`'s statsmodels fit (tested), without building a
    formula for each of the 20 x 6 completed data sets."""
    X = np.column_stack([np.ones(len(y)), k2.to_numpy(float), base.to_numpy(float)])
    beta, rss, r_inv = _ols(X, y.to_numpy(float))
    return float(beta[1]), float(rss / (len(y) - 3) * (r_inv[1] @ r_inv[1]))


def ols_adjusted_means(y: pd.Series, k2: pd.Series,
                       base: pd.Series) -> list[tuple[float, float]]:
    """The ANCOVA's adjusted mean of each arm (vitamin K2, then placebo) at the mean
    baseline, and its variance: the per-arm result behind `ols_arm_effect`, pooled over
    the completed data sets like the difference."""
    X = np.column_stack([np.ones(len(y)), k2.to_numpy(float), base.to_numpy(float)])
    beta, rss, r_inv = _ols(X, y.to_numpy(float))
    cov = rss / (len(y) - 3) * (r_inv @ r_inv.T)
    out = []
    for arm in (1.0, 0.0):
        c = np.array([1.0, arm, float(base.mean())])
        out.append((float(c @ beta), float(c @ cov @ c)))
    return out


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
