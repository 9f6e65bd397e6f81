"""Pipeline parameters: every value from params/default.yaml (the one place that holds
them), overridable per run, checked before anything runs."""
from __future__ import annotations

import re
import sys
from dataclasses import asdict, dataclass, fields
from pathlib import Path

import yaml

from .methods import METHODS, RATIO_METHODS

ROOT = Path(__file__).resolve().parents[3]
DEFAULTS = ROOT / "params" / "default.yaml"
SHIPPED_DATA = ROOT / "data" / "raw"  # the project's synthetic export


def is_shipped_data(data_dir) -> bool:
    """True when the analysed export is the project's own synthetic one (labelled as such)."""
    return Path(data_dir).resolve() == SHIPPED_DATA.resolve()


def project_relative(path: Path) -> str:
    """`path` relative to the project root when it lies inside it ("." for the root)."""
    path = Path(path).resolve()
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)


class ParameterError(ValueError):
    """A parameter with a value the pipeline cannot use."""


@dataclass(frozen=True)
class Params:
    data_dir: Path
    out_dir: Path
    seed: int
    alpha: float
    min_nights_per_week: int
    min_baseline_nights: int
    cramp_free_week: str
    imputation: str
    n_imputations: int
    primary_method: str
    sim_replicates: int
    sim_icc_low: float
    sim_icc_high: float
    sim_workers: int
    dask_scheduler: str

    @property
    def processed(self) -> Path:
        return self.out_dir / "data" / "processed"

    @property
    def results(self) -> Path:
        return self.out_dir / "results"

    @property
    def figures(self) -> Path:
        return self.out_dir / "figures"

    def as_dict(self) -> dict:
        """The parameters as recorded in the outputs: a path inside the project relative to
        it, so that the same inputs give the same bytes in any checkout."""
        return {k: project_relative(v) if isinstance(v, Path) else v
                for k, v in asdict(self).items()}


WHOLE_NUMBERS = ("seed", "min_nights_per_week", "min_baseline_nights", "n_imputations",
                 "sim_replicates", "sim_workers")
SCHEDULER = re.compile(r"^[a-z]+://\S+$")  # tcp://host:8786, tls://..., inproc://...


def _path(value, name: str) -> Path:
    if not isinstance(value, (str, Path)) or not str(value):
        raise ParameterError(f"parameter {name} must be a path, got {value!r}")
    p = Path(value)
    return p if p.is_absolute() else ROOT / p


def _check(cond: bool, message: str) -> None:
    if not cond:
        raise ParameterError(message)


def _check_values(values: dict) -> None:
    names = [f.name for f in fields(Params)]
    unknown = set(values) - set(names)
    _check(not unknown, f"unknown parameter(s): {', '.join(sorted(unknown))}")
    missing = [n for n in names if n not in values]
    _check(not missing, f"missing parameter(s): {', '.join(missing)}")
    for name in WHOLE_NUMBERS:
        _check(isinstance(values[name], int) and not isinstance(values[name], bool)
               and values[name] >= 0,
               f"parameter {name} must be a whole number >= 0, got {values[name]!r}")
    _check(isinstance(values["alpha"], float) and 0 < values["alpha"] < 1,
           f"parameter alpha must be a number between 0 and 1, got {values['alpha']!r}")
    _check(1 <= values["min_nights_per_week"] <= 7,
           "parameter min_nights_per_week must be between 1 and 7")
    _check(1 <= values["min_baseline_nights"] <= 14,
           "parameter min_baseline_nights must be between 1 and 14")
    _check(values["n_imputations"] >= 2,
           "parameter n_imputations must be at least 2 (Rubin's rules need two imputations)")
    _check(values["cramp_free_week"] in ("zero", "missing"),
           "parameter cramp_free_week must be 'zero' or 'missing'")
    _check(values["primary_method"] in METHODS,
           f"parameter primary_method must be one of {', '.join(METHODS)}, got "
           f"{values['primary_method']!r}")
    _check(values["primary_method"] not in RATIO_METHODS,
           f"parameter primary_method must estimate a difference in cramps per week; "
           f"{values['primary_method']!r} is a rate ratio (a sensitivity analysis)")
    _check_study(values)
    _check(values["imputation"] == "arm_week_mean",
           "parameter imputation must be 'arm_week_mean' (the published method)")


def _check_study(values: dict) -> None:
    """The coverage study's parameters (robustness)."""
    _check(values["sim_replicates"] >= 2,
           "parameter sim_replicates must be at least 2 (Monte Carlo SEs need two replicates)")
    for name in ("sim_icc_low", "sim_icc_high"):
        v = values[name]
        _check(isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v < 0.9,
               f"parameter {name} must be a number from 0 to below 0.9, got {v!r}")
    _check(values["sim_icc_low"] < values["sim_icc_high"],
           "parameter sim_icc_low must be below sim_icc_high")
    scheduler = values["dask_scheduler"]
    _check(isinstance(scheduler, str) and (scheduler == "" or bool(SCHEDULER.match(scheduler))),
           f"parameter dask_scheduler must be empty (local processes) or a Dask scheduler "
           f"address such as tcp://host:8786, got {scheduler!r}")


def load(overrides: dict | None = None, defaults: Path = DEFAULTS) -> Params:
    """The parameters of params/default.yaml, then overrides (e.g. a notebook's parameters
    cell; None means "keep the default")."""
    values = yaml.safe_load(defaults.read_text(encoding="utf-8")) if defaults.is_file() else {}
    _check(isinstance(values, dict), "expected a mapping of parameter: value")
    values.update({k: v for k, v in (overrides or {}).items() if v is not None})
    _check_values(values)
    values["data_dir"] = _path(values["data_dir"], "data_dir")
    values["out_dir"] = _path(values["out_dir"], "out_dir")
    return Params(**values)


def main(argv=None) -> int:
    """`python -m k2cramps.core.params [sim_replicates=N]`: check params/default.yaml, and
    the value `make report SIM_REPLICATES=N` gives stage 05, before any stage runs."""
    argv = sys.argv[1:] if argv is None else argv
    overrides = {}
    for arg in argv:
        name, _, value = arg.partition("=")
        if name != "sim_replicates" or not value:
            print(f"usage: python -m k2cramps.core.params [sim_replicates=N]; got {arg!r}",
                  file=sys.stderr)
            return 2
        if value != "None":
            try:
                overrides[name] = int(value)
            except ValueError:
                print(f"error: SIM_REPLICATES must be a whole number, got {value!r}",
                      file=sys.stderr)
                return 1
    try:
        load(overrides)
    except ParameterError as err:
        where = "SIM_REPLICATES" if overrides and "sim_replicates" in str(err) else DEFAULTS
        print(f"error: {where}: {err}", file=sys.stderr)
        return 1
    except yaml.YAMLError as err:
        print(f"error: {DEFAULTS} is not valid YAML: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
