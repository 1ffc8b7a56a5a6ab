"""Hand-built Documents/Passages/Events for the store, briefing and web tests (no extraction stages).

Real-looking en/uk/ru reports of one day (2024-03-28) with places and figures as stage 4 would emit them.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from sitroom.models import Claim, Document, Event, Evidence, Location, Passage

DAY = "2024-03-28"

PAVLOHRAD = Location("Pavlohrad", "Dnipropetrovsk", "UA", 48.5347, 35.8706, 1, "Pavlohrad Raion", "gn:696643")
VOVCHANSK = Location("Vovchansk", "Kharkiv", "UA", 50.2908, 36.9411, 1, "Chuhuiv Raion", "gn:689088")
# A separate village ~3.5 km from Vovchansk: within the merge radius, but a different settlement.
VOVCH_KHUTORY = Location(
    "Vovchanski Khutory", "Kharkiv", "UA", 50.3046, 36.9856, 1, "Chuhuiv Raion", "katottg:UA63120050030"
)
ZHURAVLEVKA = Location(
    "Zhuravlevka", "Belgorod", "RU", 50.4575, 36.4814, 1, "Belgorodsky District", "gn:465555"
)
KURSK_REGION = Location("Kursk", "Kursk", "RU", 51.7373, 36.1874, 3, None, "oblast:Kursk")
KHERSON = Location("Kherson", "Kherson", "UA", 46.6354, 32.6169, 1, "Kherson Raion", "gn:706448")


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def passage_id(text: str) -> str:
    return "p:" + hashlib.sha1(_norm(text).encode()).hexdigest()[:16]


def make_doc(
    doc_id: str, text: str, source: str, url: str | None, published: str | None, lang: str = "en"
) -> Document:
    return Document(
        doc_id=doc_id, text=text, source=source, url=url, title=text[:60], published=published, lang=lang
    )


def passages_of(doc: Document) -> list[Passage]:
    out = []
    pos = 0
    for seq, para in enumerate(doc.text.split("\n\n")):
        start = doc.text.index(para, pos)
        pos = start + len(para)
        out.append(Passage(passage_id(para), doc.doc_id, seq, para, start, pos))
    return out


def make_event(
    doc: Document,
    eid: str,
    evidence: str,
    *,
    sub: str = "Air/drone strike",
    etype: str = "Explosions/Remote violence",
    loc: Location | None = None,
    killed: int | None = None,
    injured: int | None = None,
    initiator: str = "RU",
    claim: Claim | None = None,
    weapons: tuple[str, ...] = (),
    targets: tuple[str, ...] = (),
    civilian: bool | None = None,
    date: str | None = DAY,
    **extra: Any,
) -> Event:
    start = doc.text.find(evidence)
    return Event(
        event_id=eid,
        doc_id=doc.doc_id,
        date=date,
        date_precision="day" if date else "unknown",
        event_type=etype,
        sub_event_type=sub,
        location=loc,
        killed=killed,
        injured=injured,
        initiator=initiator,
        claim=claim or Claim(),
        evidence=[
            Evidence(
                doc.doc_id,
                evidence,
                start if start >= 0 else None,
                start + len(evidence) if start >= 0 else None,
            )
        ],
        weapons=list(weapons),
        targets=list(targets),
        casualties_civilian=civilian,
        lang=doc.lang,
        source=doc.source,
        url=doc.url,
        published=doc.published,
        **extra,
    )


GOV_DNIPRO = Claim("reported", "Dnipropetrovsk regional governor", "official_ua")


def day_batch() -> list[tuple[Document, list[Passage], list[Event]]]:
    """Six documents of 2024-03-28: one incident reported three times (en, uk, toll revised 4 -> 6)."""
    batch = []

    a_text = (
        "Russian drone attack on Pavlohrad kills 4\n\n"
        "A Russian drone attack on Pavlohrad killed four people and injured 12, Dnipropetrovsk Oblast "
        "Governor Serhii Lysak said on March 28.\n\nResidential buildings were damaged."
    )
    a = make_doc(
        "doc-a-en", a_text, "Kyiv Independent", "https://kyivindependent.com/pavlohrad-drone-attack/", DAY
    )
    batch.append(
        (
            a,
            passages_of(a),
            [
                make_event(
                    a,
                    "ev-a1",
                    "A Russian drone attack on Pavlohrad killed four people and injured 12, Dnipropetrovsk Oblast "
                    "Governor Serhii Lysak said on March 28.",
                    loc=PAVLOHRAD,
                    killed=4,
                    injured=12,
                    claim=GOV_DNIPRO,
                    weapons=("shahed",),
                    targets=("residential",),
                    civilian=True,
                    confidence=0.8,
                )
            ],
        )
    )

    b_text = (
        "Кількість загиблих унаслідок атаки на Павлоград зросла до шести, поранені 12 людей.\n\n"
        "Residential buildings were damaged."
    )
    b = make_doc(
        "doc-b-uk",
        b_text,
        "t.me/dnipropetrovskaODA",
        "https://t.me/dnipropetrovskaODA/12345",
        "2024-03-29",
        "uk",
    )
    batch.append(
        (
            b,
            passages_of(b),
            [
                make_event(
                    b,
                    "ev-b1",
                    "Кількість загиблих унаслідок атаки на Павлоград зросла до шести, поранені 12 людей.",
                    loc=PAVLOHRAD,
                    killed=6,
                    injured=12,
                    claim=GOV_DNIPRO,
                    weapons=("drone",),
                    civilian=True,
                )
            ],
        )
    )

    c_text = (
        "В Белгородской области в результате обстрела села Журавлевка ранены двое мирных жителей, "
        "сообщил губернатор Вячеслав Гладков."
    )
    c = make_doc("doc-c-ru", c_text, "t.me/vvgladkov", "https://t.me/vvgladkov/5555", DAY, "ru")
    batch.append(
        (
            c,
            passages_of(c),
            [
                make_event(
                    c,
                    "ev-c1",
                    c_text,
                    sub="Shelling/artillery/missile attack",
                    loc=ZHURAVLEVKA,
                    injured=2,
                    initiator="UA",
                    claim=Claim("reported", "Belgorod regional governor", "official_ru"),
                    weapons=("artillery",),
                    targets=("civilians",),
                    civilian=True,
                )
            ],
        )
    )

    d_text = (
        "Russian shelling hit Vovchansk, injuring a 54-year-old man, the Kharkiv Oblast administration said.\n\n"
        "In the nearby village of Vovchanski Khutory a woman was killed by artillery fire."
    )
    d = make_doc("doc-d-en", d_text, "Ukrinform", "https://www.ukrinform.net/kharkiv-shelling", DAY)
    kh = Claim("reported", "Kharkiv regional administration", "official_ua")
    batch.append(
        (
            d,
            passages_of(d),
            [
                make_event(
                    d,
                    "ev-d1",
                    "Russian shelling hit Vovchansk, injuring a 54-year-old man, the Kharkiv Oblast "
                    "administration said.",
                    sub="Shelling/artillery/missile attack",
                    loc=VOVCHANSK,
                    injured=1,
                    claim=kh,
                    weapons=("artillery",),
                    civilian=True,
                ),
                make_event(
                    d,
                    "ev-d2",
                    "In the nearby village of Vovchanski Khutory a woman was killed by artillery fire.",
                    sub="Shelling/artillery/missile attack",
                    loc=VOVCH_KHUTORY,
                    killed=1,
                    claim=kh,
                    weapons=("artillery",),
                    civilian=True,
                ),
            ],
        )
    )

    e_text = (
        "Russian air defences destroyed 10 Ukrainian drones over the Kursk region overnight, "
        "the Russian Ministry of Defence claimed. The claim could not be independently verified."
    )
    e = make_doc("doc-e-en", e_text, "Reuters", "https://www.reuters.com/world/europe/kursk-drones", DAY)
    batch.append(
        (
            e,
            passages_of(e),
            [
                make_event(
                    e,
                    "ev-e1",
                    e_text,
                    sub="Air/drone strike",
                    loc=KURSK_REGION,
                    initiator="UA",
                    claim=Claim("claimed", "Russian Ministry of Defence", "official_ru"),
                    weapons=("drone",),
                )
            ],
        )
    )

    f_text = (
        "Росія вночі атакувала Україну 30 ударними дронами типу Shahed, повідомили Повітряні сили ЗСУ.\n\n"
        "Residential buildings were damaged."
    )
    f = make_doc(
        "doc-f-uk", f_text, "Ukrainska Pravda", "https://www.pravda.com.ua/news/2024/03/28/shahed/", DAY, "uk"
    )
    batch.append(
        (
            f,
            passages_of(f),
            [
                make_event(
                    f,
                    "ev-f1",
                    "Росія вночі атакувала Україну 30 ударними дронами типу Shahed, повідомили Повітряні сили ЗСУ.",
                    claim=Claim("reported", "Ukrainian Air Force", "official_ua"),
                    weapons=("shahed",),
                )
            ],
        )
    )
    return batch


HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes"'


def hostile_batch() -> list[tuple[Document, list[Passage], list[Event]]]:
    """A report whose text and source fields try to inject markup (day 2024-03-27)."""
    text = f"Shelling of Kherson injured three people. {HOSTILE}"
    doc = make_doc("doc-h", text, '<b onmouseover="x()">evil</b>', "javascript:alert(1)", "2024-03-27")
    ev = make_event(
        doc,
        "ev-h1",
        text,
        sub="Shelling/artillery/missile attack",
        loc=KHERSON,
        injured=3,
        claim=Claim("unconfirmed", "<img src=x onerror=alert(3)>", "social"),
        date="2024-03-27",
    )
    return [(doc, passages_of(doc), [ev])]
