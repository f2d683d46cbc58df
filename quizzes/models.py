"""Questions, their immutable versions, and learners' attempts.

An attempt item points at a ``QuestionVersion``: a snapshot of the stem,
choices, answer and explanation as shown. Editing a question in admin makes a
new version, so past attempts keep what the learner actually saw.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from content.models import Content, Section, Theme
from core.choices import LABELS

__all__ = ["LABELS", "Attempt", "AttemptItem", "Choice", "Question", "QuestionVersion"]
# a letter as explanations cite it: (A), （A）, 選項A, 選項 (A)
LETTER_IN_TEXT = re.compile(r"([（(]|選項\s*)([A-D])([)）]|(?![A-Za-z]))")


class Origin(models.TextChoices):
    GUIDE = "guide", _("Learning guide")
    AUTHORED = "authored", _("Authored")


class Pool(models.TextChoices):
    """Where a question may be served. Only the public bank reaches practice, self-started
    papers, study pages and the public export; the secure pools reach graded assignments
    alone (issue: graded work that cannot be cheated)."""

    PUBLIC = "public", _("Public bank")
    RESERVED = "reserved", _("Reserved pool (secure, loaded by the deployer)")
    PRIVATE = "private", _("A class's private questions (secure)")


KEY_VALIDATOR = RegexValidator(r"^[a-z0-9][a-z0-9.\-]*$",
                               _("Lower-case letters, digits, dots and hyphens."))


class Question(models.Model):
    key = models.CharField(_("key"), max_length=64, unique=True, validators=[KEY_VALIDATOR])
    origin = models.CharField(_("origin"), max_length=10, choices=Origin.choices)
    section = models.ForeignKey(Section, verbose_name=_("section"), on_delete=models.PROTECT,
                                related_name="questions")
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
    errata = models.JSONField(
        _("errata shown to learners"), default=list, blank=True,
        help_text=_("Short notes a learner sees with the explanation: a typo or a weak key "
                    "of the official text."))
    is_active = models.BooleanField(_("active"), default=True)
    pool = models.CharField(_("pool"), max_length=10, choices=Pool.choices,
                            default=Pool.PUBLIC, db_index=True)
    # the class a private question belongs to; its instructors alone see and assign it
    klass = models.ForeignKey("classes.Klass", on_delete=models.CASCADE, null=True, blank=True,
                              related_name="private_questions", verbose_name=_("class"))
    current_version = models.ForeignKey(
        "QuestionVersion", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", editable=False,
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["section__order", "origin", "number", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "number"], condition=Q(origin="guide"),
                name="guide_number_unique",
            ),
            # a private question has a class, no other question has one
            models.CheckConstraint(
                condition=Q(pool="private", klass__isnull=False)
                | (~Q(pool="private") & Q(klass__isnull=True)),
                name="question_private_has_class"),
            # the guide's questions are published by the exam body: never secure
            models.CheckConstraint(condition=~Q(origin="guide") | Q(pool="public"),
                                   name="question_guide_is_public"),
        ]
        # a context: "questions" alone is a count elsewhere (題數), here the model (題目)
        verbose_name = pgettext_lazy("model", "question")
        verbose_name_plural = pgettext_lazy("model", "questions")

    def __str__(self) -> str:
        return self.key

    def clean(self) -> None:
        # A question belongs to one subject: its content and its section must agree, or a
        # subject-2 quiz would draw a subject-1 theme and reports stop adding up.
        if self.section_id and self.content_id and \
                self.section.theme.subject_id != self.content.theme.subject_id:
            raise ValidationError({"content": _(
                "This evaluation content belongs to another subject than the question's "
                "section.")})


class Choice(models.Model):
    question = models.ForeignKey(Question, verbose_name=_("question"), on_delete=models.CASCADE,
                                 related_name="choices")
    label = models.CharField(_("label"), max_length=1, choices=[(x, x) for x in LABELS])
    text = models.TextField(_("text"))
    is_correct = models.BooleanField(_("correct"), default=False)
    rationale = models.TextField(
        _("rationale"), blank=True,
        help_text=_("Why this option is right, or why it is wrong and what it would be right "
                    "for. Name other options by their content, never by letter."))

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

    question = models.ForeignKey(Question, verbose_name=_("question"), on_delete=models.CASCADE,
                                 related_name="versions")
    number = models.PositiveIntegerField(_("number"))
    stem = models.TextField(_("stem"))
    # [{"id": choice pk, "label": "A", "text": ..., "rationale": ...}, ...]
    choices = models.JSONField(_("choices"))
    answer = models.CharField(_("answer"), max_length=1)
    explanation = models.TextField(_("explanation"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("question version")
        verbose_name_plural = _("question versions")
        ordering = ["question", "number"]
        constraints = [
            models.UniqueConstraint(fields=["question", "number"], name="version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.question_id} v{self.number}"

    def choice_by_id(self, choice_id: int) -> dict | None:
        return next((c for c in self.choices if c["id"] == choice_id), None)


class PaperKind(models.TextChoices):
    """What a practice set or a paper draws from."""

    GUIDE = "guide", _("Guide paper")
    SECTION = "section", _("Section")
    PART = "part", _("Sub-section")
    THEME = "theme", _("Evaluation theme")
    CONTENT = "content", _("Evaluation content")
    BLUEPRINT = "blueprint", _("Full mock paper")
    WEAK = "weak", _("My weak contents")
    PRIVATE = "private", _("This class's private questions (secure)")
    RESERVED = "reserved", _("Reserved pool (secure)")
    RETRY = "retry", _("Questions I got wrong")  # from one result page (review.tools)
    DIAGNOSTIC = "diagnostic", _("Diagnostic paper")  # 60 questions, ≥ 4 per content

    @property
    def keeps_printed_order(self) -> bool:
        """The one rule: the guide paper keeps the guide's own order (its questions and
        options are cited by number and letter), everything else may be shuffled."""
        return self == PaperKind.GUIDE

    @property
    def is_secure(self) -> bool:
        """Drawn from a pool never served outside graded assignments."""
        return self in (PaperKind.PRIVATE, PaperKind.RESERVED)


# a diagnostic's length: it starts with one question and each answer adds the next
# (quizzes.diagnostic)
DIAGNOSTIC_QUESTIONS = 60


class Mode(models.TextChoices):
    PRACTICE = "practice", _("Practice")
    EXAM = "exam", _("Mock exam")


class Status(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted")


class AttemptQuerySet(models.QuerySet):
    """The attempt filters every list is built from (settled by quizzes.selectors)."""

    def of(self, user) -> AttemptQuerySet:
        return self.filter(user=user)

    def open(self) -> AttemptQuerySet:
        return self.filter(status=Status.IN_PROGRESS)

    def submitted(self) -> AttemptQuerySet:
        return self.filter(status=Status.SUBMITTED)

    def exams(self) -> AttemptQuerySet:
        return self.filter(mode=Mode.EXAM)

    def practice(self) -> AttemptQuerySet:
        return self.filter(mode=Mode.PRACTICE)

    def self_started(self) -> AttemptQuerySet:
        return self.filter(assignment__isnull=True)

    def in_subject(self, subject) -> AttemptQuerySet:
        return self.filter(subject=subject)


class Attempt(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"),
                             on_delete=models.CASCADE,
                             related_name="attempts")
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=PaperKind.choices)
    scope = models.CharField(_("scope"), max_length=64,
                             blank=True)  # key of the section/theme/content
    title = models.CharField(_("title"), max_length=200)
    subject = models.ForeignKey("content.Subject", verbose_name=_("subject"),
                                on_delete=models.PROTECT, related_name="+")
    assignment = models.ForeignKey("classes.Assignment", verbose_name=_("assignment"),
                                   on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="attempts")
    # the single-subject line of the official rule when the paper was started
    # (content.passrule; fixtures/exam.yaml)
    pass_mark = models.PositiveSmallIntegerField(_("pass mark"), default=70)
    started_at = models.DateTimeField(_("started"))
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    auto_submitted = models.BooleanField(_("submitted by the timer"), default=False)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.IN_PROGRESS)
    shuffled = models.BooleanField(_("shuffled"), default=False)
    total = models.PositiveSmallIntegerField(_("total"), default=0)
    correct = models.PositiveSmallIntegerField(_("correct answers"), default=0)

    objects = AttemptQuerySet.as_manager()

    class Meta:
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
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
    def planned_total(self) -> int:
        """Questions the learner will be asked: an open diagnostic grows one question at a
        time towards its full length; any other attempt has all its questions from the start."""
        if self.kind == PaperKind.DIAGNOSTIC and self.status == Status.IN_PROGRESS:
            return max(self.total, DIAGNOSTIC_QUESTIONS)
        return self.total

    @property
    def score(self) -> int:
        """Score out of 100, as the iPAS paper is marked."""
        return round(100 * self.correct / self.total) if self.total else 0

    @property
    def passed(self) -> bool:
        return self.score >= self.pass_mark

    def answers_visible(self, now=None) -> bool:
        """Self-started work shows its answers at once; an assignment decides for its own,
        counting the attempts this learner has handed in."""
        if self.assignment is None:
            return True
        used = Attempt.objects.filter(user_id=self.user_id, assignment_id=self.assignment_id,
                                      status=Status.SUBMITTED).count()
        return self.assignment.answers_visible(now, attempts_used=used, user_id=self.user_id)


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

    def shown_explanation(self) -> str:
        """The explanation with every "(A)"-style letter turned into the letter this learner
        saw: the guide's verbatim explanations name options by their original letters."""
        def swap(m: re.Match) -> str:
            return f"{m[1]}{self.shown_letter(m[2]) or m[2]}{m[3]}"
        return LETTER_IN_TEXT.sub(swap, self.version.explanation)

    def shown_letter(self, label: str) -> str:
        return LABELS[self.order.index(label)] if label in self.order else ""

    @property
    def shown_answer(self) -> str:
        return self.shown_letter(self.version.answer)


