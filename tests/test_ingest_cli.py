"""`sitroom ingest`, `stats`, `rejects` and `brief` on a real SQLite file, through the CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitroom.cli.main import app

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
runner = CliRunner()


def _cli(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def _stats(db: Path) -> dict[str, int]:
    code, out = _cli("stats", "--db", str(db), "--json")
    assert code == 0, out
    return json.loads(out)


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(FIXTURES, folder)
    return folder


def test_ingest_then_reingest_adds_nothing(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    code, out = _cli("ingest", str(corpus), "--db", str(db), "--published", "2024-03-28")
    assert code == 0, out
    first = _stats(db)
    assert first["documents"] == 4  # roundup page, text file, two JSONL records
    assert first["events"] >= 4
    assert first["passages"] > 0
    code, out = _cli("ingest", str(corpus), "--db", str(db))
    assert code == 0, out
    assert "already stored" in out
    assert _stats(db) == first


def test_same_incident_from_two_sources_is_one_event_with_two_reports(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    _cli("ingest", str(corpus), "--db", str(db), "--published", "2024-03-28")
    from sitroom.store.database import Store

    store = Store.open(str(db))
    try:
        events = store.events(date="2024-03-28")
    finally:
        store.close()
    kupiansk = [e for e in events if e["location"] and e["location"]["name"] == "Kupiansk"]
    assert len(kupiansk) == 1
    assert {r["doc_id"] for r in kupiansk[0]["reports"]}.__len__() == 2
    assert kupiansk[0]["killed"] == 2 and kupiansk[0]["injured"] == 5
    # the reader comment "100 killed" never becomes an event
    assert all((e["killed"] or 0) < 100 for e in events)


def test_bad_inputs_are_recorded_rejections_and_the_rest_lands(corpus: Path, tmp_path: Path) -> None:
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 100)
    (corpus / "truncated.jsonl").write_text('{"id": "t1", "text": "Russian forces shelled Kherson', encoding="utf-8")
    (corpus / "big.txt").write_text("Russian forces shelled Kherson. " * 40000, encoding="utf-8")  # ~1.3 MB
    latin1 = "Le café près de la gare a été touché, selon le préfet. Deux blessés légers à Kherson.\n" * 20
    (corpus / "latin1.txt").write_bytes(latin1.encode("latin-1"))
    (corpus / "export.json").write_text('{"name": "chan", "messages": [', encoding="utf-8")
    db = tmp_path / "s.db"
    code, out = _cli("ingest", str(corpus), "--db", str(db), "--max-file-mb", "1", "--published", "2024-03-28")
    assert code == 0, out
    assert _stats(db)["documents"] == 4
    code, out = _cli("rejects", "--db", str(db))
    assert code == 0
    reasons = {line.split("\t")[0].rsplit("/", 1)[-1].split(":")[0]: line.split("\t")[1] for line in out.splitlines() if "\t" in line}
    assert reasons["binary.txt"] == "binary"
    assert reasons["truncated.jsonl"] == "bad_json"
    assert reasons["big.txt"] == "too_large"
    assert reasons["export.json"] == "bad_json"
    assert "latin1.txt" in reasons


def test_brief_formats(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    _cli("ingest", str(corpus), "--db", str(db), "--published", "2024-03-28")
    code, md = _cli("brief", "--date", "2024-03-28", "--db", str(db))
    assert code == 0, md
    assert "Kupiansk" in md and "Kharkiv" in md
    assert "Mike_K" not in md and "100" not in md
    out = tmp_path / "b.html"
    code, _ = _cli("brief", "--date", "2024-03-28", "--db", str(db), "--format", "html", "--out", str(out))
    assert code == 0 and "<html" in out.read_text(encoding="utf-8").lower()
    code, js = _cli("brief", "--date", "2024-03-28", "--db", str(db), "--format", "json")
    assert code == 0 and json.loads(js)["date"] == "2024-03-28"


def test_brief_rejects_bad_date(tmp_path: Path) -> None:
    code, out = _cli("brief", "--date", "28/03/2024", "--db", str(tmp_path / "s.db"))
    assert code == 2
    assert "YYYY-MM-DD" in out


def test_ingest_missing_path_says_so(tmp_path: Path) -> None:
    code, out = _cli("ingest", str(tmp_path / "nope"), "--db", str(tmp_path / "s.db"))
    assert code == 2
    assert "does not exist" in out


def test_every_command_is_documented_in_readme() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for command in app.registered_commands:
        name = command.name or (command.callback.__name__ if command.callback else "")
        assert f"sitroom {name}" in readme, f"README lacks `sitroom {name}`"


def _content(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every stored row that ingest decides, without wall-clock columns."""
    import sqlite3

    con = sqlite3.connect(db)
    try:
        return {
            "documents": con.execute("SELECT doc_id, source, url, published, lang, text FROM documents ORDER BY doc_id").fetchall(),
            "passages": con.execute("SELECT * FROM passage_occurrences ORDER BY doc_id, seq").fetchall(),
            "incidents": con.execute(
                "SELECT incident_id, date, sub_event_type, place_name, killed, injured, sources_count, reports_count"
                " FROM incidents ORDER BY incident_id"
            ).fetchall(),
            "reports": con.execute("SELECT incident_id, event_id, doc_id, killed, injured, status FROM reports"
                                   " ORDER BY doc_id, event_id").fetchall(),
        }
    finally:
        con.close()


