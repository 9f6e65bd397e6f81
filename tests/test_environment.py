"""environment.yml (conda users) carries exactly the pins of requirements.lock (pip)."""
import re

import yaml

from conftest import ROOT


def _lock_pins():
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        m = re.match(r"^([A-Za-z0-9_.\-]+)==([^\s;]+)", line)
        if m:
            pins[m.group(1).lower().replace("_", "-")] = m.group(2)
    return pins


def test_environment_yml_matches_lock():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    env_pins = dict(p.split("==") for p in pip_section)
    env_pins = {k.lower().replace("_", "-"): v for k, v in env_pins.items()}
    assert env_pins == _lock_pins()
    assert any(str(d).startswith("python=3.11") for d in env["dependencies"])
