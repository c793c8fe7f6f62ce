"""Properties of small-cell suppression on random breakdown tables.

The disclosure checker here is written independently of the module: it plays
an attacker who sees the visible cells and totals, knows how totals are made,
and solves for hidden values by subtraction, by "a line whose hidden cells
sum to 0 holds only zeros", and by linear algebra on all the line sums.
"""

from itertools import combinations, product

import numpy as np
import pandas as pd
from hypothesis import example, given, settings
from hypothesis import strategies as st

from indicators.suppression import TOTAL, suppress

# 100 examples (Hypothesis' default) per property; no deadline: examples are timed on a shared CPU.
SETTINGS = settings(max_examples=100, deadline=None)


@st.composite
def breakdowns(draw):
    """A full grid of 1-3 dimensions with 1-6 categories, counts 0..60, small ones common."""
    sizes = draw(st.lists(st.integers(1, 6), min_size=1, max_size=3))
    dims = [f"dim{i}" for i in range(len(sizes))]
    cells = list(
        product(*[[f"{dim}_cat{k}" for k in range(size)] for dim, size in zip(dims, sizes, strict=True)])
    )
    count = st.one_of(st.integers(0, 7), st.integers(0, 60))
    counts = draw(st.lists(count, min_size=len(cells), max_size=len(cells)))
    table = pd.DataFrame(cells, columns=dims).assign(n=counts)
    additive = draw(st.lists(st.sampled_from(dims), unique=True)) if draw(st.booleans()) else dims
    min_count = draw(st.sampled_from([3, 5, 10]))
    return table, dims, additive, min_count


def run(table, dims, additive, min_count):
    return suppress(table, count_col="n", dims=dims, min_count=min_count, min_base=20, additive_dims=additive)


def true_values(table, dims, additive):
    """Every cell and every total over a subset of additive dims, keyed by coordinates."""
    values = {
        tuple(key): int(n) for key, n in zip(table[dims].itertuples(index=False), table["n"], strict=True)
    }
    for size in range(1, len(additive) + 1):
        for summed in combinations(additive, size):
            kept = [d for d in dims if d not in summed]
            if kept:
                sums = table.groupby(kept)["n"].sum()
                for key, value in sums.items():
                    key = key if isinstance(key, tuple) else (key,)
                    coords = dict(zip(kept, key, strict=True)) | dict.fromkeys(summed, TOTAL)
                    values[tuple(coords[d] for d in dims)] = int(value)
            else:
                values[(TOTAL,) * len(dims)] = int(table["n"].sum())
    return values


def equations(values, dims, additive):
    """(cells, total) key lists: the cells of each line along an additive dim sum to its total."""
    result = []
    for axis, dim in enumerate(dims):
        if dim not in additive:
            continue
        groups = {}
        for key in values:
            rest = key[:axis] + key[axis + 1 :]
            groups.setdefault(rest, []).append(key)
        for keys in groups.values():
            total = next(k for k in keys if k[axis] == TOTAL)
            result.append(([k for k in keys if k[axis] != TOTAL], total))
    return result


def attacker_deduces(values, hidden, eqs):
    """Keys of hidden values the attacker can determine exactly."""
    known = {k: v for k, v in values.items() if k not in hidden}
    while True:
        before = len(known)
        for cells, total in eqs:
            unknown = [k for k in [*cells, total] if k not in known]
            if len(unknown) == 1:
                (key,) = unknown
                if key == total:
                    known[key] = sum(known[c] for c in cells)
                else:
                    known[key] = known[total] - sum(known[c] for c in cells if c in known)
            elif unknown and total in known and known[total] == sum(known.get(c, 0) for c in cells):
                known.update(dict.fromkeys(unknown, 0))
        unknown = [k for k in values if k not in known]
        if unknown:
            position = {k: j for j, k in enumerate(unknown)}
            rows = []
            for cells, total in eqs:
                row = np.zeros(len(unknown))
                for c in cells:
                    if c in position:
                        row[position[c]] = 1
                if total in position:
                    row[position[total]] = -1
                rows.append(row)
            matrix = np.array(rows) if rows else np.zeros((1, len(unknown)))
            projector = np.linalg.pinv(matrix) @ matrix
            for key, j in position.items():
                if abs(projector[j, j] - 1) < 1e-7:
                    known[key] = values[key]
        if len(known) == before:
            return {k for k in hidden if k in known}


def keyed(result, dims):
    """Result rows as dicts, keyed by their coordinates."""
    return {tuple(row[d] for d in dims): row for row in result.to_dict("records")}


@SETTINGS
@given(breakdowns())
def test_no_visible_count_is_small(case):
    min_count = case[3]
    result = run(*case)
    visible = result.loc[~result["suppressed"], "n"].astype(int)
    assert not ((visible > 0) & (visible < min_count)).any()


@SETTINGS
@given(breakdowns())
def test_every_additive_line_hides_zero_or_at_least_two(case):
    table, dims, additive, _ = case
    result = keyed(run(*case), dims)
    for cells, total in equations(true_values(table, dims, additive), dims, additive):
        hidden = sum(bool(result[k]["suppressed"]) for k in [*cells, total])
        assert hidden != 1, (cells, total)


def bridged_case():
    """6 x 6 x 1 table where line-by-line protection alone leaves a deducible cell."""
    dims = ["dim0", "dim1", "dim2"]
    cells = list(product([f"a{i}" for i in range(6)], [f"b{j}" for j in range(6)], ["c0"]))
    counts = [21, 38, 7, 2, 0, 28, 2, 1, 29, 4, 3, 7, 33, 22, 1, 2, 4, 52]
    counts += [31, 35, 38, 6, 10, 28, 1, 2, 2, 41, 4, 6, 5, 3, 21, 28, 17, 7]
    return pd.DataFrame(cells, columns=dims).assign(n=counts), dims, dims, 3


@SETTINGS
@given(breakdowns())
@example(bridged_case())
def test_no_hidden_value_can_be_recovered(case):
    table, dims, additive, _ = case
    result = keyed(run(*case), dims)
    values = true_values(table, dims, additive)
    assert set(result) == set(values)
    hidden = {k for k, row in result.items() if row["suppressed"]}
    assert attacker_deduces(values, hidden, equations(values, dims, additive)) == set()


@SETTINGS
@given(breakdowns())
def test_visible_values_equal_pandas_sums_of_the_cells(case):
    table, dims, additive, _ = case
    result = keyed(run(*case), dims)
    for key, value in true_values(table, dims, additive).items():
        row = result[key]
        if row["suppressed"]:
            assert pd.isna(row["n"])
        else:
            assert row["n"] == value


@SETTINGS
@given(breakdowns())
def test_cells_come_back_in_input_order_with_their_dims(case):
    table, dims, _, _ = case
    result = run(*case)
    cells = result[~result["is_total"]].reset_index(drop=True)
    pd.testing.assert_frame_equal(cells[dims], table[dims], check_dtype=False)
