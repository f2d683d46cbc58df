"""The review app's blocks on other apps' pages: the home page's "due today" queue and the
tools under an answered question (templates load these; quizzes never imports review)."""

from django import template

from quizzes.papers import active_questions, cites_part
from review.deck import due_today
from review.models import Bookmark, Note, ReportReason
from review.tools import visible_questions

register = template.Library()


@register.inclusion_tag("review/due_today.html", takes_context=True)
def due_today_queue(context) -> dict:
    user = context["request"].user
    return {"due": due_today(user) if user.is_authenticated else None,
            "request": context["request"]}


@register.inclusion_tag("review/question_tools.html", takes_context=True)
def question_tools(context, question_id: int) -> dict:
    """Bookmark, note and report for one question the page already shows the learner."""
    user = context["request"].user
    if not visible_questions(user).filter(pk=question_id).exists():
        return {"hidden": True}  # secure or withheld: none of the tools
    return {
        "question_id": question_id, "request": context["request"],
        "csrf_token": context.get("csrf_token"),
        "bookmarked": Bookmark.objects.filter(user=user, question_id=question_id).exists(),
        "note": Note.objects.filter(user=user, question_id=question_id).first(),
        "report_reasons": ReportReason.choices,
    }


PART_ENOUGH = 5  # fewer of its own questions than this: the page says so


@register.inclusion_tag("review/part_practice.html", takes_context=True)
def part_practice(context, part) -> dict:
    """"Practise this part" on the study page: how many questions cite the part (one query per
    section), and, when too few, the part's evaluation contents to practise instead."""
    key = ("part-sources", part.section_id)
    sources = context.render_context.get(key)
    if sources is None:
        sources = list(active_questions().filter(source__startswith=part.section.key)
                       .values_list("source", flat=True))
        context.render_context[key] = sources
    own = sum(1 for s in sources if cites_part(s, part.section.key, part.number))
    return {"part": part, "own": own, "enough": own >= PART_ENOUGH,
            "request": context["request"], "csrf_token": context.get("csrf_token"),
            "current_subject": context.get("current_subject")}
