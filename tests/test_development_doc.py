"""`docs/development.md` is the map of the house (issue 33 item 6): it names every module of `ita_dash/`, and every
function, method or setting it names in code quotes still exists."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXTERNAL = {"st", "streamlit", "pandas", "pd", "python", "pytest", "alembic", "fpdf", "plotly"}


def _quoted() -> list[str]:
    text = (ROOT / "docs" / "development.md").read_text(encoding="utf-8")
    text = re.sub(r"```.*?```", "", text, flags=re.S)  # the drawing of the floors
    return [quote.strip() for quote in re.findall(r"`([^`\n]+)`", text)]


def _code_words() -> set[str]:
    files = [*ROOT.glob("*.py"), *ROOT.glob("pages/*.py"), *ROOT.glob("ita_dash/**/*.py"), *ROOT.glob("tests/**/*.py"),
             *ROOT.glob("bench/**/*.py"), *ROOT.glob(".streamlit/*.toml")]
    return {word for path in files for word in re.findall(r"[A-Za-z_]\w*", path.read_text(encoding="utf-8"))}


def test_every_module_is_on_the_map():
    quoted = _quoted()
    missing = []
    for path in sorted((ROOT / "ita_dash").rglob("*.py")):
        inside = path.relative_to(ROOT / "ita_dash").as_posix()
        if path.name == "__init__.py" or inside.startswith("store/migrations/versions/"):
            continue
        if not any(quote == path.name or quote.endswith(inside) for quote in quoted):
            missing.append(inside)
    assert missing == [], f"modules docs/development.md does not name: {missing}"


def test_every_name_the_map_quotes_exists():
    """A quoted `name`, `module.name` or `name(…)` with an underscore or a call: its last part is still in the code
    (a function, method, class, setting or table that was renamed or removed leaves the map wrong)."""
    words = _code_words()
    gone = []
    for quote in _quoted():
        found = re.fullmatch(r"([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)(\(.*\))?", quote)
        if found is None or found[1].split(".")[0] in EXTERNAL:
            continue
        name, call = found[1], found[2]
        last = name.rsplit(".", 1)[-1]
        if (call or "_" in last or "." in name) and last not in words:
            gone.append(quote)
    assert gone == [], f"docs/development.md names what the code no longer has: {gone}"


def test_no_module_imports_another_modules_private_name():
    """A name shared between modules is public (issue 33: 69 imports of another module's ``_private`` names): the
    package's and the tests' modules import no ``_name`` of ours."""
    import ast

    ours = ("ita_dash", "test_", "conftest", "helpers")
    found = []
    for path in [*ROOT.glob("*.py"), *ROOT.glob("pages/*.py"), *ROOT.glob("ita_dash/**/*.py"), *ROOT.glob("tests/**/*.py"),
                 *ROOT.glob("bench/**/*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith(ours)):
                found += [f"{path.relative_to(ROOT)}: {alias.name}" for alias in node.names
                          if alias.name.startswith("_") and not alias.name.startswith("__")]
    assert found == []


def test_tests_share_through_helpers_not_through_each_other():
    """Tests live in a folder by floor and share what they need through ``tests/helpers`` (issue 33 item 5): no test
    module imports another test module or ``conftest``."""
    import ast

    loose = sorted(path.name for path in (ROOT / "tests").glob("test_*.py") if path.name != "test_development_doc.py")
    assert loose == [], f"tests outside a floor's folder: {loose}"
    found = []
    for path in (ROOT / "tests").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            modules = ([node.module or ""] if isinstance(node, ast.ImportFrom)
                       else [alias.name for alias in node.names] if isinstance(node, ast.Import) else [])
            found += [f"{path.relative_to(ROOT)}: {name}" for name in modules
                      if name.split(".")[0].startswith(("test_", "conftest", "tests"))]
    assert found == []


def test_ruff_is_clean():
    """The linter configured in pyproject.toml finds nothing (``ruff check .``)."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise", "."],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_rule_a_module_says_it_mirrors_exists():
    """Where code restates a rule of another module (the grouped SQL of ``store/figures.py`` restates the domain's
    lights, follow-up and quotas), it names the function it mirrors as :func:`ita_dash.…`; each name still resolves,
    so a renamed or removed rule leaves no mirror pointing at nothing (issue 33 item 4)."""
    import importlib

    gone = []
    for path in (ROOT / "ita_dash").rglob("*.py"):
        for name in re.findall(r":(?:func|class|mod|meth):`~?(ita_dash(?:\.\w+)+)`", path.read_text(encoding="utf-8")):
            parts = name.split(".")
            for cut in range(len(parts), 0, -1):  # the longest importable module, then attributes
                try:
                    found = importlib.import_module(".".join(parts[:cut]))
                except ImportError:
                    continue
                try:
                    for attribute in parts[cut:]:
                        found = getattr(found, attribute)
                except AttributeError:
                    gone.append(f"{path.relative_to(ROOT)}: {name}")
                break
    assert gone == []
