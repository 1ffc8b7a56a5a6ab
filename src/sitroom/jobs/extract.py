"""Stateless extraction (``sitroom extract``): JSON Lines records in, events out; no database.

The record-to-events path is the same one ingest uses (segment -> extract_events), so what
``extract`` prints is what ``ingest`` stores before cross-document merging.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
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


def extract_stream(stream: TextIO, out: TextIO, err: TextIO, opts: Options | None = None, name: str = "-") -> ExtractResult:
    """Write one JSON line per event to ``out``; report malformed lines on ``err`` and keep going."""
    opts = opts or Options()
    records = events = errors = 0
    for _lineno, item in read_jsonl(stream, name):
        if isinstance(item, RecordError):
            errors += 1
            err.write(f"{item.name}: line {item.lineno}: {item.message}\n")
            continue
        records += 1
        for ev in events_of(record_document(item, opts), opts):
            out.write(event_json(ev) + "\n")
            events += 1
    return ExtractResult(records, events, errors)
