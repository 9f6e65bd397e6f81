"""The MMRM of `analysis.mmrm` (cell means per week, unstructured covariance, REML,
Satterthwaite df), vectorised across replicates.

Participants who recorded the same weeks share a covariance block, so every quantity is a
sum over *units* (a replicate's participants with one pattern of recorded weeks) of the
unit's sufficient statistics: count, sum z z', sum z y', sum y y' (z = 1, K2, BASE). A
replicate has some twenty units, so one evaluation of the REML criterion for a few dozen
replicates is a few thousand 8 x 8 inversions.

Fitting: Fisher scoring on the 36 distinct elements s of the covariance Sigma (expected
information sum_i V_i^-1 (x) V_i^-1, step halving where -2 REML would rise or Sigma stop
being positive definite) until the gradient in the Cholesky parameters that `analysis.mmrm`
checks is below GRADIENT_TOLERANCE. Inference: Satterthwaite's df = 2 var^2 / (g' A g), with
g = d var / d s and A = 2 H^-1, H the observed Hessian of -2 REML in s, both analytic (at
the maximum g'H^-1g is the same in any parameterisation, so this equals the per-trial fit's,
which takes central differences of its gradient in the Cholesky parameters).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..core.schedule import N_WEEKS
from .closed_form import BatchEstimate, t_quantile
from .dgm import Batch

# As far as the per-trial fit polishes (its BFGS gtol). 1e-7 takes 15% longer and moves no
# estimate, SE or CI limit by more than 1e-9 (400 simulated trials).
GRADIENT_TOLERANCE = 1e-6
MAX_ITER = 60
STEP = 1e-5                   # relative step of the central differences
Q = N_WEEKS
ROWS, COLS = np.tril_indices(Q)
DIAG = ROWS == COLS


def _duplication() -> np.ndarray:
    """D with vec(Sigma) = D s, s the lower triangle of Sigma (row by row)."""
    d = np.zeros((Q * Q, ROWS.size))
    for j, (a, b) in enumerate(zip(ROWS, COLS)):
        d[a * Q + b, j] = d[b * Q + a, j] = 1
    return d


DUP = _duplication()


@dataclass(frozen=True)
class Units:
    """Per replicate, its units padded to a common number (padding: no participants, no
    recorded week, so it adds nothing): shapes (replicates, units, ...)."""
    mask: np.ndarray      # (R, U, Q) recorded weeks
    n: np.ndarray         # (R, U) participants
    szz: np.ndarray       # (R, U, 3, 3)
    szy: np.ndarray       # (R, U, 3, Q)
    syy: np.ndarray       # (R, U, Q, Q)
    n_obs: np.ndarray     # (R,) participant-weeks

    def repeat(self, copies: int) -> Units:
        """Every replicate `copies` times in a row (for many covariances per replicate)."""
        return Units(*(np.repeat(a, copies, axis=0) for a in vars(self).values()))

    def take(self, replicates: np.ndarray) -> Units:
        """The units of some replicates only (those still being fitted)."""
        return Units(*(a[replicates] for a in vars(self).values()))


def units(batch: Batch) -> Units:
    r, n, _ = batch.y.shape
    code = (batch.observed @ (1 << np.arange(Q))).ravel()
    key = np.repeat(np.arange(r), n) * (1 << Q) + code
    z = np.stack([np.ones((r, n)), np.broadcast_to(batch.k2, (r, n)).astype(float),
                  batch.base], 2).reshape(r * n, 3)
    y = np.nan_to_num(batch.y).reshape(r * n, Q)
    keep = np.flatnonzero(code > 0)
    order = keep[np.argsort(key[keep], kind="stable")]
    z, y, key = z[order], y[order], key[order]
    first = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    rep = key[first] >> Q
    slot = np.arange(first.size) - np.searchsorted(rep, rep)
    width = int(slot.max()) + 1 if slot.size else 1

    def padded(values, shape):
        out = np.zeros((r, width, *shape))
        out[rep, slot] = values
        return out

    seg = lambda a: np.add.reduceat(a, first, axis=0)               # noqa: E731
    mask = ((key[first] & ((1 << Q) - 1))[:, None] >> np.arange(Q)) & 1
    return Units(padded(mask, (Q,)).astype(bool), padded(seg(np.ones(key.size)), ()),
                 padded(seg(z[:, :, None] * z[:, None, :]), (3, 3)),
                 padded(seg(z[:, :, None] * y[:, None, :]), (3, Q)),
                 padded(seg(y[:, :, None] * y[:, None, :]), (Q, Q)),
                 batch.observed.sum(axis=(1, 2)).astype(float))


def _pair_mask(u: Units) -> np.ndarray:
    return u.mask[..., :, None] & u.mask[..., None, :]


def _inverses(u: Units, sigma: np.ndarray):
    """Per unit: the inverse of Sigma's recorded block, padded with zeros, and its
    log-determinant; None where a block is not positive definite."""
    m = _pair_mask(u)
    block = np.where(m, sigma[:, None], np.eye(Q))
    try:
        chol = np.linalg.cholesky(block)
    except np.linalg.LinAlgError:
        return None
    return np.linalg.inv(block) * m, 2 * np.log(np.diagonal(chol, axis1=-2, axis2=-1)).sum(-1)


def _gls(u: Units, sigma: np.ndarray):
    """Inverse blocks, X'V^-1X (R, 3Q, 3Q) and beta (R, 3, Q) of the cell-means model."""
    found = _inverses(u, sigma)
    if found is None:
        return None
    inv, logdet = found
    R, U = u.n.shape
    kron = np.swapaxes(u.szz.reshape(R, U, 9), 1, 2) @ inv.reshape(R, U, Q * Q)
    xvx = kron.reshape(R, 3, 3, Q, Q).transpose(0, 1, 3, 2, 4).reshape(R, 3 * Q, 3 * Q)
    xvy = (u.szy @ inv).sum(axis=1).reshape(R, 3 * Q)
    beta = np.linalg.solve(xvx, xvy[..., None])[..., 0].reshape(R, 3, Q)
    return inv, logdet, xvx, beta


