"""Cleaning invariants, with hypothesis, on the tiny export written as text.

(a) Nothing is lost: for every file, rows read = rows kept + rows dropped, counted here from
    the lines written (not from `clean`'s own accounting), and every injected defect is
    logged on its raw line with the rule it must get.
(b) A diary night (with or without episodes, with good or bad values) outside every window
    changes no kept table; the log gains exactly one R07 line per added row.
(c) The kept tables and the log's content do not depend on the order of the rows in each file.

The tiny export (tests/conftest.py): A and B randomized on R = 2023-01-15, diary nights
t = -14..55 (index (0 or 70) + t + 14 for A or B), one episode on each night with t % 3 == 0.
"""
from __future__ import annotations

import tempfile
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import tiny_tables
from k2cramps.raw.cleaning import clean
from k2cramps.raw.contract import CONTRACT, read_all
from k2cramps.raw.rules import DROPS

SETTINGS = settings(max_examples=25, deadline=None, derandomize=True)  # ~0.05 s a clean


def _lines(tables: dict[str, list[dict]]) -> dict[str, list[str]]:
    """Each file's data lines as text (the header is written apart)."""
    return {key: [",".join(str(row[c]) for c in CONTRACT[key].columns) for row in rows]
            for key, rows in tables.items()}


def _clean(lines: dict[str, list[str]]):
    with tempfile.TemporaryDirectory() as folder:
        for key, data in lines.items():
            text = "\n".join([",".join(CONTRACT[key].columns), *data]) + "\n"
            (Path(folder) / CONTRACT[key].filename).write_text(text, encoding="utf-8")
        return clean(read_all(Path(folder)))


def _cells(key: str, line: str, **changes) -> str:
    """A data line of `key`'s file with some cells replaced, by column name."""
    cells = dict(zip(CONTRACT[key].columns, line.split(",")))
    return ",".join(str(v) for v in {**cells, **changes}.values())


# --------------------------------------------------------------------------- (a) accounting
# Defects whose outcome is local: diary targets are nights without an episode (t % 3 != 0),
# episode targets are episodes, so no defect reaches another defect's row. Each maps a line
# (and a drawn bad count) to its replacement lines, as (text, expected rule or None).
def _set(key: str, rule: str, **changes):
    """A defect: the line with some cells replaced, expected to get `rule`."""
    return lambda line, value: [(_cells(key, line, **changes), rule)]


def _count(line, value):  # a cramp count drawn from BAD_COUNTS
    return [(_cells("diary_nights", line, cramps=value), "R08")]


def _repeat(line, value):  # the copy is the repeat
    return [(line, None), (line, "R02")]


DIARY_DEFECTS = {
    "bad_count": _count,
    # Dates changed row by row, so that two changed rows never become identical (R02):
    "bad_date": lambda line, value: [(line.replace("-", "/"), "R03")],  # 2023/01/04
    "outside": lambda line, value: [(line.replace(",2023-", ",2022-"), "R07")],  # a year early
    "repeat": _repeat,
    "malformed": lambda line, value: [(line.rsplit(",", 1)[0], "R00")],
    "not_randomized": _set("diary_nights", "R06", participant_id="C"),
    "not_screened": _set("diary_nights", "R06", participant_id="Z"),
}
EPISODE_DEFECTS = {
    "bad_severity": _set("cramp_episodes", "R11", severity="0"),  # kept
    "bad_duration": _set("cramp_episodes", "R12", duration_min="61"),  # kept
    "bad_number": _set("cramp_episodes", "R03b", episode="0"),  # and R13 on its night (kept)
    "repeat": _repeat,
    "malformed": lambda line, value: [(line + ",9", "R00")],
}
ONE_ROW_DEFECTS = {  # adverse events and adherence: row 0 (B's event; A's capsules)
    "adverse_events": {"late": _set("adverse_events", "R16", onset_date="2099-01-01"),
                       "repeat": _repeat},
    "adherence": {"back": _set("adherence", "R14", capsules_returned="61"),
                  "repeat": _repeat,
                  "not_randomized": _set("adherence", "R06", participant_id="C",
                                         capsules_returned="99")},
}
BAD_COUNTS = ["-1", "21", "0.5", "x", ""]
QUIET_NIGHTS = [i for i in range(140) if (i % 70 - 14) % 3 != 0]  # nights without an episode


