"""Load fixtures: validate everything, then write the exam table, study text and questions in
one transaction, idempotently (rows are matched by their fixture ``key``)."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from content.bundle import Bundle, FixtureError, other_subject
from content.loader import LoadReport, read_paths, upsert, write_exam_and_sections
from content.models import Content, Section
from content.schema import QuestionSpec
from quizzes.models import Choice, Pool, Question
from quizzes.versions import snapshot_question


def load_paths(paths: list[Path] | None = None, *, pool: str = Pool.PUBLIC) -> LoadReport:
    """Validate every file, then write them all in one transaction. ``pool``: where the
    questions may be served (``load_reserved`` loads the deployer's secure pool)."""
    return write_bundle(read_paths(paths), pool=pool)


@transaction.atomic
def write_bundle(bundle: Bundle, *, pool: str = Pool.PUBLIC) -> LoadReport:
    report = LoadReport()
    sections, contents = write_exam_and_sections(bundle, report)
    earlier = {q.section for q in bundle.questions} - sections.keys()
    for key in earlier:  # loaded before, from another file: the bundle could not check these
        sections[key] = Section.objects.select_related("theme").get(key=key)
    for spec in bundle.questions:
        if spec.section in earlier and \
                sections[spec.section].theme.subject_id != contents[spec.content].theme.subject_id:
            raise FixtureError("fixtures", f"question {spec.key}",
                               other_subject(spec.content, spec.section))
    write_questions(bundle.questions, sections=sections, contents=contents, pool=pool,
                    report=report)
    return report


def write_questions(specs: list[QuestionSpec], *, sections: dict[str, Section],
                    contents: dict[str, Content], pool: str, report: LoadReport) -> None:
    """Write validated questions (fixtures, and the imports of ``exchange``), matched by key;
    a changed question gets a new version. Runs inside the caller's transaction."""
    existing = {
        q.key: q
        for q in Question.objects.filter(key__in=[s.key for s in specs])
        .select_related("current_version").prefetch_related("choices")
    }
    for spec in specs:
        _check_pool(spec.key, spec.origin, pool, existing.get(spec.key))
    for spec in specs:
        answer = spec.answer
        q = upsert(Question, {"key": spec.key}, {
            "pool": pool,
            "origin": spec.origin, "section": sections[spec.section],
            "number": spec.number, "content": contents[spec.content], "source": spec.source,
            "topics": spec.topics, "stem": spec.stem, "explanation": spec.explanation,
            "notes": spec.notes, "errata": spec.errata,
        }, report, "question", existing=existing.get(spec.key))
        have = {c.label: c for c in q.choices.all()} if spec.key in existing else {}
        for c in spec.choices:
            upsert(Choice, {"question": q, "label": c.label},
                    {"text": c.text, "is_correct": c.label == answer,
                     "rationale": c.rationale}, report, "choice",
                    existing=have.get(c.label))
        if snapshot_question(q):
            report.note("question version", "created")


def _check_pool(key: str, origin: str, pool: str, existing: Question | None) -> None:
    """A question never changes pool by a load: a public question made "secure" would still
    be public (practised, exported), a secure one made public would leak."""
    if pool != Pool.PUBLIC and origin == "guide":
        raise FixtureError("fixtures", f"question {key}",
                           "the guide's questions are published and cannot be secure")
    if existing is not None and existing.pool != pool:
        raise FixtureError("fixtures", f"question {key}",
                           f"already loaded in the {existing.pool} pool, not {pool}")
