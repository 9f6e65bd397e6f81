"""ADCRAMP, a BDS-style long table: one row per participant x parameter x visit.

Each row holds the observed value (DTYPE blank; AVAL missing when the week has too few diary
nights), and each missing treatment week gets one derived row (DTYPE = MEANIMP) with the
published arm-and-week mean imputation. ANL01FL = Y marks the rows the published analysis
uses.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..core.arms import k2_flag
from ..core.conventions import PARAMS, Outcome, episode_mean, weekly_rate
from ..core.schedule import N_WEEKS, VISITS, visit_of_offset
from .meanimp import impute_arm_week_mean


@dataclass(frozen=True)
class Conventions:
    """The derivation's settings (parameters of the same names in params/default.yaml)."""

    min_nights_per_week: int
    min_baseline_nights: int
    cramp_free_week: str

    @classmethod
    def of(cls, p) -> "Conventions":
        """The conventions of a run's parameters (`core.params.Params`)."""
        return cls(p.min_nights_per_week, p.min_baseline_nights, p.cramp_free_week)


def period_totals(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Per participant and visit: diary nights, cramps, and sums/counts of episode values."""
    rand = tables["randomization"].set_index("participant_id")["randomization_date"]
    grid = pd.MultiIndex.from_product([rand.index, range(N_WEEKS + 1)],
                                      names=["participant_id", "AVISITN"])

    def visit(df):
        offset = (pd.to_datetime(df["night_date"])
                  - pd.to_datetime(df["participant_id"].map(rand))).dt.days
        return visit_of_offset(offset.to_numpy())

    nights = tables["diary_nights"].assign(AVISITN=lambda d: visit(d))
    episodes = tables["cramp_episodes"].assign(AVISITN=lambda d: visit(d))
    keys = ["participant_id", "AVISITN"]
    out = pd.DataFrame(index=grid)
    out["NIGHTS"] = nights.groupby(keys).size()
    out["CRAMPS"] = nights.groupby(keys)["cramps"].sum()
    for col, name in (("duration_min", "DUR"), ("severity", "SEV")):
        out[f"{name}_SUM"] = episodes.groupby(keys)[col].sum()
        out[f"{name}_N"] = episodes.groupby(keys)[col].count()
    return out.fillna(0).reset_index()


def _values(totals: pd.DataFrame, conv: Conventions) -> pd.DataFrame:
    base = totals["AVISITN"] == 0
    min_n = np.where(base, conv.min_baseline_nights, conv.min_nights_per_week)
    aval = {"FREQ": np.where(totals["NIGHTS"] >= min_n,
                             weekly_rate(totals["CRAMPS"], totals["NIGHTS"], 1), np.nan)}
    for name in ("DUR", "SEV"):
        value = episode_mean(totals[f"{name}_SUM"], totals[f"{name}_N"], totals["CRAMPS"],
                             totals["NIGHTS"], 1, conv.cramp_free_week)
        aval[name] = np.where(totals["NIGHTS"] >= min_n, value, np.nan)
    frames = [totals[["participant_id", "AVISITN", "NIGHTS"]].assign(PARAMCD=p, AVAL=v)
              for p, v in aval.items()]
    return pd.concat(frames, ignore_index=True)


def derive_adcramp(totals: pd.DataFrame, adsl: pd.DataFrame, conv: Conventions) -> pd.DataFrame:
    obs = _values(totals, conv).rename(columns={"participant_id": "USUBJID"})
    obs = obs.merge(adsl[["USUBJID", "TRT01P"]], on="USUBJID")
    obs["AVISIT"] = obs["AVISITN"].map(dict(enumerate(VISITS)))
    obs["DTYPE"] = ""
    base = obs[obs["AVISITN"] == 0].set_index(["USUBJID", "PARAMCD"])["AVAL"]
    imputed = []
    k2 = k2_flag(adsl)
    for param in PARAMS:
        weeks = outcome_matrix(obs, adsl, param).weeks
        filled = impute_arm_week_mean(weeks, k2)
        rows, cols = np.nonzero(np.isnan(weeks))
        imputed.append(pd.DataFrame({
            "USUBJID": adsl["USUBJID"].to_numpy()[rows], "AVISITN": cols + 1, "PARAMCD": param,
            "AVAL": filled[rows, cols], "NIGHTS": np.nan, "DTYPE": "MEANIMP"}))
    imp = pd.concat(imputed, ignore_index=True).merge(adsl[["USUBJID", "TRT01P"]], on="USUBJID")
    imp["AVISIT"] = imp["AVISITN"].map(dict(enumerate(VISITS)))
    ad = pd.concat([obs, imp], ignore_index=True)
    ad["BASE"] = pd.MultiIndex.from_frame(ad[["USUBJID", "PARAMCD"]]).map(base).to_numpy(float)
    ad["CHG"] = np.where(ad["AVISITN"] > 0, ad["AVAL"] - ad["BASE"], np.nan)
    ad["ANL01FL"] = np.where(ad["AVAL"].notna(), "Y", "")
    ad["NIGHTS"] = ad["NIGHTS"].astype("Int64")
    order = {p: i for i, p in enumerate(PARAMS)}
    ad = ad.assign(_p=ad["PARAMCD"].map(order)).sort_values(
        ["USUBJID", "_p", "AVISITN", "DTYPE"], kind="stable").drop(columns="_p")
    return ad[["USUBJID", "TRT01P", "PARAMCD", "AVISIT", "AVISITN", "AVAL", "NIGHTS", "BASE",
               "CHG", "DTYPE", "ANL01FL"]].reset_index(drop=True)


def outcome_matrix(adcramp: pd.DataFrame, adsl: pd.DataFrame, param: str) -> Outcome:
    """Observed weekly values (participants in ADSL order x 8) and baseline of one parameter."""
    obs = adcramp[(adcramp["PARAMCD"] == param) & (adcramp["DTYPE"] == "")]
    wide = obs.pivot(index="USUBJID", columns="AVISITN", values="AVAL") \
        .reindex(index=adsl["USUBJID"], columns=range(N_WEEKS + 1))
    values = wide.to_numpy(dtype=float)
    return Outcome(values[:, 1:], values[:, 0])