def objective(u: Units, sigma: np.ndarray):
    """-2 REML (nlme's scale) and its gradient G = d/dSigma (symmetric), per replicate."""
    found = _gls(u, sigma)
    if found is None:
        return None
    inv, logdet, xvx, beta = found
    resid, q_u = _residuals(u, beta), _leverage(u, np.linalg.inv(xvx))
    quad = np.einsum("rukl,rulk->r", inv, resid)
    grad = (u.n[..., None, None] * inv - inv @ (q_u + resid) @ inv).sum(axis=1)
    value = ((u.n * logdet).sum(axis=1) + np.linalg.slogdet(xvx)[1] + quad
             + (u.n_obs - 3 * Q) * np.log(2 * np.pi))
    return value, grad, inv, xvx, beta


def _residuals(u: Units, beta: np.ndarray) -> np.ndarray:
    """Per unit: sum of r_i r_i' over its participants (r_i = y_i - B'z_i, recorded weeks)."""
    bt = np.swapaxes(beta, 1, 2)[:, None]                           # (R, 1, Q, 3)
    bszy = bt @ u.szy
    resid = (u.syy - bszy - np.swapaxes(bszy, -1, -2) + bt @ u.szz @ np.swapaxes(bt, -1, -2))
    return resid * _pair_mask(u)


def _leverage(u: Units, phi: np.ndarray) -> np.ndarray:
    """Per unit: sum of X_i Phi X_i' over its participants (Q x Q)."""
    R, U = u.n.shape
    m = phi.reshape(R, 3, Q, 3, Q).transpose(0, 1, 3, 2, 4).reshape(R, 9, Q * Q)
    return (u.szz.reshape(R, U, 9) @ m).reshape(R, U, Q, Q)


def _outer_sum(a: np.ndarray, b: np.ndarray, weight=None) -> np.ndarray:
    """sum_u a_u[l, m] b_u[n, k] as an array indexed [k, l, m, n] (per replicate)."""
    R, U = a.shape[:2]
    fa = a.reshape(R, U, Q * Q) * (1 if weight is None else weight[..., None])
    out = (np.swapaxes(fa, 1, 2) @ b.reshape(R, U, Q * Q)).reshape(R, Q, Q, Q, Q)
    return out.transpose(0, 4, 1, 2, 3)                              # [l,m,n,k] -> [k,l,m,n]


