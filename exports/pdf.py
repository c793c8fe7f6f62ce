"""A briefing as a PDF document (fpdf2): A4 landscape, DejaVu Sans embedded, a footer on every page.

The footer carries the synthetic-data label (when any source is synthetic), the generation date
and "page k of n". Charts arrive as PNG pictures; every word around them is PDF text.
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from PIL import Image

#: Debian's fonts-dejavu-core (Latin accents, €, the narrow no-break space); ``BRIEFING_FONT_DIR`` overrides.
DEFAULT_FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT = "DejaVu"
MARGIN_MM = 12
FOOTER_MM = 14
TITLE_PT = 15
TEXT_PT = 8.5
LINE_MM = 4.2
#: The tallest a chart may be drawn (mm); a chart with a long note is drawn smaller.
CHART_MAX_MM = 125
#: Ink colours: text, secondary text, the synthetic label.
INK = (33, 37, 41)
MUTED = (90, 98, 105)
WARNING = (156, 39, 6)


def font_dir() -> Path:
    """Folder of DejaVuSans.ttf and DejaVuSans-Bold.ttf."""
    return Path(os.environ.get("BRIEFING_FONT_DIR") or DEFAULT_FONT_DIR)


@dataclass(frozen=True)
class Footer:
    """What every page's footer says; ``page_label`` holds ``{page}`` and ``{pages}``."""

    page_label: str
    generated: str
    synthetic: str = ""  # empty when no source is synthetic


class BriefingDocument(FPDF):
    """An A4 landscape document whose pages end with :class:`Footer`."""

    PAGES_ALIAS = "{nb}"

    def __init__(self, footer: Footer, title: str, created: datetime) -> None:
        super().__init__(orientation="landscape", unit="mm", format="A4")
        self._footer = footer
        folder = font_dir()
        self.add_font(FONT, "", str(folder / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(folder / "DejaVuSans-Bold.ttf"))
        self.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
        self.set_auto_page_break(True, MARGIN_MM + FOOTER_MM)
        self.alias_nb_pages(self.PAGES_ALIAS)
        self.set_title(title)
        self.set_creation_date(created)
        self.set_text_color(*INK)

    def footer(self) -> None:
        """Synthetic label, generation date and page number under every page."""
        self.set_y(-MARGIN_MM - FOOTER_MM + 4)
        self.set_font(FONT, "B", TEXT_PT)
        if self._footer.synthetic:
            self.set_text_color(*WARNING)
            self.cell(0, LINE_MM, self._footer.synthetic, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(FONT, "", TEXT_PT)
        self.set_text_color(*MUTED)
        page = self._footer.page_label.format(page=self.page_no(), pages=self.PAGES_ALIAS)
        self.cell(0, LINE_MM, self._footer.generated)
        self.set_x(self.l_margin)
        self.cell(0, LINE_MM, page, align="R")
        self.set_text_color(*INK)

    def heading(self, text: str, size: float = TITLE_PT) -> None:
        """A bold heading on its own line."""
        self.set_font(FONT, "B", size)
        self.multi_cell(0, size * 0.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(2)

    def paragraph(self, text: str, size: float = TEXT_PT, *, bold: bool = False) -> None:
        """A wrapped paragraph."""
        self.set_font(FONT, "B" if bold else "", size)
        self.multi_cell(0, size * 0.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def lines_height(self, lines: Sequence[str], size: float = TEXT_PT) -> float:
        """Height (mm) ``lines`` take as paragraphs."""
        self.set_font(FONT, "", size)
        return sum(
            self.multi_cell(0, size * 0.5, line, align="L", dry_run=True, output="HEIGHT", new_x=XPos.LMARGIN)
            for line in lines
        )

    def chart(self, png: bytes, below: Sequence[str]) -> None:
        """A chart picture across the page, as tall as the text ``below`` it leaves room for."""
        with Image.open(io.BytesIO(png)) as picture:
            width_px, height_px = picture.size
        room = self.h - self.get_y() - MARGIN_MM - FOOTER_MM - self.lines_height(below) - 4
        width = self.w - 2 * MARGIN_MM
        height = min(width * height_px / width_px, CHART_MAX_MM, room)
        width = height * width_px / height_px
        self.image(io.BytesIO(png), x=(self.w - width) / 2, w=width, h=height)
        self.ln(2)
        for line in below:
            self.paragraph(line)

    def to_bytes(self) -> bytes:
        """The finished document."""
        return bytes(self.output())
