"""Time and peak memory of simulation, cleaning + derivation, and every outcome estimate,
at 1x and 5x scale."""
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from k2cramps.adam.adcramp import Conventions
from k2cramps.adam.datasets import derive_all
from k2cramps.analysis.estimates import all_estimates
from k2cramps.core.params import load
from k2cramps.raw.cleaning import clean
from k2cramps.raw.contract import read_all
from k2cramps.synthetic.export import write_raw
from k2cramps.synthetic.trial import simulate


def main() -> int:
    p = load()
    for scale in (1, 5):
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            trial = simulate(seed=1, scale=scale, calibrate=False)
            write_raw(trial, Path(tmp), np.random.default_rng(2))
            t1 = time.perf_counter()
            ds = derive_all(clean(read_all(Path(tmp))).tables, Conventions.of(p))
            t2 = time.perf_counter()
            all_estimates(ds.adsl, ds.adcramp, p.alpha, p.n_imputations, p.seed)
            t3 = time.perf_counter()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"scale {scale}: simulate+write {t1 - t0:6.1f} s   clean+derive {t2 - t1:6.1f} s   "
              f"estimates (20 imputations) {t3 - t2:6.1f} s   "
              f"peak RSS so far {peak:6.0f} MiB", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
