"""analytics/ is importable and usable without Streamlit."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_analytics_never_imports_streamlit():
    modules = [p.stem for p in (ROOT / "analytics").glob("*.py") if p.stem != "__main__"]
    modules += [f"figures.{p.stem}" for p in (ROOT / "analytics" / "figures").glob("*.py")]
    code = ("import importlib, sys\n"
            f"for m in {modules!r}:\n    importlib.import_module('analytics.' + m)\n"
            "assert 'streamlit' not in sys.modules, 'streamlit was imported'\nprint('ok')")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr


def test_pages_hold_no_sql():
    import re

    pattern = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE)\b.+\b(FROM|INTO|SET)\b")
    for path in [ROOT / "dashboard.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "ui").glob("*.py")]:
        assert not pattern.search(path.read_text(encoding="utf-8")), path
