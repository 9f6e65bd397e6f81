"""Treatment-effect models of the reanalysis (design section 6), one function per method.

Every function takes analysis data in one of the shapes of `shaping` (`wide`: one row per
participant; `long`: one row per observed participant-week) and returns an `Estimate` of
vitamin K2 minus placebo (or K2 / placebo on the ratio scale).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import partial

import numpy as np
import pandas as pd
import statsmodels.formula.api as smf
from statsmodels.genmod import cov_struct, families  # not statsmodels.api: 0.35 s more to import

from ..core.arms import k2_flag
from ..core.methods import TIMEPOINTS, check_timepoint
from ..core.schedule import N_WEEKS
from . import mmrm as mmrm_fit
from .convergence import first_converged
from .published import welch
from .shaping import WEEKS, arm_counts

RM_FORMULA = "Y ~ K2 * C(WEEK, Sum) + BASE"  # sum coding: the K2 term is the average over weeks
# Optimisers tried in turn until one converges. The mixed model starts with Powell: statsmodels'
# default (BFGS) stalls on the shipped duration data, and every fit must pass the score check.
LMM_OPTIMISERS = ("powell", "bfgs", "lbfgs", "nm")
NB_OPTIMISERS = ("bfgs", "newton", "nm")
SCORE_TOLERANCE = 1e-4  # largest log-likelihood gradient per observation accepted as converged


@dataclass(frozen=True)
class Estimate:
    estimate: float
    ci_low: float
    ci_high: float
    p_value: float
    n_k2: int
    n_placebo: int

    def row(self, **labels) -> dict:
        return {**labels, **asdict(self)}


def personweek_t(w: pd.DataFrame, alpha: float) -> Estimate:
    """The published analysis: every person-week an independent observation (Welch t).

    It ignores that a participant's 8 weeks are correlated, so its CI is too narrow. Applied
    to the weekly values of every outcome, so that all methods estimate the same quantity
    (the paper summarised duration and severity as change from baseline)."""
    values = w[WEEKS].to_numpy(float)
    k2 = w["K2"].to_numpy(bool)
    diff, lo, hi, p = welch(values[k2].ravel(), values[~k2].ravel(), alpha)
    return Estimate(diff, lo, hi, p, *arm_counts(k2[~np.isnan(values).all(axis=1)]))


def participant_welch(y: pd.Series, k2: pd.Series, alpha: float) -> Estimate:
    """Welch t-test on one summary value per participant: the unit of randomization."""
    keep = y.notna().to_numpy()
    yy, kk = y.to_numpy(float)[keep], k2.to_numpy(bool)[keep]
    diff, lo, hi, p = welch(yy[kk], yy[~kk], alpha)
    return Estimate(diff, lo, hi, p, *arm_counts(kk))


def ancova_fit(y: pd.Series, k2: pd.Series, base: pd.Series):
    """OLS of the participant outcome on arm and baseline: the fit and the rows it used."""
    df = pd.DataFrame({"Y": y, "K2": k2, "BASE": base}).dropna()
    res = smf.ols("Y ~ K2 + BASE", data=df).fit()
    return res, df


def ancova(y: pd.Series, k2: pd.Series, base: pd.Series, alpha: float) -> Estimate:
    """Baseline-adjusted difference (ANCOVA): more precise than Welch when baseline predicts
    the outcome; valid under randomization even if the linear form is only approximate."""
    res, df = ancova_fit(y, k2, base)
    lo, hi = res.conf_int(alpha).loc["K2"]
    return Estimate(float(res.params["K2"]), float(lo), float(hi), float(res.pvalues["K2"]),
                    *arm_counts(df["K2"]))


def nb_fit(adsl: pd.DataFrame, label: str = "FREQ"):
    """Negative binomial (NB2, dispersion by maximum likelihood) of treatment-period cramps
    with log(diary nights) as offset, adjusted for log(baseline weekly frequency + 0.5):
    the converged fit and the participants it used.

    Counts rather than rates: a participant with few diary nights weighs less."""
    df = pd.DataFrame({"CRAMPS": adsl["TRCRAMPS"].to_numpy(float),
                       "NIGHTS": adsl["TRNIGHTS"].to_numpy(float),
                       "K2": k2_flag(adsl).astype(int),
                       "BASE": adsl["BFREQ"].to_numpy(float)})
    df = df[(df["NIGHTS"] > 0) & df["BASE"].notna()]
    model = smf.negativebinomial("CRAMPS ~ K2 + np.log(BASE + 0.5)", data=df,
                                 exposure=df["NIGHTS"].to_numpy(), loglike_method="nb2")
    res = first_converged(
        [(m, partial(model.fit, method=m, disp=0, maxiter=500)) for m in NB_OPTIMISERS],
        _nb_converged, f"negative binomial model ({label})")
    return res, df


def nb_rate_ratio(adsl: pd.DataFrame, alpha: float, label: str = "FREQ") -> Estimate:
    """The rate ratio of vitamin K2 to placebo from `nb_fit`."""
    return nb_estimate(*nb_fit(adsl, label), alpha)


def nb_estimate(res, df: pd.DataFrame, alpha: float) -> Estimate:
    lo, hi = res.conf_int(alpha).loc["K2"]
    return Estimate(float(np.exp(res.params["K2"])), float(np.exp(lo)), float(np.exp(hi)),
                    float(res.pvalues["K2"]), *arm_counts(df["K2"]))


def _nb_converged(res) -> bool:
    """The optimiser's flag alone is not enough: Newton can 'converge' to NaN."""
    if not (res.mle_retvals.get("converged", False) and np.isfinite(res.params).all()):
        return False
    mean_score = res.model.score(res.params.to_numpy()) / res.nobs
    return bool(np.max(np.abs(mean_score)) < SCORE_TOLERANCE)


