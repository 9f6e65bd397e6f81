"""Each model recovers a known effect; the hand-written pieces agree with well-kept libraries."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from k2cramps.analysis import models as M
from k2cramps.analysis import shaping as S
from k2cramps.analysis.estimates import outcome_estimates
from k2cramps.analysis.imputation import completed, rubin
from k2cramps.analysis.schemas import ESTIMATES
from k2cramps.synthetic.known_effect import KnownTrial, simulate_known

TRIAL = KnownTrial(n_per_arm=60)
SEED = 1  # one trial to exercise the pipeline of estimates; coverage is test_recovery's


@pytest.fixture(scope="module")
def known():
    adsl, adcramp = simulate_known(TRIAL, SEED)
    return adsl, adcramp, outcome_estimates(adsl, adcramp, "FREQ", 0.05, 20, SEED)


def test_known_trial_estimates_follow_the_results_schema(known):
    ESTIMATES.validate(known[2])


def test_every_method_and_population_is_estimated(known):
    est = known[2]
    assert set(est["method"]) == {"published_personweek_t", "participant_welch",
                                  "ancova_baseline", "nb_rate_ratio", "mmrm",
                                  "lmm_random_intercept", "gee_exchangeable"}
    assert set(est["population"]) == {"MEANIMP", "CC", "OBSERVED", "MI"}
    assert len(est) == len(est.drop_duplicates(["timepoint", "method", "population"]))


def test_person_week_ci_is_narrower_than_participant_ci_when_weeks_are_correlated(known):
    est = known[2].query("timepoint == 'weeks1-8'").set_index(["method", "population"])
    width = est["ci_high"] - est["ci_low"]
    assert width["published_personweek_t", "MEANIMP"] < 0.8 * width["participant_welch", "OBSERVED"]


def test_participant_welch_agrees_with_pingouin(known):
    w = S.wide(known[0], known[1], "FREQ")
    y = S.summary(w, "weeks1-8")
    ours = M.participant_welch(y, w["K2"], 0.05)
    import pingouin as pg  # here: only the worker that runs these tests pays its 0.7 s import
    ref = pg.ttest(y[w["K2"] == 1], y[w["K2"] == 0], correction=True)
    assert ours.estimate == pytest.approx(y[w["K2"] == 1].mean() - y[w["K2"] == 0].mean())
    assert [ours.ci_low, ours.ci_high] == pytest.approx(list(ref["CI95"].iloc[0]), abs=1e-2)
    assert ours.p_value == pytest.approx(float(ref["p_val"].iloc[0]), rel=1e-6)


def test_ancova_agrees_with_pingouin_linear_regression(known):
    w = S.wide(known[0], known[1], "FREQ")
    y = S.summary(w, "weeks1-8")
    ours = M.ancova(y, w["K2"], w["BASE"], 0.05)
    import pingouin as pg
    ref = pg.linear_regression(w[["K2", "BASE"]], y).set_index("names").loc["K2"]
    assert ours.estimate == pytest.approx(ref["coef"])
    assert [ours.ci_low, ours.ci_high] == pytest.approx([ref["CI2.5"], ref["CI97.5"]])


def _week_effect_data(seed=3, n=80):
    """Effect of K2 grows linearly over the weeks: -0.1 x week (average -0.45, week 8 -0.8)."""
    rng = np.random.default_rng(seed)
    k2 = np.repeat([1, 0], n // 2)
    base = rng.normal(3, 1, n)
    u = rng.normal(0, 0.3, n)
    rows = [{"USUBJID": f"S{i:03d}", "K2": k2[i], "BASE": base[i], "WEEK": wk,
             "Y": base[i] + u[i] - 0.1 * wk * k2[i] + rng.normal(0, 0.05)}
            for i in range(n) for wk in range(1, 9)]
    return pd.DataFrame(rows)


@pytest.mark.parametrize("fit", [M.lmm_random_intercept, M.gee_exchangeable,
                                 lambda lg, alpha: M.mmrm(lg, alpha)[0]])
def test_repeated_measures_contrasts_average_and_week8(fit):
    est = fit(_week_effect_data(), 0.05)
    assert est["weeks1-8"].estimate == pytest.approx(-0.45, abs=0.03)
    assert est["week8"].estimate == pytest.approx(-0.8, abs=0.03)


def test_rubin_without_between_imputation_variance_is_the_complete_data_interval():
    est, lo, hi, _ = rubin([1.0] * 5, [0.04] * 5, n=103, alpha=0.05)
    df = (100 + 1) / (100 + 3) * 100
    from scipy import stats
    assert est == 1.0
    assert hi - est == pytest.approx(stats.t.ppf(0.975, df) * 0.2)
    _, lo2, hi2, _ = rubin([0.8, 0.9, 1.0, 1.1, 1.2], [0.04] * 5, n=103, alpha=0.05)
    assert hi2 - lo2 > hi - lo


def test_multiple_imputation_fills_only_missing_values_and_is_seeded(known):
    w = S.wide(known[0], known[1], "FREQ")
    a = completed(w, 3, 5)
    b = completed(w, 3, 5)
    observed = w[S.WEEKS].notna()
    for filled, again in zip(a, b):
        assert not filled[S.WEEKS].isna().any().any()
        pd.testing.assert_frame_equal(filled, again)
        kept = (filled[S.WEEKS][observed] == w[S.WEEKS][observed]).sum().sum()
        assert kept == observed.sum().sum()
    assert not a[0][S.WEEKS].equals(a[1][S.WEEKS])  # imputations differ from one another


def test_multiple_imputation_refuses_a_single_imputation(known):
    with pytest.raises(ValueError, match="at least 2"):
        completed(S.wide(known[0], known[1], "FREQ"), 1, 5)


def test_estimates_schema_rejects_an_estimate_outside_its_interval(known):
    bad = known[2].copy()
    bad.loc[0, "estimate"] = bad.loc[0, "ci_high"] + 1
    with pytest.raises(Exception, match="outside its confidence interval"):
        ESTIMATES.validate(bad)


def test_imputation_regression_is_ols_and_its_draws_centre_on_it():
    """The fast path inside the imputation against statsmodels' OLS (to 1e-10), and the
    posterior draws of the coefficients: centred on the OLS fit, with variance
    E[sigma*^2] (X'X)^-1 = RSS / (n - p - 2) (X'X)^-1 (sigma*^2 = RSS / chi2(n - p)). With
    n = 10, p = 3 that is RSS / 5, not the RSS / 7 a draw without the chi-square would give."""
    import statsmodels.api as sm

    from k2cramps.analysis.imputation import bayes_regression
    rng = np.random.default_rng(8)
    X = np.column_stack([np.ones(10), rng.normal(size=(10, 2))])
    y = X @ [1.0, 2.0, -0.5] + rng.normal(size=10)
    ref = sm.OLS(y, X).fit()
    draws = np.array([bayes_regression(X, y, rng)[1] for _ in range(20000)])
    assert bayes_regression(X, y, rng)[0] == pytest.approx(ref.params, rel=1e-10)
    expected = ref.ssr / (10 - 3 - 2) * np.linalg.inv(X.T @ X)
    assert draws.mean(axis=0) == pytest.approx(
        ref.params, abs=5 * np.sqrt(np.diag(expected).max() / 20000))
    assert np.diag(np.cov(draws.T)) == pytest.approx(np.diag(expected), rel=0.12)


def test_predictive_mean_matching_imputes_only_observed_values():
    from k2cramps.analysis.imputation import pmm
    rng = np.random.default_rng(2)
    X = np.column_stack([np.ones(30), np.arange(30.0)])
    y = np.round(X[:, 1] * 0.5 + rng.normal(size=30), 1)
    filled = pmm(X[:20], y[:20], X[20:], rng)
    assert set(filled) <= set(y[:20])


def test_donors_are_among_the_nearest_by_predicted_value():
    """The windowed search against the brute force: every donor is one of the DONORS
    nearest observed predictions (hand-checkable: observed 0..99, missing 10.2 -> 8..12)."""
    from k2cramps.analysis.imputation import DONORS, _donors
    rng = np.random.default_rng(5)
    obs = rng.permutation(100).astype(float)
    mis = np.array([10.2, -3.0, 250.0, 49.5])
    picks = {tuple(obs[_donors(obs, mis, rng)]) for _ in range(300)}
    allowed = [set(obs[np.argsort(np.abs(obs - m), kind="stable")[:DONORS]]) for m in mis]
    assert allowed[0] == {8.0, 9.0, 10.0, 11.0, 12.0}
    for donors in picks:
        assert all(d in a for d, a in zip(donors, allowed))
    assert {p[0] for p in picks} == allowed[0]  # every one of the 5 gets picked


def test_the_imputations_ancova_is_the_statsmodels_ancova(known):
    from k2cramps.analysis.imputation import ols_arm_effect
    w = S.wide(known[0], known[1], "FREQ")
    filled = completed(w, 2, 3)[0]
    y = S.summary(filled, "weeks1-8")
    res, _ = M.ancova_fit(y, filled["K2"], filled["BASE"])
    b, v = ols_arm_effect(y, filled["K2"], filled["BASE"])
    assert (b, v) == pytest.approx((res.params["K2"], res.bse["K2"] ** 2), rel=1e-10)
