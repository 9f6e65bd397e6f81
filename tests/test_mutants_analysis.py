"""The wiring of the analysis layer that the per-method tests do not reach, on tiny inputs
with hand-worked or R expectations (survivors of the mutation run of k2cramps.analysis).

- estimates_of: which rows estimates.csv gets (the count model's row only when there is a
  count fit; the paper's week-8 Welch on the mean-imputed WEEK 8 values) and that each row
  is what R gives for its method on the 16-participant trial of test_model_specs.py;
- fit_outcome: the count model is fitted for FREQ only;
- arm_summaries: the mean-imputed and complete-case ANCOVA adjusted means (R), and the
  person-week rows' n with unequal arms and an arm that recorded nothing (by hand);
- shaping: the columns of the wide and long frames;
- safety: an arm without anybody in the safety population, serious/related categories,
  the SD of adherence; subgroups: the diabetes levels; tables: p-value text and rounding.

R values: tests/reference/mutants_analysis.R (printed values pasted beside each call), and
those of tests/reference/model_specs.R imported from test_model_specs.py.
"""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from k2cramps.analysis import fits as fits_module
from k2cramps.analysis import models as M
from k2cramps.analysis import safety
from k2cramps.analysis import shaping as S
from k2cramps.analysis import tables
from k2cramps.analysis.arm_summaries import PER_ARM
from k2cramps.analysis.estimates import estimates_of
from k2cramps.analysis.fits import OutcomeFits, fit_outcome
from k2cramps.analysis.subgroups import subgroup_levels
from k2cramps.core.arms import K2, PLACEBO
from test_model_specs import adsl, w  # noqa: F401 (the trial's fixtures)
from test_model_specs import (ANCOVA, MI_POOLED_AVERAGE, MI_POOLED_WEEK8,
                              NB_RATE_RATIO, NB_TOL, PERSONWEEK_T, WELCH_MEAN, WELCH_WEEK8,
                              _copies)

ALPHA = 0.05
NAN = np.nan
# R: print(qt(.975, c(15, 23)), digits = 10)
T975_15, T975_23 = 2.131449546, 2.06865761

# ---------------------------------------------------------------- R values (16 participants)
# Rscript tests/reference/mutants_analysis.R; m = W1..W8 with NA <- mean of the same arm
# and week. t.test(m$W8[K2 == 1], m$W8[K2 == 0], var.equal = FALSE)
WELCH_WEEK8_MEANIMP = dict(estimate=-2.457142857, ci_low=-4.023752339, ci_high=-0.8905333748,
                           p_value=0.004633336031)
# lm(y ~ K2 + BASE), y = rowMeans(m) (P13 in with the placebo week means; P16, no BASE,
# out: 15 rows, mean BASE 5.5); emmeans(fit, ~ K2)
ANCOVA_MEANIMP = dict(estimate=-1.454033605, ci_low=-2.753118822, ci_high=-0.1549483889,
                      p_value=0.03123249643)
ANCOVA_MEANIMP_K2 = dict(estimate=3.436371619, ci_low=2.556579312, ci_high=4.316163927, n=8)
ANCOVA_MEANIMP_PLACEBO = dict(estimate=4.890405224, ci_low=3.948841278, ci_high=5.83196917, n=7)
# the same on the complete cases (all eight weeks and a baseline: P01-P03, P05, P06, P08,
# P10, P12, P15; 9 rows, mean BASE 4.833333333)
ANCOVA_CC = dict(estimate=-1.733072917, ci_low=-4.308517427, ci_high=0.8423715938,
                 p_value=0.1507439829)
ANCOVA_CC_K2 = dict(estimate=3.072309028, ci_low=1.595525282, ci_high=4.549092773, n=6)
ANCOVA_CC_PLACEBO = dict(estimate=4.805381944, ci_low=2.709705036, ci_high=6.901058853, n=3)


