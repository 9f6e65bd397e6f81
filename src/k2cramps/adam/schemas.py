"""Schemas of the analysis datasets (pandera): the interface later stages rely on."""
from __future__ import annotations

import pandera.pandas as pa

from ..core.arms import TRT_LABEL
from ..core.conventions import PARAMS
from .adsl import AGE_GROUPS

ADSL = pa.DataFrameSchema({
    "USUBJID": pa.Column(str, unique=True),
    "SITEID": pa.Column(str),
    "AGE": pa.Column(int, pa.Check.in_range(0, 130)),
    "AGEGR1": pa.Column(str, pa.Check.isin(AGE_GROUPS)),
    "SEX": pa.Column(str, pa.Check.isin(["F", "M"])),
    "HTN": pa.Column(int, pa.Check.isin([0, 1])),
    "DIAB": pa.Column(int, pa.Check.isin([0, 1])),
    "CREAT": pa.Column(float, nullable=True),
    "TRT01P": pa.Column(str, pa.Check.isin(list(TRT_LABEL.values()))),
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
    "PARAMCD": pa.Column(str, pa.Check.isin(list(PARAMS))),
    "AVISITN": pa.Column(int, pa.Check.in_range(0, 8)),
    "AVAL": pa.Column(float, pa.Check.ge(0), nullable=True),
    "DTYPE": pa.Column(str, pa.Check.isin(["", "MEANIMP"])),
    "ANL01FL": pa.Column(str, pa.Check.isin(["", "Y"])),
}, strict=False, unique=["USUBJID", "PARAMCD", "AVISITN", "DTYPE"])

ADAE = pa.DataFrameSchema({
    "USUBJID": pa.Column(str),
    "TRT01P": pa.Column(str, pa.Check.isin(list(TRT_LABEL.values()))),
    "AESER": pa.Column(str, pa.Check.isin(["Y", "N"])),
    "AREL": pa.Column(str, pa.Check.isin(["Y", "N"])),
}, strict=False)


def validate(ds) -> None:
    ADSL.validate(ds.adsl)
    ADCRAMP.validate(ds.adcramp)
    ADAE.validate(ds.adae)
