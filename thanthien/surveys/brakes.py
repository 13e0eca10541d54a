"""The brakes on the public survey form: forms per device (a signed cookie) and per network address, counted in the
one counter table (documents.numbering) in fixed windows, so every app process sees the same counts.

As the feedback form's brakes (engagement.feedback_actions), which this module may not import: a count covers the
current window and the one before, addresses and device ids are hashed before they reach the table."""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import secrets

from django.conf import settings
from django.core import signing
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from thanthien.documents import numbering
from thanthien.documents.models import NumberCounter
from thanthien.org.models import Unit

PREFIX = "throttle:survey:"
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


def _series(kind: str, key: str, now: dt.datetime, back: int = 0) -> str:
    digest = hashlib.sha256(key.encode()).hexdigest()[:24]
    return f"{PREFIX}{kind}:{digest}:{int(now.timestamp() // WINDOW.total_seconds()) - back}"


def admit(unit: Unit, device: str, client: str) -> Brake | None:
    """Count one form from this device and address at this commune and say which brake is on, if any (then the
    count is taken back). Counting first, in one atomic upsert each, lets concurrent requests see each other."""
    now = timezone.now()
    on_device = numbering.reserve(unit, _series("device", device, now)) + numbering.last_issued(
        unit, _series("device", device, now, back=1)
    )
    on_address = numbering.reserve(unit, _series("address", client, now)) + numbering.last_issued(
        unit, _series("address", client, now, back=1)
    )
    brake = Brake.DEVICE if on_device > MAX_PER_DEVICE else Brake.ADDRESS if on_address > MAX_PER_ADDRESS else None
    if brake is not None:
        take_back(unit, device, client)
    return brake


def purge(now: dt.datetime | None = None) -> int:
    """Forget the windows no brake reads any more (for a periodic sweep)."""
    moment = now or timezone.now()
    current = int(moment.timestamp() // WINDOW.total_seconds())
    old = NumberCounter.objects.filter(series__startswith=PREFIX)
    for index in (current, current - 1):
        old = old.exclude(series__endswith=f":{index}")
    deleted, _ = old.delete()
    return int(deleted)


def take_back(unit: Unit, device: str, client: str) -> None:
    now = timezone.now()
    for kind, key in (("device", device), ("address", client)):
        NumberCounter.objects.filter(unit=unit, series=_series(kind, key, now), value__gte=1).update(
            value=F("value") - 1
        )
