"""The one options object that goes through every pipeline stage."""

from __future__ import annotations

from dataclasses import dataclass

# 50 MB: the largest real roundup page seen is ~2 MB of HTML; anything far bigger is a mistake (a video,
# a database dump) and would stall the run, so it is rejected with a reason instead.
DEFAULT_MAX_FILE_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Options:
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    published: str | None = None  # YYYY-MM-DD used when a source has no publication date
    source: str | None = None  # source name used when a source names none
    lang: str | None = None  # force a language instead of detecting it
    near_duplicate_threshold: float = 0.8  # MinHash Jaccard estimate above which passages are one
    min_event_score: float = 0.5  # classification score below which a sentence is not an event
