"""ADSL populations and flags and the CONSORT counts on a hand-made trial in which every
count differs from the others, and a property: the derived datasets do not depend on the
order of the input rows.

Rules (design sections 3-6, copied here by hand): everyone randomized is in the ITT
population; the safety population took at least one capsule (dispensed - returned > 0; no
adherence record says nothing about dosing: in); a participant discontinued when the
randomization row has a discontinued_date (the last night on study) or a reason; adherence
= capsules taken / planned nights (randomization to the last night on study, 56 nights for a
completer); a week is observed with >= 4 diary nights; a participant with a week-8 value has
"week-8 data", one with any observed week 1-8 is in the observed-weeks analysis, one with all
eight a complete case.
"""
from __future__ import annotations

import tempfile
from datetime import timedelta
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from conftest import R, TINY_CONVENTIONS, write_tables
from k2cramps.adam.adcramp import Conventions
from k2cramps.adam.datasets import FILES, derive_all
from k2cramps.raw.cleaning import clean
from k2cramps.raw.contract import read_all

NAN = np.nan


def _day(t: int) -> str:
    return str(R + timedelta(days=t))


def _week(k: int) -> range:
    """Nights (offsets from randomization) of treatment week k."""
    return range(7 * (k - 1), 7 * k)


# --------------------------------------------------------------------------- the hand-made trial
# 11 randomized: vitamin K2 K01-K06, placebo P01-P05.
# id, arm, exclusion reason at screening, discontinued_date, reason, capsules (dispensed,
# returned) or None for no adherence record, treatment weeks with a full diary (7 nights, no
# cramp; nights after discontinuation are written too, and dropped by the cleaning).
RANDOMIZED = [
    ("K01", "vitamin_k2", "", "", "", (60, 4), [1, 2, 3, 4, 5, 6, 7, 8]),
    ("K02", "vitamin_k2", "", "", "", None, [1, 2, 3, 4, 5, 6, 7]),
    ("K03", "vitamin_k2", "", "", "", (60, 60), [2, 3, 4, 5, 6, 7, 8]),
    # last night on study 52 = 2023-03-08: week 8 keeps its nights 49-52, exactly 4
    ("K04", "vitamin_k2", "", _day(52), "adverse event", (60, 20), [1, 3, 4, 5, 6, 7, 8]),
    # a reason but no date: discontinued on an unknown date
    ("K05", "vitamin_k2", "", "", "withdrew consent", (60, 60), []),
    ("K06", "vitamin_k2", "taking diuretics", "", "", (60, 18), [1, 3]),
    ("P01", "placebo", "", "", "", (60, 4), [1, 2, 3, 5, 6, 7, 8]),
    ("P02", "placebo", "", "", "", (60, 60), [8]),
    # last night on study 20 = 2023-02-04, the last night of week 3
    ("P03", "placebo", "", _day(20), "moved away", (60, 46), [1, 2, 3, 4]),
    ("P04", "placebo", "", "", "", None, []),
    ("P05", "placebo", "taking diuretics", "", "", (60, 60), [1, 2]),
]
# 9 screened, not randomized: S01-S05 declined, S06-S08 taking diuretics, S09 no reason.
NOT_RANDOMIZED = [(f"S0{i}", reason) for i, reason in enumerate(
    ["declined"] * 5 + ["taking diuretics"] * 3 + [""], start=1)]


def _screening(pid: str, reason: str) -> dict:
    return dict(participant_id=pid, site="CD", screening_date=_day(-14), age=70, sex="M",
                hypertension=0, diabetes=0, creatinine_mg_dl="", excluded_reason=reason)


def _hand_made_trial() -> dict[str, list[dict]]:
    scr = [_screening(pid, x) for pid, _, x, *_ in RANDOMIZED] \
        + [_screening(pid, x) for pid, x in NOT_RANDOMIZED]
    rand = [dict(participant_id=pid, arm=arm, randomization_date=_day(0), discontinued_date=d,
                 discontinuation_reason=why) for pid, arm, _, d, why, _, _ in RANDOMIZED]
    nights = [dict(participant_id=pid, night_date=_day(t), cramps=0)
              for pid, *_, weeks in RANDOMIZED for k in weeks for t in _week(k)]
    adh = [dict(participant_id=pid, capsules_dispensed=c[0], capsules_returned=c[1])
           for pid, *_, c, _ in RANDOMIZED if c is not None]
    return {"screening": scr, "randomization": rand, "diary_nights": nights,
            "cramp_episodes": [], "adverse_events": [], "adherence": adh}


