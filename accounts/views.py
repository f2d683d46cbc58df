from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from accounts import signup as flow
from accounts import throttles
from accounts.forms import ChoosePasswordForm, PasswordResetForm, SignupForm


def signup(request: HttpRequest) -> HttpResponse:
    """Step 1 of ``accounts.signup``: whatever the address, the answer is a redirect to the
    same "check your inbox" page."""
    if request.user.is_authenticated:
        return redirect("home")
    if request.method == "POST":
        throttles.signup_post(request)
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        throttles.signup_mail(form.cleaned_data["email"])
        flow.start(request, form.cleaned_data)
        return redirect("signup_done")
    return render(request, "registration/signup.html", {"form": form})


def signup_done(request: HttpRequest) -> HttpResponse:
    return render(request, "registration/signup_done.html")


@sensitive_post_parameters("password1", "password2")
@never_cache
def signup_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """Step 2: the mailed link; the password, then the account."""
    data = flow.read_token(token)
    if data is None or not flow.still_open(data):
        return render(request, "registration/signup_link_invalid.html",
                      {"expired": data is None}, status=400 if data is None else 409)
    form = ChoosePasswordForm(User(username=data["username"], email=data["email"]),
                              request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = flow.finish(data, form.cleaned_data["password1"])
        except flow.LinkUsed:
            return render(request, "registration/signup_link_invalid.html",
                          {"expired": False}, status=409)
        login(request, user, backend="accounts.backends.UserBackend")
        if data["instructor"]:
            messages.info(request, _("Your request to be an instructor is waiting for an "
                                     "administrator's approval. Until then your account is a "
                                     "learner's; we will e-mail you the decision."))
        return redirect("home")
    return render(request, "registration/signup_confirm.html",
                  {"form": form, "username": data["username"],
                   "instructor": data["instructor"]})


class PasswordResetView(auth_views.PasswordResetView):
    """Django's, throttled per IP and per address, with the form that mails unknown addresses
    too (``accounts.forms.PasswordResetForm``)."""

    form_class = PasswordResetForm

    def post(self, request, *args, **kwargs):
        throttles.reset_post(request)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        throttles.reset_mail(form.cleaned_data["email"])
        return super().form_valid(form)
