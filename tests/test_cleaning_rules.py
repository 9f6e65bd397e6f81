"""Each cleaning rule on a tiny fixture of its own: the documented log line, and nothing lost."""
from datetime import timedelta

import numpy as np
import pytest

from conftest import R


def _night(t):
    return str(R + timedelta(days=t))


def _hits(cleaned, file, rule):
    log = cleaned.log
    return log[(log["file"] == file) & (log["rule"] == rule)]


def _line_after(tiny, key):
    return len(tiny[key]) + 2  # header is line 1


def test_clean_fixture_logs_only_screening_free_rows(tiny, run_tiny):
    cleaned = run_tiny(tiny)
    assert cleaned.log.empty
    assert (cleaned.accounting["rows_read"] == cleaned.accounting["rows_used"]).all()


def test_r00_wrong_field_count(tiny, run_tiny, tmp_path):
    from conftest import write_tables
    from k2cramps.raw.cleaning import clean
    from k2cramps.raw.contract import read_all
    raw = write_tables(tmp_path / "r00", tiny)
    with open(raw / "adherence.csv", "a") as f:
        f.write("A,60\n")
    cleaned = clean(read_all(raw))
    hit = _hits(cleaned, "adherence.csv", "R00")
    assert list(hit["line"]) == [4] and hit["original_value"].iloc[0] == "A,60"


def test_r01_normalises_case_and_spaces(tiny, run_tiny):
    tiny["randomization"][0]["arm"] = " Vitamin_K2"
    tiny["screening"][1]["sex"] = "f "
    cleaned = run_tiny(tiny)
    assert list(_hits(cleaned, "randomization.csv", "R01")["line"]) == [2]
    assert list(_hits(cleaned, "screening.csv", "R01")["line"]) == [3]
    assert "arm=' Vitamin_K2'" in _hits(cleaned, "randomization.csv", "R01")["original_value"].iloc[0]
    assert set(cleaned.tables["randomization"]["arm"]) == {"vitamin_k2", "placebo"}


def test_r02_identical_repeat(tiny, run_tiny):
    tiny["diary_nights"].insert(5, dict(tiny["diary_nights"][4]))
    cleaned = run_tiny(tiny)
    assert list(_hits(cleaned, "diary_nights.csv", "R02")["line"]) == [7]


def test_r02b_conflicting_one_row_per_participant(tiny, run_tiny):
    tiny["adherence"].append(dict(participant_id="A", capsules_dispensed=60, capsules_returned=9))
    cleaned = run_tiny(tiny)
    assert list(_hits(cleaned, "adherence.csv", "R02b")["line"]) == [2, 4]


def test_r03_unparseable_date(tiny, run_tiny):
    tiny["diary_nights"].append(dict(participant_id="A", night_date="2023-02-30", cramps=0))
    cleaned = run_tiny(tiny)
    hit = _hits(cleaned, "diary_nights.csv", "R03")
    assert list(hit["line"]) == [_line_after(tiny, "diary_nights") - 1]
    assert hit["original_value"].iloc[0] == "2023-02-30"


def test_r03b_unparseable_required_value(tiny, run_tiny):
    tiny["cramp_episodes"].append(dict(participant_id="A", night_date=_night(0), episode="two",
                                       duration_min=1, severity=3))
    cleaned = run_tiny(tiny)
    assert len(_hits(cleaned, "cramp_episodes.csv", "R03b")) == 1


def test_r04_unknown_arm_or_not_screened(tiny, run_tiny):
    tiny["randomization"].append(dict(participant_id="Z", arm="placebo", randomization_date=str(R),
                                      discontinued_date="", discontinuation_reason=""))
    tiny["randomization"].append(dict(participant_id="C", arm="vitamin_k3",
                                      randomization_date=str(R), discontinued_date="",
                                      discontinuation_reason=""))
    cleaned = run_tiny(tiny)
    assert list(_hits(cleaned, "randomization.csv", "R04")["line"]) == [4, 5]
    assert list(cleaned.tables["randomization"]["participant_id"]) == ["A", "B"]


