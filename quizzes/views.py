"""Learner pages: the subject's home, choosing a practice set or paper, taking it, results.

Views stay thin: a Form validates, one service or selector runs, a template renders. Rules
live in quizzes.attempts, quizzes.papers, quizzes.mastery and quizzes.selectors; every
``Refused`` is answered by core.middleware.
"""

from __future__ import annotations

from typing import NamedTuple

from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import trigger_client_event

from content.subjects import all_subjects, subject_by_id, subject_for
from core.htmx import go_to, page_or_fragment
from quizzes import attempts as svc
from quizzes import selectors
from quizzes.charts import theme_chart
from quizzes.forms import StartForm, answer_choice, shown_position
from quizzes.mastery import breakdown, evidence_for, history_by_theme, mastery_for
from quizzes.models import Mode, Status
from quizzes.readiness import outlook
from quizzes.readiness import trend as readiness_trend
from quizzes.review_filters import filter_review
from quizzes.sitting import sitting_of
from quizzes.withholding import withheld_questions


@require_GET
def home(request: HttpRequest, subject: str | None = None) -> HttpResponse:
    subj = subject_for(request, subject)
    board = open_attempts = ahead = None
    if request.user.is_authenticated:
        subjects = all_subjects(request)
        evidence = evidence_for(request.user, subjects)  # read once for board and readiness
        board = mastery_for(request.user, subj, evidence=evidence)
        open_attempts = list(selectors.learner_attempts(request.user, subj).open()[:5])
        ahead = outlook(request.user, subjects, evidence=evidence)  # readiness, the countdown
    return render(request, "content/home.html", {
        "subject": subj, "themes": selectors.subject_themes(subj), "board": board,
        "open_attempts": open_attempts, "has_questions": selectors.subject_has_questions(subj),
        "outlook": ahead,
    })


@login_required
@require_GET
def practice_home(request: HttpRequest, subject: str | None = None) -> HttpResponse:
    subj = subject_for(request, subject)
    return render(request, "quizzes/practice_home.html", {
        "subject": subj, "themes": selectors.subject_themes(subj),
        "sections": selectors.subject_sections(subj), "board": mastery_for(request.user, subj),
        "has_questions": selectors.subject_has_questions(subj),
        "open_attempts": selectors.learner_attempts(request.user, subj).open().practice()[:5],
    })


@login_required
@require_GET
def exam_home(request: HttpRequest, subject: str | None = None) -> HttpResponse:
    subj = subject_for(request, subject)
    return render(request, "quizzes/exam_home.html", {
        "subject": subj, "sections": selectors.subject_sections(subj),
        "has_questions": selectors.subject_has_questions(subj),
        "open_attempts": selectors.learner_attempts(request.user, subj).open().exams()
        .self_started()[:5],
    })


@login_required
@require_POST
def start(request: HttpRequest, mode: str, subject: str | None = None) -> HttpResponse:
    form = StartForm(request.POST, mode=mode)
    if not form.is_valid():
        raise BadRequest("invalid paper request")  # handler400: the site's own page
    subj = subject_for(request, subject)
    attempt = svc.start_attempt(request.user, form.cleaned_data["kind"],
                                form.cleaned_data["scope"], subject=subj, mode=mode,
                                count=form.cleaned_data["count"],
                                minutes=form.cleaned_data["minutes"])
    return redirect("attempt", attempt.pk)


class GridCell(NamedTuple):
    position: int
    selected: str
    flagged: bool


def _current_position(request: HttpRequest, items: list[GridCell]) -> int:
    pos = shown_position(request.GET)
    if pos and pos <= len(items):
        return pos
    unanswered = [i.position for i in items if not i.selected]
    return unanswered[0] if unanswered else 1


@login_required
@require_GET
@page_or_fragment
def attempt_page(request: HttpRequest, pk: int) -> HttpResponse:
    attempt = selectors.owned_attempt(request.user, pk)
    if attempt.status == Status.SUBMITTED:
        return go_to(request, reverse("result", args=[pk]))
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
        "unanswered": sum(1 for i in items if not i.selected),  # the submit question's counts
        "flagged": sum(1 for i in items if i.flagged),
    }
    if attempt.mode == Mode.PRACTICE and item.selected:  # its feedback is shown again
        ctx["reveal"] = item.question_id not in withheld_questions(request.user)
    template = "quizzes/practice.html" if attempt.mode == Mode.PRACTICE else "quizzes/exam.html"
    if request.htmx and request.htmx.target in ("question", "practice-question"):
        return _with_clock(render(request, f"{template}#question", ctx), ctx["remaining"])
    return render(request, template, ctx)


def _with_clock(response: HttpResponse, remaining: int | None) -> HttpResponse:
    """Tell the page's countdown the server's time left (the `clock-sync` event)."""
    if remaining is not None:
        trigger_client_event(response, "clock-sync", {"remaining": remaining})
    return response


