"""Safety and trial conduct per arm: adverse events (Fisher exact), adherence, discontinuations.

Counts are of participants (a participant with two headaches counts once), among the safety
population (SAFFL = Y: took at least one capsule); event counts are shown beside them."""
from __future__ import annotations

import pandas as pd
from scipy import stats

from ..core.arms import TRT_LABEL

ARMS = list(TRT_LABEL.values())
AE_CATEGORIES = {"Any adverse event": None, "Serious adverse event": "AESER",
                 "Treatment-related adverse event": "AREL"}


def _pct(n: int, total: int) -> float:
    return 100 * n / total if total else float("nan")


def adverse_events(adsl: pd.DataFrame, adae: pd.DataFrame) -> pd.DataFrame:
    """Per category: participants with >= 1 treatment-emergent event per arm, events, p."""
    safety = adsl[adsl["SAFFL"] == "Y"]
    ae = adae[(adae["TRTEMFL"] == "Y") & adae["USUBJID"].isin(safety["USUBJID"])]
    totals = safety["TRT01P"].value_counts()
    rows = []
    for label, flag in AE_CATEGORIES.items():
        hit = ae if flag is None else ae[ae[flag] == "Y"]
        row = {"category": label}
        table = []
        for arm, key in zip(ARMS, ("k2", "placebo")):
            n = hit.loc[hit["TRT01P"] == arm, "USUBJID"].nunique()
            total = int(totals.get(arm, 0))
            row.update({f"n_{key}": n, f"pct_{key}": _pct(n, total),
                        f"events_{key}": int((hit["TRT01P"] == arm).sum())})
            table.append([n, total - n])
        row["p_fisher"] = float(stats.fisher_exact(table).pvalue)
        rows.append(row)
    out = pd.DataFrame(rows)
    out.attrs["n"] = {arm: int(totals.get(arm, 0)) for arm in ARMS}
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
        for reason, n in stopped["DCSREAS"].replace("", "no reason recorded") \
                .value_counts().sort_index().items():
            rows.append({"arm": arm, "reason": reason, "n": int(n), "pct": _pct(int(n), len(a))})
    return pd.DataFrame(rows, columns=["arm", "reason", "n", "pct"])
