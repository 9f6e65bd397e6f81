"""Adverse events by term and the risk difference's interval, on a hand-typed ADAE and on
the published worked example of Newcombe's interval."""
from __future__ import annotations

import pandas as pd
import pytest

from k2cramps.analysis import safety

K2, PBO = "Vitamin K2", "Placebo"

# Newcombe RG. Interval estimation for the difference between independent proportions:
# comparison of eleven methods. Stat Med 1998;17:873-890, Table II, method 10 (score
# interval for each proportion, hybrid): (a)-(e) and (g) of its eight examples.
NEWCOMBE_TABLE_II = [
    ((56, 70, 48, 80), (0.0524, 0.3339)),
    ((9, 10, 3, 10), (0.1705, 0.8090)),
    ((6, 7, 2, 7), (0.0582, 0.8062)),
    ((5, 56, 0, 29), (-0.0381, 0.1926)),
    ((0, 10, 0, 20), (-0.1611, 0.2775)),
    ((10, 10, 0, 20), (0.6791, 1.0000)),
]


@pytest.mark.parametrize("counts, interval", NEWCOMBE_TABLE_II)
def test_risk_difference_interval_is_newcombes_method_10(counts, interval):
    rd, lo, hi = safety.risk_difference(*counts)
    n1, t1, n2, t2 = counts
    assert rd == pytest.approx(100 * (n1 / t1 - n2 / t2))  # percentage points
    assert (lo, hi) == pytest.approx((100 * interval[0], 100 * interval[1]), abs=0.006)


def _adsl():
    """Four K2 (P0-P3) and three placebo (P4-P6) participants; P3 never dosed (SAFFL = N)."""
    return pd.DataFrame({"USUBJID": [f"P{i}" for i in range(7)],
                         "TRT01P": [K2] * 4 + [PBO] * 3,
                         "SAFFL": ["Y", "Y", "Y", "N", "Y", "Y", "Y"]})


def _adae():
    rows = [  # USUBJID, term, treatment-emergent
        ("P0", "headache", "Y"), ("P0", "headache", "Y"),   # twice: counts once
        ("P1", "headache", "Y"), ("P1", "Rash, itchy", "Y"),
        ("P2", "dizziness", "N"),                            # before day 1: not counted
        ("P3", "dizziness", "Y"),                            # not in the safety population
        ("P4", "Rash, itchy", "Y"), ("P5", "dizziness", "Y"), ("P6", "headache", "N"),
    ]
    arm = {f"P{i}": K2 if i < 4 else PBO for i in range(7)}
    return pd.DataFrame({"USUBJID": [r[0] for r in rows], "TRT01P": [arm[r[0]] for r in rows],
                         "AETERM": [r[1] for r in rows], "AESER": "N", "AREL": "N",
                         "TRTEMFL": [r[2] for r in rows]})


def test_adverse_events_by_term_counts_participants_once_and_only_emergent_events():
    """Safety population: 3 K2 (P0-P2), 3 placebo. By hand:
    headache: K2 P0, P1 (3 events), placebo none (P6's is not emergent) -> total 2;
    Rash, itchy: K2 P1, placebo P4 -> total 2; dizziness: K2 none (P2 not emergent, P3 not
    in the safety population), placebo P5 -> total 1."""
    got = safety.adverse_events_by_term(_adsl(), _adae())
    assert list(got.columns) == ["term", "n_k2", "pct_k2", "events_k2", "n_placebo",
                                 "pct_placebo", "events_placebo", "risk_difference",
                                 "rd_ci_low", "rd_ci_high", "p_fisher"]
    assert got["term"].tolist() == ["Rash, itchy", "headache", "dizziness"]  # 2, 2, 1; then term
    t = got.set_index("term")
    assert t.loc["headache", ["n_k2", "events_k2", "n_placebo", "events_placebo"]].tolist() == \
        [2, 3, 0, 0]
    assert t.loc["dizziness", ["n_k2", "events_k2", "n_placebo"]].tolist() == [0, 0, 1]
    assert t.loc["headache", "pct_k2"] == pytest.approx(200 / 3)
    assert t.loc["headache", "risk_difference"] == pytest.approx(200 / 3)
    assert t.loc["Rash, itchy", "risk_difference"] == pytest.approx(0.0)
    # Fisher exact on [[2, 1], [0, 3]]: one-sided tables as or more extreme:
    # P(2) = C(3,2) C(3,0) / C(6,2) = 3/15 twice (2 in K2 or 2 in placebo) -> p = 0.4
    assert t.loc["headache", "p_fisher"] == pytest.approx(0.4)
    assert (t["rd_ci_low"] <= t["risk_difference"]).all()
    assert (t["risk_difference"] <= t["rd_ci_high"]).all()


def test_adverse_events_overview_has_the_risk_difference():
    ae = safety.adverse_events(_adsl(), _adae()).set_index("category")
    row = ae.loc["Any adverse event"]
    # K2: P0, P1 of 3; placebo: P4, P5 of 3 -> 0 percentage points
    assert (row["n_k2"], row["n_placebo"], row["risk_difference"]) == (2, 2, 0.0)
    assert row["rd_ci_low"] < 0 < row["rd_ci_high"]
