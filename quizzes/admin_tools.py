"""What the question admin adds for editors: list fields for JSON lists, per-question
statistics for the rows shown, the live Markdown preview and the side-by-side diff of two
versions (issue 20). quizzes.admin wires them in."""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass

from django import forms
from django.db.models import Count, Q
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from quizzes.models import AttemptItem, Question, QuestionVersion

SEPARATORS = re.compile(r"[,，、]")


class CommaListField(forms.CharField):
    """A JSON list edited as comma-separated text (「審閱, 品質」), shown the same way."""

    def __init__(self, *, lines: bool = False, **kwargs) -> None:
        self.lines = lines  # one entry per line: sentences may hold commas
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3, "cols": 80}) if lines
                          else forms.TextInput(attrs={"size": 60}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ("\n" if self.lines else ", ").join(str(v) for v in value)
        return value or ""

    def to_python(self, value) -> list[str]:
        text = super().to_python(value) or ""
        if text.strip().startswith("["):  # JSON as the box used to take it: still read
            try:
                data = json.loads(text)
            except ValueError:
                data = None
            if isinstance(data, list):
                return [str(v).strip() for v in data if str(v).strip()]
        parts = text.splitlines() if self.lines else SEPARATORS.split(text)
        return [p.strip() for p in parts if p.strip()]


# ---- statistics of the rows on one changelist page --------------------------------------


@dataclass(frozen=True)
class ItemStats:
    responses: int = 0
    p: float | None = None  # share answered right
    discrimination: float | None = None  # upper − lower 27 % by the rest of the attempt
    open_reports: int = 0


def stats_for(questions: list[Question]) -> dict[int, ItemStats]:
    """Graded responses of the page's questions, in one read of their items; the upper and
    lower 27 % are the responses whose attempt scored best and worst without this item."""
    ids = [q.pk for q in questions]
    rows = (AttemptItem.objects.filter(question_id__in=ids, graded_at__isnull=False)
            .values_list("question_id", "is_correct", "attempt__correct", "attempt__total"))
    by_q: dict[int, list[tuple[float, bool]]] = {}
    for qid, right, correct, total in rows:
        rest = (correct - bool(right)) / (total - 1) if total and total > 1 else 0.0
        by_q.setdefault(qid, []).append((rest, bool(right)))
    reports = _open_reports(ids)
    out = {}
    for qid in ids:
        answers = by_q.get(qid, [])
        n = len(answers)
        p = sum(r for _s, r in answers) / n if n else None
        d = None
        if n >= 10:
            answers.sort(key=lambda a: a[0])
            k = max(1, round(n * 0.27))
            d = sum(r for _s, r in answers[-k:]) / k - sum(r for _s, r in answers[:k]) / k
        out[qid] = ItemStats(n, p, d, reports.get(qid, 0))
    return out


def _open_reports(ids: list[int]) -> dict[int, int]:
    """Open "report this question" reports (the review app's, through Question.reports)."""
    if not hasattr(Question, "reports"):
        return {}
    return dict(Question.objects.filter(pk__in=ids)
                .annotate(n=Count("reports", filter=Q(reports__status="open")))
                .values_list("pk", "n"))


# ---- the diff of two versions ------------------------------------------------------------


def version_text(v: QuestionVersion) -> list[str]:
    lines = [_("Stem"), *v.stem.splitlines(), ""]
    for c in v.choices:
        mark = " ✓" if c["label"] == v.answer else ""
        lines += [f"({c['label']}){mark} {c['text']}", f"    {c.get('rationale', '')}"]
    return [*lines, "", _("Explanation"), *v.explanation.splitlines()]


def side_by_side(a: QuestionVersion, b: QuestionVersion) -> SafeString:
    """difflib's table (escaped by difflib itself), without its inline navigation."""
    table = difflib.HtmlDiff(wrapcolumn=60).make_table(
        version_text(a), version_text(b),
        _("version %(n)d") % {"n": a.number}, _("version %(n)d") % {"n": b.number})
    table = re.sub(r'<td class="diff_next"[^>]*>.*?</td>', "", table)
    table = re.sub(r'<th class="diff_next"[^>]*>.*?</th>|<colgroup></colgroup>', "", table)
    return mark_safe(table)
