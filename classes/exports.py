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
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from classes.analytics import AssignmentReport, ItemReport
from quizzes.models import LABELS, AttemptItem

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


UNSAFE_IN_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def file_name(*parts: str, ext: str = "csv") -> str:
    """A download's name from the class's and assignment's names: "AI 班-第一週-results.csv".
    Characters a file system or a header would choke on become "_"."""
    cleaned = [UNSAFE_IN_NAME.sub("_", str(p)).strip(" ._") for p in parts]
    return "-".join(p for p in cleaned if p)[:150] + f".{ext}"


def csv_response(filename: str, header: list[str], rows: Iterable[list]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    # RFC 6266/5987: an ASCII fallback and the UTF-8 name, so Chinese names survive
    response["Content-Disposition"] = content_disposition_header(True, filename)
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
    header += [_("time used (m:ss)"), _("auto-submitted")]
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
            r.time_used_text, (_("yes") if r.auto_submitted else _("no")) if best else "",
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


def response_matrix_csv(report: AssignmentReport, filename: str, *,
                        hidden: set[int] = frozenset()) -> HttpResponse:
    """Learners × questions: the option each learner chose in their counted attempt, by the
    bank's label (the letter they saw may differ: options are shuffled); empty when blank or
    not asked. The first row is the key, except for questions whose answers are withheld
    from the viewer (``hidden``). One query over the counted attempts' items."""
    best = {r.best["pk"]: r for r in report.learners if r.best}
    chosen: dict[tuple[int, int], str] = {}
    questions: dict[int, tuple[tuple, str, str]] = {}
    for item in (AttemptItem.objects.filter(attempt_id__in=list(best))
                 .values("attempt_id", "question_id", "question__key", "selected",
                         "version__answer", "question__section__order", "question__number",
                         "position")):
        qid = item["question_id"]
        chosen[item["attempt_id"], qid] = item["selected"]
        order = (item["question__section__order"] or 0, item["question__number"] or 0,
                 item["question__key"])
        questions.setdefault(qid, (order, item["question__key"], item["version__answer"]))
    columns = sorted(questions.items(), key=lambda kv: kv[1][0])
    header = [_("username"), _("display name"), _("score")] + [key for _q, (_o, key, _a)
                                                               in columns]
    rows = [["", _("(answer key)"), ""] + [
        "" if qid in hidden else answer for qid, (_o, _k, answer) in columns]]
    for pk, r in best.items():
        rows.append([r.username, r.display_name, "" if r.score is None else r.score] + [
            chosen.get((pk, qid), "") for qid, _col in columns])
    return csv_response(filename, header, rows)
