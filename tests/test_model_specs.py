"""Every model's specification pinned against R on small hand-typed trials.

Each method of `k2cramps.analysis` (models, mmrm, imputation, subgroups, safety and the
per-arm results of arm_summaries) is fitted to the 16 participants typed below, and its
estimate, CI and p (and SE, df where the Estimate carries them) are compared with what R
returned for the same specification. The R calls are in tests/reference/model_specs.R;
each expected dict below was printed by it (10 significant digits) and is pasted under a
comment with its call. To recompute (R is not needed to run the tests):

    Rscript tests/reference/model_specs.R

A test fails when the specification changes: a covariate dropped or added, the offset of
the count model removed, another working correlation or covariance, the weeks coded
otherwise (numeric instead of a factor, another reference), other degrees of freedom, or a
one-sided instead of a two-sided p. Tolerances: closed-form methods (t-tests, OLS, GEE at
R's 1e-12 convergence) to R's printed precision; iterative fits to the distance between
the two optimisers' optima, stated at each test.

Unlike tests/test_r_reference.py (the same methods on the shipped and a simulated trial,
which need the built pipeline), these tests need nothing but the tables below.
"""
from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from k2cramps.analysis import mmrm as mmrm_fit
from k2cramps.analysis import models as M
from k2cramps.analysis import safety
from k2cramps.analysis import shaping as S
from k2cramps.analysis.arm_summaries import PER_ARM
from k2cramps.analysis.fits import OutcomeFits
from k2cramps.analysis.imputation import ancova_mi, completed
from k2cramps.analysis.subgroups import (interaction_p, ordered_levels, subgroup_effects,
                                         subgroup_levels)
from k2cramps.core.arms import K2, PLACEBO

R_INPUT = Path(__file__).parent / "reference" / "model_specs"
ALPHA = 0.05

# Weekly cramp frequency (cramps per 7 nights); "." = missing. P01-P08 vitamin K2, P09-P16
# placebo. P13 recorded no treatment week; P16 has no baseline; P04 stopped after week 6;
# P07, P09, P11, P14 miss some weeks. Baseline median 5.0, with P03, P07, P10 on it.
WIDE = """\
USUBJID K2 BASE  W1  W2  W3  W4  W5  W6  W7  W8
P01      1  3.5 3.6 2.3 4.9 3.3 4.4 3.5 4.5 4.1
P02      1  6.0 1.5 2.3 0.2 1.8 0.0 0.8 1.2 0.4
P03      1  5.0 3.9 3.4 3.6 4.6 4.3 3.2 2.3 3.7
P04      1  8.5 4.7 5.2 4.9 6.0 5.4 5.4   .   .
P05      1  4.0 4.2 4.8 3.5 3.8 3.1 3.9 3.4 3.4
P06      1  7.0 5.3 6.2 4.5 4.3 4.0 4.8 3.6 3.5
P07      1  5.0 5.5 5.7   . 2.3 3.6 3.3 3.1 3.6
P08      1  2.5 3.0 1.2 0.7 1.7 1.0 0.9 0.1 0.5
P09      0  4.5   . 2.2 2.4 4.6 4.4 3.3 2.9 3.5
P10      0  5.0 4.1 4.8 6.3 5.1 6.0 4.8 5.3 6.1
P11      0  9.0 6.6   . 7.6 7.9   .   . 6.5 7.5
P12      0  3.0 2.1 2.0 4.4 1.9 3.0 2.2 3.5 3.1
P13      0  6.5   .   .   .   .   .   .   .   .
P14      0  5.5 4.7 5.2 7.5 5.4 6.2 5.9 5.5   .
P15      0  7.5 6.6 6.6 5.1 9.0 7.6 7.0 6.7 6.3
P16      0    . 4.8 3.9 4.4 2.9 4.4 5.7 3.8 4.7
"""
# Treatment-period diary totals for the count model: P13 kept no diary night, P16 has no
# baseline frequency (both leave the model).
COUNTS = """\
USUBJID K2 BFREQ TRNIGHTS TRCRAMPS
P01      1   3.5       56        9
P02      1   6.0       54       18
P03      1   5.0       50       12
P04      1   8.5       41       18
P05      1   4.0       56       10
P06      1   7.0       55       14
P07      1   5.0       48        9
P08      1   2.5       52        9
P09      0   4.5       56        8
P10      0   5.0       53        1
P11      0   9.0       44       16
P12      0   3.0       56       19
P13      0   6.5        0        0
P14      0   5.5       49        3
P15      0   7.5       55       47
P16      0     .       56       13
"""


def _typed(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text), sep=r"\s+", na_values=".")


def _same(got, expected: dict, keys: str, **tol):
    """got (attributes or a dict) against R's values for `keys` (space-separated)."""
    for key in keys.split():
        value = got[key] if isinstance(got, dict) else getattr(got, key)
        assert value == pytest.approx(expected[key], **tol), key


