"""`python -m k2cramps.report [--out DIR] [--staged DIR]`: build <OUT>/report/index.html.

`make report` passes `--staged <OUT>/build/stage`: the stages wrote there, the report is
built there, and only then is everything published into <OUT>."""
from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path

from ..core.params import load
from .page import build


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m k2cramps.report",
                                     description="Build the HTML report")
    parser.add_argument("--out", default=None, help="output root (default: params out_dir)")
    parser.add_argument("--staged", type=Path, default=None,
                        help="staging root the stages wrote; published into --out when built")
    args = parser.parse_args(argv)
    out = load({"out_dir": args.out}).out_dir
    print(f"wrote {build(out, args.staged)}")
    # Done: what was built is left as it is. Python's final garbage collections over it (nbconvert,
    # pandas, ...) held the end of `make report` about 0.35 s; exit handlers still run.
    gc.freeze()
    return 0


if __name__ == "__main__":
    sys.exit(main())
