"""Mutants mutmut does not make: module-level numbers (the cleaning thresholds, nights per
week, tolerances) and the terms of model formulas, in raw/, adam/ and analysis/.

mutmut mutates only inside functions, and turns a formula string into "XX...XX" (which
fails loudly) rather than dropping one covariate. Here each number becomes n+1 and n-1
(a boundary moved by one), each tolerance x10 and /10, and each formula loses one term at a
time. Each mutant is a patched copy of src/ under build/mutation/, judged by the same unit
tests as mutmut's (pyproject [tool.mutmut]), in a fresh process, stopping at the first
failure.

Usage: python tools/mutate_constants.py [--list] [OUT.md]
"""
from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

from mutation import explained   # tools/mutation.py: the explained survivors

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ("raw", "adam", "analysis")
COPIED = ("src", "tests", "data", "params", "notebooks")
WORK = ROOT / "build" / "mutation" / "tree"
FORMULA = re.compile(r"^\w+ ~ [^\n]+$")


@dataclass(frozen=True)
class Mutant:
    path: Path           # relative to ROOT
    line: int
    original: str        # source text replaced
    replacement: str
    start: tuple[int, int]
    end: tuple[int, int]

    @property
    def module(self) -> str:
        return ".".join(self.path.with_suffix("").parts[1:])

    def code(self) -> str:
        return (ROOT / self.path).read_text().splitlines()[self.line - 1].strip()

    def describe(self) -> str:
        module = ".".join(self.path.with_suffix("").parts[1:])
        return f"{module}:{self.line} `{self.original}` -> `{self.replacement}`"


def _numbers(value: float) -> list[str]:
    if isinstance(value, int):
        return [str(value + 1), str(value - 1)]
    if value and abs(value) < 1e-2:
        return [repr(value * 10), repr(value / 10)]
    return [repr(value + 1), repr(value - 1)]


def _top_level_split(text: str, sep: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        depth += (ch == "(") - (ch == ")")
        if ch == sep and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
    return parts + [text[start:].strip()]


def _formula_drops(text: str) -> list[str]:
    """The formula without each right-hand term after the first (a covariate dropped), and
    with each interaction `a * b` turned into `a + b` (the interaction dropped)."""
    lhs, rhs = (t.strip() for t in text.split("~", 1))
    terms = _top_level_split(rhs, "+")
    out = [" + ".join(terms[:i] + terms[i + 1:]) for i in range(1, len(terms))]
    out += [" + ".join(terms[:i] + [" + ".join(_top_level_split(t, "*"))] + terms[i + 1:])
            for i, t in enumerate(terms) if len(_top_level_split(t, "*")) > 1]
    return [f"{lhs} ~ {r}" for r in out]


def mutants() -> list[Mutant]:
    found = []
    for layer in LAYERS:
        for path in sorted((ROOT / "src" / "k2cramps" / layer).glob("*.py")):
            tree = ast.parse(path.read_text())
            rel = path.relative_to(ROOT)
            for node in tree.body:      # module-level numbers
                if isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(
                        node.value, ast.Constant) and type(node.value.value) in (int, float):
                    v = node.value
                    found += [Mutant(rel, v.lineno, ast.unparse(v), r,
                                     (v.lineno, v.col_offset), (v.end_lineno, v.end_col_offset))
                              for r in _numbers(v.value)]
            for v in ast.walk(tree):    # formulas anywhere
                if isinstance(v, ast.Constant) and isinstance(v.value, str) and FORMULA.match(v.value):
                    found += [Mutant(rel, v.lineno, ast.unparse(v), repr(r),
                                     (v.lineno, v.col_offset), (v.end_lineno, v.end_col_offset))
                              for r in _formula_drops(v.value)]
    return found


def _patched_tree(m: Mutant | None) -> Path:
    """A copy of the project with the mutant applied: the folders whose paths the package and
    the tests resolve copied (they find the project root from their own files), everything
    else linked."""
    if WORK.exists():
        shutil.rmtree(WORK)
    WORK.mkdir(parents=True)
    for entry in sorted(ROOT.iterdir()):
        if entry.name in COPIED:
            shutil.copytree(entry, WORK / entry.name,
                            ignore=shutil.ignore_patterns("__pycache__"))
        elif entry.name not in ("build", "mutants", ".git"):
            (WORK / entry.name).symlink_to(entry)
    if m is None:
        return WORK
    target = WORK / m.path
    lines = target.read_text().splitlines(keepends=True)
    (r0, c0), (r1, c1) = m.start, m.end
    assert r0 == r1, "multi-line constant"
    line = lines[r0 - 1]
    lines[r0 - 1] = line[:c0] + m.replacement + line[c1:]
    target.write_text("".join(lines))
    return WORK


def _pytest_args() -> list[str]:
    """mutmut's test selection, on xdist workers (mutmut itself forks per mutant instead)."""
    cfg = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mutmut"]
    args = cfg["pytest_add_cli_args"] + cfg["pytest_add_cli_args_test_selection"]
    at = next(i for i in range(len(args) - 1) if args[i:i + 2] == ["-p", "no:xdist"])
    return args[:at] + args[at + 2:]


def killed(m: Mutant | None) -> bool:
    """Whether the unit tests fail with the mutant (None: with no mutant, the control)."""
    tree = _patched_tree(m)
    res = subprocess.run([sys.executable, "-m", "pytest", *_pytest_args(), "-x", "-n", "2",
                          "--dist", "loadfile"], cwd=tree, capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(tree / "src")})
    if m is None and res.returncode != 0:
        sys.exit("mutate_constants: the unit tests fail on the unmutated copy, so no mutant "
                 "can be judged:\n" + (res.stdout + res.stderr)[-3000:])
    return res.returncode != 0


def main(argv: list[str]) -> int:
    todo = mutants()
    if argv[:1] == ["--list"]:
        for m in todo:
            print(m.describe())
        return 0
    killed(None)
    reasons = explained()
    lines, kills, excused = [], 0, 0
    for i, m in enumerate(todo, 1):
        k = killed(m)
        why = None if k else reasons.get((m.module, m.code(), f"{m.original} -> {m.replacement}"))
        kills, excused = kills + k, excused + (why is not None)
        verdict = "killed" if k else "explained" if why else "survived"
        print(f"[{i}/{len(todo)}] {verdict:9} {m.describe()}", flush=True)
        lines.append(f"- {verdict}: {m.describe()}" + (f": {why}" if why else ""))
    shutil.rmtree(WORK, ignore_errors=True)
    summary = (f"Module constants and formula terms: {kills} of {len(todo)} killed, {excused} "
               f"survivors explained (they change no result), "
               f"{len(todo) - kills - excused} unexplained.\n")
    text = summary + "\n" + "\n".join(lines) + "\n"
    if argv:
        Path(argv[0]).write_text(text)
    print(summary, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
