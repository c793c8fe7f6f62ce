"""Which months a source has data for: loaded, and within the period a view asks for."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Coverage:
    """First and last month with data of one source (``4mi``, ``flows``, ``deaths``), as ``YYYY-MM``.

    ``first_in_filters`` and ``last_in_filters`` are the first and last month with data within
    the filters' period (``period_from`` to ``period_to``); each is None where there is none.
    """

    source: str
    first_period: str | None
    last_period: str | None
    first_in_filters: str | None
    last_in_filters: str | None

    def record(self) -> dict[str, str | None]:
        """The coverage as a JSON-ready dict."""
        return asdict(self)
