"""The diaries: which nights were written, cramps per participant and week (a participant
effect, overdispersed counts, an effect of vitamin K2 from week 1), spread over the nights,
and the episodes of each night with their duration and severity."""
from __future__ import annotations

from datetime import timedelta

import numpy as np
import pandas as pd

from ..core.schedule import BASELINE_NIGHTS, N_WEEKS, TREATMENT_NIGHTS, visit_of_offset
from .design import EXCLUDED_WITH_DIARY, K2_NONRESPONDER_SHARE, PLACEBO_GAMMA_SHAPE


def recorded_nights(rng, n_part: int, last: np.ndarray) -> np.ndarray:
    """recorded[i, t] for t = offset + 14 over the 14 + 56 nights: diaries have gaps."""
    total = BASELINE_NIGHTS + TREATMENT_NIGHTS
    p_miss = rng.beta(1.0, 18.0, n_part)
    recorded = rng.random((n_part, total)) >= p_miss[:, None]
    recorded[:, :BASELINE_NIGHTS] |= rng.random((n_part, BASELINE_NIGHTS)) < 0.7
    lost_week = rng.random((n_part, N_WEEKS)) < 0.025  # a diary page lost
    for i, k in zip(*np.nonzero(lost_week)):
        start = BASELINE_NIGHTS + 7 * k
        recorded[i, start:start + 7] = False
    offsets = np.arange(total) - BASELINE_NIGHTS
    recorded &= offsets[None, :] <= last[:, None]
    return recorded


def period_matrix(recorded: np.ndarray) -> np.ndarray:
    """Diary nights per participant and visit (0 baseline, 1..8 weeks)."""
    visits = visit_of_offset(np.arange(recorded.shape[1]) - BASELINE_NIGHTS)
    return np.stack([recorded[:, visits == v].sum(axis=1) for v in range(N_WEEKS + 1)], axis=1)


def initial_counts(rng, nights: np.ndarray, k2: np.ndarray) -> np.ndarray:
    """Cramps per participant and visit before calibration."""
    n_part = len(k2)
    counts = np.zeros_like(nights)
    base_rate = np.clip(rng.normal(2.65, 0.75, n_part), 1.1, None)
    counts[:, 0] = np.maximum(2, np.round(base_rate * nights[:, 0] / 7))
    weeks = np.arange(1, N_WEEKS + 1)
    placebo_mu = 3.63 * rng.gamma(PLACEBO_GAMMA_SHAPE, 1 / PLACEBO_GAMMA_SHAPE, n_part)
    nonresponder = rng.random(n_part) < K2_NONRESPONDER_SHARE
    k2_mu = np.where(nonresponder, rng.gamma(4.0, 0.6, n_part), rng.gamma(6.0, 0.05, n_part))
    p_zero = np.where(nonresponder, 0.05, 0.30)
    for i in range(n_part):
        n_k = nights[i, weeks]
        if k2[i]:
            extra = rng.negative_binomial(2.0, 2.0 / (2.0 + k2_mu[i]), N_WEEKS)
            weekly = np.where(rng.random(N_WEEKS) < p_zero[i], 0, 1 + extra)
        else:
            weekly = rng.negative_binomial(20.0, 20.0 / (20.0 + placebo_mu[i]), N_WEEKS)
        counts[i, weeks] = rng.binomial(weekly, n_k / 7.0)
    return counts


def spread(rng, recorded_row: np.ndarray, visits: np.ndarray, counts_row: np.ndarray) -> np.ndarray:
    """Spread each visit's cramps over its recorded nights (at most 3 on one night)."""
    nightly = np.zeros(recorded_row.shape, dtype=int)
    for v, c in enumerate(counts_row):
        idx = np.flatnonzero(recorded_row & (visits == v))
        for _ in range(int(c)):
            free = idx[nightly[idx] < 3] if len(idx[nightly[idx] < 3]) else idx
            nightly[rng.choice(free)] += 1
    return nightly


def episodes(rng, nightly, offsets, k2) -> pd.DataFrame:
    """Episodes of every night with cramps: participant-level duration and severity."""
    n_part = len(k2)
    base_dur = np.where(k2, rng.lognormal(np.log(1.1), 0.6, n_part),
                        rng.lognormal(np.log(1.25), 0.5, n_part))
    base_sev = np.clip(np.where(k2, rng.normal(3.45, 2.0, n_part),
                                rng.normal(3.35, 1.1, n_part)), 1, 9)
    rows = []
    visits = visit_of_offset(offsets)
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


def diary_tables(rand, recorded, nightly, offsets, ep):
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


def screening_diaries(rng, screening) -> pd.DataFrame:
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
