"""ADSL, ADAE, ADCRAMP, CONSORT and diary-completeness details that the other by-hand tests
leave open (each test names the mutation-run survivor it pins). Tiny trials typed by hand,
expected values worked out by hand in the docstrings.

Rules (design sections 5-6, copied here by hand): AGEGR1 is ">=75" from age 75 on, "65-74"
from 65, "<65" below; AESER is Y for an adverse event coded serious = 1; a week's FREQ is
7 c / n over its n diary nights and DUR / SEV the mean of its episodes, missing when n is below
min_nights_per_week (treatment weeks) or min_baseline_nights (baseline), both allowed to be
as low as 1; TRNIGHTS / TRCRAMPS are every recorded night / cramp of weeks 1-8; a week is
observed for CONSORT when it has an observed FREQ value; the diary share of an arm on a
night is the arm's participants with a diary that night over the arm's randomized
participants (missing for an arm nobody was randomized to).
"""
from __future__ import annotations

from datetime import timedelta

import numpy as np
import pandas as pd

from conftest import R, TINY_CONVENTIONS, tiny_tables
from k2cramps.adam.adcramp import Conventions
from k2cramps.adam.adsl import add_baseline
from k2cramps.adam.consort import observed_weeks
from k2cramps.adam.datasets import derive_all
from k2cramps.adam.diary import diary_completeness

NAN = np.nan
K2, PBO = "Vitamin K2", "Placebo"


def _day(t: int) -> str:
    return str(R + timedelta(days=t))


def _derive(run_tiny, tables, conv=TINY_CONVENTIONS):
    return derive_all(run_tiny(tables).tables, conv)


# --------------------------------------------------------------------------- ADSL
def test_age_group_starts_at_exactly_75(run_tiny):
    """A is 75 (the first age of the older group), B is 74 (the last of the younger)."""
    tables = tiny_tables()
    tables["screening"][0]["age"] = 75
    tables["screening"][1]["age"] = 74
    adsl = _derive(run_tiny, tables).adsl
    assert list(adsl["USUBJID"]) == ["A", "B"]
    assert list(adsl["AGEGR1"]) == [">=75", "65-74"]


def test_a_participant_under_65_has_an_age_group_of_her_own(run_tiny):
    """The trial enrolled adults aged 65+, but an export may hold a younger participant: A
    is 64 ("<65", not "65-74" as it once was), B 65 (the first age of "65-74")."""
    tables = tiny_tables()
    tables["screening"][0]["age"] = 64
    tables["screening"][1]["age"] = 65
    adsl = _derive(run_tiny, tables).adsl
    assert list(adsl["AGEGR1"]) == ["<65", "65-74"]


def test_treatment_period_totals_count_week_1_and_not_the_baseline(run_tiny):
    """A writes all 14 baseline nights (1 cramp each) and the first 3 nights of week 1
    (nights 0-2, 1 cramp each), nothing after: TRNIGHTS = 3, TRCRAMPS = 3 (week 1 is a
    treatment week; the 14 baseline nights are not). B writes no diary at all: 0 and 0."""
    tables = tiny_tables()
    tables["diary_nights"] = [dict(participant_id="A", night_date=_day(t), cramps=1)
                              for t in range(-14, 3)]
    tables["cramp_episodes"] = []
    adsl = _derive(run_tiny, tables).adsl
    got = adsl[["USUBJID", "TRNIGHTS", "TRCRAMPS"]]
    expected = pd.DataFrame([("A", 3, 3), ("B", 0, 0)], columns=got.columns)
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)


def test_add_baseline_gives_zero_treatment_nights_to_a_participant_without_totals():
    """`add_baseline` on hand-made inputs: the totals have rows for A only (baseline 10 nights
    / 4 cramps, week 1 5 / 2, week 2 6 / 1), none for B. A: TRNIGHTS 5 + 6 = 11, TRCRAMPS
    2 + 1 = 3; B, with no row at all, recorded nothing: 0 and 0 (not missing, not 1).
    Baseline values are copied from the ADCRAMP baseline rows (A only; B missing)."""
    adsl = pd.DataFrame({"USUBJID": ["A", "B"], "TRT01P": [K2, PBO]})
    adcramp = pd.DataFrame({"USUBJID": "A", "AVISITN": 0, "DTYPE": "",
                            "PARAMCD": ["FREQ", "DUR", "SEV"], "AVAL": [2.8, 1.5, 4.0]})
    totals = pd.DataFrame({"participant_id": "A", "AVISITN": [0, 1, 2],
                           "NIGHTS": [10.0, 5.0, 6.0], "CRAMPS": [4.0, 2.0, 1.0]})
    got = add_baseline(adsl, adcramp, totals)
    expected = adsl.assign(BFREQ=[2.8, NAN], BDUR=[1.5, NAN], BSEV=[4.0, NAN],
                           TRNIGHTS=[11, 0], TRCRAMPS=[3, 0])
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)


# --------------------------------------------------------------------------- ADAE
def test_serious_and_related_flags_follow_the_codes(run_tiny):
    """A's rash is coded serious = 1, related = 1 -> AESER Y, AREL Y; B's headache (the tiny
    trial's) serious = 0, related = 0 -> N, N; B's nausea serious = 0, related = 1 -> N, Y."""
    tables = tiny_tables()
    tables["adverse_events"] += [
        dict(participant_id="A", onset_date=_day(3), term="rash", serious=1, related=1),
        dict(participant_id="B", onset_date=_day(9), term="nausea", serious=0, related=1)]
    adae = _derive(run_tiny, tables).adae
    got = adae[["USUBJID", "AETERM", "AESER", "AREL"]]
    expected = pd.DataFrame([("A", "rash", "Y", "Y"), ("B", "headache", "N", "N"),
                             ("B", "nausea", "N", "Y")], columns=got.columns)
    pd.testing.assert_frame_equal(got, expected)


