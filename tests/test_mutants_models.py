"""Small hand-checked cases for the pieces of the MMRM optimiser, the convergence checks of
the statsmodels fits and the multiple imputation that the model-level tests
(test_mmrm.py, test_model_specs.py, test_models.py) cannot see: the starting covariances,
the acceptance rule of a REML maximum, the Satterthwaite-df guard, the tie rule of
predictive mean matching, the order the random numbers are used in, and Rubin's rules
without between-imputation variance."""
from __future__ import annotations

import warnings
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from k2cramps.analysis import imputation as I
from k2cramps.analysis import mmrm
from k2cramps.analysis import models as M
from k2cramps.analysis.convergence import ConvergenceError
from k2cramps.core.arms import K2, PLACEBO
from test_model_specs import COUNTS, _typed


# ---------------------------------------------------------------- MMRM starting values
def _start_trial() -> pd.DataFrame:
    """Six participants, two weeks, Y = 1 + BASE + e with residuals e orthogonal to the
    columns (1, K2, BASE) of each week, so that OLS leaves exactly e:
    u = (1, -2, 1, 0, 0, 0) and v = (0, 0, 0, 1, -2, 1) sum to zero in each arm and
    u.BASE = v.BASE = 0 - 2 + 2 = 0; week 1 e = (u + v) / 2, week 2 e = (2u + v) / 2."""
    u = np.array([1, -2, 1, 0, 0, 0.0])
    v = np.array([0, 0, 0, 1, -2, 1.0])
    base = np.array([0, 1, 2, 0, 1, 2.0])
    k2 = np.array([1, 1, 1, 0, 0, 0])
    e = {1: (u + v) / 2, 2: (2 * u + v) / 2}
    return pd.DataFrame([dict(USUBJID=f"S{i}", K2=k2[i], BASE=base[i], WEEK=wk,
                              Y=1 + base[i] + e[wk][i]) for i in range(6) for wk in (1, 2)])


def test_starting_covariances_are_the_residual_covariance_then_its_variances():
    """Residual covariance (divisor n - 1 = 5), by hand: sum e1^2 = 0.25 x 12 = 3 -> 0.6; sum e2^2 = 0.25 x 30 = 7.5 -> 1.5;
    sum e1 e2 = 0.25 x 18 = 4.5 -> 0.9. Its Cholesky factor: L11 = sqrt(0.6),
    L21 = 0.9 / sqrt(0.6), L22 = sqrt(1.5 - 0.81 / 0.6) = sqrt(0.15); theta is
    (log L11, L21, log L22). The covariance comes first (it is positive definite:
    0.6 x 1.5 - 0.81 = 0.09); the variances alone (0.6 is not floored: the floor is 1e-6)
    second."""
    long = _start_trial()
    X, _ = mmrm.design(long, 2)
    reml = mmrm.Reml(mmrm._patterns(long, X), 2)
    starts = mmrm._starts(reml, long, X)
    assert [name for name, _ in starts] == ["residual covariance", "residual variances"]
    l11 = np.sqrt(0.6)
    assert starts[0][1] == pytest.approx([np.log(l11), 0.9 / l11, np.log(np.sqrt(0.15))],
                                         abs=1e-12)
    assert starts[1][1] == pytest.approx([np.log(np.sqrt(0.6)), 0.0, np.log(np.sqrt(1.5))],
                                         abs=1e-12)


# ---------------------------------------------------------------- MMRM acceptance rule
class _Quadratic:
    """A stand-in for Reml: f(t) = t' A t / 2, gradient A t and Hessian A, in the same
    parameters (for Reml, `curvature` and Newton's steps are in Sigma's elements s)."""

    def __init__(self, *diagonal):
        self.A = np.diag(diagonal)

    def objective(self, theta):
        return float(theta @ self.A @ theta / 2), self.A @ theta

    def curvature(self, theta):
        return self.A @ theta, self.A, None

    def moved(self, theta, step):
        return theta + step


class _Hyperbolic(_Quadratic):
    """f(t) = sum sqrt(1 + t^2): convex, minimum 0 at t = 0, gradient t / sqrt(1 + t^2),
    Hessian (1 + t^2)^(-3/2). Newton's full step from t is -t (1 + t^2): from t = 2 it lands
    on -8, where f is higher, and undamped it would run off (t -> -t^3)."""

    def objective(self, theta):
        root = np.sqrt(1 + theta**2)
        return float(root.sum()), theta / root

    def curvature(self, theta):
        return self.objective(theta)[1], np.diag((1 + theta**2) ** -1.5), None


