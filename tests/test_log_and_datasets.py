"""The cleaning-log summary and printout, the per-file accounting, the datasets written to
and read back from <OUT>/data/processed/, and the derivation settings read from the
parameters, each on a tiny export typed here with the expected output worked out by hand.

Design section 4 (copied here; the tests do not read design.md): every rule that touches a
raw row writes one log line (file, line in the raw file, participant, rule, action,
original value); for every raw file, rows read = rows used + rows dropped; the report shows
the accounting and the log counts by rule (R06, rows of participants never randomized, is
counted apart from the others).
"""
from __future__ import annotations

import io
from datetime import timedelta

import numpy as np
import pandas as pd
import pytest

from conftest import R, TINY_CONVENTIONS, write_tables
from k2cramps.adam.adcramp import Conventions
from k2cramps.adam.datasets import derive_all, load_datasets, save_datasets
from k2cramps.core import params
from k2cramps.raw.cleaning import clean
from k2cramps.raw.contract import read_all
from k2cramps.raw.log import LOG_COLUMNS, accounting, log_summary, print_log


def _night(t: int) -> str:
    return str(R + timedelta(days=t))


# --------------------------------------------------------------------------- the cleaning log
@pytest.fixture
def defects(tiny, run_tiny):
    """The tiny export (conftest.tiny_tables: A on vitamin K2 and B on placebo, each with a
    diary row for every night -14..55, 70 rows, lines 2-71 for A and 72-141 for B, and an
    episode on every night t with t % 3 == 0, 23 each; C screened, excluded, never
    randomized) with these defects:

    - screening.csv line 3: B's sex "f " (R01: stripped and upper-cased, kept);
    - diary_nights.csv line 5 (A, night -11): cramps "x" (R08: the night is dropped);
    - diary_nights.csv line 142: a repeat of line 3 (A, night -13) (R02: dropped);
    - diary_nights.csv lines 143, 144: C's nights -14 and -13 (R06: dropped);
    - cramp_episodes.csv lines 2, 3 (A's episodes of nights -12, -9): durations 0 and 61
      minutes (R12: episode kept, duration missing);
    - adverse_events.csv line 3: an event of C (R06: dropped)."""
    tiny["screening"][1]["sex"] = "f "
    nights = tiny["diary_nights"]
    nights[3]["cramps"] = "x"
    nights.append(dict(nights[1]))
    nights += [dict(participant_id="C", night_date=_night(t), cramps=0) for t in (-14, -13)]
    tiny["cramp_episodes"][0]["duration_min"] = 0
    tiny["cramp_episodes"][1]["duration_min"] = 61
    tiny["adverse_events"].append(dict(participant_id="C", onset_date=_night(0), term="nausea",
                                       serious=0, related=0))
    return run_tiny(tiny)


# What each rule is and does (rules.RULES), typed from the design's table of rules.
R01 = ("text cell with stray spaces, or a code (arm, sex) in non-canonical case",
       "strip; recase codes only (names such as sites keep their case)")
R02 = ("row identical to an earlier row of the same file", "drop the repeat")
R06 = ("diary/episode/AE/adherence row of a participant not randomized", "drop the row")
R08 = ("cramps not an integer 0-20 (more than 20 a night is implausible)",
       "drop the night (missing)")
R12 = ("duration_min <= 0 or > 60, or not a number", "keep the episode, duration missing")


def test_log_summary_counts_log_lines_per_rule_and_file(defects):
    """One row per (rule, file) in the order of the rules, then of the file names: R06 has
    a row for each of its two files (one AE, two diary nights); R12 counts both episodes."""
    expected = pd.DataFrame([
        ("R01", "screening.csv", 1, *R01),
        ("R02", "diary_nights.csv", 1, *R02),
        ("R06", "adverse_events.csv", 1, *R06),
        ("R06", "diary_nights.csv", 2, *R06),
        ("R08", "diary_nights.csv", 1, *R08),
        ("R12", "cramp_episodes.csv", 2, *R12),
    ], columns=["rule", "file", "rows", "when", "action"])
    pd.testing.assert_frame_equal(log_summary(defects.log), expected)


