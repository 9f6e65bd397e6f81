"""Table 1 and the per-arm results table (arm_summaries) on tiny trials typed here, with the
expected cells worked out by hand or computed in R.

- Table 1 (design section 8: by arm and overall, N in the headers, no p-values): n (%) per
  category over all the arm's participants; mean (SD, n - 1 divisor) over the recorded
  values, the unrecorded ones counted in Missing; decimals as printed (age 1, creatinine
  and baseline diary values 2, percentages 1).
- arm_summaries (design section 7: the result in each arm behind every estimate): two rows
  per estimate, vitamin K2 then placebo; n = the arm's participants the row analysed,
  n_week8 = the arm's participants with an observed week-8 value; for the t rows the mean,
  its t CI (n - 1 df) and SD; for the model rows the adjusted mean / LS mean / rate and its
  CI. The hand-made trial's values are worked out in the docstrings; the 16-participant
  trial of test_model_specs.py is checked against R (tests/reference/arm_rows.R and
  model_specs.R, the values pasted beside the call); MMRM, which cannot be fitted to 8
  weeks of 14 participants, on the simulated known trial against
  tests/reference/r_arm_summaries.py (arm_summaries.R).
"""
from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from k2cramps.analysis import mmrm as mmrm_fit
from k2cramps.analysis import models as M
from k2cramps.analysis import shaping as S
from k2cramps.analysis.arm_summaries import COLUMNS, arm_summaries_of
from k2cramps.analysis.fits import OutcomeFits
from k2cramps.analysis.table1 import table1, table1_html
from k2cramps.core.arms import K2, PLACEBO
from test_model_specs import (ANCOVA_ADJUSTED_MEAN_K2, ANCOVA_ADJUSTED_MEAN_PLACEBO, FILL,
                              GEE_LSMEAN_WEEK8_K2, GEE_LSMEAN_WEEK8_PLACEBO, LMM_CI_TOL,
                              LMM_LSMEAN_AVERAGE_K2, LMM_LSMEAN_AVERAGE_PLACEBO,
                              MI_ADJUSTED_MEAN_K2, MI_ADJUSTED_MEAN_PLACEBO, NB_RATE_PER_WEEK_K2,
                              NB_RATE_PER_WEEK_PLACEBO, NB_TOL)

REFERENCE = Path(__file__).parent / "reference"
sys.path.insert(0, str(REFERENCE))
import r_arm_summaries as RA  # noqa: E402
from export_frames import KNOWN_SEED, KNOWN_TRIAL  # noqa: E402

ALPHA = 0.05
NAN = np.nan
# R: print(qt(.975, c(1, 2, 20, 23)), digits = 10)
T975_1, T975_2, T975_20, T975_23 = 12.70620474, 4.30265273, 2.085963447, 2.06865761


# =========================================================================== Table 1
# Three on vitamin K2 (A-C), four on placebo (D-G), typed placebo first (the columns are in
# the arms' order, not the data's). C's creatinine is not recorded. Sites "<C>" and "A&B"
# (text to escape in HTML).
ADSL = pd.DataFrame([
    # USUBJID TRT01P  AGE AGEGR1  SEX SITEID HTN DIAB CREAT BFREQ BDUR BSEV
    ("D", PLACEBO, 65, "65-74", "F", "<C>", 0, 0, 0.9, 2.0, 1.5, 3.0),
    ("E", PLACEBO, 76, ">=75", "F", "A&B", 0, 0, 1.1, 5.0, 2.5, 5.0),
    ("F", PLACEBO, 68, "65-74", "M", "A&B", 1, 0, 1.0, 6.0, 2.0, 7.0),
    ("G", PLACEBO, 71, "65-74", "M", "<C>", 0, 0, 1.2, 4.6, 3.0, 4.0),
    ("A", K2, 66, "65-74", "F", "A&B", 1, 0, 0.8, 3.5, 1.0, 4.0),
    ("B", K2, 70, "65-74", "M", "A&B", 0, 0, 1.0, 4.0, 2.0, 5.0),
    ("C", K2, 80, ">=75", "F", "<C>", 1, 1, NAN, 7.0, 3.0, 6.0),
], columns=["USUBJID", "TRT01P", "AGE", "AGEGR1", "SEX", "SITEID", "HTN", "DIAB", "CREAT",
            "BFREQ", "BDUR", "BSEV"])

