"""Iterative fits that either converge or stop the run with a message naming the model.

A library's convergence warning is not silenced: it is recorded while the fit runs and makes
that attempt fail, so the next optimiser or starting value is tried (design section 6).
Warnings of any other kind are passed on unchanged. statsmodels' note that a variance "may be
on the boundary" describes a converged estimate (a between-participant variance near zero),
not a failed search: it is logged, naming the model, and the fit is kept.
"""
from __future__ import annotations

import logging
import warnings
from collections.abc import Callable, Sequence
from typing import TypeVar

from statsmodels.tools.sm_exceptions import ConvergenceWarning

T = TypeVar("T")
log = logging.getLogger(__name__)
NOT_A_FAILURE = ("The MLE may be on the boundary of the parameter space",)


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
            result = fit()
        except (ArithmeticError, ValueError, RuntimeError) as error:  # e.g. a singular matrix
            result, why = None, f"{type(error).__name__}: {error}"
    if result is None:
        return None, why
    failed = [str(w.message).splitlines()[0] for w in caught if _failure(w)]
    if failed:
        return None, failed[0]
    if not converged(result):
        return None, "the optimiser reports no convergence"
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
            return result
        reasons.append(f"{name}: {why}")
    raise ConvergenceError(f"{model} did not converge; tried " + "; ".join(reasons))
