"""The within-participant correlation (ICC) of weekly frequency in the data, and the
design effect it implies for the published person-week analysis.

ICC = sigma_b^2 / (sigma_b^2 + sigma_e^2) of the random-intercept model
Y ~ K2 * factor(WEEK) + (1 | participant), REML, on the observed weeks (no baseline term:
the published analysis does not adjust for it). Its 95% CI is the profile-likelihood
interval: every ICC whose profiled -2 REML is within the chi-square(1) quantile of the
minimum (invariant to how the ICC is parameterised, unlike a Wald interval on a bounded
quantity). Checked against lme4::lmer and a dense REML profile in R
(tests/reference/icc.R).

The design effect of m correlated weeks per participant is 1 + (m - 1) ICC: the variance of
a mean over person-weeks is that many times what the person-week t-test assumes, so its CI
should be sqrt(design effect) times wider.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import optimize, special

from ..analysis.shaping import WEEKS
from ..core.schedule import N_WEEKS
from .dgm import Batch
from .exchangeable import profile_reml, reml_ratio, sums

ICC_GRID = np.round(np.arange(0, 0.9001, 0.05), 2)


@dataclass(frozen=True)
class Icc:
    icc: float
    ci_low: float
    ci_high: float
    between: float           # sigma_b^2
    within: float            # sigma_e^2
    n_participants: int
    n_weeks: int             # participant-weeks


def batch_of(w: pd.DataFrame) -> Batch:
    """A `wide` frame (analysis.shaping) as a batch of one replicate."""
    return Batch(w["K2"].to_numpy(int), w["BASE"].to_numpy(float)[None],
                 w[WEEKS].to_numpy(float)[None])


def estimate(w: pd.DataFrame, alpha: float) -> Icc:
    """REML ICC of the weekly values of `w` with its profile-likelihood CI. Stops with a
    message when an arm has fewer than two participants with a treatment week: the week
    means of each arm then leave nothing to split into between and within."""
    batch = batch_of(w)
    seen = batch.observed[0].any(axis=1)
    per_arm = [int(seen[batch.k2 == k].sum()) for k in (1, 0)]
    if min(per_arm) < 2:
        raise ValueError("the ICC needs at least two participants with a treatment week in "
                         f"each arm; vitamin K2 has {per_arm[0]}, placebo {per_arm[1]}")
    s = sums(batch, with_base=False)
    g = float(reml_ratio(s)[0])
    _, _, sigma2 = profile_reml(s, np.array([g]))
    f = lambda t: float(profile_reml(s, np.array([t / (1 - t)]))[0][0])   # noqa: E731
    t_hat = g / (1 + g)
    limit = f(t_hat) + special.chdtri(1, alpha)   # the chi-square(1) quantile 1 - alpha
    lo = 0.0 if f(0.0) <= limit else optimize.brentq(lambda t: f(t) - limit, 0.0, t_hat, xtol=1e-12)
    hi = optimize.brentq(lambda t: f(t) - limit, t_hat, 1 - 1e-9, xtol=1e-12)
    within = float(sigma2[0])
    return Icc(t_hat, lo, hi, g * within, within, int(seen.sum()), int(batch.observed.sum()))


def design_effect(icc, m: int = N_WEEKS):
    return 1 + (m - 1) * np.asarray(icc, float)


def design_effect_table(icc: Icc, published: tuple[float, float, float],
                        m: int = N_WEEKS) -> pd.DataFrame:
    """The design effect over ICC 0-0.9 and at the data's ICC and its CI limits, with the
    published CI widened by sqrt(design effect) around the published estimate.

    `published`: (estimate, ci_low, ci_high) of the person-week analysis."""
    est, lo, hi = published
    points = [("grid", v) for v in ICC_GRID] + [("data", icc.icc), ("data_ci_low", icc.ci_low),
                                                ("data_ci_high", icc.ci_high)]
    rows = []
    for point, value in points:
        de = float(design_effect(value, m))
        rows.append(dict(point=point, icc=float(value), weeks=m, design_effect=de,
                         se_factor=np.sqrt(de), estimate=est,
                         ci_low=est - (est - lo) * np.sqrt(de),
                         ci_high=est + (hi - est) * np.sqrt(de)))
    return pd.DataFrame(rows)
