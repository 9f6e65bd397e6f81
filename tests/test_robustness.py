"""The coverage study's pieces against outside values: the vectorised estimators against the
per-trial ones (which estimates.csv uses) and against R on a known trial; the ICC against
lme4 and a dense REML profile in R; the Monte Carlo SEs against Morris et al. (2019) Table 6
worked by hand; the data-generating mechanism against its own target ICC."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from k2cramps.analysis import shaping as S
from k2cramps.robustness import crosscheck, dgm, icc
from k2cramps.robustness.methods import METHODS
from k2cramps.robustness.performance import measures
from k2cramps.synthetic.known_effect import simulate_known

sys.path.insert(0, str(Path(__file__).parent / "reference"))
import r_icc  # noqa: E402
import r_results as R  # noqa: E402
from export_frames import KNOWN_SEED, KNOWN_TRIAL  # noqa: E402

DESIGN = dgm.Design(103, 96, 3.63, 0.265, 0.73, 0.21, 0.07,
                    (0.02, 0.04, 0.035, 0.055, 0.055, 0.07, 0.065, 0.08))


@pytest.fixture(scope="module", params=["fitted", "high_icc_more_missing", "no_effect"])
def batch(request):
    design = {"fitted": DESIGN,
              "high_icc_more_missing": DESIGN.with_(icc=0.6, p_missing=(0.2,) * 8),
              "no_effect": DESIGN.with_(rate_ratio=1.0, icc=0.05)}[request.param]
    b = dgm.simulate(design, dgm.replicate_seeds(7, 0, range(6)))
    return b, [crosscheck.per_trial(b, r, 0.05) for r in range(3)]


@pytest.mark.parametrize("method", list(METHODS))
def test_vectorised_estimators_equal_the_per_trial_ones(batch, method):
    """The first replicates through both: the closed forms and GEE to rounding; the
    iterative fits to their tolerance (statsmodels' REML optimum is the less precise)."""
    batch, per_trial = batch
    vec = METHODS[method](batch, 0.05)
    assert vec.converged.all()
    tol = {"lmm_random_intercept": 1e-4, "nb_rate_ratio": 1e-5, "mmrm": 1e-6}.get(method, 1e-10)
    for r in range(3):
        expected = per_trial[r][method]
        found = (vec.estimate[r], vec.ci_low[r], vec.ci_high[r])
        np.testing.assert_allclose(found, expected, atol=tol, rtol=0)


def _known_batch() -> dgm.Batch:
    adsl, adcramp = simulate_known(KNOWN_TRIAL, KNOWN_SEED)
    w = S.wide(adsl, adcramp, "FREQ")
    batch = icc.batch_of(w)
    return batch, adsl


@pytest.mark.parametrize("method", [m for m in METHODS if m != "nb_rate_ratio"])
def test_vectorised_estimators_agree_with_r_on_the_known_trial(method):
    """R's numbers for the small simulated trial of tests/reference (t.test, lm, lmer,
    geeglm, gls + Satterthwaite), to 1e-4."""
    batch, _ = _known_batch()
    population = "MEANIMP" if method == "published_personweek_t" else "OBSERVED"
    ref = R.ESTIMATES[("known", "FREQ", "weeks1-8", method, population)]
    e = METHODS[method](batch, 0.05)
    assert (e.estimate[0], e.ci_low[0], e.ci_high[0]) == pytest.approx(
        (ref["estimate"], ref["ci_low"], ref["ci_high"]), abs=1e-4)


def test_vectorised_negative_binomial_agrees_with_glmmtmb_on_the_known_trial():
    """glmmTMB's joint maximum likelihood of the log rate ratio and its SE (the known trial
    records 7 nights a week, so the batch's counts and nights are ADSL's)."""
    batch, adsl = _known_batch()
    assert np.array_equal(batch.cramps[0], adsl["TRCRAMPS"].to_numpy(float))
    assert np.array_equal(batch.nights[0], adsl["TRNIGHTS"].to_numpy(float))
    nb = R.NB_THETA[("known", "FREQ")]
    e = METHODS["nb_rate_ratio"](batch, 0.05)
    assert (e.estimate[0], e.se[0]) == pytest.approx((nb["glmmTMB_log_rr"], nb["glmmTMB_se_log"]),
                                                     abs=1e-4)


@pytest.mark.parametrize("trial", ["shipped", "known"])
def test_icc_and_its_profile_ci_agree_with_r(trial, shipped):
    """lme4's variance components and R's dense REML profile (tests/reference/icc.R)."""
    ds = shipped.datasets
    w = (S.wide(ds.adsl, ds.adcramp, "FREQ") if trial == "shipped"
         else S.wide(*simulate_known(KNOWN_TRIAL, KNOWN_SEED), "FREQ"))
    ref = r_icc.ICC[trial]
    found = icc.estimate(w, 0.05)
    assert found.icc == pytest.approx(ref["icc"], abs=1e-6)
    assert (found.between, found.within) == pytest.approx((ref["between"], ref["within"]), rel=1e-5)
    assert (found.ci_low, found.ci_high) == pytest.approx((ref["ci_low"], ref["ci_high"]), abs=1e-6)


def test_an_arm_of_one_participant_stops_the_icc_with_a_message():
    """One participant per arm (as in the tiny export): the ICC's REML profile has no
    residual to work with; the stage says so instead of scipy's "function value is NaN"."""
    w = pd.DataFrame({"K2": [1, 0, 0], "BASE": [2.0, 3.0, 2.5],
                      **{week: [1.0, 2.0, np.nan] for week in S.WEEKS}})
    with pytest.raises(ValueError, match="at least two participants with a treatment week in "
                                         "each arm; vitamin K2 has 1, placebo 1"):
        icc.estimate(w, 0.05)


def test_design_effect_is_one_plus_m_minus_one_icc():
    """Kish: 8 weeks at ICC 0.25 -> 1 + 7/4 = 2.75; the published CI 0.2 wide becomes
    0.2 sqrt(2.75) = 0.33166 wide around the same estimate."""
    table = icc.design_effect_table(icc.Icc(0.25, 0.2, 0.3, 1, 3, 10, 80), (-1.0, -1.1, -0.9))
    row = table.set_index("point").loc["data"]
    assert row["design_effect"] == pytest.approx(2.75)
    assert row["ci_high"] - row["ci_low"] == pytest.approx(0.331662479, abs=1e-9)
    grid = table[table["point"] == "grid"]
    assert grid["icc"].min() == 0 and grid["icc"].max() == pytest.approx(0.9)
    assert grid["design_effect"].iloc[0] == 1


def test_monte_carlo_ses_match_morris_table_6_by_hand():
    """Four replicates, truth 1: estimates 1.2, 0.8, 1.1, 0.9 (mean 1.0, SD sqrt(0.1/3)),
    model SEs 0.1, 0.2, 0.2, 0.1, CIs covering the truth in 3 of 4, excluding 0 in all."""
    est = np.array([1.2, 0.8, 1.1, 0.9])
    se = np.array([0.1, 0.2, 0.2, 0.1])
    lo, hi = np.array([1.05, 0.5, 0.7, 0.7]), np.array([1.4, 1.1, 1.5, 1.1])
    m = measures(est, se, lo, hi, truth=1.0)
    sd = np.sqrt(0.1 / 3)
    assert m["bias"] == pytest.approx(0.0, abs=1e-15)
    assert m["bias_mcse"] == pytest.approx(sd / 2)                      # SD / sqrt(n)
    assert m["emp_se"] == pytest.approx(sd)
    assert m["emp_se_mcse"] == pytest.approx(sd / np.sqrt(6))           # / sqrt(2 (n - 1))
    # ModSE = sqrt(mean(se^2)) = sqrt(0.025); var(se^2) = 0.0003 (ddof 1)
    assert m["model_se"] == pytest.approx(np.sqrt(0.025))
    assert m["model_se_mcse"] == pytest.approx(np.sqrt(0.0003 / (4 * 4 * 0.025)))
    assert m["coverage"] == 0.75
    assert m["coverage_mcse"] == pytest.approx(np.sqrt(0.75 * 0.25 / 4))  # sqrt(p(1-p)/n)
    assert m["rejection_rate"] == 1.0 and m["rejection_rate_mcse"] == 0.0
    assert m["ci_width"] == pytest.approx(2.15 / 4)                      # 0.35, 0.6, 0.8, 0.4
    assert m["ci_width_mcse"] == pytest.approx(np.std([0.35, 0.6, 0.8, 0.4], ddof=1) / 2)


def test_simulated_trials_have_the_target_icc():
    """A 10,000-participant trial at ICC 0.21 and 0.5: the REML ICC within its CI's reach."""
    for target in (0.21, 0.5):
        design = DESIGN.with_(n_k2=5000, n_placebo=5000, icc=target)
        b = dgm.simulate(design, dgm.replicate_seeds(3, 0, range(1)))
        w = pd.DataFrame(b.y[0], columns=S.WEEKS)
        w.insert(0, "BASE", b.base[0])
        w.insert(0, "K2", b.k2)
        found = icc.estimate(w, 0.001)
        assert found.ci_low <= target <= found.ci_high


def test_replicate_seeds_are_spawned_children():
    """SeedSequence(seed).spawn(...)[scenario].spawn(...)[r], built directly."""
    root = np.random.SeedSequence(11)
    child = root.spawn(3)[2].spawn(5)[4]
    mine = dgm.replicate_seeds(11, 2, range(4, 5))[0]
    assert np.array_equal(child.generate_state(4), mine.generate_state(4))


def test_mmrm_analytic_hessian_equals_central_differences_of_the_gradient():
    from k2cramps.robustness import mmrm_batch, mmrm_hessian

    b = dgm.simulate(DESIGN.with_(p_missing=(0.15,) * 8), dgm.replicate_seeds(9, 0, range(4)))
    u, sigma, done = mmrm_batch.fit(b)[:3]
    assert done.all()
    analytic, numeric = mmrm_hessian.hessian(u, sigma), mmrm_hessian.hessian_numeric(u, sigma)
    assert np.abs(analytic - numeric).max() < 1e-6 * np.abs(numeric).max()
