"""Every published figure recomputed from the analysis datasets, for the comparison table."""
from __future__ import annotations

import pandas as pd

from .derive import TRT_LABEL, Datasets, k2_flag, outcome_matrix
from .published import outcome_figures

K2, PLACEBO = TRT_LABEL["vitamin_k2"], TRT_LABEL["placebo"]


def _count(consort: pd.DataFrame, step: str, group: str = "all") -> int:
    hit = consort[(consort["step"] == step) & (consort["group"] == group)]["n"]
    return int(hit.iloc[0]) if len(hit) else 0


def flow_and_baseline(ds: Datasets) -> dict[str, float]:
    adsl, c = ds.adsl, ds.consort
    female = int((adsl["SEX"] == "F").sum())
    related_k2 = ds.adae[(ds.adae["TRT01P"] == K2) & (ds.adae["AREL"] == "Y")]
    return {
        "flow.screened": _count(c, "screened"), "flow.excluded": _count(c, "excluded"),
        "flow.randomized": _count(c, "randomized"),
        "flow.randomized_k2": _count(c, "randomized", K2),
        "flow.randomized_placebo": _count(c, "randomized", PLACEBO),
        "baseline.age_mean": float(adsl["AGE"].mean()),
        "baseline.age_sd": float(adsl["AGE"].std(ddof=1)),
        "baseline.female_n": female, "baseline.female_pct": 100 * female / len(adsl),
        "baseline.hypertension_pct": 100 * float(adsl["HTN"].mean()),
        "baseline.diabetes_pct": 100 * float(adsl["DIAB"].mean()),
        "baseline.creatinine_mg_dl": float(adsl["CREAT"].mean()),
        "adherence.k2_pct": float(adsl.loc[adsl["TRT01P"] == K2, "ADHPCT"].mean()),
        "adherence.placebo_pct": float(adsl.loc[adsl["TRT01P"] == PLACEBO, "ADHPCT"].mean()),
        "safety.related_adverse_events_k2": len(related_k2),
    }


def reproduce(ds: Datasets, alpha: float = 0.05) -> dict[str, float]:
    """The published analysis on these datasets, keyed as in the published YAML."""
    k2 = k2_flag(ds.adsl)
    outcomes = [outcome_matrix(ds.adcramp, ds.adsl, p) for p in ("FREQ", "DUR", "SEV")]
    return {**flow_and_baseline(ds), **outcome_figures(*outcomes, k2, alpha)}
