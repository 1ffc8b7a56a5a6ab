"""Stage 1: sources -> Documents. Files (.txt/.md/.html/.jsonl, Telegram exports, RSS/Atom) and feeds
fetched over HTTP become ``Document``s (content-hash id, source, url, published, language, clean text) or
recorded ``Rejection``s.

Modules: ``sources`` (the dispatcher: a path -> documents), ``base`` (limits, ids, language), ``markup``
(HTML/Markdown), ``records`` (JSON Lines, Telegram), ``lang`` (en/uk/ru language id), ``feeds`` (RSS/Atom
parsing and the feed tables), ``fetch`` (HTTP fetching: robots.txt, conditional GET, rate and size limits).

May import: ``sitroom.models``, ``sitroom.options``. Nothing else of sitroom.
"""