def test_a_maximum_with_small_positive_curvature_is_accepted():
    """Curvature 0.5 is a maximum of the REML (positive definite Hessian of -2 REML)."""
    res, (_, hessian, _), how = mmrm._minimise(_Quadratic(0.5, 8.0), [("s", np.array([1.0, 1.0]))],
                                               "t")
    assert how == "Newton from the s"
    assert np.diag(hessian) == pytest.approx([0.5, 8.0], rel=1e-6)
    assert res.x == pytest.approx([0.0, 0.0], abs=1e-5)


def test_a_flat_direction_is_not_accepted_as_a_maximum():
    """f = t1^2 does not depend on t2: the Hessian diag(2, 0) is singular (Cov(s) would
    not exist), so every optimiser is refused although the gradient vanishes."""
    with pytest.raises(ConvergenceError, match="smallest curvature 0"):
        mmrm._minimise(_Quadratic(2.0, 0.0), [("s", np.array([1.0, 1.0]))], "t")


def test_zero_tolerances_refuse_even_an_exactly_zero_gradient(monkeypatch):
    """Started at the minimum, the gradient and the Newton decrement are exactly 0; the
    tolerances are strict upper bounds ('below'), so with both at 0 nothing is accepted
    (test_mmrm's forced failure relies on that). The message reports the gradient and the
    smallest eigenvalue of the Hessian diag(2, 8), by hand 2."""
    monkeypatch.setattr(mmrm, "GRADIENT_TOLERANCE", 0.0)
    monkeypatch.setattr(mmrm, "DECREMENT_TOLERANCE", 0.0)
    with pytest.raises(ConvergenceError,
                       match="tried Newton from the s: ArithmeticError: no convergence in 50 "
                             "Newton steps; BFGS from the s: largest gradient 0, smallest "
                             "curvature 2;"):
        mmrm._minimise(_Quadratic(2.0, 8.0), [("s", np.array([0.0, 0.0]))], "t")


def test_newton_halves_a_step_that_would_overshoot():
    """From t = 2 the full step lands on -8 (f = 8.06 > f(2) = 2.24); halved once, on -3
    (3.16, higher still); twice, on -0.5 (1.118, lower): taken. From -0.5 the full step,
    0.625, lands on 0.125 (1.0078 < 1.118): taken; and so on to the minimum."""
    res, found, how = mmrm._minimise(_Hyperbolic(), [("s", np.array([2.0]))], "t")
    assert how == "Newton from the s"
    assert res.x == pytest.approx([0.0], abs=1e-6)
    first = mmrm._halved(_Hyperbolic(), np.array([2.0]), np.array([-10.0]), np.sqrt(5))
    assert first[0] == pytest.approx([-0.5]) and first[1] == pytest.approx(np.sqrt(1.25))
    second = mmrm._halved(_Hyperbolic(), first[0], np.array([0.625]), first[1])
    assert second[0] == pytest.approx([0.125])


class _Fenced(_Hyperbolic):
    """_Hyperbolic where Sigma + step stops being positive definite beyond |t| = 4, as a
    covariance does far from the start."""

    def moved(self, theta, step):
        if np.any(np.abs(theta + step) > 4):
            raise np.linalg.LinAlgError("not positive definite")
        return theta + step


def test_newton_halves_a_step_that_leaves_the_positive_definite_matrices():
    """From t = 2 the full step (-10 -> -8) and the first half (-3) are both outside the
    fence, so they are halved like steps that raise -2 REML; the quarter step to -0.5 is
    taken, and Newton still ends at the minimum."""
    first = mmrm._halved(_Fenced(), np.array([2.0]), np.array([-10.0]), np.sqrt(5))
    assert first[0] == pytest.approx([-0.5])
    res, _, how = mmrm._minimise(_Fenced(), [("s", np.array([2.0]))], "t")
    assert how == "Newton from the s" and res.x == pytest.approx([0.0], abs=1e-6)