def _lmm_converged(res) -> bool:
    """statsmodels' flag is a step tolerance for Powell and Nelder-Mead: also require the
    REML score in the variance parameter (fixed effects profiled out) to vanish."""
    if not res.converged:
        return False
    score = res.model.score(res.params_object, profile_fe=True)
    return bool(np.max(np.abs(score)) / res.nobs < SCORE_TOLERANCE)


def contrast(res, weights: dict[str, float], alpha: float) -> tuple[float, float, float, float]:
    names = list(getattr(res, "fe_params", res.params).index)  # MixedLM: fixed effects only
    L = np.zeros((1, len(names)))
    for name, weight in weights.items():
        L[0, names.index(name)] = weight
    test = res.t_test(L)
    lo, hi = np.asarray(test.conf_int(alpha)).ravel()
    return float(np.asarray(test.effect).ravel()[0]), float(lo), float(hi), float(test.pvalue)


def _week_weights(res, timepoint: str) -> dict[str, float]:
    """Contrast of the arm effect: the K2 term is the average over weeks (sum coding); the
    last week's effect subtracts every coded interaction."""
    check_timepoint(timepoint)
    if timepoint == "weeks1-8":
        return {"K2": 1.0}
    inter = [n for n in res.params.index if n.startswith("K2:C(WEEK, Sum)")]
    return {"K2": 1.0, **{n: -1.0 for n in inter}}


def by_timepoint(res, lg: pd.DataFrame, alpha: float) -> dict[str, Estimate]:
    counts = arm_counts(lg.drop_duplicates("USUBJID")["K2"])
    return {tp: Estimate(*contrast(res, _week_weights(res, tp), alpha), *counts)
            for tp in TIMEPOINTS}


def lmm_fit(lg: pd.DataFrame, label: str = ""):
    """Linear mixed model, arm x week + baseline, random intercept per participant (REML),
    fitted once for both timepoints and the least-squares means.

    Uses every observed week; valid if missing weeks are missing at random given the model.
    Optimisers in the order of LMM_OPTIMISERS, the next whenever one fails."""
    model = smf.mixedlm(RM_FORMULA, data=lg, groups=lg["USUBJID"])
    return first_converged(
        [(m, partial(model.fit, reml=True, method=[m])) for m in LMM_OPTIMISERS],
        _lmm_converged, f"random-intercept linear mixed model ({label})")


def lmm_random_intercept(lg: pd.DataFrame, alpha: float, label: str = "") -> dict[str, Estimate]:
    """The `lmm_fit` effect averaged over weeks 1-8 and at week 8."""
    return by_timepoint(lmm_fit(lg, label), lg, alpha)


def gee_fit(lg: pd.DataFrame, label: str = ""):
    """GEE, arm x week + baseline, exchangeable working correlation, robust (sandwich) SEs."""
    model = smf.gee(RM_FORMULA, groups="USUBJID", data=lg,
                    cov_struct=cov_struct.Exchangeable(), family=families.Gaussian())
    # ddof_scale=0: the scale and the exchangeable correlation by the moment estimators of R's
    # geepack (statsmodels' default divides by N - p), so the two agree (tests/test_r_reference).
    return first_converged([(f"{n} iterations", partial(model.fit, maxiter=n, ddof_scale=0))
                            for n in (60, 500)],
                           lambda r: bool(getattr(r, "converged", True)), f"GEE ({label})")


def gee_exchangeable(lg: pd.DataFrame, alpha: float, label: str = "") -> dict[str, Estimate]:
    """The `gee_fit` effect averaged over weeks 1-8 and at week 8."""
    return by_timepoint(gee_fit(lg, label), lg, alpha)


def rm_lsmean_weights(res, timepoint: str, k2: int, mean_base: float) -> dict[str, float]:
    """Least-squares mean of one arm (k2 = 1 vitamin K2, 0 placebo) in the random-intercept
    model or GEE, at baseline `mean_base`: averaged over weeks 1-8 (the sum-coded week terms
    average to zero) or at week 8 (minus every coded week term)."""
    weights = {"Intercept": 1.0, "K2": float(k2), "BASE": mean_base}
    if timepoint == "week8":
        for name in res.params.index:
            if name.startswith("C(WEEK, Sum)"):
                weights[name] = -1.0
            elif name.startswith("K2:C(WEEK, Sum)"):
                weights[name] = -float(k2)
    else:
        check_timepoint(timepoint)
    return weights


def mmrm(lg: pd.DataFrame, alpha: float,
         label: str = "") -> tuple[dict[str, Estimate], mmrm_fit.MmrmFit]:
    """MMRM (unstructured covariance, REML, Satterthwaite df): the effect averaged over
    weeks 1-8 and at week 8, and the fit (for least-squares means per arm and week)."""
    fit = mmrm_fit.fit(lg, N_WEEKS, label)
    return mmrm_estimates(fit, alpha), fit


def mmrm_estimates(fit: mmrm_fit.MmrmFit, alpha: float) -> dict[str, Estimate]:
    out = {}
    for tp in TIMEPOINTS:
        est, _, _, lo, hi, p = fit.contrast(fit.effect(tp, N_WEEKS), alpha)
        out[tp] = Estimate(est, lo, hi, p, fit.n_k2, fit.n_placebo)
    return out
