"""Mixed model for repeated measures (MMRM): the project's own, because no Python library
has one (design section 6).

Mean model: a separate intercept, vitamin K2 effect and baseline slope for every week (the
cell-means form of `Y ~ K2 * week + BASE * week`). Covariance: unstructured within a
participant (one variance per week and one covariance per pair of weeks), no assumption on
how weeks relate. Fitted by REML, the fixed effects profiled out (generalised least
squares): Newton's method in the covariance's elements with the analytic Hessian, BFGS over
its Cholesky factor where Newton cannot go (`_minimise`). Weeks a participant did not
record drop out of her likelihood, so the estimate is valid if missing weeks are missing at
random given her recorded weeks, arm and baseline.

Inference on a contrast c'beta uses Satterthwaite's degrees of freedom,
df = 2 (c'Phi c)^2 / (g' A g), with Phi = Cov(beta) as a function of the covariance
parameters, g its gradient and A their covariance from the REML Hessian, both analytic and
taken in Sigma's distinct elements s (`mmrm_curvature`).
Checked against `nlme::gls(..., correlation = corSymm(), weights = varIdent(),
method = "REML")` and emmeans' Satterthwaite df on that fit in tests/test_r_reference.py.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import linalg, optimize, stats

from .convergence import NUMERICAL_FAILURES, ConvergenceError
from .mmrm_curvature import curvature
from ..core.blas import one_blas_thread
from ..core.methods import check_timepoint

log = logging.getLogger(__name__)
GRADIENT_TOLERANCE = 1e-5    # max |d(-2 REML)/d theta| accepted as converged
# ... or, since -2 REML and its gradient grow with the number of participants (at 100x the
# trial a gradient of 0.1 is rounding), a Newton decrement g' H^-1 g below this: the most a
# further Newton step could still lower -2 REML, in its own units.
DECREMENT_TOLERANCE = 1e-6
NEWTON_STEPS = 50            # Newton steps before BFGS takes over (about 5 are needed)


@dataclass(frozen=True)
class _Pattern:
    """Participants who recorded the same weeks: one covariance block serves them all."""
    weeks: np.ndarray        # indices of the recorded weeks
    X: np.ndarray            # (participants, recorded weeks, fixed effects)
    y: np.ndarray            # (participants, recorded weeks)


def design(long: pd.DataFrame, n_weeks: int) -> tuple[np.ndarray, list[str]]:
    """Cell-means design: columns week_k, K2 x week_k, BASE x week_k for k = 1..n_weeks."""
    week = long["WEEK"].to_numpy(int) - 1
    onehot = np.eye(n_weeks)[week]
    k2 = long["K2"].to_numpy(float)[:, None]
    base = long["BASE"].to_numpy(float)[:, None]
    names = ([f"W{k}" for k in range(1, n_weeks + 1)] + [f"K2:W{k}" for k in range(1, n_weeks + 1)]
             + [f"BASE:W{k}" for k in range(1, n_weeks + 1)])
    return np.hstack([onehot, k2 * onehot, base * onehot]), names


def _patterns(long: pd.DataFrame, X: np.ndarray) -> list[_Pattern]:
    week = long["WEEK"].to_numpy(int) - 1
    y = long["Y"].to_numpy(float)
    groups: dict[tuple, list[np.ndarray]] = {}
    for rows in long.groupby("USUBJID", sort=False).indices.values():
        rows = rows[np.argsort(week[rows], kind="stable")]
        groups.setdefault(tuple(week[rows]), []).append(rows)
    return [_Pattern(np.array(weeks), X[np.array(members)], y[np.array(members)])
            for weeks, members in sorted(groups.items())]


class Reml:
    """-2 x the REML log-likelihood of the unstructured model and its gradient in theta.

    theta: the lower triangle of the Cholesky factor L of the covariance (row by row), its
    diagonal on the log scale so that every theta gives a valid covariance."""

    def __init__(self, patterns: list[_Pattern], n_weeks: int):
        self.patterns, self.q = patterns, n_weeks
        self.p = patterns[0].X.shape[2]
        self.n_obs = sum(pt.y.size for pt in patterns)
        self.rows, self.cols = np.tril_indices(n_weeks)
        self.diag = self.rows == self.cols

    def chol(self, theta: np.ndarray) -> np.ndarray:
        L = np.zeros((self.q, self.q))
        L[self.rows, self.cols] = np.where(self.diag, np.exp(theta), theta)
        return L

    def theta_of(self, sigma: np.ndarray) -> np.ndarray:
        theta = np.linalg.cholesky(sigma)[self.rows, self.cols]
        theta[self.diag] = np.log(theta[self.diag])
        return theta

    def gls(self, sigma: np.ndarray):
        """Generalised least squares for one covariance: the inverse blocks, X'V^-1X,
        beta and the sum of log-determinants."""
        blocks, xvx, xvy, logdet = [], np.zeros((self.p, self.p)), np.zeros(self.p), 0.0
        for pt in self.patterns:
            c = linalg.cho_factor(sigma[np.ix_(pt.weeks, pt.weeks)], lower=True)
            inv = linalg.cho_solve(c, np.eye(len(pt.weeks)))
            W = inv @ pt.X                                            # V_i^-1 X_i
            xvx += np.tensordot(pt.X, W, axes=([0, 1], [0, 1]))
            xvy += np.tensordot(W, pt.y, axes=([0, 1], [0, 1]))
            logdet += len(pt.y) * 2 * np.log(np.diag(c[0])).sum()
            blocks.append((inv, W))
        beta = np.linalg.solve(xvx, xvy)
        return blocks, xvx, beta, logdet

    def objective(self, theta: np.ndarray) -> tuple[float, np.ndarray]:
        """-2 REML and its gradient; +inf where a line search steps to a covariance that is
        numerically singular, so that the optimiser steps back."""
        try:
            return self._objective(theta)
        except np.linalg.LinAlgError:
            return np.inf, np.zeros_like(theta)

    def _objective(self, theta: np.ndarray) -> tuple[float, np.ndarray]:
        L = self.chol(theta)
        blocks, xvx, beta, logdet = self.gls(L @ L.T)
        M = np.linalg.inv(xvx)
        quad, G = 0.0, np.zeros((self.q, self.q))
        for pt, (inv, W) in zip(self.patterns, blocks):
            r = pt.y - pt.X @ beta
            e = r @ inv                                               # V_i^-1 r_i
            quad += float(np.sum(r * e))
            block = (len(pt.y) * inv - np.tensordot(W @ M, W, axes=([0, 2], [0, 2]))
                     - e.T @ e)
            G[np.ix_(pt.weeks, pt.weeks)] += block                    # d f / d Sigma
        value = (logdet + np.linalg.slogdet(xvx)[1] + quad
                 + (self.n_obs - self.p) * np.log(2 * np.pi))
        dL = 2 * G @ L
        grad = dL[self.rows, self.cols] * np.where(self.diag, L[self.rows, self.cols], 1.0)
        return float(value), grad

    def curvature(self, theta: np.ndarray):
        """At theta: the gradient and Hessian of -2 REML in s, and d Cov(beta) / d s."""
        L = self.chol(theta)
        blocks, xvx, beta, _ = self.gls(L @ L.T)
        return curvature(self.patterns, blocks, beta, np.linalg.inv(xvx), self.q)

    def moved(self, theta: np.ndarray, step: np.ndarray) -> np.ndarray:
        """theta of Sigma + step (a step in s); LinAlgError unless that is finite and PD."""
        L = self.chol(theta)
        sigma = L @ L.T
        sigma[self.rows, self.cols] += step
        sigma[self.cols, self.rows] = sigma[self.rows, self.cols]
        if not np.isfinite(sigma).all():  # cholesky would not say so
            raise np.linalg.LinAlgError("Sigma + step is not finite")
        return self.theta_of(sigma)


@dataclass(frozen=True)
class MmrmFit:
    names: list[str]
    beta: np.ndarray
    cov_beta: np.ndarray
    sigma: np.ndarray            # fitted within-participant covariance (weeks x weeks)
    loglik: float                # REML log-likelihood, as nlme::gls reports it
    dcov_beta: np.ndarray        # d Cov(beta) / d s_k, one p x p slice per element of s
    cov_s: np.ndarray            # asymptotic covariance of s (2 x the inverse REML Hessian)
    mean_base: float             # baseline mean over participants: where LS means are taken
    n_k2: int
    n_placebo: int
    optimizer: str

    def contrast(self, c: np.ndarray, alpha: float) -> tuple[float, float, float, float, float, float]:
        """Estimate, SE, Satterthwaite df, CI and p of c'beta."""
        est = float(c @ self.beta)
        var = float(c @ self.cov_beta @ c)
        g = np.einsum("p,kpr,r->k", c, self.dcov_beta, c)
        df = 2 * var**2 / float(g @ self.cov_s @ g)
        if not (np.isfinite(df) and df > 0):
            raise ConvergenceError(f"MMRM: Satterthwaite degrees of freedom {df} for a contrast")
        se = np.sqrt(var)
        half = stats.t.ppf(1 - alpha / 2, df) * se
        return est, se, df, est - half, est + half, float(2 * stats.t.sf(abs(est) / se, df))

    def vector(self, weights: dict[str, float]) -> np.ndarray:
        c = np.zeros(len(self.names))
        for name, w in weights.items():
            c[self.names.index(name)] += w
        return c

    def effect(self, timepoint: str, q: int) -> np.ndarray:
        """Vitamin K2 minus placebo: averaged over weeks 1..q, or at week q."""
        check_timepoint(timepoint)
        weeks = range(1, q + 1) if timepoint == "weeks1-8" else [q]
        return self.vector({f"K2:W{k}": 1 / len(weeks) for k in weeks})

    def lsmean(self, k2: int, week: int) -> np.ndarray:
        """The arm's mean at a week for a participant with the average baseline."""
        return self.vector({f"W{week}": 1.0, f"K2:W{week}": float(k2),
                            f"BASE:W{week}": self.mean_base})


