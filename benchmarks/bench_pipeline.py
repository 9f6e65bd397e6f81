"""`make bench`: how long the build takes, and how much of that is the computation.

For each scale (default 1x, 10x and 100x the trial; `make bench SCALES="1 10"`), on a
simulated export (cached in build/bench/, rebuilt when the simulator's code changes):

- stage 01 and stage 03 as plain function calls, each in a fresh process: seconds of work
  (imports excluded) and the process's peak memory;
- the whole build (stages 01-05 and the report) as plain function calls in one process (the
  coverage study of stage 05 with STUDY_REPLICATES at that scale, as in the make runs);
- a cold `make report` (environment present, OUT empty) and a no-op one (nothing changed);
- the ratio of the cold build to the in-process computation: what papermill, kernels,
  imports and make cost on top of the work;
- a probe of the machine's own speed before and after each scale (a fixed loop of
  PROBE_STEPS Python additions, median of 5 fresh processes): the same code takes 1.5 times
  longer on this machine at some hours than at others, and the probes say how fast it was.

Every figure is the median of REPEATS runs (default 3). Progress goes to stderr, the table to
stdout.
"""
from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "build" / "bench"
PYTHON = sys.executable
SEED = 1
# The coverage study (stage 05) simulates trials as large as the data's: its replicates per
# scenario at each scale (None: params/default.yaml's sim_replicates), so that a 100x build
# stays measurable. `make report SIM_REPLICATES=` and the in-process run get the same.
STUDY_REPLICATES = {1: None, 10: 100, 100: 10}
PROBE_STEPS = 10_000_000
PROBE = (f"import time\nt, s = time.perf_counter(), 0\nfor i in range({PROBE_STEPS}): s += i\n"
         "print(time.perf_counter() - t)")


def progress(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def _simulator_digest() -> str:
    files = sorted((ROOT / "src" / "k2cramps" / "synthetic").glob("*.py"))
    return hashlib.sha256(b"".join(f.read_bytes() for f in files)).hexdigest()


def export(scale: int) -> Path:
    """A simulated export at `scale` (uncalibrated above 1x), made once and kept."""
    folder = BENCH / f"x{scale}"
    stamp = folder / "simulator.sha256"
    if stamp.is_file() and stamp.read_text() == _simulator_digest():
        return folder / "raw"
    progress(f"simulating a {scale}x export (once; kept in {folder.relative_to(ROOT)})")
    shutil.rmtree(folder, ignore_errors=True)
    subprocess.run([PYTHON, "-m", "k2cramps.synthetic", "--out", str(folder / "raw"),
                    "--seed", str(SEED), "--scale", str(scale)], cwd=ROOT, check=True)
    stamp.write_text(_simulator_digest())
    return folder / "raw"


def in_process(what: str, raw: Path, out: Path, replicates=None) -> dict:
    res = subprocess.run([PYTHON, str(ROOT / "benchmarks" / "stage.py"), what, str(raw),
                          str(out), str(replicates)], cwd=ROOT, capture_output=True, text=True)
    if res.returncode:
        raise SystemExit(f"stage {what} failed on {raw}:\n{res.stderr[-2000:]}")
    return json.loads(res.stdout.strip().splitlines()[-1])


def make_report(raw: Path, out: Path, replicates=None) -> float:
    """A `make report` of its own: not a part of the make that runs this benchmark."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")}
    t = time.perf_counter()
    res = subprocess.run(["make", "report", f"DATA={raw}", f"OUT={out}",
                          f"SIM_REPLICATES={replicates}"], cwd=ROOT, capture_output=True,
                         text=True, env=env)
    if res.returncode:
        raise SystemExit(f"make report failed on {raw}:\n{res.stderr[-2000:]}")
    return time.perf_counter() - t


def probe() -> float:
    """Seconds of the probe loop, median of 5 processes: the machine's speed right now."""
    return statistics.median(float(subprocess.run([PYTHON, "-c", PROBE], capture_output=True,
                                                  text=True, check=True).stdout)
                             for _ in range(5))


def median(runs: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def measure(scale: int, repeats: int) -> dict:
    raw = export(scale)
    out = BENCH / f"x{scale}" / "out"
    study = STUDY_REPLICATES.get(scale, 10)
    progress(f"{scale}x: probe of the machine's speed")
    row = {"scale": scale, "study": study or "params", "probe": [probe()]}
    for what in ("01", "03"):
        runs = []
        for i in range(repeats):
            progress(f"{scale}x: stage {what} in-process, run {i + 1}/{repeats}")
            runs.append(in_process(what, raw, out))
        row[f"s{what}"], row[f"m{what}"] = median(runs, "seconds"), median(runs, "peak_mib")
    runs = []
    for i in range(repeats):
        progress(f"{scale}x: every stage and the report in-process, run {i + 1}/{repeats}")
        shutil.rmtree(out, ignore_errors=True)
        runs.append(in_process("all", raw, out, study))
    row["all"] = median(runs, "seconds")
    cold, noop = [], []
    for i in range(repeats):
        progress(f"{scale}x: cold make report, run {i + 1}/{repeats}")
        shutil.rmtree(out, ignore_errors=True)
        cold.append(make_report(raw, out, study))
    for i in range(repeats):
        progress(f"{scale}x: no-op make report, run {i + 1}/{repeats}")
        noop.append(make_report(raw, out, study))
    row["cold"], row["noop"] = statistics.median(cold), statistics.median(noop)
    import pandas as pd
    row["participants"] = len(pd.read_parquet(out / "data" / "processed" / "adsl.parquet"))
    progress(f"{scale}x: probe of the machine's speed")
    row["probe"].append(probe())
    return row


def table(rows: list[dict], repeats: int) -> str:
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    lines = [f"machine: {os.cpu_count()} cores, {mem:.0f} GiB, Python "
             f"{platform.python_version()}; medians of {repeats} runs; probe: "
             f"{PROBE_STEPS:,} Python loop steps, before and after the scale's runs",
             f"{'scale':>5} {'randomized':>10} {'study reps':>10} {'stage 01':>15} "
             f"{'stage 03':>15} {'in-process':>10} {'cold make':>9} {'no-op make':>10} "
             f"{'cold/in-process':>15} {'probe':>12}"]
    for r in rows:
        lines.append(f"{r['scale']:>4}x {r['participants']:>10} {r['study']:>10} "
                     f"{r['s01']:6.1f} s {r['m01']:4.0f} MiB {r['s03']:6.1f} s {r['m03']:4.0f} MiB "
                     f"{r['all']:8.1f} s {r['cold']:7.1f} s {r['noop']:8.2f} s "
                     f"{r['cold'] / r['all']:14.2f}x {r['probe'][0]:5.2f}/{r['probe'][1]:.2f} s")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    scales = [int(s) for s in (argv or os.environ.get("SCALES", "1 10 100").split())]
    repeats = int(os.environ.get("REPEATS", "3"))
    rows = [measure(scale, repeats) for scale in scales]
    print(table(rows, repeats))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
