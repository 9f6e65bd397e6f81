"""Safety and trial conduct per arm: adverse events (Fisher exact, risk difference),
adherence, discontinuations.

Counts are of participants (a participant with two headaches counts once), among the safety
population (SAFFL = Y: took at least one capsule), of treatment-emergent events (TRTEMFL = Y);
event counts are shown beside them. The risk difference is vitamin K2 minus placebo in
percentage points (so that it is pct_k2 - pct_placebo), with Newcombe's hybrid score 95%
interval (Newcombe 1998, Stat Med 17:873, method 10: from the two Wilson intervals), which
keeps its coverage with few or no events, where the Wald interval collapses to a point.
AE terms are kept as written in the data.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.proportion import confint_proportions_2indep

from ..adam.consort import NO_REASON
from ..core.arms import TRT_LABEL

ARMS = list(TRT_LABEL.values())
AE_CATEGORIES = {"Any adverse event": None, "Serious adverse event": "AESER",
                 "Treatment-related adverse event": "AREL"}


def _pct(n: int, total: int) -> float:
    return 100 * n / total if total else float("nan")


def risk_difference(n1: int, total1: int, n2: int, total2: int,
                    alpha: float = 0.05) -> tuple[float, float, float]:
    """n1/total1 - n2/total2 in percentage points with Newcombe's hybrid score interval
    (statsmodels' `newcomb`); NaN when an arm has nobody."""
    if not (total1 and total2):
        return float("nan"), float("nan"), float("nan")
    lo, hi = confint_proportions_2indep(n1, total1, n2, total2, compare="diff",
                                        method="newcomb", alpha=alpha)
    return 100 * (n1 / total1 - n2 / total2), 100 * float(lo), 100 * float(hi)


def safety_events(adsl: pd.DataFrame, adae: pd.DataFrame):
    """The events every safety count is of (treatment-emergent, in the safety population),
    and the safety population's size per arm."""
    safety = adsl[adsl["SAFFL"] == "Y"]
    ae = adae[(adae["TRTEMFL"] == "Y") & adae["USUBJID"].isin(safety["USUBJID"])]
    totals = safety["TRT01P"].value_counts()
    return ae, {arm: int(totals.get(arm, 0)) for arm in ARMS}


def _compare_arms(hit: pd.DataFrame, totals: dict[str, int]) -> dict:
    """Participants with >= 1 of the events `hit` per arm, their %, events, the risk
    difference with its CI, and Fisher's exact p."""
    row, counts = {}, []
    for arm, key in zip(ARMS, ("k2", "placebo")):
        n = int(hit.loc[hit["TRT01P"] == arm, "USUBJID"].nunique())
        row.update({f"n_{key}": n, f"pct_{key}": _pct(n, totals[arm]),
                    f"events_{key}": int((hit["TRT01P"] == arm).sum())})
        counts += [n, totals[arm]]
    rd = risk_difference(*counts)
    row.update(risk_difference=rd[0], rd_ci_low=rd[1], rd_ci_high=rd[2])
    table = [[counts[0], counts[1] - counts[0]], [counts[2], counts[3] - counts[2]]]
    row["p_fisher"] = float(stats.fisher_exact(table).pvalue)
    return row


def adverse_events(adsl: pd.DataFrame, adae: pd.DataFrame) -> pd.DataFrame:
    """Per category (any, serious, related): participants with >= 1 treatment-emergent event
    per arm, events, risk difference, p."""
    ae, totals = safety_events(adsl, adae)
    rows = [{"category": label, **_compare_arms(ae if flag is None else ae[ae[flag] == "Y"],
                                                totals)}
            for label, flag in AE_CATEGORIES.items()]
    out = pd.DataFrame(rows)
    out.attrs["n"] = totals
    return out


BY_TERM_COLUMNS = ["term", "n_k2", "pct_k2", "events_k2", "n_placebo", "pct_placebo",
                   "events_placebo", "risk_difference", "rd_ci_low", "rd_ci_high", "p_fisher"]


def adverse_events_by_term(adsl: pd.DataFrame, adae: pd.DataFrame) -> pd.DataFrame:
    """Per AE term (AETERM as recorded): the same comparison as `adverse_events`; sorted by
    participants with the term in both arms (descending), then term."""
    ae, totals = safety_events(adsl, adae)
    rows = [{"term": term, **_compare_arms(hit, totals)}
            for term, hit in ae.groupby("AETERM", sort=True)]
    out = pd.DataFrame(rows, columns=BY_TERM_COLUMNS)
    total = out["n_k2"] + out["n_placebo"]
    order = np.lexsort((out["term"].to_numpy(str), -total.to_numpy()))
    out = out.iloc[order].reset_index(drop=True)
    out.attrs["n"] = totals
    return out


def adherence(adsl: pd.DataFrame) -> pd.DataFrame:
    """Capsules taken as % of nights on study, per arm."""
    g = adsl.groupby("TRT01P")["ADHPCT"]
    out = pd.DataFrame({"n": g.count(), "mean": g.mean(), "sd": g.std(ddof=1),
                        "median": g.median(), "min": g.min(), "max": g.max()})
    return out.reindex(ARMS).rename_axis("arm").reset_index()


def discontinuations(adsl: pd.DataFrame) -> pd.DataFrame:
    """Participants who stopped early, per arm and reason (with the arm total first)."""
    rows = []
    for arm in ARMS:
        a = adsl[adsl["TRT01P"] == arm]
        stopped = a[a["EOSSTT"] == "DISCONTINUED"]
        rows.append({"arm": arm, "reason": "any", "n": len(stopped),
                     "pct": _pct(len(stopped), len(a))})
        for reason, n in stopped["DCSREAS"].replace("", NO_REASON) \
                .value_counts().sort_index().items():
            rows.append({"arm": arm, "reason": reason, "n": int(n), "pct": _pct(int(n), len(a))})
    return pd.DataFrame(rows, columns=["arm", "reason", "n", "pct"])
