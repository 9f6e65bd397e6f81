"""`python -m k2cramps.synthetic --out DIR [--seed N] [--scale N] [--defects FILE]`: write a
synthetic diary export (calibrated to the published figures at scale 1)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

from ..core.params import load
from .calibration import progress
from .export import write_raw
from .trial import simulate


def main(argv=None) -> int:
    seed = load().seed
    parser = argparse.ArgumentParser(prog="python -m k2cramps.synthetic",
                                     description="Write a synthetic diary export")
    parser.add_argument("--out", type=Path, required=True, help="folder for the six CSV files")
    parser.add_argument("--seed", type=int, default=seed,
                        help=f"random seed (default: params/default.yaml, {seed})")
    parser.add_argument("--scale", type=int, default=1, help="N-times-larger trial (benchmarks)")
    parser.add_argument("--defects", type=Path, help="where to write the list of injected defects")
    args = parser.parse_args(argv)
    trial = simulate(args.seed, args.scale)
    injected = write_raw(trial, args.out, np.random.default_rng(args.seed + 1))
    if args.defects:
        args.defects.parent.mkdir(parents=True, exist_ok=True)
        injected.to_csv(args.defects, index=False, lineterminator="\n")
    progress(f"wrote {args.out} ({len(trial.randomization)} randomized, scale {args.scale})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
