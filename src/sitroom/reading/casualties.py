"""Killed / injured figures of one reported incident, in English, Ukrainian and Russian.

Approach (no parser, one tokenizer pass and dictionary look-ups):

* the text is split into tokens: numbers ("19", "1,200"), words, and clause punctuation;
* each token is read as a *number* (digits; number words in all three languages, inflected: "four",
  "чотирьох", "четверо", "двоє", "двое"; "twenty-one"; vague ACLED words: "dozens" 12, "tens"/"десятки"
  10, "hundreds"/"сотні"/"сотни" 100), a *casualty keyword* (kill/dead/died/toll, загин-/вбит-, погиб-/
  убит-; injur/wound/hurt, поран-/травм-/постражд-, ранен-/пострада-), a *filler* ("people", "at least",
  "were", "щонайменше", "ще", "человек", "rose to" ...) or anything else;
* a number attaches to the nearest keyword reachable through fillers only (at most ``_WINDOW`` tokens
  either way; ties go to the keyword after the number: "two were killed and three were injured");
  numbers followed by a unit ("68-year-old", "48 Shaheds", "3 hours", "152 mm") never attach;
* a singular victim with no number is one: "a 68-year-old woman was killed", "a man was injured",
  "загинула жінка", "погиб мужчина";
* several figures for one kind: a revision ("rose to 6", "зросла до 6", "возросло до 6") wins, else the
  largest (the same victims are often counted twice in one passage: "4 killed ... four people died");
* cumulative and national tallies ("since the start of the war", "in total", "за весь час", "всего с
  начала", General Staff "losses"/"personnel") are not an incident's figures: everything is None.

``civilian`` is True when victims are named as civilians (civilians, residents, woman, child, people,
мирні, жителі, люди ...), False when only soldiers/servicemen are named, None otherwise or with no figures.
"""

from __future__ import annotations

import re
from functools import lru_cache

from sitroom.models import Casualties
from sitroom.reading.apostrophes import straight
from sitroom.reading.lexicon import _Lexicon

_WINDOW = 6  # tokens between a number and its keyword; "killed at least 19 more people" needs 4

_TOKEN = re.compile(r"\d{1,3}(?:[,\u00a0\u202f]\d{3})+(?!\d)|\d+[\w'’ʼ-]+|\d+|[^\W\d_][\w'’ʼ-]*|[.;:!?()]|,")

_EN_NUM = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "dozen": 12, "dozens": 12, "tens": 10, "hundreds": 100,
}
_UK_NUM = {
    "один": 1, "одна": 1, "одне": 1, "одного": 1, "одну": 1, "одній": 1, "одним": 1,
    "два": 2, "дві": 2, "двох": 2, "двом": 2, "двоє": 2, "три": 3, "трьох": 3, "троє": 3,
    "чотири": 4, "чотирьох": 4, "четверо": 4, "п'ять": 5, "п'ятьох": 5, "п'ятеро": 5, "п'яти": 5,
    "шість": 6, "шести": 6, "шістьох": 6, "шестеро": 6, "сім": 7, "семи": 7, "сімох": 7, "семеро": 7,
    "вісім": 8, "восьми": 8, "вісьмох": 8, "восьмеро": 8, "дев'ять": 9, "дев'яти": 9, "дев'ятеро": 9,
    "десять": 10, "десяти": 10, "десятеро": 10, "одинадцять": 11, "дванадцять": 12, "тринадцять": 13,
    "чотирнадцять": 14, "п'ятнадцять": 15, "шістнадцять": 16, "сімнадцять": 17, "вісімнадцять": 18,
    "дев'ятнадцять": 19, "двадцять": 20, "двадцяти": 20, "тридцять": 30, "сорок": 40, "п'ятдесят": 50,
    "десятки": 10, "десятків": 10, "сотні": 100, "сотень": 100, "дюжина": 12,
}
_RU_NUM = {
    "один": 1, "одна": 1, "одно": 1, "одного": 1, "одну": 1, "одной": 1,
    "два": 2, "две": 2, "двух": 2, "двое": 2, "три": 3, "трех": 3, "трёх": 3, "трое": 3,
    "четыре": 4, "четырех": 4, "четырёх": 4, "четверо": 4, "пять": 5, "пяти": 5, "пятеро": 5,
    "шесть": 6, "шести": 6, "шестеро": 6, "семь": 7, "семи": 7, "семеро": 7, "восемь": 8, "восьми": 8,
    "девять": 9, "девяти": 9, "десять": 10, "десяти": 10, "одиннадцать": 11, "двенадцать": 12,
    "тринадцать": 13, "четырнадцать": 14, "пятнадцать": 15, "шестнадцать": 16, "семнадцать": 17,
    "восемнадцать": 18, "девятнадцать": 19, "двадцать": 20, "двадцати": 20, "тридцать": 30, "сорок": 40,
    "пятьдесят": 50, "десятки": 10, "десятков": 10, "сотни": 100, "сотен": 100, "дюжина": 12,
}
_NUM_WORDS = {**_RU_NUM, **_UK_NUM, **_EN_NUM}