# The toy objective below is unbounded on purpose: as BFGS runs down it, the numbers overflow
# (in the toy and in scipy's line search), 28 RuntimeWarnings a run that crowded real ones out
# of the summary. What the test checks is the ConvergenceError, which still names BFGS.
@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_newton_leaves_a_saddle_to_bfgs():
    """Hessian diag(-1, 2) is not positive definite: Newton refuses (LinAlgError) at once,
    and the f = (-t1^2 + 2 t2^2) / 2 that BFGS then runs down is unbounded, so the whole
    search fails naming both."""
    with pytest.raises(ConvergenceError, match="tried Newton from the s: LinAlgError: .*; BFGS "
                                               "from the s: "):
        mmrm._minimise(_Quadratic(-1.0, 2.0), [("s", np.array([1.0, 1.0]))], "t")


# ---------------------------------------------------------------- Satterthwaite df guard
def _one_parameter_fit(var: float, cov_s: float) -> mmrm.MmrmFit:
    """beta = 2 with variance `var`, d var / d s = 2, Var(s) = cov_s:
    df = 2 var^2 / (2 cov_s 2) = var^2 / (2 cov_s)."""
    return mmrm.MmrmFit(["A"], np.array([2.0]), np.array([[var]]), np.eye(1), 0.0,
                        np.array([[[2.0]]]), np.array([[cov_s]]), 0.0, 1, 1, "test")


def test_contrast_with_half_a_degree_of_freedom_is_a_valid_t_interval():
    """var = 1, cov_s = 1: df = 1 / 2. R: qt(0.975, 0.5) = 164.5576735,
    2 + c(-1, 1) * qt(0.975, 0.5) = -162.5576735, 166.5576735; 2 * pt(-2, 0.5) = 0.4455148902."""
    est, se, df, lo, hi, p = _one_parameter_fit(1.0, 1.0).contrast(np.array([1.0]), 0.05)
    assert (est, se, df) == (2.0, 1.0, 0.5)
    assert (lo, hi) == pytest.approx((-162.5576735, 166.5576735), abs=1e-6)
    assert p == pytest.approx(0.4455148902, rel=1e-8)


@pytest.mark.parametrize("var, cov_s", [(1.0, -1.0), (0.0, 1.0)],
                         ids=["negative df", "zero df"])
def test_contrast_without_positive_degrees_of_freedom_stops(var, cov_s):
    """df = -0.5 (a negative Var(s), a saddle) or 0 (a zero variance) have no t
    distribution: the run stops instead of printing a NaN interval."""
    with pytest.raises(ConvergenceError, match="Satterthwaite degrees of freedom"):
        _one_parameter_fit(var, cov_s).contrast(np.array([1.0]), 0.05)


# ---------------------------------------------------------------- statsmodels checks
def test_an_lmm_fit_statsmodels_calls_unconverged_is_refused_without_a_score():
    res = SimpleNamespace(converged=False, model=None)  # the score is never looked at
    assert M._lmm_converged(res) is False


@pytest.mark.parametrize("score, accepted", [(0.99e-4, True), (1e-4, False)])
def test_lmm_mean_score_must_be_below_the_tolerance(score, accepted):
    """Mean score = max |score| / nobs = 1e-4 x 10 / 10: exactly at SCORE_TOLERANCE is not
    below it."""
    model = SimpleNamespace(score=lambda params, profile_fe: np.array([-score * 10, 0.0]))
    res = SimpleNamespace(converged=True, model=model, params_object=None, nobs=10)
    assert M._lmm_converged(res) is accepted


def test_gee_is_tried_with_60_then_500_iterations(monkeypatch):
    """The attempts (and so their labels in the log and in a failure message)."""
    seen = {}

    def spy(attempts, check, what):
        seen["names"] = [name for name, _ in attempts]
        seen["maxiter"] = [fit.keywords["maxiter"] for _, fit in attempts]
        return "fit"

    monkeypatch.setattr(M, "first_converged", spy)
    lg = pd.DataFrame({"USUBJID": np.repeat(["a", "b", "c", "d"], 2), "K2": [1, 1, 1, 1, 0, 0, 0, 0],
                       "BASE": np.repeat([1.0, 2.0, 3.0, 4.0], 2), "WEEK": [1, 2] * 4,
                       "Y": [1.0, 2.0, 2.5, 3.0, 1.5, 1.0, 4.0, 3.5]})
    assert M.gee_fit(lg) == "fit"
    assert seen == {"names": ["60 iterations", "500 iterations"], "maxiter": [60, 500]}


