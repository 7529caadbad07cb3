"""Where the files the product ships with live.

Everything the program needs at run time is under ``resources/`` beside the
package, so a checkout or an installed copy works without anything else.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    return ROOT.joinpath(*parts)


@cache
def load_json(name: str) -> Any:
    """Parsed JSON resource; cached because templates are read on every export."""
    with resource_path(name).open(encoding="utf-8") as handle:
        return json.load(handle)
