"""The coverage study (ADEMP, Morris et al. 2019), from the analysis datasets to the
results tables.

- Aims: how often the 95% CI of each primary method contains the true effect in trials like
  this one, and at what price in width and power; above all, the published person-week CI.
- Data-generating mechanisms (`dgm`): arm sizes, placebo rate, rate ratio, baseline level,
  weekly missingness and variance components fitted to the data; four scenarios: the fitted
  effect at the data's ICC, no effect at the data's ICC, and the fitted effect at a lower
  and a higher ICC (parameters sim_icc_low, sim_icc_high).
- Estimands: the difference in mean weekly cramp frequency over weeks 1-8, vitamin K2 minus
  placebo (the log rate ratio for the negative binomial model).
- Methods: every primary analysis of estimates.csv (`methods`).
- Performance measures (`performance`): coverage, bias, empirical and model SE, CI width,
  rejection rate (power; type I error under no effect), each with its Monte Carlo SE.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..analysis.shaping import WEEKS, wide
from . import icc as icc_mod
from .closed_form import personweek_t
from .dgm import Design, design_from_data
from .methods import METHODS, scale, truth
from .performance import measures
from .runner import run, tasks

COVERAGE_COLUMNS = ["scenario", "method", "scale", "truth", "replicates", "failed", "coverage",
                    "coverage_mcse", "bias", "bias_mcse", "emp_se", "emp_se_mcse", "model_se",
                    "model_se_mcse", "model_se_rel_error", "model_se_rel_error_mcse",
                    "ci_width", "ci_width_mcse", "rejection_rate", "rejection_rate_mcse"]


def scenarios(design: Design, icc_low: float, icc_high: float) -> list[tuple[str, Design]]:
    return [("fitted", design), ("no_effect", design.with_(rate_ratio=1.0)),
            ("icc_low", design.with_(icc=icc_low)), ("icc_high", design.with_(icc=icc_high))]


def scenario_table(scen: list[tuple[str, Design]]) -> pd.DataFrame:
    """Each scenario's data-generating parameters (sim_scenarios.csv)."""
    return pd.DataFrame([dict(scenario=name, n_k2=d.n_k2, n_placebo=d.n_placebo,
                              placebo_rate=d.placebo_rate, rate_ratio=d.rate_ratio,
                              difference=d.difference, baseline_ratio=d.baseline_ratio,
                              icc=d.icc, between_cv2=d.between_cv2, week_cv2=d.week_cv2,
                              p_missing_mean=float(np.mean(d.p_missing)))
                         for name, d in scen])


def coverage_table(raw: pd.DataFrame, scen: list[tuple[str, Design]]) -> pd.DataFrame:
    """One row per scenario and method: the performance measures over the converged
    replicates, and how many replicates failed to converge (counted, not hidden)."""
    designs = dict(scen)
    rows = []
    for (name, method), g in raw.groupby(["scenario", "method"], sort=False):
        ok = g[g["converged"].astype(bool)]
        true = truth(method, designs[name])
        rows.append(dict(scenario=name, method=method, scale=scale(method), truth=true,
                         replicates=len(ok), failed=len(g) - len(ok),
                         **measures(ok["estimate"], ok["se"], ok["ci_low"], ok["ci_high"],
                                    true)))
    return pd.DataFrame(rows, columns=COVERAGE_COLUMNS)


@dataclass
class Robustness:
    icc: icc_mod.Icc
    design_effect: pd.DataFrame
    scenarios: pd.DataFrame
    replicates: pd.DataFrame
    coverage: pd.DataFrame


def robustness(adsl: pd.DataFrame, adcramp: pd.DataFrame, alpha: float, replicates: int,
               seed: int, icc_low: float, icc_high: float, workers: int = 0,
               scheduler: str = "", progress: bool = True) -> Robustness:
    """The data's ICC and design effect, then the simulation study on trials like it."""
    w = wide(adsl, adcramp, "FREQ")
    found = icc_mod.estimate(w, alpha)
    pub = personweek_t(icc_mod.batch_of(w), alpha)       # the published analysis, on the data
    de = icc_mod.design_effect_table(found, (pub.estimate[0], pub.ci_low[0], pub.ci_high[0]))
    design = design_from_data(w["K2"].to_numpy(int), w["BASE"].to_numpy(float),
                              w[WEEKS].to_numpy(float), found.between, found.within)
    scen = scenarios(design, icc_low, icc_high)
    raw = run(tasks(scen, replicates, seed, alpha), workers, scheduler, progress)
    return Robustness(found, de, scenario_table(scen), raw, coverage_table(raw, scen))


__all__ = ["METHODS", "Robustness", "robustness", "coverage_table", "scenarios"]
