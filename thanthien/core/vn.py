"""Vietnamese formatting and sorting shared by screens, documents and exports."""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import Decimal

from django.utils import timezone

# One parser each, in lib; named here for the modules that import them from core.
from thanthien.lib.vn import fold as fold
from thanthien.lib.vn import parse_day as parse_day
from thanthien.lib.vn import read_day as read_day

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
# Base-letter marks change the letter (a → ă, â; o → ô, ơ; u → ư); tone marks rank second.
_LETTER_MARKS = {"\u0306": "ă", "\u0302": "â"}
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền, hỏi, ngã, sắc, nặng


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


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
    return f"{value:%d/%m/%Y}"


def fmt_datetime(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{local:%H:%M} {local:%d/%m/%Y}"


def long_date(value: dt.date) -> str:
    """ "ngày 05 tháng 11 năm 2024", with the leading zeros NĐ 30/2020 asks for (days < 10, months 1–2)."""
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"


WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]


def weekday_name(value: dt.date) -> str:
    return WEEKDAYS[value.weekday()]
