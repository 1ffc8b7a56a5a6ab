"""`sitroom extract` against contracts/CLI.md: schema-valid lines, determinism, malformed lines, stdin."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
from typer.testing import CliRunner

from sitroom.cli.main import app

FIXTURE = Path(__file__).parent / "fixtures" / "extract" / "reports.jsonl"
GOLDEN = Path(__file__).parent / "golden" / "extract_reports.jsonl"
runner = CliRunner()


def _run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).parent / "sitroom"
    return subprocess.run([str(exe), *args], input=stdin, capture_output=True, text=True)


def test_every_line_is_schema_valid(event_schema: dict[str, Any]) -> None:
    proc = _run("extract", str(FIXTURE))
    lines = proc.stdout.splitlines()
    assert lines, proc.stderr
    for line in lines:
        jsonschema.validate(json.loads(line), event_schema)


def test_malformed_lines_are_named_and_exit_code_is_1() -> None:
    proc = _run("extract", str(FIXTURE))
    assert proc.returncode == 1
    assert "line 6" in proc.stderr
    assert "line 8" in proc.stderr
    ids = {json.loads(line)["doc_id"] for line in proc.stdout.splitlines()}
    assert {"en-1", "uk-1", "ru-1"} <= ids  # good lines around the bad ones still processed
    assert "en-3" not in ids  # analysis, not an event


def test_deterministic_byte_identical() -> None:
    a = _run("extract", str(FIXTURE)).stdout
    b = _run("extract", str(FIXTURE)).stdout
    assert a == b and a


def test_stdin_and_out_file(tmp_path: Path) -> None:
    good = "\n".join(line for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line.startswith("{\"id\": \"uk"))
    out = tmp_path / "events.jsonl"
    result = runner.invoke(app, ["extract", "-", "--out", str(out)], input=good + "\n")
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert events and events[0]["doc_id"] == "uk-1"


def test_missing_input_file_message() -> None:
    result = runner.invoke(app, ["extract", "/nonexistent/reports.jsonl"])
    assert result.exit_code == 2
    assert "not found" in result.output


def test_golden_output() -> None:
    """The whole output for the fixture, pinned. Regenerate with SITROOM_UPDATE_GOLDEN=1."""
    out = _run("extract", str(FIXTURE)).stdout
    if os.environ.get("SITROOM_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(out, encoding="utf-8")
    assert GOLDEN.exists(), "no golden file: run SITROOM_UPDATE_GOLDEN=1 pytest tests/test_extract_cli.py"
    assert out == GOLDEN.read_text(encoding="utf-8")


def test_workers_give_the_same_output_in_the_same_order(tmp_path: Path) -> None:
    # more records than one batch, so both workers get some, with malformed lines among them
    lines = FIXTURE.read_text(encoding="utf-8").splitlines()
    big = tmp_path / "many.jsonl"
    big.write_text("\n".join(lines * 30) + "\n", encoding="utf-8")
    one = _run("extract", str(big))
    two = _run("extract", str(big), "--workers", "2")
    assert one.returncode == two.returncode == 1
    assert one.stdout == two.stdout and one.stdout
    assert one.stderr == two.stderr and "line 6" in two.stderr
