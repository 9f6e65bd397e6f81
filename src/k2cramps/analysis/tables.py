"""Result tables for display, shared by the notebooks and the report: selection, rounding,
and the width of each confidence interval relative to the published one."""
from __future__ import annotations

import pandas as pd

DIGITS = 3


def rounded(df: pd.DataFrame, digits: int = DIGITS) -> pd.DataFrame:
    """Floats rounded for display (and for stable notebook outputs); p-values in 4 digits
    or as '<0.0001'."""
    out = df.copy()
    for col in out.columns:
        if col.startswith("p_") and out[col].dtype.kind == "f":
            out[col] = out[col].map(lambda v: "" if pd.isna(v) else
                                    "<0.0001" if v < 1e-4 else f"{v:.4f}")
        elif out[col].dtype.kind == "f":
            out[col] = out[col].round(digits)
    return out


def select(est: pd.DataFrame, **where) -> pd.DataFrame:
    """Rows of the estimates table matching every column=value given; without the columns
    that were fixed."""
    mask = pd.Series(True, index=est.index)
    for col, value in where.items():
        mask &= est[col] == value
    return est.loc[mask].drop(columns=list(where)).reset_index(drop=True)


def ci_width_ratio(est: pd.DataFrame, outcome: str, timepoint: str = "weeks1-8",
                   reference: str = "published_personweek_t") -> pd.DataFrame:
    """Width of each difference-scale 95% CI divided by the width of the published one."""
    rows = select(est, outcome=outcome, timepoint=timepoint, scale="difference")
    width = rows["ci_high"] - rows["ci_low"]
    ref = width[rows["method"] == reference]
    if ref.empty:
        raise ValueError(f"no {reference} estimate for {outcome} {timepoint}")
    return pd.DataFrame({"method": rows["method"], "population": rows["population"],
                         "ci_width": width.round(DIGITS),
                         "relative_to_published": (width / ref.iloc[0]).round(2)})
