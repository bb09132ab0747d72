"""A local administration and its framework entries: units of each kind (``local_units``), the templates'
sections, and an ITAP progress table as copied from the site (``ITAP_COPY``)."""

from __future__ import annotations

from ita_dash.domain.model import Section, Unit, UnitKind

LA = Unit(code="LA-KL", name="องค์การบริหารส่วนตำบลคำไหล", short_name="อบต.คำไหล", kind=UnitKind.LOCAL_ADMIN,
          province_code="UBN")


ITAP_COPY = ("ข้อ,หัวข้อ,ตัวชี้วัดย่อย,ผู้รับผิดชอบ,กำหนดเผยแพร่,รายละเอียดที่ต้องมี\n"
             "O1,โครงสร้าง,9.1,สำนักปลัด,31 ม.ค. 2570,\"แผนผังโครงสร้าง\nชื่อผู้บริหาร\"\n"
             "O2,ข้อมูลผู้บริหาร,9.1,สำนักปลัด,31 ม.ค. 2570,\n"
             "O3,แผนการใช้จ่ายงบประมาณประจำปี,9.2,กองคลัง,๓๑ มี.ค. ๒๕๗๐,\n")


def template_sections(template):
    return [Section(code=s.code, name=s.name) for s in template.sections]


def local_units(store):
    from ita_dash.domain.model import Actor
    from ita_dash.importers import units as units_import

    admin = Actor.system("test admin")
    csv = ("รหัสหน่วย,ชื่อหน่วย,ประเภท,รหัสจังหวัด,จังหวัด\n"
           "LA-KL,องค์การบริหารส่วนตำบลคำไหล,อบต.,UBN,อุบลราชธานี\n"
           "LA-KN,เทศบาลตำบลคำน้ำแซบ,เทศบาล,UBN,อุบลราชธานี\n"
           "LA-SK,องค์การบริหารส่วนตำบลสมมุติ,อบต.,SKN,สกลนคร\n").encode()
    found = units_import.preview("units.csv", csv, store.list_regions(admin), store.list_provinces(admin))
    store.import_units(admin, list(found.regions.values()), list(found.provinces.values()),
                       [(line.unit, line.staff_count) for line in found.lines], 2570)
    return admin
