"""Filters read from and written to shareable URLs."""

import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.i18n import SUPPORTED_LOCALES
from indicators.filters import (
    FilterError,
    Filters,
    FilterVocabulary,
    language_of_query,
    parse_mapping,
    parse_query,
)

VOCAB = FilterVocabulary(
    regions=frozenset({"west-africa", "east-africa"}),
    routes=frozenset({"central-med", "western-med", "atlantic"}),
    genders=frozenset({"female", "male", "other"}),
    age_groups=frozenset({"18-24", "25-34", "45+"}),
    admin1=frozenset({"NER-800", "MLI-1", "under 18 area"}),
)


def test_link_with_every_parameter_restores_the_view():
    qs = (
        "?region=west-africa&period_from=2023-01&period_to=2023-12&route=central-med"
        "&country=NER,MLI&admin1=NER-800&gender=female&age_group=45%2B&nationality=GIN"
    )
    assert Filters.from_query_string(qs, VOCAB) == Filters(
        region="west-africa",
        period_from="2023-01",
        period_to="2023-12",
        route=("central-med",),
        country=("MLI", "NER"),
        admin1=("NER-800",),
        gender=("female",),
        age_group=("45+",),
        nationality=("GIN",),
    )


def test_repeated_and_comma_separated_values_are_combined():
    filters = Filters.from_query_string("country=NER&country=MLI,BFA&country=NER", VOCAB)
    assert filters.country == ("BFA", "MLI", "NER")


def test_empty_query_means_no_restriction():
    assert Filters.from_query_string("", VOCAB) == Filters()
    assert Filters.from_query_string("?country=&gender=", VOCAB) == Filters()


def test_query_string_has_fixed_order_and_omits_empty_filters():
    filters = Filters(gender=("male", "female"), region="east-africa", age_group=("45+",))
    assert filters.to_query_string() == "region=east-africa&gender=female,male&age_group=45%2B"


def test_value_with_space_is_url_encoded_and_read_back():
    filters = Filters(admin1=("under 18 area",))
    assert filters.to_query_string() == "admin1=under%2018%20area"
    assert Filters.from_query_string(filters.to_query_string(), VOCAB) == filters


def test_from_mapping_accepts_strings_and_lists():
    filters = Filters.from_mapping({"country": ["NER", "MLI,BFA"], "region": "west-africa"}, VOCAB)
    assert filters == Filters(region="west-africa", country=("BFA", "MLI", "NER"))


def test_extra_parameters_are_returned_apart():
    filters, extra = parse_query("by=gender&gender=female&format=csv", VOCAB, extra=("by", "format"))
    assert filters == Filters(gender=("female",))
    assert extra == {"by": "gender", "format": "csv"}


@pytest.mark.parametrize("lang", SUPPORTED_LOCALES)
def test_every_language_the_dashboard_offers_is_accepted_and_kept_in_links(lang):
    filters, extra = parse_query(f"gender=female&lang={lang}", VOCAB)
    assert filters == Filters(gender=("female",))
    assert extra == {"lang": lang}
    assert filters.to_query_string(lang) == f"gender=female&lang={lang}"
    assert language_of_query(f"?{filters.to_query_string(lang)}") == lang
    assert Filters.from_query_string(filters.to_query_string(lang), VOCAB) == filters


def test_a_language_not_offered_is_refused_naming_the_languages():
    with pytest.raises(FilterError) as error:
        Filters.from_query_string("gender=female&lang=xx", VOCAB)
    assert error.value.parameter == "lang"
    assert str(error.value) == "lang: 'xx' is not a language the dashboard offers (expected one of en, fr)"
    assert language_of_query("lang=xx") is None
    with pytest.raises(FilterError, match="lang: takes one value"):
        Filters.from_query_string("lang=en&lang=fr", VOCAB)


def test_extra_parameter_given_twice_is_refused():
    with pytest.raises(FilterError) as error:
        parse_mapping({"by": ["gender", "age_group"]}, VOCAB, extra=("by",))
    assert error.value.parameter == "by"