class ItemParameter(models.Model):
    """A question's calibrated 3PL parameters (guessing fixed at 0.25: quizzes.irt), written
    by `manage.py calibrate_items` (quizzes.calibration) from the platform's own answers.
    A question without a row uses the prior item (quizzes.irt.DEFAULT_A/B)."""

    question = models.OneToOneField(Question, on_delete=models.CASCADE, primary_key=True,
                                    related_name="irt")
    a = models.FloatField(_("discrimination"))
    b = models.FloatField(_("difficulty"))
    answers = models.PositiveIntegerField(_("answers used"), default=0)
    calibrated_at = models.DateTimeField(_("calibrated at"))

    class Meta:
        verbose_name = _("item parameters")
        verbose_name_plural = _("item parameters")

    def __str__(self) -> str:
        return f"{self.question_id}: a={self.a:.2f} b={self.b:.2f}"


class CalibrationRun(models.Model):
    """One run of `manage.py calibrate_items`: what it read and the learning rate it measured
    (quizzes.calibration), which the learner model reads from the latest run."""

    calibrated_at = models.DateTimeField(_("calibrated at"))
    answers = models.PositiveIntegerField(_("answers used"))
    items = models.PositiveIntegerField(_("questions calibrated"))
    learning_per_answer = models.FloatField(
        _("learning per answer (logit)"),
        help_text=_("How much one answer on a content raises the learner's ability on it."))

    class Meta:
        verbose_name = _("calibration run")
        verbose_name_plural = _("calibration runs")
        ordering = ["-calibrated_at", "-id"]

    def __str__(self) -> str:
        return f"{self.calibrated_at:%Y-%m-%d %H:%M}: {self.items} questions"


class ReadinessSnapshot(models.Model):
    """A learner's chance of passing a subject, taken when a full mock paper is handed in
    (quizzes.readiness.record_after): the trend shown beside the mock scores."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    subject = models.ForeignKey("content.Subject", on_delete=models.CASCADE, related_name="+")
    attempt = models.OneToOneField(Attempt, on_delete=models.CASCADE, related_name="readiness")
    taken_at = models.DateTimeField(auto_now_add=True)
    probability = models.FloatField()
    low = models.FloatField()
    high = models.FloatField()
    score = models.PositiveSmallIntegerField()  # the mock paper's score

    class Meta:
        indexes = [models.Index(fields=["user", "subject", "-taken_at"],
                                name="readiness_user_recent")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.subject_id} {self.probability:.2f}"

    @property
    def percent(self) -> int:
        return round(100 * self.probability)
