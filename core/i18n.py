"""Translation of user-visible strings (gettext through Flask-Babel).

Every string a user sees goes through :func:`_` (or :func:`lazy_` at import time).
The interface language comes from ``?lang=`` or the browser's Accept-Language.
"""

from __future__ import annotations

from flask import has_request_context, request
from flask_babel import get_locale, gettext, lazy_gettext, ngettext

SUPPORTED_LOCALES = ("en", "fr")
DEFAULT_LOCALE = "en"

_ = gettext
lazy_ = lazy_gettext
n_ = ngettext


def select_locale() -> str:
    """``?lang=xx`` if supported, else the best Accept-Language match, else English."""
    if not has_request_context():
        return DEFAULT_LOCALE
    requested = request.args.get("lang")
    if requested in SUPPORTED_LOCALES:
        return requested
    return request.accept_languages.best_match(SUPPORTED_LOCALES) or DEFAULT_LOCALE


def language() -> str:
    """The interface language of the current request (English outside a request)."""
    try:
        locale = get_locale()
    except RuntimeError:
        return DEFAULT_LOCALE
    return locale.language if locale is not None else DEFAULT_LOCALE
