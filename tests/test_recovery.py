"""Model recovery over many simulated trials: each participant-level method's 95% CI covers
the true effect in 95% of trials, within binomial bounds (design section 9).

200 trials with a known rate ratio (synthetic.known_effect), consecutive seeds, not a seed
chosen to pass. A correct 95% interval covers the truth in 179 to 198 of them with
probability 0.998 (scipy.stats.binom.interval(0.998, 200, 0.95)). An interval 40% too narrow
(coverage 76%) fails this test with probability > 0.999; one 20% too narrow (coverage 88%)
with probability 0.65: the bounds catch gross errors, not subtle ones.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from k2cramps.analysis import models as M
from k2cramps.analysis import shaping as S
from k2cramps.analysis.imputation import ancova_mi, completed
from k2cramps.synthetic.known_effect import KnownTrial, simulate_known

TRIAL = KnownTrial(n_per_arm=40, p_missing=0.1)
SEEDS = range(9000, 9200)
LOW, HIGH = stats.binom.interval(0.998, len(SEEDS), 0.95)


def _one_trial(seed: int) -> dict[str, tuple[float, float, float]]:
    adsl, adcramp = simulate_known(TRIAL, seed)
    w = S.wide(adsl, adcramp, "FREQ")
    y = S.summary(w, "weeks1-8")
    out = {"participant_welch": M.participant_welch(y, w["K2"], 0.05),
           "ancova_baseline": M.ancova(y, w["K2"], w["BASE"], 0.05),
           "ancova_baseline_mi": ancova_mi(completed(w, 5, seed), "weeks1-8", 0.05),
           "nb_rate_ratio": M.nb_rate_ratio(adsl, 0.05),
           "mmrm": M.mmrm(S.long(w), 0.05)[0]["weeks1-8"]}
    return {m: (e.estimate, e.ci_low, e.ci_high) for m, e in out.items()}


@pytest.fixture(scope="module")
def trials() -> pd.DataFrame:
    rows = [dict(seed=s, method=m, estimate=e, ci_low=lo, ci_high=hi)
            for s in SEEDS for m, (e, lo, hi) in _one_trial(s).items()]
    df = pd.DataFrame(rows)
    df["truth"] = np.where(df["method"] == "nb_rate_ratio", TRIAL.rate_ratio, TRIAL.difference)
    df["covered"] = (df["ci_low"] <= df["truth"]) & (df["truth"] <= df["ci_high"])
    return df


@pytest.mark.slow
@pytest.mark.parametrize("method", ["participant_welch", "ancova_baseline", "ancova_baseline_mi",
                                    "nb_rate_ratio", "mmrm"])
def test_coverage_is_95_percent_within_binomial_bounds(trials, method):
    covered = int(trials.loc[trials["method"] == method, "covered"].sum())
    assert LOW <= covered <= HIGH, f"{method}: {covered} of {len(SEEDS)} intervals cover the truth"


@pytest.mark.slow
@pytest.mark.parametrize("method", ["participant_welch", "ancova_baseline", "ancova_baseline_mi",
                                    "mmrm"])
def test_difference_estimates_are_unbiased(trials, method):
    est = trials.loc[trials["method"] == method, "estimate"]
    mcse = est.std(ddof=1) / np.sqrt(len(est))
    assert abs(est.mean() - TRIAL.difference) < 4 * mcse
