"""Stage 01: raw export -> cleaned tables -> analysis datasets in <OUT>/data/processed/."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import schemas
from .cleaning import Cleaned, clean
from .contract import read_all
from .derive import Conventions, Datasets, derive_all
from .params import Params


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
