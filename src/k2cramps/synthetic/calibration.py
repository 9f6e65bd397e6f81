"""Calibration: small greedy moves (one cramp, one episode's duration or severity) until the
published analysis, computed by the pipeline's own functions, prints every published outcome
figure of data/published/tan2024.yaml at its printed precision.

`p` is the run's parameters (`core.params.Params`): the diary-night thresholds and alpha
the published analysis is computed with.
"""
from __future__ import annotations

import sys

import numpy as np
import pandas as pd

from ..analysis.published import episode_figures, freq_figures
from ..core.conventions import Outcome, episode_mean, weekly_rate
from ..core.publication import load_published
from ..core.schedule import N_WEEKS
from .design import WEEK8_MAX_CRAMP_FREE

PUBLISHED_CRAMP_FREE_WEEK = "zero"  # the paper scores a recorded week without cramps 0


def progress(msg: str) -> None:
    print(f"[simulate] {msg}", file=sys.stderr, flush=True)


def published_targets() -> dict[str, tuple[float, int]]:
    """{"section.name": (value, decimals)} of the printed outcome figures the calibration
    hits: baseline frequency, primary, secondary and week-8 figures (not p-values)."""
    targets = {}
    for key, entry in load_published().items():
        section, name = key.split(".", 1)
        outcome = section in ("primary", "secondary", "week8") or name.startswith("weekly_freq")
        if outcome and "decimals" in entry and not isinstance(entry["value"], str):
            targets[key] = (entry["value"], entry["decimals"])
    return targets


PUBLISHED_TARGETS = published_targets()


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
            progress(f"calibrating {label}: iteration {it}, loss {loss:.3f}")
    progress(f"calibrated {label}: loss {loss:.4f}")
    return loss


def freq_outcome(counts, nights, p) -> Outcome:
    """Weekly frequency from cramps and diary nights per participant and visit."""
    weeks = weekly_rate(counts[:, 1:], nights[:, 1:], p.min_nights_per_week)
    base = weekly_rate(counts[:, 0], nights[:, 0], p.min_baseline_nights)
    return Outcome(weeks, base)


def calibrate_counts(rng, counts, nights, k2, p, max_iter: int) -> None:
    """Move single cramps between weeks until the frequency figures print as published."""
    keys = [k for k in PUBLISHED_TARGETS if k.startswith(("baseline.", "primary."))]

    def loss_of():
        outcome = freq_outcome(counts, nights, p)
        penalty = 0.0
        for arm, limit in ((k2, WEEK8_MAX_CRAMP_FREE["k2"]), (~k2, WEEK8_MAX_CRAMP_FREE["placebo"])):
            week8 = outcome.weeks[arm, -1]
            excess = max(0.0, np.mean(week8[~np.isnan(week8)] == 0) - limit)
            penalty += (excess / 0.01) ** 2
        return _loss(freq_figures(outcome, k2, p.alpha), keys) + penalty

    def propose():
        cells = []
        for sign in ((+1, -1) if rng.random() < 0.5 else (rng.choice([-1, 1]),)):
            i = rng.integers(len(k2))
            v = 0 if rng.random() < 0.25 else rng.integers(1, N_WEEKS + 1)
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


def _episode_outcome(total, count, counts, nights, p) -> Outcome:
    """Duration or severity outcome from per-(participant, visit) sums and counts."""
    weeks = episode_mean(total[:, 1:], count[:, 1:], counts[:, 1:], nights[:, 1:],
                            p.min_nights_per_week, PUBLISHED_CRAMP_FREE_WEEK)
    base = episode_mean(total[:, 0], count[:, 0], counts[:, 0], nights[:, 0],
                           p.min_baseline_nights, PUBLISHED_CRAMP_FREE_WEEK)
    return Outcome(weeks, base)


def calibrate_episodes(rng, ep, counts, nights, k2, p, max_iter: int) -> None:
    """Nudge single episodes' duration (0.1 min) or severity (1 point)."""
    dur = ep["duration_min"].to_numpy().copy()
    sev = ep["severity"].to_numpy().copy()
    key = ep["pidx"].to_numpy() * (N_WEEKS + 1) + ep["visit"].to_numpy()
    n_part = counts.shape[0]
    size = n_part * (N_WEEKS + 1)
    sums = {"d": np.bincount(key, np.nan_to_num(dur), size).astype(float),
            "s": np.bincount(key, np.nan_to_num(sev), size).astype(float)}
    cnt = {"d": np.bincount(key[~np.isnan(dur)], minlength=size).astype(float),
           "s": np.bincount(key[~np.isnan(sev)], minlength=size).astype(float)}
    names = {"d": "duration", "s": "severity"}
    keys = {c: [k for k in PUBLISHED_TARGETS if names[c] in k] for c in "ds"}

    def outcome(c):
        return _episode_outcome(sums[c].reshape(n_part, -1), cnt[c].reshape(n_part, -1),
                                counts, nights, p)

    cell_members = pd.Series(np.arange(len(key))).groupby(key).apply(np.asarray).to_dict()
    for c, values, step, lo, hi in (("d", dur, 0.1, 0.1, 30.0), ("s", sev, 1.0, 1.0, 10.0)):
        def loss_of(c=c):
            return _loss(episode_figures(names[c], outcome(c), k2, p.alpha), keys[c])

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
