"""Stage 7: the daily briefing an analyst would sign, from the merged events of one day.

Why it is built this way:

- Every sentence comes ONLY from extracted fields (type, weapons, targets, place, figures, claimant and
  status); the original-language evidence sentence is quoted under it, so every figure can be checked
  against its quote and links. Nothing is generated freely.
- Sections follow the order analysts write roundups in (fronts north-east to south, the rear, Russia's
  border regions, Crimea, the rest of Russia), then themes that cut across places (strikes on energy,
  air attacks and air defence, cyber, diplomacy and politics). Each event appears exactly once: the first
  matching theme takes it, otherwise its oblast does.
- Items rank by severity (killed*3 + injured), then by independent sources, then by claim strength.
- "Nothing twice": links are deduplicated by (source, url) and "a|b" URL lists are split; a sentence
  quoted once is never quoted again; an item that repeats an earlier item's headline with only quotes
  already shown is folded into it (its sources are added).
- Events of earlier days appear only when a report published on the day updates them, in a separate
  "Background" section, marked with their own date.

``render`` gives Markdown, self-contained printable HTML (no scripts, all source text escaped) or JSON;
``render_atom`` gives an Atom feed of daily briefings. The same store gives byte-identical output.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from sitroom.briefing.model import Briefing, BriefingItem, EventSource, Section, SourceLink
from sitroom.briefing.sections import _SECTION_ORDER, _SECTION_TITLE, item_section
from sitroom.briefing.wording import _WEAPON_WORDS, figures_phrase, headline, source_links, status_phrase
from sitroom.incidents.merge import STATUS_RANK, severity

# Longest evidence quote shown per item, cut at a word boundary (the full text stays in the store and the
# API). 280 characters holds one long news sentence; longer quotes hide the figure the reader checks.
MAX_QUOTE_CHARS = 280
# How many days back an incident can be and still appear as background when a report on the day updates it.
BACKGROUND_DAYS = 3
# Most severe items named in the top summary.
SUMMARY_TOP = 3
# Sentence ends: . ! ? … followed by space and an upper-case letter, quote or dash (en/uk/ru).
_SENT_SPLIT = re.compile(r"(?<=[.!?…])[\"»”]?\s+(?=[\"«„“—–-]?\s*[A-ZА-ЯЁІЇЄҐ0-9])")
_EVENT_WORDS = re.compile(
    r"strike|struck|shell|attack|explo|drone|missile|rocket|killed|injured|wounded|dead|hit|shot\s+down"
    r"|удар|обстр|атак|вибух|взрыв|дрон|ракет|загин|поранен|убит|ранен|погиб|сбит|збит|бомб|шахед",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\d+")


def evidence_sentences(text: str) -> list[str]:
    text = " ".join(text.replace("||", " ").split())
    return [s.strip() for s in _SENT_SPLIT.split(text) if s.strip()]


def _sentence_score(sentence: str, ev: dict[str, Any]) -> int:
    """Higher for the sentence that carries the item: its figures, an event word, its place; fragments
    ("There are injured.") and long digressions lose."""
    score = 0
    numbers = {int(n) for n in _NUMBER.findall(sentence) if len(n) < 6}
    for field in ("killed", "injured"):
        if ev.get(field) is not None and ev[field] in numbers:
            score += 3
    if _EVENT_WORDS.search(sentence):
        score += 2
    loc = ev.get("location") or {}
    name = (loc.get("name") or "").casefold()
    if len(name) >= 4 and name[:4] in sentence.casefold():
        score += 1
    if len(sentence) < 40:
        score -= 2
    if len(sentence) > MAX_QUOTE_CHARS:
        score -= 1
    return score


def trim_quote(text: str, limit: int = MAX_QUOTE_CHARS) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > 0 else limit].rstrip(",;:—- ") + " …"


def _candidate_quotes(ev: dict[str, Any]) -> list[tuple[str, str]]:
    """(sentence, lang) candidates, best first: sentences of the latest report whose figures the item shows
    (so "6 killed" is quoted with the sentence that says six), then each report's own evidence in the order
    the reports arrived; within a report the best-scoring sentence first, earlier sentences on ties."""
    figures = (ev.get("killed"), ev.get("injured"))
    lang = ev.get("lang") or "en"
    reports = list(ev.get("reports") or [])
    pools: list[tuple[list[dict[str, Any]], str]] = []
    if figures != (None, None):
        for r in sorted(reports, key=lambda r: r.get("published") or "", reverse=True):
            if (r.get("killed"), r.get("injured")) == figures and r.get("evidence"):
                pools.append((r["evidence"], r.get("lang") or lang))
                break
    pools += [(r.get("evidence") or [], r.get("lang") or lang) for r in reports]
    if not reports:
        pools.append((ev.get("evidence") or [], lang))
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for evidence, pool_lang in pools:
        sentences = [s for e in evidence for s in evidence_sentences(e.get("text", ""))]
        order = sorted(range(len(sentences)), key=lambda i: (-_sentence_score(sentences[i], ev), i))
        for i in order:
            key = _norm(sentences[i])
            if key not in seen:
                seen.add(key)
                out.append((sentences[i], pool_lang))
    return out


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text.casefold()).strip()


def _revisions(ev: dict[str, Any]) -> str:
    """ "earlier reports: 4 killed" when reports changed the toll (history kept, latest credible shown)."""
    history: list[str] = []
    for r in sorted(ev.get("reports", []), key=lambda r: r.get("published") or ""):
        if r.get("status") == "denied" or (r.get("killed") is None and r.get("injured") is None):
            continue
        fig = figures_phrase({"killed": r.get("killed"), "injured": r.get("injured")})
        if fig and (not history or history[-1] != fig):
            history.append(fig)
    current = figures_phrase({"killed": ev.get("killed"), "injured": ev.get("injured")})
    earlier = [h for h in history if h != current]
    return f"earlier reports: {'; '.join(earlier)}" if earlier else ""


def _independent_sources(ev: dict[str, Any], links: Sequence[SourceLink]) -> int:
    n = ev.get("sources_count")
    if n:
        return int(n)
    return len({(r.get("source") or r["doc_id"]) for r in ev.get("reports", [])}) or len(links) or 1


def _status_line(ev: dict[str, Any], n_sources: int) -> str:
    base = status_phrase(ev["claim"])
    base = base[:1].upper() + base[1:]
    if n_sources > 1:
        return f"{base} {n_sources} independent sources."
    return base


def _item(ev: dict[str, Any], used_quotes: set[str], day: str) -> BriefingItem:
    sources = source_links(ev.get("reports") or [ev])
    n_sources = _independent_sources(ev, sources)
    quote, lang = "", ev.get("lang") or "en"
    for sentence, s_lang in _candidate_quotes(ev):
        key = _norm(sentence)
        if key and key not in used_quotes:
            used_quotes.add(key)
            quote, lang = trim_quote(sentence), s_lang
            break
    background = bool(ev.get("date")) and ev.get("date") != day
    return BriefingItem(
        event_id=ev["event_id"],
        headline=headline(ev),
        status=_status_line(ev, n_sources),
        evidence=quote,
        evidence_lang=lang,
        killed=ev.get("killed"),
        injured=ev.get("injured"),
        severity=severity(ev.get("killed"), ev.get("injured")),
        sources_count=n_sources,
        sources=sources,
        date=ev.get("date"),
        section="background" if background else item_section(ev),
        figures=figures_phrase(ev),
        revisions=_revisions(ev),
        weapons=tuple(_WEAPON_WORDS.get(w, w) for w in ev.get("weapons") or ()),
        claim_status=ev["claim"].get("status", "reported"),
        background=background,
        launched=ev.get("launched"),
        intercepted=ev.get("intercepted"),
    )


def _rank_key(ev: dict[str, Any]) -> tuple[int, int, int, str]:
    return (
        -severity(ev.get("killed"), ev.get("injured")),
        -int(ev.get("sources_count") or len(ev.get("reports") or ()) or 1),
        STATUS_RANK.get(ev["claim"].get("status", "reported"), 9),
        ev["event_id"],
    )


def _fold_repeats(items: list[BriefingItem]) -> list[BriefingItem]:
    """An item with the same headline as an earlier one in its section and no new quote is the same story
    told twice (an extraction the merger could not join): add its sources to the first, drop it."""
    out: list[BriefingItem] = []
    by_headline: dict[str, int] = {}
    for it in items:
        i = by_headline.get(it.headline)
        if i is not None and not it.evidence:
            first = out[i]
            extra = tuple(
                s for s in it.sources if (s.label, s.url) not in {(x.label, x.url) for x in first.sources}
            )
            out[i] = replace(first, sources=first.sources + extra)
            continue
        by_headline.setdefault(it.headline, len(out))
        out.append(it)
    return out


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _short(title: str) -> str:
    return title.split(" (")[0]


def _summary(
    date: str, items: list[BriefingItem], sections: list[Section], n_reports: int
) -> tuple[str, ...]:
    today = [i for i in items if not i.background]
    if not items:
        return (f"No events stored for {date}.",)
    if not today:
        return (f"No new incidents stored for {date}; updates on earlier events below.",)
    sources = {s.label.split(" (via ")[0] for i in today for s in i.sources}
    lines = [
        f"{_n(len(today), 'incident')} on {date} from {_n(n_reports, 'report')} by {_n(len(sources), 'source')}."
    ]
    severe = sorted(
        (i for i in today if i.severity), key=lambda i: (-i.severity, -i.sources_count, i.event_id)
    )
    for it in severe[:SUMMARY_TOP]:
        corroborated = f" ({it.sources_count} sources)" if it.sources_count > 1 else ""
        lines.append(f"Most severe: {it.headline[:-1]}{corroborated}.")
    geo = [s for s in sections if not s.key.startswith("theme_") and s.key not in ("elsewhere", "background")]
    busy = [s for s in geo if len(s.items) > 1]
    busiest = sorted(busy, key=lambda s: (-len(s.items), _SECTION_ORDER[s.key]))[:3]
    if busiest:
        lines.append(
            "Most incidents: " + ", ".join(f"{_short(s.title)} ({len(s.items)})" for s in busiest) + "."
        )
    themes = [s for s in sections if s.key.startswith("theme_")]
    if themes:
        lines.append("Also: " + ", ".join(f"{s.title.lower()} ({len(s.items)})" for s in themes) + ".")
    claims = sum(1 for i in today if i.claim_status in ("claimed", "unconfirmed"))
    if claims:
        lines.append(
            f"{_n(claims, 'item')} {'is a claim' if claims == 1 else 'are claims'} not independently confirmed."
        )
    return tuple(lines)


def _fetch(store: EventSource, date: str) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    page = 1000
    while True:  # page through: a heavy day can exceed one page
        chunk = store.events(date, limit=page, offset=len(events))
        events.extend(chunk)
        if len(chunk) < page:
            return events


def _background(store: EventSource, date: str) -> list[dict[str, Any]]:
    """Incidents of the previous days that a report published on ``date`` updates (a revised toll)."""
    try:
        day = _dt.date.fromisoformat(date)
    except ValueError:
        return []
    out = []
    for back in range(1, BACKGROUND_DAYS + 1):
        earlier = (day - _dt.timedelta(days=back)).isoformat()
        for ev in _fetch(store, earlier):
            if any(r.get("published") == date for r in ev.get("reports", [])):
                out.append(ev)
    return out


def _development_sections(store: EventSource, date: str) -> list[Section]:
    """Non-violent developments of the day (talks, aid, sanctions, politics) from the stored passages,
    clustered across sources (``developments.py``); none when the store cannot list passages."""
    from sitroom.briefing.developments import find_developments, sources_count

    passages_published = getattr(store, "passages_published", None)
    if passages_published is None:
        return []
    grouped: dict[str, list[BriefingItem]] = {}
    for dev in find_developments(passages_published(date)):
        n = sources_count(dev.reports)
        key = f"dev_{dev.topic}"
        grouped.setdefault(key, []).append(
            BriefingItem(
                event_id=dev.dev_id,
                headline=_SECTION_TITLE[key].split(": ", 1)[1].capitalize() + ".",
                status=f"Reported by {_n(n, 'source')}.",
                evidence=dev.text,
                evidence_lang=dev.lang,
                killed=None,
                injured=None,
                severity=0,
                sources_count=n,
                sources=source_links(dev.reports),
                date=date,
                section=key,
            )
        )
    return [Section(k, _SECTION_TITLE[k], tuple(v)) for k, v in grouped.items()]


def build_briefing(store: EventSource, date: str) -> Briefing:
    """The briefing for ``date`` (YYYY-MM-DD) from the merged events in ``store``."""
    events = sorted(_fetch(store, date), key=_rank_key)
    background = sorted(_background(store, date), key=_rank_key)
    used_quotes: set[str] = set()
    # Items are built most severe first so the best evidence sentence goes to the most important item.
    items = [_item(ev, used_quotes, date) for ev in events + background]
    grouped: dict[str, list[BriefingItem]] = {}
    for it in items:
        grouped.setdefault(it.section, []).append(it)
    sections = [
        Section(key, _SECTION_TITLE[key], tuple(_fold_repeats(group)))
        for key, group in sorted(grouped.items(), key=lambda kv: _SECTION_ORDER[kv[0]])
    ]
    n_reports = sum(len(e.get("reports", [])) for e in events)
    summary = _summary(date, items, sections, n_reports)
    dev_sections = _development_sections(store, date)
    if dev_sections:
        summary = (*summary, "Developments: " + ", ".join(
            f"{s.title.split(': ', 1)[1]} ({len(s.items)})" for s in dev_sections) + ".")
        sections = sorted([*sections, *dev_sections], key=lambda sec: _SECTION_ORDER[sec.key])
    return Briefing(
        date=date,
        summary=summary,
        sections=tuple(sections),
        events_count=len(events),
        reports_count=n_reports,
    )
