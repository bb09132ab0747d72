"""What a unit hands in at the end of the year besides its plan (the O24/O25 results report, seeds 003 and 004):
the written result of each measure, photos as evidence, and the report's settings (committee, meetings held,
who prepares and who certifies the report). Pure records and checks; the store keeps them, the reports draw them."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated

from pydantic import Field

from .fields import limit_of, text_errors, text_problem
from .model import Code, Record, ShortText
from .thaidate import arabic_digits, to_be, to_ce

ACHIEVEMENT_MAX_CHARS = limit_of("achievement").chars  # ผลการดำเนินการ (what was done)
OUTCOME_MAX_CHARS = limit_of("outcome").chars  # ผลลัพธ์
CAPTION_MAX_CHARS = limit_of("caption").chars
MAX_MEMBERS = 40  # people on the working committee
MAX_MEETINGS = 40
SIGNERS = {"prepared_by": "ผู้จัดทำรายงาน", "certified_by": "ผู้รับรองรายงาน"}  # the report's two signature blocks


@dataclass(frozen=True)
class PhotoLimits:
    """Upload limits for evidence photos (a phone camera picture is 2–6 MB)."""

    max_upload_bytes: int = 10 * 1024 * 1024  # refused above this, before decoding
    # refused above this, read from the file's header before any pixel is decoded (decompression bombs): a 24 MP
    # camera picture (6000 × 4000) passes; Pillow's own bomb limit is 89 MP, and 40 MP cost about 200 MB to process
    max_pixels: int = 24_000_000
    stored_edge: int = 1600  # the stored picture's longer edge, in pixels
    thumbnail_edge: int = 320
    jpeg_quality: int = 82
    per_measure_month: int = 6  # photos on one measure's report of one month
    formats: tuple[str, ...] = ("JPEG", "PNG", "WEBP", "GIF", "BMP", "MPO")


PHOTO_LIMITS = PhotoLimits()


class PhotoInfo(Record):
    """One stored evidence photo (the picture itself is fetched separately)."""

    id: int
    measure_code: Code
    month: str  # YYYY-MM: the monthly report it belongs to
    caption: Annotated[str, Field(max_length=CAPTION_MAX_CHARS)] = ""
    width: int
    height: int
    size_bytes: int
    uploaded_by: ShortText = ""
    uploaded_at: dt.datetime


class Meeting(Record):
    """A committee meeting held (date and what it was about)."""

    held_on: dt.date
    topic: Annotated[str, Field(max_length=limit_of("topic").chars)] = ""


class Signer(Record):
    """A person signing the report: rank and name go in parentheses under the dotted line, then the position."""

    rank: Annotated[str, Field(max_length=limit_of("rank").chars)] = ""  # พ.ต.อ., ร.ต.ท., นาย …
    name: Annotated[str, Field(max_length=limit_of("name").chars)] = ""
    position: Annotated[str, Field(max_length=limit_of("position").chars)] = ""

    @property
    def full_name(self) -> str:
        return f"{self.rank}{self.name}".strip() if self.rank.endswith(".") else f"{self.rank} {self.name}".strip()

    @property
    def blank(self) -> bool:
        return not (self.name.strip() or self.position.strip())


class ReportSettings(Record):
    """The chief's small record per unit-year for the results report."""

    committee_order: Annotated[str, Field(max_length=limit_of("committee_order").chars)] = ""  # คำสั่ง … ที่ 27/2569 …
    # one member a line
    committee: Annotated[list[Annotated[str, Field(max_length=limit_of("committee").chars)]],
                         Field(max_length=MAX_MEMBERS)] = []
    meetings: Annotated[list[Meeting], Field(max_length=MAX_MEETINGS)] = []
    prepared_by: Signer = Signer()
    certified_by: Signer = Signer()
    version: int = 0  # 0: never saved


def result_text_errors(achievement: str, outcome: str) -> dict[str, str]:
    """The written result's two texts against their limits (control characters refused, line feeds allowed)."""
    return text_errors({"achievement": achievement, "outcome": outcome})


def caption_errors(caption: str) -> dict[str, str]:
    return text_errors({"caption": caption})


