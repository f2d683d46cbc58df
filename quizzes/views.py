"""Learner pages: choosing a practice set or paper, taking it, and results.

Views stay thin: rules live in quizzes.attempts, quizzes.papers and quizzes.mastery.
"""

from __future__ import annotations

from typing import NamedTuple

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from content.models import Section, Theme
from quizzes import attempts as svc
from quizzes.access import owned_attempt
from quizzes.charts import theme_chart
from quizzes.mastery import breakdown, history_by_theme, mastery_for
from quizzes.models import Attempt, Mode, Status
from quizzes.papers import SUBJECT_KEY, PaperError
from quizzes.reveal import answers_visible

PRACTICE_KINDS = {"section", "part", "theme", "content", "weak"}
EXAM_KINDS = {"guide", "section", "theme", "blueprint"}


def _redirect(request: HttpRequest, url: str) -> HttpResponse:
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def _int(value: str | None, default: int | None = None, lo: int = 1, hi: int = 200) -> int | None:
    try:
        n = int(value) if value not in (None, "") else default
    except ValueError:
        return None
    if n is not None and not lo <= n <= hi:
        return None
    return n


@login_required
@require_GET
def practice_home(request: HttpRequest) -> HttpResponse:
    board = mastery_for(request.user)
    return render(request, "quizzes/practice_home.html", {
        "themes": Theme.objects.filter(subject__key=SUBJECT_KEY).prefetch_related("contents"),
        "sections": Section.objects.all(),
        "board": board,
        "open_attempts": Attempt.objects.filter(user=request.user, status=Status.IN_PROGRESS,
                                                mode=Mode.PRACTICE)[:5],
    })


@login_required
@require_GET
def exam_home(request: HttpRequest) -> HttpResponse:
    return render(request, "quizzes/exam_home.html", {
        "sections": Section.objects.all(),
        "open_attempts": Attempt.objects.filter(user=request.user, status=Status.IN_PROGRESS,
                                                mode=Mode.EXAM, assignment__isnull=True)[:5],
    })


@login_required
@require_POST
def start(request: HttpRequest, mode: str) -> HttpResponse:
    kinds = PRACTICE_KINDS if mode == Mode.PRACTICE else EXAM_KINDS
    kind = request.POST.get("kind", "")
    count = _int(request.POST.get("count"))
    minutes = _int(request.POST.get("minutes"), lo=1, hi=300)
    if kind not in kinds or (count is None and request.POST.get("count")) or \
            (minutes is None and request.POST.get("minutes")):
        return HttpResponseBadRequest("invalid paper request")
    try:
        attempt = svc.start_attempt(request.user, kind, request.POST.get("scope", "")[:64],
                                    mode=mode, count=count, minutes=minutes)
    except PaperError as exc:
        messages.error(request, str(exc))
        return redirect("practice_home" if mode == Mode.PRACTICE else "exam_home")
    return redirect("attempt", attempt.pk)


class GridCell(NamedTuple):
    position: int
    selected: str
    flagged: bool


def _current_position(request: HttpRequest, items: list) -> int:
    pos = _int(request.GET.get("q"), hi=len(items) or 1)
    if pos:
        return pos
    unanswered = [i.position for i in items if not i.selected]
    return unanswered[0] if unanswered else 1


@login_required
@require_GET
def attempt_page(request: HttpRequest, pk: int) -> HttpResponse:
    attempt = owned_attempt(request, pk)
    if attempt.status == Status.SUBMITTED:
        return _redirect(request, reverse("result", args=[pk]))
    # the grid needs three columns of every item, not 50 model instances; only the
    # question shown needs its text
    items = [GridCell(*row) for row in
             attempt.items.order_by("position").values_list("position", "selected", "flagged")]
    pos = _current_position(request, items)
    item = attempt.items.select_related("version").get(position=pos)
    ctx = {
        "attempt": attempt, "items": items, "item": item,
        "remaining": svc.remaining_seconds(attempt),
        "answered": sum(1 for i in items if i.selected),
    }
    if attempt.mode == Mode.PRACTICE:
        template = "quizzes/practice.html"
        partial = "quizzes/partials/practice_question.html"
    else:
        template = "quizzes/exam.html"
        partial = "quizzes/partials/exam_question.html"
    if request.htmx and request.htmx.target in ("question", "practice-question"):
        return render(request, partial, ctx)
    return render(request, template, ctx)


