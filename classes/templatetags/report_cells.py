"""Cells of the class report's two big tables, built in one pass.

A class of 100 has 100 rows of theme scores and 100 rows of heatmap cells: node by node in a
template they were most of the results tab's time. ``format_html_join`` escapes every value;
docs/benchmarks.md has what it costs against hand-joined strings.
"""

from __future__ import annotations

from django import template
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
def heat_cells(cells) -> str:
    """One <td> per content, coloured by share correct: "3/4", or "·" without data."""
    return format_html_join("", '<td class="{}">{}</td>', (
        (cell.css if cell.css in _HEAT else HEAT_NO_DATA,
         f"{int(cell.mastery.correct)}/{int(cell.mastery.answered)}" if cell.mastery else "·")
        for cell in cells))


def _two(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}"


_ITEM_ROW = ('<tr id="item-{key}{vid}" class="{flagged}"><th scope="row"><span class="qkey">'
             '{key}{vlabel}</span><br><span class="tag">{content}</span><br>'
             '<span class="muted stem-preview">{stem}</span></th><td>{n}</td>'
             '<td class="p">{p}</td><td class="rpb">{rpb}</td><td class="d">{d}</td>'
             '{options}<td>{blank}</td><td>{flags}</td></tr>')


@register.simple_tag
def item_rows(report) -> str:
    """The item table's rows: 250 of them on a class history, built here in one pass (node
    by node in a template they were most of the page's time: docs/benchmarks.md, "Scale")."""
    rows = []
    for i in report.items:
        v = i.version_number
        options = format_html_join("", '<td class="opt{}{}">{}{}</td>', (
            (" answer" if o.is_answer else "", " unused" if o.unused else "", o.count,
             " ✓" if o.is_answer else "") for o in i.options))
        flags = format_html_join("", '<span class="badge bad">{}</span> ',
                                 ((label,) for label in i.flag_labels))
        rows.append(format_html(
            _ITEM_ROW, key=i.question_key, vid=f"-v{v}" if v > 1 else "",
            vlabel=f" v{v}" if v > 1 else "", flagged="flagged" if i.flags else "",
            content=i.content, stem=Truncator(i.stem).chars(80), n=i.n, p=_two(i.p),
            rpb=_two(i.r_pb), d=_two(i.d), options=options, blank=i.blank, flags=flags))
    return mark_safe("".join(rows))  # every part went through format_html
