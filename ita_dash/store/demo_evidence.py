"""Evidence for the demo unit's results report: a few pictures drawn with Pillow (a No Gift Policy sign, a service
point with its QR-code sign, a meeting), written results for some measures, each on the measure it is about, and
the report's settings, whose committee and meetings agree with meeting mode (``demo_meetings``). All fictional and
labelled สาธิต; no real photo is used."""

from __future__ import annotations

import datetime as dt
import io

from fontpkg_sarabun import ROOT as SARABUN_ROOT
from PIL import Image, ImageDraw, ImageFont

from ita_dash.domain.evidence import Meeting, ReportSettings, Signer
from ita_dash.domain.fiscal import Month, fiscal_year_of
from ita_dash.domain.model import Actor
from ita_dash.domain.thaidate import BANGKOK, format_date

from .demo_meetings import CHIEF, add_demo_meetings, committee_day, meeting_days

DEMO_UNIT = "DEMO-01"


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "Sarabun-Bold.ttf" if bold else "Sarabun-Regular.ttf"
    return ImageFont.truetype(str(SARABUN_ROOT / "files" / name), size, layout_engine=ImageFont.Layout.RAQM)


def _jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=88)
    return buffer.getvalue()


def _wall(draw: ImageDraw.ImageDraw, size: tuple[int, int]) -> None:
    width, height = size
    draw.rectangle((0, 0, width, int(height * 0.72)), fill=(226, 221, 208))
    draw.rectangle((0, int(height * 0.72), width, height), fill=(176, 160, 136))
    for x in range(0, width, 90):
        draw.line((x, int(height * 0.72), x - 60, height), fill=(160, 144, 120), width=3)


def no_gift_sign() -> bytes:
    """A sign on a wall: "No Gift Policy — งดรับ งดให้ ของขวัญ" (drawn)."""
    size = (1280, 960)
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    _wall(draw, size)
    draw.rectangle((250, 120, 1030, 600), fill=(255, 255, 255), outline=(29, 78, 137), width=14)
    draw.rectangle((250, 120, 1030, 230), fill=(29, 78, 137))
    draw.text((640, 175), "NO GIFT POLICY", font=_font(64, True), fill="white", anchor="mm")
    draw.text((640, 300), "งดรับ งดให้ ของขวัญ", font=_font(64, True), fill=(29, 78, 137), anchor="mm")
    draw.text((640, 390), "และของกำนัลทุกโอกาส", font=_font(52), fill=(29, 78, 137), anchor="mm")
    draw.text((640, 500), "สภ.เมืองตัวอย่าง (ภาพสาธิต)", font=_font(40), fill=(98, 108, 120), anchor="mm")
    draw.ellipse((850, 420, 990, 560), outline=(217, 63, 63), width=12)
    draw.line((870, 540, 970, 440), fill=(217, 63, 63), width=12)
    draw.rectangle((880, 470, 960, 530), outline=(217, 63, 63), width=6)
    return _jpeg(image)


def service_point() -> bytes:
    """A service desk with a "จุดบริการประชาชน" sign and a QR-code board for the service manual (drawn)."""
    size = (1280, 860)
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    _wall(draw, size)
    draw.rectangle((140, 90, 760, 210), fill=(46, 158, 91))
    draw.text((450, 150), "จุดบริการประชาชน", font=_font(64, True), fill="white", anchor="mm")
    draw.rectangle((100, 470, 800, 700), fill=(120, 84, 52))
    draw.rectangle((100, 450, 800, 480), fill=(150, 110, 72))
    draw.ellipse((400, 300, 500, 400), fill=(90, 70, 60))
    draw.rectangle((380, 390, 520, 470), fill=(42, 60, 90))
    draw.rectangle((880, 160, 1180, 560), fill="white", outline=(27, 31, 36), width=6)
    draw.text((1030, 210), "ดาวน์โหลดคู่มือ", font=_font(38, True), fill=(27, 31, 36), anchor="mm")
    for row in range(9):  # a made-up pattern in the shape of a QR code
        for column in range(9):
            if (row * 7 + column * 3 + row * column) % 3 == 0 or row in (0, 8) or column in (0, 8):
                draw.rectangle((940 + column * 20, 260 + row * 20, 958 + column * 20, 278 + row * 20), fill=(27, 31, 36))
    draw.text((1030, 500), "ภาพสาธิต", font=_font(34), fill=(98, 108, 120), anchor="mm")
    return _jpeg(image)


def meeting() -> bytes:
    """A meeting table with a projected slide "ประชุมติดตาม ITA" (drawn)."""
    size = (1280, 800)
    image = Image.new("RGB", size, (236, 239, 243))
    draw = ImageDraw.Draw(image)
    draw.rectangle((320, 60, 960, 380), fill="white", outline=(98, 108, 120), width=6)
    draw.text((640, 170), "ประชุมติดตาม ITA", font=_font(60, True), fill=(29, 78, 137), anchor="mm")
    draw.text((640, 270), "ประจำเดือน (ภาพสาธิต)", font=_font(44), fill=(27, 31, 36), anchor="mm")
    draw.ellipse((260, 520, 1020, 760), fill=(150, 110, 72))
    for index in range(7):
        x = 300 + index * 112
        draw.ellipse((x, 440, x + 70, 510), fill=(90, 70, 60))
        draw.rectangle((x - 5, 500, x + 75, 560), fill=(42, 60, 90))
    return _jpeg(image)


