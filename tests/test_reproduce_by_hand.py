"""The reproduction of the published figures (analysis/reproduce.py, analysis/published.py)
on a hand-made trial, admiral style: the analysis datasets typed row by row, and every
figure worked out by hand (t quantiles and Welch intervals from R, the call beside them).

Rules (design sections 6-7 and the published YAML's header, copied here by hand):
- flow: screened, excluded, randomized overall and per arm, from the CONSORT counts;
- baseline: age mean and SD (n - 1), women n and % of the randomized, hypertension and
  diabetes %, mean creatinine; adherence: mean % per arm; a missing value is left out;
- as published: a missing weekly value is imputed with the mean of the same arm and week;
  mean (SD, n - 1) over person-weeks; frequency difference with a Welch CI on person-weeks;
  change from baseline per person-week, mean (SD); week-8 values per participant (imputed,
  ITT) with Welch CIs;
- published_comparison: one row per published figure reproduced (quantity, published,
  reproduced, decimals, match); a figure matches when it prints as the published one at
  the published precision; "<.001" is a threshold.
"""
from __future__ import annotations

from datetime import timedelta

import numpy as np
import pandas as pd
import pytest

from conftest import R, TINY_CONVENTIONS
from k2cramps.adam.datasets import Datasets, derive_all
from k2cramps.analysis.published import episode_figures, outcome_figures
from k2cramps.analysis.reproduce import _count, compare, flow_and_baseline, reproduce, rounds_to
from k2cramps.core.conventions import Outcome
from k2cramps.core.numbers import num
from k2cramps.core.publication import load_published

NAN = np.nan
K2, PBO = "Vitamin K2", "Placebo"

# --------------------------------------------------------------------------- the trial
# Seven randomized, in this (interleaved) ADSL order; K04 kept no diary at all, P01 has no
# baseline value. `CONSORT` says 10 were screened and 3 excluded.
#            arm  age sex HTN DIAB CREAT ADHPCT
ADSL_ROWS = {
    "K01": (K2, 70, "F", 1, 0, 0.8, 90.0),
    "P01": (PBO, 66, "M", 1, 1, 1.0, 80.0),
    "K02": (K2, 74, "F", 0, 0, 0.9, NAN),   # no adherence record
    "P02": (PBO, 68, "F", 1, 0, NAN, 85.0),  # creatinine not measured
    "K03": (K2, 80, "M", 0, 1, 1.1, 96.0),
    "P03": (PBO, 62, "F", 0, 0, 0.7, 87.0),
    "K04": (K2, 70, "M", 0, 0, 0.9, 93.0),
}
CONSORT = pd.DataFrame(
    [("screened", "all", 10), ("excluded", "all", 3),
     ("excluded", "declined to participate", 2), ("excluded", "taking diuretics", 1),
     ("randomized", "all", 7), ("randomized", K2, 4), ("safety population", K2, 4),
     ("randomized", PBO, 3), ("safety population", PBO, 3)], columns=["step", "group", "n"])
# Treatment-emergent events: K01 two related, K03 one related and one not; placebo's
# related headache is not vitamin K2's.
ADAE_ROWS = [("K01", K2, "headache", "Y"), ("K01", K2, "nausea", "Y"), ("K03", K2, "rash", "Y"),
             ("K03", K2, "dizziness", "N"), ("P01", PBO, "headache", "Y"),
             ("P02", PBO, "nausea", "N")]

# By hand:
#   ages 70 66 74 68 80 62 70: sum 490, mean 70; squares of the deviations
#   0 + 16 + 16 + 4 + 100 + 64 + 0 = 200, SD sqrt(200 / 6) = sqrt(100 / 3) (n - 1)
#   women K01 K02 P02 P03: 4 of 7; hypertension K01 P01 P02: 3 of 7; diabetes P01 K03: 2 of 7
#   creatinine of the 6 measured: 5.4 / 6 = 0.9
#   adherence K2 (90 + 96 + 93) / 3 = 93 (K02 unknown, not 0); placebo (80 + 85 + 87) / 3 = 84
#   related events in the vitamin K2 arm: 3 (events, not participants: K01 counts twice)
FLOW_AND_BASELINE = {
    "flow.screened": 10, "flow.excluded": 3, "flow.randomized": 7,
    "flow.randomized_k2": 4, "flow.randomized_placebo": 3,
    "baseline.age_mean": 70.0, "baseline.age_sd": np.sqrt(100 / 3),
    "baseline.female_n": 4, "baseline.female_pct": 400 / 7,
    "baseline.hypertension_pct": 300 / 7, "baseline.diabetes_pct": 200 / 7,
    "baseline.creatinine_mg_dl": 0.9,
    "adherence.k2_pct": 93.0, "adherence.placebo_pct": 84.0,
    "safety.related_adverse_events_k2": 3,
}

