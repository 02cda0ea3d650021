"""The benchmark's workloads: every import a tool makes happens before its clock starts.

Each tool runs once on each 15-page report in a fresh interpreter, held to
one core so that page reading and rendering stay in that process, where its
imports can be seen.  No timing happens here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.child import own_peak_kb
from bench.tools import COMPILED_TOOLS, TOOLS
from tests.conftest import ROOT
from tests.processes import python_output

SAMPLE = ROOT / "samples" / "okayama_fy2022"
# the 15-page reports the benchmark measures (the long edition reads as they do, slowly)
REPORTS = [SAMPLE / "okayama_fy2022.pdf", SAMPLE / "okayama_fy2022_direct.pdf"]
# Python's text codecs, each loaded on its first use (a fraction of a millisecond)
HARMLESS = ("encodings.",)

RUN_ONCE = """
import json, os, sys
from pathlib import Path
os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
from bench.tools import prepared
work = prepared(sys.argv[1])
before = set(sys.modules)
pages = work(Path(sys.argv[2]), Path(sys.argv[3]))
print(json.dumps({"pages": pages, "imported": sorted(set(sys.modules) - before)}))
"""


def run_once(name: str, pdf: Path, workdir: Path) -> dict[str, object]:
    """Run tool ``name`` once on ``pdf`` in a child interpreter; its pages and what it imported."""
    # after the path the suite runs with (the compiled build first, when it is tested)
    path = [entry for entry in os.environ.get("PYTHONPATH", "").split(os.pathsep) if entry]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([*path, str(ROOT)])}
    done = subprocess.run([sys.executable, "-c", RUN_ONCE, name, str(pdf), str(workdir)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    return result


@pytest.mark.skipif(not hasattr(os, "sched_setaffinity"), reason="needs sched_setaffinity")
@pytest.mark.parametrize("pdf", REPORTS, ids=lambda pdf: pdf.stem)
@pytest.mark.parametrize("name", sorted(set(TOOLS) - COMPILED_TOOLS))
def test_a_tool_imports_nothing_once_its_clock_starts(name: str, pdf: Path,
                                                      tmp_path: Path) -> None:
    result = run_once(name, pdf, tmp_path)
    assert result["pages"] == 15
    imported = result["imported"]
    assert isinstance(imported, list)
    assert [module for module in imported if not module.startswith(HARMLESS)] == []


def test_a_tools_peak_memory_is_its_own_not_its_parents(tmp_path: Path) -> None:
    """On Linux a child's ``ru_maxrss`` starts at its parent's peak, even across ``exec``: a
    benchmark that had built the long edition in its own process (about 80 MB) floored every
    tool's figure there.  The child now reports its own peak."""
    if not Path("/proc/self/status").is_file():
        pytest.skip("needs Linux's /proc")
    printed = python_output(
        "from pathlib import Path",
        "from bench.runner import measure",
        "held = bytearray(300 << 20)",
        "held[::4096] = bytes(len(held[::4096]))",  # touch every page: 300 MB resident
        f"run = measure('pypdfium2', Path({str(REPORTS[0])!r}), Path({str(tmp_path)!r}))",
        "print(run.peak_mb)",
        cwd=ROOT,
    )
    assert 5 < float(printed[-1]) < 150


def test_own_peak_comes_from_the_status_file(tmp_path: Path) -> None:
    status = tmp_path / "status"
    status.write_text("Name:\tpython\nVmPeak:\t  900000 kB\nVmHWM:\t  204800 kB\n")
    assert own_peak_kb(status) == 204800
    status.write_text("Name:\tpython\n")
    assert own_peak_kb(status) is None
    assert own_peak_kb(tmp_path / "missing") is None
