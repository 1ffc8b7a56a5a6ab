"""Non-violent developments of a day, clustered by topic across sources, for the briefing.

Reports that are not violent events (talks and visits, military aid and deliveries, sanctions, decisions of
governments and parliaments) never become events, yet a daily briefing has to mention them. This stage
reads the stored body passages of the documents published on the day, keeps the sentences that carry a
topic cue in English, Ukrainian or Russian and no violent-event cue of their own (``classify``), and
groups them by topic and by wording (rapidfuzz ``token_set_ratio``) or shared proper names, so five outlets
reporting one aid package are one item with five sources. Nothing is paraphrased: an item shows the
original sentence of its first report and the sources.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from sitroom.reading.classify import classify
from sitroom.reading.passages import split_sentences

# (topic key, title, cue regex); the first topic whose cue a sentence carries takes it.
TOPICS: tuple[tuple[str, str, str], ...] = (
    ("sanctions", "Sanctions",
     r"sanction|embargo|price\s+cap|санкці|санкци|ембарго|эмбарго"),
    ("support", "International support",
     r"military\s+aid|aid\s+package|security\s+assistance|assistance\s+package|weapons?\s+deliver|"
     r"deliver(?:ed|ies|y)\s+(?:of\s+)?(?:\w+\s+){0,3}(?:himars|patriot|f-16|leopard|abrams|atacms|tanks|missiles|"
     r"air\s+defen[cs]e)|financial\s+(?:aid|support)|military\s+support|пакет\w*\s+(?:військов\w+\s+)?допомог|"
     r"військов\w+\s+допомог|постачан\w+\s+(?:зброї|озброєн|himars|patriot|f-16)|фінансов\w+\s+допомог|"
     r"военн\w+\s+помощ|пакет\w*\s+помощ|поставк\w+\s+(?:оружи|вооружени|himars|patriot|f-16)"),
    ("diplomacy", "Diplomacy and talks",
     r"\btalks\b|negotiat|summit|\bmet\s+with|meeting\s+with|phone\s+call|held\s+a\s+call|visit(?:ed|s)?\s+"
     r"(?:kyiv|moscow|washington|ukraine|russia)|peace\s+(?:plan|deal|formula|talks)|переговор|зустрі[чл]|"
     r"саміт|телефонн\w+\s+розмов|візит|встреч|встретил|саммит|телефонн\w+\s+разговор|визит"),
    ("politics", "Politics and government",
     r"verkhovna\s+rada|parliament|\bdecree\b|signed\s+(?:a\s+)?law|martial\s+law|mobili[sz]ation|referend|"
     r"\belection|resign|appointed|dismissed|верховн\w+\s+рад|указ|закон\w*\s+про|воєнн\w+\s+стан|мобілізац|"
     r"відставк|призначи|звільни|госдум|военн\w+\s+положени|мобилизац|отставк|назначи|уволи|референдум"),
)
_TOPIC_RX = [(key, title, re.compile(rx, re.I)) for key, title, rx in TOPICS]
# What should, must or may happen is no development of the day ("the sanctions that must follow every Russian
# crime", "санкції мають бути посилені", "санкции должны быть усилены"): a wish, a call or a plan.
_UNREALISED = re.compile(
    r"\b(?:must|should|need\s+to|needs\s+to|ought\s+to|would|could|might|call(?:s|ed|ing)?\s+(?:on|for)|urg(?:e|es|ed|ing)"
    r"|повинн\w*|має\s+бути|мають\s+бути|слід|треба|потрібн\w*|заклика\w*|закликав\w*|должн\w*|нужн\w*|следует"
    r"|призыва\w*|призвал\w*)\b",
    re.I,
)
TOPIC_TITLE = {key: title for key, title, _ in TOPICS}
# Two sentences of one topic read alike at this rapidfuzz token_set_ratio: the same development.
SAME_STORY = 62
# ... or share this many capitalised names (Macron, Rheinmetall, HIMARS) besides sentence-initial words.
SHARED_NAMES = 2
MAX_QUOTE = 280
MAX_ITEMS_PER_TOPIC = 8
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-ZА-ЯІЇЄҐ][\w'’-]{2,}")


@dataclass(slots=True)
class Development:
    """One development of the day, with every report of it."""

    topic: str
    text: str  # the original sentence of the first report (trimmed)
    lang: str
    reports: list[dict[str, Any]] = field(default_factory=list)  # doc_id, source, url, published
    names: set[str] = field(default_factory=set)

    @property
    def dev_id(self) -> str:
        return "dev" + hashlib.sha256(f"{self.topic}|{self.text}".encode()).hexdigest()[:12]


def topic_of(sentence: str) -> str | None:
    """The development topic a sentence reports, or None."""
    for key, _title, rx in _TOPIC_RX:
        if rx.search(sentence):
            return key
    return None


def _is_violent(sentence: str, lang: str) -> bool:
    cls = classify(sentence, lang)
    return cls is not None and cls.score >= 0.5 and cls.event_type != "Strategic developments"


def _trim(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_QUOTE else text[: MAX_QUOTE - 1].rsplit(" ", 1)[0] + "…"


def _names(sentence: str) -> set[str]:
    return {m.group(0).lower() for m in _NAME.finditer(sentence)}


def _same(dev: Development, sentence: str, names: set[str]) -> bool:
    if len(dev.names & names) >= SHARED_NAMES:
        return True
    return fuzz.token_set_ratio(dev.text.lower(), sentence.lower()) >= SAME_STORY


def find_developments(passages: Iterable[dict[str, Any]]) -> list[Development]:
    """Cluster the day's passages (dicts with text, lang, doc_id, source, url, published) into
    developments, most-reported first. One sentence per passage at most: the first with a topic cue."""
    devs: list[Development] = []
    for p in passages:
        text, lang = p.get("text") or "", p.get("lang") or "en"
        for start, end in split_sentences(text):
            sentence = text[start:end].strip()
            topic = topic_of(sentence)
            if topic is None or len(sentence) < 30 or _UNREALISED.search(sentence) or _is_violent(sentence, lang):
                continue
            names = _names(sentence)
            report = {k: p.get(k) for k in ("doc_id", "source", "url", "published")}
            twin = next((d for d in devs if d.topic == topic and _same(d, sentence, names)), None)
            if twin is None:
                devs.append(Development(topic, _trim(sentence), lang, [report], names))
            elif all(r["doc_id"] != report["doc_id"] for r in twin.reports):
                twin.reports.append(report)
                twin.names |= names
            break
    order = {key: i for i, (key, _t, _r) in enumerate(TOPICS)}
    devs.sort(key=lambda d: (order[d.topic], -len({r["source"] or r["doc_id"] for r in d.reports}), d.text))
    out: list[Development] = []
    for key in order:
        out.extend([d for d in devs if d.topic == key][:MAX_ITEMS_PER_TOPIC])
    return out


def sources_count(reports: Sequence[dict[str, Any]]) -> int:
    return len({r.get("source") or r.get("doc_id") for r in reports})
