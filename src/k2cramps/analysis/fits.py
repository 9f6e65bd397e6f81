"""Every model of one outcome fitted once, for both results tables built on it.

estimates.csv (the difference between the arms) and arm_summaries.csv (the result in each
arm) read the same fits: fitting the repeated-measures models and the imputations twice
would double stage 03's time, and two fits could (with a different optimiser after a
failure) disagree. A fit that cannot converge stops the run naming outcome, method and
population.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import pandas as pd

from ..core.conventions import PARAMS
from ..core.schedule import N_WEEKS
from . import mmrm as mmrm_fit
from .convergence import ConvergenceError
from .imputation import completed
from .models import gee_fit, lmm_fit, nb_fit
from .shaping import WEEKS, long, mean_imputed, wide

T = TypeVar("T")


@dataclass
class OutcomeFits:
    """One outcome's analysis data in every shape, and its fitted models.

    `repeated`: method id -> fit (MmrmFit, statsmodels MixedLM or GEE results) on `lg`;
    `nb`: (fit, rows used) of the count model, for FREQ only."""

    param: str
    adsl: pd.DataFrame
    w: pd.DataFrame
    lg: pd.DataFrame
    imp: pd.DataFrame
    copies: list[pd.DataFrame]
    repeated: dict[str, Any]
    nb: tuple[Any, pd.DataFrame] | None

    @property
    def complete(self) -> pd.Series:
        """Participants with all eight weeks observed (the CC population of weeks 1-8)."""
        return self.w[WEEKS].notna().all(axis=1)


def fit_outcome(adsl: pd.DataFrame, adcramp: pd.DataFrame, param: str, n_imputations: int,
                seed: int) -> OutcomeFits:
    """Shapes, imputations (seeded per outcome) and every iterative fit of `param`."""
    w = wide(adsl, adcramp, param)
    lg = long(w)
    copies = completed(w, n_imputations, [seed, PARAMS.index(param)])
    repeated = {"mmrm": lambda: mmrm_fit.fit(lg, N_WEEKS, param),
                "lmm_random_intercept": lambda: lmm_fit(lg, param),
                "gee_exchangeable": lambda: gee_fit(lg, param)}
    fitted = {m: named(f, param, m, "OBSERVED") for m, f in repeated.items()}
    nb = (named(lambda: nb_fit(adsl, param), param, "nb_rate_ratio", "OBSERVED")
          if param == "FREQ" else None)
    return OutcomeFits(param, adsl, w, lg, mean_imputed(w), copies, fitted, nb)


def named(fit: Callable[[], T], outcome: str, method: str, population: str) -> T:
    """Run a fit; if it cannot converge, stop with a message naming what was being fitted."""
    try:
        return fit()
    except ConvergenceError as error:
        raise ConvergenceError(f"outcome {outcome}, method {method}, population {population}: "
                               f"{error}") from None
