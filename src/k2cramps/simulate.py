"""Synthetic diary export of a trial like Tan et al. 2024, in the raw-data contract.

The participant data of the trial are not public. This simulator builds a trial that follows
the published design, then *calibrates* it: small greedy moves (one cramp, one episode's
duration or severity, one capsule) until the published analysis, computed with the same
convention functions the pipeline uses, reproduces every published figure at its printed
precision. Finally it injects one or more raw-data defects for every cleaning rule.

Run: python -m k2cramps.simulate --out data/raw [--seed N] [--scale N]
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from . import conventions as cv
from .published import Outcome, episode_figures, freq_figures

DEFAULT_SEED = 20240916
MIN_WEEK_NIGHTS = 4
MIN_BASELINE_NIGHTS = 7
PUBLISHED_TARGETS = {  # value, decimals: the printed figures of tan2024.yaml the calibration hits
    "baseline.weekly_freq_k2_mean": (2.60, 2), "baseline.weekly_freq_k2_sd": (0.81, 2),
    "baseline.weekly_freq_placebo_mean": (2.71, 2), "baseline.weekly_freq_placebo_sd": (0.80, 2),
    "primary.k2_mean": (0.96, 2), "primary.k2_sd": (1.41, 2),
    "primary.placebo_mean": (3.63, 2), "primary.placebo_sd": (2.20, 2),
    "primary.difference": (-2.67, 2), "primary.ci95_low": (-2.86, 2), "primary.ci95_high": (-2.49, 2),
    "secondary.severity_change_k2_mean": (-2.55, 2), "secondary.severity_change_k2_sd": (2.12, 2),
    "secondary.severity_change_placebo_mean": (-1.24, 2),
    "secondary.severity_change_placebo_sd": (1.16, 2),
    "secondary.duration_change_k2_mean": (-0.90, 2), "secondary.duration_change_k2_sd": (0.88, 2),
    "secondary.duration_change_placebo_mean": (-0.32, 2),
    "secondary.duration_change_placebo_sd": (0.78, 2),
    "week8.duration_k2": (0.25, 2), "week8.duration_placebo": (0.98, 2),
    "week8.duration_difference": (-0.73, 2), "week8.duration_ci95_low": (-0.80, 2),
    "week8.duration_ci95_high": (-0.65, 2),
    "week8.severity_k2": (1.12, 2), "week8.severity_placebo": (2.08, 2),
    "week8.severity_difference": (-0.97, 2), "week8.severity_ci95_low": (-1.14, 2),
    "week8.severity_ci95_high": (-0.79, 2),
}
# Flow of the published trial (per scale unit) and plausible exclusion reasons summing to 111.
N_K2, N_PLACEBO = 103, 96
EXCLUSIONS = {
    "fewer than 2 cramps in screening": 41,
    "declined to participate": 24,
    "taking diuretics": 13,
    "taking warfarin (vitamin K antagonist)": 11,
    "did not complete screening diary": 9,
    "eGFR below 30 mL/min": 7,
    "peripheral neuropathy or other secondary cause": 6,
}
EXCLUDED_WITH_DIARY = ("fewer than 2 cramps in screening", "declined to participate",
                       "did not complete screening diary")
DISCONTINUATIONS = {  # per arm, per scale unit
    "vitamin_k2": ["withdrew consent", "lost to follow-up", "hospitalised (unrelated)",
                   "moved away"],
    "placebo": ["withdrew consent", "lost to follow-up", "lost to follow-up",
                "started diuretic (protocol violation)", "withdrew consent"],
}
AE_TERMS = [  # term, serious, related (vitamin K2 has no related events, as published)
    ("upper respiratory infection", 0, 0), ("dizziness", 0, 0), ("constipation", 0, 0),
    ("headache", 0, 0), ("back pain", 0, 0), ("fall without injury", 0, 0),
    ("pneumonia requiring hospitalisation", 1, 0), ("nausea", 0, 1), ("rash", 0, 1),
]
TARGET_ADHERENCE = {"vitamin_k2": 92, "placebo": 87}
SITES = ("CD", "NC")  # Chengdu Third People's Hospital; North Sichuan Medical College
STUDY_START = date(2022, 9, 5)
RECRUITMENT_DAYS = 390
DISPENSED = 60  # 56 nights plus 4 spare capsules
# Within-participant structure (see README): weekly counts carry a participant effect; the
# ICC of observed weekly frequency comes out at about 0.17 (placebo) and 0.30 (vitamin K2).
PLACEBO_GAMMA_SHAPE = 12.0
K2_NONRESPONDER_SHARE = 0.12
# The published week-8 severity CI (half-width 0.17) bounds the spread of week-8 values:
# with the cramp-free-week-scores-0 convention it is reachable only when few participants are
# cramp-free in week 8 (at most ~20% with K2, ~3% with placebo); the calibration adds that.
WEEK8_MAX_CRAMP_FREE = {"k2": 0.20, "placebo": 0.03}


@dataclass
class Trial:
    """Truth tables in contract layout (values typed), and the defects injected later."""

    screening: pd.DataFrame
    randomization: pd.DataFrame
    nights: pd.DataFrame
    episodes: pd.DataFrame
    adverse_events: pd.DataFrame
    adherence: pd.DataFrame
    defects: list[dict] = field(default_factory=list)


def _log(msg: str) -> None:
    print(f"[simulate] {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- people
def _screening(rng, scale: int) -> tuple[pd.DataFrame, np.ndarray]:
    """Screened people, the randomized ones first in a random order of ids."""
    n_rand = (N_K2 + N_PLACEBO) * scale
    reasons = [r for r, k in EXCLUSIONS.items() for _ in range(k * scale)]
    n = n_rand + len(reasons)
    status = np.array([""] * n_rand + reasons, dtype=object)
    status = status[rng.permutation(n)]
    days = np.sort(rng.integers(0, RECRUITMENT_DAYS, n))
    ids = [f"P{i + 1:04d}" for i in range(n)]
    age = np.clip(np.round(rng.normal(72.3, 5.6, n)), 65, 94).astype(int)
    creat = np.round(rng.lognormal(np.log(0.87), 0.2, n), 2)
    creat[rng.random(n) < 0.03] = np.nan
    df = pd.DataFrame({
        "participant_id": ids,
        "site": rng.choice(SITES, n, p=[0.56, 0.44]),
        "screening_date": [STUDY_START + timedelta(days=int(d)) for d in days],
        "age": age, "sex": rng.choice(["F", "M"], n),
        "hypertension": (rng.random(n) < 0.68).astype(int),
        "diabetes": (rng.random(n) < 0.51).astype(int),
        "creatinine_mg_dl": creat, "excluded_reason": status,
    })
    randomized = np.flatnonzero(status == "")
    _calibrate_baseline_characteristics(rng, df, randomized)
    return df, randomized


def _exact_share(rng, df, rows, column, count, yes, no) -> None:
    values = np.array([no] * len(rows))
    values[rng.choice(len(rows), count, replace=False)] = yes
    df.loc[df.index[rows], column] = values


def _calibrate_baseline_characteristics(rng, df, rows) -> None:
    """Make the randomized participants' characteristics print as published."""
    n = len(rows)
    _exact_share(rng, df, rows, "sex", round(108 / 199 * n), "F", "M")
    _exact_share(rng, df, rows, "hypertension", round(0.6834 * n), 1, 0)
    _exact_share(rng, df, rows, "diabetes", round(0.5075 * n), 1, 0)
    age = df.loc[df.index[rows], "age"].to_numpy().copy()
    for _ in range(100000):
        m, s = age.mean(), age.std(ddof=1)
        if abs(m - 72.3) < 0.03 and abs(s - 5.5) < 0.03:
            break
        i = rng.integers(n)
        step = np.sign(72.3 - m) if abs(m - 72.3) >= 0.03 else (
            np.sign(age[i] - m) * np.sign(5.5 - s))
        if 65 <= age[i] + step <= 94:
            age[i] += int(step) if step != 0 else 0
    df.loc[df.index[rows], "age"] = age
    creat = df.loc[df.index[rows], "creatinine_mg_dl"].to_numpy()
    shift = 0.89 - np.nanmean(creat)
    df.loc[df.index[rows], "creatinine_mg_dl"] = np.round(creat + shift, 2)


