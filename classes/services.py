"""Business rules of classes: join codes, assignment windows and starting an assignment.

Plain functions over the models so views stay thin and tests need no client.
Every function that touches attempts goes through quizzes.attempts, which owns
the deadline; here we only decide whether an attempt may start.
"""

from __future__ import annotations

import random
import secrets
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import is_instructor
from classes.models import (
    Assignment,
    Klass,
    LearnerException,
    LearnerStatus,
    Membership,
    Window,
)
from content.models import Content, Section, Subject, Theme
from core.choices import OptionIn, normalise_text
from core.errors import Refused
from core.throttle import throttle
from quizzes.attempts import create_attempt
from quizzes.models import Attempt, Choice, Mode, PaperKind, Pool, Question, Status
from quizzes.papers import (
    PaperError,
    active_questions,
    draw_paper,
    scope_queryset,
    secure_queryset,
)
from quizzes.selectors import settled
from quizzes.versions import snapshot_question
from quizzes.withholding import withheld_questions

# No 0/O, 1/I: a code read aloud in class or copied from a projector survives.
JOIN_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 8
ASSIGNMENT_KINDS = (PaperKind.SECTION, PaperKind.THEME, PaperKind.GUIDE, PaperKind.BLUEPRINT,
                    PaperKind.PRIVATE, PaperKind.RESERVED)


class ClassError(Refused):
    """A class refused a join or an assignment start."""


class JoinRefused(ClassError):
    pass


class StartRefused(ClassError):
    pass


# ---- join codes -------------------------------------------------------------


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalise_code(raw: str) -> str:
    """Upper-case, without spaces or dashes: 'abcd-efgh' and 'ABCDEFGH' are one code."""
    return "".join(ch for ch in (raw or "").upper() if ch not in " -\t")[:16]


def _save_with_fresh_code(klass: Klass) -> Klass:
    # 32**8 codes make a clash rare; the unique index decides, we just retry
    for _attempt in range(10):
        klass.join_code = new_join_code()
        try:
            with transaction.atomic():
                klass.save()
            return klass
        except IntegrityError:
            if not Klass.objects.filter(join_code=klass.join_code).exists():
                raise  # some other constraint failed
    raise RuntimeError("could not find a free join code")


def default_code_expiry(now: datetime | None = None) -> datetime:
    """Join codes expire by default (settings.IPAS["JOIN_CODE_DAYS"]): a code passed around
    does not open the class for ever."""
    return (now or timezone.now()) + timedelta(days=settings.IPAS["JOIN_CODE_DAYS"])


def create_class(instructor, name: str, code_expires_at: datetime | None = None) -> Klass:
    return _save_with_fresh_code(
        Klass(instructor=instructor, name=name.strip(),
              code_expires_at=code_expires_at or default_code_expiry())
    )


def regenerate_code(klass: Klass, expires_at: datetime | None = None) -> Klass:
    """A new code (the old one stops working at once), expiring when asked or by default."""
    klass.code_expires_at = expires_at or default_code_expiry()
    return _save_with_fresh_code(klass)


def guard_join_tries(*, user_id: int, ip: str) -> None:
    """Join codes are guessable only slowly: a few tries a minute per user and per IP."""
    throttle("join", {"user": str(user_id), "ip": ip},
             limit=settings.IPAS["JOINS_PER_MINUTE"], window=60,
             message=_("Too many join codes tried. Wait a minute and try again."))


