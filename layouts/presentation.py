"""The presentation layout's switch and bar, and the tools that build a saved briefing.

``present=1`` in the address puts the class ``presenting`` on the shell (a browser-side
callback): ``assets/presentation.css`` then hides the controls and sets large, high-contrast
type. A briefing being shown (``slide=<n>``) adds previous and next buttons and "n / total" to
the bar; the arrow keys press them (``assets/briefing.js``).
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from core.i18n import _, with_language
from layouts import ids

#: The saved briefing's address (its page is ``layouts.pages.saved_briefing``).
BRIEFING_PATH = "/briefing"


def presentation_stores() -> list[dcc.Store]:
    """Whether the view is presented; the briefing being built (this browser's), and the one being shown."""
    return [
        dcc.Store(id=ids.PRESENTING, data=False),
        dcc.Store(id=ids.SAVED_BRIEFING, storage_type="local"),
        dcc.Store(id=ids.SHOWN_BRIEFING, storage_type="session"),
    ]


def present_button() -> dbc.Button:
    """The header's switch to the presentation layout."""
    return dbc.Button(
        _("Present"),
        id=ids.PRESENT,
        n_clicks=0,
        size="sm",
        color="light",
        outline=True,
        className="present-button me-2 order-lg-last ms-lg-2",
        title=_("Show this view for a projector: large type, high contrast, no controls"),
    )


def view_tools() -> html.Div:
    """Above a page: add the view to this browser's briefing, and how many views it holds."""
    return html.Div(
        [
            dbc.Button(
                _("Add this view to the briefing"),
                id=ids.ADD_VIEW,
                n_clicks=0,
                size="sm",
                color="secondary",
                outline=True,
            ),
            dcc.Link(id=ids.SAVED_BRIEFING_LINK, href=with_language(BRIEFING_PATH), className="small"),
        ],
        className="view-tools d-flex flex-wrap align-items-center gap-2 mb-2 d-print-none",
    )


def presentation_bar() -> html.Nav:
    """At the foot of a presented view: previous, "3 / 7", next (while a briefing is shown) and exit."""
    return html.Nav(
        [
            html.Div(
                [
                    html.Button(
                        "←",
                        id=ids.VIEW_PREVIOUS,
                        n_clicks=0,
                        className="btn btn-dark",
                        **{"aria-label": _("Previous view")},
                    ),
                    html.Span(
                        [
                            html.Span(_("View"), className="visually-hidden"),
                            " ",
                            html.Span(id=ids.VIEW_POSITION),
                        ],
                        className="briefing-position",
                        role="status",
                    ),
                    html.Button(
                        "→",
                        id=ids.VIEW_NEXT,
                        n_clicks=0,
                        className="btn btn-dark",
                        **{"aria-label": _("Next view")},
                    ),
                ],
                id=ids.VIEW_STEPS,
                className="briefing-steps d-flex align-items-center gap-3",
                hidden=True,
            ),
            dbc.Button(_("Exit presentation"), id=ids.PRESENT_EXIT, n_clicks=0, color="dark", outline=True),
        ],
        className="presentation-bar d-print-none",
        **{"aria-label": _("Presentation")},
    )