# Worked out by hand (and R: mean(x), sd(x) of each arm's values):
# age: K2 66, 70, 80: mean 72, SS 36 + 4 + 64 = 104, SD sqrt(104 / 2) = 7.21 (n divisor:
#   5.89); placebo 65, 76, 68, 71: mean 70, SS 25 + 36 + 4 + 1 = 66, SD sqrt(22) = 4.69;
#   overall 496 / 7 = 70.857, SD 5.43.
# creatinine: K2 0.8, 1.0 (C missing: not in the mean, counted in Missing): 0.90 (0.14);
#   placebo 1.05, SS 0.05, SD sqrt(0.05 / 3) = 0.129; overall 6.0 / 6 = 1.00, SD 0.14.
# baseline frequency: K2 14.5 / 3 = 4.833, SD 1.893; placebo 17.6 / 4 = 4.40, SS 8.72,
#   SD 1.705; overall 32.1 / 7 = 4.586, SD 1.644. Duration: 2.00 (1.00), 9 / 4 = 2.25 (SD
#   0.645), 15 / 7 = 2.143 (0.748). Severity: 5.00 (1.00), 4.75 (1.708), 34 / 7 = 4.857 (1.345).
# percentages of the arm's N (3, 4, 7): 1/3 = 33.3, 2/3 = 66.7, 3/4 = 75.0, 1/7 = 14.3,
#   2/7 = 28.6, 3/7 = 42.9, 4/7 = 57.1, 5/7 = 71.4. Hypertension and diabetes: the "Yes"
#   row only. Levels in sort order ("<" sorts before "A").
TABLE1 = [
    # Characteristic, Level, Overall, Vitamin K2, Placebo, Missing
    ["Participants, n", "", "7", "3", "4", ""],
    ["Age, years, mean (SD)", "", "70.9 (5.4)", "72.0 (7.2)", "70.0 (4.7)", "0"],
    ["Age group, n (%)", "65-74", "5 (71.4)", "2 (66.7)", "3 (75.0)", ""],
    ["Age group, n (%)", ">=75", "2 (28.6)", "1 (33.3)", "1 (25.0)", ""],
    ["Sex, n (%)", "Female", "4 (57.1)", "2 (66.7)", "2 (50.0)", ""],
    ["Sex, n (%)", "Male", "3 (42.9)", "1 (33.3)", "2 (50.0)", ""],
    ["Site, n (%)", "<C>", "3 (42.9)", "1 (33.3)", "2 (50.0)", ""],
    ["Site, n (%)", "A&B", "4 (57.1)", "2 (66.7)", "2 (50.0)", ""],
    ["Hypertension, n (%)", "Yes", "3 (42.9)", "2 (66.7)", "1 (25.0)", ""],
    ["Diabetes, n (%)", "Yes", "1 (14.3)", "1 (33.3)", "0 (0.0)", ""],
    ["Serum creatinine, mg/dL, mean (SD)", "", "1.00 (0.14)", "0.90 (0.14)", "1.05 (0.13)", "1"],
    ["Baseline cramps per week, mean (SD)", "", "4.59 (1.64)", "4.83 (1.89)", "4.40 (1.70)", "0"],
    ["Baseline cramp duration, min, mean (SD)", "", "2.14 (0.75)", "2.00 (1.00)", "2.25 (0.65)",
     "0"],
    ["Baseline cramp severity (1-10), mean (SD)", "", "4.86 (1.35)", "5.00 (1.00)",
     "4.75 (1.71)", "0"],
]


def test_table1_every_cell_by_hand():
    t = table1(ADSL)
    assert t.columns.tolist() == ["Characteristic", "Level", "Overall", K2, PLACEBO, "Missing"]
    assert t.astype(str).values.tolist() == TABLE1


def test_table1_lists_age_groups_by_age():
    """D (placebo) made 60, "<65": its row comes first, though "<" sorts after "6"; of 7,
    1 (14.3); of placebo's 4, 1 (25.0); none on vitamin K2. "65-74" keeps 4 (57.1): A, B
    (2 of 3, 66.7) and F, G (2 of 4, 50.0)."""
    adsl = ADSL.copy()
    adsl.loc[adsl["USUBJID"] == "D", ["AGE", "AGEGR1"]] = [60, "<65"]
    t = table1(adsl)
    rows = t[t["Characteristic"] == "Age group, n (%)"].astype(str).values.tolist()
    assert rows == [["Age group, n (%)", "<65", "1 (14.3)", "0 (0.0)", "1 (25.0)", ""],
                    ["Age group, n (%)", "65-74", "4 (57.1)", "2 (66.7)", "2 (50.0)", ""],
                    ["Age group, n (%)", ">=75", "2 (28.6)", "1 (33.3)", "1 (25.0)", ""]]


