"""The photo sent with feedback: only JPEG, PNG or WebP that Pillow reads, at most 5 MB, re-encoded so that its EXIF
(GPS position, camera, time) is gone — a photo taken at home must not tell where the sender lives."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.conftest import Personas
from thanthien.documents import photos
from thanthien.engagement import feedback_actions as actions
from thanthien.engagement.feedback import PHOTO_MAX_BYTES, Feedback

pytestmark = pytest.mark.django_db

SEND = {"category": "environment", "content": "Bãi rác tự phát cạnh kênh"}
GPS_IFD = 0x8825


@pytest.fixture(autouse=True)
def _media(settings: pytest.FixtureRequest, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]


def jpeg_with_gps(size: tuple[int, int] = (64, 48)) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "Máy ảnh của tôi"  # Make
    exif[0x0132] = "2026:11:30 07:15:00"  # DateTime
    exif[GPS_IFD] = {1: "N", 2: (20.0, 49.0, 30.0), 3: "E", 4: (105.0, 51.0, 12.0)}
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def upload(data: bytes, name: str = "anh.jpg", content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def test_the_test_photo_does_carry_a_gps_position() -> None:
    with Image.open(io.BytesIO(jpeg_with_gps())) as image:
        assert image.getexif().get_ifd(GPS_IFD)


def test_a_jpeg_is_kept_without_its_exif(personas: Personas) -> None:
    feedback, _ = actions.submit_feedback(personas.commune_a, SEND, photo=upload(jpeg_with_gps()))
    stored = Feedback.objects.get(pk=feedback.pk)
    assert stored.photo.name.startswith("phan-anh/") and stored.photo.name.endswith(".jpg")
    assert "anh" not in Path(stored.photo.name).name  # the sender's file name is not kept
    with stored.photo.open("rb") as handle, Image.open(handle) as image:
        assert image.format == "JPEG" and image.size == (64, 48)
        assert not image.getexif() and "exif" not in image.info
    with stored.photo.open("rb") as handle:
        raw = handle.read()
    assert b"Exif" not in raw and "Máy ảnh".encode() not in raw


@pytest.mark.parametrize(("fmt", "suffix"), [("PNG", ".png"), ("WEBP", ".webp")])
def test_png_and_webp_are_accepted(personas: Personas, fmt: str, suffix: str) -> None:
    out = io.BytesIO()
    Image.new("RGB", (20, 20), (0, 128, 0)).save(out, format=fmt)
    feedback, _ = actions.submit_feedback(personas.commune_a, SEND, photo=upload(out.getvalue(), f"x{suffix}"))
    assert feedback.photo.name.endswith(suffix)


def test_a_photo_over_5_mb_is_refused(personas: Personas) -> None:
    big = jpeg_with_gps() + b"\x00" * (6 * 1024 * 1024)
    assert len(big) > PHOTO_MAX_BYTES
    with pytest.raises(ValidationError) as exc:
        actions.submit_feedback(personas.commune_a, SEND, photo=upload(big))
    assert "5 MB" in exc.value.message_dict["photo"][0]
    assert not Feedback.objects.exists()


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"Day la mot tep van ban, khong phai anh.\n" * 20, "anh.jpg"),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "anh.png"),
        (b"\xff\xd8\xff\xe0 broken jpeg", "anh.jpg"),
    ],
)
def test_a_file_that_is_not_an_image_is_refused_whatever_its_name(personas: Personas, data: bytes, name: str) -> None:
    with pytest.raises(ValidationError) as exc:
        actions.submit_feedback(personas.commune_a, SEND, photo=upload(data, name))
    assert "JPEG, PNG hoặc WebP" in exc.value.message_dict["photo"][0]
    assert not Feedback.objects.exists()


def test_a_gif_is_refused(personas: Personas) -> None:
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, format="GIF")
    with pytest.raises(ValidationError):
        actions.submit_feedback(personas.commune_a, SEND, photo=upload(out.getvalue(), "anh.gif", "image/gif"))


def test_a_large_photo_is_scaled_down(personas: Personas) -> None:
    data = jpeg_with_gps((3000, 1000))
    feedback, _ = actions.submit_feedback(personas.commune_a, SEND, photo=upload(data))
    with feedback.photo.open("rb") as handle, Image.open(handle) as image:
        assert max(image.size) == photos.MAX_SIDE
