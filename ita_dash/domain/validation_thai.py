"""Pydantic's refusals said in Thai, with the path of the bad value (``measures[3].indicator``).

A file read through a pydantic model (the unit bundle) is refused with pydantic's first error; its ``type`` and
``ctx`` say what was wrong, so the Thai sentence is made from them here rather than from pydantic's English message.
A check of our own raises :func:`refused` (a ``PydanticCustomError`` carrying its path), which reads the same way.
"""

from __future__ import annotations

from pydantic_core import ErrorDetails, PydanticCustomError

from .fields import text_problem
from .model import Limit

CUSTOM = "refused"  # the type of our own refusals (:func:`refused`)


def refused(path: str, reason: str) -> PydanticCustomError:
    """Our own refusal of the value at ``path`` (raise it inside a validator)."""
    return PydanticCustomError(CUSTOM, "{reason}", {"path": path, "reason": reason})


def path_of(location: tuple) -> str:
    """``("measures", 3, "indicator")`` → ``measures[3].indicator``."""
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(ทั้งไฟล์)"


def _given(value: object) -> str:
    """What the file gave, in Thai: ข้อความ "3", ทศนิยม 3.5, true."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'ข้อความ "{value[:40]}{"…" if len(value) > 40 else ""}"'
    if isinstance(value, float):
        return f"ทศนิยม {value!r}"
    if isinstance(value, int):
        return f"ตัวเลข {value}"
    if value is None:
        return "null"
    return {dict: "ออบเจกต์ {…}", list: "รายการ […]"}.get(type(value), type(value).__name__)


def _number(value: object) -> str:
    return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else str(value)


_WANTED = {  # error type → what the value must be
    "int_type": "จำนวนเต็ม", "int_parsing": "จำนวนเต็ม", "int_from_float": "จำนวนเต็ม",
    "float_type": "ตัวเลข", "float_parsing": "ตัวเลข",
    "bool_type": "ค่า true หรือ false", "bool_parsing": "ค่า true หรือ false",
    "string_type": "ข้อความ", "list_type": "รายการ (JSON array)",
    "model_type": "ออบเจกต์ (JSON object)", "dict_type": "ออบเจกต์ (JSON object)",
    "model_attributes_type": "ออบเจกต์ (JSON object)",
    "date_type": "วันที่แบบ YYYY-MM-DD (ค.ศ.)", "date_parsing": "วันที่แบบ YYYY-MM-DD (ค.ศ.) ที่มีจริง",
    "date_from_datetime_parsing": "วันที่แบบ YYYY-MM-DD (ค.ศ.) ที่มีจริง",
    "date_from_datetime_inexact": "วันที่แบบ YYYY-MM-DD (ค.ศ.) ไม่มีเวลา",
    "datetime_type": "วันเวลาแบบ ISO 8601 พร้อมเขตเวลา", "datetime_parsing": "วันเวลาแบบ ISO 8601 พร้อมเขตเวลา",
    "datetime_from_date_parsing": "วันเวลาแบบ ISO 8601 พร้อมเขตเวลา",
    "time_type": "เวลาแบบ HH:MM", "time_parsing": "เวลาแบบ HH:MM",
}


def reason(error: ErrorDetails) -> str:
    """Why the value was refused, in Thai."""
    kind, ctx, value = error["type"], error.get("ctx") or {}, error.get("input")
    if kind == CUSTOM:
        return str(ctx["reason"])
    if kind in _WANTED:
        return f"ต้องเป็น{_WANTED[kind]} ไม่ใช่ {_given(value)}"
    if kind == "missing":
        return "ต้องมีค่านี้ แต่ไม่พบในไฟล์"
    if kind == "extra_forbidden":
        return "ไม่รู้จักคีย์นี้ (พิมพ์ผิด หรือไม่ใช่ของไฟล์รูปแบบนี้)"
    if kind == "string_too_long":
        return text_problem(value, Limit(ctx["max_length"])) if isinstance(value, str) else \
            f"ยาวเกิน {ctx['max_length']:,} ตัวอักษร"
    if kind == "string_too_short":
        return "ต้องไม่ว่าง" if ctx.get("min_length") == 1 else f"สั้นกว่า {ctx['min_length']:,} ตัวอักษร"
    if kind == "string_pattern_mismatch":
        return f"รูปแบบไม่ถูกต้อง: {_given(value)}"
    if kind == "string_unicode":
        return "มีอักขระที่ไม่ใช่ Unicode ที่ถูกต้อง"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        bound = next(ctx[k] for k in ("ge", "gt", "le", "lt") if k in ctx)
        words = {"greater_than_equal": "ต้องไม่น้อยกว่า", "greater_than": "ต้องมากกว่า",
                 "less_than_equal": "ต้องไม่เกิน", "less_than": "ต้องน้อยกว่า"}[kind]
        return f"{words} {_number(bound)} ไม่ใช่ {_number(value)}"
    if kind == "finite_number":
        return f"ต้องเป็นตัวเลขที่มีค่าจริง ไม่ใช่ {value}"
    if kind in ("enum", "literal_error"):
        return f"ต้องเป็นค่าใดค่าหนึ่งของ {str(ctx.get('expected', '')).replace(' or ', ', ')} ไม่ใช่ {_given(value)}"
    if kind == "too_long":
        return f"มีได้ไม่เกิน {ctx['max_length']:,} รายการ ({ctx['actual_length']:,})"
    if kind == "too_short":
        return f"ต้องมีอย่างน้อย {ctx['min_length']:,} รายการ"
    if kind == "timezone_aware":
        return "ต้องระบุเขตเวลา เช่น 2026-11-01T08:00:00Z"
    if kind == "value_error":  # our validators speak Thai (model.py, framework.py)
        return str(ctx.get("error") or error["msg"])
    return f"ค่าไม่ถูกต้อง ({kind})"
