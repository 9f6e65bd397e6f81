"""The data-generating mechanism of the coverage study: trials like this one, with a known
effect and a chosen within-participant correlation (ICC) of weekly frequency.

Participant i has a weekly cramp rate lambda_i = placebo_rate * G_i, G_i ~ Gamma(mean 1,
variance v); vitamin K2 multiplies it by `rate_ratio`. Her baseline frequency is the count
of 14 baseline nights, Poisson(2 * baseline_ratio * lambda_i), over 2; treatment week k
counts Poisson(rate_i * E_ik) cramps over 7 nights, E_ik ~ Gamma(mean 1, variance
`week_cv2`) (week-to-week variation beyond Poisson), and is missing with probability
`p_missing[k]`. So the true difference in mean weekly frequency is
placebo_rate * (rate_ratio - 1) and the true rate ratio `rate_ratio`.

The ICC is the random-intercept model's (the between-participant share of the variance of
weekly frequency within an arm, pooled over arms): with mu_a the arm's mean rate, A and B
the participant averages of mu_a^2 and mu_a,
    between = A v,   within = B + A (1 + v) week_cv2,   ICC = between / (between + within),
solved for v given the ICC. Every replicate is drawn from its own generator (one seed per
replicate), so a replicate is the same whichever chunk or worker draws it.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from ..core.schedule import BASELINE_NIGHTS, N_WEEKS

NIGHTS_PER_WEEK = 7


@dataclass(frozen=True)
class Design:
    n_k2: int
    n_placebo: int
    placebo_rate: float          # mean weekly cramps on placebo, treatment weeks
    rate_ratio: float            # vitamin K2 / placebo
    baseline_ratio: float        # mean baseline frequency / placebo_rate
    icc: float                   # pooled within-arm ICC of weekly frequency
    week_cv2: float              # squared CV of the week-to-week rate variation
    p_missing: tuple[float, ...]  # probability that treatment week k is missing

    def __post_init__(self):
        if not 0 <= self.icc < self.max_icc:
            raise ValueError(f"ICC {self.icc} outside [0, {self.max_icc:.3f}) for this design "
                             "(week-to-week variation caps it)")
        if len(self.p_missing) != N_WEEKS:
            raise ValueError(f"p_missing needs {N_WEEKS} probabilities")

    @property
    def difference(self) -> float:
        """True difference in mean weekly frequency, vitamin K2 minus placebo."""
        return self.placebo_rate * (self.rate_ratio - 1)

    @property
    def k2(self) -> np.ndarray:
        return np.repeat([1, 0], [self.n_k2, self.n_placebo])

    def _moments(self) -> tuple[float, float]:
        mu = self.placebo_rate * np.where(self.k2 == 1, self.rate_ratio, 1.0)
        return float(np.mean(mu**2)), float(np.mean(mu))

    @property
    def max_icc(self) -> float:
        return 1 / (1 + self.week_cv2)

    @property
    def between_cv2(self) -> float:
        """v: the variance of the participant factor G_i that gives the ICC."""
        a, b = self._moments()
        icc = self.icc
        return icc * (b + a * self.week_cv2) / (a * (1 - icc * (1 + self.week_cv2)))

    def with_(self, **changes) -> Design:
        return replace(self, **changes)


def design_from_data(k2: np.ndarray, base: np.ndarray, weeks: np.ndarray, between: float,
                     within: float) -> Design:
    """The design of a trial like the observed one: its arm sizes, placebo rate, rate ratio
    (ratio of the arms' mean observed weekly frequency), baseline level, missingness per week,
    and the random-intercept model's variance components `between` and `within` (their
    ratio gives the ICC, `within` beyond Poisson noise gives the week-to-week variation)."""
    k2 = np.asarray(k2, bool)
    placebo = float(np.nanmean(weeks[~k2]))
    ratio = float(np.nanmean(weeks[k2])) / placebo
    probe = Design(int(k2.sum()), int((~k2).sum()), placebo, ratio,
                   float(np.nanmean(base)) / placebo, 0.0, 0.0,
                   tuple(float(p) for p in np.isnan(weeks).mean(axis=0)))
    a, b = probe._moments()
    v = between / a
    week_cv2 = max(within - b, 0.0) / (a * (1 + v))
    return probe.with_(week_cv2=week_cv2, icc=between / (between + within))


@dataclass(frozen=True)
class Batch:
    """Replicates of one design as arrays: k2 (participants,), base (replicates,
    participants), y (replicates, participants, weeks; NaN where missing)."""
    k2: np.ndarray
    base: np.ndarray
    y: np.ndarray
    # what the methods derive from the batch and share (exchangeable.chunk_sums): kept with
    # the batch and freed with it
    derived: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def observed(self) -> np.ndarray:
        return ~np.isnan(self.y)

    @property
    def cramps(self) -> np.ndarray:
        """Treatment-period cramps over the recorded weeks (NB model's count)."""
        return np.nansum(self.y, axis=2)

    @property
    def nights(self) -> np.ndarray:
        """Treatment-period diary nights (the NB model's exposure)."""
        return NIGHTS_PER_WEEK * self.observed.sum(axis=2)

    def __len__(self) -> int:
        return self.y.shape[0]


def simulate_one(design: Design, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """One trial: baseline frequency (participants,) and weekly frequency (participants,
    weeks), NaN where a week is missing."""
    k2 = design.k2
    n = k2.size
    v = design.between_cv2
    g = rng.gamma(1 / v, v, n) if v > 0 else np.ones(n)
    lam = design.placebo_rate * g
    base = rng.poisson(lam * design.baseline_ratio * BASELINE_NIGHTS / NIGHTS_PER_WEEK)
    cv2 = design.week_cv2
    noise = rng.gamma(1 / cv2, cv2, (n, N_WEEKS)) if cv2 > 0 else np.ones((n, N_WEEKS))
    rate = lam * np.where(k2 == 1, design.rate_ratio, 1.0)
    counts = rng.poisson(rate[:, None] * noise).astype(float)
    counts[rng.random((n, N_WEEKS)) < np.asarray(design.p_missing)] = np.nan
    return NIGHTS_PER_WEEK * base / BASELINE_NIGHTS, counts


def replicate_seeds(seed: int, scenario: int, replicates: range) -> list[np.random.SeedSequence]:
    """One SeedSequence per replicate: the children of the scenario's own sequence,
    SeedSequence(seed).spawn(...)[scenario].spawn(...)[r], built directly from spawn keys so
    that a chunk of replicates needs no other chunk's seeds."""
    return [np.random.SeedSequence(seed, spawn_key=(scenario, r)) for r in replicates]


def simulate(design: Design, seeds: list[np.random.SeedSequence]) -> Batch:
    draws = [simulate_one(design, np.random.default_rng(s)) for s in seeds]
    return Batch(design.k2, np.array([d[0] for d in draws]), np.array([d[1] for d in draws]))
