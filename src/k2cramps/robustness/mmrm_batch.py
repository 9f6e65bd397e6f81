"""The MMRM of `analysis.mmrm` (cell means per week, unstructured covariance, REML,
Satterthwaite df), vectorised across replicates.

The REML criterion, summed over units of participants who recorded the same weeks, is
`mmrm_units`; the observed Hessian for the df is `mmrm_hessian`.

Fitting: Fisher scoring on the 36 distinct elements s of the covariance Sigma (expected
information sum_i V_i^-1 (x) V_i^-1), then Newton steps with the observed Hessian taken once
the gradient is below NEWTON_FROM; step halving where -2 REML would rise or Sigma stop being
positive definite; until the gradient in the Cholesky parameters that `analysis.mmrm` checks
is below GRADIENT_TOLERANCE. Inference: Satterthwaite's df = 2 var^2 / (g' A g), with
g = d var / d s and A = 2 H^-1, H that observed Hessian of -2 REML in s, both analytic, as the
per-trial fit takes them at its maximum (`analysis.mmrm_curvature`, over patterns of
recorded weeks).
"""
from __future__ import annotations

import numpy as np

from .closed_form import BatchEstimate, t_quantile
from .dgm import Batch
from .mmrm_hessian import hessian
from .mmrm_units import (COLS, DIAG, DUP, Q, ROWS, Units, gls, grad_s, objective, sigma_of,
                         units)

# As far as the per-trial fit polishes (analysis.mmrm: GRADIENT_TOLERANCE / 10, where Newton
# stops). 1e-7 takes 15% longer and moves no estimate, SE or CI limit by more than 1e-9 (400
# simulated trials).
GRADIENT_TOLERANCE = 1e-6
MAX_ITER = 60
# Newton steps once the gradient is below this, with the observed Hessian taken there; it
# also gives Satterthwaite's df. Against the Hessian at the maximum itself, CI limits move by
# less than 4e-8 (400 replicates of two designs); the MMRM runs 1.4x faster (1e-2: 1.5x and
# 5e-7; 1e-1: 1.7x and 5e-6).
NEWTON_FROM = 1e-3


def _information(u: Units, inv: np.ndarray) -> np.ndarray:
    """Expected information of -2 REML in s, without the REML correction:
    D' (sum_i V_i^-1 (x) V_i^-1) D (the scoring step's matrix, not used for inference)."""
    R, U = u.n.shape
    flat = inv.reshape(R, U, Q * Q)
    t = (np.swapaxes(flat * u.n[..., None], 1, 2) @ flat).reshape(R, Q, Q, Q, Q)
    return DUP.T @ t.transpose(0, 1, 3, 2, 4).reshape(R, Q * Q, Q * Q) @ DUP


def _cholesky_gradient(sigma: np.ndarray, grad: np.ndarray) -> np.ndarray:
    """The gradient in analysis.mmrm's parameters (Cholesky factor, log diagonal)."""
    L = np.linalg.cholesky(sigma)
    dL = 2 * grad @ L
    return dL[:, ROWS, COLS] * np.where(DIAG, L[:, ROWS, COLS], 1.0)


def _start(u: Units, batch: Batch) -> np.ndarray:
    """Residual covariance of per-week OLS over the pairs of weeks both recorded (as the
    per-trial fit's first start), or its diagonal where that is not positive definite."""
    ident = np.broadcast_to(np.eye(Q), (len(batch), Q, Q))
    found = gls(u, ident)
    beta = found[3]
    z = np.stack([np.ones_like(batch.base), np.broadcast_to(batch.k2, batch.base.shape), batch.base], 2)
    r = np.nan_to_num(batch.y - np.einsum("rnj,rjk->rnk", z, beta))
    obs = batch.observed.astype(float)
    pairs = np.einsum("rnk,rnl->rkl", obs, obs)
    cov = np.einsum("rnk,rnl->rkl", r, r) / np.maximum(pairs - 1, 1)
    diag = np.eye(Q) * np.diagonal(cov, axis1=1, axis2=2)[:, None, :]
    pd = np.linalg.eigvalsh(cov).min(axis=1) > 1e-8
    return np.where(pd[:, None, None], cov, diag)


