"""Which questions a practice set or mock-exam paper draws from the bank."""

from __future__ import annotations

import math
import random
import re
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from content.models import Content, Part, Section, Subject, Theme
from core.errors import Refused
from quizzes import irt
from quizzes.diagnostic import next_question
from quizzes.mastery import bank_contents, posteriors
from quizzes.models import AttemptItem, PaperKind, Pool, Question

MINUTES_PER_QUESTION = 1.5  # the real paper: 50 questions in 75 minutes


class PaperError(Refused):
    """The requested paper cannot be drawn (unknown scope, empty bank)."""

    status = 400


@dataclass(frozen=True)
class Paper:
    kind: str
    scope: str
    title: str
    subject: Subject
    questions: list[Question]
    minutes: int | None  # None: untimed


def active_questions(pool: str = Pool.PUBLIC) -> QuerySet[Question]:
    """Questions that can be drawn, of one pool: the public bank unless a graded assignment
    asks for its secure pool."""
    return Question.objects.filter(is_active=True, current_version__isnull=False, pool=pool)


def secure_queryset(kind: str, subject: Subject, klass_id: int | None,
                    ) -> tuple[QuerySet[Question], str]:
    """A secure pool: the class's private questions or the deployer's reserved pool."""
    if kind == PaperKind.PRIVATE:
        if klass_id is None:
            raise PaperError(_("Unknown kind of paper."))
        return (active_questions(Pool.PRIVATE).filter(klass_id=klass_id),
                gettext_noop("Private questions"))
    return (active_questions(Pool.RESERVED).filter(content__theme__subject=subject),
            gettext_noop("Reserved questions"))


def citation_regex(section_key: str, number: int) -> str:
    """A source that cites §``number`` of a section anywhere: "3.1 §4(3)", "3.1 §2、§4",
    never §40 (the same test runs in PostgreSQL and in Python)."""
    return rf"^{re.escape(section_key)}[^0-9].*§{number}([^0-9]|$)"


def cites_part(source: str, section_key: str, number: int) -> bool:
    return re.search(citation_regex(section_key, number), source) is not None


def default_minutes(count: int) -> int:
    return max(1, math.ceil(count * MINUTES_PER_QUESTION))


def scope_queryset(kind: str, scope: str, subject: Subject | None = None,
                   ) -> tuple[QuerySet[Question], str, Subject]:
    """Questions of a scope, with a title for it and the subject it belongs to.

    Whole papers (guide, blueprint) need ``subject``; a narrower scope names its own, and
    one outside ``subject`` is refused.
    """
    qs, title, found = _scope_queryset(kind, scope, subject)
    if subject is not None and found.pk != subject.pk:
        raise PaperError(_("That choice belongs to another subject."))
    return qs, title, found


def _scope_queryset(kind: str, scope: str, subject: Subject | None,
                    ) -> tuple[QuerySet[Question], str, Subject]:
    qs = active_questions()
    if kind in (PaperKind.GUIDE, PaperKind.BLUEPRINT) and subject is None:
        raise PaperError(_("Choose a subject first."))
    if kind == PaperKind.GUIDE:
        guide_qs = qs.filter(origin="guide", section__theme__subject=subject)
        return guide_qs, gettext_noop("Guide paper"), subject
    if kind == PaperKind.SECTION:
        section = Section.objects.select_related("theme__subject").filter(key=scope).first()
        if not section:
            raise PaperError(_("Unknown section."))
        return qs.filter(section=section), f"{section.key} {section.title}", section.theme.subject
    if kind == PaperKind.PART:
        part = Part.objects.select_related("section__theme__subject").filter(key=scope).first()
        if not part:
            raise PaperError(_("Unknown sub-section."))
        # the part's own questions: those whose source cites it (too few: the study page
        # says so and offers the part's evaluation contents, review.templatetags)
        cited = qs.filter(source__regex=citation_regex(part.section.key, part.number))
        return cited, f"{part.key} {part.title}", part.section.theme.subject
    if kind == PaperKind.THEME:
        theme = Theme.objects.select_related("subject").filter(key=scope).first()
        if not theme:
            raise PaperError(_("Unknown evaluation theme."))
        return qs.filter(content__theme=theme), theme.name, theme.subject
    if kind == PaperKind.CONTENT:
        content = Content.objects.select_related("theme__subject").filter(key=scope).first()
        if not content:
            raise PaperError(_("Unknown evaluation content."))
        return qs.filter(content=content), content.name, content.theme.subject
    if kind == PaperKind.BLUEPRINT:
        return qs.filter(content__theme__subject=subject), gettext_noop("Full mock paper"), subject
    raise PaperError(_("Unknown kind of paper."))


