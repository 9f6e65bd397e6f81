"""Stages 01-03 end to end on a freshly simulated (uncalibrated) trial: every results file is
written, estimates.csv has exactly the design's columns, and nothing is special-cased for
the shipped export."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from k2cramps import pipeline
from k2cramps.analysis.estimates import COLUMNS
from k2cramps.analysis.schemas import ESTIMATES
from k2cramps.core import params
from k2cramps.synthetic.export import write_raw
from k2cramps.synthetic.trial import simulate


# Markup in free text of the export (a site name, an adverse-event term, reasons): the
# report must show it as text.
MARKUP = {"site": '<b>CD</b> & "Co"', "term": "<script>alert('ae')</script>",
          "discontinuation_reason": "<img src=x onerror=alert(1)>",
          "excluded_reason": "<i>declined</i>"}


def _with_markup(raw) -> None:
    for name, column, first_only in (("screening.csv", "site", False),
                                     ("screening.csv", "excluded_reason", True),
                                     ("adverse_events.csv", "term", True),
                                     ("randomization.csv", "discontinuation_reason", True)):
        df = pd.read_csv(raw / name, dtype=str, keep_default_na=False)
        hit = df[column] != ""
        if column == "site":
            hit = df[column] == df[column].iloc[0]
        rows = df.index[hit][:1] if first_only else df.index[hit]
        df.loc[rows, column] = MARKUP[column]
        df.to_csv(raw / name, index=False, lineterminator="\n")


@pytest.fixture(scope="module")
def stages(tmp_path_factory):
    root = tmp_path_factory.mktemp("trial")
    write_raw(simulate(seed=3, calibrate=False), root / "raw", np.random.default_rng(3))
    _with_markup(root / "raw")
    p = params.load({"data_dir": str(root / "raw"), "out_dir": str(root / "out"),
                     "n_imputations": 5, "sim_replicates": 25, "sim_workers": 1})
    pipeline.run_clean(p)
    out = p, pipeline.run_baseline(p), pipeline.run_outcomes(p)
    pipeline.run_figures(p)
    pipeline.run_robustness(p, progress=False)
    from k2cramps.report.page import build
    build(p.out_dir)  # once: the tests below read the page, or copy the whole build
    return out


def _page(p) -> str:
    return (p.out_dir / "report" / "index.html").read_text(encoding="utf-8")


def test_results_files_are_written(stages):
    p = stages[0]
    names = sorted(f.name for f in p.results.iterdir())
    assert names == ["adherence.csv", "adverse_events.csv", "adverse_events_by_term.csv",
                     "arm_summaries.csv", "coverage.csv", "design_effect.csv",
                     "discontinuations.csv", "estimates.csv", "published_comparison.csv",
                     "sim_scenarios.csv", "subgroups.csv", "table1.csv", "table1.html",
                     "weekly_means.csv"]
    assert (p.processed / "diary_completeness.csv").is_file()


def test_arm_summaries_have_two_rows_behind_every_estimate(stages):
    est = pd.read_csv(stages[0].results / "estimates.csv")
    arms = pd.read_csv(stages[0].results / "arm_summaries.csv")
    assert arms.columns.tolist() == ["outcome", "timepoint", "method", "population", "arm", "n",
                                     "n_week8", "estimate", "ci_low", "ci_high", "sd"]
    keys = ["outcome", "timepoint", "method", "population"]
    assert arms[keys].iloc[::2].reset_index(drop=True).equals(est[keys])
    assert arms["arm"].tolist() == ["Vitamin K2", "Placebo"] * len(est)


def test_estimates_csv_has_the_design_columns_and_schema(stages):
    est = pd.read_csv(stages[0].results / "estimates.csv")
    assert est.columns.tolist() == COLUMNS
    ESTIMATES.validate(est)
    primary = est[(est["outcome"] == "FREQ") & (est["timepoint"] == "weeks1-8")]
    assert set(primary["population"]) == {"MEANIMP", "CC", "OBSERVED", "MI"}
    assert set(est["outcome"]) == {"FREQ", "DUR", "SEV"}


def test_an_uncalibrated_trial_is_compared_but_need_not_match(stages):
    comparison = pd.read_csv(stages[0].results / "published_comparison.csv")
    assert comparison.columns.tolist() == ["quantity", "published", "reproduced", "decimals",
                                           "match"]
    assert len(comparison) == 45
    assert not comparison["match"].all()  # calibration, not the pipeline, makes them match


def test_table1_of_a_user_export_is_not_labelled_synthetic(stages):
    html = (stages[0].results / "table1.html").read_text()
    assert "Synthetic data" not in html and "Data:" in html


def test_report_renders_every_results_section_without_identifiers(stages):
    p = stages[0]
    page = _page(p)
    for section in ("findings", "table1", "primary", "secondary", "safety", "subgroups",
                    "robustness", "published", "methods", "reproducibility"):
        assert f'<section id="{section}">' in page
    assert "Synthetic data." not in page  # a user export is not labelled as the shipped one
    assert_no_identifiers(page, p)
    assert 'src="http' not in page and 'href="http' not in page


def assert_no_identifiers(page: str, p) -> None:
    """No participant identifier anywhere in the page, as a word of its own."""
    import re
    ids = set(pd.read_parquet(p.processed / "adsl.parquet")["USUBJID"])
    ids |= set(pd.read_csv(p.data_dir / "screening.csv", dtype=str)["participant_id"])
    text = re.sub(r'data:image/[^"]+', "", page)  # embedded figures are pixels, not words
    words = set(re.findall(r"[A-Za-z0-9_-]+", text))
    assert not ids & words


def test_markup_in_the_data_shows_as_text_in_the_report(stages):
    import html
    page = _page(stages[0])
    for column, text in MARKUP.items():
        assert text not in page, column
        assert html.escape(text, quote=False) in page or html.escape(text) in page, column


def test_shipped_report_is_labelled_synthetic_and_reproduces_everything(shipped):
    text = (shipped.params.out_dir / "report" / "index.html").read_text(encoding="utf-8")
    assert "Synthetic data." in text and "Retraction and replacement." in text
    assert "45 of 45 published figures are reproduced" in text


def _snapshot(out) -> dict[str, bytes]:
    return {str(f.relative_to(out)): f.read_bytes() for f in sorted(out.rglob("*")) if f.is_file()}


def _published(out) -> dict[str, bytes]:
    """What a build publishes in OUT: everything but its working folder build/."""
    return {k: v for k, v in _snapshot(out).items() if not k.startswith("build/")}


@pytest.mark.slow
def test_two_clean_builds_of_the_same_export_give_the_same_bytes(stages):
    """Datasets, results, figures and report, built twice from nothing into the same OUT."""
    import shutil

    from k2cramps.report.page import build
    p = stages[0]
    snapshots = []
    for _ in range(2):
        shutil.rmtree(p.out_dir)
        pipeline.run_clean(p)
        pipeline.run_baseline(p)
        pipeline.run_outcomes(p)
        pipeline.run_figures(p)
        pipeline.run_robustness(p, progress=False)
        build(p.out_dir)
        snapshots.append(_snapshot(p.out_dir))
    assert sorted(snapshots[0]) == sorted(snapshots[1])
    assert {"report/index.html", "results/estimates.csv", "figures/trajectory_freq.png",
            "figures/consort.svg", "results/coverage.csv", "figures/coverage.svg"} <= set(snapshots[0])
    differ = [name for name in snapshots[0] if snapshots[0][name] != snapshots[1][name]]
    assert not differ


def test_a_bad_export_stops_before_touching_the_last_good_build(stages, tmp_path, tiny):
    """`make report` with an unusable export and the OUT of a good build: one error line,
    and the previous datasets, results and report exactly as they were."""
    import shutil
    import subprocess

    from conftest import ROOT, write_tables
    p = stages[0]
    out = tmp_path / "out"
    shutil.copytree(p.out_dir, out)  # with its report: a good build
    before = _published(out)
    assert "report/index.html" in before
    for row in tiny["randomization"]:
        row["arm"] = "vitamin_k3"
    bad = write_tables(tmp_path / "bad export", tiny)  # a space: quoted through make
    res = subprocess.run(["make", "report", f"DATA={bad}", f"OUT={out}"], cwd=ROOT,
                         capture_output=True, text=True)
    assert res.returncode != 0
    assert "error: " in res.stderr and "no randomized participant left" in res.stderr
    assert "Traceback" not in res.stderr
    assert _published(out) == before


@pytest.mark.slow
def test_a_stage_failing_after_the_checks_leaves_the_last_good_build(stages, tmp_path, tiny):
    """The two-participant export passes the export check, stages 01 and 02 run on it, and
    stage 03 stops (its MMRM cannot converge on two participants). The stages wrote into
    <OUT>/build/stage, so the datasets, results, figures and report published in OUT by the
    good build are exactly as they were; the error is one line naming the notebook and cell,
    and the failed notebook is kept for its traceback."""
    import shutil
    import subprocess

    from conftest import ROOT, write_tables
    out = tmp_path / "out"
    shutil.copytree(stages[0].out_dir, out)  # with its report: a good build
    before = _published(out)
    res = subprocess.run(["make", "report", f"DATA={write_tables(tmp_path / 'two', tiny)}",
                          f"OUT={out}"], cwd=ROOT, capture_output=True, text=True)
    assert res.returncode != 0
    assert "01_clean: " in res.stderr and "02_baseline: " in res.stderr
    # Stage 05, run beside 03 by make --jobs, may stop on two participants too: its own line.
    errors = [line for line in res.stderr.splitlines() if line.startswith("error: ")]
    assert all(e.startswith("error: notebooks/0") for e in errors)
    outcomes = [e for e in errors if e.startswith("error: notebooks/03_outcomes.ipynb: cell [")]
    assert len(outcomes) == 1 and "ConvergenceError: outcome FREQ, method mmrm" in outcomes[0]
    assert "Traceback" not in res.stderr
    assert (out / "build" / "notebooks" / "failed-03_outcomes.ipynb").is_file()
    assert (out / "build" / "stage" / "results" / "table1.csv").is_file()  # 02 did run
    assert _published(out) == before


@pytest.mark.parametrize("out, message", [
    ("/tmp/a b", 'OUT="/tmp/a b": the output root cannot contain spaces'),
    ("", "OUT is empty: give an output root, or leave OUT out for this folder"),
])
def test_an_out_make_cannot_use_stops_before_anything_runs(out, message):
    """make names its targets by path: an OUT with a space cannot be one, and an empty OUT
    would put build/ and results/ at the root of the file system. A dry run (-n), so that
    a check that did not fire runs nothing."""
    import subprocess

    from conftest import ROOT
    res = subprocess.run(["make", "-n", "report", f"OUT={out}"], cwd=ROOT,
                         capture_output=True, text=True)
    assert res.returncode != 0
    assert message in res.stderr and "tools/run_notebook.py" not in res.stdout


def test_the_inputs_stamp_changes_with_the_export_and_only_then(tmp_path, tiny):
    """Stage 01 depends on <OUT>/build/inputs.sha256: rewritten when the export's folder or
    content changes (even to files older than the last build), untouched otherwise."""
    import os
    import subprocess

    from conftest import ROOT, write_tables
    first = write_tables(tmp_path / "first export", tiny)  # a space: quoted through make
    tiny["screening"][0]["age"] = 71
    older = write_tables(tmp_path / "older", tiny)
    for f in older.iterdir():
        os.utime(f, (0, 0))
    stamp = tmp_path / "out" / "build" / "inputs.sha256"

    def make(data):
        subprocess.run(["make", str(stamp), f"DATA={data}", f"OUT={tmp_path / 'out'}"],
                       cwd=ROOT, check=True, capture_output=True)
        return stamp.read_text(), stamp.stat().st_mtime_ns

    text, mtime = make(first)
    assert text.splitlines()[0] == str(first) and len(text.splitlines()) == 7
    assert make(first) == (text, mtime)
    changed, _ = make(older)
    assert changed.splitlines()[0] == str(older)
    assert [line.split()[0] for line in changed.splitlines()[1:]] != \
        [line.split()[0] for line in text.splitlines()[1:]]


def test_no_page_of_the_shipped_report_shows_an_identifier(shipped):
    report = shipped.params.out_dir / "report"
    pages = [report / "index.html", *sorted((report / "notebooks").glob("*.html"))]
    assert len(pages) == 6
    for page in pages:
        assert_no_identifiers(page.read_text(encoding="utf-8"), shipped.params)
