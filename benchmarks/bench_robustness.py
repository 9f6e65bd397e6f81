"""Speed of the coverage study (`make bench`): replicates per second of each method,
vectorised, in one process; then 1000 replicates of every method on 1 worker and on every
core (the scale-out), and the whole study at the default replicates. The figures are quoted
in the README."""
import os
import sys
import tempfile
import time
from pathlib import Path

from threadpoolctl import threadpool_limits

from k2cramps.adam.adcramp import Conventions
from k2cramps.adam.datasets import derive_all
from k2cramps.analysis.shaping import WEEKS, wide
from k2cramps.core.params import load
from k2cramps.raw.cleaning import clean
from k2cramps.raw.contract import read_all
from k2cramps.robustness import dgm, icc, runner
from k2cramps.robustness.methods import METHODS
from k2cramps.robustness.study import robustness, scenarios

RATE_REPLICATES = 200
SCALE_REPLICATES = 1000   # of every method, on 1 worker and on every core
OUT_REPLICATES = 2000     # the scale-out, measured on a job long enough that starting the
                          # worker processes (about 2 s: each imports the package) is amortised


def shipped():
    p = load()
    ds = derive_all(clean(read_all(p.data_dir)).tables, Conventions.of(p))
    return p, ds


def main() -> int:
    p, ds = shipped()
    w = wide(ds.adsl, ds.adcramp, "FREQ")
    found = icc.estimate(w, p.alpha)
    design = dgm.design_from_data(w["K2"].to_numpy(int), w["BASE"].to_numpy(float),
                                  w[WEEKS].to_numpy(float), found.between, found.within)
    batches = [dgm.simulate(design, dgm.replicate_seeds(p.seed, 0, range(s, s + runner.CHUNK)))
               for s in range(0, RATE_REPLICATES, runner.CHUNK)]
    print(f"per method, one process, {RATE_REPLICATES} replicates in chunks of {runner.CHUNK}:")
    total = 0.0
    with threadpool_limits(limits=1, user_api="blas"):
        for method, fn in METHODS.items():
            t = time.perf_counter()
            for b in batches:
                fn(b, p.alpha)
            dt = time.perf_counter() - t
            total += dt
            print(f"  {method:<24} {RATE_REPLICATES / dt:8.0f} replicates/s", flush=True)
    print(f"  {'every method':<24} {RATE_REPLICATES / total:8.0f} replicates/s")
    cores = os.cpu_count() or 1
    for size in (SCALE_REPLICATES, OUT_REPLICATES):
        todo = runner.tasks(scenarios(design, p.sim_icc_low, p.sim_icc_high)[:1], size,
                            p.seed, p.alpha)
        times = {}
        for workers in sorted({1, cores}):
            t = time.perf_counter()
            runner.run(todo, workers=workers, progress=False)
            times[workers] = time.perf_counter() - t
            print(f"{size} replicates x every method, {workers} worker(s): "
                  f"{times[workers]:5.1f} s ({size / times[workers]:.0f} replicates/s)", flush=True)
        if cores > 1:
            print(f"  scale-out, {cores} workers / 1: {times[1] / times[cores]:.2f}x", flush=True)
    with tempfile.TemporaryDirectory():
        t = time.perf_counter()
        robustness(ds.adsl, ds.adcramp, p.alpha, p.sim_replicates, p.seed, p.sim_icc_low,
                   p.sim_icc_high, p.sim_workers, p.dask_scheduler, progress=False)
        print(f"stage 05's study, {p.sim_replicates} replicates x 4 scenarios, "
              f"{p.sim_workers or cores} workers: {time.perf_counter() - t:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
