"""Stages 2-4: reading a Document. Passages and sentences (``passages``), then per sentence: places
(``geo`` over the ``gazetteer``; ``occupation`` says who held a place on a day), dates including relative
ones (``dates``), casualty figures (``casualties``), event type, weapons, targets and sides (``classify``
with its stem lists in ``lexicons/`` compiled by ``lexicon``), claims (``claims``), air-attack tallies
(``air_attacks``); ``events`` assembles them into one ``Event`` per incident of a document.

May import: ``sitroom.models``, ``sitroom.options``, ``sitroom.geodesy``. Not ingest, store, or above.
"""