def hessian(u: Units, sigma: np.ndarray) -> np.ndarray:
    """The observed Hessian of -2 REML in s, analytic:
    d2/dadb = -tr(P V_a P V_b) + 2 y'P V_a P V_b P y, P = V^-1 - V^-1 X Phi X'V^-1, with V_a
    the elementary direction e_k e_l' in every participant's block. With W_i = V_i^-1 X_i,
    T_kl = sum_i W_i[k]'W_i[l] and v_kl = sum_i e_i[k] W_i[l] (e_i = V_i^-1 r_i):
    tr(P E_kl P E_mn) = sum_i [A_lm A_nk - S_lm A_nk - A_lm S_nk] + tr(Phi T_kl Phi T_mn),
    e'E_kl P E_mn e = sum_i A_lm (e e')_kn - v_kl' Phi v_mn, A = V_i^-1, S = W_i Phi W_i'.
    Checked against central differences of the gradient (tests/test_robustness.py)."""
    inv, _, xvx, beta = _gls(u, sigma)
    R, U = u.n.shape
    phi = np.linalg.inv(xvx)
    lev = inv @ _leverage(u, phi) @ inv                              # sum_i S_i per unit
    ee = inv @ _residuals(u, beta) @ inv                             # sum_i e_i e_i' per unit
    trace = (_outer_sum(inv, inv, u.n) - _outer_sum(lev, inv) - _outer_sum(inv, lev))
    quad = _outer_sum(inv, ee)                                       # ee symmetric
    # T_kl[(j,w),(m,v)] = sum_u A[k,w] A[l,v] Szz[j,m], summed over (k,l) and (l,k) at once
    # (D'): every term is wanted in s only, so the costly products run over its 36
    # elements instead of Sigma's 64.
    flat = inv.reshape(R, U, Q * Q)
    az = (flat[..., :, None] * u.szz.reshape(R, U, 1, 9)).reshape(R, U, Q * Q * 9)
    t = (np.swapaxes(az, 1, 2) @ flat).reshape(R, Q, Q, 3, 3, Q, Q)  # [k,w,j,m,l,v]
    t = t.transpose(0, 1, 5, 3, 2, 4, 6).reshape(R, Q * Q, 9 * Q * Q)
    t = (DUP.T @ t).reshape(R, -1, 3 * Q, 3 * Q)                     # [s, (j,w), (m,v)]
    y = phi[:, None] @ t @ phi[:, None]
    k = len(DUP.T)
    t3 = y.reshape(R, k, -1) @ np.swapaxes(t, -1, -2).reshape(R, k, -1).swapaxes(1, 2)
    # v_kl[(j,w)] = sum_u (S_zr A)[j,k] A[l,w], S_zr = Szy - Szz B (residual cross-products)
    zr = (u.szy - u.szz @ beta[:, None]) @ inv                        # (R, U, 3, Q) [j,k]
    v = (np.swapaxes(zr.reshape(R, U, 3 * Q), 1, 2) @ flat).reshape(R, 3, Q, Q, Q)
    v = DUP.T @ v.transpose(0, 2, 3, 1, 4).reshape(R, Q * Q, 3 * Q)   # [s, (j,w)]
    full = -trace.reshape(R, Q * Q, Q * Q) + 2 * quad.reshape(R, Q * Q, Q * Q)
    h = DUP.T @ full @ DUP - t3 - 2 * v @ phi @ np.swapaxes(v, 1, 2)
    return (h + np.swapaxes(h, 1, 2)) / 2


def _information(u: Units, inv: np.ndarray) -> np.ndarray:
    """Expected information of -2 REML in s, without the REML correction:
    D' (sum_i V_i^-1 (x) V_i^-1) D (the scoring step's matrix, not used for inference)."""
    R, U = u.n.shape
    flat = inv.reshape(R, U, Q * Q)
    t = (np.swapaxes(flat * u.n[..., None], 1, 2) @ flat).reshape(R, Q, Q, Q, Q)
    return DUP.T @ t.transpose(0, 1, 3, 2, 4).reshape(R, Q * Q, Q * Q) @ DUP


def _grad_s(grad: np.ndarray) -> np.ndarray:
    return grad.reshape(len(grad), Q * Q) @ DUP


def _sigma_of(s: np.ndarray) -> np.ndarray:
    return (s @ DUP.T).reshape(len(s), Q, Q)


def _cholesky_gradient(sigma: np.ndarray, grad: np.ndarray) -> np.ndarray:
    """The gradient in analysis.mmrm's parameters (Cholesky factor, log diagonal)."""
    L = np.linalg.cholesky(sigma)
    dL = 2 * grad @ L
    return dL[:, ROWS, COLS] * np.where(DIAG, L[:, ROWS, COLS], 1.0)


