"""Check an output folder's ``datapackage.json``: against the declared tables, then frictionless.

The descriptor must describe every declared table with exactly the Table
Schema :mod:`gyokaku.schemas.datapackage` derives from the column specs, and
every resource must be a plain file in the folder (nothing is fetched or read
from elsewhere).  frictionless-py then validates the package as a whole: the
descriptor, each file's size and SHA-256, every CSV value against its field
type and constraints, the primary keys and the foreign keys.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .columns import TABLES
from .datapackage import PACKAGE_FILE, table_schema

MAX_ERRORS_PER_RESOURCE = 10


def package_problems(outdir: Path) -> list[str]:
    """The problems of ``outdir``'s ``datapackage.json``, one line each; empty when valid."""
    path = outdir / PACKAGE_FILE
    if not path.is_file():
        return [f"{path}: missing"]
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        return [f"{path}: unreadable JSON: {error}"]
    if not isinstance(descriptor, dict):
        return [f"{path}: not a JSON object"]
    problems = declared_table_problems(path, descriptor) + resource_path_problems(
        path, descriptor)
    if problems:  # frictionless would only repeat them, or read files it should not
        return problems
    return frictionless_problems(path)


def _resources(descriptor: dict[str, Any]) -> list[dict[str, Any]]:
    resources = descriptor.get("resources")
    if not isinstance(resources, list):
        return []
    return [r for r in resources if isinstance(r, dict)]


def declared_table_problems(path: Path, descriptor: dict[str, Any]) -> list[str]:
    """Every declared table must be a resource with the declared Table Schema and CSV file."""
    by_name = {r.get("name"): r for r in _resources(descriptor)}
    problems = []
    for name, spec in TABLES.items():
        resource = by_name.get(name)
        if resource is None:
            problems.append(f"{path}: no resource '{name}'")
            continue
        if resource.get("path") != f"{name}.csv":
            problems.append(f"{path}: resource '{name}': path is {resource.get('path')!r}, "
                            f"not '{name}.csv'")
        difference = schema_difference(resource.get("schema"), table_schema(spec))
        if difference:
            problems.append(f"{path}: resource '{name}': {difference}")
    return problems


def schema_difference(found: Any, declared: dict[str, Any]) -> str | None:
    """How a resource's schema differs from the declared one (first difference), or None."""
    if found == declared:
        return None
    if not isinstance(found, dict):
        return "has no Table Schema"
    listed = found.get("fields")
    fields: list[Any] = listed if isinstance(listed, list) else []
    for index, want in enumerate(declared["fields"]):
        got = fields[index] if index < len(fields) else None
        if got != want:
            return f"field {index + 1} is {_field_text(got)}, declared {_field_text(want)}"
    if len(fields) != len(declared["fields"]):
        return f"{len(fields)} fields, declared {len(declared['fields'])}"
    keys = sorted(k for k in {*found, *declared} if found.get(k) != declared.get(k))
    return f"schema {', '.join(keys)} differ from the declared ones"


def _field_text(field: Any) -> str:
    if not isinstance(field, dict):
        return "missing"
    return f"{field.get('name')!r} ({field.get('type')})"


def resource_path_problems(path: Path, descriptor: dict[str, Any]) -> list[str]:
    """Each resource must name a file lying directly in the output folder."""
    problems = []
    for resource in _resources(descriptor):
        name, file = resource.get("name"), resource.get("path")
        if not isinstance(file, str) or Path(file).name != file or file in ("", ".", ".."):
            problems.append(f"{path}: resource '{name}': path {file!r} is not a file name "
                            f"in the output folder")
        elif not (path.parent / file).is_file():
            problems.append(f"{path.parent / file}: missing (resource '{name}')")
    return problems


def frictionless_problems(path: Path) -> list[str]:
    """What frictionless-py finds wrong with the package, one line per error."""
    from frictionless import FrictionlessException, Package

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            package = Package(str(path))
            report = package.validate()
        except FrictionlessException as exception:
            return [f"{path}: {error.message}" for error in exception.to_errors()]
    problems = [f"{path}: {error.message}" for error in report.errors]
    for task in report.tasks:
        problems += _task_lines(path.parent / task.place, task.errors)
    return problems


def _task_lines(file: Path, errors: Iterable[Any]) -> list[str]:
    lines = [f"{file}: {error.type}: {error.message}" for error in errors]
    if len(lines) > MAX_ERRORS_PER_RESOURCE:
        more = len(lines) - MAX_ERRORS_PER_RESOURCE
        lines = [*lines[:MAX_ERRORS_PER_RESOURCE], f"{file}: ... and {more} more errors"]
    return lines
