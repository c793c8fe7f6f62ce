"""A page's own control values read from a query: each one of the values the control offers."""

from __future__ import annotations

from collections.abc import Mapping

from core.i18n import _
from core.text import quoted
from exports.links import control_parameter
from indicators.filters import FilterError
from panels.pages import PageContent
from view_data import ViewData


def page_controls(
    service: ViewData,
    content: PageContent,
    extras: Mapping[str, str],
    fallback: Mapping[str, str] | None = None,
) -> dict[str, object]:
    """The page's control values of the query (``page_<control>=``), each checked against its choices.

    Without ``fallback`` a missing value is an error; with it, a missing control takes the fallback's
    value of the same name when the control offers it (a briefing's ``route`` filter for the route
    page), else the control's default (the value the page shows first).
    """
    controls: dict[str, object] = {}
    for name, control in content.controls.items():
        parameter = control_parameter(name)
        allowed = control.choices(service)
        if parameter not in extras:
            if fallback is None:
                raise FilterError(parameter, _("this page needs a value for %(name)s", name=parameter))
            controls[name] = fallback.get(name) if fallback.get(name) in allowed else control.default(service)
            continue
        if extras[parameter] not in allowed:
            raise FilterError(
                parameter,
                _(
                    "%(value)s is not a value of %(name)s (expected one of %(allowed)s)",
                    value=quoted(extras[parameter]),
                    name=parameter,
                    allowed=", ".join(allowed),
                ),
            )
        controls[name] = extras[parameter]
    return controls
