"""`python -m k2cramps.raw [--headers] DATA_DIR`: can this export be analysed? Every file
readable under the contract, and something left after the cleaning rules; one line naming the
file, the line and the problem if not, else rows read, used and dropped per file.

`--headers` checks only that every file is there with the contract's columns (its first
line): `make report` runs that before stage 01 starts a kernel; stage 01 then reads every
row and stops with the same one-line messages."""
from __future__ import annotations

import sys
from pathlib import Path

from .contract import RawDataError, check_headers, read_all

USAGE = "usage: python -m k2cramps.raw [--headers] DATA_DIR"


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    headers_only = argv[:1] == ["--headers"]
    args = argv[1:] if headers_only else argv
    if len(args) != 1:
        print(USAGE, file=sys.stderr)
        return 2
    try:
        if headers_only:
            check_headers(Path(args[0]))
            return 0
        from .cleaning import clean  # here: `--headers` (before every build) needs no pandas
        cleaned = clean(read_all(Path(args[0])))
    except RawDataError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    for row in cleaned.accounting.itertuples(index=False):
        print(f"ok  {row.file}  {row.rows_read} rows read, {row.rows_used} used, "
              f"{row.rows_dropped} dropped  sha256 {row.sha256[:12]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
