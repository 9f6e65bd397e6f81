"""The negative binomial rate model (NB2), vectorised across replicates: treatment-period
cramps ~ K2 + log(baseline + 0.5), offset log(diary nights), dispersion alpha by maximum
likelihood, as `analysis.models.nb_fit`.

Newton-Raphson on (beta, log alpha) with the analytic gradient and Hessian, every replicate
at once, step halving where the log-likelihood would fall; a replicate stops moving once its
largest score per observation is below SCORE_TOLERANCE (the per-trial fit's criterion, made
stricter). The SE of log(rate ratio) is from the inverse observed information; its
beta block does not depend on how alpha is parameterised at the maximum. A replicate that
does not converge in MAX_ITER steps is reported as such.
"""
from __future__ import annotations

import numpy as np
from scipy import special

from .closed_form import BatchEstimate
from .dgm import Batch

SCORE_TOLERANCE = 1e-9
MAX_ITER = 100
K2_COLUMN = 1


def _design(batch: Batch):
    keep = batch.nights > 0
    x = np.stack([np.ones_like(batch.base), np.broadcast_to(batch.k2, batch.base.shape),
                  np.log(batch.base + 0.5)], axis=2) * keep[..., None]
    offset = np.log(np.where(keep, batch.nights, 1.0))
    return x, np.where(keep, batch.cramps, 0.0), offset, keep


def _loglik(x, y, offset, keep, beta, alpha):
    mu = np.exp(offset + np.einsum("rnp,rp->rn", x, beta))
    inv = 1 / alpha[:, None]
    ll = (special.gammaln(y + inv) - special.gammaln(inv) - special.gammaln(y + 1)
          - inv * np.log1p(alpha[:, None] * mu) + y * np.log(alpha[:, None] * mu / (1 + alpha[:, None] * mu)))
    return np.sum(ll * keep, axis=1), mu


def _derivatives(x, y, mu, keep, alpha):
    """Gradient and Hessian of the log-likelihood in (beta, alpha)."""
    a = alpha[:, None]
    am = 1 + a * mu
    inv = 1 / a
    g_beta = np.einsum("rnp,rn->rp", x, (y - mu) / am * keep)
    dig = special.digamma(inv) - special.digamma(y + inv) + np.log(am)
    g_alpha = np.sum(keep * (dig / a**2 + (y - mu) / (a * am)), axis=1)
    h_bb = -np.einsum("rnp,rnq,rn->rpq", x, x, mu * (1 + a * y) / am**2 * keep)
    h_ba = -np.einsum("rnp,rn->rp", x, mu * (y - mu) / am**2 * keep)
    trig = (special.polygamma(1, y + inv) - special.polygamma(1, inv)) / a**2
    h_aa = np.sum(keep * (-2 * dig / a**3 + (trig + mu / am) / a**2
                          - (y - mu) * (1 + 2 * a * mu) / (a**2 * am**2)), axis=1)
    grad = np.concatenate([g_beta, g_alpha[:, None]], axis=1)
    hess = np.concatenate([np.concatenate([h_bb, h_ba[..., None]], axis=2),
                           np.concatenate([h_ba, h_aa[:, None]], axis=1)[:, None, :]], axis=1)
    return grad, hess


def _start(x, y, offset, keep):
    """Poisson IRLS (a few steps) for beta; alpha by the method of moments."""
    beta = np.zeros((x.shape[0], x.shape[2]))
    beta[:, 0] = np.log(y.sum(axis=1) / np.exp(offset).sum(axis=1))
    for _ in range(8):
        mu = np.exp(offset + np.einsum("rnp,rp->rn", x, beta))
        info = np.einsum("rnp,rnq,rn->rpq", x, x, mu * keep)
        beta = beta + np.linalg.solve(info, np.einsum("rnp,rn->rp", x, (y - mu) * keep)[..., None])[..., 0]
    mu = np.exp(offset + np.einsum("rnp,rp->rn", x, beta))
    alpha = np.sum(((y - mu) ** 2 - y) * keep, axis=1) / np.sum(mu**2 * keep, axis=1)
    return beta, np.clip(alpha, 0.05, 10)


def nb(batch: Batch, alpha_level: float) -> BatchEstimate:
    """log(rate ratio), its SE and Wald CI per replicate."""
    x, y, offset, keep = _design(batch)
    n = keep.sum(axis=1)
    beta, alpha = _start(x, y, offset, keep)
    theta = np.concatenate([beta, np.log(alpha)[:, None]], axis=1)
    done = np.zeros(len(theta), bool)
    for _ in range(MAX_ITER):
        ll, mu = _loglik(x, y, offset, keep, theta[:, :-1], np.exp(theta[:, -1]))
        grad, hess = _derivatives(x, y, mu, keep, np.exp(theta[:, -1]))
        done |= np.max(np.abs(grad), axis=1) / n < SCORE_TOLERANCE
        if done.all():
            break
        theta = _newton_step(x, y, offset, keep, theta, ll, grad, hess, done)
    _, mu = _loglik(x, y, offset, keep, theta[:, :-1], np.exp(theta[:, -1]))
    _, hess = _derivatives(x, y, mu, keep, np.exp(theta[:, -1]))
    ok = done & np.isfinite(theta).all(axis=1)
    cov = np.linalg.inv(-np.where(ok[:, None, None], hess, np.eye(hess.shape[1])))
    se = np.sqrt(np.where(ok, cov[:, K2_COLUMN, K2_COLUMN], np.nan))
    ok &= np.isfinite(se) & (np.linalg.eigvalsh(-np.where(ok[:, None, None], hess, np.eye(hess.shape[1]))).min(axis=1) > 0)
    return BatchEstimate.from_se(theta[:, K2_COLUMN], se, special.ndtri(1 - alpha_level / 2), ok)


def _newton_step(x, y, offset, keep, theta, ll, grad, hess, done):
    """One Newton step in (beta, log alpha), halved until the log-likelihood does not fall;
    replicates already converged stay where they are."""
    alpha = np.exp(theta[:, -1])
    jac = np.concatenate([np.ones(theta.shape[1] - 1)[None].repeat(len(theta), 0), alpha[:, None]], axis=1)
    g = grad * jac
    h = hess * jac[:, :, None] * jac[:, None, :]
    h[:, -1, -1] += grad[:, -1] * alpha                          # d2 alpha / d(log alpha)^2 term
    step = np.linalg.solve(-h + 1e-12 * np.eye(h.shape[1]), g[..., None])[..., 0]
    scale = np.ones(len(theta))
    for _ in range(30):
        trial = theta + scale[:, None] * step
        new_ll, _ = _loglik(x, y, offset, keep, trial[:, :-1], np.exp(trial[:, -1]))
        bad = ~(new_ll >= ll - 1e-10 * np.abs(ll)) & ~done
        if not bad.any():
            break
        scale = np.where(bad, scale / 2, scale)
    return np.where(done[:, None], theta, trial)