def test_r05_randomized_despite_exclusion(tiny, run_tiny):
    tiny["screening"][0]["excluded_reason"] = "taking diuretics"
    cleaned = run_tiny(tiny)
    hit = _hits(cleaned, "randomization.csv", "R05")
    assert list(hit["line"]) == [2] and "taking diuretics" in hit["original_value"].iloc[0]
    assert "A" in set(cleaned.tables["randomization"]["participant_id"])


def test_r06_rows_of_participants_not_randomized(tiny, run_tiny):
    tiny["diary_nights"].append(dict(participant_id="C", night_date=_night(-3), cramps=1))
    cleaned = run_tiny(tiny)
    assert list(_hits(cleaned, "diary_nights.csv", "R06")["participant_id"]) == ["C"]


def test_r07_outside_windows_and_after_discontinuation(tiny, run_tiny):
    tiny["diary_nights"].append(dict(participant_id="A", night_date=_night(70), cramps=0))
    tiny["randomization"][1]["discontinued_date"] = _night(40)
    cleaned = run_tiny(tiny)
    hit = _hits(cleaned, "diary_nights.csv", "R07")
    assert _line_after(tiny, "diary_nights") - 1 in set(hit["line"])
    assert (hit["participant_id"] == "B").sum() == 15  # nights 41..55
    assert (_hits(cleaned, "cramp_episodes.csv", "R07")["participant_id"] == "B").sum() == 5


@pytest.mark.parametrize("bad", ["-1", "1.5", "many", "", "21", "1000", "99999999999999999999"])
def test_r08_bad_cramp_count(tiny, run_tiny, bad):
    tiny["diary_nights"][3]["cramps"] = bad
    cleaned = run_tiny(tiny)
    hit = _hits(cleaned, "diary_nights.csv", "R08")
    assert list(hit["line"]) == [5] and hit["original_value"].iloc[0] == bad


def test_r09_conflicting_nights_drop_night_and_episodes(tiny, run_tiny):
    tiny["diary_nights"].append(dict(participant_id="A", night_date=_night(0), cramps=2))
    cleaned = run_tiny(tiny)
    assert len(_hits(cleaned, "diary_nights.csv", "R09")) == 2
    assert len(_hits(cleaned, "cramp_episodes.csv", "R09")) == 1
    nights = cleaned.tables["diary_nights"]
    assert not ((nights["participant_id"] == "A") & (nights["night_date"].astype(str) == _night(0))).any()


def test_r09b_conflicting_episode_numbers(tiny, run_tiny):
    first = dict(tiny["cramp_episodes"][0])
    tiny["cramp_episodes"].append({**first, "severity": 9})
    cleaned = run_tiny(tiny)
    assert list(_hits(cleaned, "cramp_episodes.csv", "R09b")["line"]) == [2, _line_after(tiny, "cramp_episodes") - 1]


def test_r10_episode_without_night(tiny, run_tiny):
    tiny["diary_nights"] = [n for n in tiny["diary_nights"]
                            if not (n["participant_id"] == "A" and n["night_date"] == _night(3))]
    cleaned = run_tiny(tiny)
    hit = _hits(cleaned, "cramp_episodes.csv", "R10")
    assert list(hit["participant_id"]) == ["A"]


@pytest.mark.parametrize("rule, column, bad", [
    *[("R11", "severity", bad) for bad in ("0", "11", "4.5", "severe")],
    *[("R12", "duration_min", bad) for bad in ("0", "-2", "61", "long")],
])
def test_r11_r12_bad_episode_value_becomes_missing(tiny, run_tiny, rule, column, bad):
    tiny["cramp_episodes"][0][column] = bad
    cleaned = run_tiny(tiny)
    assert list(_hits(cleaned, "cramp_episodes.csv", rule)["line"]) == [2]
    assert cleaned.tables["cramp_episodes"][column].isna().sum() == 1


