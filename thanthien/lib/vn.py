"""Parsing what people type (or spreadsheets keep) in Vietnam: days, moments, phones, CCCD, labels.

One parser per kind of value, shared by forms, filters and every importer."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

# Days before 1900 or after 2199 are typing mistakes in every register we keep (01/01/0135 read as 2035).
MIN_YEAR, MAX_YEAR = 1900, 2199


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _fold_table() -> dict[int, str | None]:
    """Every accented Latin letter (precomposed) → its base letter; combining marks → nothing; đ → d."""
    table: dict[int, str | None] = dict.fromkeys(range(0x300, 0x370))
    for cp in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        parts = unicodedata.normalize("NFD", chr(cp))
        base = "".join(ch for ch in parts if not unicodedata.combining(ch))
        if base != chr(cp) and base:
            table[cp] = base
    table[ord("đ")], table[ord("Đ")] = "d", "D"
    return table


_FOLD = _fold_table()
_SEPARATORS = re.compile(r"[\s_\-–.,:;()/]+")


def fold(value: str) -> str:
    """Lower case without diacritics or punctuation, to match what people type: "Bưu chính công ích" →
    "buu chinh cong ich", "Kết hôn" → "ket hon". (A translation table: the import folds every name it reads.)"""
    return " ".join(_SEPARATORS.sub(" ", value.translate(_FOLD).lower()).split())


class Lookup:
    """Labels → values, matched after folding diacritics, case and punctuation; `hints` are fragments that
    decorated spellings contain ("Dịch vụ công trực tuyến mức độ 4" contains "muc do 4")."""

    def __init__(self, names: Mapping[Any, Iterable[str]], hints: Iterable[tuple[str, Any]] = ()) -> None:
        self.names = {fold(name): str(value) for value, spellings in names.items() for name in spellings}
        self.hints = [(fold(hint), str(value)) for hint, value in hints]

    def get(self, text: str) -> str | None:
        key = fold(text)
        if key in self.names:
            return self.names[key]
        return next((value for hint, value in self.hints if hint in key), None)


# --- days ------------------------------------------------------------------------------------------------------

_YMD = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_EXCEL_EPOCH = dt.date(1899, 12, 30)  # Excel's day 0 (it counts a 29/02/1900 that never was)


def read_day(value: Any, iso_only: bool = False) -> dt.date | None:
    """A calendar day: yyyy-mm-dd, dd/mm/yyyy (also with . or -), yyyymmdd, a spreadsheet date cell or
    Excel's serial day number; empty → None; anything else (or a year outside 1900–2199) → ValueError.
    `iso_only` accepts yyyy-mm-dd text only (registers whose format says so)."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return _bounded(value.date())
    if isinstance(value, dt.date):
        return _bounded(value)
    if isinstance(value, int | float) and not isinstance(value, bool) and not iso_only:
        return _number_day(value)
    raw = " ".join(str(value).split())
    if iso_only:
        if not (m := _ISO_DAY.fullmatch(raw)):
            raise ValueError(raw)
        year, month, day = (int(x) for x in m.groups())
    elif m := _YMD.fullmatch(raw):
        year, month, day = (int(x) for x in m.groups())
    elif m := _DMY.fullmatch(raw):
        day, month, year = (int(x) for x in m.groups())
    elif m := _COMPACT.fullmatch(raw):
        year, month, day = (int(x) for x in m.groups())
    else:
        raise ValueError(raw)
    return _bounded(dt.date(year, month, day))


def _number_day(value: float) -> dt.date:
    """A number cell: 20241008 typed as a number, or Excel's serial day (a date cell stored without format)."""
    if float(value).is_integer() and _COMPACT.fullmatch(str(int(value))) and int(value) > 19000000:
        day = read_day(str(int(value)))
        assert day is not None
        return day
    if 1 <= value < 110_000:
        return _bounded(_EXCEL_EPOCH + dt.timedelta(days=int(value)))
    raise ValueError(str(value))


def _bounded(day: dt.date) -> dt.date:
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise ValueError(f"{day:%d/%m/%Y}")
    return day


def parse_day(text: Any) -> dt.date | None:
    """A day typed in a filter or a form (dd/mm/yyyy as the screens show, yyyy-mm-dd as a date input sends);
    None when empty or not a day."""
    try:
        return read_day(text)
    except (ValueError, OverflowError):
        return None


# --- moments ---------------------------------------------------------------------------------------------------

