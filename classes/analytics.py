"""Class reports and item analysis, computed with SQL aggregates.

Every figure comes from a fixed number of GROUP BY queries, so a page costs
the same number of queries for 5 learners or 500. Python only combines the
aggregated rows (one per learner x content, or one per question).

Item analysis follows Moodle's quiz statistics:

* difficulty (facility) p: the proportion of responses that are correct;
* discrimination: the point-biserial correlation between the item (0/1) and
  the attempt's score on the *other* questions (corrected, so an item is not
  correlated with itself), plus Kelley's upper-lower index D = p_upper - p_lower
  over the top and bottom 27% of attempts by total score;
* how often each option was chosen, by the option's original label (the
  learner may have seen it under another letter after shuffling).
"""

from __future__ import annotations

import hashlib
import math
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from django.core.cache import cache
from django.db.models import (
    Count,
    Q,
    QuerySet,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from classes import counted_figures, item_figures, tallies
from classes.counting import COUNTED, counted_attempts
from classes.models import Assignment, Klass, LearnerException, LearnerStatus, Membership
from classes.services import learner_status
from content.models import Theme
from quizzes.mastery import Mastery
from quizzes.models import LABELS, Attempt, AttemptItem, Question, QuestionVersion, Status
from quizzes.selectors import settled
from quizzes.withholding import withheld_questions

GROUP_SHARE = 0.27  # Kelley's upper and lower groups
MIN_RESPONSES = 5  # fewer responses than this say nothing about a question: no flags
EASY_ABOVE = 0.9
HARD_BELOW = 0.2
WEAKEST_SHOWN = 3


# ---- item analysis -------------------------------------------------------------


FLAG_LABELS = {
    "negative": _("negative discrimination"),
    "unused": _("distractor chosen by nobody"),
    "easy": _("too easy (p > 0.9)"),
    "hard": _("too hard (p < 0.2)"),
}


# Item analysis counts every submitted attempt unless asked (Moodle's statistics default);
# the results tab counts each learner's highest.
ITEMS_COUNTED = "all"
ITEMS_COUNTED_NOTES = {
    "all": _("Every submitted attempt counts."),
    "highest": _("One attempt per learner and assignment: the highest score (the earlier "
                 "one on a tie)."),
    "first": _("One attempt per learner and assignment: the first submitted."),
    "last": _("One attempt per learner and assignment: the last submitted."),
}


def counted_choices(which: str) -> list[tuple[str, str, bool]]:
    """(value, label, chosen) of each choice of attempts, for a page's "Which attempts"."""
    labels = {"highest": _("Highest"), "first": _("First"), "last": _("Last"),
              "all": _("All attempts")}
    return [(k, str(labels[k]), k == which) for k in COUNTED]


def items_counted(which: str | None) -> str:
    """A page's ``?attempts=`` for item analysis; anything else is the default."""
    return which if which in COUNTED else ITEMS_COUNTED


@dataclass
class OptionCount:
    label: str
    count: int
    share: float
    is_answer: bool
    unused: bool


@dataclass
class ItemStats:
    """One question version's figures over the analysed attempts."""

    version_id: int
    question_key: str
    version_number: int
    stem: str
    content: str
    answer: str
    first_position: int
    n: int
    correct: int
    counts: dict[str, int]
    blank: int
    r_pb: float | None
    d: float | None
    flags: list[str] = field(default_factory=list)

    @property
    def p(self) -> float | None:
        return self.correct / self.n if self.n else None

    @property
    def options(self) -> list[OptionCount]:
        return [
            OptionCount(label, self.counts[label], self.counts[label] / self.n if self.n else 0,
                        label == self.answer, label in self.unused_distractors)
            for label in LABELS
        ]

    @property
    def unused_distractors(self) -> list[str]:
        if self.n < MIN_RESPONSES:
            return []
        return [lab for lab in LABELS if lab != self.answer and self.counts[lab] == 0]

    @property
    def flag_labels(self) -> list[str]:
        labels = []
        for f in self.flags:
            text = str(FLAG_LABELS[f])
            if f == "unused":
                text += ": " + ", ".join(self.unused_distractors)
            labels.append(text)
        return labels


@dataclass
class ItemReport:
    items: list[ItemStats]
    attempts: int
    group_size: int  # attempts in each of the upper and lower groups

    min_responses: int = MIN_RESPONSES
    # questions left out because their answers are withheld from the viewer (an instructor
    # who also sits an open assignment using them): their counts would give the key away
    withheld: int = 0
    which: str = ITEMS_COUNTED  # which attempts are analysed (COUNTED)

    @property
    def flagged(self) -> int:
        return sum(1 for i in self.items if i.flags)

    @property
    def counted_choices(self) -> list[tuple[str, str, bool]]:
        return counted_choices(self.which)

    @property
    def counted_note(self) -> str:
        return str(ITEMS_COUNTED_NOTES[self.which])


def for_viewer(report: ItemReport, user) -> ItemReport:
    """The report as ``user`` may see it: without the questions whose answers a graded
    assignment still withholds from them."""
    hidden = withheld_questions(user)
    if not hidden:
        return report
    keys = set(Question.objects.filter(pk__in=hidden).values_list("key", flat=True))
    kept = [i for i in report.items if i.question_key not in keys]
    return replace(report, items=kept, withheld=len(report.items) - len(kept))


def point_biserial(n: int, sx: float, sy: float, sxy: float, syy: float) -> float | None:
    """Pearson r of a 0/1 item x with a score y, from sums (sxx equals sx for 0/1).

    None when either variable does not vary (everyone right, or equal scores).
    """
    if n < 2:
        return None
    var_x = n * sx - sx * sx
    var_y = n * syy - sy * sy
    if var_x <= 0 or var_y <= 1e-12:
        return None
    return (n * sxy - sx * sy) / math.sqrt(var_x * var_y)


def item_flags(n: int, p: float | None, r_pb: float | None, d: float | None,
               unused: list[str]) -> list[str]:
    """Moodle-style warnings; none below MIN_RESPONSES, where one answer swings p by 20%+."""
    flags: list[str] = []
    if n < MIN_RESPONSES:
        return flags
    discrimination = r_pb if r_pb is not None else d
    if discrimination is not None and discrimination < 0:
        flags.append("negative")
    if unused:
        flags.append("unused")
    if p is not None and p > EASY_ABOVE:
        flags.append("easy")
    if p is not None and p < HARD_BELOW:
        flags.append("hard")
    return flags


def group_size(n_attempts: int) -> int:
    return max(1, round(GROUP_SHARE * n_attempts)) if n_attempts else 0


def item_analysis(scope: QuerySet[Assignment], which: str = ITEMS_COUNTED) -> ItemReport:
    """Item statistics over the submitted attempts at the ``scope``'s assignments: all of
    them, or (``which``) each learner's highest, first or last at each assignment.

    Four queries for all attempts when every tally is fresh (overdue attempts, the stamps,
    the figures, the versions' texts); assignments with new submissions are rebuilt first,
    in one transaction. A choice of one attempt reads no tallies and counts the learners
    instead (five queries).
    """
    return _analyse(_settled_stamps(scope), items_counted(which))


def _settled_stamps(scope: QuerySet[Assignment]) -> list[tallies.AssignmentStamp]:
    # an attempt abandoned past its deadline is handed in before it is counted (or missed)
    settled(Attempt.objects.filter(assignment__in=scope))
    return tallies.stamps(scope)


def _analyse(stamps: list[tallies.AssignmentStamp], which: str) -> ItemReport:
    ids = [s.assignment_id for s in stamps]
    n_attempts = sum(s.live.attempts for s in stamps)
    if n_attempts and which != "all":
        n_attempts = _learner_attempts(ids)  # one counted attempt each
    if not n_attempts:
        return ItemReport([], 0, 0, which=which)
    k = group_size(n_attempts)
    if not tallies.available():
        stats = item_figures.from_responses(ids, k, which)
    elif which == "all":
        tallies.refresh(stamps)
        stats = tallies.figures(ids, k)
    else:
        stats = counted_figures.figures(ids, k, which)
    # flat rows, not four model instances per version: 250 questions' texts in one pass
    versions = QuestionVersion.objects.filter(id__in=list(stats)).values_list(
        "id", "number", "stem", "answer", "question__key", "question__content__name",
        "question__section__order", "question__origin", "question__number")
    # the bank's order (section, guide number), not the shuffled order learners saw
    ordered = sorted(versions, key=lambda v: (v[6], v[7], v[8] or 0, v[4], v[1]))
    items = []
    for version_id, number, stem, answer, key, content, *_order in ordered:
        r = stats[version_id]
        d = r["ku"] / r["nu"] - r["kl"] / r["nl"] if r["nu"] and r["nl"] else None
        r_pb = point_biserial(r["nd"], r["sx"], r["sy"] or 0.0, r["sxy"] or 0.0,
                              r["syy"] or 0.0)
        item = ItemStats(
            version_id=version_id, question_key=key, version_number=number, stem=stem,
            content=content, answer=answer, first_position=r["first_position"], n=r["n"],
            correct=r["k"], counts={lab: r[f"opt_{lab}"] for lab in LABELS},
            blank=r["blank"], r_pb=r_pb, d=d,
        )
        item.flags = item_flags(item.n, item.p, r_pb, d, item.unused_distractors)
        items.append(item)
    return ItemReport(items, n_attempts, k, which=which)


def _learner_attempts(assignment_ids: list[int]) -> int:
    """How many (assignment, learner) pairs have an analysed attempt: one query."""
    return (Attempt.objects.filter(assignment_id__in=assignment_ids, status=Status.SUBMITTED,
                                   total__gt=0)
            .values("assignment_id", "user_id").distinct().count())


def cached_item_analysis(scope: QuerySet[Assignment],
                         which: str = ITEMS_COUNTED) -> ItemReport:
    """item_analysis, kept until the scope's set of submitted attempts changes.

    Submitted attempts never change, so the figures can only move when an attempt is
    submitted (or expires into one) or is deleted: the key is every assignment's live
    stamp, and which attempts are counted (the set decides each choice too). Like
    Moodle's cached quiz statistics, a hit costs one small aggregate query.
    """
    which = items_counted(which)
    stamps = _settled_stamps(scope)
    fingerprint = repr([(s.assignment_id, s.live) for s in stamps])
    key = f"items:{which}:" + hashlib.sha256(fingerprint.encode()).hexdigest()[:32]
    report = cache.get(key)
    if report is None:
        report = _analyse(stamps, which)
        cache.set(key, report, timeout=3600)
    return report


def assignment_scope(assignment: Assignment) -> QuerySet[Assignment]:
    return Assignment.objects.filter(pk=assignment.pk)


def class_scope(klass: Klass) -> QuerySet[Assignment]:
    """The class history: every assignment of the class."""
    return Assignment.objects.filter(klass=klass)


def assignment_attempts(assignment: Assignment) -> QuerySet[Attempt]:
    return Attempt.objects.filter(assignment=assignment)


def class_attempts(klass: Klass) -> QuerySet[Attempt]:
    """The class history: every attempt at any of the class's assignments."""
    return Attempt.objects.filter(assignment__klass=klass)


# ---- the class report of one assignment -------------------------------------------


# The heatmap's colour bands, the one home of its thresholds: (upper bound, css class). The
# legend on the report is drawn from this table, the CSS only colours the classes.
HEAT_BANDS: tuple[tuple[float | None, str], ...] = (
    (0.4, "h0"), (0.6, "h1"), (0.8, "h2"), (None, "h3"))
HEAT_NO_DATA = "hx"


def heat_class(m: Mastery | None) -> str:
    """CSS class of a heatmap cell: the first band whose upper bound the share correct is
    below; ``hx`` without data."""
    if m is None or not m.answered:
        return HEAT_NO_DATA
    rate = m.rate or 0.0
    return next(css for upper, css in HEAT_BANDS if upper is None or rate < upper)


@dataclass(frozen=True)
class HeatBand:
    css: str
    low: int | None  # percent, inclusive
    high: int | None  # percent, exclusive


def heat_legend() -> list[HeatBand]:
    """The bands as whole percents for the report's legend (from HEAT_BANDS)."""
    out, low = [], None
    for upper, css in HEAT_BANDS:
        high = round(upper * 100) if upper is not None else None
        out.append(HeatBand(css, low, high))
        low = high
    return out


@dataclass
class HeatCell:
    mastery: Mastery | None

    @property
    def css(self) -> str:
        return heat_class(self.mastery)


@dataclass
class LearnerRow:
    user_id: int
    username: str
    display_name: str
    status: str
    attempts: int
    best: dict | None  # the counted attempt, as a values() row
    themes: list[Mastery | None]
    cells: list[HeatCell]
    exception: LearnerException | None = None

    @property
    def status_label(self) -> str:
        return str(LearnerStatus(self.status).label)

    @property
    def score(self) -> int | None:
        if not self.best or not self.best["total"]:
            return None
        return round(100 * self.best["correct"] / self.best["total"])

    @property
    def submitted_at(self) -> datetime | None:
        return self.best["submitted_at"] if self.best else None

    @property
    def time_used(self) -> timedelta | None:
        """From start to hand-in of the counted attempt (an auto-submitted one stops at its
        deadline)."""
        if not self.best or not self.best["submitted_at"]:
            return None
        return self.best["submitted_at"] - self.best["started_at"]

    @property
    def time_used_text(self) -> str:
        used = self.time_used
        if used is None:
            return ""
        seconds = max(0, int(used.total_seconds()))
        return f"{seconds // 60}:{seconds % 60:02d}"

    @property
    def auto_submitted(self) -> bool:
        return bool(self.best and self.best.get("auto_submitted"))

    @property
    def name(self) -> str:
        return self.display_name or self.username


@dataclass
class Column:
    key: str
    name: str


@dataclass
class AssignmentReport:
    assignment: Assignment
    learners: list[LearnerRow]
    themes: list[Column]
    contents: list[Column]
    class_contents: list[Mastery]
    completion: dict[str, int]
    which: str = "highest"

    @property
    def heat_legend(self) -> list[HeatBand]:
        return heat_legend()

    @property
    def weakest(self) -> list[Mastery]:
        """The class's weakest contents: lowest posterior mean first, evidence breaks ties."""
        tested = [m for m in self.class_contents if m.answered]
        return sorted(tested, key=lambda m: (m.estimate, -m.answered))[:WEAKEST_SHOWN]

    @property
    def class_cells(self) -> list[HeatCell]:
        return [HeatCell(m) for m in self.class_contents]

    @property
    def completion_rows(self) -> list[tuple[str, str, int]]:
        return [(s, str(LearnerStatus(s).label), self.completion[s])
                for s in LearnerStatus.report_order()]

    @property
    def submitted_scores(self) -> list[int]:
        return [r.score for r in self.learners if r.score is not None]

    @property
    def counted_choices(self) -> list[tuple[str, str, bool]]:
        return counted_choices(self.which)

    @property
    def mean_score(self) -> float | None:
        scores = self.submitted_scores
        return sum(scores) / len(scores) if scores else None


def assignment_report(assignment: Assignment, now: datetime | None = None,
                      which: str = "highest") -> AssignmentReport:
    """Scores, per-theme scores, heatmap and completion of one assignment: six queries.

    Each learner's counted attempt is their best submitted one (or, by ``which``, their
    first, last, or each one on a row of its own); per-theme and per-content figures come
    from the counted attempts' items.
    """
    which = which if which in COUNTED else "highest"
    now = now or timezone.now()
    attempts_qs = assignment_attempts(assignment)
    settled(attempts_qs, now)
    members = list(
        Membership.objects.filter(klass_id=assignment.klass_id)
        .values("user_id", "user__username", "user__profile__display_name", "joined_at")
        .order_by("user__username")
    )
    by_user: dict[int, list[dict]] = defaultdict(list)
    for a in attempts_qs.values("pk", "user_id", "status", "correct", "total",
                                "submitted_at", "started_at", "auto_submitted"):
        by_user[a["user_id"]].append(a)
    counted = {uid: c for uid, rows in by_user.items() if (c := counted_attempts(rows, which))}
    exceptions = {e.user_id: e for e in LearnerException.objects.filter(assignment=assignment)}

    cells: dict[tuple[int, str], Mastery] = {}
    theme_cells: dict[tuple[int, str], Mastery] = {}
    content_cols: dict[str, tuple[tuple[int, int], Column]] = {}
    totals: dict[str, Mastery] = {}
    rows = (
        AttemptItem.objects.filter(attempt_id__in=[a["pk"] for c in counted.values() for a in c],
                                   graded_at__isnull=False)
        .values("attempt_id", "theme__key", "content__key", "content__name",
                "theme__order", "content__order")
        .annotate(n=Count("id"), k=Count("id", filter=Q(is_correct=True)))
    )
    for r in rows:
        ck, tk = r["content__key"], r["theme__key"]
        cells[r["attempt_id"], ck] = Mastery(ck, r["content__name"], r["k"], r["n"],
                                             theme_key=tk)
        t = theme_cells.setdefault((r["attempt_id"], tk), Mastery(tk, tk))
        t.correct += r["k"]
        t.answered += r["n"]
        content_cols[ck] = ((r["theme__order"], r["content__order"]),
                            Column(ck, r["content__name"]))
        total = totals.setdefault(ck, Mastery(ck, r["content__name"], theme_key=tk))
        total.correct += r["k"]
        total.answered += r["n"]
    contents = [col for _order, col in sorted(content_cols.values(), key=lambda v: v[0])]
    themes = [Column(t.key, t.name) for t in Theme.objects.filter(subject=assignment.subject_id)]

    learners = []
    completion = dict.fromkeys(LearnerStatus.report_order(), 0)
    for m in members:
        uid = m["user_id"]
        status = learner_status(assignment, (a["status"] for a in by_user.get(uid, [])), now,
                                m["joined_at"], exceptions.get(uid))
        if status in completion:  # one who joined after the close is counted nowhere
            completion[status] += 1
        for attempt in counted.get(uid) or [None]:
            aid = attempt["pk"] if attempt else None
            learners.append(LearnerRow(
                user_id=uid, username=m["user__username"],
                display_name=m["user__profile__display_name"] or "",
                status=status, attempts=len(by_user.get(uid, [])), best=attempt,
                themes=[theme_cells.get((aid, t.key)) for t in themes],
                cells=[HeatCell(cells.get((aid, c.key))) for c in contents],
                exception=exceptions.get(uid),
            ))
    class_contents = [totals[c.key] for c in contents]
    return AssignmentReport(assignment, learners, themes, contents, class_contents, completion,
                            which=which)

