"""Fictional lists a provincial command would have (issue 13 tests and docs/samples): 30 police stations of the
made-up province "สมมุติ" in the made-up region 9, and their section heads. Every name is invented."""

from __future__ import annotations

import io

from openpyxl import Workbook

THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
PLACES = ["เมืองสมมุติ", "บ้านทุ่ง", "หนองน้ำใส", "โคกสูง", "ท่าข้าม", "นาดี", "ห้วยเย็น", "ดอนแก้ว", "วังทอง", "บ่อทอง",
          "ทุ่งใหญ่", "หนองบัว", "คลองยาว", "โพธิ์งาม", "ป่าแดง", "นาเหนือ", "เขาเขียว", "บางน้ำเชี่ยว", "สามแยก",
          "หัวสะพาน", "ท่าทราย", "บ้านใหม่", "ดงเย็น", "สระแก้ว", "ศรีสมมุติ", "หนองหิน", "นาทราย", "ปากคลอง",
          "ห้วยทราย", "บ้านเนิน"]
UNIT_HEADER = ["รหัสหน่วย", "ชื่อหน่วย", "ประเภทหน่วย", "รหัสจังหวัด", "จังหวัด", "รหัสภาค", "ภาค", "จำนวนกำลังพล (คน)"]


def station_rows(broken: bool = True) -> list[list]:
    """One row per station; with ``broken`` row 9 (file row 10) has an unknown kind and a duplicate of the third
    station's code follows the last row."""
    rows = []
    for n, place in enumerate(PLACES, start=1):
        code = f"SMT-{n:02d}".translate(THAI_DIGITS) if n % 2 else f"SMT-{n:02d}"  # Thai digits in half the codes
        province = "จ.สมมุติ" if n % 3 == 0 else ("สมมุติ " if n % 3 == 1 else " จังหวัดสมมุติ")  # three ways
        region = "ภาค 9" if n % 2 else "ตำรวจภูธรภาค ๙"
        kind = "สถานีตำรวจ" if n % 4 else "police-station"
        if broken and n == 9:
            kind = "หน่วยเฉพาะกิจ"
        staff = str(40 + 7 * n).translate(THAI_DIGITS) if n % 2 else f" {40 + 7 * n} "
        rows.append([f" {code} ", f"สถานีตำรวจภูธร{place}", kind, "SMT", province, "R9", region, staff])
    if broken:
        rows.append(["SMT-03", "สถานีตำรวจภูธรซ้ำ", "สถานีตำรวจ", "SMT", "สมมุติ", "R9", "ภาค 9", "50"])
    return rows


