"""Citations such as "3.1 §2、§5(1)" as links to those parts of the study page."""

import re

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_SECTION = re.compile(r"^(\d+\.\d+)(?![\d.])")
_PART = re.compile(r"§(\d+)")


@register.filter
def cite_links(source: str) -> SafeString:
    """The section key links to its study page, each "§N" to that part's anchor (the same
    anchor ``content.models.Part.anchor`` gives); everything else is escaped text."""
    source = source or ""
    m = _SECTION.match(source)
    if not m:
        return escape(source)
    key = m[1]
    try:
        base = reverse("study_section", args=[key])
    except NoReverseMatch:
        return escape(source)
    out = [format_html('<a href="{}">{}</a>', base, key)]
    rest, last = source[m.end():], 0
    for part in _PART.finditer(rest):
        out.append(escape(rest[last:part.start()]))
        out.append(format_html('<a href="{}#part-{}-{}">§{}</a>', base, key.replace(".", "-"),
                               part[1], part[1]))
        last = part.end()
    out.append(escape(rest[last:]))
    return mark_safe("".join(out))  # every piece above is escaped or format_html
