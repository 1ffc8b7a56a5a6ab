"""The thin Typer command line: each command parses its arguments, calls one library function and prints.
``main`` holds ``app`` (the ``sitroom`` console script), ``feeds`` the ``feeds`` and ``watch`` commands.

May import: anything in sitroom (it is the top layer).
"""
