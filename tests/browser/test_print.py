"""Every page printed to PDF in headless Chromium, read back with pypdfium2 as a reader would see it.

Each page is printed on A4 (``page.pdf``) under the print media type, and the PDF's text and
character boxes are checked: the filters written as text, each chart's title, sources line and
note, no control chrome, a sensible number of sheets, nothing past the right margin, the map
printed as a picture. The PDFs and a PNG of each sheet go to ``artifacts/print``.
"""

from __future__ import annotations

import re
import struct
import zlib
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from playwright.sync_api import Page

from panels.filters import FILTER_LABELS
from tests.browser.conftest import SETTLED
from tests.conftest import EXAMPLE_LOADS

pytestmark = pytest.mark.browser

PAGES = ["/", "/incidents", "/drivers", "/smugglers", "/flows", "/deaths", "/route", "/methodology"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "print"
MM_PT = 72 / 25.4
PAGE_MARGIN_PT = 12 * MM_PT  # layout.css: @page { margin: 12mm }
A4_CONTENT_PX = round((210 - 2 * 12) / 25.4 * 96)  # CSS px across the A4 page inside the margins
MIN_FONT_PT = 8
CHROME = [  # on-screen controls and their texts, which a printed page must not show
    "Show the numbers as a table",
    "Show the map's numbers as a table",
    "How to read this chart",
    "Clear filters",
    "Break down by",
    "Skip to content",
    "active)",  # the phone's "Filters (n active)" toggle
    "interactive maps are not printed",  # the note a map without its picture prints
]
CHARTS_SETTLED = """(widest) => [...document.querySelectorAll('.chart-card .js-plotly-plot')]
    .every(gd => gd._fullLayout && gd._fullLayout.width <= widest)"""
MAPS_PICTURED = """() => [...document.querySelectorAll('img.print-map-image')]
    .every(img => img.complete && img.naturalWidth > 0)"""
CHARTS_PAST_THEIR_CARDS = """() => [...document.querySelectorAll('.chart-card .card-body')].flatMap(body => {
    const inner = body.getBoundingClientRect().right - parseFloat(getComputedStyle(body).paddingRight);
    return [...body.querySelectorAll('.main-svg')]
        .filter(svg => svg.getBoundingClientRect().right > inner + 1)
        .map(svg => body.querySelector('.gtitle')?.textContent || '?');
})"""
CARDS = """() => [...document.querySelectorAll('.chart-card')].map(card => ({
    title: (card.querySelector('.gtitle tspan.line, .gtitle') || {}).textContent || '',
    heading: (card.querySelector('.gtitle') || {}).textContent || '',
    note: (card.querySelector('[id*="panel-note"]') || {}).innerText || '',
}))"""


def squashed(text: str) -> str:
    """``text`` without whitespace: PDF text breaks lines where the page did, not where the DOM does."""
    return re.sub(r"\s+", "", text)


def _write_png(bitmap: pdfium.PdfBitmap, path: Path) -> None:
    """A PNG of a rendered sheet (RGB), written with zlib: no imaging library needed."""
    pixels = bitmap.to_numpy()
    height, width, _channels = pixels.shape
    raw = b"".join(b"\x00" + pixels[row].tobytes() for row in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def printed(page: Page, url: str, name: str) -> pdfium.PdfDocument:
    """Open ``url``, wait for charts and map pictures, print it on A4 and keep the PDF and PNGs."""
    page.goto(url)
    if url.endswith("/methodology"):
        page.wait_for_selector(".data-table tbody tr", state="attached", timeout=30_000)
    else:
        page.wait_for_selector(".chart-card .js-plotly-plot .main-svg", state="attached", timeout=30_000)
    page.wait_for_load_state("networkidle")
    # a chart may still await its answer after the network went quiet
    page.wait_for_function(SETTLED, timeout=30_000)
    page.wait_for_function(MAPS_PICTURED, timeout=30_000)
    page.emulate_media(media="print")
    page.wait_for_function(CHARTS_SETTLED, arg=A4_CONTENT_PX, timeout=30_000)
    # At the paper's width, no chart may be wider than its card.
    page.set_viewport_size({"width": A4_CONTENT_PX, "height": 1000})
    overflowing = page.evaluate(CHARTS_PAST_THEIR_CARDS)
    assert not overflowing, f"charts wider than their cards on paper: {overflowing}"
    pdf = page.pdf(format="A4", print_background=True)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"{name}.pdf").write_bytes(pdf)
    document = pdfium.PdfDocument(pdf)
    for number, sheet in enumerate(document, start=1):
        _write_png(sheet.render(scale=1.5, rev_byteorder=True), ARTIFACTS / f"{name}_{number}.png")
    return document


def text_of(document: pdfium.PdfDocument) -> str:
    """The printed text; pdfium reads a hyphen it takes for a line-end one as U+FFFE."""
    return "\n".join(sheet.get_textpage().get_text_range() for sheet in document).replace("\ufffe", "-")


def chars_outside_margins(document: pdfium.PdfDocument) -> list[str]:
    """Printed characters that run past the left or right margin (a cut or overflowing line)."""
    outside = []
    for number, sheet in enumerate(document, start=1):
        width = sheet.get_width()
        textpage = sheet.get_textpage()
        for index in range(textpage.count_chars()):
            character = textpage.get_text_range(index, 1)
            if not character.strip():
                continue
            left, _bottom, right, _top = textpage.get_charbox(index)
            if right > width - PAGE_MARGIN_PT + 1 or left < PAGE_MARGIN_PT - 1:
                outside.append(f"sheet {number}: {character!r} at x {left:.0f}–{right:.0f} of {width:.0f} pt")
    return outside


def boxes_of(document: pdfium.PdfDocument, needle: str) -> list[tuple[int, float, float, float, float]]:
    """(sheet, left, bottom, right, top) of each printed occurrence of ``needle``."""
    boxes = []
    for number, sheet in enumerate(document):
        textpage = sheet.get_textpage()
        searcher = textpage.search(needle, match_case=True)
        while (found := searcher.get_next()) is not None:
            first, count = found
            left, bottom, _right, top = textpage.get_charbox(first)
            right = textpage.get_charbox(first + count - 1)[2]
            boxes.append((number, left, bottom, right, top))
    return boxes


def font_sizes_of(document: pdfium.PdfDocument, needle: str) -> list[float]:
    """Font sizes (pt) of the first character of each occurrence of ``needle``."""
    sizes = []
    for sheet in document:
        textpage = sheet.get_textpage()
        text = textpage.get_text_range()
        for match in re.finditer(re.escape(needle), text):
            sizes.append(pdfium_c.FPDFText_GetFontSize(textpage.raw, match.start()))
    return sizes


def pictures_wider_than(document: pdfium.PdfDocument, share: float) -> int:
    """How many raster images span more than ``share`` of the printable width."""
    count = 0
    for sheet in document:
        printable = sheet.get_width() - 2 * PAGE_MARGIN_PT
        for item in sheet.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=8):
            left, _bottom, right, _top = item.get_bounds()
            count += right - left > share * printable
    return count


