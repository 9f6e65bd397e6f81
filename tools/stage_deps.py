"""Which package code each build stage runs, as make variables (standard library only).

    python3 tools/stage_deps.py NAME=ENTRY[,ENTRY...] ...  > build/stage-deps.mk

An ENTRY is a notebook (its code cells) or a module (`k2cramps.report`, run with -m). The
imports are followed through the package: a module imported whole brings every import it
makes, module-level or inside a function; a name taken from a module (`pipeline.run_clean`)
brings the module's top-level imports and the imports inside that function, so a stage
depends only on the layers its own function uses. Each NAME gets

    DEPS_NAME := src/k2cramps/__init__.py ... $(wildcard src/k2cramps/<layer>/*.py) ...

with every subpackage reached as a wildcard, so a module added to a layer is a
prerequisite too. Make regenerates this file whenever a source file or notebook changes.
"""
from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
PACKAGE = "k2cramps"


def module_file(name: str) -> Path | None:
    base = SRC.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _absolute(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    parts = module.split(".")
    base = parts if is_package else parts[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _type_checking(node: ast.AST) -> bool:
    test = getattr(node, "test", None)
    return isinstance(node, ast.If) and ast.unparse(test).endswith("TYPE_CHECKING")


def _walk(tree: ast.AST):
    """ast.walk, without the bodies of `if TYPE_CHECKING:` (imports that never run)."""
    todo = [tree]
    while todo:
        node = todo.pop()
        yield node
        todo += [c for c in ast.iter_child_nodes(node) if not _type_checking(c)]


def imports_in(tree: ast.AST, module: str = "", is_package: bool = False):
    """(module, name or None) for every import under `tree` that stays in the package."""
    for node in _walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == PACKAGE:
                    yield alias.name, None
        elif isinstance(node, ast.ImportFrom):
            target = _absolute(node, module, is_package)
            if target.split(".")[0] != PACKAGE:
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                yield (sub, None) if module_file(sub) else (target, alias.name)


def _top_level_names(tree: ast.Module) -> dict[str, ast.AST]:
    return {node.name: node for node in tree.body
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}


def _function_closure(tree: ast.Module, names: set[str]) -> list[ast.AST]:
    """The definitions of `names` and of the module's functions they call, transitively."""
    defs = _top_level_names(tree)
    todo, seen = [n for n in names if n in defs], set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        todo += [n.id for n in ast.walk(defs[name]) if isinstance(n, ast.Name) and n.id in defs]
    return [defs[n] for n in sorted(seen)]


class Closure:
    def __init__(self):
        self.files: set[Path] = set()
        self.whole: set[str] = set()
        self.partial: dict[str, set[str]] = {}

    def add(self, module: str, name: str | None) -> None:
        path = module_file(module)
        if path is None:
            raise SystemExit(f"stage_deps: no module {module} under {SRC}")
        parts = module.split(".")
        for i in range(1, len(parts)):  # importing a.b.c runs a/__init__ and a/b/__init__
            self.add_whole(".".join(parts[:i]))
        if name is None:
            self.add_whole(module)
        elif module not in self.whole and name not in self.partial.setdefault(module, set()):
            self.partial[module].add(name)
            self._follow(module, path, {name})

    def add_whole(self, module: str) -> None:
        if module in self.whole:
            return
        self.whole.add(module)
        self._follow(module, module_file(module), None)

    def _follow(self, module: str, path: Path, names: set[str] | None) -> None:
        self.files.add(path)
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        is_package = path.name == "__init__.py"
        if names is None:
            scopes = [tree]
        else:
            defs = set(_top_level_names(tree).values())
            top = ast.Module(body=[n for n in tree.body if n not in defs], type_ignores=[])
            scopes = [top, *_function_closure(tree, names)]
        for scope in scopes:
            for target, name in imports_in(scope, module, is_package):
                self.add(target, name)


def notebook_entries(path: Path):
    """(module, name) imported by a notebook's code cells; `mod.attr` uses become names."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    code = "\n".join(line for line in code.splitlines() if not line.lstrip().startswith(("%", "!")))
    tree = ast.parse(code, str(path))
    aliases: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == PACKAGE:
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                if module_file(sub):
                    aliases[alias.asname or alias.name] = sub
                else:
                    yield node.module, alias.name
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == PACKAGE:
                    yield alias.name, None
    used = {(aliases[n.value.id], n.attr) for n in ast.walk(tree)
            if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name)
            and n.value.id in aliases}
    for module in sorted(set(aliases.values())):
        names = sorted(attr for mod, attr in used if mod == module)
        if not names or any(module_file(f"{module}.{a}") for a in names):
            yield module, None
        for name in names:
            yield module, name


def prerequisites(entries: list[str]) -> list[str]:
    closure = Closure()
    for entry in entries:
        if entry.endswith(".ipynb"):
            for module, name in notebook_entries(ROOT / entry):
                closure.add(module, name)
        else:
            closure.add(entry, None)
            if module_file(f"{entry}.__main__"):
                closure.add(f"{entry}.__main__", None)
    package = SRC / PACKAGE
    layers, files = set(), set()
    for path in closure.files:
        rel = path.relative_to(package)
        if len(rel.parts) > 1:
            layers.add(rel.parts[0])
        else:
            files.add(path.relative_to(ROOT).as_posix())
    wildcards = [f"$(wildcard src/{PACKAGE}/{layer}/*.py src/{PACKAGE}/{layer}/*/*.py)"
                 for layer in sorted(layers)]
    return sorted(files) + wildcards


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    print("# Generated by tools/stage_deps.py: the package code each stage runs.")
    for spec in argv:
        name, _, entries = spec.partition("=")
        print(f"DEPS_{name} := {' '.join(prerequisites(entries.split(',')))}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
