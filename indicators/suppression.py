"""Small-cell suppression for breakdown tables.

A breakdown table has one row per cell: dimension columns (``dims``), a count
of people (``count_col``), optionally the base the share is computed on
(``base_col``), and any other measures (shares, interval bounds, weighted n).

Primary suppression
    * ``count_below_min``: the count is 1 .. ``min_count - 1`` (0 stays visible);
    * ``base_below_min``: the row's base is below ``min_base``; the whole row is
      hidden, because a share on a small base is unreliable and the base itself
      may be small. ``min_base >= min_count`` is required, so no visible base is
      ever a small count.

Totals
    With ``totals_published=True`` the result also holds the margin totals along
    every additive dimension and the grand total (rows with ``is_total`` set and
    :data:`TOTAL` in the summed dimensions). They are suppressed together with
    the cells: a total is itself a count (1 .. ``min_count - 1`` is hidden) and a
    total can be hidden to protect a cell. Show only these totals next to the
    cells, never totals computed elsewhere from the same data.

Complementary suppression
    A *line* is the cells that differ only in one additive dimension, plus
    their total. Until nothing changes: every line with exactly one hidden
    member gets its smallest visible non-zero member hidden too (a zero only
    when nothing else is left). Then a solver checks what an attacker can
    deduce from the visible values with the line sums, plus "a line whose
    hidden cells must sum to 0 has only zeros"; for any hidden value it can
    pin down, the cheapest visible member of one of its lines is hidden and the
    loop restarts. Categories of a multi-select question do not add up (one
    respondent can give several answers), so they are not additive: list only
    the dimensions whose categories partition people in ``additive_dims``.

What the result guarantees and what it does not: see ``docs/suppression.md``.
``suppression_reason`` is for audits: it tells a reader that a primary cell
holds 1 .. ``min_count - 1``, so never publish it; show every hidden cell alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import combinations

import numpy as np
import pandas as pd

TOTAL = "__total__"
COUNT_BELOW_MIN = "count_below_min"
BASE_BELOW_MIN = "base_below_min"
COMPLEMENTARY = "complementary"
_ADDED_COLUMNS = ("is_total", "suppressed", "suppression_reason")

Line = tuple[np.ndarray, int]
"""Row positions of the cells of a line, and the row position of their total."""


def suppress(
    table: pd.DataFrame,
    *,
    count_col: str,
    dims: Sequence[str],
    base_col: str | None = None,
    min_count: int = 5,
    min_base: int = 20,
    totals_published: bool = True,
    additive_dims: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Hide small cells, and enough others that no hidden value can be deduced.

    Parameters
    ----------
    table
        One row per combination of ``dims``.
    count_col, base_col
        Non-negative whole numbers; ``count <= base`` on every row.
    additive_dims
        Dimensions whose categories sum to the total (default: all ``dims``).
    totals_published
        ``False`` only when no total of these cells is shown anywhere in the
        same answer; then only primary suppression applies and no total rows
        are returned.

    Returns
    -------
    The cells (in input order, fresh index) then the total rows, with columns
    ``is_total``, ``suppressed`` and ``suppression_reason`` added, and every
    column other than ``dims`` null wherever ``suppressed``. Count and base
    come back as nullable ``Int64``; total rows carry counts only.
    """
    dims = list(dims)
    line_dims = _line_dims(dims, additive_dims) if totals_published else []
    _validate(table, count_col, dims, base_col, min_count, min_base)
    cube = _with_totals(table.reset_index(drop=True), count_col, dims, line_dims)
    counts = cube[count_col].to_numpy(dtype=np.int64)
    is_total = cube["is_total"].to_numpy(dtype=bool)
    reason = _primary_reasons(cube, count_col, base_col, min_count, min_base)
    lines = _lines(cube, dims, line_dims)
    hidden = _protect(counts, pd.notna(reason), lines, is_total)
    reason[hidden & pd.isna(reason)] = COMPLEMENTARY
    return _hide(cube, hidden, reason, dims, (count_col, base_col))


def _line_dims(dims: list[str], additive_dims: Sequence[str] | None) -> list[str]:
    if additive_dims is None:
        return dims
    unknown = [d for d in additive_dims if d not in dims]
    if unknown:
        raise ValueError(f"additive_dims {unknown} are not among dims {dims}")
    return [d for d in dims if d in additive_dims]


