"""Class pages for instructors and learners.

Thin views: rules live in classes.services, figures in classes.analytics.
Every instructor lookup filters by the classes request.user teaches (own or assisted), so another
instructor's class or assignment is a 404, and learners get a 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.roles import instructor_required, is_instructor
from classes import analytics, exports, notices, services, toolbox_views
from classes.forms import (
    AssignmentForm,
    JoinCodeForm,
    JoinForm,
    KlassForm,
    PrivateQuestionForm,
    save_assignment_form,
)
from classes.models import Assignment, Klass, Membership
from classes.paper_figures import paper_figures
from core.clientip import client_ip
from core.htmx import page_or_fragment


def _own_class(request: HttpRequest, pk: int) -> Klass:
    return get_object_or_404(services.classes_of_instructor(request.user), pk=pk)


def _own_assignment(request: HttpRequest, pk: int) -> Assignment:
    return get_object_or_404(services.assignments_of(request.user), pk=pk)


def _join_url(request: HttpRequest, klass: Klass) -> str:
    return request.build_absolute_uri(reverse("classes:join", args=[klass.join_code]))


# ---- both roles -------------------------------------------------------------------


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    teaching = is_instructor(request.user)
    joined = services.my_classes(request.user)
    return render(request, "classes/home.html", {
        "notices": notices.in_app(joined),
        "emails_off": notices.emails_off(request.user) if joined else False,
        "is_instructor": teaching,
        "taught": services.classes_taught(request.user) if teaching else [],
        "archived": services.classes_taught(request.user, archived=True) if teaching else [],
        "joined": joined,
        "join_form": JoinForm(),
    })


@login_required
@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, code: str | None = None) -> HttpResponse:
    """GET shows the class a code opens and asks to confirm; POST joins it."""
    services.guard_join_tries(user_id=request.user.pk, ip=client_ip(request))
    if request.method == "POST":
        form = JoinForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Enter the join code your instructor gave you."))
            return redirect("classes:home")
        try:
            klass, created = services.join_class(request.user, form.cleaned_data["code"])
        except services.JoinRefused as exc:
            messages.error(request, exc.message)
            return redirect("classes:home")
        if created:
            messages.success(request, _("You joined %(name)s.") % {"name": klass.name})
        else:
            messages.info(request, _("You are already in %(name)s.") % {"name": klass.name})
        return redirect("classes:home")
    if code is None:  # nothing typed yet: the form, without an error
        return render(request, "classes/join.html", {"klass": None, "join_form": JoinForm()})
    try:
        klass = services.find_class_by_code(code)
    except services.JoinRefused as exc:
        messages.error(request, exc.message)
        return redirect("classes:home")
    if services.classes_of_instructor(request.user).filter(pk=klass.pk).exists():
        messages.info(request, _("This is your class: learners join it with this link."))
        return redirect("classes:detail", klass.pk)
    return render(request, "classes/join.html", {
        "klass": klass, "code": klass.join_code,
        "already": Membership.objects.filter(klass=klass, user=request.user).exists(),
    })


@login_required
@require_POST
def start(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = services.member_assignment(request.user, pk)
    if assignment is None:
        raise Http404("no such assignment in your classes")
    try:
        attempt = services.start_assignment(request.user, assignment)
    except services.StartRefused as exc:
        messages.error(request, exc.message)
        return redirect("classes:home")
    return redirect("attempt", attempt.pk)


# ---- instructor: classes ---------------------------------------------------------------


@instructor_required
@require_http_methods(["GET", "POST"])
def class_create(request: HttpRequest) -> HttpResponse:
    form = KlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        klass = services.create_class(request.user, form.cleaned_data["name"],
                                      form.cleaned_data["code_expires_at"])
        messages.success(request, _("Class created. Share the join code with your learners."))
        return redirect("classes:detail", klass.pk)
    return render(request, "classes/class_form.html", {"form": form})


@instructor_required
@require_GET
def class_detail(request: HttpRequest, pk: int) -> HttpResponse:
    klass = _own_class(request, pk)
    return render(request, "classes/class_detail.html", {
        "klass": klass,
        "join_url": _join_url(request, klass),
        "code_valid": services.code_is_valid(klass),
        "code_form": JoinCodeForm(),
        "summaries": services.class_summary(klass),
        "members": (Membership.objects.filter(klass=klass)
                    .values("user_id", "user__username", "user__profile__display_name",
                            "joined_at")
                    .order_by("user__username")),
    })


@instructor_required
@require_POST
@page_or_fragment
def regenerate_code(request: HttpRequest, pk: int) -> HttpResponse:
    klass = _own_class(request, pk)
    form = JoinCodeForm(request.POST)
    if form.is_valid():
        services.regenerate_code(klass, form.cleaned_data["expires_at"])
        if not request.htmx:
            messages.success(request, _("New join code: %(code)s. The old one no longer works.")
                             % {"code": klass.join_code})
    elif not request.htmx:
        messages.error(request, " ".join(form.errors.get("expires_at", [])))
    if not request.htmx:
        return redirect("classes:detail", klass.pk)
    return render(request, "classes/class_detail.html#join_code", {
        "klass": klass, "join_url": _join_url(request, klass),
        "code_valid": services.code_is_valid(klass), "code_form": form,
        "regenerated": form.is_valid(),
    })


# ---- instructor: assignments --------------------------------------------------------------


@instructor_required
@require_http_methods(["GET", "POST"])
def assignment_create(request: HttpRequest, pk: int) -> HttpResponse:
    klass = _own_class(request, pk)
    form = AssignmentForm(request.POST or None, instance=Assignment(klass=klass))
    if request.method == "POST" and form.is_valid():
        assignment = save_assignment_form(form)
        messages.success(request, _("Assignment created."))
        return redirect("classes:report", assignment.pk)
    return render(request, "classes/assignment_form.html", {"form": form, "klass": klass})


@instructor_required
@require_http_methods(["GET", "POST"])
def assignment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _own_assignment(request, pk)
    form = AssignmentForm(request.POST or None, instance=assignment)
    if request.method == "POST" and form.is_valid():
        save_assignment_form(form)
        messages.success(request, _("Assignment saved. Attempts already started keep their "
                                    "deadline."))
        return redirect("classes:report", assignment.pk)
    return render(request, "classes/assignment_form.html", {
        "form": form, "klass": assignment.klass, "assignment": assignment})


REPORT_TABS = ("results", "items")


@instructor_required
@require_GET
@page_or_fragment
def report(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _own_assignment(request, pk)
    tab = request.GET.get("tab") if request.GET.get("tab") in REPORT_TABS else "results"
    ctx = {"assignment": assignment, "klass": assignment.klass, "tab": tab,
           "window": services.window_state(assignment)}
    if tab == "items":
        ctx["items"] = analytics.for_viewer(analytics.cached_item_analysis(
            analytics.assignment_scope(assignment), request.GET.get("attempts")), request.user)
        ctx["csv_url"] = reverse("classes:items_csv", args=[assignment.pk])
    else:
        ctx["report"] = analytics.assignment_report(assignment,
                                                    which=request.GET.get("attempts", ""))
        ctx["exception_form"] = toolbox_views.exception_form(assignment, ctx["report"])
        ctx["figures"] = paper_figures(assignment, ctx["report"].which)
    ctx["started"] = services.assignment_started(assignment)
    ctx["copy_targets"] = services.classes_of_instructor(request.user).filter(
        archived_at__isnull=True).only("pk", "name")
    if request.htmx and request.htmx.target == "report":
        return render(request, "classes/report.html#panel", ctx)
    return render(request, "classes/report.html", ctx)


@instructor_required
@require_GET
def results_csv(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _own_assignment(request, pk)
    report = analytics.assignment_report(assignment, which=request.GET.get("attempts", ""))
    return exports.results_csv(report, exports.file_name(
        assignment.klass.name, assignment.display_title, _("results")))


@instructor_required
@require_GET
def items_csv(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _own_assignment(request, pk)
    report = analytics.for_viewer(analytics.cached_item_analysis(
        analytics.assignment_scope(assignment), request.GET.get("attempts")), request.user)
    return exports.items_csv(report, exports.file_name(
        assignment.klass.name, assignment.display_title, _("items")))


@instructor_required
@require_GET
def class_items(request: HttpRequest, pk: int) -> HttpResponse:
    """Item analysis over the whole class history (every assignment of the class)."""
    klass = _own_class(request, pk)
    return render(request, "classes/class_items.html", {
        "klass": klass, "items": analytics.for_viewer(analytics.cached_item_analysis(
            analytics.class_scope(klass), request.GET.get("attempts")), request.user),
        "csv_url": reverse("classes:class_items_csv", args=[klass.pk]),
    })


@instructor_required
@require_GET
def class_items_csv(request: HttpRequest, pk: int) -> HttpResponse:
    klass = _own_class(request, pk)
    return exports.items_csv(analytics.for_viewer(analytics.cached_item_analysis(
        analytics.class_scope(klass), request.GET.get("attempts")), request.user),
        exports.file_name(klass.name, _("items")))


# ---- instructor: the class's private questions ---------------------------------------------


@instructor_required
@require_http_methods(["GET", "POST"])
def private_questions(request: HttpRequest, pk: int, qpk: int | None = None) -> HttpResponse:
    """The class's secure questions: the list, and a form to write one or a new version."""
    klass = _own_class(request, pk)
    question = get_object_or_404(services.private_questions(klass), pk=qpk) if qpk else None
    initial = PrivateQuestionForm.initial_for(question) if question else None
    form = PrivateQuestionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.save_private_question(klass=klass, content=data["content"], stem=data["stem"],
                                       explanation=data["explanation"],
                                       options=form.options(), question=question)
        messages.success(request, _("Private question saved."))
        return redirect("classes:private_questions", klass.pk)
    return render(request, "classes/private_questions.html", {
        "klass": klass, "form": form, "editing": question,
        "questions": services.private_questions(klass).prefetch_related("choices"),
    })
