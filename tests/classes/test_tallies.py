"""Item tallies (classes/tallies.py) against a brute-force recount of the raw responses.

The analysis adds up per-assignment tallies and counts the upper and lower groups afresh;
here every figure is recomputed in plain Python from the attempt items themselves, after
new submissions, deletions and concurrent rebuilds.
"""

from __future__ import annotations

import math
import random
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from classes import analytics, tallies
from classes.models import ItemTally, TallyStamp
from quizzes.models import Attempt, AttemptItem, Status
from tests.helpers import make_user, second_connection, waiting_thread
from tests.helpers.classes import enrol, make_assignment, make_class, take

LETTERS = ["A", "B", "C", "D", ""]


def recount(assignment_ids: list[int]) -> dict[int, tuple]:
    """Per version: n, correct, choices, blank, r_pb, D, straight from the items."""
    attempts = list(Attempt.objects.filter(assignment_id__in=assignment_ids,
                                           status=Status.SUBMITTED, total__gt=0))
    k = analytics.group_size(len(attempts))
    upper = {a.pk for a in sorted(attempts, key=lambda a: (-a.correct / a.total, a.pk))[:k]}
    lower = {a.pk for a in sorted(attempts, key=lambda a: (a.correct / a.total, -a.pk))[:k]}
    by_attempt = {a.pk: a for a in attempts}
    rows: dict[int, list[tuple[Attempt, AttemptItem]]] = {}
    for item in AttemptItem.objects.filter(attempt_id__in=by_attempt, graded_at__isnull=False):
        rows.setdefault(item.version_id, []).append((by_attempt[item.attempt_id], item))
    out = {}
    for version, pairs in rows.items():
        xs = [1 if i.is_correct else 0 for _, i in pairs]
        with_rest = [(x, (a.correct - x) / (a.total - 1))
                     for x, (a, _) in zip(xs, pairs, strict=True) if a.total > 1]
        up = [x for x, (a, _) in zip(xs, pairs, strict=True) if a.pk in upper]
        low = [x for x, (a, _) in zip(xs, pairs, strict=True) if a.pk in lower]
        d = sum(up) / len(up) - sum(low) / len(low) if up and low else None
        out[version] = (len(pairs), sum(xs),
                        tuple(sum(1 for _, i in pairs if i.selected == lab) for lab in LETTERS),
                        pearson(with_rest), d)
    return out


def pearson(pairs: list[tuple[int, float]]) -> float | None:
    n = len(pairs)
    if n < 2:
        return None
    mx = sum(x for x, _ in pairs) / n
    my = sum(y for _, y in pairs) / n
    sxx = sum((x - mx) ** 2 for x, _ in pairs)
    syy = sum((y - my) ** 2 for _, y in pairs)
    if sxx <= 0 or syy <= 1e-12:
        return None
    return sum((x - mx) * (y - my) for x, y in pairs) / math.sqrt(sxx * syy)


def figures(report: analytics.ItemReport) -> dict[int, tuple]:
    return {i.version_id: (i.n, i.correct, (*(i.counts[lab] for lab in "ABCD"), i.blank),
                           i.r_pb, i.d) for i in report.items}


def assert_same(report: analytics.ItemReport, expected: dict[int, tuple]) -> None:
    got = figures(report)
    assert got.keys() == expected.keys()
    for version, (n, k, counts, r, d) in expected.items():
        g = got[version]
        assert g[:3] == (n, k, counts), version
        assert (g[3] is None) == (r is None) and (r is None or g[3] == pytest.approx(r)), version
        assert (g[4] is None) == (d is None) and (d is None or g[4] == pytest.approx(d)), version


@pytest.fixture
def history(guide, instructor):
    """A class of twelve with two assignments on different papers, answered at random."""
    rng = random.Random(20261125)
    klass = make_class(instructor)
    learners = [make_user(f"t{i:02d}") for i in range(12)]
    enrol(klass, *learners)
    first = make_assignment(klass, kind="section", scope="3.1", count=6, title="3.1")
    second = make_assignment(klass, kind="guide", count=8, title="guide")
    for i, user in enumerate(learners):
        take(user, first, [rng.choice(LETTERS) for _ in range(6)])
        if i % 3:
            take(user, second, [rng.choice(LETTERS) for _ in range(8)])
    return klass, first, second, rng


def tally_rows(assignment_ids: list[int]) -> dict[tuple[int, int], tuple]:
    rows = ItemTally.objects.filter(assignment_id__in=assignment_ids).values_list(
        "assignment_id", "version_id", "first_position", *tallies._ADDED)
    return {(r[0], r[1]): tuple(round(v, 9) for v in r[2:]) for r in rows}


