"""The subject a page is about and the subjects to switch to, for the header and footer."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from content.subjects import all_subjects


def subjects(request: HttpRequest) -> dict:
    # lazy: a page that renders no header (an htmx fragment) costs no query, and a page
    # whose view already read the subjects reads them no second time
    return {
        "current_subject": getattr(request, "subject", None),
        "all_subjects": SimpleLazyObject(lambda: all_subjects(request)),
    }
