"""How to read the charts: a short plain-language explanation, in a modal and on the methodology page."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from core.i18n import _, with_language

SECTION = "how-to-read"
MODAL = "how-to-read-modal"
LINK = "how-to-read-link"


def how_to_read_items() -> list[html.Li]:
    """One sentence per thing a chart may show, in plain words."""
    return [
        html.Li(
            _(
                "Error bars show a 95 % CI (confidence interval): the share among all people like those interviewed is "
                "probably within it. A short bar means a precise share, a long one an uncertain share."
            )
        ),
        html.Li(
            _(
                "The base (n asked) is how many people answered the question. A share of a small base "
                "can change a lot with a few answers; shares on too small a base are not shown."
            )
        ),
        html.Li(
            _(
                "Counts of people interviewed are rounded to the nearest 5, so totals may not add up. "
                "A count from 1 to 4 is hidden and reads \u201cfewer than 5\u201d, on a hatched background "
                "in the tables, so that no person can be recognised."
            )
        ),
        html.Li(
            _(
                "Deaths and disappearances are minimum estimates: they count the cases someone recorded, "
                "and the real numbers are higher."
            )
        ),
        html.Li(
            _(
                "Routes are schematic lines through the towns people pass, not exact roads or tracks; "
                "locations on the maps are mostly approximate."
            )
        ),
        html.Li(
            _(
                "4Mi interviews describe the people interviewed, not all people on the move; flow "
                "monitoring counts movements, and one person may be counted more than once."
            )
        ),
    ]


def how_to_read_section() -> html.Section:
    """The explanation as a section of the methodology page (the anchor the modal links to)."""
    return html.Section(
        [html.H2(_("How to read the charts"), className="h5 mt-3"), html.Ul(how_to_read_items())],
        id=SECTION,
    )


def how_to_read_modal() -> dbc.Modal:
    """The explanation in a dialog every chart card opens."""
    return dbc.Modal(
        [
            dbc.ModalHeader(dbc.ModalTitle(_("How to read the charts"))),
            dbc.ModalBody(html.Ul(how_to_read_items(), className="mb-0")),
            dbc.ModalFooter(
                html.A(_("More on the methodology page"), href=with_language(f"/methodology#{SECTION}"))
            ),
        ],
        id=MODAL,
        is_open=False,
        size="lg",
        scrollable=True,
    )


def how_to_read_link(page: str, panel: str) -> dbc.Button:
    """The link of a chart card that opens the explanation."""
    return dbc.Button(
        _("How to read this chart"),
        id={"type": LINK, "page": page, "panel": panel},
        color="link",
        size="sm",
        className="how-to-read-link p-0 small",
        n_clicks=0,
    )
