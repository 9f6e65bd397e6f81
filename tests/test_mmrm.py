"""The hand-written MMRM: its REML criterion against the textbook dense formula, its analytic
gradient, Hessian and d Cov(beta) (Satterthwaite's df) against finite differences, and a
failed fit stopping the run. The comparison with
R's nlme::gls is in test_r_reference.py."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import linalg, optimize

from k2cramps.analysis import mmrm
from k2cramps.analysis.convergence import ConvergenceError

N_WEEKS = 3


def _small_trial(seed=4, n=16) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    cov = np.array([[1.0, 0.6, 0.3], [0.6, 1.5, 0.8], [0.3, 0.8, 2.0]])
    rows = []
    for i in range(n):
        k2, base = i % 2, rng.normal(3, 1)
        y = 1 + 0.5 * base - 0.8 * k2 + rng.multivariate_normal(np.zeros(3), cov)
        for week in range(1, N_WEEKS + 1):
            if week == 1 or rng.random() > 0.25:
                rows.append(dict(USUBJID=f"S{i:02d}", K2=k2, BASE=base, WEEK=week, Y=y[week - 1]))
    return pd.DataFrame(rows)


def _dense_minus_two_reml(long: pd.DataFrame, sigma: np.ndarray) -> float:
    """Harville's REML criterion with the full block-diagonal V (no grouping by pattern)."""
    X, _ = mmrm.design(long, N_WEEKS)
    y = long["Y"].to_numpy()
    blocks = [sigma[np.ix_(g["WEEK"] - 1, g["WEEK"] - 1)] for _, g in long.groupby("USUBJID")]
    V = linalg.block_diag(*blocks)
    Vi = np.linalg.inv(V)
    xvx = X.T @ Vi @ X
    beta = np.linalg.solve(xvx, X.T @ Vi @ y)
    r = y - X @ beta
    n, p = X.shape
    return (np.linalg.slogdet(V)[1] + np.linalg.slogdet(xvx)[1] + r @ Vi @ r
            + (n - p) * np.log(2 * np.pi))


@pytest.fixture(scope="module")
def small():
    long = _small_trial().sort_values(["USUBJID", "WEEK"], ignore_index=True)
    X, _ = mmrm.design(long, N_WEEKS)
    return long, mmrm.Reml(mmrm._patterns(long, X), N_WEEKS)


def test_reml_criterion_equals_the_dense_textbook_formula(small):
    long, reml = small
    value, _ = reml.objective(reml.theta_of(SIGMA))
    assert value == pytest.approx(_dense_minus_two_reml(long, SIGMA), rel=1e-12)


def test_analytic_gradient_matches_finite_differences(small):
    _, reml = small
    theta = reml.theta_of(np.array([[2.0, 0.5, 0.1], [0.5, 1.0, 0.3], [0.1, 0.3, 1.5]]))
    error = optimize.check_grad(lambda t: reml.objective(t)[0], lambda t: reml.objective(t)[1],
                                theta)
    assert error < 1e-5 * np.linalg.norm(reml.objective(theta)[1])


def _dense_cov_beta(long: pd.DataFrame, sigma: np.ndarray) -> np.ndarray:
    """(X'V^-1X)^-1 with the full block-diagonal V."""
    X, _ = mmrm.design(long, N_WEEKS)
    blocks = [sigma[np.ix_(g["WEEK"] - 1, g["WEEK"] - 1)] for _, g in long.groupby("USUBJID")]
    return np.linalg.inv(X.T @ np.linalg.inv(linalg.block_diag(*blocks)) @ X)


SIGMA = np.array([[2.0, 0.5, 0.1], [0.5, 1.0, 0.3], [0.1, 0.3, 1.5]])


def _sigma_of(s: np.ndarray) -> np.ndarray:
    """Sigma from its lower triangle s, row by row (s11, s21, s22, s31, s32, s33)."""
    sigma = np.zeros((N_WEEKS, N_WEEKS))
    sigma[np.tril_indices(N_WEEKS)] = s
    return sigma + np.tril(sigma, -1).T


