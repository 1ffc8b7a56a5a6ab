"""Quality gate: score extraction on the shared real data and compare with pinned floors.

Each scorer takes a path under the data folder and returns ``{metric: value}``. A scorer whose file is
absent is skipped with a message, never failed: users run sitroom without ``../shared``. A metric with a
floor in ``eval/floors.json`` that scores below it fails the gate (the way trafilatura gates its extractor).

Strict mode (``SITROOM_STRICT=1``, set by ``.ci/run``): a pinned metric with no score (its data file
absent, its scorer skipped) is a failure too, so CI cannot go green by losing a data file.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console

Scorer = Callable[[Path], dict[str, float]]


@dataclass(slots=True)
class EvalReport:
    scores: dict[str, float] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def scorers() -> list[tuple[str, str, Scorer]]:
    """(name, path relative to the data folder, scorer) — imported lazily so the CLI starts fast."""
    from . import docgold, end_to_end, events, geo, handcoded, merge

    return [
        ("geo: CIR monitor places", "dev/cir_monitor_dev.csv", geo.score_cir),
        ("geo: Bellingcat places", "dev/bellingcat_civharm_2022.json", geo.score_bellingcat),
        ("geo: VIINA oblast agreement", "dev/viina_subset", geo.score_viina),
        ("geo: GeoWebNews/LGL toponyms", "dev/geoparsing", geo.score_toponyms),
        ("events: Bellingcat weapons/targets", "dev/bellingcat_civharm_2022.json", events.score_bellingcat_weapons),
        ("events: VIINA type agreement", "dev/viina_subset", events.score_viina_types),
        ("events: hand-coded golden set", ".", handcoded.score_handcoded),
        ("events: whole documents (docgold)", ".", docgold.score_docgold),
        ("merge: Bellingcat x CIR", "dev", merge.score_bellingcat_cir),
        ("merge: warline en/uk", "dev/warline_events_2022.jsonl", merge.score_warline_crosslang),
        ("merge: cross-lingual gold set", "dev", merge.score_merge_gold),
        ("end to end: CIR", "dev/cir_monitor_dev.csv", end_to_end.score_cir_end_to_end),
        ("end to end: Bellingcat", "dev/bellingcat_civharm_2022.json", end_to_end.score_bellingcat_end_to_end),
    ]


def load_floors(path: Path | None) -> dict[str, float]:
    if path is None or not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {k: float(v) for k, v in data.items() if not k.startswith("_")}


def strict_mode() -> bool:
    """CI's strict mode: ``SITROOM_STRICT`` set to anything but "" or "0"."""
    return os.environ.get("SITROOM_STRICT", "") not in ("", "0")


def run_eval(
    data: Path, floors_path: Path | None = None, console: Console | None = None, strict: bool | None = None
) -> EvalReport:
    console = console or Console(stderr=True)
    strict = strict_mode() if strict is None else strict
    floors = load_floors(floors_path)
    report = EvalReport()
    for name, rel, scorer in scorers():
        path = data / rel
        if not path.exists():
            report.skipped.append(name)
            console.print(f"[yellow]skipped[/] {name}: {path} is absent")
            continue
        t0 = time.perf_counter()
        try:
            scores = scorer(path)
        except FileNotFoundError as exc:
            report.skipped.append(name)
            console.print(f"[yellow]skipped[/] {name}: {exc}")
            continue
        console.print(f"[bold]{name}[/] ({time.perf_counter() - t0:.1f} s)")
        for key, value in sorted(scores.items()):
            report.scores[key] = round(value, 4)
            floor = floors.get(key)
            mark = ""
            if floor is not None:
                ok = value >= floor
                mark = f"  floor {floor:.3f} {'ok' if ok else 'FAIL'}"
                if not ok:
                    report.failures.append(f"{key} = {value:.4f} < floor {floor:.4f}")
            console.print(f"  {key:<45} {value:8.4f}{mark}")
    for key in sorted(set(floors) - set(report.scores)):
        if strict:
            report.failures.append(f"{key}: pinned but not scored (its data is absent or its scorer was skipped)")
        else:
            console.print(f"[yellow]no score[/] for pinned metric {key} (its data is absent)")
    return report
