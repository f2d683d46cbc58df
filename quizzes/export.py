"""The bank as plain data: JSON for other tools, YAML that the loader reads back."""

from __future__ import annotations

from django.db.models import QuerySet

from quizzes.models import Pool, Question


def bank_queryset(*, include_reserved: bool = False) -> QuerySet[Question]:
    """The public bank; with ``include_reserved`` (admins) the reserved pool too. A class's
    private questions are never exported."""
    pools = [Pool.PUBLIC, Pool.RESERVED] if include_reserved else [Pool.PUBLIC]
    return (
        Question.objects.filter(pool__in=pools)
        .select_related("section", "content__theme__subject")
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
        "pool": q.pool,
    }


def export_records(*, include_reserved: bool = False) -> list[dict]:
    return [question_record(q) for q in bank_queryset(include_reserved=include_reserved)]


def export_fixture(*, include_reserved: bool = False) -> dict:
    """A fixture document (`questions:` only) that `load_guide` accepts as is (reserved
    questions, marked by a comment-free ``notes`` entry, go back through `load_reserved`)."""
    out = []
    for q in bank_queryset(include_reserved=include_reserved):
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
        if q.pool != Pool.PUBLIC:
            item["notes"] = [*item["notes"], f"pool: {q.pool}"]
        out.append(item)
    return {"questions": out}