def test_populations_and_disposition_flags(run_tiny):
    """By hand, for each combination of the inputs:
    - ITT: everyone randomized (the 9 screened but not randomized have no ADSL row; K06 and
      P05 had an exclusion reason and are in, flagged as a protocol deviation);
    - safety: out when every capsule came back (K03, K05, P02, P05), in with no adherence
      record (K02, P04);
    - EOSSTT: DISCONTINUED with a date (K04, P03) or with a reason only (K05), whether or not
      week 8 was observed (K04 has it, K05 not); COMPLETED whether or not week 8 was
      observed (K01, K03, P01, P02 have it; K02, K06, P04, P05 not);
    - planned nights: 56; K04 stopped after night 52 -> 53; P03 after night 20 -> 21; K05's
      date is unknown -> 56; adherence 100 * taken / planned:
      K01 56/56 = 100, K04 40/53, K06 42/56 = 75, P01 56/56, P03 14/21; 0 for the undosed."""
    ds = derive_all(run_tiny(_hand_made_trial()).tables, TINY_CONVENTIONS)
    freq8 = ds.adcramp[(ds.adcramp["PARAMCD"] == "FREQ") & (ds.adcramp["AVISITN"] == 8)
                       & (ds.adcramp["DTYPE"] == "")].set_index("USUBJID")["AVAL"]
    columns = ["USUBJID", "TRT01P", "ITTFL", "SAFFL", "EOSSTT", "DCSREAS", "EXCLDEVFL",
               "TRTDURD", "ADHPCT"]
    got = ds.adsl[columns].assign(WEEK8=ds.adsl["USUBJID"].map(freq8.notna()).map(
        {True: "Y", False: "N"}))
    k2, pbo, done, stop = "Vitamin K2", "Placebo", "COMPLETED", "DISCONTINUED"
    expected = pd.DataFrame([
        ("K01", k2, "Y", "Y", done, "", "", 56, 100.0, "Y"),
        ("K02", k2, "Y", "Y", done, "", "", 56, NAN, "N"),
        ("K03", k2, "Y", "N", done, "", "", 56, 0.0, "Y"),
        ("K04", k2, "Y", "Y", stop, "adverse event", "", 53, 100 * 40 / 53, "Y"),
        ("K05", k2, "Y", "N", stop, "withdrew consent", "", 56, 0.0, "N"),
        ("K06", k2, "Y", "Y", done, "", "Y", 56, 75.0, "N"),
        ("P01", pbo, "Y", "Y", done, "", "", 56, 100.0, "Y"),
        ("P02", pbo, "Y", "N", done, "", "", 56, 0.0, "Y"),
        ("P03", pbo, "Y", "Y", stop, "moved away", "", 21, 100 * 14 / 21, "N"),
        ("P04", pbo, "Y", "Y", done, "", "", 56, NAN, "N"),
        ("P05", pbo, "Y", "N", done, "", "Y", 56, 0.0, "N"),
    ], columns=columns + ["WEEK8"])
    pd.testing.assert_frame_equal(got, expected, check_dtype=False, rtol=1e-12)


def test_every_consort_count_of_the_hand_made_trial(run_tiny):
    """Counted by hand from the table above. Within each arm every count differs from the
    others (ITT = randomized by definition), and each differs between the arms:
                        K2 (K01-K06)                placebo (P01-P05)
    randomized          6                           5
    safety population   4 (K01 K02 K04 K06)         3 (P01 P03 P04)
    discontinued        2 (K04 AE, K05 consent)     1 (P03 moved away)
    with week-8 data    3 (K01 K03 K04)             2 (P01 P02)
    observed weeks      5 (all but K05)             4 (all but P04)
    complete cases      1 (K01)                     0 (P01 lacks week 4)
    Screened 20 = 11 randomized + 9 excluded (5 declined, 3 taking diuretics, 1 without a
    reason); the two randomized despite an exclusion reason (K06, P05) are protocol
    deviations, not exclusions."""
    consort = derive_all(run_tiny(_hand_made_trial()).tables, TINY_CONVENTIONS).consort
    got = {(step, group): n for step, group, n in consort.itertuples(index=False)}
    k2, pbo = "Vitamin K2", "Placebo"
    assert got == {
        ("screened", "all"): 20,
        ("excluded", "all"): 9,
        ("excluded", "declined"): 5,
        ("excluded", "taking diuretics"): 3,
        ("excluded", "not randomized, no reason recorded"): 1,
        ("randomized", "all"): 11,
        ("randomized", k2): 6, ("randomized", pbo): 5,
        ("safety population", k2): 4, ("safety population", pbo): 3,
        ("discontinued", k2): 2, ("discontinued", pbo): 1,
        ("discontinued", f"{k2}: adverse event"): 1,
        ("discontinued", f"{k2}: withdrew consent"): 1,
        ("discontinued", f"{pbo}: moved away"): 1,
        ("with week-8 data", k2): 3, ("with week-8 data", pbo): 2,
        ("analysed (ITT)", k2): 6, ("analysed (ITT)", pbo): 5,
        ("analysed (observed weeks)", k2): 5, ("analysed (observed weeks)", pbo): 4,
        ("analysed (complete cases)", k2): 1, ("analysed (complete cases)", pbo): 0,
        ("protocol deviation: randomized despite exclusion reason", "all"): 2,
    }
    assert len(consort) == len(got)  # no (step, group) twice


