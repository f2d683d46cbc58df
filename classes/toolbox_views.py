"""The instructor's toolbox: a learner's attempt, membership, archiving, duplicating, deleting
and renaming. Thin views over classes.services; every lookup filters by the instructor, so
another instructor's class, assignment or attempt is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.roles import instructor_required
from classes import analytics, attempt_view, exports, notices, services
from classes.forms import DuplicateForm, ExceptionForm, RenameClassForm
from classes.models import Klass, Membership
from quizzes.withholding import withheld_questions


def _own_class(request: HttpRequest, pk: int) -> Klass:
    return get_object_or_404(services.classes_of_instructor(request.user), pk=pk)


@instructor_required
@require_GET
def learner_attempt(request: HttpRequest, pk: int) -> HttpResponse:
    attempt = get_object_or_404(attempt_view.attempts_taught_by(request.user), pk=pk)
    return render(request, "classes/learner_attempt.html", {
        "view": attempt_view.learner_attempt(attempt, request.user),
        "assignment": attempt.assignment, "klass": attempt.assignment.klass})


@instructor_required
@require_POST
def remove_member(request: HttpRequest, pk: int, user_id: int) -> HttpResponse:
    klass = _own_class(request, pk)
    if services.remove_member(klass=klass, user_id=user_id):
        messages.success(request, _("Learner removed. Their submitted work stays in the "
                                    "class's records."))
    return redirect("classes:detail", klass.pk)


@login_required
@require_POST
def leave(request: HttpRequest, pk: int) -> HttpResponse:
    klass = services.leave_class(user=request.user, klass_id=pk)
    messages.success(request, _("You left %(name)s. Your submitted work stays in its "
                                "records.") % {"name": klass.name})
    return redirect("classes:home")


@instructor_required
@require_POST
def archive_assignment(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404(services.assignments_of(request.user), pk=pk)
    archived = request.POST.get("archived") != "0"
    services.set_archived(assignment, archived=archived)
    messages.success(request, _("Assignment archived: learners no longer see it; its attempts "
                                "and report are kept.") if archived
                     else _("Assignment restored."))
    return redirect("classes:report", assignment.pk)


@instructor_required
@require_POST
def delete_assignment(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404(services.assignments_of(request.user), pk=pk)
    klass_id = assignment.klass_id
    services.delete_assignment(assignment=assignment)  # Refused once anyone has started it
    messages.success(request, _("Assignment deleted."))
    return redirect("classes:detail", klass_id)


@instructor_required
@require_POST
def duplicate_assignment(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404(services.assignments_of(request.user), pk=pk)
    form = DuplicateForm(request.POST, instructor=request.user)
    if not form.is_valid():
        messages.error(request, _("Choose one of your classes."))
        return redirect("classes:report", assignment.pk)
    copy = services.duplicate_assignment(assignment=assignment,
                                         klass=form.cleaned_data["klass"])
    messages.success(request, _("Copy made. Check its window before learners see it."))
    return redirect("classes:assignment_edit", copy.pk)


@instructor_required
@require_POST
def rename_class(request: HttpRequest, pk: int) -> HttpResponse:
    klass = _own_class(request, pk)
    form = RenameClassForm(request.POST)
    if form.is_valid():
        services.rename_class(klass=klass, name=form.cleaned_data["name"])
        messages.success(request, _("Class renamed."))
    else:
        messages.error(request, _("A class needs a name."))
    return redirect("classes:detail", klass.pk)


@instructor_required
@require_POST
def archive_class(request: HttpRequest, pk: int) -> HttpResponse:
    klass = _own_class(request, pk)
    archived = request.POST.get("archived") != "0"
    services.set_archived(klass, archived=archived)
    messages.success(request, _("Class archived: its learners no longer see it; nothing is "
                                "deleted.") if archived else _("Class restored."))
    return redirect("classes:detail", klass.pk)


def exception_form(assignment, report=None, data=None) -> ExceptionForm:
    """The report's form for a learner's exception; its choices are the class's members."""
    members = (list(dict((r.user_id, r.name) for r in report.learners).items())
               if report is not None else
               [(m.user_id, m.user.get_username()) for m in
                Membership.objects.filter(klass_id=assignment.klass_id).select_related("user")])
    return ExceptionForm(data, members=members)


@instructor_required
@require_POST
def save_exception(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404(services.assignments_of(request.user), pk=pk)
    form = exception_form(assignment, data=request.POST)
    if form.is_valid():
        data = form.cleaned_data
        services.save_exception(assignment=assignment, user_id=data["user"],
                                extra_minutes=data["extra_minutes"] or 0,
                                extra_attempts=data["extra_attempts"] or 0,
                                opens_at=data["opens_at"], closes_at=data["closes_at"],
                                note=data["note"])
        messages.success(request, _("Exception saved."))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("classes:report", assignment.pk)


@instructor_required
@require_POST
def delete_exception(request: HttpRequest, pk: int, user_id: int) -> HttpResponse:
    assignment = get_object_or_404(services.assignments_of(request.user), pk=pk)
    services.delete_exception(assignment=assignment, user_id=user_id)
    messages.success(request, _("Exception removed."))
    return redirect("classes:report", assignment.pk)


@instructor_required
@require_POST
def add_co_instructor(request: HttpRequest, pk: int) -> HttpResponse:
    klass = _own_class(request, pk)
    user = services.add_co_instructor(klass=klass, by=request.user,
                                      username=request.POST.get("username", "")[:150])
    messages.success(request, _("%(name)s now teaches this class with you.")
                     % {"name": user.get_username()})
    return redirect("classes:detail", klass.pk)


@instructor_required
@require_POST
def remove_co_instructor(request: HttpRequest, pk: int, user_id: int) -> HttpResponse:
    klass = _own_class(request, pk)
    services.remove_co_instructor(klass=klass, by=request.user, user_id=user_id)
    messages.success(request, _("Co-instructor removed."))
    return redirect("classes:detail", klass.pk)


@instructor_required
@require_GET
def response_matrix_csv(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404(services.assignments_of(request.user), pk=pk)
    return exports.response_matrix_csv(
        analytics.assignment_report(assignment),
        exports.file_name(assignment.klass.name, assignment.display_title, _("responses")),
        hidden=withheld_questions(request.user))


@instructor_required
@require_GET
def printable_paper(request: HttpRequest, pk: int) -> HttpResponse:
    """The assignment's paper to print, with the answer key when asked (?key=1)."""
    assignment = get_object_or_404(services.assignments_of(request.user), pk=pk)
    return render(request, "classes/print_paper.html", {
        "assignment": assignment, "klass": assignment.klass,
        "with_key": request.GET.get("key") == "1",
        "questions": services.printable_questions(assignment, viewer=request.user)})


@login_required
@require_POST
def notice_emails(request: HttpRequest) -> HttpResponse:
    """A learner turns the assignment e-mails on or off (the in-app notices stay)."""
    on = request.POST.get("on") == "1"
    notices.set_emails(request.user, on=on)
    messages.success(request, _("Assignment e-mails are on.") if on
                     else _("Assignment e-mails are off."))
    return redirect("classes:home")


@instructor_required
@require_GET
def item_question(request: HttpRequest, pk: int) -> HttpResponse:
    """One question version of an item table, with its options and rationales: only one that
    was answered in a class the instructor teaches; a key withheld from them stays hidden."""
    version = get_object_or_404(attempt_view.versions_seen_by(request.user), pk=pk)
    return render(request, "classes/item_question.html", {
        "version": version, "question": version.question,
        "withheld": version.question_id in withheld_questions(request.user),
        "options": sorted(version.choices, key=lambda c: c["label"])})