# ---------------------------------------------------------------- multiple imputation
def _incomplete(n=11):
    """Columns A, B, C; B = C = 0, 10, ..., 100 exactly in the first 11 rows, A noise.
    Row 11: B missing, C = 50. Row 0: A missing."""
    rng = np.random.default_rng(1)
    data = np.column_stack([rng.normal(size=n + 1), np.r_[np.arange(n) * 10.0, np.nan],
                            np.r_[np.arange(n) * 10.0, 50.0]])
    data[0, 0] = np.nan
    return data


def test_the_starting_fill_puts_an_observed_value_in_every_missing_cell(monkeypatch):
    """With no cycle the chain is just its start: every missing cell (in A and in B) holds
    one of its own column's observed values."""
    monkeypatch.setattr(I, "CYCLES", 0)
    data = _incomplete()
    missing = np.isnan(data)
    for seed in range(10):
        filled = I._chain(data, missing, np.random.default_rng(seed))
        assert filled[0, 0] in data[1:, 0]
        assert filled[11, 1] in data[:11, 1]
        np.testing.assert_array_equal(filled[~missing], data[~missing])


def test_each_cycle_imputes_every_incomplete_column_from_the_others():
    """B = C exactly in the observed rows, so the regression of B on (1, A, C) is exact
    (residual 0, so the posterior draw is the fit) and row 11 (C = 50) is predicted 50:
    its five nearest donors are 30, 40, 50, 60, 70, whatever the random starting fill."""
    data = _incomplete()
    got = {I._chain(data, np.isnan(data), np.random.default_rng(seed))[11, 1]
           for seed in range(20)}
    assert got <= {30.0, 40.0, 50.0, 60.0, 70.0}


def test_donors_among_tied_predictions_by_hand():
    """12 observed cases all predicted 0 (y = index), DONORS = 5. A missing case at -1
    sorts before them: the window is ranks 0..9, all tied at distance 1, and the stable
    sort keeps its first five: 0..4. One at +1 sorts after them (insertion point 12): the
    window of 2 x 5 = 10 ends at the last rank, ranks 2..11, and its first five are 2..6."""
    obs = np.zeros(12)
    for which, expected in [(-1.0, {0, 1, 2, 3, 4}), (1.0, {2, 3, 4, 5, 6})]:
        rng = np.random.default_rng(0)
        got = {int(I._donors(obs, np.array([which]), rng)[0]) for _ in range(200)}
        assert got == expected, which


def test_bayesian_draw_is_the_fit_plus_sigma_times_r_inverse_z():
    """mice's .norm.draw in the generator's order: chi-square first, then p normals;
    beta* = beta_hat + sqrt(RSS / chi2(n - p)) R^-1 z, with R numpy's QR factor of X.
    Recomputed here from the same seed (beta_hat by lstsq); a minus sign (the same
    distribution) would change every seeded imputation."""
    X = np.column_stack([np.ones(6), [0.0, 1, 2, 3, 4, 5]])
    y = np.array([1.0, 2.5, 2.0, 4.5, 4.0, 6.5])
    beta_hat, rss, *_ = np.linalg.lstsq(X, y, rcond=None)
    r = np.linalg.qr(X)[1]
    ref = np.random.default_rng(3)
    chi2 = ref.chisquare(6 - 2)
    z = ref.standard_normal(2)
    expected = beta_hat + np.sqrt(rss[0] / chi2) * np.linalg.solve(r, z)
    beta, draw = I.bayes_regression(X, y, np.random.default_rng(3))
    assert beta == pytest.approx(beta_hat, rel=1e-12)
    assert draw == pytest.approx(expected, rel=1e-12)


def test_the_vitamin_k2_arm_is_imputed_first_from_the_seed():
    """The K2 arm's chain takes the first random numbers of the first copy, so its values
    there do not depend on whether the placebo arm has anything to impute (the order keeps
    seeded results reproducible)."""
    rng = np.random.default_rng(7)
    base = pd.DataFrame(rng.normal(5, 1, size=(24, 9)).round(1), columns=["BASE", *I.WEEKS])
    base.insert(0, "K2", np.repeat([1, 0], 12))
    base.loc[[2, 5], "W3"] = np.nan                  # K2 arm
    other = base.copy()
    other.loc[[14, 20], "W6"] = np.nan               # placebo arm too
    a = I.completed(base, 2, 11)[0]
    b = I.completed(other, 2, 11)[0]
    pd.testing.assert_frame_equal(a.iloc[:12], b.iloc[:12])


