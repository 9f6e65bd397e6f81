"""The random-intercept linear mixed model (REML) and GEE with an exchangeable working
correlation, vectorised across replicates.

Both have a within-participant covariance proportional to I + g J (J all ones), whose
inverse is closed form: (I + g J)^-1 = I - g / (1 + n g) J for a participant with n weeks.
So X'V^-1X, X'V^-1y and y'V^-1y are the plain sums minus c(n) times sums over participants
with n weeks of (X'1)(1'X), (X'1)(1'y) and (1'y)^2: computed once per replicate
(`Sums`), after which each value of g costs a few 17 x 17 solves.

- LMM: the REML log-likelihood profiled over the fixed effects and the residual variance is
  a function of g = sigma_b^2 / sigma_e^2 alone, minimised per replicate by golden-section
  search over g / (1 + g) in [0, 1) (the boundary g = 0 included, as statsmodels allows);
  the arm effect's CI is Wald (normal), as statsmodels' MixedLM reports it.
- GEE: statsmodels' iteration exactly (ddof_scale = 0, as in `analysis.models.gee_fit`):
  start from OLS; update the mean parameters given the exchangeable correlation, stop when
  the score norm is below 1e-6 after at least one correlation update, else update the
  correlation by its moment estimator; robust (sandwich) SE, Wald CI.

Model: Y ~ K2 * C(WEEK, Sum) + BASE (the K2 coefficient is the average effect over weeks
1-8); `with_base=False` drops BASE (the ICC of `icc`).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import special

from ..core.schedule import N_WEEKS
from .closed_form import BatchEstimate
from .dgm import Batch

GOLDEN_STEPS = 60             # golden section on [0, 1): width 0.618^60 < 3e-13
GEE_TOLERANCE = 1e-6          # statsmodels' ctol
GEE_MAXITER = 500             # the per-trial fit's last attempt
K2_COLUMN = 1


def design(batch: Batch, with_base: bool = True) -> np.ndarray:
    """(replicates, participants, weeks, p): Intercept, K2, week (sum coding), K2 x week,
    BASE; rows of missing weeks zero."""
    r, n, q = batch.y.shape
    week = np.vstack([np.eye(q - 1), -np.ones(q - 1)])            # sum coding, q x (q-1)
    k2 = np.broadcast_to(batch.k2[None, :, None, None].astype(float), (r, n, q, 1))
    parts = [np.ones((r, n, q, 1)), k2, np.broadcast_to(week, (r, n, q, q - 1)),
             k2 * week]
    if with_base:
        parts.append(np.broadcast_to(batch.base[:, :, None, None], (r, n, q, 1)))
    return np.concatenate(parts, axis=3) * batch.observed[..., None]


@dataclass(frozen=True)
class Sums:
    """Per replicate: A = sum X'X, b = sum X'y, yy = sum y'y over participant-weeks; per
    number of observed weeks k: C[k] = sum (X'1)(1'X), d[k] = sum (X'1)(1'y),
    e[k] = sum (1'y)^2, and how many participants (count[k])."""
    A: np.ndarray
    b: np.ndarray
    yy: np.ndarray
    C: np.ndarray
    d: np.ndarray
    e: np.ndarray
    count: np.ndarray
    X: np.ndarray
    y: np.ndarray

    @property
    def n_obs(self) -> np.ndarray:
        return (self.count * np.arange(N_WEEKS + 1)).sum(axis=1)

    @property
    def p(self) -> int:
        return self.A.shape[1]

    def weighted(self, c: np.ndarray):
        """X'HX, X'Hy, y'Hy for H = I - c_k J (c: replicates x (weeks + 1))."""
        xhx = self.A - np.einsum("rk,rkpq->rpq", c, self.C)
        xhy = self.b - np.einsum("rk,rkp->rp", c, self.d)
        yhy = self.yy - np.einsum("rk,rk->r", c, self.e)
        return xhx, xhy, yhy


def sums(batch: Batch, with_base: bool = True) -> Sums:
    """The sums as batched matrix products (BLAS): the same sums einsum's loops would give,
    in a fifth of the time, which is most of what a replicate of either model costs."""
    X = design(batch, with_base)
    y = np.nan_to_num(batch.y)
    r, n, q, p = X.shape
    rows = X.reshape(r, n * q, p)                                   # participant-weeks
    xt = rows.transpose(0, 2, 1)
    u = X.sum(axis=2)                                               # X_i'1
    t = y.sum(axis=2)                                               # 1'y_i
    onehot = (batch.observed.sum(axis=2)[..., None] == np.arange(N_WEEKS + 1)).astype(float)
    by_weeks = onehot.transpose(0, 2, 1)                            # (r, weeks + 1, n)
    per_k_u = (onehot[..., None] * u[:, :, None, :]).reshape(r, n, -1).transpose(0, 2, 1)
    return Sums(A=xt @ rows, b=(xt @ y.reshape(r, n * q, 1))[..., 0],
                yy=np.einsum("rnk,rnk->r", y, y),
                C=(per_k_u @ u).reshape(r, N_WEEKS + 1, p, p),
                d=by_weeks @ (u * t[..., None]),
                e=(by_weeks @ (t * t)[..., None])[..., 0], count=onehot.sum(axis=1), X=X, y=y)


def chunk_sums(batch: Batch) -> Sums:
    """The batch's sums with BASE, computed once for both models: the study's runner analyses
    a chunk by the LMM, then by GEE, and the sums are a third of what either costs. Kept on
    the batch, so they go when it does (at 100x a chunk's design array alone is 200-500 MB)."""
    if "sums" not in batch.derived:
        batch.derived["sums"] = sums(batch)
    return batch.derived["sums"]


def _c(g: np.ndarray) -> np.ndarray:
    k = np.arange(N_WEEKS + 1)
    return g[:, None] / (1 + k * g[:, None])


def profile_reml(s: Sums, g: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """-2 REML log-likelihood profiled over beta and sigma_e^2 (constants included, on
    statsmodels' and nlme's scale), with beta and sigma_e^2 at that g."""
    xhx, xhy, yhy = s.weighted(_c(g))
    beta = np.linalg.solve(xhx, xhy[..., None])[..., 0]
    dof = s.n_obs - s.p
    sigma2 = (yhy - np.einsum("rp,rp->r", xhy, beta)) / dof
    logdet_h = np.einsum("rk,rk->r", s.count, np.log1p(np.arange(N_WEEKS + 1) * g[:, None]))
    value = (dof * np.log(2 * np.pi * sigma2) + dof + logdet_h
             + np.linalg.slogdet(xhx)[1])
    return value, beta, sigma2


def reml_ratio(s: Sums) -> np.ndarray:
    """g = sigma_b^2 / sigma_e^2 at the REML maximum, per replicate (golden section over
    t = g / (1 + g) in [0, 1); NaN where the maximum is at t -> 1)."""
    a, b = np.zeros(len(s.A)), np.full(len(s.A), 1 - 1e-12)
    r = (np.sqrt(5) - 1) / 2
    f = lambda t: profile_reml(s, t / (1 - t))[0]                   # noqa: E731
    c, d = b - r * (b - a), a + r * (b - a)
    fc, fd = f(c), f(d)
    for _ in range(GOLDEN_STEPS):
        left = fc <= fd                                             # minimum in [a, d]
        a, b = np.where(left, a, c), np.where(left, d, b)
        c, d = np.where(left, b - r * (b - a), d), np.where(left, c, a + r * (b - a))
        fnew = f(np.where(left, c, d))
        fc, fd = np.where(left, fnew, fd), np.where(left, fc, fnew)
    lo, hi = a, b
    t = (lo + hi) / 2
    if np.any(t < 1e-12):  # compare with the boundary itself: the profile may be monotone
        at_zero = f(np.zeros_like(t)) <= f(t)
        t = np.where(at_zero, 0.0, t)
    return np.where(t < 1 - 1e-9, t / (1 - t), np.nan)


def lmm(batch: Batch, alpha: float) -> BatchEstimate:
    """Random-intercept model, REML: the arm effect averaged over weeks 1-8, Wald CI."""
    s = chunk_sums(batch)
    g = reml_ratio(s)
    ok = np.isfinite(g)
    g = np.where(ok, g, 0.0)
    xhx, _, _ = s.weighted(_c(g))
    _, beta, sigma2 = profile_reml(s, g)
    se = np.sqrt(sigma2 * np.linalg.inv(xhx)[:, K2_COLUMN, K2_COLUMN])
    z = special.ndtri(1 - alpha / 2)
    return BatchEstimate.from_se(beta[:, K2_COLUMN], se, z, ok & np.isfinite(se))


def _gee_dep(s: Sums, beta: np.ndarray) -> np.ndarray:
    """statsmodels' moment estimator of the exchangeable correlation (ddof_scale = 0)."""
    ssr = s.yy - 2 * np.einsum("rp,rp->r", beta, s.b) + np.einsum("rp,rpq,rq->r", beta, s.A, beta)
    sq = (s.e - 2 * np.einsum("rp,rkp->rk", beta, s.d)
          + np.einsum("rp,rkpq,rq->rk", beta, s.C, beta)).sum(axis=1)   # sum_i (1'r_i)^2
    k = np.arange(N_WEEKS + 1)
    pairs = np.einsum("rk,k->r", s.count, k * (k - 1) / 2)
    return (sq - ssr) / 2 / (ssr / s.n_obs) / pairs


def _gee_c(a: np.ndarray) -> np.ndarray:
    """R^-1 = (I - c_k J) / (1 - a) for k weeks, R = (1 - a) I + a J."""
    k = np.arange(N_WEEKS + 1)
    return a[:, None] / (1 + a[:, None] * (k - 1))


def gee(batch: Batch, alpha: float) -> BatchEstimate:
    s = chunk_sums(batch)
    beta = np.linalg.solve(s.A, s.b[..., None])[..., 0]             # GLM start: OLS
    a = np.zeros(len(beta))
    done = np.zeros(len(beta), bool)
    for itr in range(GEE_MAXITER):
        xhx, xhy, _ = s.weighted(_gee_c(a))
        score = (xhy - np.einsum("rpq,rq->rp", xhx, beta)) / (1 - a)[:, None]
        step = np.linalg.solve(xhx, (xhy - np.einsum("rpq,rq->rp", xhx, beta))[..., None])[..., 0]
        beta = np.where(done[:, None], beta, beta + step)
        stop = (np.sqrt(np.sum(score**2, axis=1)) < GEE_TOLERANCE) & (itr > 0)
        done |= stop
        if done.all():
            break
        a = np.where(done, a, _gee_dep(s, beta))
    return _gee_robust(s, batch, beta, a, done, alpha)


def _gee_robust(s: Sums, batch: Batch, beta, a, ok, alpha) -> BatchEstimate:
    """Sandwich covariance B^-1 (sum s_i s_i') B^-1 with B = sum X_i'R_i^-1 X_i and
    s_i = X_i'R_i^-1 r_i (the scale cancels)."""
    c = _gee_c(a)
    xhx, _, _ = s.weighted(c)
    bread = np.linalg.inv(xhx / (1 - a)[:, None, None])
    resid = (s.y - np.einsum("rnkp,rp->rnk", s.X, beta)) * batch.observed
    n_i = batch.observed.sum(axis=2)
    c_i = np.take_along_axis(c, n_i, axis=1)
    u = s.X.sum(axis=2)
    score = (np.einsum("rnkp,rnk->rnp", s.X, resid)
             - c_i[..., None] * u * resid.sum(axis=2)[..., None]) / (1 - a)[:, None, None]
    meat = np.einsum("rnp,rnq->rpq", score, score)
    cov = bread @ meat @ bread
    se = np.sqrt(cov[:, K2_COLUMN, K2_COLUMN])
    return BatchEstimate.from_se(beta[:, K2_COLUMN], se, special.ndtri(1 - alpha / 2),
                                 ok & np.isfinite(se))
