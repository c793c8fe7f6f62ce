"""A saved briefing's link: each view checked as its page would check it, written back in one order."""

from __future__ import annotations

import pytest

from figures.theme import PRESENT_TEMPLATE, TEMPLATE, presentation, rows_height, template
from panels.saved_briefing import MAX_VIEWS, briefing_link, parse_view, parse_views

PAGES = {"/": "overview", "/drivers": "drivers", "/flows": "flows", "/route": "route", "/methodology": None}


def test_a_view_is_written_back_with_its_filters_in_order_and_without_how_it_was_shown(service):
    view = parse_view(
        service, "/drivers/?page_breakdown=route&gender=male,female&present=1&slide=2&lang=fr", PAGES
    )
    assert view.address == "/drivers?gender=female,male&page_breakdown=route"
    words = view.in_words(service)
    assert "Gender: Women" in words and "Gender: Men" in words
    assert words.endswith("Break down by: Route")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("/nowhere", "'/nowhere' is not a page of the dashboard"),
        ("/briefing?view=/flows", "'/briefing' is not a page of the dashboard"),
        ("/drivers?page_breakdown=religion", "page_breakdown: 'religion' is not a value of page_breakdown"),
        ("/flows?page_breakdown=route", "unknown parameter 'page_breakdown'"),
        ("/flows?gender=aliens", "gender: 'aliens' is not a known value"),
        ("/flows?" + "x" * 600, "longer than 500 characters"),
    ],
)
def test_a_view_the_briefing_cannot_show_is_named_with_the_reason(service, text, message):
    views, problems = parse_views(service, ["/flows", text], PAGES)
    assert [view.address for _index, view in views] == ["/flows"]
    assert len(problems) == 1 and problems[0].startswith("View 2 (")
    assert message in problems[0]


def test_a_briefing_holds_a_bounded_number_of_views(service):
    views, problems = parse_views(service, ["/flows"] * (MAX_VIEWS + 3), PAGES)
    assert len(views) == MAX_VIEWS
    assert problems == [f"A briefing holds at most {MAX_VIEWS} views: the last 3 are left out."]


def test_the_briefing_link_repeats_view_once_per_view_in_order(service):
    views = [parse_view(service, text, PAGES) for text in ("/route?page_route=central_med_niger", "/")]
    link = "/briefing?view=/route%3Fpage_route%3Dcentral_med_niger&view=/&lang=fr"
    assert briefing_link("/briefing", views, "fr") == link


def test_presentation_charts_take_their_own_template_and_taller_rows():
    assert template() == TEMPLATE
    with presentation(True):
        assert template() == PRESENT_TEMPLATE
        tall = rows_height(10)
    assert tall > rows_height(10)
