"""The words of each kind of unit (issue 32 item 5), declared once. A police station and an immigration unit are
split into สายงาน led by a หัวหน้าสายงาน; a local administration (อบต., เทศบาล) into กอง (สำนักปลัด, กองคลัง, กองช่าง …)
led by a หัวหน้ากอง. Pages, roles, slips and outputs ask here for the word of the unit they show instead of writing
"สายงาน" themselves.

The results report (seeds 003 and 004) answers an OIT item whose number differs by kind and year (O24 for
immigration FY 2567, O25 for a police station FY 2568, and a local administration's list is not known until the unit
copies it in): the item is found in the unit's own framework by its title, never by a fixed number."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .model import Role, UnitKind, thai

if TYPE_CHECKING:  # the framework's records only as types: this module reads their fields
    from .framework import FrameworkTemplate


@dataclass(frozen=True)
class Words:
    """What one kind of unit calls the parts that report to its chief."""

    section: str  # สายงาน · กอง
    section_head: str  # หัวหน้าสายงาน · หัวหน้ากอง

    @property
    def every_section(self) -> str:
        return f"ทุก{self.section}"

    @property
    def my_section(self) -> str:
        return f"{self.section}ของฉัน"

    @property
    def no_section(self) -> str:
        return f"ไม่ระบุ{self.section}"

    @property
    def sections_and_heads(self) -> str:
        return f"{self.section}และ{self.section_head}"

    def say(self, text: str) -> str:
        """One of our own labels or messages, written once in the words of a police station ("มอบหมายสายงาน",
        "หัวหน้าสายงาน"), in this kind's words ("มอบหมายกอง", "หัวหน้ากอง"). Never for what a user typed: a name they
        wrote is theirs, word for word."""
        if self is LINES_OF_WORK:
            return text
        return _POLICE_WORDS.sub(lambda found: self.section_head if found[0] == LINES_OF_WORK.section_head
                                 else self.section, text)


LINES_OF_WORK = Words("สายงาน", "หัวหน้าสายงาน")  # police stations and immigration (seed 001: "ทั้ง ๕ สายงาน")
DIVISIONS = Words("กอง", "หัวหน้ากอง")  # a local administration's สำนักปลัด, กองคลัง, กองช่าง … (seed 004)
MIXED = Words("สายงาน/กอง", "หัวหน้าสายงาน/หัวหน้ากอง")  # a list holding units of both kinds

_POLICE_WORDS = re.compile(f"{LINES_OF_WORK.section_head}|{LINES_OF_WORK.section}")  # one pass: "สายงาน/กอง" has สายงาน

WORDS: dict[UnitKind, Words] = {
    UnitKind.POLICE_STATION: LINES_OF_WORK,
    UnitKind.IMMIGRATION: LINES_OF_WORK,
    UnitKind.LOCAL_ADMIN: DIVISIONS,
}


def words_of(kind: UnitKind | None) -> Words:
    """The words of a kind of unit; with no unit (an account not bound to one) those of the kinds that say สายงาน."""
    return WORDS.get(kind, LINES_OF_WORK) if kind is not None else LINES_OF_WORK


def words_for(kinds: Iterable[UnitKind]) -> Words:
    """The words for a list of units: their kind's when all share one way of speaking, else both ("สายงาน/กอง")."""
    found = {words_of(kind) for kind in kinds}
    return found.pop() if len(found) == 1 else (LINES_OF_WORK if not found else MIXED)


def role_label(role: Role, kind: UnitKind | None = None) -> str:
    """A role in the words of the person's unit: a section head of an อบต. is a หัวหน้ากอง."""
    return words_of(kind).section_head if role == Role.SECTION_HEAD else thai(role)


RESULTS_REPORT = "รายงานผลการดำเนินการตามมาตรการ"  # the neutral name, when the unit's list has no such item


def results_report_items(template: FrameworkTemplate | None) -> list[str]:
    """The codes of the OIT items the results report answers in this framework: the item reporting the results of
    the measures ("การรายงานผลการดำเนินการตามมาตรการ…"). Not the bribery-risk report (its title names no measures)."""
    items = (template.oit_items or []) if template is not None else []
    return [item.code for item in items if "รายงานผล" in item.title and "มาตรการ" in item.title]


def results_report_name(template: FrameworkTemplate | None) -> str:
    """"รายงานผลการดำเนินการตามมาตรการ (O25)" — with the item numbers of the unit's own list, or none when it has none."""
    codes = results_report_items(template)
    return f"{RESULTS_REPORT} ({'/'.join(codes)})" if codes else RESULTS_REPORT


def results_report_tab(template: FrameworkTemplate | None) -> str:
    """The short name on a tab: "รายงานผล O25", or the neutral name."""
    codes = results_report_items(template)
    return f"รายงานผล {'/'.join(codes)}" if codes else RESULTS_REPORT