def _randomization(rng, screening, randomized, scale) -> pd.DataFrame:
    arms = np.array(["vitamin_k2"] * (N_K2 * scale) + ["placebo"] * (N_PLACEBO * scale))
    arms = arms[rng.permutation(len(arms))]
    sub = screening.iloc[randomized]
    rand_date = [d + timedelta(days=14) for d in sub["screening_date"]]
    df = pd.DataFrame({"participant_id": sub["participant_id"].to_numpy(), "arm": arms,
                       "randomization_date": rand_date, "discontinued_date": None,
                       "discontinuation_reason": ""})
    for arm, reasons in DISCONTINUATIONS.items():
        reasons = reasons * scale
        who = rng.choice(np.flatnonzero(arms == arm), len(reasons), replace=False)
        for i, reason in zip(who, reasons):
            last = int(rng.integers(8, 50))
            df.loc[i, "discontinued_date"] = rand_date[i] + timedelta(days=last)
            df.loc[i, "discontinuation_reason"] = reason
    return df


def _last_offset(rand: pd.DataFrame) -> np.ndarray:
    """Last treatment night (offset from randomization) each participant was on study."""
    last = np.full(len(rand), cv.TREATMENT_NIGHTS - 1)
    for i, (r, d) in enumerate(zip(rand["randomization_date"], rand["discontinued_date"])):
        if isinstance(d, date):
            last[i] = (d - r).days
    return last


