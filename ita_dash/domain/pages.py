"""The pages of the app, declared once (issue 33 item 3): each page's file, Thai title, icon, the roles that see it and
the section header it sits under in each role's menu, and whose default page it is. Which role sees which page is a
permission fact, so it lives here, pure (no Streamlit): the frame (``app.py``) builds ``st.navigation`` from it
through ``ita_dash/ui/navigation.py``, and every page test walks it.

Adding a page: its file in ``pages/`` and one ``PageSpec`` line in ``PAGES``. Within a header, pages keep the order of
``PAGES``; the headers keep the order of ``HEADERS``."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from ita_dash.domain.model import Role, UnitKind
from ita_dash.domain.wording import words_of

MY_WORK, PROVINCE, TRACKING, CHIEF_WORK, REFERENCE = (
    "งานของฉัน", "จังหวัด", "ติดตามการประเมิน", "งานของหัวหน้าหน่วย", "ข้อมูลอ้างอิง")
HEADERS = (MY_WORK, PROVINCE, TRACKING, CHIEF_WORK, REFERENCE)  # the order of the sections in every menu
PROJECTOR = ""  # the header of the meeting screen, shown alone without a menu

EVERYONE = tuple(Role)
CHIEFS = (Role.CHIEF, Role.ADMIN)
READERS_OF_MANY = (Role.PROVINCE, Role.REGION)  # their own province (or region) first


def under(header: str, roles: Iterable[Role] = EVERYONE) -> dict[Role, str]:
    """``roles`` see the page, each under ``header``."""
    return dict.fromkeys(roles, header)


def _my_section(kind: UnitKind | None) -> str:
    """"สายงานของฉัน", or "กองของฉัน" when the unit picked is a local administration."""
    return words_of(kind).my_section


@dataclass(frozen=True, eq=False)
class PageSpec:
    """One page: ``pages/<stem>.py`` (its address is the stem), its title (a text, or one computed from the kind of
    the unit picked), its icon, the header it sits under for each role that sees it, the roles whose default page it
    is; ``meeting`` for the projector screen, shown alone in meeting mode and in no menu."""

    stem: str
    title: str | Callable[[UnitKind | None], str]
    icon: str
    headers: Mapping[Role, str]
    default_for: frozenset[Role] = field(default=frozenset())
    meeting: bool = False

    def __post_init__(self):
        allowed = {PROJECTOR} if self.meeting else set(HEADERS)
        if not set(self.headers.values()) <= allowed or not self.default_for <= set(self.headers):
            raise ValueError(f"page {self.stem}: headers {set(self.headers.values())}, default for {self.default_for}")

    @property
    def path(self) -> str:
        return f"pages/{self.stem}.py"

    def title_for(self, kind: UnitKind | None) -> str:
        return self.title(kind) if callable(self.title) else self.title

    def seen_by(self, role: Role) -> bool:
        return role in self.headers


PAGES: tuple[PageSpec, ...] = (
    PageSpec("overview", "ภาพรวม", ":material/dashboard:", under(TRACKING),
             default_for=frozenset({Role.ADMIN, Role.CHIEF, Role.VIEWER})),
    PageSpec("monthly", "ติดตามรายเดือน", ":material/calendar_view_month:", under(TRACKING)),
    PageSpec("quotas", "โควตา IIT/EIT", ":material/groups:", under(TRACKING)),
    PageSpec("oit", "OIT", ":material/public:", under(TRACKING)),
    PageSpec("calendar", "ปฏิทิน", ":material/event:", under(TRACKING)),
    PageSpec("reports", "รายงาน", ":material/print:", under(TRACKING)),
    PageSpec("province", "เปรียบเทียบหน่วย", ":material/compare:",
             {**under(PROVINCE, READERS_OF_MANY), Role.ADMIN: TRACKING}, default_for=frozenset(READERS_OF_MANY)),
    PageSpec("my_section", _my_section, ":material/edit_note:",
             {Role.SECTION_HEAD: MY_WORK, **under(CHIEF_WORK, CHIEFS)}, default_for=frozenset({Role.SECTION_HEAD})),
    PageSpec("manage", "จัดการข้อมูลหน่วย", ":material/edit:", under(CHIEF_WORK, CHIEFS)),
    PageSpec("import_plan", "นำเข้าแผนมาตรการ", ":material/upload_file:", under(CHIEF_WORK, CHIEFS)),
    PageSpec("units_admin", "ตั้งค่าหน่วยงาน", ":material/domain:", under(CHIEF_WORK, CHIEFS)),
    PageSpec("reminders", "การแจ้งเตือนทางอีเมล", ":material/mail:", under(CHIEF_WORK, CHIEFS)),
    PageSpec("results", "ผลการประเมิน", ":material/leaderboard:", under(REFERENCE)),
    PageSpec("history", "ประวัติการแก้ไข", ":material/history:", under(REFERENCE)),
    PageSpec("framework", "กรอบการประเมิน", ":material/checklist:", under(REFERENCE)),
    PageSpec("meeting", "โหมดประชุม", ":material/co_present:", under(PROJECTOR),
             default_for=frozenset(EVERYONE), meeting=True),
)


def page(stem: str) -> PageSpec:
    """The registered page ``pages/<stem>.py``."""
    return next(spec for spec in PAGES if spec.stem == stem)


def menu(role: Role, meeting: bool = False) -> dict[str, list[PageSpec]]:
    """What ``role`` is shown: the pages of each header in order, headers without a page left out; in meeting mode
    only the projector screen (under the header ``PROJECTOR``)."""
    shown = [spec for spec in PAGES if spec.seen_by(role) and spec.meeting == meeting]
    headers = (PROJECTOR,) if meeting else HEADERS
    sections = {header: [spec for spec in shown if spec.headers[role] == header] for header in headers}
    return {header: specs for header, specs in sections.items() if specs}


def seen_by(role: Role) -> list[PageSpec]:
    """The pages in ``role``'s menu, in the menu's order (the meeting screen is not in a menu)."""
    return [spec for specs in menu(role).values() for spec in specs]


def shared() -> list[PageSpec]:
    """The pages in every role's menu: what anyone who may read a unit reads of its year."""
    return [spec for spec in PAGES if all(spec.seen_by(role) for role in Role) and not spec.meeting]
