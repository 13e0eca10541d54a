"""Numbers and symbols of issued documents as written in Vietnam, and their dates in citations.

A number is the serial number, optionally "/year", then "-" or "/", then the abbreviation of the kind of document,
then optionally "-" or "/" and the issuer's abbreviation: "59-QĐ/ĐU" (the Party's style), "07/QĐ-UBND" (the
State's, NĐ 30/2020), "01/2024/QĐ-UBND" (a legal document, with its year). An official letter (công văn) carries no
kind abbreviation: "123/UBND-VP" (or "125-CV/ĐU"). What staff type is tidied first ("07/QĐ – UBND", "27- NQ/ĐU" as
the seeds write them become "07/QĐ-UBND", "27-NQ/ĐU")."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError

from .models import DocumentKind

# The abbreviation of each kind in the number (NĐ 30/2020 Phụ lục III; the Party's HD 36-HD/VPTW).
KIND_ABBREVIATIONS: dict[str, str] = {
    DocumentKind.DECISION: "QĐ",
    DocumentKind.RESOLUTION: "NQ",
    DocumentKind.PLAN: "KH",
    DocumentKind.NOTICE: "TB",
    DocumentKind.OFFICIAL_LETTER: "CV",
    DocumentKind.REPORT: "BC",
    DocumentKind.REGULATION: "QC",
}
KIND_OF_ABBREVIATION = {abbr: kind for kind, abbr in KIND_ABBREVIATIONS.items()}
EXAMPLES: dict[str, str] = {
    DocumentKind.DECISION: "59-QĐ/ĐU hoặc 07/QĐ-UBND",
    DocumentKind.RESOLUTION: "28-NQ/ĐU",
    DocumentKind.PLAN: "263-KH/HU hoặc 20/KH-UBND",
    DocumentKind.NOTICE: "15/TB-UBND",
    DocumentKind.OFFICIAL_LETTER: "123/UBND-VP hoặc 125-CV/ĐU",
    DocumentKind.REPORT: "85/BC-UBND",
    DocumentKind.REGULATION: "05-QC/ĐU",
}

_LETTERS = "A-ZĐĂÂÊÔƠƯ"
_ABBR = rf"[{_LETTERS}][{_LETTERS}0-9]*"
NUMBER_SHAPE = re.compile(
    rf"(?P<serial>\d{{1,6}})(?:/(?P<year>\d{{4}}))?[-/](?P<abbr>{_ABBR})(?:[-/](?P<issuer>{_ABBR}(?:[-/]{_ABBR})*))?"
)
_DASHES = re.compile(r"\s*[-‐‑‒–—−]\s*")
_SLASHES = re.compile(r"\s*/\s*")
MAX_LENGTH = 60


def tidy(text: str) -> str:
    """What was typed, upper case, dashes as "-", no spaces around "-" or "/": "07/qđ – ubnd" → "07/QĐ-UBND"."""
    value = " ".join(str(text or "").split())
    value = _SLASHES.sub("/", _DASHES.sub("-", value))
    return value.upper()


def _shape_error(kind: str, typed: str) -> ValidationError:
    example = EXAMPLES.get(kind, "07/QĐ-UBND")
    return ValidationError(
        {
            "number": f"Số, ký hiệu “{typed[:MAX_LENGTH]}” không đúng cách ghi số văn bản: số thứ tự (có thể kèm "
            f"/năm), dấu “-” hoặc “/”, chữ viết tắt tên loại văn bản rồi chữ viết tắt cơ quan ban hành, "
            f"ví dụ {example}."
        }
    )


def clean_number(kind: str, typed: str, issued_on: dt.date | None = None) -> str:
    """The number as stored ("07/QĐ-UBND"), or ValidationError {"number": a Vietnamese message with an example}:
    a shape that is not a document number, or an abbreviation of another kind ("07/KH-UBND" for a decision)."""
    value = tidy(typed)
    if not value:
        raise ValidationError({"number": "Vui lòng nhập số, ký hiệu văn bản, ví dụ " + EXAMPLES.get(kind, "") + "."})
    match = NUMBER_SHAPE.fullmatch(value)
    if match is None or len(value) > MAX_LENGTH or int(match["serial"]) == 0:
        raise _shape_error(kind, str(typed).strip())
    abbr = match["abbr"]
    expected = KIND_ABBREVIATIONS.get(kind)
    label = DocumentKind(kind).label.lower() if kind in DocumentKind.values else "văn bản"
    if kind == DocumentKind.OFFICIAL_LETTER:
        # "123/UBND-VP": the first abbreviation names the issuer; only another kind's abbreviation is refused.
        other = KIND_OF_ABBREVIATION.get(abbr)
        if other is not None and other != kind:
            raise _mismatch(value, abbr, other, label, kind)
    elif abbr != expected:
        other = KIND_OF_ABBREVIATION.get(abbr)
        if other is not None:
            raise _mismatch(value, abbr, other, label, kind)
        raise ValidationError(
            {
                "number": f"Ký hiệu “{abbr}” trong số “{value}” không phải chữ viết tắt của {label} "
                f"({expected}); ví dụ {EXAMPLES[kind]}."
            }
        )
    if match["year"] and issued_on is not None and int(match["year"]) != issued_on.year:
        raise ValidationError(
            {"number": f"Năm trong số, ký hiệu ({match['year']}) khác năm ban hành ({issued_on.year})."}
        )
    return value


def _mismatch(value: str, abbr: str, other: str, label: str, kind: str) -> ValidationError:
    other_label = DocumentKind(other).label.lower()
    return ValidationError(
        {
            "number": f"Số “{value}” có ký hiệu {abbr} của {other_label}, không phải của {label}: chọn lại loại văn "
            f"bản hoặc sửa số, ví dụ {EXAMPLES[kind]}."
        }
    )


def citation_date(day: dt.date) -> str:
    """A day as the seeds cite documents: "03/3/2023", "06/01/2023", "29/10/2024" — the day with two digits, the
    month with two only when it is 1 or 2 (as NĐ 30/2020 writes the place-and-date line)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{day.day:02d}/{month}/{day.year}"


def lower_first(text: str) -> str:
    """The summary inside a sentence: its first letter in lower case, unless the first word is an abbreviation
    ("UBND", "TTHC") or a name in capitals."""
    words = text.split(maxsplit=1)
    if not words:
        return text
    first = words[0]
    capitals = sum(1 for ch in first if ch.isupper())
    if capitals > 1:
        return text
    return text[:1].lower() + text[1:]
