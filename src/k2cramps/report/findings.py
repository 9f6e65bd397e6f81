"""Key findings a clinician can use: each arm's result, the difference and the relative
reduction with their CIs, under the primary reanalysis; then how the published analysis
compares. Every number is computed here from the results; the template only words them."""
from __future__ import annotations

import pandas as pd

from ..core.arms import K2, PLACEBO
from ..core.methods import METHOD_LABELS, POPULATION_LABELS
from ..core import numbers as fmt
from .outcomes import PUBLISHED_METHOD, arm_result, one, primary_row
from .results import Results

CI = "95% CI, "


def _arm(arms: pd.DataFrame, arm: str, key: dict) -> str:
    row = arm_result(arms, arm, **key)
    return "" if row is None else fmt.estimate_ci(row["estimate"], row["ci_low"],
                                                  row["ci_high"], label=CI)


def _baseline(weekly: pd.DataFrame, arm: str) -> str:
    rows = weekly[(weekly["outcome"] == "FREQ") & (weekly["visit"] == 0)
                  & (weekly["method"] == "observed") & (weekly["arm"] == arm)]
    return fmt.num(rows["estimate"].iloc[0]) if len(rows) else ""


def _of(n, total, percent) -> str:
    """'6 of 103 (5.8%)'."""
    return f"{fmt.count(n)} of {fmt.count(total)} ({fmt.pct(percent)}%)"


def arm_sizes(consort: pd.DataFrame, step: str) -> dict[str, int]:
    """Participants per arm at one step of the CONSORT counts (e.g. 'safety population')."""
    rows = consort[consort["step"] == step].set_index("group")["n"]
    return {arm: int(rows.get(arm, 0)) for arm in (K2, PLACEBO)}


def _percent(share, low, high) -> str:
    """'74% (95% CI, 70% to 77%)' from shares."""
    return (f"{fmt.num(100 * share, 0)}% ({CI}{fmt.num(100 * low, 0)}% to "
            f"{fmt.num(100 * high, 0)}%)")


def key_findings(r: Results) -> dict:
    est, arms = r["estimates"], r["arm_summaries"]
    method = r.params["primary_method"]
    main = primary_row(est, method)
    key = dict(outcome="FREQ", timepoint="weeks1-8", method=method, population=main["population"])
    pub = one(est, outcome="FREQ", timepoint="weeks1-8", method=PUBLISHED_METHOD)
    pub_key = dict(outcome="FREQ", timepoint="weeks1-8", method=PUBLISHED_METHOD,
                   population=pub["population"])
    nb = one(est, outcome="FREQ", timepoint="weeks1-8", method="nb_rate_ratio")
    ae = r["adverse_events"].set_index("category").loc["Any adverse event"]
    comp = r["published_comparison"]
    safety = arm_sizes(r["consort"], "safety population")
    return {
        "primary_label": f"{METHOD_LABELS[method]}, {POPULATION_LABELS[main['population']]}",
        "baseline_k2": _baseline(r["weekly_means"], K2),
        "baseline_placebo": _baseline(r["weekly_means"], PLACEBO),
        "primary_k2": _arm(arms, K2, key), "primary_placebo": _arm(arms, PLACEBO, key),
        "primary_difference": fmt.estimate_ci(main["estimate"], main["ci_low"],
                                              main["ci_high"], label=CI),
        "primary_p": fmt.p_text(main["p_value"]),
        # Relative reduction from the rate ratio: 1 - RR, its CI the reversed 1 - CI.
        "reduction": _percent(1 - nb["estimate"], 1 - nb["ci_high"], 1 - nb["ci_low"]),
        "rate_ratio": fmt.estimate_ci(nb["estimate"], nb["ci_low"], nb["ci_high"], label=CI),
        "published_k2": _arm(arms, K2, pub_key), "published_placebo": _arm(arms, PLACEBO, pub_key),
        "published_difference": fmt.estimate_ci(pub["estimate"], pub["ci_low"], pub["ci_high"],
                                                label=CI),
        "width_ratio": fmt.num((main["ci_high"] - main["ci_low"])
                               / (pub["ci_high"] - pub["ci_low"]), 1),
        "n_k2": fmt.count(main["n_k2"]), "n_placebo": fmt.count(main["n_placebo"]),
        "ae_k2": _of(ae["n_k2"], safety[K2], ae["pct_k2"]),
        "ae_placebo": _of(ae["n_placebo"], safety[PLACEBO], ae["pct_placebo"]),
        "ae_difference": fmt.estimate_ci(ae["risk_difference"], ae["rd_ci_low"],
                                         ae["rd_ci_high"], 1, label=CI),  # percentage points
        "matched": int(comp["match"].sum()), "published_total": len(comp),
    }
