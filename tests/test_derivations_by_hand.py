"""Each derivation step of ADCRAMP and ADAE on a tiny trial typed by hand, admiral style:
a few input rows, and the expected output rows worked out by hand in the test.

The rules come from design sections 3 and 6 (copied here, the tests do not read design.md):
- windows for a participant randomized on date R: baseline = nights R-14..R-1; treatment
  week k (1..8) = nights R+7(k-1)..R+7k-1; discontinued_date is the last night on study;
- FREQ = 7 c / n over the n recorded nights of a week (c cramps), missing when
  n < min_nights_per_week (4); baseline FREQ the same over the 14 baseline nights, missing
  when n < min_baseline_nights (7);
- DUR / SEV = mean duration / severity of the week's episodes; a recorded week without
  cramps scores 0 (cramp_free_week = zero, published) or is missing (= missing);
- BASE = the baseline value, CHG = AVAL - BASE on the treatment weeks;
- an adverse event from study day 1 (the randomization date, the first night of capsules)
  on is treatment-emergent.
"""
from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from conftest import R, TINY_CONVENTIONS
from k2cramps.adam.adcramp import Conventions, period_totals
from k2cramps.adam.datasets import derive_all

NAN = np.nan
MISSING_FREE_WEEK = Conventions(min_nights_per_week=4, min_baseline_nights=7,
                                cramp_free_week="missing")


# --------------------------------------------------------------------------- building blocks
def _day(t: int) -> str:
    """The date of night `t` (offset from randomization on R = 2023-01-15)."""
    return str(R + timedelta(days=t))


def _trial(nights=(), episodes=(), adverse_events=(), discontinued=("", "")) -> dict:
    """Raw export of two participants randomized on R: A (vitamin K2) and B (placebo).

    nights: (participant, offset, cramps); episodes: (participant, offset, episode,
    duration_min, severity), written as in the CSV (so an invalid value goes through the
    cleaning rules); adverse_events: (participant, onset offset, term);
    discontinued: A's (discontinued_date, reason)."""
    scr = [dict(participant_id=p, site="CD", screening_date=_day(-14), age=70, sex="F",
                hypertension=0, diabetes=0, creatinine_mg_dl="", excluded_reason="")
           for p in ("A", "B")]
    rand = [dict(participant_id="A", arm="vitamin_k2", randomization_date=_day(0),
                 discontinued_date=discontinued[0], discontinuation_reason=discontinued[1]),
            dict(participant_id="B", arm="placebo", randomization_date=_day(0),
                 discontinued_date="", discontinuation_reason="")]
    return {
        "screening": scr, "randomization": rand,
        "diary_nights": [dict(participant_id=p, night_date=_day(t), cramps=c)
                         for p, t, c in nights],
        "cramp_episodes": [dict(participant_id=p, night_date=_day(t), episode=e,
                                duration_min=d, severity=s) for p, t, e, d, s in episodes],
        "adverse_events": [dict(participant_id=p, onset_date=_day(t), term=term, serious=0,
                                related=0) for p, t, term in adverse_events],
        "adherence": [dict(participant_id=p, capsules_dispensed=60, capsules_returned=4)
                      for p in ("A", "B")],
    }


def _nights(pid: str, offsets, cramps=0) -> list[tuple]:
    """Diary rows of `pid` on each night of `offsets`, `cramps` each (an int or a list)."""
    counts = cramps if isinstance(cramps, list) else [cramps] * len(offsets)
    return [(pid, t, c) for t, c in zip(offsets, counts, strict=True)]


def _derive(run_tiny, tables, conv=TINY_CONVENTIONS):
    return derive_all(run_tiny(tables).tables, conv)


COLUMNS = ["USUBJID", "PARAMCD", "AVISITN", "DTYPE", "AVAL", "NIGHTS", "BASE", "CHG", "ANL01FL"]


