"""analytics/ is importable without Streamlit, its imports flow one way down the layers, and no
script that draws a page holds SQL."""

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ANALYTICS = ROOT / "analytics"
# Lowest first: a module may import its own layer and the layers below it, never one above.
LAYERS = {
    "base": ("errors", "settings", "durable"),
    "vocab": ("vocab",),
    "access": ("access",),
    "store": ("store",),
    "posts": ("posts", "seeding"),
    "query": ("query",),
    "views": ("views",),
    "events": ("events",),
    "published": ("published",),
    "output": ("output",),
    "supervision": ("supervision",),
    "actions": ("actions",),
    "pages": ("pages",),
    "entry": ("cli", "__main__", "__init__"),
}
RANK = {name: i for i, name in enumerate(LAYERS)}


def layer_of(module: str) -> str:
    """`module` is dotted below analytics, e.g. 'views.trends' or 'errors'."""
    head = module.split(".")[0]
    for layer, heads in LAYERS.items():
        if head in heads:
            return layer
    raise AssertionError(f"analytics.{module} belongs to no layer: add it to LAYERS and to the README's code map")


def modules() -> list[Path]:
    return sorted(p for p in ANALYTICS.rglob("*.py") if "__pycache__" not in p.parts)


def dotted(path: Path) -> str:
    parts = path.relative_to(ANALYTICS).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" and len(parts) > 1 else parts)


def imported(path: Path, name: str | None = None) -> set[str]:
    """Modules of analytics that `path` (the module `name`, dotted below analytics) imports, dotted below analytics."""
    here = (name or dotted(path)).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                target = ".".join([*base, *(node.module.split(".") if node.module else [])])
            elif node.module and (node.module == "analytics" or node.module.startswith("analytics.")):
                target = node.module[len("analytics."):] if node.module != "analytics" else ""
            else:
                continue
            for alias in node.names:
                sub = ANALYTICS.joinpath(*target.split("."), alias.name) if target else ANALYTICS / alias.name
                is_module = sub.with_suffix(".py").exists() or sub.is_dir()
                found.add(f"{target}.{alias.name}".strip(".") if is_module else target)
        elif isinstance(node, ast.Import):
            found.update(a.name[len("analytics."):] for a in node.names if a.name.startswith("analytics."))
    return found


def test_analytics_never_imports_streamlit():
    names = [dotted(p) for p in modules() if p.stem != "__main__"]
    code = ("import importlib, sys\n"
            f"for m in {names!r}:\n    importlib.import_module('analytics.' + m if m != '__init__' else 'analytics')\n"
            "assert 'streamlit' not in sys.modules, 'streamlit was imported'\nprint('ok')")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_flow_down_the_layers(path):
    mine = layer_of(dotted(path))
    upward = [m for m in imported(path) if RANK[layer_of(m)] > RANK[mine]]
    assert not upward, f"{path.relative_to(ROOT)} ({mine}) imports from a higher layer: {upward}"


def test_the_layer_check_catches_an_upward_import(tmp_path):
    probe = tmp_path / "_probe_upward.py"
    probe.write_text("from analytics.views import trends\nfrom ..output import numbers\n", encoding="utf-8")
    found = imported(probe, "vocab._probe_upward")
    assert {"views.trends", "output.numbers"} <= found
    assert all(RANK[layer_of(m)] > RANK["vocab"] for m in found)


def _code_map() -> dict[str, str]:
    """The README's code map: folder -> what its row says it holds."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Code map", 1)[1].split("\n## ", 1)[0]
    return {m.group(1): m.group(2) for m in re.finditer(r"^\| `([\w./]+)` \| (.*?) \| [^|]* \|$", section, re.M)}


MAPPED = ["analytics", *sorted(str(p.relative_to(ROOT)) for p in ANALYTICS.rglob("*") if p.is_dir() and p.name != "__pycache__"),
          "ui", "bench"]


def test_every_folder_is_in_the_code_map():
    rows = _code_map()
    assert {f"{folder}/" for folder in MAPPED} <= set(rows)
    for other in ("pages/", "ui/", "sample_data/", "tests/", "scripts/", "dashboard.py"):
        assert other in rows


@pytest.mark.parametrize("folder", MAPPED)
def test_the_code_map_names_every_module_of_a_folder_and_no_other(folder):
    """Module by module: a module added, renamed or removed without its row changing fails here."""
    held = _code_map()[f"{folder}/"]
    named = set(re.findall(r"`(\w+)`", held))
    modules = {p.stem for p in (ROOT / folder).glob("*.py") if p.stem != "__init__"}
    assert modules <= named, f"{folder}/: not in the code map: {sorted(modules - named)}"
    subpackages = {p.name for p in (ROOT / folder).iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    stale = (named & _known_module_names()) - modules - subpackages
    assert not stale, f"{folder}/: the code map names modules it lacks: {sorted(stale)}"


def _known_module_names() -> set[str]:
    """Every module name anywhere in the project: a word of a row that is one of these but not of its folder
    is a stale module name (other backticked words are terms, like `Filters`)."""
    return {p.stem for top in ("analytics", "ui", "bench", "pages") for p in (ROOT / top).rglob("*.py")} - {"__init__"}



SQL = re.compile(r"\b(select|insert|update|delete)\b[\s\S]{1,400}?\b(from|into|set)\b", re.I)
FRAME_SCRIPTS = [ROOT / "dashboard.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "ui").glob("*.py")]


@pytest.mark.parametrize("path", FRAME_SCRIPTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_pages_hold_no_sql(path):
    strings = [n.value for n in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
               if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    for text in strings:
        assert not SQL.search(text), f"{path.relative_to(ROOT)} holds SQL: {text[:80]!r}"


def test_the_sql_check_catches_sql_over_several_lines():
    sneaky = 'q = """\n    select province,\n        count(*)\n    from read_parquet($files)\n"""\n'
    strings = [n.value for n in ast.walk(ast.parse(sneaky)) if isinstance(n, ast.Constant)]
    assert any(SQL.search(s) for s in strings)