@pytest.mark.django_db
def test_submissions_keep_the_tallies_fresh_and_equal_to_a_rebuild(history):
    klass, first, second, _ = history
    scope = analytics.class_scope(klass)
    assert not [s for s in tallies.stamps(scope) if s.stale]  # every submit added itself
    added = tally_rows([first.pk, second.pk])
    TallyStamp.objects.all().delete()
    assert tallies.refresh(tallies.stamps(scope)) == [first.pk, second.pk]
    assert tally_rows([first.pk, second.pk]) == added


@pytest.mark.django_db
def test_class_history_from_tallies_equals_a_recount_of_the_responses(history):
    klass, first, second, _ = history
    report = analytics.item_analysis(analytics.class_scope(klass))
    assert report.attempts == 12 + 8 and report.group_size == 5
    assert_same(report, recount([first.pk, second.pk]))
    # and each assignment on its own, from the same tallies
    for a in (first, second):
        assert_same(analytics.item_analysis(analytics.assignment_scope(a)), recount([a.pk]))


@pytest.mark.django_db
def test_a_new_submission_is_added_to_its_assignment_only(history):
    klass, first, second, rng = history
    analytics.item_analysis(analytics.class_scope(klass))
    untouched = tally_rows([first.pk])
    learner = Attempt.objects.filter(assignment=first).exclude(
        user__attempts__assignment=second).first().user
    take(learner, second, [rng.choice(LETTERS) for _ in range(8)])
    assert not [s for s in tallies.stamps(analytics.class_scope(klass)) if s.stale]
    assert tally_rows([first.pk]) == untouched
    assert TallyStamp.objects.get(assignment=second).attempts == 9
    assert_same(analytics.item_analysis(analytics.class_scope(klass)),
                recount([first.pk, second.pk]))


@pytest.mark.django_db
def test_an_expired_attempt_is_added_when_it_is_submitted_by_the_clock(history):
    from quizzes.attempts import expire_overdue
    from quizzes.models import AttemptItem as Item

    klass, first, second, rng = history
    learner = Attempt.objects.filter(assignment=first).exclude(
        user__attempts__assignment=second).first().user
    left = take(learner, second, [rng.choice(LETTERS) for _ in range(8)], submit=False)
    later = left.deadline + timedelta(hours=1)
    assert expire_overdue(Attempt.objects.filter(pk=left.pk), now=later) == 1
    assert Item.objects.filter(attempt=left, graded_at__isnull=False).count() == 8
    assert not [s for s in tallies.stamps(analytics.class_scope(klass)) if s.stale]
    assert_same(analytics.item_analysis(analytics.assignment_scope(second)),
                recount([second.pk]))


@pytest.mark.django_db
def test_a_deleted_learner_leaves_the_figures_even_when_the_count_is_unchanged(history, guide):
    klass, first, second, rng = history
    analytics.item_analysis(analytics.class_scope(klass))
    gone = Attempt.objects.filter(assignment=first).order_by("pk").first().user
    gone.delete()
    assert not TallyStamp.objects.filter(assignment=first).exists()
    newcomer = make_user("newcomer")
    enrol(klass, newcomer)
    take(newcomer, first, [rng.choice(LETTERS) for _ in range(6)])
    assert Attempt.objects.filter(assignment=first, status=Status.SUBMITTED).count() == 12
    assert_same(analytics.item_analysis(analytics.class_scope(klass)),
                recount([first.pk, second.pk]))


@pytest.mark.django_db
def test_history_loaded_behind_the_submit_path_is_caught_up(history):
    """Rows written by SQL (an import, the benchmark's seed) never passed submit."""
    klass, first, second, _ = history
    ItemTally.objects.filter(assignment=second).delete()
    TallyStamp.objects.filter(assignment=second).update(attempts=0, id_sum=0)
    assert_same(analytics.item_analysis(analytics.class_scope(klass)),
                recount([first.pk, second.pk]))


@pytest.mark.django_db
def test_a_rebuild_updates_rows_in_place_and_drops_versions_no_longer_answered(history):
    from quizzes.models import QuestionVersion

    klass, first, second, _ = history
    kept = dict(ItemTally.objects.filter(assignment=first).values_list("version_id", "pk"))
    unanswered = QuestionVersion.objects.exclude(pk__in=kept).first()
    stray = ItemTally.objects.get(pk=next(iter(kept.values())))
    stray.pk, stray.version = None, unanswered
    stray.save()
    TallyStamp.objects.filter(assignment=first).delete()
    assert tallies.refresh(tallies.stamps(analytics.class_scope(klass))) == [first.pk]
    # the same rows, rewritten; the stray one is gone
    assert dict(ItemTally.objects.filter(assignment=first).values_list(
        "version_id", "pk")) == kept
    assert_same(analytics.item_analysis(analytics.class_scope(klass)),
                recount([first.pk, second.pk]))


