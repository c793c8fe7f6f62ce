"""Pandera schemas over string frames, with failures turned into :class:`Problem` s.

Every source file is read as text; the schemas check each raw value against what
the data contract expects, so an error can quote the value exactly as written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from data_access.problems import DataValidationError, Problem

ISO3 = r"^[A-Z]{3}$"
PERIOD = r"^\d{4}-(0[1-9]|1[0-2])$"
WHOLE_NUMBER = r"^\d+$"
DUPLICATE_CHECK = "multiple_fields_uniqueness"


def text(*checks: pa.Check, blank_ok: bool = False) -> pa.Column:
    """A text column whose non-blank values must pass ``checks``."""
    wrapped = [_allow_blank(check) for check in checks] if blank_ok else list(checks)
    if not blank_ok:
        wrapped.insert(0, pa.Check(lambda s: s.str.strip() != "", error="a value (cell is blank)"))
    return pa.Column(str, checks=wrapped)


def matches(pattern: str, expected: str) -> pa.Check:
    """Value matches a regular expression."""
    return pa.Check.str_matches(pattern, error=expected)


def one_of(values: Iterable[str], what: str) -> pa.Check:
    """Value is one of a closed vocabulary."""
    allowed = sorted(set(values))
    shown = ", ".join(allowed) if len(allowed) <= 12 else f"{', '.join(allowed[:12])}, …"
    return pa.Check.isin(allowed, error=f"{what}: one of {shown}")


def parses(parser: Callable[[pd.Series], pd.Series], expected: str) -> pa.Check:
    """Value is accepted by a vectorised parser returning NaN/NaT where it fails."""
    return pa.Check(lambda s: parser(s).notna(), error=expected)


def iso_date(series: pd.Series) -> pd.Series:
    """Parse YYYY-MM-DD strictly (NaT where it fails)."""
    return pd.to_datetime(series, format="%Y-%m-%d", errors="coerce")


def number(series: pd.Series) -> pd.Series:
    """Parse decimal numbers (NaN where it fails)."""
    return pd.to_numeric(series, errors="coerce")


def in_range(low: float, high: float, expected: str) -> pa.Check:
    """A decimal number within [low, high]."""
    return pa.Check(lambda s: number(s).between(low, high), error=expected)


def row_rule(column: str, expected: str, rule: Callable[[pd.DataFrame], pd.Series]) -> pa.Check:
    """A rule across columns; failures are reported against ``column``."""
    return pa.Check(rule, error=f"{column}::{expected}")


def validate(frame: pd.DataFrame, schema: pa.DataFrameSchema, file_name: str) -> None:
    """Validate lazily and raise one :class:`DataValidationError` listing every failure."""
    try:
        schema.validate(frame, lazy=True)
    except SchemaErrors as exc:
        raise DataValidationError(file_name, list(_problems(exc.failure_cases, frame, file_name))) from exc


def _allow_blank(check: pa.Check) -> pa.Check:
    return pa.Check(
        lambda s, inner=check: (s.str.strip() == "") | inner(s).check_output,
        error=check.error,
    )


def _problems(failures: pd.DataFrame, frame: pd.DataFrame, file_name: str) -> Iterable[Problem]:
    seen: set[tuple[object, ...]] = set()
    for failure in failures.itertuples(index=False):
        check = str(failure.check)
        row = None if pd.isna(failure.index) else int(failure.index)
        if check == DUPLICATE_CHECK:
            key = ("dup", row)
            problem = Problem(
                file_name, row, None, None, "a unique cell (this row repeats another row's key columns)"
            )
        elif "::" in check:
            column, expected = check.split("::", 1)
            key = (row, column, expected)
            value = None if row is None else str(frame.at[row, column])
            problem = Problem(file_name, row, column, value, expected)
        else:
            column = None if pd.isna(failure.column) else str(failure.column)
            key = (row, column, check)
            problem = Problem(file_name, row, column, _text(failure.failure_case), _expected(check))
        if key not in seen:
            seen.add(key)
            yield problem


def _expected(check: str) -> str:
    if check.startswith("column_in_dataframe") or check.startswith("column_in_schema"):
        return "a column defined by the data contract"
    return check


def _text(value: object) -> str | None:
    return None if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
