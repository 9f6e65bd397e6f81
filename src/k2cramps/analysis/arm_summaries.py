"""The result in each arm behind every row of estimates.csv (design section 7:
arm_summaries.csv), from the same fits.

A difference alone does not say whether vitamin K2 lowered cramps or placebo raised them;
readers of a trial report expect each arm's mean (adjusted mean, least-squares mean or
rate) with its CI beside the difference. Each method gives the per-arm quantity its own
model implies, so that K2 minus placebo (K2 / placebo for the rate model) reproduces the
estimate of estimates.csv:

- published_personweek_t: mean and SD of the arm's person-weeks (mean-imputed), t CI of
  the mean with person-weeks - 1 df, as the paper treats person-weeks as independent;
- participant_welch: mean and SD of the participant values, t CI (n - 1 df);
- ancova_baseline: adjusted mean at the mean baseline of the participants analysed, CI from
  the OLS fit; MI: that adjusted mean in each completed data set, pooled by Rubin's rules;
- nb_rate_ratio: adjusted rate in cramps per week (7 diary nights) at the mean of the
  log-baseline covariate, Wald CI on the log scale;
- mmrm, lmm_random_intercept, gee_exchangeable: least-squares mean at the mean baseline of
  the participants in the model, averaged over weeks 1-8 or at week 8 (emmeans' default);
  MMRM with Satterthwaite df, the others with the normal CI their contrasts use.

`n` counts the arm's participants the row analysed; `n_week8` the arm's participants with an
observed week-8 value of the outcome (the same on every row of an outcome and arm).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from ..core.arms import K2, PLACEBO
from ..core.schedule import N_WEEKS
from .fits import OutcomeFits
from .imputation import ols_adjusted_means, rubin
from .models import ancova_fit, contrast, rm_lsmean_weights
from .shaping import WEEKS, summary

COLUMNS = ["outcome", "timepoint", "method", "population", "arm", "n", "n_week8", "estimate",
           "ci_low", "ci_high", "sd"]
ARMS = ((K2, 1), (PLACEBO, 0))
NIGHTS_PER_WEEK = 7.0


def mean_t(values: np.ndarray, alpha: float) -> tuple[float, float, float, float]:
    """Mean, t CI of the mean (n - 1 df) and SD (n - 1 divisor) of the non-missing values."""
    x = np.asarray(values, dtype=float)
    x = x[~np.isnan(x)]
    if x.size < 2:
        mean = float(x[0]) if x.size else float("nan")
        return mean, float("nan"), float("nan"), float("nan")
    mean, sd = float(x.mean()), float(x.std(ddof=1))
    half = float(stats.t.ppf(1 - alpha / 2, x.size - 1) * sd / np.sqrt(x.size))
    return mean, mean - half, mean + half, sd


def _rows_t(values_by_arm: dict[int, np.ndarray], n_by_arm: dict[int, int], alpha: float):
    for arm, flag in ARMS:
        mean, lo, hi, sd = mean_t(values_by_arm[flag], alpha)
        yield arm, n_by_arm[flag], mean, lo, hi, sd


def _personweek(f: OutcomeFits, timepoint: str, population: str, alpha: float):
    values = f.imp[WEEKS].to_numpy(float)
    k2 = f.w["K2"].to_numpy(int)
    any_week = ~np.isnan(values).all(axis=1)
    return _rows_t({a: values[(k2 == a) & any_week].ravel() for a in (0, 1)},
                   {a: int(((k2 == a) & any_week).sum()) for a in (0, 1)}, alpha)


def _participant(f: OutcomeFits, timepoint: str, population: str, alpha: float):
    y = summary(f.imp if population == "MEANIMP" else f.w, timepoint).to_numpy(float)
    k2 = f.w["K2"].to_numpy(int)
    seen = ~np.isnan(y)
    return _rows_t({a: y[k2 == a] for a in (0, 1)},
                   {a: int(((k2 == a) & seen).sum()) for a in (0, 1)}, alpha)


def _ancova(f: OutcomeFits, timepoint: str, population: str, alpha: float):
    if population == "MI":
        return _ancova_mi(f, timepoint, alpha)
    return _ancova_ols(f, timepoint, population, alpha)


def _ancova_ols(f: OutcomeFits, timepoint: str, population: str, alpha: float):
    data = f.imp if population == "MEANIMP" else f.w
    keep = f.complete if (population == "CC" and timepoint == "weeks1-8") else slice(None)
    y = summary(data, timepoint)[keep]
    res, used = ancova_fit(y, f.w["K2"][keep], f.w["BASE"][keep])
    base = float(used["BASE"].mean())
    for arm, flag in ARMS:
        est, lo, hi, _ = contrast(res, {"Intercept": 1.0, "K2": float(flag), "BASE": base}, alpha)
        yield arm, int((used["K2"] == flag).sum()), est, lo, hi, np.nan


def _ancova_mi(f: OutcomeFits, timepoint: str, alpha: float):
    per_copy = [ols_adjusted_means(summary(c, timepoint), c["K2"], c["BASE"]) for c in f.copies]
    n = len(f.w)
    for i, (arm, flag) in enumerate(ARMS):
        est, lo, hi, _ = rubin([m[i][0] for m in per_copy], [m[i][1] for m in per_copy], n, alpha)
        yield arm, int((f.w["K2"] == flag).sum()), est, lo, hi, np.nan


def _nb(f: OutcomeFits, timepoint: str, population: str, alpha: float):
    res, used = f.nb
    covariate = next(name for name in res.params.index if name.startswith("np.log(BASE"))
    level = float(np.log(used["BASE"] + 0.5).mean())
    shift = np.log(NIGHTS_PER_WEEK)  # the fit's rate is per diary night
    for arm, flag in ARMS:
        est, lo, hi, _ = contrast(res, {"Intercept": 1.0, "K2": float(flag), covariate: level},
                                  alpha)
        yield (arm, int((used["K2"] == flag).sum()),
               *np.exp(np.array([est, lo, hi]) + shift).tolist(), np.nan)


def mmrm_lsmean(fit, k2: int, timepoint: str) -> np.ndarray:
    """Contrast vector of the MMRM least-squares mean of an arm: the average of its weekly
    LS means over weeks 1-8, or week 8's."""
    weeks = range(1, N_WEEKS + 1) if timepoint == "weeks1-8" else [N_WEEKS]
    return sum(fit.lsmean(k2, k) for k in weeks) / len(weeks)


