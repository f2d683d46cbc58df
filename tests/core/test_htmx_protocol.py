"""The htmx protocol, server side: Vary on pages that answer fragments, events announced with
HX-Trigger, refusals retargeted to the notice area, redirects as HX-Redirect."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from classes.analytics import HEAT_BANDS, heat_class, heat_legend
from quizzes import attempts as svc
from quizzes.mastery import Mastery
from tests.helpers import HX

pytestmark = pytest.mark.django_db


def test_pages_with_fragments_vary_on_hx_request(exam, learner_client):
    for response in (
        learner_client.get(reverse("attempt", args=[exam.pk])),
        learner_client.get(reverse("attempt", args=[exam.pk]) + "?q=2", **HX),
        learner_client.post(reverse("answer", args=[exam.pk, 1]), {"choice": 2}, **HX),
        learner_client.post(reverse("flag", args=[exam.pk, 1]), {"flagged": "1"}, **HX),
    ):
        assert "HX-Request" in response["Vary"]


def test_an_exam_answer_announces_the_save_and_the_clock(exam, learner_client):
    response = learner_client.post(reverse("answer", args=[exam.pk, 3]), {"choice": 1}, **HX)
    events = json.loads(response["HX-Trigger"])
    assert events["answer-saved"] == {"position": 3}
    assert abs(events["clock-sync"]["remaining"] - svc.remaining_seconds(exam)) <= 2
    assert "data-remaining" not in response.content.decode()  # no scraping of markup
    nav = learner_client.get(reverse("attempt", args=[exam.pk]) + "?q=2", HTTP_HX_TARGET="question",
                             **HX)
    assert "clock-sync" in json.loads(nav["HX-Trigger"])


def test_a_refusal_goes_to_the_notice_area_and_a_closed_attempt_redirects(exam, learner_client):
    bad = learner_client.post(reverse("answer", args=[exam.pk, 1]), {"choice": 9}, **HX)
    assert bad.status_code == 400  # not a shown position: refused before any service
    learner_client.post(reverse("submit", args=[exam.pk]), **HX)
    late = learner_client.post(reverse("answer", args=[exam.pk, 1]), {"choice": 1}, **HX)
    assert late["HX-Redirect"] == reverse("result", args=[exam.pk])


def test_a_refusal_without_a_destination_is_retargeted(guide, learner_client, monkeypatch):
    from quizzes import attempts

    def refuse(*args, **kwargs):
        raise attempts.AttemptError("nope")

    monkeypatch.setattr(attempts, "set_flag", refuse)
    response = learner_client.post(reverse("flag", args=[1, 1]), {"flagged": "1"}, **HX)
    assert response.status_code == 409
    assert response["HX-Retarget"] == "#notice" and response["HX-Reswap"] == "innerHTML"
    assert "nope" in response.content.decode()


def test_practice_answers_skip_the_exam_statement(guide, learner_client, monkeypatch):
    from quizzes import attempts

    r = learner_client.post(reverse("practice_start", args=["s2"]),
                            {"kind": "section", "scope": "3.1", "count": 3})
    pk = int(r["Location"].strip("/").split("/")[-1])
    calls = []
    real = attempts.save_exam_answer
    monkeypatch.setattr(attempts, "save_exam_answer",
                        lambda **kw: calls.append(kw) or real(**kw))
    response = learner_client.post(reverse("practice_answer", args=[pk, 1]), {"choice": 1},
                                   **HX)
    assert response.status_code == 200 and calls == []
    assert "answer-saved" in json.loads(response["HX-Trigger"])


def test_the_heat_legend_is_drawn_from_the_bands():
    legend = heat_legend()
    assert [b.css for b in legend] == [css for _, css in HEAT_BANDS]
    assert (legend[0].low, legend[0].high, legend[-1].high) == (None, 40, None)
    for rate, css in ((0.39, "h0"), (0.4, "h1"), (0.79, "h2"), (0.8, "h3")):
        answered = 100
        assert heat_class(Mastery("k", "n", round(rate * answered), answered)) == css