@pytest.fixture(scope="module")
def specs(w, adsl) -> OutcomeFits:
    """The 16-participant trial's fits without the MMRM (which 8 weeks of 14 participants
    cannot support) and with the three fixed copies of test_model_specs as imputations."""
    lg = S.long(w)
    return OutcomeFits("FREQ", adsl, w, lg, S.mean_imputed(w), _copies(w),
                       {"lmm_random_intercept": M.lmm_fit(lg), "gee_exchangeable": M.gee_fit(lg)},
                       M.nb_fit(adsl))


def _key(est: pd.DataFrame) -> list[tuple]:
    return list(est[["timepoint", "method", "population", "scale"]].itertuples(index=False,
                                                                              name=None))


# ---------------------------------------------------------------- estimates_of
ROWS_WITH_COUNT_MODEL = [
    ("weeks1-8", "published_personweek_t", "MEANIMP", "difference"),
    ("weeks1-8", "participant_welch", "OBSERVED", "difference"),
    ("weeks1-8", "ancova_baseline", "OBSERVED", "difference"),
    ("weeks1-8", "ancova_baseline", "CC", "difference"),
    ("weeks1-8", "ancova_baseline", "MEANIMP", "difference"),
    ("weeks1-8", "ancova_baseline", "MI", "difference"),
    ("weeks1-8", "nb_rate_ratio", "OBSERVED", "ratio"),
    ("weeks1-8", "lmm_random_intercept", "OBSERVED", "difference"),
    ("weeks1-8", "gee_exchangeable", "OBSERVED", "difference"),
    ("week8", "participant_welch", "MEANIMP", "difference"),
    ("week8", "participant_welch", "CC", "difference"),
    ("week8", "ancova_baseline", "CC", "difference"),
    ("week8", "ancova_baseline", "MEANIMP", "difference"),
    ("week8", "ancova_baseline", "MI", "difference"),
    ("week8", "lmm_random_intercept", "OBSERVED", "difference"),
    ("week8", "gee_exchangeable", "OBSERVED", "difference"),
]


def test_estimates_rows_of_an_outcome_with_a_count_model(specs):
    """Design section 7's rows, in order; the rate ratio is on the ratio scale."""
    est = estimates_of(specs, ALPHA)
    assert _key(est) == ROWS_WITH_COUNT_MODEL
    assert set(est["outcome"]) == {"FREQ"}


def test_no_rate_ratio_row_without_a_count_fit(specs):
    """DUR and SEV have no count model (nb None): the same rows minus the rate ratio."""
    no_nb = OutcomeFits(**{**vars(specs), "nb": None})
    assert _key(estimates_of(no_nb, ALPHA)) == [
        r for r in ROWS_WITH_COUNT_MODEL if r[1] != "nb_rate_ratio"]


@pytest.mark.parametrize("timepoint, method, population, ref, tol", [
    ("weeks1-8", "published_personweek_t", "MEANIMP", PERSONWEEK_T, 1e-8),
    ("weeks1-8", "participant_welch", "OBSERVED", WELCH_MEAN, 1e-8),
    ("weeks1-8", "ancova_baseline", "OBSERVED", ANCOVA, 1e-8),
    ("weeks1-8", "ancova_baseline", "CC", ANCOVA_CC, 1e-8),
    ("weeks1-8", "ancova_baseline", "MEANIMP", ANCOVA_MEANIMP, 1e-8),
    ("weeks1-8", "ancova_baseline", "MI", MI_POOLED_AVERAGE, 1e-8),
    ("weeks1-8", "nb_rate_ratio", "OBSERVED", NB_RATE_RATIO, NB_TOL),
    ("week8", "participant_welch", "MEANIMP", WELCH_WEEK8_MEANIMP, 1e-8),
    ("week8", "participant_welch", "CC", WELCH_WEEK8, 1e-8),
    ("week8", "ancova_baseline", "MI", MI_POOLED_WEEK8, 1e-8),
])
def test_each_estimates_row_is_rs_value_for_its_method(specs, timepoint, method, population,
                                                      ref, tol):
    """The week-8 mean-imputed Welch is on W8: imputation keeps each arm's W8 mean, so its
    estimate is the observed one (-2.457), but the imputed values narrow the CI (another
    week, W2 or W7, gives another estimate)."""
    est = estimates_of(specs, ALPHA).set_index(["timepoint", "method", "population"])
    row = est.loc[(timepoint, method, population)]
    assert (row["estimate"], row["ci_low"], row["ci_high"]) == pytest.approx(
        (ref["estimate"], ref["ci_low"], ref["ci_high"]), abs=tol)


