"""The main job (``sitroom ingest``): stages 1-6 over files and folders into the store.

1. sources.iter_documents   files -> Documents, or Rejections with a reason
2. passages.segment          Document -> labelled Passages (comments, headings, in-document repeats)
3-4. events.extract_events   Passages -> Events (places, dates, figures, types, claims)
   passages.Deduplicator     near-duplicates across the documents of this run
5-6. store.add_document      one transaction per document: document + passages + events, merged into
                             incidents; a document already stored (same content hash) is skipped

With ``workers > 1`` stages 2-4 (the CPU-bound part) run in a pool of worker processes, a batch of documents
at a time, while this process reads files, marks near-duplicates and writes — the one writer. With a Dask
``scheduler`` (``local:N`` starts a local cluster, ``tcp://HOST:PORT`` joins a running one) the same batches
run on the Dask workers. Results are consumed in input order, so the stored result is identical to a
single-process run whichever way the analysis ran.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from sitroom.ingest.sources import iter_documents
from sitroom.models import Document, Event, Passage, Rejection
from sitroom.options import Options
from sitroom.reading.events import extract_events
from sitroom.reading.passages import Deduplicator, segment
from sitroom.store.database import Store, StoreWriteError


@dataclass(slots=True)
class IngestReport:
    documents_seen: int = 0
    documents_added: int = 0
    documents_skipped: int = 0  # already stored: re-ingesting identical content is a no-op
    passages: int = 0
    events: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    # Why the run stopped early: the store took no more writes (disk full, read-only). Everything before
    # is stored whole; the same command again resumes.
    stopped: str | None = None


# Documents handed to the worker pool at a time: big enough to keep N workers busy, small enough that
# memory stays flat on a backfill of millions of reports.
BATCH = 256

Analysed = tuple[list[Passage], list[Event]]


def analyse(doc: Document, opts: Options) -> Analysed:
    """Stages 2-4 for one document: pure, so it can run in any process."""
    passages = segment(doc)
    return passages, extract_events(doc, passages, opts)


def _safe_analyse(doc: Document, opts: Options) -> Analysed | Rejection:
    try:
        return analyse(doc, opts)
    except Exception as exc:  # noqa: BLE001 - one bad document must not stop the run
        return Rejection(doc.path or doc.doc_id, "processing_error", f"{type(exc).__name__}: {exc}")


def ingest_document(store: Store, doc: Document, opts: Options, dedup: Deduplicator) -> tuple[bool, int, int]:
    """Process and store one document. Returns (added, passages, events)."""
    if store.has_document(doc.doc_id):
        dedup.mark(segment(doc))
        return False, 0, 0
    passages, events = analyse(doc, opts)
    return _store(store, doc, passages, events, dedup)


def _store(
    store: Store, doc: Document, passages: list[Passage], events: list[Event], dedup: Deduplicator
) -> tuple[bool, int, int]:
    passages = dedup.mark(passages)
    added = store.add_document(doc, passages, events)
    return added, len(passages), len(events)


class SchedulerError(ValueError):
    """A --scheduler value that cannot be used; the message says how to fix it."""


def _analysed_by(
    submit: Callable[[Document], Any], items: Iterable[Document | Rejection], store: Store
) -> Iterator[tuple[Document | Rejection, Analysed | Rejection | None]]:
    """(item, result) in input order, a batch at a time; result None for a document already stored.
    ``submit(doc)`` returns a future (concurrent.futures or Dask) whose ``result()`` is ``_safe_analyse``'s."""
    it = iter(items)
    while batch := list(islice(it, BATCH)):
        futures = [
            submit(item) if isinstance(item, Document) and not store.has_document(item.doc_id) else None
            for item in batch
        ]
        for item, fut in zip(batch, futures, strict=True):
            yield item, fut.result() if fut is not None else None


def _analysed_in_pool(
    items: Iterable[Document | Rejection], store: Store, opts: Options, workers: int
) -> Iterator[tuple[Document | Rejection, Analysed | Rejection | None]]:
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from _analysed_by(lambda doc: pool.submit(_safe_analyse, doc, opts), items, store)