def test_r13_episode_count_mismatch_is_kept_and_logged(tiny, run_tiny):
    tiny["diary_nights"][0]["cramps"] = 3  # A's first baseline night (t = -14) has no episode
    cleaned = run_tiny(tiny)
    hit = _hits(cleaned, "diary_nights.csv", "R13")
    assert list(hit["line"]) == [2] and hit["original_value"].iloc[0] == "cramps=3; episodes=0"
    assert cleaned.tables["diary_nights"]["cramps"].iloc[0] == 3


def test_accounting_balances_with_many_defects(tiny, run_tiny):
    tiny["diary_nights"].append(dict(participant_id="C", night_date=_night(-3), cramps=1))
    tiny["diary_nights"][3]["cramps"] = "-1"
    tiny["diary_nights"].insert(5, dict(tiny["diary_nights"][4]))
    acc = run_tiny(tiny).accounting.set_index("file")
    assert (acc["rows_read"] == acc["rows_used"] + acc["rows_dropped"]).all()
    assert acc.loc["diary_nights.csv", "rows_dropped"] == 3


def test_r08_twenty_cramps_is_the_last_plausible_count(tiny, run_tiny):
    tiny["diary_nights"][3]["cramps"] = "20"
    assert _hits(run_tiny(tiny), "diary_nights.csv", "R08").empty


@pytest.mark.parametrize("bad", ["21", "99999999999999999999"])
def test_r03b_implausible_episode_number(tiny, run_tiny, bad):
    tiny["cramp_episodes"][0]["episode"] = bad
    assert list(_hits(run_tiny(tiny), "cramp_episodes.csv", "R03b")["line"]) == [2]


def test_r03c_unparseable_creatinine_keeps_the_row(tiny, run_tiny):
    """Once counted as a dropped row (R03b), which made the accounting stop the run."""
    tiny["screening"][0]["creatinine_mg_dl"] = "n/a"
    cleaned = run_tiny(tiny)
    hit = _hits(cleaned, "screening.csv", "R03c")
    assert list(hit["line"]) == [2] and hit["original_value"].iloc[0] == "n/a"
    scr = cleaned.tables["screening"].set_index("participant_id")
    assert len(scr) == 3 and scr["creatinine_mg_dl"].isna().tolist() == [True, False, False]
    acc = cleaned.accounting.set_index("file").loc["screening.csv"]
    assert (acc["rows_read"], acc["rows_used"], acc["rows_dropped"]) == (3, 3, 0)


def test_r01_keeps_the_case_of_names(tiny, run_tiny):
    tiny["screening"][0]["site"] = "Klinik Süd"
    tiny["screening"][1]["site"] = " Klinik Süd "
    cleaned = run_tiny(tiny)
    assert list(_hits(cleaned, "screening.csv", "R01")["line"]) == [3]  # spaces only
    assert list(cleaned.tables["screening"]["site"][:2]) == ["Klinik Süd", "Klinik Süd"]


def test_r14_more_capsules_returned_than_dispensed(tiny, run_tiny):
    from k2cramps.adam.adsl import derive_adsl
    tiny["adherence"][0]["capsules_returned"] = 70
    cleaned = run_tiny(tiny)
    hit = _hits(cleaned, "adherence.csv", "R14")
    assert list(hit["line"]) == [2] and hit["original_value"].iloc[0] == "dispensed=60; returned=70"
    adsl = derive_adsl(cleaned.tables).set_index("USUBJID")
    assert adsl.loc["A", "SAFFL"] == "Y" and np.isnan(adsl.loc["A", "ADHPCT"])


def test_r15_discontinued_before_randomization(tiny, run_tiny):
    from k2cramps.adam.adsl import derive_adsl
    tiny["randomization"][0]["discontinued_date"] = _night(-3)
    cleaned = run_tiny(tiny)
    hit = _hits(cleaned, "randomization.csv", "R15")
    assert list(hit["line"]) == [2] and hit["original_value"].iloc[0] == f"discontinued_date={_night(-3)}"
    adsl = derive_adsl(cleaned.tables).set_index("USUBJID")
    assert adsl.loc["A", "EOSSTT"] == "DISCONTINUED" and adsl.loc["A", "DCSREAS"] == "unknown"
    nights = cleaned.tables["diary_nights"]
    assert (nights["participant_id"] == "A").sum() == 70  # the diary is kept as recorded


