"""The vectorised estimators against the per-trial ones of `analysis.models`, replicate by
replicate: each simulated trial turned into the analysis shapes (`wide`, `long`, ADSL
counts) and analysed by the functions that write estimates.csv."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..analysis import models as M
from ..analysis import shaping as S
from ..core.arms import K2, PLACEBO
from .dgm import Batch


def wide_of(batch: Batch, r: int) -> pd.DataFrame:
    """Replicate r in the `wide` shape of analysis.shaping."""
    ids = pd.Index([f"S{i:04d}" for i in range(batch.k2.size)], name="USUBJID")
    w = pd.DataFrame(batch.y[r], columns=S.WEEKS, index=ids)
    w.insert(0, "BASE", batch.base[r])
    w.insert(0, "K2", batch.k2.astype(int))
    return w


def adsl_of(batch: Batch, r: int) -> pd.DataFrame:
    """The ADSL columns the negative binomial model reads."""
    return pd.DataFrame({"USUBJID": [f"S{i:04d}" for i in range(batch.k2.size)],
                         "TRT01P": np.where(batch.k2 == 1, K2, PLACEBO),
                         "BFREQ": batch.base[r], "TRNIGHTS": batch.nights[r],
                         "TRCRAMPS": batch.cramps[r]})


def per_trial(batch: Batch, r: int, alpha: float) -> dict[str, tuple[float, float, float]]:
    """method -> (estimate, ci_low, ci_high) of replicate r by the per-trial estimators
    (the negative binomial on the log scale, as the study reports it)."""
    w = wide_of(batch, r)
    y = S.summary(w, "weeks1-8")
    lg = S.long(w)
    out = {"published_personweek_t": M.personweek_t(S.mean_imputed(w), alpha),
           "participant_welch": M.participant_welch(y, w["K2"], alpha),
           "ancova_baseline": M.ancova(y, w["K2"], w["BASE"], alpha),
           "lmm_random_intercept": M.lmm_random_intercept(lg, alpha)["weeks1-8"],
           "gee_exchangeable": M.gee_exchangeable(lg, alpha)["weeks1-8"],
           "mmrm": M.mmrm(lg, alpha)[0]["weeks1-8"]}
    found = {m: (e.estimate, e.ci_low, e.ci_high) for m, e in out.items()}
    nb = M.nb_rate_ratio(adsl_of(batch, r), alpha)
    found["nb_rate_ratio"] = tuple(float(np.log(v)) for v in (nb.estimate, nb.ci_low, nb.ci_high))
    return found
