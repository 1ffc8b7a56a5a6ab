"""Stage 4: Passages -> Events (one document at a time).

1. Each body passage (not a heading, boilerplate, reader comment or in-document repeat) is split into
   sentences.
2. A sentence that ``classify`` reads as an event report opens an incident; following sentences of the
   same passage without an event cue of their own ("Two people were killed.", "the governor said")
   extend it, as does a sentence with a cue of the same type and no new place.
3. Each incident gets its place (``geo.locate`` with the section heading and title as context), its date
   (``dates.resolve_date`` against the published date), casualties, claim and evidence spans (offsets
   into ``Document.text``).
4. Incidents of one document that share date, place and type are one event (a lede quoted twice, a
   quote and its article), keeping the highest figures and every evidence span.
5. Events come out most important first: casualties, then confidence, then position.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from .casualties import extract_casualties
from .claims import claim_from_source, extract_claim
from .classify import classify
from .dates import resolve_date
from .geo import default_geoparser
from .models import Casualties, Classification, Document, Event, Evidence, Location, Passage
from .options import Options
from .passages import split_sentences

# Confidence = classification score, nudged by what else we found: a located, dated incident with a
# named claimant is the shape of a real report; an unlocated one is often analysis.
LOCATED_BONUS = 0.1
UNLOCATED_PENALTY = 0.15
EVENT_KINDS = frozenset({"body", "quote"})


@dataclass(slots=True)
class _Incident:
    passage: Passage
    cls: Classification
    spans: list[tuple[int, int]] = field(default_factory=list)  # offsets into the passage text
    places: int = 0


def _event_id(doc_id: str, start: int, sub_type: str) -> str:
    return "e" + hashlib.sha256(f"{doc_id}|{start}|{sub_type}".encode()).hexdigest()[:16]


def _family(event_type: str) -> str:
    return event_type.split("/")[0]


def _incidents(passage: Passage, lang: str, opts: Options) -> list[_Incident]:
    gp = default_geoparser()
    incidents: list[_Incident] = []
    for start, end in split_sentences(passage.text):
        sentence = passage.text[start:end]
        cls = classify(sentence, lang)
        if cls is not None and cls.score >= opts.min_event_score:
            places = len(gp.find(sentence, lang))
            last = incidents[-1] if incidents else None
            if (
                last is not None
                and last.cls.sub_event_type == cls.sub_event_type
                and places == 0
            ):
                last.spans.append((start, end))
                continue
            incidents.append(_Incident(passage, cls, [(start, end)], places))
        elif incidents:
            # Follow-up sentence of the same passage: figures, claimant, damage.
            incidents[-1].spans.append((start, end))
    return incidents


def _merge_classes(a: Classification, b: Classification) -> Classification:
    return Classification(
        event_type=a.event_type,
        sub_event_type=a.sub_event_type,
        weapons=tuple(sorted(set(a.weapons) | set(b.weapons))),
        targets=tuple(sorted(set(a.targets) | set(b.targets))),
        initiator=a.initiator if a.initiator != "unknown" else b.initiator,
        target_side=a.target_side if a.target_side != "unknown" else b.target_side,
        score=max(a.score, b.score),
    )


def _max(a: int | None, b: int | None) -> int | None:
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


def _build(doc: Document, inc: _Incident, lang: str) -> Event:
    p = inc.passage
    text = p.text[inc.spans[0][0] : inc.spans[-1][1]]
    cls = inc.cls
    # Re-classify the whole incident text: weapons and targets often sit in the follow-up sentences.
    whole = classify(text, lang) if len(inc.spans) > 1 else None
    if whole is not None:
        cls = _merge_classes(cls, whole)
    context = tuple(c for c in (p.section, doc.title, p.text) if c)
    location: Location | None = default_geoparser().locate(text, lang, context)
    date, precision = resolve_date(text, lang, doc.published)
    cas: Casualties = extract_casualties(text, lang)
    claim = extract_claim(text, lang, doc.source)
    if claim.claimant is None and p.text != text:
        wider = extract_claim(p.text, lang, doc.source)
        if wider.claimant is not None:
            claim = wider
    if claim.claimant is None:
        fallback = claim_from_source(doc.source)
        if fallback.claimant is not None:
            status = claim.status if claim.status != "reported" else fallback.status
            claim = type(claim)(status=status, claimant=fallback.claimant, claimant_type=fallback.claimant_type)
    confidence = cls.score + (LOCATED_BONUS if location else -UNLOCATED_PENALTY)
    start = p.start + inc.spans[0][0]
    return Event(
        event_id=_event_id(doc.doc_id, start, cls.sub_event_type),
        doc_id=doc.doc_id,
        date=date,
        date_precision=precision if date else "unknown",
        event_type=cls.event_type,
        sub_event_type=cls.sub_event_type,
        location=location,
        killed=cas.killed,
        injured=cas.injured,
        initiator=cls.initiator,
        claim=claim,
        evidence=[Evidence(doc.doc_id, text, start, start + len(text))],
        weapons=list(cls.weapons),
        targets=list(cls.targets),
        target_side=cls.target_side,
        casualties_civilian=cas.civilian,
        confidence=min(1.0, max(0.0, confidence)),
        lang=lang,
        source=doc.source,
        url=doc.url,
        published=doc.published,
    )


def _same_incident(a: Event, b: Event) -> bool:
    if a.date != b.date or _family(a.event_type) != _family(b.event_type):
        return False
    la, lb = a.location, b.location
    if la is None or lb is None:
        return la is lb and a.sub_event_type == b.sub_event_type
    return la.gazetteer_id == lb.gazetteer_id and la.name == lb.name


def _fold(events: list[Event]) -> list[Event]:
    """Step 4: one event per incident inside one document."""
    out: list[Event] = []
    for ev in events:
        twin = next((o for o in out if _same_incident(o, ev)), None)
        if twin is None:
            out.append(ev)
            continue
        twin.killed = _max(twin.killed, ev.killed)
        twin.injured = _max(twin.injured, ev.injured)
        twin.weapons = sorted(set(twin.weapons) | set(ev.weapons))
        twin.targets = sorted(set(twin.targets) | set(ev.targets))
        if twin.casualties_civilian is None:
            twin.casualties_civilian = ev.casualties_civilian
        if twin.claim.claimant is None and ev.claim.claimant is not None:
            twin.claim = ev.claim
        if all(e.text != ev.evidence[0].text for e in twin.evidence):
            twin.evidence.extend(ev.evidence)
        twin.confidence = max(twin.confidence, ev.confidence)
    return out


def _severity(ev: Event) -> tuple[float, ...]:
    start = ev.evidence[0].start or 0
    return (-(3 * (ev.killed or 0) + (ev.injured or 0)), -ev.confidence, start)


def extract_events(doc: Document, passages: list[Passage], opts: Options | None = None) -> list[Event]:
    """All events of one document, most important first."""
    opts = opts or Options()
    lang = doc.lang if doc.lang in ("en", "uk", "ru") else "en"
    events: list[Event] = []
    for p in passages:
        if p.kind not in EVENT_KINDS or p.duplicate_of:
            continue
        for inc in _incidents(p, lang, opts):
            events.append(_build(doc, inc, lang))
    return sorted(_fold(events), key=_severity)