def _validate(
    table: pd.DataFrame,
    count_col: str,
    dims: list[str],
    base_col: str | None,
    min_count: int,
    min_base: int,
) -> None:
    if not 1 <= min_count <= min_base:
        raise ValueError(
            f"expected 1 <= min_count <= min_base, got min_count={min_count}, min_base={min_base}"
        )
    if not dims:
        raise ValueError("dims: expected at least one dimension column")
    measures = [count_col] + ([base_col] if base_col else [])
    missing = [c for c in [*dims, *measures] if c not in table.columns]
    if missing:
        raise ValueError(f"columns {missing} not in table (has {list(table.columns)})")
    reserved = [c for c in _ADDED_COLUMNS if c in table.columns]
    if reserved:
        raise ValueError(f"columns {reserved} are reserved for the suppression result")
    for dim in dims:
        values = table[dim]
        if values.isna().any():
            raise ValueError(f"column {dim!r}: row {_first(values.isna())} has no category")
        if (values.astype(str) == TOTAL).any():
            raise ValueError(f"column {dim!r}: {TOTAL!r} is reserved for totals")
    if table.duplicated(dims).any():
        raise ValueError(f"row {_first(table.duplicated(dims))}: repeats a combination of {dims}")
    for col in measures:
        values = pd.to_numeric(table[col], errors="coerce")
        bad = values.isna() | (values < 0) | (values != values.round())
        if bad.any():
            row = _first(bad)
            raise ValueError(f"column {col!r} row {row}: {table[col].iloc[row]!r} is not a whole number >= 0")
    if base_col and (table[count_col] > table[base_col]).any():
        row = _first(table[count_col] > table[base_col])
        raise ValueError(f"row {row}: {count_col!r} exceeds {base_col!r}")


def _first(mask: pd.Series) -> int:
    return int(np.flatnonzero(mask.to_numpy())[0])


def _with_totals(cells: pd.DataFrame, count_col: str, dims: list[str], line_dims: list[str]) -> pd.DataFrame:
    """Append one total row per combination of summed-out additive dimensions."""
    parts = [cells.assign(is_total=False)]
    for size in range(1, len(line_dims) + 1):
        for summed in combinations(line_dims, size):
            keep = [d for d in dims if d not in summed]
            if keep:
                total = cells.groupby(keep, sort=False)[count_col].sum().reset_index()
            else:
                total = pd.DataFrame({count_col: [cells[count_col].sum()]})
            parts.append(total.assign(**dict.fromkeys(summed, TOTAL), is_total=True))
    cube = pd.concat(parts, ignore_index=True)
    return cube[[*cells.columns, "is_total"]]


def _lines(cube: pd.DataFrame, dims: list[str], line_dims: list[str]) -> list[Line]:
    lines = []
    for dim in line_dims:
        rest = [d for d in dims if d != dim]
        groups = cube.groupby(rest, sort=False).indices.values() if rest else [np.arange(len(cube))]
        is_total = cube[dim].to_numpy() == TOTAL
        for rows in groups:
            rows = np.asarray(rows)
            total = rows[is_total[rows]]
            lines.append((rows[~is_total[rows]], int(total[0])))
    return lines


def _primary_reasons(
    cube: pd.DataFrame, count_col: str, base_col: str | None, min_count: int, min_base: int
) -> np.ndarray:
    counts = cube[count_col].to_numpy(dtype=np.int64)
    reason = np.full(len(cube), None, dtype=object)
    if base_col:
        small_base = cube[base_col].to_numpy(dtype=float) < min_base
        reason[small_base & ~cube["is_total"].to_numpy(dtype=bool)] = BASE_BELOW_MIN
    reason[(counts > 0) & (counts < min_count)] = COUNT_BELOW_MIN
    return reason


