"""The project's import graph, imports inside functions included, has no cycle: a module never imports one
that imports it back (a cycle hidden in a function is still a seam that grew crooked)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("analytics", "ui", "pages", "bench", "sample_data", "tests")


def project_modules(root: Path) -> dict[str, Path]:
    found = {}
    for top in PACKAGES:
        for path in sorted((root / top).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    for path in sorted(root.glob("*.py")):
        found[path.stem] = path
    return found


def _owner(name: str, modules: dict[str, Path]) -> str | None:
    """The project module `name` refers to: itself, or the package or module it is inside."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def import_graph(root: Path) -> dict[str, set[str]]:
    modules = project_modules(root)
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for module, path in modules.items():
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*up, *([base] if base else [])])
                names = [base, *(f"{base}.{a.name}" for a in node.names)]
            else:
                continue
            for name in names:
                target = _owner(name, modules)
                # A module inside a package importing the package itself is how Python loads it, not a cycle.
                if target and target != module and not module.startswith(f"{target}."):
                    graph[module].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (iterative Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_project_has_no_import_cycle():
    graph = import_graph(ROOT)
    assert len(graph) > 150 and graph["analytics.query.engine"]
    assert cycles(graph) == []


def test_a_cycle_through_an_import_inside_a_function_is_found(tmp_path):
    (tmp_path / "analytics" / "query").mkdir(parents=True)
    (tmp_path / "analytics" / "__init__.py").write_text("")
    (tmp_path / "analytics" / "query" / "__init__.py").write_text("")
    (tmp_path / "analytics" / "query" / "engine.py").write_text(
        "def open_engine():\n    from analytics.query.spark import SparkEngine\n    return SparkEngine\n")
    (tmp_path / "analytics" / "query" / "spark.py").write_text("from .engine import open_engine\n")
    (tmp_path / "analytics" / "query" / "alone.py").write_text("from analytics.query import engine\n")
    (tmp_path / "dashboard.py").write_text("import analytics.query.alone\n")
    graph = import_graph(tmp_path)
    assert graph["dashboard"] == {"analytics.query.alone"}
    assert cycles(graph) == [["analytics.query.engine", "analytics.query.spark"]]
