"""The mutation score of the unit tests (`make mutation`), on top of mutmut.

mutmut writes every mutant of raw/, adam/ and analysis/ as a function `..._mutmut_N` beside
its original `..._mutmut_orig` under mutants/. This tool names what each mutant changed (the
first node where the two differ): a comparison operator, a condition forced one way, a
number, a boolean or None, an arithmetic or boolean operator, a removed unary operator, a
removed or None argument, a string. The kinds that flip a rule or a statistic
(RESULT_KINDS) are the ones `make mutation` runs; argument and string mutants (most of
mutmut's 6,000) are counted but not run: a removed argument or a mangled column name or
message either fails loudly or changes no number.

Usage: python tools/mutation.py generate          write mutants/ (mutmut's first step alone)
       python tools/mutation.py kinds             count of mutants per kind
       python tools/mutation.py names             names of the RESULT_KINDS mutants
       python tools/mutation.py report [OUT.md]   killed / survived per module and kind,
                                                  and every survivor with its change
"""
from __future__ import annotations

import ast
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MUTANTS = Path("mutants/src")
EXPLAINED = Path(__file__).with_name("mutation_explained.tsv")
NAME = re.compile(r"^(?P<func>.+)__mutmut_(?P<n>\d+|orig)$")
STATUS = {1: "killed", 3: "killed", 0: "survived", 5: "no tests", 33: "no tests",
          36: "timeout", 24: "timeout", -24: "timeout", 152: "timeout", 255: "timeout"}
RESULT_KINDS = ("comparison", "condition", "number", "boolean/None", "arithmetic",
                "boolean operator", "unary")


def _first_difference(a, b, line=None):
    """The outermost pair of differing nodes (or the node whose list of children differs),
    with the line of the nearest enclosing node that has one: (a, b, line)."""
    line = getattr(a, "lineno", line)
    if type(a) is not type(b):
        return a, b, line
    if not isinstance(a, ast.AST):
        return None if a == b else (a, b, line)
    for field in a._fields:
        x, y = getattr(a, field, None), getattr(b, field, None)
        if isinstance(x, list):
            if not isinstance(y, list) or len(x) != len(y):
                return a, b, line
            for p, q in zip(x, y):
                found = _first_difference(p, q, line)
                if found:
                    return found
        elif isinstance(x, ast.AST) or isinstance(y, ast.AST):
            found = _first_difference(x, y, line)
            if found:
                return found
        elif x != y:
            return a, b, line
    return None


def _forced(node) -> bool:
    """mutmut's `(cond) and False` / `(cond) or True`: a condition forced one way."""
    return (isinstance(node, ast.BoolOp) and isinstance(node.values[-1], ast.Constant)
            and isinstance(node.values[-1].value, bool))


def kind(a, b) -> str:
    """Name the change from node a (original) to node b (mutant)."""
    if _forced(b) and not _forced(a):
        return "condition"
    if isinstance(a, ast.BinOp) and isinstance(b, ast.BinOp) and type(a.op) is not type(b.op):
        return ("boolean operator" if isinstance(a.op, (ast.BitAnd, ast.BitOr))
                else "arithmetic")
    if isinstance(a, ast.BoolOp) and isinstance(b, ast.BoolOp):
        return "boolean operator"
    if isinstance(a, ast.AugAssign):
        return "arithmetic"
    if isinstance(a, ast.cmpop):
        return "comparison"
    if isinstance(a, (ast.operator,)):
        return "arithmetic"
    if isinstance(a, ast.boolop):
        return "boolean operator"
    if isinstance(a, ast.UnaryOp) and not isinstance(b, ast.UnaryOp) or isinstance(a, ast.unaryop):
        return "unary"
    if isinstance(a, ast.Constant):
        v = a.value
        if isinstance(v, bool) or v is None:
            return "boolean/None"
        if isinstance(v, (int, float)):
            return "number"
        if isinstance(v, str):
            return "string"
    if isinstance(b, ast.Constant) and b.value is None:
        return "argument" if isinstance(a, ast.expr) else "other"
    if isinstance(a, (ast.Call, ast.keyword)):
        return "argument"
    if isinstance(a, ast.Name) and a.id in ("True", "False", "None"):
        return "boolean/None"
    if isinstance(a, ast.Lambda):
        return "lambda"
    return type(a).__name__.lower()


@dataclass(frozen=True)
class Mutant:
    name: str
    kind: str
    module: str
    line: int        # in the source file
    change: str      # "original -> mutant", the differing nodes unparsed
    code: str        # the source line


def _change(found) -> str:
    if not found:
        return "?"
    show = lambda n: ast.unparse(n) if isinstance(n, ast.AST) and not isinstance(  # noqa: E731
        n, (ast.cmpop, ast.operator, ast.boolop, ast.unaryop)) else type(n).__name__
    return f"{show(found[0])[:70]} -> {show(found[1])[:70]}"


def _statuses() -> dict[str, str]:
    """mutmut's verdict per mutant name, from its .meta files."""
    out = {}
    for meta in sorted(MUTANTS.rglob("*.meta")):
        for name, code in json.loads(meta.read_text())["exit_code_by_key"].items():
            out[name] = STATUS.get(code, "not run" if code is None else "suspicious")
    return out


