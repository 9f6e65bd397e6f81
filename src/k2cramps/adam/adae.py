"""ADAE: one row per adverse event of a randomized participant, with arm and flags."""
from __future__ import annotations

import numpy as np
import pandas as pd


def derive_adae(tables, adsl: pd.DataFrame) -> pd.DataFrame:
    """ASTDY is the study day of onset (day 1 = randomization, day -1 the day before: the
    ADaM study day has no day 0); an event from day 1 on is treatment-emergent (TRTEMFL)."""
    ae = tables["adverse_events"].merge(adsl[["USUBJID", "TRT01P", "RANDDT"]],
                                        left_on="participant_id", right_on="USUBJID")
    days = (pd.to_datetime(ae["onset_date"]) - pd.to_datetime(ae["RANDDT"])).dt.days
    astdy = days.where(days < 0, days + 1)
    out = pd.DataFrame({
        "USUBJID": ae["USUBJID"], "TRT01P": ae["TRT01P"], "AETERM": ae["term"],
        "ASTDT": ae["onset_date"], "ASTDY": astdy.astype("Int64"),
        "AESER": np.where(ae["serious"] == 1, "Y", "N"),
        "AREL": np.where(ae["related"] == 1, "Y", "N"),
        "TRTEMFL": np.where(astdy >= 1, "Y", "N"),
    })
    return out.sort_values(["USUBJID", "ASTDT", "AETERM"], kind="stable").reset_index(drop=True)