# --------------------------------------------------------------------------- diaries
def _recorded_nights(rng, n_part: int, last: np.ndarray) -> np.ndarray:
    """recorded[i, t] for t = offset + 14 over the 14 + 56 nights: diaries have gaps."""
    total = cv.BASELINE_NIGHTS + cv.TREATMENT_NIGHTS
    p_miss = rng.beta(1.0, 18.0, n_part)
    recorded = rng.random((n_part, total)) >= p_miss[:, None]
    recorded[:, :cv.BASELINE_NIGHTS] |= rng.random((n_part, cv.BASELINE_NIGHTS)) < 0.7
    lost_week = rng.random((n_part, cv.N_WEEKS)) < 0.025  # a diary page lost
    for i, k in zip(*np.nonzero(lost_week)):
        start = cv.BASELINE_NIGHTS + 7 * k
        recorded[i, start:start + 7] = False
    offsets = np.arange(total) - cv.BASELINE_NIGHTS
    recorded &= offsets[None, :] <= last[:, None]
    return recorded


def _period_matrix(recorded: np.ndarray) -> np.ndarray:
    """Diary nights per participant and visit (0 baseline, 1..8 weeks)."""
    visits = cv.visit_of_offset(np.arange(recorded.shape[1]) - cv.BASELINE_NIGHTS)
    return np.stack([recorded[:, visits == v].sum(axis=1) for v in range(cv.N_WEEKS + 1)], axis=1)


def _initial_counts(rng, nights: np.ndarray, k2: np.ndarray) -> np.ndarray:
    """Cramps per participant and visit before calibration."""
    n_part = len(k2)
    counts = np.zeros_like(nights)
    base_rate = np.clip(rng.normal(2.65, 0.75, n_part), 1.1, None)
    counts[:, 0] = np.maximum(2, np.round(base_rate * nights[:, 0] / 7))
    weeks = np.arange(1, cv.N_WEEKS + 1)
    placebo_mu = 3.63 * rng.gamma(PLACEBO_GAMMA_SHAPE, 1 / PLACEBO_GAMMA_SHAPE, n_part)
    nonresponder = rng.random(n_part) < K2_NONRESPONDER_SHARE
    k2_mu = np.where(nonresponder, rng.gamma(4.0, 0.6, n_part), rng.gamma(6.0, 0.05, n_part))
    p_zero = np.where(nonresponder, 0.05, 0.30)
    for i in range(n_part):
        n_k = nights[i, weeks]
        if k2[i]:
            extra = rng.negative_binomial(2.0, 2.0 / (2.0 + k2_mu[i]), cv.N_WEEKS)
            weekly = np.where(rng.random(cv.N_WEEKS) < p_zero[i], 0, 1 + extra)
        else:
            weekly = rng.negative_binomial(20.0, 20.0 / (20.0 + placebo_mu[i]), cv.N_WEEKS)
        counts[i, weeks] = rng.binomial(weekly, n_k / 7.0)
    return counts


def _spread(rng, recorded_row: np.ndarray, visits: np.ndarray, counts_row: np.ndarray) -> np.ndarray:
    """Spread each visit's cramps over its recorded nights (at most 3 on one night)."""
    nightly = np.zeros(recorded_row.shape, dtype=int)
    for v, c in enumerate(counts_row):
        idx = np.flatnonzero(recorded_row & (visits == v))
        for _ in range(int(c)):
            free = idx[nightly[idx] < 3] if len(idx[nightly[idx] < 3]) else idx
            nightly[rng.choice(free)] += 1
    return nightly


