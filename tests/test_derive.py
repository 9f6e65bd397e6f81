"""Conventions and derivations on hand-checkable data."""
from datetime import date

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from conftest import R, TINY_CONVENTIONS
from k2cramps.adam.datasets import derive_all
from k2cramps.adam.meanimp import impute_arm_week_mean
from k2cramps.analysis.published import welch
from k2cramps.analysis.reproduce import rounds_to
from k2cramps.core import conventions as cv
from k2cramps.core.schedule import visit_of_offset


def test_visit_windows():
    assert list(visit_of_offset(np.array([-15, -14, -1, 0, 6, 7, 55, 56]))) == \
        [-1, 0, 0, 1, 1, 2, 8, -1]


def test_weekly_rate_needs_enough_nights():
    out = cv.weekly_rate([3, 3, 2], [7, 6, 3], 4)
    assert out[0] == 3 and out[1] == pytest.approx(3.5) and np.isnan(out[2])


def test_episode_mean_conventions():
    args = ([3.0, 0.0, 0.0, 0.0], [2, 0, 0, 0], [2, 0, 1, 0], [7, 7, 7, 2])
    zero = cv.episode_mean(*args, 4, "zero")
    assert zero[0] == 1.5 and zero[1] == 0 and np.isnan(zero[2]) and np.isnan(zero[3])
    assert np.isnan(cv.episode_mean(*args, 4, "missing")[1])
    with pytest.raises(ValueError):
        cv.episode_mean(*args, 4, "drop")


def test_arm_week_mean_imputation():
    weeks = np.array([[1.0, np.nan], [3.0, 4.0], [np.nan, 10.0], [7.0, 20.0]])
    k2 = np.array([True, True, False, False])
    filled = impute_arm_week_mean(weeks, k2)
    assert filled[0, 1] == 4.0 and filled[2, 0] == 7.0
    assert not np.isnan(filled).any()


def test_welch_matches_scipy():
    rng = np.random.default_rng(3)
    a, b = rng.normal(0, 1, 40), rng.normal(1, 2, 55)
    diff, lo, hi, p = welch(a, b, 0.05)
    ref = stats.ttest_ind(a, b, equal_var=False)
    ci = ref.confidence_interval(0.95)
    assert (lo, hi, p) == pytest.approx((ci.low, ci.high, ref.pvalue), rel=1e-10)
    assert diff == pytest.approx(a.mean() - b.mean())


def test_rounds_to():
    assert rounds_to(-2.6745, -2.67, 2) and not rounds_to(-2.6751, -2.67, 2)
    assert rounds_to(0.0001, "<.001", 0) and not rounds_to(0.002, "<.001", 0)
    assert rounds_to(108.0, 108, 0)


def test_tiny_trial_datasets(tiny, run_tiny):
    ds = derive_all(run_tiny(tiny).tables, TINY_CONVENTIONS)
    assert list(ds.adsl["USUBJID"]) == ["A", "B"]
    freq = ds.adcramp[(ds.adcramp["PARAMCD"] == "FREQ") & (ds.adcramp["DTYPE"] == "")]
    base = freq[freq["AVISITN"] == 0]["AVAL"]
    # cramps on nights with offset % 3 == 0: 4 of the 14 baseline nights (-12, -9, -6, -3)
    assert base.tolist() == pytest.approx([2.0, 2.0])
    week1 = freq[freq["AVISITN"] == 1]["AVAL"]  # offsets 0, 3, 6
    assert week1.tolist() == pytest.approx([3.0, 3.0])
    assert ds.adsl["ADHPCT"].tolist() == pytest.approx([54 / 56 * 100] * 2)
    sev = ds.adcramp[(ds.adcramp["PARAMCD"] == "SEV") & (ds.adcramp["AVISITN"] == 2)]
    assert sev["AVAL"].tolist() == [4.0, 4.0] and sev["CHG"].tolist() == [0.0, 0.0]
    consort = ds.consort.set_index(["step", "group"])["n"]
    assert consort[("screened", "all")] == 3 and consort[("excluded", "declined to participate")] == 1


def test_missing_weeks_get_imputed_rows(tiny, run_tiny):
    tiny["diary_nights"] = [n for i, n in enumerate(tiny["diary_nights"]) if not (14 <= i < 18)]
    ds = derive_all(run_tiny(tiny).tables, TINY_CONVENTIONS)
    imp = ds.adcramp[ds.adcramp["DTYPE"] == "MEANIMP"]
    assert set(imp["USUBJID"]) == {"A"} and set(imp["AVISITN"]) == {1}
    assert len(imp) == 3  # FREQ, DUR, SEV of A's week 1 (3 of 7 nights)


