"""Instructors are granted by an admin, never self-declared at sign-up (issue 12)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command
from django.test import Client

from accounts.models import InstructorRequest, Role
from accounts.roles import is_instructor
from tests.helpers import make_user
from tests.helpers.accounts import finish_signup, post_signup


def requested_instructor(client: Client, username: str = "teach") -> User:
    """A sign-up that chose Instructor, finished through its mailed link."""
    assert post_signup(client, username, f"{username}@example.org",
                       role=Role.INSTRUCTOR).status_code == 302
    assert finish_signup(client).status_code == 302
    return User.objects.get(username=username)


def admin_action(action: str, *requests: InstructorRequest) -> Client:
    boss = User.objects.create_superuser("boss", "boss@example.org", "pw-boss")
    admin = Client()
    admin.force_login(boss)
    resp = admin.post("/admin/accounts/instructorrequest/", {
        "action": action, "_selected_action": [r.pk for r in requests]})
    assert resp.status_code == 302, resp.content
    return admin


@pytest.mark.django_db
def test_signing_up_as_an_instructor_is_only_a_request(client, english):
    page = client.get("/accounts/signup/").content.decode()
    assert "needs approval" in page and "Instructor (an administrator approves" in page
    user = requested_instructor(client)
    assert "waiting for an administrator" in client.get("/").content.decode()
    assert user.profile.role == Role.LEARNER and not is_instructor(user)
    assert user.instructor_request.status == InstructorRequest.Status.PENDING
    assert client.get("/classes/new/").status_code == 403  # instructors only


@pytest.mark.django_db
def test_an_admin_approval_makes_an_instructor_and_mails_them(client):
    user = requested_instructor(client)
    mail.outbox.clear()
    admin_action("approve", user.instructor_request)
    user.refresh_from_db()
    req = user.instructor_request
    req.refresh_from_db()
    assert user.profile.role == Role.INSTRUCTOR and is_instructor(user)
    assert req.status == InstructorRequest.Status.APPROVED
    assert req.decided_by.username == "boss" and req.decided_at is not None
    assert [m.to for m in mail.outbox] == [["teach@example.org"]]
    assert "http://testserver/classes/" in mail.outbox[0].body
    assert client.get("/classes/new/").status_code == 200


@pytest.mark.django_db
def test_a_declined_request_leaves_a_learner_and_says_so(client):
    user = requested_instructor(client)
    mail.outbox.clear()
    admin_action("decline", user.instructor_request)
    user.refresh_from_db()
    user.instructor_request.refresh_from_db()
    assert user.profile.role == Role.LEARNER
    assert user.instructor_request.status == InstructorRequest.Status.DECLINED
    assert [m.to for m in mail.outbox] == [["teach@example.org"]]
    assert client.get("/classes/new/").status_code == 403


@pytest.mark.django_db
def test_a_posted_role_cannot_make_an_instructor(client):
    """Whatever the post says (role, is_staff, a role on the link's form), the new account
    is a learner's; only a learner sign-up makes no request at all."""
    post_signup(client, "sneaky", "sneaky@example.org", role="instructor", is_staff="1")
    finish_signup(client)
    post_signup(Client(), "plain", "plain@example.org")
    finish_signup(Client())
    sneaky, plain = User.objects.get(username="sneaky"), User.objects.get(username="plain")
    assert sneaky.profile.role == plain.profile.role == Role.LEARNER
    assert not sneaky.is_staff and not is_instructor(sneaky)
    assert not InstructorRequest.objects.filter(user=plain).exists()
    assert post_signup(Client(), "odd", "odd@example.org", role="admin").status_code == 200


@pytest.mark.django_db
def test_demo_users_keep_a_ready_instructor(monkeypatch):
    monkeypatch.setenv("IPAS_DEMO", "1")
    call_command("demo_users", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert is_instructor(User.objects.get(username="instructor"))
    assert not is_instructor(User.objects.get(username="learner"))


@pytest.mark.django_db
def test_the_admin_lists_requests_and_cannot_add_one(client):
    make_user("someone")
    boss = User.objects.create_superuser("boss", "boss@example.org", "pw-boss")
    client.force_login(boss)
    assert client.get("/admin/accounts/instructorrequest/").status_code == 200
    assert client.get("/admin/accounts/instructorrequest/add/").status_code == 403
