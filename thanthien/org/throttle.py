"""Login throttling on django-axes, arranged so that knowing a user name is not enough to lock its owner out.

Three buckets, each counted over the last LOGIN_LOCK_MINUTES:
- (user name, client address): LOGIN_MAX_FAILURES wrong passwords lock that name *from that address only*;
  the owner elsewhere is unaffected.
- client address alone: LOGIN_IP_MAX_FAILURES failures across any names (a generous ceiling, because a commune
  office shares one address) stop one address from trying name after name.
- (user name, known device): a browser that once logged in as that name carries a signed cookie and is counted
  on its own, so a stranger on the same office network cannot lock the owner's own computer.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username, get_failure_limit, get_lockout_parameters
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from thanthien.audit.log import record

DEVICE_COOKIE = "thanthien_device"
_DEVICE_SALT = "thanthien.org.known-device"
_DEVICE_MAX_AGE = 60 * 60 * 24 * 365
_DEVICE_MAX_NAMES = 10  # a shared desk computer remembers the last few officials who logged in on it
# A WSGI header value is decoded as Latin-1, so no User-Agent header can start with "thiết" (U+1EBF):
# this label marks a bucket that only the signed cookie can open.
DEVICE_PREFIX = "thiết bị quen "
IP_ONLY = ["ip_address"]

LOCKED_MESSAGE = (
    "Đăng nhập từ máy này tạm bị chặn do nhập sai mật khẩu nhiều lần. Vui lòng thử lại sau %(minutes)s phút "
    "hoặc liên hệ quản trị đơn vị. Trên máy tính đã từng đăng nhập thành công, bạn vẫn đăng nhập được bằng "
    "mật khẩu đúng."
)


def client_ip(request: HttpRequest) -> str | None:
    # REMOTE_ADDR only: X-Forwarded-For is written by whoever sends the request, so trusting it would let a
    # guesser claim a fresh address per try. Behind a reverse proxy, the proxy must set REMOTE_ADDR.
    return request.META.get("REMOTE_ADDR") or None


def normalise_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    raw = (credentials or {}).get("username") or request.POST.get("username") or ""
    return str(raw).strip().lower()[:150] or None


# --- known devices ------------------------------------------------------------------------------------------


def _read_device(request: HttpRequest) -> dict[str, Any] | None:
    value = request.COOKIES.get(DEVICE_COOKIE)
    if not value:
        return None
    try:
        data = signing.loads(value, salt=_DEVICE_SALT, max_age=_DEVICE_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("d"), str) or not isinstance(data.get("u"), list):
        return None
    return data


def _name_tag(device: str, username: str) -> str:
    # The cookie is signed, not encrypted: it keeps a tag per name, so a shared desk computer does not show
    # who has logged in on it.
    return hashlib.sha256(f"{device}:{username.strip().lower()}".encode()).hexdigest()[:20]


def known_device_label(request: HttpRequest, username: str | None) -> str | None:
    """The device bucket's label when this browser has logged in as `username` before."""
    data = _read_device(request)
    if username and data and _name_tag(data["d"], username) in data["u"]:
        return f"{DEVICE_PREFIX}{data['d']}"
    return None


def prepare_login_request(request: HttpRequest) -> None:
    """Before authentication: a known device is counted in its own bucket instead of its address's."""
    AxesProxyHandler.update_request(request)
    label = known_device_label(request, normalise_username(request, None))
    if label:
        request.axes_user_agent = label  # type: ignore[attr-defined]


def remember_device(request: HttpRequest, response: HttpResponse, username: str) -> None:
    data = _read_device(request) or {"d": secrets.token_urlsafe(12), "u": []}
    tag = _name_tag(data["d"], username)
    data["u"] = ([tag] + [t for t in data["u"] if t != tag])[:_DEVICE_MAX_NAMES]
    response.set_cookie(
        DEVICE_COOKIE,
        signing.dumps(data, salt=_DEVICE_SALT),
        max_age=_DEVICE_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


# --- axes hooks (see settings AXES_*) -----------------------------------------------------------------------


def lockout_parameters(request_or_attempt: Any, credentials: dict[str, Any] | None = None) -> list[Any]:
    agent = getattr(request_or_attempt, "axes_user_agent", None) or getattr(request_or_attempt, "user_agent", "")
    if str(agent).startswith(DEVICE_PREFIX):
        return [["username", "user_agent"]]
    return [["username", "ip_address"], IP_ONLY]


def lock_minutes() -> int:
    return int(settings.LOGIN_LOCK_MINUTES)


def cool_off(request: HttpRequest | None = None) -> dt.timedelta:
    return dt.timedelta(minutes=lock_minutes())


def failure_limit(request: HttpRequest | None = None, credentials: Any = None) -> int:
    return int(settings.LOGIN_MAX_FAILURES)


def lockout_response(request: HttpRequest, original_response: Any, credentials: Any) -> HttpResponse:
    """The login page again (also for the admin's login), with the Vietnamese message and HTTP 429."""
    from .forms import LoginForm

    # An unbound form: validating the posted one again would call authenticate() and count one more failure.
    form = LoginForm(request, initial={"username": request.POST.get("username", "")})
    context = {
        "form": form,
        "next": request.POST.get("next", ""),
        "locked_message": LOCKED_MESSAGE % {"minutes": lock_minutes()},
    }
    return render(request, "org/login.html", context, status=429)


def clear_expired_attempts() -> int:
    """Sweep: forget failed logins older than the lock window (axes only tidies up on the next login)."""
    deleted, _ = AccessAttempt.objects.filter(attempt_time__lt=timezone.now() - cool_off()).delete()
    return int(deleted)


class ThrottleHandler(AxesDatabaseHandler):  # type: ignore[misc]  # axes ships no type hints
    """Axes' database handler with a separate, higher limit for the per-address bucket."""

    def get_failures(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        # Axes compares one figure with one limit; each bucket's count is scaled so that it reaches
        # AXES_FAILURE_LIMIT exactly when the bucket reaches its own limit.
        limit = get_failure_limit(request, credentials)
        worst = 0
        buckets = zip(
            get_lockout_parameters(request, credentials), self.get_user_attempts(request, credentials), strict=True
        )
        for parameters, attempts in buckets:
            count = attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            ceiling = settings.LOGIN_IP_MAX_FAILURES if parameters == IP_ONLY else limit
            worst = max(worst, int(count) * int(limit) // max(ceiling, 1))
        return worst

    def reset_user_attempts(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        # A successful login clears its own account bucket, never the address's ceiling: otherwise one valid
        # account would let an address reset its count and go on trying other names.
        count, _ = self.filter_user_attempts(request, credentials)[0].delete()
        return int(count)

    def user_login_failed(self, sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
        was_locked = request is not None and self.is_locked(request, credentials)
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is not None and getattr(request, "axes_locked_out", False) and not was_locked:
            username = get_client_username(request, credentials) or ""
            user = get_user_model().objects.filter(username__iexact=username).first() if username else None
            record(
                None,
                "org.account_locked",
                user,
                note=f"Đăng nhập tên {username or '(trống)'} từ {request.axes_ip_address} bị chặn "
                f"{lock_minutes()} phút.",
            )
