"""The learner's own study tools: the 錯題本 review deck (scheduled by ``fsrs``), every
review answer, bookmarks, notes and question reports.

Only public-bank questions enter any of them (``review.deck``, ``review.tools``); a question
whose answer a graded assignment withholds is left out when read.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from quizzes.models import Question, QuestionVersion


class CardReason(models.TextChoices):
    WRONG = "wrong", _("Answered wrong")
    GUESSED = "guessed", _("Answered right by a guess")


class Card(models.Model):
    """One question in one learner's deck, with the ``fsrs`` card state."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="review_cards")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("why in the deck"), max_length=10, choices=CardReason.choices)
    added_at = models.DateTimeField(auto_now_add=True)
    # fsrs.Card fields
    state = models.PositiveSmallIntegerField(default=1)
    step = models.PositiveSmallIntegerField(null=True, blank=True)
    stability = models.FloatField(null=True, blank=True)
    difficulty = models.FloatField(null=True, blank=True)
    due = models.DateTimeField(_("due"))
    last_review = models.DateTimeField(null=True, blank=True)
    reviews = models.PositiveIntegerField(default=0)
    suspended = models.BooleanField(_("suspended"), default=False)

    class Meta:
        ordering = ["due"]
        constraints = [models.UniqueConstraint(fields=["user", "question"],
                                               name="review_card_unique")]
        indexes = [models.Index(fields=["user", "due"], name="review_card_due",
                                condition=Q(suspended=False))]
        verbose_name = _("review card")
        verbose_name_plural = _("review cards")

    def __str__(self) -> str:
        return f"{self.user_id}:{self.question_id}"


class Rating(models.IntegerChoices):  # fsrs.Rating's values
    AGAIN = 1, _("Again")
    HARD = 2, _("Hard")
    GOOD = 3, _("Good")
    EASY = 4, _("Easy")


class ReviewAnswer(models.Model):
    """Every answer given in a review session: kept, never changed."""

    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="answers")
    version = models.ForeignKey(QuestionVersion, on_delete=models.PROTECT, related_name="+")
    selected = models.CharField(max_length=1)
    is_correct = models.BooleanField()
    rating = models.PositiveSmallIntegerField(choices=Rating.choices)
    reviewed_at = models.DateTimeField()
    due_after = models.DateTimeField()

    class Meta:
        ordering = ["-reviewed_at"]

    def __str__(self) -> str:
        return f"{self.card_id} {self.reviewed_at:%Y-%m-%d %H:%M}"


class Bookmark(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="bookmarks")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["user", "question"],
                                               name="bookmark_unique")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.question_id}"


class Note(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="question_notes")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("note"), max_length=4000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        constraints = [models.UniqueConstraint(fields=["user", "question"], name="note_unique")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.question_id}"


class ReportReason(models.TextChoices):
    WRONG_KEY = "wrong_key", _("The marked answer is wrong")
    UNCLEAR = "unclear", _("The question or an option is unclear")
    TYPO = "typo", _("Typo or formatting")
    EXPLANATION = "explanation", _("The explanation is wrong or missing")
    OTHER = "other", _("Something else")


class ReportStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("report status", "Open")
    FIXED = "fixed", pgettext_lazy("report status", "Fixed")
    REJECTED = "rejected", pgettext_lazy("report status", "Rejected")


class Report(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="question_reports")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="reports")
    reason = models.CharField(_("reason"), max_length=12, choices=ReportReason.choices)
    text = models.TextField(_("details"), max_length=2000, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices,
                              default=ReportStatus.OPEN, db_index=True)
    response = models.TextField(_("answer to the learner"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("question report")
        verbose_name_plural = _("question reports")

    def __str__(self) -> str:
        return f"{self.question_id} · {self.get_reason_display()}"
