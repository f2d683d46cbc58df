"""Which subject a page is about: the one in the URL, else the learner's last one.

Every learner page takes its subject from the URL, so links and anonymous visitors work; a
signed-in learner's last subject is remembered on the profile (and in the session, so that
pages without a subject in the URL need no extra query). Anonymous visits write nothing: the
URL is their memory, and no session row is made for a crawler.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest

from accounts.models import Profile
from content.models import Content, Subject

SESSION_KEY = "subject"


def default_subject(request: HttpRequest) -> Subject | None:
    """The first subject that has questions; the first subject if none has any yet.
    One EXISTS per subject tried, in order: usually the first one answers."""
    subjects = all_subjects(request)
    with_questions = (s for s in subjects if Content.objects.filter(
        theme__subject=s, questions__is_active=True).exists())
    return next(with_questions, subjects[0] if subjects else None)


def all_subjects(request: HttpRequest) -> list[Subject]:
    """Every subject, read once per request: the page's own and the header's switch."""
    if not hasattr(request, "subjects"):
        request.subjects = list(Subject.objects.select_related("exam").order_by("order"))
    return request.subjects


def subject_by_id(request: HttpRequest, pk: int) -> Subject | None:
    """A subject row a page already holds the id of (an attempt's), from the request's list."""
    return next((s for s in all_subjects(request) if s.pk == pk), None)


def subject_for(request: HttpRequest, key: str | None = None) -> Subject:
    """The subject named in the URL (404 if unknown), else the remembered or default one."""
    if key is not None:
        subject = next((s for s in all_subjects(request) if s.key == key), None)
        if subject is None:
            raise Http404("no such subject")
        remember(request, subject)
        return subject
    remembered = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    from_profile = remembered is None and request.user.is_authenticated
    if from_profile:
        remembered = (Profile.objects.filter(user=request.user)
                      .values_list("last_subject__key", flat=True).first())
    subject = next((s for s in all_subjects(request) if s.key == remembered), None) \
        if remembered else None
    subject = subject or default_subject(request)
    if subject is None:
        raise Http404("no subject is loaded")
    if from_profile:  # the profile (or, without one, the default) is read once per session
        request.session[SESSION_KEY] = subject.key
    request.subject = subject
    return subject


def remember(request: HttpRequest, subject: Subject) -> None:
    """The page's subject; for a signed-in learner also the last one, written only when it
    changed."""
    request.subject = subject
    if not request.user.is_authenticated or request.session.get(SESSION_KEY) == subject.key:
        return
    request.session[SESSION_KEY] = subject.key
    if request.user.is_authenticated:
        Profile.objects.filter(user=request.user).update(last_subject=subject)
