"""The compiled build: which modules it compiles, how a build names itself, where it installs.

``make test`` runs the suite against the sources and ``make test-compiled`` runs it again
against the mypyc build of ``make compiled`` (``GYOKAKU_TEST_BUILD=compiled``; conftest refuses
to run when the build imported is not the one asked for).
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

import gyokaku
from gyokaku import build
from tests.conftest import EXPECTED_BUILD, ROOT


def source_file(module: str, suffix: str = ".py") -> Path:
    """The source of an installed module name, through pyproject.toml's package-dir mapping."""
    package, name = module.rsplit(".", 1)
    return ROOT / build.package_folders(ROOT)[package] / f"{name}{suffix}"


def test_every_compiled_module_has_a_source() -> None:
    missing = [name for name in build.COMPILED_MODULES if not source_file(name).is_file()]
    assert build.COMPILED_MODULES and missing == []


def test_every_native_module_has_its_c_and_a_stub() -> None:
    # the stub is what mypy checks the callers against, in both builds
    missing = [path for name in build.NATIVE_MODULES
               for path in (source_file(name, ".c"), source_file(name, ".pyi"))
               if not path.is_file()]
    assert build.NATIVE_MODULES and missing == []
    assert build.EXTENSION_MODULES == build.COMPILED_MODULES + build.NATIVE_MODULES


def test_no_compiled_module_reads_its_own_file_name() -> None:
    # mypyc gives a compiled module a __file__ that does not exist (the package folder twice);
    # package data is found through importlib.resources instead
    readers = [name for name in build.COMPILED_MODULES
               if "__file__" in source_file(name).read_text(encoding="utf-8")]
    assert readers == []


def test_compiled_modules_are_listed_once_and_in_order() -> None:
    assert list(build.COMPILED_MODULES) == sorted(set(build.COMPILED_MODULES))


@pytest.mark.parametrize(("compiled", "name"), [
    (list(build.EXTENSION_MODULES), "compiled"),
    ([], "python"),
    (list(build.COMPILED_MODULES[:1]), "partly compiled"),
    # mypyc's modules without the hand-written C: a build that lost a piece
    (list(build.COMPILED_MODULES), "partly compiled"),
])
def test_build_name_says_how_many_modules_are_compiled(
        monkeypatch: pytest.MonkeyPatch, compiled: list[str], name: str) -> None:
    monkeypatch.setattr(build, "compiled_modules", lambda: compiled)
    assert build.build_name() == name


def test_the_build_under_test_is_the_one_asked_for() -> None:
    assert build.build_name() == EXPECTED_BUILD
    expected = list(build.EXTENSION_MODULES) if EXPECTED_BUILD == "compiled" else []
    assert build.compiled_modules() == expected


@pytest.mark.skipif(EXPECTED_BUILD != "compiled", reason="checks the compiled build's files")
def test_compiled_build_keeps_its_files_inside_the_package() -> None:
    package = Path(gyokaku.__file__).parent
    suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    inside = sorted(p.name for p in package.rglob("*") if p.name.endswith(suffixes))
    beside = sorted(p.name for p in package.parent.iterdir() if p.name.endswith(suffixes))
    assert beside == []
    assert any(name.startswith("_compiled__mypyc.") for name in inside)
    # one extension per compiled or native module, plus mypyc's shared runtime
    assert len(inside) == len(build.EXTENSION_MODULES) + 1
    for name in build.COMPILED_MODULES:
        assert (package.parent.joinpath(*name.split(".")).with_suffix(".py")).is_file()


def compile_check():  # type: ignore[no-untyped-def]
    """tools/compile_check.py, loaded from its file (tools/ is not a package)."""
    spec = importlib.util.spec_from_file_location("compile_check",
                                                  ROOT / "tools" / "compile_check.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_compile_check_names_a_missing_compiler_and_missing_headers(tmp_path: Path) -> None:
    check = compile_check()
    assert check.missing("no-such-compiler-here", tmp_path) == ["compiler", "headers"]
    (tmp_path / "Python.h").write_text("", encoding="utf-8")
    assert check.missing("no-such-compiler-here", tmp_path) == ["compiler"]
    assert check.missing(sys.executable, tmp_path) == []


def test_compile_check_asks_for_the_compiler_python_builds_with() -> None:
    check = compile_check()
    configured = sysconfig.get_config_var("CC") or "cc"
    assert check.python_compiler() == configured.split()[0]
    assert check.python_headers() == Path(sysconfig.get_paths()["include"])


def test_naming_the_build_imports_no_stage(tmp_path: Path) -> None:
    # `gyokaku --version` names the build; importing the stages (pdfplumber, numpy...) to do
    # so took 0.37 s
    code = ("import sys; from gyokaku.build import build_name; name = build_name(); "
            "print(name, sorted(m for m in sys.modules if m.startswith('gyokaku.')))")
    # the same gyokaku as this run's, from outside the repository
    path = os.pathsep.join([str(Path(gyokaku.__file__).parent.parent), *sys.path])
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, cwd=tmp_path, env={**os.environ, "PYTHONPATH": path})
    assert result.stdout.split(" ", 1) == [EXPECTED_BUILD, "['gyokaku.build']\n"]


def test_the_package_sources_are_byte_compiled(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    (root / "extract").mkdir(parents=True)
    (root / "pyproject.toml").write_text(
        '[tool.setuptools.package-dir]\n"gyokaku.extract" = "extract"\n', encoding="utf-8")
    (root / "extract" / "lines.py").write_text("A = 1\n", encoding="utf-8")
    (root / "elsewhere.py").write_text("B = 1\n", encoding="utf-8")
    assert build.compile_sources(root) == []
    bytecode = importlib.util.cache_from_source(str(root / "extract" / "lines.py"))
    assert Path(bytecode).is_file()
    assert not Path(importlib.util.cache_from_source(str(root / "elsewhere.py"))).exists()
    (root / "extract" / "broken.py").write_text("def (:\n", encoding="utf-8")
    assert build.compile_sources(root) == ["extract/broken.py"]