# One outcome X: baseline, week 1, week 8 (weeks 2-7 recorded by nobody: every arm-week
# there is missing, stays missing after the imputation and drops out of every mean).
#         base  week 1  week 8
X = {
    "K01": (4.0, 1.0, 3.0),
    "P01": (NAN, NAN, 8.0),
    "K02": (4.0, 2.0, NAN),
    "P02": (9.0, 6.0, 10.0),
    "K03": (7.0, 3.0, 5.0),
    "P03": (7.0, 4.0, 12.0),
    "K04": (NAN, NAN, NAN),
}
# Imputation (mean of the arm's observed values that week):
#   K2 week 1 (1 + 2 + 3) / 3 = 2 -> K04; week 8 (3 + 5) / 2 = 4 -> K02, K04
#   placebo week 1 (6 + 4) / 2 = 5 -> P01
#   filled K2: K01 (1, 3), K02 (2, 4), K03 (3, 5), K04 (2, 4); placebo: P01 (5, 8),
#   P02 (6, 10), P03 (4, 12)
# Change from baseline (K04, P01 without a baseline: no change, left out):
#   K2: K01 (-3, -1), K02 (-2, 0), K03 (-4, -2): mean -2, squares 1+1+0+4+4+0 = 10, SD sqrt(10/5)
#   placebo: P02 (-3, 1), P03 (-3, 5): mean 0, squares 9+1+9+25 = 44, SD sqrt(44/3)
# Week 8 (imputed, ITT): K2 3, 4, 5, 4 (mean 4, var 2/3), placebo 8, 10, 12 (mean 10, var 4);
#   Welch: SE^2 = (2/3)/4 + 4/3 = 3/2, df = (3/2)^2 / ((1/6)^2/3 + (4/3)^2/2) = 243/97
#   R: t.test(c(3, 4, 5, 4), c(8, 10, 12))$conf.int -> -10.3716017998147301 -1.6283982001852702
#      (df 2.5051546391752573)
DURATION = {
    "secondary.duration_change_k2_mean": -2.0,
    "secondary.duration_change_k2_sd": np.sqrt(2),
    "secondary.duration_change_placebo_mean": 0.0,
    "secondary.duration_change_placebo_sd": np.sqrt(44 / 3),
    "week8.duration_k2": 4.0, "week8.duration_placebo": 10.0,
    "week8.duration_difference": -6.0,
    "week8.duration_ci95_low": -10.3716017998147301,
    "week8.duration_ci95_high": -1.6283982001852702,
}
# Severity = 2 X: every mean, SD and CI bound doubles (Welch's df does not change).
#   R: t.test(c(6, 8, 10, 8), c(16, 20, 24))$conf.int -> -20.7432035996294601 -3.2567964003705403
SEVERITY = {
    "secondary.severity_change_k2_mean": -4.0,
    "secondary.severity_change_k2_sd": 2 * np.sqrt(2),
    "secondary.severity_change_placebo_mean": 0.0,
    "secondary.severity_change_placebo_sd": 2 * np.sqrt(44 / 3),
    "week8.severity_k2": 8.0, "week8.severity_placebo": 20.0,
    "week8.severity_difference": -12.0,
    "week8.severity_ci95_low": -20.7432035996294601,
    "week8.severity_ci95_high": -3.2567964003705403,
}
# Frequency = X + 1:
#   baseline K2 5, 5, 8 (K04 none): mean 6, SD sqrt(6/2); placebo 10, 8: mean 9, SD sqrt(2)
#   person-weeks K2 2 4 3 5 4 6 3 5: mean 4, squares 4+0+1+1+0+4+1+1 = 12, SD sqrt(12/7)
#   placebo 6 9 7 11 5 13: mean 8.5, squares 6.25+.25+2.25+6.25+12.25+20.25 = 47.5, SD sqrt(9.5)
#   R: t.test(c(2, 4, 3, 5, 4, 6, 3, 5), c(6, 9, 7, 11, 5, 13)) -> CI -7.736012264994770
#      -1.263987735005231, p 0.014007791601894 (df 6.361734014652070)
FREQUENCY = {
    "baseline.weekly_freq_k2_mean": 6.0, "baseline.weekly_freq_k2_sd": np.sqrt(3),
    "baseline.weekly_freq_placebo_mean": 9.0, "baseline.weekly_freq_placebo_sd": np.sqrt(2),
    "primary.k2_mean": 4.0, "primary.k2_sd": np.sqrt(12 / 7),
    "primary.placebo_mean": 8.5, "primary.placebo_sd": np.sqrt(9.5),
    "primary.difference": -4.5,
    "primary.ci95_low": -7.736012264994770, "primary.ci95_high": -1.263987735005231,
    "primary.p_value": 0.014007791601894,
}
TOL = dict(rel=1e-12, abs=1e-12)


