"""The main job (``sitroom ingest``): stages 1-6 over files and folders into the store.

1. sources.iter_documents   files -> Documents, or Rejections with a reason
2. passages.segment          Document -> labelled Passages (comments, headings, in-document repeats)
3-4. events.extract_events   Passages -> Events (places, dates, figures, types, claims)
   passages.Deduplicator     near-duplicates across the documents of this run
5-6. store.add_document      one transaction per document: document + passages + events, merged into
                             incidents; a document already stored (same content hash) is skipped
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .events import extract_events
from .models import Document, Rejection
from .options import Options
from .passages import Deduplicator, segment
from .sources import iter_documents
from .store import Store


@dataclass(slots=True)
class IngestReport:
    documents_seen: int = 0
    documents_added: int = 0
    documents_skipped: int = 0  # already stored: re-ingesting identical content is a no-op
    passages: int = 0
    events: int = 0
    rejections: list[Rejection] = field(default_factory=list)


def ingest_document(store: Store, doc: Document, opts: Options, dedup: Deduplicator) -> tuple[bool, int, int]:
    """Process and store one document. Returns (added, passages, events)."""
    if store.has_document(doc.doc_id):
        return False, 0, 0
    passages = segment(doc)
    events = extract_events(doc, passages, opts)
    passages = dedup.mark(passages)
    added = store.add_document(doc, passages, events)
    return added, len(passages), len(events)


def ingest(
    paths: Sequence[str | Path],
    store: Store,
    opts: Options | None = None,
    on_item: Callable[[Document | Rejection], None] | None = None,
) -> IngestReport:
    """Ingest files and folders; every unusable input becomes a recorded rejection, never a crash."""
    opts = opts or Options()
    dedup = Deduplicator(opts.near_duplicate_threshold)
    report = IngestReport()
    for item in iter_documents(paths, opts):
        if on_item is not None:
            on_item(item)
        if isinstance(item, Rejection):
            store.add_rejection(item)
            report.rejections.append(item)
        else:
            report.documents_seen += 1
            try:
                added, n_passages, n_events = ingest_document(store, item, opts, dedup)
            except Exception as exc:  # noqa: BLE001 - one bad document must not stop the run
                rej = Rejection(item.path or item.doc_id, "processing_error", f"{type(exc).__name__}: {exc}")
                store.add_rejection(rej)
                report.rejections.append(rej)
                continue
            if added:
                report.documents_added += 1
                report.passages += n_passages
                report.events += n_events
            else:
                report.documents_skipped += 1
    return report
