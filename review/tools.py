"""Bookmarks, notes, question reports, search, and practising the questions of one result
answered wrong. Each acts on a question the learner may see: public, active, answer not
withheld by a graded assignment (``visible_question``)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from content.models import Part
from core.errors import Refused
from quizzes.attempts import create_attempt
from quizzes.models import Attempt, Mode, PaperKind, Question, Status
from quizzes.papers import Paper, active_questions
from quizzes.withholding import withheld_questions
from review.models import Bookmark, Note, Report, ReportReason


class ToolRefused(Refused):
    status = 400


def visible_questions(user, now: datetime | None = None) -> QuerySet[Question]:
    return active_questions().exclude(pk__in=list(withheld_questions(user, now)))


def visible_question(user, question_id: int) -> Question:
    question = visible_questions(user).filter(pk=question_id).first()
    if question is None:
        raise Http404("no such question")
    return question


# ---- practise the ones I got wrong ------------------------------------------------------

def retry_wrong(user, *, attempt_id: int, now: datetime | None = None,
                rng: random.Random | None = None) -> Attempt:
    """A practice set of the questions answered wrong (or left blank) on one submitted
    attempt whose answers are shown; secure and withheld questions are left out."""
    now = now or timezone.now()
    attempt = Attempt.objects.filter(pk=attempt_id, user=user, status=Status.SUBMITTED).first()
    if attempt is None:
        raise Http404("no such result")
    if not attempt.answers_visible(now):
        raise ToolRefused(_("This result does not show its answers yet."))
    ids = list(attempt.items.filter(is_correct=False).order_by("position")
               .values_list("question_id", flat=True))
    by_id = (visible_questions(user, now).filter(pk__in=ids)
             .select_related("content__theme", "current_version", "section").in_bulk())
    questions = [by_id[q] for q in ids if q in by_id]
    if not questions:
        raise ToolRefused(_("No question of this result was answered wrong."))
    paper = Paper(PaperKind.RETRY, str(attempt.pk), gettext_noop("Questions I got wrong"),
                  attempt.subject, questions, None)
    return create_attempt(user, paper, mode=Mode.PRACTICE, shuffle_options=False, now=now,
                          rng=rng)


# ---- bookmarks and notes ----------------------------------------------------------------

def toggle_bookmark(user, *, question_id: int, on: bool) -> bool:
    question = visible_question(user, question_id)
    if on:
        Bookmark.objects.get_or_create(user=user, question=question)
    else:
        Bookmark.objects.filter(user=user, question=question).delete()
    return on


def save_note(user, *, question_id: int, text: str) -> Note | None:
    """Write the learner's note on a question (an empty text removes it)."""
    question = visible_question(user, question_id)
    text = text.strip()
    if not text:
        Note.objects.filter(user=user, question=question).delete()
        return None
    note, _created = Note.objects.update_or_create(user=user, question=question,
                                                   defaults={"text": text})
    return note


def my_notes(user, query: str = "") -> QuerySet[Note]:
    notes = (Note.objects.filter(user=user, question__in=visible_questions(user))
             .select_related("question__current_version", "question__content"))
    if query:
        notes = notes.filter(Q(text__icontains=query)
                             | Q(question__current_version__stem__icontains=query))
    return notes


def notes_markdown(user) -> str:
    lines = [f"# {_('My notes')}", ""]
    for note in my_notes(user):
        q = note.question
        lines += [f"## {q.content.name} · {q.key}", "",
                  *(f"> {line}" for line in q.current_version.stem.splitlines()), "",
                  note.text, ""]
    return "\n".join(lines)


# ---- reports ----------------------------------------------------------------------------

REPORTS_PER_DAY = 20


def report_question(user, *, question_id: int, reason: str, text: str,
                    now: datetime | None = None) -> Report:
    now = now or timezone.now()
    question = visible_question(user, question_id)
    if reason not in ReportReason.values:
        raise ToolRefused(_("Choose a reason."))
    with transaction.atomic():
        recent = Report.objects.filter(user=user, created_at__gte=now - timedelta(days=1))
        if recent.count() >= REPORTS_PER_DAY:
            raise ToolRefused(_("You sent many reports today. Thank you; try again tomorrow."))
        return Report.objects.create(user=user, question=question, reason=reason,
                                     text=text.strip()[:2000])


# ---- search -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Results:
    parts: list[Part]
    questions: list[Question]


def search(user, query: str, limit: int = 20) -> Results:
    """Study text and question stems containing ``query`` (Chinese included: a substring
    match, served on PostgreSQL by the pg_trgm GIN indexes of review's migration 0002;
    SQLite scans). Public, visible questions only; results ranked by trigram similarity on
    PostgreSQL."""
    query = query.strip()
    if not query:
        return Results([], [])
    parts = Part.objects.filter(Q(body__icontains=query) | Q(title__icontains=query)) \
        .select_related("section")
    questions = visible_questions(user).filter(
        current_version__stem__icontains=query).select_related("current_version", "content")
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import TrigramSimilarity
        parts = parts.annotate(rank=TrigramSimilarity("title", query)).order_by("-rank")
        questions = questions.annotate(
            rank=TrigramSimilarity("current_version__stem", query)).order_by("-rank")
    return Results(list(parts[:limit]), list(questions[:limit]))
