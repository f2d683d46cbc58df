"""The bank as plain data: JSON for other tools, YAML that the loader reads back."""

from __future__ import annotations

from django.db.models import QuerySet

from quizzes.models import Question


def bank_queryset() -> QuerySet[Question]:
    return (
        Question.objects.select_related("section", "content__theme__subject")
        .prefetch_related("choices")
        .order_by("section__order", "origin", "number", "key")
    )


def question_record(q: Question) -> dict:
    choices = sorted(q.choices.all(), key=lambda c: c.label)
    return {
        "key": q.key,
        "subject": q.content.theme.subject.name,
        "theme": q.content.theme.name,
        "content": q.content.name,
        "section": q.section.key,
        "number": q.number,
        "origin": q.origin,
        "source": q.source,
        "topics": list(q.topics),
        "stem": q.stem,
        "choices": [{"label": c.label, "text": c.text, "rationale": c.rationale}
                    for c in choices],
        "answer": next((c.label for c in choices if c.is_correct), None),
        "explanation": q.explanation,
    }


def export_records() -> list[dict]:
    return [question_record(q) for q in bank_queryset()]


def export_fixture() -> dict:
    """A fixture document (`questions:` only) that `load_guide` accepts as is."""
    out = []
    for q in bank_queryset():
        choices = sorted(q.choices.all(), key=lambda c: c.label)
        item = {
            "key": q.key, "origin": q.origin, "section": q.section.key,
            "content": q.content.key, "source": q.source, "topics": list(q.topics),
            "stem": q.stem,
            "choices": [{"label": c.label, "text": c.text, "rationale": c.rationale}
                        for c in choices],
            "answer": next(c.label for c in choices if c.is_correct),
            "explanation": q.explanation, "notes": list(q.notes),
        }
        if q.number is not None:
            item["number"] = q.number
        if q.errata:
            item["errata"] = list(q.errata)
        out.append(item)
    return {"questions": out}
