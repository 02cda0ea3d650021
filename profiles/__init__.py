"""Layout profiles shipped with gyokaku, and loading a profile from a file.

Each ``*.toml`` file in this folder describes one report layout (see
``okayama.toml``).  Adding a city means adding a profile here or passing
``--profile PATH``; no code changes.
"""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

from gyokaku.errors import ProfileError
from gyokaku.normalize.profile import Profile, parse_profile


def builtin_profile_names() -> list[str]:
    """Names of the profiles shipped with the package."""
    folder = resources.files(__name__)
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml"))


def _parse_toml(text: str, source: str) -> Profile:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(source, f"invalid profile: not valid TOML ({exc})") from None
    return parse_profile(data, source)


def load_profile(name_or_path: str) -> Profile:
    """Load a shipped profile by name, or a profile file by path."""
    if name_or_path in builtin_profile_names():
        text = resources.files(__name__).joinpath(f"{name_or_path}.toml").read_text("utf-8")
        return _parse_toml(text, f"{name_or_path}.toml")
    path = Path(name_or_path)
    if not path.is_file():
        known = ", ".join(builtin_profile_names())
        raise ProfileError(name_or_path, f"no such profile (shipped profiles: {known})")
    return _parse_toml(path.read_text(encoding="utf-8"), str(path))


def builtin_profiles() -> list[Profile]:
    """Every shipped profile, parsed."""
    return [load_profile(name) for name in builtin_profile_names()]