def _rows(adcramp: pd.DataFrame, keys: list[tuple], columns=COLUMNS) -> pd.DataFrame:
    """The ADCRAMP rows of (USUBJID, PARAMCD, AVISITN, DTYPE) `keys`, in that order."""
    ad = adcramp.assign(NIGHTS=adcramp["NIGHTS"].astype(float)) \
        .set_index(["USUBJID", "PARAMCD", "AVISITN", "DTYPE"], drop=False)
    return ad.loc[keys, columns].reset_index(drop=True)


def _expect(rows: list[tuple], columns=COLUMNS) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns)


def _assert_rows(adcramp, expected: pd.DataFrame) -> None:
    keys = list(expected[["USUBJID", "PARAMCD", "AVISITN", "DTYPE"]].itertuples(index=False,
                                                                               name=None))
    got = _rows(adcramp, keys, list(expected.columns))
    pd.testing.assert_frame_equal(got, expected, check_dtype=False, rtol=1e-12, atol=1e-12)


# --------------------------------------------------------------------------- 1. visit windows
def test_visit_of_a_night_at_each_window_edge():
    """Visit by night date, P randomized 2023-01-15, Q one day later (2023-01-16): each
    participant's windows run from their own randomization date. Every night of P carries
    its own cramp count (1..12), so the per-visit sums say which nights landed where.

    P's nights (offset from 2023-01-15) -> visit:
      2022-12-31 (-15) none    | 2023-01-01 (-14) Baseline, first | 2023-01-14 (-1) Baseline, last
      2023-01-15 (0)  Week 1 first | 2023-01-21 (6) Week 1 last | 2023-01-22 (7) Week 2 first
      2023-02-12 (28) Week 5 first | 2023-02-18 (34) Week 5 last | 2023-02-19 (35) Week 6 first
      2023-03-05 (49) Week 8 first | 2023-03-11 (55) Week 8 last | 2023-03-12 (56) none
    Q's 2023-01-15 is Q's last baseline night (-1), Q's 2023-01-22 Q's last week-1 night (6).
    An episode belongs to the visit of its night.
    (The cleaning drops -15 and 56, R07; the derivation must not count them either.)"""
    p_nights = [("2022-12-31", 1), ("2023-01-01", 2), ("2023-01-14", 3), ("2023-01-15", 4),
                ("2023-01-21", 5), ("2023-01-22", 6), ("2023-02-12", 7), ("2023-02-18", 8),
                ("2023-02-19", 9), ("2023-03-05", 10), ("2023-03-11", 11), ("2023-03-12", 12)]
    q_nights = [("2023-01-15", 1), ("2023-01-22", 2)]
    nights = [("P", date.fromisoformat(d), c) for d, c in p_nights] \
        + [("Q", date.fromisoformat(d), c) for d, c in q_nights]
    # P's episodes on the last night of week 1 (1.5 min) and the first of week 2 (2.5 min),
    # and one on the night before baseline (9 min) that belongs to no visit.
    episodes = [("P", date(2023, 1, 21), 1.5, 4.0), ("P", date(2023, 1, 22), 2.5, 5.0),
                ("P", date(2022, 12, 31), 9.0, 6.0)]
    tables = {
        "randomization": pd.DataFrame({"participant_id": ["P", "Q"],
                                       "randomization_date": [date(2023, 1, 15),
                                                              date(2023, 1, 16)]}),
        "diary_nights": pd.DataFrame(nights, columns=["participant_id", "night_date", "cramps"]),
        "cramp_episodes": pd.DataFrame(episodes, columns=["participant_id", "night_date",
                                                          "duration_min", "severity"]),
    }
    columns = ["participant_id", "AVISITN", "NIGHTS", "CRAMPS", "DUR_SUM"]
    got = period_totals(tables)[columns]
    expected = pd.DataFrame([
        # participant, visit, nights, cramps, minutes of cramps
        ("P", 0, 2, 2 + 3, 0.0), ("P", 1, 2, 4 + 5, 1.5), ("P", 2, 1, 6, 2.5), ("P", 3, 0, 0, 0.0),
        ("P", 4, 0, 0, 0.0), ("P", 5, 2, 7 + 8, 0.0), ("P", 6, 1, 9, 0.0), ("P", 7, 0, 0, 0.0),
        ("P", 8, 2, 10 + 11, 0.0),
        ("Q", 0, 1, 1, 0.0), ("Q", 1, 1, 2, 0.0), ("Q", 2, 0, 0, 0.0), ("Q", 3, 0, 0, 0.0),
        ("Q", 4, 0, 0, 0.0), ("Q", 5, 0, 0, 0.0), ("Q", 6, 0, 0, 0.0), ("Q", 7, 0, 0, 0.0),
        ("Q", 8, 0, 0, 0.0),
    ], columns=columns)
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)


