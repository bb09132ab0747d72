"""The demo province: eight police stations and one provincial immigration unit, all fictional.

Deterministic for a given ``as_of`` date: the plans, owners and quotas are fixed; follow-ups run up to the
month before ``as_of`` (with a few early reports for the current month), OIT work and ITAP counts grow with the
calendar. The full previous fiscal year is built too, so a complete year can be shown, and the units' results
of earlier years give the trends. Everything is labelled as demo data.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from ita_dash.domain.accounts import User
from ita_dash.domain.fiscal import Month, fiscal_end, fiscal_start, fiscal_year_of
from ita_dash.domain.followup import due_months
from ita_dash.domain.framework import FrameworkTemplate, PhaseKind, TemplateLibrary
from ita_dash.domain.model import (
    Actor,
    FollowUp,
    FollowUpStatus,
    ItaResult,
    Measure,
    OitItem,
    OitStatus,
    Province,
    QuotaSnapshot,
    QuotaTool,
    Region,
    Role,
    Section,
    Unit,
    UnitKind,
    UnitYear,
    UnitYearData,
)
from ita_dash.domain.parse import parse_cadence
from ita_dash.domain.thaidate import BANGKOK, MONTHS_SHORT, to_ce, today_bangkok

from .base import Store

REGION = Region(code="R-DEMO", name="ตำรวจภูธรภาคตัวอย่าง (ข้อมูลสาธิต)")
PROVINCE = Province(code="DEMO", name="ภ.จว.ตัวอย่าง (ข้อมูลสาธิต)", region_code=REGION.code, demo=True)

# code, name, short name, kind, staff count, diligence (share of reports in on time)
UNITS = [
    ("DEMO-01", "สถานีตำรวจภูธรเมืองตัวอย่าง", "สภ.เมืองตัวอย่าง", UnitKind.POLICE_STATION, 128, 0.92),
    ("DEMO-02", "สถานีตำรวจภูธรบ้านนาดี", "สภ.บ้านนาดี", UnitKind.POLICE_STATION, 64, 0.85),
    ("DEMO-03", "สถานีตำรวจภูธรหนองบัวทอง", "สภ.หนองบัวทอง", UnitKind.POLICE_STATION, 52, 0.78),
    ("DEMO-04", "สถานีตำรวจภูธรท่าศาลาใหม่", "สภ.ท่าศาลาใหม่", UnitKind.POLICE_STATION, 71, 0.70),
    ("DEMO-05", "สถานีตำรวจภูธรโคกสว่าง", "สภ.โคกสว่าง", UnitKind.POLICE_STATION, 45, 0.88),
    ("DEMO-06", "สถานีตำรวจภูธรห้วยทรายงาม", "สภ.ห้วยทรายงาม", UnitKind.POLICE_STATION, 38, 0.60),
    ("DEMO-07", "สถานีตำรวจภูธรดอนแก้วเหนือ", "สภ.ดอนแก้วเหนือ", UnitKind.POLICE_STATION, 57, 0.81),
    ("DEMO-08", "สถานีตำรวจภูธรวังน้ำเย็นใต้", "สภ.วังน้ำเย็นใต้", UnitKind.POLICE_STATION, 49, 0.50),
    ("DEMO-IM", "ตรวจคนเข้าเมืองจังหวัดตัวอย่าง", "ตม.จว.ตัวอย่าง", UnitKind.IMMIGRATION, 86, 0.83),
]


@dataclass(frozen=True)
class PlanRow:
    indicator: int
    section: str  # police section code; mapped for other kinds
    issue: str
    activity: str
    output: str
    communication: str
    deadline: tuple[int, int] | str  # (month, day) inside the fiscal year, or the text written instead
    cadence: str  # as a plan writes it


P = PlanRow
POLICE_PLAN = [
    P(1, "patrol", "จุดประชาสัมพันธ์และสอบถามความคืบหน้าคดี", "จัดเจ้าหน้าที่ประจำจุดประชาสัมพันธ์ให้คำแนะนำผู้มาติดต่อทุกผลัด",
      "ตารางเวรประจำจุดประชาสัมพันธ์", "ติดประกาศชื่อผู้ปฏิบัติหน้าที่ ณ จุดบริการ", "ทุกวัน", "ทุก ๑ เดือน"),
    P(1, "inquiry", "ห้อง One Stop Service", "วางขั้นตอนและระยะเวลารับแจ้งความตามพันธะสัญญาของสถานี",
      "ป้ายพันธะสัญญาในห้อง One Stop Service", "เผยแพร่ทางเว็บไซต์สถานี", (3, 31), "ทุก ๑ เดือน"),
    P(1, "admin", "คู่มือการให้บริการ", "จัดทำป้าย QR Code ดาวน์โหลดคู่มือการให้บริการของทุกสายงาน",
      "ป้าย info graphic 5 แผ่น", "ติด ณ จุดบริการและลงเว็บไซต์สถานี", (3, 15), "ทุก ๑ เดือน"),
    P(1, "patrol", "การรับ-ส่งเวร", "ให้ผลัดใหม่รับมอบงานก่อนเวลา 15 นาที เพื่อให้บริการได้ต่อเนื่อง",
      "บันทึกการรับ-ส่งเวร", "แจ้งในกลุ่มไลน์สายงาน", (2, 28), "ทุกเดือน"),
    P(1, "investigation", "มาตรการป้องกันความเสี่ยงรายสายงาน", "ประชุมชี้แจงมาตรการป้องกันความเสี่ยงการทุจริตของแต่ละสายงาน",
      "รายงานผลสายงานละ 1 ฉบับ", "ไลน์กลุ่มสถานีอย่างต่อเนื่อง", (3, 15), "ทุก ๑ เดือน"),
    P(1, "traffic", "การออกใบสั่งอย่างโปร่งใส", "ออกใบสั่งผ่านระบบ PTM และแนะนำการชำระค่าปรับออนไลน์",
      "สถิติใบสั่งจากระบบ", "ป้ายช่องทางชำระค่าปรับ ณ งานจราจร", (1, 31), "ทุก ๑ เดือน"),
    P(2, "admin", "เผยแพร่ข้อมูลงบประมาณ", "สรุปงบประมาณที่ได้รับจัดสรรและผลการใช้จ่ายเป็น info graphic",
      "info graphic รายไตรมาส", "เว็บไซต์และไลน์กลุ่มสถานี", (3, 31), "ทุก ๓ เดือน"),
    P(2, "admin", "แผนการจัดซื้อจัดจ้าง", "ประกาศแผนการจัดซื้อจัดจ้างประจำปีและประกาศผลทุกรายการ",
      "ประกาศแผนและผลการจัดซื้อจัดจ้าง", "เว็บไซต์สถานี", (12, 31), "ทุก ๑ เดือน"),
    P(2, "admin", "การเบิกจ่ายค่าตอบแทน", "ตรวจการเบิกค่าล่วงเวลาและค่าเดินทางให้ตรงกับการปฏิบัติจริง",
      "ทะเบียนคุมการเบิกจ่าย", "แจ้งในที่ประชุมประจำเดือน", (2, 28), "ทุก ๑ เดือน"),
    P(3, "admin", "การบริหารงานบุคคลอย่างเป็นธรรม", "ผกก. สื่อสารหลักเกณฑ์การมอบหมายงาน การเลื่อนเงินเดือน และการพิจารณาความดีความชอบ",
      "info graphic 6 แผ่น ติดจุดบริการและตู้ยาม", "เฟซบุ๊ก เว็บไซต์ และไลน์กลุ่มของสถานี", (3, 15), "ทุก ๑ เดือน"),
    P(3, "admin", "ช่องทางแจ้งการสั่งการที่ไม่ถูกต้อง", "จัดช่องทางให้ข้าราชการแจ้งเมื่อถูกสั่งให้ทำธุระส่วนตัวหรือผิดระเบียบ",
      "กล่องรับเรื่องและแบบฟอร์มออนไลน์", "ประชุมแถวทุกวันอังคาร", (1, 31), "ทุก ๓ เดือน"),
    P(4, "admin", "ทรัพย์สินของราชการและของกลาง", "ออกคำสั่งแนวทางการยืม-คืนทรัพย์สินราชการและการจัดเก็บของกลาง",
      "คำสั่งสถานีและทะเบียนคุม", "ประกาศทางเว็บไซต์สถานี", (3, 31), "ทุก ๑ เดือน"),
    P(4, "investigation", "ห้องเก็บของกลาง", "ตรวจนับของกลางและจัดทำบัญชีให้ตรงกับระบบ",
      "รายงานการตรวจนับของกลาง", "รายงาน ผกก. เมื่อแล้วเสร็จ", (4, 30), "เมื่อดำเนินการเสร็จสิ้นแล้ว"),
    P(4, "traffic", "การใช้รถราชการ", "จัดทำสมุดบันทึกการใช้รถยนต์ราชการทุกคัน",
      "สมุดบันทึกการใช้รถ", "ที่ประชุมประจำเดือน", (12, 31), "ทุก ๑ เดือน"),
    P(5, "admin", "นโยบาย No Gift Policy", "ประกาศนโยบายไม่รับของขวัญและจัดทำสื่อเผยแพร่",
      "ป้ายประกาศ 2 แผ่น ติดจุดบริการและห้องธุรการ", "เว็บไซต์และไลน์กลุ่มสถานี", (3, 15), "ทุก ๑ เดือน"),
    P(5, "admin", "การจัดการเรื่องร้องเรียนการทุจริต", "จัดทำแนวปฏิบัติการรับและติดตามเรื่องร้องเรียนการทุจริต",
      "คู่มือการจัดการเรื่องร้องเรียน", "เว็บไซต์สถานี", (3, 31), "ทุก ๓ เดือน"),
    P(5, "inquiry", "การรับคำร้องทุกข์ไม่เลือกปฏิบัติ", "กำชับพนักงานสอบสวนรับคำร้องทุกข์ทุกกรณีและลงระบบ CRIMES",
      "รายงานการตรวจสมุดรับแจ้ง", "ประชุม พงส. ประจำเดือน", "ทุกวัน", "ทุกเดือน"),
    P(6, "admin", "คู่มือการให้บริการรายสายงาน", "จัดทำคู่มือการให้บริการของทั้ง 5 สายงาน",
      "คู่มือ 5 เล่ม พร้อม QR Code", "เว็บไซต์สถานี", (3, 31), "ทุก ๑ เดือน"),
    P(6, "patrol", "สิ่งอำนวยความสะดวก", "จัดที่นั่งพักรอ น้ำดื่ม ที่จอดรถ และห้องน้ำสะอาดสำหรับผู้มาติดต่อ",
      "ป้ายบอกจุดบริการ", "ภาพกิจกรรมลงเว็บไซต์สถานี", (3, 31), "ทุก ๑ เดือน"),
    P(6, "inquiry", "การแจ้งความคืบหน้าคดี", "แจ้งความคืบหน้าคดีแก่ผู้เสียหายภายใน 7 วัน ทางโทรศัพท์หรือไลน์",
      "ทะเบียนการแจ้งความคืบหน้า", "แจ้งผู้เสียหายโดยตรง", (2, 28), "ทุก ๑ เดือน"),
    P(6, "patrol", "ความพึงพอใจของผู้รับบริการ", "ให้ผู้รับบริการตอบแบบประเมินความพึงพอใจผ่าน QR Code",
      "สรุปผลความพึงพอใจรายเดือน", "ป้าย QR Code ณ จุดบริการ", (3, 31), "ทุก ๑ เดือน"),
    P(7, "admin", "ข่าวภาพลักษณ์การให้บริการ", "เผยแพร่ข่าวการให้บริการและ e-service อย่างน้อย 5 ข่าวต่อเดือน",
      "ข่าว 5 ข่าวต่อเดือน", "เฟซบุ๊กและเว็บไซต์สถานี", (3, 31), "ทุก ๑ เดือน"),
    P(7, "admin", "ช่องทางร้องเรียนออนไลน์", "เพิ่มช่องทาง Messenger และไลน์ OA รับเรื่องร้องเรียน",
      "ช่องทางออนไลน์ 1 ช่องทาง", "info graphic ณ จุดบริการ", (1, 31), "ทุก ๑ เดือน"),
    P(7, "traffic", "ข้อมูลจราจรช่วงเทศกาล", "แจ้งเส้นทางและจุดตรวจช่วงเทศกาลผ่านสื่อออนไลน์",
      "ประกาศช่วงปีใหม่และสงกรานต์", "เพจเฟซบุ๊กสถานี", (4, 30), "ทุก ๑ เดือน"),
    P(8, "inquiry", "ระบบแจ้งความออนไลน์", "แนะนำประชาชนใช้ระบบแจ้งความออนไลน์และติดตามคดีด้วยตนเอง",
      "ป้าย info graphic ในห้อง One Stop Service", "เว็บไซต์สถานี", (3, 31), "ทุก ๑ เดือน"),
    P(8, "admin", "รับฟังความคิดเห็นเพื่อปรับปรุงบริการ", "ประชุม กต.ตร. และผู้นำชุมชนเพื่อรับข้อเสนอแนะ",
      "รายงานการประชุม", "เว็บไซต์สถานี", (6, 30), "ทุก ๓ เดือน"),
    P(8, "traffic", "การชำระค่าปรับออนไลน์", "เปิดช่องทางชำระค่าปรับผ่าน Mobile Banking",
      "QR Code ชำระค่าปรับ", "ป้าย ณ งานจราจร", (1, 31), "ทุก ๑ เดือน"),
    P(9, "admin", "เว็บไซต์ของสถานี", "ปรับปรุงเว็บไซต์ให้เป็นปัจจุบันและกำหนดผู้ดูแลระบบ",
      "เว็บไซต์สถานี", "แจ้งทางเฟซบุ๊กและไลน์กลุ่ม", (12, 31), "ทุก ๑ เดือน"),
    P(9, "admin", "ข้อมูลเปิดเผยต่อสาธารณะ", "จัดทำข้อมูลตามแบบตรวจ OIT ทุกข้อตามคู่มือการประเมิน",
      "ข้อมูลครบทุกข้อ", "เว็บไซต์สถานี", "ตามปฏิทิน ITA", "ทุก ๑ เดือน"),
    P(9, "admin", "ข้อมูลรายเดือนหกเดือนแรก", "รวบรวมผลการปฏิบัติงานและการจัดซื้อจัดจ้างรายเดือน ต.ค.–มี.ค.",
      "รายงานรายเดือน PDF และ Excel", "เว็บไซต์สถานี", (4, 15), "ทุก ๑ เดือน"),
    P(10, "admin", "คณะทำงานขับเคลื่อน ITA", "ออกคำสั่งแต่งตั้งคณะทำงาน มอบหมายผู้รับผิดชอบรายข้อ และประชุมติดตามทุกเดือน",
      "คำสั่งสถานีและรายงานการประชุม", "เว็บไซต์สถานี", (12, 31), "เมื่อดำเนินการเสร็จสิ้นแล้ว"),
    P(10, "admin", "ความเสี่ยงการรับสินบน", "ประเมินความเสี่ยงการรับสินบนในงานบริการและจัดทำแผนบริหารความเสี่ยง",
      "แผนบริหารความเสี่ยง", "เว็บไซต์สถานี", (1, 31), "ทุก ๓ เดือน"),
    P(10, "admin", "วันต่อต้านคอร์รัปชัน", "จัดกิจกรรมรณรงค์ต่อต้านการทุจริตในการประชุมแถว",
      "ภาพกิจกรรมและรายงาน", "เฟซบุ๊กสถานี", (12, 31), "เมื่อดำเนินการเสร็จสิ้นแล้ว"),
    P(10, "admin", "รายงานผลตามมาตรการ", "สรุปผลการดำเนินการตามมาตรการยกระดับคุณธรรมและความโปร่งใส",
      "รายงานผลพร้อมภาพประกอบ", "เว็บไซต์สถานี", (4, 30), "ทุก ๖ เดือน"),
]

IMMIGRATION_EXTRA = [
    P(6, "alien_services", "การขออยู่ต่อในราชอาณาจักร", "ให้บริการขออยู่ต่อตามขั้นตอนและระยะเวลาที่ประกาศ ทั้งภาษาไทยและภาษาอังกฤษ",
      "ป้ายขั้นตอนสองภาษา ณ จุดบริการ", "เว็บไซต์หน่วย", (3, 31), "ทุก ๑ เดือน"),
    P(8, "alien_services", "รายงานตัว 90 วันออนไลน์", "ประชาสัมพันธ์ระบบรายงานตัว 90 วันและแจ้งที่พักออนไลน์",
      "info graphic ระบบออนไลน์", "ไลน์ OA และเว็บไซต์หน่วย", (2, 28), "ทุก ๑ เดือน"),
    P(1, "inspection", "การตรวจบุคคลและพาหนะ", "ติดป้ายขั้นตอนการตรวจและระยะเวลาให้บริการ ณ จุดตรวจ",
      "ป้ายขั้นตอนการตรวจ", "จุดตรวจและเว็บไซต์หน่วย", (3, 31), "ทุก ๑ เดือน"),
    P(7, "investigation", "แจ้งเบาะแสแรงงานต่างด้าวผิดกฎหมาย", "เปิดรับแจ้งเบาะแสผ่านไลน์ OA ของหน่วย",
      "ช่องทางไลน์ OA", "info graphic ณ จุดบริการ", (1, 31), "ทุก ๑ เดือน"),
]
_TO_IMMIGRATION = {"admin": "admin", "patrol": "inspection", "traffic": "alien_services",
                   "investigation": "investigation", "inquiry": "alien_services"}

HEAD_NAMES = [
    "พ.ต.ท.สมศักดิ์ ใจมั่น", "พ.ต.ท.วิทยา ศรีสุข", "พ.ต.ต.ประเสริฐ แก้วมณี", "พ.ต.ท.หญิง อรทัย บุญเรือง",
    "พ.ต.ต.ชาญวิทย์ ทองดี", "พ.ต.ท.ธีรวัฒน์ พรหมมา", "พ.ต.ต.หญิง กนกพร สายทอง", "พ.ต.ท.นพดล ศักดิ์สิทธิ์",
    "พ.ต.ต.อภิชาติ มีสุข", "พ.ต.ท.สุรชัย วงศ์ดี", "พ.ต.ต.ปิยะ นาคสวัสดิ์", "พ.ต.ท.หญิง วิไลวรรณ จันทร์เพ็ญ",
]
# What a section head writes in a month's report. These fit any measure; a note that names a thing (a sign, an
# info graphic, a meeting) is the measure's own, from OWN_NOTES, so no measure reports another one's work.
NOTES = {
    FollowUpStatus.DONE: ["ดำเนินการแล้วเสร็จ แนบภาพประกอบ"],
    FollowUpStatus.IN_PROGRESS: ["ดำเนินการแล้วบางส่วน", "อยู่ระหว่างดำเนินการตามแผน"],
    FollowUpStatus.NOT_STARTED: ["ยังไม่ได้เริ่ม รอคำสั่งมอบหมาย", "จะเริ่มเดือนหน้า"],
    FollowUpStatus.BLOCKED: ["รองบประมาณจากหน่วยเหนือ", "ผู้รับผิดชอบย้ายหน่วย รอมอบหมายใหม่"],
}
# issue → (a note while it is under way, a note when it is done), in the words of that measure's own plan row
OWN_NOTES = {
    "จุดประชาสัมพันธ์และสอบถามความคืบหน้าคดี": ("จัดเวรประจำจุดครบทุกผลัดแล้ว รอติดประกาศชื่อผู้ปฏิบัติ",
                                             "ติดประกาศชื่อผู้ปฏิบัติหน้าที่ครบทุกผลัดแล้ว"),
    "ห้อง One Stop Service": ("ร่างขั้นตอนรับแจ้งความแล้ว รอ ผกก. ลงนาม", "ติดป้ายพันธะสัญญาในห้อง One Stop Service แล้ว"),
    "คู่มือการให้บริการ": ("ติดตั้งป้าย QR Code แล้ว 3 จุด", "ติดป้าย QR Code ครบทุกจุดบริการแล้ว"),
    "การรับ-ส่งเวร": ("ผลัดใหม่รับมอบงานก่อนเวลาได้เกือบทุกวัน", "รับ-ส่งเวรก่อนเวลา 15 นาทีครบทุกผลัดแล้ว"),
    "มาตรการป้องกันความเสี่ยงรายสายงาน": ("ประชุมชี้แจงแล้ว 3 สายงาน รอสรุปผล", "ประชุมชี้แจงครบทุกสายงานแล้ว"),
    "การออกใบสั่งอย่างโปร่งใส": ("ออกใบสั่งผ่านระบบ PTM ทุกใบแล้ว รอติดป้ายช่องทางชำระ",
                                 "ออกใบสั่งผ่านระบบ PTM และติดป้ายช่องทางชำระค่าปรับแล้ว"),
    "เผยแพร่ข้อมูลงบประมาณ": ("อยู่ระหว่างจัดทำ info graphic งบประมาณไตรมาสนี้", "เผยแพร่ info graphic งบประมาณบนเว็บไซต์แล้ว"),
    "แผนการจัดซื้อจัดจ้าง": ("ประกาศแผนแล้ว รอประกาศผลบางรายการ", "ประกาศแผนและผลการจัดซื้อจัดจ้างครบแล้ว"),
    "การเบิกจ่ายค่าตอบแทน": ("ตรวจทะเบียนคุมการเบิกจ่ายแล้วบางส่วน", "ตรวจการเบิกจ่ายครบทุกรายการแล้ว"),
    "การบริหารงานบุคคลอย่างเป็นธรรม": ("อยู่ระหว่างจัดทำ info graphic หลักเกณฑ์", "ติด info graphic ครบ 6 แผ่นแล้ว"),
    "ช่องทางแจ้งการสั่งการที่ไม่ถูกต้อง": ("ติดตั้งกล่องรับเรื่องแล้ว รอเปิดแบบฟอร์มออนไลน์",
                                        "เปิดใช้กล่องรับเรื่องและแบบฟอร์มออนไลน์แล้ว"),
    "ทรัพย์สินของราชการและของกลาง": ("ร่างคำสั่งแล้ว รอ ผกก. ลงนาม", "ออกคำสั่งและจัดทำทะเบียนคุมแล้ว"),
    "ห้องเก็บของกลาง": ("ตรวจนับของกลางแล้วบางส่วน", "ตรวจนับของกลางครบและรายงาน ผกก. แล้ว"),
    "การใช้รถราชการ": ("จัดทำสมุดบันทึกแล้วบางคัน", "รถราชการทุกคันมีสมุดบันทึกการใช้รถแล้ว"),
    "นโยบาย No Gift Policy": ("ประกาศนโยบายแล้ว รอติดป้าย", "ติดป้าย No Gift Policy ครบ 2 แผ่นแล้ว"),
    "การจัดการเรื่องร้องเรียนการทุจริต": ("ร่างแนวปฏิบัติแล้ว รอ ผกก. ลงนาม", "เผยแพร่คู่มือการจัดการเรื่องร้องเรียนบนเว็บไซต์แล้ว"),
    "การรับคำร้องทุกข์ไม่เลือกปฏิบัติ": ("ตรวจสมุดรับแจ้งแล้ว ลงระบบ CRIMES ครบ", "ตรวจสมุดรับแจ้งครบทุกเดือนแล้ว"),
    "คู่มือการให้บริการรายสายงาน": ("จัดทำคู่มือแล้ว 3 สายงาน", "คู่มือครบ 5 สายงานพร้อม QR Code แล้ว"),
    "สิ่งอำนวยความสะดวก": ("จัดที่นั่งพักรอและน้ำดื่มแล้ว รอปรับปรุงห้องน้ำ", "สิ่งอำนวยความสะดวกครบทุกจุดแล้ว"),
    "ความพึงพอใจของผู้รับบริการ": ("เก็บแบบประเมินผ่าน QR Code แล้วบางส่วน", "สรุปผลความพึงพอใจประจำเดือนแล้ว"),
    "ข่าวภาพลักษณ์การให้บริการ": ("เผยแพร่ข่าวแล้ว 3 ข่าวในเดือนนี้", "เผยแพร่ข่าวครบ 5 ข่าวแล้ว"),
    "ช่องทางร้องเรียนออนไลน์": ("เปิด Messenger แล้ว รอไลน์ OA", "เปิดรับเรื่องทาง Messenger และไลน์ OA แล้ว"),
    "ข้อมูลจราจรช่วงเทศกาล": ("เตรียมแผนที่จุดตรวจช่วงเทศกาลแล้ว", "แจ้งเส้นทางและจุดตรวจช่วงเทศกาลบนเพจแล้ว"),
    "ระบบแจ้งความออนไลน์": ("แนะนำผู้มาติดต่อแล้ว รอติดป้าย", "ติดป้าย info graphic ในห้อง One Stop Service แล้ว"),
    "รับฟังความคิดเห็นเพื่อปรับปรุงบริการ": ("นัดประชุม กต.ตร. แล้ว", "ประชุม กต.ตร. และผู้นำชุมชนแล้ว"),
    "การชำระค่าปรับออนไลน์": ("ขอ QR Code ชำระค่าปรับจากธนาคารแล้ว", "ติดป้าย QR Code ชำระค่าปรับแล้ว"),
    "เว็บไซต์ของสถานี": ("ปรับปรุงเว็บไซต์แล้วบางหน้า", "เว็บไซต์เป็นปัจจุบันและมีผู้ดูแลแล้ว"),
    "ข้อมูลเปิดเผยต่อสาธารณะ": ("จัดทำข้อมูล OIT แล้วบางข้อ", "ข้อมูล OIT ครบทุกข้อแล้ว"),
    "ข้อมูลรายเดือนหกเดือนแรก": ("รวบรวมรายงานรายเดือนแล้วบางเดือน", "รวบรวมรายงานครบหกเดือนแล้ว"),
    "คณะทำงานขับเคลื่อน ITA": ("มอบหมายผู้รับผิดชอบแล้วบางข้อ", "ออกคำสั่งแต่งตั้งคณะทำงานแล้ว"),
    "ความเสี่ยงการรับสินบน": ("ประเมินความเสี่ยงแล้ว รอจัดทำแผน", "จัดทำแผนบริหารความเสี่ยงแล้ว"),
    "วันต่อต้านคอร์รัปชัน": ("เตรียมกิจกรรมรณรงค์แล้ว", "จัดกิจกรรมรณรงค์ในการประชุมแถวแล้ว"),
    "รายงานผลตามมาตรการ": ("รวบรวมผลรอบหกเดือนแล้วบางสายงาน", "สรุปรายงานผลพร้อมภาพประกอบแล้ว"),
    "การขออยู่ต่อในราชอาณาจักร": ("ติดป้ายขั้นตอนภาษาไทยแล้ว รอฉบับภาษาอังกฤษ", "ติดป้ายขั้นตอนสองภาษาแล้ว"),
    "รายงานตัว 90 วันออนไลน์": ("อยู่ระหว่างจัดทำ info graphic ระบบออนไลน์", "เผยแพร่ info graphic ทางไลน์ OA แล้ว"),
    "การตรวจบุคคลและพาหนะ": ("ติดป้ายแล้วบางจุดตรวจ", "ติดป้ายขั้นตอนการตรวจครบทุกจุดแล้ว"),
    "แจ้งเบาะแสแรงงานต่างด้าวผิดกฎหมาย": ("เปิดไลน์ OA แล้ว รอประชาสัมพันธ์", "รับแจ้งเบาะแสผ่านไลน์ OA แล้ว"),
}
# The working committee is appointed on the fiscal year's first day, before its first monthly meeting
# (demo_meetings.committee_day): its measure is reported done whenever it reports.
DONE_AT_START = "คณะทำงานขับเคลื่อน ITA"


def notes_for(measure: Measure, status: FollowUpStatus) -> list[str]:
    """The notes a report on ``measure`` may carry: the ones that fit any measure and the measure's own."""
    own = OWN_NOTES.get(measure.issue, ())
    mine = {FollowUpStatus.IN_PROGRESS: own[:1], FollowUpStatus.DONE: own[1:]}.get(status, ())
    return NOTES[status] + list(mine)


