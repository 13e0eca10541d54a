"""Download responses shared by PDF, DOCX, XLSX and CSV: one place that gets Content-Disposition right."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from django.http import HttpResponse

from thanthien.lib.vn import nfc

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def ascii_filename(filename: str) -> str:
    """ "Thông báo số 15.pdf" → "Thong-bao-so-15.pdf", for clients that ignore `filename*`."""
    # "đ" has no decomposition, so NFD alone would drop it instead of turning it into "d".
    text = nfc(filename).replace("đ", "d").replace("Đ", "D")
    text = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    text = _UNSAFE.sub("-", text.encode("ascii", "ignore").decode()).strip("-.")
    return text or "tai-lieu"


def content_disposition(filename: str, inline: bool = False) -> str:
    """RFC 6266 header with an ASCII fallback and the exact Vietnamese name as RFC 5987 `filename*`."""
    kind = "inline" if inline else "attachment"
    exact = nfc(filename).replace("/", "-").replace("\\", "-")
    return f"{kind}; filename=\"{ascii_filename(exact)}\"; filename*=UTF-8''{quote(exact, safe='')}"


def file_response(content: bytes, filename: str, content_type: str, inline: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename, inline)
    # Documents carry names and phone numbers: keep them out of shared proxies and browser caches.
    response["Cache-Control"] = "private, no-store"
    return response
