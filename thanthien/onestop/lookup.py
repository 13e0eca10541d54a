"""Public dossier lookup by code and PIN: what a citizen may see, and a brake on PIN guessing.

The page answers the same way for an unknown code and a wrong PIN, so it cannot be used to learn which
codes exist; every such miss counts against the client's address, and after MAX_FAILURES misses within
WINDOW the client is refused before any code is checked.
"""

from __future__ import annotations

import datetime as dt
import hmac

from django.http import HttpRequest
from django.utils import timezone

from thanthien.core.vn import nfc

from .models import Dossier, LookupAttempt, Status

WINDOW = dt.timedelta(minutes=15)
MAX_FAILURES = 10
KEEP_ATTEMPTS = dt.timedelta(days=1)
# Compared against when the code is unknown, so both misses cost the same work.
_NO_PIN = b"\x00" * 4

STATUS_TEXTS = {
    Status.NEW: "Hồ sơ đã được đăng ký, đang chờ Bộ phận một cửa tiếp nhận.",
    Status.ACCEPTED: "Hồ sơ đã được tiếp nhận và đang chờ giải quyết.",
    Status.REFUSED: "Hồ sơ không được tiếp nhận. Vui lòng liên hệ Bộ phận một cửa để biết lý do.",
    Status.PROCESSING: "Hồ sơ đang được giải quyết.",
    Status.SUPPLEMENT: "Hồ sơ cần bổ sung giấy tờ. Vui lòng liên hệ Bộ phận một cửa.",
    Status.FINANCIAL: "Hồ sơ đang chờ Ông/Bà thực hiện nghĩa vụ tài chính (phí, lệ phí, thuế). "
    "Vui lòng liên hệ Bộ phận một cửa.",
    Status.WITHDRAWN: "Hồ sơ đã được rút theo yêu cầu của Ông/Bà.",
    Status.STOPPED: "Hồ sơ đã dừng xử lý. Vui lòng liên hệ Bộ phận một cửa để biết lý do.",
    Status.RESOLVED: "Đã có kết quả, mời Ông/Bà đến nhận.",
    Status.RETURNED: "Đã trả kết quả cho Ông/Bà.",
}


class TooManyAttempts(Exception):
    """The client missed MAX_FAILURES times within WINDOW; nothing was looked up."""


def public_status_text(dossier: Dossier) -> str:
    try:
        return STATUS_TEXTS[Status(dossier.status)]
    except ValueError:
        return "Vui lòng liên hệ Bộ phận một cửa để biết tình trạng hồ sơ."


def client_of(request: HttpRequest) -> str:
    # REMOTE_ADDR only: X-Forwarded-For is set by whoever sends the request, so trusting it would let a
    # guesser pick a fresh "address" per try. Behind a proxy, the proxy must set REMOTE_ADDR.
    return str(request.META.get("REMOTE_ADDR") or "unknown")[:64]


def failures_of(client: str, now: dt.datetime | None = None) -> int:
    since = (now or timezone.now()) - WINDOW
    return LookupAttempt.objects.filter(client=client[:64], at__gte=since).count()


def find_for_public(code: str, pin: str, client: str) -> Dossier | None:
    """The dossier with this code and PIN (PIN case-insensitive), or None; raises TooManyAttempts."""
    client = client[:64]
    if failures_of(client) >= MAX_FAILURES:
        raise TooManyAttempts
    code = nfc(code).strip()
    candidates = {code, code.upper()}
    dossier = Dossier.objects.filter(code__in=candidates).select_related("unit", "procedure").first()
    given = nfc(pin).strip().upper().encode()
    expected = dossier.pin.strip().upper().encode() if dossier is not None else _NO_PIN
    matched = hmac.compare_digest(given, expected)
    if dossier is not None and given and matched:
        return dossier
    LookupAttempt.objects.create(client=client)
    return None


def purge_old_attempts(now: dt.datetime | None = None) -> int:
    """Forget misses older than a day (the window only needs 15 minutes); returns how many were deleted."""
    cutoff = (now or timezone.now()) - KEEP_ATTEMPTS
    deleted, _ = LookupAttempt.objects.filter(at__lt=cutoff).delete()
    return deleted
