"""Pages of the learner's tools: practise-the-wrong-ones, bookmarks, notes, reports, search."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from core.htmx import go_to, page_or_fragment
from review import tools
from review.forms import NoteForm, ReportForm, SearchForm
from review.models import Bookmark, Report


@login_required
@require_POST
def retry_wrong(request: HttpRequest, pk: int) -> HttpResponse:
    attempt = tools.retry_wrong(request.user, attempt_id=pk)
    return go_to(request, reverse("attempt", args=[attempt.pk]))


@login_required
@require_GET
def question_page(request: HttpRequest, question_id: int) -> HttpResponse:
    """One question's stem with the learner's tools (linked from result pages and lists)."""
    question = tools.visible_question(request.user, question_id)
    return render(request, "review/question.html", {"question": question})


@login_required
@require_GET
def bookmarks(request: HttpRequest) -> HttpResponse:
    marks = (Bookmark.objects.filter(user=request.user,
                                     question__in=tools.visible_questions(request.user))
             .select_related("question__current_version", "question__content"))
    return render(request, "review/bookmarks.html", {"bookmarks": marks})


@login_required
@require_POST
@page_or_fragment
def bookmark(request: HttpRequest, question_id: int) -> HttpResponse:
    on = tools.toggle_bookmark(request.user, question_id=question_id,
                               on=request.POST.get("on") == "1")
    if not request.htmx:
        return redirect("bookmarks")
    return render(request, "review/question_tools.html#bookmark",
                  {"question_id": question_id, "bookmarked": on})


@login_required
@require_GET
def notes(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    return render(request, "review/notes.html",
                  {"notes": tools.my_notes(request.user, query), "q": query})


@login_required
@require_GET
def notes_export(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(tools.notes_markdown(request.user),
                            content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="ipas-notes.md"'
    return response


@login_required
@require_POST
@page_or_fragment
def note(request: HttpRequest, question_id: int) -> HttpResponse:
    form = NoteForm(request.POST)
    if not form.is_valid():
        raise BadRequest("a note is at most 4000 characters")
    saved = tools.save_note(request.user, question_id=question_id,
                            text=form.cleaned_data["text"])
    if not request.htmx:
        return redirect("notes")
    return render(request, "review/question_tools.html#note",
                  {"question_id": question_id, "note": saved, "note_saved": True})


@login_required
@require_POST
@page_or_fragment
def report(request: HttpRequest, question_id: int) -> HttpResponse:
    form = ReportForm(request.POST)
    if not form.is_valid():
        raise BadRequest("choose a reason")
    tools.report_question(request.user, question_id=question_id, **form.cleaned_data)
    if not request.htmx:
        return redirect("my_reports")
    return render(request, "review/question_tools.html#reported")


@login_required
@require_GET
def my_reports(request: HttpRequest) -> HttpResponse:
    reports = Report.objects.filter(user=request.user).select_related(
        "question__current_version")
    return render(request, "review/reports.html", {"reports": reports})


@login_required
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    if not form.is_valid():
        raise BadRequest("a search is at most 100 characters")
    query = form.cleaned_data["q"]
    return render(request, "review/search.html",
                  {"q": query, "results": tools.search(request.user, query)})
