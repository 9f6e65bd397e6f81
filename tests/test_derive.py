"""Conventions and derivations on hand-checkable data."""
import numpy as np
import pytest
from scipy import stats

from conftest import TINY_CONVENTIONS
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