_ISO = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,6})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?")
_DMY_HM = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?")
# Our own screens print "14:30 08/10/2024"; people copy that too.
_HM_DMY = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))? (\d{1,2})/(\d{1,2})/(\d{4})")
TIME_EXAMPLES = "ví dụ 2024-10-08 14:30, 2024-10-08T14:30:00+07:00 hoặc 08/10/2024 14:30"
# Times that differ by less than this are the same moment: spreadsheets keep milliseconds at best.
SAME_MOMENT = dt.timedelta(seconds=1)


def vietnam_time(moment: dt.datetime) -> dt.datetime:
    """A moment without an offset is Vietnam time (Asia/Ho_Chi_Minh)."""
    return moment.replace(tzinfo=timezone.get_default_timezone()) if moment.tzinfo is None else moment


def parse_moment(value: Any) -> dt.datetime | None:
    """ISO 8601, dd/mm/yyyy hh:mm, hh:mm dd/mm/yyyy or a spreadsheet datetime cell; empty → None; anything
    else (or a year outside 1900–2199) → ValueError."""
    if value is None or value == "":
        return None
    moment = vietnam_time(value) if isinstance(value, dt.datetime) else _moment_text(" ".join(str(value).split()))
    _bounded(moment.date())
    return moment


def _moment_text(raw: str) -> dt.datetime:
    if len(raw) >= 16 and raw[4] == "-" and raw[10] in " T":
        try:  # the common case, by far: ISO 8601 as exports write it
            return vietnam_time(dt.datetime.fromisoformat(raw))
        except ValueError:
            pass
    if _ISO.fullmatch(raw):
        return vietnam_time(dt.datetime.fromisoformat(raw.replace(",", ".")))
    if m := _DMY_HM.fullmatch(raw):
        day, month, year, hour, minute, second = (int(x or 0) for x in m.groups())
    elif m := _HM_DMY.fullmatch(raw):
        hour, minute, second, day, month, year = (int(x or 0) for x in m.groups())
    else:
        raise ValueError(raw)
    return vietnam_time(dt.datetime(year, month, day, hour, minute, second))  # noqa: DTZ001 — made aware here


def same_moment(a: dt.datetime | None, b: dt.datetime | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) < SAME_MOMENT


# --- phones and identity numbers -------------------------------------------------------------------------------

_NON_DIGITS = re.compile(r"[\s.\-()]")
_NUMBERISH = re.compile(r"\d+(?:\.0+)?|\d(?:\.\d+)?[eE]\+?\d+")


def clean_cccd(value: str, allow_old_cmnd: bool = False) -> str:
    """Căn cước công dân: 12 digits, the first three the province of birth (001–096)."""
    digits = _NON_DIGITS.sub("", value or "")
    if allow_old_cmnd and len(digits) == 9 and digits.isdigit():
        return digits  # chứng minh nhân dân (old 9-digit card) still appears in past dossiers
    if not digits.isdigit() or len(digits) != 12:
        raise ValidationError("Số CCCD phải gồm đúng 12 chữ số.", code="cccd_length")
    if not 1 <= int(digits[:3]) <= 96:
        raise ValidationError(
            "Số CCCD không hợp lệ: ba chữ số đầu là mã tỉnh nơi đăng ký khai sinh (001–096).", code="cccd_province"
        )
    return digits


