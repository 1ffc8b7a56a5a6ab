"""Shared fixtures: paths to the repo, the contract schema and the shared data folder."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
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


# CI's strict mode (SITROOM_STRICT=1, set by .ci/run): a skipped test is a failure that says why. Integration
# tests skip on a developer's machine without PostgreSQL, Chromium/ChromeDriver, npm assets or ../shared; in CI
# that would let `make test` go green without running them.
STRICT = os.environ.get("SITROOM_STRICT", "") not in ("", "0")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if STRICT and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped in strict mode (SITROOM_STRICT is set, as in CI): {reason}"
