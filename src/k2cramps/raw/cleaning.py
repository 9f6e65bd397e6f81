"""Row-level cleaning rules (design section 4), applied in the design's order.

Every rule that touches a raw row writes one log line naming file, raw line, participant,
rule, action and the original value. Nothing is lost silently: for every file,
rows read = rows used + rows dropped, and `clean` asserts it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..core.arms import ARMS
from ..core.schedule import BASELINE_NIGHTS, last_night, visit_of_offset
from .contract import CONTRACT, LINE, RawDataError, RawTable
from .log import CleaningLog, accounting
from .rules import AE_FOLLOW_UP_DAYS, MAX_CAPSULES, MAX_CRAMPS_PER_NIGHT, MAX_DURATION_MIN

DATE_COLUMNS = {"screening": ["screening_date"], "randomization": ["randomization_date"],
                "diary_nights": ["night_date"], "cramp_episodes": ["night_date"],
                "adverse_events": ["onset_date"]}
CANONICAL = {"sex": str.upper, "arm": str.lower}  # codes only: free text is stripped, not recased
FLAGS = {"screening": ("hypertension", "diabetes"), "adverse_events": ("serious", "related")}


@dataclass
class Cleaned:
    tables: dict[str, pd.DataFrame]
    log: pd.DataFrame
    accounting: pd.DataFrame
    notes: list[str] = field(default_factory=list)


def _row_text(df: pd.DataFrame, columns) -> pd.Series:
    return df[list(columns)].astype(str).agg(",".join, axis=1)


def _drop(log: CleaningLog, key: str, df: pd.DataFrame, mask, rule: str, original=None) -> pd.DataFrame:
    mask = np.asarray(mask, dtype=bool)
    if mask.any():
        bad = df[mask]
        log.add(key, bad, rule, _row_text(bad, CONTRACT[key].columns) if original is None
                else original[mask])
    return df[~mask]


def _per_value(s: pd.Series, fn) -> pd.Series:
    """`fn` applied to each distinct text of `s` once and spread back over its rows: a column
    of 1.4 million diary nights holds a few hundred dates and a dozen counts."""
    codes, uniques = pd.factorize(s, use_na_sentinel=False)
    done = fn(pd.Series(uniques, dtype=object))
    return pd.Series(done.to_numpy().take(codes), index=s.index)


def _parse_dates(s: pd.Series) -> pd.Series:
    return _per_value(s, lambda u: pd.to_datetime(u, format="%Y-%m-%d", errors="coerce").dt.date)


def _is_int(s: pd.Series, low=None, high=None) -> pd.Series:
    def check(u: pd.Series) -> pd.Series:
        num = pd.to_numeric(u, errors="coerce")
        ok = num.notna() & (num == np.floor(num)) & u.str.fullmatch(r"[+-]?\d+(\.0*)?")
        if low is not None:
            ok &= num >= low
        if high is not None:
            ok &= num <= high
        return ok.fillna(False).astype(bool)
    return _per_value(s, check).astype(bool)


# --------------------------------------------------------------------------- file-local rules
def _normalise(log: CleaningLog, key: str, df: pd.DataFrame) -> pd.DataFrame:
    """R01: strip every cell; canonical case for codes (not for names such as sites)."""
    columns = list(CONTRACT[key].columns)
    cells = {c: df[c].to_numpy(dtype=object) for c in columns}
    tidy = {c: _tidied(cells[c], CANONICAL.get(c, str)) for c in columns}
    changed = np.any([tidy[c] != cells[c] for c in columns], axis=0)
    if changed.any():
        orig = ["; ".join(f"{c}={cells[c][i]!r}" for c in columns if cells[c][i] != tidy[c][i])
                for i in np.flatnonzero(changed)]
        log.add(key, df[changed], "R01", pd.Series(orig, index=df.index[changed]))
    return df.assign(**tidy)


def _tidied(cells: np.ndarray, recase) -> np.ndarray:
    """Each distinct text of a column stripped (and recased) once and spread back over its
    rows: a column of 1.4 million diary nights holds a few hundred dates and a dozen counts."""
    codes, texts = pd.factorize(cells, use_na_sentinel=False)
    return np.array([recase(text.strip()) for text in texts] or [""], dtype=object)[codes]


def _file_rules(log: CleaningLog, table: RawTable) -> pd.DataFrame:
    key, df = table.key, table.rows
    for line, text in table.malformed:
        log.add_malformed(key, line, text)
    df = _normalise(log, key, df)
    cols = list(CONTRACT[key].columns)
    df = _drop(log, key, df, df.duplicated(cols, keep="first"), "R02")
    if key in ("screening", "randomization", "adherence"):
        df = _drop(log, key, df, df.duplicated("participant_id", keep=False), "R02b")
    for col in DATE_COLUMNS.get(key, []):
        df = _drop(log, key, df, _parse_dates(df[col]).isna(), "R03", df[col])
    return _required_values(log, key, df)


def _required_values(log: CleaningLog, key: str, df: pd.DataFrame) -> pd.DataFrame:
    """R03b: values the analysis cannot do without must parse."""
    bad = ~_per_value(df["participant_id"],
                      lambda u: u.str.fullmatch(r"[A-Za-z0-9_-]+")).astype(bool)
    if key == "screening":
        bad |= ~_is_int(df["age"], 0, 130) | ~df["sex"].isin(["F", "M"])
    elif key == "adherence":
        bad |= (~_is_int(df["capsules_dispensed"], 0, MAX_CAPSULES)
                | ~_is_int(df["capsules_returned"], 0, MAX_CAPSULES))
    elif key == "cramp_episodes":
        bad |= ~_is_int(df["episode"], 1, MAX_CRAMPS_PER_NIGHT)
    for flag in FLAGS.get(key, ()):   # whole numbers, as counts are: "1.0" is 1
        bad |= ~_is_int(df[flag], 0, 1)
    df = _drop(log, key, df, bad, "R03b")
    if key == "cramp_episodes":  # "1" and "1.0" are the same episode (R09b compares them)
        df = df.assign(episode=pd.to_numeric(df["episode"]).astype(int).astype(str))
    if key == "screening":
        creat = df["creatinine_mg_dl"]
        value = pd.to_numeric(creat, errors="coerce")
        unparsed = (creat != "") & ~(np.isfinite(value) & (value > 0))
        if unparsed.any():
            log.add(key, df[unparsed], "R03c", creat[unparsed])
            df = df.copy()
            df.loc[unparsed, "creatinine_mg_dl"] = ""
    return df


# --------------------------------------------------------------------------- cross-file rules
def _randomization_rules(log, rand, screening) -> pd.DataFrame:
    known = rand["participant_id"].isin(screening["participant_id"])
    rand = _drop(log, "randomization", rand, ~rand["arm"].isin(ARMS) | ~known, "R04")
    stop, start = _parse_dates(rand["discontinued_date"]), _parse_dates(rand["randomization_date"])
    unusable = (rand["discontinued_date"] != "") & stop.isna()
    early = (unusable | (stop.notna() & (stop < start))).to_numpy(dtype=bool)
    if early.any():
        log.add("randomization", rand[early], "R15",
                "discontinued_date=" + rand.loc[early, "discontinued_date"])
        rand = rand.copy()
        rand.loc[early, "discontinued_date"] = ""
        rand.loc[early & (rand["discontinuation_reason"] == "").to_numpy(),
                 "discontinuation_reason"] = "unknown"
    reasons = screening.set_index("participant_id")["excluded_reason"]
    excluded = rand["participant_id"].map(reasons).fillna("") != ""
    if excluded.any():
        log.add("randomization", rand[excluded], "R05",
                "excluded_reason=" + rand.loc[excluded, "participant_id"].map(reasons))
    return rand


def _offsets(df: pd.DataFrame, rand: pd.DataFrame,
             date_column: str = "night_date") -> tuple[np.ndarray, np.ndarray]:
    """Days from randomization to each row's date, and the last night on study (offset)."""
    r = df["participant_id"].map(rand.set_index("participant_id")["randomization_date"])
    last = df["participant_id"].map(rand.set_index("participant_id")["_last"])
    offset = (pd.to_datetime(df[date_column]) - pd.to_datetime(r)).dt.days.to_numpy(dtype=int)
    return offset, last.to_numpy(dtype=int)


