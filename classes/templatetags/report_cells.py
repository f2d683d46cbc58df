"""Cells of the class report's two big tables, built in one pass.

A class of 100 has 100 rows of theme scores and 100 rows of heatmap cells: node by node in a
template they were most of the results tab's time. ``format_html_join`` escapes every value;
docs/benchmarks.md has what it costs against hand-joined strings.
"""

from __future__ import annotations

from html import escape

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from classes.analytics import HEAT_BANDS, HEAT_NO_DATA

register = template.Library()

_HEAT = {css for _, css in HEAT_BANDS} | {HEAT_NO_DATA}


def _theme_text(m) -> str:
    if m and m.answered:
        return format_html('{}% <span class="muted">({}/{})</span>',
                           int(m.percent), int(m.correct), int(m.answered))
    return "–"


@register.simple_tag
def theme_cells(themes) -> str:
    """One <td> per theme: "80% (4/5)", or "–" when the learner answered none."""
    return format_html_join("", "<td>{}</td>", ((_theme_text(m),) for m in themes))


@register.simple_tag
def heat_cells(cells, best=None) -> str:
    """One <td> per content, coloured by share correct: "3/4", or "·" without data. With the
    learner's counted attempt (``best``, a values() row), each figure links to that attempt."""
    url = reverse("classes:learner_attempt", args=[int(best["pk"])]) if best else None

    def text(cell):
        if not cell.mastery:
            return "·"
        figure = f"{int(cell.mastery.correct)}/{int(cell.mastery.answered)}"
        return format_html('<a href="{}">{}</a>', url, figure) if url else figure

    return format_html_join("", '<td class="{}">{}</td>', (
        (cell.css if cell.css in _HEAT else HEAT_NO_DATA, text(cell)) for cell in cells))


def _two(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}"


@register.simple_tag
def item_rows(report) -> str:
    """The item table's rows: 250 of them on a class history. Built here in one pass, with the
    standard library's escape on every text value and ints and fixed strings for the rest:
    through format_html they cost 24 ms of a 90 ms page (docs/benchmarks.md, "Item rows")."""
    rows = []
    # one reverse for the table, not one per row: the id is put in by string
    link = reverse("classes:item_question", args=[0]).removesuffix("0/")
    for i in report.items:
        v = int(i.version_number)
        key = escape(i.question_key)
        suffix = f"-v{v}" if v > 1 else ""
        options = "".join(
            f'<td class="opt{" answer" if o.is_answer else ""}{" unused" if o.unused else ""}">'
            f'{int(o.count)}{" ✓" if o.is_answer else ""}</td>' for o in i.options)
        flags = "".join(f'<span class="badge bad">{escape(str(label))}</span> '
                        for label in i.flag_labels)
        rows.append(
            f'<tr id="item-{key}{suffix}" class="{"flagged" if i.flags else ""}">'
            f'<th scope="row"><a class="qkey" href="{link}{int(i.version_id)}/">'
            f'{key}{f" v{v}" if v > 1 else ""}</a><br>'
            f'<span class="tag">{escape(i.content)}</span><br><span class="muted stem-preview">'
            f'{escape(Truncator(i.stem).chars(80))}</span></th><td class="n">{int(i.n)}</td>'
            f'<td class="p">{_two(i.p)}</td><td class="rpb">{_two(i.r_pb)}</td>'
            f'<td class="d">{_two(i.d)}</td>{options}<td>{int(i.blank)}</td><td>{flags}</td></tr>')
    return mark_safe("".join(rows))  # every text value escaped above; the rest ints, literals
