"""The primary analyses of estimates.csv (FREQ, weeks 1-8, each in its primary
population), vectorised across replicates, under the method ids of estimates.csv.

Each maps a `Batch` and alpha to a `BatchEstimate`; the negative binomial on the log scale
(its CI is symmetric there), every other method on the difference scale.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

from . import closed_form, exchangeable, mmrm_batch, nbreg
from .closed_form import BatchEstimate
from .dgm import Batch, Design

METHODS: dict[str, Callable[[Batch, float], BatchEstimate]] = {
    "published_personweek_t": closed_form.personweek_t,
    "participant_welch": closed_form.participant_welch,
    "ancova_baseline": closed_form.ancova,
    "nb_rate_ratio": nbreg.nb,
    "mmrm": mmrm_batch.mmrm,
    "lmm_random_intercept": exchangeable.lmm,
    "gee_exchangeable": exchangeable.gee,
}
LOG_RATIO = {"nb_rate_ratio"}


def scale(method: str) -> str:
    return "log_ratio" if method in LOG_RATIO else "difference"


def truth(method: str, design: Design) -> float:
    """The true value the method estimates under `design`: log rate ratio or difference."""
    return float(np.log(design.rate_ratio)) if method in LOG_RATIO else design.difference