def test_workers_give_the_single_process_result(tmp_path: Path) -> None:
    demo = Path(__file__).resolve().parents[1] / "demo" / "corpus"
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    code, out = _cli("ingest", str(demo), "--db", str(one))
    assert code == 0, out
    code, out = _cli("ingest", str(demo), "--db", str(two), "--workers", "2")
    assert code == 0, out
    assert _stats(one) == _stats(two)
    assert _content(one) == _content(two)


def test_dask_local_cluster_gives_the_single_process_result(tmp_path: Path) -> None:
    pytest.importorskip("distributed", reason="Dask is not installed: pip install 'sitroom[dask]'")
    demo = Path(__file__).resolve().parents[1] / "demo" / "corpus"
    one, dask_db = tmp_path / "one.db", tmp_path / "dask.db"
    assert _cli("ingest", str(demo), "--db", str(one))[0] == 0
    code, out = _cli("ingest", str(demo), "--db", str(dask_db), "--scheduler", "local:2")
    assert code == 0, out
    assert _content(one) == _content(dask_db)


def test_bad_scheduler_says_how_to_fix(tmp_path: Path) -> None:
    code, out = _cli("ingest", str(FIXTURES), "--db", str(tmp_path / "s.db"), "--scheduler", "yarn")
    assert code == 2
    assert "local:N" in out and "tcp://HOST:PORT" in out


# ---------------------------------------------------------------- refusals a new user meets (issue 16)


@pytest.mark.parametrize("command", [["stats"], ["stats", "--json"], ["rejects"], ["brief", "--date", "2024-03-28"]])
def test_read_commands_never_create_a_database(command: list[str], tmp_path: Path) -> None:
    missing = tmp_path / "typo.db"
    code, out = _cli(*command, "--db", str(missing))
    assert (code, out) == (
        2,
        f"error: database '{missing}' not found (from --db; looked in '{tmp_path}'). Check the path, or create "
        f"it first with `sitroom ingest PATH... --db {missing}` (or `make demo`).\n",
    )
    assert not missing.exists()


