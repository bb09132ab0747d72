"""The PDF page every report is drawn on: Noto Sans Thai with HarfBuzz shaping (so vowels and tone marks stack:
ที่ น้ำ ชี้), the font subset into the file, and the few shapes the reports need (lights, bars, gauges) drawn with fpdf2
primitives: no browser, no image export.

Three things fpdf2 2.8.9 does not do for Thai on its own, done here once for every report:

* **Lines break between words.** fpdf2 breaks lines at spaces and, failing that, anywhere; Thai has no spaces
  between words. Every text gets a ZERO WIDTH SPACE between its words (``thai_text.with_break_hints``, PyThaiNLP's
  dictionary segmenter), which fpdf2 treats as a break opportunity; the hint itself is dropped before shaping, so it
  never reaches the page or the text layer. A single word wider than its line is cut between clusters, never inside
  one (``ThaiPDF.multi_cell``). Shortening with "…" (``ThaiPDF.fit``) also cuts after a word.
* **The text layer holds what was typed.** HarfBuzz draws SARA AM (ำ) as two glyphs, NIKHAHIT then SARA AA, and moves
  NIKHAHIT in front of a tone mark (น้ำ is drawn น ํ ้ า). fpdf2 gives a shaped cluster's text to the cluster's
  *first* glyph and writes no ToUnicode entry for the others, so a reader copies their raw glyph codes ("ตำ\\x08รวจ"),
  and pdftotext puts a space after ำ because the text sits on the zero-width NIKHAHIT. :class:`ShapedFont` gives each
  cluster's text to its first glyph *that advances* (the consonant, or the SARA AA of ำ) and maps every other glyph of
  the cluster to an empty string, so pypdf and pdftotext both extract "ดำเนินการ" and "น้ำ" as typed. (fpdf2 also
  supports ``/ActualText`` marked content, but pypdf's text extraction ignores it.)
* **Each string is shaped once.** :class:`ShapedFont` keeps HarfBuzz's answer per string for the life of the document,
  so measuring a string, fitting it and drawing it shape it once; ``fit`` finds the cut from that one shaping.
"""

from __future__ import annotations

import math
import re
import tempfile
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from fontpkg_noto_sans_thai import ROOT as FONT_ROOT
from fontTools.ttLib import TTFont
from fontTools.varLib.instancer import instantiateVariableFont
from fpdf import FPDF
from fpdf.enums import Align
from fpdf.fonts import TTFFont
from fpdf.line_break import Fragment, TextLine, TotalPagesSubstitutionFragment
from fpdf.util import Padding

from ita_dash.domain.lights import Light

from .thai_text import ZWSP, cluster_cuts, cut_points, with_break_hints, words

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
SIGN_DOTS, SIGN_GAP, SIGN_LINE = "." * 40, 8.0, 6.5  # a signature's dotted line, the space above the blocks, a line
Signer = tuple[str, str, str]  # role ("ผู้รายงาน"), rank and name, position; empty: a dotted line to fill in by hand
_THAI_LETTER = re.compile("[\u0e00-\u0e7f]")
_SARA_AM = re.compile("([\u0e48-\u0e4b]*)\u0e33")


def decompose_sara_am(text: str) -> str:
    """ำ written as NIKHAHIT + SARA AA (after any tone mark's NIKHAHIT move). Kept for callers of the old engine; the
    PDFs no longer need it: their text layer holds ำ as typed."""
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


# -- the font: shaping once, and a text layer that reads as typed ------------------------------------------------
class _NoText(int):
    """A code point that writes as nothing. fpdf2 writes a glyph's ToUnicode entry as the hex of each of its code
    points (``f"{code:04X}"``), so a glyph whose text is ``(_NoText(0),)`` gets ``<code> <>``: it adds no text when
    copied. (A glyph with an empty tuple gets no entry at all, and readers then copy its raw code.)"""

    __slots__ = ()

    def __format__(self, spec: str) -> str:
        return ""


NO_TEXT = (_NoText(0),)


class ShapedGlyph(NamedTuple):
    """One glyph of HarfBuzz's answer, detached from HarfBuzz's buffer (fpdf2 reads these attribute names)."""
    codepoint: int
    cluster: int
    x_advance: int
    y_advance: int
    x_offset: int
    y_offset: int


