"""A value quoted in a message, cut to a length a reader can take in.

A rejected cell or parameter may be megabytes long; every message that echoes one shows
its start and how long it was, so a message stays a line whatever it quotes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from core.i18n import _

#: Characters of a value a message shows before cutting it.
SHOWN_CHARS = 80
#: Names a message lists before saying how many more there are.
LISTED_NAMES = 30


def shortened(value: object, limit: int = SHOWN_CHARS) -> str:
    """``value`` as text, cut after ``limit`` characters with "… (N characters)" saying how long it was."""
    return _cut(str(value), limit, str)


def quoted(value: object, limit: int = SHOWN_CHARS) -> str:
    """``value`` in quotes (Python's ``repr``), cut like :func:`shortened` after ``limit`` characters."""
    return _cut(str(value), limit, repr)


def listed(names: Sequence[object], limit: int = LISTED_NAMES) -> str:
    """``names`` joined by commas, each :func:`shortened`, the first ``limit`` of them and how many more."""
    shown = ", ".join(shortened(name) for name in names[:limit])
    if len(names) <= limit:
        return shown
    return _("%(shown)s and %(count)s more", shown=shown, count=f"{len(names) - limit:,}")


def _cut(text: str, limit: int, show: Callable[[str], str]) -> str:
    if len(text) <= limit:
        return show(text)
    return _("%(start)s… (%(count)s characters)", start=show(text[:limit]), count=f"{len(text):,}")
