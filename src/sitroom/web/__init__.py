"""Stage 8: the FastAPI app (``app``: UI pages, JSON API, search), ``exports`` (CSV, GeoJSON, ACLED-style
CSV, JSONL), Jinja2 ``templates/`` and ``static/`` (the Leaflet map, vendored by ``make assets``).

May import: everything below it (store, briefing, incidents, reading, foundation). Not jobs or cli.
"""