# --------------------------------------------------------------------------- calibration
def _loss(values: dict[str, float], keys) -> float:
    """Zero once every figure lies well inside its printed rounding interval."""
    total = 0.0
    for key in keys:
        target, decimals = PUBLISHED_TARGETS[key]
        tol = 0.5 * 10.0 ** -decimals
        excess = abs(values[key] - target) - 0.9 * tol
        if excess > 0:
            total += (excess / tol) ** 2
    return total


def _greedy(loss_of, propose, apply, max_iter: int, label: str) -> float:
    """Accept a proposed move (one step, or two at once to cross ridges where one figure
    must move while another stays) only when it lowers the loss; stop at zero."""
    loss = loss_of()
    for it in range(max_iter):
        if loss == 0:
            break
        moves = []
        for _ in range(1 + it % 2):  # each proposal sees the state the previous one left
            move = propose()
            if move is not None:
                apply(move, +1)
                moves.append(move)
        if not moves:
            continue
        new = loss_of()
        if new < loss:
            loss = new
        else:
            for m in reversed(moves):
                apply(m, -1)
        if it % 20000 == 0:
            _log(f"calibrating {label}: iteration {it}, loss {loss:.3f}")
    _log(f"calibrated {label}: loss {loss:.4f}")
    return loss


def _freq_outcome(counts, nights) -> Outcome:
    weeks = cv.weekly_rate(counts[:, 1:], nights[:, 1:], MIN_WEEK_NIGHTS)
    base = cv.weekly_rate(counts[:, 0], nights[:, 0], MIN_BASELINE_NIGHTS)
    return Outcome(weeks, base)


def _calibrate_counts(rng, counts, nights, k2, max_iter) -> None:
    keys = [k for k in PUBLISHED_TARGETS if k.startswith(("baseline.", "primary."))]

    def loss_of():
        outcome = _freq_outcome(counts, nights)
        penalty = 0.0
        for arm, limit in ((k2, WEEK8_MAX_CRAMP_FREE["k2"]), (~k2, WEEK8_MAX_CRAMP_FREE["placebo"])):
            week8 = outcome.weeks[arm, -1]
            excess = max(0.0, np.mean(week8[~np.isnan(week8)] == 0) - limit)
            penalty += (excess / 0.01) ** 2
        return _loss(freq_figures(outcome, k2), keys) + penalty

    def propose():
        cells = []
        for sign in ((+1, -1) if rng.random() < 0.5 else (rng.choice([-1, 1]),)):
            i = rng.integers(len(k2))
            v = 0 if rng.random() < 0.25 else rng.integers(1, cv.N_WEEKS + 1)
            if nights[i, v] == 0:
                return None
            floor = 2 if v == 0 else 0
            if counts[i, v] + sign < floor:
                return None
            cells.append((i, v, sign))
        return cells

    def apply(move, direction):
        for i, v, sign in move:
            counts[i, v] += direction * sign

    _greedy(loss_of, propose, apply, max_iter, "weekly frequency")


def _episodes(rng, nightly, offsets, k2) -> pd.DataFrame:
    """Episodes of every night with cramps: participant-level duration and severity."""
    n_part = len(k2)
    base_dur = np.where(k2, rng.lognormal(np.log(1.1), 0.6, n_part),
                        rng.lognormal(np.log(1.25), 0.5, n_part))
    base_sev = np.clip(np.where(k2, rng.normal(3.45, 2.0, n_part),
                                rng.normal(3.35, 1.1, n_part)), 1, 9)
    rows = []
    visits = cv.visit_of_offset(offsets)
    for i in range(n_part):
        for t in np.flatnonzero(nightly[i]):
            v = visits[t]
            if v == 0:
                dur_mu, sev_mu = base_dur[i], base_sev[i]
            elif k2[i]:
                dur_mu, sev_mu = 0.36 - 0.01 * v, 1.6 - 0.01 * v
            else:
                dur_mu, sev_mu = 1.02 - 0.005 * v, 2.3 - 0.03 * v
            for e in range(nightly[i, t]):
                dur = max(0.1, round(dur_mu * rng.lognormal(0, 0.25), 1))
                sev = int(np.clip(round(rng.normal(sev_mu, 0.5)), 1, 10))
                rows.append((i, t, v, e + 1, dur, float(sev)))
    return pd.DataFrame(rows, columns=["pidx", "t", "visit", "episode", "duration_min", "severity"])