_KILL = re.compile(
    r"^(?:kill|dead|died|dies|death|toll|fatalit|lives|загин|загибл|вбит|вбив|вбил|убит|убив|убил|погиб|"
    r"погибш|жертв|смерт|задвохсот|задвухсот)"
)
_INJ = re.compile(
    r"^(?:injur|wound|hurt|hospitali|поран|травм|постражд|ушкодж|ранен|ранил|пострада|госпитал|госпітал)"
)
# Some token starts with a death or injury stem only if the text contains one: a text without any has no
# figures, and is not tokenised at all.
_ANY_HARM = _Lexicon.of(_KILL.pattern[1:] + "|" + _INJ.pattern[1:])
# Words that may sit between a number and its keyword without breaking the link.
_FILLER = set(
    """a an the at least more than over about around some nearly almost another other further additional
    and of them whom were was have has had been be being are is reportedly also including in total
    people person persons civilians civilian residents resident children child kids women men soldiers
    servicemen troops rose risen rises rising increased climbed grew to up now , are who as
    no fewer less suffered sustained received minor serious severe light moderate
    дістали дістав дістала отримали отримав отримала зазнали зазнав зазнала получили получил получила
    boys girls teenagers adults infants babies elderly teachers students pupils workers employees rescuers
    doctors medics paramedics policemen police officers volunteers passengers miners journalists patients
    вчителі вчителів працівники працівників рятувальники рятувальників медики медиків пасажири пасажирів
    учителя учителей работники работников сотрудники сотрудников спасатели спасателей пассажиры пассажиров
    ще щонайменше щонайменш щонайбільше як мінімум понад майже близько приблизно ще було були є
    людей люди людини чоловік осіб особи особа цивільних мирних жителів мешканців дітей дитини військових
    зросла зросло зріс зросли до і та й а з них серед кількість число
    еще ещё не менее минимум как более почти около было были есть человек человека людей мирных жителей
    детей военных возросло возросла выросло выросла увеличилось до и а из них число количество среди""".split()
)
# Adjectives that may also sit between ("two Ukrainian soldiers", "загинула 68-річна жінка").
_ADJ = re.compile(
    r"^(?:\d+-(?:year-old|річн|летн)\w*|ukrainian|russian|local|elderly|young|old|innocent|"
    r"українськ\w*|російськ\w*|місцев\w*|літн\w*|украинск\w*|российск\w*|местн\w*|пожил\w*)$"
)
# A number next to a month name is a day of a date ("on March 28, killing 2", "28 березня"), never a count.
_MONTH = re.compile(
    r"^(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t|tember)?|oct(?:ober)?"
    r"|nov(?:ember)?|dec(?:ember)?|січ\w*|лют\w*|берез\w*|квіт\w*|травн\w*|червн\w*|черв|лип\w*|серп\w*|верес\w*"
    r"|жовт\w*|листопад\w*|груд\w*|январ\w*|феврал\w*|март\w*|апрел\w*|ма[йя]|июн\w*|июл\w*|август\w*"
    r"|сентябр\w*|октябр\w*|ноябр\w*|декабр\w*)\.?$"
)
# "aged 9 and 14", "віком 54 роки", "в возрасте 70 лет": ages, skipped over when a count looks for its keyword.
_AGED = {"aged", "age", "ages", "віком", "вік", "возрасте", "возрастом"}
_AND = {"and", "or", "і", "й", "та", "и", "или", "або", ","}
_REVISION = {"rose", "risen", "rises", "rising", "increased", "climbed", "grew", "зросла", "зросло", "зріс",
             "зросли", "возросло", "возросла", "выросло", "выросла", "увеличилось"}