def _start(u: Units, batch: Batch) -> np.ndarray:
    """Residual covariance of per-week OLS over the pairs of weeks both recorded (as the
    per-trial fit's first start), or its diagonal where that is not positive definite."""
    ident = np.broadcast_to(np.eye(Q), (len(batch), Q, Q))
    found = _gls(u, ident)
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
    """Fisher scoring from the start; per replicate sigma, converged flag.

    Each iteration works on the replicates not yet converged only: a chunk's replicates
    converge over some 10 to 25 iterations, and the last few would otherwise carry the
    whole chunk (each replicate's arithmetic is its own, so the result is the same)."""
    u = units(batch)
    sigma = _start(u, batch)
    done = np.zeros(len(sigma), bool)
    active = np.arange(len(sigma))
    sub = u
    value, grad, inv = objective(u, sigma)[:3]
    for _ in range(MAX_ITER):
        small = np.max(np.abs(_cholesky_gradient(sigma[active], grad)), axis=1)
        done[active] = small < GRADIENT_TOLERANCE
        going = ~done[active]
        if not going.any():
            break
        if not going.all():
            active, sub = active[going], sub.take(going)
            value, grad, inv = value[going], grad[going], inv[going]
        step = np.linalg.solve(_information(sub, inv), -_grad_s(grad)[..., None])[..., 0]
        sigma[active], (value, grad, inv) = _halved(sub, sigma[active], step, value)
    return u, sigma, done


def _halved(u: Units, sigma, step, value):
    """Sigma + t step, t halved until -2 REML does not rise and Sigma stays positive
    definite. Returns the new Sigma with its -2 REML, gradient and inverse blocks
    (evaluated here anyway: the next iteration starts from them)."""
    s = sigma[:, ROWS, COLS]
    t = np.ones(len(sigma))
    for _ in range(40):
        trial = _sigma_of(s + t[:, None] * step)
        ok = np.linalg.eigvalsh(trial).min(axis=1) > 0
        trial = np.where(ok[:, None, None], trial, sigma)
        found = objective(u, trial)
        worse = ~ok | (found[0] > value + 1e-9 * np.abs(value)) if found else ~ok
        if not worse.any():
            return trial, found[:3]
        t = np.where(worse, t / 2, t)
    trial = _sigma_of(s + t[:, None] * step)
    return trial, objective(u, trial)[:3]


def mmrm(batch: Batch, alpha: float) -> BatchEstimate:
    """The effect averaged over weeks 1-8, Satterthwaite t CI."""
    u, sigma, done = fit(batch)
    value, grad, inv, xvx, beta = objective(u, sigma)
    phi = np.linalg.inv(xvx)
    c = np.zeros(3 * Q)
    c[Q:2 * Q] = 1 / Q                                              # K2:W1..W8 averaged
    est = beta.reshape(len(sigma), -1) @ c
    var = np.einsum("p,rpq,q->r", c, phi, c)
    h = (phi @ c).reshape(len(sigma), 3, Q)[:, None]
    dvar = (inv @ np.swapaxes(h, -1, -2) @ u.szz @ h @ inv).sum(axis=1)
    g = _grad_s(dvar)
    hess = hessian(u, sigma)
    pd = np.linalg.eigvalsh(hess).min(axis=1) > 0
    safe = np.where(pd[:, None, None], hess, np.eye(hess.shape[1]))
    df = 2 * var**2 / np.einsum("rp,rp->r", g, 2 * np.linalg.solve(safe, g[..., None])[..., 0])
    ok = done & pd & np.isfinite(df) & (df > 0)
    se = np.sqrt(var)
    return BatchEstimate.from_se(est, se, t_quantile(np.where(ok, df, 1.0), alpha), ok)


def hessian_numeric(u: Units, sigma: np.ndarray) -> np.ndarray:
    """Hessian of -2 REML in s by central differences of the analytic gradient, all
    directions of all replicates evaluated together (the check of `hessian`)."""
    R, k = len(sigma), ROWS.size
    s = sigma[:, ROWS, COLS]
    var = np.diagonal(sigma, axis1=1, axis2=2)
    h = STEP * np.sqrt(var[:, ROWS] * var[:, COLS])                 # (R, k)
    shifts = h[:, :, None] * np.eye(k)                               # (R, k, k)
    many = u.repeat(k)
    columns = [_grad_s(objective(many, _sigma_of((s[:, None, :] + sign * shifts)
                                                .reshape(R * k, k)))[1]).reshape(R, k, k)
               for sign in (1, -1)]
    return (columns[0] - columns[1]) / (2 * h[:, :, None])
