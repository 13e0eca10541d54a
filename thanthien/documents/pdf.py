"""HTML → PDF for every official document (DESIGN §4.9): one template base, WeasyPrint, Liberation Serif."""

from __future__ import annotations

import shutil
import subprocess
from functools import lru_cache
from typing import Any

from django.http import HttpResponse
from django.template.loader import render_to_string

from thanthien.lib.vn import nfc

from .http import file_response

FONT_FAMILY = "Liberation Serif"
FONT_STYLES = ("Regular", "Bold", "Italic", "Bold Italic")
_TONES = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")  # ngang, huyền, hỏi, ngã, sắc, nặng
_VOWELS = "aăâeêioôơuưy"


def vietnamese_charset() -> str:
    """Every Vietnamese vowel with every tone in both cases, đ/Đ, and the punctuation our documents print."""
    letters = {nfc(v + tone) for v in _VOWELS + _VOWELS.upper() for tone in _TONES}
    return "".join(sorted(letters)) + "đĐ“”–…"


def render_html(template_name: str, context: dict[str, Any]) -> str:
    # NFC: text pasted from Word or typed on macOS may arrive decomposed, which the PDF text layer
    # (search, copy, screen readers) would then carry as base letter + combining mark.
    return nfc(render_to_string(template_name, context))


# Run by the PDF viewer when the file opens (Chromium's and Firefox's built-in viewers, Acrobat): the print dialog.
PRINT_ON_OPEN = "this.print({bUI: true, bSilent: false, bShrinkToFit: false});"


def _print_on_open(document: Any, pdf: Any) -> None:
    import pydyf  # WeasyPrint's PDF writer

    action = pydyf.Dictionary({"Type": "/Action", "S": "/JavaScript", "JS": pydyf.String(PRINT_ON_OPEN)})
    pdf.add_object(action)
    pdf.catalog["OpenAction"] = action.reference


def html_to_pdf(html: str, auto_print: bool = False) -> bytes:
    # Imported here: WeasyPrint loads pango through cffi, which every web process need not pay for at start.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # Documents embed images as data: URIs only; refusing other schemes keeps user-entered text from making
    # the server read local files or reach the network.
    fetcher = URLFetcher(allowed_protocols={"data"})
    pdf = HTML(string=html, url_fetcher=fetcher).write_pdf(finisher=_print_on_open if auto_print else None)
    assert pdf is not None  # write_pdf returns bytes when no target is given
    return bytes(pdf)


def render_pdf(template_name: str, context: dict[str, Any], auto_print: bool = False) -> bytes:
    """`auto_print`: the file asks the viewer to open the print dialog as soon as it is shown."""
    return html_to_pdf(render_html(template_name, context), auto_print=auto_print)


def pdf_response(pdf_bytes: bytes, filename: str, inline: bool = True) -> HttpResponse:
    return file_response(pdf_bytes, filename, "application/pdf", inline=inline)


def check_fonts() -> list[str]:
    """Problems that would make printed Vietnamese wrong; empty when Liberation Serif 2.x serves every style.

    fonts-liberation 1.x also calls itself "Liberation Serif" but lacks most Vietnamese letters (ạ, ầ, ộ ...);
    WeasyPrint would then silently take those glyphs from another font, so the file fontconfig picks is opened
    and its character map checked.
    """
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return ["Không tìm thấy lệnh fc-match (gói fontconfig); không kiểm tra được phông chữ."]
    problems: list[str] = []
    for style in FONT_STYLES:
        problems.extend(_check_style(fc_match, style))
    return problems


def _check_style(fc_match: str, style: str) -> list[str]:
    family, path = _fontconfig_match(fc_match, style)
    if family != FONT_FAMILY:
        return [
            f"Phông {FONT_FAMILY} ({style}) chưa được cài đặt (fontconfig chọn “{family}”); "
            "hãy cài gói fonts-liberation2."
        ]
    missing = _missing_glyphs(path)
    if missing:
        return [
            f"Phông {FONT_FAMILY} ({style}) tại {path} thiếu {len(missing)} ký tự tiếng Việt "
            f"(ví dụ: {' '.join(missing[:8])}); hãy dùng phiên bản 2.x (gói fonts-liberation2)."
        ]
    return []


def _fontconfig_match(fc_match: str, style: str) -> tuple[str, str]:
    # Fixed argument list, no shell: the pattern is built from constants above.
    result = subprocess.run(  # noqa: S603
        [fc_match, "--format=%{family[0]}\t%{file}", f"{FONT_FAMILY}:style={style}"],
        capture_output=True,
        text=True,
        timeout=10,
        check=False,
    )
    family, _, path = result.stdout.partition("\t")
    return family.strip(), path.strip()


@lru_cache(maxsize=16)
def _missing_glyphs(path: str) -> list[str]:
    from fontTools.ttLib import TTFont  # a WeasyPrint dependency

    try:
        with TTFont(path, lazy=True, fontNumber=0) as font:
            cmap = font.getBestCmap() or {}
    except Exception:  # any unreadable font file counts as "every glyph missing"
        return list(vietnamese_charset())
    return [ch for ch in vietnamese_charset() if ord(ch) not in cmap]