# Token after a number that makes it a quantity of something else.
_UNIT = re.compile(
    r"^(?:years?|year-old|yo|річн|рок|лет|год|hours?|годин|час|minutes?|хвилин|минут|km|км|kilomet|кілометр|"
    r"километр|mm|мм|m\b|metres?|meters?|метр|per\b|percent|%|відсот|процент|drones?|дрон|uav|бпла|безпілот|"
    r"беспилот|shahed|шахед|missiles?|ракет|rockets?|shells?|снаряд|bombs?|бомб|tanks?|танк|times?|раз|"
    r"houses?|homes?|buildings?|будин|будівел|дом|здани|settlements?|населен|villages?|сел|towns?|міст|"
    r"город|districts?|район|regions?|област|oblasts?|areas?|attacks?|атак|strikes?|удар|ударів|"
    r"тис|тыс|thousand|million|мільйон|миллион|uah|грн|руб|dollars?|доларів|usd|tons?|тонн|"
    r"points?|объект|об'єкт|objects?|vehicles?|автомоб|машин|cars?|floors?|поверх|этаж|storey|"
    r"a\.m|p\.m|am\b|pm\b|o'clock|гривень|рублей|positions?|позиц|directions?|напрям|направлен)"
)
_CUMULATIVE = _Lexicon.of(
    r"since the (?:start|beginning) of|since (?:february|feb\.?) 24|since 2014|since the full-scale|"
    r"in total|a total of|total of|so far this year|throughout the war|over the course of the war|"
    r"throughout the invasion|during the war|losses|personnel|"
    r"за весь час|з початку|від початку|загалом|втрат|особового складу|"
    r"с начала|всего с|за время|потер|личного состава|с 24 февраля|з 24 лютого",
)
_SINGULAR_VICTIM = re.compile(
    r"^(?:man|woman|child|boy|girl|teenager|person|civilian|resident|pensioner|driver|soldier|serviceman|"
    r"volunteer|rescuer|policeman|officer|medic|worker|journalist|farmer|"
    r"жінка|жінку|чоловік|чоловіка|дитина|дитину|хлопчик|хлопчика|дівчинка|дівчинку|підліток|людина|"
    r"пенсіонер|пенсіонерка|пенсіонерку|мешканець|мешканка|мешканця|водій|водія|військовий|рятувальник|"
    r"женщина|женщину|мужчина|мужчину|ребенок|ребёнок|мальчик|девочка|подросток|пенсионер|пенсионерка|"
    r"житель|жительница|водитель|военный|военнослужащий|спасатель|"
    r"general|commander|хлопця|окупанта|офіцера|генерала|командира|оккупанта|офицера|мальчика|девочку)$"
)
# "no one was hurt", "люди не постраждали", "обошлось без пострадавших": an explicit zero. Harm words
# ("hurt", "постраждали", "пострадавших", "casualties") cover both figures; injury words only injured;
# death words only killed.
_ZERO_BOTH = _Lexicon.of(
    r"\b(?:no\s+(?:one|body)\s+was\s+(?:hurt|harmed)|nobody\s+was\s+(?:hurt|harmed)|no\s+casualties"
    r"|without\s+casualties|no\s+(?:one|body)\s+was\s+hurt|"
    r"(?:люди|ніхто|никто|никого)\s+не\s+(?:постраждал\w*|пострадал\w*|постраждав|пострадал)|"
    r"не\s+(?:постраждал\w*|пострадал\w*)\s+(?:люди|ніхто|никто)|"
    r"без\s+(?:жертв|постраждалих|пострадавших|потерпілих)|жертв\s+(?:немає|нема|нет)|"
    r"постраждалих\s+(?:немає|нема)|пострадавших\s+нет)",
)
_ZERO_INJURED = _Lexicon.of(
    r"\b(?:no\s+(?:one|body)\s+was\s+(?:injured|wounded)|nobody\s+was\s+(?:injured|wounded)|no\s+injuries"
    r"|поранених\s+(?:немає|нема)|ніхто\s+не\s+(?:поранений|травмований)|раненых\s+нет|никто\s+не\s+ранен)",
)
_ZERO_KILLED = _Lexicon.of(
    r"\b(?:no\s+(?:one|body)\s+was\s+killed|nobody\s+was\s+killed|no\s+(?:deaths|fatalities)"
    r"|загиблих\s+(?:немає|нема)|ніхто\s+не\s+загинув|погибших\s+нет|никто\s+не\s+погиб)",
)
_SINGULAR_VERB = re.compile(
    r"^(?:загинув|загинула|загинуло|загинула|вбито|поранений|поранена|поранено|травмований|травмована|"
    r"постраждав|постраждала|погиб|погибла|убит|убита|ранен|ранена|пострадал|пострадала)$"
)
_ARTICLE = {"a", "an", "one", "another", "the"}
_CIVIL = _Lexicon.of(
    r"\b(?:civilian|resident|woman|women|child|children|boy|girl|teen|people|person|man|men|pensioner|"
    r"famil|elderly|driver|passenger|worker|journalist|volunteer|medic|rescuer|"
    r"цивільн|мирн|жител|мешкан|жінк|чоловік|дит|діт|людей|люди|людин|осіб|особ|пенсіонер|підліт|хлоп|дівч|"
    r"водій|рятувальн|женщин|мужчин|ребен|ребён|детей|дети|человек|пенсионер|подрост|мальчик|девоч|"
    r"водител|спасател)",
)
_MILITARY = _Lexicon.of(
    r"\b(?:soldier|servicem|troops|military personnel|marines|fighters|militar|"
    r"військов|бійц|бойов|захисник|солдат|військовослужбов|военнослужащ|военн|бойц|солдат)",
)


