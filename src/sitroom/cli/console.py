"""The CLI's stderr console, made on first use: importing rich costs about a tenth of a second at start-up,
which ``sitroom version``, ``--help`` and a quiet ``extract`` never need."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from rich.console import Console


@cache
def _made(soft_wrap: bool) -> Console:
    from rich.console import Console

    return Console(stderr=True, soft_wrap=soft_wrap)


class _Deferred:
    __slots__ = ("_soft_wrap",)

    def __init__(self, soft_wrap: bool) -> None:
        self._soft_wrap = soft_wrap

    def __getattr__(self, name: str) -> Any:
        return getattr(_made(self._soft_wrap), name)


def made(console: Console) -> Console:
    """The real console behind a stand-in (for rich objects that use it as a context manager)."""
    return _made(console._soft_wrap) if isinstance(console, _Deferred) else console


def stderr_console(soft_wrap: bool = True) -> Console:
    """A stand-in for ``Console(stderr=True, soft_wrap=...)`` that makes the real one when first used."""
    return cast("Console", _Deferred(soft_wrap))
