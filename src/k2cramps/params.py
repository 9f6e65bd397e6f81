"""Pipeline parameters: defaults from params/default.yaml, checked before anything runs."""
from __future__ import annotations

import sys
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
SHIPPED_DATA = ROOT / "data" / "raw"  # the project's synthetic export


def is_shipped_data(data_dir) -> bool:
    """True when the analysed export is the project's own synthetic one (labelled as such)."""
    return Path(data_dir).resolve() == SHIPPED_DATA.resolve()


class ParameterError(ValueError):
    """A parameter with a value the pipeline cannot use."""


@dataclass(frozen=True)
class Params:
    data_dir: Path
    out_dir: Path
    seed: int = 20240916
    alpha: float = 0.05
    min_nights_per_week: int = 4
    min_baseline_nights: int = 7
    cramp_free_week: str = "zero"
    imputation: str = "arm_week_mean"
    n_imputations: int = 20
    sim_replicates: int = 200

    @property
    def processed(self) -> Path:
        return self.out_dir / "data" / "processed"

    @property
    def results(self) -> Path:
        return self.out_dir / "results"

    def as_dict(self) -> dict:
        return {k: str(v) if isinstance(v, Path) else v for k, v in asdict(self).items()}


def _path(value, name: str) -> Path:
    if not isinstance(value, (str, Path)) or not str(value):
        raise ParameterError(f"parameter {name} must be a path, got {value!r}")
    p = Path(value)
    return p if p.is_absolute() else ROOT / p


def _check(cond: bool, message: str) -> None:
    if not cond:
        raise ParameterError(message)


def load(overrides: dict | None = None, defaults: Path = ROOT / "params" / "default.yaml") -> Params:
    """Defaults from the YAML file, then overrides (e.g. a notebook's parameters cell)."""
    values = yaml.safe_load(defaults.read_text(encoding="utf-8")) if defaults.is_file() else {}
    values.update({k: v for k, v in (overrides or {}).items() if v is not None})
    unknown = set(values) - set(Params.__dataclass_fields__)
    _check(not unknown, f"unknown parameter(s): {', '.join(sorted(unknown))}")
    for name in ("seed", "min_nights_per_week", "min_baseline_nights", "n_imputations",
                 "sim_replicates"):
        if name in values:
            _check(isinstance(values[name], int) and not isinstance(values[name], bool)
                   and values[name] >= 0, f"parameter {name} must be a whole number >= 0, "
                   f"got {values[name]!r}")
    if "alpha" in values:
        _check(isinstance(values["alpha"], float) and 0 < values["alpha"] < 1,
               f"parameter alpha must be a number between 0 and 1, got {values['alpha']!r}")
    _check(1 <= values.get("min_nights_per_week", 4) <= 7,
           "parameter min_nights_per_week must be between 1 and 7")
    _check(1 <= values.get("min_baseline_nights", 7) <= 14,
           "parameter min_baseline_nights must be between 1 and 14")
    _check(values.get("n_imputations", 20) >= 2,
           "parameter n_imputations must be at least 2 (Rubin's rules need two imputations)")
    _check(values.get("cramp_free_week", "zero") in ("zero", "missing"),
           "parameter cramp_free_week must be 'zero' or 'missing'")
    _check(values.get("imputation", "arm_week_mean") == "arm_week_mean",
           "parameter imputation must be 'arm_week_mean' (the published method)")
    values["data_dir"] = _path(values.get("data_dir", "data/raw"), "data_dir")
    values["out_dir"] = _path(values.get("out_dir", "."), "out_dir")
    return Params(**values)


def main(argv=None) -> int:
    """`python -m k2cramps.params`: check params/default.yaml before any stage runs."""
    try:
        load()
    except ParameterError as err:
        print(f"error: {ROOT / 'params' / 'default.yaml'}: {err}", file=sys.stderr)
        return 1
    except yaml.YAMLError as err:
        print(f"error: {ROOT / 'params' / 'default.yaml'} is not valid YAML: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