def _counts_ok(est, expected: dict):
    assert (est.n_k2, est.n_placebo) == (expected["n_k2"], expected["n_placebo"])


@pytest.fixture(scope="module")
def w() -> pd.DataFrame:
    return _typed(WIDE).set_index("USUBJID")


@pytest.fixture(scope="module")
def adsl() -> pd.DataFrame:
    counts = _typed(COUNTS)
    return counts.assign(TRT01P=np.where(counts["K2"] == 1, K2, PLACEBO))


@pytest.fixture(scope="module")
def lg(w) -> pd.DataFrame:
    return S.long(w)


@pytest.fixture(scope="module")
def fits(w, adsl, lg) -> OutcomeFits:
    """The per-arm results read an OutcomeFits; built here from the typed tables."""
    return OutcomeFits("FREQ", adsl, w, lg, S.mean_imputed(w), _copies(w),
                       {"lmm_random_intercept": M.lmm_fit(lg), "gee_exchangeable": M.gee_fit(lg)},
                       M.nb_fit(adsl))


def _arms_agree(fits, method: str, population: str, expected: dict, abs_tol: float,
                ci_tol: float | None = None, timepoint: str = "weeks1-8"):
    """The per-arm rows of arm_summaries for `method` against R: expected maps the arm to
    (participants analysed, R's dict)."""
    rows = {arm: (n, est, lo, hi)
            for arm, n, est, lo, hi, _ in PER_ARM[method](fits, timepoint, population, ALPHA)}
    for arm, (n, ref) in expected.items():
        got_n, est, lo, hi = rows[arm]
        assert got_n == n, arm
        assert est == pytest.approx(ref["estimate"], abs=abs_tol), arm
        ci_tol = abs_tol if ci_tol is None else ci_tol
        assert (lo, hi) == pytest.approx((ref["ci_low"], ref["ci_high"]), abs=ci_tol), arm


def test_the_r_input_files_are_the_typed_tables(w, adsl):
    """model_specs.R reads these CSV files: they must hold what the tests fit."""
    pd.testing.assert_frame_equal(pd.read_csv(R_INPUT / "wide.csv", index_col="USUBJID"), w)
    pd.testing.assert_frame_equal(pd.read_csv(R_INPUT / "counts.csv"),
                                  adsl.drop(columns="TRT01P"))


def test_long_shape_keeps_observed_weeks_of_participants_with_a_baseline(lg):
    """128 cells - 8 (P13) - 8 (P16, no baseline) - 8 other missing weeks (P04 2, P07 1,
    P09 1, P11 3, P14 1) = 104 rows of 14 participants; R's to_long (helpers.R) makes the
    same rows."""
    assert len(lg) == 104 and lg["USUBJID"].nunique() == 14
    assert lg["WEEK"].tolist()[:8] == list(range(1, 9))
    assert sorted(lg.loc[lg["USUBJID"] == "P04", "WEEK"]) == [1, 2, 3, 4, 5, 6]


# ---------------------------------------------------------------- person-week t-test
# m = wide W1..W8 with NA <- mean of the same arm and week;
# t.test(as.vector(m[K2 == 1, ]), as.vector(m[K2 == 0, ]), var.equal = FALSE)
PERSONWEEK_T = dict(estimate=-1.680208333, se=0.2797410796, df=125.9958818, ci_low=-2.233807881,
                    ci_high=-1.126608785, p_value=1.893033919e-08, n_k2=8, n_placebo=8)


def test_published_person_week_t_is_welch_on_all_mean_imputed_person_weeks(w):
    """64 + 64 person-weeks: P13's eight weeks all take the placebo week means (ITT, as
    published). Welch's df is 125.996; Student's t would have 126 (with equal arms the SEs
    agree, but the p moves by 6e-5 relative and the CI by 2e-7); a one-sided p would be
    half of R's."""
    est = M.personweek_t(S.mean_imputed(w), ALPHA)
    _same(est, PERSONWEEK_T, "estimate ci_low ci_high", abs=1e-8)
    _same(est, PERSONWEEK_T, "p_value", rel=1e-6)
    _counts_ok(est, PERSONWEEK_T)


# ---------------------------------------------------------------- participant Welch
# y = rowMeans(W1..W8, na.rm = TRUE) (P13: no week, dropped);
# t.test(y[K2 == 1], y[K2 == 0], var.equal = FALSE)
WELCH_MEAN = dict(estimate=-1.705238095, se=0.8353475454, df=12.21146238, ci_low=-3.521814593,
                  ci_high=0.1113384022, p_value=0.063436873, n_k2=8, n_placebo=7)
# t.test(W8[K2 == 1], W8[K2 == 0], var.equal = FALSE), NA dropped
WELCH_WEEK8 = dict(estimate=-2.457142857, se=0.9235173814, df=10.3357616, ci_low=-4.505842819,
                   ci_high=-0.4084428955, p_value=0.02325693043, n_k2=7, n_placebo=6)