@login_required
@require_POST
@page_or_fragment
def answer(request: HttpRequest, pk: int, pos: int, practice: bool = False) -> HttpResponse:
    shown = answer_choice(request.POST)
    if shown is None:
        return HttpResponseBadRequest("choice must be the position of a shown option (1-4)")
    try:
        saved = svc.save_answer(request.user, pk, pos, shown, practice=practice)
    except svc.AnswerRefused as exc:
        exc.redirect_to = reverse("result", args=[pk])
        raise
    if not request.htmx:
        nxt = pos + 1 if pos < saved.total else pos
        return redirect(f"{reverse('attempt', args=[pk])}?q={nxt}")
    if saved.mode == Mode.PRACTICE:
        attempt = selectors.owned_attempt(request.user, pk, expire=False)
        item = attempt.items.select_related("version", "question").get(position=pos)
        response = render(request, "quizzes/practice.html#feedback", {
            "attempt": attempt, "item": item,
            "answered": attempt.items.exclude(selected="").count(),
            "reveal": item.question_id not in withheld_questions(request.user),
        })
    else:
        response = _with_clock(render(request, "quizzes/exam.html#saved", {
            "item": saved, "saved_at": timezone.localtime(saved.answered_at).strftime("%H:%M:%S"),
        }), svc.remaining_seconds(saved))
    # the page's save status and retry queue listen for this, not for a target's id
    return trigger_client_event(response, "answer-saved", {"position": pos})


@login_required
@require_POST
@page_or_fragment
def flag(request: HttpRequest, pk: int, pos: int) -> HttpResponse:
    item = svc.set_flag(request.user, pk, pos, request.POST.get("flagged") == "1")
    if not request.htmx:
        return redirect(f"{reverse('attempt', args=[pk])}?q={pos}")
    return render(request, "quizzes/exam.html#flag", {"attempt": item.attempt, "item": item})


@login_required
@require_POST
@page_or_fragment
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    attempt = selectors.owned_attempt(request.user, pk)
    by_clock = request.POST.get("auto") == "1" and svc.trusts_clock_submit(attempt)
    svc.submit(attempt, auto=by_clock)
    return go_to(request, reverse("result", args=[pk]))


_REVIEW_FIELDS = ("position", "selected", "is_correct", "order", "flagged", "attempt_id",
                  "version", "content", "question", "version__stem", "version__choices",
                  "version__answer", "version__explanation", "content__name",
                  "question__origin", "question__source", "question__errata",
                  "question__pool")


@login_required
@require_GET
def result(request: HttpRequest, pk: int) -> HttpResponse:
    attempt = selectors.owned_attempt(request.user, pk)
    if attempt.status != Status.SUBMITTED:
        return redirect("attempt", pk)
    request.subject = subject_by_id(request, attempt.subject_id)  # no query of its own
    # the review shows the version's text; of the question only its origin and errata
    items = list(attempt.items.select_related("version", "content", "question")
                 .only(*_REVIEW_FIELDS))
    reveal = attempt.answers_visible()
    themes, contents = breakdown(attempt) if reveal else ((), ())
    # questions still sitting in a graded assignment keep their answers, one by one
    hidden = withheld_questions(request.user, except_assignment=attempt.assignment_id) \
        if reveal else set()
    for item in items:
        item.revealed = reveal and item.question_id not in hidden
    review = filter_review(items, request.GET.get("show"))
    return render(request, "quizzes/result.html", {
        "attempt": attempt, "items": review.items, "review": review,
        "time_used": svc.time_used(attempt),
        "reveal": reveal, "withheld": reveal and bool(hidden & {i.question_id for i in items}),
        # until answers are shown, no per-content counts that could give an item away
        "themes": themes, "contents": contents, "sitting": sitting_of(attempt),
    })


@login_required
@require_GET
def history(request: HttpRequest, subject: str | None = None) -> HttpResponse:
    subj = subject_for(request, subject)
    attempts = selectors.learner_attempts(request.user, subj).select_related("assignment")[:100]
    return render(request, "quizzes/history.html", {"attempts": attempts, "subject": subj})


@login_required
@require_GET
def dashboard(request: HttpRequest, subject: str | None = None) -> HttpResponse:
    subj = subject_for(request, subject)
    board = mastery_for(request.user, subj)
    chart = theme_chart(history_by_theme(request.user, subj), [t.key for t in board.themes],
                        {t.key: t.name for t in board.themes}, pass_line=subj.pass_mark)
    return render(request, "quizzes/dashboard.html", {
        "subject": subj, "board": board, "chart": chart,
        "recent": selectors.learner_attempts(request.user, subj).submitted().exams()[:5],
        "trend": readiness_trend(request.user, subj),
    })


@login_required
@require_GET
def clock(request: HttpRequest, pk: int) -> HttpResponse:
    """The server's view of the time left, for the page to resynchronise its countdown."""
    attempt = selectors.owned_attempt(request.user, pk)
    return JsonResponse({"remaining": svc.remaining_seconds(attempt), "status": attempt.status})