def test_the_night_after_discontinuation_counts_in_no_week(run_tiny):
    """A stops on night 20 (2023-02-04, the last night of week 3, nights 14-20) but writes
    her diary on to night 27. Night 20 is still on study: week 3 keeps its 7 nights
    (7 cramps -> FREQ 7 * 7 / 7 = 7). Nights 21-27 (week 4) are after discontinuation: week 4
    has no night and no value."""
    tables = _trial(nights=_nights("A", range(14, 28), 1),
                    discontinued=("2023-02-04", "moved away"))
    ad = _derive(run_tiny, tables).adcramp
    _assert_rows(ad, _expect([
        ("A", "FREQ", 3, "", 7.0, 7, NAN, NAN, "Y"),
        ("A", "FREQ", 4, "", NAN, 0, NAN, NAN, ""),
    ]))


# --------------------------------------------------------------------------- 2. weekly FREQ
WEEK_1_FOUR_NIGHTS = _nights("A", [0, 1, 2, 3], [1, 0, 2, 0])   # 4 nights, 3 cramps
WEEK_2_THREE_NIGHTS = _nights("A", [7, 8, 9], [1, 1, 1])        # 3 nights, 3 cramps
WEEK_2_EPISODES = [("A", t, 1, "2", "5") for t in (7, 8, 9)]     # 2 minutes, severity 5


def test_weekly_frequency_at_the_minimum_nights_and_one_below(run_tiny):
    """Week 1: 4 recorded nights (= min_nights_per_week), 3 cramps -> 7 * 3 / 4 = 5.25 per
    week. Week 2: 3 nights (one below) -> missing, whatever its cramps; so are its DUR and
    SEV, though its 3 episodes would give 2 minutes and severity 5."""
    tables = _trial(nights=WEEK_1_FOUR_NIGHTS + WEEK_2_THREE_NIGHTS, episodes=WEEK_2_EPISODES)
    ad = _derive(run_tiny, tables).adcramp
    _assert_rows(ad, _expect([
        ("A", "FREQ", 1, "", 5.25, 4, NAN, NAN, "Y"),
        ("A", "FREQ", 2, "", NAN, 3, NAN, NAN, ""),
        ("A", "DUR", 2, "", NAN, 3, NAN, NAN, ""),
        ("A", "SEV", 2, "", NAN, 3, NAN, NAN, ""),
    ]))


def test_weekly_frequency_follows_the_min_nights_parameter(run_tiny):
    """With min_nights_per_week = 3 the 3-night week 2 counts: 7 * 3 / 3 = 7; with 5 the
    4-night week 1 is missing."""
    tables = _trial(nights=WEEK_1_FOUR_NIGHTS + WEEK_2_THREE_NIGHTS)
    three = _derive(run_tiny, tables, Conventions(3, 7, "zero")).adcramp
    _assert_rows(three, _expect([("A", "FREQ", 1, "", 5.25, 4, NAN, NAN, "Y"),
                                 ("A", "FREQ", 2, "", 7.0, 3, NAN, NAN, "Y")]))
    five = _derive(run_tiny, tables, Conventions(5, 7, "zero")).adcramp
    _assert_rows(five, _expect([("A", "FREQ", 1, "", NAN, 4, NAN, NAN, ""),
                                ("A", "FREQ", 2, "", NAN, 3, NAN, NAN, "")]))


