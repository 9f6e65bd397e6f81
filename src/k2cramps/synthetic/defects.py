"""Raw-data defects injected into the synthetic export, one or more for every cleaning rule.

Defects are placed where they do not change the analysable truth (extra rows on nights that
are missing anyway, duplicates, values the truth already holds as missing), so the cleaned
data still reproduce the calibrated figures. `semantic_defects` works on the trial before
calibration (values that become missing); `inject` on the text tables of the export.
"""
from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from ..core.arms import K2_CODE, PLACEBO_CODE
INVALID_SEVERITY = ["11", "0", "severe"]
INVALID_DURATION = ["0", "-2", "240"]


def semantic_defects(rng, ep: pd.DataFrame, scale: int) -> tuple[pd.DataFrame, list]:
    """Episode values the export gets wrong before calibration sees them: out-of-range
    severity or duration (become missing) and nights whose episodes were not all written."""
    ep = ep.copy()
    picks = rng.choice(len(ep), 6 * scale, replace=False)
    ep.loc[ep.index[picks[: 3 * scale]], "severity"] = np.nan
    ep.loc[ep.index[picks[3 * scale:]], "duration_min"] = np.nan
    multi = ep.groupby(["pidx", "t"])["episode"].transform("max")
    candidates = ep.index[(multi >= 2) & (ep["episode"] == multi)].difference(ep.index[picks])
    short = rng.choice(candidates, 2 * scale, replace=False)
    r13_nights = list(zip(ep.loc[short, "pidx"], ep.loc[short, "t"]))
    return ep.drop(index=short).reset_index(drop=True), r13_nights


class _Injector:
    """Adds and marks defective rows in the text tables (column `_defect` names the rule)."""

    def __init__(self, trial, tables: dict[str, pd.DataFrame], rng):
        self.rng = rng
        self.t = tables
        self.rand = trial.randomization
        self.recorded = set(zip(trial.nights["participant_id"], trial.nights["night_date"]))

    def add(self, key, row: dict, rule: str):
        row = {**{c: "" for c in self.t[key].columns}, **row, "_defect": rule}
        self.t[key] = pd.concat([self.t[key], pd.DataFrame([row])], ignore_index=True)

    def mark(self, key, mask, rule, column=None, values=None):
        idx = self.t[key].index[np.asarray(mask) & (self.t[key]["_defect"] == "").to_numpy()]
        self.t[key].loc[idx, "_defect"] = rule
        if column is not None:
            self.t[key].loc[idx, column] = np.resize(np.asarray(values), len(idx))  # cycled

    def pick_participant(self, completed_only=False):
        pool = self.rand
        if completed_only:
            pool = pool[pool["discontinued_date"].isna()]
        return pool.iloc[int(self.rng.integers(len(pool)))]

    def missing_night(self):
        """A treatment night with no diary row, of a participant still on study."""
        while True:
            r = self.pick_participant(completed_only=True)
            night = r["randomization_date"] + timedelta(days=int(self.rng.integers(0, 56)))
            if (r["participant_id"], night) not in self.recorded:
                self.recorded.add((r["participant_id"], night))
                return r["participant_id"], night.isoformat()


