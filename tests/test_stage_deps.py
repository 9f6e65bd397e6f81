"""Make's prerequisites: each stage depends on the layers its code reaches, and no more."""
import re
import subprocess
import sys

import pytest

from conftest import ROOT

STAGES = {  # the layers each stage runs, read off pipeline.py and the notebooks by hand
    "01_clean": {"core", "raw", "adam"},
    "02_baseline": {"core", "adam", "analysis"},
    "03_outcomes": {"core", "adam", "analysis"},
    "04_figures": {"core", "adam", "analysis", "figures"},
    "05_robustness": {"core", "adam", "analysis", "robustness", "figures"},
    "report": {"core", "raw", "analysis", "figures", "report"},
}
ENTRIES = ["01_clean=notebooks/01_clean.ipynb,k2cramps.core.params,k2cramps.raw.__main__",
           "02_baseline=notebooks/02_baseline.ipynb", "03_outcomes=notebooks/03_outcomes.ipynb",
           "04_figures=notebooks/04_figures.ipynb", "05_robustness=notebooks/05_robustness.ipynb",
           "report=k2cramps.report"]


@pytest.fixture(scope="module")
def deps() -> dict[str, str]:
    out = subprocess.run([sys.executable, "tools/stage_deps.py", *ENTRIES], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    return dict(re.findall(r"^DEPS_(\w+) := (.*)$", out, re.M))


@pytest.mark.parametrize("stage, layers", STAGES.items())
def test_each_stage_depends_on_exactly_the_layers_it_runs(deps, stage, layers):
    found = set(re.findall(r"src/k2cramps/(\w+)/\*\.py", deps[stage]))
    assert found == layers


def test_pipeline_module_is_a_prerequisite_of_the_notebook_stages_only(deps):
    for stage in ("01_clean", "02_baseline", "03_outcomes", "04_figures", "05_robustness"):
        assert "src/k2cramps/pipeline.py" in deps[stage].split()
    assert "src/k2cramps/pipeline.py" not in deps["report"].split()


def test_synthetic_is_never_a_prerequisite(deps):
    assert not any("synthetic" in d for d in deps.values())


def test_makefile_lists_the_same_stage_entries():
    makefile = (ROOT / "Makefile").read_text()
    block = re.search(r"STAGE_ENTRIES := (.*?)\nSTAGE_DEPS", makefile, re.S).group(1)
    assert block.replace("\\", " ").split() == ENTRIES