def _repeated(method: str):
    def rows(f: OutcomeFits, timepoint: str, population: str, alpha: float):
        fit = f.repeated[method]
        people = f.lg.drop_duplicates("USUBJID")
        base = float(people["BASE"].mean())
        for arm, flag in ARMS:
            if method == "mmrm":
                est, _, _, lo, hi, _ = fit.contrast(mmrm_lsmean(fit, flag, timepoint), alpha)
            else:
                est, lo, hi, _ = contrast(fit, rm_lsmean_weights(fit, timepoint, flag, base),
                                          alpha)
            yield arm, int((people["K2"] == flag).sum()), est, lo, hi, np.nan
    return rows


PER_ARM = {"published_personweek_t": _personweek, "participant_welch": _participant,
           "ancova_baseline": _ancova, "nb_rate_ratio": _nb,
           **{m: _repeated(m) for m in ("mmrm", "lmm_random_intercept", "gee_exchangeable")}}


def arm_summaries_of(f: OutcomeFits, estimates: pd.DataFrame, alpha: float) -> pd.DataFrame:
    """Two rows (vitamin K2, placebo) per row of `estimates` of this outcome, in its order."""
    k2 = f.w["K2"].to_numpy(int)
    week8 = f.w[WEEKS[-1]].notna().to_numpy()
    n_week8 = {flag: int(((k2 == flag) & week8).sum()) for _, flag in ARMS}
    rows = []
    for e in estimates[estimates["outcome"] == f.param].itertuples(index=False):
        flags = dict(ARMS)
        for arm, n, est, lo, hi, sd in PER_ARM[e.method](f, e.timepoint, e.population, alpha):
            rows.append((e.outcome, e.timepoint, e.method, e.population, arm, n,
                         n_week8[flags[arm]], est, lo, hi, sd))
    return pd.DataFrame(rows, columns=COLUMNS)
