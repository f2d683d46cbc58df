from datetime import timedelta

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def duration(value: timedelta | None) -> str:
    """h:mm:ss for a time span."""
    if value is None:
        return ""
    total = int(value.total_seconds())
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def _grid_link(cell, current: int, swap: str) -> str:
    p = int(cell.position)
    marks = (" ✓" if cell.selected else "") + (" ⚑" if cell.flagged else "")
    classes = ("cell" + (" answered" if cell.selected else "")
               + (" flagged" if cell.flagged else "") + (" current" if p == current else ""))
    return (f'<a id="cell-{p}" {swap}class="{classes}" href="?q={p}" hx-get="?q={p}" '
            f'hx-target="#question" hx-push-url="true" aria-label="{p}{marks}">{p}</a>')


@register.simple_tag
def grid_cells(cells, current: int) -> str:
    """The question grid's links, answered/flagged/current marked.

    Fifty of them on every exam page: built here in one pass instead of node by node
    in a template, which cost more than the rest of the page. Every value is an int
    or a fixed string, so nothing needs escaping.
    """
    return mark_safe("".join(_grid_link(c, current, "") for c in cells))  # ints, literals


@register.simple_tag
def grid_cell_swap(cell) -> str:
    """One cell, swapped out of band into the grid after an answer or a flag."""
    return mark_safe(_grid_link(cell, cell.position, 'hx-swap-oob="true" '))  # ints, literals