def _unit_sections(template: FrameworkTemplate, rng: random.Random) -> list[Section]:
    specs = template.sections or []
    heads = rng.sample(HEAD_NAMES, len(specs))
    return [Section(code=spec.code, name=spec.name, head_name=head, sort_order=index)
            for index, (spec, head) in enumerate(zip(specs, heads))]


def _deadline(row: PlanRow, fiscal_year: int) -> tuple[dt.date | None, str]:
    if isinstance(row.deadline, str):
        return None, row.deadline
    month, day = row.deadline
    year = to_ce(fiscal_year) - (1 if month >= 10 else 0)
    date = dt.date(year, month, day)
    return date, f"{day} {MONTHS_SHORT[month]} {str(year + 543)[-2:]}"


def _measures(kind: UnitKind, fiscal_year: int, rng: random.Random, sections: dict[str, str]) -> list[Measure]:
    if kind is UnitKind.IMMIGRATION:
        pool = [r for r in POLICE_PLAN if r.section != "traffic"] + IMMIGRATION_EXTRA
    else:
        pool = list(POLICE_PLAN)
    count = rng.randint(20, len(pool))
    chosen = sorted(rng.sample(range(len(pool)), count))
    measures, per_indicator = [], {}
    for index in chosen:
        row = pool[index]
        section = row.section if kind is UnitKind.POLICE_STATION else _TO_IMMIGRATION.get(row.section, row.section)
        if section not in sections:
            section = None
        per_indicator[row.indicator] = per_indicator.get(row.indicator, 0) + 1
        deadline, deadline_text = _deadline(row, fiscal_year)
        text = row.activity if kind is UnitKind.POLICE_STATION else row.activity.replace("สถานี", "หน่วย")
        measures.append(
            Measure(
                code=f"{row.indicator}-{per_indicator[row.indicator]:02d}",
                indicator=row.indicator,
                issue=row.issue,
                activity=text,
                output=row.output,
                communication=row.communication.replace("สถานี", "หน่วย") if kind is UnitKind.IMMIGRATION else row.communication,
                deadline=deadline,
                deadline_text=deadline_text,
                owner_section=section,
                owner_text=f"หัวหน้า{sections[section]}" if section else "หัวหน้าทุกสายงาน",
                cadence=parse_cadence(row.cadence),
                cadence_text=row.cadence,
            )
        )
    return measures


