"""Questions, their immutable versions, and learners' attempts.

An attempt item points at a ``QuestionVersion``: a snapshot of the stem,
choices, answer and explanation as shown. Editing a question in admin makes a
new version, so past attempts keep what the learner actually saw.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from content.models import Content, Section, Theme

LABELS = ("A", "B", "C", "D")


class Origin(models.TextChoices):
    GUIDE = "guide", _("Learning guide")
    AUTHORED = "authored", _("Authored")


KEY_VALIDATOR = RegexValidator(r"^[a-z0-9][a-z0-9.\-]*$",
                               _("Lower-case letters, digits, dots and hyphens."))


class Question(models.Model):
    key = models.CharField(max_length=64, unique=True, validators=[KEY_VALIDATOR])
    origin = models.CharField(_("origin"), max_length=10, choices=Origin.choices)
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="questions")
    number = models.PositiveSmallIntegerField(_("number in the guide"), null=True, blank=True)
    content = models.ForeignKey(
        Content, on_delete=models.PROTECT, related_name="questions",
        verbose_name=_("evaluation content"),
    )
    source = models.CharField(_("source"), max_length=200, blank=True)
    topics = models.JSONField(_("topics"), default=list, blank=True)
    stem = models.TextField(_("stem"))
    explanation = models.TextField(_("explanation"))
    notes = models.JSONField(_("editorial notes"), default=list, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    current_version = models.ForeignKey(
        "QuestionVersion", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", editable=False,
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["section__order", "origin", "number", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "number"], condition=Q(origin="guide"),
                name="guide_number_unique",
            )
        ]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.key


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    label = models.CharField(_("label"), max_length=1, choices=[(x, x) for x in LABELS])
    text = models.TextField(_("text"))
    is_correct = models.BooleanField(_("correct"), default=False)

    class Meta:
        ordering = ["label"]
        constraints = [
            models.UniqueConstraint(fields=["question", "label"], name="choice_label_unique")
        ]
        verbose_name = _("choice")
        verbose_name_plural = _("choices")

    def __str__(self) -> str:
        return f"({self.label}) {self.text[:40]}"


class QuestionVersion(models.Model):
    """What a question looked like at one time; never edited once written."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    stem = models.TextField()
    choices = models.JSONField()  # [{"id": choice pk, "label": "A", "text": ...}, ...]
    answer = models.CharField(max_length=1)
    explanation = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["question", "number"]
        constraints = [
            models.UniqueConstraint(fields=["question", "number"], name="version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.question_id} v{self.number}"

    def choice_by_id(self, choice_id: int) -> dict | None:
        return next((c for c in self.choices if c["id"] == choice_id), None)


class Mode(models.TextChoices):
    PRACTICE = "practice", _("Practice")
    EXAM = "exam", _("Mock exam")


class Status(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted")


class Attempt(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="attempts")
    mode = models.CharField(max_length=10, choices=Mode.choices)
    kind = models.CharField(max_length=20)  # guide / section / theme / content / blueprint / weak
    scope = models.CharField(max_length=64, blank=True)  # key of the section/theme/content
    title = models.CharField(max_length=200)
    subject = models.ForeignKey("content.Subject", on_delete=models.PROTECT, related_name="+")
    assignment = models.ForeignKey("classes.Assignment", on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="attempts")
    pass_mark = models.PositiveSmallIntegerField(default=60)
    started_at = models.DateTimeField()
    deadline = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    auto_submitted = models.BooleanField(default=False)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.IN_PROGRESS)
    shuffled = models.BooleanField(default=False)
    total = models.PositiveSmallIntegerField(default=0)
    correct = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["user", "-started_at"], name="attempt_user_recent")]

    def __str__(self) -> str:
        return f"{self.title} #{self.pk}"

    @property
    def display_title(self) -> str:
        """Paper names are stored as msgids (e.g. "Full mock paper") and shown translated."""
        return gettext(self.title)

    @property
    def is_open(self) -> bool:
        return self.status == Status.IN_PROGRESS

    @property
    def score(self) -> int:
        """Score out of 100, as the iPAS paper is marked."""
        return round(100 * self.correct / self.total) if self.total else 0

    @property
    def passed(self) -> bool:
        return self.score >= self.pass_mark


class AttemptItem(models.Model):
    # no index of its own: item_position_unique (attempt, position) starts with it
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="items",
                                db_index=False)
    # user, theme and content are copied here so mastery is one indexed GROUP BY
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField()
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="items")
    version = models.ForeignKey(QuestionVersion, on_delete=models.PROTECT, related_name="+")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="+")
    content = models.ForeignKey(Content, on_delete=models.PROTECT, related_name="+")
    order = models.JSONField()  # labels in the order shown, e.g. ["C", "A", "D", "B"]
    selected = models.CharField(max_length=1, blank=True)
    is_correct = models.BooleanField(null=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    flagged = models.BooleanField(default=False)
    # graded items count towards mastery: practice at answer time, exams at submit
    graded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["attempt", "position"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "position"], name="item_position_unique"),
            models.UniqueConstraint(fields=["attempt", "question"], name="item_question_unique"),
        ]
        indexes = [
            models.Index(fields=["user", "content"], name="item_user_content_graded",
                         condition=Q(graded_at__isnull=False)),
            models.Index(fields=["question"], name="item_question_graded",
                         condition=Q(graded_at__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id}:{self.position}"

    def shown_choices(self) -> list[dict]:
        """Choices in the order this learner saw them, with the letter shown."""
        by_label = {c["label"]: c for c in self.version.choices}
        return [
            {**by_label[label], "shown": LABELS[i]} for i, label in enumerate(self.order)
        ]

    def shown_letter(self, label: str) -> str:
        return LABELS[self.order.index(label)] if label in self.order else ""

    @property
    def shown_answer(self) -> str:
        return self.shown_letter(self.version.answer)
