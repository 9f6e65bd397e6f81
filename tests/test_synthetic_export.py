"""The shipped synthetic export: calibrated, deterministic, and carrying its injected defects."""
import hashlib

import pandas as pd
import pytest

from conftest import ROOT
from k2cramps.analysis.reproduce import compare, reproduce
from k2cramps.core.publication import load_published
from k2cramps.raw.contract import CONTRACT



def test_every_published_figure_is_reproduced(shipped):
    published = load_published()
    table = compare(published, reproduce(shipped.datasets, shipped.params.alpha))
    assert len(table) == len(published) == 45
    mismatched = table[~table["match"]]
    assert mismatched.empty, mismatched.to_string()


def test_injected_defects_are_all_logged(shipped):
    log = shipped.log
    injected = pd.read_csv(ROOT / "tests" / "fixtures" / "injected_defects.csv",
                           keep_default_na=False)
    logged = set(map(tuple, log[["file", "line", "rule"]].to_numpy()))
    for row in injected.itertuples(index=False):
        assert (row.file, row.line, row.rule) in logged, row
    required = {"R01", "R02", "R03", "R04", "R05", "R06", "R07", "R08", "R09", "R09b", "R10",
                "R11", "R12", "R13"}
    assert required <= set(injected["rule"])


def test_log_has_nothing_unexplained(shipped):
    """Every log line is an injected defect or a screening diary of someone never randomized."""
    log = shipped.log
    injected = pd.read_csv(ROOT / "tests" / "fixtures" / "injected_defects.csv",
                           keep_default_na=False)
    known = set(map(tuple, injected[["file", "line"]].to_numpy()))
    scr = pd.read_csv(ROOT / "data" / "raw" / "screening.csv", keep_default_na=False)
    never = set(scr.loc[scr["excluded_reason"] != "", "participant_id"])
    for row in log.itertuples(index=False):
        assert (row.file, row.line) in known or (row.rule == "R06" and row.participant_id in never), row


def test_flow_matches_design(shipped):
    ds = shipped.datasets
    c = ds.consort.set_index(["step", "group"])["n"]
    assert c[("excluded", "fewer than 2 cramps in screening")] > 0
    assert 1 <= c[("discontinued", "Vitamin K2")] <= 8 and 1 <= c[("discontinued", "Placebo")] <= 8
    assert set(ds.adsl["SITEID"]) == {"CD", "NC"}


@pytest.mark.slow
def test_simulator_rewrites_the_shipped_export_byte_for_byte(tmp_path):
    from k2cramps.synthetic.__main__ import main
    main(["--out", str(tmp_path), "--defects", str(tmp_path / "defects.csv")])
    for spec in CONTRACT.values():
        new = hashlib.sha256((tmp_path / spec.filename).read_bytes()).hexdigest()
        old = hashlib.sha256((ROOT / "data" / "raw" / spec.filename).read_bytes()).hexdigest()
        assert new == old, spec.filename
    assert (tmp_path / "defects.csv").read_text() == \
        (ROOT / "tests" / "fixtures" / "injected_defects.csv").read_text()


def test_scaled_trial_keeps_its_shape():
    from k2cramps.synthetic.trial import simulate
    trial = simulate(seed=7, scale=2)
    arms = trial.randomization["arm"].value_counts()
    assert arms["vitamin_k2"] == 206 and arms["placebo"] == 192
    assert len(trial.screening) == 620


def test_a_scaled_export_carries_a_logged_defect_per_injection(tmp_path):
    """`simulate --scale N` through the same code as at 100x (where a list of invalid R11/R12
    values once ran out): at scale 3 there are more R11 and R12 rows than distinct invalid
    values, each written out of range, and every injected defect is logged by the cleaning."""
    import numpy as np

    from k2cramps.raw.cleaning import clean
    from k2cramps.raw.contract import read_all
    from k2cramps.synthetic.defects import INVALID_DURATION, INVALID_SEVERITY
    from k2cramps.synthetic.export import write_raw
    from k2cramps.synthetic.trial import simulate
    injected = write_raw(simulate(seed=7, scale=3), tmp_path, np.random.default_rng(8))
    episodes = pd.read_csv(tmp_path / "cramp_episodes.csv", dtype=str, keep_default_na=False)
    for rule, column, invalid in (("R11", "severity", INVALID_SEVERITY),
                                  ("R12", "duration_min", INVALID_DURATION)):
        lines = injected.loc[injected["rule"] == rule, "line"]
        assert len(lines) == 9 > len(invalid)
        assert set(episodes[column].iloc[lines - 2]) == set(invalid)
    log = clean(read_all(tmp_path)).log
    logged = set(map(tuple, log[["file", "line", "rule"]].to_numpy()))
    assert set(map(tuple, injected[["file", "line", "rule"]].to_numpy())) <= logged


def test_the_vectorised_cleaning_keeps_the_log_and_accounting_of_the_row_by_row_one(shipped):
    """SHA-256 of the shipped export's cleaning log and accounting as written by the cleaning
    before it was vectorised (commit e7ac4f2, csv-module reader, string-pair keys)."""
    processed = shipped.params.processed
    expected = {"cleaning_log.csv":
                "1db8e6227d5fe8beb013fc49af41981a4a112cea23a03d66074086489be2acdc",
                "raw_accounting.csv":
                "e709fcf0cdf6cd47f4bef20887ba9e7491a2e8d29faad53bfb0e9f160afbb879"}
    for name, digest in expected.items():
        assert hashlib.sha256((processed / name).read_bytes()).hexdigest() == digest, name