def test_read_commands_name_the_default_and_the_env_var(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SITROOM_DB", raising=False)
    code, out = _cli("stats")
    assert (code, out) == (
        2,
        f"error: database 'sitroom.db' not found (from the default (sitroom.db); looked in '{tmp_path}'). "
        "Check the path, or create it first with `sitroom ingest PATH... --db sitroom.db` (or `make demo`).\n",
    )
    assert not (tmp_path / "sitroom.db").exists()
    env_db = tmp_path / "env.db"
    monkeypatch.setenv("SITROOM_DB", str(env_db))
    code, out = _cli("stats")
    assert (code, out) == (
        2,
        f"error: database '{env_db}' not found (from $SITROOM_DB; looked in '{tmp_path}'). "
        f"Check the path, or create it first with `sitroom ingest PATH... --db {env_db}` (or `make demo`).\n",
    )
    assert not env_db.exists()


@pytest.mark.parametrize("command", [["feeds", "list"], ["feeds", "log"]])
def test_feed_read_commands_never_create_a_database(command: list[str], tmp_path: Path) -> None:
    missing = tmp_path / "typo.db"
    code, out = _cli(*command, "--db", str(missing))
    assert (code, out) == (
        2,
        f"error: database '{missing}' not found. Check --db (or $SITROOM_DB; default sitroom.db), or register a "
        f"feed first with `sitroom feeds add URL --db {missing}`.\n",
    )
    assert not missing.exists()


def test_serve_refuses_a_missing_database(tmp_path: Path) -> None:
    missing = tmp_path / "nope.db"
    code, out = _cli("serve", "--db", str(missing))
    assert code == 2 and out.startswith(f"error: database '{missing}' not found (from --db;")
    assert not missing.exists()


@pytest.mark.parametrize(
    ("args", "flag", "value"),
    [
        (["brief", "--date", "2024-02-30"], "--date", "2024-02-30"),
        (["ingest", str(FIXTURES), "--published", "2024-02-30"], "--published", "2024-02-30"),
        (["ingest", str(FIXTURES), "--published", "2023-13-01"], "--published", "2023-13-01"),
        (["extract", str(FIXTURES / "reports.jsonl"), "--published", "2024-02-30"], "--published", "2024-02-30"),
    ],
)
def test_impossible_dates_are_refused(args: list[str], flag: str, value: str, tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    if args[0] != "extract":
        args = [*args, "--db", str(db)]
    code, out = _cli(*args)
    assert (code, out) == (
        2,
        f"error: {flag} '{value}' is not a calendar date (no such day): give a real day written YYYY-MM-DD, "
        "e.g. 2024-03-28.\n",
    )
    assert not db.exists()


def test_badly_written_dates_are_refused(tmp_path: Path) -> None:
    code, out = _cli("ingest", str(FIXTURES), "--published", "28.03.2024", "--db", str(tmp_path / "s.db"))
    assert (code, out) == (2, "error: --published must be a date written YYYY-MM-DD, e.g. 2024-03-28 (got '28.03.2024').\n")


def test_version_flag_and_command() -> None:
    from sitroom import __version__

    assert _cli("--version") == (0, f"sitroom {__version__}\n")
    assert _cli("-V") == (0, f"sitroom {__version__}\n")
    assert _cli("version") == (0, f"{__version__}\n")


@pytest.mark.parametrize("command", ["ingest", "brief", "stats", "rejects", "serve", "extract", "watch"])
def test_help_is_written_for_people(command: str) -> None:
    result = CliRunner().invoke(app, [command, "--help"], terminal_width=200)
    assert result.exit_code == 0
    out = result.output
    assert "<list[" not in out and "<str>" not in out and "<path>" not in out and "<int" not in out
    if command != "extract":
        assert "--db PATH|URL" in out
        assert "sitroom.db" in out and "$SITROOM_DB" in out
    if command in ("ingest", "extract", "brief"):
        assert " DATE " in out


def test_ingest_summary_uses_the_words_of_stats(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    code, out = _cli("ingest", str(FIXTURES), "--db", str(db), "--published", "2024-03-28")
    assert code == 0, out
    s = _stats(db)
    text = " ".join(out.split())
    assert f"+{s['documents']} documents, +{s['passages']} passages" in text
    assert f"+{s['reports']} event reports, +{s['events']} events (merged)" in text
    assert (
        f"now: {s['documents']} documents, {s['passages']} passages, {s['events']} events (merged) "
        f"from {s['reports']} event reports, {s['rejections']} rejections"
    ) in text
    assert "merged into one event" in text
    code, out = _cli("ingest", str(FIXTURES), "--db", str(db))
    text = " ".join(out.split())
    assert code == 0 and "0 new" in text and "+0 documents" in text and "+0 events (merged)" in text


def test_strict_exits_non_zero_when_anything_was_rejected(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    assert _cli("ingest", str(corpus), "--db", str(db), "--strict")[0] == 0
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 100)
    code, out = _cli("ingest", str(corpus), "--db", str(db), "--strict")
    assert code == 1, out
    assert out.splitlines()[-2:] == [
        f"  rejected {corpus / 'binary.txt'}: binary NUL bytes in the first 8 KiB",
        "--strict: 1 input(s) rejected",
    ]
    lines = [line for line in out.splitlines() if line]
    assert lines[0].endswith("; 1 inputs rejected") and lines[1].endswith(", +1 rejections")
    code, out = _cli("ingest", str(corpus), "--db", str(db))
    assert code == 0, out  # without --strict a rejection is reported, not fatal


def test_progress_total_counts_the_input_files(corpus: Path) -> None:
    from sitroom.cli.main import _input_files

    (corpus / ".hidden.txt").write_text("x", encoding="utf-8")
    (corpus / "notes.pdf").write_bytes(b"%PDF")
    files = _input_files([corpus])
    assert sorted(Path(f).name for f in files) == ["reports.jsonl", "roundup.html", "telegram_post.txt"]
    from sitroom.cli.main import _progress_units

    units = {Path(f).name: n for f, n in _progress_units(files).items()}
    records = sum(1 for line in (corpus / "reports.jsonl").read_text(encoding="utf-8").splitlines() if line.strip())
    assert units == {"reports.jsonl": records, "roundup.html": 1, "telegram_post.txt": 1}
    assert not any(f.endswith((".hidden.txt", "notes.pdf")) for f in files)


PAGE = (
    "<html><head><title>Strike on Kharkiv</title>{head}</head><body><article><h1>Strike on Kharkiv</h1>"
    "<p>Russian forces struck Kharkiv overnight on March 28, killing two people and injuring five, the regional "
    "governor said. Emergency services worked at the site until morning. {n}</p></article></body></html>"
)


def test_html_source_is_the_publisher_the_page_names(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    heads = {
        "og.html": '<meta property="og:site_name" content="Kyiv Independent">'
        '<link rel="canonical" href="https://kyivindependent.com/strike/">',
        "ld.html": '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",'
        ' "publisher": {"@type": "Organization", "name": "Ukrainska Pravda"}}</script>',
        "canonical.html": '<link rel="canonical" href="https://www.pravda.com.ua/news/2024/03/28/1/">',
        "author.html": '<meta name="author" content="Front Notes">',
        "bare.html": "",
    }
    for i, (name, head) in enumerate(heads.items()):
        (folder / name).write_text(PAGE.format(head=head, n=i), encoding="utf-8")
    db = tmp_path / "s.db"
    code, out = _cli("ingest", str(folder), "--db", str(db), "--published", "2024-03-28")
    assert code == 0, out
    import sqlite3

    con = sqlite3.connect(db)
    try:
        sources = {Path(p).name: s for p, s in con.execute("SELECT path, source FROM documents")}
    finally:
        con.close()
    assert sources == {
        "og.html": "Kyiv Independent",
        "ld.html": "Ukrainska Pravda",
        "canonical.html": "pravda.com.ua",
        "author.html": "Front Notes",
        "bare.html": "bare",  # names no publisher: the file name, as before
    }
