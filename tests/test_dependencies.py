"""The lock files hold every direct dependency of pyproject.toml at its pinned version, each
with hashes, so `make`, the image and CI install exactly what pyproject.toml says."""

import re
import tomllib
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==([^\s;]+)")


def normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def direct_pins(*groups: str) -> dict[str, str]:
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text())["project"]
    requirements = list(project["dependencies"])
    for group in groups:
        requirements += project["optional-dependencies"][group]
    pins = {}
    for requirement in requirements:
        match = PIN.match(requirement)
        assert match, f"not pinned exactly: {requirement}"
        pins[normalised(match[1])] = match[2]
    return pins


def locked(file_name: str) -> dict[str, str]:
    text = (PROJECT / file_name).read_text()
    entries = re.findall(
        r"^([A-Za-z0-9_.\-]+)==(\S+) \\\n((?:\s+--hash=sha256:\w+(?: \\)?\n)+)", text, re.M
    )
    return {normalised(name): version for name, version, _hashes in entries}


def test_the_runtime_lock_holds_every_runtime_dependency_with_hashes():
    lock = locked("requirements.txt")
    assert {name: lock.get(name) for name in direct_pins()} == direct_pins()


def test_the_development_lock_holds_every_dependency_with_hashes():
    lock = locked("requirements-dev.txt")
    pins = direct_pins("dev")
    assert {name: lock.get(name) for name in pins} == pins


def test_every_locked_package_has_a_hash():
    for file_name in ("requirements.txt", "requirements-dev.txt"):
        text = (PROJECT / file_name).read_text()
        pinned = re.findall(r"^[A-Za-z0-9_.\-]+==\S+", text, re.M)
        assert len(pinned) == len(locked(file_name)), file_name