# ---------------------------------------------------------------- fit_outcome
def _two_params_trial():
    """Two participants per arm, FREQ and DUR recorded at baseline and week 1."""
    ids = ["A", "B", "C", "D"]
    adsl = pd.DataFrame({"USUBJID": ids, "TRT01P": [K2, K2, PLACEBO, PLACEBO]})
    adcramp = pd.DataFrame([(u, p, v, 1.0 + i, "") for i, u in enumerate(ids)
                            for p in ("FREQ", "DUR") for v in (0, 1)],
                           columns=["USUBJID", "PARAMCD", "AVISITN", "AVAL", "DTYPE"])
    return adsl, adcramp


@pytest.mark.parametrize("param, has_count_fit", [("FREQ", True), ("DUR", False),
                                                  ("SEV", False)])
def test_count_model_is_fitted_for_frequency_only(monkeypatch, param, has_count_fit):
    """Design: the negative binomial rate ratio is the frequency's (a count); the fits are
    stand-ins here, only which ones fit_outcome asks for is checked."""
    asked = []
    monkeypatch.setattr(fits_module, "mmrm_fit", SimpleNamespace(fit=lambda *a: "mmrm"))
    monkeypatch.setattr(fits_module, "lmm_fit", lambda *a: "lmm")
    monkeypatch.setattr(fits_module, "gee_fit", lambda *a: "gee")
    monkeypatch.setattr(fits_module, "completed", lambda *a: [])
    monkeypatch.setattr(fits_module, "nb_fit", lambda adsl, p: asked.append(p) or "nb")
    f = fit_outcome(*_two_params_trial(), param, 2, 1)
    assert (f.nb == "nb") is has_count_fit and (f.nb is None) is not has_count_fit
    assert asked == (["FREQ"] if has_count_fit else [])
    assert f.repeated == {"mmrm": "mmrm", "lmm_random_intercept": "lmm",
                          "gee_exchangeable": "gee"}


# ---------------------------------------------------------------- arm_summaries
def _arm_rows(f, method, timepoint, population):
    return {arm: (n, est, lo, hi, sd)
            for arm, n, est, lo, hi, sd in PER_ARM[method](f, timepoint, population, ALPHA)}


@pytest.mark.parametrize("population, k2_ref, placebo_ref", [
    ("MEANIMP", ANCOVA_MEANIMP_K2, ANCOVA_MEANIMP_PLACEBO),
    ("CC", ANCOVA_CC_K2, ANCOVA_CC_PLACEBO)])
def test_ancova_adjusted_means_of_the_mean_imputed_and_complete_case_rows(specs, population,
                                                                          k2_ref, placebo_ref):
    """Mean-imputed: the imputed participant means (P13 in: 8 + 7); complete cases over
    weeks 1-8: those with all eight weeks (6 + 3), adjusted at their own mean baseline."""
    rows = _arm_rows(specs, "ancova_baseline", "weeks1-8", population)
    for arm, ref in ((K2, k2_ref), (PLACEBO, placebo_ref)):
        n, est, lo, hi, sd = rows[arm]
        assert n == ref["n"], arm
        assert (est, lo, hi) == pytest.approx((ref["estimate"], ref["ci_low"], ref["ci_high"]),
                                              abs=1e-8), arm
        assert np.isnan(sd)


def _hand_fits(w: pd.DataFrame) -> OutcomeFits:
    return OutcomeFits("FREQ", None, w, S.long(w), S.mean_imputed(w), [], {}, None)


def _flat(k2: list[int], level: list[float]) -> pd.DataFrame:
    """Each participant the same value every week (NaN: nothing recorded)."""
    return pd.DataFrame({"K2": k2, "BASE": 1.0, **{f"W{k}": level for k in range(1, 9)}},
                        index=pd.Index([chr(ord("A") + i) for i in range(len(k2))],
                                       name="USUBJID"))


