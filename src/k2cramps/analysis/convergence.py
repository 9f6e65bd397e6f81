"""Iterative fits that either converge or stop the run with a message naming the model.

A library's convergence warning is not silenced: it is recorded while the fit runs and makes
that attempt fail, so the next optimiser or starting value is tried (design section 6).
A fit that needed a second optimiser is logged with why the first ones failed. Warnings of
any other kind are passed on unchanged. statsmodels' note that a variance "may be on the
boundary" (it fires whenever a random-effect variance is below 0.01 in absolute units) is a
remark about the estimate, not a failed search: it is logged, naming the model, and the fit
is kept when the optimiser converged.
"""
from __future__ import annotations

import logging
import warnings
from collections.abc import Callable, Sequence
from typing import TypeVar

import numpy as np
from statsmodels.tools.sm_exceptions import ConvergenceWarning

T = TypeVar("T")
log = logging.getLogger(__name__)
NOT_A_FAILURE = ("The MLE may be on the boundary of the parameter space",)
# Errors that mean "this optimiser failed here"; anything else is a bug and is raised.
NUMERICAL_FAILURES = (np.linalg.LinAlgError, ArithmeticError)


class ConvergenceError(RuntimeError):
    """No optimiser reached a converged fit."""


def _failure(w: warnings.WarningMessage) -> bool:
    return (issubclass(w.category, ConvergenceWarning)
            and not str(w.message).startswith(NOT_A_FAILURE))


def _attempt(fit: Callable[[], T], converged: Callable[[T], bool],
             model: str) -> tuple[T | None, str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result, why = fit(), "the fit returned nothing"
        except NUMERICAL_FAILURES as error:  # an optimiser stepping to a singular matrix
            result, why = None, f"{type(error).__name__}: {error}"
    if result is None:
        return None, why
    failed = dict.fromkeys(str(w.message).splitlines()[0] for w in caught if _failure(w))
    if failed:
        return None, " / ".join(failed)
    if not converged(result):
        return None, "fails the convergence check (optimiser's flag or a non-zero gradient)"
    for w in caught:
        if issubclass(w.category, ConvergenceWarning):
            log.warning("%s: %s (converged; kept)", model, str(w.message).splitlines()[0])
        else:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return result, ""


def first_converged(attempts: Sequence[tuple[str, Callable[[], T]]],
                    converged: Callable[[T], bool], model: str) -> T:
    """The first attempt (name, fit) that converges without a convergence warning."""
    reasons = []
    for name, fit in attempts:
        result, why = _attempt(fit, converged, model)
        if result is not None:
            if reasons:
                log.warning("%s: converged with %s after %s", model, name, "; ".join(reasons))
            return result
        reasons.append(f"{name}: {why}")
    raise ConvergenceError(f"{model} did not converge; tried " + "; ".join(reasons))
