"""The PDF page every report is drawn on: Noto Sans Thai with HarfBuzz shaping (so vowels and tone marks stack:
ที่ น้ำ ชี้), the font subset into the file, and the few shapes the reports need (lights, bars, gauges) drawn with fpdf2
primitives: no browser, no image export."""

from __future__ import annotations

import math
import re
import tempfile
from functools import lru_cache
from pathlib import Path

from fontpkg_noto_sans_thai import ROOT as FONT_ROOT
from fontTools.ttLib import TTFont
from fontTools.varLib.instancer import instantiateVariableFont
from fpdf import FPDF

from ita_dash.domain.lights import Light

FONT_FILE = next((FONT_ROOT / "files").glob("NotoSansThai*.ttf"))
FONT = "NotoSansThai"
RGB = {
    Light.RED: (217, 63, 63),
    Light.AMBER: (242, 169, 0),
    Light.GREEN: (46, 158, 91),
    Light.GREY: (169, 177, 187),
}
INK, MUTED, RULE, NAVY = (27, 31, 36), (98, 108, 120), (214, 219, 226), (29, 78, 137)
ELLIPSIS = "…"
# SARA AM (ำ) is drawn as two glyphs, NIKHAHIT and SARA AA, and fpdf2's text layer then mislabels the second one
# ("ตำรวจ" copies out as "ตำ\x08รวจ"). Handing fpdf2 the decomposed form HarfBuzz itself would produce (NIKHAHIT
# moved in front of any tone mark, then SARA AA) draws the same picture with one code point per glyph.
_SARA_AM = re.compile("([\u0e48-\u0e4b]*)\u0e33")


def decompose_sara_am(text: str) -> str:
    return _SARA_AM.sub(lambda m: "\u0e4d" + m.group(1) + "\u0e32", text)


@lru_cache(maxsize=2)
def static_font(weight: int) -> Path:
    """The variable Noto Sans Thai pinned at one weight, written once to a cache file: instancing a variable font
    takes a third of a second, parsing a static one a few milliseconds."""
    stat = FONT_FILE.stat()
    folder = Path(tempfile.gettempdir()) / "ita-dash-fonts"
    path = folder / f"NotoSansThai-{weight}-{stat.st_size}-{int(stat.st_mtime)}.ttf"
    if not path.is_file():
        folder.mkdir(parents=True, exist_ok=True)
        font = instantiateVariableFont(TTFont(FONT_FILE), {"wght": weight, "wdth": 100})
        partial = path.with_suffix(".part")
        font.save(partial)
        partial.replace(path)  # atomic: two processes may race to write it
    return path


