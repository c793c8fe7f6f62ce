"""Server-rendered tables as a reader sees them: rows of cell texts under their column headers."""

from __future__ import annotations

from collections.abc import Iterator

from dash import html
from dash.development.base_component import Component


def components(node: object) -> Iterator[Component]:
    """``node`` and every component inside it."""
    if not isinstance(node, Component):
        return
    yield node
    children = getattr(node, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        yield from components(child)


def by_id(node: object, component_id: object) -> Component:
    """The one component inside ``node`` with id ``component_id``."""
    [found] = [c for c in components(node) if getattr(c, "id", None) == component_id]
    return found


def text(node: object) -> str:
    """The text a component shows."""
    if isinstance(node, Component):
        children = getattr(node, "children", None)
        return "".join(
            text(child) for child in (children if isinstance(children, list | tuple) else [children])
        )
    return "" if node is None else str(node)


def shown_rows(node: object) -> list[dict[str, str]]:
    """The body rows of the table inside ``node``, each cell's text under its column's header."""
    headers = [text(cell) for cell in components(node) if isinstance(cell, html.Th)]
    body = next(c for c in components(node) if isinstance(c, html.Tbody))
    rows = [[text(cell) for cell in components(row) if isinstance(cell, html.Td)] for row in body.children]
    return [dict(zip(headers, cells, strict=True)) for cells in rows if len(cells) == len(headers)]


def hidden_cells(node: object) -> list[Component]:
    """The cells of the table inside ``node`` marked as hidden."""
    return [
        c
        for c in components(node)
        if isinstance(c, html.Td) and "suppressed-cell" in (c.className or "").split()
    ]