def _outcome(scale: float = 1.0, shift: float = 0.0) -> Outcome:
    """X (or scale X + shift) as the published functions take it, in ADSL order."""
    values = np.array(list(X.values())) * scale + shift
    return Outcome(weeks=values[:, 1:], base=values[:, 0])


K2_FLAG = np.array([arm == K2 for arm, *_ in ADSL_ROWS.values()])


def _datasets() -> Datasets:
    adsl = pd.DataFrame([(pid, *row, "Y") for pid, row in ADSL_ROWS.items()],
                        columns=["USUBJID", "TRT01P", "AGE", "SEX", "HTN", "DIAB", "CREAT",
                                 "ADHPCT", "SAFFL"])
    adae = pd.DataFrame([(*row, "Y") for row in ADAE_ROWS],
                        columns=["USUBJID", "TRT01P", "AETERM", "AREL", "TRTEMFL"])
    # ADCRAMP: observed rows (DTYPE blank) of visits 0, 1 and 8, AVAL missing where X is.
    rows = []
    for param, scale, shift in (("FREQ", 1, 1), ("DUR", 1, 0), ("SEV", 2, 0)):
        for pid, values in X.items():
            for visit, value in zip((0, 1, 8), values, strict=True):
                rows.append((pid, param, visit, "", scale * value + shift))
    adcramp = pd.DataFrame(rows, columns=["USUBJID", "PARAMCD", "AVISITN", "DTYPE", "AVAL"])
    return Datasets(adsl, adcramp, adae, CONSORT, pd.DataFrame())


# --------------------------------------------------------------------------- published.py
def test_episode_figures_change_and_week8_on_a_hand_computed_example():
    got = episode_figures("duration", _outcome(), K2_FLAG, 0.05)
    assert got.keys() == DURATION.keys()
    assert got == pytest.approx(DURATION, **TOL)


def test_episode_figures_week8_interval_uses_the_alpha_asked_for():
    """90%: R t.test(c(3, 4, 5, 4), c(8, 10, 12), conf.level = 0.9)$conf.int ->
    -9.129865211709543 -2.870134788290457."""
    got = episode_figures("duration", _outcome(), K2_FLAG, 0.10)
    assert (got["week8.duration_ci95_low"], got["week8.duration_ci95_high"]) == \
        pytest.approx((-9.129865211709543, -2.870134788290457), **TOL)


def test_outcome_figures_put_each_outcome_in_its_place():
    """Frequency X + 1, duration X, severity 2 X: each key carries its own outcome's figure.
    The arm flag comes as 0/1 (not bool), as a data frame column would give it."""
    got = outcome_figures(_outcome(shift=1.0), _outcome(), _outcome(scale=2.0),
                          K2_FLAG.astype(int), 0.05)
    expected = {**FREQUENCY, **SEVERITY, **DURATION}
    assert got.keys() == expected.keys()
    assert got == pytest.approx(expected, **TOL)


