"""The MMRM's REML criterion over units, vectorised across replicates (used by `mmrm_batch`
to fit and by `mmrm_hessian` for inference).

Participants who recorded the same weeks share a covariance block, so every quantity is a
sum over *units* (a replicate's participants with one pattern of recorded weeks) of the
unit's sufficient statistics: count, sum z z', sum z y', sum y y' (z = 1, K2, BASE). A
replicate has some twenty units, so one evaluation of the REML criterion for a few dozen
replicates is a few thousand 8 x 8 inversions. The covariance Sigma is handled through its
36 distinct elements s (vec(Sigma) = DUP s).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..analysis.mmrm_curvature import duplication
from ..core.schedule import N_WEEKS
from .dgm import Batch

Q = N_WEEKS
ROWS, COLS = np.tril_indices(Q)
DIAG = ROWS == COLS


DUP = duplication(Q)   # the per-trial fit's: s in the same order as its theta


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


def gls(u: Units, sigma: np.ndarray):
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
    found = gls(u, sigma)
    if found is None:
        return None
    inv, logdet, xvx, beta = found
    resid, q_u = residuals(u, beta), leverage(u, np.linalg.inv(xvx))
    quad = np.einsum("rukl,rulk->r", inv, resid)
    grad = (u.n[..., None, None] * inv - inv @ (q_u + resid) @ inv).sum(axis=1)
    value = ((u.n * logdet).sum(axis=1) + np.linalg.slogdet(xvx)[1] + quad
             + (u.n_obs - 3 * Q) * np.log(2 * np.pi))
    return value, grad, inv, xvx, beta


def residuals(u: Units, beta: np.ndarray) -> np.ndarray:
    """Per unit: sum of r_i r_i' over its participants (r_i = y_i - B'z_i, recorded weeks)."""
    bt = np.swapaxes(beta, 1, 2)[:, None]                           # (R, 1, Q, 3)
    bszy = bt @ u.szy
    resid = (u.syy - bszy - np.swapaxes(bszy, -1, -2) + bt @ u.szz @ np.swapaxes(bt, -1, -2))
    return resid * _pair_mask(u)


def leverage(u: Units, phi: np.ndarray) -> np.ndarray:
    """Per unit: sum of X_i Phi X_i' over its participants (Q x Q)."""
    R, U = u.n.shape
    m = phi.reshape(R, 3, Q, 3, Q).transpose(0, 1, 3, 2, 4).reshape(R, 9, Q * Q)
    return (u.szz.reshape(R, U, 9) @ m).reshape(R, U, Q, Q)


def grad_s(grad: np.ndarray) -> np.ndarray:
    return grad.reshape(len(grad), Q * Q) @ DUP


def sigma_of(s: np.ndarray) -> np.ndarray:
    return (s @ DUP.T).reshape(len(s), Q, Q)