def _entered(month: Month, day: int, rng: random.Random) -> dt.datetime:
    """A report for ``month`` entered on ``day`` of the following month, during office hours in Bangkok."""
    when = month.next().first_day + dt.timedelta(days=day - 1)
    return dt.datetime(when.year, when.month, when.day, rng.randint(8, 17), rng.choice((0, 15, 30, 45)), tzinfo=BANGKOK)


def _follow_ups(measures: list[Measure], data_year: UnitYear, as_of: dt.date, diligence: float,
                heads: dict[str | None, str], rng: random.Random) -> tuple[list[FollowUp], list[Measure]]:
    follow_ups, updated = [], []
    last_closed = Month.of(as_of).previous()
    for measure in measures:
        months = [m for m in due_months(measure, data_year.fiscal_year, data_year.plan_start) if m <= Month.of(as_of)]
        percent, done_in = 0, None
        struggling = rng.random() > diligence + 0.05  # some measures fall behind whatever the unit
        total = len(due_months(measure, data_year.fiscal_year, data_year.plan_start)) or 1
        for position, month in enumerate(months, start=1):
            if done_in:
                break
            current = month == Month.of(as_of)
            if current and rng.random() > 0.25:  # only a few report the running month early
                continue
            if not current and rng.random() > diligence + 0.08:
                continue  # missing
            if measure.issue == DONE_AT_START:
                status, percent = FollowUpStatus.DONE, 100
            elif struggling and rng.random() < 0.35:
                status = FollowUpStatus.BLOCKED
            else:
                expected = 100 * position / total if measure.deadline is None else 100 * min(
                    1.0, (month.last_day - data_year.plan_start).days / max(1, (measure.deadline - data_year.plan_start).days))
                percent = min(100, max(percent, int(expected * (0.6 if struggling else rng.uniform(0.85, 1.15))) // 5 * 5))
                status = FollowUpStatus.DONE if percent >= 100 else (
                    FollowUpStatus.IN_PROGRESS if percent > 0 else FollowUpStatus.NOT_STARTED)
            if current:
                entered = dt.datetime.combine(as_of, dt.time(9, 0), tzinfo=BANGKOK) - dt.timedelta(days=rng.randint(0, 3))
                entered = max(entered, dt.datetime.combine(month.first_day, dt.time(9, 0), tzinfo=BANGKOK))
            else:
                late = rng.random() > diligence
                entered = _entered(month, rng.randint(6, 20) if late else rng.randint(1, 5), rng)
                if entered.date() > as_of:
                    entered = dt.datetime.combine(as_of, dt.time(8, 30), tzinfo=BANGKOK)
            follow_ups.append(
                FollowUp(
                    measure_code=measure.code,
                    month=str(month),
                    status=status,
                    percent=None if status is FollowUpStatus.BLOCKED else percent,
                    note=rng.choice(notes_for(measure, status)),
                    evidence_url=f"https://demo.example.go.th/ita/{measure.code}/{month}" if status is FollowUpStatus.DONE else "",
                    entered_by=heads.get(measure.owner_section, ""),
                    entered_at=entered,
                )
            )
            if status is FollowUpStatus.DONE:
                done_in = month
        finished = done_in is not None and done_in <= last_closed
        updated.append(measure.model_copy(update={"done": True}) if finished else measure)
    return follow_ups, updated


def _oit_items(template: FrameworkTemplate, as_of: dt.date, diligence: float, heads: dict, rng: random.Random) -> list[OitItem]:
    fiscal_year = template.fiscal_year
    start = fiscal_start(fiscal_year)
    items = []
    for spec in template.oit_items or []:
        due = spec.due
        if due is None:  # the police template leaves due dates to the unit: basic data first, reports later
            month = 1 if spec.sub_indicator == "9.1" else 4 if (spec.sub_indicator or "").startswith("10") else 3
            due = dt.date(to_ce(fiscal_year), month, 31 if month != 4 else 30)
        progress = (as_of - start).days / max(1, (due - start).days)  # share of the time to the due date used
        score = min(progress, 1.0) * rng.uniform(0.6, 1.3) * (0.6 + diligence * 0.5)
        steps = [OitStatus.NOT_STARTED, OitStatus.DRAFTING, OitStatus.READY_FOR_REVIEW, OitStatus.APPROVED, OitStatus.PUBLISHED]
        status = steps[min(4, max(0, int(score * 4)))]
        ticks = [rng.random() < min(1.0, score) for _ in spec.checklist]
        if status in (OitStatus.APPROVED, OitStatus.PUBLISHED):
            ticks = [True] * len(spec.checklist)
        items.append(
            OitItem(
                code=spec.code,
                status=status,
                link=f"https://demo.example.go.th/oit/{spec.code.lower()}" if status is OitStatus.PUBLISHED else "",
                owner_section=spec.owner_section,
                owner_text=heads.get(spec.owner_section, ""),
                due_date=due,
                checklist=ticks,
                approved_by="ผู้กำกับการ" if status in (OitStatus.APPROVED, OitStatus.PUBLISHED) else "",
            )
        )
    return items


def _snapshots(template: FrameworkTemplate, staff: int, as_of: dt.date, diligence: float, rng: random.Random) -> list[QuotaSnapshot]:
    snapshots = []
    plans = []
    iit, eit = template.quotas.iit, template.quotas.eit
    iit_phase, eit_phase = template.phase(PhaseKind.IIT_COLLECTION), template.phase(PhaseKind.EIT_COLLECTION)
    if iit_phase and iit_phase.start and iit_phase.end:
        target = min(iit.minimum, staff) if iit and iit.minimum else staff
        plans.append((QuotaTool.IIT, None, target, iit_phase.start, iit_phase.end))
    if eit_phase and eit_phase.start and eit_phase.end and eit and eit.minimum:
        if eit.parts:
            for part in eit.parts:
                plans.append((QuotaTool.EIT, part.sections[0], part.minimum, eit_phase.start, eit_phase.end))
        else:
            plans.append((QuotaTool.EIT, None, eit.minimum, eit_phase.start, eit_phase.end))
    for tool, section, target, start, end in plans:
        pace = rng.uniform(0.75, 1.25) * (0.55 + diligence * 0.55)
        day, count = start + dt.timedelta(days=rng.randint(10, 20)), 0
        while day <= min(as_of, end):
            share = (day - start).days / max(1, (end - start).days)
            count = max(count, min(int(target * 1.15), int(target * min(1.0, share * pace) ** 0.9)))
            snapshots.append(QuotaSnapshot(tool=tool, section=section, count=count, taken_on=day, entered_by="ผู้ดูแลระบบ ITAP"))
            day += dt.timedelta(days=rng.choice((14, 21)))
    return snapshots


def _results(code: str, kind: UnitKind, fiscal_year: int, rng: random.Random, template: FrameworkTemplate) -> list[ItaResult]:
    # Police stations entered the ITA in FY2568 (seed 001); immigration units in FY2567 (seed 000).
    first = 2568 if kind is UnitKind.POLICE_STATION else 2567
    results, base = [], rng.uniform(72, 93)
    for year in range(first, fiscal_year):
        iit = round(min(99.5, base + rng.uniform(-4, 6)), 2)
        eit = round(min(99.5, base + rng.uniform(-3, 7)), 2)
        oit = round(min(100.0, base + rng.uniform(-12, 10)), 2)
        total = round(0.3 * iit + 0.3 * eit + 0.4 * oit, 2)
        results.append(ItaResult(fiscal_year=year, iit=iit, eit=eit, oit=oit, total=total, level=template.level_for(total)))
        base += rng.uniform(-3, 5)
    return results


def build_unit_year(library: TemplateLibrary, spec: tuple, fiscal_year: int, as_of: dt.date) -> UnitYearData:
    code, name, short, kind, staff, diligence = spec
    rng = random.Random(f"{code}/{fiscal_year}")
    template = library.for_year(kind, fiscal_year)
    sections = _unit_sections(template, random.Random(code))  # the same heads every year
    heads = {s.code: s.head_name for s in sections}
    year = UnitYear(fiscal_year=fiscal_year, staff_count=staff, plan_start=fiscal_start(fiscal_year))
    measures = _measures(kind, fiscal_year, rng, {s.code: s.name for s in sections})
    follow_ups, measures = _follow_ups(measures, year, as_of, diligence, heads, rng)
    return UnitYearData(
        region=REGION,
        province=PROVINCE,
        unit=Unit(code=code, name=name, short_name=short, kind=kind, province_code=PROVINCE.code, demo=True),
        year=year,
        sections=sections,
        measures=measures,
        follow_ups=follow_ups,
        oit_items=_oit_items(template, as_of, diligence, heads, rng),
        quota_snapshots=_snapshots(template, staff, as_of, diligence, rng),
        results=_results(code, kind, fiscal_year, random.Random(f"{code}/results"), template),
    )


# One account per role, for trying the app. The passwords are for the demo only and are printed by `demo`.
DEMO_ACCOUNTS = [
    (User(username="demo.admin", display_name="ผู้ดูแลระบบ (สาธิต)", role=Role.ADMIN), "demo-admin-pass"),
    (User(username="demo.chief", display_name="ผกก.สภ.เมืองตัวอย่าง (สาธิต)", role=Role.CHIEF, unit_code="DEMO-01"),
     "demo-chief-pass"),
    (User(username="demo.head", display_name="สว.อก.สภ.เมืองตัวอย่าง (สาธิต)", role=Role.SECTION_HEAD,
          unit_code="DEMO-01", section_code="admin", email="demo.head@example.go.th"), "demo-head-pass"),
    (User(username="demo.province", display_name="ภ.จว.ตัวอย่าง (สาธิต)", role=Role.PROVINCE, province_code="DEMO"),
     "demo-province-pass"),
    (User(username="demo.viewer", display_name="ผู้ชม สภ.เมืองตัวอย่าง (สาธิต)", role=Role.VIEWER, unit_code="DEMO-01"),
     "demo-viewer-pass"),
]


def build_demo(store: Store, library: TemplateLibrary, as_of: dt.date | None = None,
               actor: Actor | None = None) -> list[str]:
    """Write the demo province for the current fiscal year and the one before, and the demo accounts; returns
    the unit codes."""
    as_of = as_of or today_bangkok()
    actor = actor or Actor.system("demo")
    current = fiscal_year_of(as_of)
    for spec in UNITS:
        # the earlier year first: each write replaces the unit's results with the newest year's history
        store.replace_unit_year(actor, build_unit_year(library, spec, current - 1, fiscal_end(current - 1)))
        store.replace_unit_year(actor, build_unit_year(library, spec, current, as_of))
    from .demo_evidence import add_demo_evidence  # issue 15: drawn photos, written results, report settings

    add_demo_evidence(store, actor, as_of)
    for user, password in DEMO_ACCOUNTS:
        # Only a missing demo account is written (issue 12): one an operator disabled, re-passworded or changed
        # is left exactly as it is, and no other account is ever touched.
        if store.get_user(user.username) is None:
            store.add_user(actor, user, password)
    return [spec[0] for spec in UNITS]


DEMO_USERNAMES = frozenset(user.username for user, _ in DEMO_ACCOUNTS)


def ensure_demo(store: Store, library: TemplateLibrary, as_of: dt.date | None = None) -> bool:
    """On first start with an empty built-in database, build the demo province; returns whether it did. The app
    calls this only for the built-in ``data/ita.db`` (:func:`ita_dash.store.builtin_database`); a configured
    database gets demo data only from ``python -m ita_dash demo``. Never on a database that holds accounts."""
    if not store.is_empty() or store.has_accounts():
        return False
    build_demo(store, library, as_of)
    return True
