"""Every published figure recomputed from the analysis datasets, and the comparison with the
paper: a reproduced figure matches when it prints as the published one at its precision."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from ..adam.adcramp import outcome_matrix
from ..adam.datasets import Datasets
from ..core.arms import K2, PLACEBO, k2_flag
from ..core.conventions import PARAMS
from .published import outcome_figures
from .safety import safety_events


def _count(consort: pd.DataFrame, step: str, group: str = "all") -> int:
    hit = consort[(consort["step"] == step) & (consort["group"] == group)]["n"]
    return int(hit.iloc[0]) if len(hit) else 0


def flow_and_baseline(ds: Datasets) -> dict[str, float]:
    adsl, c = ds.adsl, ds.consort
    female = int((adsl["SEX"] == "F").sum())
    ae, _ = safety_events(adsl, ds.adae)   # counted as the safety table counts them
    related_k2 = ae[(ae["TRT01P"] == K2) & (ae["AREL"] == "Y")]
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


def reproduce(ds: Datasets, alpha: float) -> dict[str, float]:
    """The published analysis on these datasets, keyed as in the published YAML."""
    k2 = k2_flag(ds.adsl)
    outcomes = [outcome_matrix(ds.adcramp, ds.adsl, p) for p in PARAMS]
    return {**flow_and_baseline(ds), **outcome_figures(*outcomes, k2, alpha)}


def rounds_to(reproduced: float, published, decimals: int) -> bool:
    """True when `reproduced` printed at `decimals` places reads as `published`.

    Published p-values such as "<.001" are thresholds, not values."""
    if isinstance(published, str):
        text = published.strip()
        if text.startswith("<"):
            return reproduced < float(text[1:])
        raise ValueError(f"cannot compare with published text {published!r}")
    quant = Decimal(1).scaleb(-decimals)
    printed = Decimal(repr(float(reproduced))).quantize(quant, rounding=ROUND_HALF_UP)
    return printed == Decimal(str(published)).quantize(quant, rounding=ROUND_HALF_UP)


def compare(published: dict[str, dict], reproduced: dict[str, float]) -> pd.DataFrame:
    """One row per published figure: quantity, published, reproduced, decimals, match."""
    rows = []
    for quantity, entry in published.items():
        if quantity not in reproduced:
            continue
        decimals = int(entry.get("decimals", 0))
        value = reproduced[quantity]
        rows.append({"quantity": quantity, "published": entry["value"],
                     "reproduced": value, "decimals": decimals,
                     "match": rounds_to(value, entry["value"], decimals)})
    return pd.DataFrame(rows, columns=["quantity", "published", "reproduced", "decimals", "match"])
