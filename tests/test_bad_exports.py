"""Property: small random damage to a valid export never crashes the cleaning or the
derivation. It either stops with the project's one-line RawDataError or gives analysis
datasets that pass their schemas with nothing lost (rows read = used + dropped, checked
inside `clean`); and the raw files are left as they were."""
from __future__ import annotations

import hashlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import tiny_tables, write_tables
from k2cramps.adam import schemas
from k2cramps.adam.adcramp import Conventions
from k2cramps.adam.datasets import derive_all
from k2cramps.raw.cleaning import clean
from k2cramps.raw.contract import CONTRACT, RawDataError, read_all

ODD_VALUES = ["", " ", "x", "-1", "0", "1.0", "1.5", "1e400", "inf", "2999-01-01", "99999999999999999999", "2023-13-45", "NaN",
              '"', "<b>", "ünïcode"]
CONVENTIONS = Conventions(min_nights_per_week=4, min_baseline_nights=7, cramp_free_week="zero")


def _damage(line: str, kind: str, data) -> list[str]:
    """The damaged line(s) replacing `line`."""
    cells = line.split(",")
    at = data.draw(st.integers(0, max(len(line), 1)))
    if kind == "blank":
        cells[at % len(cells)] = ""
    elif kind == "retype":
        cells[at % len(cells)] = data.draw(st.sampled_from(ODD_VALUES))
    elif kind == "duplicate":
        return [line, line]
    elif kind == "truncate":
        return [line[:at]]
    elif kind == "insert":
        return [line[:at] + data.draw(st.sampled_from(['"', ",", ";", "\t"])) + line[at:]]
    elif kind == "recase":
        return [line.upper() if at % 2 else line.lower()]
    elif kind == "drop":
        return []
    return [",".join(cells)]


WHOLE_FILE = ["latin-1", "utf-16", "utf-8-sig", "semicolons", "tabs", "crlf", "cr"]


def _whole_file(lines: list[str], kind: str, data) -> bytes:
    """The file's bytes re-encoded, re-delimited or with other line ends. Before a change of
    encoding one cell gets a non-ASCII value, so that the encoding matters."""
    if kind in ("latin-1", "utf-16"):
        i = data.draw(st.integers(0, len(lines) - 1))
        lines[i:i + 1] = _damage(lines[i], "retype", data)
        lines[i] = lines[i] + ",Süd" if "," not in lines[i] else lines[i].replace(",", ",Süd", 1)
    text = "\n".join(lines) + "\n"
    if kind in ("semicolons", "tabs"):
        text = text.replace(",", ";" if kind == "semicolons" else "\t")
    elif kind in ("crlf", "cr"):
        text = text.replace("\n", "\r\n" if kind == "crlf" else "\r")
    encoding = kind if kind in ("latin-1", "utf-16", "utf-8-sig") else "utf-8"
    return text.encode(encoding)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_damaged_exports_stop_cleanly_or_lose_nothing(tmp_path_factory, data):
    folder = write_tables(tmp_path_factory.mktemp("raw"), tiny_tables())
    files = {spec.filename: (folder / spec.filename).read_text(encoding="utf-8").splitlines()
             for spec in CONTRACT.values()}
    damaged = {}
    for _ in range(data.draw(st.integers(1, 3))):
        name = data.draw(st.sampled_from(sorted(files)))
        lines = files[name]
        if not lines:  # every line of it dropped already
            continue
        i = data.draw(st.integers(0, len(lines) - 1))
        kind = data.draw(st.sampled_from(["blank", "retype", "duplicate", "truncate", "insert",
                                          "recase", "drop"]))
        lines[i:i + 1] = _damage(lines[i], kind, data)
        damaged[name] = data.draw(st.sampled_from([None, None, None, *WHOLE_FILE]))
    for name, whole in damaged.items():
        lines = files[name]
        (folder / name).write_bytes(_whole_file(lines, whole, data) if whole and lines
                                    else ("\n".join(lines) + "\n").encode("utf-8"))
    before = {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in folder.iterdir()}
    try:
        cleaned = clean(read_all(folder))
        schemas.validate(derive_all(cleaned.tables, CONVENTIONS))
    except RawDataError as error:
        assert "\n" not in str(error) and str(error).startswith(str(folder))
    after = {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in folder.iterdir()}
    assert after == before
