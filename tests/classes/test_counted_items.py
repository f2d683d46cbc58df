"""Item analysis over the attempts the instructor chooses: all, or each learner's highest,
first or last, worked out by hand.

Three learners take the first three guide questions (3.1 Q1-Q3, answers B, C, B) twice,
all first attempts (30 minutes ago) before any second one (10 minutes ago), so attempt ids
run L1a1 < L2a1 < L3a1 < L1a2 < L2a2 < L3a2. Answers by the bank's labels, correctness x:

              Q1(B)  Q2(C)  Q3(B)   T   share
    L1 a1      B 1    C 1    B 1    3   1
    L1 a2      B 1    A 0    A 0    1   1/3
    L2 a1      A 0    A 0    A 0    0   0
    L2 a2      B 1    C 1    A 0    2   2/3
    L3 a1      B 1    A 0    B 1    2   2/3   (a tie on score with a2:
    L3 a2      A 0    C 1    B 1    2   2/3    the earlier, a1, is the highest)

Counted attempts:  all = the six;  first = L1a1 L2a1 L3a1;  last = L1a2 L2a2 L3a2;
                   highest = L1a1 L2a2 L3a1.

p (share correct) per question:
    all      Q1 4/6  Q2 3/6  Q3 3/6
    first    Q1 2/3  Q2 1/3  Q3 2/3
    last     Q1 2/3  Q2 2/3  Q3 1/3
    highest  Q1 3/3  Q2 2/3  Q3 2/3

Options chosen (A, B, C, D, blank):
    all      Q1 2 4 0 0 0   Q2 3 0 3 0 0   Q3 3 3 0 0 0
    first    Q1 1 2 0 0 0   Q2 2 0 1 0 0   Q3 1 2 0 0 0
    last     Q1 1 2 0 0 0   Q2 1 0 2 0 0   Q3 2 1 0 0 0
    highest  Q1 0 3 0 0 0   Q2 1 0 2 0 0   Q3 1 2 0 0 0

Kelley's groups, k = round(0.27 n): all n = 6 -> k = 2; one attempt each n = 3 -> k = 1.
Upper by share, ties by lower id first; lower by share, ties by higher id first.
    all      upper L1a1, L3a1 (2/3, id before L2a2, L3a2); lower L2a1, L1a2
             D = Q1 2/2 - 1/2 = 0.5, Q2 1/2 - 0/2 = 0.5, Q3 2/2 - 0/2 = 1
    first    upper L1a1; lower L2a1           D = 1, 1, 1
    last     upper L2a2 (2/3, id before L3a2); lower L1a2
             D = Q1 1 - 1 = 0, Q2 1 - 0 = 1, Q3 0 - 0 = 0
    highest  upper L1a1; lower L2a2 (2/3, id after L3a1)
             D = Q1 1 - 1 = 0, Q2 1 - 1 = 0, Q3 1 - 0 = 1

Point-biserial of Q1 over the first attempts: x = 1, 0, 1 and the rest's share
y = (T - x) / 2 = 1, 0, 0.5; means 2/3 and 0.5;
Sxy = (1/3)(0.5) + (-2/3)(-0.5) + (1/3)(0) = 0.5, Sxx = 3 (2/3)(1/3) = 2/3,
Syy = 0.25 + 0.25 + 0 = 0.5;  r = 0.5 / sqrt(1/3) = 0.8660.
"""

from __future__ import annotations

import csv
import io
import math
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from classes import analytics, item_figures
from tests.helpers import make_user
from tests.helpers.classes import enrol, make_assignment, make_class, take

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

ANSWERS = {  # learner: (first attempt, second attempt)
    "c1": (["B", "C", "B"], ["B", "A", "A"]),
    "c2": (["A", "A", "A"], ["B", "C", "A"]),
    "c3": (["B", "A", "B"], ["A", "C", "B"]),
}

