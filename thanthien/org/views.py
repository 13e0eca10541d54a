from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from . import actions
from .access import protected, public, staff_user
from .forms import ChangePasswordForm, LoginForm
from .scoping import memberships
from .throttle import prepare_login_request, remember_device


class StaffLoginView(LoginView):
    template_name = "org/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        # From now on this browser has its own lock-out bucket for this name (thanthien.org.throttle).
        remember_device(self.request, response, form.get_user().get_username())
        return response


@public
def login_view(request: HttpRequest) -> HttpResponseBase:
    if request.method == "POST":
        prepare_login_request(request)
    return StaffLoginView.as_view()(request)


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
        user = actions.change_password(staff_user(request), staff_user(request), form.cleaned_data["new_password1"])
        update_session_auth_hash(request, user)
        messages.success(request, "Đã đổi mật khẩu.")
        return redirect("org:account")
    return render(request, "org/account.html", {"form": form, "memberships": memberships(request.user)})