@pytest.mark.parametrize("timepoint, expected", [("weeks1-8", WELCH_MEAN),
                                                 ("week8", WELCH_WEEK8)])
def test_participant_welch_on_one_value_per_participant(w, timepoint, expected):
    """Welch df 12.2 (Student's t would have 13 df and another p). P16, without a
    baseline, is in: Welch does not need one; P13, with no week, is not."""
    est = M.participant_welch(S.summary(w, timepoint), w["K2"], ALPHA)
    _same(est, expected, "estimate ci_low ci_high", abs=1e-8)
    _same(est, expected, "p_value", rel=1e-6)
    _counts_ok(est, expected)


# ---------------------------------------------------------------- ANCOVA
# lm(y ~ K2 + BASE), y = rowMeans(W1..W8, na.rm = TRUE), complete cases (P13 no y, P16 no
# BASE); coef, SE, confint, t-test p of K2
ANCOVA = dict(estimate=-1.500680848, se=0.6453842168, df=11.0, ci_low=-2.921161932,
              ci_high=-0.08019976409, p_value=0.04020409116, n_k2=8, n_placebo=6)
# emmeans(lm(y ~ K2 + BASE), ~ K2) (BASE at its mean over the 14 rows used, 5.428571429)
ANCOVA_ADJUSTED_MEAN_K2 = dict(estimate=3.521715011, se=0.419923939, df=11.0,
                               ci_low=2.597468653, ci_high=4.445961369)
ANCOVA_ADJUSTED_MEAN_PLACEBO = dict(estimate=5.022395859, se=0.4856326639, df=11.0,
                                    ci_low=3.953525572, ci_high=6.091266145)


def test_ancova_is_ols_on_arm_and_baseline_with_residual_df(w):
    """14 complete rows - 3 coefficients = 11 residual df for the t quantile and the p."""
    est = M.ancova(S.summary(w, "weeks1-8"), w["K2"], w["BASE"], ALPHA)
    _same(est, ANCOVA, "estimate ci_low ci_high", abs=1e-8)
    _same(est, ANCOVA, "p_value", rel=1e-6)
    _counts_ok(est, ANCOVA)


def test_ancova_adjusted_means_are_at_the_mean_baseline_of_the_rows_used(fits):
    _arms_agree(fits, "ancova_baseline", "OBSERVED",
                {K2: (8, ANCOVA_ADJUSTED_MEAN_K2), PLACEBO: (6, ANCOVA_ADJUSTED_MEAN_PLACEBO)},
                1e-8)


# ---------------------------------------------------------------- negative binomial
# glmmTMB(TRCRAMPS ~ K2 + log(BFREQ + 0.5) + offset(log(TRNIGHTS / 7)), family = nbinom2,
# data = subset(counts, TRNIGHTS > 0 & !is.na(BFREQ))) (NB2, dispersion jointly by maximum
# likelihood); exp(b_K2), exp(b +- qnorm(.975) se), Wald p; theta = sigma(fit)
NB_RATE_RATIO = dict(log_estimate=-0.09460567566, se_log=0.3417749779, estimate=0.9097315931,
                     ci_low=0.4655795417, ci_high=1.777594368, p_value=0.7819283748,
                     theta=3.156709907, n_k2=8, n_placebo=6)
# MASS::glm.nb(same formula): the same point estimate; its SE holds theta fixed
NB_GLM_NB = dict(log_estimate=-0.09460569795, se_log=0.3418919097, theta=3.156710375)
# the glmmTMB fit above; exp(L'b), L = (1, K2, mean log(BFREQ + 0.5) = 1.726560842), Wald z
# CI on the log scale: the rate per 7 nights
NB_RATE_PER_WEEK_K2 = dict(estimate=1.704984266, ci_low=1.09809217, ci_high=2.647292665)
NB_RATE_PER_WEEK_PLACEBO = dict(estimate=1.874161873, ci_low=1.134469529, ci_high=3.096145498)
# statsmodels stops at a mean score below 1e-4 (models.SCORE_TOLERANCE), glmmTMB at its own
# optimum: the rate ratios differ by 5e-6, so ratios are compared to 3e-5. Dropping the
# offset moves the ratio by 0.05, log(BFREQ + 1) for log(BFREQ + 0.5) by 0.002, NB1 for NB2
# by 0.3.
NB_TOL = 3e-5


def test_negative_binomial_rate_ratio_has_the_log_nights_offset_and_log_baseline(adsl):
    est = M.nb_rate_ratio(adsl, ALPHA)
    _same(est, NB_RATE_RATIO, "estimate ci_low ci_high", abs=NB_TOL)
    _same(est, NB_RATE_RATIO, "p_value", rel=1e-4)
    _counts_ok(est, NB_RATE_RATIO)


