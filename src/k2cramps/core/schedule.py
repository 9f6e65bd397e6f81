"""Weeks and windows (design section 3): a participant randomized on date R keeps a diary
for the 14 baseline nights R-14..R-1; treatment week k (1..8) is nights R+7(k-1)..R+7k-1."""
from __future__ import annotations

import numpy as np
import pandas as pd

N_WEEKS = 8
BASELINE_NIGHTS = 14
TREATMENT_NIGHTS = 7 * N_WEEKS
VISITS = ["Baseline"] + [f"Week {k}" for k in range(1, N_WEEKS + 1)]  # AVISIT by AVISITN


def visit_of_offset(offset: np.ndarray) -> np.ndarray:
    """Visit number (0 = baseline, 1..8 = treatment week) of nights `offset` days after
    randomization; -1 for nights outside both windows."""
    offset = np.asarray(offset)
    visit = np.full(offset.shape, -1, dtype=int)
    visit[(offset >= -BASELINE_NIGHTS) & (offset <= -1)] = 0
    treat = (offset >= 0) & (offset < TREATMENT_NIGHTS)
    visit[treat] = offset[treat] // 7 + 1
    return visit


def last_night(randomization_date: pd.Series, discontinued_date: pd.Series) -> np.ndarray:
    """Offset from randomization of each participant's last treatment night on study."""
    days = (pd.to_datetime(discontinued_date.replace("", None))
            - pd.to_datetime(randomization_date)).dt.days
    return days.fillna(TREATMENT_NIGHTS - 1).clip(upper=TREATMENT_NIGHTS - 1) \
        .to_numpy(dtype=int)