def _diary_rules(log, nights, episodes, rand):
    """R07-R13 on diary nights and cramp episodes of randomized participants."""
    for key in ("diary_nights", "cramp_episodes"):
        df = nights if key == "diary_nights" else episodes
        offset, last = _offsets(df, rand)
        outside = (visit_of_offset(offset) < 0) | (offset > last)
        df = _drop(log, key, df, outside, "R07", df["night_date"])
        if key == "diary_nights":
            nights = df
        else:
            episodes = df
    nights = _drop(log, "diary_nights", nights, ~_is_int(nights["cramps"], 0, MAX_CRAMPS_PER_NIGHT),
                   "R08", nights["cramps"])
    night_of_night, night_of_episode = _night_keys(nights, episodes)
    nights, episodes = nights.assign(_night=night_of_night), episodes.assign(_night=night_of_episode)
    conflict = nights["_night"].duplicated(keep=False)
    conflicted = nights.loc[conflict, "_night"].unique()
    nights = _drop(log, "diary_nights", nights, conflict, "R09", nights["cramps"])
    episodes = _drop(log, "cramp_episodes", episodes, episodes["_night"].isin(conflicted), "R09")
    episodes = _drop(log, "cramp_episodes", episodes,
                     episodes.duplicated(["_night", "episode"], keep=False), "R09b")
    episodes = _drop(log, "cramp_episodes", episodes, ~episodes["_night"].isin(nights["_night"]),
                     "R10")
    episodes = episodes.copy()
    bad_sev = ~_is_int(episodes["severity"], 1, 10)
    if bad_sev.any():
        log.add("cramp_episodes", episodes[bad_sev], "R11", episodes.loc[bad_sev, "severity"])
    dur = pd.to_numeric(episodes["duration_min"], errors="coerce")
    bad_dur = ~((dur > 0) & (dur <= MAX_DURATION_MIN))
    if bad_dur.any():
        log.add("cramp_episodes", episodes[bad_dur], "R12", episodes.loc[bad_dur, "duration_min"])
    episodes["severity"] = pd.to_numeric(episodes["severity"], errors="coerce").where(~bad_sev)
    episodes["duration_min"] = dur.where(~bad_dur)
    n_ep = nights["_night"].map(episodes["_night"].value_counts()).fillna(0).to_numpy()
    mismatch = n_ep != nights["cramps"].astype(float).astype(int).to_numpy()
    if mismatch.any():
        mm = nights[mismatch]
        log.add("diary_nights", mm, "R13",
                "cramps=" + mm["cramps"] + "; episodes=" + pd.Series(n_ep[mismatch], index=mm.index)
                .astype(int).astype(str))
    return nights.drop(columns="_night"), episodes.drop(columns="_night")