def test_negative_binomial_is_nb2_with_its_dispersion_estimated(adsl):
    """statsmodels' alpha is R's 1 / theta (NB2: Var = mu + alpha mu^2); the SE of log RR
    is glmmTMB's joint one, not glm.nb's conditional one (0.34189)."""
    res, used = M.nb_fit(adsl)
    assert res.params["alpha"] == pytest.approx(1 / NB_RATE_RATIO["theta"], rel=1e-4)
    assert res.bse["K2"] == pytest.approx(NB_RATE_RATIO["se_log"], rel=1e-5)
    assert res.bse["K2"] != pytest.approx(NB_GLM_NB["se_log"], rel=1e-5)
    assert sorted(set(adsl["USUBJID"]) - set(adsl.loc[used.index, "USUBJID"])) == ["P13", "P16"]


def test_negative_binomial_rate_per_arm_is_per_seven_nights(fits):
    """The fit's rate is per diary night (exposure = nights); the per-arm rate is shifted by
    log 7, as R's offset log(TRNIGHTS / 7) gives directly."""
    _arms_agree(fits, "nb_rate_ratio", "OBSERVED",
                {K2: (8, NB_RATE_PER_WEEK_K2), PLACEBO: (6, NB_RATE_PER_WEEK_PLACEBO)}, NB_TOL)


# ---------------------------------------------------------------- random intercept
# lme4::lmer(Y ~ K2 * factor(WEEK) + BASE + (1 | USUBJID), REML = TRUE); L'b with
# L = K2 + mean of K2:factor(WEEK)k over k = 1..8 (0 for week 1) / K2 + K2:factor(WEEK)8;
# SE from vcov, est +- qnorm(.975) SE, p = 2 pnorm(-|z|)
LMM_AVERAGE = dict(estimate=-1.508474661, se=0.6548727478, ci_low=-2.792001661,
                   ci_high=-0.2249476606, p_value=0.02125284813, n_k2=8, n_placebo=6)
LMM_WEEK8 = dict(estimate=-2.089795267, se=0.7937180561, ci_low=-3.645454071,
                 ci_high=-0.534136463, p_value=0.008465455997, n_k2=8, n_placebo=6)
# VarCorr(lmer fit): participant intercept and residual variances
LMM_VARIANCES = dict(var_intercept=1.349733938, var_residual=0.6444011622)
# lmer fit above; least-squares mean of each arm over weeks 1-8 at BASE = 5.428571429 (the
# mean over the 14 participants in the long data): L'b, SE from vcov, z CI
LMM_LSMEAN_AVERAGE_K2 = dict(estimate=3.499203159, se=0.4257373476, ci_low=2.664773291,
                             ci_high=4.333633027)
LMM_LSMEAN_AVERAGE_PLACEBO = dict(estimate=5.00767782, se=0.4931585484, ci_low=4.041104826,
                                  ci_high=5.974250813)
# statsmodels' Cov(beta) comes from the joint REML information (test_arm_summaries'
# LMM_CI_TOL): the SEs agree to 2e-5 relative, the CI bounds to 3.3e-5 here; the estimates
# to 1.2e-8.
LMM_CI_TOL = 1e-4


@pytest.mark.parametrize("timepoint, expected", [("weeks1-8", LMM_AVERAGE),
                                                 ("week8", LMM_WEEK8)])
def test_random_intercept_model_effects_with_weeks_as_a_factor(lg, timepoint, expected):
    """Weeks as a factor with one K2 effect per week: the average over weeks 1-8 and week 8
    (a numeric week, or a K2 term read as week 1's effect, gives other numbers); Wald z
    CI and two-sided p."""
    est = M.lmm_random_intercept(lg, ALPHA)[timepoint]
    _same(est, expected, "estimate", abs=1e-7)
    _same(est, expected, "ci_low ci_high", abs=LMM_CI_TOL)
    _same(est, expected, "p_value", rel=1e-3)
    _counts_ok(est, expected)


def test_random_intercept_model_is_reml_with_one_intercept_variance(fits):
    res = fits.repeated["lmm_random_intercept"]
    assert res.cov_re.shape == (1, 1)
    assert float(res.cov_re.iloc[0, 0]) == pytest.approx(LMM_VARIANCES["var_intercept"], rel=1e-5)
    assert res.scale == pytest.approx(LMM_VARIANCES["var_residual"], rel=1e-5)


def test_random_intercept_least_squares_means_per_arm(fits):
    _arms_agree(fits, "lmm_random_intercept", "OBSERVED",
                {K2: (8, LMM_LSMEAN_AVERAGE_K2), PLACEBO: (6, LMM_LSMEAN_AVERAGE_PLACEBO)},
                1e-7, LMM_CI_TOL)


# ---------------------------------------------------------------- GEE
# geepack::geeglm(Y ~ K2 * factor(WEEK) + BASE, id = USUBJID, family = gaussian,
# corstr = "exchangeable", control = geese.control(epsilon = 1e-12, maxit = 200)); robust
# (sandwich) vcov; L'b with L = K2 + mean of K2:factor(WEEK)k / K2 + K2:factor(WEEK)8;
# z CI and p
GEE_AVERAGE = dict(estimate=-1.508421193, se=0.5573332024, ci_low=-2.600774197,
                   ci_high=-0.4160681888, p_value=0.006799699373)
