"""The outcome results as a journal reports them: each arm's result, then the difference
(CONSORT 2010 item 17a), the prespecified primary reanalysis marked and every other analysis
labelled a sensitivity analysis, in words, rounded once."""
from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from ..analysis.tables import select
from ..core.arms import K2, PLACEBO
from ..core.methods import METHOD_LABELS, POPULATION_LABELS
from ..core import numbers as fmt
from .tables import gt_table

PUBLISHED_METHOD = "published_personweek_t"
# The paper's own analysis of each outcome and timepoint that it reported in this form. For
# duration and severity it compared changes from baseline, so the person-week t-test of the
# weekly values is the published *method* applied here, a sensitivity analysis.
PUBLISHED_ANALYSES = {("FREQ", "weeks1-8"): (PUBLISHED_METHOD, "MEANIMP"),
                      ("FREQ", "week8"): ("participant_welch", "MEANIMP")}
PRIMARY_POPULATIONS = ("OBSERVED", "MI", "CC", "MEANIMP")  # the first a method has is its primary
ROLE_PRIMARY, ROLE_PUBLISHED, ROLE_SENSITIVITY = ("Primary reanalysis", "As published",
                                                  "Sensitivity analyses")


def primary_row(est: pd.DataFrame, method: str, outcome: str = "FREQ",
                timepoint: str = "weeks1-8") -> pd.Series:
    """The primary reanalysis (parameter primary_method) of an outcome and timepoint."""
    rows = select(est, outcome=outcome, timepoint=timepoint, method=method)
    for population in PRIMARY_POPULATIONS:
        if (rows["population"] == population).any():
            return rows[rows["population"] == population].iloc[0]
    raise ValueError(f"no {method} estimate for {outcome} {timepoint}")


def one(df: pd.DataFrame, **where) -> pd.Series:
    rows = select(df, **where)
    if len(rows) != 1:
        raise ValueError(f"expected one row for {where}, found {len(rows)}")
    return rows.iloc[0]


def arm_result(arms: pd.DataFrame, arm: str, **where) -> pd.Series | None:
    """The result in one arm behind an estimate, or None where the method has none."""
    rows = select(arms, arm=arm, **where)
    return rows.iloc[0] if len(rows) == 1 else None


def _arm_text(row: pd.Series | None) -> str:
    return "" if row is None else fmt.estimate_ci(row["estimate"], row["ci_low"], row["ci_high"])


def primary_key(est: pd.DataFrame, method: str, outcome: str,
                timepoint: str) -> tuple[str, str] | None:
    """(method, population) of the primary reanalysis here; None if it has no estimate."""
    try:
        return method, primary_row(est, method, outcome, timepoint)["population"]
    except ValueError:
        return None


def role(method: str, population: str, primary: tuple[str, str] | None,
         published: tuple[str, str] | None = None) -> str:
    if (method, population) == primary:
        return ROLE_PRIMARY
    return ROLE_PUBLISHED if (method, population) == published else ROLE_SENSITIVITY


def effects_frame(est: pd.DataFrame, arms: pd.DataFrame, outcome: str, timepoint: str,
                  primary_method: str) -> pd.DataFrame:
    """One display row per analysis of an outcome and timepoint: role, words, each arm's
    result, the effect with its CI, P and the CI width relative to the published one."""
    rows = select(est, outcome=outcome, timepoint=timepoint)
    primary = primary_key(est, primary_method, outcome, timepoint)
    published = rows[rows["method"] == PUBLISHED_METHOD]
    ref_width = (published["ci_high"] - published["ci_low"]).iloc[0] if len(published) else None
    out = []
    for _, r in rows.iterrows():
        key = dict(outcome=outcome, timepoint=timepoint, method=r["method"],
                   population=r["population"])
        ratio = r["scale"] == "ratio"
        width = "" if ratio or ref_width is None else \
            fmt.num((r["ci_high"] - r["ci_low"]) / ref_width, 1) + "\u00d7"
        out.append({
            "Role": role(r["method"], r["population"], primary,
                         PUBLISHED_ANALYSES.get((outcome, timepoint))),
            "Analysis": METHOD_LABELS[r["method"]],
            "Population": POPULATION_LABELS[r["population"]],
            "No. analysed (K2/placebo)": f"{fmt.count(r['n_k2'])}/{fmt.count(r['n_placebo'])}",
            K2: _arm_text(arm_result(arms, K2, **key)),
            PLACEBO: _arm_text(arm_result(arms, PLACEBO, **key)),
            "Effect (95% CI)": ("ratio " if ratio else "")
            + fmt.estimate_ci(r["estimate"], r["ci_low"], r["ci_high"]),
            "P": fmt.p_value(r["p_value"]),
            "CI width vs person-week": width,
        })
    order = {ROLE_PRIMARY: 0, ROLE_PUBLISHED: 1, ROLE_SENSITIVITY: 2}
    frame = pd.DataFrame(out)
    return frame.sort_values("Role", key=lambda s: s.map(order), kind="stable") \
        .reset_index(drop=True)


def effects_table(est, arms, outcome: str, timepoint: str, primary_method: str,
                  table_id: str, title: str, unit: str) -> Markup:
    frame = effects_frame(est, arms, outcome, timepoint, primary_method)
    note = (f"Arm columns: mean {unit} in that arm (adjusted mean for ANCOVA and the repeated-"
            "measures models; adjusted rate for the negative binomial model), with 95% CI. "
            "Effect: vitamin K2 minus placebo, or the rate ratio vitamin K2 / placebo. "
            "CI width vs person-week: width of the interval divided by that of the "
            "person-week analysis.")
    return gt_table(frame, table_id, title=title, note=note, group="Role",
                    numeric=["No. analysed (K2/placebo)", K2, PLACEBO, "Effect (95% CI)", "P",
                             "CI width vs person-week"])
