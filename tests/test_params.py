"""Parameters: defaults from params/default.yaml, overrides checked with a clear message."""
import pytest

from k2cramps.core.params import DEFAULTS, ROOT, ParameterError, load


def test_defaults_and_relative_paths_from_the_project_root():
    p = load()
    assert p.data_dir == ROOT / "data" / "raw"
    assert p.results == ROOT / "results"
    assert p.n_imputations >= 20 and p.alpha == 0.05


def test_recorded_paths_are_relative_to_the_project(tmp_path):
    recorded = load({"out_dir": str(tmp_path)}).as_dict()
    assert recorded["data_dir"] == "data/raw" and recorded["out_dir"] == str(tmp_path.resolve())
    assert load().as_dict()["out_dir"] == "."


def test_a_dask_scheduler_address_is_accepted():
    assert load({"dask_scheduler": "tcp://10.0.0.5:8786"}).dask_scheduler == "tcp://10.0.0.5:8786"
    assert load().dask_scheduler == "" and load().sim_workers == 0


def test_none_override_keeps_the_default():
    assert load({"alpha": None, "seed": None}).alpha == load().alpha


@pytest.mark.parametrize("override, message", [
    ({"alpah": 0.05}, "unknown parameter"),
    ({"alpha": 5}, "alpha must be a number between 0 and 1"),
    ({"n_imputations": 1}, "n_imputations must be at least 2"),
    ({"seed": -1}, "seed must be a whole number"),
    ({"min_nights_per_week": 8}, "min_nights_per_week must be between 1 and 7"),
    ({"cramp_free_week": "drop"}, "cramp_free_week must be 'zero' or 'missing'"),
    ({"data_dir": ""}, "data_dir must be a path"),
    ({"primary_method": "mmmr"}, "primary_method must be one of .*mmrm.*got 'mmmr'"),
    ({"primary_method": "nb_rate_ratio"}, "primary_method must estimate a difference"),
    ({"sim_replicates": 1}, "sim_replicates must be at least 2"),
    ({"sim_workers": -1}, "sim_workers must be a whole number"),
    ({"sim_icc_high": 0.95}, "sim_icc_high must be a number from 0 to below 0.9"),
    ({"sim_icc_low": 0.6}, "sim_icc_low must be below sim_icc_high"),
    ({"dask_scheduler": "localhost:8786"}, "dask_scheduler must be empty .* tcp://host:8786"),
])
def test_bad_parameters_are_named(override, message):
    with pytest.raises(ParameterError, match=message):
        load(override)


def test_command_line_check_names_the_file_and_the_problem(tmp_path, monkeypatch, capsys):
    from k2cramps.core import params
    bad = tmp_path / "default.yaml"
    bad.write_text(DEFAULTS.read_text().replace("alpha: 0.05", "alpha: 2.0"))
    monkeypatch.setattr(params, "load", lambda overrides=None: load(overrides, defaults=bad))
    assert params.main([]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "alpha must be a number between 0 and 1" in err
    monkeypatch.undo()
    assert params.main([]) == 0


def test_command_line_check_of_make_report_sim_replicates(capsys):
    """`make report SIM_REPLICATES=N` is checked before any stage runs; None = the file's."""
    from k2cramps.core import params
    assert params.main(["sim_replicates=None"]) == 0
    assert params.main(["sim_replicates=40"]) == 0
    assert params.main(["sim_replicates=1"]) == 1
    assert capsys.readouterr().err.startswith("error: SIM_REPLICATES: parameter sim_replicates")
    assert params.main(["sim_replicates=many"]) == 1
    assert "whole number, got 'many'" in capsys.readouterr().err
    assert params.main(["alpha=0.1"]) == 2

