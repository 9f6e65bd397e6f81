"""weekly_means_of (weekly_means.csv, what the trajectory figure draws) on hand-made trials.

Rules (design section 8 and the module's docstring, copied here by hand):
- `observed`: per arm and visit (0 = baseline, 1-8 = treatment weeks), the mean of the
  participants' observed values, SD with n - 1, and the t CI of the mean,
  mean +- qt(1 - alpha/2, n - 1) SD / sqrt(n); n = participants of the arm with a value at
  that visit; one value: that value and no interval; none: nothing;
- `mmrm`: the MMRM's least-squares mean of the arm at each week 1-8 (no baseline row), its
  CI; n = participants of the arm contributing that week to the fit;
- rows by method (observed, then mmrm), visit, then arm (vitamin K2 first).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from k2cramps.analysis import mmrm
from k2cramps.analysis.fits import OutcomeFits
from k2cramps.analysis.weekly_means import weekly_means_of

NAN = np.nan
K2, PBO = "Vitamin K2", "Placebo"
COLUMNS = ["outcome", "visit", "method", "arm", "n", "estimate", "ci_low", "ci_high"]
WEEKS = [f"W{k}" for k in range(1, 9)]

# 90% intervals (alpha = 0.10), so that the alpha handed in is the one used.
# R: qt(0.95, 1:2) -> 6.313751514675038 2.919985580353724
T1, T2 = 6.313751514675038, 2.919985580353724

# --------------------------------------------------------------------------- the tiny trial
# Vitamin K2: k1, k2, k3; placebo: p1, p2, p3 (p3 has no baseline, so the MMRM, which
# conditions on it, leaves her out). Rows interleaved: the arm comes from K2, not the order.
#            K2  BASE  W1   W2   W3   W4   W5   W6   W7   W8
WIDE = {
    "k1": (1, 3.0, 1.0, 2.0, NAN, 0.0, 5.0, NAN, 4.0, 2.0),
    "p1": (0, 2.0, 5.0, NAN, 1.0, NAN, 10., NAN, 3.0, 0.0),
    "k2": (1, 4.0, 2.0, NAN, NAN, 0.0, 6.0, NAN, 8.0, NAN),
    "p2": (0, 6.0, 7.0, 9.0, 1.0, NAN, NAN, NAN, 5.0, 4.0),
    "k3": (1, 8.0, 3.0, 4.0, NAN, 3.0, 7.0, NAN, NAN, NAN),
    "p3": (0, NAN, 6.0, NAN, NAN, NAN, NAN, NAN, NAN, NAN),
}

# Observed rows worked by hand: (visit, arm, n, mean, half-width of the 90% CI).
#   visit 0 K2 {3, 4, 8}: mean 5, SS 4 + 1 + 9 = 14, SD sqrt(7), half T2 sqrt(7/3)
#           placebo {2, 6} (p3 has none): mean 4, SD sqrt(8), half T1 sqrt(8) / sqrt(2) = 2 T1
#   week 1  K2 {1, 2, 3}: mean 2, SD 1, half T2 / sqrt(3); placebo {5, 7, 6}: the same + 4
#   week 2  K2 {2, 4}: mean 3, SD sqrt(2), half T1; placebo {9}: one value, no interval
#   week 3  K2 none; placebo {1, 1}: mean 1, SD 0, a zero-width interval
#   week 4  K2 {0, 0, 3}: mean 1, SS 1 + 1 + 4 = 6, SD sqrt(3), half T2; placebo none
#   week 5  K2 {5, 6, 7}: mean 6, SD 1, half T2 / sqrt(3); placebo {10}
#   week 6  nobody in either arm
#   week 7  K2 {4, 8}: mean 6, SD sqrt(8), half 2 T1; placebo {3, 5}: mean 4, SD sqrt(2), half T1
#   week 8  K2 {2}; placebo {0, 4}: mean 2, SD sqrt(8), half 2 T1
OBSERVED = [
    (0, K2, 3, 5.0, T2 * np.sqrt(7 / 3)), (0, PBO, 2, 4.0, 2 * T1),
    (1, K2, 3, 2.0, T2 / np.sqrt(3)), (1, PBO, 3, 6.0, T2 / np.sqrt(3)),
    (2, K2, 2, 3.0, T1), (2, PBO, 1, 9.0, NAN),
    (3, K2, 0, NAN, NAN), (3, PBO, 2, 1.0, 0.0),
    (4, K2, 3, 1.0, T2), (4, PBO, 0, NAN, NAN),
    (5, K2, 3, 6.0, T2 / np.sqrt(3)), (5, PBO, 1, 10.0, NAN),
    (6, K2, 0, NAN, NAN), (6, PBO, 0, NAN, NAN),
    (7, K2, 2, 6.0, 2 * T1), (7, PBO, 2, 4.0, T1),
    (8, K2, 1, 2.0, NAN), (8, PBO, 2, 2.0, 2 * T1),
]
# Participants of each arm in the MMRM's long data per week (observed value and a
# baseline: p3's week 1 is not there): (K2, placebo).
IN_FIT = {1: (3, 2), 2: (2, 1), 3: (0, 2), 4: (3, 0), 5: (3, 1), 6: (0, 0), 7: (2, 2),
          8: (1, 2)}


def _wide(rows: dict) -> pd.DataFrame:
    w = pd.DataFrame.from_dict(rows, orient="index", columns=["K2", "BASE", *WEEKS])
    w.index.name = "USUBJID"
    return w.astype({"K2": int})


def _long(w: pd.DataFrame) -> pd.DataFrame:
    """Observed participant-weeks with a baseline (USUBJID, K2, BASE, WEEK, Y), as the MMRM
    takes them."""
    lg = w.reset_index().melt(id_vars=["USUBJID", "K2", "BASE"], value_vars=WEEKS,
                              var_name="WEEK", value_name="Y")
    lg["WEEK"] = lg["WEEK"].str[1:].astype(int)
    return lg.dropna(subset=["Y", "BASE"]).sort_values(["USUBJID", "WEEK"]) \
        .reset_index(drop=True)


def _fits(w: pd.DataFrame, mmrm_fit) -> OutcomeFits:
    """Only what weekly_means_of reads: the outcome, the wide and long data, the MMRM."""
    return OutcomeFits(param="FREQ", adsl=None, w=w, lg=_long(w), imp=None, copies=[],
                       repeated={"mmrm": mmrm_fit}, nb=None)


class _LabelledMmrm:
    """A stand-in MMRM whose least-squares mean of arm `k2` at `week` is 10 week + k2, with
    the CI (estimate - 0.5, estimate + 0.25), so that each row shows which arm and week it
    asked for and which places of the contrast it read. `contrast` returns, as
    MmrmFit.contrast does, (estimate, SE, df, CI low, CI high, p)."""

    def __init__(self):
        self.alphas = set()

    def lsmean(self, k2: int, week: int) -> np.ndarray:
        return np.array([k2, week])

    def contrast(self, c: np.ndarray, alpha: float):
        self.alphas.add(alpha)
        est = 10.0 * c[1] + c[0]
        return est, -1.0, -2.0, est - 0.5, est + 0.25, -3.0


@pytest.mark.filterwarnings("error")  # a one-value or empty cell is no numerical accident
def test_observed_means_and_t_intervals_per_arm_and_visit_by_hand():
    fit = _LabelledMmrm()
    got = weekly_means_of(_fits(_wide(WIDE), fit), 0.10)
    assert got.columns.tolist() == COLUMNS
    expected = pd.DataFrame(
        [("FREQ", v, "observed", arm, n, m, m - h, m + h) for v, arm, n, m, h in OBSERVED],
        columns=COLUMNS)
    pd.testing.assert_frame_equal(got[got["method"] == "observed"].reset_index(drop=True),
                                  expected, check_dtype=False, rtol=1e-12, atol=1e-12)


def test_mmrm_rows_read_the_lsmean_of_each_arm_and_week_and_count_the_fit():
    """Weeks 1-8 only (the model conditions on baseline), the least-squares mean of arm
    (K2 = 1, then 0) at that week, its CI from places 4 and 5 of the contrast, at the alpha
    asked for; n from the long data the MMRM was fitted on (p3, without baseline, is not in
    week 1's placebo count: 2, where the observed row has 3)."""
    fit = _LabelledMmrm()
    got = weekly_means_of(_fits(_wide(WIDE), fit), 0.10)
    rows = []
    for week in range(1, 9):
        for arm, flag, n in ((K2, 1, IN_FIT[week][0]), (PBO, 0, IN_FIT[week][1])):
            est = 10.0 * week + flag
            rows.append(("FREQ", week, "mmrm", arm, n, est, est - 0.5, est + 0.25))
    expected = pd.DataFrame(rows, columns=COLUMNS)
    assert got["method"].tolist() == ["observed"] * 18 + ["mmrm"] * 16
    pd.testing.assert_frame_equal(got[got["method"] == "mmrm"].reset_index(drop=True),
                                  expected, check_dtype=False)
    assert fit.alphas == {0.10}


# --------------------------------------------------------------------------- a real MMRM fit
# R: Rscript tests/reference/weekly_means_mmrm.R (the trial, and why lm gives the MMRM's LS
# means here: complete data, cell-means model, unstructured covariance -> week-by-week OLS,
# t(9) intervals). It also checks them against nlme::gls + emmeans (estimates to 3e-13, SEs
# to 3e-6). Printed:
MMRM_ROWS = {  # (week, K2): (estimate, ci_low, ci_high)
    (1, 1): (3.1379306994, 2.4437561282, 3.8321052705),
    (1, 0): (4.2091996286, 3.3850709916, 5.0333282655),
    (2, 1): (3.3468338824, 2.6541863817, 4.0394813832),
    (2, 0): (4.3005032935, 3.4781876046, 5.1228189824),
    (3, 1): (3.5368741190, 2.8230438542, 4.2507043838),
    (3, 0): (4.5559330682, 3.7084690619, 5.4033970746),
    (4, 1): (3.6934205495, 2.9793759430, 4.4074651560),
    (4, 0): (4.9093314086, 4.0616129343, 5.7570498828),
    (5, 1): (3.6648422931, 3.5516430677, 3.7780415185),
    (5, 0): (4.2272422636, 4.0928513954, 4.3616331319),
    (6, 1): (4.2408014471, 3.7796366208, 4.7019662734),
    (6, 0): (5.4950920870, 4.9475941586, 6.0425900155),
    (7, 1): (4.3091829984, 3.6313391949, 4.9870268019),
    (7, 0): (5.6705385015, 4.8657978598, 6.4752791432),
    (8, 1): (4.5409422329, 3.8387143828, 5.2431700831),
    (8, 0): (5.6243517788, 4.7906622358, 6.4580413218),
}


def _complete_trial() -> pd.DataFrame:
    """The trial of weekly_means_mmrm.R: participant i = 1..12 (1-7 vitamin K2),
    BASE = 2 + cos(i), Y at week k = 3 + sin(1.7 i + 0.9 k i) + BASE / 2 - K2 + 0.2 k."""
    rows = {}
    for i in range(1, 13):
        k2 = int(i <= 7)
        base = 2 + np.cos(i)
        weeks = [3 + np.sin(1.7 * i + 0.9 * k * i) + 0.5 * base - k2 + 0.2 * k
                 for k in range(1, 9)]
        rows[f"S{i:02d}"] = (k2, base, *weeks)
    return _wide(rows)


def test_mmrm_rows_on_a_complete_trial_agree_with_r():
    w = _complete_trial()
    fit = mmrm.fit(_long(w), 8, "FREQ")
    got = weekly_means_of(_fits(w, fit), 0.05)
    got = got[got["method"] == "mmrm"]
    assert list(zip(got["visit"], got["arm"])) == [(k, a) for k in range(1, 9) for a in (K2, PBO)]
    assert got["n"].tolist() == [7, 5] * 8
    for row in got.itertuples():
        ref = MMRM_ROWS[row.visit, int(row.arm == K2)]
        # the df is a Satterthwaite approximation of the exact 9 (analytic Hessian)
        assert (row.estimate, row.ci_low, row.ci_high) == pytest.approx(ref, abs=2e-6)