def draft_achievement(reports: list, month_label) -> str:
    """ผลการดำเนินการ drafted from a measure's monthly notes (oldest first), one line a month, repeated notes once:
    what the report shows until someone writes it. ``month_label`` turns "YYYY-MM" into a Thai month."""
    lines, previous = [], None
    for report in sorted(reports, key=lambda r: r.month):
        note = " ".join(report.note.split())
        if note and note != previous:
            lines.append(f"{month_label(report.month)}: {note}")
        previous = note or previous
    return "\n".join(lines)


_MEETING_LINE = re.compile(r"^\s*(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})\s*(.*)$")


def meeting_lines(meetings: list[Meeting]) -> str:
    """Meetings as the form shows them: one a line, ``20/12/2568 topic`` (day/month/Buddhist year)."""
    return "\n".join(f"{m.held_on.day}/{m.held_on.month}/{to_be(m.held_on.year)} {m.topic}".strip()
                     for m in sorted(meetings, key=lambda m: m.held_on))


def parse_meeting_lines(text: str) -> tuple[list[Meeting], dict[str, str]]:
    """Meetings from the form's lines (Thai or Arabic digits, the year in พ.ศ.); blank lines are skipped, a line that
    cannot be read is named in the Thai error."""
    meetings, bad = [], []
    lines = [line for line in arabic_digits(text).splitlines() if line.strip()]
    if len(lines) > MAX_MEETINGS:
        return [], {"meetings": f"บันทึกการประชุมได้ไม่เกิน {MAX_MEETINGS} ครั้ง"}
    for number, line in enumerate(lines, start=1):
        match = _MEETING_LINE.match(line)
        if match and (problem := text_problem(" ".join(match[4].split()), limit_of("topic"))):
            return [], {"meetings": f"บรรทัดที่ {number}: หัวข้อ{problem}"}
        try:
            if not match:
                raise ValueError
            day, month, year_be, topic = int(match[1]), int(match[2]), int(match[3]), " ".join(match[4].split())
            if not 2500 <= year_be <= 2700:
                raise ValueError
            meetings.append(Meeting(held_on=dt.date(to_ce(year_be), month, day), topic=topic))
        except (ValueError, TypeError):
            bad.append(str(number))
    if bad:
        return meetings, {"meetings": f"อ่านวันที่ไม่ได้ในบรรทัดที่ {', '.join(bad)} — เขียนเป็น วว/ดด/ปปปป (พ.ศ.) ตามด้วยหัวข้อ "
                                      "เช่น 20/12/2568 ชี้แจงการประเมิน"}
    return sorted(meetings, key=lambda m: m.held_on), {}


def report_settings_of(order: str, committee_text: str, meetings_text: str, signers: dict[str, dict[str, str]],
                       version: int) -> tuple[ReportSettings | None, dict[str, str]]:
    """The results report's settings as the chief typed them (the committee one member a line, the meetings one a
    line, each signer's rank, name and position), or the Thai reasons, by field, why they cannot be kept as typed:
    nothing is cut short to fit (issue 34 item 7)."""
    order = " ".join(order.split())
    committee = [" ".join(line.split()) for line in committee_text.splitlines() if line.strip()]
    meetings, errors = parse_meeting_lines(meetings_text)
    errors |= text_errors({"committee_order": order})
    if len(committee) > MAX_MEMBERS:
        errors["committee"] = f"คณะทำงานได้ไม่เกิน {MAX_MEMBERS} คน ({len(committee)})"
    for number, member in enumerate(committee, start=1):
        if "committee" not in errors and (problem := text_problem(member, limit_of("committee"))):
            errors["committee"] = f"บรรทัดที่ {number}: {problem}"
    people = {}
    for who, title in SIGNERS.items():
        typed = {field: " ".join(signers.get(who, {}).get(field, "").split()) for field in ("rank", "name", "position")}
        for field, problem in text_errors(typed).items():
            errors.setdefault(field, f"{title} — {problem}")
        people[who] = typed
    if errors:
        return None, errors
    return ReportSettings(committee_order=order, committee=committee, meetings=meetings,
                          prepared_by=Signer(**people["prepared_by"]), certified_by=Signer(**people["certified_by"]),
                          version=version), {}