# issue of the measure → its picture, the caption, ผลการดำเนินการ and ผลลัพธ์ (None: a photo only). Keyed by what the
# measure is about, never by its code: codes are numbered within each unit's plan, so "1-03" is another measure in
# another year (issue 34: the QR-code sign once sat on the traffic tickets' measure).
EVIDENCE = {
    "นโยบาย No Gift Policy": (
        no_gift_sign, "ป้าย No Gift Policy หน้าห้องรับแจ้งความ",
        ("ประกาศนโยบายไม่รับของขวัญและของกำนัลทุกโอกาส ติดป้าย No Gift Policy ภาษาไทยและภาษาอังกฤษ "
         "หน้าห้องรับแจ้งความและจุดบริการ และเผยแพร่ทางเว็บไซต์และเพจของสถานี",
         "ผู้มาติดต่อรับทราบช่องทางแจ้งเบาะแส ไม่มีเรื่องร้องเรียนการรับของขวัญในปีงบประมาณนี้")),
    "คู่มือการให้บริการ": (
        service_point, "จุดบริการประชาชนและป้าย QR Code ดาวน์โหลดคู่มือ",
        ("จัดทำป้าย QR Code ดาวน์โหลดคู่มือการให้บริการของทุกสายงาน ติดตั้งที่จุดบริการประชาชน",
         "ผู้มาติดต่อสแกนดาวน์โหลดคู่มือได้ด้วยตนเอง ลดเวลาสอบถามที่จุดบริการ")),
    "คณะทำงานขับเคลื่อน ITA": (meeting, "ประชุมติดตามการประเมิน ITA ประจำเดือน", None),
}


def add_demo_evidence(store, actor: Actor, as_of: dt.date) -> None:
    """Written results, photos and report settings for the demo unit's current year (skipped if the unit or its
    measures are missing)."""
    year = fiscal_year_of(as_of)
    data = store.load_unit_year(actor, DEMO_UNIT, year)
    by_issue = {m.issue: m for m in data.measures}
    if not by_issue:
        return
    heads = {s.code: s.head_name for s in data.sections}
    months = [m for m in (Month(as_of.year, as_of.month).previous(), Month(as_of.year, as_of.month)) if
              fiscal_year_of(m.first_day) == year]
    month = str(months[0] if months else Month(as_of.year, as_of.month))
    # uploaded on the demo's day (not the real clock), so a report dated then shows them
    uploaded = dt.datetime.combine(as_of, dt.time(10, 0), tzinfo=BANGKOK)
    for issue, (picture, caption, written) in EVIDENCE.items():
        if (measure := by_issue.get(issue)) is None:
            continue
        store.add_photo(actor, DEMO_UNIT, year, measure.code, month, picture(), caption, now=uploaded)
        if written:
            store.save_measure_result(actor, DEMO_UNIT, year, measure.code, *written, measure.version)
    chief = heads.get("admin", "")
    current = store.report_settings(actor, DEMO_UNIT, year).version
    topics = ["ชี้แจงการประเมิน ITA และมอบหมายผู้รับผิดชอบ", "ติดตามการเปิดเผยข้อมูล OIT และจำนวนผู้ตอบ EIT",
              "ติดตามผลการดำเนินการตามมาตรการประจำเดือน"]
    # the same days as the meetings meeting mode shows, after the day the committee holding them was appointed
    meetings = [Meeting(held_on=day, topic=topics[min(index, 2)])
                for index, day in enumerate(meeting_days(year, as_of))]
    appointed = committee_day(year)
    store.save_report_settings(actor, DEMO_UNIT, year, ReportSettings(version=current,
        committee_order=f"คำสั่ง สภ.เมืองตัวอย่าง ที่ 15/{appointed.year + 543} ลงวันที่ "
                        f"{format_date(appointed, full_month=True)} (สาธิต)",
        committee=[f"{CHIEF} ประธานคณะทำงาน (สาธิต)",
                   "พ.ต.ท.สมศักดิ์ ใจสุจริต รอง ผกก.ป. คณะทำงาน (สาธิต)",
                   f"{chief} สว.อก. คณะทำงานและเลขานุการ (สาธิต)".strip()],
        meetings=meetings,
        prepared_by=Signer(rank="พ.ต.ต.", name="ปิยะ นาคสวัสดิ์ (สาธิต)", position="สว.อก.สภ.เมืองตัวอย่าง"),
        certified_by=Signer(rank="พ.ต.อ.", name="สมชาย ตัวอย่างดี (สาธิต)", position="ผกก.สภ.เมืองตัวอย่าง")))
    add_demo_meetings(store, actor, DEMO_UNIT, year, as_of, CHIEF,
                      {s.code: f"{s.head_name} หัวหน้า{s.name}" for s in data.sections})
