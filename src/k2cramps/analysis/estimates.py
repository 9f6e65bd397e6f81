"""Every treatment-effect estimate of the report, in the results interface of design section 7.

Methods, populations and timepoints are named in `methods`, with what each one is.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import pandas as pd
from threadpoolctl import threadpool_limits

from ..core.conventions import PARAMS
from .convergence import ConvergenceError
from .imputation import ancova_mi, completed
from .models import (ancova, gee_exchangeable, lmm_random_intercept, mmrm, nb_rate_ratio,
                     participant_welch, personweek_t)
from .shaping import WEEKS, long, mean_imputed, summary, wide

COLUMNS = ["outcome", "timepoint", "method", "population", "scale", "estimate", "ci_low",
           "ci_high", "p_value", "n_k2", "n_placebo"]
T = TypeVar("T")


def outcome_estimates(adsl: pd.DataFrame, adcramp: pd.DataFrame, param: str, alpha: float,
                      n_imputations: int, seed: int) -> pd.DataFrame:
    """All methods and populations for one outcome (FREQ, DUR or SEV); each model is fitted
    once and gives both timepoints."""
    w = wide(adsl, adcramp, param)
    lg = long(w)
    imp = mean_imputed(w)
    copies = completed(w, n_imputations, [seed, PARAMS.index(param)])
    complete = w[WEEKS].notna().all(axis=1)
    repeated = {"mmrm": lambda: mmrm(lg, alpha, param)[0],
                "lmm_random_intercept": lambda: lmm_random_intercept(lg, alpha, param),
                "gee_exchangeable": lambda: gee_exchangeable(lg, alpha, param)}
    fitted = {method: _named(fit, param, method, "OBSERVED") for method, fit in repeated.items()}
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
        nb = _named(lambda: nb_rate_ratio(adsl, alpha, param), param, "nb_rate_ratio", "OBSERVED")
        add(tp, "nb_rate_ratio", "OBSERVED", nb, scale="ratio")
    for method, by_timepoint in fitted.items():
        add(tp, method, "OBSERVED", by_timepoint[tp])

    tp = "week8"
    # The paper's week-8 analysis: Welch on the (mean-imputed) week-8 values.
    add(tp, "participant_welch", "MEANIMP", participant_welch(imp[WEEKS[-1]], w["K2"], alpha))
    y = summary(w, tp)
    add(tp, "participant_welch", "CC", participant_welch(y, w["K2"], alpha))
    add(tp, "ancova_baseline", "CC", ancova(y, w["K2"], w["BASE"], alpha))
    add(tp, "ancova_baseline", "MEANIMP", ancova(summary(imp, tp), w["K2"], w["BASE"], alpha))
    add(tp, "ancova_baseline", "MI", ancova_mi(copies, tp, alpha))
    for method, by_timepoint in fitted.items():
        add(tp, method, "OBSERVED", by_timepoint[tp])
    return pd.DataFrame(rows, columns=COLUMNS)


def _named(fit: Callable[[], T], outcome: str, method: str, population: str) -> T:
    """Run a fit; if it cannot converge, stop with a message naming what was being fitted."""
    try:
        return fit()
    except ConvergenceError as error:
        raise ConvergenceError(f"outcome {outcome}, method {method}, population {population}: "
                               f"{error}") from None


@threadpool_limits.wrap(limits=1, user_api="blas")  # small matrices: BLAS threads only cost time
def all_estimates(adsl, adcramp, alpha: float, n_imputations: int, seed: int,
                  params=PARAMS) -> pd.DataFrame:
    return pd.concat([outcome_estimates(adsl, adcramp, p, alpha, n_imputations, seed)
                      for p in params], ignore_index=True)
