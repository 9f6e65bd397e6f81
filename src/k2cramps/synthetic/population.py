"""Screened people and their randomization: ids, sites, demographics (calibrated so that
the randomized participants' characteristics print as published), arms and discontinuations."""
from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from ..core.arms import K2_CODE, PLACEBO_CODE
from ..core.schedule import TREATMENT_NIGHTS
from .design import (AGE_MEAN, AGE_SD, CREATININE_MEAN, DIABETES_SHARE, DISCONTINUATIONS,
                     EXCLUSIONS, FEMALE_SHARE, HYPERTENSION_SHARE, N_K2, N_PLACEBO,
                     RECRUITMENT_DAYS, SITES, STUDY_START)


def screening(rng, scale: int) -> tuple[pd.DataFrame, np.ndarray]:
    """Screened people, the randomized ones first in a random order of ids."""
    n_rand = (N_K2 + N_PLACEBO) * scale
    reasons = [r for r, k in EXCLUSIONS.items() for _ in range(k * scale)]
    n = n_rand + len(reasons)
    status = np.array([""] * n_rand + reasons, dtype=object)
    status = status[rng.permutation(n)]
    days = np.sort(rng.integers(0, RECRUITMENT_DAYS, n))
    ids = [f"P{i + 1:04d}" for i in range(n)]
    age = np.clip(np.round(rng.normal(AGE_MEAN, 5.6, n)), 65, 94).astype(int)
    creat = np.round(rng.lognormal(np.log(0.87), 0.2, n), 2)
    creat[rng.random(n) < 0.03] = np.nan
    df = pd.DataFrame({
        "participant_id": ids,
        "site": rng.choice(SITES, n, p=[0.56, 0.44]),
        "screening_date": [STUDY_START + timedelta(days=int(d)) for d in days],
        "age": age, "sex": rng.choice(["F", "M"], n),
        "hypertension": (rng.random(n) < 0.68).astype(int),
        "diabetes": (rng.random(n) < 0.51).astype(int),
        "creatinine_mg_dl": creat, "excluded_reason": status,
    })
    randomized = np.flatnonzero(status == "")
    _calibrate_baseline_characteristics(rng, df, randomized)
    return df, randomized


def _exact_share(rng, df, rows, column, count, yes, no) -> None:
    values = np.array([no] * len(rows))
    values[rng.choice(len(rows), count, replace=False)] = yes
    df.loc[df.index[rows], column] = values


def _calibrate_baseline_characteristics(rng, df, rows) -> None:
    """Make the randomized participants' characteristics print as published."""
    n = len(rows)
    _exact_share(rng, df, rows, "sex", round(FEMALE_SHARE * n), "F", "M")
    _exact_share(rng, df, rows, "hypertension", round(HYPERTENSION_SHARE * n), 1, 0)
    _exact_share(rng, df, rows, "diabetes", round(DIABETES_SHARE * n), 1, 0)
    age = df.loc[df.index[rows], "age"].to_numpy().copy()
    for _ in range(100000):
        m, s = age.mean(), age.std(ddof=1)
        if abs(m - AGE_MEAN) < 0.03 and abs(s - AGE_SD) < 0.03:
            break
        i = rng.integers(n)
        step = np.sign(AGE_MEAN - m) if abs(m - AGE_MEAN) >= 0.03 else (
            np.sign(age[i] - m) * np.sign(AGE_SD - s))
        if 65 <= age[i] + step <= 94:
            age[i] += int(step) if step != 0 else 0
    df.loc[df.index[rows], "age"] = age
    creat = df.loc[df.index[rows], "creatinine_mg_dl"].to_numpy()
    shift = CREATININE_MEAN - np.nanmean(creat)
    df.loc[df.index[rows], "creatinine_mg_dl"] = np.round(creat + shift, 2)


def randomization(rng, screening, randomized, scale) -> pd.DataFrame:
    arms = np.array([K2_CODE] * (N_K2 * scale) + [PLACEBO_CODE] * (N_PLACEBO * scale))
    arms = arms[rng.permutation(len(arms))]
    sub = screening.iloc[randomized]
    rand_date = [d + timedelta(days=14) for d in sub["screening_date"]]
    df = pd.DataFrame({"participant_id": sub["participant_id"].to_numpy(), "arm": arms,
                       "randomization_date": rand_date, "discontinued_date": None,
                       "discontinuation_reason": ""})
    for arm, reasons in DISCONTINUATIONS.items():
        reasons = reasons * scale
        who = rng.choice(np.flatnonzero(arms == arm), len(reasons), replace=False)
        for i, reason in zip(who, reasons):
            last = int(rng.integers(8, 50))
            df.loc[i, "discontinued_date"] = rand_date[i] + timedelta(days=last)
            df.loc[i, "discontinuation_reason"] = reason
    return df


def last_offset(rand: pd.DataFrame) -> np.ndarray:
    """Last treatment night (offset from randomization) each participant was on study."""
    last = np.full(len(rand), TREATMENT_NIGHTS - 1)
    for i, (r, d) in enumerate(zip(rand["randomization_date"], rand["discontinued_date"])):
        if isinstance(d, date):
            last[i] = (d - r).days
    return last
