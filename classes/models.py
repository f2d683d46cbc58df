"""Instructors' classes, memberships and assigned quizzes."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from quizzes.models import PaperKind


class Klass(models.Model):
    name = models.CharField(_("class name"), max_length=100)
    instructor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("instructor"),
                                   on_delete=models.CASCADE,
                                   related_name="classes_taught")
    join_code = models.CharField(_("join code"), max_length=16, unique=True)
    code_expires_at = models.DateTimeField(_("join code expires"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # archived: off the instructor's and learners' lists; nothing in it is deleted
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, through="Membership",
                                     related_name="classes_joined")
    # teaching assistants: approved instructors who see and run the class like its owner
    # (classes.services.add_co_instructor checks the role); only the owner changes this list
    co_instructors = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True,
                                            related_name="classes_assisted",
                                            verbose_name=_("co-instructors"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("class")
        verbose_name_plural = _("classes")

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    klass = models.ForeignKey(Klass, verbose_name=_("class"), on_delete=models.CASCADE,
                              related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"),
                             on_delete=models.CASCADE,
                             related_name="memberships")
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["klass", "user"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.klass_id}"


class Window(models.TextChoices):
    """Where an assignment's window stands at a moment (Assignment.window_state)."""

    UPCOMING = "upcoming", _("upcoming")
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class LearnerStatus(models.TextChoices):
    """A learner's standing on one assignment, in the order the report counts them."""

    SUBMITTED = "submitted", _("Submitted")
    IN_PROGRESS = "in_progress", _("In progress")
    NOT_STARTED = "not_started", _("Not started")
    MISSED = "missed", _("Missed")
    # joined after the assignment closed: not theirs, counted nowhere (never "missed")
    JOINED_LATE = "joined_late", _("Joined after it closed")

    @classmethod
    def report_order(cls) -> list[str]:
        return [v for v in cls.values if v != cls.JOINED_LATE]


class Reveal(models.TextChoices):
    AFTER_SUBMIT = "after_submit", _("After submitting")
    AFTER_CLOSE = "after_close", _("After the assignment closes")


class Assignment(models.Model):
    klass = models.ForeignKey(Klass, verbose_name=_("class"), on_delete=models.CASCADE,
                              related_name="assignments")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("paper"), max_length=20, choices=PaperKind.choices)
    subject = models.ForeignKey("content.Subject", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("subject"))
    scope = models.CharField(_("scope"), max_length=64, blank=True)
    question_count = models.PositiveSmallIntegerField(_("questions"), default=10)
    time_limit_minutes = models.PositiveSmallIntegerField(_("time limit (minutes)"), default=15)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    max_attempts = models.PositiveSmallIntegerField(_("attempts allowed"), default=1)
    reveal = models.CharField(_("show answers"), max_length=12, choices=Reveal.choices,
                              default=Reveal.AFTER_SUBMIT)
    fixed_form = models.BooleanField(
        _("same questions for everyone"), default=False,
        help_text=_("Every learner gets the same questions (options still shuffled), so item "
                    "analysis has a response from each learner to each question."))
    # the fixed form's question ids, drawn once when the assignment is saved
    form = models.JSONField(default=list, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # archived: learners no longer see it; its attempts and report stay
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    # the latest close among its learners' own windows (LearnerException), when later than
    # closes_at: answers stay withheld until then (classes.services.save_exception keeps it)
    reveal_after = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-opens_at"]
        constraints = [
            # the window must be non-empty; the form says so politely, the database insists
            models.CheckConstraint(condition=Q(closes_at__gt=F("opens_at")),
                                   name="assignment_window_order"),
            models.CheckConstraint(condition=Q(max_attempts__gte=1),
                                   name="assignment_attempts_positive"),
        ]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")

    def __str__(self) -> str:
        return self.title

    @property
    def display_title(self) -> str:
        """A default title is stored as the paper's msgid ("Guide paper") and shown translated;
        an instructor's own title has no catalogue entry and shows as written."""
        return gettext(self.title) if self.title else ""

    @property
    def last_close(self) -> datetime:
        """When the last learner's window closes (a learner's own window may end later)."""
        return max(self.closes_at, self.reveal_after or self.closes_at)

    @property
    def is_secure(self) -> bool:
        return PaperKind(self.kind).is_secure

    def answers_visible(self, now: datetime | None = None, *, attempts_used: int | None = None,
                        extra_attempts: int | None = None, user_id: int | None = None,
                        ) -> bool:
        """Whether a learner who has used ``attempts_used`` attempts may see the answers.

        Once the last window closes (a learner's own may end later), always. Before: only
        with "after submitting", only for a paper of the public bank (a secure pool's answers
        wait for the close), and only once the learner has no attempt left to take
        (``attempts_used`` unknown: not yet), counting their exception's extra attempts
        (``extra_attempts``, or looked up for ``user_id``).
        """
        if (now or timezone.now()) >= self.last_close:
            return True
        if not (self.reveal == Reveal.AFTER_SUBMIT and not self.is_secure
                and attempts_used is not None):
            return False
        if extra_attempts is None:
            extra_attempts = (self.exceptions.filter(user_id=user_id)
                              .values_list("extra_attempts", flat=True).first() or 0
                              ) if user_id is not None else 0
        return attempts_used >= self.max_attempts + extra_attempts


class LearnerException(models.Model):
    """One learner's accommodation on one assignment (Moodle's user override): extra time,
    extra attempts, or a window of their own. Empty fields keep the assignment's value."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE,
                                   related_name="exceptions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    extra_minutes = models.PositiveSmallIntegerField(_("extra minutes"), default=0)
    extra_attempts = models.PositiveSmallIntegerField(_("extra attempts"), default=0)
    opens_at = models.DateTimeField(_("own window opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("own window closes"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assignment", "user"],
                                    name="learner_exception_unique"),
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True) | Q(closes_at__isnull=True)
                | Q(closes_at__gt=F("opens_at")), name="learner_exception_window_order"),
        ]
        verbose_name = _("learner exception")

    def __str__(self) -> str:
        return f"{self.user_id} on {self.assignment_id}"

    def summary(self) -> str:
        parts = []
        if self.extra_minutes:
            parts.append(gettext("+%(n)d min") % {"n": self.extra_minutes})
        if self.extra_attempts:
            parts.append(gettext("+%(n)d attempt(s)") % {"n": self.extra_attempts})
        if self.opens_at or self.closes_at:
            fmt = "%m-%d %H:%M"
            opens = timezone.localtime(self.opens_at).strftime(fmt) if self.opens_at else "…"
            closes = timezone.localtime(self.closes_at).strftime(fmt) if self.closes_at else "…"
            parts.append(gettext("own window %(o)s – %(c)s") % {"o": opens, "c": closes})
        return " · ".join(parts)


class NoticeKind(models.TextChoices):
    NEW = "new", _("New assignment")
    CLOSING = "closing", _("Closing within 24 hours")


class NoticeSent(models.Model):
    """An e-mail notice sent (or being sent) to one learner about one assignment: the unique
    row is what makes ``send_assignment_notices`` safe to run again and again from cron."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    kind = models.CharField(max_length=10, choices=NoticeKind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assignment", "user", "kind"],
                                               name="notice_sent_once")]

    def __str__(self) -> str:
        return f"{self.kind} {self.assignment_id} to {self.user_id}"


