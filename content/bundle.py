"""Read and cross-check fixture files into one validated bundle.

Nothing here touches the database: the loader only writes once the whole
bundle has passed, so one bad item means nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import ValidationError

from content.schema import ExamSpec, FixtureFile, QuestionSpec, SectionSpec


class FixtureError(Exception):
    """A fixture problem, told as ``file: path: reason``."""

    def __init__(self, file: Path | str, where: str, reason: str) -> None:
        self.file, self.where, self.reason = str(file), where, reason
        super().__init__(f"{file}: {where}: {reason}")


def other_subject(content: str, section: str) -> str:
    """The reason a question is refused whose content and section are of two subjects."""
    return f"content {content!r} belongs to another subject than section {section!r}"


@dataclass
class Bundle:
    exam: ExamSpec | None = None
    sections: dict[str, SectionSpec] = field(default_factory=dict)
    # a section file's file-level notes (typos of the guide, repairs), shown to learners
    section_notes: dict[str, list[str]] = field(default_factory=dict)
    questions: list[QuestionSpec] = field(default_factory=list)
    # where each key came from, for error messages
    origin_of: dict[str, str] = field(default_factory=dict)

    @property
    def content_keys(self) -> set[str]:
        if not self.exam:
            return set()
        return {c.key for s in self.exam.subjects for t in s.themes for c in t.contents}

    def subject_of_theme(self, theme_key: str) -> str | None:
        assert self.exam
        return next((s.key for s in self.exam.subjects for t in s.themes
                     if t.key == theme_key), None)

    def subject_of_content(self, content_key: str) -> str | None:
        assert self.exam
        return next((s.key for s in self.exam.subjects for t in s.themes for c in t.contents
                     if c.key == content_key), None)

    @property
    def theme_keys(self) -> set[str]:
        if not self.exam:
            return set()
        return {t.key for s in self.exam.subjects for t in s.themes}


def _loc(err: dict) -> str:
    return ".".join(str(p) for p in err["loc"]) or "(file)"


def parse_file(path: Path) -> FixtureFile:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise FixtureError(path, "(file)", f"cannot read: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "(file)"
        raise FixtureError(path, where, f"invalid YAML: {getattr(exc, 'problem', exc)}") from exc
    if not isinstance(raw, dict):
        raise FixtureError(path, "(file)", "top level must be a mapping")
    if not raw:
        raise FixtureError(path, "(file)", "nothing to load: expected exam, section or questions")
    try:
        return FixtureFile.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = _loc(first)
        # name the item by its key when we can, so "questions.3" reads as a question key
        parts = first["loc"]
        if len(parts) >= 2 and parts[0] == "questions" and isinstance(parts[1], int):
            items = raw.get("questions") or []
            if parts[1] < len(items) and isinstance(items[parts[1]], dict):
                key = items[parts[1]].get("key")
                if key:
                    where = f"{where} (question {key})"
        raise FixtureError(path, where, first["msg"]) from exc


def read_bundle(paths: list[Path], *, expected_sections: set[str] | None = None) -> Bundle:
    """Parse every file, then check keys across files. Raises FixtureError.

    ``expected_sections`` lets a partial check accept questions whose section
    file is not part of this read (used by ``check_fixture --partial``).
    """
    bundle = Bundle()
    parsed = [(p, parse_file(p)) for p in paths]
    for path, data in parsed:
        if data.exam:
            if bundle.exam and bundle.exam.key != data.exam.key:
                raise FixtureError(path, "exam", "a second exam table; only one is supported")
            bundle.exam = data.exam
    if bundle.exam is None:
        raise FixtureError(paths[0] if paths else "fixtures", "exam", "no exam table given")
    _check_exam_keys(bundle, paths)
    for path, data in parsed:
        if data.section:
            _add_section(bundle, path, data.section)
            bundle.section_notes[data.section.key] = list(data.notes)
    seen: dict[str, str] = {}
    for path, data in parsed:
        default_section = data.section.key if data.section else None
        for i, q in enumerate(data.questions):
            where = f"questions.{i} (question {q.key})"
            if q.key in seen:
                raise FixtureError(path, where, f"duplicate key, first in {seen[q.key]}")
            seen[q.key] = str(path)
            if q.section is None:
                if default_section is None:
                    raise FixtureError(path, where, "no section: set `section` on the question")
                q.section = default_section
            if q.section not in bundle.sections and q.section not in (expected_sections or ()):
                raise FixtureError(path, where, f"unknown section {q.section!r}")
            if q.content not in bundle.content_keys:
                raise FixtureError(path, where, f"unknown content {q.content!r}")
            if q.section in bundle.sections and (
                    bundle.subject_of_theme(bundle.sections[q.section].theme)
                    != bundle.subject_of_content(q.content)):
                raise FixtureError(path, where, other_subject(q.content, q.section))
            bundle.questions.append(q)
    _check_guide_numbers(bundle)
    return bundle


def _check_exam_keys(bundle: Bundle, paths: list[Path]) -> None:
    seen: set[str] = set()
    assert bundle.exam
    for s in bundle.exam.subjects:
        for key in [s.key] + [t.key for t in s.themes] + [
            c.key for t in s.themes for c in t.contents
        ]:
            if key in seen:
                raise FixtureError("exam table", key, "duplicate key")
            seen.add(key)


def _add_section(bundle: Bundle, path: Path, section: SectionSpec) -> None:
    if section.key in bundle.sections:
        raise FixtureError(path, "section.key", f"duplicate section {section.key!r}")
    if section.theme not in bundle.theme_keys:
        raise FixtureError(path, "section.theme", f"unknown theme {section.theme!r}")
    part_keys: set[str] = set()
    for i, part in enumerate(section.parts):
        if part.key in part_keys:
            raise FixtureError(path, f"section.parts.{i}", f"duplicate part key {part.key!r}")
        part_keys.add(part.key)
        for c in part.contents:
            if c not in bundle.content_keys:
                raise FixtureError(path, f"section.parts.{i}.contents", f"unknown content {c!r}")
    bundle.sections[section.key] = section
    bundle.origin_of[section.key] = str(path)


def _check_guide_numbers(bundle: Bundle) -> None:
    seen: dict[tuple[str, int], str] = {}
    for q in bundle.questions:
        if q.origin != "guide":
            continue
        assert q.section and q.number
        pair = (q.section, q.number)
        if pair in seen:
            raise FixtureError(
                bundle.origin_of.get(q.section, "fixtures"),
                f"question {q.key}",
                f"guide number {q.number} in {q.section} already used by {seen[pair]}",
            )
        seen[pair] = q.key
