"""Django admin: editing questions safely."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from content.models import Content
from quizzes.attempts import start_attempt
from quizzes.models import Question
from tests.helpers import s2


@pytest.fixture
def staff_client(client, db):
    admin = User.objects.create_superuser("boss", "boss@example.org", "pw-boss")
    client.force_login(admin)
    return client


def change_form_data(q: Question, **overrides) -> dict:
    data = {
        "key": q.key, "origin": q.origin, "section": q.section_id, "number": q.number or "",
        "content": q.content_id, "source": q.source, "topics": "[]", "is_active": "on",
        "stem": q.stem, "explanation": q.explanation, "notes": "[]",
        "choices-TOTAL_FORMS": "4", "choices-INITIAL_FORMS": "4",
        "choices-MIN_NUM_FORMS": "4", "choices-MAX_NUM_FORMS": "4",
    }
    for i, c in enumerate(q.choices.order_by("label")):
        data[f"choices-{i}-id"] = c.pk
        data[f"choices-{i}-question"] = q.pk
        data[f"choices-{i}-label"] = c.label
        data[f"choices-{i}-text"] = c.text
        data[f"choices-{i}-rationale"] = c.rationale
        if c.is_correct:
            data[f"choices-{i}-is_correct"] = "on"
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.django_db
def test_admin_changes_a_question_and_past_attempts_keep_their_version(guide, staff_client,
                                                                      learner):
    q = Question.objects.get(key="g-3.1-01")
    attempt = start_attempt(learner, "guide", subject=s2())
    item = attempt.items.get(question=q)
    shown_stem, shown_answer = item.version.stem, item.version.answer

    # move the correct answer from B to C and reword the stem
    data = change_form_data(q, stem="新的題幹", **{"choices-1-is_correct": None,
                                                   "choices-2-is_correct": "on"})
    resp = staff_client.post(f"/admin/quizzes/question/{q.pk}/change/", data)
    assert resp.status_code == 302
    q.refresh_from_db()
    assert q.stem == "新的題幹" and q.choices.get(is_correct=True).label == "C"
    assert q.current_version.answer == "C" and q.current_version.number == 2

    item.refresh_from_db()
    assert item.version.stem == shown_stem and item.version.answer == shown_answer


@pytest.mark.django_db
def test_admin_edit_keeps_each_options_rationale_in_the_new_version(guide, staff_client):
    q = Question.objects.get(key="a-risk-004")
    data = change_form_data(q, **{"choices-0-rationale": "新的說明：對抗性攻擊是操弄輸入。"})
    assert staff_client.post(f"/admin/quizzes/question/{q.pk}/change/", data).status_code == 302
    q.refresh_from_db()
    shown = {c["label"]: c["rationale"] for c in q.current_version.choices}
    assert shown["A"] == "新的說明：對抗性攻擊是操弄輸入。" and all(shown.values())


@pytest.mark.django_db
def test_admin_refuses_a_content_of_another_subject(guide, staff_client):
    q = Question.objects.get(key="g-3.2-01")
    other = Content.objects.get(key="s1-ml-models")
    resp = staff_client.post(f"/admin/quizzes/question/{q.pk}/change/",
                             change_form_data(q, content=other.pk))
    assert resp.status_code == 200 and "errorlist" in resp.content.decode()
    q.refresh_from_db()
    assert q.content.theme.subject.key == "s2"


@pytest.mark.django_db
@pytest.mark.parametrize("correct", [[], ["0", "1"]])
def test_admin_requires_exactly_one_correct_choice(guide, staff_client, correct):
    q = Question.objects.get(key="g-3.1-02")
    overrides = {f"choices-{i}-is_correct": None for i in range(4)}
    overrides.update({f"choices-{i}-is_correct": "on" for i in correct})
    resp = staff_client.post(f"/admin/quizzes/question/{q.pk}/change/",
                             change_form_data(q, stem="不該存入", **overrides))
    assert resp.status_code == 200
    assert "Mark exactly one choice as correct" in resp.content.decode() or \
        "恰好一個" in resp.content.decode()
    q.refresh_from_db()
    assert q.stem != "不該存入" and q.choices.filter(is_correct=True).count() == 1


@pytest.mark.django_db
def test_admin_list_filters_search_and_preview(guide, staff_client):
    resp = staff_client.get("/admin/quizzes/question/", {"q": "No Code", "origin": "guide"})
    assert resp.status_code == 200
    assert "g-3.1-01" in resp.content.decode()
    q = Question.objects.get(key="g-3.2-01")
    page = staff_client.get(f"/admin/quizzes/question/{q.pk}/change/").content.decode()
    assert 'class="preview"' in page and q.choices.get(label="A").text in page


@pytest.mark.django_db
def test_non_staff_user_cannot_reach_admin(learner_client):
    resp = learner_client.get("/admin/quizzes/question/")
    assert resp.status_code == 302 and "/admin/login/" in resp["Location"]


@pytest.mark.django_db
def test_anonymous_user_cannot_reach_admin(client):
    resp = client.get("/admin/")
    assert resp.status_code == 302


@pytest.mark.django_db
def test_admin_refuses_an_option_without_its_rationale(guide, staff_client):
    q = Question.objects.get(key="a-risk-004")
    before = q.current_version.number
    resp = staff_client.post(f"/admin/quizzes/question/{q.pk}/change/",
                             change_form_data(q, stem="不該存入", **{"choices-2-rationale": " "}))
    assert resp.status_code == 200 and "errorlist" in resp.content.decode()
    q.refresh_from_db()
    assert q.stem != "不該存入" and q.current_version.number == before
