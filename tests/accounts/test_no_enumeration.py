"""Neither sign-up nor password reset tells whether an address has an account (issue 12)."""

from __future__ import annotations

import re
from contextlib import contextmanager

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.db import connection
from django.test.signals import template_rendered
from django.test.utils import CaptureQueriesContext

from tests.helpers.accounts import english_client, link_in, post_signup

CSRF = re.compile(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+')


def answer(resp) -> tuple:
    """Everything a client receives for a post, apart from the CSRF token."""
    return (resp.status_code, resp.get("Location"), sorted(resp.cookies),
            CSRF.sub(r"\1", resp.content.decode()))


@pytest.mark.django_db
def test_signup_with_a_taken_address_answers_as_a_fresh_one(learner, english):
    fresh, taken = english_client(), english_client()
    a = post_signup(fresh, "fresh1", "fresh@example.org")
    b = post_signup(taken, "fresh2", learner.email.upper())
    assert answer(a) == answer(b) == (302, "/accounts/signup/done/", [], "")
    assert answer(fresh.get(a["Location"])) == answer(taken.get(b["Location"]))
    assert "_auth_user_id" not in fresh.session and "_auth_user_id" not in taken.session
    assert not User.objects.filter(username__in=["fresh1", "fresh2"]).exists()
    # one mail each: a link to the new address, a note to the existing account's owner
    to_fresh, to_owner = mail.outbox
    assert to_fresh.to == ["fresh@example.org"] and link_in(to_fresh)
    assert to_owner.to == [learner.email] and "/accounts/signup/confirm/" not in to_owner.body
    assert "tried to create a new account" in to_owner.body
    assert "learner1" in to_owner.body and "/accounts/password_reset/" in to_owner.body


@pytest.mark.django_db
def test_the_signup_form_never_says_an_address_is_taken(learner, english):
    """A form with another error answers the same for a taken and a fresh address."""
    a = post_signup(english_client(), "learner1", "fresh@example.org")  # taken username
    b = post_signup(english_client(), "learner1", learner.email)
    shown_a, shown_b = answer(a), answer(b)
    # the form shows the address back as typed; otherwise the pages are the same
    assert shown_a[3].replace("fresh@example.org", "@") == shown_b[3].replace(learner.email, "@")
    assert shown_a[:3] == shown_b[:3] and a.status_code == 200
    assert set(a.context["form"].errors) == {"username"}
    assert "email" not in b.context["form"].errors
    assert not mail.outbox


@contextmanager
def work_done():
    """What a request does: SQL statements, templates rendered, mails sent."""
    rendered = []

    def seen(sender, template, context, **kwargs):
        rendered.append(template.name)

    template_rendered.connect(seen)
    sent = len(mail.outbox)
    work = {}
    try:
        with CaptureQueriesContext(connection) as queries:
            yield work
    finally:
        template_rendered.disconnect(seen)
    work.update(queries=len(queries), templates=len(rendered), mails=len(mail.outbox) - sent)


@pytest.mark.django_db
def test_password_reset_does_the_same_work_for_known_and_unknown_addresses(learner, english):
    """Timing follows work: both paths read the users once, render a subject and a body and
    send one mail, and answer alike; only the mail's text differs."""
    with work_done() as known:
        a = english_client().post("/accounts/password_reset/", {"email": learner.email})
    with work_done() as unknown:
        b = english_client().post("/accounts/password_reset/", {"email": "nobody@example.org"})
    assert answer(a) == answer(b) == (302, "/accounts/password_reset/done/", [], "")
    assert known == unknown == {"queries": 1, "templates": 2, "mails": 1}
    reset, note = mail.outbox
    assert "/accounts/reset/" in reset.body and reset.to == [learner.email]
    assert "no active account uses it" in note.body and note.to == ["nobody@example.org"]
