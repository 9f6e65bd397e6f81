"""Analysis datasets named after CDISC ADaM (design section 5): ADSL, ADCRAMP, ADAE, CONSORT.

ADCRAMP is a BDS-style long table: one row per participant x parameter x visit with the
observed value (DTYPE blank, AVAL missing when the week has too few diary nights), plus one
derived row (DTYPE = MEANIMP) per missing treatment week holding the published arm-and-week
mean imputation. ANL01FL = Y marks the rows the published analysis uses.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import conventions as cv
from .cleaning import last_night
from .published import Outcome, impute_arm_week_mean

TRT_LABEL = {"vitamin_k2": "Vitamin K2", "placebo": "Placebo"}
VISITS = ["Baseline"] + [f"Week {k}" for k in range(1, cv.N_WEEKS + 1)]


def k2_flag(adsl: pd.DataFrame) -> np.ndarray:
    """True for participants randomized to vitamin K2, in ADSL order."""
    return (adsl["TRT01P"] == TRT_LABEL["vitamin_k2"]).to_numpy()


@dataclass(frozen=True)
class Conventions:
    min_nights_per_week: int = 4
    min_baseline_nights: int = 7
    cramp_free_week: str = "zero"


def period_totals(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Per participant and visit: diary nights, cramps, and sums/counts of episode values."""
    rand = tables["randomization"].set_index("participant_id")["randomization_date"]
    grid = pd.MultiIndex.from_product([rand.index, range(cv.N_WEEKS + 1)],
                                      names=["participant_id", "AVISITN"])

    def visit(df):
        offset = (pd.to_datetime(df["night_date"])
                  - pd.to_datetime(df["participant_id"].map(rand))).dt.days
        return cv.visit_of_offset(offset.to_numpy())

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
                             cv.weekly_rate(totals["CRAMPS"], totals["NIGHTS"], 1), np.nan)}
    for name in ("DUR", "SEV"):
        value = cv.episode_mean(totals[f"{name}_SUM"], totals[f"{name}_N"], totals["CRAMPS"],
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
    for param in cv.PARAMS:
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
    order = {p: i for i, p in enumerate(cv.PARAMS)}
    ad = ad.assign(_p=ad["PARAMCD"].map(order)).sort_values(
        ["USUBJID", "_p", "AVISITN", "DTYPE"], kind="stable").drop(columns="_p")
    return ad[["USUBJID", "TRT01P", "PARAMCD", "AVISIT", "AVISITN", "AVAL", "NIGHTS", "BASE",
               "CHG", "DTYPE", "ANL01FL"]].reset_index(drop=True)


def outcome_matrix(adcramp: pd.DataFrame, adsl: pd.DataFrame, param: str) -> Outcome:
    """Observed weekly values (participants in ADSL order x 8) and baseline of one parameter."""
    obs = adcramp[(adcramp["PARAMCD"] == param) & (adcramp["DTYPE"] == "")]
    wide = obs.pivot(index="USUBJID", columns="AVISITN", values="AVAL") \
        .reindex(index=adsl["USUBJID"], columns=range(cv.N_WEEKS + 1))
    values = wide.to_numpy(dtype=float)
    return Outcome(values[:, 1:], values[:, 0])


def derive_adsl(tables) -> pd.DataFrame:
    scr = tables["screening"].set_index("participant_id")
    rand = tables["randomization"]
    s = scr.loc[rand["participant_id"]]
    planned = last_night(rand["randomization_date"], rand["discontinued_date"]) + 1
    adh = tables["adherence"].set_index("participant_id").reindex(rand["participant_id"])
    taken = (adh["capsules_dispensed"] - adh["capsules_returned"]).to_numpy(dtype=float)
    discontinued = rand["discontinued_date"].notna().to_numpy()
    adsl = pd.DataFrame({
        "USUBJID": rand["participant_id"].to_numpy(),
        "SITEID": s["site"].to_numpy(),
        "AGE": s["age"].to_numpy(),
        "AGEGR1": np.where(s["age"].to_numpy() >= 75, ">=75", "65-74"),
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
    for param in cv.PARAMS:
        out[f"B{param}"] = out["USUBJID"].map(base[param]).to_numpy(float)
    treat = totals[totals["AVISITN"] > 0].groupby("participant_id")[["NIGHTS", "CRAMPS"]].sum()
    out["TRNIGHTS"] = out["USUBJID"].map(treat["NIGHTS"]).fillna(0).astype(int).to_numpy()
    out["TRCRAMPS"] = out["USUBJID"].map(treat["CRAMPS"]).fillna(0).astype(int).to_numpy()
    return out


def derive_adae(tables, adsl: pd.DataFrame) -> pd.DataFrame:
    ae = tables["adverse_events"].merge(adsl[["USUBJID", "TRT01P", "RANDDT"]],
                                        left_on="participant_id", right_on="USUBJID")
    astdy = (pd.to_datetime(ae["onset_date"]) - pd.to_datetime(ae["RANDDT"])).dt.days + 1
    out = pd.DataFrame({
        "USUBJID": ae["USUBJID"], "TRT01P": ae["TRT01P"], "AETERM": ae["term"],
        "ASTDT": ae["onset_date"], "ASTDY": astdy.astype("Int64"),
        "AESER": np.where(ae["serious"] == 1, "Y", "N"),
        "AREL": np.where(ae["related"] == 1, "Y", "N"),
        "TRTEMFL": np.where(astdy >= 1, "Y", "N"),
    })
    return out.sort_values(["USUBJID", "ASTDT", "AETERM"], kind="stable").reset_index(drop=True)


def derive_consort(tables, adsl: pd.DataFrame) -> pd.DataFrame:
    """CONSORT flow counts: step, group, n."""
    scr = tables["screening"]
    randomized = scr["participant_id"].isin(adsl["USUBJID"])
    rows = [("screened", "all", len(scr)), ("excluded", "all", int((~randomized).sum()))]
    reasons = scr.loc[~randomized, "excluded_reason"].replace("", "not randomized, no reason recorded")
    rows += [("excluded", r, int(n)) for r, n in reasons.value_counts().sort_index().items()]
    rows.append(("randomized", "all", len(adsl)))
    for arm in TRT_LABEL.values():
        a = adsl[adsl["TRT01P"] == arm]
        rows.append(("randomized", arm, len(a)))
        rows.append(("discontinued", arm, int((a["EOSSTT"] == "DISCONTINUED").sum())))
        for reason, n in a.loc[a["EOSSTT"] == "DISCONTINUED", "DCSREAS"].value_counts() \
                .sort_index().items():
            rows.append(("discontinued", f"{arm}: {reason}", int(n)))
        rows.append(("analysed (ITT)", arm, int((a["ITTFL"] == "Y").sum())))
    rows.append(("protocol deviation: randomized despite exclusion reason", "all",
                 int((adsl["EXCLDEVFL"] == "Y").sum())))
    return pd.DataFrame(rows, columns=["step", "group", "n"])


@dataclass
class Datasets:
    adsl: pd.DataFrame
    adcramp: pd.DataFrame
    adae: pd.DataFrame
    consort: pd.DataFrame


def derive_all(tables, conv: Conventions = Conventions()) -> Datasets:
    adsl = derive_adsl(tables)
    totals = period_totals(tables)
    adcramp = derive_adcramp(totals, adsl, conv)
    adsl = add_baseline(adsl, adcramp, totals)
    return Datasets(adsl, adcramp, derive_adae(tables, adsl), derive_consort(tables, adsl))