def test_log_summary_counts_repeated_rules_of_a_hand_typed_log():
    """Straight from a log typed by hand: 3 R02 lines in one file and 1 in another, 1 R03:
    counts 3, 1, 1 (the size of each group, not its number of distinct participants: the
    three R02 lines are of two participants)."""
    log = pd.DataFrame([
        ("diary_nights.csv", 4, "A", "R02", "drop the repeat", "A,2023-01-02,0"),
        ("diary_nights.csv", 9, "A", "R02", "drop the repeat", "A,2023-01-07,1"),
        ("diary_nights.csv", 12, "B", "R02", "drop the repeat", "B,2023-01-02,0"),
        ("screening.csv", 5, "D", "R02", "drop the repeat", "D,CD,2023-01-01,70,F,0,0,,"),
        ("diary_nights.csv", 7, "B", "R03", "drop the row", "B,2023-02-30,0"),
    ], columns=LOG_COLUMNS)
    got = log_summary(log)
    assert got[["rule", "file", "rows"]].values.tolist() == [
        ["R02", "diary_nights.csv", 3], ["R02", "screening.csv", 1],
        ["R03", "diary_nights.csv", 1]]
    assert got["when"].tolist()[2] == "date that does not parse"
    assert got["action"].tolist()[2] == "drop the row"


def test_accounting_rows_read_equal_rows_used_plus_rows_dropped(defects):
    """diary_nights.csv: 140 + 1 repeat + 2 of C = 143 read; R02, R06 x 2 and R08 drop 4;
    139 used. adverse_events.csv: B's event and C's, 1 dropped (R06). The R01 and R12 rows
    are kept (no row lost). Files in the contract's order."""
    acc = defects.accounting
    assert acc[["file", "rows_read", "rows_used", "rows_dropped"]].values.tolist() == [
        ["screening.csv", 3, 3, 0],
        ["randomization.csv", 2, 2, 0],
        ["diary_nights.csv", 143, 139, 4],
        ["cramp_episodes.csv", 46, 46, 0],
        ["adverse_events.csv", 2, 1, 1],
        ["adherence.csv", 2, 2, 0],
    ]
    assert acc["sha256"].str.fullmatch("[0-9a-f]{64}").all()


def test_accounting_stops_when_a_dropped_row_is_not_in_the_log(tiny, tmp_path):
    """Two diary rows of C (never randomized) are dropped (R06); with one of the two log
    lines lost, 142 read != 140 used + 1 dropped, and the run stops naming the file."""
    tiny["diary_nights"] += [dict(participant_id="C", night_date=_night(t), cramps=0)
                             for t in (-14, -13)]
    raw = read_all(write_tables(tmp_path / "raw", tiny))
    cleaned = clean(raw)
    assert accounting(raw, cleaned.tables, cleaned.log)["rows_dropped"].tolist() == \
        [0, 0, 2, 0, 0, 0]
    with pytest.raises(AssertionError,
                       match=r"^diary_nights.csv: 142 rows read but 140 used \+ 1 dropped$"):
        accounting(raw, cleaned.tables, cleaned.log.iloc[1:])


def test_print_log_writes_one_line_per_log_line_in_log_order(defects):
    """file:line rule participant: action [original value]; the original is the raw text
    (the row for a dropped row, the cell for a cell rule: "0.0" and "61.0" as pandas wrote
    the durations into the raw CSV)."""
    out = io.StringIO()
    print_log(defects.log, stream=out)
    assert out.getvalue() == (
        "screening.csv:3 R01 B: strip; recase codes only (names such as sites keep their "
        "case) [sex='f ']\n"
        "diary_nights.csv:142 R02 A: drop the repeat [A,2023-01-02,0]\n"
        "adverse_events.csv:3 R06 C: drop the row [C,2023-01-15,nausea,0,0]\n"
        "diary_nights.csv:143 R06 C: drop the row [C,2023-01-01,0]\n"
        "diary_nights.csv:144 R06 C: drop the row [C,2023-01-02,0]\n"
        "diary_nights.csv:5 R08 A: drop the night (missing) [x]\n"
        "cramp_episodes.csv:2 R12 A: keep the episode, duration missing [0.0]\n"
        "cramp_episodes.csv:3 R12 A: keep the episode, duration missing [61.0]\n")


