"""The learner's study tools: the review deck and its session (more in review.tool_views)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from content.sittings import days_left, target_sitting
from core.htmx import page_or_fragment
from quizzes.forms import answer_choice
from quizzes.models import LABELS, AttemptItem
from review import deck as svc


def shown_item(card, answer=None) -> AttemptItem:
    """An unsaved item that shows the card's question in the bank's order A–D, so the
    answered-choices include renders it as it renders any attempt's."""
    version = card.question.current_version
    return AttemptItem(question=card.question, version=version, order=list(LABELS),
                       selected=answer.selected if answer else "",
                       is_correct=answer.is_correct if answer else None)


@login_required
@require_GET
def deck_page(request: HttpRequest) -> HttpResponse:
    svc.sync_deck(request.user)
    sitting = target_sitting(request.user)
    return render(request, "review/deck.html", {
        "cards": svc.deck(request.user).order_by("suspended", "due"),
        "due": svc.due_cards(request.user).count(), "sitting": sitting,
        "days_left": days_left(sitting),
    })


@login_required
@require_GET
def session(request: HttpRequest) -> HttpResponse:
    svc.sync_deck(request.user)
    due = svc.due_cards(request.user)
    card = due.first()
    return render(request, "review/session.html", {
        "card": card, "item": shown_item(card) if card else None, "left": due.count(),
    })


@login_required
@require_POST
@page_or_fragment
def answer(request: HttpRequest, card_id: int) -> HttpResponse:
    shown = answer_choice(request.POST)
    if shown is None:
        return HttpResponseBadRequest("choice must be the position of a shown option (1-4)")
    given = svc.answer_card(request.user, card_id=card_id, shown=shown)
    card = given.card
    ctx = {"card": card, "item": shown_item(card, given), "given": given, "reveal": True,
           "left": svc.due_cards(request.user).count()}
    template = "review/session.html#feedback" if request.htmx else "review/session.html"
    return render(request, template, ctx)


@login_required
@require_POST
@page_or_fragment
def suspend(request: HttpRequest, card_id: int) -> HttpResponse:
    card = svc.set_suspended(request.user, card_id=card_id,
                             suspended=request.POST.get("suspended") == "1")
    if not request.htmx:
        return redirect("review_deck")
    return render(request, "review/deck.html#row", {"card": card})


@login_required
@require_POST
@page_or_fragment
def guessed(request: HttpRequest, pk: int, pos: int) -> HttpResponse:
    svc.mark_guessed(request.user, attempt_id=pk, position=pos)
    if not request.htmx:
        return redirect(f"{reverse('attempt', args=[pk])}?q={pos}")
    return render(request, "review/guessed.html")
