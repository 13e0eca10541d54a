"""Who calls the API: an integrator's bearer token, tried first, or a signed-in session (CSRF-checked).

A request that carries an Authorization header is judged by its token alone: a wrong token is 401 even when the
browser also sends a session cookie, and a token call never needs a CSRF token."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import APIKeyCookie, HttpBearer

from thanthien.org.models import ApiToken


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        if not token or "\x00" in token:
            return None
        row = ApiToken.objects.select_related("user").filter(digest=ApiToken.hash(token), user__is_active=True).first()
        if row is None:
            return None
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=timezone.now())
        request.user = row.user
        return row.user


class SessionAuth(APIKeyCookie):
    """The staff's browser session; ninja checks CSRF on unsafe methods."""

    param_name = "sessionid"

    def __call__(self, request: HttpRequest) -> Any:
        if "authorization" in request.headers:  # a token call: the session (and its CSRF check) plays no part
            return None
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        return user if user.is_authenticated else None


AUTH = [TokenAuth(), SessionAuth()]
