"""What every seed loader shares: its one error, and YAML read strictly (a key given twice in
one mapping is an error, not a silent overwrite)."""

from pathlib import Path

import yaml


class SeedDataError(ValueError):
    """The seed data cannot be loaded: malformed, incomplete, or referring to the unknown."""


class _UniqueKeyLoader(yaml.CSafeLoader):
    """A safe loader that refuses a key given twice in one mapping.

    Plain YAML keeps the last of two equal keys without a word; in hand-written data a
    second `regions:` in the same entry is a mistake we want to hear about. Built on
    libyaml's parser, which PyYAML's wheels carry (several times faster than the pure-Python
    one).
    """

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping",
                    node.start_mark,
                    f"found duplicate key {key!r}",
                    key_node.start_mark,
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def read_yaml(path: Path):
    """The document of the YAML file at `path`; SeedDataError on one line if it cannot be
    read or parsed."""
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_UniqueKeyLoader)  # safe: builds no arbitrary objects
    except (OSError, yaml.YAMLError) as error:
        raise SeedDataError(f"{path.name}: {one_line(error)}") from error


def one_line(error: Exception) -> str:
    """A YAML or file error on one line: where it is, then what is wrong."""
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None)
    if mark is not None and problem:
        context = getattr(error, "context", None)
        context = f" ({context})" if context else ""
        return f"line {mark.line + 1}, column {mark.column + 1}: {problem}{context}"
    return " ".join(str(error).split())