@pytest.mark.parametrize(
    ("qs", "parameter", "fragments"),
    [
        ("colour=red", "colour", ["'colour'", "region", "nationality"]),
        ("by=gender", "by", ["'by'"]),
        ("country=Niger", "country", ["'Niger'", "ISO-3"]),
        ("nationality=gin", "nationality", ["'gin'", "ISO-3"]),
        ("gender=woman", "gender", ["'woman'", "female, male, other"]),
        ("route=sahara", "route", ["'sahara'", "atlantic, central-med, western-med"]),
        ("region=west-africa,east-africa", "region", ["one value"]),
        ("region=west-africa&region=east-africa", "region", ["one value"]),
        ("period_from=2024-13", "period_from", ["'2024-13'", "YYYY-MM"]),
        ("period_to=2024-1", "period_to", ["'2024-1'", "YYYY-MM"]),
        ("period_from=2024-06&period_to=2024-05", "period_to", ["'2024-05'", "'2024-06'"]),
    ],
)
def test_bad_parameter_names_parameter_value_and_expectation(qs, parameter, fragments):
    with pytest.raises(FilterError) as error:
        Filters.from_query_string(qs, VOCAB)
    assert error.value.parameter == parameter
    assert isinstance(error.value, ValueError)
    for fragment in fragments:
        assert fragment in str(error.value)


def test_open_vocabulary_accepts_well_formed_codes_only():
    open_vocab = FilterVocabulary()
    assert Filters.from_query_string("country=XYZ&admin1=NE.AG", open_vocab).country == ("XYZ",)
    with pytest.raises(FilterError, match="admin1"):
        Filters.from_query_string("admin1=NE%01AG", open_vocab)


def test_long_vocabulary_is_shortened_in_the_message():
    vocab = FilterVocabulary(admin1=frozenset(f"A{i:03d}" for i in range(100)))
    with pytest.raises(FilterError) as error:
        Filters.from_query_string("admin1=B001", vocab)
    assert "(100 in all)" in str(error.value)
    assert "A099" not in str(error.value)


def test_vocabulary_value_with_comma_is_refused():
    with pytest.raises(ValueError, match="routes"):
        FilterVocabulary(routes=frozenset({"a,b"}))


def test_same_selection_in_another_order_gives_equal_filters():
    one = Filters.from_query_string("country=NER,MLI", VOCAB)
    other = Filters.from_query_string("country=MLI,NER", VOCAB)
    assert one == other and hash(one) == hash(other)


codes = st.text(string.ascii_uppercase, min_size=3, max_size=3)
months = st.builds("{:04d}-{:02d}".format, st.integers(1900, 2099), st.integers(1, 12))


@st.composite
def filter_states(draw):
    period = sorted(draw(st.lists(months, min_size=2, max_size=2)))
    use_period = draw(st.sampled_from(["none", "from", "to", "both"]))
    return Filters(
        region=draw(st.none() | st.sampled_from(sorted(VOCAB.regions))),
        period_from=period[0] if use_period in ("from", "both") else None,
        period_to=period[1] if use_period in ("to", "both") else None,
        route=tuple(draw(st.lists(st.sampled_from(sorted(VOCAB.routes))))),
        country=tuple(draw(st.lists(codes, max_size=4))),
        admin1=tuple(draw(st.lists(st.sampled_from(sorted(VOCAB.admin1))))),
        gender=tuple(draw(st.lists(st.sampled_from(sorted(VOCAB.genders))))),
        age_group=tuple(draw(st.lists(st.sampled_from(sorted(VOCAB.age_groups))))),
        nationality=tuple(draw(st.lists(codes, max_size=4))),
    )


@settings(max_examples=200, deadline=None)
@given(filter_states())
def test_query_string_round_trips_exactly(filters):
    qs = filters.to_query_string()
    assert Filters.from_query_string(qs, VOCAB) == filters
    assert Filters.from_query_string(qs, VOCAB).to_query_string() == qs