def test_print_log_of_an_empty_log_prints_nothing():
    out = io.StringIO()
    print_log(pd.DataFrame(columns=LOG_COLUMNS), stream=out)
    assert out.getvalue() == ""


# --------------------------------------------------------------------------- saved datasets
@pytest.fixture
def datasets(tiny, run_tiny):
    """The tiny trial with three missing values: A's creatinine (ADSL CREAT missing), A's
    week 3 (no diary night on nights 14-20: FREQ, DUR, SEV missing, and their mean-imputed
    rows missing too, A being the only participant on vitamin K2), and C's exclusion reason
    written "NA" (a reason, not a missing value: CONSORT's excluded row of group "NA")."""
    tiny["screening"][0]["creatinine_mg_dl"] = ""
    tiny["screening"][2]["excluded_reason"] = "NA"
    week3 = {_night(t) for t in range(14, 21)}
    for key in ("diary_nights", "cramp_episodes"):
        tiny[key] = [r for r in tiny[key]
                     if not (r["participant_id"] == "A" and r["night_date"] in week3)]
    return derive_all(run_tiny(tiny).tables, TINY_CONVENTIONS)


def test_saved_datasets_are_the_five_files_of_processed(datasets, tmp_path):
    save_datasets(datasets, tmp_path / "processed")
    assert sorted(p.name for p in (tmp_path / "processed").iterdir()) == [
        "adae.parquet", "adcramp.parquet", "adsl.parquet", "consort.csv",
        "diary_completeness.csv"]


@pytest.mark.parametrize("name", ["adsl", "adcramp", "adae", "consort", "diary_completeness"])
def test_datasets_read_back_identical(datasets, tmp_path, name):
    """Same columns, dtypes (nullable Int64 included) and values, missing values in place."""
    save_datasets(datasets, tmp_path)
    pd.testing.assert_frame_equal(getattr(load_datasets(tmp_path), name),
                                  getattr(datasets, name), check_exact=True)


def test_missing_values_come_back_missing_and_text_stays_text(datasets, tmp_path):
    """Typed by hand: A's CREAT missing, B's 0.9; A's FREQ week 3 missing with 0 nights, and
    its mean-imputed row missing with NIGHTS <NA> (no nights behind an imputed value);
    DTYPE "" on observed rows (not missing); CONSORT's excluded reason "NA" a string
    (read as a missing value by pandas' default)."""
    save_datasets(datasets, tmp_path)
    back = load_datasets(tmp_path)
    creat = back.adsl.set_index("USUBJID")["CREAT"]
    assert np.isnan(creat["A"]) and creat["B"] == 0.9
    week3 = back.adcramp[(back.adcramp["USUBJID"] == "A") & (back.adcramp["PARAMCD"] == "FREQ")
                         & (back.adcramp["AVISITN"] == 3)]
    assert week3["DTYPE"].tolist() == ["", "MEANIMP"]
    assert week3["AVAL"].isna().all()
    assert week3["NIGHTS"].iloc[0] == 0 and week3["NIGHTS"].iloc[1] is pd.NA
    assert str(back.adcramp["NIGHTS"].dtype) == "Int64"
    excluded = back.consort[back.consort["step"] == "excluded"]
    assert excluded[["group", "n"]].values.tolist() == [["all", 1], ["NA", 1]]


# --------------------------------------------------------------------------- conventions
def test_conventions_are_read_from_the_run_parameters():
    """Three non-default values (defaults: 4, 7, zero), each distinct, so that a field read
    from another parameter, or left at its default, shows."""
    p = params.load({"min_nights_per_week": 5, "min_baseline_nights": 10,
                     "cramp_free_week": "missing"})
    assert Conventions.of(p) == Conventions(min_nights_per_week=5, min_baseline_nights=10,
                                            cramp_free_week="missing")


def test_default_conventions_are_the_published_ones():
    """params/default.yaml: at least 4 nights a treatment week, 7 of the 14 baseline nights,
    a recorded week without cramps scoring 0 (design section 6)."""
    assert Conventions.of(params.load()) == Conventions(4, 7, "zero")
