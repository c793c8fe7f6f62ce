"""Dashboard filters parsed from, and written back to, URL query strings.

One vocabulary decides which values each parameter accepts; anything else is
refused with a :class:`FilterError` naming the parameter, the value and what
was expected, so a shared link never silently shows a different view. Links also
carry ``lang``, the interface language (one the dashboard offers, see ``core.i18n``).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from urllib.parse import parse_qsl, quote

from core.i18n import LANG_PARAMETER, SUPPORTED_LOCALES, _, labelled
from core.text import quoted, shortened

SINGLE_PARAMS = ("region", "period_from", "period_to")
MULTI_PARAMS = ("route", "country", "area", "admin1", "gender", "age_group", "nationality")
PARAMS = SINGLE_PARAMS + MULTI_PARAMS
LANG = LANG_PARAMETER  # the interface language: accepted with the filters everywhere, carried in links

#: Years a period may name: enough for any data, and no arithmetic leaves the calendar.
YEAR = r"(?:19|20)[0-9]{2}"
_PERIOD = re.compile(YEAR + r"-(0[1-9]|1[0-2])")
_ISO3 = re.compile(r"[A-Z]{3}")
_TOKEN = re.compile(r"[^,\s\x00-\x1f]([^,\x00-\x1f]{0,62}[^,\s\x00-\x1f])?")
_MAX_FIELDS = 200
_MAX_SHOWN = 12


class FilterError(ValueError):
    """A query parameter or value the dashboard does not accept."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(labelled(shortened(parameter), message))
        self.parameter = parameter
        self.message = message


@dataclass(frozen=True)
class FilterVocabulary:
    """Allowed values per parameter; ``None`` accepts any well-formed value.

    Well-formed: ISO-3 codes (three capital letters) for ``countries`` and
    ``nationalities``; for the others a code of 1-64 characters without commas
    or control characters and without surrounding spaces.
    """

    regions: frozenset[str] | None = None
    routes: frozenset[str] | None = None
    countries: frozenset[str] | None = None
    areas: frozenset[str] | None = None
    admin1: frozenset[str] | None = None
    genders: frozenset[str] | None = None
    age_groups: frozenset[str] | None = None
    nationalities: frozenset[str] | None = None

    def __post_init__(self) -> None:
        for field in fields(self):
            allowed = getattr(self, field.name)
            if allowed is None:
                continue
            allowed = frozenset(allowed)
            object.__setattr__(self, field.name, allowed)
            for value in allowed:
                if not isinstance(value, str) or not _TOKEN.fullmatch(value):
                    raise ValueError(
                        f"FilterVocabulary.{field.name}: {value!r} cannot be used in a URL "
                        "(expected 1-64 characters, no commas, no surrounding spaces)"
                    )

    def allowed(self, parameter: str) -> frozenset[str] | None:
        """The allowed set for a filter parameter (``None``: any well-formed value)."""
        return getattr(self, _VOCAB_FIELD[parameter])


_VOCAB_FIELD = {
    "region": "regions",
    "route": "routes",
    "country": "countries",
    "area": "areas",
    "admin1": "admin1",
    "gender": "genders",
    "age_group": "age_groups",
    "nationality": "nationalities",
}
_ISO3_PARAMS = frozenset({"country", "nationality"})


