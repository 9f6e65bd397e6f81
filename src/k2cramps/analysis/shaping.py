"""The analysis data in the shapes the models take, built from ADSL and ADCRAMP.

`wide`: one row per randomized participant (K2 = 1 for vitamin K2, BASE, W1..W8 observed
weekly values); `long`: one row per observed participant-week (USUBJID, K2, BASE, WEEK, Y).
"""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from ..adam.adcramp import outcome_matrix
from ..adam.meanimp import impute_arm_week_mean
from ..core.arms import k2_flag
from ..core.schedule import N_WEEKS

WEEKS = [f"W{k}" for k in range(1, N_WEEKS + 1)]


def arm_counts(k2) -> tuple[int, int]:
    k2 = np.asarray(k2, dtype=bool)
    return int(k2.sum()), int((~k2).sum())


def wide(adsl: pd.DataFrame, adcramp: pd.DataFrame, param: str) -> pd.DataFrame:
    """Observed weekly values of `param`, one row per randomized participant (ADSL order)."""
    outcome = outcome_matrix(adcramp, adsl, param)
    out = pd.DataFrame(outcome.weeks, columns=WEEKS, index=adsl["USUBJID"])
    out.insert(0, "BASE", outcome.base)
    out.insert(0, "K2", k2_flag(adsl).astype(int))
    return out


def long(w: pd.DataFrame) -> pd.DataFrame:
    """Observed participant-weeks of a wide frame (participants without baseline dropped)."""
    stacked = w.reset_index().melt(id_vars=["USUBJID", "K2", "BASE"], value_vars=WEEKS,
                                   var_name="WEEK", value_name="Y")
    stacked["WEEK"] = stacked["WEEK"].str[1:].astype(int)
    stacked = stacked.dropna(subset=["Y", "BASE"])
    return stacked.sort_values(["USUBJID", "WEEK"], kind="stable").reset_index(drop=True)


def mean_imputed(w: pd.DataFrame) -> pd.DataFrame:
    """The published arm-and-week mean imputation of the weekly values."""
    filled = w.copy()
    filled[WEEKS] = impute_arm_week_mean(w[WEEKS].to_numpy(float), w["K2"].to_numpy(bool))
    return filled


def summary(w: pd.DataFrame, timepoint: str) -> pd.Series:
    """Participant-level outcome: mean of the observed weeks 1-8, or the week-8 value."""
    if timepoint == "week8":
        return w[WEEKS[-1]]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a participant with no observed week
        return w[WEEKS].mean(axis=1)
