"""What every importer provides: parsed rows ready to insert, and their provenance."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import pandas as pd
from sqlalchemy import Table


@dataclass(frozen=True)
class ParsedFile:
    """A validated file: rows for one table, plus the schema version it matched.

    ``related`` holds rows of further tables derived from the file (keyed by table),
    loaded and replaced together with ``rows``.
    """

    rows: pd.DataFrame
    schema_version: str
    notes: list[str] = field(default_factory=list)
    related: dict[Table, pd.DataFrame] = field(default_factory=dict)


class Importer(Protocol):
    """Parses and validates one kind of source file."""

    kind: str
    table: Table
    licence: str
    credit: str
    derivation: str

    def parse(self, path: Path) -> ParsedFile:
        """Read and validate ``path``; raise ``DataValidationError`` listing every problem."""
        ...