def fit(batch: Batch):
    """Fisher scoring from the start, then Newton steps: per replicate sigma, converged flag,
    the observed Hessian and whether it was taken (and positive definite).

    Fisher scoring converges linearly (its expected information is not the observed one when
    weeks are missing): about 20 iterations. Once a replicate's gradient is below NEWTON_FROM,
    the observed Hessian is taken there, once, and the remaining steps are Newton steps with
    it (about 3). Each iteration works on the replicates not yet converged only (each
    replicate's arithmetic is its own, so the result is the same)."""
    u = units(batch)
    sigma = _start(u, batch)
    n, k = len(sigma), ROWS.size
    done, newton = np.zeros(n, bool), np.zeros(n, bool)
    tried, hess = np.zeros(n, bool), np.zeros((n, k, k))
    active, sub = np.arange(n), u
    value, grad, inv = objective(u, sigma)[:3]
    for _ in range(MAX_ITER):
        small = np.max(np.abs(_cholesky_gradient(sigma[active], grad)), axis=1)
        done[active] = small < GRADIENT_TOLERANCE
        going = ~done[active]
        if not going.any():
            break
        if not going.all():
            active, sub = active[going], sub.take(going)
            value, grad, inv, small = value[going], grad[going], inv[going], small[going]
        near = (small < NEWTON_FROM) & ~tried[active]
        if near.any():
            at = active[near]
            hess[at] = hessian(sub.take(near), sigma[at])
            tried[at], newton[at] = True, np.linalg.eigvalsh(hess[at]).min(axis=1) > 0
        mat = hess[active]
        fisher = ~newton[active]
        if fisher.any():
            mat[fisher] = _information(sub.take(fisher), inv[fisher])
        step = np.linalg.solve(mat, -grad_s(grad)[..., None])[..., 0]
        sigma[active], (value, grad, inv) = _halved(sub, sigma[active], step, value)
    return u, sigma, done, hess, newton


def _halved(u: Units, sigma, step, value):
    """Sigma + t step, t halved until -2 REML does not rise and Sigma stays positive
    definite. Returns the new Sigma with its -2 REML, gradient and inverse blocks
    (evaluated here anyway: the next iteration starts from them)."""
    s = sigma[:, ROWS, COLS]
    t = np.ones(len(sigma))
    for _ in range(40):
        trial = sigma_of(s + t[:, None] * step)
        ok = np.linalg.eigvalsh(trial).min(axis=1) > 0
        trial = np.where(ok[:, None, None], trial, sigma)
        found = objective(u, trial)
        worse = ~ok | (found[0] > value + 1e-9 * np.abs(value)) if found else ~ok
        if not worse.any():
            return trial, found[:3]
        t = np.where(worse, t / 2, t)
    trial = sigma_of(s + t[:, None] * step)
    return trial, objective(u, trial)[:3]


def mmrm(batch: Batch, alpha: float) -> BatchEstimate:
    """The effect averaged over weeks 1-8, Satterthwaite t CI."""
    u, sigma, done, hess, newton = fit(batch)
    if not newton.all():  # converged before NEWTON_FROM, or its Hessian there was not definite
        hess[~newton] = hessian(u.take(~newton), sigma[~newton])
    value, grad, inv, xvx, beta = objective(u, sigma)
    phi = np.linalg.inv(xvx)
    c = np.zeros(3 * Q)
    c[Q:2 * Q] = 1 / Q                                              # K2:W1..W8 averaged
    est = beta.reshape(len(sigma), -1) @ c
    var = np.einsum("p,rpq,q->r", c, phi, c)
    h = (phi @ c).reshape(len(sigma), 3, Q)[:, None]
    dvar = (inv @ np.swapaxes(h, -1, -2) @ u.szz @ h @ inv).sum(axis=1)
    g = grad_s(dvar)
    pd = np.linalg.eigvalsh(hess).min(axis=1) > 0
    safe = np.where(pd[:, None, None], hess, np.eye(hess.shape[1]))
    df = 2 * var**2 / np.einsum("rp,rp->r", g, 2 * np.linalg.solve(safe, g[..., None])[..., 0])
    ok = done & pd & np.isfinite(df) & (df > 0)
    se = np.sqrt(var)
    return BatchEstimate.from_se(est, se, t_quantile(np.where(ok, df, 1.0), alpha), ok)
