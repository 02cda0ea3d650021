"""Build script for the optional compiled build; everything else is in pyproject.toml.

By default gyokaku installs as plain Python.  With ``GYOKAKU_COMPILE=1`` in the environment, a
wheel build (``pip wheel .``, ``pip install .``, ``python -m build``) also compiles the modules
listed in ``gyokaku/build.py`` with mypyc into C extensions, which Python imports in place of the
sources shipped beside them.  Compiling needs a C compiler; mypy, which compiles, is then
added to the build's requirements (``make compiled`` installs such a build into
``build/compiled``).  Editable installs are never compiled: the extensions would sit beside the
sources and hide every later edit.

mypyc cannot follow the package-dir mapping (``extract/`` installs as ``gyokaku.extract``), so
the sources are first copied into ``build/mypyc/src`` laid out as the installed package.  A
compiled build starts from an empty ``build/mypyc`` and builds there only.
"""

from __future__ import annotations

import os
import runpy
import shutil
import sys
from pathlib import Path

from setuptools import Extension, setup

ROOT = Path(__file__).resolve().parent

MYPY = "mypy>=1.10"
BUILD_BASE = Path("build") / "mypyc" / "setuptools"  # the compiled build's own build folder

# Only the commands that build the wheel compile; metadata queries and editable builds do not.
BUILD_COMMANDS = {"bdist_wheel", "build", "build_ext", "install"}


def compile_requested() -> bool:
    """Whether the environment asks for the compiled build."""
    return os.environ.get("GYOKAKU_COMPILE", "") in {"1", "true", "yes"}


def wants_compiled_build(argv: list[str]) -> bool:
    """Whether this run of setup.py builds the compiled wheel."""
    if not compile_requested():
        return False
    return "editable_wheel" not in argv and bool(BUILD_COMMANDS.intersection(argv))


# gyokaku/build.py, read without importing the package (which is not installed yet): its
# module lists and its readers of the repository's layout
BUILD = runpy.run_path(str(ROOT / "gyokaku" / "build.py"))


def package_folders() -> dict[str, str]:
    """pyproject.toml's package-dir mapping: each package's source folder."""
    folders: dict[str, str] = BUILD["package_folders"](ROOT)
    return folders


def package_tree(build_dir: Path) -> None:
    """Copy every mapped folder's modules into *build_dir*, laid out as installed."""
    shutil.rmtree(build_dir, ignore_errors=True)
    for package, folder in package_folders().items():
        target = build_dir.joinpath(*package.split("."))
        target.mkdir(parents=True, exist_ok=True)
        for source in BUILD["folder_sources"](ROOT / folder):
            shutil.copy2(source, target / source.name)


def compiled_extensions() -> list:
    """The mypyc extensions of the listed modules, built from a copy laid out as installed."""
    from mypyc.build import mypycify

    # Start from nothing: an extension left by an earlier build of other modules would be
    # packed into this wheel and fail to import against this build's shared runtime.
    shutil.rmtree(ROOT / BUILD_BASE.parent, ignore_errors=True)
    tree = BUILD_BASE.parent / "src"
    package_tree(ROOT / tree)
    modules = BUILD["COMPILED_MODULES"]
    paths = [str(tree.joinpath(*name.split(".")).with_suffix(".py")) for name in modules]
    return mypycify(
        ["--config-file", "pyproject.toml", *paths],
        opt_level="3",
        target_dir=str(BUILD_BASE.parent / "c"),
        # The shared runtime lands inside the package, not at the top of site-packages.
        group_name="gyokaku._compiled",
    )


def native_extensions() -> list[Extension]:
    """The hand-written C extensions of the compiled build, each from the ``.c`` file of its
    name in its package's folder."""
    folders = package_folders()
    extensions = []
    for name in BUILD["NATIVE_MODULES"]:
        package, module = name.rsplit(".", 1)
        extensions.append(Extension(name, [f"{folders[package]}/{module}.c"]))
    return extensions


COMPILING = wants_compiled_build(sys.argv)

setup(
    # setuptools reports these as the build's requirements, so an isolated build installs mypy.
    setup_requires=[MYPY] if compile_requested() else [],
    ext_modules=[*compiled_extensions(), *native_extensions()] if COMPILING else [],
    # kept apart from build/lib, where a plain build puts the sources
    options={"build": {"build_base": str(BUILD_BASE)}} if COMPILING else {},
)