GEE_WEEK8 = dict(estimate=-2.09116966, se=0.6506526696, ci_low=-3.366425459,
                 ci_high=-0.8159138613, p_value=0.001309193069)
# geeglm fit above; least-squares mean of each arm at week 8, BASE = 5.428571429 (the mean
# over the 14 participants in the long data): L'b, robust SE, z CI
GEE_LSMEAN_WEEK8_K2 = dict(estimate=3.135801147, se=0.5386490777, ci_low=2.080068355,
                           ci_high=4.19153394)
GEE_LSMEAN_WEEK8_PLACEBO = dict(estimate=5.226970808, se=0.3546513335, ci_low=4.531866967,
                                ci_high=5.922074648)
# geeglm fit above: working correlation alpha = fit$geese$alpha, scale = fit$geese$gamma
GEE_PARAMS = dict(alpha=0.7058409145, scale=1.652975491)


@pytest.mark.parametrize("timepoint, expected", [("weeks1-8", GEE_AVERAGE),
                                                 ("week8", GEE_WEEK8)])
def test_gee_exchangeable_with_robust_standard_errors(lg, timepoint, expected):
    """The robust SE (model-based would give another CI) and the exchangeable estimate of
    the working correlation (independence would give other estimates)."""
    est = M.gee_exchangeable(lg, ALPHA)[timepoint]
    _same(est, expected, "estimate ci_low ci_high", abs=1e-8)
    _same(est, expected, "p_value", rel=1e-6)


def test_gee_least_squares_means_at_week8_per_arm(fits):
    """Week 8 in sum coding: intercept + K2 minus every coded week and K2 x week term."""
    _arms_agree(fits, "gee_exchangeable", "OBSERVED",
                {K2: (8, GEE_LSMEAN_WEEK8_K2), PLACEBO: (6, GEE_LSMEAN_WEEK8_PLACEBO)},
                1e-8, timepoint="week8")


def test_gee_working_correlation_and_scale_are_geepacks(fits):
    """Moment estimators divided by N, not N - p (ddof_scale=0): geepack's."""
    res = fits.repeated["gee_exchangeable"]
    assert res.model.cov_struct.dep_params == pytest.approx(GEE_PARAMS["alpha"], rel=1e-8)
    assert res.scale == pytest.approx(GEE_PARAMS["scale"], rel=1e-8)


# ---------------------------------------------------------------- MMRM
# An unstructured 8 x 8 covariance cannot be estimated from these 14 participants (our fit
# stops with a ConvergenceError after 8 s; nlme::gls reaches its evaluation limit); the
# specification is the same on weeks 1-3 (P09 lacks week 1, P11
# week 2, P07 week 3).
# nlme::gls(Y ~ K2 * factor(WEEK) + BASE * factor(WEEK), data = long[WEEK <= 3],
#   correlation = corSymm(form = ~ WEEK | USUBJID), weights = varIdent(form = ~ 1 | WEEK),
#   method = "REML", control = glsControl(tolerance = 1e-12)); fit$apVar <-
#   accurate_apvar(fit) (helpers.R); emm = emmeans(fit, ~ K2 * WEEK, at = list(K2 = c(0, 1),
#   BASE = mean BASE of the 14 participants), mode = "satterthwaite");
#   contrast(emm, K2 minus placebo averaged over weeks 1-3 / at week 3), infer = TRUE
MMRM_AVERAGE = dict(estimate=-0.8241381297, se=0.7513971246, df=10.52069673, ci_low=-2.487191195,
                    ci_high=0.8389149354, p_value=0.2971955291)
MMRM_WEEK3 = dict(estimate=-1.871779927, se=1.060073865, df=9.720997538, ci_low=-4.242993065,
                  ci_high=0.4994332098, p_value=0.1087688071)
# the emm grid above, WEEK = 3 (BASE = 5.428571429)
MMRM_LSMEAN_WEEK3_K2 = dict(estimate=3.54599046, se=0.7037965472, df=10.08905441)
MMRM_LSMEAN_WEEK3_PLACEBO = dict(estimate=5.417770387, se=0.7859375304, df=9.440254535)
# getVarCov(fit, individual = "P01"), row by row, and logLik(fit) (REML)
MMRM_COVARIANCE = dict(s11=1.686575132, s12=1.48744577, s13=1.622877383, s21=1.48744577,
                       s22=1.797790507, s23=1.741608331, s31=1.622877383, s32=1.741608331,
                       s33=3.660640989, loglik=-56.75828611)
# Two REML optimisers: the covariance agrees to 1.3e-6, estimates to 4e-8, SEs to 3e-7, df
# to 8e-7 relative, CI bounds to 7e-7.


@pytest.fixture(scope="module")
def mmrm3(lg):
    return mmrm_fit.fit(lg[lg["WEEK"] <= 3], 3)