def test_table1_of_one_arm_has_that_arm_only():
    """A report of a one-arm export has no empty column for the arm it does not have; the
    vitamin K2 arm alone: N 3, hypertension 2 of 3."""
    t = table1(ADSL[ADSL["TRT01P"] == K2]).set_index(["Characteristic", "Level"])
    assert t.columns.tolist() == ["Overall", K2, "Missing"]
    assert t.loc[("Participants, n", "")].astype(str).tolist() == ["3", "3", ""]
    assert t.loc[("Hypertension, n (%)", "Yes")].tolist() == ["2 (66.7)", "2 (66.7)", ""]


def _user_warnings(recwarn) -> list[str]:
    return [str(w.message) for w in recwarn if issubclass(w.category, UserWarning)]


def test_a_condition_nobody_has_shows_its_yes_row_with_zero(recwarn):
    """Nobody with diabetes: the diabetes row is still the "Yes" row, 0 (0.0) in every
    column, as for hypertension (not "No 7 (100.0)", a row of another meaning), and the
    run warns of nothing (tableone warns of an ordered level it does not find)."""
    t = table1(ADSL.assign(DIAB=0))
    assert _user_warnings(recwarn) == []
    rows = t[t["Characteristic"] == "Diabetes, n (%)"].astype(str).values.tolist()
    assert rows == [["Diabetes, n (%)", "Yes", "0 (0.0)", "0 (0.0)", "0 (0.0)", ""]]
    assert t[t["Characteristic"] != "Diabetes, n (%)"].astype(str).values.tolist() == \
        [r for r in TABLE1 if r[0] != "Diabetes, n (%)"]


def test_a_condition_everybody_has_shows_its_yes_row_with_all(recwarn):
    """Everybody with hypertension: Yes 7 (100.0), 3 (100.0), 4 (100.0), no warning."""
    t = table1(ADSL.assign(HTN=1))
    assert _user_warnings(recwarn) == []
    rows = t[t["Characteristic"] == "Hypertension, n (%)"].astype(str).values.tolist()
    assert rows == [["Hypertension, n (%)", "Yes", "7 (100.0)", "3 (100.0)", "4 (100.0)", ""]]


