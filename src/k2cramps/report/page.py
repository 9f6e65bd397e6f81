"""Assemble <OUT>/report/index.html from the stages' files: one self-contained page (figures
embedded, no code, aggregates only) laid out by the Jinja2 template `templates/report.html.j2`,
plus the executed notebooks as offline HTML in <OUT>/report/notebooks/.

The template autoescapes: text from the data reaches the page escaped unless it has already
been typeset (and escaped) by great_tables."""
from __future__ import annotations

import base64
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from ..core.params import ROOT, is_shipped_data
from ..core.publication import article, open_science
from ..core.files import publish, write_text
from ..figures.catalog import CAPTIONS
from . import appendix
from .findings import arm_sizes, key_findings
from .notebooks import render_notebooks, titles
from .outcomes import effects_table
from . import robustness
from .results import Results, load
from .safety import adherence_table, adverse_event_tables, discontinuation_table
from .subgroups import subgroup_table
from .tables import gt_table

TEMPLATES = Path(__file__).parent / "templates"
TOC = [("findings", "Key findings"), ("provenance", "Data, registration and availability"),
       ("consort", "Participant flow"), ("cleaning", "Data cleaning"),
       ("table1", "Baseline characteristics"), ("primary", "Primary outcome"),
       ("secondary", "Secondary outcomes"), ("safety", "Adverse events"),
       ("conduct", "Adherence and discontinuation"), ("subgroups", "Subgroups"),
       ("robustness", "Robustness of the published CI"), ("published", "Published versus reproduced"), ("methods", "Methods"),
       ("reproducibility", "Reproducibility")]
OUTCOME_TABLES = {  # table key -> outcome, timepoint, title, unit
    "primary": ("FREQ", "weeks1-8", "Cramps per week, treatment weeks 1-8", "cramps per week"),
    "week8": ("FREQ", "week8", "Cramps per week at week 8", "cramps per week"),
    "duration": ("DUR", "weeks1-8", "Cramp duration, minutes, weeks 1-8", "minutes"),
    "severity": ("SEV", "weeks1-8", "Cramp severity (1-10), weeks 1-8", "severity"),
}


def _data_uri(png: Path) -> str:
    return "data:image/png;base64," + base64.b64encode(png.read_bytes()).decode("ascii")


def _tables(r: Results) -> dict[str, Markup | None]:
    est, arms, method = r["estimates"], r["arm_summaries"], r.params["primary_method"]
    tables = {key: effects_table(est, arms, outcome, tp, method, f"effects-{key}", title, unit)
              for key, (outcome, tp, title, unit) in OUTCOME_TABLES.items()}
    tables["ae_overview"], tables["ae_terms"] = adverse_event_tables(
        r["adverse_events"], r["adverse_events_by_term"],
        arm_sizes(r["consort"], "safety population"))
    tables["adherence"] = adherence_table(r["adherence"])
    tables["discontinuations"] = discontinuation_table(r["discontinuations"])
    tables["subgroups"] = subgroup_table(r["subgroups"])
    tables["robustness_cis"] = robustness.ci_table(est, r["design_effect"])
    tables["coverage"] = robustness.coverage_table(r["coverage"])
    tables["performance"] = robustness.performance_table(r["coverage"])
    tables["accounting"], tables["log_by_rule"] = appendix.cleaning_tables(
        r["raw_accounting"], r["cleaning_log"])
    consort = r["consort"].rename(columns={"step": "Step", "group": "Group", "n": "No."})
    consort["No."] = consort["No."].astype(str)
    tables["consort"] = gt_table(consort, "consort-counts", group="Step", numeric=["No."])
    return tables


def render(r: Results, notebooks: list[tuple[str, str]]) -> str:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                      undefined=StrictUndefined, keep_trailing_newline=True)
    data_dir = r.params["data_dir"]  # as given, or relative to the project root
    matched, total, published = appendix.comparison_table(r["published_comparison"])
    tables = _tables(r)
    tables["published"] = published
    return env.get_template("report.html.j2").render(
        css=Markup((TEMPLATES / "style.css").read_text(encoding="utf-8")),
        synthetic=is_shipped_data(ROOT / data_dir), data_dir=data_dir,
        article=article(), open_science=open_science(), toc=TOC, f=key_findings(r),
        tables=tables, table1=Markup(r.table1_html),
        figures={stem: {"src": _data_uri(png), "caption": CAPTIONS[stem]}
                 for stem, png in r.figures.items()},
        rob=robustness.summary(r["coverage"], r["design_effect"], r["sim_scenarios"]),
        matched=matched, published_total=total, methods=appendix.method_items(),
        repro=appendix.reproducibility(_params_used(r)), notebooks=notebooks)


def _params_used(r: Results) -> dict:
    """The parameters as the results were made: stage 01 records them, and the coverage
    study's replicates may have been overridden for its stage (make SIM_REPLICATES=)."""
    cov = r["coverage"]  # replicates: converged fits; failed: the others
    return {**r.params, "sim_replicates": int((cov["replicates"] + cov["failed"]).max())}


# What `make report` publishes from its staging root into <OUT>, once the report is built:
# report/index.html (make's target) last, so that it never changes before the rest has.
PUBLISHED = ["data/processed", "results", "figures", "report/notebooks", "report"]


@contextmanager
def _beside(fn, *args):
    """fn(*args) in a forked process (inline where the platform cannot fork): its future."""
    if "fork" not in get_all_start_methods():
        done: Future = Future()
        done.set_result(fn(*args))
        yield done
        return
    with ProcessPoolExecutor(1, mp_context=get_context("fork")) as pool:
        yield pool.submit(fn, *args)


def build(out: Path, staged: Path | None = None) -> Path:
    """The report of the stages' files under `out`. With `staged` (what `make report` does),
    the stages' files are read from that staging root and the report is written there too;
    only then is all of it published into `out`, so that a stage or a report that fails
    leaves the last good build whole."""
    root = staged or out
    results = load(root)
    executed = out / "build" / "notebooks"
    # The notebooks' pages (nbconvert: half of this step, which `make report` runs last and
    # alone) are written by a second process while this one lays out the report.
    with _beside(render_notebooks, executed, root / "report" / "notebooks") as pages:
        html = render(results, titles(executed))
        pages.result()
    write_text(html, root / "report" / "index.html")
    if staged is not None:
        publish(staged, out, PUBLISHED)
    return out / "report" / "index.html"