def test_person_week_rows_count_each_arms_own_participants():
    """Three on vitamin K2 (1, 2, 3 every week), two on placebo (4, 6). K2: 24 person-weeks,
    mean 2, SS 8 + 8 = 16, SD sqrt(16 / 23); placebo: 16 person-weeks, mean 5, SS 16, SD
    sqrt(16 / 15); half-widths qt(.975, df) SD / sqrt(person-weeks)."""
    rows = _arm_rows(_hand_fits(_flat([1, 1, 1, 0, 0], [1, 2, 3, 4, 6])),
                     "published_personweek_t", "weeks1-8", "MEANIMP")
    sd_k2, sd_pbo = np.sqrt(16 / 23), np.sqrt(16 / 15)
    h_k2, h_pbo = T975_23 * sd_k2 / np.sqrt(24), T975_15 * sd_pbo / 4
    assert rows[K2][0] == 3 and rows[PLACEBO][0] == 2
    assert rows[K2][1:] == pytest.approx((2, 2 - h_k2, 2 + h_k2, sd_k2), abs=1e-8)
    assert rows[PLACEBO][1:] == pytest.approx((5, 5 - h_pbo, 5 + h_pbo, sd_pbo), abs=1e-8)


def test_person_week_rows_of_an_arm_that_recorded_nothing():
    """Nobody on placebo recorded a week: the imputation has no mean to fill with, so the
    arm has no person-week and nobody analysed (n 0, mean NaN); vitamin K2's two are."""
    rows = _arm_rows(_hand_fits(_flat([1, 1, 0, 0], [1, 3, NAN, NAN])),
                     "published_personweek_t", "weeks1-8", "MEANIMP")
    assert rows[K2][:2] == (2, 2.0)
    assert rows[PLACEBO][0] == 0 and np.isnan(rows[PLACEBO][1])


# ---------------------------------------------------------------- shaping
def test_wide_and_long_frames_have_the_documented_columns():
    """wide: K2, BASE, W1..W8 per participant in ADSL order (A, B vitamin K2; C, D placebo;
    value 1 + participant number at baseline and week 1); long: USUBJID, K2, BASE, WEEK, Y
    per observed week, numbered from 0 (no leftover index column)."""
    wide = S.wide(*_two_params_trial(), "FREQ")
    assert wide.columns.tolist() == ["K2", "BASE", *[f"W{k}" for k in range(1, 9)]]
    assert wide.index.tolist() == ["A", "B", "C", "D"]
    assert wide["K2"].tolist() == [1, 1, 0, 0] and wide["BASE"].tolist() == [1.0, 2.0, 3.0, 4.0]
    lg = S.long(wide)
    assert lg.columns.tolist() == ["USUBJID", "K2", "BASE", "WEEK", "Y"]
    assert lg.index.tolist() == [0, 1, 2, 3]
    assert lg.values.tolist() == [["A", 1, 1.0, 1, 1.0], ["B", 1, 2.0, 1, 2.0],
                                  ["C", 0, 3.0, 1, 3.0], ["D", 0, 4.0, 1, 4.0]]


# ---------------------------------------------------------------- safety
def _safety_adsl(arms: list[str], saffl: list[str], adhpct=None) -> pd.DataFrame:
    out = pd.DataFrame({"USUBJID": [f"S{i}" for i in range(len(arms))], "TRT01P": arms,
                        "SAFFL": saffl, "EOSSTT": "COMPLETED", "DCSREAS": ""})
    return out if adhpct is None else out.assign(ADHPCT=adhpct)