@pytest.mark.parametrize("days, dropped", [(56 + 30, False), (56 + 31, True), (365 * 76, True)])
def test_r16_adverse_event_long_after_the_study(tiny, run_tiny, days, dropped):
    """B's last night is night 55 (offset from randomization); onset up to 30 days later."""
    tiny["adverse_events"][0]["onset_date"] = _night(days - 1)
    cleaned = run_tiny(tiny)
    assert len(_hits(cleaned, "adverse_events.csv", "R16")) == int(dropped)
    assert len(cleaned.tables["adverse_events"]) == int(not dropped)


def test_an_export_whose_randomized_rows_are_all_dropped_stops(tiny, run_tiny):
    from k2cramps.raw.contract import RawDataError
    for row in tiny["randomization"]:
        row["arm"] = "vitamin_k3"
    with pytest.raises(RawDataError, match="randomization.csv: no randomized participant left"):
        run_tiny(tiny)


def test_no_adverse_events_is_a_valid_export(tiny, run_tiny):
    tiny["adverse_events"] = []
    cleaned = run_tiny(tiny)
    assert cleaned.tables["adverse_events"].empty and cleaned.log.empty


def test_the_codebook_documents_every_rule():
    from conftest import ROOT
    from k2cramps.raw.rules import RULES
    codebook = (ROOT / "data" / "raw" / "codebook.md").read_text(encoding="utf-8")
    documented = {line.split("|")[1].strip() for line in codebook.splitlines()
                  if line.startswith("| R")}
    assert documented == set(RULES)


def test_r08_a_whole_number_written_as_a_decimal_is_a_count(tiny, run_tiny):
    tiny["diary_nights"][3]["cramps"] = "1.0"
    cleaned = run_tiny(tiny)
    assert _hits(cleaned, "diary_nights.csv", "R08").empty
    nights = cleaned.tables["diary_nights"]
    assert nights.loc[nights["_line"] == 5, "cramps"].tolist() == [1]


@pytest.mark.parametrize("bad", ["inf", "1e400", "-5", "0"])
def test_r03c_creatinine_must_be_a_positive_finite_number(tiny, run_tiny, bad):
    tiny["screening"][0]["creatinine_mg_dl"] = bad
    hit = _hits(run_tiny(tiny), "screening.csv", "R03c")
    assert list(hit["original_value"]) == [bad]


def test_r15_an_unusable_discontinuation_date_keeps_the_participant(tiny, run_tiny):
    tiny["randomization"][0]["discontinued_date"] = "2999-01-01"  # beyond pandas' dates
    cleaned = run_tiny(tiny)
    assert list(_hits(cleaned, "randomization.csv", "R15")["line"]) == [2]
    assert _hits(cleaned, "randomization.csv", "R03").empty
    assert list(cleaned.tables["randomization"]["participant_id"]) == ["A", "B"]


def test_r16_adverse_event_before_the_screening_diary(tiny, run_tiny):
    tiny["adverse_events"][0]["onset_date"] = "1900-01-01"
    assert len(_hits(run_tiny(tiny), "adverse_events.csv", "R16")) == 1


def test_r09b_episode_1_and_1_0_are_the_same_episode(tiny, run_tiny):
    first = tiny["cramp_episodes"][0]
    tiny["cramp_episodes"].append(dict(first, episode="1.0", severity=9))
    hit = _hits(run_tiny(tiny), "cramp_episodes.csv", "R09b")
    assert len(hit) == 2


def test_an_export_with_one_arm_only_stops(tiny, run_tiny):
    from k2cramps.raw.contract import RawDataError
    tiny["randomization"][1]["arm"] = "vitamin_k2"
    with pytest.raises(RawDataError, match="randomized participants in vitamin_k2 only"):
        run_tiny(tiny)
