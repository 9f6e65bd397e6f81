"""The closed-form estimators, vectorised across replicates: the published person-week t
(mean-imputed), Welch on participant means, and ANCOVA on participant means.

Each takes a `Batch` and returns a `BatchEstimate` (one value per replicate) that equals, for
every replicate, what the per-trial function in `analysis.models` gives on that trial
(checked in tests/test_robustness_estimators.py).
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from scipy import special

from .dgm import Batch


@dataclass(frozen=True)
class BatchEstimate:
    """Per replicate: estimate, its model SE, CI and whether the fit converged (a fit that
    did not converge has NaN estimates and is counted, not dropped silently)."""
    estimate: np.ndarray
    se: np.ndarray
    ci_low: np.ndarray
    ci_high: np.ndarray
    converged: np.ndarray

    @classmethod
    def from_se(cls, est, se, quantile, converged=None) -> BatchEstimate:
        ok = np.isfinite(est) & np.isfinite(se) if converged is None else converged
        half = quantile * se
        nan = np.where(ok, 1.0, np.nan)
        return cls(est * nan, se * nan, (est - half) * nan, (est + half) * nan, ok)


def t_quantile(df, alpha: float):
    return special.stdtrit(df, 1 - alpha / 2)


def _nanmean(x: np.ndarray, axis) -> np.ndarray:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # an arm-week or participant with no value
        return np.nanmean(x, axis=axis)


def welch_rows(a: np.ndarray, b: np.ndarray, alpha: float) -> BatchEstimate:
    """Welch's difference of means a - b for each row (NaN values ignored)."""
    na, nb = np.sum(~np.isnan(a), axis=1), np.sum(~np.isnan(b), axis=1)
    va = np.nanvar(a, axis=1, ddof=1) / na
    vb = np.nanvar(b, axis=1, ddof=1) / nb
    se = np.sqrt(va + vb)
    df = (va + vb) ** 2 / (va**2 / (na - 1) + vb**2 / (nb - 1))
    diff = np.nanmean(a, axis=1) - np.nanmean(b, axis=1)
    return BatchEstimate.from_se(diff, se, t_quantile(df, alpha))


def mean_imputed(batch: Batch) -> np.ndarray:
    """The published imputation: a missing week gets the mean of its arm and week."""
    y = batch.y.copy()
    for arm in (batch.k2 == 1, batch.k2 == 0):
        block = y[:, arm]
        fill = np.broadcast_to(_nanmean(block, axis=1)[:, None, :], block.shape)
        y[:, arm] = np.where(np.isnan(block), fill, block)
    return y


def personweek_t(batch: Batch, alpha: float) -> BatchEstimate:
    """The published analysis: Welch t on every (mean-imputed) person-week."""
    y = mean_imputed(batch)
    k2 = batch.k2 == 1
    r = len(batch)
    return welch_rows(y[:, k2].reshape(r, -1), y[:, ~k2].reshape(r, -1), alpha)


def participant_means(batch: Batch) -> np.ndarray:
    return _nanmean(batch.y, axis=2)


def participant_welch(batch: Batch, alpha: float) -> BatchEstimate:
    """Welch t on each participant's mean of her observed weeks."""
    y = participant_means(batch)
    k2 = batch.k2 == 1
    return welch_rows(y[:, k2], y[:, ~k2], alpha)


def ancova(batch: Batch, alpha: float) -> BatchEstimate:
    """OLS of the participant mean on arm and baseline: the arm coefficient, t CI with
    n - 3 degrees of freedom (participants with no observed week left out)."""
    y = participant_means(batch)
    keep = ~np.isnan(y)
    X = np.stack([np.ones_like(batch.base), np.broadcast_to(batch.k2, y.shape).astype(float),
                  batch.base], axis=2) * keep[..., None]
    yy = np.where(keep, y, 0.0)
    xtx = np.einsum("rnp,rnq->rpq", X, X)
    beta = np.linalg.solve(xtx, np.einsum("rnp,rn->rp", X, yy)[..., None])[..., 0]
    resid = (yy - np.einsum("rnp,rp->rn", X, beta)) * keep
    df = keep.sum(axis=1) - 3
    sigma2 = np.sum(resid**2, axis=1) / df
    se = np.sqrt(sigma2 * np.linalg.inv(xtx)[:, 1, 1])
    return BatchEstimate.from_se(beta[:, 1], se, t_quantile(df, alpha))