def test_rubin_without_between_variance_warns_of_nothing():
    """b = 0 gives lambda = 0 and df_old = infinity by definition, not by a division by
    zero (which would put a RuntimeWarning in the run's log)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        est, *_ = I.rubin([1.0] * 3, [0.04] * 3, n=20, alpha=0.05)
    assert est == 1.0


def test_each_imputation_runs_ten_chained_cycles_over_every_incomplete_column(monkeypatch):
    """The chained equations run 10 cycles (mice's maxit = 10; its default is 5), each
    imputing every incomplete column once: with 2 incomplete columns of 3, predictive mean
    matching is called 10 x 2 = 20 times per imputation, first for column 0, then column 2."""
    calls = []
    real = I.pmm

    def counting(X_obs, y_obs, X_mis, rng):
        calls.append(X_obs.shape[1])
        return real(X_obs, y_obs, X_mis, rng)

    monkeypatch.setattr(I, "pmm", counting)
    data = np.array([[1.0, 2.0, 3.0], [np.nan, 2.5, 3.5], [2.0, 3.0, np.nan],
                     [3.0, 3.5, 4.5], [4.0, 4.0, 5.0], [5.0, 5.5, 6.0], [6.0, 6.0, 7.5]])
    I._chain(data, np.isnan(data), np.random.default_rng(1))
    assert len(calls) == 20


def _nb_result(converged=None, params=(0.1, -0.2), score=(0.0, 0.0), nobs=10):
    """A stand-in for a statsmodels NB result: the converged flag (absent if None), the
    parameters, and a model whose score at them is `score` (summed over nobs rows)."""
    retvals = {} if converged is None else {"converged": converged}
    model = SimpleNamespace(score=lambda p: np.asarray(score, float) * nobs)
    return SimpleNamespace(mle_retvals=retvals, params=pd.Series(params, dtype=float),
                           model=model, nobs=nobs)


@pytest.mark.parametrize("result, accepted", [
    (_nb_result(True), True),                                  # converged, finite, score 0
    (_nb_result(False), False),                                # the optimiser says no
    (_nb_result(None), False),                                 # no flag: not converged
    (_nb_result(True, params=(np.nan, 0.1)), False),           # Newton "converged" to NaN
    (_nb_result(False, params=(0.1, 0.2)), False),             # finite but not converged
    (_nb_result(True, score=(0.99e-4, 0.0)), True),            # mean score below 1e-4
    (_nb_result(True, score=(0.0, -1e-4)), False),             # exactly 1e-4: refused
])
def test_negative_binomial_acceptance_by_hand(result, accepted):
    """A fit is kept only if the optimiser converged, every parameter is finite and the
    largest mean score is below SCORE_TOLERANCE = 1e-4 (strictly)."""
    assert M._nb_converged(result) is accepted


def test_negative_binomial_keeps_a_participant_with_one_treatment_night():
    """One diary night is an exposure of 1: such a participant is in the count model; only
    0 nights (nothing recorded: P13) or a missing baseline (P16) leave it. On the hand-typed
    16-participant trial of test_model_specs with P01 cut to 1 night and 1 cramp."""
    adsl = _typed(COUNTS)
    adsl.loc[adsl["USUBJID"] == "P01", ["TRNIGHTS", "TRCRAMPS"]] = 1
    adsl["TRT01P"] = np.where(adsl["K2"] == 1, K2, PLACEBO)
    _, used = M.nb_fit(adsl, "test")
    assert sorted(adsl.loc[used.index, "USUBJID"]) == [
        f"P{i:02d}" for i in range(1, 16) if i != 13]


def test_person_week_counts_participants_with_at_least_one_value():
    """n per arm counts the participants with any weekly value: C recorded nothing."""
    w = pd.DataFrame({"K2": [1, 1, 1, 0, 0],
                      **{f"W{k}": [1.0 + k, 2.0, np.nan, 3.0, 4.0 - k / 8] for k in range(1, 9)}})
    est = M.personweek_t(w, 0.05)
    assert (est.n_k2, est.n_placebo) == (2, 2)
