"""Schema of the results interface (design section 7), checked before estimates.csv is
written: the contract the report and the robustness study rely on."""
from __future__ import annotations

import pandera.pandas as pa

from ..core.conventions import PARAMS
from ..core.methods import POPULATIONS, TIMEPOINTS

ESTIMATES = pa.DataFrameSchema({
    "outcome": pa.Column(str, pa.Check.isin(list(PARAMS))),
    "timepoint": pa.Column(str, pa.Check.isin(list(TIMEPOINTS))),
    "method": pa.Column(str, pa.Check.str_matches(r"^[a-z][a-z0-9_]*$")),
    "population": pa.Column(str, pa.Check.isin(list(POPULATIONS))),
    "scale": pa.Column(str, pa.Check.isin(["difference", "ratio"])),
    "estimate": pa.Column(float),
    "ci_low": pa.Column(float),
    "ci_high": pa.Column(float),
    "p_value": pa.Column(float, pa.Check.in_range(0, 1)),
    "n_k2": pa.Column(int, pa.Check.ge(0)),
    "n_placebo": pa.Column(int, pa.Check.ge(0)),
}, strict=True, ordered=True, unique=["outcome", "timepoint", "method", "population"], checks=[
    pa.Check(lambda d: (d["ci_low"] <= d["estimate"]) & (d["estimate"] <= d["ci_high"]),
             error="estimate outside its confidence interval"),
    pa.Check(lambda d: (d["scale"] != "ratio") | (d["ci_low"] > 0),
             error="a ratio must be positive"),
])
