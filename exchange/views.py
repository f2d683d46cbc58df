"""Import and export pages: the bank (staff with the right to change questions) and a class's
private questions (its instructor). Rules live in exchange.services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from accounts.roles import instructor_required
from classes.models import Klass
from classes.services import classes_of_instructor
from exchange import services
from exchange.forms import ExportForm, ImportForm
from exchange.items import EXTENSIONS, Format


def bank_editor(view):
    """Signed in, and allowed to add and change the bank's questions (staff editors)."""
    return login_required(permission_required(
        ["quizzes.add_question", "quizzes.change_question"], raise_exception=True)(view))


def _own_class(request: HttpRequest, pk: int) -> Klass:
    """A class its owner or a co-instructor runs; any other is a 404."""
    return get_object_or_404(classes_of_instructor(request.user), pk=pk)


def _download(text: str, fmt: str, stem: str) -> HttpResponse:
    kind = "application/xml" if fmt == Format.MOODLE_XML else "text/plain"
    response = HttpResponse(text, content_type=f"{kind}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{stem}.{EXTENSIONS[fmt]}"'
    return response


def _import(request: HttpRequest, *, klass: Klass | None, done: str) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        args = (data["text"], data["format"])
        kwargs = {"klass": klass, "default_content": data["content"]}
        if data["confirm"]:
            result = services.confirm(*args, **kwargs)
            n = len(result.rows)
            messages.success(request, ngettext("%(n)d question imported.",
                                               "%(n)d questions imported.", n) % {"n": n})
            return redirect(done)
        preview = services.preview(*args, **kwargs)
    return render(request, "exchange/exchange.html", {
        "form": form, "preview": preview, "klass": klass, "export_form": ExportForm(),
        "text": form.cleaned_data.get("text", "") if form.is_bound and preview else "",
    })


@bank_editor
@require_http_methods(["GET", "POST"])
def bank(request: HttpRequest) -> HttpResponse:
    return _import(request, klass=None, done="admin:quizzes_question_changelist")


@bank_editor
@require_GET
def bank_export(request: HttpRequest) -> HttpResponse:
    form = ExportForm(request.GET)
    if not form.is_valid():
        return HttpResponse(status=400)
    fmt = form.cleaned_data["format"]
    return _download(services.export_text(services.bank_for_export(), fmt), fmt, "ipas-bank")


@instructor_required
@require_http_methods(["GET", "POST"])
def class_exchange(request: HttpRequest, pk: int) -> HttpResponse:
    klass = _own_class(request, pk)
    return _import(request, klass=klass, done=reverse("classes:private_questions", args=[pk]))


@instructor_required
@require_GET
def class_export(request: HttpRequest, pk: int) -> HttpResponse:
    klass = _own_class(request, pk)
    form = ExportForm(request.GET)
    if not form.is_valid():
        return HttpResponse(status=400)
    fmt = form.cleaned_data["format"]
    return _download(services.export_class(klass, fmt), fmt, f"class-{klass.pk}")
