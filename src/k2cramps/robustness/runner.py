"""Replicates in chunks, on local processes or a Dask cluster, with the same results.

A chunk is CHUNK consecutive replicates of one scenario: simulated from one seed per
replicate (`dgm.replicate_seeds`) and analysed by every method at once. Chunks are the same
whatever the backend or the number of workers, and each replicate's numbers depend only on
its chunk, so the study's results are identical for the same seed on 1 worker, n local
processes or a Dask cluster (tests/test_robustness_runner.py).

Backends: `workers == 1` runs in this process; otherwise a pool of `workers` local processes
(0 = every core); `scheduler` (e.g. tcp://host:8786) sends the chunks to a Dask distributed
cluster instead, whose workers need this package installed. A progress bar (tqdm, on the
terminal's stderr, so never into a notebook's outputs) counts replicates.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from multiprocessing import get_all_start_methods, get_context

import numpy as np
import pandas as pd

from ..core.blas import one_blas_thread
from .closed_form import BatchEstimate
from .dgm import Design, replicate_seeds, simulate
from .methods import METHODS

CHUNK = 25                    # replicates per task: fixed, so results never depend on workers
COLUMNS = ["scenario", "replicate", "method", "estimate", "se", "ci_low", "ci_high",
           "converged"]


@dataclass(frozen=True)
class Task:
    scenario: str
    index: int                # the scenario's place in the seed tree
    design: Design
    seed: int
    start: int
    stop: int
    alpha: float


def tasks(scenarios: list[tuple[str, Design]], replicates: int, seed: int,
          alpha: float) -> list[Task]:
    return [Task(name, i, design, seed, start, min(start + CHUNK, replicates), alpha)
            for i, (name, design) in enumerate(scenarios)
            for start in range(0, replicates, CHUNK)]


def _analyse(method: str, batch, alpha: float):
    """The batch through one method; if the batch as a whole raises (a singular matrix in
    one replicate), each replicate alone, and a replicate that still raises is a failure."""
    fn = METHODS[method]
    try:
        return fn(batch, alpha)
    except (np.linalg.LinAlgError, FloatingPointError, ValueError):
        parts = []
        for r in range(len(batch)):
            one = type(batch)(batch.k2, batch.base[r:r + 1], batch.y[r:r + 1])
            try:
                e = fn(one, alpha)
                parts.append([e.estimate[0], e.se[0], e.ci_low[0], e.ci_high[0], e.converged[0]])
            except (np.linalg.LinAlgError, FloatingPointError, ValueError):
                parts.append([np.nan] * 4 + [False])
        cols = np.array(parts, dtype=float).T
        return BatchEstimate(*cols[:4], cols[4].astype(bool))


def run_chunk(task: Task) -> pd.DataFrame:
    """One chunk: simulate, analyse by every method; one row per replicate and method."""
    with one_blas_thread():
        batch = simulate(task.design, replicate_seeds(task.seed, task.index,
                                                      range(task.start, task.stop)))
        found = [_analyse(method, batch, task.alpha) for method in METHODS]
    n = task.stop - task.start
    return pd.DataFrame({
        "scenario": task.scenario, "replicate": np.tile(np.arange(task.start, task.stop),
                                                        len(found)),
        "method": np.repeat(list(METHODS), n),
        **{c: np.concatenate([getattr(e, c) for e in found])
           for c in ("estimate", "se", "ci_low", "ci_high", "converged")}})


def _context():
    """fork where the platform has it: a worker starts with the parent's imports. spawn starts
    a fresh interpreter that imports the package again (about 1.5 s per worker), which took 2
    workers from 1.9x one to 1.4x on 1000 replicates. The results do not depend on it."""
    return get_context("fork" if "fork" in get_all_start_methods() else "spawn")


def _local(todo: list[Task], workers: int) -> Iterator[pd.DataFrame]:
    if workers == 1:
        yield from map(run_chunk, todo)
        return
    with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:
        for future in as_completed([pool.submit(run_chunk, t) for t in todo]):
            yield future.result()


def _dask(todo: list[Task], scheduler: str) -> Iterator[pd.DataFrame]:
    from dask.distributed import Client
    from dask.distributed import as_completed as dask_completed

    with Client(scheduler) as client:
        for future in dask_completed(client.map(run_chunk, todo, pure=False)):
            yield future.result()


def run(todo: list[Task], workers: int = 0, scheduler: str = "",
        progress: bool = True) -> pd.DataFrame:
    """Every task's rows, in scenario, replicate and method order whatever the backend."""
    from tqdm import tqdm

    workers = workers or os.cpu_count() or 1
    chunks = _dask(todo, scheduler) if scheduler else _local(todo, workers)
    total = sum(t.stop - t.start for t in todo)
    out = []
    # On the process's own stderr, a terminal or not: under `make report` the kernel's stderr
    # is make's (tools/run_notebook.py keeps ipykernel from copying it into the notebook),
    # and a 10000-replicate study takes minutes.
    with tqdm(total=total, unit="replicate", desc="coverage study", file=sys.__stderr__,
              disable=not progress, mininterval=1.0 if sys.__stderr__.isatty() else 10.0) as bar:
        for rows in chunks:
            out.append(rows)
            bar.update(rows["replicate"].nunique())
    order = {t.scenario: t.index for t in todo}
    methods = {m: i for i, m in enumerate(METHODS)}
    df = pd.concat(out, ignore_index=True)
    key = (df["scenario"].map(order) * 10**9 + df["replicate"] * 100 + df["method"].map(methods))
    return df.iloc[np.argsort(key.to_numpy(), kind="stable")].reset_index(drop=True)