def _least_seen_first(questions: list[Question], user, rng: random.Random) -> list[Question]:
    """Shuffle, then put questions this learner has seen least often first."""
    seen: dict[int, int] = {}
    if user is not None and user.is_authenticated:
        seen = dict(
            AttemptItem.objects.filter(user=user, question__in=[q.pk for q in questions])
            .values_list("question").annotate(n=Count("id"))
        )
    rng.shuffle(questions)
    return sorted(questions, key=lambda q: seen.get(q.pk, 0))


def _balanced(questions: list[Question], n: int) -> list[Question]:
    """``n`` of ``questions`` (least seen first), spread over their contents round-robin, so
    a paper balances contents within each theme, not only themes."""
    by_content: dict[int, list[Question]] = defaultdict(list)
    for q in questions:
        by_content[q.content_id].append(q)
    queues = sorted(by_content.values(), key=len, reverse=True)
    out: list[Question] = []
    while len(out) < n and any(queues):
        for queue in queues:
            if queue and len(out) < n:
                out.append(queue.pop(0))
    return out


def blueprint_counts(weights: dict[int, int], total: int,
                     available: dict[int, int] | None = None) -> dict[int, int]:
    """Split ``total`` over themes in proportion to ``weights`` (largest remainder).

    ``available`` caps each theme (default: the weights themselves, i.e. the bank).
    """
    available = available if available is not None else weights
    weight_sum = sum(weights.values())
    total = min(total, sum(available.values()))
    if not weight_sum or not total:
        return {}
    exact = {t: total * w / weight_sum for t, w in weights.items()}
    counts = {t: min(available.get(t, 0), math.floor(x)) for t, x in exact.items()}
    by_remainder = sorted(exact, key=lambda t: exact[t] - math.floor(exact[t]), reverse=True)
    while sum(counts.values()) < total:
        room = [t for t in by_remainder if counts[t] < available.get(t, 0)]
        if not room:
            break
        for t in room:
            if sum(counts.values()) >= total:
                break
            counts[t] += 1
    return counts


def draw_paper(kind: str, scope: str = "", *, subject: Subject | None = None,
               count: int | None = None, minutes: int | None = None, user=None,
               timed: bool = True, rng: random.Random | None = None,
               exclude: Collection[int] = (), klass_id: int | None = None,
               form: Sequence[int] | None = None) -> Paper:
    """Draw a paper. A full paper follows settings.IPAS["BLUEPRINT"] (theme key ->
    questions, used as proportions when ``count`` differs), else the bank's proportions.

    ``exclude``: questions not to serve (answers withheld from this learner). ``klass_id``:
    the class whose private questions a secure paper draws. ``form``: a fixed form's
    questions, served as they are (order shuffled by the attempt).
    """
    rng = rng or random.Random()
    if kind == PaperKind.WEAK:
        if subject is None:
            raise PaperError(_("Choose a subject first."))
        return _weak_paper(user, subject, count or 10, rng, exclude)
    if kind == PaperKind.DIAGNOSTIC:
        if subject is None:
            raise PaperError(_("Choose a subject first."))
        return _diagnostic_paper(user, subject, rng, exclude)
    if PaperKind(kind).is_secure:
        if subject is None:
            raise PaperError(_("Choose a subject first."))
        qs, title = secure_queryset(kind, subject, klass_id)
    else:
        qs, title, subject = scope_queryset(kind, scope, subject)
    if form:
        by_id = qs.filter(pk__in=form).select_related("content__theme", "current_version",
                                                       "section").in_bulk()
        chosen = [by_id[pk] for pk in form if pk in by_id]
        if not chosen:
            raise PaperError(_("There are no questions for this choice yet."))
        return Paper(kind, scope, str(title), subject, chosen, minutes if timed else None)
    if exclude:
        qs = qs.exclude(pk__in=list(exclude))
    pool = list(qs.select_related("content__theme", "current_version", "section"))
    if not pool:
        raise PaperError(_("There are no questions for this choice yet."))
    if kind == PaperKind.GUIDE:
        chosen = sorted(pool, key=lambda q: (q.section.order, q.number or 0))
        if count:
            chosen = chosen[:count]
    elif kind == PaperKind.BLUEPRINT:
        total = count or settings.IPAS["FULL_PAPER_QUESTIONS"]
        by_theme: dict[int, list[Question]] = defaultdict(list)
        for q in pool:
            by_theme[q.content.theme_id].append(q)
        available = {t: len(qs_) for t, qs_ in by_theme.items()}
        plan = settings.IPAS.get("BLUEPRINT")
        weights = available
        if plan:
            key_of = {t: qs_[0].content.theme.key for t, qs_ in by_theme.items()}
            weights = {t: plan.get(key_of[t], 0) for t in by_theme}
            if count is None:
                total = sum(weights.values())
        counts = blueprint_counts(weights, total, available)
        chosen = []
        for theme_id in sorted(by_theme, key=lambda t: by_theme[t][0].content.theme.order):
            chosen += _balanced(_least_seen_first(by_theme[theme_id], user, rng),
                                counts.get(theme_id, 0))
    else:
        chosen = _least_seen_first(pool, user, rng)[: count or 10]
    if kind == PaperKind.BLUEPRINT and len(chosen) != settings.IPAS["FULL_PAPER_QUESTIONS"]:
        title = gettext_noop("Custom mock paper")  # not the full paper: a name of its own
    if timed and minutes is None:
        full = kind == PaperKind.BLUEPRINT and \
            len(chosen) == settings.IPAS["FULL_PAPER_QUESTIONS"]
        minutes = settings.IPAS["FULL_PAPER_MINUTES"] if full else default_minutes(len(chosen))
    return Paper(kind, scope, str(title), subject, chosen, minutes if timed else None)