class ThaiPDF(FPDF):
    """A4 with the Thai font, text shaping and an optional running header and page numbers."""

    def __init__(self, orientation: str = "P", running_header: str = "", numbered: bool = False):
        super().__init__(orientation=orientation, unit="mm", format="A4")
        self.add_font(FONT, "", static_font(400))
        self.add_font(FONT, "B", static_font(700))
        self.set_text_shaping(True)
        self.set_margins(12, 12, 12)
        self.running_header = running_header
        self.numbered = numbered
        self.set_title(running_header or "ITA Command Dashboard")
        self.set_creator("ITA Command Dashboard")

    def normalize_text(self, text: str) -> str:  # every text fpdf2 draws passes through here
        return super().normalize_text(decompose_sara_am(text))

    # -- running header and footer (multi-page reports) ---------------------------------------------------
    def header(self) -> None:
        if self.running_header and self.page_no() > 1:
            self.font(8, colour=MUTED)
            self.cell(0, 5, self.fit(self.running_header, self.epw), new_x="LMARGIN", new_y="NEXT")
            self.ln(2)

    def footer(self) -> None:
        if self.numbered:
            self.set_y(-10)
            self.font(8, colour=MUTED)
            self.cell(0, 5, f"หน้า {self.page_no()}/{{nb}}", align="R")

    # -- text ------------------------------------------------------------------------------------------------
    def font(self, size: float, bold: bool = False, colour=INK) -> None:
        self.set_font(FONT, "B" if bold else "", size)
        self.set_text_color(*colour)

    def fit(self, text: str, width: float) -> str:
        """``text`` shortened with "…" to fit ``width`` at the current font (Thai has no spaces to break at)."""
        text = " ".join(text.split())
        if self.get_string_width(text) <= width:
            return text
        low, high = 0, len(text)
        while low < high:  # the longest prefix that fits with the ellipsis
            middle = (low + high + 1) // 2
            if self.get_string_width(text[:middle].rstrip() + ELLIPSIS) <= width:
                low = middle
            else:
                high = middle - 1
        return text[:low].rstrip() + ELLIPSIS

    def text_at(self, x: float, y: float, w: float, h: float, text: str, size: float = 9, bold: bool = False,
                colour=INK, align: str = "L") -> None:
        self.set_xy(x, y)
        self.font(size, bold, colour)
        self.cell(w, h, self.fit(text, w - 0.5), align=align)

    # -- shapes ----------------------------------------------------------------------------------------------
    def dot(self, x: float, y: float, light: Light, radius: float = 1.4) -> None:
        """A filled light centred at (x, y). (fpdf2's ``circle`` takes the centre and the radius.)"""
        self.set_fill_color(*RGB[light])
        self.circle(x, y, radius, style="F")

    def bar(self, x: float, y: float, w: float, h: float, share: float, light: Light, marker: float | None = None) -> None:
        """A horizontal bar filled to ``share`` (capped at 1); ``marker`` draws a tick at that share."""
        self.set_fill_color(236, 239, 243)
        self.rect(x, y, w, h, style="F")
        self.set_fill_color(*RGB[light])
        self.rect(x, y, w * max(0.0, min(1.0, share)), h, style="F")
        if marker is not None:
            self.set_draw_color(*INK)
            self.set_line_width(0.4)
            tick = x + w * max(0.0, min(1.0, marker))
            self.line(tick, y - 0.8, tick, y + h + 0.8)

    def _half_disc(self, cx: float, cy: float, radius: float, start: float, end: float) -> None:
        """The part of the upper half-disc between two angles, 180 = left end, 360 = right end. (fpdf2's
        ``solid_arc`` takes the bounding box's top-left corner and the diameter; angles run clockwise.)"""
        self.solid_arc(cx - radius, cy - radius, 2 * radius, start, end, style="F")

    def gauge(self, cx: float, cy: float, radius: float, share: float, light: Light, expected: float | None = None) -> None:
        """A half-ring over (cx, cy) from left to right, filled to ``share``; ``expected`` marks the pace."""
        self.set_fill_color(236, 239, 243)
        self._half_disc(cx, cy, radius, 180, 360)
        filled = 180 * max(0.0, min(1.0, share))
        if filled > 0:
            self.set_fill_color(*RGB[light])
            self._half_disc(cx, cy, radius, 180, 180 + filled)
        self.set_fill_color(255, 255, 255)
        self._half_disc(cx, cy, radius * 0.62, 180, 360)
        if expected is not None:
            angle = math.radians(180 * max(0.0, min(1.0, expected)))  # 0 at the left end
            self.set_draw_color(*INK)
            self.set_line_width(0.5)
            self.line(cx - math.cos(angle) * radius * 0.55, cy - math.sin(angle) * radius * 0.55,
                      cx - math.cos(angle) * radius * 1.08, cy - math.sin(angle) * radius * 1.08)

    def rule(self, y: float) -> None:
        self.set_draw_color(*RULE)
        self.set_line_width(0.3)
        self.line(self.l_margin, y, self.w - self.r_margin, y)

    def heading(self, y: float, text: str) -> float:
        self.text_at(self.l_margin, y, self.epw, 6, text, size=11, bold=True, colour=NAVY)
        return y + 6.5