def test_a_discontinuation_without_a_reason_is_counted_as_no_reason_recorded(tiny, run_tiny):
    """B (placebo) stopped after night 30 (a usable date, so R15 leaves the reason blank):
    CONSORT counts B under "no reason recorded", as the discontinuation table does, not under
    the empty label "Placebo: "."""
    tiny["randomization"][1]["discontinued_date"] = str(R + timedelta(days=30))
    ds = derive_all(run_tiny(tiny).tables, TINY_CONVENTIONS)
    got = {group: n for step, group, n in ds.consort.itertuples(index=False)
           if step == "discontinued"}
    assert got == {"Vitamin K2": 0, "Placebo": 1, "Placebo: no reason recorded": 1}


# --------------------------------------------------------------------------- row order
def _varied_trial() -> dict[str, list[dict]]:
    """Four participants randomized on different dates (one discontinued), nights with
    0-3 cramps and some gaps, episodes of varied duration and severity (a few invalid), an
    excluded screenee, adverse events and one missing adherence record. No expected value is
    computed from it: the property below compares the derivation with itself."""
    people = [("A", "vitamin_k2", 0, ""), ("B", "placebo", 3, ""),
              ("C", "vitamin_k2", 10, 30), ("D", "placebo", 1, "")]
    scr = [_screening(p, "") for p, *_ in people] + [_screening("E", "declined")]
    rand, nights, episodes = [], [], []
    for i, (pid, arm, r, stop) in enumerate(people):
        def day(t: int) -> str:  # night t of a participant randomized on R + r
            return _day(r + t)
        rand.append(dict(participant_id=pid, arm=arm, randomization_date=day(0),
                         discontinued_date=day(stop) if stop != "" else "",
                         discontinuation_reason="adverse event" if stop != "" else ""))
        for t in range(-14, 56):
            if (t + 3 * i) % 11 == 0 or (pid == "A" and 21 <= t < 28):
                continue  # a night without diary; A skips week 4
            cramps = (t * (i + 2) + i) % 4 if (t + i) % 3 else 0
            nights.append(dict(participant_id=pid, night_date=day(t), cramps=cramps))
            for e in range(1, cramps + 1):
                severity = 11 if (t + e) % 17 == 0 else 1 + (t + 2 * e + i) % 10  # 11: R11
                episodes.append(dict(participant_id=pid, night_date=day(t), episode=e,
                                     duration_min=0.5 + (3 * t + e + i) % 9, severity=severity))
    ae = [dict(participant_id="A", onset_date=_day(-2), term="headache", serious=0, related=0),
          dict(participant_id="B", onset_date=_day(8), term="nausea", serious=0, related=1),
          dict(participant_id="C", onset_date=_day(11), term="rash", serious=1, related=0)]
    adh = [dict(participant_id=p, capsules_dispensed=60, capsules_returned=ret)
           for p, ret in (("A", 5), ("B", 60), ("C", 30))]
    return {"screening": scr, "randomization": rand, "diary_nights": nights,
            "cramp_episodes": episodes, "adverse_events": ae, "adherence": adh}


@cache
def _varied_cleaned() -> dict[str, pd.DataFrame]:
    with tempfile.TemporaryDirectory() as folder:
        return clean(read_all(write_tables(Path(folder), _varied_trial()))).tables


# No shrinking: a failing example (a set of nights and 280-row permutations) takes minutes
# to shrink and stays unreadable; the first failing one is reported as found.
@settings(max_examples=25, deadline=None, derandomize=True,
          phases=(Phase.explicit, Phase.generate))
@given(data=st.data(), cramp_free_week=st.sampled_from(["zero", "missing"]))
def test_derived_datasets_do_not_depend_on_the_order_of_the_input_rows(data, cramp_free_week):
    """Drop a random set of diary nights (so that different weeks go missing), then shuffle
    the rows of every input table: the weekly values (ADCRAMP, with its imputed rows),
    ADSL, ADAE, the CONSORT counts and the diary completeness are the same, row for row."""
    conv = Conventions(4, 7, cramp_free_week)
    tables = dict(_varied_cleaned())
    nights = tables["diary_nights"]
    dropped = data.draw(st.sets(st.integers(0, len(nights) - 1), max_size=len(nights) // 2),
                        label="dropped nights")
    tables["diary_nights"] = nights.drop(index=sorted(dropped)).reset_index(drop=True)
    shuffled = {key: df.iloc[data.draw(st.permutations(range(len(df))), label=key)]
                .reset_index(drop=True) for key, df in tables.items()}
    expected, got = derive_all(tables, conv), derive_all(shuffled, conv)
    for name in FILES:
        pd.testing.assert_frame_equal(getattr(got, name), getattr(expected, name),
                                      rtol=1e-12, obj=name)