def clean_phone(value: str) -> str:
    """Mobile (10 digits, 03/05/07/08/09) or landline (11 digits, 02x); +84 and separators accepted."""
    digits = _NON_DIGITS.sub("", value or "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    if not digits.isdigit():
        raise ValidationError("Số điện thoại chỉ gồm chữ số (có thể bắt đầu bằng +84).", code="phone_chars")
    if len(digits) == 10 and digits[:2] in {"03", "05", "07", "08", "09"}:
        return digits
    if len(digits) == 11 and digits.startswith("02"):
        return digits
    raise ValidationError(
        "Số điện thoại không hợp lệ: di động gồm 10 chữ số (03, 05, 07, 08, 09...), cố định gồm 11 chữ số (02...).",
        code="phone_format",
    )


def number_cell_digits(value: Any) -> str | None:
    """The digits of a whole-number cell (Excel turns 001203004567 into 1203004567), else None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and not value.is_integer():
        return None
    return str(int(value))


def normalise_phone(value: Any) -> str:
    """A phone as people type it or a spreadsheet keeps it; empty → "". A number cell (or its text saved by a
    spreadsheet, "912345678.0") lost the leading 0: 912345678 → 0912345678, 2373852222 → 02373852222.
    Raises ValidationError."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        raise ValidationError("Số điện thoại không hợp lệ.", code="phone_format")
    raw = number_cell_digits(value)
    if raw is None:
        raw = str(value).strip().lstrip("'")
        if _NUMBERISH.fullmatch(raw):
            raw = str(int(float(raw)))
    digits = _NON_DIGITS.sub("", raw)
    if digits.isdigit() and ((len(digits) == 9 and digits[0] in "35789") or (len(digits) == 10 and digits[0] == "2")):
        return clean_phone("0" + digits)
    return clean_phone(raw) if raw else ""


def normalise_cccd(value: Any) -> str:
    """CCCD (12 digits) or the old CMND (9 digits) as typed or as a number cell that lost its leading zeros;
    empty → "". Raises ValidationError."""
    digits = number_cell_digits(value)
    if digits is not None:
        if len(digits) in (10, 11):
            return clean_cccd(digits.zfill(12))
        if len(digits) == 8:
            return clean_cccd(digits.zfill(9), allow_old_cmnd=True)
        return clean_cccd(digits, allow_old_cmnd=True)
    raw = "" if value is None else str(value).strip()
    return clean_cccd(raw, allow_old_cmnd=True) if raw else ""


# --- formatting and sorting for screens, documents and exports ------------------------------------------------

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
# Base-letter marks change the letter (a → ă, â; o → ô, ơ; u → ư); tone marks rank second.
_LETTER_MARKS = {"\u0306": "ă", "\u0302": "â"}
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền, hỏi, ngã, sắc, nặng


def _letters(word: str) -> list[tuple[int, int]]:
    """(letter rank, tone) per base letter of `word`."""
    out: list[tuple[int, int]] = []
    for ch in unicodedata.normalize("NFD", word.lower()):
        if ch in _TONES:
            if out:
                out[-1] = (out[-1][0], _TONES[ch])
            continue
        if unicodedata.combining(ch):
            if not out:
                continue
            prev_rank = out[-1][0]
            base = _ALPHABET[prev_rank] if prev_rank < len(_ALPHABET) else ""
            if ch == "\u0306" and base == "a":
                out[-1] = (_RANK["ă"], out[-1][1])
            elif ch == "\u0302" and base in "aeo":
                out[-1] = (_RANK[{"a": "â", "e": "ê", "o": "ô"}[base]], out[-1][1])
            elif ch == "\u031b" and base in "ou":
                out[-1] = (_RANK[{"o": "ơ", "u": "ư"}[base]], out[-1][1])
            continue
        out.append((_RANK.get(ch, 100 + ord(ch)), 0))
    return out


def sort_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Vietnamese dictionary order: letters first (d < đ, o < ô < ơ),
    then tones (ngang < huyền < hỏi < ngã < sắc < nặng)."""
    pairs = _letters(nfc(text).strip())
    return tuple(p[0] for p in pairs), tuple(p[1] for p in pairs)


def sort_names(names: list[str]) -> list[str]:
    return sorted(names, key=sort_key)


def fmt_number(value: int | float | Decimal | None, decimals: int = 0) -> str:
    if value is None:
        return ""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def fmt_percent(ratio: float | Decimal | None, decimals: int = 2) -> str:
    """0.9877 → "98,77 %"; None (nothing to divide) → "–"."""
    if ratio is None:
        return "–"
    return f"{fmt_number(float(ratio) * 100, decimals)} %"


def fmt_date(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    # Not %Y: it prints year 135 as "135"; a date is always dd/mm/yyyy.
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def fmt_datetime(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{local:%H:%M} {fmt_date(local)}"


def long_date(value: dt.date) -> str:
    """ "ngày 05 tháng 11 năm 2024", with the leading zeros NĐ 30/2020 asks for (days < 10, months 1–2)."""
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"


WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]


def weekday_name(value: dt.date) -> str:
    return WEEKDAYS[value.weekday()]


MAX_ID = 2**31 - 1  # no primary key or counter beyond this exists; SQLite and PostgreSQL fail on larger values


def read_int(value: Any, low: int = 1, high: int = MAX_ID) -> int | None:
    """A whole number typed in a query string or a form, within [low, high]; None otherwise. `str.isdigit` is not
    enough: "²" passes it and then fails `int()`, and 2^63 passes it and then fails the database."""
    text = str(value or "").strip()
    if not text or len(text) > 18 or not text.isascii() or not text.isdecimal():
        return None
    number = int(text)
    return number if low <= number <= high else None
