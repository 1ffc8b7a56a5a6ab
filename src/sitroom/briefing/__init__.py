"""Stage 7: the daily briefing. ``select`` picks and ranks a day's incidents and developments
(``developments``), ``sections`` files each under a front, oblast or theme, ``wording`` writes each item's
headline and status line from extracted fields only, ``render`` writes Markdown, HTML, JSON and Atom;
``model`` holds the typed records.

May import: the layers below (models, options, geodesy, reading, incidents). Reads a store through the
``EventSource`` protocol, never by importing ``sitroom.store``.
"""
