"""Writing outputs so that a failure never leaves a half-written file behind, and reading\nthem back."""
from __future__ import annotations

from pathlib import Path

import pandas as pd


def atomic_write(path: Path, write) -> None:
    """Call `write(tmp)` on a temporary file beside `path`, then move it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    write(tmp)
    tmp.replace(path)


def read_csv(path: Path) -> pd.DataFrame:
    """A CSV the stages wrote. Text from the data stays text: a site or reason written "NA"
    is not a missing value; only an empty cell is."""
    return pd.read_csv(path, keep_default_na=False, na_values=[""])


def write_csv(df: pd.DataFrame, path: Path) -> None:
    atomic_write(path, lambda t: df.to_csv(t, index=False, lineterminator="\n"))


def write_parquet(df: pd.DataFrame, path: Path) -> None:
    atomic_write(path, lambda t: df.to_parquet(t, index=False))


def write_text(text: str, path: Path) -> None:
    atomic_write(path, lambda t: t.write_text(text, encoding="utf-8"))