P = {
    "all": [4 / 6, 3 / 6, 3 / 6],
    "first": [2 / 3, 1 / 3, 2 / 3],
    "last": [2 / 3, 2 / 3, 1 / 3],
    "highest": [1.0, 2 / 3, 2 / 3],
}
CHOSEN = {  # per question: A, B, C, D, blank
    "all": [(2, 4, 0, 0, 0), (3, 0, 3, 0, 0), (3, 3, 0, 0, 0)],
    "first": [(1, 2, 0, 0, 0), (2, 0, 1, 0, 0), (1, 2, 0, 0, 0)],
    "last": [(1, 2, 0, 0, 0), (1, 0, 2, 0, 0), (2, 1, 0, 0, 0)],
    "highest": [(0, 3, 0, 0, 0), (1, 0, 2, 0, 0), (1, 2, 0, 0, 0)],
}
D = {
    "all": [0.5, 0.5, 1.0],
    "first": [1.0, 1.0, 1.0],
    "last": [0.0, 1.0, 0.0],
    "highest": [0.0, 0.0, 1.0],
}


@pytest.fixture
def twice(guide, instructor):
    klass = make_class(instructor)
    learners = {name: make_user(name) for name in ANSWERS}
    enrol(klass, *learners.values())
    assignment = make_assignment(klass, kind="guide", count=3, max_attempts=2)
    now = timezone.now()
    for turn, ago in enumerate((30, 10)):
        for name, attempts in ANSWERS.items():
            take(learners[name], assignment, attempts[turn], now=now - timedelta(minutes=ago))
    return assignment


def chosen(report: analytics.ItemReport) -> list[tuple[int, ...]]:
    return [(*(q.counts[lab] for lab in "ABCD"), q.blank)
            for q in sorted(report.items, key=lambda i: i.first_position)]


@pytest.mark.parametrize("which", ["all", "first", "last", "highest"])
def test_each_choice_of_attempts_gives_the_hand_computed_figures(twice, which):
    report = analytics.item_analysis(analytics.assignment_scope(twice), which)
    assert report.which == which
    assert report.attempts == (6 if which == "all" else 3)
    assert report.group_size == (2 if which == "all" else 1)
    q1, q2, q3 = sorted(report.items, key=lambda i: i.first_position)
    assert [q.answer for q in (q1, q2, q3)] == ["B", "C", "B"]
    assert [q.p for q in (q1, q2, q3)] == pytest.approx(P[which])
    assert chosen(report) == CHOSEN[which]
    assert [q.d for q in (q1, q2, q3)] == pytest.approx(D[which])


def test_the_point_biserial_is_over_the_counted_attempts(twice):
    report = analytics.item_analysis(analytics.assignment_scope(twice), "first")
    q1 = min(report.items, key=lambda i: i.first_position)
    assert q1.r_pb == pytest.approx(0.5 / math.sqrt(1 / 3), abs=1e-9)  # 0.8660


@pytest.mark.parametrize("which", ["all", "first", "last", "highest"])
def test_the_plain_path_chooses_the_same_attempts(twice, which):
    """item_figures serves SQLite; here it runs on the same rows as the statement."""
    k = 2 if which == "all" else 1
    figures = item_figures.from_responses([twice.pk], k, which)
    ordered = sorted(figures.values(), key=lambda f: f["first_position"])
    assert [f["k"] / f["n"] for f in ordered] == pytest.approx(P[which])
    assert [(*(f[f"opt_{lab}"] for lab in "ABCD"), f["blank"]) for f in ordered] == \
        CHOSEN[which]
    assert [f["ku"] / f["nu"] - f["kl"] / f["nl"] for f in ordered] == pytest.approx(D[which])


def test_an_unknown_choice_is_all_attempts(twice):
    assert analytics.items_counted("best") == "all" and analytics.items_counted(None) == "all"
    assert analytics.cached_item_analysis(analytics.assignment_scope(twice), "best").attempts \
        == 6


