"""The subgroup table: the effect within each level, and the interaction P once per
subgroup (only it tests whether the effect differs); a split at the data's own median is
labelled data-driven."""
from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from ..core.subgroups import DATA_DRIVEN, DATA_DRIVEN_NOTE, level_text
from ..core import numbers as fmt
from .tables import gt_table



def subgroup_frame(sub: pd.DataFrame) -> pd.DataFrame:
    heading = {}
    for name, rows in sub.groupby("subgroup", sort=False):
        p = rows["p_interaction"].iloc[0]
        extra = f"; {DATA_DRIVEN_NOTE}" if name in DATA_DRIVEN else ""
        heading[name] = f"{name} (interaction {fmt.p_text(p)}{extra})"
    return pd.DataFrame({
        "Subgroup": sub["subgroup"].map(heading),
        "Level": sub["level"].map(level_text),
        "No. (K2/placebo)": [f"{fmt.count(a)}/{fmt.count(b)}"
                             for a, b in zip(sub["n_k2"], sub["n_placebo"])],
        "Difference, cramps per week (95% CI)": [
            fmt.estimate_ci(e, lo, hi) for e, lo, hi in
            zip(sub["estimate"], sub["ci_low"], sub["ci_high"])],
    })


def subgroup_table(sub: pd.DataFrame) -> Markup:
    frame = subgroup_frame(sub)
    return gt_table(frame, "subgroups", title="Effect on weekly cramp frequency by subgroup",
                    note="Baseline-adjusted difference (ANCOVA), vitamin K2 minus placebo, "
                         "weeks 1-8, observed weeks. Exploratory.",
                    group="Subgroup", stub="Level",
                    numeric=["No. (K2/placebo)", "Difference, cramps per week (95% CI)"])
