"""The observed Hessian of the MMRM's -2 REML in the covariance elements s, for
Satterthwaite's df (`mmrm_batch.mmrm`): analytic, and by central differences of the analytic
gradient (its check in tests/test_robustness.py)."""
from __future__ import annotations

import numpy as np

from .mmrm_units import (COLS, DUP, Q, ROWS, Units, gls, grad_s, leverage, objective,
                         residuals, sigma_of)

STEP = 1e-5                   # relative step of the central differences


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
    inv, _, xvx, beta = gls(u, sigma)
    R, U = u.n.shape
    phi = np.linalg.inv(xvx)
    lev = inv @ leverage(u, phi) @ inv                              # sum_i S_i per unit
    ee = inv @ residuals(u, beta) @ inv                             # sum_i e_i e_i' per unit
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


def hessian_numeric(u: Units, sigma: np.ndarray) -> np.ndarray:
    """Hessian of -2 REML in s by central differences of the analytic gradient, all
    directions of all replicates evaluated together (the check of `hessian`)."""
    R, k = len(sigma), ROWS.size
    s = sigma[:, ROWS, COLS]
    var = np.diagonal(sigma, axis1=1, axis2=2)
    h = STEP * np.sqrt(var[:, ROWS] * var[:, COLS])                 # (R, k)
    shifts = h[:, :, None] * np.eye(k)                               # (R, k, k)
    many = u.repeat(k)
    columns = [grad_s(objective(many, sigma_of((s[:, None, :] + sign * shifts)
                                                .reshape(R * k, k)))[1]).reshape(R, k, k)
               for sign in (1, -1)]
    return (columns[0] - columns[1]) / (2 * h[:, :, None])