# --------------------------------------------------------------------------- 3. baseline
BASELINE_7 = _nights("A", range(-14, -7), [1, 0, 0, 1, 0, 0, 1])   # nights -14..-8: 7, 3 cramps
BASELINE_6 = _nights("B", range(-6, 0), [1, 0, 1, 0, 1, 0])        # nights -6..-1: 6, 3 cramps


def test_baseline_frequency_at_the_minimum_nights_and_one_below(run_tiny):
    """A: 7 baseline nights (= min_baseline_nights), 3 cramps -> 7 * 3 / 7 = 3 per week.
    B: 6 nights, 3 cramps -> missing (it would be 7 * 3 / 6 = 3.5; 6 nights would be
    plenty for a treatment week, min 4: the baseline has its own minimum). ADSL's BFREQ is
    the same value."""
    ds = _derive(run_tiny, _trial(nights=BASELINE_7 + BASELINE_6))
    _assert_rows(ds.adcramp, _expect([("A", "FREQ", 0, "", 3.0, 7, 3.0, NAN, "Y"),
                                      ("B", "FREQ", 0, "", NAN, 6, NAN, NAN, "")]))
    bfreq = ds.adsl.set_index("USUBJID")["BFREQ"]
    assert bfreq["A"] == 3.0 and np.isnan(bfreq["B"])


def test_baseline_frequency_follows_the_min_baseline_nights_parameter(run_tiny):
    """min_baseline_nights = 6: B's 6 nights count, 7 * 3 / 6 = 3.5; = 8: A's 7 do not."""
    tables = _trial(nights=BASELINE_7 + BASELINE_6)
    six = _derive(run_tiny, tables, Conventions(4, 6, "zero")).adcramp
    _assert_rows(six, _expect([("A", "FREQ", 0, "", 3.0, 7, 3.0, NAN, "Y"),
                               ("B", "FREQ", 0, "", 3.5, 6, 3.5, NAN, "Y")]))
    eight = _derive(run_tiny, tables, Conventions(4, 8, "zero")).adcramp
    _assert_rows(eight, _expect([("A", "FREQ", 0, "", NAN, 7, NAN, NAN, "")]))


# --------------------------------------------------------------------------- 4. DUR and SEV
DUR_SEV_NIGHTS = (
    _nights("A", [0, 1, 2, 3, 4], 0)                 # week 1: 5 nights, no cramp
    + _nights("A", [7, 8, 9, 10], [2, 1, 1, 0])      # week 2: 4 nights, 4 cramps
    + _nights("A", [14, 15, 16, 17], [2, 0, 0, 0]))  # week 3: 4 nights, 2 cramps
DUR_SEV_EPISODES = [
    # participant, night, episode, duration_min, severity (as written in the CSV)
    ("A", 7, 1, "1", "2"), ("A", 7, 2, "2", "3"),
    ("A", 8, 1, "9", "10"),
    ("A", 9, 1, "4", "11"),       # severity 11 is not 1-10 (R11): kept, severity missing
    ("A", 14, 1, "0", "0"),       # duration 0 (R12) and severity 0 (R11): both missing
    ("A", 14, 2, "75", "high"),   # duration > 60 (R12), severity not a number (R11)
]


@pytest.mark.parametrize("conv, cramp_free_value", [(TINY_CONVENTIONS, 0.0),
                                                    (MISSING_FREE_WEEK, NAN)],
                         ids=["cramp_free_week=zero", "cramp_free_week=missing"])
