"""The exam table and study text of the learning guide.

Rows carry stable ``key`` values from the fixtures, so reloading a changed
fixture updates rows in place instead of creating new ones.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Exam(models.Model):
    key = models.SlugField(_("key"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=50, blank=True)
    # The official pass rule, written by the loader from fixtures/exam.yaml (its only
    # source; the admin shows it read-only). content.passrule applies it.
    points_per_question = models.PositiveSmallIntegerField(_("points per question"), default=2)
    single_subject_line = models.PositiveSmallIntegerField(_("single-subject pass line"),
                                                           default=70)
    sitting_average_line = models.PositiveSmallIntegerField(_("same-sitting average line"),
                                                            default=70)
    sitting_floor = models.PositiveSmallIntegerField(_("same-sitting floor per subject"),
                                                     default=60)
    rule_source = models.TextField(_("source of the pass rule"), blank=True)

    class Meta:
        verbose_name = _("exam")
        verbose_name_plural = _("exams")

    def __str__(self) -> str:
        return f"{self.name}（{self.level}）" if self.level else self.name


class Sitting(models.Model):
    """A date the exam is held. Admins edit these; the fixture loader never touches them. A
    learner's target sitting (accounts.Profile) drives readiness and the review schedule."""

    date = models.DateField(_("date"))
    level = models.CharField(_("level"), max_length=50, default="初級")
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["date", "level"], name="sitting_unique")]
        verbose_name = _("sitting")
        verbose_name_plural = _("sittings")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.level}"


class Subject(models.Model):
    exam = models.ForeignKey(Exam, verbose_name=_("exam"), on_delete=models.CASCADE,
                             related_name="subjects")
    key = models.SlugField(_("key"), max_length=64, unique=True)
    code = models.CharField(_("code"), max_length=50)
    name = models.CharField(_("name"), max_length=200)
    # the official study text carried for this subject, if any; empty: our own notes only
    official_guide = models.CharField(_("official learning guide"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = _("subject")
        verbose_name_plural = _("subjects")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def pass_mark(self) -> int:
        """The line a single paper of this subject passes at: the exam's official rule."""
        return self.exam.single_subject_line


class Theme(models.Model):
    """評鑑主題 (evaluation theme)."""

    subject = models.ForeignKey(Subject, verbose_name=_("subject"), on_delete=models.CASCADE,
                                related_name="themes")
    key = models.SlugField(_("key"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["subject__order", "order"]
        verbose_name = _("evaluation theme")
        verbose_name_plural = _("evaluation themes")

    def __str__(self) -> str:
        return self.name


class Content(models.Model):
    """評鑑內容 (evaluation content), the unit mastery is tracked at."""

    theme = models.ForeignKey(Theme, verbose_name=_("evaluation theme"), on_delete=models.CASCADE,
                              related_name="contents")
    key = models.SlugField(_("key"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["theme__subject__order", "theme__order", "order"]
        verbose_name = _("evaluation content")
        verbose_name_plural = _("evaluation contents")

    def __str__(self) -> str:
        return self.name


class SectionOrigin(models.TextChoices):
    GUIDE = "guide", _("Official learning guide")
    PLATFORM = "platform", _("This platform's own notes")


class Section(models.Model):
    """A section of study text teaching one evaluation theme: the official guide's 3.1–3.3,
    or the platform's own notes (subject 1, topics beyond the guide)."""

    key = models.CharField(_("key"), max_length=16, unique=True)
    title = models.CharField(_("title"), max_length=200)
    theme = models.ForeignKey(Theme, verbose_name=_("evaluation theme"), on_delete=models.PROTECT,
                              related_name="sections")
    origin = models.CharField(_("origin"), max_length=10, choices=SectionOrigin.choices,
                              default=SectionOrigin.GUIDE)
    intro = models.TextField(_("introduction (Markdown)"), blank=True)
    notes = models.JSONField(_("editorial notes"), default=list, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self) -> str:
        return f"{self.key} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("study_section", args=[self.key])

    @property
    def is_official(self) -> bool:
        return self.origin == SectionOrigin.GUIDE


class Part(models.Model):
    """A numbered sub-section of a section's study text (重點掃瞄)."""

    section = models.ForeignKey(Section, verbose_name=_("section"), on_delete=models.CASCADE,
                                related_name="parts")
    key = models.CharField(_("key"), max_length=16, unique=True)
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body (Markdown)"))
    errata = models.JSONField(_("errata shown to learners"), default=list, blank=True)
    contents = models.ManyToManyField(Content, related_name="parts", verbose_name=_("teaches"))

    class Meta:
        ordering = ["section__order", "number"]
        constraints = [
            models.UniqueConstraint(fields=["section", "number"], name="part_number_unique")
        ]
        verbose_name = _("sub-section")
        verbose_name_plural = _("sub-sections")

    def __str__(self) -> str:
        return f"{self.key} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("study_section", args=[self.section.key]) + "#" + self.anchor

    @property
    def anchor(self) -> str:
        return "part-" + self.key.replace(".", "-")