def explained() -> dict[tuple[str, str, str], str]:
    """Survivors that change no result, each with the reason (EXPLAINED: module, source line,
    change, reason; tab-separated)."""
    out = {}
    for row in EXPLAINED.read_text().splitlines()[1:] if EXPLAINED.exists() else []:
        module, code, change, reason = row.split("\t")
        out[module, code, change] = reason
    return out


def report(run: list[Mutant], status: dict[str, str]) -> str:
    """Killed / survived / no test per module and per kind, and the survivors. The score is
    caught / (run - explained): a timeout counts as caught (the mutant made the tests hang),
    an explained survivor (it changes no result, EXPLAINED) leaves the denominator."""
    reasons = explained()
    status = {m.name: "explained" if status.get(m.name) in ("survived", "no tests")
              and (m.module, m.code, m.change) in reasons else status.get(m.name, "not run")
              for m in run}
    lines = ["| module | mutants | killed | timeout | survived | no test | explained | not run "
             "| other | score |", "|---|---|---|---|---|---|---|---|---|---|"]
    groups = [(mod, [m for m in run if m.module == mod])
              for mod in sorted({m.module for m in run})]
    groups += [(f"**{k}**", [m for m in run if m.kind == k]) for k in RESULT_KINDS]
    groups += [("**all**", run)]
    for label, ms in groups:
        c = Counter(status[m.name] for m in ms)
        other = len(ms) - sum(c[k] for k in ("killed", "timeout", "survived", "no tests",
                                              "explained", "not run"))
        judged = len(ms) - c["not run"] - c["explained"] - other   # suspicious, segfault
        caught = c["killed"] + c["timeout"]
        score = f"{100 * caught / judged:.1f}%" if judged else "-"
        lines.append(f"| {label} | {len(ms)} | {c['killed']} | {c['timeout']} | "
                     f"{c['survived']} | {c['no tests']} | {c['explained']} | {c['not run']} "
                     f"| {other} | {score} |")
    lines += ["", "Survivors and mutants no test reaches:", ""]
    lines += [f"- {status[m.name]}: {m.module}:{m.line} ({m.kind}) `{m.change}` in `{m.code}`"
              for m in run if status[m.name] in ("survived", "no tests")]
    lines += ["", "Explained survivors (they change no result):", ""]
    lines += [f"- {m.module}:{m.line} `{m.change}` in `{m.code}`: "
              f"{reasons[m.module, m.code, m.change]}" for m in run if status[m.name] == "explained"]
    return "\n".join(lines) + "\n"


@lru_cache(maxsize=None)
def _original(module: str) -> tuple[list[str], dict[str, int]]:
    """The unmutated module in src/: its lines, and the first line of each function by name
    (read once per module, not once per mutant)."""
    text = (Path("src") / (module.replace(".", "/") + ".py")).read_text()
    defs: dict[str, int] = {}
    for n in ast.walk(ast.parse(text)):
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)):
            defs.setdefault(n.name, n.lineno)
    return text.splitlines(), defs


def _code(module: str, line: int) -> str:
    lines = _original(module)[0]
    return lines[line - 1].strip() if 0 < line <= len(lines) else ""


def _source_line(module: str, func: str, offset: int) -> int:
    """The line in src/ of a line `offset` lines into mutmut's copy of `func`
    (x_name, or xǁClassǁmethod)."""
    name = func.split("ǁ")[-1] if "ǁ" in func else func[2:]
    return _original(module)[1].get(name, 0) + offset


def mutants(root: Path = MUTANTS):
    """Every mutant under root, with what it changed."""
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text())
        funcs = {}
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                m = NAME.match(node.name)
                if m:
                    funcs.setdefault(m["func"], {})[m["n"]] = node
        module = ".".join(path.relative_to(root).with_suffix("").parts)
        for func, versions in sorted(funcs.items()):
            orig = versions.get("orig")
            for n, node in sorted(((k, v) for k, v in versions.items() if k != "orig"),
                                  key=lambda kv: int(kv[0])):
                found = (_first_difference(ast.Module(orig.body, []), ast.Module(node.body, []))
                         if orig else None)
                k = kind(*found[:2]) if found else "other"
                offset = (found[2] or orig.lineno) - orig.lineno if found else 0
                line = _source_line(module, func, offset)
                yield Mutant(f"{module}.{func}__mutmut_{n}", k, module, line, _change(found),
                             _code(module, line))


def _generate() -> None:
    """mutmut's generation step without its run: the names to run come from the mutants."""
    from mutmut import __main__ as mm
    mm.set_mutant_under_test("mutant_generation")
    Path("mutants").mkdir(exist_ok=True)
    mm.copy_src_dir()
    mm.copy_also_copy_files()
    mm.setup_source_paths()
    mm.store_lines_covered_by_tests()
    mm.create_mutants(1)


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "kinds"
    if command == "generate":
        _generate()
    elif command == "names":
        for m in mutants():
            if m.kind in RESULT_KINDS:
                print(m.name)
    elif command == "kinds":
        for k, n in Counter(m.kind for m in mutants()).most_common():
            print(f"{n:6d}  {k}")
    elif command == "report":
        text = report([m for m in mutants() if m.kind in RESULT_KINDS], _statuses())
        if len(argv) > 1:
            Path(argv[1]).write_text(text)
        print(text)
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