def test_mean_duration_and_severity_per_week(run_tiny, conv, cramp_free_value):
    """Week 1: recorded (5 nights), no cramp: DUR = SEV = 0 under `zero`, missing under
    `missing`; its FREQ is 0 either way.
    Week 2: the mean over episodes, not over nights, and not the median:
      DUR (1 + 2 + 9 + 4) / 4 = 4 (median 3; mean of the nights' means (1.5 + 9 + 4) / 3
      = 4.83); SEV over the 3 episodes with a valid severity (2 + 3 + 10) / 3 = 5 (median 3;
      over nights (2.5 + 10) / 2 = 6.25).
    Week 3: 2 cramps but no usable duration or severity: DUR and SEV missing under both
    settings (it is not a cramp-free week); FREQ 7 * 2 / 4 = 3.5."""
    tables = _trial(nights=DUR_SEV_NIGHTS, episodes=DUR_SEV_EPISODES)
    ad = _derive(run_tiny, tables, conv).adcramp
    free_flag = "" if np.isnan(cramp_free_value) else "Y"
    _assert_rows(ad, _expect([
        ("A", "FREQ", 1, "", 0.0, 5, NAN, NAN, "Y"),
        ("A", "DUR", 1, "", cramp_free_value, 5, NAN, NAN, free_flag),
        ("A", "SEV", 1, "", cramp_free_value, 5, NAN, NAN, free_flag),
        ("A", "FREQ", 2, "", 7.0, 4, NAN, NAN, "Y"),
        ("A", "DUR", 2, "", 4.0, 4, NAN, NAN, "Y"),
        ("A", "SEV", 2, "", 5.0, 4, NAN, NAN, "Y"),
        ("A", "FREQ", 3, "", 3.5, 4, NAN, NAN, "Y"),
        ("A", "DUR", 3, "", NAN, 4, NAN, NAN, ""),
        ("A", "SEV", 3, "", NAN, 4, NAN, NAN, ""),
    ]))


def test_baseline_duration_and_severity_are_means_over_the_baseline_episodes(run_tiny):
    """A's 7 baseline nights -14..-8 with 3 cramps, episodes of 1, 1 and 7 minutes and
    severities 1, 2 and 9: BDUR = 9 / 3 = 3 (median 1), BSEV = 12 / 3 = 4 (median 2); the
    weeks' CHG is measured from them (week 1: one 5-minute, severity-7 cramp over 4 nights:
    CHG 5 - 3 = 2 and 7 - 4 = 3)."""
    nights = BASELINE_7 + _nights("A", [0, 1, 2, 3], [1, 0, 0, 0])
    episodes = [("A", -14, 1, "1", "1"), ("A", -11, 1, "1", "2"), ("A", -8, 1, "7", "9"),
                ("A", 0, 1, "5", "7")]
    ds = _derive(run_tiny, _trial(nights=nights, episodes=episodes))
    _assert_rows(ds.adcramp, _expect([
        ("A", "DUR", 0, "", 3.0, 7, 3.0, NAN, "Y"),
        ("A", "SEV", 0, "", 4.0, 7, 4.0, NAN, "Y"),
        ("A", "DUR", 1, "", 5.0, 4, 3.0, 2.0, "Y"),
        ("A", "SEV", 1, "", 7.0, 4, 4.0, 3.0, "Y"),
    ]))
    adsl = ds.adsl.set_index("USUBJID")
    assert (adsl.loc["A", "BDUR"], adsl.loc["A", "BSEV"]) == (3.0, 4.0)


# --------------------------------------------------------------------------- 5. ADAE
def test_treatment_emergent_from_the_day_of_the_first_dose(run_tiny):
    """The first capsule is taken on the randomization date (study day 1, the first night
    of week 1). Onset the day before (2023-01-14): not treatment-emergent; on the day
    (2023-01-15) and the day after (2023-01-16): treatment-emergent."""
    tables = _trial(nights=_nights("A", [0], 0),
                    adverse_events=[("A", -1, "before"), ("A", 0, "on the day"),
                                    ("A", 1, "after")])
    adae = _derive(run_tiny, tables).adae
    got = adae[["USUBJID", "TRT01P", "AETERM", "ASTDT", "TRTEMFL"]].assign(
        ASTDT=adae["ASTDT"].astype(str))
    expected = pd.DataFrame([("A", "Vitamin K2", "before", "2023-01-14", "N"),
                             ("A", "Vitamin K2", "on the day", "2023-01-15", "Y"),
                             ("A", "Vitamin K2", "after", "2023-01-16", "Y")],
                            columns=["USUBJID", "TRT01P", "AETERM", "ASTDT", "TRTEMFL"])
    pd.testing.assert_frame_equal(got, expected)


