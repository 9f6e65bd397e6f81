import subprocess
import sys

import pytest

from conftest import ROOT, write_tables
from k2cramps.raw.contract import RawDataError, check_headers, read_all


def _message(folder, check=read_all) -> str:
    with pytest.raises(RawDataError) as err:
        check(folder)
    return str(err.value)


def _header_message(folder) -> str:
    """A problem of the files or their headers: the quick check `make report` runs first
    (first lines only) gives the same message as reading the whole export."""
    message = _message(folder)
    assert _message(folder, check_headers) == message
    return message


@pytest.fixture
def raw(tmp_path, tiny):
    return write_tables(tmp_path / "raw", tiny)


def test_missing_file(raw):
    (raw / "adherence.csv").unlink()
    msg = _header_message(raw)
    assert "adherence.csv: file not found" in msg
    assert "participant_id, capsules_dispensed, capsules_returned" in msg


def test_missing_column(raw):
    path = raw / "diary_nights.csv"
    path.write_text(path.read_text().replace("cramps", "count", 1))
    assert "diary_nights.csv: missing column(s) cramps" in _header_message(raw)


def test_not_utf8(raw):
    path = raw / "screening.csv"
    path.write_bytes(path.read_bytes().replace(b"declined", b"d\xe9clined"))
    assert "screening.csv: not UTF-8 (invalid byte 0xe9 on line 4)" in _message(raw)


def test_the_header_check_reads_only_first_lines(raw):
    check_headers(ROOT / "data" / "raw")
    path = raw / "screening.csv"
    path.write_bytes(path.read_bytes().replace(b"declined", b"d\xe9clined"))
    check_headers(raw)  # line 4: found by stage 01 (test_not_utf8)
    path.write_bytes(path.read_bytes().replace(b"site", b"s\xefte", 1))
    assert "screening.csv: not UTF-8 (invalid byte 0xef on line 1)" in _message(raw, check_headers)


def test_the_header_check_reads_cr_only_and_quoted_files_as_stage_01_does(raw):
    for name in ("screening.csv", "adherence.csv"):
        path = raw / name
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r"))
    path = raw / "randomization.csv"
    path.write_text(path.read_text().replace("participant_id", '"participant_id"', 1))
    check_headers(raw)
    read_all(raw)
    path.write_text(path.read_text().replace('"participant_id"', '"person"', 1))
    assert "missing column(s) participant_id" in _header_message(raw)


def test_cli_header_check(raw):
    def cli(*args):
        return subprocess.run([sys.executable, "-m", "k2cramps.raw", *args],
                              capture_output=True, text=True, cwd=ROOT)
    ok = cli("--headers", str(raw))
    assert (ok.returncode, ok.stdout, ok.stderr) == (0, "", "")
    (raw / "adherence.csv").write_text("participant_id,capsules_dispensed\n")
    bad = cli("--headers", str(raw))
    assert bad.returncode == 1 and bad.stderr.startswith("error: ")
    assert "adherence.csv: missing column(s) capsules_returned" in bad.stderr
    assert cli("--headers").returncode == 2


def test_empty_file(raw):
    (raw / "adverse_events.csv").write_text("")
    assert "adverse_events.csv: the file is empty" in _message(raw)


def test_not_csv(raw):
    (raw / "randomization.csv").write_bytes(b"PK\x03\x04\x00\x00binary")
    assert "randomization.csv: not a CSV text file" in _message(raw)


def test_semicolon_separated(raw):
    path = raw / "adherence.csv"
    path.write_text(path.read_text().replace(",", ";"))
    assert "is the file comma-separated?" in _header_message(raw)


def test_repeated_header(raw):
    path = raw / "adherence.csv"
    path.write_text(path.read_text().replace("capsules_returned", "participant_id", 1))
    assert "unparseable header" in _header_message(raw)


def test_extra_columns_and_order_are_free(raw):
    path = raw / "adherence.csv"
    lines = path.read_text().splitlines()
    swapped = ["capsules_returned,participant_id,capsules_dispensed,note"] + [
        ",".join([l.split(",")[2], l.split(",")[0], l.split(",")[1], "x"]) for l in lines[1:]]
    path.write_text("\n".join(swapped) + "\n")
    rows = read_all(raw)["adherence"].rows
    assert list(rows["capsules_returned"]) == ["6", "6"]


def test_cli_prints_one_line_without_traceback(raw):
    (raw / "screening.csv").unlink()
    res = subprocess.run([sys.executable, "-m", "k2cramps.raw", str(raw)],
                         capture_output=True, text=True, cwd=ROOT)
    assert res.returncode == 1
    assert res.stderr.startswith("error: ") and "screening.csv: file not found" in res.stderr
    assert "Traceback" not in res.stderr


@pytest.mark.parametrize("name", ["screening.csv", "randomization.csv", "diary_nights.csv"])
def test_a_header_only_file_that_must_have_rows(raw, name):
    path = raw / name
    path.write_text(path.read_text().splitlines()[0] + "\n")
    assert f"{name}: no data rows (a header only)" in _message(raw)


def test_an_unclosed_quote_is_named_where_it_opens(raw):
    path = raw / "adverse_events.csv"
    lines = path.read_text().splitlines()
    lines.append('B,2023-01-20,"cramp, calf,0,0')
    lines += ["B,2023-01-21,headache,0,0"] * 10
    path.write_text("\n".join(lines) + "\n")
    assert "adverse_events.csv: line 3: a quoted field opens here and runs to line 13" in _message(raw)


def test_an_unclosed_quote_past_the_field_limit_is_named_where_it_opens(raw):
    path = raw / "diary_nights.csv"
    lines = path.read_text().splitlines()
    lines.insert(15, 'A,"2023-01-01,0')
    path.write_text("\n".join(lines + ["A,2023-01-01,0"] * 20000) + "\n")
    assert "the record that starts on line 16" in _message(raw)


def test_cli_stops_an_export_with_nothing_left_after_cleaning(tmp_path, tiny):
    for row in tiny["randomization"]:
        row["arm"] = "vitamin_k3"
    raw = write_tables(tmp_path / "none", tiny)
    res = subprocess.run([sys.executable, "-m", "k2cramps.raw", str(raw)],
                         capture_output=True, text=True, cwd=ROOT)
    assert res.returncode == 1 and "Traceback" not in res.stderr
    assert res.stderr.startswith("error: ") and "no randomized participant left" in res.stderr
