"""Tiny raw exports for rule tests, and the shipped export built once per test run."""
from __future__ import annotations

import fcntl
import json
import shutil
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest

from k2cramps import pipeline
from k2cramps.adam.adcramp import Conventions
from k2cramps.adam.datasets import Datasets, load_datasets
from k2cramps.core import params
from k2cramps.core.files import read_csv
from k2cramps.raw.cleaning import clean
from k2cramps.raw.contract import CONTRACT, read_all

ROOT = Path(__file__).resolve().parents[1]
R = date(2023, 1, 15)
# The conventions the tiny trials' expected values were worked out with (design section 6).
TINY_CONVENTIONS = Conventions(min_nights_per_week=4, min_baseline_nights=7,
                               cramp_free_week="zero")
# Where the notebook templates write when run without papermill's parameters (by nbval in
# `make test`, or by hand): their default out_dir.
SCRATCH = ROOT / "build" / "scratch"
INPUTS = ("src", "data/raw", "data/published", "params", "notebooks")


def tiny_tables() -> dict[str, list[dict]]:
    """Two randomized participants (A: vitamin K2, B: placebo) and one excluded (C)."""
    scr = [dict(participant_id=p, site="CD", screening_date=str(R - timedelta(days=14)), age=70,
                sex="F", hypertension=1, diabetes=0, creatinine_mg_dl="0.9", excluded_reason=x)
           for p, x in (("A", ""), ("B", ""), ("C", "declined to participate"))]
    rand = [dict(participant_id=p, arm=a, randomization_date=str(R), discontinued_date="",
                 discontinuation_reason="") for p, a in (("A", "vitamin_k2"), ("B", "placebo"))]
    nights, episodes = [], []
    for pid in ("A", "B"):
        for t in range(-14, 56):
            night = str(R + timedelta(days=t))
            cramps = 1 if t % 3 == 0 else 0
            nights.append(dict(participant_id=pid, night_date=night, cramps=cramps))
            if cramps:
                episodes.append(dict(participant_id=pid, night_date=night, episode=1,
                                     duration_min=1.5, severity=4))
    ae = [dict(participant_id="B", onset_date=str(R + timedelta(days=5)), term="headache",
               serious=0, related=0)]
    adh = [dict(participant_id=p, capsules_dispensed=60, capsules_returned=6) for p in ("A", "B")]
    return {"screening": scr, "randomization": rand, "diary_nights": nights,
            "cramp_episodes": episodes, "adverse_events": ae, "adherence": adh}


def write_tables(folder: Path, tables: dict[str, list[dict]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for key, rows in tables.items():
        df = pd.DataFrame(rows, columns=CONTRACT[key].columns)
        df.to_csv(folder / CONTRACT[key].filename, index=False, lineterminator="\n")
    return folder


def pytest_sessionfinish(session):
    """An xdist worker is done once its session ends; what it built is left as it is
    (gc.freeze): Python's final garbage collections over the statistics stack took 1-2 s
    after the last test. Its clean-ups and exit handlers still run."""
    if hasattr(session.config, "workerinput"):
        import gc
        gc.freeze()


@pytest.hookimpl(tryfirst=True)  # before any plugin that deselects by position (--sw)
def pytest_collection_modifyitems(items):
    """Mark the tests that read the shipped build, so the mutation run can leave them out:
    the build is made once per run and cannot see a mutant.

    Order of the files, for the workers of `make test` (`--dist loadfile` without xdist's
    reordering): the files that hold such tests last, since under `make test` the build is
    nbval's (about 15 s) and a worker that started with one of them would wait for it; the
    others with the most tests first (xdist's own order), so that short files fill the end."""
    waits = set()
    for item in items:
        if "shipped" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.shipped)
            waits.add(item.path)
    size = Counter(item.path for item in items)
    items.sort(key=lambda item: (item.path in waits, -size[item.path], str(item.path)))


@pytest.fixture
def tiny(tmp_path):
    return tiny_tables()


@pytest.fixture
def run_tiny(tmp_path):
    def run(tables):
        return clean(read_all(write_tables(tmp_path / "raw", tables)))
    return run


@dataclass
class Shipped:
    params: params.Params
    log: pd.DataFrame
    datasets: Datasets
    _read: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)

    def results(self, name: str, outcome: str) -> pd.DataFrame:
        """The rows of `outcome` in results/<name>.csv (written with every digit), read once
        and as the stages read it. The tests compare them at alpha 0.05: a build made by hand
        into build/scratch at another alpha stops here, not in a confusing comparison."""
        if name not in self._read:
            used = json.loads((self.params.processed / "params.json").read_text())["alpha"]
            assert used == 0.05, f"{self.params.out_dir} was built at alpha {used}; rerun make test"
            self._read[name] = read_csv(self.params.results / f"{name}.csv")
        df = self._read[name]
        return df[df["outcome"] == outcome].reset_index(drop=True)


def _built_after_inputs(outputs: list[Path]) -> bool:
    if not all(o.is_file() for o in outputs):
        return False
    newest_input = max(f.stat().st_mtime for d in INPUTS for f in (ROOT / d).rglob("*")
                       if f.suffix in (".py", ".csv", ".yaml", ".ipynb"))
    return min(o.stat().st_mtime for o in outputs) >= newest_input


@contextmanager
def _scratch_lock():
    """One test process at a time builds the shipped export in build/scratch; the others
    wait, then find it built."""
    SCRATCH.parent.mkdir(parents=True, exist_ok=True)
    with open(SCRATCH.parent / "scratch.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def shipped() -> Shipped:
    """The committed synthetic export through stages 01-04 and the report, once per test run.

    Built in build/scratch by the first test process that needs it (or by nbval's run of the
    notebooks, which write there too), and reused after; rebuilt if an input changed since."""
    with _scratch_lock():
        return _shipped()


def _shipped() -> Shipped:
    p = params.load({"out_dir": str(SCRATCH)})
    last_written = [p.processed / "params.json", p.results / "table1.html",
                    p.results / "subgroups.csv", p.figures / "diary_completeness.png",
                    p.results / "coverage.csv", p.figures / "coverage.png"]
    if not _built_after_inputs(last_written):
        pipeline.run_clean(p)
        pipeline.run_baseline(p)
        pipeline.run_outcomes(p)
        pipeline.run_figures(p)
        # As notebook 05's template runs it (40 replicates per scenario).
        pipeline.run_robustness(params.load({"out_dir": str(SCRATCH), "sim_replicates": 40}),
                                progress=False)
    # The report links the executed notebooks. nbval executes them without keeping the result,
    # so the pages are rendered from the templates' stored outputs (executed by `make freeze`).
    executed = p.out_dir / "build" / "notebooks"
    executed.mkdir(parents=True, exist_ok=True)
    for nb in sorted((ROOT / "notebooks").glob("[0-9]*.ipynb")):
        shutil.copyfile(nb, executed / nb.name)
    from k2cramps.report.page import build
    build(p.out_dir)
    log = pd.read_csv(p.processed / "cleaning_log.csv", keep_default_na=False,
                      dtype={"line": int, "original_value": str})
    return Shipped(p, log, load_datasets(p.processed))