def _starts(reml: Reml, long: pd.DataFrame, X: np.ndarray) -> list[tuple[str, np.ndarray]]:
    """Starting covariances: the pairwise covariance of OLS residuals (if positive
    definite), and their per-week variances alone."""
    beta, *_ = np.linalg.lstsq(X, long["Y"].to_numpy(float), rcond=None)
    resid = pd.DataFrame({"U": long["USUBJID"], "W": long["WEEK"],
                          "R": long["Y"].to_numpy(float) - X @ beta})
    cov = resid.pivot(index="U", columns="W", values="R").cov().to_numpy()
    diag = np.diag(np.maximum(np.diag(cov), 1e-6))
    starts = [("residual variances", reml.theta_of(diag))]
    try:
        starts.insert(0, ("residual covariance", reml.theta_of(cov)))
    except np.linalg.LinAlgError:
        pass
    return starts


def _newton(reml: Reml, theta: np.ndarray) -> tuple[optimize.OptimizeResult, tuple]:
    """Newton's method on -2 REML in s with the analytic Hessian (`reml.curvature`), steps
    halved (`_halved`): about 5 steps where BFGS takes some 80 evaluations. It stops as BFGS
    would (gradient in theta below GRADIENT_TOLERANCE / 10), or one step after the decrement
    fell below DECREMENT_TOLERANCE / 10 (at 100x the trial the gradient is rounding). A
    Hessian that is not positive definite raises LinAlgError: BFGS takes over."""
    value, grad = reml.objective(theta)
    close = False
    for _ in range(NEWTON_STEPS):
        found = reml.curvature(theta)
        if close or np.max(np.abs(grad)) < GRADIENT_TOLERANCE / 10:
            return optimize.OptimizeResult(x=theta, fun=value, jac=grad), found
        factor = linalg.cho_factor(found[1], check_finite=False)  # LinAlgError unless PD
        step = -linalg.cho_solve(factor, found[0], check_finite=False)
        close = -found[0] @ step < DECREMENT_TOLERANCE / 10
        theta, value, grad = _halved(reml, theta, step, value)
    raise ArithmeticError(f"no convergence in {NEWTON_STEPS} Newton steps")