def _adae(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    """(USUBJID, TRT01P, AESER, AREL) of treatment-emergent headaches."""
    return pd.DataFrame(rows, columns=["USUBJID", "TRT01P", "AESER", "AREL"]).assign(
        AETERM="headache", TRTEMFL="Y")


def test_an_arm_without_anybody_in_the_safety_population():
    """Two on vitamin K2 took a capsule, the placebo participant none: placebo's total is 0,
    its % and the risk difference are undefined (NaN), not 0 of 1; Fisher on [[1, 1],
    [0, 0]] is 1."""
    adsl = _safety_adsl([K2, K2, PLACEBO], ["Y", "Y", "N"])
    ae = safety.adverse_events(adsl, _adae([("S0", K2, "N", "N")]))
    assert ae.attrs["n"] == {K2: 2, PLACEBO: 0}
    row = ae.set_index("category").loc["Any adverse event"]
    assert (row["n_k2"], row["pct_k2"], row["n_placebo"]) == (1, 50.0, 0)
    assert row[["pct_placebo", "risk_difference", "rd_ci_low", "rd_ci_high"]].isna().all()
    assert row["p_fisher"] == 1.0


def test_risk_difference_is_undefined_when_either_arm_is_empty():
    assert np.isnan(safety.risk_difference(1, 3, 0, 0)).all()
    assert np.isnan(safety.risk_difference(0, 0, 1, 3)).all()


def test_discontinuation_percentage_of_an_empty_arm_is_nan():
    d = safety.discontinuations(_safety_adsl([K2, K2], ["Y", "Y"]))
    assert d[["arm", "reason", "n"]].values.tolist() == [[K2, "any", 0], [PLACEBO, "any", 0]]
    assert d["pct"].iloc[0] == 0.0 and np.isnan(d["pct"].iloc[1])


def test_serious_and_related_rows_count_only_their_flagged_events():
    """S0 (K2) a serious related event, S1 (K2) a plain one, S2 (placebo) a related one:
    any 2 vs 1, serious 1 vs 0, related 1 vs 1 (of 2 per arm)."""
    adsl = _safety_adsl([K2, K2, PLACEBO, PLACEBO], ["Y"] * 4)
    adae = _adae([("S0", K2, "Y", "Y"), ("S1", K2, "N", "N"), ("S2", PLACEBO, "N", "Y")])
    got = safety.adverse_events(adsl, adae).set_index("category")[["n_k2", "n_placebo"]]
    assert got.values.tolist() == [[2, 1], [1, 0], [1, 1]]


def test_adherence_sd_has_the_n_minus_1_divisor():
    """K2 80, 90, 100: SS 200, SD sqrt(200 / 2) = 10; placebo 70, 90: SS 200, SD sqrt(200)."""
    adsl = _safety_adsl([K2, K2, K2, PLACEBO, PLACEBO], ["Y"] * 5, [80, 90, 100, 70, 90])
    a = safety.adherence(adsl).set_index("arm")
    assert a.loc[K2, ["n", "mean", "sd"]].tolist() == pytest.approx([3, 90, 10])
    assert a.loc[PLACEBO, ["n", "mean", "sd"]].tolist() == pytest.approx([2, 80, np.sqrt(200)])


# ---------------------------------------------------------------- subgroups and tables
def test_diabetes_levels_read_no_and_yes():
    adsl = pd.DataFrame({"USUBJID": ["A", "B"], "SEX": ["F", "M"], "AGEGR1": "65-74",
                         "SITEID": "CD", "HTN": [1, 0], "DIAB": [0, 1], "BFREQ": [1.0, 2.0]})
    assert subgroup_levels(adsl)["DIAB"].tolist() == ["no", "yes"]


def test_p_value_text_at_the_threshold_and_when_missing():
    """1e-4 itself prints as 0.0001; only smaller values as <0.0001; a missing p as ''."""
    got = tables.rounded(pd.DataFrame({"p_value": [1e-4, 9.9e-5, NAN, 0.04567]}))
    assert got["p_value"].tolist() == ["0.0001", "<0.0001", "", "0.0457"]


def test_ci_width_ratio_is_rounded_to_two_decimals():
    """Published width 3, the other 1: ratio 1/3 -> 0.33."""
    est = pd.DataFrame({"outcome": "FREQ", "timepoint": "weeks1-8", "scale": "difference",
                        "method": ["published_personweek_t", "ancova_baseline"],
                        "population": ["MEANIMP", "OBSERVED"], "ci_low": [0.0, 0.0],
                        "ci_high": [3.0, 1.0]})
    assert tables.ci_width_ratio(est, "FREQ")["relative_to_published"].tolist() == [1.0, 0.33]