@pytest.mark.parametrize("path", PAGES)
def test_every_page_prints_whole_with_its_filters_sources_and_no_controls(
    dashboard_url: str, page: Page, path: str
):
    name = path.strip("/") or "overview"
    document = printed(page, dashboard_url + path, name)
    text = text_of(document)
    flat = squashed(text)

    filters = page.locator(".filters-printed").inner_text()
    assert filters.startswith(f"{FILTER_LABELS['region']}: "), filters
    assert squashed(filters) in flat, f"filters text {filters!r} not printed"

    cards = page.evaluate(CARDS)
    for card in cards:
        assert card["title"] and squashed(card["title"]) in flat, f"chart title {card['title']!r} not printed"
        assert squashed(card["heading"]) in flat, f"chart heading and sources {card['heading']!r} not printed"
        assert card["note"] and squashed(card["note"]) in flat, f"chart note {card['note']!r} not printed"

    shown = [words for words in CHROME if words in text]
    assert not shown, f"control chrome printed: {shown}"

    blocks = len(cards) + page.locator(".map-card, .data-table-region:not(.card *)").count()
    assert 1 <= len(document) <= blocks + 2, f"{len(document)} sheets for {blocks} charts, maps and tables"

    outside = chars_outside_margins(document)
    assert not outside, f"{len(outside)} characters past the margins, e.g. {outside[:5]}"
    sizes = font_sizes_of(document, filters)
    assert sizes and min(sizes) >= MIN_FONT_PT, f"filters printed at {sizes} pt: shrunk to fit?"

    maps = page.locator(".map-card").count()
    assert pictures_wider_than(document, 0.6) >= maps, "a map is not printed as a picture across the page"


