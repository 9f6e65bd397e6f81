"""Every treatment-effect estimate of the report, in the results interface of design section 7.

Methods, populations and timepoints are named in `methods`, with what each one is.
"""
from __future__ import annotations

import pandas as pd

from ..core.conventions import PARAMS
from .imputation import ancova_mi, completed
from .models import (ancova, gee_exchangeable, lmm_random_intercept, nb_rate_ratio,
                     participant_welch, personweek_t)
from .shaping import WEEKS, long, mean_imputed, summary, wide

COLUMNS = ["outcome", "timepoint", "method", "population", "scale", "estimate", "ci_low",
           "ci_high", "p_value", "n_k2", "n_placebo"]
def outcome_estimates(adsl: pd.DataFrame, adcramp: pd.DataFrame, param: str, alpha: float,
                      n_imputations: int, seed: int) -> pd.DataFrame:
    """All methods and populations for one outcome (FREQ, DUR or SEV)."""
    w = wide(adsl, adcramp, param)
    lg = long(w)
    imp = mean_imputed(w)
    copies = completed(w, n_imputations, [seed, PARAMS.index(param)])
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
                  params=PARAMS) -> pd.DataFrame:
    return pd.concat([outcome_estimates(adsl, adcramp, p, alpha, n_imputations, seed)
                      for p in params], ignore_index=True)