def _protect(counts: np.ndarray, hidden: np.ndarray, lines: list[Line], is_total: np.ndarray) -> np.ndarray:
    """Grow the hidden set until no hidden value can be deduced."""
    hidden = hidden.copy()
    members = [np.append(cells, total) for cells, total in lines]
    lines_of: list[list[int]] = [[] for _ in counts]
    for i, line in enumerate(members):
        for row in line:
            lines_of[row].append(i)
    while True:
        _complete_lines(counts, hidden, members, lines_of, is_total)
        exposed = np.flatnonzero(_exposed(counts, hidden, lines))
        if exposed.size == 0:
            return hidden
        partners = (members[i] for row in exposed for i in lines_of[row])
        pick = _cheapest(partners, counts, hidden, members, lines_of, is_total)
        if pick is None:
            hidden[:] = True
            return hidden
        hidden[pick] = True


def _complete_lines(
    counts: np.ndarray,
    hidden: np.ndarray,
    members: list[np.ndarray],
    lines_of: list[list[int]],
    is_total: np.ndarray,
) -> None:
    """Hide a second member in every line with exactly one hidden member (in place)."""
    changed = True
    while changed:
        changed = False
        for line in members:
            if hidden[line].sum() == 1:
                pick = _cheapest([line], counts, hidden, members, lines_of, is_total)
                if pick is not None:
                    hidden[pick] = True
                    changed = True


def _cheapest(
    lines: Iterable[np.ndarray],
    counts: np.ndarray,
    hidden: np.ndarray,
    members: list[np.ndarray],
    lines_of: list[list[int]],
    is_total: np.ndarray,
) -> int | None:
    """The visible member of the first line that has one, cheapest to hide.

    Non-zero values first (a hidden zero protects little); then the member that
    leaves the fewest lines with a single hidden member (less cascading); then
    the smallest value, cells before totals, row order.
    """
    for line in lines:
        candidates = line[~hidden[line]]
        if candidates.size:
            break
    else:
        return None
    values = counts[candidates]
    new_singles = [sum(not hidden[members[i]].any() for i in lines_of[row]) for row in candidates]
    order = np.lexsort((candidates, is_total[candidates], values, new_singles, values == 0))
    return int(candidates[order[0]])


def _exposed(counts: np.ndarray, hidden: np.ndarray, lines: list[Line]) -> np.ndarray:
    """Hidden rows whose value follows from the visible ones and the line sums."""
    known = ~hidden
    while True:
        deduced = _solvable(known, lines) | _forced_zero(counts, known, lines)
        if not (deduced & ~known).any():
            return hidden & known
        known |= deduced


def _solvable(known: np.ndarray, lines: list[Line]) -> np.ndarray:
    """Unknown rows fixed by the linear system (zero in every null-space vector)."""
    unknown = np.flatnonzero(~known)
    result = np.zeros(known.size, dtype=bool)
    column = {row: j for j, row in enumerate(unknown)}
    rows = []
    for cells, total in lines:
        coefficients = np.zeros(unknown.size)
        for cell in cells[~known[cells]]:
            coefficients[column[cell]] = 1.0
        if not known[total]:
            coefficients[column[total]] = -1.0
        if coefficients.any():
            rows.append(coefficients)
    if not rows:
        return result
    matrix = np.array(rows)
    _, singular, vh = np.linalg.svd(matrix)
    rank = int((singular > 1e-9 * singular[0]).sum())
    null_space = vh[rank:]
    result[unknown] = np.all(np.abs(null_space) < 1e-9, axis=0)
    return result


def _forced_zero(counts: np.ndarray, known: np.ndarray, lines: list[Line]) -> np.ndarray:
    """Unknown cells of a line whose known total leaves 0 for them (counts are >= 0)."""
    result = np.zeros(known.size, dtype=bool)
    for cells, total in lines:
        if known[total] and counts[total] == counts[cells[known[cells]]].sum():
            result[cells[~known[cells]]] = True
    return result


def _hide(
    cube: pd.DataFrame,
    hidden: np.ndarray,
    reason: np.ndarray,
    dims: list[str],
    whole_numbers: tuple[str, str | None],
) -> pd.DataFrame:
    out = cube.copy()
    visible = pd.Series(~hidden, index=out.index)
    for col in out.columns:
        if col in dims or col == "is_total":
            continue
        values = out[col].astype("Int64") if col in whole_numbers else out[col]
        out[col] = values.where(visible)
    out["suppressed"] = hidden
    out["suppression_reason"] = pd.Series(reason, index=out.index, dtype=object)
    return out
