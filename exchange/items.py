"""What every format reads into and writes from: one plain question, or why one is refused."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape

import nh3
from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _


class Format(TextChoices):
    GIFT = "gift", "GIFT"
    MOODLE_XML = "xml", "Moodle XML"
    AIKEN = "aiken", "Aiken"


EXTENSIONS = {Format.GIFT: "gift.txt", Format.MOODLE_XML: "xml", Format.AIKEN: "aiken.txt"}


@dataclass
class Option:
    text: str
    correct: bool
    feedback: str = ""  # per-answer feedback ↔ the option's rationale


@dataclass
class Item:
    """One question as a file holds it. ``error`` set: refused, with the reason."""

    number: int  # its place in the file, from 1
    name: str = ""  # the key, where the format has a name
    category: list[str] = field(default_factory=list)  # subject / theme / content
    stem: str = ""
    options: list[Option] = field(default_factory=list)
    explanation: str = ""  # general feedback
    tags: list[str] = field(default_factory=list)  # topics (Moodle XML only)
    error: str = ""

    @property
    def title(self) -> str:
        return self.name or (self.stem[:40] if self.stem else f"#{self.number}")


def unsupported(kind: str) -> str:
    return str(_("Type not supported here: %(kind)s. Only single-answer multiple choice "
                 "with four options is.") % {"kind": kind})


KINDS = {  # Moodle's type names, as the editor knows them
    "truefalse": _("true/false"), "shortanswer": _("short answer"),
    "numerical": _("numeric"), "matching": _("matching"), "essay": _("essay"),
    "multiresponse": _("multiple response (several correct answers)"),
    "description": _("description (no question)"), "multianswer": _("embedded answers (cloze)"),
    "calculated": _("calculated"), "ddwtos": _("drag and drop"), "gapselect": _("select "
                                                                                 "missing words"),
}


def kind_name(kind: str) -> str:
    return str(KINDS.get(kind, kind))


def html_to_text(html: str) -> str:
    """Moodle's HTML text (its editor's default) as the plain text this platform stores:
    paragraphs and breaks become line breaks, every tag goes, entities are decoded."""
    text = re.sub(r"(?i)<br\s*/?>|</p\s*>|</div\s*>|</li\s*>", "\n", html)
    text = unescape(nh3.clean(text, tags=set()))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(line.strip() for line in text.splitlines())
                  ).strip()


def split_category(path: str) -> list[str]:
    """A Moodle category path: '/' separates, '//' is a slash inside a name; $course$,
    $system$, $module$ and top are Moodle's own roots."""
    parts = [p.replace("\x00", "/").strip()
             for p in path.replace("//", "\x00").split("/")]
    return [p for p in parts if p and p not in {"$course$", "$system$", "$module$",
                                                "$cat1$", "top", "Default", "預設"}]


def join_category(parts: list[str]) -> str:
    return "$course$/top/" + "/".join(p.replace("/", "//") for p in parts)