@pytest.mark.parametrize(
    ("path", "printed_text"),
    [
        ("/drivers", "Broken down by: Gender"),
        ("/smugglers", "Broken down by: Route"),
        ("/route", "Incident type: Physical violence"),
        ("/incidents", "Incident type for places: Physical violence"),
    ],
)
def test_page_controls_print_as_text(dashboard_url: str, page: Page, path: str, printed_text: str):
    """The control's label and the option chosen, printed on one line, the option after the label."""
    label, value = (part + ":" if i == 0 else part.strip() for i, part in enumerate(printed_text.split(":")))
    document = printed(page, dashboard_url + path, path.strip("/") + "_controls")
    labels = boxes_of(document, label)
    assert len(labels) == 1, f"{label!r} printed {len(labels)} times"
    sheet, _left, bottom, right, _top = labels[0]
    beside = [
        box
        for box in boxes_of(document, value)
        if box[0] == sheet and abs(box[2] - bottom) < 3 and box[1] > right
    ]
    assert beside, f"{value!r} not printed after {label!r} on its line"


def test_methodology_tables_print_every_row_in_legible_type(dashboard_url: str, page: Page):
    document = printed(page, dashboard_url + "/methodology", "methodology_tables")
    text = text_of(document)
    for header in (
        "SHA-256 (first 12)",
        "Credit and licence",
        "Synthetic",
        "Routes on the map",
        "Within (km)",
    ):
        assert squashed(header) in squashed(text), f"column {header!r} not printed"
    for _kind, file_name in EXAMPLE_LOADS:
        sizes = font_sizes_of(document, file_name)
        assert sizes, f"dataset file {file_name} not printed"
        assert min(sizes) >= MIN_FONT_PT, f"{file_name} printed at {min(sizes):.1f} pt"
    assert not chars_outside_margins(document)


def test_the_print_dialog_gets_charts_drawn_to_the_paper_width(dashboard_url: str, page: Page):
    """Ctrl+P lays the page out right after ``beforeprint``: charts must be narrowed within it, synchronously."""
    page.goto(dashboard_url + "/flows")
    page.wait_for_selector(".chart-card .js-plotly-plot .main-svg", state="attached", timeout=30_000)
    page.wait_for_load_state("networkidle")
    screen = page.evaluate(
        "() => [...document.querySelectorAll('.chart-card .js-plotly-plot')].map(gd => gd._fullLayout.width)"
    )
    assert max(screen) > A4_CONTENT_PX, "the test needs a chart drawn wider than the paper"
    widths = page.evaluate(
        """() => { window.dispatchEvent(new Event('beforeprint'));
            return [...document.querySelectorAll('.chart-card .js-plotly-plot .main-svg')]
                .map(svg => Number(svg.getAttribute('width'))); }"""
    )
    assert max(widths) <= A4_CONTENT_PX, widths
    document = pdfium.PdfDocument(page.pdf(format="A4"))
    assert not chars_outside_margins(document)
    page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
    page.wait_for_function(
        """(screen) => [...document.querySelectorAll('.chart-card .js-plotly-plot')]
            .every((gd, i) => Math.abs(gd._fullLayout.width - screen[i]) < 2)""",
        arg=screen,
        timeout=10_000,
    )
