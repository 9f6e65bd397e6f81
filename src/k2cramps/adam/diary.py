"""Diary completeness: per arm and study night, how many randomized participants kept
their diary that night (diary_completeness.csv, aggregates only).

Missing diary nights are the trial's missing data: a week with fewer than
`min_nights_per_week` nights has no value. Showing, night by night, the share of each arm
still writing shows whether and when diaries thin out and whether that differs by arm,
which is what the missing-at-random assumptions of the reanalysis rest on. Nights are
offsets from randomization as in `core.schedule`: -14..-1 baseline, 0..55 treatment.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.arms import TRT_LABEL
from ..core.schedule import BASELINE_NIGHTS, TREATMENT_NIGHTS

NIGHTS = np.arange(-BASELINE_NIGHTS, TREATMENT_NIGHTS)
COLUMNS = ["arm", "night", "n_diary", "n_randomized", "share"]


def diary_completeness(tables, adsl: pd.DataFrame) -> pd.DataFrame:
    """One row per arm (vitamin K2, then placebo) and night -14..55: participants of the arm
    with a diary entry that night, the arm's randomized participants, and their ratio."""
    rand = adsl.set_index("USUBJID")["RANDDT"]
    nights = tables["diary_nights"]
    nights = nights[nights["participant_id"].isin(rand.index)]
    offset = (pd.to_datetime(nights["night_date"])
              - pd.to_datetime(nights["participant_id"].map(rand))).dt.days
    kept = pd.DataFrame({"USUBJID": nights["participant_id"].to_numpy(),
                         "night": offset.to_numpy()}).drop_duplicates()
    kept["arm"] = kept["USUBJID"].map(adsl.set_index("USUBJID")["TRT01P"])
    counts = kept.groupby(["arm", "night"]).size()
    rows = []
    for arm in TRT_LABEL.values():
        n_rand = int((adsl["TRT01P"] == arm).sum())
        for night in NIGHTS:
            n = int(counts.get((arm, int(night)), 0))
            rows.append((arm, int(night), n, n_rand, n / n_rand if n_rand else float("nan")))
    return pd.DataFrame(rows, columns=COLUMNS)