def number_value(token: str) -> int | None:
    """A count written in digits or words ("3", "three", "двоє", "трое"), else None."""
    return _number(token.lower())


def _number(tok: str) -> int | None:
    if tok[0].isdigit():
        digits = re.sub(r"[,\u00a0\u202f]", "", tok)
        return int(digits) if digits.isdigit() else None
    if tok in _NUM_WORDS:
        return _NUM_WORDS[tok]
    if "-" in tok:  # "twenty-one"
        parts = tok.split("-")
        if len(parts) == 2 and parts[0] in _EN_NUM and parts[1] in _EN_NUM:
            return _EN_NUM[parts[0]] + _EN_NUM[parts[1]]
    return None


@lru_cache(maxsize=16384)
def _kind(tok: str) -> str | None:
    if _KILL.match(tok):
        return "k"
    if _INJ.match(tok):
        return "i"
    return None


# "The death toll from Monday's strike on Odesa rose to 6": a revised toll whose number stands too far from
# "toll" for the token window. The revision is the figure (digits only: a toll is reported as a number).
_REVISED_TO = (
    r"[^.;:!?]{0,90}?(?:rose|risen|has\s+risen|climbed|increased|grew|reached|зросла|зросло|збільшилася|досягла"
    r"|возросло|возросла|выросло|выросла|увеличилось|достигло)\s+(?:to\s+|до\s+)?(\d{1,4})(?!\d)"
)
_TOLL_REVISED = _Lexicon.of(
    r"(?:death\s+toll|toll|number\s+of\s+(?:dead|deaths|people\s+killed)|кількість\s+(?:загиблих|жертв)"
    r"|число\s+(?:погибших|жертв)|количество\s+(?:погибших|жертв))" + _REVISED_TO
)
_INJURED_REVISED = _Lexicon.of(
    r"(?:number\s+of\s+(?:injured|wounded)|кількість\s+(?:поранених|постраждалих)|число\s+(?:раненых|пострадавших)"
    r"|количество\s+(?:раненых|пострадавших))" + _REVISED_TO
)


def extract_casualties(text: str, lang: str) -> Casualties:
    """Killed/injured of the incident the text reports; None where it gives no figure."""
    # The phrase lists are lexicons (lower-case patterns behind classify's literal prefilter, whose scan of
    # this text is usually cached already); the tokens are read from the lower-cased text.
    s = straight(text)
    if _CUMULATIVE.search(s):
        return Casualties()
    found = _figures(s.lower(), s, lang)
    zero_k = bool(_ZERO_BOTH.search(s) or _ZERO_KILLED.search(s))
    zero_i = bool(_ZERO_BOTH.search(s) or _ZERO_INJURED.search(s))
    if found is None and not (zero_k or zero_i) and not _TOLL_REVISED.may_match(s) \
            and not _INJURED_REVISED.may_match(s):
        return Casualties()
    killed, injured, civilian = found if found else (None, None, None)
    revised = _TOLL_REVISED.search(s)
    if revised:
        killed = int(revised.group(1))
    revised = _INJURED_REVISED.search(s)
    if revised:
        injured = int(revised.group(1))
    # An explicit "no one was hurt" fills a figure the text gives no number for; a stated number wins.
    if killed is None and zero_k:
        killed = 0
    if injured is None and zero_i:
        injured = 0
    return Casualties(killed, injured, civilian)


