"""The layout holds: each package imports only what docs/architecture.md allows, by import
statement and never by string, and migrations carry their own code."""

import ast
import re
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
PROJECT_PACKAGES = {"config", "core", "treaties", "articles", "evidence", "tests", "bench"}
# What each package may import of the project (itself always).
ALLOWED = {
    "core": set(),
    "treaties": {"core"},
    "articles": {"core"},
    "evidence": {"core", "treaties", "articles"},
    "config": {"core", "treaties", "articles", "evidence"},
}
# A model named by string ("articles.Outlet", get_model("articles", ...)): a dependency the
# import statements would not show.
MODEL_BY_STRING = re.compile(
    r"""get_model\(|["'](?:core|treaties|articles|evidence)\.[A-Z][A-Za-z]+["']"""
)


def python_files(package: str, *, migrations: bool = False):
    for path in sorted((PROJECT / package).rglob("*.py")):
        if ("migrations" in path.parts) == migrations:
            yield path


def project_imports(path: Path) -> set[str]:
    """The project packages `path` imports, wherever in the module the import is."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found |= {name.split(".")[0] for name in names} & PROJECT_PACKAGES
    return found


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_each_package_imports_only_what_the_layout_allows(package):
    wrong = {
        str(path.relative_to(PROJECT)): sorted(imports)
        for path in python_files(package)
        if (imports := project_imports(path) - ALLOWED[package] - {package})
    }
    assert wrong == {}


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_no_package_names_another_apps_model_by_string(package):
    named = [
        f"{path.relative_to(PROJECT)}: {match.group(0)}"
        for path in python_files(package)
        for match in MODEL_BY_STRING.finditer(path.read_text())
    ]
    assert named == []


@pytest.mark.parametrize("package", ["core", "treaties", "articles", "evidence"])
def test_migrations_import_no_project_code(package):
    importing = [
        str(path.relative_to(PROJECT))
        for path in python_files(package, migrations=True)
        if project_imports(path)
    ]
    assert importing == []


def test_the_image_ships_the_apps_and_not_the_benchmarks_or_tests():
    dockerfile = (PROJECT / "Dockerfile").read_text()
    for package in ALLOWED:
        assert f"COPY {package} ./{package}" in dockerfile
    assert "COPY bench" not in dockerfile
    assert "COPY tests" not in dockerfile
