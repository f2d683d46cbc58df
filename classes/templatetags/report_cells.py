"""Cells of the class report's two big tables, built in one pass.

A class of 100 has 100 rows of theme scores and 100 rows of heatmap cells: node by node in a
template they were most of the results tab's time. ``format_html_join`` escapes every value;
docs/benchmarks.md has what it costs against hand-joined strings.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join

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
