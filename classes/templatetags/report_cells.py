"""Cells of the class report's two big tables, built in one pass.

A class of 100 has 100 rows of theme scores and 100 rows of heatmap cells: node by
node in a template they were most of the results tab's time. Every value written
here is an int or one of the fixed heat classes, so nothing needs escaping.
"""

from __future__ import annotations

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

_HEAT = {"h0", "h1", "h2", "h3", "hx"}


@register.simple_tag
def theme_cells(themes) -> str:
    """One <td> per theme: "80% (4/5)", or "–" when the learner answered none."""
    out = []
    for m in themes:
        if m and m.answered:
            out.append(f'<td>{int(m.percent)}% <span class="muted">'
                       f"({int(m.correct)}/{int(m.answered)})</span></td>")
        else:
            out.append("<td>–</td>")
    return mark_safe("".join(out))  # ints and literals only


@register.simple_tag
def heat_cells(cells) -> str:
    """One <td> per content, coloured by share correct: "3/4", or "·" without data."""
    out = []
    for cell in cells:
        css = cell.css if cell.css in _HEAT else "hx"
        m = cell.mastery
        text = f"{int(m.correct)}/{int(m.answered)}" if m else "·"
        out.append(f'<td class="{css}">{text}</td>')
    return mark_safe("".join(out))  # ints and fixed class names only
