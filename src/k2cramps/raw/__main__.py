"""`python -m k2cramps.raw DATA_DIR`: can this export be analysed? Every file readable under
the contract, and something left after the cleaning rules. Run by `make report` before
stage 01, so that an unusable export gets one line naming the file, the line and the problem
instead of a notebook traceback."""
from __future__ import annotations

import sys
from pathlib import Path

from .cleaning import clean
from .contract import RawDataError, read_all


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print("usage: python -m k2cramps.raw DATA_DIR", file=sys.stderr)
        return 2
    try:
        tables = read_all(Path(argv[0]))
        cleaned = clean(tables)
    except RawDataError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    for row in cleaned.accounting.itertuples(index=False):
        print(f"ok  {row.file}  {row.rows_read} rows read, {row.rows_used} used, "
              f"{row.rows_dropped} dropped  sha256 {row.sha256[:12]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
