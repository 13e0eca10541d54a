"""Public dossier lookup by code and PIN: what a citizen may see, and a brake on PIN guessing.

The page answers the same way for an unknown code and a wrong PIN, so it cannot be used to learn which
codes exist. Two brakes, both counted in the database so that every app process sees the same numbers:

- per dossier code: after MAX_CODE_FAILURES wrong PINs for one code within WINDOW (from any address), that
  code is locked until the window has passed. Unknown codes are counted the same way, so a lock says nothing
  about whether the code exists.
- per client address: a generous MAX_CLIENT_FAILURES ceiling against enumeration (one PIN tried on many codes).
  A commune's desk Wi-Fi is one address, so it is far above what the citizens behind it mistype. Above it, a
  correct code and PIN is still answered (issue 7 item 2: never refuse a correct code and PIN because of
  others); a miss is refused with the ceiling's message and locks the code it touched at once, as if that code
  had had its MAX_CODE_FAILURES misses — so the address cannot go on enumerating, one try per code.

A code that is being guessed at (its own MAX_CODE_FAILURES misses) is locked for everyone, its owner too —
otherwise the limit would not limit anything — and the message says to wait or call the desk. Every branch
treats an unknown code and a wrong PIN alike.
"""

from __future__ import annotations

import datetime as dt
import enum
import hmac

from django.http import HttpRequest
from django.utils import timezone

from thanthien.lib.vn import nfc

from .models import Dossier, LookupAttempt, Status

WINDOW = dt.timedelta(minutes=15)
MAX_CODE_FAILURES = 5
MAX_CLIENT_FAILURES = 100
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


class Brake(enum.Enum):
    CODE = "code"
    CLIENT = "client"


class TooManyAttempts(Exception):
    """A brake is on (see the module docstring); the PIN was not checked."""

    def __init__(self, brake: Brake) -> None:
        super().__init__(brake.value)
        self.brake = brake


def public_status_text(dossier: Dossier) -> str:
    try:
        return STATUS_TEXTS[Status(dossier.status)]
    except ValueError:
        return "Vui lòng liên hệ Bộ phận một cửa để biết tình trạng hồ sơ."


def client_of(request: HttpRequest) -> str:
    # REMOTE_ADDR only: X-Forwarded-For is set by whoever sends the request, so trusting it would let a
    # guesser pick a fresh "address" per try. Behind a proxy, the proxy must set REMOTE_ADDR.
    return str(request.META.get("REMOTE_ADDR") or "unknown")[:64]


def normalise_code(code: str) -> str:
    return nfc(code).strip().upper()[:60]


def failures_of(client: str, now: dt.datetime | None = None) -> int:
    """Misses from one client address within the window."""
    return LookupAttempt.objects.filter(client=client[:64], at__gte=(now or timezone.now()) - WINDOW).count()


def failures_on(code: str, now: dt.datetime | None = None) -> int:
    """Misses on one dossier code (known or not) within the window, from any address."""
    since = (now or timezone.now()) - WINDOW
    return LookupAttempt.objects.filter(code=normalise_code(code), at__gte=since).count()


def find_for_public(code: str, pin: str, client: str) -> Dossier | None:
    """The dossier with this code and PIN (both case-insensitive), or None; raises TooManyAttempts.

    The attempt is written first and counted with the others: concurrent guesses in several processes each
    see the ones before them, so no burst gets past a limit. It is taken back when the answer is not a miss."""
    client, key = client[:64], normalise_code(code)
    attempt = LookupAttempt.objects.create(client=client, code=key)
    now = attempt.at
    on_code = failures_on(key, now)
    if on_code > MAX_CODE_FAILURES:
        attempt.delete()
        raise TooManyAttempts(Brake.CODE)
    above_ceiling = failures_of(client, now) > MAX_CLIENT_FAILURES
    dossier = Dossier.objects.filter(code__in={nfc(code).strip(), key}).select_related("unit", "procedure").first()
    given = nfc(pin).strip().upper().encode()
    expected = dossier.pin.strip().upper().encode() if dossier is not None else _NO_PIN
    matched = hmac.compare_digest(given, expected)
    if dossier is not None and given and matched:
        # The owner got in: their own typos on this code (from this address) no longer count against it;
        # others' misses stay, so a guesser gains nothing from the owner's visit.
        LookupAttempt.objects.filter(code=key, client=client, at__gte=now - WINDOW).delete()
        return dossier
    if above_ceiling:
        _lock_code(key, client, now, on_code)
        raise TooManyAttempts(Brake.CLIENT)
    return None


def _lock_code(key: str, client: str, now: dt.datetime, misses: int) -> None:
    """Give `key` its full allowance of misses at once (a miss from an address above its ceiling)."""
    LookupAttempt.objects.bulk_create(
        LookupAttempt(client=client, code=key, at=now) for _ in range(max(MAX_CODE_FAILURES - misses, 0))
    )


def purge_old_attempts(now: dt.datetime | None = None) -> int:
    """Forget misses older than a day (the window only needs 15 minutes); returns how many were deleted."""
    cutoff = (now or timezone.now()) - KEEP_ATTEMPTS
    deleted, _ = LookupAttempt.objects.filter(at__lt=cutoff).delete()
    return deleted
