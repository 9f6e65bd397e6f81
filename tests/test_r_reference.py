"""Every non-MI estimate against R, to 1e-4: on the shipped data and on a small simulated
trial. The expected values were computed in R (nlme, lme4, geepack, MASS, mice; versions in
the file's header) by tests/reference/reference.R from the frames that
tests/reference/export_frames.py writes; each value sits beside the R call that produced it
in tests/reference/r_results.py (the habit of statsmodels' results/ files). CI needs no R.

To recompute: `make test` (builds the shipped data), then
    python tests/reference/export_frames.py build/reference
    Rscript tests/reference/reference.R build/reference > tests/reference/r_results.py
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

from k2cramps.analysis import shaping as S
from k2cramps.analysis.estimates import outcome_estimates
from k2cramps.analysis.imputation import rubin
from k2cramps.analysis.models import mmrm
from k2cramps.synthetic.known_effect import simulate_known

sys.path.insert(0, str(Path(__file__).parent / "reference"))
import r_results as R  # noqa: E402
from export_frames import KNOWN_SEED, KNOWN_TRIAL  # noqa: E402

TOL = 1e-4


def _trial(name: str, shipped):
    if name == "shipped":
        return shipped.datasets.adsl, shipped.datasets.adcramp
    return simulate_known(KNOWN_TRIAL, KNOWN_SEED)


@pytest.fixture(scope="module")
def ours(shipped):
    """Our estimates for every (trial, outcome) that R was given, keyed like R.ESTIMATES: the
    shipped trial's from the test run's build (results/estimates.csv), the known trial's
    fitted here."""
    out = {}
    for trial, outcome in sorted({k[:2] for k in R.ESTIMATES}):
        est = (shipped.results("estimates", outcome) if trial == "shipped"  # the run's build
               else outcome_estimates(*_trial(trial, shipped), outcome, 0.05, 2, 1))
        for row in est.itertuples():
            out[(trial, outcome, row.timepoint, row.method, row.population)] = row
    return out


def test_r_covers_every_non_mi_row(ours):
    ours_keys = {k for k in ours if k[4] != "MI"}
    assert ours_keys == set(R.ESTIMATES)


def _reference(key) -> dict:
    """R's values for a row. The negative binomial's: glmmTMB's (joint maximum likelihood of
    the rate ratio and the dispersion, as statsmodels fits it), not MASS::glm.nb's, whose
    standard errors hold the dispersion fixed (its CI is 0.1% wider here)."""
    ref = dict(R.ESTIMATES[key])
    if key[3] == "nb_rate_ratio":
        nb = R.NB_THETA[key[:2]]
        z = stats.norm.ppf(0.975)
        log_rr, se = nb["glmmTMB_log_rr"], nb["glmmTMB_se_log"]
        ref.update(estimate=np.exp(log_rr), ci_low=np.exp(log_rr - z * se),
                   ci_high=np.exp(log_rr + z * se), p_value=2 * stats.norm.sf(abs(log_rr) / se))
    return ref


@pytest.mark.parametrize("key", sorted(R.ESTIMATES), ids=lambda k: "/".join(map(str, k)))
def test_estimate_ci_and_p_agree_with_r(ours, key):
    got, ref = ours[key], _reference(key)
    assert got.estimate == pytest.approx(ref["estimate"], abs=TOL)
    assert (got.ci_low, got.ci_high) == pytest.approx((ref["ci_low"], ref["ci_high"]), abs=TOL)
    assert got.p_value == pytest.approx(ref["p_value"], rel=1e-3, abs=1e-12)
    if "n_k2" in ref:  # R's person-week t-test counts person-weeks: 8 per participant
        per = 8 if key[3] == "published_personweek_t" else 1
        assert (per * got.n_k2, per * got.n_placebo) == (ref["n_k2"], ref["n_placebo"])


@pytest.fixture(scope="module")
def mmrm_fits(shipped):
    fits = {}
    for trial, outcome in R.MMRM_LOGLIK:
        adsl, adcramp = _trial(trial, shipped)
        fits[trial, outcome] = mmrm(S.long(S.wide(adsl, adcramp, outcome)), 0.05)[1]
    return fits


@pytest.mark.parametrize("key", sorted(R.MMRM_LOGLIK))
def test_mmrm_reml_log_likelihood_agrees_with_nlme(mmrm_fits, key):
    assert mmrm_fits[key].loglik == pytest.approx(R.MMRM_LOGLIK[key]["loglik"], abs=1e-4)


def test_mmrm_covariance_agrees_with_nlme(mmrm_fits):
    got = mmrm_fits["shipped", "FREQ"].sigma
    assert got == pytest.approx(np.array(R.SHIPPED_FREQ_MMRM_COV), abs=1e-4)


@pytest.mark.parametrize("key", sorted(R.MMRM_LSMEANS), ids=lambda k: "/".join(map(str, k)))
def test_mmrm_least_squares_means_agree_with_r(mmrm_fits, key):
    trial, outcome, arm, week = key
    fit, ref = mmrm_fits[trial, outcome], R.MMRM_LSMEANS[key]
    est, se, df, *_ = fit.contrast(fit.lsmean(int(arm == "K2"), week), 0.05)
    assert (est, se) == pytest.approx((ref["estimate"], ref["se"]), abs=TOL)
    # emmeans' Satterthwaite df on the nlme fit (with nlme's approximate covariance of the
    # variance parameters recomputed by numDeriv, as reference.R explains), not the R
    # script's own implementation of the formula.
    assert df == pytest.approx(ref["df_emmeans"], rel=1e-3)


@pytest.mark.parametrize("key", [k for k in sorted(R.ESTIMATES) if k[3] == "mmrm"],
                         ids=lambda k: "/".join(map(str, k)))
def test_mmrm_satterthwaite_df_agrees_with_emmeans(ours, mmrm_fits, key):
    fit = mmrm_fits[key[:2]]
    _, _, df, *_ = fit.contrast(fit.effect(key[2], 8), 0.05)
    assert df == pytest.approx(R.ESTIMATES[key]["df_emmeans"], rel=1e-3)


def test_rubins_rules_agree_with_mice_pool_scalar():
    q = [-2.61, -2.75, -2.68, -2.70, -2.59]
    u = [0.0231, 0.0246, 0.0239, 0.0228, 0.0252]
    est, lo, hi, p = rubin(q, u, n=200, alpha=0.05)
    ref = R.RUBIN
    assert est == pytest.approx(ref["qbar"], abs=1e-12)
    assert (lo, hi) == pytest.approx((ref["ci_low"], ref["ci_high"]), abs=1e-8)
    assert p == pytest.approx(ref["p_value"], rel=1e-6)

