from __future__ import annotations

import logging

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import SetPasswordMixin, UsernameField
from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import ValidationError
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from accounts import mail
from accounts.lookalike import lookalike_of, mixed_scripts
from accounts.models import Role

log = logging.getLogger(__name__)


def check_username(username: str) -> None:
    """Refuse a name that is taken, mixes scripts or looks like an existing name. Run at
    sign-up and again when the account is created from the mailed link."""
    User.username_validator(username)
    if User.objects.filter(username=username).exists():
        raise ValidationError(_("A user with that username already exists."), code="unique")
    names = User.objects.values_list("username", flat=True)
    if lookalike_of(username, names):
        raise ValidationError(
            _("This name looks like the name of an existing user. Choose a clearly different "
              "one."), code="lookalike")
    if mixed_scripts(username):
        raise ValidationError(
            _("Use the letters of one script in a name (for example Latin letters, or Chinese "
              "characters with Latin letters): this one mixes scripts whose letters look "
              "alike, such as Latin and Cyrillic."), code="mixed_scripts")


class LoginForm(auth_forms.AuthenticationForm):
    """Django's login form with the project's wording of the failed-login message: Django's
    zh-Hant catalogue puts stray spaces around the field name, and naming the msgid here
    keeps it in the project's catalogue through `make messages`."""

    error_messages = {
        **auth_forms.AuthenticationForm.error_messages,
        "invalid_login": _("Please enter a correct %(username)s and password. Note that both "
                           "fields may be case-sensitive."),
    }


class SignupForm(forms.Form):
    """The first step of a sign-up: a name and an address. Nothing is created yet: a link is
    mailed to the address, and the account is made when it is followed (accounts.signup)."""

    username = UsernameField(
        label=_("Username"), max_length=150,
        help_text=_("Letters, digits and @ . + - _ only; shown to your classes."))
    email = forms.EmailField(label=_("Email"), max_length=254,
                             help_text=_("We send a link there to finish signing up."))
    display_name = forms.CharField(label=_("Display name"), max_length=60, required=False)
    role = forms.ChoiceField(
        label=_("I am a"), initial=Role.LEARNER,
        choices=[(Role.LEARNER, _("Learner")),
                 (Role.INSTRUCTOR, _("Instructor (an administrator approves the request)"))])

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        check_username(username)
        return username

    def clean_email(self) -> str:
        # Whether the address has an account is never said here: accounts.signup mails the
        # owner instead, and the page after it is the same.
        return self.cleaned_data["email"].strip().lower()


class ChoosePasswordForm(SetPasswordMixin, forms.Form):
    """The second step, from the mailed link: the password of the new account, checked by the
    password validators against the (not yet saved) user."""

    password1, password2 = SetPasswordMixin.create_password_fields()

    def __init__(self, user: User, *args, **kwargs) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self):
        self.validate_passwords()
        self.validate_password_for_user(self.user)
        return super().clean()


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's, except that an address with no account is sent a mail too (saying so): both
    cases read the users once, render two templates and send one mail, so neither the page nor
    the time it takes tells whether the address has an account."""

    def save(self, domain_override=None,
             subject_template_name="registration/password_reset_subject.txt",
             email_template_name="registration/password_reset_email.html",
             use_https=False, token_generator=default_token_generator, from_email=None,
             request=None, html_email_template_name=None, extra_email_context=None):
        email = self.cleaned_data["email"]
        if domain_override:
            site_name = domain = domain_override
        else:
            site = get_current_site(request)
            site_name, domain = site.name, site.domain
        base = {"email": email, "domain": domain, "site_name": site_name,
                "protocol": "https" if use_https else "http", **(extra_email_context or {})}
        users = list(self.get_users(email))
        for user in users:
            context = {**base, "email": user.email, "user": user, "token":
                       token_generator.make_token(user),
                       "uid": urlsafe_base64_encode(force_bytes(user.pk))}
            self.send_mail(subject_template_name, email_template_name, context, from_email,
                           user.email, html_email_template_name=html_email_template_name)
        if not users:
            mail.send("reset_unknown", base, email)
