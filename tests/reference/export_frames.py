"""Write the analysis frames the R reference script reads (tests/reference/reference.R).

    python tests/reference/export_frames.py build/reference

Two trials: `shipped` (the shipped synthetic export, through the pipeline's cleaning and
derivation: build it first with `make test` or `make report`) and `known` (a small
simulated trial, KNOWN_TRIAL and KNOWN_SEED below, which tests/test_r_reference.py rebuilds).
For each outcome: the observed weekly values one row per participant (wide_<PARAM>.csv:
USUBJID, K2, BASE, W1..W8), the same with the paper's arm-and-week mean imputation
(meanimp_<PARAM>.csv); and adsl_counts.csv for the count model.
"""
from __future__ import annotations

import sys
from pathlib import Path

from k2cramps.adam.datasets import load_datasets
from k2cramps.analysis.shaping import mean_imputed, wide
from k2cramps.core.arms import k2_flag
from k2cramps.core.conventions import PARAMS
from k2cramps.synthetic.known_effect import KnownTrial, simulate_known

ROOT = Path(__file__).resolve().parents[2]
SHIPPED_PROCESSED = ROOT / "build" / "scratch" / "data" / "processed"
KNOWN_TRIAL = KnownTrial(n_per_arm=40, p_missing=0.15)
KNOWN_SEED = 20261122


def frames(adsl, adcramp, params):
    out = {}
    for param in params:
        w = wide(adsl, adcramp, param)
        out[f"wide_{param}"] = w
        out[f"meanimp_{param}"] = mean_imputed(w)
    counts = adsl[["USUBJID", "BFREQ", "TRNIGHTS", "TRCRAMPS"]].copy()
    counts.insert(1, "K2", k2_flag(adsl).astype(int))
    out["adsl_counts"] = counts.set_index("USUBJID")
    return out


def trials():
    ds = load_datasets(SHIPPED_PROCESSED)
    yield "shipped", frames(ds.adsl, ds.adcramp, PARAMS)
    adsl, adcramp = simulate_known(KNOWN_TRIAL, KNOWN_SEED)
    yield "known", frames(adsl, adcramp, ["FREQ"])


def main(folder: Path) -> None:
    for name, tables in trials():
        (folder / name).mkdir(parents=True, exist_ok=True)
        for key, df in tables.items():
            df.to_csv(folder / name / f"{key}.csv", float_format="%.17g")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