class _Cells(HTMLParser):
    """The text of each <tr>'s th/td cells, in order."""

    def __init__(self):
        super().__init__()
        self.rows, self._cell = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("th", "td"):
            self._cell = ""

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self._cell is not None:
            self.rows[-1].append(self._cell.strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data


@pytest.fixture(scope="module")
def html() -> str:
    return table1_html(table1(ADSL), note="Synthetic <data> & more.")


def _rows(html: str) -> list[list[str]]:
    cells = _Cells()
    cells.feed(html)
    return [r for r in cells.rows if r]


def test_table1_html_puts_the_arm_sizes_in_the_headers(html):
    """N = 7 overall, 3 on vitamin K2, 4 on placebo; the participants row itself is not in
    the body."""
    rows = _rows(html)
    assert rows[0] == ["Table 1. Baseline characteristics by arm"]
    assert rows[1] == ["", "Overall (N=7)", "Vitamin K2 (N=3)", "Placebo (N=4)", "Missing, n"]
    assert "Participants" not in html


def test_table1_html_rows_hold_the_table_cells(html):
    """The first row of a group carries the group's label (rowspan), the others start at
    the level; the site names' "<" and "&" come out as text."""
    rows = _rows(html)
    assert ["Age, years, mean (SD)", "", "70.9 (5.4)", "72.0 (7.2)", "70.0 (4.7)", "0"] in rows
    assert ["Site, n (%)", "<C>", "3 (42.9)", "1 (33.3)", "2 (50.0)", ""] in rows
    assert ["A&B", "4 (57.1)", "2 (66.7)", "2 (50.0)", ""] in rows
    assert ["Serum creatinine, mg/dL, mean (SD)", "", "1.00 (0.14)", "0.90 (0.14)",
            "1.05 (0.13)", "1"] in rows
    assert rows[-1] == ["Synthetic <data> & more."]


def test_table1_html_escapes_site_names_and_the_note(html):
    assert re.search(r">&lt;C&gt;</th>", html) and re.search(r">A&amp;B</th>", html)
    assert "Synthetic &lt;data&gt; &amp; more." in html
    assert "<C>" not in html and "A&B" not in html


# =========================================================================== arm summaries
def _fits(w: pd.DataFrame, copies=(), repeated=None, nb=None, adsl=None) -> OutcomeFits:
    lg = S.long(w)
    return OutcomeFits("FREQ", adsl, w, lg, S.mean_imputed(w), list(copies), repeated or {}, nb)


def _estimates(rows: list[tuple[str, str, str]], outcome="FREQ") -> pd.DataFrame:
    """The key columns of estimates.csv (all that arm_summaries_of reads)."""
    return pd.DataFrame([(outcome, *r) for r in rows],
                        columns=["outcome", "timepoint", "method", "population"])


# ---------------------------------------------------------------- hand-made trial
# A, B, C on vitamin K2; D, E, F on placebo. C misses week 8; F recorded no week.
HAND = pd.DataFrame({
    "K2": [1, 1, 1, 0, 0, 0], "BASE": [2.0, 4.0, 3.0, 4.0, 6.0, 5.0],
    **{f"W{k}": [1.0, 3.0, 2.0, 4.0, 6.0, NAN] for k in range(1, 8)},
    "W8": [1.0, 3.0, NAN, 4.0, 6.0, NAN],
}, index=pd.Index(list("ABCDEF"), name="USUBJID"))


def test_t_rows_of_the_hand_made_trial():
    """Every column of the t rows, by hand (t quantiles from R's qt):

    published_personweek_t, MEANIMP: the mean-imputed person-weeks. C's week 8 takes the
    K2 week-8 mean (1 + 3) / 2 = 2 and F's weeks the placebo means 5: K2 = eight 1s, eight
    3s, eight 2s: 24 values, mean 2, SS 8 + 8 = 16, SD sqrt(16 / 23); CI 2 +- qt(.975, 23)
    SD / sqrt(24). Placebo: eight 4s, 6s, 5s: mean 5, the same SD. n: 3 and 3.
    participant_welch, OBSERVED (weeks 1-8): participant means K2 1, 3, 2: mean 2, SD 1,
    CI 2 +- qt(.975, 2) / sqrt(3); placebo 4, 6 (F has none: n = 2): mean 5, SD sqrt(2),
    CI 5 +- qt(.975, 1) sqrt(2) / sqrt(2).
    participant_welch, week 8, CC: K2 1, 3 (n 2): 2 +- qt(.975, 1); placebo 4, 6: 5 +-
    qt(.975, 1). MEANIMP: K2 1, 3, 2 and placebo 4, 6, 5 (n 3): SD 1, +- qt(.975, 2) / sqrt(3).
    n_week8: A, B and D, E: 2 and 2, on every row. A DUR estimate is not of this outcome."""
    f = _fits(HAND)
    est = _estimates([("weeks1-8", "published_personweek_t", "MEANIMP"),
                      ("weeks1-8", "participant_welch", "OBSERVED"),
                      ("week8", "participant_welch", "MEANIMP"),
                      ("week8", "participant_welch", "CC")])
    est = pd.concat([est, _estimates([("week8", "participant_welch", "CC")], "DUR")])
    got = arm_summaries_of(f, est, ALPHA)
    pw_sd = np.sqrt(16 / 23)
    pw = T975_23 * pw_sd / np.sqrt(24)
    t2 = T975_2 / np.sqrt(3)
    expected = pd.DataFrame([
        ("weeks1-8", "published_personweek_t", "MEANIMP", K2, 3, 2, 2.0, 2 - pw, 2 + pw, pw_sd),
        ("weeks1-8", "published_personweek_t", "MEANIMP", PLACEBO, 3, 2, 5.0, 5 - pw, 5 + pw,
         pw_sd),
        ("weeks1-8", "participant_welch", "OBSERVED", K2, 3, 2, 2.0, 2 - t2, 2 + t2, 1.0),
        ("weeks1-8", "participant_welch", "OBSERVED", PLACEBO, 2, 2, 5.0, 5 - T975_1,
         5 + T975_1, np.sqrt(2)),
        ("week8", "participant_welch", "MEANIMP", K2, 3, 2, 2.0, 2 - t2, 2 + t2, 1.0),
        ("week8", "participant_welch", "MEANIMP", PLACEBO, 3, 2, 5.0, 5 - t2, 5 + t2, 1.0),
        ("week8", "participant_welch", "CC", K2, 2, 2, 2.0, 2 - T975_1, 2 + T975_1, np.sqrt(2)),
        ("week8", "participant_welch", "CC", PLACEBO, 2, 2, 5.0, 5 - T975_1, 5 + T975_1,
         np.sqrt(2)),
    ], columns=COLUMNS[1:])
    expected.insert(0, "outcome", "FREQ")
    assert got.columns.tolist() == ["outcome", "timepoint", "method", "population", "arm", "n",
                                    "n_week8", "estimate", "ci_low", "ci_high", "sd"]
    pd.testing.assert_frame_equal(got, expected, check_exact=False, atol=1e-8, rtol=0)


def test_one_value_in_an_arm_gives_its_mean_and_no_interval():
    """Week 8 observed in one participant per arm (A: 1, D: 4): mean = that value, n 1,
    n_week8 1; CI and SD need two values: missing."""
    w = HAND.copy()
    w.loc[["B", "E"], "W8"] = NAN
    got = arm_summaries_of(_fits(w), _estimates([("week8", "participant_welch", "CC")]), ALPHA)
    assert got[["arm", "n", "n_week8", "estimate"]].values.tolist() == [
        [K2, 1, 1, 1.0], [PLACEBO, 1, 1, 4.0]]
    assert got[["ci_low", "ci_high", "sd"]].isna().all().all()


def test_person_weeks_of_an_arm_with_a_week_nobody_recorded():
    """Nobody on vitamin K2 recorded week 8 (A's and B's W8 removed as well as C's): the
    imputation has no week-8 mean to fill it with, so K2's person-weeks are weeks 1-7 only:
    seven 1s, 3s and 2s, 21 values, mean 2, SS 7 + 7 = 14, SD sqrt(14 / 20); all three
    participants still analysed (n 3), none with week 8 (n_week8 0)."""
    w = HAND.copy()
    w.loc[["A", "B"], "W8"] = NAN
    got = arm_summaries_of(_fits(w), _estimates([("weeks1-8", "published_personweek_t",
                                                  "MEANIMP")]), ALPHA)
    k2 = got.iloc[0]
    sd = np.sqrt(14 / 20)
    half = T975_20 * sd / np.sqrt(21)
    assert (k2["arm"], k2["n"], k2["n_week8"]) == (K2, 3, 0)
    assert (k2["estimate"], k2["ci_low"], k2["ci_high"], k2["sd"]) == pytest.approx(
        (2.0, 2 - half, 2 + half, sd), abs=1e-8)


# ---------------------------------------------------------------- the 16-participant trial
# test_model_specs.py's trial (its R input files): P01-P08 vitamin K2, P09-P16 placebo; P13
# recorded no week, P16 has no baseline, P04 stopped after week 6, P07, P09, P11, P14 miss
# some weeks. n_week8 (W8 observed): K2 all but P04 = 7; placebo all but P13, P14 = 6.
@pytest.fixture(scope="module")
def specs() -> OutcomeFits:
    w = pd.read_csv(REFERENCE / "model_specs" / "wide.csv", index_col="USUBJID")
    counts = pd.read_csv(REFERENCE / "model_specs" / "counts.csv")
    adsl = counts.assign(TRT01P=np.where(counts["K2"] == 1, K2, PLACEBO))
    lg = S.long(w)
    copies = [w.fillna({c: v for c in ["BASE", *S.WEEKS]}) for v in FILL]
    return _fits(w, copies, {"lmm_random_intercept": M.lmm_fit(lg),
                             "gee_exchangeable": M.gee_fit(lg)}, M.nb_fit(adsl), adsl)


# Rscript tests/reference/arm_rows.R (R 4.2.2; lme4 1.1.31, geepack 1.3.9, mice 3.15.0,
# emmeans 1.8.4.1); n = participants in the fit of that arm.
# m = W1..W8 with NA <- mean of the same arm and week; t.test(as.vector(m[K2 == a, ])), sd()
PERSONWEEK_T_K2 = dict(estimate=3.287946429, ci_low=2.891532714, ci_high=3.684360143,
                       sd=1.586971614)
PERSONWEEK_T_PLACEBO = dict(estimate=4.968154762, ci_low=4.574000953, ci_high=5.362308571,
                            sd=1.577924485)
# y = rowMeans(W1..W8, na.rm = TRUE); t.test(y[K2 == a]) (NA dropped), sd()
WELCH_MEAN_K2 = dict(estimate=3.379761905, ci_low=2.11221896, ci_high=4.64730485,
                     sd=1.516161752)
WELCH_MEAN_PLACEBO = dict(estimate=5.085, ci_low=3.517329029, ci_high=6.652670971,
                          sd=1.695062094)
# t.test(W8[K2 == a]) (NA dropped), sd()
WELCH_WEEK8_CC_K2 = dict(estimate=2.742857143, ci_low=1.279712252, ci_high=4.206002034,
                         sd=1.58204208)
WELCH_WEEK8_CC_PLACEBO = dict(estimate=5.2, ci_low=3.390826525, ci_high=7.009173475,
                              sd=1.723948955)
# t.test(m[K2 == a, 8]), sd()
WELCH_WEEK8_MEANIMP_K2 = dict(estimate=2.742857143, ci_low=1.518348705, ci_high=3.96736558,
                              sd=1.464686356)
WELCH_WEEK8_MEANIMP_PLACEBO = dict(estimate=5.2, ci_low=3.981915181, ci_high=6.418084819,
                                   sd=1.457002794)
# y = rowMeans(W1..W8) of the participants with all 8 weeks observed; fit = lm(y ~ K2 +
# BASE) (rows with BASE); emmeans(fit, ~ K2) (BASE at its mean over the 9 rows used,
# 4.833333333)
ANCOVA_CC_K2 = dict(estimate=3.072309028, ci_low=1.595525282, ci_high=4.549092773, n=6)
ANCOVA_CC_PLACEBO = dict(estimate=4.805381944, ci_low=2.709705036, ci_high=6.901058853, n=3)
# y = rowMeans(m) (mean-imputed weeks); fit = lm(y ~ K2 + BASE) (rows with BASE);
# emmeans(fit, ~ K2) (BASE at its mean over the 15 rows used, 5.5)
ANCOVA_MEANIMP_K2 = dict(estimate=3.436371619, ci_low=2.556579312, ci_high=4.316163927, n=8)
ANCOVA_MEANIMP_PLACEBO = dict(estimate=4.890405224, ci_low=3.948841278, ci_high=5.83196917, n=7)
# y = W8; fit = lm(y ~ K2 + BASE) (rows with W8 and BASE); emmeans(fit, ~ K2) (BASE at its
# mean over the 12 rows used, 5.166666667)
ANCOVA_WEEK8_CC_K2 = dict(estimate=2.969915579, ci_low=1.664615594, ci_high=4.275215565, n=7)
ANCOVA_WEEK8_CC_PLACEBO = dict(estimate=4.982118189, ci_low=3.426262966, ci_high=6.537973412,
                               n=5)
# y = m[, 8] (mean-imputed week 8); fit = lm(y ~ K2 + BASE) (rows with BASE); emmeans(fit,
# ~ K2) (BASE at its mean over the 15 rows used, 5.5)
ANCOVA_WEEK8_MEANIMP_K2 = dict(estimate=2.858709179, ci_low=1.791620687, ci_high=3.925797671,
                               n=8)
ANCOVA_WEEK8_MEANIMP_PLACEBO = dict(estimate=5.139026245, ci_low=3.997015747,
                                    ci_high=6.281036743, n=7)
# copies: every NA of BASE, W1..W8 <- 2, 4, 6; emmeans(lm(W8 ~ K2 + BASE), ~ K2) in each
# copy (BASE at the copy's mean); pool.scalar(Q, U, n = 16, k = 3); qbar +- qt(.975, df)
# sqrt(t)
MI_WEEK8_K2 = dict(estimate=3.005515823, ci_low=1.305418364, ci_high=4.705613283, n=8)
MI_WEEK8_PLACEBO = dict(estimate=4.794484177, ci_low=2.802874975, ci_high=6.786093379, n=8)
# lme4::lmer(Y ~ K2 * factor(WEEK) + BASE + (1 | USUBJID), REML = TRUE); least-squares mean
# at week 8, BASE = 5.428571429 (mean over the participants in the long data): L'b, SE from
# vcov, z CI
LMM_LSMEAN_WEEK8_K2 = dict(estimate=3.1360024, ci_low=2.127481305, ci_high=4.144523495, n=8)
LMM_LSMEAN_WEEK8_PLACEBO = dict(estimate=5.225797667, ci_low=4.049922238, ci_high=6.401673096,
                                n=6)
# geepack::geeglm(Y ~ K2 * factor(WEEK) + BASE, id = USUBJID, family = gaussian, corstr =
# "exchangeable", control = geese.control(epsilon = 1e-12, maxit = 200)); least-squares mean
# over weeks 1-8 at BASE = 5.428571429: L'b, robust SE, z CI
GEE_LSMEAN_AVERAGE_K2 = dict(estimate=3.499243879, ci_low=2.632894782, ci_high=4.365592975,
                             n=8)
GEE_LSMEAN_AVERAGE_PLACEBO = dict(estimate=5.007665071, ci_low=4.364115702,
                                  ci_high=5.651214441, n=6)

# (timepoint, method, population): (n_k2, K2's R values, n_placebo, placebo's R values,
# estimate tolerance, CI tolerance), in the order of estimates.csv (MMRM apart, below).
# n by hand: participant means 8 and 7 (P13 none); ANCOVA on the observed data 8 and 6
# (P13 no y, P16 no BASE); NB 8 and 6 (P13 no diary night, P16 no baseline); repeated
# measures 8 and 6 (long data: P13 no week, P16 no BASE); MI and mean imputation all 8 and 8
# (mean-imputed ANCOVA 8 and 7: P16 has no BASE).
CLOSED = 1e-8
SPECS_ROWS = {
    ("weeks1-8", "published_personweek_t", "MEANIMP"):
        (8, PERSONWEEK_T_K2, 8, PERSONWEEK_T_PLACEBO, CLOSED, CLOSED),
    ("weeks1-8", "participant_welch", "OBSERVED"):
        (8, WELCH_MEAN_K2, 7, WELCH_MEAN_PLACEBO, CLOSED, CLOSED),
    ("weeks1-8", "ancova_baseline", "OBSERVED"):
        (8, ANCOVA_ADJUSTED_MEAN_K2, 6, ANCOVA_ADJUSTED_MEAN_PLACEBO, CLOSED, CLOSED),
    ("weeks1-8", "ancova_baseline", "CC"): (6, ANCOVA_CC_K2, 3, ANCOVA_CC_PLACEBO, CLOSED, CLOSED),
    ("weeks1-8", "ancova_baseline", "MEANIMP"):
        (8, ANCOVA_MEANIMP_K2, 7, ANCOVA_MEANIMP_PLACEBO, CLOSED, CLOSED),
    ("weeks1-8", "ancova_baseline", "MI"):
        (8, MI_ADJUSTED_MEAN_K2, 8, MI_ADJUSTED_MEAN_PLACEBO, CLOSED, CLOSED),
    ("weeks1-8", "nb_rate_ratio", "OBSERVED"):
        (8, NB_RATE_PER_WEEK_K2, 6, NB_RATE_PER_WEEK_PLACEBO, NB_TOL, NB_TOL),
    ("weeks1-8", "lmm_random_intercept", "OBSERVED"):
        (8, LMM_LSMEAN_AVERAGE_K2, 6, LMM_LSMEAN_AVERAGE_PLACEBO, 1e-7, LMM_CI_TOL),
    ("weeks1-8", "gee_exchangeable", "OBSERVED"):
        (8, GEE_LSMEAN_AVERAGE_K2, 6, GEE_LSMEAN_AVERAGE_PLACEBO, CLOSED, CLOSED),
    ("week8", "participant_welch", "MEANIMP"):
        (8, WELCH_WEEK8_MEANIMP_K2, 8, WELCH_WEEK8_MEANIMP_PLACEBO, CLOSED, CLOSED),
    ("week8", "participant_welch", "CC"):
        (7, WELCH_WEEK8_CC_K2, 6, WELCH_WEEK8_CC_PLACEBO, CLOSED, CLOSED),
    ("week8", "ancova_baseline", "CC"):
        (7, ANCOVA_WEEK8_CC_K2, 5, ANCOVA_WEEK8_CC_PLACEBO, CLOSED, CLOSED),
    ("week8", "ancova_baseline", "MEANIMP"):
        (8, ANCOVA_WEEK8_MEANIMP_K2, 7, ANCOVA_WEEK8_MEANIMP_PLACEBO, CLOSED, CLOSED),
    ("week8", "ancova_baseline", "MI"): (8, MI_WEEK8_K2, 8, MI_WEEK8_PLACEBO, CLOSED, CLOSED),
    ("week8", "lmm_random_intercept", "OBSERVED"):
        (8, LMM_LSMEAN_WEEK8_K2, 6, LMM_LSMEAN_WEEK8_PLACEBO, 1e-7, LMM_CI_TOL),
    ("week8", "gee_exchangeable", "OBSERVED"):
        (8, GEE_LSMEAN_WEEK8_K2, 6, GEE_LSMEAN_WEEK8_PLACEBO, CLOSED, CLOSED),
}


@pytest.fixture(scope="module")
def specs_table(specs) -> pd.DataFrame:
    return arm_summaries_of(specs, _estimates(list(SPECS_ROWS)), ALPHA)


def test_two_rows_per_estimate_in_its_order(specs_table):
    keys = [tuple(k) for k in specs_table[["timepoint", "method", "population"]].values]
    assert keys == [k for k in SPECS_ROWS for _ in range(2)]
    assert specs_table["arm"].tolist() == [K2, PLACEBO] * len(SPECS_ROWS)
    assert (specs_table["outcome"] == "FREQ").all()


def test_n_week8_is_the_arms_observed_week8_values_on_every_row(specs_table):
    """K2: 8 - P04 = 7; placebo: 8 - P13 - P14 = 6, whatever the row analysed."""
    by_arm = specs_table.groupby("arm")["n_week8"].unique()
    assert by_arm[K2].tolist() == [7] and by_arm[PLACEBO].tolist() == [6]


@pytest.mark.parametrize("key", list(SPECS_ROWS), ids="/".join)
def test_arm_rows_agree_with_r(specs_table, key):
    """n, estimate, CI (and SD, for the t rows) of both arms against R; SD missing for the
    model rows."""
    rows = specs_table[(specs_table[["timepoint", "method", "population"]].apply(tuple, axis=1)
                        == key)]
    n_k2, ref_k2, n_pl, ref_pl, est_tol, ci_tol = SPECS_ROWS[key]
    for (_, row), n, ref in zip(rows.iterrows(), (n_k2, n_pl), (ref_k2, ref_pl)):
        assert row["n"] == n
        assert row["estimate"] == pytest.approx(ref["estimate"], abs=est_tol)
        assert (row["ci_low"], row["ci_high"]) == pytest.approx((ref["ci_low"], ref["ci_high"]),
                                                                abs=ci_tol)
        if "sd" in ref:
            assert row["sd"] == pytest.approx(ref["sd"], abs=CLOSED)
        else:
            assert np.isnan(row["sd"])


# the 15 participants but P16; copies: every NA of BASE, W1..W8 <- 2, 4, 6;
# emmeans(lm(rowMeans(W1..W8) ~ K2 + BASE), ~ K2) in each copy; pool.scalar(Q, U, n = 15,
# k = 3); qbar +- qt(.975, df) sqrt(t). Within-copy variances: K2 0.260979, 0.180362,
# 0.162336; placebo 0.298913, 0.206578, 0.185932.
MI_WITHOUT_P16_K2 = dict(estimate=3.489287457, ci_low=2.425737464, ci_high=4.552837449, n=8)
MI_WITHOUT_P16_PLACEBO = dict(estimate=4.678314335, ci_low=2.482834635, ci_high=6.873794036,
                              n=7)


def test_mi_adjusted_means_pool_each_arms_own_variances():
    """With 8 and 8 participants in every copy the two arms' adjusted means have equal
    variances (the arms' mean baselines are equally far from the overall one), so the
    16-participant rows cannot tell one arm's variance from the other's; without P16 the
    arms are 8 and 7 and R's pooled CIs differ."""
    w = pd.read_csv(REFERENCE / "model_specs" / "wide.csv", index_col="USUBJID").drop("P16")
    copies = [w.fillna({c: v for c in ["BASE", *S.WEEKS]}) for v in FILL]
    got = arm_summaries_of(_fits(w, copies), _estimates([("weeks1-8", "ancova_baseline", "MI")]),
                           ALPHA)
    for row, ref in zip(got.itertuples(), (MI_WITHOUT_P16_K2, MI_WITHOUT_P16_PLACEBO)):
        assert row.n == ref["n"]
        assert (row.estimate, row.ci_low, row.ci_high) == pytest.approx(
            (ref["estimate"], ref["ci_low"], ref["ci_high"]), abs=CLOSED)


# ---------------------------------------------------------------- MMRM on the known trial
def test_mmrm_least_squares_means_per_arm_agree_with_nlme():
    """The simulated known trial (40 per arm, 15% of weeks missing; tests/reference/
    export_frames.py), which an 8 x 8 unstructured covariance can be fitted to: the LS mean
    averaged over weeks 1-8 and at week 8 against emmeans on nlme::gls with Satterthwaite df
    (arm_summaries.R; values in r_arm_summaries.py). Tolerance as test_arm_summaries'
    (two REML optimisers)."""
    from k2cramps.synthetic.known_effect import simulate_known
    adsl, adcramp = simulate_known(KNOWN_TRIAL, KNOWN_SEED)
    w = S.wide(adsl, adcramp, "FREQ")
    f = _fits(w, repeated={"mmrm": mmrm_fit.fit(S.long(w), 8, "FREQ")})
    got = arm_summaries_of(f, _estimates([("weeks1-8", "mmrm", "OBSERVED"),
                                          ("week8", "mmrm", "OBSERVED")]), ALPHA)
    for row in got.itertuples():
        ref = RA.ARM_SUMMARIES["known", "FREQ", row.timepoint, "mmrm", "OBSERVED",
                               "K2" if row.arm == K2 else "PLACEBO"]
        assert row.estimate == pytest.approx(ref["estimate"], abs=1e-4)
        assert (row.ci_low, row.ci_high) == pytest.approx((ref["ci_low"], ref["ci_high"]),
                                                          abs=1e-4)
    people = S.long(w).drop_duplicates("USUBJID")
    assert got["n"].tolist() == [int((people["K2"] == a).sum()) for a in (1, 0)] * 2
