"""All analysis datasets from the cleaned raw tables, in the order they depend on each other
(ADSL, period totals, ADCRAMP, baseline into ADSL, ADAE, CONSORT, diary completeness)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..core.files import read_csv, write_csv, write_parquet
from .adae import derive_adae
from .adcramp import Conventions, derive_adcramp, period_totals
from .adsl import add_baseline, derive_adsl
from .consort import derive_consort
from .diary import diary_completeness

FILES = {"adsl": "adsl.parquet", "adcramp": "adcramp.parquet", "adae": "adae.parquet",
         "consort": "consort.csv", "diary_completeness": "diary_completeness.csv"}


@dataclass
class Datasets:
    adsl: pd.DataFrame
    adcramp: pd.DataFrame
    adae: pd.DataFrame
    consort: pd.DataFrame
    diary_completeness: pd.DataFrame


def derive_all(tables, conv: Conventions) -> Datasets:
    adsl = derive_adsl(tables)
    totals = period_totals(tables)
    adcramp = derive_adcramp(totals, adsl, conv)
    adsl = add_baseline(adsl, adcramp, totals)
    return Datasets(adsl, adcramp, derive_adae(tables, adsl),
                    derive_consort(tables, adsl, adcramp), diary_completeness(tables, adsl))


def save_datasets(ds: Datasets, processed: Path) -> None:
    """Write the datasets to <OUT>/data/processed/ (read back by `load_datasets`)."""
    for name, filename in FILES.items():
        write = write_parquet if filename.endswith(".parquet") else write_csv
        write(getattr(ds, name), processed / filename)


def load_datasets(processed: Path) -> Datasets:
    """The datasets stage 01 wrote to <OUT>/data/processed/."""
    return Datasets(*(pd.read_parquet(processed / f) if f.endswith(".parquet")
                      else read_csv(processed / f) for f in FILES.values()))
