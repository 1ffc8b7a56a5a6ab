"""Stateless extraction (``sitroom extract``): JSON Lines records in, events out; no database.

The record-to-events path is the same one ingest uses (segment -> extract_events), so what
``extract`` prints is what ``ingest`` stores before cross-document merging.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any, TextIO

from sitroom.ingest.lang import detect
from sitroom.ingest.sources import RecordError, read_jsonl
from sitroom.models import Document, Event
from sitroom.options import Options
from sitroom.reading.events import extract_events
from sitroom.reading.passages import segment


@dataclass(frozen=True, slots=True)
class ExtractResult:
    records: int
    events: int
    errors: int


def record_document(record: dict[str, Any], opts: Options) -> Document:
    """A validated JSONL record as a Document; the record's id is the doc_id (contract)."""
    text = record["text"]
    lang = record.get("lang") or opts.lang or detect(text)
    return Document(
        doc_id=str(record["id"]),
        text=text,
        source=record.get("source") or opts.source or "unknown",
        url=record.get("url"),
        title=record.get("title"),
        published=record.get("published") or opts.published,
        lang=lang,
        ext_id=str(record["id"]),
    )


def events_of(doc: Document, opts: Options) -> list[Event]:
    return extract_events(doc, segment(doc), opts)


def event_json(ev: Event) -> str:
    return json.dumps(ev.to_dict(), ensure_ascii=False, separators=(", ", ": "))


def extract_stream(
    stream: TextIO, out: TextIO, err: TextIO, opts: Options | None = None, name: str = "-", workers: int = 1
) -> ExtractResult:
    """Write one JSON line per event to ``out``; report malformed lines on ``err`` and keep going.

    ``workers`` > 1 reads the records in that many processes (forked after the gazetteer is loaded, so they
    share it), a batch of records per task; the output is the same, in the same order."""
    opts = opts or Options()
    records = events = errors = 0
    items = read_jsonl(stream, name)
    for batch in _lines_of(items, opts, workers):
        for item in batch:
            if isinstance(item, RecordError):
                errors += 1
                err.write(f"{item.name}: line {item.lineno}: {item.message}\n")
                continue
            records += 1
            for line in item:
                out.write(line + "\n")
                events += 1
    return ExtractResult(records, events, errors)


# Records per task handed to a worker: large enough that inter-process traffic stays small next to the
# reading, small enough that both workers stay busy on short inputs.
BATCH = 64

_Batch = list[RecordError | list[str]]


def _event_lines(records: list[dict[str, Any]], opts: Options) -> list[list[str]]:
    """Event lines of each record: pure, so any process runs it."""
    return [[event_json(ev) for ev in events_of(record_document(r, opts), opts)] for r in records]


def _lines_of(items: Iterator[tuple[int, Any]], opts: Options, workers: int) -> Iterator[_Batch]:
    if workers <= 1:  # one record at a time: a piped stream gets each record's events as soon as it is read
        for _lineno, item in items:
            yield [item if isinstance(item, RecordError) else _event_lines([item], opts)[0]]
        return
    import multiprocessing
    from collections import deque
    from concurrent.futures import Future, ProcessPoolExecutor

    from sitroom.reading.geo import default_geoparser

    default_geoparser()  # loaded once here; forked workers share it
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None  # else each loads its own
    window: deque[tuple[list[Any], Future[list[list[str]]]]] = deque()
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(method)) as pool:
        while True:
            batch = [item for _lineno, item in islice(items, BATCH)]
            if batch:  # record errors stay here (they are answered in order); records go to a worker
                records = [item for item in batch if not isinstance(item, RecordError)]
                window.append((batch, pool.submit(_event_lines, records, opts)))
            if window and (not batch or len(window) > 2 * workers):
                done, fut = window.popleft()
                lines = iter(fut.result())
                yield [item if isinstance(item, RecordError) else next(lines) for item in done]
            elif not batch:
                return
