"""Writing outputs so that a failure never leaves a half-written file behind, and reading\nthem back."""
from __future__ import annotations

import filecmp
import os
import shutil
from pathlib import Path

import pandas as pd

# Files the repository keeps in otherwise generated folders (figures/, report/).
KEEP = {".gitkeep"}


def atomic_write(path: Path, write) -> None:
    """Call `write(tmp)` on a temporary file beside `path`, then move it into place. The
    temporary name is the process's own, so two processes writing the same file (parallel
    test workers, say) never write into one temporary file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        write(tmp)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


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


def publish(staged: Path, out: Path, folders: list[str]) -> list[str]:
    """Make each folder under `out` a copy of the same folder under `staged`: changed files
    replaced one by one (each atomically), files the stages no longer write removed. The
    stages of `make report` write into a staging root and this runs only after the report
    has been built there, so a stage that fails leaves the last good build as it was.
    Returns the published files that changed, relative to `out`."""
    changed = []
    for folder in folders:
        src, dst = staged / folder, out / folder
        wanted = {f.relative_to(src) for f in src.rglob("*") if f.is_file()}
        for rel in sorted(wanted):
            target = dst / rel
            if not (target.is_file() and filecmp.cmp(src / rel, target, shallow=False)):
                atomic_write(target, lambda t, s=src / rel: shutil.copyfile(s, t))
                changed.append(str(Path(folder) / rel))
        for f in sorted(dst.rglob("*")) if dst.is_dir() else []:
            if f.is_file() and f.relative_to(dst) not in wanted and f.name not in KEEP:
                f.unlink()
                changed.append(str(Path(folder) / f.relative_to(dst)))
    return changed
