"""One measured run, in a process of its own, for `benchmarks/bench_pipeline.py`:

    python benchmarks/stage.py WHAT DATA_DIR OUT_DIR [SIM_REPLICATES]

WHAT is `01` (stage 01: read, clean, derive, save), `03` (stage 03: every estimate; needs
stage 01's outputs in OUT_DIR) or `all` (stages 01-05 and the report, the work of a cold
`make report` as plain function calls in one process). Prints one JSON line: the seconds of
the work (imports excluded for 01 and 03, included for `all`) and the process's peak RSS.
"""
from __future__ import annotations

import json
import resource
import sys
import time

START = time.perf_counter()


def main(what: str, data_dir: str, out_dir: str, sim_replicates: str = "None") -> int:
    from k2cramps import pipeline
    from k2cramps.core import params

    overrides = {"data_dir": data_dir, "out_dir": out_dir}
    if sim_replicates != "None":
        overrides["sim_replicates"] = int(sim_replicates)
    p = params.load(overrides)
    if what == "01":
        t = time.perf_counter()
        pipeline.run_clean(p)
    elif what == "03":
        import k2cramps.analysis.estimates  # noqa: F401  the stage's imports, not timed
        import k2cramps.analysis.subgroups  # noqa: F401
        t = time.perf_counter()
        pipeline.run_outcomes(p)
    elif what == "all":
        from k2cramps.report.page import build
        t = START
        for stage in (pipeline.run_clean, pipeline.run_baseline, pipeline.run_outcomes,
                      pipeline.run_figures):
            stage(p)
        pipeline.run_robustness(p, progress=False)
        build(p.out_dir)
    else:
        print(f"unknown stage {what!r}: 01, 03 or all", file=sys.stderr)
        return 2
    seconds = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": round(seconds, 3), "peak_mib": round(peak, 1)}))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