def _night_keys(nights: pd.DataFrame, episodes: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(participant, night) of each row as one integer, the same in both tables: the rules
    compare a million nights with half a million episodes by these, not by pairs of strings.
    Texts are compared as written (R01 has stripped them), as before."""
    both = pd.concat([nights[["participant_id", "night_date"]],
                      episodes[["participant_id", "night_date"]]], ignore_index=True)
    person = pd.factorize(both["participant_id"])[0].astype(np.int64)
    night, nights_seen = pd.factorize(both["night_date"])
    key = person * max(len(nights_seen), 1) + night
    return key[: len(nights)], key[len(nights):]


def _returned_more_than_dispensed(log, adh: pd.DataFrame) -> pd.DataFrame:
    """R14, after R06 as rules.py orders it: a row of someone not randomized is R06's."""
    back = pd.to_numeric(adh["capsules_returned"]) > pd.to_numeric(adh["capsules_dispensed"])
    return _drop(log, "adherence", adh, back, "R14", "dispensed=" + adh["capsules_dispensed"]
                 + "; returned=" + adh["capsules_returned"])


def _late_events(log, ae: pd.DataFrame, rand: pd.DataFrame) -> pd.DataFrame:
    """R16: an onset before the screening diary began, or long after the participant left the
    study, is not this study's event."""
    day, last = _offsets(ae, rand, "onset_date")
    outside = (day < -BASELINE_NIGHTS) | (day > last + AE_FOLLOW_UP_DAYS)
    return _drop(log, "adverse_events", ae, outside, "R16", ae["onset_date"])


def _check_analysable(raw: dict[str, RawTable], df: dict[str, pd.DataFrame]) -> None:
    """An export with no randomized participant or no usable diary night cannot be analysed."""
    for key, what in (("randomization", "randomized participant"),
                      ("diary_nights", "diary night of a randomized participant")):
        if df[key].empty:
            table = raw[key]
            raise RawDataError(
                f"{table.path}: no {what} left to analyse "
                f"({len(table.rows) + len(table.malformed)} data rows read, every one dropped "
                f"by the cleaning rules; see their log lines above)")
    arms = set(df["randomization"]["arm"])
    if arms != set(ARMS):
        raise RawDataError(f"{raw['randomization'].path}: randomized participants in "
                           f"{', '.join(sorted(arms))} only; a comparison needs both arms")


# --------------------------------------------------------------------------- typing
def _typed(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    t = {k: v.copy() for k, v in tables.items()}
    s = t["screening"]
    s["screening_date"] = _parse_dates(s["screening_date"])
    s["creatinine_mg_dl"] = pd.to_numeric(s["creatinine_mg_dl"], errors="coerce")
    for col in ("age", *FLAGS["screening"]):
        s[col] = s[col].astype(float).astype(int)
    r = t["randomization"]
    r["randomization_date"] = _parse_dates(r["randomization_date"])
    r["discontinued_date"] = _parse_dates(r["discontinued_date"].replace("", None))
    for key in ("diary_nights", "cramp_episodes"):
        t[key]["night_date"] = _parse_dates(t[key]["night_date"])
    t["diary_nights"]["cramps"] = t["diary_nights"]["cramps"].astype(float).astype(int)
    t["cramp_episodes"]["episode"] = t["cramp_episodes"]["episode"].astype(float).astype(int)
    ae = t["adverse_events"]
    ae["onset_date"] = _parse_dates(ae["onset_date"])
    for col in FLAGS["adverse_events"]:
        ae[col] = ae[col].astype(float).astype(int)
    ad = t["adherence"]
    for col in ("capsules_dispensed", "capsules_returned"):
        ad[col] = ad[col].astype(float).astype(int)
    for key, df in t.items():
        t[key] = df.sort_values([c for c in ("participant_id", "night_date", "episode",
                                             "onset_date") if c in df.columns] + [LINE],
                                kind="stable").reset_index(drop=True)
    r = t["randomization"]
    r.drop(columns="_last", inplace=True)
    return t


def clean(raw: dict[str, RawTable]) -> Cleaned:
    """Apply R00-R16 to the six raw tables; return typed tables, log and accounting; stop
    with RawDataError if nothing analysable is left."""
    log = CleaningLog()
    df = {key: _file_rules(log, table) for key, table in raw.items()}
    rand = _randomization_rules(log, df["randomization"], df["screening"])
    rand = rand.assign(_last=last_night(rand["randomization_date"], rand["discontinued_date"]))
    df["randomization"] = rand
    for key in ("diary_nights", "cramp_episodes", "adverse_events", "adherence"):
        df[key] = _drop(log, key, df[key], ~df[key]["participant_id"].isin(rand["participant_id"]),
                        "R06")
    df["adherence"] = _returned_more_than_dispensed(log, df["adherence"])
    df["adverse_events"] = _late_events(log, df["adverse_events"], rand)
    df["diary_nights"], df["cramp_episodes"] = _diary_rules(
        log, df["diary_nights"], df["cramp_episodes"], rand)
    _check_analysable(raw, df)
    logf = log.frame()
    accounted = accounting(raw, df, logf)
    return Cleaned(_typed(df), logf, accounted)
