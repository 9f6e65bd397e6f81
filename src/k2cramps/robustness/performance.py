"""Performance measures of a simulation study with their Monte Carlo standard errors
(Morris, White & Crowther, Stat Med 2019;38:2074-2102, Table 6), over the n replicates whose
fit converged:

| measure | estimate | Monte Carlo SE |
|---|---|---|
| bias | mean(est) - truth | sqrt(sum (est - mean)^2 / (n (n - 1))) |
| empirical SE | sqrt(sum (est - mean)^2 / (n - 1)) | empSE / sqrt(2 (n - 1)) |
| model SE | sqrt(mean(se^2)) | sqrt(var(se^2) / (4 n modSE^2)) |
| relative error in model SE, % | 100 (modSE / empSE - 1) | 100 (modSE / empSE) sqrt(var(se^2) / (4 n modSE^4) + 1 / (2 (n - 1))) |
| coverage | share of CIs containing truth | sqrt(p (1 - p) / n) |
| rejection (power, or type I error when truth = null) | share of CIs excluding the null | sqrt(p (1 - p) / n) |
| mean CI width | mean(high - low) | sd(width) / sqrt(n) |
"""
from __future__ import annotations

import numpy as np

MEASURES = ["bias", "emp_se", "model_se", "model_se_rel_error", "coverage", "rejection_rate",
            "ci_width"]


def _proportion(hit: np.ndarray) -> tuple[float, float]:
    p = float(hit.mean())
    return p, float(np.sqrt(p * (1 - p) / hit.size))


def measures(estimate, se, ci_low, ci_high, truth: float, null: float = 0.0) -> dict:
    """Every measure and its MCSE (keys `<measure>` and `<measure>_mcse`), from the
    converged replicates' estimates, model SEs and CI limits."""
    est, se = np.asarray(estimate, float), np.asarray(se, float)
    lo, hi = np.asarray(ci_low, float), np.asarray(ci_high, float)
    n = est.size
    if n < 2:
        return {**{m: np.nan for m in MEASURES}, **{f"{m}_mcse": np.nan for m in MEASURES}}
    emp_se = float(est.std(ddof=1))
    var2 = float(np.var(se**2, ddof=1))
    mod_se = float(np.sqrt(np.mean(se**2)))
    width = hi - lo
    out = {"bias": float(est.mean() - truth), "bias_mcse": emp_se / np.sqrt(n),
           "emp_se": emp_se, "emp_se_mcse": emp_se / np.sqrt(2 * (n - 1)),
           "model_se": mod_se, "model_se_mcse": float(np.sqrt(var2 / (4 * n * mod_se**2))),
           "model_se_rel_error": 100 * (mod_se / emp_se - 1),
           "model_se_rel_error_mcse": float(100 * mod_se / emp_se * np.sqrt(
               var2 / (4 * n * mod_se**4) + 1 / (2 * (n - 1)))),
           "ci_width": float(width.mean()), "ci_width_mcse": float(width.std(ddof=1) / np.sqrt(n))}
    out["coverage"], out["coverage_mcse"] = _proportion((lo <= truth) & (truth <= hi))
    out["rejection_rate"], out["rejection_rate_mcse"] = _proportion((null < lo) | (null > hi))
    return out
