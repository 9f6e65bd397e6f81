"""The report's supporting sections: data cleaning, published versus reproduced, methods and
the reproducibility appendix (commit, parameters, package versions, input checksums)."""
from __future__ import annotations

import subprocess
import sys
from importlib import metadata

import pandas as pd
from markupsafe import Markup

from ..core.methods import (METHOD_LABELS, METHODS, POPULATION_LABELS, POPULATIONS,
                            TIMEPOINT_LABELS)
from ..core.params import ROOT
from ..core.publication import load_published
from ..raw.log import log_summary
from ..core import numbers as fmt
from .tables import gt_table

PACKAGES = ["pandas", "numpy", "scipy", "statsmodels", "pingouin", "seaborn", "matplotlib",
            "papermill", "nbval", "pandera", "pyarrow", "tableone", "great-tables", "jinja2"]


def cleaning_tables(accounting: pd.DataFrame, log: pd.DataFrame) -> tuple[Markup, Markup | None]:
    acc = accounting.copy()
    acc["sha256"] = acc["sha256"].str[:16] + "\u2026"
    for col in acc.columns:
        if col.startswith("rows"):
            acc[col] = acc[col].map(fmt.count)
    by_rule = log_summary(log) if len(log) else None
    return (gt_table(acc, "accounting", title="Rows of each raw file",
                     numeric=[c for c in acc.columns if c.startswith("rows")]),
            None if by_rule is None else gt_table(by_rule.astype(str), "log-by-rule",
                                                  title="Cleaning log by rule"))


def comparison_table(comp: pd.DataFrame) -> tuple[int, int, Markup]:
    """Every published figure against its reproduction, with the tier of its source."""
    published = load_published()
    frame = pd.DataFrame({
        "Figure": comp["quantity"],
        "Published": [_published_text(v, d) for v, d in zip(comp["published"], comp["decimals"])],
        "Reproduced": [fmt.num(v, int(d) + 2) for v, d in zip(comp["reproduced"], comp["decimals"])],
        "Source": [published.get(q, {}).get("tier", "") for q in comp["quantity"]],
        "Matches": comp["match"].map({True: "yes", False: "NO"}),
    })
    return (int(comp["match"].sum()), len(comp),
            gt_table(frame, "published", numeric=["Published", "Reproduced"],
                     note="Reproduced values are shown with two more decimals than printed; a "
                          "figure matches when the reproduced value rounds to the printed one. "
                          "Source tier: primary = abstract, registry or protocol; secondary = "
                          "press or summaries quoting the paper."))


def _published_text(value, decimals) -> str:
    try:
        return fmt.num(float(value), int(decimals))
    except ValueError:  # a printed threshold such as "<.001"
        return str(value)


def method_items() -> dict[str, list[tuple[str, str]]]:
    return {"methods": [(METHOD_LABELS[m], t) for m, t in METHODS.items()],
            "populations": [(POPULATION_LABELS[p].capitalize(), t) for p, t in POPULATIONS.items()],
            "timepoints": list(TIMEPOINT_LABELS.values())}


def git_commit() -> tuple[str, str]:
    try:
        out = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%H %cI"],
                             capture_output=True, text=True, check=True).stdout.split()
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain",
                                "--untracked-files=no"],
                               capture_output=True, text=True).stdout.strip()
        return out[0] + (" (with uncommitted changes)" if dirty else ""), out[1]
    except (OSError, subprocess.CalledProcessError, IndexError):
        return "unknown (not a git checkout)", "unknown"


def reproducibility(params: dict) -> dict:
    commit, date = git_commit()
    # Where the outputs were written changes no result (and `make report` stages them first).
    shown = pd.DataFrame([(k, str(v)) for k, v in params.items() if k != "out_dir"],
                         columns=["Parameter", "Value"])
    versions = pd.DataFrame([(p, metadata.version(p)) for p in PACKAGES],
                            columns=["Package", "Version"])
    return {"commit": commit, "date": date, "python": sys.version.split()[0],
            "params": gt_table(shown, "parameters"), "packages": gt_table(versions, "packages")}
