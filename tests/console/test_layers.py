"""The faces sit on top: no module below iosemu/console/ imports it."""

from __future__ import annotations

import ast
from pathlib import Path

import iosemu

PACKAGE = Path(iosemu.__file__).parent
FACES = PACKAGE / "console"


def _imported(path: Path) -> set[str]:
    """Every module (and module.name) the file imports, relative imports resolved."""
    package = ["iosemu", *path.relative_to(PACKAGE).parent.parts]
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def test_nothing_below_the_console_package_imports_it():
    below = [p for p in PACKAGE.rglob("*.py") if FACES not in p.parents and p.name != "__main__.py"]
    assert len(below) > 100
    importers = []
    for path in below:
        names = _imported(path)
        if any(name == "iosemu.console" or name.startswith("iosemu.console.") for name in names):
            importers.append(str(path.relative_to(PACKAGE)))
    assert importers == []


def test_python_dash_m_iosemu_is_the_console_entry_point():
    names = _imported(PACKAGE / "__main__.py")
    assert "iosemu.console.main.main" in names
