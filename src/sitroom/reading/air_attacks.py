"""Launch and interception counts of an air attack ("Russia launched 48 Shahed drones; air defence shot
down 39"), in English, Ukrainian and Russian.

Air force reports give two numbers that matter to a reader of the overnight picture: how many drones and
missiles were launched and how many were shot down. Both are read only from the same sentence or short
passage as the attack, only as digits next to a drone/missile word or an interception verb, and an
interception count larger than the launch count is dropped (it belongs to something else).
"""

from __future__ import annotations

import re

_NUM = r"(?<!\d)(\d{1,4})(?!\d)"
_GAP = r"(?:[^\W\d][\w'’«»\"-]*\s+){0,3}?"  # up to three words, none a number
_AIR_WEAPON = (
    r"(?:drones?|uavs?|shaheds?|gerans?|missiles?|rockets?|kamikaze|бпла|дрон\w*|безпілотник\w*|шахед\w*"
    r"|ракет\w*|беспилотник\w*|ударн\w+\s+бпла)"
)
_LAUNCH = [
    re.compile(
        r"(?:launched|fired|sent|used|attacked\s+(?:\w+\s+){0,3}?with)\s+(?:a\s+total\s+of\s+|at\s+least\s+)?"
        + _NUM + r"\s+" + _GAP + _AIR_WEAPON
    ),
    re.compile(_NUM + r"\s+" + _GAP + _AIR_WEAPON + r"\s+(?:were\s+|had\s+been\s+)?(?:launched|fired)"),
    re.compile(
        r"(?:атакува\w*|випусти\w*|запусти\w*|застосува\w*|атаковал\w*|выпустил\w*|запустил\w*|применил\w*)"
        r"\s+(?:\w+\s+){0,3}?" + _NUM + r"\s+" + _GAP + _AIR_WEAPON
    ),
    re.compile(r"(?:^|\s)(?:з|із|из)\s+" + _NUM + r"\s+" + _GAP + _AIR_WEAPON),
    re.compile(r"(?:^|\s)(?:of|out\s+of)\s+(?:the\s+)?" + _NUM + r"\s+" + _GAP + _AIR_WEAPON),
]
_SHOT = (
    r"(?:shot\s+down|intercepted|downed|destroyed|neutrali[sz]ed|збито|збили|збив|знешкоджено|знешкодили"
    r"|знищено|перехоплено|сбито|сбиты|сбили|перехвачен\w*|уничтожен\w*|подавлен\w*)"
)
_INTERCEPT = [
    re.compile(_SHOT + r"\s+(?:all\s+|усі\s+|все\s+)?" + _NUM + r"(?!\s*(?:km|км|%))"),
    re.compile(_NUM + r"\s+(?:of\s+them\s+|з\s+них\s+|из\s+них\s+|" + _GAP + r")(?:were\s+|had\s+been\s+|було\s+|были\s+)?" + _SHOT),
]


def _first(patterns: list[re.Pattern[str]], text: str) -> int | None:
    for rx in patterns:
        m = rx.search(text)
        if m:
            return int(m.group(1))
    return None


def extract_air_attack(text: str, lang: str = "en") -> tuple[int | None, int | None]:
    """(launched, intercepted) stated in ``text``; None where it states none."""
    del lang  # the patterns are trilingual
    low = text.lower()
    launched = _first(_LAUNCH, low)
    intercepted = _first(_INTERCEPT, low)
    if launched is not None and intercepted is not None and intercepted > launched:
        intercepted = None
    if launched is None and intercepted is None:
        return None, None
    return launched, intercepted