@pytest.mark.parametrize("timepoint, expected", [("weeks1-8", MMRM_AVERAGE),
                                                 ("week8", MMRM_WEEK3)])
def test_mmrm_contrasts_with_satterthwaite_df(mmrm3, timepoint, expected):
    """("weeks1-8", "week8") name the average over weeks 1..q and week q, here q = 3.
    The t quantile and p use the Satterthwaite df (10.5 and 9.7: a normal quantile or the
    residual df would move the CI bounds by 0.1 or more)."""
    est, se, df, lo, hi, p = mmrm3.contrast(mmrm3.effect(timepoint, 3), ALPHA)
    assert (est, se) == pytest.approx((expected["estimate"], expected["se"]), abs=1e-6)
    assert df == pytest.approx(expected["df"], rel=1e-5)
    assert (lo, hi) == pytest.approx((expected["ci_low"], expected["ci_high"]), abs=1e-5)
    assert p == pytest.approx(expected["p_value"], rel=1e-5)


def test_mmrm_covariance_is_unstructured_and_reml(mmrm3):
    """Three variances and three covariances all free (no two equal, as compound symmetry
    or a common variance would make them), and nlme's REML log-likelihood."""
    expected = np.array([MMRM_COVARIANCE[f"s{i}{j}"] for i in (1, 2, 3) for j in (1, 2, 3)])
    assert mmrm3.sigma.ravel() == pytest.approx(expected, abs=1e-5)
    assert mmrm3.loglik == pytest.approx(MMRM_COVARIANCE["loglik"], abs=1e-6)


@pytest.mark.parametrize("k2, expected", [(1, MMRM_LSMEAN_WEEK3_K2),
                                          (0, MMRM_LSMEAN_WEEK3_PLACEBO)])
def test_mmrm_least_squares_mean_at_the_mean_baseline(mmrm3, k2, expected):
    est, se, df, *_ = mmrm3.contrast(mmrm3.lsmean(k2, 3), ALPHA)
    assert (est, se) == pytest.approx((expected["estimate"], expected["se"]), abs=1e-6)
    assert df == pytest.approx(expected["df"], rel=1e-5)


# ---------------------------------------------------------------- multiple imputation
# Rubin's rules pinned on the ANCOVA of three hand-made completed copies (the draws of the
# chained equations cannot be reproduced in R: other random numbers):
# copies: every NA of BASE, W1..W8 <- 2, 4, 6; fits = lm(y ~ K2 + BASE) in each,
# y = rowMeans(W1..W8) / W8; summary(pool(as.mira(fits)), conf.int = TRUE) row K2
MI_POOLED_AVERAGE = dict(estimate=-1.223946632, se=0.6451968504, df=10.31981816,
                         ci_low=-2.655518688, ci_high=0.207625425, p_value=0.08613849128)
MI_POOLED_WEEK8 = dict(estimate=-1.788968354, se=0.7650728873, df=11.23214067,
                       ci_low=-3.468646042, ci_high=-0.1092906655, p_value=0.0388447452)
# emmeans(fit, ~ K2) in each copy (BASE at the copy's mean); pool.scalar(Q, U, n = 16,
# k = 3); qbar +- qt(.975, df) sqrt(t)
MI_ADJUSTED_MEAN_K2 = dict(estimate=3.449745434, df=8.144002236, ci_low=2.338120985,
                           ci_high=4.561369883)
MI_ADJUSTED_MEAN_PLACEBO = dict(estimate=4.673692066, df=4.163396554, ci_low=3.099048244,
                                ci_high=6.248335887)
FILL = (2.0, 4.0, 6.0)


def _copies(w: pd.DataFrame) -> list[pd.DataFrame]:
    return [w.fillna({c: v for c in ["BASE", *S.WEEKS]}) for v in FILL]


@pytest.mark.parametrize("timepoint, expected", [("weeks1-8", MI_POOLED_AVERAGE),
                                                 ("week8", MI_POOLED_WEEK8)])
def test_mi_ancova_pooled_by_rubins_rules_with_barnard_rubin_df(w, timepoint, expected):
    """All 16 participants in every copy; mice's dfcom is the lm's residual df, 16 - 3."""
    est = ancova_mi(_copies(w), timepoint, ALPHA)
    _same(est, expected, "estimate ci_low ci_high", abs=1e-8)
    _same(est, expected, "p_value", rel=1e-6)
    assert (est.n_k2, est.n_placebo) == (8, 8)


def test_mi_adjusted_means_pooled_per_arm(fits):
    _arms_agree(fits, "ancova_baseline", "MI",
                {K2: (8, MI_ADJUSTED_MEAN_K2), PLACEBO: (8, MI_ADJUSTED_MEAN_PLACEBO)}, 1e-8)


