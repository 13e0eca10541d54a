from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from thanthien.audit.log import record

from .access import protected, public
from .forms import ChangePasswordForm, LoginForm
from .scoping import memberships


@public
def login_view(request: HttpRequest) -> HttpResponseBase:
    return LoginView.as_view(
        template_name="org/login.html", authentication_form=LoginForm, redirect_authenticated_user=True
    )(request)


@public
@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, "Bạn đã đăng xuất.")
    return redirect("portal:home")


@protected()
def account(request: HttpRequest) -> HttpResponse:
    form = ChangePasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)
        record(user, "org.password_changed", user)
        messages.success(request, "Đã đổi mật khẩu.")
        return redirect("org:account")
    return render(request, "org/account.html", {"form": form, "memberships": memberships(request.user)})
