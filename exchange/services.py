"""Questions in and out of the bank (admins) and of a class's private questions
(instructors), as GIFT, Moodle XML or Aiken.

An import is read twice: once for the preview (nothing written) and once when confirmed,
from the same text, through the same checks; it writes everything or nothing. Every question
goes through the fixture schema (``content.schema.QuestionSpec``, the options rule of
``core.choices``) and the bank's rules (``content.rules``) before anything is written.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pydantic import ValidationError

from classes.models import Klass
from classes.services import private_questions, save_private_question
from content.loader import LoadReport
from content.models import Content, Section
from content.rules import TO_WRITE, Opt, warnings_for
from content.schema import KEY_RE, QuestionSpec
from core.choices import LABELS, ChoiceProblem, OptionIn, validate_choices
from core.errors import Refused
from exchange import aiken, gift, moodle_xml
from exchange.items import Format, Item, Option
from quizzes.loader import write_questions
from quizzes.models import Origin, Pool, Question

READERS = {Format.GIFT: gift.parse, Format.MOODLE_XML: moodle_xml.parse,
           Format.AIKEN: aiken.parse}
WRITERS = {Format.GIFT: gift.dump, Format.MOODLE_XML: moodle_xml.dump, Format.AIKEN: aiken.dump}


class ImportRefused(Refused):
    status = 400


@dataclass
class Row:
    item: Item
    key: str = ""
    content: Content | None = None
    update: bool = False
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    spec: QuestionSpec | None = None
    complete: bool = True  # every rationale and the explanation came with the file


@dataclass
class Preview:
    format: str
    rows: list[Row] = field(default_factory=list)
    file_error: str = ""

    @property
    def ok(self) -> bool:
        return not self.file_error and bool(self.rows) and not any(r.errors for r in self.rows)

    @property
    def error_count(self) -> int:
        return sum(bool(r.errors) for r in self.rows)


CHOICE_MESSAGES = {
    ChoiceProblem.LABELS: gettext_lazy("A question needs exactly four options (this one has "
                                       "%(n)d)."),
    ChoiceProblem.ONE_CORRECT: gettext_lazy("Exactly one option must be right."),
    ChoiceProblem.EMPTY_TEXT: gettext_lazy("An option has no text."),
    ChoiceProblem.SAME_TEXT: gettext_lazy("Two options have the same text."),
}


# ---- export ----------------------------------------------------------------------------


def bank_for_export() -> QuerySet[Question]:
    """The public bank only: reserved and private questions never leave through here."""
    return _exportable(Question.objects.filter(pool=Pool.PUBLIC))


def _exportable(qs: QuerySet[Question]) -> QuerySet[Question]:
    return (qs.select_related("content__theme__subject", "section")
            .prefetch_related("choices")
            .order_by("content__theme__subject__order", "content__theme__order",
                      "content__order", "key"))


def as_item(q: Question, number: int) -> Item:
    subject = q.content.theme.subject
    choices = sorted(q.choices.all(), key=lambda c: c.label)
    return Item(number=number, name=q.key, stem=q.stem, explanation=q.explanation,
                category=[f"{subject.code} {subject.name}", q.content.theme.name,
                          q.content.name],
                options=[Option(c.text, c.is_correct, c.rationale) for c in choices],
                tags=list(q.topics))


def export_text(questions: QuerySet[Question], fmt: str) -> str:
    return WRITERS[Format(fmt)]([as_item(q, i) for i, q in enumerate(questions, 1)])


def export_class(klass: Klass, fmt: str) -> str:
    return export_text(_exportable(private_questions(klass)), fmt)


# ---- import ----------------------------------------------------------------------------


def preview(text: str, fmt: str, *, klass: Klass | None = None,
            default_content: Content | None = None) -> Preview:
    """Read and check every question; write nothing."""
    out = Preview(format=fmt)
    try:
        items = READERS[Format(fmt)](text)
    except moodle_xml.FileError as e:
        out.file_error = str(e)
        return out
    if not items:
        out.file_error = _("No questions found in this file: is it in the format chosen?")
        return out
    contents = list(Content.objects.select_related("theme__subject"))
    sections = _first_sections()
    own = set(private_questions(klass).values_list("key", flat=True)) if klass else set()
    seen: set[str] = set()
    rows = [_check(item, contents=contents, default=default_content, own=own, klass=klass,
                   sections=sections, seen=seen) for item in items]
    _against_the_bank(rows, klass)
    out.rows = rows
    return out


def _first_sections() -> dict[int, Section]:
    """A new question's section: the first of its theme's (as an instructor's question)."""
    out: dict[int, Section] = {}
    for s in Section.objects.order_by("order"):
        out.setdefault(s.theme_id, s)
    return out


def _content_for(item: Item, contents: list[Content], default: Content | None) -> Content | None:
    if item.category:
        last = item.category[-1]
        for c in contents:
            if last in (c.key, c.name):
                return c
    return default


def _key_for(item: Item, klass: Klass | None, own: set[str]) -> tuple[str, bool]:
    """The question's key, kept from the file's name where the format has one."""
    name = item.name.strip()
    if klass is not None:
        return (name, True) if name in own else ("", False)
    if name and re.fullmatch(KEY_RE, name) and len(name) <= 64:
        return name, True
    digest = hashlib.sha1(item.stem.encode()).hexdigest()[:10]
    return f"imp-{digest}", False


def _check(item: Item, *, contents, default, own, klass, sections, seen) -> Row:
    row = Row(item=item)
    if item.error:
        row.errors.append(item.error)
        return row
    row.content = _content_for(item, contents, default)
    if row.content is None:
        where = " / ".join(item.category) or _("none")
        row.errors.append(_("No evaluation content: the category (%(where)s) names none of "
                            "the exam's, and none was chosen in the form.") % {"where": where})
    row.key, named = _key_for(item, klass, own)
    if item.name and not named and klass is None:
        row.warnings.append(_("The name “%(name)s” is not a key (lower-case letters, digits, "
                              "dots, hyphens): it will be saved as %(key)s.")
                            % {"name": item.name, "key": row.key})
    if row.key and row.key in seen:
        row.errors.append(_("The key %(key)s appears twice in this file.") % {"key": row.key})
    seen.add(row.key)
    options = [OptionIn(label, o.text.strip(), o.correct, o.feedback)
               for label, o in zip(LABELS, item.options, strict=False)]
    problems = validate_choices(options)
    if len(item.options) != len(LABELS) and ChoiceProblem.LABELS not in problems:
        problems.insert(0, ChoiceProblem.LABELS)
    for problem in problems:
        if problem == ChoiceProblem.NO_RATIONALE:
            continue  # a warning below: written inactive until the rationales are written
        row.errors.append(str(CHOICE_MESSAGES[problem]) % {"n": len(item.options)}
                          if problem == ChoiceProblem.LABELS else str(CHOICE_MESSAGES[problem]))
    row.warnings += warnings_for(item.stem, [Opt(o.text, o.correct, o.feedback)
                                             for o in item.options], item.explanation)
    if not item.explanation.strip():
        row.warnings.append(_("No general feedback: the explanation is left to write."))
    row.complete = bool(item.explanation.strip()) and all(o.feedback.strip()
                                                          for o in item.options)
    if not row.complete:
        row.warnings.append(_("Saved inactive (never served) until its rationales and "
                              "explanation are written."))
    if row.errors or row.content is None:
        return row
    section = sections.get(row.content.theme_id)
    if section is None:
        row.errors.append(_("This evaluation content has no study section yet."))
        return row
    try:
        row.spec = QuestionSpec.model_validate({
            "key": row.key or "p-new", "origin": "authored", "section": section.key,
            "content": row.content.key, "stem": item.stem,
            "explanation": item.explanation.strip() or TO_WRITE, "topics": item.tags,
            "answer": next(o.label for o in options if o.is_correct),
            "choices": [{"label": o.label, "text": o.text,
                         "rationale": o.rationale.strip() or TO_WRITE} for o in options]})
    except ValidationError as e:
        row.errors += [f"{'.'.join(map(str, err['loc']))}: {err['msg']}" for err in e.errors()]
    return row


def _against_the_bank(rows: list[Row], klass: Klass | None) -> None:
    """What the import would change: an update of a bank question keeps its pool, its origin
    and (for the guide's) its number; a key of another pool is refused."""
    keys = [r.key for r in rows if r.key]
    if klass is not None:
        for r in rows:
            r.update = bool(r.key)
        return
    found = {q.key: q for q in Question.objects.filter(key__in=keys).select_related("section")}
    for r in rows:
        q = found.get(r.key)
        if q is None:
            continue
        r.update = True
        if q.pool != Pool.PUBLIC:
            r.errors.append(_("The key %(key)s belongs to a secure question; a bank import "
                              "cannot change it.") % {"key": r.key})
        elif r.spec is not None and q.origin == Origin.GUIDE:
            r.spec = r.spec.model_copy(update={"origin": "guide", "number": q.number,
                                               "section": q.section.key})


@transaction.atomic
def confirm(text: str, fmt: str, *, klass: Klass | None = None,
            default_content: Content | None = None) -> Preview:
    """Read the text again, check it all again, and write every question or none."""
    result = preview(text, fmt, klass=klass, default_content=default_content)
    if not result.ok:
        raise ImportRefused(_("Nothing was imported: the file has errors (see the preview)."))
    if klass is None:
        _write_bank(result.rows)
    else:
        _write_private(result.rows, klass)
    return result


def _write_bank(rows: list[Row]) -> None:
    specs = [r.spec for r in rows if r.spec]
    sections = {s.key: s for s in Section.objects.filter(key__in={s.section for s in specs})}
    contents = {c.key: c for c in Content.objects.filter(key__in={s.content for s in specs})}
    write_questions(specs, sections=sections, contents=contents, pool=Pool.PUBLIC,
                    report=LoadReport())
    for r in rows:
        Question.objects.filter(key=r.key).update(is_active=r.complete)


def _write_private(rows: list[Row], klass: Klass) -> None:
    existing = {q.key: q for q in private_questions(klass)}
    for r in rows:
        spec = r.spec
        assert spec is not None and r.content is not None
        q = save_private_question(
            klass=klass, content=r.content, stem=spec.stem, explanation=spec.explanation,
            options=[OptionIn(c.label, c.text, c.label == spec.answer, c.rationale)
                     for c in spec.choices],
            question=existing.get(r.key))
        Question.objects.filter(pk=q.pk).update(is_active=r.complete)