@st.composite
def damaged_exports(draw):
    """The tiny export's lines with random defects: {key: [(text, expected rule)]}."""
    files = {key: [(text, None) for text in lines] for key, lines in _lines(tiny_tables()).items()}
    for key, defects, targets in (("diary_nights", DIARY_DEFECTS, QUIET_NIGHTS),
                                  ("cramp_episodes", EPISODE_DEFECTS, range(46))):
        kinds = draw(st.lists(st.sampled_from(sorted(defects)), max_size=5))
        rows = draw(st.lists(st.sampled_from(targets), min_size=len(kinds), max_size=len(kinds),
                             unique=True))
        new = {i: defects[kind](files[key][i][0], draw(st.sampled_from(BAD_COUNTS)))
               for kind, i in zip(kinds, rows)}
        files[key] = [out for i, row in enumerate(files[key]) for out in new.get(i, [row])]
    for key, defects in ONE_ROW_DEFECTS.items():
        kind = draw(st.sampled_from([None, *sorted(defects)]))
        if kind:
            files[key] = defects[kind](files[key][0][0], None) + files[key][1:]
    return files


@settings(SETTINGS, max_examples=40)
@given(files=damaged_exports())
def test_rows_read_are_rows_kept_plus_rows_dropped_and_each_defect_is_logged(files):
    cleaned = _clean({key: [text for text, _ in rows] for key, rows in files.items()})
    log = cleaned.log
    for key, rows in files.items():
        name = CONTRACT[key].filename
        written = set(range(2, len(rows) + 2))  # header = line 1
        kept = set(cleaned.tables[key]["_line"])
        dropped = set(log.loc[(log["file"] == name) & log["rule"].isin(DROPS), "line"])
        assert kept.isdisjoint(dropped) and kept | dropped == written, name
        assert len(written) == len(cleaned.tables[key]) + len(dropped), name
        acc = cleaned.accounting.set_index("file").loc[name]
        assert (acc["rows_read"], acc["rows_used"], acc["rows_dropped"]) == \
            (len(written), len(kept), len(dropped))
        # Each defect on its own line with its rule; the rows dropped are exactly those.
        expected = {(line, rule) for line, (_, rule) in enumerate(rows, start=2) if rule}
        logged = set(zip(log.loc[log["file"] == name, "line"], log.loc[log["file"] == name,
                                                                       "rule"]))
        assert expected <= logged, name
        assert dropped == {line for line, rule in expected if rule in DROPS}, name


# --------------------------------------------------------------------------- (b) outside nights
NIGHT_VALUES = ["0", "1", "2", "-1", "x", "25"]


@st.composite
def outside_nights(draw):
    """B's discontinuation night (or none), and nights outside every window of A or B: before
    baseline (t <= -15), after treatment (t >= 56) or after B's discontinuation."""
    stop = draw(st.sampled_from([None, 0, 20, 54]))
    after_stop = list(range(stop + 1, 56)) if stop is not None else []
    offsets = {"A": list(range(-40, -14)) + list(range(56, 90)),
               "B": list(range(-40, -14)) + after_stop + list(range(56, 90))}
    pairs = draw(st.lists(st.sampled_from([(p, t) for p in "AB" for t in offsets[p]]),
                          min_size=1, max_size=4, unique=True))
    nights = [(p, t, draw(st.sampled_from(NIGHT_VALUES)),
               [(draw(st.sampled_from(["1.5", "0", "99"])), draw(st.sampled_from(["4", "0", "11"])))
                for _ in range(draw(st.integers(0, 2)))]) for p, t in pairs]
    return stop, nights


def _date(t: int) -> str:
    return str(pd.Timestamp("2023-01-15") + pd.Timedelta(days=t))[:10]


def _insert(data: list[str], new: list[str], positions: list[int]):
    """`data` with the `new` lines inserted before the original lines at `positions`;
    returns the lines and the new raw line of each original raw line (header = line 1)."""
    tagged = [(i, text) for i, text in enumerate(data)]
    for text, at in sorted(zip(new, positions), key=lambda x: -x[1]):
        tagged.insert(at, (None, text))
    old_line = {i + 2: n + 2 for n, (i, _) in enumerate(tagged) if i is not None}
    return [text for _, text in tagged], old_line


