"""Word files the way a Thai official document is set (งานสารบรรณ): A4, margins of 3 cm left and 2 cm right,
2.5 cm top and 2 cm bottom, TH Sarabun New 16 pt, page numbers in Thai digits, table headers repeated on every page,
landscape sections for wide tables, the signature block (dotted line, name in parentheses, position).

Font decision: every run names **TH Sarabun New** in all four script slots (ascii, hAnsi, eastAsia and the
complex-script ``cs`` slot that Thai text uses, with ``w:lang w:bidi="th-TH"``), so Word on a government PC, where
TH Sarabun New is installed, sets it. The font table declares **Sarabun** as its alternative name (``w:altName``),
which Word uses when TH Sarabun New is missing. The font is *not* embedded: LibreOffice 7 ignored embedded fonts in
our trials and the file stays small. Where we convert with LibreOffice ourselves (:func:`docx_to_pdf`, the tests, the
pictures in ``docs/images``) a private fontconfig file maps TH Sarabun New to Sarabun from the ``fontpkg-sarabun``
package, so the PDF is set in Sarabun; a server with TH Sarabun New installed uses that instead. Without either,
fontconfig picks another Thai font (Debian's fonts-thai-tlwg gives Laksaman, metric-compatible with TH Sarabun).
Sarabun draws its letters larger than TH Sarabun New at the same size (16 pt Sarabun is about 21 pt TH Sarabun
New), so a file shown in Sarabun runs to more pages than the same file in TH Sarabun New.

Page numbers: the section's number format is ``thaiNumbers`` and the header holds a PAGE field, which Word shows in
Thai digits (๑ ๒ ๓). LibreOffice does not know that number format and shows Arabic digits.
"""

from __future__ import annotations

import io
import os
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from fontpkg_sarabun import ROOT as SARABUN_ROOT

FONT = "TH Sarabun New"
FALLBACK = "Sarabun"
BODY_PT = 16
A4 = (Cm(21.0), Cm(29.7))
MARGINS = {"left_margin": Cm(3.0), "right_margin": Cm(2.0), "top_margin": Cm(2.5), "bottom_margin": Cm(2.0)}
THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
DOTS = "." * 40


def thai_digits(text: object) -> str:
    return str(text).translate(THAI_DIGITS)


def _fonts(r_pr, name: str = FONT) -> None:
    """Name ``name`` in every script slot of a run or style (the ``cs`` slot is the one Thai text uses)."""
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attribute in list(fonts.attrib):
        if attribute.endswith("Theme"):
            del fonts.attrib[attribute]
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), name)
    fonts.set(qn("w:hint"), "cs")


def _size(r_pr, points: float) -> None:
    for tag in ("w:sz", "w:szCs"):
        element = r_pr.find(qn(tag))
        if element is None:
            element = OxmlElement(tag)
            r_pr.append(element)
        element.set(qn("w:val"), str(int(points * 2)))


def _lang(r_pr) -> None:
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.append(lang)
    lang.set(qn("w:val"), "en-GB")  # Latin letters and digits: Latin line breaking (never inside a number)
    lang.set(qn("w:bidi"), "th-TH")