def _episode_outcome(total, count, counts, nights) -> Outcome:
    """Duration or severity outcome from per-(participant, visit) sums and counts."""
    weeks = cv.episode_mean(total[:, 1:], count[:, 1:], counts[:, 1:], nights[:, 1:],
                            MIN_WEEK_NIGHTS, "zero")
    base = cv.episode_mean(total[:, 0], count[:, 0], counts[:, 0], nights[:, 0],
                           MIN_BASELINE_NIGHTS, "zero")
    return Outcome(weeks, base)


def _calibrate_episodes(rng, ep, counts, nights, k2, max_iter) -> None:
    """Nudge single episodes' duration (0.1 min) or severity (1 point)."""
    dur = ep["duration_min"].to_numpy().copy()
    sev = ep["severity"].to_numpy().copy()
    key = ep["pidx"].to_numpy() * (cv.N_WEEKS + 1) + ep["visit"].to_numpy()
    n_part = counts.shape[0]
    size = n_part * (cv.N_WEEKS + 1)
    sums = {"d": np.bincount(key, np.nan_to_num(dur), size).astype(float),
            "s": np.bincount(key, np.nan_to_num(sev), size).astype(float)}
    cnt = {"d": np.bincount(key[~np.isnan(dur)], minlength=size).astype(float),
           "s": np.bincount(key[~np.isnan(sev)], minlength=size).astype(float)}
    names = {"d": "duration", "s": "severity"}
    keys = {c: [k for k in PUBLISHED_TARGETS if names[c] in k] for c in "ds"}

    def outcome(c):
        return _episode_outcome(sums[c].reshape(n_part, -1), cnt[c].reshape(n_part, -1),
                                counts, nights)

    cell_members = pd.Series(np.arange(len(key))).groupby(key).apply(np.asarray).to_dict()
    for c, values, step, lo, hi in (("d", dur, 0.1, 0.1, 30.0), ("s", sev, 1.0, 1.0, 10.0)):
        def loss_of(c=c):
            return _loss(episode_figures(names[c], outcome(c), k2), keys[c])

        def propose(values=values, step=step, lo=lo, hi=hi):
            j = rng.integers(len(values))
            members = cell_members[key[j]] if rng.random() < 0.3 else np.array([j])
            members = members[~np.isnan(values[members])]
            delta = step * rng.choice([-1, 1])
            new = np.round(values[members] + delta, 1)
            if len(members) == 0 or new.min() < lo or new.max() > hi:
                return None
            return members, delta

        def apply(move, direction, values=values, c=c):
            members, delta = move
            values[members] = np.round(values[members] + direction * delta, 1)
            np.add.at(sums[c], key[members], direction * delta)

        _greedy(loss_of, propose, apply, max_iter, names[c])
    ep["duration_min"] = dur
    ep["severity"] = sev


def _semantic_defects(rng, ep: pd.DataFrame, scale: int) -> tuple[pd.DataFrame, list]:
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


# --------------------------------------------------------------------------- safety, adherence
def _adverse_events(rng, rand, last) -> pd.DataFrame:
    rows = []
    for i, (pid, arm, r) in enumerate(rand[["participant_id", "arm", "randomization_date"]]
                                      .itertuples(index=False)):
        for term, serious, related in AE_TERMS:
            if related and arm == "vitamin_k2":
                continue
            rate = 0.02 if not serious else 0.006
            if rng.random() < rate:
                onset = r + timedelta(days=int(rng.integers(0, last[i] + 1)))
                rows.append((pid, onset, term, serious, related))
    return pd.DataFrame(rows, columns=["participant_id", "onset_date", "term", "serious", "related"])


def _adherence(rng, rand, last) -> pd.DataFrame:
    planned = last + 1
    arms = rand["arm"].to_numpy()
    taken = np.zeros(len(rand), dtype=int)
    for arm, target in TARGET_ADHERENCE.items():
        idx = np.flatnonzero(arms == arm)
        share = np.clip(rng.beta(target / 4, (100 - target) / 4, len(idx)), 0.5, 1)
        taken[idx] = np.round(share * planned[idx])
        for _ in range(100000):  # one capsule at a time until the arm mean prints as published
            pct = 100 * taken[idx] / planned[idx]
            if abs(pct.mean() - target) < 0.3:
                break
            j = rng.integers(len(idx))
            step = 1 if pct.mean() < target else -1
            if 0 <= taken[idx[j]] + step <= planned[idx[j]]:
                taken[idx[j]] += step
    return pd.DataFrame({"participant_id": rand["participant_id"], "capsules_dispensed": DISPENSED,
                         "capsules_returned": DISPENSED - taken})


