"""Every treatment-effect estimate of the report, in the results interface of design section 7.

Populations:
- MEANIMP: every randomized participant, missing weeks filled with the arm-and-week mean
  (the published imputation);
- CC: complete cases, participants with every value the analysis needs (all 8 weeks; at
  week 8, the week-8 value);
- OBSERVED: every observed week (a participant's mean over the weeks observed; the
  repeated-measures models use each observed week);
- MI: multiple imputation by chained equations, pooled by Rubin's rules.
"""
from __future__ import annotations

import pandas as pd

from . import conventions as cv
from .imputation import ancova_mi, completed
from .models import (WEEKS, ancova, gee_exchangeable, lmm_random_intercept, long, mean_imputed,
                     nb_rate_ratio, participant_welch, personweek_t, summary, wide)

COLUMNS = ["outcome", "timepoint", "method", "population", "scale", "estimate", "ci_low",
           "ci_high", "p_value", "n_k2", "n_placebo"]
TIMEPOINTS = ("weeks1-8", "week8")
METHODS = {  # id -> what it assumes (shown in the report's methods section)
    "published_personweek_t": "The paper's analysis: Welch t-test on person-weeks, treating a "
    "participant's 8 weeks as independent observations. Weeks of one participant are "
    "correlated, so its confidence interval is too narrow.",
    "participant_welch": "Welch t-test on one value per participant (the mean of the observed "
    "weeks, or the week-8 value): the participant is the unit that was randomized.",
    "ancova_baseline": "Ordinary least squares of the participant value on arm and baseline "
    "value; the adjusted difference. Valid under randomization even if the linear form is only "
    "approximate, and more precise than an unadjusted comparison when baseline predicts outcome.",
    "nb_rate_ratio": "Negative binomial regression (NB2, dispersion estimated) of all cramps in "
    "weeks 1-8 with log(diary nights) as offset, adjusted for log(baseline weekly frequency + "
    "0.5): a rate ratio that respects that frequencies are counts over unequal diary time.",
    "lmm_random_intercept": "Linear mixed model of every observed week: arm x week + baseline, "
    "random intercept per participant (REML); the average of the weekly effects, or the week-8 "
    "effect. Valid if missing weeks are missing at random.",
    "gee_exchangeable": "Generalized estimating equations, same mean model, exchangeable "
    "working correlation and robust (sandwich) standard errors.",
}
POPULATIONS = {
    "MEANIMP": "all randomized; a missing week filled with the mean of its arm and week (the "
    "paper's imputation; it understates uncertainty)",
    "CC": "complete cases: participants with every value the analysis needs",
    "OBSERVED": "all randomized, using the weeks each participant recorded",
    "MI": "all randomized; missing weeks multiply imputed by chained equations (predictive mean "
    "matching on the other weeks, arm and baseline), pooled by Rubin's rules",
}


def outcome_estimates(adsl: pd.DataFrame, adcramp: pd.DataFrame, param: str, alpha: float,
                      n_imputations: int, seed: int) -> pd.DataFrame:
    """All methods and populations for one outcome (FREQ, DUR or SEV)."""
    w = wide(adsl, adcramp, param)
    lg = long(w)
    imp = mean_imputed(w)
    copies = completed(w, n_imputations, [seed, cv.PARAMS.index(param)])
    complete = w[WEEKS].notna().all(axis=1)
    rows = []

    def add(timepoint, method, population, est, scale="difference"):
        rows.append(est.row(outcome=param, timepoint=timepoint, method=method,
                            population=population, scale=scale))

    tp = "weeks1-8"
    add(tp, "published_personweek_t", "MEANIMP", personweek_t(imp, alpha))
    y = summary(w, tp)
    add(tp, "participant_welch", "OBSERVED", participant_welch(y, w["K2"], alpha))
    add(tp, "ancova_baseline", "OBSERVED", ancova(y, w["K2"], w["BASE"], alpha))
    add(tp, "ancova_baseline", "CC", ancova(y[complete], w["K2"][complete],
                                            w["BASE"][complete], alpha))
    add(tp, "ancova_baseline", "MEANIMP", ancova(summary(imp, tp), w["K2"], w["BASE"], alpha))
    add(tp, "ancova_baseline", "MI", ancova_mi(copies, tp, alpha))
    if param == "FREQ":
        add(tp, "nb_rate_ratio", "OBSERVED", nb_rate_ratio(adsl, alpha), scale="ratio")
    add(tp, "lmm_random_intercept", "OBSERVED", lmm_random_intercept(lg, tp, alpha))
    add(tp, "gee_exchangeable", "OBSERVED", gee_exchangeable(lg, tp, alpha))

    tp = "week8"
    # The paper's week-8 analysis: Welch on the (mean-imputed) week-8 values.
    add(tp, "participant_welch", "MEANIMP", participant_welch(imp[WEEKS[-1]], w["K2"], alpha))
    y = summary(w, tp)
    add(tp, "participant_welch", "CC", participant_welch(y, w["K2"], alpha))
    add(tp, "ancova_baseline", "CC", ancova(y, w["K2"], w["BASE"], alpha))
    add(tp, "ancova_baseline", "MEANIMP", ancova(summary(imp, tp), w["K2"], w["BASE"], alpha))
    add(tp, "ancova_baseline", "MI", ancova_mi(copies, tp, alpha))
    add(tp, "lmm_random_intercept", "OBSERVED", lmm_random_intercept(lg, tp, alpha))
    add(tp, "gee_exchangeable", "OBSERVED", gee_exchangeable(lg, tp, alpha))
    return pd.DataFrame(rows, columns=COLUMNS)


def all_estimates(adsl, adcramp, alpha: float, n_imputations: int, seed: int,
                  params=cv.PARAMS) -> pd.DataFrame:
    return pd.concat([outcome_estimates(adsl, adcramp, p, alpha, n_imputations, seed)
                      for p in params], ignore_index=True)