def _shaping_key(params: dict | None) -> tuple:
    params = params or {}
    direction = params.get("fragment_direction")
    features = params.get("features") or {}
    return (getattr(direction, "value", direction), params.get("script"), params.get("language"),
            tuple(sorted(features.items())))


class ShapedFont(TTFFont):
    """fpdf2's TrueType font with a per-document shaping cache and a cluster-aware glyph-to-text map."""

    __slots__ = ("_shaped", "_measured", "_drawn", "_metrics", "max_advance")

    def __init__(self, fpdf: FPDF, path: Path, fontkey: str, style: str):
        super().__init__(fpdf, path, fontkey, style)
        self._shaped: dict[tuple, tuple[ShapedGlyph, ...]] = {}
        self._measured: dict[tuple, tuple[int, int]] = {}  # string -> (glyphs, advance in font units)
        self._drawn: dict[tuple, list[dict]] = {}
        self._metrics: dict[int, tuple[str, int]] = {}
        self.max_advance = self.ttfont["hhea"].advanceWidthMax * self.scale / 1000  # widest glyph, in em

    def __deepcopy__(self, memo: dict) -> ShapedFont:
        """The font itself: fpdf2's dry runs (``offset_rendering``, see :meth:`ThaiPDF.sign_off`) deep-copy the
        document to rewind it after. A copy would parse nothing new but copy the whole TrueType font and drop every
        shaping the dry run made; shared, the real drawing after it reuses them. (The subset may then hold a glyph
        only the dry run drew: the real drawing draws the same texts.)"""
        return self

    def shape(self, text: str, params: dict | None) -> tuple[ShapedGlyph, ...]:
        """HarfBuzz's glyphs for ``text`` (break hints dropped first), shaped once per document. Glyph positions are
        in font units and do not depend on the size, so one shaping serves every size."""
        text = text.replace(ZWSP, "")
        key = (text, _shaping_key(params))
        glyphs = self._shaped.get(key)
        if glyphs is None:
            glyphs = ()
            if text:
                infos, positions = super().perform_harfbuzz_shaping(text, 10, params)
                glyphs = tuple(ShapedGlyph(i.codepoint, i.cluster, p.x_advance, p.y_advance, p.x_offset, p.y_offset)
                               for i, p in zip(infos or (), positions or ()))
            self._shaped[key] = glyphs
        return glyphs

    def shaped_text_width(self, text, font_size_pt, text_shaping_params):
        """fpdf2's measure of a shaped string: (glyph count, advance in points). fpdf2's line breaker asks it for
        the whole line so far at every character, so it keeps only the two numbers per string (building glyph
        tuples for every prefix of every line cost more than the shaping)."""
        text = text.replace(ZWSP, "")
        key = (text, _shaping_key(text_shaping_params))
        measured = self._measured.get(key)
        if measured is None:
            glyphs = self._shaped.get(key)
            if glyphs is not None:
                measured = len(glyphs), sum(round(self.scale * g.x_advance + 0.001) for g in glyphs)
            elif text:
                _, positions = super().perform_harfbuzz_shaping(text, font_size_pt, text_shaping_params)
                positions = positions or ()
                measured = len(positions), sum(round(self.scale * p.x_advance + 0.001) for p in positions)
            else:
                measured = 0, 0
            self._measured[key] = measured
        return measured[0], measured[1] * font_size_pt * 0.001

    def text_width(self, text: str, font_size_pt: float, params: dict | None) -> float:
        """The advance of ``text`` in points, as fpdf2 measures a shaped string."""
        return self.shaped_text_width(text, font_size_pt, params)[1]

    def _glyph_metrics(self, glyph_id: int) -> tuple[str, int]:
        metrics = self._metrics.get(glyph_id)
        if metrics is None:
            name = self.ttfont.getGlyphName(glyph_id)
            metrics = self._metrics[glyph_id] = (name, round(self.scale * self.ttfont["hmtx"].metrics[name][0]))
        return metrics

    def shape_text(self, text, font_size_pt, text_shaping_params):
        """What fpdf2 draws for one run of text: fpdf2's own ``TTFFont.shape_text``, except for which glyph carries
        the text of a cluster (see the module's docstring)."""
        text = text.replace(ZWSP, "")
        key = (text, _shaping_key(text_shaping_params))
        drawn = self._drawn.get(key)
        if drawn is not None:
            return drawn
        glyphs = self.shape(text, text_shaping_params)
        starts = sorted({g.cluster for g in glyphs})
        ends = dict(zip(starts, starts[1:] + [len(text)]))
        carrier: dict[int, int] = {}  # cluster -> index of the glyph that carries its text
        for index, glyph in enumerate(glyphs):
            current = carrier.get(glyph.cluster)
            if current is None or (glyphs[current].x_advance == 0 and glyph.x_advance != 0):
                carrier[glyph.cluster] = index
        drawn = []
        for index, g in enumerate(glyphs):
            if carrier[g.cluster] == index:
                unicode = tuple(ord(c) for c in text[g.cluster:ends[g.cluster]]) or NO_TEXT
            else:
                unicode = NO_TEXT
            name, width = self._glyph_metrics(g.codepoint)
            # A mark moved left of its pen (the vowel over ป, ฝ, ฬ) is followed by a jump right, back to the pen; with
            # a zero width in /W a reader takes that jump for a space ("เปิ ด"). Its PDF width is the jump instead,
            # so the pen lands where the next glyph starts (fpdf2 still places every glyph with its own Tm).
            pdf_width = round(self.scale * -g.x_offset) if g.x_advance == 0 and g.x_offset < 0 else width
            glyph = self.subset.get_glyph(glyph=g.codepoint, unicode=unicode, glyph_name=name, glyph_width=pdf_width)
            if glyph is None:
                continue
            drawn.append({
                "mapped_char": self.subset.pick_glyph(glyph),
                "x_advance": g.x_advance, "y_advance": g.y_advance, "x_offset": g.x_offset, "y_offset": g.y_offset,
                "force_positioning": pdf_width != g.x_advance or g.x_offset != 0 or g.y_offset != 0 or g.y_advance != 0,
            })
        self._drawn[key] = drawn
        return drawn