@pytest.mark.django_db
def test_query_count_depends_on_freshness_not_on_how_many_assignments_changed(history):
    klass, first, _, _ = history

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            analytics.item_analysis(analytics.class_scope(klass))
        return len(ctx.captured_queries)

    assert count() == 4  # fresh: overdue attempts, the stamps, the figures, the texts
    TallyStamp.objects.all().delete()
    both_stale = count()
    TallyStamp.objects.filter(assignment=first).delete()
    assert count() == both_stale  # one assignment rebuilt, in the same statements as two


@pytest.mark.django_db
def test_every_label_has_a_tally_column():
    from quizzes.models import LABELS

    columns = {f.column for f in ItemTally._meta.fields}
    assert set(tallies.CHOICE_COLUMNS) == set(LABELS)
    assert set(tallies.CHOICE_COLUMNS.values()) <= columns


@pytest.mark.django_db(transaction=True)
def test_two_rebuilds_of_one_assignment_at_once_leave_one_set_of_tallies(guide):
    """A rebuild waits on the stamp row another rebuild holds, then replaces its rows:
    no duplicate-key error, no doubled tallies."""
    teacher = make_user("teacher2")
    klass = make_class(teacher)
    learners = [make_user(f"r{i}") for i in range(4)]
    enrol(klass, *learners)
    a = make_assignment(klass, kind="guide", count=3)
    for user, labels in zip(learners, (["B", "C", "B"], ["A", "C", "B"], ["B", "", "D"],
                                        ["C", "A", "B"]), strict=True):
        take(user, a, labels)
    TallyStamp.objects.filter(assignment=a).delete()  # as if never tallied
    ItemTally.objects.filter(assignment=a).delete()
    stamps = tallies.stamps(analytics.assignment_scope(a))
    with second_connection() as other:
        # the other rebuild, up to its commit: stamp upserted, tallies inserted
        other.execute("INSERT INTO classes_tallystamp (assignment_id, attempts, id_sum) "
                      "VALUES (%s, 0, 0)", [a.pk])
        other.execute("INSERT INTO classes_itemtally (assignment_id, version_id, build, "
                      "first_position, responses, correct, blank, chose_a, chose_b, chose_c, "
                      "chose_d, with_rest, with_rest_correct, rest_sum, rest_sum_correct, "
                      "rest_squares) SELECT %s, version_id, 7, 1, 99, 0, 0, 0, 0, 0, 0, 0, "
                      "0, 0, 0, 0 FROM quizzes_attemptitem WHERE attempt_id = %s",
                      [a.pk, Attempt.objects.filter(assignment=a).first().pk])
        with waiting_thread(lambda: tallies.refresh(stamps),
                            "the rebuild did not wait for the other one's stamp") as rebuild:
            other.commit()
    assert rebuild.error is None
    assert not ItemTally.objects.filter(assignment=a, responses=99).exists()
    assert_same(analytics.item_analysis(analytics.assignment_scope(a)), recount([a.pk]))
    assert TallyStamp.objects.get(assignment=a).attempts == 4


@pytest.mark.django_db
def test_refresh_command_rebuilds_only_what_does_not_match(history):
    import io

    from django.core.management import call_command

    klass, _, second, _ = history
    ItemTally.objects.filter(assignment=second).delete()
    TallyStamp.objects.filter(assignment=second).delete()
    out = io.StringIO()
    call_command("refresh_item_tallies", stdout=out)
    assert out.getvalue().strip() == "1 of 2 assignments rebuilt; 1 were fresh."
    assert not [s for s in tallies.stamps(analytics.class_scope(klass)) if s.stale]
    assert_same(analytics.item_analysis(analytics.assignment_scope(second)),
                recount([second.pk]))


@pytest.mark.django_db
def test_a_tally_that_cannot_be_written_never_blocks_the_submission(history, monkeypatch,
                                                                     caplog):
    klass, first, second, rng = history
    monkeypatch.setattr(tallies, "_ADD_ATTEMPT", tallies.sql.SQL("SELECT no_such_column"))
    learner = Attempt.objects.filter(assignment=first).exclude(
        user__attempts__assignment=second).first().user
    attempt = take(learner, second, [rng.choice(LETTERS) for _ in range(8)])
    assert attempt.status == Status.SUBMITTED  # the learner's submission went through
    assert "not updated" in caplog.text
    assert not TallyStamp.objects.filter(assignment=second).exists()
    monkeypatch.undo()
    assert_same(analytics.item_analysis(analytics.class_scope(klass)),
                recount([first.pk, second.pk]))
