"""CSV exports of class results and item analysis.

Excel opens a CSV as UTF-8 only when it starts with a byte order mark, so
every file starts with one; otherwise the Chinese names come out garbled.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from classes.analytics import AssignmentReport, ItemReport
from quizzes.models import LABELS

BOM = "\ufeff"
# what a spreadsheet may take as the start of a formula; the full-width forms too, which
# some CJK spreadsheet settings read as their ASCII twins
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
# a plain number ("-0.839", "+3", "1e-3"): a spreadsheet reads it as a number, never a
# formula, so it stays sortable
NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def safe_cell(value) -> object:
    """Neutralise text a spreadsheet would run as a formula (a name like '=HYPERLINK(…)'),
    in headers and cells alike; numbers, and text that is only a number, stay as they are."""
    if (isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_START)
            and not NUMBER.fullmatch(value)):
        return "'" + value
    return value


def csv_response(filename: str, header: list[str], rows: Iterable[list]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write(BOM)
    writer = csv.writer(response)
    writer.writerow([safe_cell(h) for h in header])  # a theme's or content's name is text
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return response


def _pct(k: int, n: int) -> str:
    return str(round(100 * k / n)) if n else ""


def results_csv(report: AssignmentReport, filename: str) -> HttpResponse:
    """One row per learner: score, per-theme scores and submission time in Asia/Taipei."""
    zone = timezone.get_current_timezone_name()
    header = [_("username"), _("display name"), _("status"), _("attempts"), _("score"),
              _("correct"), _("questions")]
    header += [f"{t.name} (%)" for t in report.themes]
    header.append(_("submitted at (%(zone)s)") % {"zone": zone})
    rows = []
    for r in report.learners:
        best = r.best
        submitted = (timezone.localtime(r.submitted_at).strftime("%Y-%m-%d %H:%M:%S")
                     if r.submitted_at else "")
        rows.append([
            r.username, r.display_name, r.status_label, r.attempts,
            "" if r.score is None else r.score,
            best["correct"] if best else "", best["total"] if best else "",
            *[_pct(m.correct, m.answered) if m else "" for m in r.themes],
            submitted,
        ])
    return csv_response(filename, header, rows)


def _fmt(x: float | None) -> str:
    return "" if x is None else f"{x:.3f}"


def items_csv(report: ItemReport, filename: str) -> HttpResponse:
    header = [_("question"), _("version"), _("evaluation content"), _("answer"),
              _("responses"), _("difficulty p"), _("point-biserial (corrected)"),
              _("upper-lower D")]
    header += [_("chose %(label)s") % {"label": lab} for lab in LABELS]
    header += [_("blank"), _("flags"), _("stem")]
    rows = [
        [i.question_key, i.version_number, i.content, i.answer, i.n, _fmt(i.p), _fmt(i.r_pb),
         _fmt(i.d), *[i.counts[lab] for lab in LABELS], i.blank, "; ".join(i.flag_labels),
         i.stem]
        for i in report.items
    ]
    return csv_response(filename, header, rows)
