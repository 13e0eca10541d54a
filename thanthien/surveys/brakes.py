"""The brakes on the public survey form: forms per device (a signed cookie) and per network address, counted by
the one brake of public forms (documents.brakes: fixed windows in the counter table, keys hashed)."""

from __future__ import annotations

import datetime as dt
import enum
import secrets

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from thanthien.documents import brakes
from thanthien.org.models import Unit

WINDOW = dt.timedelta(hours=1)
MAX_PER_DEVICE = 5  # a phone at the poster: one person, perhaps a relative, never dozens an hour
MAX_PER_ADDRESS = 60  # a commune office's shared Wi-Fi on a busy morning stays below this
DEVICE_COOKIE = "thanthien_survey_device"
_SALT = "thanthien.surveys.device"
_MAX_AGE = 60 * 60 * 24 * 365


class Brake(enum.Enum):
    DEVICE = "device"
    ADDRESS = "address"


MESSAGES = {
    Brake.DEVICE: "Máy này đã gửi nhiều phiếu khảo sát trong một giờ qua. Xin cảm ơn Ông/Bà; vui lòng thử lại sau.",
    Brake.ADDRESS: "Từ mạng của Ông/Bà đã có rất nhiều phiếu khảo sát được gửi trong một giờ qua. "
    "Vui lòng thử lại sau khoảng một giờ.",
}


def client_of(request: HttpRequest) -> str:
    # REMOTE_ADDR only, as the dossier lookup: X-Forwarded-For is written by whoever sends the request.
    return str(request.META.get("REMOTE_ADDR") or "unknown")[:64]


def device_of(request: HttpRequest) -> tuple[str, bool]:
    """This browser's survey device id, and whether it is new (the response must then set the cookie)."""
    value = request.COOKIES.get(DEVICE_COOKIE, "")
    try:
        device = signing.loads(value, salt=_SALT, max_age=_MAX_AGE) if value else ""
    except signing.BadSignature:
        device = ""
    if isinstance(device, str) and device:
        return device, False
    return secrets.token_urlsafe(12), True


def remember_device(response: HttpResponse, device: str) -> None:
    response.set_cookie(
        DEVICE_COOKIE,
        signing.dumps(device, salt=_SALT),
        max_age=_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


DEVICES = brakes.Window("survey-device", WINDOW)
ADDRESSES = brakes.Window("survey-address", WINDOW)


def admit(unit: Unit, device: str, client: str) -> Brake | None:
    """Count one form from this device and address at this commune and say which brake is on, if any (then the
    count is taken back). Counting first, in one atomic upsert each, lets concurrent requests see each other."""
    now = timezone.now()
    on_device = brakes.count(unit, DEVICES, device, add=True, now=now)
    on_address = brakes.count(unit, ADDRESSES, client, add=True, now=now)
    brake = Brake.DEVICE if on_device > MAX_PER_DEVICE else Brake.ADDRESS if on_address > MAX_PER_ADDRESS else None
    if brake is not None:
        take_back(unit, device, client, now)
    return brake


def take_back(unit: Unit, device: str, client: str, now: dt.datetime | None = None) -> None:
    brakes.take_back(unit, DEVICES, device, now=now)
    brakes.take_back(unit, ADDRESSES, client, now=now)