def test_the_cache_keeps_each_choice_apart(twice):
    cache.clear()
    scope = analytics.assignment_scope(twice)
    assert analytics.cached_item_analysis(scope, "all").attempts == 6
    first = analytics.cached_item_analysis(scope, "first")
    last = analytics.cached_item_analysis(scope, "last")
    assert (first.which, last.which) == ("first", "last")
    assert chosen(first) == CHOSEN["first"] and chosen(last) == CHOSEN["last"]


def test_the_items_tab_and_its_csv_follow_the_choice(twice, teacher_client):
    url = reverse("classes:report", args=[twice.pk])
    default = teacher_client.get(url + "?tab=items").content.decode()
    assert "Over 6 submitted attempts." in default
    assert 'id="items-counted-all" aria-current="true"' in default
    page = teacher_client.get(url + "?tab=items&attempts=first").content.decode()
    assert "Over 3 submitted attempts." in page
    assert 'id="items-counted-first" aria-current="true"' in page
    assert 'hx-get="?tab=items&amp;attempts=last"' in page
    csv_url = reverse("classes:items_csv", args=[twice.pk])
    assert f'href="{csv_url}?attempts=first" download id="items-csv-counted"' in page
    # an htmx swap of the panel carries the same choice
    panel = teacher_client.get(url + "?tab=items&attempts=last", HTTP_HX_REQUEST="true",
                               HTTP_HX_TARGET="report").content.decode()
    assert panel.startswith('<div id="report"') and "Over 3 submitted attempts." in panel
    assert 'id="items-counted-last" aria-current="true"' in panel

    def p_column(query: str) -> list[str]:
        resp = teacher_client.get(csv_url + query)
        rows = list(csv.reader(io.StringIO(resp.content.decode("utf-8-sig"))))
        col = rows[0].index("difficulty p")
        return [r[col] for r in rows[1:]]  # in the bank's order: Q1, Q2, Q3

    assert p_column("?attempts=first") == ["0.667", "0.333", "0.667"]
    assert p_column("?attempts=highest") == ["1.000", "0.667", "0.667"]
    assert p_column("") == p_column("?attempts=nonsense") == ["0.667", "0.500", "0.500"]


def test_the_class_items_page_and_its_csv_follow_the_choice(twice, teacher_client):
    klass = twice.klass
    page = teacher_client.get(reverse("classes:class_items", args=[klass.pk])
                              + "?attempts=last").content.decode()
    assert "Over 3 submitted attempts." in page
    assert 'href="?attempts=highest"' in page and "hx-get" not in page.split(
        'id="items-counted"')[1].split("</nav>")[0]
    assert 'id="items-counted-last" aria-current="true"' in page
    resp = teacher_client.get(reverse("classes:class_items_csv", args=[klass.pk])
                              + "?attempts=last")
    rows = list(csv.reader(io.StringIO(resp.content.decode("utf-8-sig"))))
    col = rows[0].index("responses")
    assert [r[col] for r in rows[1:]] == ["3", "3", "3"]


def test_a_choice_of_one_attempt_costs_a_fixed_number_of_queries(twice):
    analytics.item_analysis(analytics.assignment_scope(twice))  # builds the tallies
    with CaptureQueriesContext(connection) as ctx:
        analytics.item_analysis(analytics.assignment_scope(twice), "last")
    # overdue attempts, the stamps, the learners counted, the figures, the texts
    assert len(ctx.captured_queries) == 5
    assert not any("classes_itemtally" in q["sql"] for q in ctx.captured_queries)


def test_the_items_tab_costs_the_same_queries_for_any_class_size(twice, teacher_client):
    url = reverse("classes:report", args=[twice.pk]) + "?tab=items&attempts=highest"

    def queries() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            assert teacher_client.get(url).status_code == 200
        return len(ctx.captured_queries)

    small = queries()
    more = [make_user(f"more{i}") for i in range(6)]
    enrol(twice.klass, *more)
    for user in more:
        take(user, twice, ["B", "C", "A"])
        take(user, twice, ["A", "C", "B"])
    assert analytics.item_analysis(analytics.assignment_scope(twice), "highest").attempts == 9
    assert queries() == small