def test_published_figures_on_a_hand_computed_example():
    """Two arms x two participants x two weeks, worked by hand:
    K2 weeks [[1, -], [3, 4]]: week 2 filled with 4 -> person-weeks 1, 4, 3, 4: mean 3,
    SD sqrt(6/3) = 1.414214 (n - 1 in the denominator, as the paper's SDs are).
    Placebo [[-, 10], [7, 20]]: week 1 filled with 7 -> 7, 10, 7, 20: mean 11, SD sqrt(38).
    Welch: se = sqrt(2/4 + 38/4) = sqrt(10), df = 10^2 / ((0.5^2 + 9.5^2) / 3) = 3.314917;
    difference -8 +- qt(0.975, 3.314917) sqrt(10)."""
    from k2cramps.analysis.published import freq_figures
    from k2cramps.core.conventions import Outcome
    weeks = np.array([[1.0, np.nan], [3.0, 4.0], [np.nan, 10.0], [7.0, 20.0]])
    k2 = np.array([True, True, False, False])
    got = freq_figures(Outcome(weeks, np.array([2.0, 4.0, 6.0, 8.0])), k2, 0.05)
    assert got["primary.k2_mean"] == 3.0 and got["primary.placebo_mean"] == 11.0
    assert got["primary.k2_sd"] == pytest.approx(np.sqrt(2))
    assert got["primary.placebo_sd"] == pytest.approx(np.sqrt(38))
    assert got["baseline.weekly_freq_k2_sd"] == pytest.approx(np.sqrt(2))
    half = stats.t.ppf(0.975, 100 / (90.5 / 3)) * np.sqrt(10)
    assert got["primary.difference"] == -8.0
    assert (got["primary.ci95_low"], got["primary.ci95_high"]) == pytest.approx((-8 - half, -8 + half))


def test_a_participant_without_adherence_record_is_not_counted_as_undosed(tiny, run_tiny):
    """No returned-capsule count says nothing about dosing: she stays in the safety
    population (SAFFL = Y) and her adherence is unknown, not 0%."""
    from k2cramps.adam.adsl import derive_adsl
    tiny["adherence"] = [r for r in tiny["adherence"] if r["participant_id"] != "A"]
    adsl = derive_adsl(run_tiny(tiny).tables).set_index("USUBJID")
    assert adsl.loc["A", "SAFFL"] == "Y" and np.isnan(adsl.loc["A", "ADHPCT"])
    assert adsl.loc["B", "SAFFL"] == "Y" and adsl.loc["B", "ADHPCT"] == pytest.approx(100 * 54 / 56)


def _consort(cleaned) -> pd.Series:
    return derive_all(cleaned.tables, TINY_CONVENTIONS).consort.set_index(["step", "group"])["n"]


def _offset(night: dict) -> int:
    return (date.fromisoformat(night["night_date"]) - R).days


def test_consort_counts_safety_week8_observed_and_complete_cases(tiny, run_tiny):
    """A (vitamin K2) loses week 3 (offsets 14-20) but keeps week 8: in the safety
    population, with week-8 data, analysed with observed weeks, not a complete case.
    B (placebo) took no capsule (60 dispensed, 60 returned) and kept no treatment-period
    diary: randomized and in the ITT count, but in none of the others."""
    tiny["diary_nights"] = [n for n in tiny["diary_nights"]
                            if not (n["participant_id"] == "A" and 14 <= _offset(n) <= 20)
                            and not (n["participant_id"] == "B" and _offset(n) >= 0)]
    tiny["adherence"] = [dict(participant_id="A", capsules_dispensed=60, capsules_returned=6),
                         dict(participant_id="B", capsules_dispensed=60, capsules_returned=60)]
    c = _consort(run_tiny(tiny))
    expected = {"randomized": (1, 1), "safety population": (1, 0), "with week-8 data": (1, 0),
                "analysed (ITT)": (1, 1), "analysed (observed weeks)": (1, 0),
                "analysed (complete cases)": (0, 0)}
    for step, (k2, placebo) in expected.items():
        assert (c[(step, "Vitamin K2")], c[(step, "Placebo")]) == (k2, placebo), step


def test_consort_complete_case_needs_all_eight_weeks(tiny, run_tiny):
    """Untouched tiny export: both participants record every night -> complete cases."""
    c = _consort(run_tiny(tiny))
    assert (c[("analysed (complete cases)", "Vitamin K2")],
            c[("analysed (complete cases)", "Placebo")]) == (1, 1)


def test_diary_completeness_per_arm_and_night(tiny, run_tiny):
    """A (vitamin K2) misses nights -14, 0, 1, 2; B (placebo) misses night 55. One
    participant per arm, so each share is 0 or 1."""
    tiny["diary_nights"] = [n for n in tiny["diary_nights"]
                            if not (n["participant_id"] == "A" and _offset(n) in (-14, 0, 1, 2))
                            and not (n["participant_id"] == "B" and _offset(n) == 55)]
    d = derive_all(run_tiny(tiny).tables, TINY_CONVENTIONS).diary_completeness
    assert d.columns.tolist() == ["arm", "night", "n_diary", "n_randomized", "share"]
    assert len(d) == 2 * 70 and d["night"].tolist() == list(range(-14, 56)) * 2
    k2 = d[d["arm"] == "Vitamin K2"].set_index("night")
    pbo = d[d["arm"] == "Placebo"].set_index("night")
    assert k2.loc[[-14, -13, 0, 1, 2, 3], "n_diary"].tolist() == [0, 1, 0, 0, 0, 1]
    assert k2["n_diary"].sum() == 70 - 4 and pbo["n_diary"].sum() == 70 - 1
    assert pbo.loc[55, "share"] == 0.0 and pbo.loc[54, "share"] == 1.0
    assert set(d["n_randomized"]) == {1}
