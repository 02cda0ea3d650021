"""Layout profiles: shipped profiles load, bad ones fail with one clear line."""

from __future__ import annotations

from pathlib import Path

import pytest

from gyokaku.errors import ProfileError
from gyokaku.profiles import builtin_profile_names, load_profile


def test_shipped_profiles_load() -> None:
    names = builtin_profile_names()
    assert "okayama" in names
    for name in names:
        profile = load_profile(name)
        assert profile.name and profile.detail_columns


@pytest.mark.parametrize(("text", "problem"), [
    ("[detail.columns]\nsummary=['概要']\n", "missing [profile]"),
    ("[profile]\nname='x'\n[detail.columns]\nsummry=['概要']\n", "unknown role(s) summry"),
    ("[profile]\nname='x'\n[detail.columns]\nsummary=['(']\n", "bad regular expression"),
    ("[profile]\nname='x'\n[detail.columns]\nitem=['a']\n", "needs at least a summary"),
    ("[profile\nname='x'", "not valid TOML"),
])
def test_bad_profile_is_one_clear_line(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProfileError) as info:
        load_profile(str(path))
    message = info.value.one_line()
    assert str(path) in message and problem in message and "\n" not in message


def test_unknown_profile_name() -> None:
    with pytest.raises(ProfileError, match="no such profile"):
        load_profile("no-such-city")
