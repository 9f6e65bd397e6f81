"""The raw-data contract (design section 3): which files, which columns, and reading them.

A file that cannot be used at all raises `RawDataError` with one message naming the file,
the problem and the expected columns. Rows are returned as text with their raw line number,
so that every cleaning decision can point back at the line it came from.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

LINE = "_line"  # raw line number of a row (header = line 1)


@dataclass(frozen=True)
class FileSpec:
    filename: str
    columns: tuple[str, ...]
    one_row_per: str
    can_be_empty: bool = False  # a header only is valid (e.g. no adverse events)


CONTRACT: dict[str, FileSpec] = {
    "screening": FileSpec("screening.csv", (
        "participant_id", "site", "screening_date", "age", "sex", "hypertension", "diabetes",
        "creatinine_mg_dl", "excluded_reason"), "person screened"),
    "randomization": FileSpec("randomization.csv", (
        "participant_id", "arm", "randomization_date", "discontinued_date",
        "discontinuation_reason"), "person randomized"),
    "diary_nights": FileSpec("diary_nights.csv", (
        "participant_id", "night_date", "cramps"), "diary night filled in"),
    "cramp_episodes": FileSpec("cramp_episodes.csv", (
        "participant_id", "night_date", "episode", "duration_min", "severity"), "cramp episode",
        can_be_empty=True),
    "adverse_events": FileSpec("adverse_events.csv", (
        "participant_id", "onset_date", "term", "serious", "related"), "adverse event",
        can_be_empty=True),
    "adherence": FileSpec("adherence.csv", (
        "participant_id", "capsules_dispensed", "capsules_returned"), "randomized person",
        can_be_empty=True),
}


class RawDataError(Exception):
    """An unusable raw file: the message is meant for the person who supplied it."""


@dataclass
class RawTable:
    key: str
    path: Path
    sha256: str
    rows: pd.DataFrame  # every contract column as text, plus LINE
    malformed: list[tuple[int, str]]  # (line, raw text) of records with the wrong field count


def _fail(path: Path, spec: FileSpec, problem: str) -> RawDataError:
    return RawDataError(f"{path}: {problem}. Expected a UTF-8 CSV file with a header row and the "
                        f"columns: {', '.join(spec.columns)}.")


def _check_header(path: Path, spec: FileSpec, header: list[str]) -> None:
    dupes = sorted({h for h in header if header.count(h) > 1})
    if dupes or "" in header:
        raise _fail(path, spec, "unparseable header (blank or repeated column names: "
                    f"{', '.join(repr(d) for d in dupes) or 'blank'})")
    missing = [c for c in spec.columns if c not in header]
    if missing:
        hint = " (the header has a single column: is the file comma-separated?)" \
            if len(header) == 1 else ""
        raise _fail(path, spec, f"missing column(s) {', '.join(missing)}{hint}")


def check_headers(data_dir: Path) -> None:
    """Every contract file present, with a UTF-8 header that has the contract's columns: the
    quick check `make report` runs before it starts a kernel. Only the first line is read;
    stage 01 reads the rest and stops the same way on what it finds there."""
    for key, spec in CONTRACT.items():
        path = Path(data_dir) / spec.filename
        if not path.is_file():
            raise _fail(path, spec, "file not found")
        with path.open("rb") as f:
            first = f.readline()
        try:
            line = first.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            raise _fail(path, spec, f"not UTF-8 (invalid byte 0x{first[err.start]:02x} on line 1)")
        line = line.rstrip("\r\n")
        if not line.strip() or '"' in line or "\r" in line:
            read_raw(data_dir, key)  # empty, quoted or CR-only: read as stage 01 reads it
            continue
        _check_header(path, spec, [h.strip() for h in line.split(",")])


def read_raw(data_dir: Path, key: str) -> RawTable:
    """Read one contract file as text rows, or raise RawDataError saying why it is unusable."""
    spec = CONTRACT[key]
    path = Path(data_dir) / spec.filename
    if not path.is_file():
        raise _fail(path, spec, "file not found")
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise _fail(path, spec, f"not UTF-8 (invalid byte 0x{data[err.start]:02x} on line {line})")
    if not text.strip():
        raise _fail(path, spec, "the file is empty")
    if "\x00" in text:
        raise _fail(path, spec, "not a CSV text file (it contains NUL bytes)")
    from .records import ParseError, split  # here: the header check before stage 01 needs no pandas
    try:
        records = split(text)
    except ParseError as err:
        raise _fail(path, spec, str(err)) from None
    header = records.header
    _check_header(path, spec, header)
    if not records.n_records and not spec.can_be_empty:
        raise _fail(path, spec, f"no data rows (a header only); an export without any "
                    f"{spec.one_row_per} cannot be analysed")
    rows = records.rows[[header.index(c) for c in spec.columns]].set_axis(list(spec.columns),
                                                                            axis=1)
    rows[LINE] = records.lines.astype(int)
    return RawTable(key, path, hashlib.sha256(data).hexdigest(), rows.reset_index(drop=True),
                    records.malformed)


def read_all(data_dir: Path) -> dict[str, RawTable]:
    return {key: read_raw(data_dir, key) for key in CONTRACT}

