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


@register.simple_tag
def grid_cells(cells, current: int, oob: bool = False) -> str:
    """The question grid's links, answered/flagged/current marked.

    Fifty of them on every exam page: built here in one pass instead of node by node
    in a template, which cost more than the rest of the page. Every value is an int
    or a fixed string, so nothing needs escaping.
    """
    swap = 'hx-swap-oob="true" ' if oob else ""
    links = []
    for cell in cells:
        p = int(cell.position)
        marks = (" ✓" if cell.selected else "") + (" ⚑" if cell.flagged else "")
        classes = ("cell" + (" answered" if cell.selected else "")
                   + (" flagged" if cell.flagged else "") + (" current" if p == current else ""))
        links.append(f'<a id="cell-{p}" {swap}class="{classes}" href="?q={p}" hx-get="?q={p}" '
                     f'hx-target="#question" hx-push-url="true" aria-label="{p}{marks}">{p}</a>')
    return mark_safe("".join(links))  # ints and literals only
