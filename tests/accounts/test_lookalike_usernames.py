"""Look-alike usernames are refused at sign-up (issue 12): mixed scripts, and names that look
like an existing one (confusable-homoglyphs)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client

from accounts.lookalike import lookalike_of, mixed_scripts
from tests.helpers import make_user
from tests.helpers.accounts import finish_signup, post_signup

LOOKS_LIKE = "looks like the name of an existing user"


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "error"), [
    ("\u0430dmin", LOOKS_LIKE),  # Cyrillic а
    ("\u0430\u0501m\u0456n", LOOKS_LIKE),  # Cyrillic а, ԁ, і
    ("Admin", LOOKS_LIKE), ("ADMIN", LOOKS_LIKE), ("adrnin", LOOKS_LIKE),  # case, rn for m
    ("ａｄｍｉｎ", "already exists"),  # full-width letters are "admin" itself (NFKC)
])
def test_a_lookalike_of_an_existing_name_is_refused(client, english, name, error):
    make_user("admin")
    resp = post_signup(client, name, "mallory@example.org")
    assert resp.status_code == 200, name
    errors = resp.context["form"].errors["username"]
    assert any(error in e for e in errors), errors
    assert not mail.outbox


@pytest.mark.django_db
def test_mixed_scripts_are_refused_with_a_clear_error(client, english):
    resp = post_signup(client, "p\u0430ypal", "mallory@example.org")  # Cyrillic а, no "paypal"
    assert resp.status_code == 200
    assert "mixes scripts whose letters look alike" in resp.content.decode()
    assert mixed_scripts("p\u0430ypal") == {"LATIN", "CYRILLIC"}
    assert not mail.outbox


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["王小明", "王小明abc", "ㄅㄆ王a", "kai", "learner10", "Li.Wei"])
def test_ordinary_names_pass(name):
    make_user("admin")
    make_user("kal")
    assert post_signup(Client(), name, "someone@example.org").status_code == 302, name


@pytest.mark.django_db
def test_the_link_checks_again_when_a_lookalike_appeared_meanwhile(client):
    post_signup(client, "bob2", "bob@example.org")
    make_user("Bob2")
    assert finish_signup(client).status_code == 409
    assert not User.objects.filter(username="bob2").exists()


def test_lookalike_detection():
    assert lookalike_of("\u0430dmin", ["root", "admin"]) == "admin"
    assert lookalike_of("teacherl", ["teacher1"]) == "teacher1"
    assert lookalike_of("0scar", ["oscar"]) == "oscar"
    assert lookalike_of("kal", ["kai"]) is None
    assert lookalike_of("admin", ["admin"]) is None  # the same name is the unique check's