def _figures(t: str, s: str, lang: str) -> tuple[int | None, int | None, bool | None] | None:
    """Killed, injured and civilian read from numbers and keywords (``t`` is ``s`` lower-cased); None when
    the text states no figure."""
    if not _ANY_HARM.search(s):
        return None
    toks = [m.group(0) for m in _TOKEN.finditer(t)]  # t is lower-cased
    n = len(toks)
    kinds = [_kind(x) for x in toks]
    if not any(kinds):
        return None
    nums: list[int | None] = [_number(x) for x in toks]
    # "twenty one" / "двадцять один": a tens word then a unit word is one number.
    for i in range(n - 1):
        a, b = nums[i], nums[i + 1]
        if a and b and a % 10 == 0 and 20 <= a <= 90 and b < 10:
            nums[i], nums[i + 1] = a + b, None
    # A year ("in 2022") or a number followed by a unit is no casualty figure; "no one" is no one.
    for i, v in enumerate(nums):
        if v is None:
            continue
        if toks[i] == "one" and i > 0 and toks[i - 1] == "no":
            nums[i] = None
            continue
        nxt = toks[i + 1] if i + 1 < n else ""
        prv = toks[i - 1] if i else ""
        if (nxt and _UNIT.match(nxt)) or (toks[i].isdigit() and len(toks[i]) == 4 and 1900 <= v <= 2100):
            nums[i] = None
        elif toks[i][0].isdigit() and (_MONTH.match(nxt) or _MONTH.match(prv)):
            nums[i] = None  # a date
        elif toks[i][0].isdigit() and prv == "," and nxt == "," and i >= 2 and toks[i - 2][0].isalpha():
            nums[i] = None  # "Olena, 54, a nurse": an age
    # Ages: "aged 9 and 14 were killed" -- the ages are no figures, and the count walks over them.
    skip: set[int] = set()
    for i, x in enumerate(toks):
        if x in _AGED:
            j = i + 1
            while j < n and (nums[j] is not None or toks[j] in _AND):
                nums[j] = None
                skip.add(j)
                j += 1
            if j > i + 1:
                skip.add(i)
    # Singular victims: "a (68-year-old) woman was killed", "загинула жінка".
    for i, x in enumerate(toks):
        # "топ-окупанта": the noun after a hyphenated modifier; "General Staff" is no general.
        if nums[i] is not None or not _SINGULAR_VICTIM.match(x.rsplit("-", 1)[-1]):
            continue
        if i + 1 < n and toks[i + 1] in ("staff", "staff's"):
            continue
        prev = toks[max(0, i - 3):i]
        if any(p in _ARTICLE for p in prev) or (lang != "en" and not any(_number(p) for p in prev)):
            if not any(nums[j] is not None for j in range(max(0, i - 3), i)):
                nums[i] = 1
    figures: dict[str, list[tuple[bool, int]]] = {"k": [], "i": []}
    for i, v in enumerate(nums):
        if v is None or kinds[i]:
            continue
        best: tuple[int, int, str, bool] | None = None  # (distance, direction pref, kind, revision)
        for step, pref in ((1, 0), (-1, 1)):  # forward (number before keyword) preferred on ties
            j, revision = i + step, False
            while 0 <= j < n and abs(j - i) <= _WINDOW + len(skip):
                if j in skip:
                    j += step
                    continue
                if step < 0 and toks[j] == ",":
                    break  # "no one was killed, 3 people were injured": a figure after a comma reads forward
                if kinds[j]:
                    cand = (abs(j - i), pref, kinds[j] or "", revision)
                    if best is None or cand[:2] < best[:2]:
                        best = cand
                    break
                if (toks[j] not in _FILLER and not _ADJ.match(toks[j])) or nums[j] is not None:
                    break
                if toks[j] in _REVISION:
                    revision = True
                j += step
        if best:
            figures[best[2]].append((best[3], v))
    # Singular verb with no figure: "загинула 68-річна жінка" is covered above; "погиб" alone is not a count.
    out: dict[str, int | None] = {}
    for k, figs in figures.items():
        revised = [v for r, v in figs if r]
        out[k] = revised[-1] if revised else (max(v for _, v in figs) if figs else None)
    if out["k"] is None and out["i"] is None:
        return None
    civilian: bool | None = None
    if _CIVIL.search(s):
        civilian = True
    elif _MILITARY.search(s):
        civilian = False
    return out["k"], out["i"], civilian
