"""Second-order quantities of the MMRM's -2 REML for inference (`mmrm.Reml.curvature`),
analytic, in s: the distinct elements of the covariance Sigma (vec(Sigma) = D s).

Satterthwaite's df needs Cov(theta) from the Hessian and d Cov(beta) / d theta in one set
of covariance parameters; g'H^-1g is the same in any of them at the maximum, so they are
taken in s, where V is linear and both have closed forms. Taking them by central
differences of the gradient cost 72 evaluations of the criterion a fit. With P = V^-1 -
V^-1 X Phi X'V^-1 and V_a the elementary direction E_kl in every participant's block:

    d2(-2 REML) / da db = -tr(P V_a P V_b) + 2 y'P V_a P V_b P y,
    d Phi / da = Phi T_kl Phi,  T_kl = sum_i W_i[k]' W_i[l],  W_i = V_i^-1 X_i.

Per participant, A = V_i^-1, S = W_i Phi W_i', e = V_i^-1 r_i; summed over participants,
tr(P E_kl P E_mn) = sum [A_lm A_nk - S_lm A_nk - A_lm S_nk] + tr(Phi T_kl Phi T_mn) and
e'E_kl P E_mn e = sum A_lm (e e')_kn - v_kl' Phi v_nm, v_kl = sum_i e_i[k] W_i[l].
(robustness.mmrm_hessian is the same algebra over the simulator's sufficient statistics.)
Checked against finite differences of the dense textbook criterion in tests/test_mmrm.py.
"""
from __future__ import annotations

import numpy as np


def duplication(q: int) -> np.ndarray:
    """D with vec(Sigma) = D s, s the lower triangle of Sigma row by row (as theta)."""
    rows, cols = np.tril_indices(q)
    d = np.zeros((q * q, rows.size))
    d[rows * q + cols, np.arange(rows.size)] = 1
    d[cols * q + rows, np.arange(rows.size)] = 1
    return d


def curvature(patterns, blocks, beta: np.ndarray, phi: np.ndarray, q: int):
    """Gradient and Hessian of -2 REML in s, and d Cov(beta) / d s (one p x p slice per
    element), from one GLS evaluation: `blocks` holds each pattern's (V^-1, V^-1 X)."""
    p = len(beta)
    outer = np.zeros((q, q, q, q))      # [k,l,m,n]: the blockwise terms of the Hessian
    t = np.zeros((q, q, p, p))          # T_kl
    v = np.zeros((q, q, p))             # v_kl
    grad = np.zeros((q, q))             # d(-2 REML) / d Sigma: sum n A - S - e e'
    for pt, (inv, w) in zip(patterns, blocks):
        n, m = pt.y.shape
        e = (pt.y - pt.X @ beta) @ inv
        s = np.tensordot(w @ phi, w, axes=([0, 2], [0, 2]))           # sum W_i Phi W_i'
        ee = e.T @ e
        outer[np.ix_(pt.weeks, pt.weeks, pt.weeks, pt.weeks)] += (
            -np.einsum("lm,nk->klmn", n * inv - s, inv) + np.einsum("lm,nk->klmn", inv, s)
            + 2 * np.einsum("lm,kn->klmn", inv, ee))
        flat = w.reshape(n, m * p)                                     # products over participants
        t[np.ix_(pt.weeks, pt.weeks)] += (flat.T @ flat).reshape(m, p, m, p).transpose(0, 2, 1, 3)
        v[np.ix_(pt.weeks, pt.weeks)] += (e.T @ flat).reshape(m, m, p)
        grad[np.ix_(pt.weeks, pt.weeks)] += n * inv - s - ee
    dphi = (phi @ t @ phi).reshape(q * q, p, p)                       # Phi T_kl Phi
    traces = dphi.reshape(q * q, p * p) @ np.swapaxes(t, 2, 3).reshape(q * q, p * p).T
    vv = v.reshape(q * q, p) @ phi @ v.transpose(1, 0, 2).reshape(q * q, p).T
    hessian = outer.reshape(q * q, q * q) - traces - 2 * vv
    d = duplication(q)
    h = d.T @ hessian @ d
    return d.T @ grad.ravel(), (h + h.T) / 2, np.tensordot(d.T, dphi, axes=1)
