"""Notices to learners of a new assignment and of one closing within 24 hours.

In the app: computed from the learner's rows on the classes page (nothing stored).
By e-mail: ``send_notices`` (the ``send_assignment_notices`` command, run from cron). Each
notice is one NoticeSent row, unique per (assignment, learner, kind) and written in the same
transaction as the mail is handed to Django's mail backend, so a second run sends nothing
twice, two runs at once send each notice once, and a failed send is retried next time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from classes.models import (
    Assignment,
    LearnerStatus,
    Membership,
    NoticeKind,
    NoticeOptOut,
    NoticeSent,
    Window,
)
from classes.services import AssignmentRow, JoinedClass
from quizzes.models import Attempt, Status

CLOSING_WITHIN = timedelta(hours=24)
NEW_FOR = timedelta(days=7)  # how long a new, unstarted assignment is announced in the app


@dataclass
class Notice:
    kind: str
    row: AssignmentRow
    klass_name: str

    @property
    def text(self) -> str:
        title = self.row.assignment.display_title
        if self.kind == NoticeKind.CLOSING:
            return _("%(title)s (%(klass)s) closes within 24 hours.") % {
                "title": title, "klass": self.klass_name}
        return _("New assignment: %(title)s (%(klass)s).") % {
            "title": title, "klass": self.klass_name}


def in_app(joined: list[JoinedClass], now: datetime | None = None) -> list[Notice]:
    """The learner's notices from the rows the classes page already has: no query."""
    now = now or timezone.now()
    out = []
    for c in joined:
        for row in c.assignments:
            if row.window != Window.OPEN or row.status == LearnerStatus.SUBMITTED:
                continue
            if row.terms.closes_at - now <= CLOSING_WITHIN:
                out.append(Notice(NoticeKind.CLOSING, row, c.klass.name))
            elif not row.used and now - row.terms.opens_at <= NEW_FOR:
                out.append(Notice(NoticeKind.NEW, row, c.klass.name))
    return out


def emails_off(user) -> bool:
    return NoticeOptOut.objects.filter(user=user).exists()


def set_emails(user, *, on: bool) -> None:
    if on:
        NoticeOptOut.objects.filter(user=user).delete()
    else:
        NoticeOptOut.objects.get_or_create(user=user)


@dataclass
class SendResult:
    sent: int = 0
    failed: int = 0


def _due(now: datetime):
    """(assignment, kind, user) for every notice due now and not yet sent."""
    live = (Assignment.objects.filter(archived_at__isnull=True, klass__archived_at__isnull=True,
                                      opens_at__lte=now, closes_at__gt=now)
            .select_related("klass"))
    opted_out = set(NoticeOptOut.objects.values_list("user_id", flat=True))
    for assignment in live:
        kinds = [NoticeKind.NEW]
        if assignment.closes_at - now <= CLOSING_WITHIN:
            kinds = [NoticeKind.CLOSING]  # a late first notice says it is closing, once
        members = (Membership.objects.filter(klass_id=assignment.klass_id,
                                             joined_at__lt=assignment.closes_at)
                   .exclude(user_id__in=opted_out).exclude(user__email="")
                   .select_related("user"))
        submitted = set(Attempt.objects.filter(assignment=assignment, status=Status.SUBMITTED)
                        .values_list("user_id", flat=True))
        sent = set(NoticeSent.objects.filter(assignment=assignment)
                   .filter(Q(kind__in=kinds)).values_list("user_id", flat=True))
        for m in members:
            if m.user_id in sent or m.user_id in submitted:
                continue
            yield assignment, kinds[0], m.user


def send_notices(*, now: datetime | None = None, site_url: str = "") -> SendResult:
    """Send every due notice once. Safe to run as often as cron likes."""
    now = now or timezone.now()
    result = SendResult()
    link = site_url.rstrip("/") + reverse("classes:home")
    for assignment, kind, user in list(_due(now)):
        try:
            with transaction.atomic():
                _row, created = NoticeSent.objects.get_or_create(
                    assignment=assignment, user=user, kind=kind)
                if not created:
                    continue  # another run got there first
                with translation.override(settings.LANGUAGE_CODE):
                    subject, body = _message(assignment, kind, link)
                send_mail(subject, body, None, [user.email])
        except IntegrityError:
            continue
        except Exception:
            result.failed += 1
            continue
        result.sent += 1
    return result


def _message(assignment: Assignment, kind: str, link: str) -> tuple[str, str]:
    title, klass = assignment.display_title, assignment.klass.name
    closes = timezone.localtime(assignment.closes_at).strftime("%Y-%m-%d %H:%M")
    zone = timezone.get_current_timezone_name()
    if kind == NoticeKind.CLOSING:
        subject = _("Closing soon: %(title)s") % {"title": title}
        first = _("%(title)s in %(klass)s closes at %(closes)s (%(zone)s).")
    else:
        subject = _("New assignment: %(title)s") % {"title": title}
        first = _("%(title)s in %(klass)s is open until %(closes)s (%(zone)s).")
    body = "\n\n".join([
        first % {"title": title, "klass": klass, "closes": closes, "zone": zone},
        _("Open it on your classes page: %(link)s") % {"link": link},
        _("You can turn these e-mails off on that page."),
    ])
    return subject, body
