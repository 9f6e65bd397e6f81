"""Execute one stage's notebook template with papermill, for `make report`.

    python tools/run_notebook.py TEMPLATE OUTPUT [name=value ...]

The notebook runs into a temporary file beside OUTPUT that becomes OUTPUT only when every
cell succeeded. When a cell fails, the run stops with one line naming the notebook, the cell
and the error, and the executed notebook with the full traceback is kept as
`failed-<name>.ipynb` beside OUTPUT (it is not a stage's output: the report never shows it).
"""
from __future__ import annotations

import gc
import json
import logging
import sys
import tempfile
import time
from pathlib import Path

import k2cramps.report.notebook_schema  # noqa: F401  (before papermill imports nbformat)

KERNEL = "k2cramps"
OWN_ERRORS = {"RawDataError"}  # the project's one-line errors about the user's input
TIMINGS = ("start_time", "end_time", "duration")  # papermill's wall-clock stamps
INJECTED = "injected-parameters"                   # papermill's tag of the cell it adds
# What a stage writes to the kernel's own stderr (stage 05's progress bar, on sys.__stderr__)
# goes to make's terminal only: ipykernel would also copy it into the executed notebook, with
# its timings, so that no two builds gave the same bytes.
KERNEL_ARGUMENTS = ["--IPKernelApp.capture_fd_output=False"]


def _value(text: str):
    """A parameter's value as papermill's `-p` reads it: None, True, False, an integer, a
    number, or else the text itself."""
    words = {"None": None, "True": True, "False": False}
    if text in words:
        return words[text]
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def _parameters(pairs: list[str]) -> dict:
    bad = [p for p in pairs if "=" not in p]
    if bad:
        raise SystemExit(f"usage: run_notebook.py TEMPLATE OUTPUT [name=value ...]; got {bad[0]!r}")
    return {name: _value(value) for name, value in (p.split("=", 1) for p in pairs)}


def _kernel_manager(sockets: Path):
    """A kernel manager whose kernel talks over local (IPC) sockets in `sockets`, a folder of
    this run's own, not over TCP ports: no port race when make runs two stages at once, no
    sockets shared between them, and no warning about unencrypted TCP."""
    from jupyter_client.manager import AsyncKernelManager

    class LocalKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.transport = "ipc"
            self.ip = str(sockets / "kernel")

    return LocalKernelManager


def reproducible(nb: dict, output: Path) -> dict:
    """Same inputs, same bytes: papermill stamps the notebook and each cell with wall-clock
    times, and nbclient each cell with its messages' times; they go. The cell papermill
    injects gets a fixed id for its random one, and the path it recorded for its output (the
    temporary file, under OUT) becomes the output's name."""
    meta = nb["metadata"].get("papermill", {})
    for key in TIMINGS:
        meta.pop(key, None)
    if "output_path" in meta:
        meta["output_path"] = output.name
    for cell in nb["cells"]:
        if INJECTED in cell["metadata"].get("tags", []):
            cell["id"] = INJECTED
        cell["metadata"].pop("execution", None)
        for key in TIMINGS:
            cell["metadata"].get("papermill", {}).pop(key, None)
    return nb


def _rewrite(path: Path, output: Path) -> None:
    nb = reproducible(json.loads(path.read_text(encoding="utf-8")), output)
    # as nbformat writes a notebook: indent 1, sorted keys, text as is
    path.write_text(json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n",
                    encoding="utf-8")


def run(template: Path, output: Path, parameters: dict[str, str]) -> int:
    # papermill looks for optional storage back-ends when imported; pyarrow's (HDFS) alone
    # took 0.13 s of each stage's start. Notebooks here are local files: the stage runner goes
    # without it.
    sys.modules.setdefault("pyarrow", None)
    import papermill
    from papermill.exceptions import PapermillExecutionError

    logging.getLogger("papermill").setLevel(logging.WARNING)
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(f".tmp-{output.name}")
    failed = output.with_name(f"failed-{output.name}")
    failed.unlink(missing_ok=True)  # an earlier failure's notebook is not this run's
    start = time.perf_counter()
    try:
        # The kernel is stopped at once, not asked to leave: every output was written (atomically)
        # by a cell that finished, and its own clean exit (freeing pandas, statsmodels, ...)
        # held each stage about 0.5 s longer.
        with tempfile.TemporaryDirectory(prefix="k2cramps-kernel-") as sockets:
            papermill.execute_notebook(str(template), str(tmp), parameters=parameters,
                                       kernel_name=KERNEL, progress_bar=False,
                                       extra_arguments=KERNEL_ARGUMENTS,
                                       shutdown_kernel="immediate",
                                       kernel_manager_class=_kernel_manager(Path(sockets)))
    except PapermillExecutionError as err:
        tmp.replace(failed)
        message = " ".join(str(err.evalue).split())  # one line, whatever the exception wrote
        if err.ename in OWN_ERRORS:  # its message already names the file, line and problem
            print(f"error: {message}", file=sys.stderr)
        else:
            print(f"error: {template}: cell [{err.exec_count}] stopped with {err.ename}: "
                  f"{message}\n  the executed notebook, with the traceback: {failed}",
                  file=sys.stderr)
        return 1
    except Exception as err:  # the kernel died, a file is missing, ...: still one line
        tmp.unlink(missing_ok=True)
        print(f"error: {template}: {type(err).__name__}: {' '.join(str(err).split())}",
              file=sys.stderr)
        return 1
    _rewrite(tmp, output)
    tmp.replace(output)
    failed.unlink(missing_ok=True)
    print(f"{template.stem}: {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return 0


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print("usage: " + __doc__.splitlines()[2].strip(), file=sys.stderr)
        return 2
    return run(Path(argv[0]), Path(argv[1]), _parameters(argv[2:]))


if __name__ == "__main__":
    status = main(sys.argv[1:])
    gc.freeze()  # done: no final garbage collections over papermill's objects on the way out
    sys.exit(status)
