"""Schemas of the analysis datasets (pandera): the interface later stages rely on."""
from __future__ import annotations

import pandera.pandas as pa

ADSL = pa.DataFrameSchema({
    "USUBJID": pa.Column(str, unique=True),
    "SITEID": pa.Column(str),
    "AGE": pa.Column(int, pa.Check.in_range(0, 130)),
    "AGEGR1": pa.Column(str, pa.Check.isin(["65-74", ">=75"])),
    "SEX": pa.Column(str, pa.Check.isin(["F", "M"])),
    "HTN": pa.Column(int, pa.Check.isin([0, 1])),
    "DIAB": pa.Column(int, pa.Check.isin([0, 1])),
    "CREAT": pa.Column(float, nullable=True),
    "TRT01P": pa.Column(str, pa.Check.isin(["Vitamin K2", "Placebo"])),
    "ITTFL": pa.Column(str, pa.Check.isin(["Y"])),
    "SAFFL": pa.Column(str, pa.Check.isin(["Y", "N"])),
    "EOSSTT": pa.Column(str, pa.Check.isin(["COMPLETED", "DISCONTINUED"])),
    "DCSREAS": pa.Column(str),
    "ADHPCT": pa.Column(float, nullable=True),
    "BFREQ": pa.Column(float, nullable=True),
    "BDUR": pa.Column(float, nullable=True),
    "BSEV": pa.Column(float, nullable=True),
    "TRNIGHTS": pa.Column(int, pa.Check.in_range(0, 56)),
    "TRCRAMPS": pa.Column(int, pa.Check.ge(0)),
}, strict=False)

ADCRAMP = pa.DataFrameSchema({
    "USUBJID": pa.Column(str),
    "PARAMCD": pa.Column(str, pa.Check.isin(["FREQ", "DUR", "SEV"])),
    "AVISITN": pa.Column(int, pa.Check.in_range(0, 8)),
    "AVAL": pa.Column(float, pa.Check.ge(0), nullable=True),
    "DTYPE": pa.Column(str, pa.Check.isin(["", "MEANIMP"])),
    "ANL01FL": pa.Column(str, pa.Check.isin(["", "Y"])),
}, strict=False, unique=["USUBJID", "PARAMCD", "AVISITN", "DTYPE"])

ADAE = pa.DataFrameSchema({
    "USUBJID": pa.Column(str),
    "TRT01P": pa.Column(str, pa.Check.isin(["Vitamin K2", "Placebo"])),
    "AESER": pa.Column(str, pa.Check.isin(["Y", "N"])),
    "AREL": pa.Column(str, pa.Check.isin(["Y", "N"])),
}, strict=False)


def validate(ds) -> None:
    ADSL.validate(ds.adsl)
    ADCRAMP.validate(ds.adcramp)
    ADAE.validate(ds.adae)

ESTIMATES = pa.DataFrameSchema({
    "outcome": pa.Column(str, pa.Check.isin(["FREQ", "DUR", "SEV"])),
    "timepoint": pa.Column(str, pa.Check.isin(["weeks1-8", "week8"])),
    "method": pa.Column(str, pa.Check.str_matches(r"^[a-z][a-z0-9_]*$")),
    "population": pa.Column(str, pa.Check.isin(["MEANIMP", "CC", "OBSERVED", "MI"])),
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