def _halved(reml: Reml, theta: np.ndarray, step: np.ndarray, value: float):
    """theta + t step (in s), t = 1, 1/2, ... until -2 REML does not rise and Sigma is PD."""
    for halvings in range(40):
        try:
            moved = reml.moved(theta, step / 2**halvings)
        except np.linalg.LinAlgError:
            continue
        new_value, new_grad = reml.objective(moved)
        if new_value <= value + 1e-12 * abs(value):
            return moved, new_value, new_grad
    raise ArithmeticError("no Newton step lowers -2 REML")


def _minimise(reml: Reml, starts, label: str) -> tuple[optimize.OptimizeResult, tuple, str]:
    """Newton, BFGS, L-BFGS-B, CG from each start: the first whose gradient vanishes and whose
    Hessian is positive definite (a maximum, not a saddle), with `reml.curvature` there."""
    tried = []
    for method in ("Newton", "BFGS", "L-BFGS-B", "CG"):
        for start_name, theta0 in starts:
            how = f"{method} from the {start_name}"
            try:
                res, found = _search(reml, method, theta0)
            except NUMERICAL_FAILURES as error:
                tried.append(f"{how}: {type(error).__name__}: {error}")
                continue
            slope, hessian = found[:2]
            worst = float(np.max(np.abs(reml.objective(res.x)[1])))
            lowest = float(np.linalg.eigvalsh(hessian).min())
            if lowest > 0 and (worst < GRADIENT_TOLERANCE
                                  or _decrement(hessian, slope) < DECREMENT_TOLERANCE):
                if tried:
                    log.warning("MMRM (%s): converged with %s after %s", label, how,
                                "; ".join(tried))
                return res, found, how
            tried.append(f"{how}: largest gradient {worst:.2g}, smallest curvature "
                         f"{lowest:.2g}")
    raise ConvergenceError("MMRM (REML) did not converge to a maximum; tried " + "; ".join(tried))