def inject(trial, tables: dict[str, pd.DataFrame], rng) -> dict[str, pd.DataFrame]:
    """Defects for every cleaning rule, in the text tables of `trial` (keyed as Trial's
    attributes, every value a string, plus an empty `_defect` column)."""
    inj = _Injector(trial, tables, rng)
    t = inj.t
    # R01: stray spaces / case in codes
    k2_rows = t["randomization"].index[t["randomization"]["arm"] == K2_CODE]
    t["randomization"].loc[k2_rows[3], ["arm", "_defect"]] = [" Vitamin_K2", "R01"]
    rand_ids = set(trial.randomization["participant_id"])
    women = t["screening"].index[(t["screening"]["sex"] == "F")
                                 & t["screening"]["participant_id"].isin(rand_ids)]
    t["screening"].loc[women[5], ["sex", "_defect"]] = ["f", "R01"]
    # R02: identical repeats
    for key in ("nights", "episodes"):
        complete = t[key][(t[key] != "").all(axis=1) | (t[key]["_defect"] == "")]
        complete = complete[(complete.drop(columns="_defect") != "").all(axis=1)]
        row = complete.iloc[int(rng.integers(len(complete)))].to_dict()
        inj.add(key, {**row}, "R02")
    # R03 / R03b: unparseable date, unparseable episode number
    pid, _ = inj.missing_night()
    inj.add("nights", {"participant_id": pid, "night_date": "2023-02-30", "cramps": "1"}, "R03")
    ep = t["episodes"].iloc[int(rng.integers(len(t["episodes"])))]
    inj.add("episodes", {**ep.to_dict(), "episode": "two"}, "R03b")
    # R04 + R06: randomized but never screened, with a few diary nights
    stray = "P9001"
    inj.add("randomization", {"participant_id": stray, "arm": PLACEBO_CODE,
                              "randomization_date": "2023-03-01"}, "R04")
    for d in ("2023-03-01", "2023-03-02"):
        inj.add("nights", {"participant_id": stray, "night_date": d, "cramps": "0"}, "R06")
    # R05: randomized although screening recorded an exclusion reason
    r = inj.pick_participant()
    scr = t["screening"]
    scr.loc[scr["participant_id"] == r["participant_id"], "excluded_reason"] = "taking diuretics"
    inj.mark("randomization", t["randomization"]["participant_id"] == r["participant_id"], "R05")
    # R07: nights outside the windows / after discontinuation
    r = inj.pick_participant(completed_only=True)
    night = (r["randomization_date"] + timedelta(days=60)).isoformat()
    inj.add("nights", {"participant_id": r["participant_id"], "night_date": night, "cramps": "0"},
            "R07")
    d = trial.randomization.dropna(subset=["discontinued_date"]).iloc[0]
    night = (d["discontinued_date"] + timedelta(days=3)).isoformat()
    inj.add("nights", {"participant_id": d["participant_id"], "night_date": night, "cramps": "1"},
            "R07")
    inj.add("episodes", {"participant_id": d["participant_id"], "night_date": night,
                         "episode": "1", "duration_min": "1.0", "severity": "3"}, "R07")
    # R08: impossible counts on nights that are missing anyway
    for bad in ("-1", "1.5"):
        pid, night = inj.missing_night()
        inj.add("nights", {"participant_id": pid, "night_date": night, "cramps": bad}, "R08")
    # R09: conflicting duplicate night (missing in truth), with an episode
    pid, night = inj.missing_night()
    for c in ("1", "2"):
        inj.add("nights", {"participant_id": pid, "night_date": night, "cramps": c}, "R09")
    inj.add("episodes", {"participant_id": pid, "night_date": night, "episode": "1",
                         "duration_min": "0.8", "severity": "4"}, "R09")
    # R09b: conflicting duplicate episode number beyond the night's count
    ep = t["episodes"].iloc[int(rng.integers(len(t["episodes"])))].to_dict()
    n_ep = int(trial.nights.set_index(["participant_id", "night_date"]).loc[
        (ep["participant_id"], date.fromisoformat(ep["night_date"])), "cramps"])
    for sev in ("2", "5"):
        inj.add("episodes", {**ep, "episode": str(n_ep + 1), "severity": sev}, "R09b")
    # R10: episode on a night without a diary row
    pid, night = inj.missing_night()
    inj.add("episodes", {"participant_id": pid, "night_date": night, "episode": "1",
                         "duration_min": "1.2", "severity": "3"}, "R10")
    # R11 / R12: the truth holds these values as missing; the export writes them out of range
    inj.mark("episodes", t["episodes"]["severity"] == "", "R11", "severity", INVALID_SEVERITY)
    inj.mark("episodes", t["episodes"]["duration_min"] == "", "R12", "duration_min",
             INVALID_DURATION)
    # R13: nights whose episodes were not all written
    for defect in trial.defects:
        mask = (t["nights"]["participant_id"] == defect["participant_id"]) & \
               (t["nights"]["night_date"] == defect["night_date"].isoformat())
        inj.mark("nights", mask, "R13")
    # R00: a record with a missing field (written as a short line below)
    return t