# --------------------------------------------------------------------------- ADCRAMP
def test_a_single_diary_night_is_a_value_when_the_minimum_is_one(run_tiny):
    """min_nights_per_week = min_baseline_nights = 1 (the lowest allowed). A writes one
    night per period:
    - baseline, night -1: 1 cramp of 1.5 min, severity 4 -> FREQ 7 * 1 / 1 = 7, DUR 1.5, SEV 4;
    - week 1, night 3: 2 cramps (2 min sev 3, 4 min sev 5) -> FREQ 14, DUR 3, SEV 4;
    - week 2, night 7: no cramp -> FREQ 0, DUR 0 and SEV 0 (cramp-free week scores 0)."""
    tables = tiny_tables()
    tables["diary_nights"] = [dict(participant_id="A", night_date=_day(t), cramps=c)
                              for t, c in ((-1, 1), (3, 2), (7, 0))]
    tables["cramp_episodes"] = [
        dict(participant_id="A", night_date=_day(t), episode=e, duration_min=d, severity=s)
        for t, e, d, s in ((-1, 1, 1.5, 4), (3, 1, 2, 3), (3, 2, 4, 5))]
    ad = _derive(run_tiny, tables, Conventions(1, 1, "zero")).adcramp
    obs = ad[(ad["USUBJID"] == "A") & (ad["DTYPE"] == "") & (ad["AVISITN"] <= 2)]
    got = obs.pivot(index="AVISITN", columns="PARAMCD", values="AVAL")[["FREQ", "DUR", "SEV"]]
    expected = pd.DataFrame({"FREQ": [7.0, 14.0, 0.0], "DUR": [1.5, 3.0, 0.0],
                             "SEV": [4.0, 4.0, 0.0]}, index=pd.Index([0, 1, 2], name="AVISITN"))
    pd.testing.assert_frame_equal(got, expected, check_names=False)


# --------------------------------------------------------------------------- CONSORT
def test_observed_weeks_are_those_with_an_observed_frequency():
    """A hand-made ADCRAMP: A's week 1 has a FREQ value (7) but no DUR / SEV (cramps without
    usable episode values): observed. A's week 2 has only an imputed FREQ (MEANIMP): not
    observed. B's week 3 has FREQ missing (too few nights): not observed. Weeks without rows
    are not observed."""
    rows = [("A", "FREQ", 1, "", 7.0), ("A", "DUR", 1, "", NAN), ("A", "SEV", 1, "", NAN),
            ("A", "FREQ", 2, "MEANIMP", 3.0), ("A", "DUR", 2, "MEANIMP", 1.0),
            ("B", "FREQ", 3, "", NAN), ("B", "DUR", 3, "", 2.0)]
    adcramp = pd.DataFrame(rows, columns=["USUBJID", "PARAMCD", "AVISITN", "DTYPE", "AVAL"])
    got = observed_weeks(adcramp).reindex(["A", "B"], fill_value=False)
    expected = pd.DataFrame(False, index=["A", "B"], columns=range(1, 9))
    expected.loc["A", 1] = True
    pd.testing.assert_frame_equal(got, expected, check_names=False, check_index_type=False,
                                  check_column_type=False)


# --------------------------------------------------------------------------- diary completeness
def _diary_inputs(adsl_rows):
    adsl = pd.DataFrame(adsl_rows, columns=["USUBJID", "TRT01P"]).assign(RANDDT=_day(0))
    nights = pd.DataFrame([("K1", _day(0)), ("K1", _day(1)), ("K2", _day(1)), ("P1", _day(0))],
                          columns=["participant_id", "night_date"])
    return {"diary_nights": nights}, adsl


def test_diary_share_divides_by_the_arm_randomized():
    """Vitamin K2: K1 and K2 randomized (2); placebo: P1 (1). Night 0: K1 and P1 wrote ->
    K2 1 of 2 = 0.5, placebo 1 of 1 = 1. Night 1: K1 and K2 -> 2 of 2 = 1, placebo 0 of 1 = 0.
    Night 2: nobody -> 0 and 0."""
    tables, adsl = _diary_inputs([("K1", K2), ("K2", K2), ("P1", PBO)])
    got = diary_completeness(tables, adsl).set_index(["arm", "night"])
    assert len(got) == 2 * 70  # nights -14..55 per arm
    expected = pd.DataFrame([
        (K2, 0, 1, 2, 0.5), (K2, 1, 2, 2, 1.0), (K2, 2, 0, 2, 0.0),
        (PBO, 0, 1, 1, 1.0), (PBO, 1, 0, 1, 0.0), (PBO, 2, 0, 1, 0.0),
    ], columns=["arm", "night", "n_diary", "n_randomized", "share"]).set_index(["arm", "night"])
    pd.testing.assert_frame_equal(got.loc[expected.index], expected, check_dtype=False)


def test_diary_share_is_missing_for_an_arm_nobody_was_randomized_to():
    """Only K1 and K2 (vitamin K2) in ADSL: the placebo rows have 0 randomized and a missing
    share (P1's diary is not counted: P1 is not randomized here)."""
    tables, adsl = _diary_inputs([("K1", K2), ("K2", K2)])
    got = diary_completeness(tables, adsl)
    pbo = got[got["arm"] == PBO]
    assert len(pbo) == 70
    assert (pbo["n_diary"] == 0).all() and (pbo["n_randomized"] == 0).all()
    assert pbo["share"].isna().all()
    k2_night0 = got[(got["arm"] == K2) & (got["night"] == 0)]
    assert k2_night0[["n_diary", "n_randomized", "share"]].values.tolist() == [[1, 2, 0.5]]