def test_analytic_curvature_in_s_matches_differences_of_the_dense_formula(small):
    """Gradient, Hessian and d Cov(beta) / d s (Satterthwaite's ingredients) against central
    first and second differences of the textbook criterion and of (X'V^-1X)^-1, step 1e-3
    (truncation ~1e-6 relative, rounding ~1e-8)."""
    long, reml = small
    s0, h = SIGMA[np.tril_indices(N_WEEKS)], 1e-3
    f = lambda s: _dense_minus_two_reml(long, _sigma_of(s))                # noqa: E731
    e = h * np.eye(s0.size)
    grad = np.array([(f(s0 + a) - f(s0 - a)) / (2 * h) for a in e])
    hess = np.array([[(f(s0 + a + b) - f(s0 + a - b) - f(s0 - a + b) + f(s0 - a - b)) / (4 * h * h)
                      for b in e] for a in e])
    dcov = np.array([(_dense_cov_beta(long, _sigma_of(s0 + a))
                      - _dense_cov_beta(long, _sigma_of(s0 - a))) / (2 * h) for a in e])
    slope, hessian, dcov_beta = reml.curvature(reml.theta_of(SIGMA))
    np.testing.assert_allclose(slope, grad, atol=1e-5 * np.abs(grad).max())
    np.testing.assert_allclose(hessian, hess, atol=1e-5 * np.abs(hess).max())
    np.testing.assert_allclose(dcov_beta, dcov, atol=1e-5 * np.abs(dcov).max())


def test_fit_reaches_the_reml_optimum_of_a_general_optimiser(small):
    long, reml = small
    fitted = mmrm.fit(long, N_WEEKS)
    best = optimize.minimize(lambda t: reml.objective(t)[0], np.zeros(reml.rows.size),
                             method="Nelder-Mead", options={"maxiter": 40000, "xatol": 1e-10,
                                                            "fatol": 1e-12})
    L = reml.chol(best.x)
    assert fitted.sigma == pytest.approx(L @ L.T, abs=1e-3)


def test_a_fit_that_cannot_converge_stops_with_what_was_tried(small, monkeypatch):
    long, _ = small
    monkeypatch.setattr(mmrm, "GRADIENT_TOLERANCE", 0.0)
    monkeypatch.setattr(mmrm, "DECREMENT_TOLERANCE", 0.0)
    with pytest.raises(ConvergenceError,
                       match="MMRM .REML. did not converge to a maximum; tried Newton from the "
                             "residual covariance: .*; BFGS from"):
        mmrm.fit(long, N_WEEKS)


def test_newton_reaches_the_maximum_bfgs_reaches(small, monkeypatch):
    """Newton's steps in s and BFGS in theta are two searches for one maximum: on the small
    trial they agree far inside the R agreement (tests/test_r_reference.py)."""
    long, _ = small
    newton = mmrm.fit(long, N_WEEKS)

    def refuse(reml, theta):
        raise np.linalg.LinAlgError("refused for the test")
    monkeypatch.setattr(mmrm, "_newton", refuse)
    bfgs = mmrm.fit(long, N_WEEKS)
    assert newton.optimizer.startswith("Newton") and bfgs.optimizer.startswith("BFGS")
    # BFGS stops at a gradient of 1e-6 (sigma 8e-9 and beta 4e-9 from a BFGS polished to
    # 1e-10); Newton's last step takes it to 2e-10.
    np.testing.assert_allclose(newton.sigma, bfgs.sigma, atol=1e-7 * np.abs(bfgs.sigma).max())
    np.testing.assert_allclose(newton.beta, bfgs.beta, rtol=1e-7)
    assert newton.loglik >= bfgs.loglik - 1e-12


def test_the_newton_decrement_accepts_the_same_maximum(small, monkeypatch):
    """At 100x the trial the gradient of -2 REML is never below 1e-5 (it grows with the
    participants); the Newton decrement g' H^-1 g accepts the maximum there. On the small
    trial it accepts the same fit the gradient test does."""
    long, _ = small
    expected = mmrm.fit(long, N_WEEKS)
    monkeypatch.setattr(mmrm, "GRADIENT_TOLERANCE", 0.0)
    got = mmrm.fit(long, N_WEEKS)
    assert got.optimizer.startswith("Newton")  # Newton's own stop, not BFGS after it
    np.testing.assert_allclose(got.beta, expected.beta, rtol=1e-6)
    np.testing.assert_allclose(got.loglik, expected.loglik, rtol=1e-9)


def test_newton_decrement_by_hand():
    # H = diag(2, 8), g = (2, 4): g' H^-1 g = 4/2 + 16/8 = 4
    assert mmrm._decrement(np.diag([2.0, 8.0]), np.array([2.0, 4.0])) == pytest.approx(4.0)


def test_an_unknown_timepoint_is_an_error_not_week_8(small):
    long, _ = small
    with pytest.raises(ValueError, match="unknown timepoint 'week 8'"):
        mmrm.fit(long, N_WEEKS).effect("week 8", N_WEEKS)