def test_imputation_draws_a_missing_week_from_its_own_arms_observed_values():
    """Within-arm chained equations with predictive mean matching: the K2 participant's
    missing W1 takes one of the K2 arm's observed W1 values (1 ... 11), never a placebo
    one (21 ... 31), although BASE and W2..W8, which predict W1, are the same 12 rows in
    both arms. Imputing over both arms would draw placebo donors among the nearest five."""
    others = np.random.default_rng(0).normal(5, 1, size=(12, 8)).round(1)  # BASE, W2..W8
    w1 = {1: [*range(1, 12), np.nan], 0: [*range(21, 32), np.nan]}
    w = pd.concat([pd.DataFrame({"K2": arm, "BASE": others[:, 0], "W1": w1[arm],
                                 **{f"W{k}": others[:, k - 1] for k in range(2, 9)}})
                   for arm in (1, 0)], ignore_index=True)
    copies = completed(w, 20, 11)
    assert {c["W1"].iloc[11] for c in copies} <= set(range(1, 12))
    assert {c["W1"].iloc[23] for c in copies} <= set(range(21, 32))


# ---------------------------------------------------------------- subgroups
# median(BFREQ, na.rm = TRUE) = 5.0; G = "above" if BFREQ > median else "at or below"
# anova(lm(y ~ K2 + factor(G) + BASE), lm(y ~ K2 * factor(G) + BASE)): F test of K2 x
# subgroup, rows with y, BASE and G; per level lm(y ~ K2 + BASE, data = rows of the level)
SUBGROUP_SEX_INTERACTION = dict(F=5.469370147, df_num=1.0, df_den=9.0, p_value=0.04411638389)
SUBGROUP_SEX_FEMALE = dict(estimate=0.008551282051, ci_low=-2.051961321, ci_high=2.069063885,
                           p_value=0.9913583972, n_k2=4, n_placebo=3)
SUBGROUP_SEX_MALE = dict(estimate=-2.803422619, ci_low=-5.608245192, ci_high=0.001399954087,
                         p_value=0.05007095757, n_k2=4, n_placebo=3)
SUBGROUP_BF_INTERACTION = dict(F=5.261721554, df_num=1.0, df_den=9.0, p_value=0.04747514481)
SUBGROUP_BF_ABOVE = dict(estimate=-2.875485757, ci_low=-6.271815621, ci_high=0.5208441076,
                         p_value=0.07413682773, n_k2=3, n_placebo=3)
SUBGROUP_BF_AT_OR_BELOW = dict(estimate=-0.4066517857, ci_low=-1.965327379, ci_high=1.152023807,
                               p_value=0.5321680431, n_k2=5, n_placebo=3)


def _subgroup_trial(w: pd.DataFrame):
    """ADSL and ADCRAMP of the typed trial: sex alternating F, M from P01; one age group,
    one site, nobody with hypertension or diabetes (those subgroups have one level)."""
    ids = w.index.to_numpy()
    adsl = pd.DataFrame({"USUBJID": ids, "TRT01P": np.where(w["K2"] == 1, K2, PLACEBO),
                         "SEX": ["F", "M"] * 8, "AGEGR1": "65-74", "SITEID": "CD", "HTN": 0,
                         "DIAB": 0, "BFREQ": w["BASE"].to_numpy()})
    visits = w.rename(columns={"BASE": 0, **{f"W{k}": k for k in range(1, 9)}})
    adcramp = (visits.drop(columns="K2").reset_index()
               .melt(id_vars="USUBJID", var_name="AVISITN", value_name="AVAL").dropna()
               .assign(PARAMCD="FREQ", DTYPE=""))
    return adsl, adcramp


def _levels(bfreq: list[float], htn=0) -> pd.DataFrame:
    n = len(bfreq)
    return subgroup_levels(pd.DataFrame({
        "USUBJID": [f"S{i}" for i in range(n)], "SEX": (["F", "M"] * n)[:n],
        "AGEGR1": "65-74", "SITEID": "CD", "HTN": htn, "DIAB": 0, "BFREQ": bfreq}))


def test_median_split_puts_ties_at_or_below_and_keeps_a_missing_baseline_missing():
    """BFREQ 1, 2, 2, 3 and one missing: the median of the four values is 2; both 2s are
    at or below it; the missing one has no level."""
    got = _levels([1.0, 2.0, 2.0, 3.0, np.nan], htn=[0, 1, 0, 1, 0])
    low, high = "at or below median (2.00/week)", "above median (2.00/week)"
    assert got["BFREQ_HIGH"].iloc[:4].tolist() == [low, low, low, high]
    assert pd.isna(got["BFREQ_HIGH"].iloc[4])
    assert got["SEX"].tolist() == ["female", "male", "female", "male", "female"]
    assert got["HTN"].tolist() == ["no", "yes", "no", "yes", "no"]


def test_median_is_of_the_recorded_baselines_only():
    """1, 2, 3, 4 and one missing: median 2.5 (a missing value counted as anything would
    move it to 2 or 3)."""
    got = _levels([1.0, 2.0, 3.0, 4.0, np.nan])["BFREQ_HIGH"]
    assert got.iloc[:4].tolist() == ["at or below median (2.50/week)"] * 2 + \
        ["above median (2.50/week)"] * 2


