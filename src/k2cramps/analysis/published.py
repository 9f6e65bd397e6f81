"""The published analysis (design section 6, "as published"), computed from weekly values.

The paper imputes a missing weekly value with the mean of the same arm and week, then treats
every person-week as an independent observation. We reproduce that exactly, and label it.
"""
from __future__ import annotations

import numpy as np
from scipy import special

from ..adam.meanimp import impute_arm_week_mean
from ..core.conventions import Outcome


def welch(a: np.ndarray, b: np.ndarray, alpha: float) -> tuple[float, float, float, float]:
    """Difference of means a - b with Welch's CI and two-sided p (missing values ignored).

    Written out (rather than scipy.stats.ttest_ind) because the simulator's calibration calls
    it some 10^5 times; a unit test checks it against scipy."""
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    a = a[~np.isnan(a)]
    b = b[~np.isnan(b)]
    va, vb = a.var(ddof=1) / a.size, b.var(ddof=1) / b.size
    se = np.sqrt(va + vb)
    df = (va + vb) ** 2 / (va**2 / (a.size - 1) + vb**2 / (b.size - 1))
    diff = float(a.mean() - b.mean())
    half = float(special.stdtrit(df, 1 - alpha / 2) * se)
    p = float(2 * special.stdtr(df, -abs(diff) / se))
    return diff, diff - half, diff + half, p


def _mean_sd(x: np.ndarray) -> tuple[float, float]:
    x = np.asarray(x, dtype=float).ravel()
    x = x[~np.isnan(x)]
    return float(x.mean()), float(x.std(ddof=1))


def freq_figures(freq: Outcome, k2: np.ndarray, alpha: float) -> dict[str, float]:
    """Baseline and primary (weeks 1-8) frequency figures, as published."""
    out: dict[str, float] = {}
    for arm_name, arm in (("k2", k2), ("placebo", ~k2)):
        m, s = _mean_sd(freq.base[arm])
        out[f"baseline.weekly_freq_{arm_name}_mean"] = m
        out[f"baseline.weekly_freq_{arm_name}_sd"] = s
    filled = impute_arm_week_mean(freq.weeks, k2)
    for arm_name, arm in (("k2", k2), ("placebo", ~k2)):
        m, s = _mean_sd(filled[arm])
        out[f"primary.{arm_name}_mean"] = m
        out[f"primary.{arm_name}_sd"] = s
    diff, lo, hi, p = welch(filled[k2].ravel(), filled[~k2].ravel(), alpha)
    out.update({"primary.difference": diff, "primary.ci95_low": lo,
                "primary.ci95_high": hi, "primary.p_value": p})
    return out


def episode_figures(name: str, outcome: Outcome, k2: np.ndarray,
                    alpha: float) -> dict[str, float]:
    """Change from baseline over person-weeks and week-8 values of duration or severity."""
    out: dict[str, float] = {}
    filled = impute_arm_week_mean(outcome.weeks, k2)
    change = filled - outcome.base[:, None]
    for arm_name, arm in (("k2", k2), ("placebo", ~k2)):
        m, s = _mean_sd(change[arm])
        out[f"secondary.{name}_change_{arm_name}_mean"] = m
        out[f"secondary.{name}_change_{arm_name}_sd"] = s
    week8 = filled[:, -1]
    diff, lo, hi, _ = welch(week8[k2], week8[~k2], alpha)
    out[f"week8.{name}_k2"] = float(np.nanmean(week8[k2]))
    out[f"week8.{name}_placebo"] = float(np.nanmean(week8[~k2]))
    out[f"week8.{name}_difference"] = diff
    out[f"week8.{name}_ci95_low"] = lo
    out[f"week8.{name}_ci95_high"] = hi
    return out


def outcome_figures(freq: Outcome, dur: Outcome, sev: Outcome, k2: np.ndarray,
                    alpha: float) -> dict[str, float]:
    """Every published outcome figure, keyed as in the published YAML ("section.name")."""
    k2 = np.asarray(k2, dtype=bool)
    return {**freq_figures(freq, k2, alpha), **episode_figures("severity", sev, k2, alpha),
            **episode_figures("duration", dur, k2, alpha)}
