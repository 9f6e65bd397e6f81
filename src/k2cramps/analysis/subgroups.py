"""Subgroup effects on the primary outcome, with interaction tests.

Within each subgroup level: the baseline-adjusted difference (ANCOVA) in the participant
mean weekly frequency over the observed weeks 1-8. The interaction p-value is an F test of
arm x subgroup in one model over all participants; it, not the per-level p-values, says
whether the effect differs between subgroups. Subgroups are exploratory.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import statsmodels.formula.api as smf

from ..adam.adsl import AGE_GROUPS
from .models import ancova
from .shaping import summary, wide

SUBGROUPS = {"Sex": "SEX", "Age group": "AGEGR1", "Site": "SITEID", "Hypertension": "HTN",
             "Diabetes": "DIAB", "Baseline frequency": "BFREQ_HIGH"}
LEVEL_ORDER = {"AGEGR1": AGE_GROUPS}   # levels listed in this order; others alphabetically
COLUMNS = ["subgroup", "level", "estimate", "ci_low", "ci_high", "p_value", "n_k2",
           "n_placebo", "p_interaction"]


def subgroup_levels(adsl: pd.DataFrame) -> pd.DataFrame:
    """One column per subgroup with readable levels."""
    median = adsl["BFREQ"].median()
    out = pd.DataFrame({
        "SEX": adsl["SEX"].map({"F": "female", "M": "male"}),
        "AGEGR1": adsl["AGEGR1"], "SITEID": adsl["SITEID"],
        "HTN": adsl["HTN"].map({0: "no", 1: "yes"}),
        "DIAB": adsl["DIAB"].map({0: "no", 1: "yes"}),
        "BFREQ_HIGH": np.where(adsl["BFREQ"] > median, f"above median ({median:.2f}/week)",
                               f"at or below median ({median:.2f}/week)"),
    })
    out.loc[adsl["BFREQ"].isna(), "BFREQ_HIGH"] = np.nan
    return out.set_axis(adsl["USUBJID"].to_numpy())


def ordered_levels(column: str, levels) -> list:
    """A subgroup's levels in their natural order (age groups by age), else alphabetically."""
    order = LEVEL_ORDER.get(column, ())
    return sorted(levels, key=lambda v: (order.index(v) if v in order else len(order), v))


def interaction_p(df: pd.DataFrame) -> float:
    full = smf.ols("Y ~ K2 * C(G) + BASE", data=df).fit()
    reduced = smf.ols("Y ~ K2 + C(G) + BASE", data=df).fit()
    return float(full.compare_f_test(reduced)[1])


def subgroup_effects(adsl: pd.DataFrame, adcramp: pd.DataFrame, alpha: float) -> pd.DataFrame:
    w = wide(adsl, adcramp, "FREQ")
    levels = subgroup_levels(adsl)
    data = pd.DataFrame({"Y": summary(w, "weeks1-8"), "K2": w["K2"], "BASE": w["BASE"]})
    rows = []
    for label, col in SUBGROUPS.items():
        df = data.assign(G=levels[col]).dropna()
        if df["G"].nunique() < 2:
            continue  # e.g. a single-site trial: no subgroup to compare
        p_int = interaction_p(df)
        parts = dict(tuple(df.groupby("G")))
        for level in ordered_levels(col, parts):
            part = parts[level]
            est = ancova(part["Y"], part["K2"], part["BASE"], alpha)
            rows.append(est.row(subgroup=label, level=level, p_interaction=p_int))
    return pd.DataFrame(rows, columns=COLUMNS)