def test_subgroup_effects_and_interaction_tests_agree_with_r(w):
    """Median of the 15 baselines 5.0; P03, P07, P10 (5.0) at or below. Levels in sort
    order; one-level subgroups (age, site, hypertension, diabetes) left out."""
    sg = subgroup_effects(*_subgroup_trial(w), ALPHA)
    assert sg[["subgroup", "level"]].values.tolist() == [
        ["Sex", "female"], ["Sex", "male"],
        ["Baseline frequency", "above median (5.00/week)"],
        ["Baseline frequency", "at or below median (5.00/week)"]]
    for row, ref, p_int in zip(sg.itertuples(), [SUBGROUP_SEX_FEMALE, SUBGROUP_SEX_MALE,
                                                 SUBGROUP_BF_ABOVE, SUBGROUP_BF_AT_OR_BELOW],
                               [SUBGROUP_SEX_INTERACTION] * 2 + [SUBGROUP_BF_INTERACTION] * 2):
        assert (row.estimate, row.ci_low, row.ci_high) == pytest.approx(
            (ref["estimate"], ref["ci_low"], ref["ci_high"]), abs=1e-8)
        assert row.p_value == pytest.approx(ref["p_value"], rel=1e-6)
        assert (row.n_k2, row.n_placebo) == (ref["n_k2"], ref["n_placebo"])
        assert row.p_interaction == pytest.approx(p_int["p_value"], rel=1e-6)


def test_age_groups_are_listed_by_age_and_other_levels_alphabetically():
    """"<65" sorts after "65-74" as text; by age it comes first."""
    assert ordered_levels("AGEGR1", [">=75", "65-74", "<65"]) == ["<65", "65-74", ">=75"]
    assert ordered_levels("SITEID", ["NC", "CD", "<C>"]) == ["<C>", "CD", "NC"]


def test_subgroup_effects_list_the_age_groups_by_age(w):
    """The typed trial (P01-P08 on vitamin K2, P09-P16 on placebo) with half of each arm
    under 65: the age-group rows come "<65" first, then "65-74"."""
    adsl, adcramp = _subgroup_trial(w)
    adsl["AGEGR1"] = ["<65"] * 4 + ["65-74"] * 4 + ["<65"] * 4 + ["65-74"] * 4
    sg = subgroup_effects(adsl, adcramp, ALPHA)
    assert sg.loc[sg["subgroup"] == "Age group", "level"].tolist() == ["<65", "65-74"]


def test_interaction_test_is_one_df_f_test_adjusted_for_baseline(w):
    """F(1, 9) of K2 x sex with BASE in both models: 14 rows - 5 coefficients = 9."""
    df = pd.DataFrame({"Y": S.summary(w, "weeks1-8"), "K2": w["K2"], "BASE": w["BASE"],
                       "G": ["female", "male"] * 8}).dropna()
    assert interaction_p(df) == pytest.approx(SUBGROUP_SEX_INTERACTION["p_value"], rel=1e-6)


# ---------------------------------------------------------------- safety
# 7 of 40 on vitamin K2 vs 2 of 38 on placebo. l_i, u_i = prop.test(x_i, n_i,
# correct = FALSE)$conf.int (Wilson); d = p1 - p2; d - sqrt((p1 - l1)^2 + (u2 - p2)^2),
# d + sqrt((u1 - p1)^2 + (p2 - l2)^2), in percentage points;
# fisher.test(matrix(c(7, 33, 2, 36), 2, byrow = TRUE))$p.value (two-sided;
# alternative = "greater" gives 0.08939364706, not half of it)
SAFETY_7_40_VS_2_38 = dict(risk_difference=12.23684211, ci_low=-2.635231713,
                           ci_high=27.18010421, p_fisher=0.154992721)


def test_risk_difference_interval_and_two_sided_fisher_p_agree_with_r():
    adsl = pd.DataFrame({"USUBJID": [f"S{i:02d}" for i in range(78)],
                         "TRT01P": [K2] * 40 + [PLACEBO] * 38, "SAFFL": "Y"})
    hit = [f"S{i:02d}" for i in [*range(7), 40, 41]]
    adae = pd.DataFrame({"USUBJID": hit, "TRT01P": [K2] * 7 + [PLACEBO] * 2,
                         "AETERM": "headache", "AESER": "N", "AREL": "N", "TRTEMFL": "Y"})
    row = safety.adverse_events(adsl, adae).set_index("category").loc["Any adverse event"]
    ref = SAFETY_7_40_VS_2_38
    assert (row["n_k2"], row["n_placebo"]) == (7, 2)
    assert (row["risk_difference"], row["rd_ci_low"], row["rd_ci_high"]) == pytest.approx(
        (ref["risk_difference"], ref["ci_low"], ref["ci_high"]), abs=1e-7)
    assert row["p_fisher"] == pytest.approx(ref["p_fisher"], rel=1e-8)
