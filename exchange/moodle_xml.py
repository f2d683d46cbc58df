"""Moodle XML, as Moodle documents it (docs.moodle.org, "Moodle XML format"): ``<quiz>`` of
``<question type="…">``; a ``type="category"`` entry sets the category of those after it;
a ``multichoice`` has ``<name>``, ``<questiontext>``, ``<generalfeedback>``, ``<single>``
and ``<answer fraction="100|0">`` each with its ``<feedback>``; ``<tags>`` carry topics.
Read with defusedxml (no entity expansion, no external entities)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException
from django.utils.translation import gettext as _

from exchange.items import (
    Item,
    Option,
    html_to_text,
    join_category,
    kind_name,
    split_category,
    unsupported,
)


class FileError(ValueError):
    """The file as a whole cannot be read."""


def _text(el: ET.Element | None, path: str = "text") -> str:
    if el is None:
        return ""
    found = el.find(path)
    text = (found.text or "").strip() if found is not None else ""
    return html_to_text(text) if el.get("format") == "html" else text


def parse(data: str) -> list[Item]:
    try:
        root = SafeET.fromstring(data.lstrip("\ufeff").encode())
    except (ET.ParseError, DefusedXmlException) as e:
        raise FileError(_("Not a readable Moodle XML file: %(why)s") % {"why": e}) from e
    if root.tag != "quiz":
        raise FileError(_("Not a Moodle XML file: its root is <%(tag)s>, not <quiz>.")
                        % {"tag": root.tag})
    items: list[Item] = []
    category: list[str] = []
    for q in root.findall("question"):
        kind = q.get("type", "")
        if kind == "category":
            category = split_category(_text(q.find("category")))
            continue
        item = Item(number=len(items) + 1, category=list(category),
                    name=_text(q.find("name")), stem=_text(q.find("questiontext")),
                    explanation=_text(q.find("generalfeedback")),
                    tags=[t.text.strip() for t in q.findall("tags/tag/text") if t.text])
        items.append(item)
        if kind != "multichoice":
            item.error = unsupported(kind_name(kind or "?"))
            continue
        if _text(q, "single").lower() in {"false", "0"}:
            item.error = unsupported(kind_name("multiresponse"))
            continue
        for a in q.findall("answer"):
            try:
                fraction = float(a.get("fraction", "0"))
            except ValueError:
                fraction = -1.0
            if 0 < fraction < 100:
                item.error = unsupported(kind_name("multiresponse"))
            item.options.append(Option(_text(a), fraction >= 100, _text(a.find("feedback"))))
        if not item.stem and not item.error:
            item.error = _("The question has no text.")
    return items


def _sub(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, attrs)
    ET.SubElement(el, "text").text = text
    return el


def dump(items: list[Item]) -> str:
    root = ET.Element("quiz")
    category = None
    for item in items:
        if item.category and item.category != category:
            category = item.category
            c = ET.SubElement(root, "question", {"type": "category"})
            _sub(c, "category", join_category(item.category))
        q = ET.SubElement(root, "question", {"type": "multichoice"})
        _sub(q, "name", item.name)
        _sub(q, "questiontext", item.stem, format="markdown")
        _sub(q, "generalfeedback", item.explanation, format="markdown")
        ET.SubElement(q, "idnumber").text = item.name
        for tag, value in (("defaultgrade", "1"), ("penalty", "0"), ("hidden", "0"),
                           ("single", "true"), ("shuffleanswers", "true"),
                           ("answernumbering", "ABCD")):
            ET.SubElement(q, tag).text = value
        for o in item.options:
            a = _sub(q, "answer", o.text, fraction="100" if o.correct else "0",
                     format="markdown")
            _sub(a, "feedback", o.feedback, format="markdown")
        if item.tags:
            tags = ET.SubElement(q, "tags")
            for t in item.tags:
                _sub(tags, "tag", t)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"
