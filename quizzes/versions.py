"""Question versions: the frozen copy an attempt refers to."""

from __future__ import annotations

from django.db import transaction

from core.choices import OptionIn, validate_choices
from quizzes.models import Question, QuestionVersion


def version_payload(question: Question) -> dict:
    """What a version freezes; ValueError if the options break the rule of core.choices."""
    choices = sorted(question.choices.all(), key=lambda c: c.label)
    problems = validate_choices([OptionIn(c.label, c.text, c.is_correct, c.rationale)
                                 for c in choices])
    if problems:
        raise ValueError(f"question {question.key}: {'; '.join(problems)}")
    answers = [c.label for c in choices if c.is_correct]
    return {
        "stem": question.stem,
        "choices": [{"id": c.pk, "label": c.label, "text": c.text, "rationale": c.rationale}
                    for c in choices],
        "answer": answers[0],
        "explanation": question.explanation,
    }


@transaction.atomic
def snapshot_question(question: Question) -> QuestionVersion | None:
    """Record a new version if the question differs from its current one.

    Returns the new version, or None when nothing changed.
    """
    payload = version_payload(question)
    current = question.current_version
    if current and all(getattr(current, k) == v for k, v in payload.items()):
        return None
    number = (current.number + 1) if current else 1
    version = QuestionVersion.objects.create(question=question, number=number, **payload)
    Question.objects.filter(pk=question.pk).update(current_version=version)
    question.current_version = version
    return version
