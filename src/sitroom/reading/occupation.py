"""Towns Russia took in 2022, with the days it held them: who strikes a town depends on who holds it.

A report that names no side ("Explosions at an ammunition depot in Melitopol") is coded as a Russian strike
by default, since most unattributed strikes hit Ukrainian-held towns. Places Russia has held since 2014 are
recognised by name in ``classify``; the towns below changed hands during the war, so only the event's date
can say whether an unattributed strike there was Ukrainian (Melitopol in August 2022) or Russian (Mariupol
under siege in March 2022, Kherson after its liberation in November 2022).

The days are when each town was first reported fully under Russian control and, where it was retaken, when
Ukrainian forces were reported back in it (public reporting: ISW daily assessments, Ukrainian officials).
For small towns they are right to within a few days; an event in that margin keeps the default.
"""

from __future__ import annotations

from datetime import date

from sitroom.models import Location

# (gazetteer name, admin1) -> (held from, held until or None while still held)
HELD: dict[tuple[str, str], tuple[date, date | None]] = {
    # Zaporizhzhia Oblast, south of the 2022 front line
    ("Melitopol", "Zaporizhia"): (date(2022, 2, 26), None),
    ("Berdiansk", "Zaporizhia"): (date(2022, 2, 27), None),
    ("Enerhodar", "Zaporizhia"): (date(2022, 3, 4), None),
    ("Tokmak", "Zaporizhia"): (date(2022, 3, 7), None),
    ("Vasylivka", "Zaporizhia"): (date(2022, 3, 2), None),
    ("Dniprorudne", "Zaporizhia"): (date(2022, 3, 2), None),
    ("Polohy", "Zaporizhia"): (date(2022, 3, 7), None),
    ("Prymorsk", "Zaporizhia"): (date(2022, 3, 1), None),
    ("Yakymivka", "Zaporizhia"): (date(2022, 2, 27), None),
    # Kherson Oblast: the left bank is still held; the right bank was retaken on 2022-11-11
    ("Nova Kakhovka", "Kherson"): (date(2022, 2, 24), None),
    ("Kakhovka", "Kherson"): (date(2022, 2, 25), None),
    ("Oleshky", "Kherson"): (date(2022, 2, 26), None),
    ("Hola Prystan", "Kherson"): (date(2022, 2, 26), None),
    ("Skadovsk", "Kherson"): (date(2022, 3, 4), None),
    ("Henichesk", "Kherson"): (date(2022, 2, 24), None),
    ("Chaplynka", "Kherson"): (date(2022, 2, 25), None),
    ("Kalanchak", "Kherson"): (date(2022, 2, 25), None),
    ("Kherson", "Kherson"): (date(2022, 3, 2), date(2022, 11, 11)),
    ("Chornobaivka", "Kherson"): (date(2022, 2, 27), date(2022, 11, 11)),
    # Donetsk and Luhansk oblasts
    ("Mariupol", "Donetsk"): (date(2022, 5, 20), None),
    ("Volnovakha", "Donetsk"): (date(2022, 3, 12), None),
    ("Siverskodonetsk", "Luhansk"): (date(2022, 6, 25), None),
    ("Lysychansk", "Luhansk"): (date(2022, 7, 3), None),
    ("Rubizhne", "Luhansk"): (date(2022, 5, 12), None),
    ("Popasna", "Luhansk"): (date(2022, 5, 8), None),
    ("Kreminna", "Luhansk"): (date(2022, 4, 18), None),
    ("Svatove", "Luhansk"): (date(2022, 3, 1), None),
    ("Starobilsk", "Luhansk"): (date(2022, 3, 1), None),
    # Kharkiv Oblast, retaken in the September 2022 counteroffensive
    ("Izium", "Kharkiv"): (date(2022, 4, 1), date(2022, 9, 10)),
    ("Kupiansk", "Kharkiv"): (date(2022, 2, 27), date(2022, 9, 10)),
    ("Balakliia", "Kharkiv"): (date(2022, 3, 3), date(2022, 9, 8)),
    ("Vovchansk", "Kharkiv"): (date(2022, 2, 24), date(2022, 9, 11)),
}


def held_by_russia(location: Location | None, day: str | None) -> bool:
    """Whether the place was under Russian control on ``day`` (YYYY-MM-DD), by the table above."""
    if location is None or not day:
        return False
    span = HELD.get((location.name, location.admin1 or ""))
    if span is None:
        return False
    try:
        when = date.fromisoformat(day)
    except ValueError:
        return False
    start, end = span
    return start <= when and (end is None or when < end)
