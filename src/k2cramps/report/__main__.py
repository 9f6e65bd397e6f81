"""`python -m k2cramps.report [--out DIR]`: build <OUT>/report/index.html."""
from __future__ import annotations

import argparse
import sys

from ..core.params import load
from .page import build


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m k2cramps.report",
                                     description="Build the HTML report")
    parser.add_argument("--out", default=None, help="output root (default: params out_dir)")
    args = parser.parse_args(argv)
    out = load({"out_dir": args.out}).out_dir
    print(f"wrote {build(out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
