"""Every cleaning rule at its boundaries, and rows that two rules touch.

Each test changes one or two cells of the `tiny` export (whose own cleaning log is empty) and
compares the WHOLE cleaning log, as (file, line, participant, rule, original value) tuples
typed by hand, plus the kept value. A wrong rule id or line number fails like a wrong value.

Where the tiny export's rows are (header = line 1; R = 2023-01-15, night t = R + t days):
- screening.csv: A line 2, B line 3, C line 4 (C excluded, not randomized). Every row has
  screening_date 2023-01-01, age 70, sex F, hypertension 1, diabetes 0, creatinine 0.9.
- randomization.csv: A (vitamin_k2) line 2, B (placebo) line 3, no discontinuation.
- diary_nights.csv: nights t = -14..55 for A then B, 70 each: A's night t on line 16 + t,
  B's on line 86 + t; appended rows start on line 142. cramps = 1 when t % 3 == 0, else 0.
- cramp_episodes.csv: episode 1 (1.5 min, severity 4) on each night with a cramp,
  t = -12, -9, ..., 54 (23 a participant): A's on line 6 + t/3, B's on line 29 + t/3;
  appended rows start on line 48.
- adverse_events.csv: B, onset 2023-01-20 (R+5), headache, serious 0, related 0: line 2.
- adherence.csv: A line 2, B line 3, 60 dispensed and 6 returned each.

Thresholds, rules.py against design.md section 4: R11 (1-10) and R12 (> 0 and <= 60) agree.
R08: the design says "an integer >= 0"; rules.py (and the codebook) also drop more than 20 a
night (MAX_CRAMPS_PER_NIGHT), an upper bound the design's table does not have. R00, R02b,
R03b, R03c and R14-R16 are not in design.md at all (the codebook documents them); their
thresholds here come from rules.py and the codebook.
"""
from __future__ import annotations

import math

import pandas as pd
import pytest

FILES = {"screening": "screening.csv", "randomization": "randomization.csv",
         "diary_nights": "diary_nights.csv", "cramp_episodes": "cramp_episodes.csv",
         "adverse_events": "adverse_events.csv", "adherence": "adherence.csv"}
SCR, RAND, DIARY, EPI, AE, ADH = FILES.values()


def _log(cleaned) -> list[tuple]:
    """The cleaning log as (file, line, participant, rule, original value), in its order:
    rule (as listed in rules.py), then file name (alphabetical: cramp_episodes.csv before
    diary_nights.csv), then line."""
    cols = ["file", "line", "participant_id", "rule", "original_value"]
    return [tuple(row) for row in cleaned.log[cols].itertuples(index=False)]


def _row(cleaned, key, line):
    """The kept row that came from raw line `line` of `key`'s file, or None if dropped."""
    table = cleaned.tables[key]
    hit = table[table["_line"] == line]
    assert len(hit) <= 1
    return None if hit.empty else hit.iloc[0]


def _diary(tiny, pid, t):
    """The fixture's row dict for participant pid's night t (index = line - 2)."""
    return tiny["diary_nights"][(0 if pid == "A" else 70) + t + 14]