class ThaiDocument:
    """A python-docx document set up as a Thai official document."""

    def __init__(self):
        self.doc = Document()
        section = self.doc.sections[0]
        section.page_width, section.page_height = A4
        section.orientation = WD_ORIENT.PORTRAIT
        for name, value in MARGINS.items():
            setattr(section, name, value)
        section.footer_distance = Cm(1.0)
        for style_name in ("Normal", "Heading 1", "Heading 2", "Heading 3", "Table Grid", "Caption", "Title"):
            try:
                style = self.doc.styles[style_name]
            except KeyError:
                continue
            r_pr = style.element.get_or_add_rPr()
            _fonts(r_pr)
            _lang(r_pr)
        normal = self.doc.styles["Normal"]
        _size(normal.element.get_or_add_rPr(), BODY_PT)
        normal.paragraph_format.space_after = Pt(0)
        normal.paragraph_format.line_spacing = 1.0
        for level, points in ((1, 20), (2, 18), (3, 16)):
            style = self.doc.styles[f"Heading {level}"]
            _size(style.element.get_or_add_rPr(), points)
            style.font.color.rgb = RGBColor(0, 0, 0)
            style.font.bold = True
            style.font.italic = False
            style.paragraph_format.space_before = Pt(12 if level == 1 else 8)
            style.paragraph_format.space_after = Pt(4)
        self._page_numbers(section)
        self._font_table()

    # -- set-up ------------------------------------------------------------------------------------------
    def _page_numbers(self, section) -> None:
        """The page number top right in Thai digits (the PAGE field formatted ThaiArabic, pages numbered in the
        section's Thai number format), as Thai official documents number pages."""
        section.different_first_page_header_footer = True  # no number on the cover
        paragraph = section.header.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = paragraph.add_run("- ")
        self._field(paragraph, "PAGE", "๒")
        paragraph.add_run(" -")
        self._number_format(section)
        del run

    @staticmethod
    def _number_format(section) -> None:
        sect_pr = section._sectPr
        number_type = sect_pr.find(qn("w:pgNumType"))
        if number_type is None:
            number_type = OxmlElement("w:pgNumType")
            sect_pr.append(number_type)
        number_type.set(qn("w:fmt"), "thaiNumbers")

    @staticmethod
    def _field(paragraph, instruction: str, shown: str) -> None:
        for kind, text in (("begin", None), ("instr", instruction), ("separate", None), ("text", shown), ("end", None)):
            run = paragraph.add_run()
            if kind == "instr":
                element = OxmlElement("w:instrText")
                element.set(qn("xml:space"), "preserve")
                element.text = f" {text} "
            elif kind == "text":
                element = OxmlElement("w:t")
                element.text = text
            else:
                element = OxmlElement("w:fldChar")
                element.set(qn("w:fldCharType"), kind)
            run._r.append(element)

    def _font_table(self) -> None:
        """Declare TH Sarabun New with Sarabun as its alternative name (and Sarabun itself) in the font table."""
        from lxml import etree

        font_part = next((rel.target_part for rel in self.doc.part.rels.values() if rel.reltype == RT.FONT_TABLE), None)
        if font_part is None:
            return
        root = etree.fromstring(font_part.blob)
        for name, alternative in ((FONT, FALLBACK), (FALLBACK, None)):
            font = OxmlElement("w:font")
            font.set(qn("w:name"), name)
            if alternative:
                alt = OxmlElement("w:altName")
                alt.set(qn("w:val"), alternative)
                font.append(alt)
            for tag, value in (("w:charset", "DE"), ("w:family", "swiss"), ("w:pitch", "variable")):
                element = OxmlElement(tag)
                element.set(qn("w:val"), value)
                font.append(element)
            root.append(font)
        font_part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    # -- content -----------------------------------------------------------------------------------------
    def heading(self, text: str, level: int = 1, centred: bool = False):
        paragraph = self.doc.add_heading(text, level=level)
        if centred:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        return paragraph

    def paragraph(self, text: str = "", bold: bool = False, size: float | None = None, align: str = "left",
                  indent_first: bool = False, space_after: float = 0):
        paragraph = self.doc.add_paragraph()
        paragraph.alignment = {"left": WD_ALIGN_PARAGRAPH.LEFT, "centre": WD_ALIGN_PARAGRAPH.CENTER,
                               "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}[align]
        if indent_first:
            paragraph.paragraph_format.first_line_indent = Cm(2.5)
        paragraph.paragraph_format.space_after = Pt(space_after)
        if text:
            run = paragraph.add_run(text)
            run.bold = bold
            if size:
                run.font.size = Pt(size)
                _size(run._r.get_or_add_rPr(), size)
        return paragraph

    def page_break(self) -> None:
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def new_section(self, landscape: bool) -> None:
        """A new page in landscape (wide tables) or portrait; same margins turned with the page, page numbers go on."""
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        width, height = A4
        section.page_width, section.page_height = (height, width) if landscape else (width, height)
        if landscape:  # the binding edge stays on the long side: the top margin becomes the wide one
            section.left_margin, section.right_margin = Cm(2.0), Cm(2.0)
            section.top_margin, section.bottom_margin = Cm(3.0), Cm(2.0)
        else:
            for name, value in MARGINS.items():
                setattr(section, name, value)
        section.different_first_page_header_footer = False
        self._number_format(section)

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[str]], widths_cm: Sequence[float],
              size: float = 14):
        """A grid table; the header row repeats on every page."""
        table = self.doc.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        header = table.rows[0]
        tr_pr = header._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        tr_pr.append(repeat)
        for cell, text in zip(header.cells, headers):
            self._cell(cell, text, size, bold=True, shade="E7ECF3")
        for values in rows:
            row = table.add_row()  # a tall row may run on to the next page (under the repeated header)
            for cell, text in zip(row.cells, values):
                self._cell(cell, text, size)
        self._widths(table, widths_cm)
        return table

    @staticmethod
    def _widths(table, widths_cm: Sequence[float]) -> None:
        """Fixed column widths in the grid, the table and every cell (LibreOffice reads the grid, Word the cells)."""
        tbl = table._tbl
        grid = tbl.tblGrid
        for column, width in zip(grid.findall(qn("w:gridCol")), widths_cm):
            column.set(qn("w:w"), str(int(Cm(width).twips)))
        properties = tbl.tblPr
        total = OxmlElement("w:tblW")
        total.set(qn("w:w"), str(int(Cm(sum(widths_cm)).twips)))
        total.set(qn("w:type"), "dxa")
        for old in properties.findall(qn("w:tblW")):
            properties.remove(old)
        properties.append(total)
        layout = OxmlElement("w:tblLayout")
        layout.set(qn("w:type"), "fixed")
        properties.append(layout)
        for row in table.rows:
            for cell, width in zip(row.cells, widths_cm):
                cell.width = Cm(width)

    @staticmethod
    def _cell(cell, text: str, size: float, bold: bool = False, shade: str | None = None) -> None:
        cell.text = ""
        lines = str(text).split("\n") or [""]
        paragraph = cell.paragraphs[0]
        for index, line in enumerate(lines):
            if index:
                paragraph = cell.add_paragraph()
            run = paragraph.add_run(line)
            run.bold = bold
            _size(run._r.get_or_add_rPr(), size)
        if shade:
            properties = cell._tc.get_or_add_tcPr()
            fill = OxmlElement("w:shd")
            fill.set(qn("w:val"), "clear")
            fill.set(qn("w:color"), "auto")
            fill.set(qn("w:fill"), shade)
            properties.append(fill)

    def picture(self, content: bytes, width_cm: float, caption: str = "") -> None:
        paragraph = self.doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.keep_with_next = True
        paragraph.add_run().add_picture(io.BytesIO(content), width=Cm(width_cm))
        if caption:
            self.paragraph(caption, size=14, align="centre", space_after=6)

    def signatures(self, signers: Sequence[tuple[str, str, str]]) -> None:
        """Signature blocks side by side: (role, rank and name, position) → role, "ลงชื่อ ………", "(name)", position."""
        table = self.doc.add_table(rows=1, cols=len(signers))
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, (role, name, position) in zip(table.rows[0].cells, signers):
            cell.text = ""
            short = "." * 24
            lines = [role, f"ลงชื่อ {short}", f"( {name or short} )", position or f"ตำแหน่ง {short}"]
            for index, line in enumerate(lines):
                paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                paragraph.paragraph_format.space_before = Pt(24 if index == 1 else 0)
                paragraph.add_run(line)
        cant_split = OxmlElement("w:cantSplit")
        table.rows[0]._tr.get_or_add_trPr().append(cant_split)
        self._widths(table, [16.0 / len(signers)] * len(signers))

    def properties(self, title: str, author: str) -> None:
        """The file's own properties (python-docx would leave its name and a date in 2013)."""
        import datetime as dt

        core = self.doc.core_properties
        now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        core.title, core.author, core.last_modified_by, core.comments = title, author, author, ""
        core.language = "th-TH"
        core.created = core.modified = now

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


FONTCONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>{fonts}</dir>
  <alias binding="same"><family>TH Sarabun New</family><prefer><family>Sarabun</family></prefer></alias>
</fontconfig>
"""


def docx_to_pdf(content: bytes, timeout: float = 180) -> bytes:
    """A .docx turned into PDF by LibreOffice (``libreoffice`` on PATH), with TH Sarabun New mapped to Sarabun
    when it is not installed. Its own LibreOffice profile, so it never waits for another LibreOffice."""
    with tempfile.TemporaryDirectory(prefix="ita-docx-") as folder:
        work = Path(folder)
        (work / "fonts.conf").write_text(FONTCONFIG.format(fonts=SARABUN_ROOT / "files"), encoding="utf-8")
        (work / "report.docx").write_bytes(content)
        env = {**os.environ, "FONTCONFIG_FILE": str(work / "fonts.conf"), "HOME": str(work)}
        subprocess.run(["libreoffice", f"-env:UserInstallation=file://{work}/profile", "--headless",
                        "--convert-to", "pdf", "--outdir", str(work), str(work / "report.docx")],
                       check=True, capture_output=True, timeout=timeout, env=env)
        return (work / "report.pdf").read_bytes()