# --------------------------------------------------------------------------- assembly
def simulate(seed: int = DEFAULT_SEED, scale: int = 1, calibrate: bool | None = None,
             max_iter: int = 400000) -> Trial:
    """A whole synthetic trial; calibrated to the published figures when scale == 1."""
    if scale < 1:
        raise ValueError("scale must be a positive integer")
    calibrate = scale == 1 if calibrate is None else calibrate
    rng = np.random.default_rng(seed)
    screening, randomized = _screening(rng, scale)
    rand = _randomization(rng, screening, randomized, scale)
    k2 = (rand["arm"] == "vitamin_k2").to_numpy()
    last = _last_offset(rand)
    recorded = _recorded_nights(rng, len(rand), last)
    nights = _period_matrix(recorded)
    counts = _initial_counts(rng, nights, k2)
    if calibrate:
        _calibrate_counts(rng, counts, nights, k2, max_iter)
    offsets = np.arange(recorded.shape[1]) - cv.BASELINE_NIGHTS
    visits = cv.visit_of_offset(offsets)
    nightly = np.stack([_spread(rng, recorded[i], visits, counts[i]) for i in range(len(rand))])
    ep = _episodes(rng, nightly, offsets, k2)
    ep, r13_nights = _semantic_defects(rng, ep, scale)
    if calibrate:
        _calibrate_episodes(rng, ep, counts, nights, k2, max_iter)
    diary, episodes = _diary_tables(rand, recorded, nightly, offsets, ep)
    diary = pd.concat([diary, _screening_diaries(rng, screening)], ignore_index=True)
    trial = Trial(screening, rand, diary, episodes, _adverse_events(rng, rand, last),
                  _adherence(rng, rand, last))
    trial.defects = [{"kind": "R13", "participant_id": rand["participant_id"].iloc[i],
                      "night_date": rand["randomization_date"].iloc[i]
                      + timedelta(days=int(offsets[t]))} for i, t in r13_nights]
    return trial


def _diary_tables(rand, recorded, nightly, offsets, ep):
    pids = rand["participant_id"].to_numpy()
    rdates = rand["randomization_date"].to_numpy()
    i_idx, t_idx = np.nonzero(recorded)
    diary = pd.DataFrame({
        "participant_id": pids[i_idx],
        "night_date": [rdates[i] + timedelta(days=int(offsets[t])) for i, t in zip(i_idx, t_idx)],
        "cramps": nightly[i_idx, t_idx]})
    episodes = pd.DataFrame({
        "participant_id": pids[ep["pidx"]],
        "night_date": [rdates[i] + timedelta(days=int(offsets[t]))
                       for i, t in zip(ep["pidx"], ep["t"])],
        "episode": ep["episode"].to_numpy(), "duration_min": ep["duration_min"].to_numpy(),
        "severity": ep["severity"].to_numpy()})
    return diary, episodes


def _screening_diaries(rng, screening) -> pd.DataFrame:
    """Screening diaries of people excluded after (or during) the diary."""
    rows = []
    for pid, s, reason in screening[["participant_id", "screening_date", "excluded_reason"]] \
            .itertuples(index=False):
        if reason not in EXCLUDED_WITH_DIARY:
            continue
        n = int(rng.integers(3, 7)) if reason == "did not complete screening diary" else 14
        cramps = np.zeros(n, dtype=int)
        if reason == "fewer than 2 cramps in screening":
            cramps[rng.integers(n)] = int(rng.integers(0, 2))
        else:
            cramps = rng.binomial(1, 0.35, n)
        rows += [(pid, s + timedelta(days=d), int(c)) for d, c in enumerate(cramps)]
    return pd.DataFrame(rows, columns=["participant_id", "night_date", "cramps"])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="folder for the six CSV files")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--scale", type=int, default=1, help="N-times-larger trial (benchmarks)")
    parser.add_argument("--defects", type=Path, help="where to write the list of injected defects")
    args = parser.parse_args(argv)
    from .raw_export import write_raw
    trial = simulate(args.seed, args.scale)
    injected = write_raw(trial, args.out, np.random.default_rng(args.seed + 1))
    if args.defects:
        args.defects.parent.mkdir(parents=True, exist_ok=True)
        injected.to_csv(args.defects, index=False, lineterminator="\n")
    _log(f"wrote {args.out} ({len(trial.randomization)} randomized, scale {args.scale})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
