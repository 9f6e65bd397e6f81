"""Every treatment-effect estimate of the report, in the results interface of design section 7.

Methods, populations and timepoints are named in `methods`, with what each one is.
"""
from __future__ import annotations

import pandas as pd

from ..core.blas import one_blas_thread
from ..core.conventions import PARAMS
from .fits import OutcomeFits, fit_outcome
from .imputation import ancova_mi
from .models import (ancova, by_timepoint, mmrm_estimates, nb_estimate, participant_welch,
                     personweek_t)
from .shaping import WEEKS, summary

COLUMNS = ["outcome", "timepoint", "method", "population", "scale", "estimate", "ci_low",
           "ci_high", "p_value", "n_k2", "n_placebo"]


def outcome_estimates(adsl: pd.DataFrame, adcramp: pd.DataFrame, param: str, alpha: float,
                      n_imputations: int, seed: int) -> pd.DataFrame:
    """All methods and populations for one outcome (FREQ, DUR or SEV)."""
    return estimates_of(fit_outcome(adsl, adcramp, param, n_imputations, seed), alpha)


def repeated_estimates(f: OutcomeFits, alpha: float) -> dict:
    """method -> timepoint -> Estimate of the repeated-measures fits."""
    return {m: mmrm_estimates(fit, alpha) if m == "mmrm" else by_timepoint(fit, f.lg, alpha)
            for m, fit in f.repeated.items()}


def estimates_of(f: OutcomeFits, alpha: float) -> pd.DataFrame:
    """The rows of estimates.csv of one outcome's fits; each model gives both timepoints."""
    param, w, imp, copies, complete = f.param, f.w, f.imp, f.copies, f.complete
    fitted = repeated_estimates(f, alpha)
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
    if f.nb is not None:
        add(tp, "nb_rate_ratio", "OBSERVED", nb_estimate(*f.nb, alpha), scale="ratio")
    for method, by_tp in fitted.items():
        add(tp, method, "OBSERVED", by_tp[tp])

    tp = "week8"
    # The paper's week-8 analysis: Welch on the (mean-imputed) week-8 values.
    add(tp, "participant_welch", "MEANIMP", participant_welch(imp[WEEKS[-1]], w["K2"], alpha))
    y = summary(w, tp)
    add(tp, "participant_welch", "CC", participant_welch(y, w["K2"], alpha))
    add(tp, "ancova_baseline", "CC", ancova(y, w["K2"], w["BASE"], alpha))
    add(tp, "ancova_baseline", "MEANIMP", ancova(summary(imp, tp), w["K2"], w["BASE"], alpha))
    add(tp, "ancova_baseline", "MI", ancova_mi(copies, tp, alpha))
    for method, by_tp in fitted.items():
        add(tp, method, "OBSERVED", by_tp[tp])
    return pd.DataFrame(rows, columns=COLUMNS)


@one_blas_thread()
def all_fits(adsl, adcramp, n_imputations: int, seed: int,
             params=PARAMS) -> list[OutcomeFits]:
    return [fit_outcome(adsl, adcramp, p, n_imputations, seed) for p in params]