def test_outcome_figures_frequency_interval_uses_the_alpha_asked_for():
    """90%: R t.test(c(2, 4, 3, 5, 4, 6, 3, 5), c(6, 9, 7, 11, 5, 13), conf.level = 0.9)
    $conf.int -> -7.079033263449698 -1.920966736550302."""
    got = outcome_figures(_outcome(shift=1.0), _outcome(), _outcome(scale=2.0), K2_FLAG, 0.10)
    assert (got["primary.ci95_low"], got["primary.ci95_high"]) == \
        pytest.approx((-7.079033263449698, -1.920966736550302), **TOL)


# --------------------------------------------------------------------------- reproduce.py
def test_count_reads_one_step_and_group_and_is_zero_when_absent():
    assert _count(CONSORT, "excluded") == 3  # the "all" row, not a reason's
    assert _count(CONSORT, "excluded", "taking diuretics") == 1
    assert _count(CONSORT, "randomized", PBO) == 3
    assert _count(CONSORT, "discontinued", K2) == 0


def test_flow_and_baseline_on_hand_made_datasets():
    got = flow_and_baseline(_datasets())
    assert got.keys() == FLOW_AND_BASELINE.keys()
    assert got == pytest.approx(FLOW_AND_BASELINE, **TOL)


def test_reproduce_is_flow_baseline_and_the_three_outcomes_from_adcramp():
    """ADCRAMP holds FREQ = X + 1, DUR = X, SEV = 2 X: reproduce reads each parameter's
    observed rows into its place and takes the arms from ADSL's TRT01P, in ADSL's order."""
    got = reproduce(_datasets(), 0.05)
    expected = {**FLOW_AND_BASELINE, **FREQUENCY, **SEVERITY, **DURATION}
    assert got.keys() == expected.keys()
    assert got == pytest.approx(expected, **TOL)


def test_reproduce_gives_every_published_figure_and_nothing_else():
    """compare() leaves out a published figure the reproduction does not name: a key
    spelt differently would drop a row of published_comparison.csv without a word."""
    assert set(reproduce(_datasets(), 0.05)) == set(load_published())


def test_flow_and_baseline_of_the_tiny_export(tiny, run_tiny):
    """Through the cleaning and the derivation: A (vitamin K2) and B (placebo) randomized,
    C excluded (declined); both women of 70 with hypertension, no diabetes, creatinine 0.9,
    54 of 60 capsules taken over 56 nights. A's headache on day 6 is related (counted),
    B's (placebo) is not vitamin K2's."""
    tiny["adverse_events"].append(dict(participant_id="A", onset_date=str(R + timedelta(days=5)),
                                       term="headache", serious=0, related=1))
    got = flow_and_baseline(derive_all(run_tiny(tiny).tables, TINY_CONVENTIONS))
    expected = {
        "flow.screened": 3, "flow.excluded": 1, "flow.randomized": 2,
        "flow.randomized_k2": 1, "flow.randomized_placebo": 1,
        "baseline.age_mean": 70.0, "baseline.age_sd": 0.0,
        "baseline.female_n": 2, "baseline.female_pct": 100.0,
        "baseline.hypertension_pct": 100.0, "baseline.diabetes_pct": 0.0,
        "baseline.creatinine_mg_dl": 0.9,
        "adherence.k2_pct": 100 * 54 / 56, "adherence.placebo_pct": 100 * 54 / 56,
        "safety.related_adverse_events_k2": 1,
    }
    assert got == pytest.approx(expected, **TOL)


# --------------------------------------------------------------------------- the comparison
@pytest.mark.parametrize("reproduced, published, decimals, match", [
    # 2.605 is stored as 2.60499999999999998224; Python's f"{2.605:.2f}" says "2.60", but the
    # report prints halves up from the shortest decimal that reads back as the float
    # (core/numbers.py: "2.61"), and "match" means "prints as the published figure".
    (2.605, 2.61, 2, True), (2.605, 2.60, 2, False),
    (-2.605, -2.61, 2, True), (-2.605, -2.60, 2, False),     # halves away from zero
    (2.6049999999999995, 2.60, 2, True),                      # the float just below 2.605
    (0.955, 0.96, 2, True), (0.125, 0.13, 2, True),           # round(0.955, 2) = 0.95 in Python
    (67.5, 68, 0, True), (67.49999999, 67, 0, True),
    (0.8, 0.80, 2, True),                                      # YAML reads "0.80" as 0.8
    (NAN, 2.60, 2, False),                                     # not computed: no match
    (0.000999, "<.001", 0, True), (0.001, "<.001", 0, False),  # a threshold, not a value
])
def test_a_figure_matches_when_it_prints_as_the_published_one(reproduced, published,
                                                                decimals, match):
    assert rounds_to(reproduced, published, decimals) is match


