"""The two arms: their codes in the raw export and their labels in the analysis datasets."""
from __future__ import annotations

import numpy as np
import pandas as pd

ARMS = ("vitamin_k2", "placebo")  # codes in randomization.csv
TRT_LABEL = {"vitamin_k2": "Vitamin K2", "placebo": "Placebo"}  # TRT01P in ADSL
K2, PLACEBO = TRT_LABEL["vitamin_k2"], TRT_LABEL["placebo"]


def k2_flag(adsl: pd.DataFrame) -> np.ndarray:
    """True for participants randomized to vitamin K2, in ADSL order."""
    return (adsl["TRT01P"] == K2).to_numpy()
