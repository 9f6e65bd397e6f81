"""The two arms: their codes in the raw export and their labels in the analysis datasets."""
from __future__ import annotations

import numpy as np
import pandas as pd

K2_CODE, PLACEBO_CODE = "vitamin_k2", "placebo"  # arm codes in randomization.csv
ARMS = (K2_CODE, PLACEBO_CODE)
TRT_LABEL = {K2_CODE: "Vitamin K2", PLACEBO_CODE: "Placebo"}  # TRT01P in ADSL
K2, PLACEBO = TRT_LABEL[K2_CODE], TRT_LABEL[PLACEBO_CODE]


def k2_flag(adsl: pd.DataFrame) -> np.ndarray:
    """True for participants randomized to vitamin K2, in ADSL order."""
    return (adsl["TRT01P"] == K2).to_numpy()
