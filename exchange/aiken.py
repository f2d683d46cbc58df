"""Aiken, as Moodle documents it (docs.moodle.org, "Aiken format"): the question's text, then
one option a line (``A. text`` or ``A) text``), then ``ANSWER: B``. No names, categories or
feedback: an import takes its evaluation content from the form, and rationales stay to write.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from exchange.items import Item, Option

OPTION = re.compile(r"^([A-Z])[.)]\s+(.*)$")
ANSWER = re.compile(r"^ANSWER:\s*([A-Z])\s*$")


def parse(text: str) -> list[Item]:
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    items: list[Item] = []
    stem: list[str] = []
    letters: list[str] = []
    item = Item(number=1)

    def finish(error: str = "") -> None:
        nonlocal item, stem, letters
        item.stem = "\n".join(stem).strip()
        item.error = error or item.error
        items.append(item)
        item, stem, letters = Item(number=len(items) + 1), [], []

    for line in text.split("\n"):
        if not line.strip() and not stem:
            continue
        if m := ANSWER.match(line.strip()):
            if m[1] not in letters:
                finish(_("ANSWER: %(letter)s is not one of its options.") % {"letter": m[1]})
                continue
            for letter, option in zip(letters, item.options, strict=True):
                option.correct = letter == m[1]
            finish("" if item.options else _("No options before ANSWER."))
        elif (m := OPTION.match(line.strip())) and stem:
            letters.append(m[1])
            item.options.append(Option(m[2].strip(), False))
        elif item.options:  # text after the options: the question never got its ANSWER line
            finish(_("Options must be followed by an “ANSWER:” line."))
            stem.append(line)
        else:
            stem.append(line)
    if stem or item.options:
        finish(_("The last question has no “ANSWER:” line."))
    return items


def dump(items: list[Item]) -> str:
    out = []
    for item in items:
        out.append(item.stem)
        out += [f"{chr(65 + i)}. {o.text}" for i, o in enumerate(item.options)]
        key = next(i for i, o in enumerate(item.options) if o.correct)
        out += [f"ANSWER: {chr(65 + key)}", ""]
    return "\n".join(out)
