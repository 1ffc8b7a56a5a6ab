"""Shared fixtures: paths to the repo, the contract schema and the shared data folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SCHEMA_PATHS = [SHARED / "contracts" / "event.schema.json", ROOT / "src" / "sitroom" / "data" / "event.schema.json"]


@pytest.fixture(scope="session")
def event_schema() -> dict[str, Any]:
    for path in SCHEMA_PATHS:
        if path.is_file():
            return json.loads(path.read_text(encoding="utf-8"))
    pytest.skip("contracts/event.schema.json not found")


@pytest.fixture(scope="session")
def shared_data() -> Path:
    data = SHARED / "data"
    if not data.is_dir():
        pytest.skip(f"{data} is absent: tests on the shared real data are skipped")
    return data
