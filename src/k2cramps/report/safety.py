"""Safety (adverse events overall and by term, with risk differences) and trial conduct
(adherence, discontinuations) as report tables."""
from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from ..core.arms import K2, PLACEBO
from ..core import numbers as fmt
from .tables import gt_table

def _ae_frame(ae: pd.DataFrame, first: str, n: dict[str, int]) -> pd.DataFrame:
    return pd.DataFrame({
        first: ae[first],
        f"{K2} (N={n[K2]}), No. (%)": [fmt.count_pct(a, b) for a, b in zip(ae["n_k2"], ae["pct_k2"])],
        f"{K2} events": ae["events_k2"].map(fmt.count),
        f"{PLACEBO} (N={n[PLACEBO]}), No. (%)": [fmt.count_pct(a, b) for a, b in
                                                  zip(ae["n_placebo"], ae["pct_placebo"])],
        f"{PLACEBO} events": ae["events_placebo"].map(fmt.count),
        "Risk difference, percentage points (95% CI)": [
            fmt.estimate_ci(d, lo, hi, 1) for d, lo, hi in
            zip(ae["risk_difference"], ae["rd_ci_low"], ae["rd_ci_high"])],
        "P (Fisher)": ae["p_fisher"].map(fmt.p_value),
    })


def _numeric(frame: pd.DataFrame) -> list[str]:
    return list(frame.columns[1:])


def adverse_event_tables(ae: pd.DataFrame, by_term: pd.DataFrame,
                         n: dict[str, int]) -> tuple[Markup, Markup]:
    note = ("Participants with at least one treatment-emergent adverse event in the safety "
            "population (a participant counts once per row), and events. Risk difference: "
            "vitamin K2 minus placebo, Newcombe hybrid score interval.")
    overview = _ae_frame(ae.rename(columns={"category": "Adverse events"}), "Adverse events", n)
    terms = _ae_frame(by_term.rename(columns={"term": "Term"}), "Term", n)
    return (gt_table(overview, "ae-overview", title="Adverse events", note=note,
                     numeric=_numeric(overview)),
            gt_table(terms, "ae-terms", title="Adverse events by term", note=note,
                     numeric=_numeric(terms)) if len(terms) else Markup(
                "<p>No treatment-emergent adverse event was recorded.</p>"))


def adherence_table(adh: pd.DataFrame) -> Markup:
    frame = pd.DataFrame({
        "Arm": adh["arm"], "No.": adh["n"].map(fmt.count),
        "Mean (SD), %": [fmt.mean_sd(m, s, 1) for m, s in zip(adh["mean"], adh["sd"])],
        "Median (range), %": [f"{fmt.num(md, 1)} ({fmt.num(lo, 1)} to {fmt.num(hi, 1)})"
                              for md, lo, hi in zip(adh["median"], adh["min"], adh["max"])]})
    return gt_table(frame, "adherence", title="Adherence: capsules taken, % of nights on study",
                    numeric=["No.", "Mean (SD), %", "Median (range), %"])


def discontinuation_table(disc: pd.DataFrame) -> Markup:
    frame = pd.DataFrame({
        "Arm": disc["arm"],
        "Reason": disc["reason"].replace({"any": "Any reason"}),
        "No. (%)": [fmt.count_pct(n, p) for n, p in zip(disc["n"], disc["pct"])]})
    return gt_table(frame, "discontinuations", title="Discontinued the capsules early",
                    note="Percentages of the participants randomized to the arm.",
                    group="Arm", numeric=["No. (%)"])
