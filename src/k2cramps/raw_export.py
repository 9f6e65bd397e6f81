"""Write a simulated trial as a raw diary export, with injected raw-data defects.

Defects are placed where they do not change the analysable truth (extra rows on nights that
are missing anyway, duplicates, values the truth already holds as missing), so the cleaned
data still reproduce the calibrated figures. The list of injected defects is returned (and
written next to the simulator's tests), never into the export itself.
"""
from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from .contract import CONTRACT

FILES = {"screening": "screening", "randomization": "randomization", "nights": "diary_nights",
         "episodes": "cramp_episodes", "adverse_events": "adverse_events",
         "adherence": "adherence"}
INVALID_SEVERITY = ["11", "0", "severe"]
INVALID_DURATION = ["0", "-2", "240"]


def _text(df: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame(index=df.index)
    for col in df.columns:
        s = df[col]
        if col == "creatinine_mg_dl":
            out[col] = s.map(lambda v: "" if pd.isna(v) else f"{v:.2f}")
        elif col == "duration_min":
            out[col] = s.map(lambda v: "" if pd.isna(v) else f"{v:.1f}")
        elif col == "severity":
            out[col] = s.map(lambda v: "" if pd.isna(v) else str(int(v)))
        else:
            out[col] = s.map(lambda v: "" if v is None or (isinstance(v, float) and np.isnan(v))
                             else v.isoformat() if isinstance(v, date) else str(v))
    out["_defect"] = ""
    return out


class _Injector:
    def __init__(self, trial, rng):
        self.rng = rng
        self.t = {key: _text(getattr(trial, key)) for key in FILES}
        self.rand = trial.randomization
        self.recorded = set(zip(trial.nights["participant_id"], trial.nights["night_date"]))

    def add(self, key, row: dict, rule: str):
        row = {**{c: "" for c in self.t[key].columns}, **row, "_defect": rule}
        self.t[key] = pd.concat([self.t[key], pd.DataFrame([row])], ignore_index=True)

    def mark(self, key, mask, rule, column=None, values=None):
        idx = self.t[key].index[np.asarray(mask) & (self.t[key]["_defect"] == "").to_numpy()]
        self.t[key].loc[idx, "_defect"] = rule
        if column is not None:
            self.t[key].loc[idx, column] = values[: len(idx)]

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


def inject(trial, rng) -> dict[str, pd.DataFrame]:
    inj = _Injector(trial, rng)
    t = inj.t
    # R01: stray spaces / case in codes
    k2_rows = t["randomization"].index[t["randomization"]["arm"] == "vitamin_k2"]
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
    inj.add("randomization", {"participant_id": stray, "arm": "placebo",
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
    inj.mark("episodes", t["episodes"]["severity"] == "", "R11", "severity", INVALID_SEVERITY * 99)
    inj.mark("episodes", t["episodes"]["duration_min"] == "", "R12", "duration_min",
             INVALID_DURATION * 99)
    # R13: nights whose episodes were not all written
    for defect in trial.defects:
        mask = (t["nights"]["participant_id"] == defect["participant_id"]) & \
               (t["nights"]["night_date"] == defect["night_date"].isoformat())
        inj.mark("nights", mask, "R13")
    # R00: a record with a missing field (written as a short line below)
    return t


def _order(df: pd.DataFrame) -> pd.DataFrame:
    keys = pd.DataFrame({"a": df["participant_id"].str.strip()})
    for col in ("night_date", "onset_date", "screening_date"):
        if col in df.columns:
            keys["b"] = df[col]
            break
    if "episode" in df.columns:
        keys["c"] = pd.to_numeric(df["episode"], errors="coerce").fillna(99)
    order = keys.sort_values(list(keys.columns), kind="stable").index
    return df.loc[order].reset_index(drop=True)


def write_raw(trial, out_dir: Path, rng) -> pd.DataFrame:
    """Write the six CSV files; return the injected defects (file, line, participant_id, rule)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    tables = inject(trial, rng)
    injected = []
    for key, contract_key in FILES.items():
        spec = CONTRACT[contract_key]
        df = _order(tables[key])
        text = df[list(spec.columns)].to_csv(index=False, lineterminator="\n")
        injected += [(spec.filename, i + 2, pid.strip(), rule) for i, (pid, rule)
                     in enumerate(zip(df["participant_id"], df["_defect"])) if rule]
        if contract_key == "adverse_events":  # R00: a record with a field missing
            first = df.iloc[0]
            text += f"{first['participant_id']},{first['onset_date']},{first['term']},0\n"
            injected.append((spec.filename, len(df) + 2, "", "R00"))
        tmp = out_dir / (spec.filename + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(out_dir / spec.filename)
    return pd.DataFrame(injected, columns=["file", "line", "participant_id", "rule"])
