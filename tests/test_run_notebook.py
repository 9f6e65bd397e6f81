"""The stage runner (tools/run_notebook.py): an executed notebook carries no clock times, no
random cell id and no temporary path, so that the same inputs give the same bytes; what a
stage writes to the kernel's own stderr (stage 05's progress bar) stays out of it."""
import json
import os
import re
import subprocess
import sys

import nbformat

from conftest import ROOT

STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d")   # an ISO date and time, as papermill writes


def test_an_executed_notebook_has_no_clock_times_and_no_kernel_stderr(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("n = 1", metadata={"tags": ["parameters"]}),
        # flushed, then time for ipykernel's watcher of the process's stderr to pass it on
        nbformat.v4.new_code_cell("import sys, time\nprint('to the notebook', n)\n"
                                  "_ = sys.__stderr__.write('to the terminal\\n')\n"
                                  "sys.__stderr__.flush()\ntime.sleep(0.5)"),
    ], metadata={"kernelspec": {"name": "k2cramps", "display_name": "k2cramps",
                                "language": "python"}})
    template, out = tmp_path / "t.ipynb", tmp_path / "out" / "t.ipynb"
    nbformat.write(nb, template)
    # as make runs it: ipykernel watches the process's stderr only when not under pytest
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}
    res = subprocess.run([sys.executable, "tools/run_notebook.py", str(template), str(out),
                          "n=2"], cwd=ROOT, capture_output=True, text=True, env=env)
    assert res.returncode == 0, res.stderr
    assert "to the terminal" in res.stderr
    text = out.read_text()
    assert not STAMP.search(text), STAMP.search(text)
    assert ".tmp-" not in text
    run = json.loads(text)
    _, injected, printed = run["cells"]   # papermill puts its cell after "parameters"
    assert injected["id"] == "injected-parameters" and "n = 2" in "".join(injected["source"])
    assert printed["outputs"] == [{"name": "stdout", "output_type": "stream",
                                   "text": ["to the notebook 2\n"]}]
    assert run["metadata"]["papermill"]["output_path"] == "t.ipynb"
