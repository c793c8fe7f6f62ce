"""Translation of user-visible strings (gettext through Flask-Babel).

Every string a user sees goes through :func:`_` (or :func:`lazy_` at import time); a text
stored in English (importers' credits and licences) is marked with :func:`N_` and translated
where it is shown.
The interface language of a request is, in order: its own ``?lang=``; the language of the
page it was sent from (Dash's requests carry no query string: the layout request and the
callbacks name their page's language another way, see :func:`select_locale`); the
browser's Accept-Language; English.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from urllib.parse import parse_qs, urlsplit

from babel import Locale
from flask import has_request_context, request
from flask_babel import get_locale, gettext, lazy_gettext, ngettext

SUPPORTED_LOCALES = ("en", "fr")
DEFAULT_LOCALE = "en"
LANG_PARAMETER = "lang"

_ = gettext
lazy_ = lazy_gettext
n_ = ngettext


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for a no-op marker
    """Mark ``message`` for the catalogue without translating it: a text stored in English (a
    source's credit or licence) and translated where it is shown, with ``_(stored_text)``."""
    return message


def stored_(text: str) -> str:
    """A stored text marked with :func:`N_` in the request's language; any other text as it is
    (a user's own credit, not in the catalogue; an empty text, which gettext would answer with
    the catalogue's header)."""
    return _(text) if text else text


def labelled(label: str, text: str) -> str:
    """ "label: text" with the punctuation of the request's language."""
    return _("%(label)s: %(text)s", label=label, text=text)


def in_series(parts: Iterable[str]) -> str:
    """Parts of one line separated by semicolons with the punctuation of the request's language."""
    return _("; ").join(parts)


def _offered(value: str | None) -> str | None:
    return value if value in SUPPORTED_LOCALES else None


def referrer_parameter(name: str) -> str | None:
    """The query parameter ``name`` of the page of this site the request was sent from (its Referer).

    Dash's layout and callback requests carry no query string of their own: the page's address is
    in their Referer. None outside a request, for another site's page or without the parameter.
    """
    if not has_request_context():
        return None
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc != request.host:
        return None
    return next(iter(parse_qs(referrer.query).get(name, [])), None)


def referrer_language() -> str | None:
    """The ``lang`` of the page of this site the request was sent from (its Referer), if offered."""
    return _offered(referrer_parameter(LANG_PARAMETER))


def select_locale(page_language: Callable[[], str | None] = lambda: None) -> str:
    """The request's ``?lang=``; else ``page_language()`` (the language of the page a request
    without a query string was sent from); else the best Accept-Language match; else English."""
    if not has_request_context():
        return DEFAULT_LOCALE
    return (
        _offered(request.args.get(LANG_PARAMETER))
        or _offered(page_language())
        or request.accept_languages.best_match(SUPPORTED_LOCALES)
        or DEFAULT_LOCALE
    )


def language() -> str:
    """The interface language of the current request (English outside a request)."""
    try:
        locale = get_locale()
    except RuntimeError:
        return DEFAULT_LOCALE
    return locale.language if locale is not None else DEFAULT_LOCALE


def with_language(address: str) -> str:
    """A link within the app keeping the current interface language, e.g. ``/methodology?lang=fr#rules``."""
    path, hash_, fragment = address.partition("#")
    joiner = "&" if "?" in path else "?"
    return f"{path}{joiner}{LANG_PARAMETER}={language()}{hash_}{fragment}"


def language_name(code: str) -> str:
    """A language's name in that language, e.g. "français" for ``fr`` (Babel's data)."""
    return Locale.parse(code).get_display_name(code) or code
