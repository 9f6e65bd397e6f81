"""The files the stages wrote, read once for the report: results, CONSORT counts, cleaning
log and accounting, parameters and figures. A missing file stops the report with a message
naming every file that is missing and the command that makes them."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..core.files import read_csv
from ..figures.catalog import FIGURES, ROBUSTNESS_FIGURES

RESULTS = ("estimates", "arm_summaries", "weekly_means", "published_comparison",
           "adverse_events", "adverse_events_by_term", "adherence", "discontinuations",
           "subgroups", "design_effect", "sim_scenarios", "coverage")
PROCESSED = ("consort", "raw_accounting")


@dataclass
class Results:
    tables: dict[str, pd.DataFrame]
    table1_html: str
    params: dict
    figures: dict[str, Path]  # stem -> PNG

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]


def load(out: Path) -> Results:
    results, processed, figures = out / "results", out / "data" / "processed", out / "figures"
    wanted = ([results / f"{n}.csv" for n in RESULTS] + [results / "table1.html"]
              + [processed / f"{n}.csv" for n in (*PROCESSED, "cleaning_log")]
              + [processed / "params.json"]
              + [figures / f"{f.stem}.png" for f in FIGURES + ROBUSTNESS_FIGURES])
    missing = [str(p.relative_to(out)) for p in wanted if not p.is_file()]
    if missing:
        raise FileNotFoundError(f"{out}: missing {', '.join(missing)}; run `make report`")
    tables = {n: read_csv(results / f"{n}.csv") for n in RESULTS}
    tables.update({n: read_csv(processed / f"{n}.csv") for n in PROCESSED})
    tables["cleaning_log"] = pd.read_csv(processed / "cleaning_log.csv", dtype=str,
                                         keep_default_na=False)
    return Results(tables=tables,
                   table1_html=(results / "table1.html").read_text(encoding="utf-8"),
                   params=json.loads((processed / "params.json").read_text(encoding="utf-8")),
                   figures={f.stem: figures / f"{f.stem}.png" for f in FIGURES + ROBUSTNESS_FIGURES})
