"""Study pages: a section of study text, official guide or the platform's own notes."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from content.models import Content, Section
from content.subjects import remember


@require_GET
def study_section(request: HttpRequest, key: str) -> HttpResponse:
    section = get_object_or_404(Section.objects.select_related("theme__subject"), key=key)
    remember(request, section.theme.subject)  # the section names its subject
    parts = section.parts.prefetch_related(
        Prefetch("contents", queryset=Content.objects.only("key", "name"))
    )
    return render(request, "content/study_section.html", {
        "section": section, "parts": parts, "subject": section.theme.subject,
        "sections": Section.objects.filter(theme__subject=section.theme.subject)
        .only("key", "title"),
    })
