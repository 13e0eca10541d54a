"""A photo sent with a record (a citizen's feedback, an activity of the model): checked by its pixels, not its name,
and re-encoded, so it carries no EXIF (GPS position, camera, time) nor any other metadata of the original."""

from __future__ import annotations

import io
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
CONTENT_TYPES = {".jpg": "image/jpeg", ".png": "image/png", ".webp": "image/webp"}
MAX_BYTES = 5 * 1024 * 1024
MAX_SIDE = 2560
MAX_PIXELS = 60_000_000  # refuse decompression bombs before decoding
TOO_BIG = "Ảnh lớn hơn 5 MB. Vui lòng chọn ảnh nhỏ hơn."


def clean_photo(upload: Any, field: str = "photo", too_big: str = TOO_BIG) -> ContentFile[bytes] | None:
    """The photo re-encoded from its pixels under a random name, or None when nothing was sent: JPEG, PNG or WebP
    of at most MAX_BYTES. Raises ValidationError({field: Vietnamese message})."""
    if not upload:  # nothing sent (None, "", or a form's "no new file")
        return None
    size = getattr(upload, "size", None)
    if size is None or size > MAX_BYTES:
        raise ValidationError({field: too_big})
    if size == 0:
        raise ValidationError({field: "Tệp ảnh không có nội dung."})
    refused = ValidationError({field: "Chỉ nhận ảnh JPEG, PNG hoặc WebP. Tệp đã chọn không phải là ảnh hợp lệ."})
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            fmt = probe.format or ""
            if fmt not in FORMATS or probe.width * probe.height > MAX_PIXELS:
                raise refused
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
            return _reencoded(image, fmt)
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise refused from None


def _reencoded(image: Image.Image, fmt: str) -> ContentFile[bytes]:
    # Turned upright first: the EXIF orientation goes with the rest of the EXIF.
    upright = ImageOps.exif_transpose(image) or image
    upright.thumbnail((MAX_SIDE, MAX_SIDE))
    if fmt == "JPEG" and upright.mode not in ("RGB", "L", "CMYK"):
        upright = upright.convert("RGB")
    clean = Image.new(upright.mode, upright.size)
    clean.paste(upright)  # a new image carries none of the original's metadata (EXIF, XMP, text chunks)
    if upright.mode == "P" and upright.getpalette():
        clean.putpalette(upright.getpalette() or [])
    out = io.BytesIO()
    options: dict[str, Any] = {"quality": 85} if fmt in ("JPEG", "WEBP") else {"optimize": True}
    clean.save(out, format=fmt, **options)
    return ContentFile(out.getvalue(), name=f"{secrets.token_hex(12)}.{FORMATS[fmt]}")