def _search(reml: Reml, method: str, theta0: np.ndarray) -> tuple[optimize.OptimizeResult, tuple]:
    if method == "Newton":
        return _newton(reml, theta0)
    res = optimize.minimize(reml.objective, theta0, jac=True, method=method,
                            options={"maxiter": 5000, "gtol": GRADIENT_TOLERANCE / 10})
    return res, reml.curvature(res.x)


def _decrement(hessian: np.ndarray, gradient: np.ndarray) -> float:
    """g' H^-1 g: twice what a Newton step would still gain (the same in any parameters)."""
    return float(gradient @ np.linalg.solve(hessian, gradient))


@one_blas_thread()
def fit(long: pd.DataFrame, n_weeks: int, label: str = "") -> MmrmFit:
    """REML fit of the MMRM to the observed participant-weeks (long shape: USUBJID, K2,
    BASE, WEEK, Y; rows with a missing value excluded beforehand)."""
    X, names = design(long, n_weeks)
    reml = Reml(_patterns(long, X), n_weeks)
    res, (_, hessian, dcov_beta), how = _minimise(reml, _starts(reml, long, X), label)
    L = reml.chol(res.x)
    _, xvx, beta, _ = reml.gls(L @ L.T)
    loglik = -0.5 * res.fun  # as nlme::gls reports it
    cov_s = 2 * np.linalg.inv(hessian)
    people = long.drop_duplicates("USUBJID")
    k2 = people["K2"].to_numpy(bool)
    return MmrmFit(names, beta, np.linalg.inv(xvx), L @ L.T, float(loglik), dcov_beta, cov_s,
                   float(people["BASE"].mean()), int(k2.sum()), int((~k2).sum()), how)