class NoticeOptOut(models.Model):
    """A learner who turned the assignment e-mails off (the in-app notices stay)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                primary_key=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.user_id} opted out"


class TallyStamp(models.Model):
    """Which submitted attempts an assignment's item tallies were built from.

    Compared with the live figures on every analysis; any difference (a new submission,
    an expired attempt, a deleted learner) rebuilds that assignment's tallies.
    """

    assignment = models.OneToOneField(Assignment, on_delete=models.CASCADE, primary_key=True,
                                      related_name="tally_stamp")
    attempts = models.PositiveIntegerField()
    id_sum = models.BigIntegerField()
    last_submitted = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return f"assignment {self.assignment_id}: {self.attempts} attempts tallied"


class ItemTally(models.Model):
    """Sums over the graded responses to one question version in one assignment.

    Submitted attempts never change, so these are the additive part of item analysis,
    built once per assignment and added up across a class history. Kelley's upper and
    lower groups depend on how every analysed attempt ranks and are not kept here.
    ``rest`` is a response's corrected total: its attempt's share correct on the other
    questions, defined only when the attempt has more than one question.
    """

    # derived rows, rebuilt in bulk: no per-row foreign-key triggers (Django still
    # cascades), and no assignment index beside item_tally_unique, which leads with it
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="+",
                                   db_constraint=False, db_index=False)
    version = models.ForeignKey("quizzes.QuestionVersion", on_delete=models.CASCADE,
                                related_name="+", db_constraint=False)
    # which rebuild wrote the row last: a rebuild updates rows in place, then deletes those
    # of its assignments it did not write (versions no longer answered)
    build = models.BigIntegerField(default=0)
    first_position = models.PositiveSmallIntegerField()
    responses = models.PositiveIntegerField()
    correct = models.PositiveIntegerField()
    blank = models.PositiveIntegerField()
    chose_a = models.PositiveIntegerField()
    chose_b = models.PositiveIntegerField()
    chose_c = models.PositiveIntegerField()
    chose_d = models.PositiveIntegerField()
    with_rest = models.PositiveIntegerField()
    with_rest_correct = models.PositiveIntegerField()
    rest_sum = models.FloatField()
    rest_sum_correct = models.FloatField()
    rest_squares = models.FloatField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assignment", "version"],
                                               name="item_tally_unique")]

    def __str__(self) -> str:
        return f"version {self.version_id} in assignment {self.assignment_id}"
