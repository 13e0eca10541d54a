"""Every view declares who may open it; tests/test_url_guard.py fails on any view that does not.

    @public                      anyone, citizens included
    @protected()                 any signed-in official with a membership
    @protected(Role.LEADER, ...) officials holding one of these roles (system administrators always pass)

Unit-level checks (which records) are done inside the view through `org.scoping`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.models import User
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase

from .scoping import is_system_admin, memberships

V = TypeVar("V", bound=Callable[..., HttpResponseBase])

ACCESS_ATTR = "thanthien_access"


@dataclass(frozen=True)
class Access:
    public: bool
    roles: frozenset[str] = frozenset()

    def describe(self) -> str:
        if self.public:
            return "công khai"
        return "đăng nhập" + (f" ({', '.join(sorted(self.roles))})" if self.roles else "")


def public(view: V) -> V:
    setattr(view, ACCESS_ATTR, Access(public=True))
    return view


def user_has_role(request: HttpRequest, roles: frozenset[str]) -> bool:
    user = request.user
    if is_system_admin(user):
        return True
    held = {m.role for m in memberships(user)}
    return bool(held) if not roles else bool(held & roles)


def protected(*roles: str) -> Callable[[V], V]:
    wanted = frozenset(roles)

    def decorate(view: V) -> V:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not user_has_role(request, wanted):
                raise PermissionDenied("Tài khoản của bạn không có vai trò được phép mở trang này.")
            return view(request, *args, **kwargs)

        setattr(wrapper, ACCESS_ATTR, Access(public=False, roles=wanted))
        return wrapper  # type: ignore[return-value]

    return decorate


def staff_user(request: HttpRequest) -> User:
    """The signed-in official behind a protected view (the decorator already refused anyone else)."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied("Vui lòng đăng nhập.")
    return user


def access_of(view: Callable[..., Any]) -> Access | None:
    return getattr(view, ACCESS_ATTR, None)


def may_open(request: HttpRequest, url: str | None) -> bool:
    """Whether the signed-in user passes the role check of the page `url` leads to: a figure links to its records
    only for those who may read them (the page still checks which records). Remembered per request and view."""
    if not url:
        return False
    from urllib.parse import urlsplit

    from django.urls import Resolver404, resolve

    try:
        view = resolve(urlsplit(url).path).func
    except Resolver404:
        return False
    seen: dict[Any, bool] = request.__dict__.setdefault("_thanthien_may_open", {})
    if view not in seen:
        access = access_of(view)
        seen[view] = access is not None and (
            access.public or (request.user.is_authenticated and user_has_role(request, access.roles))
        )
    return seen[view]
