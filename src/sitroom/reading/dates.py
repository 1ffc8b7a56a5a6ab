"""The day an event happened, resolved against the report's published date.

Approach: cheap precompiled regex rules in a fixed order, first hit wins within each rule class:

1. explicit dates -- ISO ``2022-03-27``, ``27.03.2022``, "March 27[, 2022]", "27 March", "27 березня",
   "27 марта"; a night cue in front ("в ніч на 28 березня", "в ночь на 28 марта", "overnight on March
   27-28", "night of March 27 to 28") gives the day the night *ended*;
2. relative days -- "the day before yesterday"/"позавчора"/"позавчера" (-2), "yesterday"/"вчора"/"вчера"
   (-1), "N days ago"/"N дні тому"/"N дня назад" (-N), "overnight"/"last night"/"tonight"/"this
   morning"/"today"/"вночі"/"ночью"/"сьогодні"/"сегодня" (the published day: the night that ends on it);
3. weekdays -- "on Monday"/"у понеділок"/"в понедельник": the most recent such day on/before published;
4. weeks -- "earlier this week"/"на цьому тижні"/"на этой неделе" (published, precision week), "last
   week"/"минулого тижня"/"на прошлой неделе" (published - 7, precision week);
5. month only -- "in March"/"у березні"/"в марте": the first of the most recent such month (precision month);
6. dateparser, only for the few spans that look like a date but no rule above read (it is slow: ~70 ms
   on its first call per language, ~1 ms after), always with ``languages=[lang]``.

A date is never after the published day: a month-day without a year later than published means last year
("March 27" in a January report), except a day or one after published, which is a time-zone skew (a Kyiv
night reported on a UTC-dated page) and is clamped to published. A full date with its year after published
is a plan ("talks on April 2, 2022"), not the event's date, and is skipped.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

from sitroom.reading.apostrophes import straight
from sitroom.reading.lexicon import _Lexicon

_MONTHS: dict[str, int] = {}
for _i, _names in enumerate(
    [
        "january jan січня січень январь января",
        "february feb лютого лютий февраль февраля",
        "march mar березня березень март марта",
        "april apr квітня квітень апрель апреля",
        "may травня травень май мая",
        "june jun червня червень июнь июня",
        "july jul липня липень июль июля",
        "august aug серпня серпень август августа",
        "september sep sept вересня вересень сентябрь сентября",
        "october oct жовтня жовтень октябрь октября",
        "november nov листопада листопад ноябрь ноября",
        "december dec грудня грудень декабрь декабря",
    ],
    start=1,
):
    for _n in _names.split():
        _MONTHS[_n] = _i

# Locative month forms ("у березні", "в марте") for month-only precision.
_MONTH_LOC: dict[str, int] = {}
for _i, _names in enumerate(
    [
        "січні январе", "лютому феврале", "березні марте", "квітні апреле", "травні мае", "червні июне",
        "липні июле", "серпні августе", "вересні сентябре", "жовтні октябре", "листопаді ноябре",
        "грудні декабре",
    ],
    start=1,
):
    for _n in _names.split():
        _MONTH_LOC[_n] = _i

_MON = "|".join(sorted(_MONTHS, key=len, reverse=True))
_NIGHT = r"(?:overnight(?:\s+(?:on|of))?|night\s+of|(?:on\s+)?the\s+night\s+of|в\s+ніч\s+(?:на|з)|у\s+ніч\s+(?:на|з)|в\s+ночь\s+(?:на|с))"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s*(\d{4})(?:\s*(?:року|р\.|года|г\.))?)?"

# "\b" before the first digit, written as a lookbehind after it: a pattern that opens with a literal or a
# character class lets the engine skip ahead to where it can start (a leading "\b" makes it try every
# position), 20x faster for the ISO date on text that has none.
_ISO = re.compile(r"(2(?<!\w2)0\d\d)-(\d\d)-(\d\d)\b")
_DMY = re.compile(r"(\d(?<!\w\d)\d?)[./](\d{1,2})[./](20\d\d)\b")
# "March 27[-28][, 2022]" (English order) and "27[-28] March / 27 березня / 27 марта [2022]", each optionally
# after a night cue ("overnight on", "в ніч на"). The cue is looked for only right before the date
# (``_first_date``): a pattern that starts with an optional cue has no first character to skip ahead to and
# runs its whole machine at every position, 3-4x slower.
_MD = _Lexicon.of(rf"\b({_MON})\.?\s+{_DAY}(?:\s*(?:-|–|to|and|/)\s*(\d{{1,2}}))?\b{_YEAR}")
_DM = _Lexicon.of(rf"\b{_DAY}(?:\s*(?:-|–|to|and|на|/)\s*(\d{{1,2}}))?\s+(?:of\s+)?({_MON})\b\.?{_YEAR}",
                  contains=[f" {m} " for m in _MONTHS])
_NIGHT_BEFORE = re.compile(rf"(?:{_NIGHT})\s+$")
_NIGHT_WINDOW = 40  # characters before a date in which its night cue must end
_NIGHT_BARE_DAY = _Lexicon.of(r"\b(?:в|у)\s+ніч\s+на\s+(\d{1,2})\b|\bв\s+ночь\s+на\s+(\d{1,2})\b")

_REL = [
    (_Lexicon.of(r"\b(?:the\s+day\s+before\s+yesterday|позавчора|позавчера)\b"), -2),
    # "Минулої доби" / "за прошедшие сутки" in a morning summary: the day before it was published.
    (_Lexicon.of(r"\b(?:yesterday|вчора|учора|вчера|минулої\s+доби|за\s+минулу\s+добу|за\s+прошедшие\s+сутки|"
                 r"за\s+минувшие\s+сутки|попередньої\s+ночі|предыдущей\s+ночью|the\s+previous\s+night)\b"), -1),
    (
        _Lexicon.of(
            r"\b(?:overnight|last\s+night|tonight|this\s+morning|this\s+afternoon|this\s+evening|today|"
            r"earlier\s+today|вночі|уночі|сьогодні|цієї\s+ночі|минулої\s+ночі|зранку|вранці|ночью|"
            r"этой\s+ночью|сегодня|утром)\b",
        ),
        0,
    ),
]
_AGO_NUM = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "два": 2, "дві": 2, "три": 3, "чотири": 4, "п'ять": 5, "две": 2, "четыре": 4, "пять": 5,
}
_AGO = _Lexicon.of(
    r"\b(\d{1,2}|one|two|three|four|five|six|seven|два|дві|три|чотири|п'ять|две|четыре|пять)\s+"
    r"(?:days?\s+ago|дн(?:і|ів)\s+тому|дн(?:я|ей)\s+назад)",
    contains=["day ago", "days ago", "дні тому", "днів тому", "дня назад", "дней назад"],
)
_WEEKDAYS = [
    ("monday", "понеділок", "понедельник"),
    ("tuesday", "вівторок", "вторник"),
    ("wednesday", "середу", "среду"),
    ("thursday", "четвер", "четверг"),
    ("friday", "п'ятницю", "пятницу"),
    ("saturday", "суботу", "субботу"),
    ("sunday", "неділю", "воскресенье"),
]
_WEEKDAY_IDX = {w: i for i, names in enumerate(_WEEKDAYS) for w in names}
_WEEKDAY = _Lexicon.of(
    r"\b(?:on\s+|late\s+on\s+|early\s+on\s+|last\s+|у\s+|в\s+|во\s+)?("
    + "|".join(w for names in _WEEKDAYS for w in names)
    + r")\b",
)
_THIS_WEEK = _Lexicon.of(r"\b(?:earlier\s+this\s+week|this\s+week|на\s+цьому\s+тижні|цього\s+тижня|на\s+этой\s+неделе)\b")
_LAST_WEEK = _Lexicon.of(r"\b(?:last\s+week|past\s+week|минулого\s+тижня|на\s+минулому\s+тижні|на\s+прошлой\s+неделе)\b")
_MONTH_ONLY = _Lexicon.of(
    r"\b(?:in|since|during|early|late|mid)[\s-]+(" + "|".join(k for k in _MONTHS if len(k) > 3) + r")\b|"
    r"\b(?:у|в|на\s+початку|наприкінці|в\s+начале|в\s+конце)\s+(" + "|".join(_MONTH_LOC) + r")\b",
)
# Something date-like that the rules did not read: only these spans go to dateparser.
_DATEISH = re.compile(r"\b\d{1,2}\s*(?:th|st|nd|rd)?\s+(?:of\s+)?[A-Za-zА-Яа-яіїєґІЇЄҐ]{3,}\.?\s+\d{4}\b")



def _parse_published(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _anchor(month: int, day: int, year: int | None, pub: date | None) -> date | None:
    """A month-day resolved against published: never after it (see module docstring)."""
    if year is not None:
        d = _make(year, month, day)
        if d is None or (pub is not None and d > pub + timedelta(days=1)):
            return None
        return min(d, pub) if pub is not None else d
    if pub is None:
        return None
    d = _make(pub.year, month, day)
    if d is None:
        return None
    if d > pub + timedelta(days=1):
        d = _make(pub.year - 1, month, day)
    elif d > pub:
        d = pub
    return d


def _first_date(rx: _Lexicon, s: str, text: str) -> tuple[int, bool, tuple[str | None, ...]] | None:
    """The first date ``rx`` finds: (start, whether a night cue precedes it, its groups). The start is the
    cue's when there is one, as if the cue were an optional part of the pattern (no date pattern can start
    inside a cue, so the first date is the one the cue would be attached to)."""
    m = rx.search(s)  # offsets of s lower-cased, which is text
    if m is None:
        return None
    window = text[max(0, m.start() - _NIGHT_WINDOW) : m.start()]
    night = _NIGHT_BEFORE.search(window)
    start = m.start() - len(window) + night.start() if night else m.start()
    return start, night is not None, m.groups()


def _explicit(s: str, text: str, pub: date | None) -> date | None:
    """The first explicit date in ``s`` (``text`` is ``s`` lower-cased)."""
    m = _ISO.search(text)
    if m:
        d = _anchor(int(m.group(2)), int(m.group(3)), int(m.group(1)), pub)
        if d:
            return d
    m = _DMY.search(text)
    if m:
        d = _anchor(int(m.group(2)), int(m.group(1)), int(m.group(3)), pub)
        if d:
            return d
    best: tuple[int, date] | None = None
    found = _first_date(_MD, s, text)
    if found:
        start, night, (mon, d1, d2, yr) = found
        assert mon is not None and d1 is not None  # not optional in the pattern
        day = int(d2) if (d2 and night) else int(d1)
        d = _anchor(_MONTHS[mon.lower()], day, int(yr) if yr else None, pub)
        if d:
            best = (start, d)
    found = _first_date(_DM, s, text)
    if found:
        start, night, (d1, d2, mon, yr) = found
        assert mon is not None and d1 is not None  # not optional in the pattern
        # "в ніч на 27-28" / "27-28 March": a night range ends on the later day.
        day = int(d2) if (d2 and night) else int(d1)
        d = _anchor(_MONTHS[mon.lower()], day, int(yr) if yr else None, pub)
        if d and (best is None or start < best[0]):
            best = (start, d)
    if best:
        return best[1]
    m = _NIGHT_BARE_DAY.search(s)
    if m and pub is not None:
        day = int(m.group(1) or m.group(2))
        return _anchor(pub.month, day, None, pub) if day <= pub.day + 1 else _last_month_day(day, pub)
    return None


def _last_month_day(day: int, pub: date) -> date | None:
    first = pub.replace(day=1) - timedelta(days=1)
    return _make(first.year, first.month, day)


@lru_cache(maxsize=1)
def _dateparser():  # type: ignore[no-untyped-def]
    import dateparser  # imported lazily: ~0.3 s and only needed for rare spans

    return dateparser


def resolve_date(text: str, lang: str, published: str | None) -> tuple[str | None, str]:
    """(YYYY-MM-DD or None, precision) of the event the text reports."""
    found, precision, _ = resolve_date_stated(text, lang, published)
    return found, precision


def resolve_date_stated(text: str, lang: str, published: str | None) -> tuple[str | None, str, bool]:
    """As ``resolve_date``, and whether the text states the date itself (False: the published day by default,
    so a sentence that names no day can belong to an incident an earlier sentence dated)."""
    pub = _parse_published(published)
    # The rules are lexicons (lower-case patterns behind classify's literal prefilter, whose scan of this
    # text is usually cached already); ``t`` is the lower-cased text the matches point into.
    s = straight(text)
    t = s.lower()
    d = _explicit(s, t, pub)
    if d:
        return d.isoformat(), "day", True
    if pub is None:
        return None, "unknown", False
    for rx, delta in _REL:
        if rx.search(s):
            return (pub + timedelta(days=delta)).isoformat(), "day", True
    m = _AGO.search(s)
    if m:
        g = m.group(1).lower()
        n = int(g) if g.isdigit() else _AGO_NUM.get(g, 0)
        if n:
            return (pub - timedelta(days=n)).isoformat(), "day", True
    m = _WEEKDAY.search(s)
    if m:
        back = (pub.weekday() - _WEEKDAY_IDX[m.group(1).lower()]) % 7
        return (pub - timedelta(days=back)).isoformat(), "day", True
    if _THIS_WEEK.search(s):
        return pub.isoformat(), "week", True
    if _LAST_WEEK.search(s):
        return (pub - timedelta(days=7)).isoformat(), "week", True
    m = _MONTH_ONLY.search(s)
    if m:
        month = _MONTHS.get((m.group(1) or "").lower()) or _MONTH_LOC[(m.group(2) or "").lower()]
        year = pub.year if month <= pub.month else pub.year - 1
        return date(year, month, 1).isoformat(), "month", True
    m = _DATEISH.search(t)
    if m:
        from datetime import datetime

        parsed = _dateparser().parse(
            m.group(0), languages=[lang], settings={"RELATIVE_BASE": datetime(pub.year, pub.month, pub.day)}
        )
        if parsed is not None and parsed.date() <= pub:
            return parsed.date().isoformat(), "day", True
    return pub.isoformat(), "day", False