def _dask_client(scheduler: str) -> tuple[Any, Any]:
    """(client, cluster or None) for ``local:N`` (a local Dask cluster of N processes) or ``tcp://HOST:PORT``."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise SchedulerError(
            "--scheduler needs Dask: pip install 'sitroom[dask]' (or use --workers N for local processes)"
        ) from None
    if scheduler.startswith("local:"):
        try:
            n = int(scheduler.split(":", 1)[1])
        except ValueError:
            n = 0
        if n < 1:
            raise SchedulerError(f"--scheduler {scheduler!r}: write local:N with N >= 1, e.g. local:2")
        cluster = LocalCluster(
            n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
        )
        return Client(cluster), cluster
    if scheduler.startswith("tcp://"):
        try:
            return Client(scheduler, timeout="20s"), None
        except OSError as exc:
            raise SchedulerError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    raise SchedulerError(f"--scheduler {scheduler!r}: use local:N or tcp://HOST:PORT")


def _analysed_on_dask(
    items: Iterable[Document | Rejection], store: Store, opts: Options, scheduler: str
) -> Iterator[tuple[Document | Rejection, Analysed | Rejection | None]]:
    client, cluster = _dask_client(scheduler)
    try:
        yield from _analysed_by(lambda doc: client.submit(_safe_analyse, doc, opts, pure=False), items, store)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _analysed_here(
    items: Iterable[Document | Rejection], store: Store, opts: Options
) -> Iterator[tuple[Document | Rejection, Analysed | Rejection | None]]:
    for item in items:
        if isinstance(item, Document) and not store.has_document(item.doc_id):
            yield item, _safe_analyse(item, opts)
        else:
            yield item, None


def ingest(
    paths: Sequence[str | Path],
    store: Store,
    opts: Options | None = None,
    on_item: Callable[[Document | Rejection], None] | None = None,
    workers: int = 1,
    scheduler: str | None = None,
) -> IngestReport:
    """Ingest files and folders; every unusable input becomes a recorded rejection, never a crash.

    ``workers`` > 1 analyses documents in that many processes; ``scheduler`` (``local:N`` or
    ``tcp://HOST:PORT``) on a Dask cluster instead (see the module docstring)."""
    opts = opts or Options()
    dedup = Deduplicator(opts.near_duplicate_threshold)
    report = IngestReport()
    items = iter_documents(paths, opts)
    if scheduler:
        stream = _analysed_on_dask(items, store, opts, scheduler)
    elif workers > 1:
        stream = _analysed_in_pool(items, store, opts, workers)
    else:
        stream = _analysed_here(items, store, opts)
    try:
        _consume(stream, store, dedup, report, on_item)
    except StoreWriteError as exc:
        report.stopped = str(exc)
    finally:
        # A worker pool or a Dask cluster shuts down here, also when the store stopped the run.
        getattr(stream, "close", lambda: None)()
    return report


def _consume(
    stream: Iterator[tuple[Document | Rejection, Analysed | Rejection | None]],
    store: Store,
    dedup: Deduplicator,
    report: IngestReport,
    on_item: Callable[[Document | Rejection], None] | None,
) -> None:
    """Store each analysed item in input order; raises StoreWriteError when the store takes no more writes."""
    for item, result in stream:
        if on_item is not None:
            on_item(item)
        if isinstance(item, Rejection):
            store.add_rejection(item)
            report.rejections.append(item)
            continue
        report.documents_seen += 1
        if result is None:
            # Already stored (by an earlier or a killed run): its passages still enter this run's
            # near-duplicate index, so a resumed run stores exactly what one uninterrupted run stores.
            dedup.mark(segment(item))
            report.documents_skipped += 1
            continue
        if isinstance(result, Rejection):
            store.add_rejection(result)
            report.rejections.append(result)
            continue
        try:
            added, n_passages, n_events = _store(store, item, *result, dedup)
        except StoreWriteError:
            raise  # the disk, not the document: stop
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
