"""Read source files into string DataFrames indexed by spreadsheet row number."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from core.text import listed
from data_access.problems import DataValidationError, Problem

FIRST_DATA_ROW = 2


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of the file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_bytes(path: Path) -> bytes:
    """The file's bytes; a missing or empty file is refused."""
    if not path.is_file():
        raise DataValidationError(path.name, [Problem(path.name, None, None, None, "file not found")])
    data = path.read_bytes()
    if not data.strip():
        raise DataValidationError(
            path.name,
            [Problem(path.name, None, None, None, "file is empty (expected a header row and data rows)")],
        )
    return data


def decode_utf8(data: bytes, file_name: str) -> str:
    """Decode UTF-8 with or without BOM; name the line of the first bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        bad = data[exc.start : exc.start + 4].hex(" ")
        raise DataValidationError(
            file_name,
            [
                Problem(
                    file_name,
                    line,
                    None,
                    None,
                    f"byte(s) {bad} are not UTF-8 text (save the file as UTF-8)",
                )
            ],
        ) from exc


def read_csv_text(data: bytes, file_name: str) -> pd.DataFrame:
    """Parse UTF-8 CSV bytes into a DataFrame of strings (blank cells are '')."""
    text = decode_utf8(data, file_name)
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_filter=False)
    except pd.errors.EmptyDataError as exc:
        raise DataValidationError(
            file_name,
            [Problem(file_name, None, None, None, "file is empty (expected a header row and data rows)")],
        ) from exc
    except pd.errors.ParserError as exc:
        raise DataValidationError(
            file_name, [Problem(file_name, None, None, None, f"not a well-formed CSV file: {exc}")]
        ) from exc
    return _number_rows(frame, file_name)


def read_xlsx(data: bytes, file_name: str) -> pd.DataFrame:
    """Parse the first sheet of an XLSX workbook into a DataFrame of strings."""
    try:
        frame = pd.read_excel(io.BytesIO(data), dtype=object, engine="openpyxl")
    except Exception as exc:  # openpyxl raises many types for a corrupt workbook
        raise DataValidationError(
            file_name, [Problem(file_name, None, None, None, f"not a readable XLSX workbook: {exc}")]
        ) from exc
    frame = frame.map(_cell_to_text).astype(str)
    return _number_rows(frame, file_name)


def read_table(path: Path) -> pd.DataFrame:
    """Read a CSV or XLSX file by extension."""
    data = read_bytes(path)
    if path.suffix.lower() == ".xlsx":
        return read_xlsx(data, path.name)
    return read_csv_text(data, path.name)


def check_columns(
    frame: pd.DataFrame, file_name: str, required: Sequence[str], optional: Sequence[str] = ()
) -> None:
    """Refuse a header with missing or unexpected columns, naming them."""
    present = [str(column) for column in frame.columns]
    missing = [column for column in required if column not in present]
    unexpected = [column for column in present if column not in required and column not in optional]
    duplicated = sorted({column for column in present if present.count(column) > 1})
    problems = []
    if missing:
        problems.append(Problem(file_name, 1, None, None, f"missing column(s): {listed(missing)}"))
    if unexpected:
        problems.append(Problem(file_name, 1, None, None, f"unexpected column(s): {listed(unexpected)}"))
    if duplicated:
        problems.append(Problem(file_name, 1, None, None, f"repeated column(s): {listed(duplicated)}"))
    if problems:
        raise DataValidationError(file_name, problems)


def _number_rows(frame: pd.DataFrame, file_name: str) -> pd.DataFrame:
    if frame.empty:
        raise DataValidationError(
            file_name,
            [Problem(file_name, None, None, None, "file has a header but no data rows")],
        )
    frame.columns = [str(column).strip() for column in frame.columns]
    frame.index = pd.RangeIndex(FIRST_DATA_ROW, FIRST_DATA_ROW + len(frame))
    return frame


def _cell_to_text(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