@lru_cache(maxsize=None)
def _before(stop: int | None):
    """The export without the added nights, and its cleaning (once per discontinuation). Two
    defects give its log lines that the added rows must renumber and leave as they are."""
    tables = tiny_tables()
    tables["diary_nights"][1]["cramps"] = "-1"  # A's t = -13, line 3: R08
    tables["cramp_episodes"][0]["severity"] = "0"  # A's t = -12, line 2: R11
    if stop is not None:  # B's diary ends on that night (so no added row repeats one: R02)
        tables["randomization"][1]["discontinued_date"] = _date(stop)
        for key in ("diary_nights", "cramp_episodes"):
            tables[key] = [r for r in tables[key]
                           if r["participant_id"] == "A" or r["night_date"] <= _date(stop)]
    base = _lines(tables)
    return base, _clean(base)


@SETTINGS
@given(case=outside_nights(), data=st.data())
def test_nights_outside_every_window_change_no_kept_table(case, data):
    stop, nights = case
    base, before = _before(stop)
    night_rows = [f"{p},{_date(t)},{cramps}" for p, t, cramps, _ in nights]
    episode_rows = [f"{p},{_date(t)},{k + 1},{dur},{sev}" for p, t, _, eps in nights
                    for k, (dur, sev) in enumerate(eps)]
    added, moved = dict(base), {}  # moved: old raw line -> new raw line, per diary file
    for key, rows in (("diary_nights", night_rows), ("cramp_episodes", episode_rows)):
        at = [data.draw(st.integers(0, len(base[key]))) for _ in rows]
        added[key], moved[key] = _insert(base[key], rows, at)
    after = _clean(added)
    for key in CONTRACT:
        old = before.tables[key]
        if key in moved:
            old = old.assign(_line=old["_line"].map(moved[key]))
        pd.testing.assert_frame_equal(after.tables[key], old)
    # The log: the old lines (renumbered) plus one R07 line per added row, naming its night.
    expected = Counter()
    for file, line, pid, rule, value in _entries(before):
        expected[(file, moved.get(_key(file), {line: line})[line], pid, rule, value)] += 1
    for key in moved:
        for line, text in enumerate(added[key], start=2):
            if line not in moved[key].values():
                pid, night = text.split(",")[:2]
                expected[(CONTRACT[key].filename, line, pid, "R07", night)] += 1
    assert sum(expected.values()) == len(before.log) + len(night_rows) + len(episode_rows)
    assert Counter(_entries(after)) == expected


def _entries(cleaned) -> list[tuple]:
    cols = ["file", "line", "participant_id", "rule", "original_value"]
    return [tuple(row) for row in cleaned.log[cols].itertuples(index=False)]


def _key(filename: str) -> str:
    return next(k for k, spec in CONTRACT.items() if spec.filename == filename)


# --------------------------------------------------------------------------- (c) row order
def _content(table: pd.DataFrame) -> pd.DataFrame:
    """A kept table without its raw line numbers, in a fixed order of its rows."""
    out = table.drop(columns="_line").astype(str)
    return out.sort_values(list(out.columns)).reset_index(drop=True)


def _log_content(cleaned, files: dict[str, list[str]]) -> Counter:
    """Log lines by what they say and the raw text of the line they point at, not its number."""
    return Counter((row.file, row.rule, row.participant_id, row.original_value,
                    files[_key(row.file)][row.line - 2])
                   for row in cleaned.log.itertuples(index=False))


@st.composite
def conflicting_exports(draw):
    """Damaged exports (a), plus maybe a conflicting diary night (R09) and a conflicting
    episode (R09b): rules whose outcome involves several rows at once."""
    files = {key: [text for text, _ in rows] for key, rows in draw(damaged_exports()).items()}
    if draw(st.booleans()):
        files["diary_nights"].append("B,2023-01-18,3")  # B's t = 3 says 1 cramp
    if draw(st.booleans()):
        files["cramp_episodes"].append("A,2023-01-15,1,7,7")  # A's t = 0 episode 1: 1.5, 4
    return files


@settings(SETTINGS, max_examples=20)  # two cleanings an example
@given(files=conflicting_exports(), data=st.data())
def test_kept_tables_and_log_do_not_depend_on_the_row_order(files, data):
    shuffled = {key: [rows[i] for i in data.draw(st.permutations(range(len(rows))))]
                for key, rows in files.items()}
    first, second = _clean(files), _clean(shuffled)
    for key in CONTRACT:
        pd.testing.assert_frame_equal(_content(second.tables[key]), _content(first.tables[key]))
    assert _log_content(second, shuffled) == _log_content(first, files)
