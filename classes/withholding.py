"""Which answers graded assignments keep from a learner, registered with
``quizzes.withholding`` (classes.apps): one home for the reveal rules across pages.

1. An assignment of one of the learner's classes that has not closed, and has not yet
   revealed its answers to this learner, withholds every question it can draw: its fixed
   form, its secure pool, or (a paper of the public bank without a fixed form) its whole
   scope, which the assignment form says.
2. A question sitting in any open assignment drawn from a secure pool or a fixed form stays
   hidden everywhere else until that assignment closes too, from everyone but the
   instructors of that assignment's class.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, Exists, OuterRef, Q, Subquery

from classes.models import Assignment, Klass, LearnerException
from quizzes.models import PaperKind, Pool, Question, Status
from quizzes.papers import PaperError, scope_queryset


def assignment_questions(assignment: Assignment) -> set[int]:
    """Every question ``assignment`` can draw."""
    if assignment.fixed_form and assignment.form:
        return set(assignment.form)
    if assignment.kind == PaperKind.PRIVATE:
        return set(Question.objects.filter(pool=Pool.PRIVATE, klass_id=assignment.klass_id)
                   .values_list("pk", flat=True))
    if assignment.kind == PaperKind.RESERVED:
        return set(Question.objects.filter(
            pool=Pool.RESERVED, content__theme__subject_id=assignment.subject_id)
            .values_list("pk", flat=True))
    try:
        qs, _title, _subject = scope_queryset(assignment.kind, assignment.scope,
                                              assignment.subject)
    except PaperError:
        return set()
    return set(qs.values_list("pk", flat=True))


def withheld_for(user, now: datetime, *, except_assignment: int | None = None) -> set[int]:
    mine = Q(klass__memberships__user=user)
    guarded = Q(kind__in=[PaperKind.PRIVATE, PaperKind.RESERVED]) | Q(fixed_form=True)
    # a learner's own later window (reveal_after) keeps the key back until it closes too
    candidates = (Assignment.objects.filter(Q(closes_at__gt=now) | Q(reveal_after__gt=now))
                  .filter(mine | guarded)
                  .select_related("subject", "klass").annotate(
                      used=Count("attempts", filter=Q(attempts__user=user,
                                                      attempts__status=Status.SUBMITTED)),
                      member=Count("klass__memberships",
                                   filter=Q(klass__memberships__user=user)),
                      assisting=Exists(Klass.co_instructors.through.objects.filter(
                          klass_id=OuterRef("klass_id"), user_id=user.pk)),
                      # a subquery, not a join: a join would multiply the counts above
                      extra=Subquery(LearnerException.objects.filter(
                          assignment=OuterRef("pk"), user=user).values("extra_attempts")[:1]))
                  .distinct())
    out: set[int] = set()
    for a in candidates:
        own = a.member > 0
        if a.pk == except_assignment or a.klass.instructor_id == user.pk or a.assisting:
            continue  # (its instructors hold its key anyway)
        if own and not a.answers_visible(now, attempts_used=a.used,
                                         extra_attempts=a.extra or 0):
            out |= assignment_questions(a)  # rule 1
        elif a.opens_at <= now and (a.is_secure or a.fixed_form):
            out |= assignment_questions(a)  # rule 2
    return out

