"""A helper process beside a block, and the JSON files written by one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from gyokaku import forking
from gyokaku.errors import GyokakuError
from gyokaku.forking import HelperFailed, beside
from gyokaku.schemas import writers
from gyokaku.schemas.writers import write_dataset
from tests.test_writers import sample_dataset


def test_the_helper_runs_while_the_block_runs(tmp_path: Path) -> None:
    parent = os.getpid()
    mark = tmp_path / "helper"
    with beside(lambda: mark.write_text(str(os.getpid()))):
        (tmp_path / "block").write_text("done")
    assert (tmp_path / "block").read_text() == "done"
    assert mark.read_text() != str(parent)  # written by another process


def test_an_os_error_in_the_helper_is_an_os_error_here(tmp_path: Path) -> None:
    missing = tmp_path / "no" / "such" / "folder" / "file"
    with pytest.raises(OSError, match="FileNotFoundError"), beside(lambda: missing.write_text("x")):
        pass


def test_any_other_failure_is_reported_with_its_message() -> None:
    def fails() -> None:
        raise ValueError("Out of range float values are not JSON compliant: nan")

    with pytest.raises(HelperFailed, match="ValueError: Out of range float"), beside(fails):
        pass


def test_a_failing_block_still_waits_for_the_helper(tmp_path: Path) -> None:
    mark = tmp_path / "helper"
    with pytest.raises(KeyError), beside(lambda: mark.write_text("x")):
        raise KeyError("block")
    assert mark.read_text() == "x"  # the helper was waited for


def test_json_written_aside_is_the_same_bytes(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    dataset = sample_dataset()
    monkeypatch.setattr(writers, "JSON_ASIDE_ROWS", 10**9)
    here = write_dataset(dataset, tmp_path / "here")
    calls: list[int] = []
    real = writers.beside

    def counting(work):  # type: ignore[no-untyped-def]
        calls.append(1)
        return real(work)

    monkeypatch.setattr(writers, "JSON_ASIDE_ROWS", 1)
    monkeypatch.setattr(writers, "can_fork", lambda: True)
    monkeypatch.setattr(writers, "beside", counting)
    aside = write_dataset(dataset, tmp_path / "aside")
    assert calls == [1]
    assert [path.name for path in here] == [path.name for path in aside]
    for first, second in zip(here, aside, strict=True):
        if first.name != "run.json":  # run.json holds the times
            assert first.read_bytes() == second.read_bytes(), first.name


def test_a_failure_aside_leaves_no_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_room(rows: object, path: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writers, "JSON_ASIDE_ROWS", 1)
    monkeypatch.setattr(writers, "can_fork", lambda: True)
    monkeypatch.setattr(writers, "write_json", no_room)
    with pytest.raises(GyokakuError, match="No space left on device"):
        write_dataset(sample_dataset(), tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_no_helper_where_forking_is_unsafe(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_fork(work: object) -> None:
        raise AssertionError("forked")

    monkeypatch.setattr(writers, "JSON_ASIDE_ROWS", 1)
    monkeypatch.setattr(writers, "can_fork", lambda: False)
    monkeypatch.setattr(writers, "beside", no_fork)
    assert (tmp_path / "out" / "initiatives.json") in write_dataset(sample_dataset(),
                                                                    tmp_path / "out")


def test_can_fork_only_without_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forking.threading, "active_count", lambda: 2)
    assert not forking.can_fork()
