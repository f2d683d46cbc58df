"""Write the exam table and study text of a validated fixture bundle, idempotently
(quizzes.loader writes the questions in the same transaction).

Rows are matched by their fixture ``key``; a row is saved only when a field
differs, so loading the same files twice writes nothing the second time.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db.models import Model

from content.bundle import Bundle, read_bundle
from content.models import Content, Exam, Part, Section, Subject, Theme

FIXTURES_DIR = Path(__file__).resolve().parent.parent / "fixtures"


def default_paths() -> list[Path]:
    return sorted(FIXTURES_DIR.rglob("*.yaml"))


@dataclass
class LoadReport:
    counts: Counter = field(default_factory=Counter)  # ("question", "created") -> n

    def note(self, kind: str, outcome: str) -> None:
        self.counts[(kind, outcome)] += 1

    @property
    def changed(self) -> int:
        return sum(n for (_, outcome), n in self.counts.items() if outcome != "unchanged")

    def summary(self) -> str:
        kinds = sorted({k for k, _ in self.counts})
        rows = []
        for kind in kinds:
            parts = [f"{o} {self.counts[(kind, o)]}" for o in ("created", "updated", "unchanged")
                     if self.counts[(kind, o)]]
            rows.append(f"{kind}: " + ", ".join(parts))
        return "\n".join(rows)


_LOOKUP = object()  # "not prefetched: look the row up"


def upsert[M: Model](model: type[M], lookup: dict, fields: dict, report: LoadReport,
                      kind: str, existing: object = _LOOKUP) -> M:
    """Create or update one row by its stable lookup; save only what differs."""
    obj = model.objects.filter(**lookup).first() if existing is _LOOKUP else existing
    if obj is None:
        obj = model.objects.create(**lookup, **fields)
        report.note(kind, "created")
        return obj
    diff = [name for name, value in fields.items() if getattr(obj, name) != value]
    if diff:
        for name in diff:
            setattr(obj, name, fields[name])
        obj.save(update_fields=diff)
        report.note(kind, "updated")
    else:
        report.note(kind, "unchanged")
    return obj


def read_paths(paths: list[Path] | None = None) -> Bundle:
    """Validate every file (with the exam table, which names every theme and content)."""
    paths = list(paths or default_paths())
    exam_file = FIXTURES_DIR / "exam.yaml"
    if exam_file.resolve() not in {p.resolve() for p in paths}:
        paths.insert(0, exam_file)
    known = set(Section.objects.values_list("key", flat=True))
    return read_bundle(paths, expected_sections=known)


def write_exam_and_sections(bundle: Bundle, report: LoadReport,
                            ) -> tuple[dict[str, Section], dict[str, Content]]:
    """The exam table and study text; returns sections and contents by key for the
    questions' half (quizzes.loader). Runs inside the caller's transaction."""
    themes: dict[str, Theme] = {}
    contents: dict[str, Content] = {}
    assert bundle.exam
    rule = bundle.exam.pass_rule
    exam = upsert(Exam, {"key": bundle.exam.key}, {
        "name": bundle.exam.name, "level": bundle.exam.level,
        "points_per_question": rule.points_per_question,
        "single_subject_line": rule.single_subject_line,
        "sitting_average_line": rule.sitting_average_line,
        "sitting_floor": rule.sitting_floor, "rule_source": rule.source}, report, "exam")
    for s_order, s in enumerate(bundle.exam.subjects):
        subject = upsert(Subject, {"key": s.key}, {
            "exam": exam, "code": s.code, "name": s.name,
            "official_guide": s.official_guide, "order": s_order}, report, "subject")
        for t_order, t in enumerate(s.themes):
            theme = upsert(Theme, {"key": t.key},
                            {"subject": subject, "name": t.name, "order": t_order}, report, "theme")
            themes[t.key] = theme
            for c_order, c in enumerate(t.contents):
                contents[c.key] = upsert(Content, {"key": c.key}, {
                    "theme": theme, "name": c.name, "order": c_order}, report, "content")

    sections: dict[str, Section] = {}
    for order, sec in enumerate(sorted(bundle.sections.values(), key=lambda x: x.key)):
        section = upsert(Section, {"key": sec.key}, {
            "title": sec.title, "theme": themes[sec.theme], "intro": sec.intro, "order": order,
            "origin": sec.origin, "notes": bundle.section_notes.get(sec.key, []),
        }, report, "section")
        sections[sec.key] = section
        for p in sec.parts:
            part = upsert(Part, {"key": p.key}, {
                "section": section, "number": p.number, "title": p.title, "body": p.body,
                "errata": p.errata,
            }, report, "part")
            wanted = {contents[k].pk for k in p.contents}
            if set(part.contents.values_list("pk", flat=True)) != wanted:
                part.contents.set(wanted)
    return sections, contents
