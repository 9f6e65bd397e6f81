"""The stages that read and write files, on top of the layers:

01 raw export -> analysis datasets in <OUT>/data/processed/;
02 Table 1 and 03 outcome results in <OUT>/results/; 04 figures in <OUT>/figures/;
05 the robustness of the published CI (design effect, coverage study) in <OUT>/results/ and
<OUT>/figures/.

Each stage imports what it uses inside its function, so that a notebook that runs one stage
loads (and, for make, depends on) only the layers that stage needs.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from .core.files import read_csv, write_csv, write_text
from .core.params import Params, is_shipped_data

if TYPE_CHECKING:
    from .adam.datasets import Datasets
    from .raw.cleaning import Cleaned

SYNTHETIC_NOTE = ("Synthetic data made by the project's simulator, calibrated to the published "
                  "figures; not the trial's data.")


@dataclass
class Stage01:
    cleaned: Cleaned
    datasets: Datasets


def run_clean(p: Params) -> Stage01:
    """Stage 01: read the raw export, apply the cleaning rules, derive the datasets."""
    from .adam import schemas
    from .adam.adcramp import Conventions
    from .adam.datasets import derive_all, save_datasets
    from .raw.cleaning import clean
    from .raw.contract import read_all

    raw = read_all(p.data_dir)
    cleaned = clean(raw)
    datasets = derive_all(cleaned.tables, Conventions.of(p))
    schemas.validate(datasets)
    save_datasets(datasets, p.processed)
    write_csv(cleaned.log, p.processed / "cleaning_log.csv")
    write_csv(cleaned.accounting, p.processed / "raw_accounting.csv")
    write_text(json.dumps(p.as_dict(), indent=1) + "\n", p.processed / "params.json")
    return Stage01(cleaned, datasets)


def run_baseline(p: Params) -> pd.DataFrame:
    """Stage 02: Table 1 as CSV and as typeset HTML."""
    from .adam.datasets import load_datasets
    from .analysis.table1 import table1, table1_html

    t1 = table1(load_datasets(p.processed).adsl)
    note = SYNTHETIC_NOTE if is_shipped_data(p.data_dir) else f"Data: {p.data_dir}."
    write_csv(t1, p.results / "table1.csv")
    write_text(table1_html(t1, note) + "\n", p.results / "table1.html")
    return t1


@dataclass
class Stage03:
    published_comparison: pd.DataFrame
    estimates: pd.DataFrame
    arm_summaries: pd.DataFrame
    weekly_means: pd.DataFrame
    adverse_events: pd.DataFrame
    adverse_events_by_term: pd.DataFrame
    adherence: pd.DataFrame
    discontinuations: pd.DataFrame
    subgroups: pd.DataFrame


def run_outcomes(p: Params) -> Stage03:
    """Stage 03: the published analysis reproduced and compared; every reanalysis estimate
    with the result in each arm behind it, and the weekly means per arm; safety, conduct and
    subgroups."""
    from .adam.datasets import load_datasets
    from .analysis import safety
    from .analysis.arm_summaries import arm_summaries_of
    from .analysis.estimates import all_fits, estimates_of
    from .analysis.reproduce import compare, reproduce
    from .analysis.schemas import ESTIMATES
    from .analysis.subgroups import subgroup_effects
    from .analysis.weekly_means import weekly_means_of
    from .core.publication import load_published

    ds = load_datasets(p.processed)
    fits = all_fits(ds.adsl, ds.adcramp, p.n_imputations, p.seed)
    estimates = pd.concat([estimates_of(f, p.alpha) for f in fits], ignore_index=True)
    out = Stage03(
        published_comparison=compare(load_published(), reproduce(ds, p.alpha)),
        estimates=estimates,
        arm_summaries=pd.concat([arm_summaries_of(f, estimates, p.alpha) for f in fits],
                                ignore_index=True),
        weekly_means=pd.concat([weekly_means_of(f, p.alpha) for f in fits], ignore_index=True),
        adverse_events=safety.adverse_events(ds.adsl, ds.adae),
        adverse_events_by_term=safety.adverse_events_by_term(ds.adsl, ds.adae),
        adherence=safety.adherence(ds.adsl),
        discontinuations=safety.discontinuations(ds.adsl),
        subgroups=subgroup_effects(ds.adsl, ds.adcramp, p.alpha))
    ESTIMATES.validate(out.estimates)
    for name, df in vars(out).items():
        write_csv(df, p.results / f"{name}.csv")
    return out


# Inputs the figures read besides the datasets: name -> file, looked for in <OUT>/results/
# and then <OUT>/data/processed/. Optional ones may not exist yet; their figures are skipped.
FIGURE_INPUTS = {"estimates": "estimates.csv", "subgroups": "subgroups.csv",
                 "weekly_means": "weekly_means.csv",
                 "diary_completeness": "diary_completeness.csv"}


def run_figures(p: Params) -> list[str]:
    """Stage 04: every figure whose inputs exist, as <OUT>/figures/<stem>.png and .svg; the
    stems written. A skipped figure's files from an earlier run are removed, so that no
    figure outlives the data it was drawn from."""
    from .adam.datasets import load_datasets
    from .figures.catalog import FIGURES, draw_all
    from .figures.distribution import participant_means
    from .figures.style import save

    ds = load_datasets(p.processed)
    inputs: dict[str, pd.DataFrame | None] = {
        "consort": ds.consort, "participant_means": participant_means(ds.adsl, ds.adcramp)}
    for name, filename in FIGURE_INPUTS.items():
        found = [d / filename for d in (p.results, p.processed) if (d / filename).is_file()]
        inputs[name] = read_csv(found[0]) if found else None
    written = []
    for stem, fig in draw_all(inputs, p.primary_method):
        save(fig, p.figures, stem)
        written.append(stem)
    for spec in FIGURES:
        if spec.stem not in written:
            for suffix in (".png", ".svg"):
                (p.figures / f"{spec.stem}{suffix}").unlink(missing_ok=True)
    return written


@dataclass
class Stage05:
    design_effect: pd.DataFrame
    sim_scenarios: pd.DataFrame
    coverage: pd.DataFrame


def run_robustness(p: Params, progress: bool = True) -> Stage05:
    """Stage 05: the data's ICC and the design effect of the published person-week CI, and
    the coverage study of every primary method on trials simulated like this one (local
    processes, or the Dask cluster at p.dask_scheduler); their tables and figures."""
    from .adam.datasets import load_datasets
    from .figures.catalog import ROBUSTNESS_FIGURES, draw_all
    from .figures.style import save
    from .robustness.study import robustness

    ds = load_datasets(p.processed)
    res = robustness(ds.adsl, ds.adcramp, p.alpha, p.sim_replicates, p.seed, p.sim_icc_low,
                     p.sim_icc_high, p.sim_workers, p.dask_scheduler, progress)
    out = Stage05(res.design_effect, res.scenarios, res.coverage)
    for name, df in vars(out).items():
        write_csv(df, p.results / f"{name}.csv")
    for stem, fig in draw_all(vars(out), specs=ROBUSTNESS_FIGURES):
        save(fig, p.figures, stem)
    return out