# --------------------------------------------------------------------------- 7. BASE and CHG
def test_base_and_change_from_baseline(run_tiny):
    """Two vitamin K2 participants (A, and A2 added to the trial), FREQ:
    A: baseline 14 nights, 8 cramps -> 7 * 8 / 14 = 4 = BASE.
       week 1: 7 nights, 3 cramps -> 3, CHG 3 - 4 = -1;
       week 2: 4 nights, 5 cramps -> 8.75, CHG 4.75;
       week 3: no night -> missing (CHG missing); the published imputation fills it with
       the arm's week-3 mean, A2's 2 -> CHG 2 - 4 = -2 on the MEANIMP row.
    A2: baseline 6 nights -> no BASE, so no CHG on any row.
       week 1: 7 nights, 7 cramps -> 7; week 2: missing, imputed with A's 8.75;
       week 3: 7 nights, 2 cramps -> 2.
    The baseline row carries its value as BASE and no change."""
    nights = (_nights("A", range(-14, 0), [1] * 8 + [0] * 6)
              + _nights("A", range(0, 7), [1, 1, 1, 0, 0, 0, 0])
              + _nights("A", [7, 8, 9, 10], [2, 1, 2, 0])
              + _nights("A2", range(-6, 0), 1)
              + _nights("A2", range(0, 7), 1)
              + _nights("A2", range(14, 21), [1, 1, 0, 0, 0, 0, 0]))
    tables = _trial(nights=nights)
    tables["screening"].append(dict(tables["screening"][0], participant_id="A2"))
    tables["randomization"].append(dict(tables["randomization"][0], participant_id="A2"))
    ad = _derive(run_tiny, tables).adcramp
    _assert_rows(ad, _expect([
        ("A", "FREQ", 0, "", 4.0, 14, 4.0, NAN, "Y"),
        ("A", "FREQ", 1, "", 3.0, 7, 4.0, -1.0, "Y"),
        ("A", "FREQ", 2, "", 8.75, 4, 4.0, 4.75, "Y"),
        ("A", "FREQ", 3, "", NAN, 0, 4.0, NAN, ""),
        ("A", "FREQ", 3, "MEANIMP", 2.0, NAN, 4.0, -2.0, "Y"),
        ("A2", "FREQ", 0, "", NAN, 6, NAN, NAN, ""),
        ("A2", "FREQ", 1, "", 7.0, 7, NAN, NAN, "Y"),
        ("A2", "FREQ", 2, "", NAN, 0, NAN, NAN, ""),
        ("A2", "FREQ", 2, "MEANIMP", 8.75, NAN, NAN, NAN, "Y"),
        ("A2", "FREQ", 3, "", 2.0, 7, NAN, NAN, "Y"),
    ]))


def test_study_day_of_onset_has_no_day_zero(run_tiny):
    """ADaM study day (ADaM IG, as --DY in SDTM): ASTDY = ASTDT - start + 1 on or after the
    start (day 1 = randomization, 2023-01-15), ASTDT - start before it: there is no day 0.
    Onsets 2023-01-13, -14, -15, -16 -> days -2, -1, 1, 2."""
    tables = _trial(nights=_nights("A", [0], 0),
                    adverse_events=[("A", -2, "two days before"), ("A", -1, "the day before"),
                                    ("A", 0, "on the day"), ("A", 1, "the day after")])
    adae = _derive(run_tiny, tables).adae.set_index("AETERM")
    assert adae.loc[["two days before", "the day before", "on the day", "the day after"],
                    "ASTDY"].tolist() == [-2, -1, 1, 2]
