"""The stages that write files: 01 raw export -> analysis datasets in <OUT>/data/processed/;
02 Table 1 and 03 outcome results in <OUT>/results/."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import estimates, safety, schemas, subgroups
from .cleaning import Cleaned, clean
from .contract import read_all
from .derive import Conventions, Datasets, derive_all
from .params import Params, is_shipped_data
from .published import PUBLISHED_YAML, compare, load_published
from .reproduce import reproduce
from .table1 import table1, table1_html

SYNTHETIC_NOTE = ("Synthetic data made by the project's simulator, calibrated to the published "
                  "figures; not the trial's data.")


@dataclass
class Stage01:
    cleaned: Cleaned
    datasets: Datasets


def conventions(p: Params) -> Conventions:
    return Conventions(p.min_nights_per_week, p.min_baseline_nights, p.cramp_free_week)


def atomic_write(path: Path, write) -> None:
    """Write through a temporary file so that a failure never leaves a half-written output."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    write(tmp)
    tmp.replace(path)


def write_csv(df: pd.DataFrame, path: Path) -> None:
    atomic_write(path, lambda t: df.to_csv(t, index=False, lineterminator="\n"))


def write_parquet(df: pd.DataFrame, path: Path) -> None:
    atomic_write(path, lambda t: df.to_parquet(t, index=False))


def run_clean(p: Params) -> Stage01:
    raw = read_all(p.data_dir)
    cleaned = clean(raw)
    datasets = derive_all(cleaned.tables, conventions(p))
    schemas.validate(datasets)
    out = p.processed
    write_parquet(datasets.adsl, out / "adsl.parquet")
    write_parquet(datasets.adcramp, out / "adcramp.parquet")
    write_parquet(datasets.adae, out / "adae.parquet")
    write_csv(datasets.consort, out / "consort.csv")
    write_csv(cleaned.log, out / "cleaning_log.csv")
    write_csv(cleaned.accounting, out / "raw_accounting.csv")
    atomic_write(out / "params.json",
                 lambda t: t.write_text(json.dumps(p.as_dict(), indent=1) + "\n"))
    return Stage01(cleaned, datasets)


def load_datasets(p: Params) -> Datasets:
    out = p.processed
    return Datasets(pd.read_parquet(out / "adsl.parquet"), pd.read_parquet(out / "adcramp.parquet"),
                    pd.read_parquet(out / "adae.parquet"), pd.read_csv(out / "consort.csv"))


def run_baseline(p: Params) -> pd.DataFrame:
    """Stage 02: Table 1 as CSV and as typeset HTML."""
    t1 = table1(load_datasets(p).adsl)
    note = SYNTHETIC_NOTE if is_shipped_data(p.data_dir) else f"Data: {p.data_dir}."
    write_csv(t1, p.results / "table1.csv")
    atomic_write(p.results / "table1.html",
                 lambda t: t.write_text(table1_html(t1, note) + "\n", encoding="utf-8"))
    return t1


@dataclass
class Stage03:
    published_comparison: pd.DataFrame
    estimates: pd.DataFrame
    adverse_events: pd.DataFrame
    adherence: pd.DataFrame
    discontinuations: pd.DataFrame
    subgroups: pd.DataFrame


def run_outcomes(p: Params) -> Stage03:
    """Stage 03: the published analysis reproduced and compared; every reanalysis estimate;
    safety, conduct and subgroups."""
    ds = load_datasets(p)
    out = Stage03(
        published_comparison=compare(load_published(PUBLISHED_YAML), reproduce(ds, p.alpha)),
        estimates=estimates.all_estimates(ds.adsl, ds.adcramp, p.alpha, p.n_imputations, p.seed),
        adverse_events=safety.adverse_events(ds.adsl, ds.adae),
        adherence=safety.adherence(ds.adsl),
        discontinuations=safety.discontinuations(ds.adsl),
        subgroups=subgroups.subgroup_effects(ds.adsl, ds.adcramp, p.alpha))
    schemas.ESTIMATES.validate(out.estimates)
    for name, df in vars(out).items():
        write_csv(df, p.results / f"{name}.csv")
    return out
