"""The package is laid out by stage, and every import points down.

Walks every module of ``tutor`` with :mod:`ast` (imports inside functions
included: a lazy import is still a dependency) and fails on an import from a
lower stage to a higher one, or on any circle between modules.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import tutor

ROOT = Path(tutor.__file__).parent
STAGES = ("base", "notation", "bank", "numeric", "grading", "store", "teaching", "interface")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(["tutor", *parts])


MODULES = {_module_name(p): p for p in sorted(ROOT.rglob("*.py"))}


def _resolve(module: str, is_package: bool, node: ast.ImportFrom | ast.Import) -> list[str]:
    """The modules of ``tutor`` that an import statement loads (a package's names that are submodules count as those)."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names if a.name.split(".")[0] == "tutor"]
    if node.level:
        base = module.split(".") if is_package else module.split(".")[:-1]
        base = base[: len(base) - (node.level - 1)]
        target = ".".join(base + ([node.module] if node.module else []))
    else:
        target = node.module or ""
    if target.split(".")[0] != "tutor":
        return []
    out = []
    for alias in node.names:
        sub = f"{target}.{alias.name}"
        out.append(sub if sub in MODULES else target)
    return out


def _imports() -> dict[str, set[str]]:
    graph = {}
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        deps = set()
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                deps.update(d for d in _resolve(name, path.name == "__init__.py", node) if d != name)
        graph[name] = deps
    return graph


GRAPH = _imports()


def _stage(module: str) -> int:
    parts = module.split(".")
    if len(parts) == 1:
        return -1  # tutor/__init__: the version only
    if parts[1] == "__main__":
        return len(STAGES)
    return STAGES.index(parts[1])


def test_every_module_belongs_to_a_stage():
    loose = [m for m in MODULES if m.count(".") == 1 and m not in ("tutor.__main__",) and m.split(".")[1] not in STAGES]
    assert not loose, f"modules outside the stage packages: {loose}"


def test_each_stage_says_what_it_does_and_may_import():
    for stage in STAGES:
        doc = ast.get_docstring(ast.parse((ROOT / stage / "__init__.py").read_text(encoding="utf-8")))
        assert doc and "import" in doc, f"tutor/{stage}/__init__.py needs a docstring naming what it may import"


@pytest.mark.parametrize("module", sorted(GRAPH), ids=sorted(GRAPH))
def test_imports_point_down(module):
    up = sorted(d for d in GRAPH[module] if _stage(d) > _stage(module))
    assert not up, f"{module} imports a higher stage: {up}"


def test_no_circle_between_modules():
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> list[str] | None:
        state[m] = 1
        stack.append(m)
        for d in sorted(GRAPH.get(m, ())):
            if state.get(d) == 1:
                return stack[stack.index(d):] + [d]
            if d not in state:
                found = visit(d)
                if found:
                    return found
        stack.pop()
        state[m] = 2
        return None

    for m in sorted(GRAPH):
        if m not in state:
            circle = visit(m)
            assert circle is None, "import circle: " + " → ".join(circle)


def test_the_walker_sees_an_upward_import():
    """The check can fail: a made-up grading module importing the interface is caught."""
    node = ast.parse("from ..interface.render import verdict_panel").body[0]
    (dep,) = _resolve("tutor.grading.made_up", False, node)
    assert dep == "tutor.interface.render" and _stage(dep) > _stage("tutor.grading.made_up")
