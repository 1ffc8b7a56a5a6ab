"""The package layout is a layered pipeline: a package imports only from the layers below it (and the
foundation modules), never from its own level's siblings or from above. Checked on every import statement,
module-level or inside a function, by reading the source (no import side effects)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "src" / "sitroom"

# What each part of sitroom may import from sitroom (besides itself). docs/architecture.md draws the same.
FOUNDATION = {"models", "options", "geodesy", "data", "__version__"}
ALLOWED: dict[str, set[str]] = {
    "models": set(),
    "options": set(),
    "geodesy": set(),
    "ingest": FOUNDATION,
    "reading": FOUNDATION,
    "incidents": FOUNDATION | {"reading"},
    "store": FOUNDATION | {"reading", "incidents"},
    "briefing": FOUNDATION | {"reading", "incidents"},
    "jobs": FOUNDATION | {"ingest", "reading", "incidents", "store", "briefing"},
    "web": FOUNDATION | {"reading", "incidents", "store", "briefing"},
    "evaluation": FOUNDATION | {"ingest", "reading", "incidents", "store", "briefing", "jobs"},
    "cli": FOUNDATION | {"ingest", "reading", "incidents", "store", "briefing", "jobs", "web", "evaluation"},
}


def _part(path: Path) -> str:
    rel = path.relative_to(PKG).parts
    return rel[0] if len(rel) > 1 else Path(rel[0]).stem


def _imported_parts(path: Path) -> list[tuple[int, str]]:
    """(line, top-level part of sitroom) for every sitroom import in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = path.relative_to(PKG).parent.parts
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(here[: len(here) - (node.level - 1)]) if node.level > 1 else list(here)
                dotted = base + (node.module.split(".") if node.module else [])
                if not dotted:  # from . import x at the top level
                    dotted = [node.names[0].name]
            elif node.module and (node.module == "sitroom" or node.module.startswith("sitroom.")):
                dotted = node.module.split(".")[1:] or [a.name for a in node.names][:1]
            else:
                continue
            names = [dotted[0]] if dotted else []
            if node.module in (None, "sitroom") and not node.level:
                names = [a.name for a in node.names]
            out += [(node.lineno, n) for n in names]
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith("sitroom."):
                    out.append((node.lineno, a.name.split(".")[1]))
    return out


def test_every_part_has_a_rule() -> None:
    parts = {_part(p) for p in PKG.rglob("*.py")} - {"__init__"}
    assert parts <= set(ALLOWED), f"add a layer rule for {sorted(parts - set(ALLOWED))}"


@pytest.mark.parametrize("path", sorted(PKG.rglob("*.py")), ids=lambda p: str(p.relative_to(PKG)))
def test_imports_flow_down(path: Path) -> None:
    part = _part(path)
    if part == "__init__":
        return
    bad = [(line, dep) for line, dep in _imported_parts(path) if dep != part and dep not in ALLOWED[part]]
    assert not bad, f"{path.relative_to(PKG)} imports from a layer it may not use: {bad}"


def test_the_checker_sees_a_violation(tmp_path: Path) -> None:
    """The check itself can fail: an import from a higher layer is reported."""
    bad = PKG / "reading" / "_layer_probe.py"
    try:
        bad.write_text("def f():\n    from sitroom.store.database import Store\n    return Store\n", encoding="utf-8")
        assert _imported_parts(bad) == [(2, "store")]
        assert "store" not in ALLOWED["reading"]
    finally:
        bad.unlink()