def _episode(tiny, pid, t):
    assert t % 3 == 0
    return tiny["cramp_episodes"][(0 if pid == "A" else 23) + (t + 12) // 3]


# =========================================================================== numeric rules
# R08 on A's night t = 0 (2023-01-15, diary line 16): 1 cramp, one episode (episode line 6).
@pytest.mark.parametrize("cramps, kept, extra_log", [
    ("0", 0, [(DIARY, 16, "A", "R13", "cramps=0; episodes=1")]),    # lowest count
    ("20", 20, [(DIARY, 16, "A", "R13", "cramps=20; episodes=1")]),  # highest plausible count
    ("20.0", 20, [(DIARY, 16, "A", "R13", "cramps=20.0; episodes=1")]),  # a whole number
])
def test_r08_cramp_counts_0_and_20_are_kept(tiny, run_tiny, cramps, kept, extra_log):
    """Kept, with the count as written; the one episode no longer matches it (R13, kept)."""
    tiny["diary_nights"][14]["cramps"] = cramps
    cleaned = run_tiny(tiny)
    assert _row(cleaned, "diary_nights", 16)["cramps"] == kept
    assert _log(cleaned) == extra_log


@pytest.mark.parametrize("cramps", ["-1", "21", "0.5", "20.5", "1e1", "one"])
def test_r08_cramp_counts_below_0_above_20_or_not_whole_drop_the_night(tiny, run_tiny, cramps):
    """-1 and 21 are the first values outside 0-20; 0.5 and 20.5 are not integers; "1e1" is
    not written as an integer. The night goes (R08), so its episode has no night (R10)."""
    tiny["diary_nights"][14]["cramps"] = cramps
    cleaned = run_tiny(tiny)
    assert _row(cleaned, "diary_nights", 16) is None
    assert _row(cleaned, "cramp_episodes", 6) is None
    assert _log(cleaned) == [(DIARY, 16, "A", "R08", cramps),
                             (EPI, 6, "A", "R10", "A,2023-01-15,1,1.5,4")]


# R03b on C's screening row (line 4): C is not randomized, so dropping it touches nothing else.
C_ROW = {"age": "70", "sex": "F", "hypertension": "1", "diabetes": "0"}


def _c_text(**cells) -> str:
    c = {**C_ROW, **cells}
    return (f"C,CD,2023-01-01,{c['age']},{c['sex']},{c['hypertension']},{c['diabetes']},0.9,"
            "declined to participate")


@pytest.mark.parametrize("column, value, kept_as", [
    ("age", "0", 0), ("age", "130", 130),
    ("hypertension", "0", 0), ("hypertension", "1", 1),
    ("diabetes", "0", 0), ("diabetes", "1", 1),
    # a whole number written as a float (an export's float column) is that number, as counts are
    ("hypertension", "1.0", 1), ("diabetes", "0.0", 0), ("age", "70.0", 70),
    ("sex", "M", "M"),
])
def test_r03b_screening_values_at_their_limits_are_kept(tiny, run_tiny, column, value, kept_as):
    tiny["screening"][2][column] = value
    cleaned = run_tiny(tiny)
    assert _log(cleaned) == []
    assert _row(cleaned, "screening", 4)[column] == kept_as


@pytest.mark.parametrize("column, value", [
    ("age", "-1"), ("age", "131"), ("age", "70.5"), ("age", ""),
    ("hypertension", "2"), ("hypertension", "-1"), ("hypertension", "0.5"),
    ("hypertension", "yes"), ("diabetes", "2"), ("diabetes", ""),
    ("sex", "X"),
])
def test_r03b_screening_values_past_their_limits_drop_the_row(tiny, run_tiny, column, value):
    """Age outside 0-130 or not whole, a flag other than 0/1, a sex other than F/M."""
    tiny["screening"][2][column] = value
    cleaned = run_tiny(tiny)
    assert _log(cleaned) == [(SCR, 4, "C", "R03b", _c_text(**{column: value}))]
    assert list(cleaned.tables["screening"]["participant_id"]) == ["A", "B"]


@pytest.mark.parametrize("dispensed, returned", [("0", "0"), ("1000", "6"), ("1000", "1000")])
def test_r03b_capsule_counts_0_and_1000_are_kept(tiny, run_tiny, dispensed, returned):
    tiny["adherence"][0].update(capsules_dispensed=dispensed, capsules_returned=returned)
    cleaned = run_tiny(tiny)
    assert _log(cleaned) == []
    row = _row(cleaned, "adherence", 2)
    assert (row["capsules_dispensed"], row["capsules_returned"]) == (int(dispensed), int(returned))


@pytest.mark.parametrize("dispensed, returned", [
    ("-1", "0"), ("1001", "6"), ("60", "-1"), ("60.5", "6"),
    ("1000", "1001"),  # returned > dispensed too, but R03b comes before R14
])
def test_r03b_capsule_counts_below_0_or_above_1000_drop_the_row(tiny, run_tiny, dispensed,
                                                                 returned):
    tiny["adherence"][0].update(capsules_dispensed=dispensed, capsules_returned=returned)
    cleaned = run_tiny(tiny)
    assert _log(cleaned) == [(ADH, 2, "A", "R03b", f"A,{dispensed},{returned}")]
    assert list(cleaned.tables["adherence"]["participant_id"]) == ["B"]


@pytest.mark.parametrize("episode", ["1", "20"])
def test_r03b_episode_numbers_1_and_20_are_kept(tiny, run_tiny, episode):
    """A's first episode (line 2, night t = -12 = 2023-01-03)."""
    tiny["cramp_episodes"][0]["episode"] = episode
    cleaned = run_tiny(tiny)
    assert _log(cleaned) == []
    assert _row(cleaned, "cramp_episodes", 2)["episode"] == int(episode)


@pytest.mark.parametrize("episode", ["0", "21", "1.5"])
def test_r03b_episode_numbers_0_and_21_drop_the_episode(tiny, run_tiny, episode):
    """The episode goes, so its night (t = -12, diary line 4, 1 cramp) has 0 episodes: R13."""
    tiny["cramp_episodes"][0]["episode"] = episode
    cleaned = run_tiny(tiny)
    assert _row(cleaned, "cramp_episodes", 2) is None
    assert _log(cleaned) == [(EPI, 2, "A", "R03b", f"A,2023-01-03,{episode},1.5,4"),
                             (DIARY, 4, "A", "R13", "cramps=1; episodes=0")]


@pytest.mark.parametrize("column, value, ok", [
    ("serious", "0", True), ("serious", "1", True), ("serious", "2", False),
    ("related", "1", True), ("related", "-1", False), ("related", "", False),
    ("serious", "1.0", True), ("related", "0.5", False),
])
def test_r03b_adverse_event_flags_are_0_or_1(tiny, run_tiny, column, value, ok):
    tiny["adverse_events"][0][column] = value
    cleaned = run_tiny(tiny)
    cells = {"serious": "0", "related": "0", column: value}
    expected = [] if ok else [(AE, 2, "B", "R03b",
                               f"B,2023-01-20,headache,{cells['serious']},{cells['related']}")]
    assert _log(cleaned) == expected
    assert len(cleaned.tables["adverse_events"]) == int(ok)
    if ok:
        assert cleaned.tables["adverse_events"][column].iloc[0] == int(float(value))


@pytest.mark.parametrize("severity, kept", [("1", 1.0), ("10", 10.0), ("10.0", 10.0)])
def test_r11_severity_1_and_10_are_kept(tiny, run_tiny, severity, kept):
    tiny["cramp_episodes"][0]["severity"] = severity
    cleaned = run_tiny(tiny)
    assert _log(cleaned) == []
    assert _row(cleaned, "cramp_episodes", 2)["severity"] == kept


@pytest.mark.parametrize("severity", ["0", "11", "-1", "9.5"])
def test_r11_severity_0_and_11_keep_the_episode_without_severity(tiny, run_tiny, severity):
    tiny["cramp_episodes"][0]["severity"] = severity
    cleaned = run_tiny(tiny)
    assert _log(cleaned) == [(EPI, 2, "A", "R11", severity)]
    row = _row(cleaned, "cramp_episodes", 2)
    assert math.isnan(row["severity"]) and row["duration_min"] == 1.5


@pytest.mark.parametrize("duration, kept", [("0.001", 0.001), ("60", 60.0), ("60.0", 60.0)])
def test_r12_durations_just_above_0_and_exactly_60_are_kept(tiny, run_tiny, duration, kept):
    tiny["cramp_episodes"][0]["duration_min"] = duration
    cleaned = run_tiny(tiny)
    assert _log(cleaned) == []
    assert _row(cleaned, "cramp_episodes", 2)["duration_min"] == kept


@pytest.mark.parametrize("duration", ["0", "-0.001", "60.0001", "61", "nan"])
def test_r12_durations_0_and_above_60_keep_the_episode_without_duration(tiny, run_tiny,
                                                                        duration):
    tiny["cramp_episodes"][0]["duration_min"] = duration
    cleaned = run_tiny(tiny)
    assert _log(cleaned) == [(EPI, 2, "A", "R12", duration)]
    row = _row(cleaned, "cramp_episodes", 2)
    assert math.isnan(row["duration_min"]) and row["severity"] == 4.0


@pytest.mark.parametrize("creatinine, kept", [("0.01", 0.01), ("1e-3", 0.001), ("", None)])
def test_r03c_a_positive_creatinine_or_a_blank_is_kept_without_a_log_line(tiny, run_tiny,
                                                                          creatinine, kept):
    """The bound is "positive": there is no upper plausibility limit (see the report)."""
    tiny["screening"][0]["creatinine_mg_dl"] = creatinine
    cleaned = run_tiny(tiny)
    assert _log(cleaned) == []
    value = _row(cleaned, "screening", 2)["creatinine_mg_dl"]
    assert math.isnan(value) if kept is None else value == kept


@pytest.mark.parametrize("creatinine", ["0", "-0.01", "0.0"])
def test_r03c_creatinine_0_or_below_is_logged_and_set_missing(tiny, run_tiny, creatinine):
    tiny["screening"][0]["creatinine_mg_dl"] = creatinine
    cleaned = run_tiny(tiny)
    assert _log(cleaned) == [(SCR, 2, "A", "R03c", creatinine)]
    assert math.isnan(_row(cleaned, "screening", 2)["creatinine_mg_dl"])


def test_r14_returned_equal_to_dispensed_is_kept(tiny, run_tiny):
    tiny["adherence"][0]["capsules_returned"] = "60"
    cleaned = run_tiny(tiny)
    assert _log(cleaned) == []
    assert _row(cleaned, "adherence", 2)["capsules_returned"] == 60


def test_r14_one_capsule_more_returned_than_dispensed_drops_the_row(tiny, run_tiny):
    tiny["adherence"][0]["capsules_returned"] = "61"
    cleaned = run_tiny(tiny)
    assert _log(cleaned) == [(ADH, 2, "A", "R14", "dispensed=60; returned=61")]
    assert list(cleaned.tables["adherence"]["participant_id"]) == ["B"]


# =========================================================================== date rules
def test_r07_first_and_last_nights_of_both_windows_are_kept(tiny, run_tiny):
    """Baseline R-14..R-1, treatment R..R+55 (design section 3): the fixture's first night
    (t = -14), last baseline night (t = -1), first treatment night (t = 0) and last (t = 55)
    are all kept, and nothing is logged."""
    cleaned = run_tiny(tiny)
    assert _log(cleaned) == []
    for line, night in [(2, "2023-01-01"), (15, "2023-01-14"), (16, "2023-01-15"),
                        (71, "2023-03-11")]:
        assert str(_row(cleaned, "diary_nights", line)["night_date"]) == night


def test_r07_the_night_before_baseline_and_after_treatment_are_dropped(tiny, run_tiny):
    """R-15 = 2022-12-31 and R+56 = 2023-03-12, each with one cramp and its episode."""
    for night in ("2022-12-31", "2023-03-12"):
        tiny["diary_nights"].append(dict(participant_id="A", night_date=night, cramps=1))
        tiny["cramp_episodes"].append(dict(participant_id="A", night_date=night, episode=1,
                                           duration_min=2, severity=5))
    cleaned = run_tiny(tiny)
    assert _log(cleaned) == [(EPI, 48, "A", "R07", "2022-12-31"),
                             (EPI, 49, "A", "R07", "2023-03-12"),
                             (DIARY, 142, "A", "R07", "2022-12-31"),
                             (DIARY, 143, "A", "R07", "2023-03-12")]
    assert len(cleaned.tables["diary_nights"]) == 140
    assert len(cleaned.tables["cramp_episodes"]) == 46


def test_r07_the_night_of_discontinuation_is_kept_and_the_next_dropped(tiny, run_tiny):
    """discontinued_date is "the last night on study" (design section 3). B stops on
    R+20 = 2023-02-04 (line 106 = 86 + 20, kept); B's nights t = 21..55 (lines 107..141)
    and their episodes t = 21, 24, ..., 54 (lines 29 + 7 = 36 .. 29 + 18 = 47) go."""
    tiny["randomization"][1].update(discontinued_date="2023-02-04",
                                    discontinuation_reason="moved away")
    cleaned = run_tiny(tiny)
    nights = [(DIARY, line, "B", "R07", _diary(tiny, "B", line - 86)["night_date"])
              for line in range(107, 142)]
    episodes = [(EPI, line, "B", "R07", _episode(tiny, "B", 3 * (line - 29))["night_date"])
                for line in range(36, 48)]
    assert _log(cleaned) == episodes + nights
    assert nights[0][-1] == "2023-02-05" and episodes[0][-1] == "2023-02-05"  # R+21
    assert str(_row(cleaned, "diary_nights", 106)["night_date"]) == "2023-02-04"
    kept = cleaned.tables["diary_nights"]
    assert (kept["participant_id"] == "B").sum() == 35  # t = -14..20


def test_r15_discontinued_on_the_randomization_day_is_valid(tiny, run_tiny):
    """Not before randomization: no R15. Night R (line 86) is B's last night on study: B keeps
    the 14 baseline nights and night 0; nights 1..55 (lines 87..141) and the episodes of
    t = 3..54 (lines 30..47) go under R07."""
    tiny["randomization"][1]["discontinued_date"] = "2023-01-15"
    cleaned = run_tiny(tiny)
    rules = [entry[3] for entry in _log(cleaned)]
    assert set(rules) == {"R07"} and "R15" not in rules
    lines = {(f, line) for f, line, *_ in _log(cleaned)}
    assert lines == {(DIARY, n) for n in range(87, 142)} | {(EPI, n) for n in range(30, 48)}
    rand = cleaned.tables["randomization"].set_index("participant_id")
    assert str(rand.loc["B", "discontinued_date"]) == "2023-01-15"
    assert rand.loc["B", "discontinuation_reason"] == ""
    assert (cleaned.tables["diary_nights"]["participant_id"] == "B").sum() == 15


def test_r15_discontinued_the_day_before_randomization(tiny, run_tiny):
    """R-1 = 2023-01-14 is before randomization: R15 keeps B with an unknown date and reason
    "unknown", and the whole diary as recorded (no R07 line)."""
    tiny["randomization"][1]["discontinued_date"] = "2023-01-14"
    cleaned = run_tiny(tiny)
    assert _log(cleaned) == [(RAND, 3, "B", "R15", "discontinued_date=2023-01-14")]
    rand = cleaned.tables["randomization"].set_index("participant_id")
    assert pd.isna(rand.loc["B", "discontinued_date"])
    assert rand.loc["B", "discontinuation_reason"] == "unknown"
    assert (cleaned.tables["diary_nights"]["participant_id"] == "B").sum() == 70


@pytest.mark.parametrize("onset, dropped", [
    ("2022-12-31", True),   # the day before the screening diary starts
    ("2023-01-01", False),  # its first night
])
def test_r16_onset_before_the_screening_diary(tiny, run_tiny, onset, dropped):
    tiny["adverse_events"][0]["onset_date"] = onset
    cleaned = run_tiny(tiny)
    assert _log(cleaned) == ([(AE, 2, "B", "R16", onset)] if dropped else [])
    assert len(cleaned.tables["adverse_events"]) == int(not dropped)


@pytest.mark.parametrize("onset, dropped", [
    ("2023-03-06", False),  # R+50 = last night R+20 plus 30 days
    ("2023-03-07", True),   # R+51 = plus 31 days
])
def test_r16_thirty_days_after_the_last_night_of_a_discontinued_participant(tiny, run_tiny,
                                                                            onset, dropped):
    """B stops on R+20 = 2023-02-04, so follow-up ends 30 days later, on 2023-03-06 (February
    2023 has 28 days: Feb 4 + 24 = Feb 28, + 6 = Mar 6), not 30 days after week 8."""
    tiny["randomization"][1]["discontinued_date"] = "2023-02-04"
    tiny["adverse_events"][0]["onset_date"] = onset
    cleaned = run_tiny(tiny)
    ae_lines = [entry for entry in _log(cleaned) if entry[0] == AE]
    assert ae_lines == ([(AE, 2, "B", "R16", onset)] if dropped else [])
    assert len(cleaned.tables["adverse_events"]) == int(not dropped)


@pytest.mark.parametrize("onset, dropped", [
    ("2023-04-10", False),  # R+85 = R+55 (the last treatment night) plus 30 days
    ("2023-04-11", True),   # R+86
])
def test_r16_a_discontinuation_after_week_8_counts_from_the_last_treatment_night(
        tiny, run_tiny, onset, dropped):
    """B's discontinued_date R+70 = 2023-03-26 lies after the treatment window: the last
    night on study is still R+55 (2023-03-11), so follow-up ends on 2023-04-10, not 2023-04-25.
    (March has 31 days: Mar 11 + 20 = Mar 31, + 10 = Apr 10.)"""
    tiny["randomization"][1]["discontinued_date"] = "2023-03-26"
    tiny["adverse_events"][0]["onset_date"] = onset
    cleaned = run_tiny(tiny)
    assert _log(cleaned) == ([(AE, 2, "B", "R16", onset)] if dropped else [])
    assert (cleaned.tables["diary_nights"]["participant_id"] == "B").sum() == 70


# =========================================================================== two rules, one row
def test_a_night_outside_the_window_with_a_bad_count_is_logged_r07(tiny, run_tiny):
    """R07 runs before R08 (design table order): the row is gone before its count is read,
    so one line, R07, and no R08."""
    tiny["diary_nights"].append(dict(participant_id="A", night_date="2023-03-12", cramps="-1"))
    assert _log(run_tiny(tiny)) == [(DIARY, 142, "A", "R07", "2023-03-12")]


def test_an_episode_with_bad_severity_outside_the_window_is_logged_r07(tiny, run_tiny):
    """Episodes are windowed by their own night_date (R07) before R11 looks at severity."""
    tiny["cramp_episodes"].append(dict(participant_id="A", night_date="2022-12-31", episode=1,
                                       duration_min=2, severity=0))
    assert _log(run_tiny(tiny)) == [(EPI, 48, "A", "R07", "2022-12-31")]


def test_an_episode_with_bad_severity_on_a_night_dropped_by_r08_is_logged_r10(tiny, run_tiny):
    """A's night t = 0 (line 16) gets cramps 'x' (R08); its episode (line 6, severity 0)
    then has no kept night: R10 drops it before R11 would have kept it without severity."""
    tiny["diary_nights"][14]["cramps"] = "x"
    tiny["cramp_episodes"][4]["severity"] = "0"
    assert _log(run_tiny(tiny)) == [(DIARY, 16, "A", "R08", "x"),
                                    (EPI, 6, "A", "R10", "A,2023-01-15,1,1.5,0")]


def test_an_episode_with_bad_severity_on_a_conflicting_night_is_logged_r09(tiny, run_tiny):
    """A second, different row for A's night t = 0 (line 142, cramps 2) conflicts with line
    16: both nights go (R09, original = cramps), and so does the night's episode (R09, not
    R10 or R11)."""
    tiny["diary_nights"].append(dict(participant_id="A", night_date="2023-01-15", cramps=2))
    tiny["cramp_episodes"][4]["severity"] = "11"
    assert _log(run_tiny(tiny)) == [(EPI, 6, "A", "R09", "A,2023-01-15,1,1.5,11"),
                                    (DIARY, 16, "A", "R09", "1"), (DIARY, 142, "A", "R09", "2")]


def test_a_bad_count_on_one_of_two_rows_for_a_night_leaves_no_conflict(tiny, run_tiny):
    """R08 before R09: the row with cramps -1 (line 142) goes first, so the night's other row
    (line 16, cramps 1) is alone, kept with its episode."""
    tiny["diary_nights"].append(dict(participant_id="A", night_date="2023-01-15", cramps="-1"))
    cleaned = run_tiny(tiny)
    assert _log(cleaned) == [(DIARY, 142, "A", "R08", "-1")]
    assert _row(cleaned, "diary_nights", 16)["cramps"] == 1
    assert _row(cleaned, "cramp_episodes", 6) is not None


def test_an_episode_with_bad_severity_and_bad_duration_gets_both_lines(tiny, run_tiny):
    """R11 and R12 keep the episode: both log the same raw line, neither drops it."""
    tiny["cramp_episodes"][0].update(severity="0", duration_min="0")
    cleaned = run_tiny(tiny)
    assert _log(cleaned) == [(EPI, 2, "A", "R11", "0"), (EPI, 2, "A", "R12", "0")]
    acc = cleaned.accounting.set_index("file").loc[EPI]
    assert (acc["rows_read"], acc["rows_used"], acc["rows_dropped"]) == (46, 46, 0)


def test_a_repeated_row_with_a_bad_date_the_repeat_is_r02_the_first_r03(tiny, run_tiny):
    """R02 (identical repeat) runs before R03: the second copy (line 143) is the repeat; the
    first (line 142) is then dropped for its date."""
    for _ in range(2):
        tiny["diary_nights"].append(dict(participant_id="A", night_date="2023-02-30", cramps=0))
    assert _log(run_tiny(tiny)) == [(DIARY, 143, "A", "R02", "A,2023-02-30,0"),
                                    (DIARY, 142, "A", "R03", "2023-02-30")]


def test_a_repeated_malformed_record_is_r00_twice_not_r02(tiny, run_tiny, tmp_path):
    """A record with the wrong number of fields never becomes a row, so R02 never sees it."""
    from conftest import write_tables
    from k2cramps.raw.cleaning import clean
    from k2cramps.raw.contract import read_all
    folder = write_tables(tmp_path / "raw", tiny)
    with open(folder / "adherence.csv", "a") as f:
        f.write("A,60\nA,60\n")
    assert _log(clean(read_all(folder))) == [(ADH, 4, "", "R00", "A,60"),
                                             (ADH, 5, "", "R00", "A,60")]


def test_rows_equal_after_stripping_are_r01_then_r02(tiny, run_tiny):
    """R01 strips the copy's spaces (and logs it); the copy is then identical to line 16 and
    R02 drops it: one raw line (142), two log lines, one drop."""
    tiny["diary_nights"].append(dict(participant_id="A", night_date=" 2023-01-15", cramps="1 "))
    cleaned = run_tiny(tiny)
    assert _log(cleaned) == [(DIARY, 142, "A", "R01", "night_date=' 2023-01-15'; cramps='1 '"),
                             (DIARY, 142, "A", "R02", "A,2023-01-15,1")]
    acc = cleaned.accounting.set_index("file").loc[DIARY]
    assert (acc["rows_read"], acc["rows_used"], acc["rows_dropped"]) == (141, 140, 1)


def test_two_identical_and_one_different_adherence_rows_are_r02_then_r02b(tiny, run_tiny):
    """The repeat of A's row (line 4) goes under R02; the two rows left for A (lines 2 and 5)
    disagree: both go under R02b."""
    tiny["adherence"] += [dict(participant_id="A", capsules_dispensed=60, capsules_returned=6),
                          dict(participant_id="A", capsules_dispensed=60, capsules_returned=7)]
    assert _log(run_tiny(tiny)) == [(ADH, 4, "A", "R02", "A,60,6"),
                                    (ADH, 2, "A", "R02b", "A,60,6"),
                                    (ADH, 5, "A", "R02b", "A,60,7")]


def test_a_diary_night_of_a_participant_not_randomized_outside_any_window_is_r06(tiny,
                                                                                run_tiny):
    """R06 before R07: C has no randomization date, so there is no window to be outside."""
    tiny["diary_nights"].append(dict(participant_id="C", night_date="2024-06-01", cramps="-1"))
    assert _log(run_tiny(tiny)) == [(DIARY, 142, "C", "R06", "C,2024-06-01,-1")]


def test_an_adverse_event_of_a_participant_not_randomized_years_later_is_r06(tiny, run_tiny):
    tiny["adverse_events"].append(dict(participant_id="C", onset_date="2099-01-01",
                                       term="fall", serious=1, related=0))
    assert _log(run_tiny(tiny)) == [(AE, 3, "C", "R06", "C,2099-01-01,fall,1,0")]


def test_adherence_of_a_participant_not_randomized_is_r06_even_if_it_fails_r14(tiny,
                                                                              run_tiny):
    """rules.py lists R06 before R14 ("in the order the rules are applied"), and R14's action
    ("the participant stays in the safety population") makes sense only for a randomized
    participant: C's row is a screening leftover, R06."""
    tiny["adherence"].append(dict(participant_id="C", capsules_dispensed=0, capsules_returned=5))
    assert _log(run_tiny(tiny)) == [(ADH, 4, "C", "R06", "C,0,5")]


def test_an_unknown_arm_with_a_bad_discontinuation_is_r04_only(tiny, run_tiny):
    """R04 drops the row before R15 would look at its date. B's rows then belong to nobody
    randomized (R06), which leaves one arm; so A gets a second, placebo participant D."""
    tiny["screening"].append(dict(tiny["screening"][0], participant_id="D"))
    tiny["randomization"].append(dict(participant_id="D", arm="placebo",
                                      randomization_date="2023-01-15", discontinued_date="",
                                      discontinuation_reason=""))
    tiny["randomization"][1].update(arm="vitamin_k3", discontinued_date="2023-01-01")
    cleaned = run_tiny(tiny)
    rand = [entry for entry in _log(cleaned) if entry[0] == RAND]
    assert rand == [(RAND, 3, "B", "R04", "B,vitamin_k3,2023-01-15,2023-01-01,")]
    assert {entry[3] for entry in _log(cleaned) if entry[0] != RAND} == {"R06"}


def test_an_excluded_participant_discontinued_early_gets_r05_and_r15(tiny, run_tiny):
    """Neither rule drops the row, so both log it; rows read = used for the file."""
    tiny["screening"][0]["excluded_reason"] = "taking diuretics"
    tiny["randomization"][0]["discontinued_date"] = "2023-01-10"
    cleaned = run_tiny(tiny)
    assert _log(cleaned) == [(RAND, 2, "A", "R05", "excluded_reason=taking diuretics"),
                             (RAND, 2, "A", "R15", "discontinued_date=2023-01-10")]
    acc = cleaned.accounting.set_index("file").loc[RAND]
    assert (acc["rows_read"], acc["rows_used"], acc["rows_dropped"]) == (2, 2, 0)


def test_conflicting_episode_rows_leave_their_night_short_r09b_then_r13(tiny, run_tiny):
    """Two different rows for A's episode 1 of night t = 0 (lines 6 and 48) both go (R09b);
    the night (line 16, 1 cramp) keeps its count and now has 0 episodes (R13)."""
    tiny["cramp_episodes"].append(dict(_episode(tiny, "A", 0), duration_min="3"))
    assert _log(run_tiny(tiny)) == [(EPI, 6, "A", "R09b", "A,2023-01-15,1,1.5,4"),
                                    (EPI, 48, "A", "R09b", "A,2023-01-15,1,3,4"),
                                    (DIARY, 16, "A", "R13", "cramps=1; episodes=0")]


def test_conflicting_episodes_on_a_conflicting_night_are_r09_not_r09b(tiny, run_tiny):
    """R09 (before R09b) takes the night's episodes with it: both rows for episode 1 of A's
    night t = 0 (lines 6 and 48) are logged R09, as are the night's two rows (16 and 142)."""
    tiny["diary_nights"].append(dict(participant_id="A", night_date="2023-01-15", cramps=2))
    tiny["cramp_episodes"].append(dict(_episode(tiny, "A", 0), duration_min="3"))
    assert _log(run_tiny(tiny)) == [(EPI, 6, "A", "R09", "A,2023-01-15,1,1.5,4"),
                                    (EPI, 48, "A", "R09", "A,2023-01-15,1,3,4"),
                                    (DIARY, 16, "A", "R09", "1"), (DIARY, 142, "A", "R09", "2")]
