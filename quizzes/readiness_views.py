"""Learner pages of issue 16: the target sitting picker, the full sitting (subject 1 then
subject 2), readiness. Thin: a Form validates, one service runs."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from content.sittings import choose_target, target_sitting, upcoming
from quizzes import sitting as sitting_svc


class TargetSittingForm(forms.Form):
    sitting = forms.ModelChoiceField(queryset=upcoming(), required=False,
                                     label=_("Target sitting"),
                                     empty_label=_("The next sitting"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sitting"].queryset = upcoming()  # today's, not import time's


@login_required
@require_http_methods(["GET", "POST"])
def target_sitting_page(request: HttpRequest) -> HttpResponse:
    form = TargetSittingForm(request.POST or None,
                             initial={"sitting": target_sitting(request.user)})
    if request.method == "POST":
        if not form.is_valid():
            raise BadRequest("unknown sitting")
        choose_target(user=request.user, sitting=form.cleaned_data["sitting"])
        return redirect("home")
    return render(request, "quizzes/target_sitting.html", {"form": form})


@login_required
@require_POST
def sitting_start(request: HttpRequest) -> HttpResponse:
    return redirect("attempt", sitting_svc.start_sitting(request.user).pk)


@login_required
@require_POST
def sitting_next(request: HttpRequest, pk: int) -> HttpResponse:
    return redirect("attempt", sitting_svc.continue_sitting(request.user, pk).pk)
