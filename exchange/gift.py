"""GIFT, as Moodle documents it (docs.moodle.org, "GIFT format"; qformat_gift):

- questions are separated by a blank line; lines starting with ``//`` are comments;
- ``$CATEGORY: path`` sets the category of the questions after it;
- ``::name::`` names a question, ``[markdown]`` (``[html]``, ``[plain]``, ``[moodle]``) gives
  its text format, the answers sit in ``{…}``: ``=right``, ``~wrong``, ``#feedback`` after an
  answer, ``####general feedback`` last, ``%50%`` a weight;
- ``~ = # { } :`` inside text are escaped with ``\\``, and ``\\n`` is a line break.

Only single-answer multiple choice is taken; every other type (``{T}``, ``{#1:2}``,
``{=a->b}``, ``{}``, only ``=`` answers, several weighted right answers) is refused with its
name.
"""

from __future__ import annotations

import re

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

SPECIAL = "~=#{}:"


def escape(text: str) -> str:
    text = text.replace("\\", "\\\\")
    for ch in SPECIAL:
        text = text.replace(ch, "\\" + ch)
    return text.replace("\r\n", "\n").replace("\n", "\\n")


def unescape(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            out.append("\n" if nxt == "n" else nxt)
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out).strip()


def _unescaped(text: str, chars: str) -> list[int]:
    """Positions of ``chars`` not preceded by an escaping backslash."""
    found, i = [], 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] in chars:
            found.append(i)
        i += 1
    return found


def blocks(text: str) -> list[str]:
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = [ln for ln in text.split("\n") if not ln.lstrip().startswith("//")]
    out, current = [], []
    for line in lines:
        if line.strip():
            current.append(line)
        elif current:
            out.append("\n".join(current))
            current = []
    if current:
        out.append("\n".join(current))
    return out


def parse(text: str) -> list[Item]:
    items: list[Item] = []
    category: list[str] = []
    for block in blocks(text):
        head = block.lstrip()
        if head.startswith("$CATEGORY:"):
            first, _sep, rest = head.partition("\n")
            category = split_category(first[len("$CATEGORY:"):].strip())
            if not rest.strip():
                continue
            block = rest
        item = Item(number=len(items) + 1, category=list(category))
        try:
            _parse_question(block.strip(), item)
        except ValueError as e:
            item.error = str(e)
        items.append(item)
    return items


def _parse_question(block: str, item: Item) -> None:
    if block.startswith("::"):
        end = block.find("::", 2)
        if end < 0:
            raise ValueError(_("The question's name is not closed with “::”."))
        item.name = unescape(block[2:end])
        block = block[end + 2:].lstrip()
    html = False
    if m := re.match(r"\[(markdown|html|plain|moodle)\]", block):
        block, html = block[m.end():], m[1] == "html"
    opens = _unescaped(block, "{")
    closes = _unescaped(block, "}")
    if not opens or not closes or closes[-1] < opens[0]:
        raise ValueError(_("No answers: a GIFT question needs its answers in { }."))
    start, end = opens[0], next(c for c in closes if c > opens[0])
    before, answers, after = block[:start], block[start + 1:end], block[end + 1:]
    # the missing-word form: answers inside the sentence leave a blank where they stood
    item.stem = unescape(before.rstrip() + " _____ " + after.lstrip()) if after.strip() \
        else unescape(before)
    if not item.stem:
        raise ValueError(_("The question has no text."))
    answers = answers.strip()
    general = [p for p in _find_all(answers, "####")]
    if general:
        item.explanation = unescape(answers[general[0] + 4:])
        answers = answers[:general[0]].strip()
    kind = _kind(answers)
    if kind:
        raise ValueError(unsupported(kind_name(kind)))
    marks = _unescaped(answers, "~=")
    if not marks or marks[0] != len(answers) - len(answers.lstrip()):
        raise ValueError(_("Answers must start with “=” (right) or “~” (wrong)."))
    pieces = [answers[a:b] for a, b in zip(marks, [*marks[1:], len(answers)], strict=True)]
    for piece in pieces:
        right = piece[0] == "="
        body = piece[1:]
        weight = None
        if m := re.match(r"\s*%(-?\d+(?:\.\d+)?)%", body):
            weight, body = float(m[1]), body[m.end():]
        hashes = _unescaped(body, "#")
        text, feedback = (body[:hashes[0]], body[hashes[0] + 1:]) if hashes else (body, "")
        if weight is not None:
            if 0 < weight < 100:
                raise ValueError(unsupported(kind_name("multiresponse")))
            right = weight >= 100
        item.options.append(Option(unescape(text), right, unescape(feedback)))
    if not any(not o.correct for o in item.options):
        raise ValueError(unsupported(kind_name("shortanswer")))
    if sum(o.correct for o in item.options) > 1:
        raise ValueError(unsupported(kind_name("multiresponse")))
    if html:  # [html]: Moodle's editor text, stored here as plain text
        item.stem, item.explanation = html_to_text(item.stem), html_to_text(item.explanation)
        for o in item.options:
            o.text, o.feedback = html_to_text(o.text), html_to_text(o.feedback)


def _find_all(text: str, needle: str) -> list[int]:
    return [i for i in _unescaped(text, needle[0]) if text.startswith(needle, i)]


def _kind(answers: str) -> str:
    if not answers:
        return "essay"
    if re.fullmatch(r"(T|F|TRUE|FALSE)\s*(#.*)?", answers, flags=re.S):
        return "truefalse"
    if answers.startswith("#"):
        return "numerical"
    if "->" in answers:
        return "matching"
    return ""


def dump(items: list[Item]) -> str:
    out, category = ["// iPAS question bank: GIFT (Moodle)", ""], None
    for item in items:
        if item.category and item.category != category:
            category = item.category
            out += [f"$CATEGORY: {join_category(item.category)}", ""]
        answers = "".join(
            f"\n\t{'=' if o.correct else '~'}{escape(o.text)}"
            + (f"#{escape(o.feedback)}" if o.feedback else "") for o in item.options)
        general = f"\n\t####{escape(item.explanation)}" if item.explanation else ""
        name = f"::{escape(item.name)}::" if item.name else ""
        out += [f"{name}[markdown]{escape(item.stem)} {{{answers}{general}\n}}", ""]
    return "\n".join(out)
