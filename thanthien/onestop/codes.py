"""Dossier codes from a configurable pattern, unique under concurrent intake, and lookup PINs."""

from __future__ import annotations

import datetime as dt
import re
import secrets

from thanthien.documents import numbering
from thanthien.org.models import Unit

DEFAULT_PATTERN = "{unit}-{yymmdd}-{seq:4}"
_SEQ = re.compile(r"\{seq(?::(\d+))?\}")
_TOKENS = {"unit", "yyyy", "yy", "mm", "dd", "yymmdd", "seq"}
# No 0/O, 1/I/L: a PIN read aloud or copied by hand must not be ambiguous.
PIN_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


class PatternError(ValueError):
    pass


# A dossier code is a path segment of the dossier's pages (/mot-cua/ho-so/<code>/) and is read aloud and typed on
# the public lookup: letters, digits, ".", "-", "_" only; "/", "?", "#", "%" or a space would break its address.
CODE_CHARS = re.compile(r"[A-Za-z0-9._-]+")
CODE_RULE = "chỉ gồm chữ cái không dấu, chữ số và các dấu “.”, “-”, “_” (không có dấu “/”, “?”, “#”, “%”, khoảng trắng)"


def is_safe_code(code: str) -> bool:
    return bool(CODE_CHARS.fullmatch(code)) and code not in (".", "..")


def code_problem(code: str) -> str | None:
    """Why `code` cannot be a dossier code (Vietnamese), or None."""
    if is_safe_code(code):
        return None
    return f"mã hồ sơ “{code}” không hợp lệ: mã hồ sơ {CODE_RULE}"


def validate_pattern(pattern: str) -> None:
    literal = re.sub(r"\{[^}]*\}", "", pattern)
    bad = sorted({ch for ch in literal if not CODE_CHARS.fullmatch(ch)})
    if bad:
        shown = ", ".join("khoảng trắng" if ch.isspace() else f"“{ch}”" for ch in bad)
        raise PatternError(f"Mẫu mã hồ sơ có ký tự không dùng được trong mã: {shown}. Mã hồ sơ {CODE_RULE}.")
    names = {m.split(":")[0] for m in re.findall(r"\{([^}]*)\}", pattern)}
    unknown = names - _TOKENS
    if unknown:
        raise PatternError("Mẫu mã hồ sơ có thành phần không hợp lệ: " + ", ".join(sorted(unknown)) + ".")
    if len(_SEQ.findall(pattern)) != 1 or not _SEQ.search(pattern):
        raise PatternError("Mẫu mã hồ sơ phải có đúng một thành phần số thứ tự {seq:4}.")
    if "{unit}" not in pattern:
        # Codes are unique across the country; only the unit code keeps two communes' sequences apart.
        raise PatternError("Mẫu mã hồ sơ phải có thành phần {unit} (mã đơn vị).")


def render_prefix(pattern: str, unit_code: str, day: dt.date) -> tuple[str, str, int]:
    """(part before the sequence, part after it, sequence width)."""
    m = _SEQ.search(pattern)
    if m is None:
        raise PatternError("Mẫu mã hồ sơ phải có thành phần {seq:4}.")
    values = {
        "unit": unit_code,
        "yyyy": f"{day:%Y}",
        "yy": f"{day:%y}",
        "mm": f"{day:%m}",
        "dd": f"{day:%d}",
        "yymmdd": f"{day:%y%m%d}",
    }

    def fill(part: str) -> str:
        return re.sub(r"\{(\w+)\}", lambda t: values[t.group(1)], part)

    return fill(pattern[: m.start()]), fill(pattern[m.end() :]), int(m.group(1) or 4)


def series_of(scope: str) -> str:
    """The numbering series of a dossier code prefix (see thanthien.documents.numbering)."""
    return f"dossier:{scope}"


def next_sequence(unit: Unit, scope: str, count: int = 1) -> int:
    """Reserve `count` numbers in `scope`; returns the last one. The one numbering service's atomic UPSERT, so two
    desks saving at the same instant never get the same number (PostgreSQL row lock; SQLite writer lock)."""
    return numbering.reserve(unit, series_of(scope), count)


def new_code(unit: Unit, pattern: str, day: dt.date) -> str:
    """The next free code: numbers already taken by imported dossiers (which do not move the counter) are skipped."""
    from .models import Dossier

    before, after, width = render_prefix(pattern, unit.code, day)
    scope = f"{before}|{after}"
    while True:
        code = f"{before}{next_sequence(unit, scope):0{width}d}{after}"
        if not Dossier.objects.filter(code=code).exists():
            return code


def new_codes(unit: Unit, pattern: str, day: dt.date, count: int) -> list[str]:
    """`count` consecutive codes for one day (bulk import)."""
    before, after, width = render_prefix(pattern, unit.code, day)
    last = next_sequence(unit, f"{before}|{after}", count)
    return [f"{before}{n:0{width}d}{after}" for n in range(last - count + 1, last + 1)]


def new_pin() -> str:
    return "".join(secrets.choice(PIN_ALPHABET) for _ in range(4))