def xlsx(header: list[str], rows: list[list], title: str | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    if title:
        sheet.append([title])
        sheet.append([])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def stations_xlsx(broken: bool = True) -> bytes:
    return xlsx(UNIT_HEADER, station_rows(broken), title="บัญชีรายชื่อสถานีตำรวจ ภ.จว.สมมุติ")


RANKS = ["พ.ต.อ.", "พ.ต.ท.", "พ.ต.ต.", "ร.ต.อ.", "ด.ต."]
FIRST = ["สมชาย", "วิชัย", "สุภาพ", "ประเสริฐ", "อำนาจ", "ชาญชัย", "กิตติ", "ธนพล", "พิชิต", "ณรงค์"]
LAST = ["ใจดี", "มั่นคง", "รักษ์ไทย", "ศรีสุข", "ทองคำ", "บุญมา", "แก้วใส", "พรหมมา", "สายทอง", "นาคสวัสดิ์"]
ACCOUNT_HEADER = ["ชื่อผู้ใช้", "ยศ ชื่อ สกุล", "บทบาท", "หน่วย", "สายงาน", "จังหวัด", "อีเมล"]
SECTIONS = ["งานอำนวยการ", "งานป้องกันปราบปราม", "งานจราจร", "งานสืบสวน", "งานสอบสวน"]


def person(n: int) -> str:
    return f"{RANKS[n % 5]} {FIRST[n % 10]} {LAST[(n // 10) % 10]}"


def account_rows(stations: int = 30) -> list[list]:
    """Five section heads per station (usernames left blank: made from unit and section), 150 for 30 stations."""
    rows = []
    for n in range(1, stations + 1):
        for s, section in enumerate(SECTIONS):
            rows.append(["", person(n * 5 + s), "หัวหน้าสายงาน", f"SMT-{n:02d}", section, "สมมุติ",
                         f"smt{n:02d}.s{s + 1}@example.invalid"])
    return rows


def accounts_xlsx(stations: int = 30, extra: list[list] = ()) -> bytes:
    return xlsx(ACCOUNT_HEADER, [*account_rows(stations), *extra])


PLAN_HEADER = ["ตัวชี้วัด", "ประเด็นที่ต้องเตรียมความพร้อม", "มาตรการ/กิจกรรม", "ระยะเวลาแล้วเสร็จ", "ผู้รับผิดชอบ",
               "ระยะเวลากำกับติดตาม"]
PLAN_ROWS = [
    ["1. การปฏิบัติหน้าที่", "ให้บริการตามลำดับคิว", "ประกาศขั้นตอนและระยะเวลาให้บริการที่จุดบริการ", "ธ.ค. 69", "สว.อก.", "ทุกเดือน"],
    ["", "", "จัดประชุมชี้แจงแนวทางปฏิบัติหน้าที่อย่างเป็นธรรม", "ม.ค. 70", "รอง ผกก.ป.", "ทุกเดือน"],
    ["2. การใช้งบประมาณ", "เปิดเผยแผนการใช้จ่าย", "เผยแพร่แผนการใช้จ่ายงบประมาณประจำปีบนเว็บไซต์", "พ.ย. 69", "สว.อก.", "ทุก 3 เดือน"],
    ["3. การใช้อำนาจ", "มอบหมายงานเป็นธรรม", "กำหนดหลักเกณฑ์การมอบหมายงานและประกาศให้ทราบ", "ธ.ค. 69", "สว.อก.", "ทุกเดือน"],
    ["4. การใช้ทรัพย์สินของราชการ", "ขั้นตอนการยืมพัสดุ", "จัดทำคู่มือการยืมคืนทรัพย์สินของราชการ", "ม.ค. 70", "สว.อก.", "ทุกเดือน"],
    ["5. การแก้ไขปัญหาการทุจริต", "แผนป้องกันการทุจริต", "จัดทำแผนป้องกันการทุจริตประจำปี", "ธ.ค. 69", "สว.สส.", "ทุกเดือน"],
    ["6. คุณภาพการดำเนินงาน", "ความโปร่งใสในการให้บริการ", "ติดป้ายช่องทางร้องเรียนที่จุดบริการทุกจุด", "พ.ย. 69", "สว.จร.", "ทุกเดือน"],
    ["7. ประสิทธิภาพการสื่อสาร", "ช่องทางสื่อสาร", "เผยแพร่ผลการดำเนินงานทางเพจของสถานีทุกเดือน", "ก.ย. 70", "สว.อก.", "ทุกเดือน"],
    ["8. การปรับปรุงระบบการทำงาน", "ลดขั้นตอน", "นำระบบนัดหมายออนไลน์มาใช้ในงานสอบสวน", "มี.ค. 70", "สว.(สอบสวน)", "ทุก 3 เดือน"],
    ["9. การเปิดเผยข้อมูล", "ข้อมูลพื้นฐาน", "ปรับปรุงข้อมูลบนเว็บไซต์ตามรายการ OIT", "มี.ค. 70", "สว.อก.", "ทุกเดือน"],
    ["10. การป้องกันการทุจริต", "เจตจำนงสุจริต", "ผู้กำกับการประกาศเจตจำนงสุจริตต่อสาธารณะ", "ธ.ค. 69", "สว.อก.", "เมื่อดำเนินการเสร็จสิ้น"],
]


def plan_xlsx() -> bytes:
    """A short, fictional measures plan of a police station (the layout of the seeds' tables)."""
    return xlsx(PLAN_HEADER, PLAN_ROWS, title="แผนมาตรการส่งเสริมคุณธรรมและความโปร่งใส ปีงบประมาณ พ.ศ. 2570")