@login_required
@require_POST
def answer(request: HttpRequest, pk: int, pos: int) -> HttpResponse:
    choice_id = _int(request.POST.get("choice"), lo=1, hi=2**62)
    if choice_id is None:
        return HttpResponseBadRequest("choice must be a choice id")
    try:
        item = svc.save_answer(request.user, pk, pos, choice_id)
    except svc.AnswerRefused as exc:
        messages.error(request, exc.message)
        if request.htmx:
            resp = render(request, "quizzes/partials/refused.html", {"message": exc.message},
                          status=exc.status)
            resp["HX-Redirect"] = reverse("result", args=[pk])
            return resp
        return redirect("result", pk)
    except svc.InvalidChoice as exc:
        return HttpResponse(exc.message, status=exc.status)
    attempt = item.attempt
    if not request.htmx:
        nxt = pos + 1 if pos < attempt.total else pos
        return redirect(f"{reverse('attempt', args=[pk])}?q={nxt}")
    if attempt.mode == Mode.PRACTICE:
        return render(request, "quizzes/partials/practice_feedback.html", {
            "attempt": attempt, "item": item,
            "answered": attempt.items.exclude(selected="").count(),
        })
    return render(request, "quizzes/partials/exam_saved.html", {
        "attempt": attempt, "item": item,
        "saved_at": timezone.localtime(item.answered_at).strftime("%H:%M:%S"),
        "remaining": svc.remaining_seconds(attempt),
    })


@login_required
@require_POST
def flag(request: HttpRequest, pk: int, pos: int) -> HttpResponse:
    flagged = request.POST.get("flagged") == "1"
    try:
        item = svc.set_flag(request.user, pk, pos, flagged)
    except svc.AnswerRefused as exc:
        return HttpResponse(exc.message, status=exc.status)
    if not request.htmx:
        return redirect(f"{reverse('attempt', args=[pk])}?q={pos}")
    return render(request, "quizzes/partials/flag.html", {"attempt": item.attempt, "item": item})


@login_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    attempt = owned_attempt(request, pk)
    # The page's own timer posts auto=1 at zero; trust it only near the real deadline.
    remaining = svc.remaining_seconds(attempt)
    by_clock = request.POST.get("auto") == "1" and remaining is not None and remaining <= 5
    svc.submit(attempt, auto=by_clock)
    return _redirect(request, reverse("result", args=[pk]))


@login_required
@require_GET
def result(request: HttpRequest, pk: int) -> HttpResponse:
    attempt = owned_attempt(request, pk)
    if attempt.status != Status.SUBMITTED:
        return redirect("attempt", pk)
    themes, contents = breakdown(attempt)
    items = list(attempt.items.select_related("version", "content"))
    return render(request, "quizzes/result.html", {
        "attempt": attempt, "themes": themes, "contents": contents, "items": items,
        "time_used": svc.time_used(attempt),
        "reveal": answers_visible(attempt),
    })


@login_required
@require_GET
def history(request: HttpRequest) -> HttpResponse:
    attempts = Attempt.objects.filter(user=request.user).select_related("assignment")[:100]
    return render(request, "quizzes/history.html", {"attempts": attempts})


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    board = mastery_for(request.user)
    chart = theme_chart(history_by_theme(request.user), [t.key for t in board.themes],
                        {t.key: t.name for t in board.themes})
    return render(request, "quizzes/dashboard.html", {
        "board": board, "chart": chart,
        "recent": Attempt.objects.filter(user=request.user, status=Status.SUBMITTED,
                                         mode=Mode.EXAM)[:5],
    })


@login_required
@require_GET
def clock(request: HttpRequest, pk: int) -> HttpResponse:
    """The server's view of the time left, for the page to resynchronise its countdown."""
    attempt = owned_attempt(request, pk)
    return JsonResponse({"remaining": svc.remaining_seconds(attempt), "status": attempt.status})
