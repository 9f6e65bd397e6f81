"""ADSL: one row per randomized participant (design section 5)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.arms import TRT_LABEL
from ..core.conventions import PARAMS
from ..core.schedule import last_night

# AGEGR1, in the order tables and plots list them. The trial enrolled adults aged 65+; an
# export with a younger participant gets a group of its own rather than a wrong label.
AGE_GROUPS = ("<65", "65-74", ">=75")


def age_group(age: np.ndarray) -> np.ndarray:
    """AGEGR1 of whole ages (R03b has dropped every age that is missing or not whole)."""
    return np.select([age < 65, age < 75], AGE_GROUPS[:2], AGE_GROUPS[2])


def derive_adsl(tables) -> pd.DataFrame:
    """Demographics, arm, populations (ITT, safety), disposition and adherence."""
    scr = tables["screening"].set_index("participant_id")
    rand = tables["randomization"]
    s = scr.loc[rand["participant_id"]]
    planned = last_night(rand["randomization_date"], rand["discontinued_date"]) + 1
    adh = tables["adherence"].set_index("participant_id").reindex(rand["participant_id"])
    taken = (adh["capsules_dispensed"] - adh["capsules_returned"]).to_numpy(dtype=float)
    # A discontinuation with a reason but no usable date (R15) is still a discontinuation.
    discontinued = (rand["discontinued_date"].notna()
                    | (rand["discontinuation_reason"].fillna("") != "")).to_numpy()
    adsl = pd.DataFrame({
        "USUBJID": rand["participant_id"].to_numpy(),
        "SITEID": s["site"].to_numpy(),
        "AGE": s["age"].to_numpy(),
        "AGEGR1": age_group(s["age"].to_numpy()),
        "SEX": s["sex"].to_numpy(),
        "HTN": s["hypertension"].to_numpy(),
        "DIAB": s["diabetes"].to_numpy(),
        "CREAT": s["creatinine_mg_dl"].to_numpy(),
        "TRT01P": rand["arm"].map(TRT_LABEL).to_numpy(),
        "RANDDT": rand["randomization_date"].to_numpy(),
        "ITTFL": "Y",
        "SAFFL": np.where(np.nan_to_num(taken, nan=1) > 0, "Y", "N"),
        "EOSSTT": np.where(discontinued, "DISCONTINUED", "COMPLETED"),
        "DCSREAS": rand["discontinuation_reason"].fillna("").to_numpy(),
        "EXCLDEVFL": np.where(s["excluded_reason"].fillna("").to_numpy() != "", "Y", ""),
        "TRTDURD": planned,
        "ADHPCT": 100 * taken / planned,
    })
    return adsl.sort_values("USUBJID", kind="stable").reset_index(drop=True)


def add_baseline(adsl: pd.DataFrame, adcramp: pd.DataFrame, totals: pd.DataFrame) -> pd.DataFrame:
    """Baseline values (BFREQ, BDUR, BSEV) and treatment-period diary totals (TRNIGHTS,
    TRCRAMPS: every recorded night of weeks 1-8, for the count model's offset)."""
    base = adcramp[(adcramp["AVISITN"] == 0) & (adcramp["DTYPE"] == "")] \
        .pivot(index="USUBJID", columns="PARAMCD", values="AVAL")
    out = adsl.copy()
    for param in PARAMS:
        out[f"B{param}"] = out["USUBJID"].map(base[param]).to_numpy(float)
    treat = totals[totals["AVISITN"] > 0].groupby("participant_id")[["NIGHTS", "CRAMPS"]].sum()
    out["TRNIGHTS"] = out["USUBJID"].map(treat["NIGHTS"]).fillna(0).astype(int).to_numpy()
    out["TRCRAMPS"] = out["USUBJID"].map(treat["CRAMPS"]).fillna(0).astype(int).to_numpy()
    return out
