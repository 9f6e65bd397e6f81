"""The result in each arm (arm_summaries.csv) and the weekly means (weekly_means.csv):
consistent with estimates.csv, and against R (tests/reference/arm_summaries.R, values in
r_arm_summaries.py; MMRM weekly LS means in r_results.py) and hand calculations.

To recompute the R values (R is not needed to run the tests):
    python tests/reference/export_frames.py build/reference
    Rscript tests/reference/arm_summaries.R build/reference > tests/reference/r_arm_summaries.py
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

from k2cramps.analysis.arm_summaries import arm_summaries_of, mean_t
from k2cramps.analysis.estimates import estimates_of
from k2cramps.analysis.fits import fit_outcome
from k2cramps.analysis.weekly_means import weekly_means_of
from k2cramps.synthetic.known_effect import simulate_known

sys.path.insert(0, str(Path(__file__).parent / "reference"))
import r_arm_summaries as RA  # noqa: E402
import r_results as R  # noqa: E402
from export_frames import KNOWN_SEED, KNOWN_TRIAL  # noqa: E402

TOL = 1e-4
# statsmodels' MixedLM takes Cov(beta) from the observed information of the joint REML fit
# (cross terms with the variance parameters), lme4 from (X'V^-1X)^-1 at the same variance
# components. On the differences they agree to 1e-4 (test_r_reference); on a least-squares
# mean, which carries the intercept, the known trial's week-8 placebo SE is 0.3462954 vs
# 0.3461866 ((X'V^-1X)^-1 recomputed from our fit gives R's value), so its CI bounds differ
# by 2.1e-4.
LMM_CI_TOL = 3e-4
ARM = {"Vitamin K2": "K2", "Placebo": "PLACEBO"}
KEYS = ["outcome", "timepoint", "method", "population"]


@pytest.fixture(scope="module")
def tables(shipped):
    """(trial, outcome) -> (fit, estimates, arm summaries, weekly means). The shipped trial's
    are the results files of the test run's build (its stage 03, fitted once per run); the
    known trial's are made here, as stage 03 makes them, with their fit (None for the shipped
    trial: no test needs its fit)."""
    out = {}
    for trial, outcome in sorted({k[:2] for k in RA.ARM_SUMMARIES}):
        if trial == "shipped":
            out[trial, outcome] = (None, *(shipped.results(name, outcome) for name in
                                           ("estimates", "arm_summaries", "weekly_means")))
            continue
        f = fit_outcome(*simulate_known(KNOWN_TRIAL, KNOWN_SEED), outcome, 5, 1)
        est = estimates_of(f, 0.05)
        out[trial, outcome] = (f, est, arm_summaries_of(f, est, 0.05), weekly_means_of(f, 0.05))
    return out


def test_mean_and_t_interval_by_hand():
    """1, 2, 3, 4: mean 2.5, SD sqrt(5/3) = 1.2909944; half-width qt(.975, 3) SD / 2 =
    3.1824463 x 0.6454972 = 2.0542603 (R: t.test(1:4)$conf.int = 0.4457397, 4.5542603)."""
    mean, lo, hi, sd = mean_t(np.array([1.0, 2.0, np.nan, 3.0, 4.0]), 0.05)
    assert (mean, sd) == pytest.approx((2.5, 1.2909944), abs=1e-7)
    assert (lo, hi) == pytest.approx((0.4457397, 4.5542603), abs=1e-6)


@pytest.mark.parametrize("key", [("shipped", "FREQ"), ("shipped", "DUR"), ("shipped", "SEV"),
                                 ("known", "FREQ")])
def test_arm_results_give_back_the_estimate(tables, key):
    """K2 minus placebo is the estimate (K2 / placebo for the rate model), row by row."""
    _, est, arms, _ = tables[key]
    k2 = arms[arms["arm"] == "Vitamin K2"].reset_index(drop=True)
    pbo = arms[arms["arm"] == "Placebo"].reset_index(drop=True)
    assert k2[KEYS].equals(est[KEYS]) and pbo[KEYS].equals(est[KEYS])
    ratio = (est["scale"] == "ratio").to_numpy()
    got = np.where(ratio, k2["estimate"] / pbo["estimate"], k2["estimate"] - pbo["estimate"])
    assert got == pytest.approx(est["estimate"].to_numpy(), abs=1e-10)
    assert (k2["n"].to_numpy(), pbo["n"].to_numpy()) == (pytest.approx(est["n_k2"].to_numpy()),
                                                        pytest.approx(est["n_placebo"].to_numpy()))
    assert ((arms["ci_low"] <= arms["estimate"]) & (arms["estimate"] <= arms["ci_high"])).all()


def test_n_week8_counts_observed_week8_values(tables):
    f, _, arms, _ = tables["known", "FREQ"]
    for arm, flag in (("Vitamin K2", 1), ("Placebo", 0)):
        expected = int(f.w.loc[f.w["K2"] == flag, "W8"].notna().sum())
        assert set(arms.loc[arms["arm"] == arm, "n_week8"]) == {expected}
    sd_rows = arms[arms["method"].isin(["published_personweek_t", "participant_welch"])]
    assert sd_rows["sd"].notna().all()
    assert arms.loc[~arms.index.isin(sd_rows.index), "sd"].isna().all()


def _ours(tables):
    out = {}
    for (trial, outcome), (_, _, arms, _) in tables.items():
        for r in arms.itertuples():
            out[(trial, outcome, r.timepoint, r.method, r.population, ARM[r.arm])] = r
    return out


def test_r_covers_every_non_mi_arm_row(tables):
    assert {k for k in _ours(tables) if k[4] != "MI"} == set(RA.ARM_SUMMARIES)


@pytest.mark.parametrize("key", sorted(RA.ARM_SUMMARIES), ids=lambda k: "/".join(map(str, k)))
def test_arm_result_agrees_with_r(tables, key):
    got, ref = _ours(tables)[key], RA.ARM_SUMMARIES[key]
    assert got.estimate == pytest.approx(ref["estimate"], abs=TOL)
    tol = LMM_CI_TOL if key[3] == "lmm_random_intercept" else TOL
    assert (got.ci_low, got.ci_high) == pytest.approx((ref["ci_low"], ref["ci_high"]), abs=tol)
    if "sd" in ref:
        assert got.sd == pytest.approx(ref["sd"], abs=TOL)


@pytest.mark.parametrize("key", sorted(R.MMRM_LSMEANS), ids=lambda k: "/".join(map(str, k)))
def test_weekly_mmrm_means_agree_with_nlme(tables, key):
    """emmeans on nlme::gls (reference.R): estimate, and the CI from its SE and df."""
    trial, outcome, arm, week = key
    weekly = tables[trial, outcome][3]
    row = weekly[(weekly["method"] == "mmrm") & (weekly["visit"] == week)
                 & (weekly["arm"].map(ARM) == arm)].iloc[0]
    ref = R.MMRM_LSMEANS[key]
    half = stats.t.ppf(0.975, ref["df_emmeans"]) * ref["se"]
    assert row["estimate"] == pytest.approx(ref["estimate"], abs=TOL)
    assert (row["ci_low"], row["ci_high"]) == pytest.approx(
        (ref["estimate"] - half, ref["estimate"] + half), abs=1e-3)


def test_weekly_observed_means_at_week8_agree_with_r_t_test(tables):
    """Week 8 observed = t.test of the arm's observed week-8 values (the participant_welch CC
    row of arm_summaries.R)."""
    weekly = tables["shipped", "FREQ"][3]
    for arm in ("Vitamin K2", "Placebo"):
        row = weekly[(weekly["method"] == "observed") & (weekly["visit"] == 8)
                     & (weekly["arm"] == arm)].iloc[0]
        ref = RA.ARM_SUMMARIES["shipped", "FREQ", "week8", "participant_welch", "CC", ARM[arm]]
        assert (row["estimate"], row["ci_low"], row["ci_high"]) == pytest.approx(
            (ref["estimate"], ref["ci_low"], ref["ci_high"]), abs=TOL)
        assert row["n"] == ref["n_values"]


def test_weekly_means_layout(tables):
    f, _, _, weekly = tables["known", "FREQ"]
    assert weekly.columns.tolist() == ["outcome", "visit", "method", "arm", "n", "estimate",
                                       "ci_low", "ci_high"]
    observed = weekly[weekly["method"] == "observed"]
    assert observed["visit"].tolist() == [v for v in range(9) for _ in range(2)]
    mmrm = weekly[weekly["method"] == "mmrm"]
    assert mmrm["visit"].tolist() == [v for v in range(1, 9) for _ in range(2)]
    base = observed[(observed["visit"] == 0) & (observed["arm"] == "Placebo")].iloc[0]
    assert base["n"] == int(f.w.loc[f.w["K2"] == 0, "BASE"].notna().sum())
    assert base["estimate"] == pytest.approx(f.w.loc[f.w["K2"] == 0, "BASE"].mean())
