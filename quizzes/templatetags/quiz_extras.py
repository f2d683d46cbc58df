from datetime import timedelta

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()


@register.filter
def duration(value: timedelta | None) -> str:
    """A time span that reads one way only: "1 分 24 秒" ("1 min 24 s"), not "1:24"."""
    if value is None:
        return ""
    total = int(value.total_seconds())
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    if h:
        return gettext("%(h)d h %(m)d min %(s)d s") % {"h": h, "m": m, "s": s}
    if m:
        return gettext("%(m)d min %(s)d s") % {"m": m, "s": s}
    return gettext("%(s)d s") % {"s": s}


# One grid link; format_html escapes every value (positions are ints, the rest literals).
_GRID_LINK = ('<a id="cell-{0}" {1}class="{2}" href="?q={0}" hx-get="?q={0}" '
              'hx-target="#question" hx-push-url="true" aria-label="{0}{3}"{4}>{0}</a>')


def _grid_args(cell, current: int, oob: bool) -> tuple:
    p = int(cell.position)
    marks = (" ✓" if cell.selected else "") + (" ⚑" if cell.flagged else "")
    classes = ("cell" + (" answered" if cell.selected else "")
               + (" flagged" if cell.flagged else "") + (" current" if p == current else ""))
    current_attr = mark_safe(' aria-current="step"') if p == current else ""
    return p, mark_safe('hx-swap-oob="true" ') if oob else "", classes, marks, current_attr


@register.simple_tag
def grid_cells(cells, current: int) -> str:
    """The question grid's links, answered/flagged/current marked: fifty on every exam page,
    built in one pass (node by node in a template they cost more than the rest of the page;
    docs/benchmarks.md has the figure)."""
    return format_html_join("", _GRID_LINK, (_grid_args(c, current, False) for c in cells))


@register.simple_tag
def grid_cell_swap(cell) -> str:
    """One cell, swapped out of band into the grid after an answer or a flag."""
    return format_html(_GRID_LINK, *_grid_args(cell, cell.position, True))