def code_is_valid(klass: Klass, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return klass.code_expires_at is None or now < klass.code_expires_at


def find_class_by_code(code: str, now: datetime | None = None) -> Klass:
    """The class a code opens, or JoinRefused with a message for the learner."""
    code = normalise_code(code)
    klass = (Klass.objects.select_related("instructor").filter(join_code=code).first()
             if code else None)
    if klass is None:
        raise JoinRefused(_("This join code is not valid. Check it with your instructor."))
    if not code_is_valid(klass, now):
        raise JoinRefused(_("This join code has expired. Ask your instructor for a new one."))
    return klass


def join_class(user, code: str, now: datetime | None = None) -> tuple[Klass, bool]:
    """Join the class of ``code``; returns (class, joined now). Joining twice is harmless."""
    klass = find_class_by_code(code, now)
    if klass.instructor_id == user.pk or klass.co_instructors.filter(pk=user.pk).exists():
        raise JoinRefused(_("You teach this class; learners join it with this code."))
    _membership, created = Membership.objects.get_or_create(klass=klass, user=user)
    return klass, created


def teaches(user) -> Q:
    """Classes ``user`` teaches: their own and those they assist (a subquery: no duplicates)."""
    assisted = Klass.co_instructors.through.objects.filter(user_id=user.pk).values("klass_id")
    return Q(instructor_id=user.pk) | Q(pk__in=assisted)


def classes_of_instructor(user) -> QuerySet[Klass]:
    return Klass.objects.filter(teaches(user))


def classes_taught(user, *, archived: bool = False) -> QuerySet[Klass]:
    return Klass.objects.filter(teaches(user), archived_at__isnull=not archived).annotate(
        n_members=Count("memberships", distinct=True),
        n_assignments=Count("assignments", distinct=True),
    )


# ---- assignment windows and learner status -----------------------------------


def window_state(assignment: Assignment, now: datetime | None = None,
                 exception: LearnerException | None = None) -> Window:
    now = now or timezone.now()
    terms = Terms.of(assignment, exception)
    if now < terms.opens_at:
        return Window.UPCOMING
    if now >= terms.closes_at:
        return Window.CLOSED
    return Window.OPEN


@dataclass(frozen=True)
class Terms:
    """What one learner gets of an assignment: its settings with their exception applied."""

    opens_at: datetime
    closes_at: datetime
    max_attempts: int
    minutes: int

    @classmethod
    def of(cls, assignment: Assignment, exception: LearnerException | None = None) -> Terms:
        if exception is None:
            return cls(assignment.opens_at, assignment.closes_at, assignment.max_attempts,
                       assignment.time_limit_minutes)
        return cls(exception.opens_at or assignment.opens_at,
                   exception.closes_at or assignment.closes_at,
                   assignment.max_attempts + exception.extra_attempts,
                   assignment.time_limit_minutes + exception.extra_minutes)


def learner_status(assignment: Assignment, statuses: Iterable[str],
                   now: datetime | None = None, joined_at: datetime | None = None,
                   exception: LearnerException | None = None) -> str:
    """One learner's status from the statuses of their attempts of ``assignment``.

    An open attempt wins (the learner has something to resume); a closed window
    with nothing submitted is missed, unless the learner joined only after it closed
    (``joined_at``): the assignment was never theirs, and no count includes it.
    """
    statuses = list(statuses)
    if Status.IN_PROGRESS in statuses:
        return LearnerStatus.IN_PROGRESS
    if Status.SUBMITTED in statuses:
        return LearnerStatus.SUBMITTED
    if joined_at is not None and joined_at >= Terms.of(assignment, exception).closes_at:
        return LearnerStatus.JOINED_LATE
    if window_state(assignment, now, exception) == Window.CLOSED:
        return LearnerStatus.MISSED
    return LearnerStatus.NOT_STARTED


def member_assignment(user, pk: int) -> Assignment | None:
    """An assignment of one of the user's classes (None: not theirs to see)."""
    return (Assignment.objects.select_related("klass")
            .filter(pk=pk, klass__memberships__user=user, archived_at__isnull=True,
                    klass__archived_at__isnull=True).first())


def start_assignment(user, assignment: Assignment, now: datetime | None = None,
                     rng: random.Random | None = None) -> Attempt:
    """Resume the learner's open attempt of ``assignment`` or start a new one.

    Refused before the window opens, after it closes and once the allowed
    attempts are used. The membership row is locked so a double click cannot
    start two attempts.
    """
    now = now or timezone.now()
    with transaction.atomic():
        membership = (Membership.objects.select_for_update()
                      .filter(klass_id=assignment.klass_id, user=user).first())
        if membership is None:
            raise StartRefused(_("You are not a member of this class."))
        mine = Attempt.objects.filter(user=user, assignment=assignment)
        settled(mine, now)
        current = mine.filter(status=Status.IN_PROGRESS).order_by("-started_at").first()
        if current is not None:
            return current
        exception = LearnerException.objects.filter(assignment=assignment, user=user).first()
        terms = Terms.of(assignment, exception)
        state = window_state(assignment, now, exception)
        if state == Window.UPCOMING:
            local = timezone.localtime(terms.opens_at)
            raise StartRefused(_("This assignment opens at %(time)s (%(zone)s).") % {
                "time": local.strftime("%Y-%m-%d %H:%M"), "zone": local.tzinfo})
        if state == Window.CLOSED:
            raise StartRefused(_("This assignment has closed."))
        if mine.count() >= terms.max_attempts:
            raise StartRefused(_("You have used all %(n)d allowed attempts.")
                               % {"n": terms.max_attempts})
        try:
            paper = draw_paper(assignment.kind, assignment.scope, subject=assignment.subject,
                               count=assignment.question_count,
                               minutes=terms.minutes, user=user, rng=rng,
                               klass_id=assignment.klass_id,
                               form=assignment.form if assignment.fixed_form else None)
        except PaperError as exc:
            raise StartRefused(str(exc)) from exc
        return create_attempt(user, paper, mode=Mode.EXAM, assignment=assignment,
                              closes_at=terms.closes_at, now=now, rng=rng,
                              shuffle_questions=not PaperKind(assignment.kind)
                              .keeps_printed_order)


# ---- what each side sees -----------------------------------------------------


@dataclass
class AssignmentRow:
    """One assignment as one learner sees it."""

    assignment: Assignment
    status: str
    window: Window
    used: int
    open_attempt_id: int | None = None
    best: Attempt | None = None
    exception: LearnerException | None = None

    @property
    def terms(self) -> Terms:
        return Terms.of(self.assignment, self.exception)

    @property
    def status_label(self) -> str:
        return str(LearnerStatus(self.status).label)

    @property
    def can_start(self) -> bool:
        if self.open_attempt_id:
            return True
        return self.window == Window.OPEN and self.used < self.terms.max_attempts


@dataclass
class JoinedClass:
    klass: Klass
    assignments: list[AssignmentRow] = field(default_factory=list)


def my_classes(user, now: datetime | None = None) -> list[JoinedClass]:
    """The learner's classes with their assignments and status: five queries."""
    now = now or timezone.now()
    settled(Attempt.objects.filter(user=user, assignment__isnull=False), now)
    memberships = list(Membership.objects.filter(user=user, klass__archived_at__isnull=True)
                       .select_related("klass__instructor__profile").order_by("-joined_at"))
    joined = {m.klass_id: JoinedClass(m.klass) for m in memberships}
    joined_at = {m.klass_id: m.joined_at for m in memberships}
    attempts: dict[int, list[Attempt]] = defaultdict(list)
    for a in Attempt.objects.filter(user=user, assignment__klass__in=list(joined)) \
            .order_by("started_at"):
        attempts[a.assignment_id].append(a)
    exceptions = {e.assignment_id: e for e in LearnerException.objects.filter(
        user=user, assignment__klass__in=list(joined))}
    for assignment in Assignment.objects.filter(klass__in=list(joined), archived_at__isnull=True
                                                ).order_by("closes_at"):
        exception = exceptions.get(assignment.pk)
        mine = attempts.get(assignment.pk, [])
        submitted = [a for a in mine if a.status == Status.SUBMITTED]
        open_ = [a for a in mine if a.status == Status.IN_PROGRESS]
        status = learner_status(assignment, (a.status for a in mine), now,
                                joined_at[assignment.klass_id], exception)
        if status == LearnerStatus.JOINED_LATE:
            continue  # closed before the learner joined: not theirs
        joined[assignment.klass_id].assignments.append(AssignmentRow(
            assignment=assignment,
            status=status,
            window=window_state(assignment, now, exception),
            used=len(mine), exception=exception,
            open_attempt_id=open_[-1].pk if open_ else None,
            best=best_attempt(submitted),
        ))
    return list(joined.values())


def best_attempt(attempts: Iterable):
    """The attempt that counts: highest score, the earlier on a tie (Moodle's 'highest grade').

    Works on Attempt objects and on ``values()`` dicts alike.
    """
    def get(a, name):
        return a[name] if isinstance(a, dict) else getattr(a, name)

    def key(a):
        total = get(a, "total")
        return (-(get(a, "correct") / total if total else 0), get(a, "submitted_at"))

    submitted = [a for a in attempts if get(a, "status") == Status.SUBMITTED]
    return min(submitted, key=key) if submitted else None


@dataclass
class AssignmentSummary:
    assignment: Assignment
    window: Window
    counts: dict[str, int]


def class_summary(klass: Klass, now: datetime | None = None) -> list[AssignmentSummary]:
    """Each assignment of the class with its completion counts: three queries."""
    now = now or timezone.now()
    members = dict(Membership.objects.filter(klass=klass).values_list("user_id", "joined_at"))
    seen: dict[tuple[int, int], list[str]] = defaultdict(list)
    for assignment_id, user_id, status in Attempt.objects.filter(
            assignment__klass=klass).values_list("assignment_id", "user_id", "status"):
        seen[assignment_id, user_id].append(status)
    out = []
    for assignment in klass.assignments.all().order_by("-opens_at"):
        counts = dict.fromkeys(LearnerStatus.report_order(), 0)
        for user_id, joined_at in members.items():
            status = learner_status(assignment, seen.get((assignment.pk, user_id), []), now,
                                    joined_at)
            if status in counts:  # a late joiner is counted nowhere
                counts[status] += 1
        out.append(AssignmentSummary(assignment, window_state(assignment, now), counts))
    return out


# ---- papers an instructor can assign -----------------------------------------


def paper_choices(klass: Klass | None = None) -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped choices for the assignment form, one group per subject; values are
    'subject/kind' or 'subject/kind:scope'. The secure pools come first and say so."""
    groups = []
    sections = defaultdict(list)
    for s in Section.objects.select_related("theme__subject"):
        sections[s.theme.subject_id].append(s)
    themes = defaultdict(list)
    for t in Theme.objects.all():
        themes[t.subject_id].append(t)
    secure = secure_pool_sizes(klass)
    for subject in Subject.objects.order_by("order"):
        k = subject.key
        whole = [(f"{k}/{PaperKind.BLUEPRINT}", _("Full mock paper (blueprint proportions)"))]
        if subject.official_guide:  # the guide paper exists only where a guide is carried
            whole.insert(0, (f"{k}/{PaperKind.GUIDE}",
                             _("Guide paper (the guide's mock questions in order; published, "
                               "never secure)")))
        private, reserved = secure.get(subject.pk, (0, 0))
        secure_choices = []
        if private:
            secure_choices.append((f"{k}/{PaperKind.PRIVATE}", _(
                "Secure: this class's private questions (%(n)d)") % {"n": private}))
        if reserved:
            secure_choices.append((f"{k}/{PaperKind.RESERVED}", _(
                "Secure: the reserved pool (%(n)d)") % {"n": reserved}))
        groups.append((f"{subject.code} {subject.name}", [
            *secure_choices, *whole,
            *((f"{k}/{PaperKind.SECTION}:{s.key}", f"{s.key} {s.title}")
              for s in sections[subject.pk]),
            *((f"{k}/{PaperKind.THEME}:{t.key}", t.name) for t in themes[subject.pk]),
        ]))
    return groups


def secure_pool_sizes(klass: Klass | None) -> dict[int, tuple[int, int]]:
    """Per subject id: (the class's private questions, the reserved pool) ready to draw."""
    out: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    rows = (active_questions(Pool.RESERVED).values_list("content__theme__subject")
            .annotate(n=Count("id")))
    for subject_id, n in rows:
        out[subject_id][1] = n
    if klass is not None and klass.pk:
        rows = (active_questions(Pool.PRIVATE).filter(klass=klass)
                .values_list("content__theme__subject").annotate(n=Count("id")))
        for subject_id, n in rows:
            out[subject_id][0] = n
    return {k: (v[0], v[1]) for k, v in out.items()}


def split_paper(value: str) -> tuple[str, str, str]:
    """'s2/section:3.1' -> ('s2', 'section', '3.1')."""
    subject, _slash, paper = value.partition("/")
    kind, _sep, scope = paper.partition(":")
    return subject, kind, scope


def paper_pool(subject_key: str, kind: str, scope: str = "", *,
               klass: Klass | None = None) -> tuple[int, str, Subject]:
    """How many questions a paper can draw from, its title and subject; PaperError if none."""
    subject = Subject.objects.filter(key=subject_key).first()
    if kind not in ASSIGNMENT_KINDS or subject is None:
        raise PaperError(_("Unknown kind of paper."))
    if PaperKind(kind).is_secure:
        qs, title = secure_queryset(kind, subject, klass.pk if klass else None)
        return qs.count(), str(title), subject
    qs, title, subject = scope_queryset(kind, scope, subject)
    return qs.count(), str(title), subject


def assignment_started(assignment: Assignment) -> bool:
    """Whether anyone has started the assignment: from then on its paper, question count and
    fixed form are locked (a change would put old scores under a different paper)."""
    return bool(assignment.pk) and Attempt.objects.filter(assignment=assignment).exists()


class AssignmentLocked(ClassError):
    status = 409


def save_assignment(assignment: Assignment, *, redraw_form: bool = False) -> Assignment:
    """Save an assignment; a fixed form is drawn once, when it is first needed (or the paper
    changed), so every learner gets the same questions. Once anyone has started it, the
    paper, count and form are locked: the saved row keeps them whatever the caller set."""
    if assignment.pk and assignment_started(assignment):
        saved = Assignment.objects.get(pk=assignment.pk)
        if (saved.kind, saved.scope, saved.subject_id, saved.question_count, saved.fixed_form
                ) != (assignment.kind, assignment.scope, assignment.subject_id,
                      assignment.question_count, assignment.fixed_form):
            raise AssignmentLocked(_(
                "Learners have started this assignment: its paper and question count are "
                "locked. Duplicate it to change them."))
        redraw_form = False
    with transaction.atomic():
        if assignment.fixed_form and (redraw_form or not assignment.form):
            paper = draw_paper(assignment.kind, assignment.scope, subject=assignment.subject,
                               count=assignment.question_count, klass_id=assignment.klass_id)
            assignment.form = [q.pk for q in paper.questions]
        elif not assignment.fixed_form:
            assignment.form = []
        assignment.save()
    return assignment


def assignments_of(user) -> QuerySet[Assignment]:
    """Assignments an instructor may see: only those of their own classes."""
    return Assignment.objects.select_related("klass").filter(
        klass__in=classes_of_instructor(user))



# ---- membership, archiving, duplicating ------------------------------------------------
# Nothing here deletes an attempt: Attempt.assignment is PROTECT, and a membership's end
# leaves the learner's attempts (and the item tallies built from them) where they are.


def remove_member(*, klass: Klass, user_id: int) -> bool:
    """The instructor removes a learner; their submitted work stays. False: not a member."""
    with transaction.atomic():
        deleted, _rows = Membership.objects.filter(klass=klass, user_id=user_id).delete()
    return bool(deleted)


def leave_class(*, user, klass_id: int) -> Klass:
    """A learner leaves a class; their attempts stay in its records."""
    with transaction.atomic():
        membership = (Membership.objects.select_related("klass")
                      .filter(klass_id=klass_id, user=user).first())
        if membership is None:
            raise ClassError(_("You are not a member of this class."))
        membership.delete()
    return membership.klass


def set_archived(obj: Klass | Assignment, *, archived: bool,
                 now: datetime | None = None) -> Klass | Assignment:
    """Archive (or bring back) a class or an assignment: hidden from lists, nothing deleted."""
    obj.archived_at = (now or timezone.now()) if archived else None
    obj.save(update_fields=["archived_at"])
    return obj


def rename_class(*, klass: Klass, name: str) -> Klass:
    name = name.strip()
    if not name:
        raise ClassError(_("A class needs a name."))
    klass.name = name
    klass.save(update_fields=["name"])
    return klass


def delete_assignment(*, assignment: Assignment) -> None:
    """Only an assignment nobody has started may be deleted; otherwise archive it."""
    with transaction.atomic():
        Assignment.objects.select_for_update().filter(pk=assignment.pk).first()
        if assignment_started(assignment):
            raise AssignmentLocked(_("Learners have started this assignment, so it cannot be "
                                     "deleted. Archive it instead: nothing is lost."))
        assignment.delete()


def duplicate_assignment(*, assignment: Assignment, klass: Klass) -> Assignment:
    """A copy of ``assignment`` in ``klass`` (the same class or another one the instructor
    teaches), with no attempts. A fixed form is kept when the questions are the same bank's;
    a class's private questions belong to their class, so a copy elsewhere draws anew."""
    if assignment.kind == PaperKind.PRIVATE and klass.pk != assignment.klass_id:
        raise ClassError(_("Private questions belong to their class; this paper cannot be "
                           "reused in another class."))
    copy = Assignment(
        klass=klass, title=assignment.title, kind=assignment.kind, subject=assignment.subject,
        scope=assignment.scope, question_count=assignment.question_count,
        time_limit_minutes=assignment.time_limit_minutes, opens_at=assignment.opens_at,
        closes_at=assignment.closes_at, max_attempts=assignment.max_attempts,
        reveal=assignment.reveal, fixed_form=assignment.fixed_form,
        form=list(assignment.form))
    return save_assignment(copy)


# ---- the printable paper ----------------------------------------------------------------


@dataclass
class PrintedQuestion:
    number: int
    key: str
    stem: str
    options: list[dict]  # {"label", "text", "rationale", "is_answer"} in the bank's order
    answer: str  # "" when withheld from the viewer
    explanation: str


def printable_questions(assignment: Assignment, *, viewer) -> list[PrintedQuestion]:
    """The paper to print: the fixed form as everyone gets it, otherwise one draw of the
    paper (a guide paper in its printed order). Keys the viewer may not see stay out."""
    try:
        paper = draw_paper(assignment.kind, assignment.scope, subject=assignment.subject,
                           count=assignment.question_count, klass_id=assignment.klass_id,
                           form=assignment.form if assignment.fixed_form else None)
    except PaperError as exc:
        raise ClassError(str(exc)) from exc
    hidden = withheld_questions(viewer)
    out = []
    for n, q in enumerate(paper.questions, start=1):
        version = q.current_version
        secret = q.pk in hidden
        options = [{"label": c["label"], "text": c["text"],
                    "rationale": "" if secret else c.get("rationale", ""),
                    "is_answer": not secret and c["label"] == version.answer}
                   for c in sorted(version.choices, key=lambda c: c["label"])]
        out.append(PrintedQuestion(n, q.key, version.stem, options,
                                   "" if secret else version.answer,
                                   "" if secret else version.explanation))
    return out


# ---- co-instructors ------------------------------------------------------------------


def add_co_instructor(*, klass: Klass, by, username: str):
    """The class's owner adds an approved instructor as a co-instructor."""
    if klass.instructor_id != by.pk:
        raise ClassError(_("Only the class's owner can change its co-instructors."))
    user = get_user_model().objects.filter(username=username.strip()).first()
    if user is None or not is_instructor(user):
        raise ClassError(_("Only approved instructors can be co-instructors."))
    if user.pk == klass.instructor_id:
        raise ClassError(_("You already teach this class."))
    with transaction.atomic():
        Membership.objects.filter(klass=klass, user=user).delete()  # teaching, not sitting
        klass.co_instructors.add(user)
    return user


def remove_co_instructor(*, klass: Klass, by, user_id: int) -> None:
    if klass.instructor_id != by.pk:
        raise ClassError(_("Only the class's owner can change its co-instructors."))
    klass.co_instructors.remove(user_id)


# ---- per-learner exceptions (accommodations) -----------------------------------------


def _refresh_reveal_after(assignment: Assignment) -> None:
    """Keep Assignment.reveal_after the latest close among its learners' own windows, so no
    answer is revealed to the class while one learner's window is still open."""
    latest = (LearnerException.objects.filter(assignment=assignment, closes_at__isnull=False)
              .order_by("-closes_at").values_list("closes_at", flat=True).first())
    assignment.reveal_after = latest if latest and latest > assignment.closes_at else None
    Assignment.objects.filter(pk=assignment.pk).update(reveal_after=assignment.reveal_after)


def save_exception(*, assignment: Assignment, user_id: int, extra_minutes: int = 0,
                   extra_attempts: int = 0, opens_at: datetime | None = None,
                   closes_at: datetime | None = None, note: str = "") -> LearnerException:
    """Give one member of the assignment's class their own terms (replacing any before)."""
    if not Membership.objects.filter(klass_id=assignment.klass_id, user_id=user_id).exists():
        raise ClassError(_("That learner is not in this class."))
    if (opens_at or assignment.opens_at) >= (closes_at or assignment.closes_at):
        raise ClassError(_("The closing time must be after the opening time."))
    with transaction.atomic():
        Assignment.objects.select_for_update().filter(pk=assignment.pk).first()
        exception, _created = LearnerException.objects.update_or_create(
            assignment=assignment, user_id=user_id, defaults={
                "extra_minutes": extra_minutes, "extra_attempts": extra_attempts,
                "opens_at": opens_at, "closes_at": closes_at, "note": note.strip()})
        _refresh_reveal_after(assignment)
    return exception


def delete_exception(*, assignment: Assignment, user_id: int) -> None:
    with transaction.atomic():
        Assignment.objects.select_for_update().filter(pk=assignment.pk).first()
        LearnerException.objects.filter(assignment=assignment, user_id=user_id).delete()
        _refresh_reveal_after(assignment)


# ---- a class's private questions -------------------------------------------------------


def private_questions(klass: Klass) -> QuerySet[Question]:
    """The class's own secure questions, for its instructors' pages only."""
    return (Question.objects.filter(pool=Pool.PRIVATE, klass=klass)
            .select_related("content__theme__subject").order_by("-updated_at"))


def save_private_question(*, klass: Klass, content: Content, stem: str, explanation: str,
                          options: list[OptionIn], question: Question | None = None,
                          ) -> Question:
    """Write a private question of ``klass`` (new, or a new version of ``question``): never
    served outside this class's assignments. Its section is the first of its theme's."""
    section = Section.objects.filter(theme_id=content.theme_id).order_by("order").first()
    if section is None:
        raise ClassError(_("This evaluation content has no study section yet."))
    with transaction.atomic():
        if question is None:
            question = Question(pool=Pool.PRIVATE, klass=klass, origin="authored",
                                key=f"p{klass.pk}-{secrets.token_hex(4)}")
        question.content, question.section = content, section
        question.stem, question.explanation = stem.strip(), explanation.strip()
        question.source = str(_("Instructor's question"))
        question.save()
        for option in options:
            Choice.objects.update_or_create(question=question, label=option.label, defaults={
                "text": option.text, "is_correct": option.is_correct,
                "rationale": normalise_text(option.rationale)})
        snapshot_question(question)
    return question
