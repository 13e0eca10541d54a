"""QR codes for printed documents (dossier lookup, survey links) and for screens."""

from __future__ import annotations

import segno

# Level M survives a smudged or folded paper receipt and keeps the symbol small enough for a corner of A4.
_ERROR_LEVEL = "m"


def qr_svg(data: str, scale: int = 4) -> str:
    """Inline <svg> markup, for HTML pages (no image request, prints crisp at any size)."""
    return str(segno.make(data, error=_ERROR_LEVEL, micro=False).svg_inline(scale=scale, border=2))


def qr_png_data_uri(data: str, scale: int = 4) -> str:
    """A data: URI for <img src> in PDFs; the PDF renderer fetches nothing but data: URIs."""
    return str(segno.make(data, error=_ERROR_LEVEL, micro=False).png_data_uri(scale=scale, border=2))
