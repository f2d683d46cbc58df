from __future__ import annotations

from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from content.models import Content, Part, Section, Subject, Theme
from quizzes.mastery import mastery_for
from quizzes.models import Attempt, Status
from quizzes.papers import SUBJECT_KEY


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    subject = Subject.objects.select_related("exam").filter(key=SUBJECT_KEY).first()
    themes = (
        Theme.objects.filter(subject=subject)
        .prefetch_related("contents", "sections")
        .annotate(n_questions=Count("contents__questions",
                                    filter=Q(contents__questions__is_active=True)))
    )
    board = open_attempts = None
    if request.user.is_authenticated:
        board = mastery_for(request.user)
        open_attempts = list(Attempt.objects.filter(user=request.user,
                                                    status=Status.IN_PROGRESS)[:5])
    return render(request, "content/home.html", {
        "subject": subject, "themes": themes, "board": board, "open_attempts": open_attempts,
        "other_subjects": Subject.objects.exclude(key=SUBJECT_KEY)
        .prefetch_related("themes__contents"),
    })


@require_GET
def study_section(request: HttpRequest, key: str) -> HttpResponse:
    section = get_object_or_404(Section.objects.select_related("theme"), key=key)
    parts = section.parts.prefetch_related(
        Prefetch("contents", queryset=Content.objects.only("key", "name"))
    )
    return render(request, "content/study_section.html", {
        "section": section, "parts": parts,
        "sections": Section.objects.only("key", "title"),
    })


@require_GET
def study_part(request: HttpRequest, key: str) -> HttpResponse:
    """One sub-section alone (htmx target for the table of contents)."""
    part = get_object_or_404(Part.objects.select_related("section"), key=key)
    return render(request, "content/partials/part.html", {"part": part})