REPEAT_CAP = 3  # a question seen this often is not served again by weak-content practice
MIN_EVIDENCE = 4  # contents with fewer answers are tested before any other
LEARNING_STEP = 0.1  # logit an answer is assumed to teach: what "expected gain" measures


def _weak_paper(user, subject: Subject, count: int, rng: random.Random,
                exclude: Collection[int] = ()) -> Paper:
    """Adaptive weak-content practice. Each question's content is chosen by Thompson
    sampling: draw the learner's ability on every content from its posterior, and take the
    content whose paper score would gain most from one more answer (its share of the paper
    × the rise of its expected share right), contents with under ``MIN_EVIDENCE`` answers
    first. So it keeps re-testing contents with little or old evidence instead of locking in.
    Within a content: unseen questions first, then the least seen, never more than
    ``REPEAT_CAP`` sightings."""
    bank = bank_contents([subject])
    if not bank:
        raise PaperError(_("There are no questions for this choice yet."))
    posts, tally = posteriors(user, list(bank))
    np_rng = np.random.default_rng(rng.randrange(2**32))
    share = {c: len(row.items) for c, row in bank.items()}
    params = {c: np.array(row.items).T for c, row in bank.items()}  # (a's, b's)
    wanted: dict[int, int] = defaultdict(int)
    for _slot in range(count):
        best, best_gain = None, -1.0
        for c in bank:
            answered = tally.get(c, (0, 0))[1] + wanted[c]
            theta = float(irt.sample_theta(posts[c], np_rng, 1)[0])
            a, b = params[c]
            rise = float(np.mean(irt.p_right(theta + LEARNING_STEP, a, b)
                                 - irt.p_right(theta, a, b)))
            gain = share[c] * rise + (1.0 if answered < MIN_EVIDENCE else 0.0)
            if gain > best_gain:
                best, best_gain = c, gain
        wanted[best] += 1
    pool = list(
        active_questions().filter(content_id__in=list(wanted)).exclude(pk__in=list(exclude))
        .select_related("content__theme", "current_version", "section")
    )
    seen: dict[int, int] = {}
    if user is not None and user.is_authenticated:
        seen = dict(AttemptItem.objects.filter(user=user, question__in=[q.pk for q in pool])
                    .values_list("question").annotate(n=Count("id")))
    by_content: dict[int, list[Question]] = defaultdict(list)
    for q in pool:
        if seen.get(q.pk, 0) < REPEAT_CAP:
            by_content[q.content_id].append(q)
    chosen: list[Question] = []
    for c, n in wanted.items():
        qs_ = by_content.get(c, [])
        rng.shuffle(qs_)
        chosen += sorted(qs_, key=lambda q: seen.get(q.pk, 0))[:n]
    if not chosen:
        raise PaperError(_("There are no questions for this choice yet."))
    rng.shuffle(chosen)
    targets = [bank[c].key for c in sorted(wanted, key=wanted.get, reverse=True)]
    title = gettext_noop("My weak contents")
    return Paper("weak", ",".join(targets)[:64], title, subject, chosen, None)


def _diagnostic_paper(user, subject: Subject, rng: random.Random,
                      exclude: Collection[int] = ()) -> Paper:
    """A diagnostic starts with its first question; each answer adds the next one
    (``quizzes.diagnostic``, through ``quizzes.attempts.save_answer``)."""
    first = next_question(user, subject, None, np.random.default_rng(rng.randrange(2**32)),
                          exclude)
    if first is None:
        raise PaperError(_("There are no questions for this choice yet."))
    return Paper(PaperKind.DIAGNOSTIC, "", gettext_noop("Diagnostic paper"), subject,
                 [first], None)