class ThaiPDF(FPDF):
    """A4 with the Thai font, text shaping, Thai line breaking and an optional running header and page numbers."""

    def __init__(self, orientation: str = "P", running_header: str = "", numbered: bool = False):
        super().__init__(orientation=orientation, unit="mm", format="A4")
        for style, weight in (("", 400), ("B", 700)):
            key = f"{FONT.lower()}{style}"
            self.fonts[key] = ShapedFont(self, static_font(weight), key, style)  # what add_font does, our font class
        self.set_text_shaping(True)
        self.set_margins(12, 12, 12)
        self.running_header = running_header
        self.numbered = numbered
        self.set_title(running_header or "ITA Command Dashboard")
        self.set_creator("ITA Command Dashboard")

    def normalize_text(self, text: str) -> str:  # every text fpdf2 draws or measures passes through here
        return super().normalize_text(with_break_hints(text))

    def multi_cell(self, w, h=None, text="", *args, **kwargs):
        """fpdf2's ``multi_cell`` (tables use it too), with the words of ``text`` as the only places a line breaks;
        a word wider than the whole line is first given break hints between its clusters, so fpdf2's last-resort
        break never falls inside a grapheme cluster."""
        if text:
            width = w if w else self.w - self.r_margin - self.x
            padding = Padding.new(kwargs.get("padding") or 0)
            text = self._hint_long_words(str(text), width - 2 * self.c_margin - padding.left - padding.right)
        return super().multi_cell(w, h, text, *args, **kwargs)

    def _render_styled_text_line(self, text_line, h=None, *args, **kwargs):
        """Every line of Thai is drawn inside a ``/Span <</ActualText …>> BDC … EMC`` holding the line as typed.
        pypdf reads the glyphs through the ToUnicode map (see :class:`ShapedFont`); poppler (pdftotext, Evince)
        reads the ActualText instead, which it needs: its reading-order pass sorts characters by where they are
        drawn, and a zero-width mark drawn a unit to the right of the next consonant (ผู้ก, รับ) moved the mark to
        another line. The span is opened after fpdf2's own page-break check, so it never straddles two pages."""
        fragments = text_line.fragments
        if any(isinstance(f, TotalPagesSubstitutionFragment) for f in fragments):
            return super()._render_styled_text_line(text_line, h, *args, **kwargs)
        actual = "".join("".join(f.characters) for f in fragments).replace(ZWSP, "")
        if not _THAI_LETTER.search(actual):
            return super()._render_styled_text_line(text_line, h, *args, **kwargs)
        height = h if h is not None else max((f.font_size for f in fragments), default=0)
        broke = self._perform_page_break_if_need_be(height)
        self._out(f"/Span <</ActualText <FEFF{actual.encode('utf-16-be').hex().upper()}>>> BDC")
        drawn = super()._render_styled_text_line(text_line, h, *args, **kwargs)
        self._out("EMC")
        return broke or drawn

    def _hint_long_words(self, text: str, width: float) -> str:
        font, size = self.current_font, self.font_size_pt
        if not isinstance(font, ShapedFont):
            return text
        widest = font.max_advance * self.font_size  # a word shorter than width / widest glyph always fits
        out, changed = [], False
        for word in words(text):
            if len(word) * widest > width and font.text_width(word, size, self.text_shaping) / self.k > width:
                cuts = cluster_cuts(word)
                word = "".join(ZWSP + word[a:b] if a else word[a:b] for a, b in zip((0, *cuts), (*cuts, len(word))))
                changed = True
            out.append(word)
        return "".join(out) if changed else text

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

    def width_of(self, text: str) -> float:
        """The width of one line of ``text`` at the current font, from the document's one shaping of it."""
        font = self.current_font
        if not isinstance(font, ShapedFont):
            return self.get_string_width(text)
        return font.text_width(text, self.font_size_pt, self.text_shaping) / self.k

    def fit(self, text: str, width: float) -> str:
        """``text`` shortened with "…" after its last word that fits ``width`` at the current font (a word wider
        than the whole box is cut between clusters, never inside one)."""
        return self._fitted(text, width)[0]

    def _fitted(self, text: str, width: float) -> tuple[str, float]:
        """:meth:`fit` and the width of what it returns. The text is shaped once: the width of every prefix that
        ends a word is read off that one shaping (a word boundary is a cluster boundary)."""
        text = " ".join(text.replace(ZWSP, "").split())  # (a ZWSP typed in, e.g. pasted from Word, is dropped)
        font, size = self.current_font, self.font_size_pt
        if not text or not isinstance(font, ShapedFont):
            return text, self.get_string_width(text) if text else 0.0
        unit = size * 0.001 / self.k  # font units (per 1000 em) -> mm
        glyphs = font.shape(text, self.text_shaping)
        advances = [round(font.scale * g.x_advance + 0.001) for g in glyphs]
        total = sum(advances)
        if total * unit <= width:
            return text, total * unit
        ellipsis = sum(round(font.scale * g.x_advance + 0.001) for g in font.shape(ELLIPSIS, self.text_shaping))
        room = width / unit - ellipsis
        before: dict[int, int] = {}  # cluster start -> advance of everything before it
        running = 0
        for glyph, advance in sorted(zip(glyphs, advances), key=lambda pair: pair[0].cluster):
            before.setdefault(glyph.cluster, running)
            running += advance
        best = 0
        for n in cut_points(text):
            if 0 < n < len(text) and not text[n - 1].isspace() and before.get(n, room + 1) <= room:
                best = n
        if best == 0:  # not even the first word fits: cut it between clusters
            for n in cluster_cuts(words(text)[0]):
                if before.get(n, room + 1) <= room:
                    best = n
        return text[:best] + ELLIPSIS, (before.get(best, 0) + ellipsis) * unit

    def text_at(self, x: float, y: float, w: float, h: float, text: str, size: float = 9, bold: bool = False,
                colour=INK, align: str = "L") -> None:
        """One line of text in the box (x, y, w, h), shortened with "…" to fit. Drawn as fpdf2's ``cell`` draws a
        line, from the one shaping :meth:`_fitted` made, without ``cell``'s per-call bidirectional and markup
        passes (every text here runs left to right): most of the time a one-pager spends on text."""
        self.set_xy(x, y)
        self.font(size, bold, colour)
        shown, width = self._fitted(text, w - 0.5)
        if not shown or not isinstance(self.current_font, ShapedFont):
            self.cell(w, h, shown, align=align)
            return
        fragment = Fragment(shown, self._get_current_graphics_state(), self.k)
        self._render_styled_text_line(TextLine((fragment,), width, 0, Align.coerce(align), h, w), h)

    # -- the signatures a printed page ends with -------------------------------------------------------------
    def signature_lines(self, signer: Signer, dated: bool) -> list[str]:
        """One signature block in the Thai official style: "ลงชื่อ ……… <role>" on a dotted line, the name with its
        rank in parentheses (a dotted line to fill in by hand when not known), the position (a dotted line when not
        known) and, if ``dated``, a date line."""
        role, name, position = signer
        return [f"ลงชื่อ {SIGN_DOTS} {role}".rstrip(), f"( {name} )" if name else f"({SIGN_DOTS})",
                position or f"ตำแหน่ง {SIGN_DOTS}"] + (["วันที่ ........ / ........ / ........"] if dated else [])

    def signatures_height(self, signers: Sequence[Signer], size: float = 10, dated: bool = False) -> float:
        """The height of the blocks side by side (a long position wraps, never shortened), the gap above included."""
        width = self.epw / max(1, len(signers))
        self.font(size)
        return SIGN_GAP + max(sum(self.multi_cell(width, SIGN_LINE, line, align="C", dry_run=True, output="HEIGHT")
                                  for line in self.signature_lines(signer, dated)) for signer in signers)

    def sign_off(self, signers: Sequence[Signer], last: Callable[[bool], None] | None = None, size: float = 10,
                 dated: bool = False, whole: bool = False) -> None:
        """The signature blocks side by side under the last content, never alone on a page: an official does not
        sign a page that carries nothing it certifies. ``last(apart)`` draws the document's last content; with
        ``apart`` true its last piece (a table's last row under its headings again, the last measure) starts a new
        page. It is first drawn as it comes in a dry run (fpdf2's ``offset_rendering``, rewound after): when the
        blocks would not fit under it (or, when ``whole``, ``last`` itself crosses a page: a measure's last line is
        not enough to sign under), it is drawn apart, so the blocks follow that piece on the next page; a piece too
        long for that is drawn with the blocks' room kept free at the foot of its pages, so its last lines go on
        with them."""
        height = self.signatures_height(signers, size, dated)
        if last is not None:
            if self._room_after(last, False, height, whole):
                last(False)
            elif self._room_after(last, True, height, whole):
                last(True)
            else:  # the last piece is longer than a page less the blocks: its tail goes on with them
                margin = self.b_margin  # (a gap more: the space a piece leaves under itself, e.g. a measure's)
                self.set_auto_page_break(True, margin + height + SIGN_GAP)
                last(False)
                self.set_auto_page_break(True, margin)
        if self.will_page_break(height):  # no content at all, or a page break of its own at the very end
            self.add_page()
        top = self.get_y() + SIGN_GAP
        width = self.epw / max(1, len(signers))
        self.font(size)
        for index, signer in enumerate(signers):
            self.set_xy(self.l_margin + index * width, top)
            for line in self.signature_lines(signer, dated):
                self.set_x(self.l_margin + index * width)
                self.multi_cell(width, SIGN_LINE, line, align="C", new_x="LEFT", new_y="NEXT")
        self.set_xy(self.l_margin, top + height - SIGN_GAP)

    def _room_after(self, last: Callable[[bool], None], apart: bool, height: float, whole: bool) -> bool:
        """Whether ``height`` fits under ``last(apart)`` on its page (and, when ``whole``, ``last`` kept to one
        page): drawn in a dry run, rewound after."""
        with self.offset_rendering():
            page = self.page
            last(apart)
            if apart:
                page += 1
            return not self.will_page_break(height) and not (whole and self.page != page)

    # -- shapes ----------------------------------------------------------------------------------------------
    def dot(self, x: float, y: float, light: Light, radius: float = 1.4) -> None:
        """A filled light centred at (x, y): fpdf2's ``circle(x, y, radius, style="F")`` path, drawn without its
        per-call style handling (a province page draws a thousand of them)."""
        self.set_fill_color(*RGB[light])
        self._draw_ellipse(x - radius, y - radius, 2 * radius, 2 * radius, "f")

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