@dataclass(frozen=True)
class Filters:
    """The filter state of a view. Empty tuples and ``None`` mean "no restriction".

    ``area`` names groups of admin-1 units a region profile defines (``geo.admin1_groups``);
    ``indicators.scope`` resolves them to their units.

    Multi-value fields are stored sorted and de-duplicated, so two links that
    select the same values give equal (and equally hashed) filters.
    """

    region: str | None = None
    period_from: str | None = None
    period_to: str | None = None
    route: tuple[str, ...] = ()
    country: tuple[str, ...] = ()
    area: tuple[str, ...] = ()
    admin1: tuple[str, ...] = ()
    gender: tuple[str, ...] = ()
    age_group: tuple[str, ...] = ()
    nationality: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name in MULTI_PARAMS:
            value = getattr(self, name)
            if isinstance(value, str):
                raise TypeError(f"Filters.{name} must be a tuple of strings, not a string")
            object.__setattr__(self, name, tuple(sorted(set(value))))

    @classmethod
    def from_query_string(cls, qs: str, vocab: FilterVocabulary) -> Filters:
        """Parse a URL query string (with or without the leading ``?``)."""
        return parse_query(qs, vocab)[0]

    @classmethod
    def from_mapping(cls, params: Mapping[str, str | list[str]], vocab: FilterVocabulary) -> Filters:
        """Parse already-split parameters, e.g. the keyword arguments Dash passes to a page."""
        return parse_mapping(params, vocab)[0]

    def to_query_string(self, lang: str | None = None) -> str:
        """Encode as a query string (no ``?``), parameters in fixed order, empty ones omitted.

        ``lang``, the interface language of the view, comes last when given.
        """
        parts = []
        for name in PARAMS:
            value = getattr(self, name)
            values = (value,) if isinstance(value, str) else (value or ())
            if values:
                parts.append(f"{name}=" + ",".join(quote(v, safe="") for v in values))
        if lang:
            parts.append(f"{LANG}={quote(lang, safe='')}")
        return "&".join(parts)


def parse_query(
    qs: str, vocab: FilterVocabulary, extra: Collection[str] = ()
) -> tuple[Filters, dict[str, str]]:
    """Parse a query string into filters plus the values of the ``extra`` parameters and ``lang``."""
    return parse_mapping(_grouped(qs), vocab, extra)


def language_of_query(qs: str) -> str | None:
    """The interface language a query string asks for, if it is one the dashboard offers.

    Translates nothing, so the locale selector may call it (a message would ask for the locale).
    """
    try:
        given = _given(_grouped(qs).get(LANG, []))
    except FilterError:
        return None
    return given[0] if len(given) == 1 and given[0] in SUPPORTED_LOCALES else None


def parse_language(values: Sequence[str]) -> str | None:
    """The one ``lang`` value (blank: none), or a :class:`FilterError` for a language not offered."""
    given = _given(values)
    if len(given) > 1:
        raise FilterError(LANG, _("takes one value, got %(count)d", count=len(given)))
    if given and given[0] not in SUPPORTED_LOCALES:
        raise FilterError(
            LANG,
            _(
                "%(value)s is not a language the dashboard offers (expected one of %(languages)s)",
                value=_show(given[0]),
                languages=", ".join(SUPPORTED_LOCALES),
            ),
        )
    return given[0] if given else None


def _given(values: Sequence[str]) -> list[str]:
    return [value.strip() for value in values if value.strip()]


def _grouped(qs: str) -> dict[str, list[str]]:
    try:
        pairs = parse_qsl(qs.removeprefix("?"), keep_blank_values=True, max_num_fields=_MAX_FIELDS)
    except ValueError as exc:
        raise FilterError("query", _("too many parameters (at most %(count)d)", count=_MAX_FIELDS)) from exc
    grouped: dict[str, list[str]] = {}
    for key, value in pairs:
        grouped.setdefault(key, []).append(value)
    return grouped


