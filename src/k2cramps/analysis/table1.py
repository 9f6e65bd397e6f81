"""Table 1: baseline characteristics by arm and overall (tableone), typeset with great_tables.

No p-values: in a randomized trial baseline differences are chance by construction, and
CONSORT advises against testing them."""
from __future__ import annotations

import pandas as pd
from great_tables import GT
from tableone import TableOne

from ..adam.adsl import AGE_GROUPS
from ..core.arms import TRT_LABEL

LABELS = {  # ADSL variable -> label; the order of the table
    "AGE": "Age, years", "AGEGR1": "Age group", "SEX": "Sex", "SITEID": "Site",
    "HTN": "Hypertension", "DIAB": "Diabetes", "CREAT": "Serum creatinine, mg/dL",
    "BFREQ": "Baseline cramps per week", "BDUR": "Baseline cramp duration, min",
    "BSEV": "Baseline cramp severity (1-10)",
}  # adherence is measured after randomization: it is reported with trial conduct
CATEGORICAL = ["AGEGR1", "SEX", "SITEID", "HTN", "DIAB"]
YES_NO = ["HTN", "DIAB"]
DECIMALS = {"AGE": 1, "CREAT": 2, "BFREQ": 2, "BDUR": 2, "BSEV": 2}


def table1(adsl: pd.DataFrame) -> pd.DataFrame:
    """Characteristic, Level, Overall, one column per arm, Missing (mean (SD) or n (%))."""
    data = adsl[["TRT01P", *LABELS]].copy()
    for col in YES_NO:
        data[col] = data[col].map({0: "No", 1: "Yes"})
    data["SEX"] = data["SEX"].map({"F": "Female", "M": "Male"})
    arms = [a for a in TRT_LABEL.values() if a in set(data["TRT01P"])]
    # The Yes row of each yes/no condition (tableone orders only the levels present).
    levels = {c: [v for v in ("Yes", "No") if v in set(data[c])] for c in YES_NO}
    levels["AGEGR1"] = [g for g in AGE_GROUPS if g in set(data["AGEGR1"])]
    t = TableOne(data, columns=list(LABELS), categorical=CATEGORICAL, groupby="TRT01P",
                 pval=False, overall=True, missing=True, decimals=DECIMALS, rename=LABELS,
                 order={"TRT01P": arms, **levels}, limit={c: 1 for c in YES_NO})
    df = t.tableone
    df.columns = df.columns.get_level_values(1)
    df = df.reset_index()
    df.columns = ["Characteristic", "Level", *df.columns[2:]]
    for col in YES_NO:
        if levels[col] == ["No"]:  # nobody has it: its Yes row, not a No row of 100%
            row = df["Characteristic"] == f"{LABELS[col]}, n (%)"
            df.loc[row, "Level"] = "Yes"
            df.loc[row, ["Overall", *arms]] = "0 (0.0)"
    df["Characteristic"] = df["Characteristic"].replace({"n": "Participants, n"})
    return df[["Characteristic", "Level", "Overall", *arms, "Missing"]]


def table1_html(t1: pd.DataFrame, note: str) -> str:
    """Publication-style HTML (self-contained: no external fonts or scripts; a fixed element
    id, so that the same data give the same bytes)."""
    sizes = t1[t1["Characteristic"] == "Participants, n"].iloc[0]
    shown = t1[t1["Characteristic"] != "Participants, n"]  # the sizes go to the headers
    headers = {c: f"{c} (N={sizes[c]})" for c in t1.columns[2:-1]}
    gt = (GT(shown, rowname_col="Level", groupname_col="Characteristic", id="table1-gt")
          .tab_header(title="Table 1. Baseline characteristics by arm")
          .tab_source_note(note)
          .cols_label(Missing="Missing, n", **headers)
          .tab_options(row_group_as_column=True))
    return gt.as_raw_html()
