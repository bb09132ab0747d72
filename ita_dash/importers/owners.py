"""Who a plan's owner cell names: a section of the unit, every section, or nobody we know (the preview asks).

Owners are written as section names, abbreviations and job titles, often misspelt by OCR ("สารวัตรอำนาจการ"); the
template's aliases are matched first, then the closest alias by edit distance, which the preview shows for a person
to confirm. Read by :mod:`ita_dash.importers.plan` (and the accounts file's section column).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from ita_dash.domain.framework import FrameworkTemplate
from ita_dash.domain.model import Section
from ita_dash.domain.thaidate import arabic_digits


def name_key(text: str) -> str:
    """Thai text as a header or owner is compared: without spaces, line breaks and slashes."""
    return re.sub(r"[\s/\\]+", "", text)


ALL_SECTIONS = "*"  # an owner that is every section: the measure is reported on by each of them
_ALL_SECTIONS = re.compile(r"(?:ทุก|แต่ละ|ทั้ง\d*)(?:สายงาน|งาน(?!บ)|ฝ่าย|กอง|ภารกิจ|ส่วนราชการ|สาย)"
                           r"|ในสังกัดทุก(?:นาย|คน)|ทุก(?:นาย|คน)ในสังกัด|(?:บุคลากร|พนักงาน)ทุกคน"  # "…ตร.ในสังกัดทุกนาย"
                           r"|สารว[ั้]ตร\(หัวหน้างาน\)")  # seed 000: the inspectors who head the งาน, each in their own
# words of a job title that name no section by themselves: a fuzzy match on them alone is no match ("เจ้าหน้าที่
# ประชาสัมพันธ์" is not "กองการเจ้าหน้าที่"; "สารวัตรอำนาจการ" is still "อำนวยการ" misspelt)
_TITLE_WORDS = re.compile(r"เจ้าหน้าที่|เจ้าพนักงาน|หัวหน้า|สารวัตร|ผู้ควบคุม|ผู้ปฏิบัติ")
# letters of another script that text extraction puts in Thai words (seed 000: "สारวัตร", Devanagari aa and ra)
_LOOKALIKES = str.maketrans({"\u093e": "า", "\u0930": "ร"})
FUZZY_CUTOFF = 0.75  # similarity (difflib ratio) of a misspelt title to a section name or alias
_FUZZY_MIN = 5  # shorter aliases ("อก.", "บคด.") only match exactly


def _owner_key(text: str) -> str:
    """Thai text made comparable: without spaces, dots, slashes, brackets, dashes or digits (Thai or Arabic)."""
    return re.sub(r"[\s./\\()\d-]+", "", arabic_digits(text))


@dataclass(frozen=True)
class OwnerMatch:
    section: str | None  # a section code, ALL_SECTIONS, or None
    how: str = ""  # "exact", "fuzzy", "all"
    alias: str = ""  # the name or alias that matched
    fragment: str = ""  # the words of the owner text it matched (fuzzy)
    score: float = 1.0

    def describe(self, names: dict[str, str]) -> str:
        if self.section == ALL_SECTIONS:
            return "ทุกสายงาน (แต่ละสายงานรายงานผลของตน)"
        if self.section is None:
            return ""
        name = names.get(self.section, self.section)
        if self.how == "fuzzy":
            return f"“{self.fragment}” ใกล้เคียง “{self.alias}” ({round(self.score * 100)}%) → {name}"
        return name


def match_owner(owner: str, sections: list[Section], template: FrameworkTemplate) -> OwnerMatch:
    """The section an owner text names: every section ("ทุกสายงาน", "หัวหน้างานทุกงาน"); else the name or alias it
    names first ("สว.อก.", "รอง ผกก.ป.", "บคด."); else the closest name or alias by edit distance on the normalised
    Thai ("สารวัตรอำนาจการ" ≈ "อำนวยการ"), which the preview shows for confirmation."""
    text = name_key(arabic_digits(owner.translate(_LOOKALIKES)))
    if not text:
        return OwnerMatch(None)
    if _ALL_SECTIONS.search(text):
        return OwnerMatch(ALL_SECTIONS, "all")
    aliases = {spec.code: [spec.name, *spec.aliases] for spec in template.sections or []}
    best = None
    for section in sections:
        for alias in [section.name, *aliases.get(section.code, [])]:
            position = text.find(name_key(alias))
            if position >= 0 and (best is None or position < best[0]):
                best = (position, section.code, alias)
    if best:
        return OwnerMatch(best[1], "exact", best[2])
    loose = _TITLE_WORDS.sub("", _owner_key(owner))
    if not loose:  # digits and punctuation only ("1.", "100%" of another table): names nobody
        return OwnerMatch(None)
    fuzzy, fuzzy_at = None, 0
    matcher = difflib.SequenceMatcher(autojunk=False)
    for section in sections:
        for alias in [section.name, *aliases.get(section.code, [])]:
            target = _TITLE_WORDS.sub("", _owner_key(alias))
            if len(target) < _FUZZY_MIN:
                continue
            matcher.set_seq2(target)  # difflib caches what it learns about the second sequence
            letters = set(target)
            for width in (len(target) - 1, len(target), len(target) + 1):
                for start in range(0, max(1, len(loose) - width + 1)):
                    fragment = loose[start:start + width]
                    if fragment[0] not in letters and fragment[-1] not in letters:
                        continue  # neither end can belong to the title: not where it is written
                    matcher.set_seq1(fragment)
                    if matcher.real_quick_ratio() < FUZZY_CUTOFF or matcher.quick_ratio() < FUZZY_CUTOFF:
                        continue
                    score = matcher.ratio()
                    if score >= FUZZY_CUTOFF and (fuzzy is None or (score, -start) > (fuzzy.score, -fuzzy_at)):
                        fuzzy, fuzzy_at = OwnerMatch(section.code, "fuzzy", alias, fragment, score), start
    return fuzzy or OwnerMatch(None)


def section_of(owner: str, sections: list[Section], template: FrameworkTemplate) -> str | None:
    """The section the owner text names (see :func:`match_owner`); ALL_SECTIONS for every section."""
    return match_owner(owner, sections, template).section