def parse_mapping(
    params: Mapping[str, str | list[str]],
    vocab: FilterVocabulary,
    extra: Collection[str] = (),
) -> tuple[Filters, dict[str, str]]:
    """Parse split parameters into filters plus the values of the ``extra`` parameters and ``lang``.

    Values of one parameter may be comma-separated, repeated, or both; blank
    items are ignored. Each ``extra`` parameter takes one value, returned as is;
    ``lang``, when given, must be a language the dashboard offers.
    """
    clash = set(extra) & {*PARAMS, LANG}
    if clash:
        raise ValueError(f"extra parameters {sorted(clash)} clash with filter parameters")
    known = (*PARAMS, *extra, LANG)
    unknown = sorted(set(params) - set(known))
    if unknown:
        raise FilterError(
            unknown[0],
            _(
                "unknown parameter %(name)s (expected one of %(known)s)",
                name=_show(unknown[0]),
                known=", ".join(known),
            ),
        )
    found: dict[str, object] = {}
    extras: dict[str, str] = {}
    for name, raw in params.items():
        raw_values = [raw] if isinstance(raw, str) else list(raw)
        if name == LANG:
            lang = parse_language(raw_values)
            if lang:
                extras[LANG] = lang
            continue
        if name in extra:
            if len(raw_values) != 1:
                raise FilterError(name, _("takes one value, got %(count)d", count=len(raw_values)))
            extras[name] = raw_values[0]
            continue
        values = _split(raw_values)
        if name in SINGLE_PARAMS:
            if len(values) > 1:
                raise FilterError(
                    name,
                    _(
                        "takes one value, got %(count)d: %(values)s",
                        count=len(values),
                        values=_show_list(values),
                    ),
                )
            if values:
                found[name] = _check_single(name, values[0], vocab)
        elif values:
            found[name] = tuple(_check_multi(name, v, vocab) for v in dict.fromkeys(values))
    filters = Filters(**found)  # type: ignore[arg-type]
    if filters.period_from and filters.period_to and filters.period_from > filters.period_to:
        raise FilterError(
            "period_to",
            _(
                "%(end)s is before period_from %(start)s (expected period_to on or after period_from)",
                end=_show(filters.period_to),
                start=_show(filters.period_from),
            ),
        )
    return filters, extras


def clamp_periods(filters: Filters, months: Sequence[str]) -> tuple[Filters, tuple[str, ...]]:
    """``filters`` with ``period_from`` and ``period_to`` moved inside the span of ``months`` (none when
    ``months`` is empty), and the names of the parameters that moved.

    The months are ``YYYY-MM`` texts, which sort as the calendar does; moving both ends keeps their order.
    """
    first, last = (min(months), max(months)) if months else (None, None)
    moved = {}
    for name in ("period_from", "period_to"):
        value = getattr(filters, name)
        if value is None:
            continue
        inside = min(max(value, first), last) if first and last else None
        if inside != value:
            moved[name] = inside
    return replace(filters, **moved), tuple(moved)


def _split(raw_values: Iterable[str]) -> list[str]:
    items = (item.strip() for raw in raw_values for item in raw.split(","))
    return [item for item in items if item]


def month_index(parameter: str, text: str) -> int:
    """Months since January of year 0 for a ``YYYY-MM`` text; ``FilterError`` otherwise."""
    if not _PERIOD.fullmatch(text):
        raise FilterError(
            parameter,
            _(
                "%(value)s is not a month (expected YYYY-MM, year 1900-2099, month 01-12)",
                value=_show(text),
            ),
        )
    return int(text[:4]) * 12 + int(text[5:]) - 1


def _check_single(name: str, value: str, vocab: FilterVocabulary) -> str:
    if name in ("period_from", "period_to"):
        month_index(name, value)
        return value
    return _check_multi(name, value, vocab)


def _check_multi(name: str, value: str, vocab: FilterVocabulary) -> str:
    allowed = vocab.allowed(name)
    if allowed is not None:
        if value not in allowed:
            raise FilterError(
                name,
                _(
                    "%(value)s is not a known value (expected one of %(allowed)s)",
                    value=_show(value),
                    allowed=_show_list(sorted(allowed)),
                ),
            )
    elif name in _ISO3_PARAMS:
        if not _ISO3.fullmatch(value):
            raise FilterError(
                name, _("%(value)s is not an ISO-3 code (expected three capital letters)", value=_show(value))
            )
    elif not _TOKEN.fullmatch(value):
        raise FilterError(
            name,
            _("%(value)s is not a valid code (expected 1-64 characters without commas)", value=_show(value)),
        )
    return value


def _show(value: str) -> str:
    """Quote a user-supplied value for a message, cut to a readable length."""
    return quoted(value)


def _show_list(values: list[str]) -> str:
    shown = ", ".join(values[:_MAX_SHOWN])
    return (
        shown
        if len(values) <= _MAX_SHOWN
        else _("%(shown)s, … (%(count)d in all)", shown=shown, count=len(values))
    )
