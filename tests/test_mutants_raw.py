"""Tests aimed at the mutation survivors of raw.cleaning, raw.contract, raw.log and raw.records:
each pins one observable thing (a log line, a kept value, a message, a line number) that a
small change of the source would alter. Expected values are worked out by hand from the
`tiny` export (R = 2023-01-15; header = line 1, so row i of a file is line i + 2).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from conftest import write_tables
from k2cramps.raw import records
from k2cramps.raw.cleaning import _night_keys, clean
from k2cramps.raw.contract import RawDataError, read_all
from k2cramps.raw.log import LOG_COLUMNS


def _rules_on(cleaned, file, line) -> list[str]:
    log = cleaned.log
    return list(log[(log["file"] == file) & (log["line"] == line)]["rule"])


# --------------------------------------------------------------------------- cleaning, R03b
@pytest.mark.parametrize("key, index, file, pid", [
    # C's screening row (line 4): C is not randomized, so nothing else touches it.
    ("screening", 2, "screening.csv", "C?"),
    # B's only adverse event (line 2): without R03b it would fall to R06 (B? not randomized).
    ("adverse_events", 0, "adverse_events.csv", "B!"),
    # A's adherence row (line 2): an inner space is not stripped by R01.
    ("adherence", 0, "adherence.csv", "A A"),
    # A's first episode (t = -14, line 2).
    ("cramp_episodes", 0, "cramp_episodes.csv", "A#"),
])
def test_a_bad_participant_id_is_r03b_also_in_files_with_more_required_values(
        tiny, run_tiny, key, index, file, pid):
    """The identifier check comes first and the file's own checks are OR-ed onto it: an
    identifier outside [A-Za-z0-9_-] with every other value valid is still R03b (not kept,
    not R06)."""
    tiny[key][index]["participant_id"] = pid
    cleaned = run_tiny(tiny)
    assert _rules_on(cleaned, file, 2 + index) == ["R03b"]
    assert pid not in set(cleaned.tables[key]["participant_id"])


# --------------------------------------------------------------------------- cleaning, R15
def test_r15_sets_reason_unknown_only_for_the_participant_it_touches(tiny, run_tiny):
    """B discontinued the day before randomization (R15): B's reason becomes "unknown"; A,
    never discontinued, keeps its blank reason."""
    tiny["randomization"][1]["discontinued_date"] = "2023-01-14"
    rand = run_tiny(tiny).tables["randomization"].set_index("participant_id")
    assert rand.loc["B", "discontinuation_reason"] == "unknown"
    assert rand.loc["A", "discontinuation_reason"] == ""


# --------------------------------------------------------------------------- cleaning, stop
def test_an_export_with_nothing_left_counts_malformed_rows_as_read(tiny, tmp_path):
    """Both randomization rows have an unknown arm (R04) and a third record has two fields
    (R00): 2 + 1 = 3 data rows read, every one dropped."""
    for row in tiny["randomization"]:
        row["arm"] = "vitamin_k3"
    raw = write_tables(tmp_path / "raw", tiny)
    with open(raw / "randomization.csv", "a") as f:
        f.write("C,placebo\n")
    with pytest.raises(RawDataError) as err:
        clean(read_all(raw))
    assert "randomization.csv: no randomized participant left to analyse (3 data rows read, " \
           "every one dropped" in str(err.value)


# --------------------------------------------------------------------------- cleaning, keys
def test_night_keys_tell_apart_more_participants_than_nights():
    """Three participants and two nights: the six (participant, night) pairs get six distinct
    keys, and an episode gets the key of the diary night with its own pair."""
    nights = pd.DataFrame({"participant_id": ["A", "A", "B", "B", "C", "C"],
                           "night_date": ["d1", "d2"] * 3})
    episodes = pd.DataFrame({"participant_id": ["C", "A", "B"],
                             "night_date": ["d1", "d2", "d2"]})
    of_night, of_episode = _night_keys(nights, episodes)
    assert len(set(of_night.tolist())) == 6
    # C,d1 is night 4; A,d2 is night 1; B,d2 is night 3
    assert of_episode.tolist() == [of_night[4], of_night[1], of_night[3]]


# --------------------------------------------------------------------------- contract
def _read_message(raw) -> str:
    with pytest.raises(RawDataError) as err:
        read_all(raw)
    return str(err.value)


def test_a_repeated_header_name_is_named_in_the_message(tmp_path, tiny):
    raw = write_tables(tmp_path / "raw", tiny)
    path = raw / "adherence.csv"
    path.write_text(path.read_text().replace("capsules_returned", "participant_id", 1))
    assert "adherence.csv: unparseable header (blank or repeated column names: " \
           "'participant_id'). Expected" in _read_message(raw)


def test_a_blank_header_name_is_called_blank(tmp_path, tiny):
    raw = write_tables(tmp_path / "raw", tiny)
    path = raw / "adherence.csv"
    path.write_text(path.read_text().replace("capsules_returned", "capsules_returned,", 1))
    assert "adherence.csv: unparseable header (blank or repeated column names: blank). " \
           "Expected" in _read_message(raw)


def test_a_missing_column_of_a_comma_separated_header_gets_no_separator_hint(tmp_path, tiny):
    """The "is the file comma-separated?" hint is for a one-column header only."""
    raw = write_tables(tmp_path / "raw", tiny)
    path = raw / "diary_nights.csv"
    path.write_text(path.read_text().replace("cramps", "count", 1))
    msg = _read_message(raw)
    assert "diary_nights.csv: missing column(s) cramps. Expected a UTF-8" in msg
    assert "single column" not in msg


# --------------------------------------------------------------------------- log
def test_the_cleaning_log_has_exactly_the_six_documented_columns(tiny, run_tiny):
    """cleaning_log.csv is written from this frame as is: no extra index column."""
    tiny["diary_nights"].insert(5, dict(tiny["diary_nights"][4]))  # R02 on line 7
    log = run_tiny(tiny).log
    assert list(log.columns) == LOG_COLUMNS == ["file", "line", "participant_id", "rule",
                                                 "action", "original_value"]
    assert list(log.index) == [0]


# --------------------------------------------------------------------------- records
def test_an_unclosed_quote_in_the_header_is_named_on_line_1():
    """The header's quote runs past the csv module's field limit (131072 characters) before
    any record was read: the record that starts on line 1."""
    text = 'a,"b\n' + "x" * 140_000 + "\n1,2\n"
    with pytest.raises(records.ParseError) as err:
        records.split(text)
    assert str(err.value).startswith("not parseable as CSV (the record that starts on line 1: ")


def test_a_line_of_one_space_in_a_one_column_file_is_a_record():
    """Line 2 holds one space: not blank (a blank line has no character at all), so it is the
    record " " of the single column, as the csv module reads it; "x" is on line 3."""
    for got in (records._split_plain("h\n \nx\n"), records._split_csv("h\n \nx\n")):
        assert got.rows.values.tolist() == [[" "], ["x"]]
        assert got.lines.tolist() == [2, 3]
        assert got.malformed == []