@pytest.mark.parametrize("value, decimals, printed", [
    (2.605, 2, "2.61"), (-2.605, 2, "\u22122.61"), (2.6049999999999995, 2, "2.60"),
    (0.955, 2, "0.96"), (67.5, 0, "68")])
def test_the_report_prints_those_edges_the_same_way(value, decimals, printed):
    assert num(value, decimals) == printed


def test_published_text_other_than_a_threshold_is_an_error():
    with pytest.raises(ValueError, match="cannot compare"):
        compare({"primary.p_value": {"value": ">.99"}}, {"primary.p_value": 0.5})


def test_compare_one_row_per_published_figure_reproduced():
    """In the published order; a published figure not reproduced has no row, a reproduced
    figure not published none either; no `decimals` means a whole number (0)."""
    published = {
        "flow.randomized": {"value": 199, "tier": "primary"},
        "baseline.age_mean": {"value": 72.3, "decimals": 1, "tier": "primary"},
        "baseline.weekly_freq_k2_mean": {"value": 2.6, "decimals": 2},
        "week8.duration_k2": {"value": 0.25, "decimals": 2},
        "primary.k2_mean": {"value": 0.96, "decimals": 2},
        "adherence.k2_pct": {"value": 92, "decimals": 0},
        "primary.p_value": {"value": "<.001"},
    }
    reproduced = {"primary.p_value": 0.0004, "primary.k2_mean": 0.955, "flow.randomized": 199,
                  "baseline.age_mean": 72.34999, "baseline.weekly_freq_k2_mean": 2.605,
                  "adherence.k2_pct": 92.5, "primary.k2_sd": 1.41}
    expected = pd.DataFrame([
        ("flow.randomized", 199, 199, 0, True),
        ("baseline.age_mean", 72.3, 72.34999, 1, True),           # 72.3
        ("baseline.weekly_freq_k2_mean", 2.6, 2.605, 2, False),   # 2.61
        ("primary.k2_mean", 0.96, 0.955, 2, True),                # 0.96
        ("adherence.k2_pct", 92, 92.5, 0, False),                 # 93
        ("primary.p_value", "<.001", 0.0004, 0, True),
    ], columns=["quantity", "published", "reproduced", "decimals", "match"])
    pd.testing.assert_frame_equal(compare(published, reproduced), expected)


def test_compare_with_nothing_reproduced_is_an_empty_table_with_its_columns():
    got = compare({"flow.randomized": {"value": 199}}, {"primary.k2_mean": 0.96})
    assert got.empty
    assert got.columns.tolist() == ["quantity", "published", "reproduced", "decimals", "match"]


def test_related_events_counted_as_the_safety_table_counts_them(tiny, run_tiny):
    """An adverse event related to vitamin K2 needs a capsule before it: only
    treatment-emergent events (onset from study day 1, the first night of capsules) of the
    safety population (took at least one capsule) count, as in the report's safety table
    (analysis/safety.py, "Treatment-related adverse event").
    A (vitamin K2): related cramps on day -3 of the screening diary (not treatment-emergent)
    and a related headache on day 6 -> 1. Then the same, but A returned all 60 capsules
    (took none: not in the safety population) -> 0."""
    def related_k2(returned: int) -> int:
        tables = {**tiny, "adherence": [dict(participant_id="A", capsules_dispensed=60,
                                             capsules_returned=returned),
                                        dict(participant_id="B", capsules_dispensed=60,
                                             capsules_returned=6)]}
        tables["adverse_events"] = tiny["adverse_events"] + [
            dict(participant_id="A", onset_date=str(R - timedelta(days=3)), term="cramps",
                 serious=0, related=1),
            dict(participant_id="A", onset_date=str(R + timedelta(days=5)), term="headache",
                 serious=0, related=1)]
        ds = derive_all(run_tiny(tables).tables, TINY_CONVENTIONS)
        return flow_and_baseline(ds)["safety.related_adverse_events_k2"]

    assert related_k2(returned=6) == 1
    assert related_k2(returned=60) == 0
