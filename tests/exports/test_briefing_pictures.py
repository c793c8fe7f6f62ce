"""A briefing page places a chart's picture whole: a tall chart (a long ranked list) is scaled, never squeezed."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from PIL import Image

from exports.pdf import BriefingDocument, Footer


def _png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (90, 40, 140)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(("width", "height"), [(2560, 1120), (2560, 4400)])
def test_a_chart_keeps_its_proportions_on_the_page(width: int, height: int):
    document = BriefingDocument(Footer("{page} / {pages}", "today"), "Briefing", datetime.now(UTC))
    document.add_page()
    document.chart(_png(width, height), ["A note under the chart."])
    page = pdfium.PdfDocument(document.to_bytes())[0]
    [picture] = [item for item in page.get_objects() if item.type == pdfium_c.FPDF_PAGEOBJ_IMAGE]
    left, bottom, right, top = picture.get_bounds()
    assert (top - bottom) / (right - left) == pytest.approx(height / width, rel=0.01)
    assert bottom > 0 and top < page.get_height()
