"""Regenerate the committed JSON Schemas after a column changed.

Run ``python -m gyokaku.schemas.regenerate``; it rewrites ``NAME.schema.json``
beside this module from :mod:`gyokaku.schemas.columns`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .json_schema import write_json_schemas


def main() -> int:
    """Rewrite the JSON Schemas in this module's folder and list them."""
    for path in write_json_schemas(Path(__file__).resolve().parent):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
