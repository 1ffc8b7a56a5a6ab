"""The typed records of a briefing (``Briefing`` > ``Section`` > ``BriefingItem`` > ``SourceLink``) and the
one thing the briefing needs from a store (``EventSource``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, Protocol

Format = Literal["md", "html", "json"]


class EventSource(Protocol):
    """What the briefing needs from a store (``sitroom.store.database.Store`` satisfies it)."""

    def events(
        self, date: str | None = None, limit: int = 1000, offset: int = 0, **filters: str | None
    ) -> list[dict[str, Any]]: ...


@dataclass(frozen=True, slots=True)
class SourceLink:
    label: str
    url: str | None  # only http(s) URLs; anything else is shown as text, never linked
    doc_id: str
    published: str | None


@dataclass(frozen=True, slots=True)
class BriefingItem:
    event_id: str
    headline: str  # English summary: what, where and figures, from extracted fields only
    status: str  # claimant + status wording + corroboration
    evidence: str  # the original-language evidence sentence (trimmed), "" when already quoted above
    evidence_lang: str
    killed: int | None
    injured: int | None
    severity: int
    sources_count: int
    sources: tuple[SourceLink, ...]
    date: str | None = None
    section: str = "elsewhere"
    figures: str = ""  # "6 killed, 12 injured (civilians)"; "" when no figure was extracted
    revisions: str = ""  # "earlier reports: 4 killed" when the toll changed between reports
    weapons: tuple[str, ...] = ()
    claim_status: str = "reported"
    background: bool = False
    launched: int | None = None
    intercepted: int | None = None


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    title: str
    items: tuple[BriefingItem, ...]


@dataclass(frozen=True, slots=True)
class Briefing:
    date: str
    summary: tuple[str, ...]
    sections: tuple[Section, ...]
    events_count: int
    reports_count: int

    @property
    def empty(self) -> bool:
        return self.events_count == 0
