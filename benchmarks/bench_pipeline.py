"""Time and peak memory of simulation, cleaning + derivation (stage 01's work) and stage 03
(every estimate, the published comparison, safety and subgroups) in-process, at 1x and 10x
the trial's size. `make bench`; the figures are quoted in the README."""
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from k2cramps.adam.adcramp import Conventions
from k2cramps.adam.datasets import derive_all, save_datasets
from k2cramps.core.params import load
from k2cramps.pipeline import run_outcomes
from k2cramps.raw.cleaning import clean
from k2cramps.raw.contract import read_all
from k2cramps.synthetic.export import write_raw
from k2cramps.synthetic.trial import simulate

SCALES = (1, 10)


def main() -> int:
    t = time.perf_counter()
    import k2cramps.analysis.estimates  # noqa: F401  stage 03's imports, timed on their own
    import k2cramps.analysis.subgroups  # noqa: F401
    print(f"stage 03 imports {time.perf_counter() - t:.1f} s (once per process)", flush=True)
    for scale in SCALES:
        with tempfile.TemporaryDirectory() as tmp:
            p = load({"out_dir": tmp})
            t0 = time.perf_counter()
            trial = simulate(seed=1, scale=scale, calibrate=False)
            write_raw(trial, Path(tmp) / "raw", np.random.default_rng(2))
            t1 = time.perf_counter()
            ds = derive_all(clean(read_all(Path(tmp) / "raw")).tables, Conventions.of(p))
            save_datasets(ds, p.processed)
            t2 = time.perf_counter()
            run_outcomes(p)
            t3 = time.perf_counter()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"scale {scale:>2} ({len(ds.adsl)} randomized): simulate+write {t1 - t0:6.1f} s   "
              f"clean+derive {t2 - t1:6.1f} s   stage 03 ({p.n_imputations} imputations) "
              f"{t3 - t2:6.1f} s   peak RSS so far {peak:6.0f} MiB", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
